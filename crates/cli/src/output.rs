//! How results are printed: JSON (`--json`, stable, ids included) or text for people, in
//! Chinese when the locale asks for it (PROOFPACK_LANG, LC_ALL, LANG), else English.

use proofpack_core::case::letter::{Letter, LetterDraft};
use proofpack_core::case::refund::Refund;
use proofpack_core::case::timeline::TimelineEvent;
use proofpack_core::checks::{Checklist, Requirement, Status, Warning};
use proofpack_core::extract::Fact;
use proofpack_core::ingest::analyze::{Body, Derived};
use proofpack_core::ingest::derived::{ItemDetails, RowMatch};
use proofpack_core::ingest::ImportReport;
use proofpack_core::ledger::verify::VerifyReport;
use proofpack_core::ocr::job::OcrOutcome;
use proofpack_core::pack::verify::BundleReport;
use proofpack_core::pack::ExportReport;
use proofpack_core::store::doctor::DoctorReport;
use proofpack_core::text::Text;
use proofpack_core::{Case, CaseSummary, Error, Item, ItemStatus, LedgerEntry};
use proofpack_core::{Category, CategorySource};
use proofpack_core::{Contact, ContactLog, DueState};
use serde::Serialize;

pub struct Out {
    pub json: bool,
    zh: bool,
}

