//! What each requirement rests on, in words a user can check: "order number DEMO… and amount
//! 68.00 CNY read from 支付成功.png". And when a rule is not met although captures of its
//! category are there, what those captures lack, so guidance never asks for what is present.

use super::rules::{self, strong_rows};
use super::{Requirement, Status};
use crate::case::letter::Lang;
use crate::case::Category;
use crate::extract::{Fact, FactKind};
use crate::ingest::derived::ItemDetails;
use crate::ingest::derived::BILL_SOURCE;
use crate::text::Text;

/// Items named in one sentence at most; the rest are counted.
const NAMED: usize = 3;

/// The facts each rule needs, and the category whose captures should show them.
fn needs(id: &str) -> (&'static [FactKind], Option<Category>) {
    match id {
        rules::ORDER => (
            &[FactKind::OrderNo, FactKind::Amount],
            Some(Category::Purchase),
        ),
        rules::REFUSAL => (&[FactKind::Refusal], Some(Category::Communication)),
        rules::TICKET => (&[FactKind::TicketNo], Some(Category::Communication)),
        _ => (&[], None),
    }
}

pub fn explain(reqs: &mut [Requirement], items: &[&ItemDetails]) {
    for r in reqs.iter_mut() {
        let (kinds, category) = needs(&r.id);
        if r.status == Status::Satisfied {
            let of: Vec<&ItemDetails> = items
                .iter()
                .copied()
                .filter(|d| r.items.contains(&d.item.record.id))
                .collect();
            (r.basis, r.basis_zh) = basis(&of, kinds);
        } else if let Some(c) = category {
            let (en, zh) = lacking(items, c, kinds);
            if !en.is_empty() {
                r.guidance = format!("{en} {}", r.guidance);
                r.guidance_zh = format!("{zh}{}", r.guidance_zh);
            }
        }
    }
}

/// Where a fact was found, in a phrase: read from a capture, a bill row, a note, a file name.
fn origin(d: &ItemDetails, f: &Fact) -> (String, String) {
    let name = &d.item.record.original_name;
    match f.source.as_str() {
        "ocr" => (format!("read from {name}"), format!("识别自 {name}")),
        "bill" => (
            format!("in {name}, row {}", f.position),
            format!("见 {name} 第 {} 行", f.position),
        ),
        "note" => (
            format!("in the note on {name}"),
            format!("见 {name} 的说明"),
        ),
        "file_name" => (
            format!("in the file name {name}"),
            format!("见文件名 {name}"),
        ),
        _ => (format!("in {name}"), format!("见 {name}")),
    }
}

/// The facts an item holds for a rule: bill facts only from the rows tied to the case.
fn relevant(d: &ItemDetails, kind: FactKind) -> Option<&Fact> {
    let rows = strong_rows(d);
    d.facts
        .iter()
        .filter(|f| f.kind == kind)
        .find(|f| f.source != BILL_SOURCE || rows.contains(&(f.position as u32)))
}

fn basis(items: &[&ItemDetails], kinds: &[FactKind]) -> (String, String) {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    for d in items.iter().take(NAMED) {
        let facts: Vec<&Fact> = kinds.iter().filter_map(|k| relevant(d, *k)).collect();
        let name = &d.item.record.original_name;
        let Some(first) = facts.first() else {
            en.push(name.clone());
            zh.push(name.clone());
            continue;
        };
        let (from, from_zh) = origin(d, first);
        let what = |zh: bool| {
            facts
                .iter()
                .map(|f| {
                    let Text { en: l, zh: l_zh } = f.kind.label();
                    format!("{} {}", if zh { l_zh } else { l }, f.value)
                })
                .collect::<Vec<_>>()
        };
        en.push(format!("{} {from}", what(false).join(" and ")));
        zh.push(format!("{}（{from_zh}）", what(true).join("、")));
    }
    if items.len() > NAMED {
        en.push(format!("{} more", items.len() - NAMED));
        zh.push(format!("另有 {} 项", items.len() - NAMED));
    }
    (en.join("; "), zh.join("；"))
}

/// Captures of `category` that were read but lack one of `kinds`, or could not be read.
fn lacking(items: &[&ItemDetails], category: Category, kinds: &[FactKind]) -> (String, String) {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    let captures = items
        .iter()
        .filter(|d| d.item.record.category == category)
        .filter_map(|d| d.ocr.as_ref().map(|o| (d, o)));
    for (d, o) in captures.take(NAMED) {
        let name = &d.item.record.original_name;
        if o.text.is_none() {
            let why = o.reason.as_deref().unwrap_or("");
            let why_zh = o.reason_zh.as_deref().unwrap_or(why);
            en.push(format!("{name}: {why}."));
            zh.push(format!("{name}：{why_zh}。"));
            continue;
        }
        let missing: Vec<FactKind> = kinds
            .iter()
            .copied()
            .filter(|k| relevant(d, *k).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = |zh: bool| {
            missing
                .iter()
                .map(|k| k.label().get(if zh { Lang::Zh } else { Lang::En }))
                .collect::<Vec<_>>()
        };
        let other = if missing.contains(&FactKind::Refusal) {
            (
                " (only the other party's words count)",
                "（只算对方说的话）",
            )
        } else {
            ("", "")
        };
        en.push(format!(
            "{name} was read, but no {} could be read in it{}.",
            list(false).join(" or "),
            other.0
        ));
        zh.push(format!(
            "已识别 {name}，但其中没有读到{}{}。",
            list(true).join("或"),
            other.1
        ));
    }
    (en.join(" "), zh.join(""))
}
