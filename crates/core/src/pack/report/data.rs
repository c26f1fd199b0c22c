//! The report's content as JSON for the typst template: every label already in the chosen
//! language(s), every time already formatted, so the template only lays things out.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::case::contacts::DueState;
use crate::case::letter::Lang;
use crate::case::timeline::TimelineKind;
use crate::case::{Category, ItemStatus};
use crate::checks::Status;
use crate::extract::FactKind;
use crate::ingest::analyze::Body;
use crate::ingest::derived::ItemDetails;
use crate::pack::layout;
use crate::pack::snapshot::Snapshot;

/// Which language(s) the report speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ReportLang {
    Zh,
    En,
    Both,
}

impl ReportLang {
    /// Whether the report prints text (a letter) written in `lang`.
    pub fn includes(self, lang: Lang) -> bool {
        matches!(
            (self, lang),
            (ReportLang::Both, _) | (ReportLang::Zh, Lang::Zh) | (ReportLang::En, Lang::En)
        )
    }
}

impl std::str::FromStr for ReportLang {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" => Ok(ReportLang::Zh),
            "en" => Ok(ReportLang::En),
            "both" => Ok(ReportLang::Both),
            other => Err(crate::Error::invalid(
                "lang",
                format!("{other:?}: use zh, en or both"),
                format!("{other:?}：请使用 zh（中文）、en（英文）或 both（中英双语）"),
            )),
        }
    }
}

/// What goes into the report besides the fixed sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReportParts {
    /// One page per picture.
    pub pictures: bool,
    /// Chat transcripts, refusals highlighted.
    pub transcripts: bool,
    /// The request letter (the saved edit when there is one).
    pub letter: bool,
}

impl Default for ReportParts {
    fn default() -> Self {
        ReportParts {
            pictures: true,
            transcripts: true,
            letter: true,
        }
    }
}

struct Tr(ReportLang);

impl Tr {
    /// The label in the report's language; both languages read "中文 / English".
    fn t(&self, zh: &str, en: &str) -> String {
        match self.0 {
            ReportLang::Zh => zh.into(),
            ReportLang::En => en.into(),
            ReportLang::Both => format!("{zh} / {en}"),
        }
    }

    /// A message that exists in both languages (from the checks, contacts...).
    fn pick(&self, zh: &str, en: &str) -> String {
        match self.0 {
            ReportLang::Zh => zh.into(),
            ReportLang::En => en.into(),
            ReportLang::Both => format!("{zh}\n{en}"),
        }
    }
}

/// `2026-11-03 17:30 (UTC+08:00)`: the time as its source recorded it, with its offset.
pub fn show_time(at: &str) -> String {
    show_time_as(at, TO_THE_SECOND)
}

const TO_THE_SECOND: &str = "%Y-%m-%d %H:%M:%S (UTC%:z)";

/// The case's own time zone, for times Proofpack recorded (imports, the chain: UTC): the offset
/// the purchase or the chats carry, else China's. Taken from the case, not from this computer,
/// so a verifier anywhere renders the same report.
fn case_offset(s: &Snapshot) -> FixedOffset {
    let paid = s.case.fields.paid_at.as_deref().into_iter();
    let said = s
        .items
        .iter()
        .flat_map(|d| match d.derived.as_ref().map(|x| &x.body) {
            Some(Body::Transcript(t)) => t.messages.iter().filter_map(|m| m.time.as_deref()).next(),
            _ => None,
        });
    paid.chain(said)
        .find_map(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|t| *t.offset())
        .or_else(|| FixedOffset::east_opt(8 * 3600))
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// A time Proofpack recorded, shown in the case's time zone.
fn show_in(at: &str, offset: FixedOffset) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.with_timezone(&offset).format(TO_THE_SECOND).to_string(),
        Err(_) => show_time(at),
    }
}

/// To the minute, for a source that records no seconds (printing `:00` would add a precision
/// it never had).
fn show_minute(at: &str) -> String {
    show_time_as(at, "%Y-%m-%d %H:%M (UTC%:z)")
}

fn show_time_as(at: &str, format: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.format(format).to_string(),
        Err(_) => at.replace('T', " "),
    }
}