fn wants_chinese() -> bool {
    ["PROOFPACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("zh"))
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

/// Terminals draw CJK characters two columns wide; `{:<n}` counts them as one.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Pads `s` to `width` terminal columns so the columns after it line up in both languages.
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out {
            json,
            zh: wants_chinese(),
        }
    }

    fn text(&self, t: Text) -> &'static str {
        self.tr(t.en, t.zh)
    }

    fn tr<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        if self.zh {
            zh
        } else {
            en
        }
    }

    fn emit<T: Serialize>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("cannot encode output: {e}"),
        }
    }

    pub fn error(&self, e: &Error) {
        if self.json {
            self.emit(&serde_json::json!({ "error": e.payload() }));
        } else {
            let msg = if self.zh {
                e.message_zh()
            } else {
                e.to_string()
            };
            eprintln!("{}[{}]: {msg}", self.tr("error", "错误"), e.code());
        }
    }

    pub fn case_created(&self, c: &Case) {
        if self.json {
            return self.emit(c);
        }
        println!(
            "{} {}: {}",
            self.tr("Created case", "已创建案件"),
            c.id,
            c.fields.title
        );
    }

    pub fn case_list(&self, cases: &[CaseSummary]) {
        if self.json {
            return self.emit(&cases);
        }
        if cases.is_empty() {
            println!(
                "{}",
                self.tr(
                    "No cases yet. Create one: proofpack case new TITLE",
                    "还没有案件。新建：proofpack case new 标题"
                )
            );
            return;
        }
        println!(
            "{:>4}  {:<10}  {:>10}  {:>5}  {:<24}  {}",
            "ID",
            self.tr("AMOUNT", "金额"),
            self.tr("PLATFORM", "平台"),
            self.tr("ITEMS", "证据"),
            self.tr("UPDATED", "更新"),
            self.tr("TITLE", "标题")
        );
        for s in cases {
            let f = &s.case.fields;
            let amount = f
                .amount
                .as_ref()
                .map(|a| format!("{} {a}", f.currency))
                .unwrap_or("-".into());
            println!(
                "{:>4}  {:<10}  {:>10}  {:>5}  {:<24}  {}",
                s.case.id,
                amount,
                or_dash(&f.platform),
                s.item_count,
                s.case.updated_at,
                f.title
            );
        }
    }

    pub fn case(&self, c: &Case) {
        if self.json {
            return self.emit(c);
        }
        let f = &c.fields;
        let rows = [
            (self.tr("Case", "案件"), c.id.to_string()),
            (self.tr("Title", "标题"), f.title.clone()),
            (self.tr("Platform", "平台"), or_dash(&f.platform).into()),
            (self.tr("Product", "商品"), or_dash(&f.product).into()),
            (self.tr("Order no.", "订单号"), or_dash(&f.order_no).into()),
            (
                self.tr("Amount", "金额"),
                f.amount
                    .as_ref()
                    .map(|a| format!("{a} {}", f.currency))
                    .unwrap_or("-".into()),
            ),
            (self.tr("Paid at", "支付时间"), or_dash(&f.paid_at).into()),
            (
                self.tr("Payment channel", "支付方式"),
                or_dash(&f.payment_channel).into(),
            ),
            (self.tr("Notes", "备注"), or_dash(&f.notes).into()),
            (self.tr("Created", "创建于"), c.created_at.clone()),
            (self.tr("Updated", "更新于"), c.updated_at.clone()),
        ];
        for (k, v) in rows {
            println!("{k:<16} {v}");
        }
    }

    pub fn ocr_outcomes(&self, all: &[OcrOutcome]) {
        if self.json {
            return self.emit(&all);
        }
        for o in all {
            self.ocr_outcome(o);
        }
        if all.is_empty() {
            println!(
                "{}",
                self.tr("No screenshots to read.", "没有需要识别的截图。")
            );
        }
    }

    fn ocr_outcome(&self, o: &OcrOutcome) {
        if let Some(why) = if self.zh { &o.reason_zh } else { &o.reason } {
            eprintln!("! {} {}: {why}", self.tr("item", "证据"), o.item_id);
            return;
        }
        let again = if o.read {
            ""
        } else {
            self.tr(" (read before)", "（之前已识别）")
        };
        println!(
            "~ {:>5}  {} {} · {} {}{again}",
            o.item_id,
            o.lines,
            self.tr("lines read", "行文字"),
            o.facts,
            self.tr("facts", "条事实"),
        );
    }

    pub fn import_report(&self, r: &ImportReport) {
        if self.json {
            return self.emit(r);
        }
        for item in &r.added {
            let r_ = &item.record;
            let suggested = r.suggested.iter().find(|s| s.item_id == r_.id).map(|s| {
                let why = if self.zh {
                    &s.suggestion.reason_zh
                } else {
                    &s.suggestion.reason
                };
                format!(
                    "  [{} {}: {why}]",
                    self.tr("suggested", "建议类别"),
                    r_.category.as_str()
                )
            });
            println!(
                "+ {:>5}  {}  {}{}",
                r_.id,
                short(&r_.sha256),
                r_.original_name,
                suggested.unwrap_or_default()
            );
        }
        if !r.suggested.is_empty() {
            println!("{}", self.tr(
                "Categories marked [suggested] were applied for you; confirm or change with: proofpack categorize ITEM CATEGORY",
                "标为[建议类别]的已自动归类；确认或修改：proofpack categorize 证据编号 类别",
            ));
        }
        for o in &r.ocr {
            self.ocr_outcome(o);
        }
        for d in &r.duplicates {
            println!(
                "= {}: {} {}",
                d.path,
                self.tr("duplicate of item", "与已有证据重复："),
                d.existing_item_id
            );
        }
        for s in &r.skipped {
            let why = if self.zh { &s.message_zh } else { &s.message };
            eprintln!("! {}: {why}", s.path);
        }
        let cancelled = if r.cancelled {
            self.tr(" (cancelled)", "（已取消）")
        } else {
            ""
        };
        println!(
            "{} {} · {} {} · {} {}{cancelled}",
            self.tr("Added", "已添加"),
            r.added.len(),
            self.tr("duplicates", "重复"),
            r.duplicates.len(),
            self.tr("skipped", "跳过"),
            r.skipped.len(),
        );
    }

    pub fn items(&self, items: &[Item]) {
        if self.json {
            return self.emit(&items);
        }
        if items.is_empty() {
            println!(
                "{}",
                self.tr(
                    "No evidence yet. Add some: proofpack add CASE FILE...",
                    "还没有证据。添加：proofpack add 案件 文件..."
                )
            );
            return;
        }
        println!(
            "{:>5}  {:<13}  {:>10}  {:<24}  {:<12}  {}",
            "ID",
            self.tr("CATEGORY", "类别"),
            self.tr("SIZE", "大小"),
            self.tr("IMPORTED", "导入时间"),
            "SHA-256",
            self.tr("NAME", "文件名")
        );
        for i in items {
            let r = &i.record;
            let status = match i.status {
                ItemStatus::Active => String::new(),
                ItemStatus::Withdrawn => format!(
                    "  [{}: {}]",
                    self.tr("withdrawn", "已撤回"),
                    or_dash(&i.withdrawn_reason)
                ),
            };
            println!(
                "{:>5}  {:<13}  {:>10}  {:<24}  {:<12}  {}{status}",
                r.id,
                match r.category_source {
                    CategorySource::Suggested => format!("{}*", r.category.as_str()),
                    CategorySource::User => r.category.as_str().to_string(),
                },
                r.size,
                i.imported_at,
                short(&r.sha256),
                r.original_name
            );
        }
    }

    pub fn item_details(&self, d: &ItemDetails) {
        if self.json {
            return self.emit(d);
        }
        let r = &d.item.record;
        let source = match r.category_source {
            CategorySource::Suggested => {
                self.tr(" (suggested, not yet confirmed)", "（建议，尚未确认）")
            }
            CategorySource::User => "",
        };
        println!("{:<16} {}", self.tr("Item", "证据"), r.id);
        println!("{:<16} {}", self.tr("Name", "文件名"), r.original_name);
        println!("{:<16} {}", self.tr("From", "来源路径"), r.original_path);
        println!(
            "{:<16} {} ({})",
            self.tr("Size", "大小"),
            r.size,
            r.media_type
        );
        println!("{:<16} {}", "SHA-256", r.sha256);
        println!(
            "{:<16} {}",
            self.tr("Imported", "导入时间"),
            d.item.imported_at
        );
        println!(
            "{:<16} {}",
            self.tr("File time", "文件时间"),
            or_dash(&r.file_mtime)
        );
        println!(
            "{:<16} {}{source}",
            self.tr("Category", "类别"),
            r.category.as_str()
        );
        if let Some(s) = &d.suggestion {
            let why = if self.zh { &s.reason_zh } else { &s.reason };
            println!(
                "{:<16} {} — {why}",
                self.tr("Suggestion", "建议"),
                s.category.as_str()
            );
        }
        if let Some(n) = &r.note {
            println!("{:<16} {n}", self.tr("Note", "备注"));
        }
        if let Some(der) = &d.derived {
            self.derived(der, &d.bill_matches, &d.item.bill_rows);
        }
        if !d.facts.is_empty() {
            println!("\n{}", self.tr("Facts", "事实"));
            self.fact_lines(&d.facts);
        }
    }

    fn derived(&self, d: &Derived, matches: &[RowMatch], confirmed: &[u32]) {
        let label = self.tr(
            "derived from the original, not evidence itself",
            "由原件派生，本身不是证据",
        );
        let enc = d
            .encoding
            .as_deref()
            .map(|e| format!(", {e}"))
            .unwrap_or_default();
        let flagged = if d.had_errors {
            self.tr(
                " — some bytes could not be decoded (shown as �)",
                " — 部分字节无法解码（显示为 �）",
            )
        } else {
            ""
        };
        println!(
            "\n{} ({}{enc}; {label}){flagged}",
            d.body.kind(),
            d.format.as_deref().unwrap_or("-")
        );
        if let Some(why) = if self.zh { &d.reason_zh } else { &d.reason } {
            println!("  {why}");
        }
        match &d.body {
            Body::Transcript(t) => {
                for m in &t.messages {
                    let who = match m.from_self {
                        Some(true) => self.tr("me", "我"),
                        _ => m.sender.as_str(),
                    };
                    let media = m.media.map(|x| format!(" [{x:?}]")).unwrap_or_default();
                    println!(
                        "  {} {who}: {}{media}",
                        m.time.as_deref().unwrap_or("?"),
                        m.text.replace('\n', "\n      ")
                    );
                }
                for w in &t.warnings {
                    println!("  ! {w}");
                }
            }
            Body::Bill(b) => {
                for r in &b.rows {
                    let matched = matches.iter().find(|m| m.row == r.row);
                    let mark = match (confirmed.contains(&r.row), matched) {
                        (true, _) => format!("  ✓ {}", self.tr("belongs to the case", "属于本案")),
                        (false, Some(m)) => format!(
                            "  ? {} {}",
                            self.tr("matches the case:", "与本案相符："),
                            m.fields.join(", ")
                        ),
                        _ => String::new(),
                    };
                    println!(
                        "  {:>3}  {}  {:>10}  {:?}  {}  {}  {}{mark}",
                        r.row,
                        r.time,
                        r.amount,
                        r.direction,
                        or_dash(&r.counterpart),
                        or_dash(&r.product),
                        or_dash(&r.merchant_order_no)
                    );
                }
                if !matches.is_empty() {
                    println!("  {}", self.tr("Confirm the rows that belong to this case: proofpack confirm-rows ITEM ROW...", "确认属于本案的行：proofpack confirm-rows 证据编号 行号..."));
                }
                for w in &b.warnings {
                    println!("  ! {w}");
                }
            }
            Body::Picture(p) => {
                if let (Some(w), Some(h)) = (p.width, p.height) {
                    println!("  {w} x {h} px");
                }
                if let Some(t) = &p.taken_at {
                    println!("  {} {t}", self.tr("taken (EXIF):", "拍摄时间（EXIF）："));
                }
            }
            Body::Text(_) | Body::Nothing => {}
        }
    }

    fn fact_lines(&self, facts: &[Fact]) {
        for f in facts {
            println!(
                "  {:>5}  {:<10}  {:<24}  {}:{}  {}",
                f.item_id,
                f.kind.as_str(),
                f.value,
                f.source,
                f.position,
                f.snippet.replace('\n', " ")
            );
        }
    }

    pub fn facts(&self, facts: &[Fact]) {
        if self.json {
            return self.emit(&facts);
        }
        if facts.is_empty() {
            println!("{}", self.tr("No facts found yet.", "还没有找到事实。"));
            return;
        }
        println!(
            "  {:>5}  {:<10}  {:<24}  {}",
            self.tr("ITEM", "证据"),
            self.tr("KIND", "种类"),
            self.tr("VALUE", "值"),
            self.tr("WHERE / CONTEXT", "位置 / 上下文")
        );
        self.fact_lines(facts);
    }

    pub fn timeline(&self, events: &[TimelineEvent]) {
        if self.json {
            return self.emit(&events);
        }
        for e in events {
            let assumed = if e.offset_assumed {
                self.tr(" (assumed)", "（推定）")
            } else {
                ""
            };
            let title = if self.zh { &e.title_zh } else { &e.title };
            let item = e.item_id.map(|i| format!("  [#{i}]")).unwrap_or_default();
            println!("{}{assumed}  {:<8}  {title}{item}", e.at, e.kind);
            if let Some(d) = &e.detail {
                println!("{:>30}{}", "", d.replace('\n', " "));
            }
        }
    }

    pub fn refund(&self, r: &Refund) {
        if self.json {
            return self.emit(r);
        }
        println!(
            "{} ¥{}",
            self.tr("Refund to claim:", "可主张退款："),
            r.refund
        );
        println!("{}", if self.zh { &r.rule_zh } else { &r.rule });
    }

    /// The letter on stdout (the user's saved edit unless `composed`); notes on stderr, so
    /// piping keeps only the text.
    pub fn letter(&self, l: &Letter, composed: bool) {
        if self.json {
            return self.emit(l);
        }
        if let Some(d) = l.draft.as_ref().filter(|_| !composed) {
            print!("{}", d.text);
            eprintln!(
                "{} {} ({})",
                self.tr("Your edit saved at", "显示的是你保存的版本："),
                d.saved_at,
                self.tr(
                    "--composed prints the letter composed now",
                    "--composed 显示按当前案件生成的信件"
                )
            );
            return;
        }
        print!("{}", l.text);
        if !l.missing.is_empty() {
            eprintln!(
                "{} {}",
                self.tr("To fill in before sending:", "发送前请补全："),
                l.missing.join(self.tr(", ", "、"))
            );
        }
    }

    pub fn letter_saved(&self, d: &LetterDraft) {
        if self.json {
            return self.emit(d);
        }
        println!(
            "{} {} ({} {})",
            self.tr("Saved the letter at", "已保存信件："),
            d.saved_at,
            d.text.chars().count(),
            self.tr("characters", "字")
        );
    }

    pub fn categorized(&self, i: &Item) {
        if self.json {
            return self.emit(i);
        }
        println!(
            "{} {}: {}",
            self.tr("Item", "证据"),
            i.record.id,
            i.record.category.as_str()
        );
    }

    pub fn search(&self, r: &proofpack_core::case::search::SearchResult) {
        if self.json {
            return self.emit(r);
        }
        for h in &r.hits {
            let at = match h.source.as_str() {
                "ocr" => format!("{} {}", self.tr("picture line", "图片第"), h.position + 1),
                "transcript" => format!("{} {}", self.tr("message", "消息"), h.position + 1),
                "bill" => format!("{} {}", self.tr("bill row", "账单行"), h.position),
                "text" => format!("{} {}", self.tr("line", "行"), h.position + 1),
                "note" => self.tr("note", "备注").to_string(),
                _ => self.tr("file name", "文件名").to_string(),
            };
            println!("#{} {} ({at}): {}", h.item_id, h.item_name, h.text);
        }
        let n = r.hits.len();
        match (n, r.truncated) {
            (0, _) => println!("{}", self.tr("No matches.", "没有找到。")),
            (_, true) => println!(
                "{}",
                self.tr("(only the first matches are shown)", "（只显示前面的结果）")
            ),
            _ => {}
        }
    }

    pub fn noted(&self, i: &Item) {
        if self.json {
            return self.emit(i);
        }
        let note = i
            .record
            .note
            .as_deref()
            .unwrap_or(self.tr("(no note)", "（无备注）"));
        println!("{} {}: {note}", self.tr("Item", "证据"), i.record.id);
    }

    pub fn withdrawn(&self, i: &Item) {
        if self.json {
            return self.emit(i);
        }
        println!(
            "{} {}: {}",
            self.tr("Withdrew item", "已撤回证据"),
            i.record.id,
            or_dash(&i.withdrawn_reason)
        );
    }

    pub fn log(&self, entries: &[LedgerEntry]) {
        if self.json {
            return self.emit(&entries);
        }
        for e in entries {
            println!(
                "{:>4}  {}  {:<22}  {}",
                e.seq,
                e.at,
                e.action,
                short(&e.hash)
            );
        }
    }

    pub fn verify(&self, r: &VerifyReport) {
        if self.json {
            return self.emit(r);
        }
        for p in &r.problems {
            println!("✗ {}", if self.zh { &p.message_zh } else { &p.message });
        }
        for c in &r.cases {
            let mark = if c.ok { "✓" } else { "✗" };
            println!(
                "{mark} {} {}: {} {} · checkpoint {}",
                self.tr("case", "案件"),
                c.case_id,
                c.entries,
                self.tr("entries", "条记录"),
                short(&c.checkpoint)
            );
        }
        let verdict = if r.ok {
            self.tr("OK: evidence intact", "通过：证据完整未被改动")
        } else {
            self.tr("FAILED: evidence was changed", "失败：证据已被改动")
        };
        println!(
            "{verdict} ({} {}, {} bytes)",
            r.objects_checked,
            self.tr("files re-hashed", "个文件已重新计算哈希"),
            r.bytes_checked
        );
    }
}

