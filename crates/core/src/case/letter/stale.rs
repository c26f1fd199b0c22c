//! Whether a saved letter still tells the case as it is. A letter lists its evidence as numbered
//! files with their hashes and cites those numbers in its text; withdrawing or adding evidence
//! renumbers the pack, and a letter saved before cites files by numbers the pack now gives to
//! others. A platform that finds one wrong reference stops trusting the whole file.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::EvidenceRef;
use crate::case::model::CaseFields;

/// One way the saved letter and the case disagree, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StaleNote {
    pub message: String,
    pub message_zh: String,
}

fn note(en: String, zh: String) -> StaleNote {
    StaleNote {
        message: en,
        message_zh: zh,
    }
}

/// A listed file: `证据1-2：支付成功.png（SHA-256 前12位：b58c97b0ad23）` or its English twin.
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:证据(\d+-\d+)：[^\n]*?（SHA-256 前12位：([0-9a-f]{12})）|Evidence (\d+-\d+): [^\n]*? \(SHA-256, first 12 hex digits: ([0-9a-f]{12})\))",
    )
    .expect("built-in pattern")
});

/// A citation, which may name several numbers: `见证据1-1、1-2、1-3`, `see evidence 1-1, 1-2`.
static CITED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:证据|evidence )(\d+-\d+(?:(?:、|，|, ?)\d+-\d+)*)").expect("built-in pattern")
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+-\d+").expect("built-in pattern"));

/// What no longer matches between `text` (a saved letter) and the case's evidence and facts now;
/// empty when the letter still tells the case as it is.
pub fn stale_notes(text: &str, evidence: &[EvidenceRef], fields: &CaseFields) -> Vec<StaleNote> {
    let mut out = Vec::new();
    let listed: Vec<(String, String)> = LISTED
        .captures_iter(text)
        .filter_map(|c| {
            let number = c.get(1).or_else(|| c.get(3))?.as_str().to_string();
            let hash = c.get(2).or_else(|| c.get(4))?.as_str().to_string();
            Some((number, hash))
        })
        .collect();
    for (number, hash) in &listed {
        listed_file(number, hash, evidence, &mut out);
    }
    cited_numbers(text, evidence, &mut out);
    if !listed.is_empty() {
        for e in evidence
            .iter()
            .filter(|e| !listed.iter().any(|(_, h)| e.sha256.starts_with(h)))
        {
            out.push(note(
                format!(
                    "evidence {} ({}) was added after the letter was saved and is not in it",
                    e.number, e.name
                ),
                format!(
                    "证据{}（{}）是在信件保存后添加的，信中没有列出",
                    e.number, e.name
                ),
            ));
        }
    }
    facts(text, fields, &mut out);
    out
}

/// A file the letter lists by number and hash: still there under the same number?
fn listed_file(number: &str, hash: &str, evidence: &[EvidenceRef], out: &mut Vec<StaleNote>) {
    match evidence.iter().find(|e| e.sha256.starts_with(hash)) {
        None => out.push(note(
            format!("the letter lists evidence {number} (SHA-256 {hash}), which is no longer in the case (withdrawn)"),
            format!("信中列出的证据{number}（SHA-256 {hash}）已不在案件中（已撤回）"),
        )),
        Some(now) if now.number != number => out.push(note(
            format!("the letter's evidence {number} ({}) is now evidence {}", now.name, now.number),
            format!("信中的证据{number}（{}）现在的编号是证据{}", now.name, now.number),
        )),
        Some(_) => {}
    }
    if let Some(other) = evidence
        .iter()
        .find(|e| e.number == number && !e.sha256.starts_with(hash))
    {
        out.push(note(
            format!(
                "number {number} now belongs to another file, {}",
                other.name
            ),
            format!("编号{number}现在属于另一个文件：{}", other.name),
        ));
    }
}

/// Numbers the text cites that the pack does not have at all.
fn cited_numbers(text: &str, evidence: &[EvidenceRef], out: &mut Vec<StaleNote>) {
    let cited: BTreeSet<&str> = CITED
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .flat_map(|m| NUMBER.find_iter(m.as_str()).map(|n| n.as_str()))
        .collect();
    for n in cited
        .into_iter()
        .filter(|n| !evidence.iter().any(|e| e.number == *n))
    {
        out.push(note(
            format!("the letter cites evidence {n}, which the pack does not have"),
            format!("信中引用了证据{n}，但证据包中没有这个编号"),
        ));
    }
}

