//! `manifest.json`: the machine-readable heart of a pack (schema: docs/schema/manifest-v1.json).
//! It carries the whole chain, so anyone can recompute every entry hash and the checkpoint, and
//! every item with the file that holds its original bytes.

use serde::{Deserialize, Serialize};

use super::layout;
use super::report::{ReportLang, ReportParts};
use super::snapshot::Snapshot;
use crate::case::contacts::Contact;
use crate::case::{Case, Category, CategorySource, ItemStatus};
use crate::extract::Fact;
use crate::ingest::analyze::Body;
use crate::ingest::derived::ItemDetails;
use crate::ingest::source_time::TimeSource;
use crate::ledger::LedgerEntry;

pub const FORMAT: &str = "proofpack-evidence-pack";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub generator: String,
    /// Time of the last state-changing ledger entry the pack covers (UTC).
    pub as_of: String,
    pub case: Case,
    pub checkpoint: Checkpoint,
    pub report: ReportSettings,
    pub items: Vec<ManifestItem>,
    pub facts: Vec<Fact>,
    pub contacts: Vec<Contact>,
    pub ledger: Vec<LedgerEntry>,
}

/// How report.pdf was made, so that a verifier can make it again and compare.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub lang: ReportLang,
    pub parts: ReportParts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// RFC 9162 Merkle tree root over the entry hashes, lowercase hex.
    pub root: String,
    pub entries: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestItem {
    pub id: i64,
    /// `1-1`...; None for a withdrawn item, which has no file in the pack.
    pub number: Option<String>,
    pub category: Category,
    pub category_source: CategorySource,
    pub status: ItemStatus,
    pub original_name: String,
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub file_mtime: Option<String>,
    pub imported_at: String,
    /// When the source says it was made (EXIF, else a time in the file name), as recorded there.
    pub source_time: Option<String>,
    /// Where `source_time` was read: `exif` or `file_name` (weaker: a name is easily changed).
    pub source_time_from: Option<TimeSource>,
    pub note: Option<String>,
    pub withdrawn_reason: Option<String>,
    /// Where the original bytes are in the pack.
    pub path: Option<String>,
    /// Reading aids made from it (transcript, bill rows), each naming this item's hash.
    pub derived: Vec<String>,
}

/// The derived files of an item and their text, if it has any.
pub fn derived_files(d: &ItemDetails, number: &str) -> Vec<(String, String)> {
    let mut files = body_files(d, number);
    if let Some(text) = d.ocr.as_ref().and_then(|o| o.text.as_ref()) {
        files.extend(ocr_files(d, number, text));
    }
    files
}

/// Suffix of the recognised-text file a rebuild reads a capture again for.
pub const OCR_JSON: &str = ".ocr.json";

/// A capture's recognised text: plain, and with each line's box and confidence.
fn ocr_files(d: &ItemDetails, number: &str, t: &crate::ocr::OcrText) -> Vec<(String, String)> {
    let name = &d.item.record.original_name;
    let hash = &d.item.record.sha256;
    let mut plain = format!(
        "Text read from {name} (evidence {number}), SHA-256 {hash}\n\
         {name}（证据 {number}）中识别出的文字，原件 SHA-256 {hash}\n\
         Read by / 识别引擎: {} {}. Machine-read on the user's computer: it may contain mistakes; the picture is the evidence.\n\
         本文件由本机自动识别生成，可能有误，证据以原图为准。\n\n",
        t.engine, t.model
    );
    plain.push_str(&t.plain());
    let body = serde_json::json!({
        "original_sha256": hash,
        "original_name": name,
        "evidence": number,
        "engine": t.engine,
        "model": t.model,
        "width": t.width,
        "height": t.height,
        "lines": t.lines,
        "note": "Text machine-read from the original picture by Proofpack; boxes are in the picture's pixels (x, y, w, h). The picture is the evidence. 由证据包从原图自动识别，坐标为原图像素；证据以原图为准。",
    });
    let json = serde_json::to_string_pretty(&body).unwrap_or_default() + "\n";
    vec![
        (layout::derived_path(number, name, ".ocr.txt"), plain),
        (layout::derived_path(number, name, OCR_JSON), json),
    ]
}