/// `check` output: three sections, one line per requirement, then warnings and deadlines.
impl Out {
    pub fn checklist(&self, c: &Checklist) {
        if self.json {
            return self.emit(c);
        }
        for cat in [
            Category::Purchase,
            Category::NonDelivery,
            Category::Communication,
        ] {
            let title = self.text(cat.label());
            println!("{title}");
            for r in c.requirements.iter().filter(|r| r.category == cat) {
                self.requirement(r);
            }
        }
        self.check_warnings(&c.warnings);
        self.check_windows(c);
        let verdict = if c.ready {
            self.tr(
                "READY: every required piece of evidence is there",
                "已齐备：所需证据都已具备",
            )
        } else {
            self.tr(
                "NOT READY: fill the gaps marked ✗ and ~",
                "尚未齐备：请补齐标 ✗ 和 ~ 的项目",
            )
        };
        println!("\n{verdict}");
    }

    fn requirement(&self, r: &Requirement) {
        let (mark, word) = match r.status {
            Status::Satisfied => ("✓", self.tr("satisfied", "已满足")),
            Status::Weak => ("~", self.tr("weak", "不充分")),
            Status::Missing => ("✗", self.tr("missing", "缺失")),
        };
        let title = if self.zh { &r.title_zh } else { &r.title };
        let items = if r.items.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = r.items.iter().map(i64::to_string).collect();
            format!(" [{} {}]", self.tr("items", "证据"), ids.join(", "))
        };
        println!("  {mark} {title} — {word}{items}  ({})", r.id);
        let guidance = if self.zh { &r.guidance_zh } else { &r.guidance };
        if !guidance.is_empty() {
            println!("      → {guidance}");
        }
    }

    fn check_warnings(&self, warnings: &[Warning]) {
        if warnings.is_empty() {
            return;
        }
        println!("\n{}", self.tr("Warnings", "提醒"));
        for w in warnings {
            let msg = if self.zh { &w.message_zh } else { &w.message };
            println!("  ! {msg}  ({})", w.id);
        }
    }

    fn check_windows(&self, c: &Checklist) {
        println!("\n{:<28} {}", self.tr("Today", "今天"), c.today);
        let cooling = c
            .cooling_off
            .as_ref()
            .map(|w| format!("{} .. {}", w.from, w.to));
        let unknown = || {
            self.tr(
                "- (set the paid-at date or confirm the bill row)",
                "-（请填写支付时间或确认账单行）",
            )
            .to_string()
        };
        println!(
            "{:<28} {}",
            self.tr("Cooling-off period (7-15 d)", "冷静期（7-15 天）"),
            cooling.unwrap_or_else(unknown)
        );
        println!(
            "{:<28} {}",
            self.tr("12315 complaint deadline", "12315 投诉截止"),
            c.complaint_deadline_12315.clone().unwrap_or_else(unknown)
        );
    }
}

