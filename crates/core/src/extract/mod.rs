//! Facts a dispute turns on, found in any text: order numbers, amounts, ticket numbers, refusal
//! statements, promises with deadlines, dates. Each fact keeps where it was found.

mod patterns;
pub mod refusals;

pub(crate) use patterns::re;

use serde::{Deserialize, Serialize};

use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum FactKind {
    OrderNo,
    Amount,
    TicketNo,
    Refusal,
    Promise,
    Date,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::OrderNo => "order_no",
            FactKind::Amount => "amount",
            FactKind::TicketNo => "ticket_no",
            FactKind::Refusal => "refusal",
            FactKind::Promise => "promise",
            FactKind::Date => "date",
        }
    }

    /// What a person calls it, in English and Chinese.
    pub fn label(self) -> Text {
        match self {
            FactKind::OrderNo => Text::new("order number", "订单号"),
            FactKind::Amount => Text::new("amount", "金额"),
            FactKind::TicketNo => Text::new("ticket number", "工单号"),
            FactKind::Refusal => Text::new("refusal to refund", "拒绝退款的说法"),
            FactKind::Promise => Text::new("promise", "承诺"),
            FactKind::Date => Text::new("date", "日期"),
        }
    }

    /// A statement that proves something only when the other party made it: the user's own
    /// "请书面说明不予退款的理由" is not the platform refusing, nor their "工单号是…" a ticket issued.
    pub fn only_from_the_other_party(self) -> bool {
        matches!(
            self,
            FactKind::Refusal | FactKind::Promise | FactKind::TicketNo
        )
    }

    pub const ALL: [FactKind; 6] = [
        Self::OrderNo,
        Self::Amount,
        Self::TicketNo,
        Self::Refusal,
        Self::Promise,
        Self::Date,
    ];

    pub fn parse(s: &str) -> Option<FactKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A fact found in one piece of text; `start..end` are byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub kind: FactKind,
    /// Normalised: order/ticket numbers as written, amounts "68.00 CNY", dates "2026-11-02",
    /// refusals the list entry that matched, promises the phrase ("7小时内激活").
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// A fact as stored for an item: what, where (source + position) and the words around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Fact {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_id: i64,
    pub kind: FactKind,
    pub value: String,
    pub snippet: String,
    /// transcript (position = message index), bill (row number), text (byte offset),
    /// file_name, note.
    pub source: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub position: i64,
    /// What was found, when the user corrected (or, if equal to `value`, confirmed) it.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub read_as: Option<String>,
}

/// All facts in `text`, in order of position.
pub fn extract(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    patterns::order_numbers(text, &mut out);
    patterns::ticket_numbers(text, &mut out);
    patterns::amounts(text, &mut out);
    patterns::promises(text, &mut out);
    patterns::dates(text, &mut out);
    refusals::find(text, &mut out);
    out.sort_by_key(|f| (f.start, f.kind));
    out.dedup_by(|a, b| a.kind == b.kind && a.value == b.value && a.start == b.start);
    out
}

/// The longest snippet shown; longer runs without punctuation are cut to the fact itself.
const SNIPPET_CHARS: usize = 160;

/// The text around a fact, cut at sentence or line ends, for showing it in context.
/// Looks at most [`SNIPPET_CHARS`] characters either side, so a text of one endless line costs
/// the same per fact as a short one (no quadratic scan).
pub fn snippet(text: &str, start: usize, end: usize) -> String {
    let is_stop = |c: char| matches!(c, '\n' | '。' | '！' | '？' | '!' | '?');
    let (Some(before), Some(fact), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return String::new();
    };
    let window_start = before
        .char_indices()
        .rev()
        .nth(SNIPPET_CHARS)
        .map_or(0, |(i, _)| i);
    let window_end = after
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(after.len(), |(i, _)| i);
    let head = &before[window_start..];
    let tail = &after[..window_end];
    let from = match head.rfind(is_stop) {
        Some(i) => i + head[i..].chars().next().map_or(1, char::len_utf8),
        None if window_start == 0 => 0,
        None => return fact.to_string(),
    };
    let to = match tail.find(is_stop) {
        Some(i) => i + tail[i..].chars().next().map_or(0, char::len_utf8),
        None if window_end == after.len() => tail.len(),
        None => return fact.to_string(),
    };
    let s = format!("{}{}{}", &head[from..], fact, &tail[..to]);
    let s = s.trim();
    // Long runs without punctuation (bill rows, minified JSON) are cut to a readable size.
    if s.chars().count() > SNIPPET_CHARS {
        return fact.to_string();
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_stop_at_sentences_and_cut_endless_lines() {
        let text = "前言。客服说：不支持退款！后面";
        let at = text.find("不支持退款").unwrap();
        assert_eq!(
            snippet(text, at, at + "不支持退款".len()),
            "客服说：不支持退款！"
        );
        // One line of 100,000 refusals without a stop: each snippet is the fact itself.
        let line = "无法退款".repeat(100_000);
        let mid = "无法退款".len() * 50_000;
        assert_eq!(snippet(&line, mid, mid + "无法退款".len()), "无法退款");
        assert_eq!(snippet(&line, 0, "无法退款".len()), "无法退款");
    }

    fn kinds(text: &str) -> Vec<(FactKind, String)> {
        extract(text)
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect()
    }

    #[test]
    fn a_support_chat_yields_every_kind() {
        let t = "您的订单号：202611020001，金额¥68.00。客服承诺7小时内激活。\n工单号 2026110300123。很抱歉，该商品不支持退款。日期2026年11月3日";
        let k = kinds(t);
        assert!(
            k.contains(&(FactKind::OrderNo, "202611020001".into())),
            "{k:?}"
        );
        assert!(k.contains(&(FactKind::Amount, "68.00 CNY".into())));
        assert!(k.contains(&(FactKind::Promise, "7小时内激活".into())));
        assert!(k.contains(&(FactKind::TicketNo, "2026110300123".into())));
        assert!(k.contains(&(FactKind::Refusal, "不支持退款".into())));
        assert!(k.contains(&(FactKind::Date, "2026-11-03".into())));
    }

    #[test]
    fn english_phrases() {
        let k = kinds("Order number: A-99812. Ticket #T-5521. Sorry, refund not possible. We will activate within 3 business days. Paid $12.5 on 2026-11-02.");
        assert!(k.contains(&(FactKind::OrderNo, "A-99812".into())), "{k:?}");
        assert!(k.contains(&(FactKind::TicketNo, "T-5521".into())));
        assert!(k.contains(&(FactKind::Refusal, "refund not possible".into())));
        assert!(k.contains(&(FactKind::Promise, "within 3 business days".into())));
        assert!(k.contains(&(FactKind::Amount, "12.50 USD".into())));
        assert!(k.contains(&(FactKind::Date, "2026-11-02".into())));
    }

    #[test]
    fn positions_point_at_the_text_and_snippets_stay_in_the_sentence() {
        let t = "您好。这个无法退款哦！谢谢";
        let f = extract(t)
            .into_iter()
            .find(|f| f.kind == FactKind::Refusal)
            .unwrap();
        assert_eq!(&t[f.start..f.end], "无法退款");
        assert_eq!(snippet(t, f.start, f.end), "这个无法退款哦！");
    }

    #[test]
    fn nothing_in_plain_prose_and_no_invalid_dates() {
        assert!(kinds("今天天气很好，我们去公园。").is_empty());
        assert!(!kinds("2026-13-45")
            .iter()
            .any(|(k, _)| *k == FactKind::Date));
    }
}