fn body_files(d: &ItemDetails, number: &str) -> Vec<(String, String)> {
    let name = &d.item.record.original_name;
    let hash = &d.item.record.sha256;
    match d.derived.as_ref().map_or(&Body::Nothing, |x| &x.body) {
        Body::Transcript(t) => {
            let mut s = format!(
                "Transcript of {name} (evidence {number}), SHA-256 {hash}\n\
                 {name}（证据 {number}）的聊天记录文本，原件 SHA-256 {hash}\n\
                 Format / 格式: {}. A reading aid made by Proofpack; the original file is the evidence.\n\
                 本文件为便于阅读而生成，证据以原件为准。\n\n",
                t.format
            );
            if let Some(r) = &t.dates {
                s.push_str(&format!("{}\n{}\n\n", r.notice, r.notice_zh));
            }
            for m in &t.messages {
                let time = m.time.as_deref().unwrap_or("?");
                s.push_str(&format!("[{time}] {}: {}\n", m.sender, m.text));
            }
            vec![(layout::derived_path(number, name, ".transcript.txt"), s)]
        }
        Body::Bill(b) => {
            let body = serde_json::json!({
                "original_sha256": hash,
                "original_name": name,
                "evidence": number,
                "format": b.format,
                "confirmed_rows": d.item.bill_rows,
                "rows": b.rows,
                "note": "Rows read by Proofpack from the original bill; the original file is the evidence. 由证据包从账单原件读取，证据以原件为准。",
            });
            let text = serde_json::to_string_pretty(&body).unwrap_or_default() + "\n";
            vec![(layout::derived_path(number, name, ".bill.json"), text)]
        }
        _ => Vec::new(),
    }
}

/// Who wrote a pack: verify-bundle compares the files it generates only with its own version's.
pub fn generator() -> String {
    format!("proofpack {}", env!("CARGO_PKG_VERSION"))
}

pub fn build(s: &Snapshot, report: ReportSettings) -> Manifest {
    let items = s
        .items
        .iter()
        .map(|d| {
            let r = &d.item.record;
            let number = s.number_of(r.id).map(str::to_string);
            let path = number
                .as_deref()
                .map(|n| layout::evidence_path(r.category, n, &r.original_name));
            let derived = number
                .as_deref()
                .map(|n| derived_files(d, n).into_iter().map(|(p, _)| p).collect())
                .unwrap_or_default();
            // Only what the pack can show: a withdrawn item has no file to read it from.
            let own = path.as_ref().and(d.source_time.as_ref());
            ManifestItem {
                id: r.id,
                number,
                category: r.category,
                category_source: r.category_source,
                status: d.item.status,
                original_name: r.original_name.clone(),
                sha256: r.sha256.clone(),
                size: u64::try_from(r.size).unwrap_or(0),
                media_type: r.media_type.clone(),
                file_mtime: r.file_mtime.clone(),
                imported_at: d.item.imported_at.clone(),
                source_time: own.map(|t| t.at.clone()),
                source_time_from: own.map(|t| t.source),
                note: r.note.clone(),
                withdrawn_reason: d.item.withdrawn_reason.clone(),
                path,
                derived,
            }
        })
        .collect();
    Manifest {
        format: FORMAT.into(),
        version: VERSION,
        generator: generator(),
        as_of: s.ledger.last().map(|e| e.at.clone()).unwrap_or_default(),
        case: s.case.clone(),
        checkpoint: Checkpoint {
            root: s.checkpoint.clone(),
            entries: s.ledger.len() as u64,
        },
        report,
        items,
        facts: s.facts.clone(),
        contacts: s.contacts.contacts.clone(),
        ledger: s.ledger.clone(),
    }
}