/// The escalation log: `contact add` and `contact list`.
impl Out {
    fn state_word(&self, s: DueState) -> &'static str {
        match s {
            DueState::Open => self.tr("open", "等待答复"),
            DueState::DueSoon => self.tr("due soon", "即将到期"),
            DueState::Overdue => self.tr("overdue", "已超期"),
            DueState::Closed => self.tr("closed", "已有结果"),
        }
    }

    fn step_and_channel(&self, c: &Contact) -> String {
        let step = self.text(c.step.label());
        format!("{step} · {}", c.channel)
    }

    pub fn contact_logged(&self, c: &Contact) {
        if self.json {
            return self.emit(c);
        }
        println!(
            "{} {}: {}, {}",
            self.tr("Logged contact", "已记录联系"),
            c.id,
            self.step_and_channel(c),
            c.date
        );
        println!(
            "{} {} · {} {} · {}",
            self.tr("review due", "审核期限"),
            or_dash(&c.review_due),
            self.tr("refund due", "到账期限"),
            or_dash(&c.refund_due),
            self.state_word(c.state)
        );
        if c.ticket.is_none() && c.items.is_empty() {
            println!("! {}", self.tr(
                "no ticket number and no linked item: keep a written trace of each step (--ticket, --item)",
                "没有工单号也没有关联证据：每一步维权都应留下书面记录（--ticket、--item）",
            ));
        }
    }

    pub fn contacts(&self, log: &ContactLog) {
        if self.json {
            return self.emit(log);
        }
        if log.contacts.is_empty() {
            println!("{}", self.tr(
                "No contacts logged yet. Log one: proofpack contact add CASE --step platform_support --channel CHANNEL --date YYYY-MM-DD",
                "还没有联系记录。记录：proofpack contact add 案件 --step platform_support --channel 渠道 --date 日期",
            ));
        } else {
            self.contact_table(&log.contacts);
        }
        if !log.warnings.is_empty() {
            println!("\n{}", self.tr("Warnings", "提醒"));
            for w in &log.warnings {
                let msg = if self.zh { &w.message_zh } else { &w.message };
                println!("  ! {msg}  ({})", w.id);
            }
        }
        println!("\n{}{}", self.tr("Today: ", "今天："), log.today);
        let note = if self.zh {
            &log.holidays_note_zh
        } else {
            &log.holidays_note
        };
        println!("{}{note}", self.tr("Note: ", "注意："));
    }

    fn contact_table(&self, contacts: &[Contact]) {
        println!(
            "{:>4}  {}  {}  {}  {}  {}  {}",
            "ID",
            pad(self.tr("DATE", "日期"), 10),
            pad(self.tr("STATE", "状态"), 8),
            pad(self.tr("REVIEW DUE", "审核期限"), 10),
            pad(self.tr("REFUND DUE", "到账期限"), 10),
            pad(self.tr("TICKET", "工单号"), 14),
            self.tr("STEP · CHANNEL", "步骤 · 渠道")
        );
        for c in contacts {
            println!(
                "{:>4}  {:<10}  {}  {:<10}  {:<10}  {}  {}",
                c.id,
                c.date,
                pad(self.state_word(c.state), 8),
                or_dash(&c.review_due),
                or_dash(&c.refund_due),
                pad(or_dash(&c.ticket), 14),
                self.step_and_channel(c)
            );
            if let Some(o) = &c.outcome {
                println!("{:>6}{}{o}", "", self.tr("outcome: ", "结果："));
            }
            if !c.items.is_empty() {
                let ids: Vec<String> = c.items.iter().map(i64::to_string).collect();
                println!(
                    "{:>6}{}{}",
                    "",
                    self.tr("items: ", "证据："),
                    ids.join(", ")
                );
            }
        }
    }
}

