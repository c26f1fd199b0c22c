//! Refusal statements, one extendable list per language. Matching is literal (Chinese) or
//! case-insensitive (English); add phrases here, not in code elsewhere.

use super::{FactKind, Found};

pub const ZH: &[&str] = &[
    "无法退款",
    "不支持退款",
    "不予退款",
    "不能退款",
    "不能退",
    "不可退款",
    "不可退",
    "不退款",
    "拒绝退款",
    "不给退",
    "概不退",
    "无法办理退款",
    "不符合退款条件",
    "退款失败",
    "不予受理",
    "无法为您退款",
    "不能为您退款",
    "无法退还",
    "不予退还",
];

pub const EN: &[&str] = &[
    "cannot refund",
    "can't refund",
    "can not refund",
    "unable to refund",
    "refund not possible",
    "refund is not possible",
    "no refund",
    "non-refundable",
    "not refundable",
    "refund denied",
    "refund rejected",
    "refund request has been rejected",
    "will not refund",
    "won't refund",
    "we do not offer refunds",
    "refunds are not available",
];

pub fn find(text: &str, out: &mut Vec<Found>) {
    for phrase in ZH {
        for (start, _) in text.match_indices(phrase) {
            push_unless_inside(out, phrase, start, start + phrase.len());
        }
    }
    // ASCII lowercasing keeps byte offsets identical to the original text.
    let lower = text.to_ascii_lowercase();
    for phrase in EN {
        for (start, _) in lower.match_indices(phrase) {
            push_unless_inside(out, phrase, start, start + phrase.len());
        }
    }
}

/// "不能退款" also contains "不能退": keep only the longest phrase at a place.
fn push_unless_inside(out: &mut Vec<Found>, phrase: &str, start: usize, end: usize) {
    let covered = out
        .iter()
        .any(|f| f.kind == FactKind::Refusal && f.start <= start && end <= f.end);
    if covered {
        return;
    }
    out.retain(|f| !(f.kind == FactKind::Refusal && start <= f.start && f.end <= end));
    out.push(Found {
        kind: FactKind::Refusal,
        value: phrase.to_string(),
        start,
        end,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins_and_english_is_case_insensitive() {
        let mut out = Vec::new();
        find("不能退款。Refund Not Possible", &mut out);
        let values: Vec<_> = out.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, ["不能退款", "refund not possible"]);
    }
}
