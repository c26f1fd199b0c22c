use std::io;

use super::{or_dash, pad, short, Printer};
use proofpack_core::extract::{Fact, FactKind};
use proofpack_core::ingest::analyze::{Body, Derived};
use proofpack_core::ingest::derived::{DatesRead, ItemDetails, RowMatch};
use proofpack_core::ingest::format::Format;
use proofpack_core::ingest::warning::ParseWarning;
use proofpack_core::ingest::ImportReport;
use proofpack_core::ocr::job::OcrOutcome;
use proofpack_core::CategorySource;
use proofpack_core::{Item, ItemStatus};

pub fn ocr_outcomes(p: &mut Printer, all: &[OcrOutcome]) -> io::Result<()> {
    for o in all {
        ocr_outcome(p, o)?;
    }
    if all.is_empty() {
        writeln!(
            p.out,
            "{}",
            p.tr("No screenshots to read.", "没有需要识别的截图。")
        )?;
    }
    Ok(())
}

fn ocr_outcome(p: &mut Printer, o: &OcrOutcome) -> io::Result<()> {
    if let Some(why) = if p.zh { &o.reason_zh } else { &o.reason } {
        writeln!(p.err, "! {} {}: {why}", p.tr("item", "证据"), o.item_id)?;
        return Ok(());
    }
    let again = if o.read {
        ""
    } else {
        p.tr(" (read before)", "（之前已识别）")
    };
    writeln!(
        p.out,
        "~ {:>5}  {} {} · {} {}{again}",
        o.item_id,
        o.lines,
        p.tr("lines read", "行文字"),
        o.facts,
        p.tr("facts", "条事实"),
    )?;
    Ok(())
}

pub fn import_report(p: &mut Printer, r: &ImportReport) -> io::Result<()> {
    for item in &r.added {
        let r_ = &item.record;
        let suggested = r.suggested.iter().find(|s| s.item_id == r_.id).map(|s| {
            let why = if p.zh {
                &s.suggestion.reason_zh
            } else {
                &s.suggestion.reason
            };
            format!(
                "  [{} {}: {why}]",
                p.tr("suggested", "建议类别"),
                p.text(r_.category.label())
            )
        });
        writeln!(
            p.out,
            "+ {:>5}  {}  {}{}",
            r_.id,
            short(&r_.sha256),
            r_.original_name,
            suggested.unwrap_or_default()
        )?;
    }
    if !r.suggested.is_empty() {
        writeln!(p.out, "{}", p.tr(
            "Categories marked [suggested] were applied for you; confirm or change with: proofpack categorize ITEM CATEGORY",
            "标为[建议类别]的已自动归类；确认或修改：proofpack categorize 证据编号 类别",
        ))?;
    }
    for o in &r.ocr {
        ocr_outcome(p, o)?;
    }
    for d in &r.duplicates {
        writeln!(
            p.out,
            "= {}: {} {}",
            d.path,
            p.tr("duplicate of item", "与已有证据重复："),
            d.existing_item_id
        )?;
    }
    for s in &r.skipped {
        let why = if p.zh { &s.message_zh } else { &s.message };
        writeln!(p.err, "! {}: {why}", s.path)?;
    }
    let cancelled = if r.cancelled {
        p.tr(" (cancelled)", "（已取消）")
    } else {
        ""
    };
    writeln!(
        p.out,
        "{} {} · {} {} · {} {}{cancelled}",
        p.tr("Added", "已添加"),
        r.added.len(),
        p.tr("duplicates", "重复"),
        r.duplicates.len(),
        p.tr("skipped", "跳过"),
        r.skipped.len(),
    )?;
    Ok(())
}

/// Wide enough for the longest category name ("Proof of non-delivery") and its `*`.
const CATEGORY_COLUMNS: usize = 22;
const NUMBER_COLUMNS: usize = 5;

