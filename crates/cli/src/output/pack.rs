use std::io;

use super::Printer;
use proofpack_core::pack::verify::BundleReport;
use proofpack_core::pack::ExportReport;

pub fn exported(p: &mut Printer, r: &ExportReport) -> io::Result<()> {
    writeln!(p.out, "{} {}", p.tr("Exported", "已导出"), r.path)?;
    writeln!(
        p.out,
        "{} {} · {} {} · {} {} · {} {}",
        r.files,
        p.tr("files", "个文件"),
        r.bytes,
        p.tr("bytes", "字节"),
        r.pages,
        p.tr("report pages", "页报告"),
        r.entries,
        p.tr("chain entries", "条证据链记录")
    )?;
    writeln!(p.out, "SHA-256 {}", r.sha256)?;
    writeln!(p.out, "{} {}", p.tr("checkpoint", "检查点"), r.checkpoint)?;
    writeln!(
        p.out,
        "{} #{}",
        p.tr("recorded in the chain as entry", "已记入证据链，记录"),
        r.recorded_seq
    )?;
    Ok(())
}

pub fn cancelled(p: &mut Printer) -> io::Result<()> {
    writeln!(
        p.err,
        "{}",
        p.tr(
            "Cancelled: no pack was written.",
            "已取消：没有写出任何证据包。"
        )
    )?;
    Ok(())
}

pub fn bundle_report(p: &mut Printer, r: &BundleReport) -> io::Result<()> {
    if let Some(t) = &r.case_title {
        writeln!(p.out, "{} {t}", p.tr("Case:", "案件："))?;
    }
    for problem in &r.problems {
        let message = p.tr(&problem.message, &problem.message_zh);
        writeln!(p.out, "✗ {message}")?;
    }
    let verdict = if r.ok {
        p.tr(
            "OK: the pack is complete and unchanged",
            "通过：证据包完整，未被修改",
        )
    } else {
        p.tr("FAILED: the pack does not verify", "失败：证据包未通过核验")
    };
    writeln!(
        p.out,
        "{verdict} ({} {}, {} {}, {} {})",
        r.files_checked,
        p.tr("files", "个文件"),
        r.items_checked,
        p.tr("originals", "个原件"),
        r.entries_checked,
        p.tr("chain entries", "条证据链记录")
    )?;
    if let Some(c) = &r.checkpoint {
        writeln!(p.out, "{} {c}", p.tr("checkpoint", "检查点"))?;
    }
    Ok(())
}