/// Whether a transcript's source records seconds: some message has a time off the minute.
fn has_seconds(t: &crate::ingest::chat::Transcript) -> bool {
    t.messages.iter().any(|m| {
        m.time
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .is_some_and(|at| chrono::Timelike::second(&at) != 0)
    })
}

/// 64 hex digits in two lines of 32, so a table cell can hold them.
fn split_hash(h: &str) -> String {
    if h.len() == 64 {
        format!("{}\n{}", &h[..32], &h[32..])
    } else {
        h.into()
    }
}

fn category_label(tr: &Tr, c: Category) -> String {
    let label = c.label();
    tr.t(label.zh, label.en)
}

fn labels(tr: &Tr) -> Value {
    json!({
        "pack": tr.t("维权证据包", "Evidence pack"),
        "summary": tr.t("案件摘要", "Case summary"),
        "readiness": tr.t("完整性", "Readiness"),
        "ready": tr.t("三类证据齐全，可以提交", "All three categories are covered: ready to file"),
        "not_ready": tr.t("尚不完整，优先补充：", "Not complete yet; fill these first:"),
        "chain": tr.t("证据链", "Evidence chain"),
        "entries": tr.t("记录条数", "Entries"),
        "checkpoint": tr.t("检查点（默克尔根）", "Checkpoint (Merkle root)"),
        "as_of": tr.t("截至", "As of"),
        "verify_hint": tr.t(
            "核验：在证据包文件夹运行 sha256sum -c SHA256SUMS，或用浏览器打开 verify.html。",
            "To verify: run sha256sum -c SHA256SUMS in the pack folder, or open verify.html in a browser."),
        "checklist": tr.t("证据清单检查", "Checklist"),
        "requirement": tr.t("要求", "Requirement"),
        "status": tr.t("状态", "Status"),
        "items": tr.t("证据", "Evidence"),
        "guidance": tr.t("如何补充", "How to complete"),
        "warnings": tr.t("提示", "Warnings"),
        "windows": tr.t("期限", "Deadlines"),
        "timeline": tr.t("时间线", "Timeline"),
        "time": tr.t("时间", "Time"),
        "event": tr.t("事件", "Event"),
        "index": tr.t("证据目录", "Evidence index"),
        "no": tr.t("编号", "No."),
        "category": tr.t("类别", "Category"),
        "name": tr.t("文件名", "File name"),
        "source_time": tr.t("来源时间", "Source time"),
        "imported": tr.t("导入时间", "Imported"),
        "withdrawn": tr.t("已撤回的证据（原件不在包内，撤回记录在证据链中）", "Withdrawn items (not in the pack; the withdrawal is in the chain)"),
        "pictures": tr.t("截图与图片", "Screenshots and pictures"),
        "no_preview": tr.t("无法预览此文件，原件见证据包", "No preview of this file; see the original in the pack"),
        "preview_note": tr.t("页面中为预览图，原件逐字节保存在证据包中", "The page shows a preview; the original is in the pack byte for byte"),
        "transcripts": tr.t("聊天记录", "Chat transcripts"),
        "marked": tr.t("标记的消息含拒绝退款等关键表述", "Marked messages contain a refusal or another key statement"),
        "payments": tr.t("支付记录", "Payment records"),
        "row": tr.t("行", "Row"),
        "amount": tr.t("金额", "Amount"),
        "counterpart": tr.t("交易对方", "Counterpart"),
        "order_no": tr.t("订单号", "Order no."),
        "contacts": tr.t("维权进度", "Escalation log"),
        "step": tr.t("步骤", "Step"),
        "channel": tr.t("渠道", "Channel"),
        "date": tr.t("日期", "Date"),
        "ticket": tr.t("工单号", "Ticket"),
        "outcome": tr.t("结果", "Outcome"),
        "none": tr.t("无", "none"),
        "letter": tr.t("诉求信", "Request letter"),
        "ledger": tr.t("附录：证据链中的全部操作记录", "Appendix: every action recorded in the chain"),
        "hash": "SHA-256",
    })
}