pub fn items(p: &mut Printer, items: &[Item]) -> io::Result<()> {
    if items.is_empty() {
        writeln!(
            p.out,
            "{}",
            p.tr(
                "No evidence yet. Add some: proofpack add CASE FILE...",
                "还没有证据。添加：proofpack add 案件 文件..."
            )
        )?;
        return Ok(());
    }
    writeln!(
        p.out,
        "{:>5}  {}  {}  {:>10}  {:<24}  {:<12}  {}",
        "ID",
        pad(p.tr("NO.", "编号"), NUMBER_COLUMNS),
        pad(p.tr("CATEGORY", "类别"), CATEGORY_COLUMNS),
        p.tr("SIZE", "大小"),
        p.tr("IMPORTED", "导入时间"),
        "SHA-256",
        p.tr("NAME", "文件名")
    )?;
    for i in items {
        let r = &i.record;
        let suggested = match r.category_source {
            CategorySource::Suggested => "*",
            CategorySource::User => "",
        };
        let category = format!("{}{suggested}", p.text(r.category.label()));
        let status = match i.status {
            ItemStatus::Active => String::new(),
            ItemStatus::Withdrawn => format!(
                "  [{}: {}]",
                p.tr("withdrawn", "已撤回"),
                or_dash(&i.withdrawn_reason)
            ),
        };
        writeln!(
            p.out,
            "{:>5}  {}  {}  {:>10}  {:<24}  {:<12}  {}{status}",
            r.id,
            pad(i.number.as_deref().unwrap_or("-"), NUMBER_COLUMNS),
            pad(&category, CATEGORY_COLUMNS),
            r.size,
            i.imported_at,
            short(&r.sha256),
            r.original_name
        )?;
    }
    Ok(())
}

pub fn item_details(p: &mut Printer, d: &ItemDetails) -> io::Result<()> {
    let r = &d.item.record;
    let source = match r.category_source {
        CategorySource::Suggested => p.tr(" (suggested, not yet confirmed)", "（建议，尚未确认）"),
        CategorySource::User => "",
    };
    writeln!(p.out, "{:<16} {}", p.tr("Item", "证据"), r.id)?;
    if let Some(n) = &d.item.number {
        writeln!(p.out, "{:<16} {n}", p.tr("Evidence no.", "证据编号"))?;
    }
    writeln!(p.out, "{:<16} {}", p.tr("Name", "文件名"), r.original_name)?;
    writeln!(
        p.out,
        "{:<16} {}",
        p.tr("From", "来源路径"),
        r.original_path
    )?;
    writeln!(
        p.out,
        "{:<16} {} ({})",
        p.tr("Size", "大小"),
        r.size,
        r.media_type
    )?;
    writeln!(p.out, "{:<16} {}", "SHA-256", r.sha256)?;
    writeln!(
        p.out,
        "{:<16} {}",
        p.tr("Imported", "导入时间"),
        d.item.imported_at
    )?;
    writeln!(
        p.out,
        "{:<16} {}",
        p.tr("File time", "文件时间"),
        or_dash(&r.file_mtime)
    )?;
    if let Some(t) = &d.source_time {
        let from = p.text(t.source.label());
        writeln!(p.out, "{:<16} {} ({from})", p.tr("Taken", "拍摄时间"), t.at)?;
    }
    writeln!(
        p.out,
        "{:<16} {}{source}",
        p.tr("Category", "类别"),
        p.text(r.category.label())
    )?;
    if let Some(s) = &d.suggestion {
        let why = if p.zh { &s.reason_zh } else { &s.reason };
        writeln!(
            p.out,
            "{:<16} {} — {why}",
            p.tr("Suggestion", "建议"),
            p.text(s.category.label())
        )?;
    }
    if let Some(n) = &r.note {
        writeln!(p.out, "{:<16} {n}", p.tr("Note", "备注"))?;
    }
    if let Some(der) = &d.derived {
        derived(p, der, &d.bill_matches, &d.item)?;
    }
    if !d.facts.is_empty() {
        writeln!(p.out, "\n{}", p.tr("Facts", "事实"))?;
        fact_lines(p, &d.facts)?;
    }
    Ok(())
}

