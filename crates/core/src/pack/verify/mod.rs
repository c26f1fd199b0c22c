//! `verify-bundle`: checks a pack without trusting anything in it. Every file against
//! SHA256SUMS, every chain entry recomputed with its link, the checkpoint, the manifest against
//! a replay of the chain (`replayed`), every original against the chain's hash, no file the
//! layout does not explain, and every generated file against the pack made again (`generated`).
//! Lists every problem it finds, each naming the file or entry (docs/SECURITY.md).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::layout;
use super::manifest::{self, Manifest};
use super::read::{self, Hashed, Source};
use super::sums;
use crate::ledger::{entry_hash, merkle, GENESIS_PREV};

mod generated;
mod replayed;

/// What is wrong with a pack, stable, serialised as its snake_case name (`"hash_mismatch"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum BundleCode {
    UnsafeEntry,
    MissingFile,
    UnlistedFile,
    UnexplainedFile,
    HashMismatch,
    Unreadable,
    BadSums,
    BadManifest,
    CaseMismatch,
    ItemMissing,
    ItemMismatch,
    ContactMismatch,
    FactMismatch,
    GeneratedMismatch,
    ChainBroken,
    CheckpointMismatch,
}

crate::error::wire_code!(BundleCode);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BundleProblem {
    pub code: BundleCode,
    /// The file or entry it is about.
    pub subject: String,
    pub message: String,
    pub message_zh: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BundleReport {
    pub ok: bool,
    pub path: String,
    pub case_title: Option<String>,
    pub order_no: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files_checked: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items_checked: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries_checked: u64,
    pub checkpoint: Option<String>,
    pub as_of: Option<String>,
    pub problems: Vec<BundleProblem>,
}

struct Problems(Vec<BundleProblem>);

impl Problems {
    fn add(&mut self, code: BundleCode, subject: &str, en: String, zh: String) {
        self.0.push(BundleProblem {
            code,
            subject: subject.into(),
            message: en,
            message_zh: zh,
        });
    }
}

/// Checks the pack at `path` (ZIP file or folder).
pub fn verify_bundle(path: &Path) -> BundleReport {
    // Read for their content; every other file is hashed here and compared by hash.
    let keep = |n: &str| n == layout::SUMS || n == layout::MANIFEST;
    let mut report = BundleReport {
        ok: false,
        path: path.display().to_string(),
        case_title: None,
        order_no: None,
        files_checked: 0,
        items_checked: 0,
        entries_checked: 0,
        checkpoint: None,
        as_of: None,
        problems: Vec::new(),
    };
    let mut p = Problems(Vec::new());
    let source = Source::of(path);
    match source.hash_all(&keep) {
        Err(refusals) => {
            for r in refusals {
                p.add(
                    BundleCode::UnsafeEntry,
                    &r.entry,
                    format!("{}: {} — the pack was not read", r.entry, r.reason),
                    format!("{}：{}——未读取该证据包", r.entry, r.reason_zh),
                );
            }
        }
        Ok(files) => {
            report.files_checked = files.len() as u64;
            check_files(&source, &files, &mut p, &mut report);
        }
    }
    report.ok = p.0.is_empty();
    report.problems = p.0;
    report
}

fn check_files(source: &Source, files: &[Hashed], p: &mut Problems, report: &mut BundleReport) {
    let by_name: BTreeMap<&str, &Hashed> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    for f in files {
        if let Err(e) = &f.sha256 {
            p.add(
                BundleCode::Unreadable,
                &f.name,
                format!("{}: cannot be read: {e}", f.name),
                format!("{}：无法读取：{e}", f.name),
            );
        }
    }
    check_sums(&by_name, p);
    let Some(m) = load_manifest(&by_name, p) else {
        return;
    };
    report.case_title = Some(m.case.fields.title.clone());
    report.order_no = m.case.fields.order_no.clone();
    report.as_of = Some(m.as_of.clone());
    report.checkpoint = Some(m.checkpoint.root.clone());
    report.entries_checked = check_chain(&m, p);
    let state = replayed::replay(&m);
    // Print what the chain says, not what the manifest claims.
    if let Some(row) = state.cases.get(&m.case.id) {
        report.case_title = row.get("title").cloned().flatten();
        report.order_no = row.get("order_no").cloned().flatten();
    }
    replayed::check(&m, &state, p);
    let (checked, originals_ok) = check_originals(&m, &by_name, p);
    report.items_checked = checked;
    check_explained(&m, &by_name, p);
    generated::check(&m, &state, source, &by_name, originals_ok, p);
}

/// Every file must be one the layout names: the fixed files, each listed item's original and
/// its reading aids (both checked against the chain and the originals). Anything else was
/// slipped in, even when SHA256SUMS lists it.
fn check_explained(m: &Manifest, by_name: &BTreeMap<&str, &Hashed>, p: &mut Problems) {
    let mut known: std::collections::BTreeSet<&str> = [
        layout::README,
        layout::MANIFEST,
        layout::SUMS,
        layout::REPORT,
        layout::VERIFY_HTML,
    ]
    .into();
    for item in &m.items {
        known.extend(item.path.as_deref());
        known.extend(item.derived.iter().map(String::as_str));
    }
    for name in by_name.keys().filter(|n| !known.contains(*n)) {
        p.add(
            BundleCode::UnexplainedFile,
            name,
            format!("{name} is not part of the pack the chain describes (slipped in afterwards?)"),
            format!("{name} 不属于证据链所描述的证据包（可能是后来放入的）"),
        );
    }
    for name in [layout::README, layout::REPORT, layout::VERIFY_HTML] {
        if !by_name.contains_key(name) {
            p.add(
                BundleCode::MissingFile,
                name,
                format!("{name} is missing from the pack"),
                format!("证据包中缺少 {name}"),
            );
        }
    }
}

fn hash_of<'a>(by_name: &BTreeMap<&str, &'a Hashed>, name: &str) -> Option<&'a str> {
    by_name.get(name).and_then(|f| f.sha256.as_deref().ok())
}

