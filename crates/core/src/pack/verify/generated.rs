//! The files Proofpack makes rather than keeps: each must be exactly what this version writes
//! from the chain and the originals. README.txt is rendered again from the (already checked)
//! manifest; verify.html is this version's own page; each transcript and bill table is parsed
//! again from its original, and so are the facts. A replaced reading aid cannot put words in
//! the support agent's mouth.

use std::collections::{BTreeMap, BTreeSet};

use super::Problems;
use crate::case::ItemStatus;
use crate::extract::Fact;
use crate::ingest::analyze::{self, Derived, MAX_PARSE_BYTES};
use crate::ingest::facts::item_facts;
use crate::ledger::replay::State;
use crate::pack::manifest::{self, Manifest, ManifestItem};
use crate::pack::read::{Hashed, Source};
use crate::pack::{layout, readme, write, VERIFY_HTML};

pub(super) fn check(
    m: &Manifest,
    state: &State,
    source: &Source,
    by_name: &BTreeMap<&str, &Hashed>,
    p: &mut Problems,
) {
    let readme = readme::render_parts(&m.case, &m.ledger, &m.checkpoint.root);
    compare(by_name, layout::README, readme.as_bytes(), p);
    if m.generator == manifest::generator() {
        compare(by_name, layout::VERIFY_HTML, VERIFY_HTML.as_bytes(), p);
    }
    let mut facts = Vec::new();
    for item in m.items.iter().filter(|i| i.status == ItemStatus::Active) {
        let derived = rederive(item, source, by_name);
        check_derived(item, state, &derived, by_name, p);
        let note = import_note(m, item.id);
        facts.extend(item_facts(
            item.id,
            &derived,
            &item.original_name,
            note.as_deref(),
        ));
    }
    check_facts(&m.facts, facts, p);
}

fn mismatch(p: &mut Problems, name: &str) {
    p.add(
        "generated_mismatch",
        name,
        format!("{name} is not what Proofpack writes for this chain and these originals: it was replaced or edited"),
        format!("{name} 与证据包根据这条证据链和这些原件生成的内容不同：已被替换或编辑"),
    );
}

fn compare(by_name: &BTreeMap<&str, &Hashed>, name: &str, want: &[u8], p: &mut Problems) {
    let Some(f) = by_name.get(name) else {
        return; // Reported as missing by the SHA256SUMS and layout checks.
    };
    if f.sha256.as_deref().ok() != Some(write::sha256_hex(want).as_str()) {
        mismatch(p, name);
    }
}

/// What the parsers make of the item's original, read from the pack; nothing for pictures
/// and other files no parser reads (their facts come from the name and note alone).
fn rederive(item: &ManifestItem, source: &Source, by_name: &BTreeMap<&str, &Hashed>) -> Derived {
    let nothing = Derived::nothing(&item.sha256);
    let Some(path) = &item.path else {
        return nothing;
    };
    // The import never parses larger files either.
    if !analyze::is_parsed(&item.media_type, &item.original_name) || item.size > MAX_PARSE_BYTES {
        return nothing;
    }
    let hashed_ok = by_name
        .get(path.as_str())
        .is_some_and(|f| f.sha256.as_deref().ok() == Some(item.sha256.as_str()));
    let bytes = match source.read_one(path, MAX_PARSE_BYTES) {
        // Read twice: the bytes parsed must be the bytes hashed.
        Ok(b) if hashed_ok && write::sha256_hex(&b) == item.sha256 => b,
        _ => return nothing, // A changed or missing original is reported by the item check.
    };
    analyze::analyze_bytes(&item.sha256, &bytes, &item.media_type, &item.original_name)
}

fn confirmed_rows(state: &State, id: i64) -> Vec<u32> {
    state
        .items
        .get(&id)
        .and_then(|r| r.get("bill_rows").cloned().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn check_derived(
    item: &ManifestItem,
    state: &State,
    derived: &Derived,
    by_name: &BTreeMap<&str, &Hashed>,
    p: &mut Problems,
) {
    let Some(number) = &item.number else { return };
    let files = manifest::derived_files_of(
        &item.original_name,
        &item.sha256,
        derived.parsed(),
        &confirmed_rows(state, item.id),
        number,
    );
    let expected: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    let listed: BTreeSet<&str> = item.derived.iter().map(String::as_str).collect();
    for extra in listed.difference(&expected) {
        p.add(
            "item_mismatch",
            extra,
            format!(
                "{extra} is listed for item {} but is not what its original gives",
                item.id
            ),
            format!("{extra} 列在证据 {} 名下，但不是由其原件生成的", item.id),
        );
    }
    for (path, body) in &files {
        if !listed.contains(path.as_str()) {
            p.add(
                "item_mismatch",
                path,
                format!(
                    "{path}, made from item {}'s original, is not listed in manifest.json",
                    item.id
                ),
                format!(
                    "{path} 由证据 {} 的原件生成，但未列在 manifest.json 中",
                    item.id
                ),
            );
        }
        compare(by_name, path, body.as_bytes(), p);
    }
}

/// The note the item had when it was added: facts are extracted at import.
fn import_note(m: &Manifest, id: i64) -> Option<String> {
    m.ledger
        .iter()
        .filter(|e| e.action == "evidence_added")
        .find(|e| e.payload["item"]["id"].as_i64() == Some(id))
        .and_then(|e| e.payload["item"]["note"].as_str().map(str::to_string))
}

fn check_facts(listed: &[Fact], expected: Vec<Fact>, p: &mut Problems) {
    // Counted as multisets: the order of facts is not part of what they say.
    let mut count: BTreeMap<String, i64> = BTreeMap::new();
    for f in listed {
        *count
            .entry(serde_json::to_string(f).unwrap_or_default())
            .or_default() += 1;
    }
    for f in &expected {
        *count
            .entry(serde_json::to_string(f).unwrap_or_default())
            .or_default() -= 1;
    }
    let extra: i64 = count.values().filter(|n| **n > 0).sum();
    let missing: i64 = -count.values().filter(|n| **n < 0).sum::<i64>();
    if extra == 0 && missing == 0 {
        return;
    }
    p.add(
        "fact_mismatch",
        "manifest.json facts",
        format!("the facts in manifest.json are not what the originals say: {extra} not found in them, {missing} left out"),
        format!("manifest.json 中的事实与原件不符：{extra} 条在原件中找不到，{missing} 条被遗漏"),
    );
}