fn derived(p: &mut Printer, d: &Derived, matches: &[RowMatch], item: &Item) -> io::Result<()> {
    let confirmed = &item.bill_rows;
    let label = p.tr(
        "derived from the original, not evidence itself",
        "由原件派生，本身不是证据",
    );
    let enc = d
        .encoding
        .as_deref()
        .map(|e| format!(", {e}"))
        .unwrap_or_default();
    let flagged = if d.had_errors {
        p.tr(
            " — some bytes could not be decoded (shown as �)",
            " — 部分字节无法解码（显示为 �）",
        )
    } else {
        ""
    };
    writeln!(
        p.out,
        "\n{} ({}{enc}; {label}){flagged}",
        p.text(d.body.label()),
        d.format
            .as_deref()
            .map_or("-", |f| p.text(Format::label_of(f)))
    )?;
    if let Some(why) = if p.zh { &d.reason_zh } else { &d.reason } {
        writeln!(p.out, "  {why}")?;
    }
    match &d.body {
        Body::Transcript(t) => {
            if let Some(r) = &t.dates {
                writeln!(p.out, "  {}", p.tr(&r.notice, &r.notice_zh))?;
                let other = r.order.other();
                let wire = other.as_str().replace('_', "-");
                writeln!(
                    p.out,
                    "  {} proofpack dates {} {wire}",
                    p.tr(
                        &format!("To read it as {}:", other.label().en),
                        &format!("改按“{}”读取：", other.label().zh)
                    ),
                    item.record.id
                )?;
            }
            for m in &t.messages {
                let who = match m.from_self {
                    Some(true) => p.tr("me", "我"),
                    _ => m.sender.as_str(),
                };
                let media = m
                    .media
                    .map(|x| format!(" [{}]", p.text(x.label())))
                    .unwrap_or_default();
                writeln!(
                    p.out,
                    "  {} {who}: {}{media}",
                    m.time.as_deref().unwrap_or("?"),
                    m.text.replace('\n', "\n      ")
                )?;
            }
            parse_warnings(p, &t.warnings)?;
        }
        Body::Bill(b) => {
            for r in &b.rows {
                let matched = matches.iter().find(|m| m.row == r.row);
                let mark = match (confirmed.contains(&r.row), matched) {
                    (true, _) => format!("  ✓ {}", p.tr("belongs to the case", "属于本案")),
                    (false, Some(m)) => format!(
                        "  ? {} {}",
                        p.tr("matches the case:", "与本案相符："),
                        m.fields
                            .iter()
                            .map(|f| FactKind::parse(f).map_or(f.as_str(), |k| p.text(k.label())))
                            .collect::<Vec<_>>()
                            .join(p.tr(", ", "、"))
                    ),
                    _ => String::new(),
                };
                writeln!(
                    p.out,
                    "  {:>3}  {}  {:>10}  {}  {}  {}  {}{mark}",
                    r.row,
                    r.time,
                    r.amount,
                    p.text(r.direction.label()),
                    or_dash(&r.counterpart),
                    or_dash(&r.product),
                    or_dash(&r.merchant_order_no)
                )?;
            }
            if !matches.is_empty() {
                writeln!(p.out, "  {}", p.tr("Confirm the rows that belong to this case: proofpack confirm-rows ITEM ROW...", "确认属于本案的行：proofpack confirm-rows 证据编号 行号..."))?;
            }
            parse_warnings(p, &b.warnings)?;
        }
        Body::Picture(pic) => {
            if let (Some(w), Some(h)) = (pic.width, pic.height) {
                writeln!(p.out, "  {w} x {h} px")?;
            }
        }
        Body::Text(_) | Body::Nothing => {}
    }
    Ok(())
}

/// Wide enough for "refusal to refund" / "拒绝退款的说法".
const KIND_COLUMNS: usize = 17;
const VALUE_COLUMNS: usize = 28;

/// Where in an item a fact or a search hit was found, as a person counts (from 1).
fn place(p: &Printer, source: &str, position: i64) -> String {
    let n = position + 1;
    match source {
        "ocr" => p.tr(format!("picture line {n}"), format!("图片第 {n} 行")),
        "transcript" => p.tr(format!("message {n}"), format!("第 {n} 条消息")),
        // Bill rows are numbered from 1 already.
        "bill" => p.tr(
            format!("bill row {position}"),
            format!("账单第 {position} 行"),
        ),
        "text" => p.tr(format!("line {n}"), format!("第 {n} 行")),
        "note" => p.tr("note", "备注").to_string(),
        _ => p.tr("file name", "文件名").to_string(),
    }
}