/// The case's order number and amount as they are now must be the ones the letter quotes.
fn facts(text: &str, fields: &CaseFields, out: &mut Vec<StaleNote>) {
    if let Some(order) = fields.order_no.as_deref().filter(|o| !text.contains(*o)) {
        out.push(note(
            format!("the case's order number {order} is not in the letter"),
            format!("案件的订单号 {order} 不在信中"),
        ));
    }
    if let Some(amount) = fields.amount.as_deref().filter(|a| !text.contains(*a)) {
        out.push(note(
            format!("the case's amount {amount} is not in the letter"),
            format!("案件的金额 {amount} 不在信中"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(list: &[(&str, &str, &str)]) -> Vec<EvidenceRef> {
        list.iter()
            .enumerate()
            .map(|(i, (number, name, hash))| EvidenceRef {
                number: number.to_string(),
                item_id: i as i64 + 1,
                name: name.to_string(),
                sha256: format!("{hash}{}", "0".repeat(64 - hash.len())),
            })
            .collect()
    }

    const LETTER: &str = "我于2026年11月2日购买（订单号A1，金额¥68.00）（见证据1-1、1-2）。客服拒绝（见证据3-1）。\n\
        附：证据清单\n\
        证据1-1：订单.png（SHA-256 前12位：aaaaaaaaaaaa）\n\
        证据1-2：账单.csv（SHA-256 前12位：bbbbbbbbbbbb）\n\
        证据3-1：聊天.txt（SHA-256 前12位：cccccccccccc）\n";

    fn fields() -> CaseFields {
        CaseFields {
            order_no: Some("A1".into()),
            amount: Some("68.00".into()),
            ..CaseFields::default()
        }
    }

    #[test]
    fn a_letter_that_matches_the_case_is_not_stale() {
        let now = evidence(&[
            ("1-1", "订单.png", "aaaaaaaaaaaa"),
            ("1-2", "账单.csv", "bbbbbbbbbbbb"),
            ("3-1", "聊天.txt", "cccccccccccc"),
        ]);
        assert_eq!(stale_notes(LETTER, &now, &fields()), []);
    }

    /// The issue's case: 1-1 withdrawn, so 账单.csv is now 1-1 and the letter's 1-2 is nothing.
    #[test]
    fn a_withdrawal_that_renumbers_the_pack_makes_the_letter_stale() {
        let now = evidence(&[
            ("1-1", "账单.csv", "bbbbbbbbbbbb"),
            ("3-1", "聊天.txt", "cccccccccccc"),
        ]);
        let notes: Vec<String> = stale_notes(LETTER, &now, &fields())
            .into_iter()
            .map(|n| n.message_zh)
            .collect();
        assert_eq!(
            notes,
            [
                "信中列出的证据1-1（SHA-256 aaaaaaaaaaaa）已不在案件中（已撤回）",
                "编号1-1现在属于另一个文件：账单.csv",
                "信中的证据1-2（账单.csv）现在的编号是证据1-1",
                "信中引用了证据1-2，但证据包中没有这个编号",
            ]
        );
    }

    #[test]
    fn new_evidence_and_changed_facts_are_named() {
        let now = evidence(&[
            ("1-1", "订单.png", "aaaaaaaaaaaa"),
            ("1-2", "账单.csv", "bbbbbbbbbbbb"),
            ("2-1", "会员中心.png", "dddddddddddd"),
            ("3-1", "聊天.txt", "cccccccccccc"),
        ]);
        let mut changed = fields();
        changed.order_no = Some("B2".into());
        let notes = stale_notes(LETTER, &now, &changed);
        let en: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            en,
            [
                "evidence 2-1 (会员中心.png) was added after the letter was saved and is not in it",
                "the case's order number B2 is not in the letter",
            ]
        );
    }

    #[test]
    fn english_letters_are_read_too() {
        let text = "I paid for order A1 (68.00) (see evidence 1-1, 1-2).\n\
            Evidence 1-1: order.png (SHA-256, first 12 hex digits: aaaaaaaaaaaa)\n";
        let now = evidence(&[("1-1", "bill.csv", "bbbbbbbbbbbb")]);
        let en: Vec<String> = stale_notes(text, &now, &fields())
            .into_iter()
            .map(|n| n.message)
            .collect();
        assert_eq!(
            en,
            [
                "the letter lists evidence 1-1 (SHA-256 aaaaaaaaaaaa), which is no longer in the case (withdrawn)",
                "number 1-1 now belongs to another file, bill.csv",
                "the letter cites evidence 1-2, which the pack does not have",
                "evidence 1-1 (bill.csv) was added after the letter was saved and is not in it",
            ]
        );
    }
}