fn check_sums(by_name: &BTreeMap<&str, &Hashed>, p: &mut Problems) {
    let Some(text) = by_name
        .get(layout::SUMS)
        .and_then(|f| f.bytes.as_ref())
        .map(|b| String::from_utf8_lossy(b).into_owned())
    else {
        p.add(
            BundleCode::MissingFile,
            layout::SUMS,
            "SHA256SUMS is missing from the pack".into(),
            "证据包中缺少 SHA256SUMS".into(),
        );
        return;
    };
    let (listed, bad) = sums::parse(&text);
    // Proofpack writes one exact form; anything else (case, spacing, order) was edited.
    if bad.is_empty() && sums::render(&listed) != text {
        p.add(BundleCode::BadSums, layout::SUMS, "SHA256SUMS is not in the form Proofpack writes it (lowercase hashes, two spaces, sorted paths): it was edited".into(), "SHA256SUMS 的格式与证据包写出的不同（小写哈希、两个空格、按路径排序）：已被编辑".into());
    }
    for (line, content) in bad {
        p.add(
            BundleCode::BadSums,
            layout::SUMS,
            format!("SHA256SUMS line {line} is not `<sha256>  <path>`: {content}"),
            format!("SHA256SUMS 第 {line} 行格式不对：{content}"),
        );
    }
    let mut named = std::collections::BTreeSet::new();
    for (path, want) in &listed {
        named.insert(path.as_str());
        match by_name.get(path.as_str()) {
            None => p.add(
                BundleCode::MissingFile,
                path,
                format!("{path} is listed in SHA256SUMS but missing from the pack"),
                format!("{path} 列在 SHA256SUMS 中，但证据包中没有该文件"),
            ),
            Some(f) => {
                if let Ok(got) = &f.sha256 {
                    if got != want {
                        p.add(BundleCode::HashMismatch, path, format!("{path} was changed: SHA256SUMS says {want}, the file hashes to {got}"), format!("{path} 已被修改：SHA256SUMS 记录为 {want}，文件实际为 {got}"));
                    }
                }
            }
        }
    }
    for name in by_name.keys() {
        if *name != layout::SUMS && !named.contains(name) {
            p.add(
                BundleCode::UnlistedFile,
                name,
                format!("{name} is in the pack but not in SHA256SUMS (added afterwards?)"),
                format!("{name} 在证据包中，但不在 SHA256SUMS 中（可能是后来加入的）"),
            );
        }
    }
}

fn load_manifest(by_name: &BTreeMap<&str, &Hashed>, p: &mut Problems) -> Option<Manifest> {
    let file = by_name.get(layout::MANIFEST);
    if let Some(f) = file.filter(|f| f.bytes.is_none() && f.sha256.is_ok()) {
        p.add(
            BundleCode::BadManifest,
            layout::MANIFEST,
            format!(
                "manifest.json is {} MiB, more than the {} MiB this verifier reads",
                f.size >> 20,
                read::KEEP_AT_MOST >> 20
            ),
            format!(
                "manifest.json 有 {} MiB，超过本程序可读取的 {} MiB",
                f.size >> 20,
                read::KEEP_AT_MOST >> 20
            ),
        );
        return None;
    }
    let Some(bytes) = file.and_then(|f| f.bytes.as_ref()) else {
        p.add(
            BundleCode::MissingFile,
            layout::MANIFEST,
            "manifest.json is missing from the pack".into(),
            "证据包中缺少 manifest.json".into(),
        );
        return None;
    };
    let m: Manifest = match serde_json::from_slice(bytes) {
        Ok(m) => m,
        Err(e) => {
            p.add(
                BundleCode::BadManifest,
                layout::MANIFEST,
                format!("manifest.json cannot be read: {e}"),
                format!("manifest.json 无法读取：{e}"),
            );
            return None;
        }
    };
    if m.format != manifest::FORMAT || m.version > manifest::VERSION {
        p.add(
            BundleCode::BadManifest,
            layout::MANIFEST,
            format!(
                "manifest.json is {} version {}; this Proofpack reads {} up to version {}",
                m.format,
                m.version,
                manifest::FORMAT,
                manifest::VERSION
            ),
            format!(
                "manifest.json 的格式为 {} 第 {} 版；本程序只能读取 {} 第 {} 版及以前",
                m.format,
                m.version,
                manifest::FORMAT,
                manifest::VERSION
            ),
        );
        return None;
    }
    Some(m)
}

