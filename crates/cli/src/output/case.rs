use std::io;

use super::{or_dash, pad, Printer};
use proofpack_core::case::letter::{Letter, LetterDraft};
use proofpack_core::case::refund::Refund;
use proofpack_core::case::timeline::TimelineEvent;
use proofpack_core::case::Numbers;
use proofpack_core::{Case, CaseSummary};

pub fn case_created(p: &mut Printer, c: &Case) -> io::Result<()> {
    writeln!(
        p.out,
        "{} {}: {}",
        p.tr("Created case", "已创建案件"),
        c.id,
        c.fields.title
    )?;
    Ok(())
}

pub fn case_list(p: &mut Printer, cases: &[CaseSummary]) -> io::Result<()> {
    if cases.is_empty() {
        writeln!(
            p.out,
            "{}",
            p.tr(
                "No cases yet. Create one: proofpack case new TITLE",
                "还没有案件。新建：proofpack case new 标题"
            )
        )?;
        return Ok(());
    }
    writeln!(
        p.out,
        "{:>4}  {:<10}  {:>10}  {:>5}  {:<24}  {}",
        "ID",
        p.tr("AMOUNT", "金额"),
        p.tr("PLATFORM", "平台"),
        p.tr("ITEMS", "证据"),
        p.tr("UPDATED", "更新"),
        p.tr("TITLE", "标题")
    )?;
    for s in cases {
        let f = &s.case.fields;
        let amount = f
            .amount
            .as_ref()
            .map(|a| format!("{} {a}", f.currency))
            .unwrap_or("-".into());
        writeln!(
            p.out,
            "{:>4}  {:<10}  {:>10}  {:>5}  {:<24}  {}",
            s.case.id,
            amount,
            or_dash(&f.platform),
            s.item_count,
            s.case.updated_at,
            f.title
        )?;
    }
    Ok(())
}

pub fn case(p: &mut Printer, c: &Case) -> io::Result<()> {
    let f = &c.fields;
    let rows = [
        (p.tr("Case", "案件"), c.id.to_string()),
        (p.tr("Title", "标题"), f.title.clone()),
        (p.tr("Platform", "平台"), or_dash(&f.platform).into()),
        (p.tr("Product", "商品"), or_dash(&f.product).into()),
        (p.tr("Order no.", "订单号"), or_dash(&f.order_no).into()),
        (
            p.tr("Amount", "金额"),
            f.amount
                .as_ref()
                .map(|a| format!("{a} {}", f.currency))
                .unwrap_or("-".into()),
        ),
        (p.tr("Paid at", "支付时间"), or_dash(&f.paid_at).into()),
        (
            p.tr("Payment channel", "支付方式"),
            or_dash(&f.payment_channel).into(),
        ),
        (p.tr("Notes", "备注"), or_dash(&f.notes).into()),
        (p.tr("Created", "创建于"), c.created_at.clone()),
        (p.tr("Updated", "更新于"), c.updated_at.clone()),
    ];
    for (k, v) in rows {
        writeln!(p.out, "{k:<16} {v}")?;
    }
    Ok(())
}

pub fn timeline(p: &mut Printer, events: &[TimelineEvent], nums: &Numbers) -> io::Result<()> {
    for e in events {
        // A day alone has no clock time to have assumed a zone for.
        let (at, assumed) = match (e.date_only, e.offset_assumed) {
            (true, _) => (format!("{:<25}", e.at.get(..10).unwrap_or(&e.at)), ""),
            (false, true) => (e.at.clone(), p.tr(" (assumed)", "（推定）")),
            (false, false) => (e.at.clone(), ""),
        };
        let title = if p.zh { &e.title_zh } else { &e.title };
        let item = e.item_id.map(|i| {
            let (en, zh) = nums.list(&[i]);
            format!("  [{}]", p.tr(&en, &zh))
        });
        let item = item.unwrap_or_default();
        let kind = pad(p.text(e.kind.label()), 17);
        writeln!(p.out, "{at}{assumed}  {kind}  {title}{item}")?;
        if let Some(d) = &e.detail {
            writeln!(p.out, "{:>30}{}", "", d.replace('\n', " "))?;
        }
    }
    Ok(())
}

pub fn refund(p: &mut Printer, r: &Refund) -> io::Result<()> {
    writeln!(
        p.out,
        "{} ¥{}",
        p.tr("Refund to claim:", "可主张退款："),
        r.refund
    )?;
    writeln!(p.out, "{}", if p.zh { &r.rule_zh } else { &r.rule })?;
    Ok(())
}

pub fn letter(p: &mut Printer, l: &Letter, composed: bool) -> io::Result<()> {
    if let Some(d) = l.draft.as_ref().filter(|_| !composed) {
        write!(p.out, "{}", d.text)?;
        writeln!(
            p.err,
            "{} {} ({})",
            p.tr("Your edit saved at", "显示的是你保存的版本："),
            d.saved_at,
            p.tr(
                "--composed prints the letter composed now",
                "--composed 显示按当前案件生成的信件"
            )
        )?;
        if !l.stale.is_empty() {
            writeln!(
                p.err,
                "{}",
                p.tr(
                    "! The saved letter no longer matches the case:",
                    "! 保存的信件与案件已不一致："
                )
            )?;
            for n in &l.stale {
                writeln!(p.err, "  - {}", p.tr(&n.message, &n.message_zh))?;
            }
            writeln!(
                p.err,
                "{}",
                p.tr(
                    "  Export asks what to do: --stale-letter regenerate | keep",
                    "  导出时需要选择：--stale-letter regenerate（重新生成）| keep（保留原文）"
                )
            )?;
        }
        return Ok(());
    }
    write!(p.out, "{}", l.text)?;
    if !l.missing.is_empty() {
        writeln!(
            p.err,
            "{} {}",
            p.tr("To fill in before sending:", "发送前请补全："),
            l.missing.join(p.tr(", ", "、"))
        )?;
    }
    Ok(())
}

pub fn letter_saved(p: &mut Printer, d: &LetterDraft) -> io::Result<()> {
    writeln!(
        p.out,
        "{} {} ({} {})",
        p.tr("Saved the letter at", "已保存信件："),
        d.saved_at,
        d.text.chars().count(),
        p.tr("characters", "字")
    )?;
    Ok(())
}

pub fn demo(p: &mut Printer, c: &Case) -> io::Result<()> {
    writeln!(
        p.out,
        "{} {}: {}",
        p.tr("Created the sample case", "已创建示例案件"),
        c.id,
        c.fields.title
    )?;
    writeln!(
        p.out,
        "{} proofpack check {} · proofpack export {} --out .",
        p.tr("Try:", "试试："),
        c.id,
        c.id
    )?;
    Ok(())
}
