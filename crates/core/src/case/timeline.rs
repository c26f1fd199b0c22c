//! One timeline per case: the purchase, the payments that belong to it, the chat messages that
//! matter (refusals, promises, ticket numbers) and every ledger action, sorted by instant. Each
//! event keeps its source time with its own offset; callers show it in the user's zone.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Case, ItemStatus};
use crate::error::Result;
use crate::extract::FactKind;
use crate::ingest::analyze::Body;
use crate::ingest::chat::Transcript;
use crate::ingest::derived::ItemDetails;
use crate::ledger::{Action, LedgerEntry};
use crate::store::Library;
use crate::text::Text;

/// Bills and Chinese platforms record China time; a date typed without zone is read the same way.
const CHINA: &str = "+08:00";
const DETAIL_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TimelineEvent {
    /// RFC 3339 with the source's offset (ledger times are UTC, `Z`).
    pub at: String,
    /// The offset was assumed (+08:00) because the source recorded local time only.
    pub offset_assumed: bool,
    /// Only the day is known (a purchase date typed without a time): `at` is its midnight,
    /// for ordering only, and is shown as the date alone, never as "00:00".
    #[serde(default)]
    pub date_only: bool,
    pub kind: TimelineKind,
    pub title: String,
    pub title_zh: String,
    pub detail: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub item_id: Option<i64>,
}

/// What a timeline event is; the UI styles and names events by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum TimelineKind {
    Purchase,
    Payment,
    Refusal,
    Promise,
    Ticket,
    /// A screenshot or photo, at the time EXIF or its file name gives.
    Capture,
    /// One of Proofpack's own ledger entries.
    Ledger,
}

impl TimelineKind {
    pub const ALL: [TimelineKind; 7] = [
        Self::Purchase,
        Self::Payment,
        Self::Refusal,
        Self::Promise,
        Self::Ticket,
        Self::Capture,
        Self::Ledger,
    ];

    pub fn as_str(self) -> String {
        crate::error::wire_name(&self)
    }

    pub fn label(self) -> Text {
        match self {
            Self::Purchase => Text::new("Purchase", "购买"),
            Self::Payment => Text::new("Payment", "付款"),
            Self::Refusal => Text::new("Refusal to refund", "拒绝退款"),
            Self::Promise => Text::new("Promise", "承诺"),
            Self::Ticket => Text::new("Ticket number", "工单号"),
            Self::Capture => Text::new("Screenshot", "截图"),
            Self::Ledger => Text::new("Recorded action", "操作记录"),
        }
    }

    /// The kind a chat message with these facts is shown as: the strongest wins.
    fn of_message(facts: &[FactKind]) -> Option<TimelineKind> {
        [
            (FactKind::Refusal, Self::Refusal),
            (FactKind::Promise, Self::Promise),
            (FactKind::TicketNo, Self::Ticket),
        ]
        .into_iter()
        .find(|(f, _)| facts.contains(f))
        .map(|(_, kind)| kind)
    }
}

impl Library {
    pub fn timeline(&self, case_id: i64) -> Result<Vec<TimelineEvent>> {
        let case = self.case(case_id)?;
        let details: Vec<_> = self
            .case_item_details(case_id)?
            .into_iter()
            .filter(|d| d.item.status == ItemStatus::Active)
            .collect();
        let ledger = self.log(case_id)?;
        Ok(build(&case, &details, &ledger))
    }
}

/// Pure: merges and sorts; events whose time cannot be read go last, in source order.
pub fn build(case: &Case, details: &[ItemDetails], ledger: &[LedgerEntry]) -> Vec<TimelineEvent> {
    let mut events = Vec::new();
    purchase(case, &mut events);
    for d in details {
        payments(d, &mut events);
        key_messages(d, &mut events);
        capture(d, &mut events);
    }
    let names: HashMap<i64, &str> = details
        .iter()
        .map(|d| (d.item.record.id, d.item.record.original_name.as_str()))
        .collect();
    for e in ledger {
        events.push(ledger_event(e, &names));
    }
    events.sort_by_key(|e| instant(&e.at).map_or((1, i64::MAX), |t| (0, t.timestamp_millis())));
    events
}

fn instant(at: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(at).ok()
}

/// A local `YYYY-MM-DD[THH:MM:SS]` read as China time.
fn local_to_rfc3339(local: &str) -> Option<String> {
    let t = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(local, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })?;
    Some(format!("{}{CHINA}", t.format("%Y-%m-%dT%H:%M:%S")))
}