fn status_text(tr: &Tr, s: Status) -> (String, &'static str) {
    match s {
        Status::Satisfied => (tr.t("满足", "Satisfied"), "ok"),
        Status::Weak => (tr.t("较弱", "Weak"), "weak"),
        Status::Missing => (tr.t("缺失", "Missing"), "missing"),
    }
}

fn numbers(s: &Snapshot, ids: &[i64]) -> String {
    let n: Vec<&str> = ids.iter().filter_map(|id| s.number_of(*id)).collect();
    n.join(", ")
}

fn summary(tr: &Tr, s: &Snapshot) -> Vec<Value> {
    let f = &s.case.fields;
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let amount = f
        .amount
        .as_ref()
        .map(|a| format!("{} {a}", f.currency))
        .unwrap_or_else(|| "-".into());
    vec![
        json!([
            tr.t("平台 / 商家", "Platform / merchant"),
            dash(&f.platform)
        ]),
        json!([tr.t("订单号", "Order no."), dash(&f.order_no)]),
        json!([tr.t("商品", "Product"), dash(&f.product)]),
        json!([tr.t("金额", "Amount"), amount]),
        json!([
            tr.t("支付时间", "Paid at"),
            dash(&f.paid_at).replace('T', " ")
        ]),
        json!([
            tr.t("支付方式", "Payment channel"),
            dash(&f.payment_channel)
        ]),
    ]
}

fn requirements(tr: &Tr, s: &Snapshot) -> Vec<Value> {
    s.checklist
        .requirements
        .iter()
        .map(|r| {
            let (text, key) = status_text(tr, r.status);
            json!({
                "title": tr.pick(&r.title_zh, &r.title),
                "status": text,
                "key": key,
                "items": numbers(s, &r.items),
                "guidance": tr.pick(&r.guidance_zh, &r.guidance),
            })
        })
        .collect()
}

fn windows(tr: &Tr, s: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &s.checklist.cooling_off {
        out.push(tr.pick(
            &format!("冷静期窗口（购买后 7–15 天）：{} 至 {}", w.from, w.to),
            &format!(
                "Cooling-off window (7-15 days after purchase): {} to {}",
                w.from, w.to
            ),
        ));
    }
    if let Some(d) = &s.checklist.complaint_deadline_12315 {
        out.push(tr.pick(
            &format!("向 12315 投诉的期限（购买后 3 年）：{d}"),
            &format!("Last day to complain to 12315 (3 years after purchase): {d}"),
        ));
    }
    out
}

fn index(tr: &Tr, s: &Snapshot, local: FixedOffset) -> Vec<Value> {
    s.evidence
        .iter()
        .filter_map(|e| {
            let d = s.item(e.item_id)?;
            let r = &d.item.record;
            Some(json!({
                "number": e.number,
                "category": category_label(tr, r.category),
                "name": r.original_name,
                "source_time": source_time(tr, d).unwrap_or_else(|| "-".into()),
                "imported": show_in(&d.item.imported_at, local),
                "hash": split_hash(&r.sha256),
            }))
        })
        .collect()
}

/// The picture's own time with where it was read, e.g. "2026-11-04 10:22（来自文件名）": a time
/// from a name is weaker than EXIF, and the reader is told which one it is.
fn source_time(tr: &Tr, d: &ItemDetails) -> Option<String> {
    let t = d.source_time.as_ref()?;
    let from = t.source.label();
    let said = tr.t(&format!("（{}）", from.zh), &format!(" ({})", from.en));
    Some(format!("{}{said}", show_time(&t.at)))
}

fn withdrawn(s: &Snapshot) -> Vec<Value> {
    s.items
        .iter()
        .filter(|d| d.item.status == ItemStatus::Withdrawn)
        .map(|d| {
            json!({
                "name": d.item.record.original_name,
                "reason": d.item.withdrawn_reason.clone().unwrap_or_default(),
                "hash": split_hash(&d.item.record.sha256),
            })
        })
        .collect()
}