/// `export`, `verify-bundle` and `demo` output.
impl Out {
    pub fn exported(&self, r: &ExportReport) {
        if self.json {
            return self.emit(r);
        }
        println!("{} {}", self.tr("Exported", "已导出"), r.path);
        println!(
            "{} {} · {} {} · {} {} · {} {}",
            r.files,
            self.tr("files", "个文件"),
            r.bytes,
            self.tr("bytes", "字节"),
            r.pages,
            self.tr("report pages", "页报告"),
            r.entries,
            self.tr("chain entries", "条证据链记录")
        );
        println!("SHA-256 {}", r.sha256);
        println!("{} {}", self.tr("checkpoint", "检查点"), r.checkpoint);
        println!(
            "{} #{}",
            self.tr("recorded in the chain as entry", "已记入证据链，记录"),
            r.recorded_seq
        );
    }

    pub fn cancelled(&self) {
        if self.json {
            return self.emit(&serde_json::json!({"cancelled": true}));
        }
        eprintln!(
            "{}",
            self.tr(
                "Cancelled: no pack was written.",
                "已取消：没有写出任何证据包。"
            )
        );
    }

    pub fn bundle_report(&self, r: &BundleReport) {
        if self.json {
            return self.emit(r);
        }
        if let Some(t) = &r.case_title {
            println!("{} {t}", self.tr("Case:", "案件："));
        }
        for p in &r.problems {
            println!("✗ {}", if self.zh { &p.message_zh } else { &p.message });
        }
        let verdict = if r.ok {
            self.tr(
                "OK: the pack is complete and unchanged",
                "通过：证据包完整，未被修改",
            )
        } else {
            self.tr("FAILED: the pack does not verify", "失败：证据包未通过核验")
        };
        println!(
            "{verdict} ({} {}, {} {}, {} {})",
            r.files_checked,
            self.tr("files", "个文件"),
            r.items_checked,
            self.tr("originals", "个原件"),
            r.entries_checked,
            self.tr("chain entries", "条证据链记录")
        );
        if let Some(c) = &r.checkpoint {
            println!("{} {c}", self.tr("checkpoint", "检查点"));
        }
    }