fn purchase(case: &Case, out: &mut Vec<TimelineEvent>) {
    let f = &case.fields;
    let Some(at) = f.paid_at.as_deref().and_then(local_to_rfc3339) else {
        return;
    };
    let what = f.product.clone().unwrap_or_else(|| f.title.clone());
    let order = f
        .order_no
        .as_deref()
        .map(|o| format!(" ({o})"))
        .unwrap_or_default();
    let amount = f
        .amount
        .as_deref()
        .map(|a| format!(" {} {a}", f.currency))
        .unwrap_or_default();
    out.push(TimelineEvent {
        at,
        offset_assumed: true,
        date_only: !f.paid_at.as_deref().is_some_and(|p| p.contains('T')),
        kind: TimelineKind::Purchase,
        title: format!("Purchase: {what}{order}{amount}"),
        title_zh: format!("购买：{what}{order}{amount}"),
        detail: None,
        item_id: None,
    });
}

/// Bill rows the user confirmed, or else those Proofpack matched to the case.
fn payments(d: &ItemDetails, out: &mut Vec<TimelineEvent>) {
    let Some(Body::Bill(bill)) = d.derived.as_ref().map(|x| &x.body) else {
        return;
    };
    let confirmed = &d.item.bill_rows;
    for r in &bill.rows {
        let chosen = if confirmed.is_empty() {
            d.bill_matches.iter().any(|m| m.row == r.row)
        } else {
            confirmed.contains(&r.row)
        };
        if !chosen {
            continue;
        }
        let what = [r.counterpart.as_deref(), r.product.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(TimelineEvent {
            at: r.time.clone(),
            offset_assumed: false,
            date_only: false,
            kind: TimelineKind::Payment,
            title: format!("Payment ¥{}: {what}", r.amount),
            title_zh: format!("支付 ¥{}：{what}", r.amount),
            detail: r.status.clone(),
            item_id: Some(d.item.record.id),
        });
    }
}

/// A picture at the time it says it was taken; one from its file name says so (it is weaker).
fn capture(d: &ItemDetails, out: &mut Vec<TimelineEvent>) {
    let Some(t) = &d.source_time else { return };
    let (at, offset_assumed) = match instant(&t.at) {
        Some(_) => (t.at.clone(), false),
        None => match local_to_rfc3339(&t.at) {
            Some(at) => (at, true),
            None => return,
        },
    };
    let from = t.source.label();
    let name = &d.item.record.original_name;
    out.push(TimelineEvent {
        at,
        offset_assumed,
        date_only: false,
        kind: TimelineKind::Capture,
        title: format!("Screenshot taken ({}): {name}", from.en),
        title_zh: format!("截图（时间{}）：{name}", from.zh),
        detail: None,
        item_id: Some(d.item.record.id),
    });
}

/// Chat messages carrying a refusal, a promise or a ticket number (the strongest kind wins):
/// from a chat export, or from a chat capture's messages read by OCR.
fn key_messages(d: &ItemDetails, out: &mut Vec<TimelineEvent>) {
    if let Some(Body::Transcript(t)) = d.derived.as_ref().map(|x| &x.body) {
        chat_events(d, t, "transcript", |p| usize::try_from(p).ok(), out);
    }
    if let Some(chat) = d.ocr.as_ref().and_then(|o| o.chat.as_ref()) {
        let of_line = |p: i64| usize::try_from(p).ok().and_then(|l| chat.message_of(l));
        chat_events(d, &chat.transcript, "ocr", of_line, out);
    }
}

/// `message_of` maps a fact's position (of `source`) to the index of its message.
fn chat_events(
    d: &ItemDetails,
    t: &Transcript,
    source: &str,
    message_of: impl Fn(i64) -> Option<usize>,
    out: &mut Vec<TimelineEvent>,
) {
    // Facts indexed by message once: looking them up per message was messages x facts
    // (80,000 lines took 15 s).
    let mut by_message: HashMap<usize, Vec<FactKind>> = HashMap::new();
    for f in d.facts.iter().filter(|f| f.source == source) {
        if let Some(m) = message_of(f.position) {
            by_message.entry(m).or_default().push(f.kind);
        }
    }
    for (i, m) in t.messages.iter().enumerate() {
        let kinds = by_message.get(&i).map_or(&[][..], Vec::as_slice);
        let Some(kind) = TimelineKind::of_message(kinds) else {
            continue;
        };
        // "Refusal from X" reads better than the label's "Refusal to refund from X".
        let en = match kind {
            TimelineKind::Refusal => "Refusal",
            other => other.label().en,
        };
        let zh = kind.label().zh;
        let Some(at) = m.time.clone() else { continue };
        let text: String = m.text.chars().take(DETAIL_CHARS).collect();
        let (who, who_zh) = match (m.sender.as_str(), m.from_self) {
            ("", Some(true)) => ("me", "我"),
            ("", _) => ("the other party", "对方"),
            (name, _) => (name, name),
        };
        out.push(TimelineEvent {
            at,
            offset_assumed: m.offset_assumed,
            date_only: false,
            kind,
            title: format!("{en} from {who}"),
            title_zh: format!("{who_zh}：{zh}"),
            detail: Some(text),
            item_id: Some(d.item.record.id),
        });
    }
}

fn ledger_event(e: &LedgerEntry, names: &HashMap<i64, &str>) -> TimelineEvent {
    let item_id = e.payload["item"]["id"]
        .as_i64()
        .or_else(|| e.payload["item_id"].as_i64());
    let name = item_id
        .and_then(|id| names.get(&id))
        .map(|n| n.to_string())
        .or_else(|| {
            e.payload["item"]["original_name"]
                .as_str()
                .map(str::to_string)
        });
    let (en, zh) = match Action::parse(&e.action).map(Action::label) {
        Some(label) => (label.en, label.zh),
        None => (e.action.as_str(), e.action.as_str()),
    };
    let suffix = name.map(|n| format!(": {n}")).unwrap_or_default();
    TimelineEvent {
        at: e.at.clone(),
        offset_assumed: false,
        date_only: false,
        kind: TimelineKind::Ledger,
        title: format!("{en}{suffix}"),
        title_zh: format!("{zh}{suffix}"),
        detail: Some(format!("#{} {}", e.seq, &e.hash[..e.hash.len().min(12)])),
        item_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseFields, CategorySource, Item, ItemRecord};
    use crate::extract::Fact;
    use crate::ingest::analyze::Derived;
    use crate::ingest::chat::{Message, Transcript};
    use serde_json::json;

    fn case() -> Case {
        Case {
            id: 1,
            fields: CaseFields {
                title: "VIP".into(),
                order_no: Some("A1".into()),
                amount: Some("68.00".into()),
                currency: "CNY".into(),
                paid_at: Some("2026-11-02T10:15:30".into()),
                ..Default::default()
            },
            created_at: "2026-11-05T00:00:00.000Z".into(),
            updated_at: "2026-11-05T00:00:00.000Z".into(),
        }
    }

    fn chat_item(messages: Vec<(&str, &str)>, facts: Vec<(FactKind, i64)>) -> ItemDetails {
        let transcript = Transcript {
            format: "plain".into(),
            title: None,
            messages: messages
                .into_iter()
                .map(|(time, text)| Message {
                    time: Some(time.into()),
                    offset_assumed: false,
                    sender: "客服".into(),
                    from_self: Some(false),
                    text: text.into(),
                    media: None,
                })
                .collect(),
            warnings: vec![],
            dates: None,
        };
        let mut derived = Derived::nothing("ab");
        derived.body = crate::ingest::analyze::Body::Transcript(transcript);
        ItemDetails {
            item: Item {
                record: ItemRecord {
                    id: 7,
                    sha256: "ab".into(),
                    size: 1,
                    media_type: "text/plain".into(),
                    original_name: "chat.txt".into(),
                    original_path: "/chat.txt".into(),
                    file_mtime: None,
                    category: crate::Category::Communication,
                    category_source: CategorySource::User,
                    note: None,
                },
                case_id: 1,
                imported_at: "2026-11-05T00:00:00.000Z".into(),
                status: ItemStatus::Active,
                withdrawn_reason: None,
                withdrawn_at: None,
                bill_rows: vec![],
                fact_fixes: vec![],
                date_order: None,
                number: None,
            },
            derived: Some(derived),
            facts: facts
                .into_iter()
                .map(|(kind, position)| Fact {
                    item_id: 7,
                    kind,
                    value: "v".into(),
                    snippet: "s".into(),
                    source: "transcript".into(),
                    position,
                    read_as: None,
                })
                .collect(),
            suggestion: None,
            bill_matches: vec![],
            ocr: None,
            source_time: None,
        }
    }

    fn entry(at: &str) -> LedgerEntry {
        LedgerEntry {
            seq: 1,
            case_id: 1,
            at: at.into(),
            action: "case_created".into(),
            payload: json!({}),
            prev: "0".repeat(64),
            hash: "f".repeat(64),
        }
    }

    #[test]
    fn events_sort_by_instant_across_offsets() {
        // 10:00 in Beijing (02:00 UTC) comes before 03:00 UTC, although "10" > "03".
        let chat = chat_item(
            vec![
                ("2026-11-03T10:00:00+08:00", "很抱歉，不支持退款"),
                ("2026-11-03T09:00:00+08:00", "您好"),
            ],
            vec![(FactKind::Refusal, 0)],
        );
        let events = build(&case(), &[chat], &[entry("2026-11-03T03:00:00.000Z")]);
        let kinds: Vec<String> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["purchase", "refusal", "ledger"]);
        assert_eq!(events[0].at, "2026-11-02T10:15:30+08:00");
        assert!(events[0].offset_assumed);
        assert_eq!(events[1].item_id, Some(7));
        assert_eq!(
            events[1].at, "2026-11-03T10:00:00+08:00",
            "the source offset is kept"
        );
    }

    #[test]
    fn a_capture_is_placed_at_its_own_time_and_says_where_the_time_came_from() {
        use crate::ingest::source_time::{SourceTime, TimeSource};
        let mut shot = chat_item(vec![], vec![]);
        shot.item.record.original_name = "Screenshot_20261104-102233.png".into();
        shot.source_time = Some(SourceTime {
            at: "2026-11-04T10:22:33".into(),
            source: TimeSource::FileName,
        });
        let mut exif = chat_item(vec![], vec![]);
        exif.item.record.id = 8;
        exif.item.record.original_name = "photo.jpg".into();
        exif.source_time = Some(SourceTime {
            at: "2026-11-03T09:00:00+09:00".into(),
            source: TimeSource::Exif,
        });
        let events = build(&case(), &[shot, exif], &[]);
        let got: Vec<_> = events
            .iter()
            .map(|e| {
                (
                    e.kind.label().en,
                    e.at.as_str(),
                    e.offset_assumed,
                    e.title_zh.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Purchase",
                    "2026-11-02T10:15:30+08:00",
                    true,
                    "购买：VIP (A1) CNY 68.00"
                ),
                (
                    "Screenshot",
                    "2026-11-03T09:00:00+09:00",
                    false,
                    "截图（时间来自 EXIF）：photo.jpg"
                ),
                (
                    "Screenshot",
                    "2026-11-04T10:22:33+08:00",
                    true,
                    "截图（时间来自文件名）：Screenshot_20261104-102233.png"
                ),
            ]
        );
        assert_eq!(
            events[2].title,
            "Screenshot taken (from the file name): Screenshot_20261104-102233.png"
        );
    }

    #[test]
    fn the_strongest_fact_names_the_message_and_plain_messages_are_left_out() {
        let chat = chat_item(
            vec![
                ("2026-11-03T10:00:00+08:00", "工单号 123，7小时内激活"),
                ("2026-11-03T11:00:00+08:00", "好的"),
            ],
            vec![(FactKind::TicketNo, 0), (FactKind::Promise, 0)],
        );
        let events = build(&case(), &[chat], &[]);
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].kind, TimelineKind::Promise);
    }

    #[test]
    fn dates_without_time_are_midnight_china_time() {
        assert_eq!(
            local_to_rfc3339("2026-11-02").as_deref(),
            Some("2026-11-02T00:00:00+08:00")
        );
        assert_eq!(local_to_rfc3339("soon"), None);
    }

    /// A purchase known only by its date is that date, not a purchase at midnight.
    #[test]
    fn a_purchase_date_without_a_time_is_a_day_alone() {
        let mut c = case();
        let purchase = |c: &Case| build(c, &[], &[]).remove(0);
        assert!(!purchase(&c).date_only);
        c.fields.paid_at = Some("2026-11-02".into());
        let e = purchase(&c);
        assert_eq!((e.kind, e.date_only), (TimelineKind::Purchase, true));
        assert_eq!(e.at, "2026-11-02T00:00:00+08:00");
    }
}