/// Pictures in evidence order; `img` is the virtual path of the preview the world serves.
pub fn pictures(s: &Snapshot) -> Vec<(String, i64, Option<String>)> {
    s.evidence
        .iter()
        .filter_map(|e| {
            let d = s.item(e.item_id)?;
            if !d.item.record.media_type.starts_with("image/") {
                return None;
            }
            let has_thumb = matches!(
                d.derived.as_ref().map(|x| &x.body),
                Some(Body::Picture(p)) if p.thumbs.contains(&1024)
            );
            let img = has_thumb.then(|| format!("img/{}.jpg", d.item.record.sha256));
            Some((e.number.clone(), e.item_id, img))
        })
        .collect()
}

fn picture_pages(s: &Snapshot, tr: &Tr, local: FixedOffset) -> Vec<Value> {
    pictures(s)
        .into_iter()
        .filter_map(|(number, id, img)| {
            let d = s.item(id)?;
            let r = &d.item.record;
            Some(json!({
                "number": number,
                "name": r.original_name,
                "hash": r.sha256,
                "time": source_time(tr, d).unwrap_or_else(|| show_in(&d.item.imported_at, local)),
                "img": img,
                "read": read_text(d, tr),
            }))
        })
        .collect()
}

/// What was read from a capture, printed under it: each line (or, in a chat, each message with
/// its side), lines holding a fact marked, unsure ones flagged. None when nothing was read.
fn read_text(d: &ItemDetails, tr: &Tr) -> Option<Value> {
    let o = d.ocr.as_ref()?;
    let t = o.text.as_ref().filter(|t| !t.lines.is_empty())?;
    let fact_lines: std::collections::HashSet<i64> = d
        .facts
        .iter()
        .filter(|f| f.source == "ocr")
        .map(|f| f.position)
        .collect();
    let unsure = tr.t("（不确定）", " (unsure)");
    let lines: Vec<Value> = match &o.chat {
        Some(chat) => chat
            .transcript
            .messages
            .iter()
            .zip(&chat.lines)
            .map(|(m, ls)| {
                let who = match m.from_self {
                    Some(true) => tr.t("我", "Me"),
                    Some(false) => tr.t("对方", "Other party"),
                    None => String::new(),
                };
                let doubt = ls.iter().any(|&l| {
                    t.lines.get(l as usize).is_some_and(|x| x.confidence < crate::ocr::UNSURE_BELOW)
                });
                json!({
                    "text": if who.is_empty() { m.text.clone() } else { format!("{who}: {}", m.text) },
                    "mark": ls.iter().any(|&l| fact_lines.contains(&(l as i64))),
                    "unsure": if doubt { unsure.clone() } else { String::new() },
                })
            })
            .collect(),
        None => t
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "text": l.text,
                    "mark": fact_lines.contains(&(i as i64)),
                    "unsure": if l.confidence < crate::ocr::UNSURE_BELOW { unsure.clone() } else { String::new() },
                })
            })
            .collect(),
    };
    Some(json!({
        "note": tr.t(
            &format!("识别出的文字（{} {} 自动识别，派生内容，可能有误；证据以原图为准）", t.engine, t.model),
            &format!("Text read from the picture (machine-read by {} {}; derived, may contain mistakes: the picture is the evidence)", t.engine, t.model),
        ),
        "lines": lines,
    }))
}

/// A chat up to this long is printed whole; a longer one prints its key messages with
/// [`CONTEXT`] messages either side (and its first and last few), and says where the whole
/// transcript is: report size follows what matters, not the length of the export.
const PRINT_WHOLE_UP_TO: usize = 300;
const CONTEXT: usize = 3;

/// Which messages of a transcript of `len` the report prints.
fn printed(len: usize, marked: &std::collections::HashSet<i64>) -> Vec<bool> {
    if len <= PRINT_WHOLE_UP_TO {
        return vec![true; len];
    }
    let mut keep = vec![false; len];
    for i in (0..CONTEXT.min(len)).chain(len.saturating_sub(CONTEXT)..len) {
        keep[i] = true;
    }
    for &m in marked {
        let Ok(m) = usize::try_from(m) else { continue };
        for k in keep
            .iter_mut()
            .take((m + CONTEXT + 1).min(len))
            .skip(m.saturating_sub(CONTEXT))
        {
            *k = true;
        }
    }
    keep
}

