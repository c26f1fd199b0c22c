use std::io;

use super::{short, Printer};
use proofpack_core::ledger::verify::VerifyReport;
use proofpack_core::ledger::Action;
use proofpack_core::store::doctor::DoctorReport;
use proofpack_core::{Error, LedgerEntry};

/// An error: on stderr, its stable code first, so scripts can match on it.
pub fn error(p: &mut Printer, e: &Error) -> io::Result<()> {
    let msg = if p.zh { e.message_zh() } else { e.to_string() };
    writeln!(p.err, "{}[{}]: {msg}", p.tr("error", "错误"), e.code())
}

pub fn log(p: &mut Printer, entries: &[LedgerEntry]) -> io::Result<()> {
    for e in entries {
        // The stored name stays beside the label: it is what the chain, --json and a pack's
        // verify page show. An action a later version wrote has only its stored name.
        let action = match Action::parse(&e.action) {
            Some(a) => format!("{} ({})", p.text(a.label()), e.action),
            None => e.action.clone(),
        };
        writeln!(
            p.out,
            "{:>4}  {}  {}  {action}",
            e.seq,
            e.at,
            short(&e.hash)
        )?;
    }
    Ok(())
}

pub fn verify(p: &mut Printer, r: &VerifyReport) -> io::Result<()> {
    for problem in &r.problems {
        let message = p.tr(&problem.message, &problem.message_zh);
        writeln!(p.out, "✗ {message}")?;
    }
    for c in &r.cases {
        let mark = if c.ok { "✓" } else { "✗" };
        writeln!(
            p.out,
            "{mark} {} {}: {} {} · {} {}",
            p.tr("case", "案件"),
            c.case_id,
            c.entries,
            p.tr("entries", "条记录"),
            p.tr("checkpoint", "检查点"),
            short(&c.checkpoint)
        )?;
    }
    let verdict = if r.ok {
        p.tr("OK: evidence intact", "通过：证据完整未被改动")
    } else {
        p.tr("FAILED: evidence was changed", "失败：证据已被改动")
    };
    writeln!(
        p.out,
        "{verdict} ({} {}, {} {})",
        r.objects_checked,
        p.tr("files re-hashed", "个文件已重新计算哈希"),
        r.bytes_checked,
        p.tr("bytes", "字节")
    )?;
    Ok(())
}

pub fn doctor(p: &mut Printer, r: &DoctorReport) -> io::Result<()> {
    let ok = r.integrity == "ok";
    writeln!(
        p.out,
        "{} {}",
        if ok { "✓" } else { "✗" },
        p.tr("database integrity check: ", "数据库完整性检查：")
            .to_string()
            + &r.integrity
    )?;
    for l in &r.leftovers {
        let what = match l.kind.as_str() {
            "temp_file" => p.tr(
                "temp file of an interrupted import",
                "中断导入留下的临时文件",
            ),
            "orphan_object" => p.tr(
                "stored file without a record (orphan)",
                "没有记录的存储文件（孤立对象）",
            ),
            _ => p.tr("partial export", "未完成的导出"),
        };
        let action = l.action.as_deref().unwrap_or("");
        writeln!(p.out, "! {what}: {} ({} B) {action}", l.path, l.size)?;
    }
    for sha in &r.missing_objects {
        writeln!(
            p.out,
            "✗ {} {sha} ({})",
            p.tr("missing stored file", "缺失的存储文件"),
            p.tr(
                "run verify to see which items",
                "运行 verify 查看涉及的证据"
            )
        )?;
    }
    writeln!(
        p.out,
        "{}",
        if r.clean {
            p.tr("Clean.", "一切正常。")
        } else {
            p.tr(
                "Something is left: see above (--fix cleans leftovers).",
                "仍有问题：见上（--fix 可清理遗留文件）。",
            )
        }
    )?;
    Ok(())
}