fn fact_lines(p: &mut Printer, facts: &[Fact]) -> io::Result<()> {
    for f in facts {
        writeln!(
            p.out,
            "  {:>5}  {}  {}  {}  {}",
            f.item_id,
            pad(p.text(f.kind.label()), KIND_COLUMNS),
            pad(&f.value, VALUE_COLUMNS),
            place(p, &f.source, f.position),
            f.snippet.replace('\n', " ")
        )?;
    }
    Ok(())
}

pub fn facts(p: &mut Printer, facts: &[Fact]) -> io::Result<()> {
    if facts.is_empty() {
        writeln!(p.out, "{}", p.tr("No facts found yet.", "还没有找到事实。"))?;
        return Ok(());
    }
    writeln!(
        p.out,
        "  {:>5}  {}  {}  {}",
        p.tr("ITEM", "证据"),
        pad(p.tr("KIND", "种类"), KIND_COLUMNS),
        pad(p.tr("VALUE", "值"), VALUE_COLUMNS),
        p.tr("WHERE / CONTEXT", "位置 / 上下文")
    )?;
    fact_lines(p, facts)?;
    Ok(())
}

/// "Evidence 1-2 (id 7)": the number the pack gives it, and the id commands take.
fn item_name(p: &Printer, i: &Item) -> String {
    let id = i.record.id;
    match &i.number {
        Some(n) => p.tr(
            format!("Evidence {n} (id {id})"),
            format!("证据{n}（ID {id}）"),
        ),
        None => p.tr(format!("Item {id}"), format!("证据（ID {id}）")),
    }
}

pub fn categorized(p: &mut Printer, i: &Item) -> io::Result<()> {
    writeln!(
        p.out,
        "{}: {}",
        item_name(p, i),
        p.text(i.record.category.label())
    )?;
    Ok(())
}

pub fn search(p: &mut Printer, r: &proofpack_core::case::search::SearchResult) -> io::Result<()> {
    for h in &r.hits {
        let at = place(p, &h.source, h.position);
        writeln!(p.out, "#{} {} ({at}): {}", h.item_id, h.item_name, h.text)?;
    }
    let n = r.hits.len();
    match (n, r.truncated) {
        (0, _) => writeln!(p.out, "{}", p.tr("No matches.", "没有找到。"))?,
        (_, true) => writeln!(
            p.out,
            "{}",
            p.tr("(only the first matches are shown)", "（只显示前面的结果）")
        )?,
        _ => {}
    }
    Ok(())
}

pub fn noted(p: &mut Printer, i: &Item) -> io::Result<()> {
    let note = i
        .record
        .note
        .as_deref()
        .unwrap_or(p.tr("(no note)", "（无备注）"));
    writeln!(p.out, "{}: {note}", item_name(p, i))?;
    Ok(())
}

pub fn dates_read(p: &mut Printer, d: &DatesRead) -> io::Result<()> {
    let name = item_name(p, &d.item);
    match &d.dates {
        Some(r) => writeln!(p.out, "{name}: {}", p.tr(&r.notice, &r.notice_zh)),
        None => writeln!(p.out, "{name}"),
    }
}

pub fn withdrawn(p: &mut Printer, i: &Item) -> io::Result<()> {
    writeln!(
        p.out,
        "{} {}: {}",
        p.tr("Withdrew item", "已撤回证据"),
        i.record.id,
        or_dash(&i.withdrawn_reason)
    )?;
    Ok(())
}

/// What the parser could not read. A library's own (English) words are shown in English only.
fn parse_warnings(p: &mut Printer, warnings: &[ParseWarning]) -> io::Result<()> {
    for w in warnings {
        let detail = match (&w.detail, p.zh) {
            (Some(d), false) => format!(" ({d})"),
            _ => String::new(),
        };
        writeln!(p.out, "  ! {}{detail}", p.tr(&w.message, &w.message_zh))?;
    }
    Ok(())
}