fn transcripts(s: &Snapshot, tr: &Tr) -> Vec<Value> {
    let key = [FactKind::Refusal, FactKind::TicketNo, FactKind::Promise];
    s.evidence
        .iter()
        .filter_map(|e| {
            let d = s.item(e.item_id)?;
            let Some(Body::Transcript(t)) = d.derived.as_ref().map(|x| &x.body) else {
                return None;
            };
            // A set: a list searched per message was messages x facts.
            let marked: std::collections::HashSet<i64> = d
                .facts
                .iter()
                .filter(|f| f.source == "transcript" && key.contains(&f.kind))
                .map(|f| f.position)
                .collect();
            let keep = printed(t.messages.len(), &marked);
            let time = if has_seconds(t) {
                show_time
            } else {
                show_minute
            };
            let whole =
                layout::derived_path(&e.number, &d.item.record.original_name, ".transcript.txt");
            let mut messages: Vec<Value> = Vec::new();
            let mut skipped = 0usize;
            for (i, m) in t.messages.iter().enumerate() {
                if !keep[i] {
                    skipped += 1;
                    continue;
                }
                if skipped > 0 {
                    messages.push(json!({ "gap": gap(tr, skipped, &whole) }));
                    skipped = 0;
                }
                // A picture or voice message the export left empty is named, as the app shows
                // it ("[图片]", "[语音]"); a text the export wrote is kept as it is.
                let text = match m.media {
                    Some(media) if m.text.trim().is_empty() => {
                        let label = media.label();
                        format!("[{}]", tr.t(label.zh, label.en))
                    }
                    _ => m.text.clone(),
                };
                messages.push(json!({
                    "time": m.time.as_deref().map(time).unwrap_or_default(),
                    "sender": m.sender,
                    "text": text,
                    "mark": marked.contains(&(i as i64)),
                }));
            }
            if skipped > 0 {
                messages.push(json!({ "gap": gap(tr, skipped, &whole) }));
            }
            Some(json!({
                "number": e.number,
                "name": d.item.record.original_name,
                "hash": d.item.record.sha256,
                "dates": t.dates.as_ref().map(|r| tr.t(&r.notice_zh, &r.notice)),
                "messages": messages,
            }))
        })
        .collect()
}

fn gap(tr: &Tr, n: usize, whole: &str) -> String {
    tr.t(
        &format!("…… 此处 {n} 条消息未打印，完整聊天记录见证据包中的 {whole}"),
        &format!("… {n} messages not printed here; the whole transcript is {whole} in the pack"),
    )
}

fn payments(s: &Snapshot) -> Vec<Value> {
    let mut out = Vec::new();
    for e in &s.evidence {
        let Some(d) = s.item(e.item_id) else { continue };
        let Some(Body::Bill(b)) = d.derived.as_ref().map(|x| &x.body) else {
            continue;
        };
        let rows = crate::checks::rules::strong_rows(d);
        for r in b.rows.iter().filter(|r| rows.contains(&r.row)) {
            out.push(json!({
                "number": e.number,
                "row": r.row.to_string(),
                "time": show_time(&r.time),
                "counterpart": r.counterpart.clone().unwrap_or_default(),
                "product": r.product.clone().unwrap_or_default(),
                "amount": r.amount,
                "status": r.status.clone().unwrap_or_default(),
                "order": r.merchant_order_no.clone().or_else(|| r.transaction_no.clone()).unwrap_or_default(),
            }));
        }
    }
    out
}

fn contacts(tr: &Tr, s: &Snapshot) -> Vec<Value> {
    s.contacts
        .contacts
        .iter()
        .map(|c| {
            let state = match c.state {
                DueState::Open => tr.t("进行中", "open"),
                DueState::DueSoon => tr.t("即将到期", "due soon"),
                DueState::Overdue => tr.t("已逾期", "overdue"),
                DueState::Closed => tr.t("已结束", "closed"),
            };
            json!({
                "step": tr.pick(c.step.label().zh, c.step.label().en),
                "channel": c.channel,
                "date": c.date,
                "ticket": c.ticket.clone().unwrap_or_else(|| "-".into()),
                "outcome": c.outcome.clone().unwrap_or_else(|| "-".into()),
                "state": state,
            })
        })
        .collect()
}