    pub fn doctor(&self, r: &DoctorReport) {
        if self.json {
            return self.emit(r);
        }
        let ok = r.integrity == "ok";
        println!(
            "{} {}",
            if ok { "✓" } else { "✗" },
            self.tr("database integrity check: ", "数据库完整性检查：")
                .to_string()
                + &r.integrity
        );
        for l in &r.leftovers {
            let what = match l.kind.as_str() {
                "temp_file" => self.tr(
                    "temp file of an interrupted import",
                    "中断导入留下的临时文件",
                ),
                "orphan_object" => self.tr(
                    "stored file without a record (orphan)",
                    "没有记录的存储文件（孤立对象）",
                ),
                _ => self.tr("partial export", "未完成的导出"),
            };
            let action = l.action.as_deref().unwrap_or("");
            println!("! {what}: {} ({} B) {action}", l.path, l.size);
        }
        for sha in &r.missing_objects {
            println!(
                "✗ {} {sha} ({})",
                self.tr("missing stored file", "缺失的存储文件"),
                self.tr(
                    "run verify to see which items",
                    "运行 verify 查看涉及的证据"
                )
            );
        }
        println!(
            "{}",
            if r.clean {
                self.tr("Clean.", "一切正常。")
            } else {
                self.tr(
                    "Something is left: see above (--fix cleans leftovers).",
                    "仍有问题：见上（--fix 可清理遗留文件）。",
                )
            }
        );
    }

    pub fn demo(&self, c: &Case) {
        if self.json {
            return self.emit(c);
        }
        println!(
            "{} {}: {}",
            self.tr("Created the sample case", "已创建示例案件"),
            c.id,
            c.fields.title
        );
        println!(
            "{} proofpack check {} · proofpack export {} --out .",
            self.tr("Try:", "试试："),
            c.id,
            c.id
        );
    }
}
