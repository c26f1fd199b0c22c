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
    let mut hits: Vec<(usize, usize, &str)> = Vec::new();
    for phrase in ZH {
        hits.extend(
            text.match_indices(phrase)
                .map(|(s, _)| (s, s + phrase.len(), *phrase)),
        );
    }
    // ASCII lowercasing keeps byte offsets identical to the original text.
    let lower = text.to_ascii_lowercase();
    for phrase in EN {
        hits.extend(
            lower
                .match_indices(phrase)
                .map(|(s, _)| (s, s + phrase.len(), *phrase)),
        );
    }
    keep_longest(hits, out);
}

/// "不能退款" also contains "不能退": keep only the longest phrase at a place. One sort and one
/// sweep (earlier start first, longer first), so a text full of refusals stays linear-ish.
fn keep_longest(mut hits: Vec<(usize, usize, &str)>, out: &mut Vec<Found>) {
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut reach = 0;
    for (start, end, phrase) in hits {
        if end <= reach {
            continue; // inside a longer phrase already kept
        }
        reach = end;
        out.push(Found {
            kind: FactKind::Refusal,
            value: phrase.to_string(),
            start,
            end,
        });
    }
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