/// The letters the report prints; one kept although the case changed since says so first.
fn letter(lang: ReportLang, s: &Snapshot) -> Vec<String> {
    s.letters
        .iter()
        .filter(|l| lang.includes(l.lang))
        .map(|l| {
            if l.stale.is_empty() {
                return l.text.clone();
            }
            let zh = l.lang == Lang::Zh;
            let notes: Vec<&str> = l
                .stale
                .iter()
                .map(|n| if zh { &n.message_zh } else { &n.message }.as_str())
                .collect();
            let note = if zh {
                format!("【说明：此信在证据变动前保存，按原文保留，以下内容与证据包不一致：{}】", notes.join("；"))
            } else {
                format!("[Note: this letter was saved before the evidence changed and is kept as written; it no longer matches the pack in these points: {}]", notes.join("; "))
            };
            format!("{note}\n\n{}", l.text)
        })
        .collect()
}

fn timeline(
    s: &Snapshot,
    tr: &Tr,
    local: FixedOffset,
    keep: impl Fn(TimelineKind) -> bool,
) -> Vec<Value> {
    s.timeline
        .iter()
        .filter(|e| keep(e.kind))
        .map(|e| {
            // Ledger times are UTC (`Z`): shown in the case's zone like every other time.
            let time = if e.date_only {
                e.at.get(..10).unwrap_or(&e.at).to_string()
            } else if e.at.ends_with('Z') {
                show_in(&e.at, local)
            } else {
                show_time(&e.at)
            };
            json!({
                "time": time,
                "title": tr.pick(&e.title_zh, &e.title),
                "evidence": e.item_id.and_then(|id| s.number_of(id)).unwrap_or(""),
            })
        })
        .collect()
}

pub fn build(s: &Snapshot, lang: ReportLang, parts: ReportParts) -> Value {
    let tr = Tr(lang);
    let local = case_offset(s);
    let c = &s.checklist;
    let gaps: Vec<String> = c
        .top_gaps
        .iter()
        .filter_map(|id| c.requirements.iter().find(|r| &r.id == id))
        .map(|r| tr.pick(&r.title_zh, &r.title))
        .collect();
    json!({
        "lang": if lang == ReportLang::En { "en" } else { "zh" },
        "title": s.case.fields.title,
        "labels": labels(&tr),
        "summary": summary(&tr, s),
        "ready": c.ready,
        "gaps": gaps,
        "checkpoint": s.checkpoint,
        "entries": s.ledger.len().to_string(),
        "as_of": s.ledger.last().map(|e| show_in(&e.at, local)).unwrap_or_default(),
        "requirements": requirements(&tr, s),
        "warnings": c.warnings.iter().map(|w| tr.pick(&w.message_zh, &w.message)).collect::<Vec<_>>(),
        "windows": windows(&tr, s),
        // What happened first; every recorded action after the letter, as an appendix.
        "timeline": timeline(s, &tr, local, |k| k != TimelineKind::Ledger),
        "ledger": timeline(s, &tr, local, |k| k == TimelineKind::Ledger),
        "index": index(&tr, s, local),
        "withdrawn": withdrawn(s),
        "pictures": if parts.pictures { picture_pages(s, &tr, local) } else { Vec::new() },
        "transcripts": if parts.transcripts { transcripts(s, &tr) } else { Vec::new() },
        "payments": payments(s),
        "contacts": contacts(&tr, s),
        "holidays": tr.pick(&s.contacts.holidays_note_zh, &s.contacts.holidays_note),
        "letter": if parts.letter { letter(lang, s) } else { Vec::new() },
    })
}

#[cfg(test)]
mod printed_tests {
    use super::*;

    #[test]
    fn long_chats_print_key_messages_with_context_short_ones_whole() {
        let none = std::collections::HashSet::new();
        assert!(printed(PRINT_WHOLE_UP_TO, &none).iter().all(|k| *k));
        let marked: std::collections::HashSet<i64> = [500, 502, 9_998].into();
        let keep = printed(10_000, &marked);
        let kept: Vec<usize> = (0..10_000).filter(|&i| keep[i]).collect();
        let want: Vec<usize> = (0..3).chain(497..=505).chain(9_995..10_000).collect();
        assert_eq!(kept, want);
    }
}