/// Each active item's original is in the pack, with the hash the chain recorded. Returns how
/// many were checked and whether all were there and right.
fn check_originals(
    m: &Manifest,
    by_name: &BTreeMap<&str, &Hashed>,
    p: &mut Problems,
) -> (u64, bool) {
    let mut checked = 0;
    let mut all_ok = true;
    for item in &m.items {
        let Some(path) = &item.path else { continue };
        checked += 1;
        let got = hash_of(by_name, path);
        all_ok &= got == Some(item.sha256.as_str());
        match got {
            // Present but unreadable: already reported above.
            None if by_name.contains_key(path.as_str()) => {}
            None => p.add(
                BundleCode::MissingFile,
                path,
                format!("{path} (item {}) is missing from the pack", item.id),
                format!("{path}（证据 {}）不在证据包中", item.id),
            ),
            Some(got) if got != item.sha256 => p.add(
                BundleCode::HashMismatch,
                path,
                format!(
                    "{path} is not the original: the chain recorded {}, the file hashes to {got}",
                    item.sha256
                ),
                format!(
                    "{path} 不是原件：证据链记录为 {}，文件实际为 {got}",
                    item.sha256
                ),
            ),
            Some(_) => {}
        }
        for d in &item.derived {
            if !by_name.contains_key(d.as_str()) {
                p.add(
                    BundleCode::MissingFile,
                    d,
                    format!("{d} is missing from the pack"),
                    format!("{d} 不在证据包中"),
                );
            }
        }
    }
    (checked, all_ok)
}

/// Recomputes every entry hash and link, then the checkpoint.
fn check_chain(m: &Manifest, p: &mut Problems) -> u64 {
    let mut prev = GENESIS_PREV.to_string();
    for (i, e) in m.ledger.iter().enumerate() {
        let subject = format!("manifest.json ledger seq {}", e.seq);
        if e.seq != i as i64 + 1 || e.case_id != m.case.id {
            p.add(
                BundleCode::ChainBroken,
                &subject,
                format!(
                    "chain entry {} is out of place (expected seq {} of case {})",
                    e.seq,
                    i + 1,
                    m.case.id
                ),
                format!(
                    "证据链记录 {} 位置不对（应为案件 {} 的第 {} 条）",
                    e.seq,
                    m.case.id,
                    i + 1
                ),
            );
        }
        if e.prev != prev {
            p.add(
                BundleCode::ChainBroken,
                &subject,
                format!("chain entry {} does not link to the entry before it", e.seq),
                format!("证据链记录 {} 与前一条记录不衔接", e.seq),
            );
        }
        let h = entry_hash(e.seq, e.case_id, &e.at, &e.action, &e.payload, &e.prev);
        if h != e.hash {
            p.add(
                BundleCode::ChainBroken,
                &subject,
                format!(
                    "chain entry {} was changed: its content hashes to {h}, it claims {}",
                    e.seq, e.hash
                ),
                format!(
                    "证据链记录 {} 已被修改：内容的哈希为 {h}，记录声称为 {}",
                    e.seq, e.hash
                ),
            );
        }
        prev = e.hash.clone();
    }
    let hashes: Vec<String> = m.ledger.iter().map(|e| e.hash.clone()).collect();
    let root = merkle::root_hex(&hashes);
    if root != m.checkpoint.root || m.checkpoint.entries != m.ledger.len() as u64 {
        p.add(BundleCode::CheckpointMismatch, "manifest.json checkpoint", format!("the checkpoint does not match the chain: the {} entries give {root}, the manifest says {} over {}", m.ledger.len(), m.checkpoint.root, m.checkpoint.entries), format!("检查点与证据链不符：{} 条记录算得 {root}，清单记录为 {}（{} 条）", m.ledger.len(), m.checkpoint.root, m.checkpoint.entries));
    }
    m.ledger.len() as u64
}
