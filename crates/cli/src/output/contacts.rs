use std::io;

use super::{or_dash, pad, Printer};
use proofpack_core::{Contact, ContactLog, DueState};

pub fn contact_logged(p: &mut Printer, c: &Contact) -> io::Result<()> {
    writeln!(
        p.out,
        "{} {}: {}, {}",
        p.tr("Logged contact", "已记录联系"),
        c.id,
        step_and_channel(p, c),
        c.date
    )?;
    writeln!(
        p.out,
        "{} {} · {} {} · {}",
        p.tr("review due", "审核期限"),
        or_dash(&c.review_due),
        p.tr("refund due", "到账期限"),
        or_dash(&c.refund_due),
        state_word(p, c.state)
    )?;
    if c.ticket.is_none() && c.items.is_empty() {
        writeln!(p.out, "! {}", p.tr(
            "no ticket number and no linked item: keep a written trace of each step (--ticket, --item)",
            "没有工单号也没有关联证据：每一步维权都应留下书面记录（--ticket、--item）",
        ))?;
    }
    Ok(())
}

pub fn contacts(p: &mut Printer, log: &ContactLog) -> io::Result<()> {
    if log.contacts.is_empty() {
        writeln!(p.out, "{}", p.tr(
            "No contacts logged yet. Log one: proofpack contact add CASE --step platform_support --channel CHANNEL --date YYYY-MM-DD",
            "还没有联系记录。记录：proofpack contact add 案件 --step platform_support --channel 渠道 --date 日期",
        ))?;
    } else {
        contact_table(p, &log.contacts)?;
    }
    if !log.warnings.is_empty() {
        writeln!(p.out, "\n{}", p.tr("Warnings", "提醒"))?;
        for w in &log.warnings {
            let msg = if p.zh { &w.message_zh } else { &w.message };
            writeln!(p.out, "  ! {msg}  ({})", w.id)?;
        }
    }
    writeln!(p.out, "\n{}{}", p.tr("Today: ", "今天："), log.today)?;
    let note = if p.zh {
        &log.holidays_note_zh
    } else {
        &log.holidays_note
    };
    writeln!(p.out, "{}{note}", p.tr("Note: ", "注意："))?;
    Ok(())
}

fn contact_table(p: &mut Printer, contacts: &[Contact]) -> io::Result<()> {
    writeln!(
        p.out,
        "{:>4}  {}  {}  {}  {}  {}  {}",
        "ID",
        pad(p.tr("DATE", "日期"), 10),
        pad(p.tr("STATE", "状态"), 8),
        pad(p.tr("REVIEW DUE", "审核期限"), 10),
        pad(p.tr("REFUND DUE", "到账期限"), 10),
        pad(p.tr("TICKET", "工单号"), 14),
        p.tr("STEP · CHANNEL", "步骤 · 渠道")
    )?;
    for c in contacts {
        writeln!(
            p.out,
            "{:>4}  {:<10}  {}  {:<10}  {:<10}  {}  {}",
            c.id,
            c.date,
            pad(state_word(p, c.state), 8),
            or_dash(&c.review_due),
            or_dash(&c.refund_due),
            pad(or_dash(&c.ticket), 14),
            step_and_channel(p, c)
        )?;
        if let Some(o) = &c.outcome {
            writeln!(p.out, "{:>6}{}{o}", "", p.tr("outcome: ", "结果："))?;
        }
        if !c.items.is_empty() {
            let ids: Vec<String> = c.items.iter().map(i64::to_string).collect();
            writeln!(
                p.out,
                "{:>6}{}{}",
                "",
                p.tr("items: ", "证据："),
                ids.join(", ")
            )?;
        }
    }
    Ok(())
}

fn state_word(p: &Printer, s: DueState) -> &'static str {
    match s {
        DueState::Open => p.tr("open", "等待答复"),
        DueState::DueSoon => p.tr("due soon", "即将到期"),
        DueState::Overdue => p.tr("overdue", "已超期"),
        DueState::Closed => p.tr("closed", "已有结果"),
    }
}

fn step_and_channel(p: &Printer, c: &Contact) -> String {
    let step = p.text(c.step.label());
    format!("{step} · {}", c.channel)
}
