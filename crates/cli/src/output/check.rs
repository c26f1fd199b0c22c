use std::io;

use super::Printer;
use proofpack_core::case::Numbers;
use proofpack_core::checks::{Checklist, NextStep, Requirement, Status, Warning};
use proofpack_core::Category;

/// `nums` names the items each requirement rests on, as the pack numbers them.
pub fn checklist(p: &mut Printer, c: &Checklist, nums: &Numbers) -> io::Result<()> {
    for cat in [
        Category::Purchase,
        Category::NonDelivery,
        Category::Communication,
    ] {
        let title = p.text(cat.label());
        writeln!(p.out, "{title}")?;
        for r in c.requirements.iter().filter(|r| r.category == cat) {
            requirement(p, r, nums)?;
        }
    }
    check_warnings(p, &c.warnings)?;
    check_windows(p, c)?;
    let verdict = if c.ready {
        p.tr(
            "READY: every required piece of evidence is there",
            "已齐备：所需证据都已具备",
        )
    } else {
        p.tr(
            "NOT READY: fill the gaps marked ✗ and ~",
            "尚未齐备：请补齐标 ✗ 和 ~ 的项目",
        )
    };
    writeln!(p.out, "\n{verdict}")?;
    Ok(())
}

fn requirement(p: &mut Printer, r: &Requirement, nums: &Numbers) -> io::Result<()> {
    let (mark, word) = match r.status {
        Status::Satisfied => ("✓", p.tr("satisfied", "已满足")),
        Status::Weak => ("~", p.tr("weak", "不充分")),
        Status::Missing => ("✗", p.tr("missing", "缺失")),
    };
    let title = if p.zh { &r.title_zh } else { &r.title };
    let items = if r.items.is_empty() {
        String::new()
    } else {
        let (en, zh) = nums.list(&r.items);
        format!(" [{}]", p.tr(&en, &zh))
    };
    writeln!(p.out, "  {mark} {title} — {word}{items}  ({})", r.id)?;
    let guidance = if p.zh { &r.guidance_zh } else { &r.guidance };
    if !guidance.is_empty() {
        writeln!(p.out, "      → {guidance}")?;
    }
    let next: Vec<String> = r.next.iter().flat_map(|n| commands(p, n)).collect();
    for command in next {
        writeln!(p.out, "        $ {command}")?;
    }
    Ok(())
}

/// The step the guidance describes, as the commands that take it.
fn commands(p: &Printer, next: &NextStep) -> Vec<String> {
    match next {
        NextStep::ConfirmCategory { items, category } => items
            .iter()
            .map(|id| format!("proofpack categorize {id} {}", category.as_str()))
            .collect(),
        NextStep::ConfirmBillRows { items } => items
            .iter()
            .flat_map(|id| {
                [
                    format!("proofpack show {id}"),
                    format!("proofpack confirm-rows {id} {}", p.tr("ROW...", "行号...")),
                ]
            })
            .collect(),
        NextStep::EditCase => vec![p
            .tr(
                "proofpack case edit CASE --order NO --amount N --paid-at DATE",
                "proofpack case edit 案件 --order 订单号 --amount 金额 --paid-at 日期",
            )
            .to_string()],
    }
}

fn check_warnings(p: &mut Printer, warnings: &[Warning]) -> io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(p.out, "\n{}", p.tr("Warnings", "提醒"))?;
    for w in warnings {
        let msg = if p.zh { &w.message_zh } else { &w.message };
        writeln!(p.out, "  ! {msg}  ({})", w.id)?;
    }
    Ok(())
}

fn check_windows(p: &mut Printer, c: &Checklist) -> io::Result<()> {
    writeln!(p.out, "\n{:<28} {}", p.tr("Today", "今天"), c.today)?;
    let cooling = c
        .cooling_off
        .as_ref()
        .map(|w| format!("{} .. {}", w.from, w.to));
    let unknown = p.tr(
        "- (set the paid-at date or confirm the bill row)",
        "-（请填写支付时间或确认账单行）",
    );
    writeln!(
        p.out,
        "{:<28} {}",
        p.tr("Cooling-off period (7-15 d)", "冷静期（7-15 天）"),
        cooling.as_deref().unwrap_or(unknown)
    )?;
    writeln!(
        p.out,
        "{:<28} {}",
        p.tr("12315 complaint deadline", "12315 投诉截止"),
        c.complaint_deadline_12315.as_deref().unwrap_or(unknown)
    )?;
    Ok(())
}
