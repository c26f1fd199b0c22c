//! The manifest against a replay of its own chain. A forger who recomputes SHA256SUMS can still
//! edit the manifest; every field the chain also records (the case, each item, each contact)
//! must therefore be what the replay says, every item the chain holds must be listed, and each
//! active item must carry the number and path the pack's layout gives it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{BundleCode, Problems};
use crate::case::number::evidence_numbers;
use crate::case::ItemStatus;
use crate::ledger::replay::{as_text, Row, State};
use crate::pack::layout;
use crate::pack::manifest::Manifest;

/// The chain replayed; entries that cannot be applied are reported by the chain check.
pub(super) fn replay(m: &Manifest) -> State {
    let mut state = State::default();
    for e in &m.ledger {
        let _ = state.apply(m.case.id, e.seq, &e.at, &e.action, &e.payload);
    }
    state
}

pub(super) fn check(m: &Manifest, state: &State, p: &mut Problems) {
    check_case(m, state, p);
    check_items(m, state, p);
    check_contacts(m, state, p);
}

/// Each column of `row` that the manifest's `record` also shows must hold the same text.
fn differing(row: &Row, record: &impl Serialize) -> Vec<String> {
    let json = serde_json::to_value(record).unwrap_or(Value::Null);
    row.iter()
        .filter(|(col, want)| {
            json.get(col.as_str())
                .is_some_and(|v| as_text(Some(v)) != **want)
        })
        .map(|(col, _)| col.clone())
        .collect()
}

fn check_case(m: &Manifest, state: &State, p: &mut Problems) {
    let subject = "manifest.json case";
    let Some(row) = state.cases.get(&m.case.id) else {
        p.add(
            BundleCode::CaseMismatch,
            subject,
            format!("the chain never created case {}", m.case.id),
            format!("证据链中没有创建案件 {}", m.case.id),
        );
        return;
    };
    for col in differing(row, &m.case) {
        p.add(
            BundleCode::CaseMismatch,
            subject,
            format!("the case's {col} in manifest.json is not what the chain recorded"),
            format!("manifest.json 中案件的 {col} 与证据链记录不一致"),
        );
    }
}

fn check_items(m: &Manifest, state: &State, p: &mut Problems) {
    let listed: BTreeMap<i64, _> = m.items.iter().map(|i| (i.id, i)).collect();
    for id in state.items.keys().filter(|id| !listed.contains_key(id)) {
        p.add(
            BundleCode::ItemMissing,
            &format!("item {id}"),
            format!("item {id} is in the chain but not in manifest.json (removed from the pack?)"),
            format!("证据 {id} 在证据链中，但不在 manifest.json 中（是否已从证据包删除？）"),
        );
    }
    let active = m
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Active)
        .map(|i| (i.id, i.category));
    let numbers: BTreeMap<i64, String> = evidence_numbers(active).into_iter().collect();
    for item in &m.items {
        let subject = item
            .path
            .clone()
            .unwrap_or_else(|| format!("item {}", item.id));
        let Some(row) = state.items.get(&item.id) else {
            p.add(
                BundleCode::ItemMismatch,
                &subject,
                format!("manifest item {} is not in the chain", item.id),
                format!("清单中的证据 {} 不在证据链中", item.id),
            );
            continue;
        };
        let mut wrong = differing(row, item);
        let number = numbers.get(&item.id);
        if item.number.as_ref() != number {
            wrong.push("number".into());
        }
        let path = number.map(|n| layout::evidence_path(item.category, n, &item.original_name));
        if item.path != path {
            wrong.push("path".into());
        }
        for col in wrong {
            p.add(
                BundleCode::ItemMismatch,
                &subject,
                format!(
                    "manifest item {} ({}): {col} is not what the chain recorded",
                    item.id, item.original_name
                ),
                format!(
                    "清单中的证据 {}（{}）：{col} 与证据链记录不一致",
                    item.id, item.original_name
                ),
            );
        }
    }
}

fn check_contacts(m: &Manifest, state: &State, p: &mut Problems) {
    let listed: BTreeMap<i64, _> = m.contacts.iter().map(|c| (c.id, c)).collect();
    for id in state.contacts.keys().filter(|id| !listed.contains_key(id)) {
        p.add(
            BundleCode::ContactMismatch,
            &format!("contact {id}"),
            format!("escalation step {id} is in the chain but not in manifest.json"),
            format!("沟通记录 {id} 在证据链中，但不在 manifest.json 中"),
        );
    }
    for c in &m.contacts {
        let subject = format!("manifest.json contact {}", c.id);
        let wrong = match state.contacts.get(&c.id) {
            None => vec!["id".to_string()],
            Some(row) => differing(row, c),
        };
        for col in wrong {
            p.add(
                BundleCode::ContactMismatch,
                &subject,
                format!(
                    "escalation step {}: {col} is not what the chain recorded",
                    c.id
                ),
                format!("沟通记录 {}：{col} 与证据链记录不一致", c.id),
            );
        }
    }
}
