//! A library rebuilt from a received pack, in a temporary folder: the tables replayed from the
//! chain, the chain itself, every original stored again as an object, and the derived data
//! (transcripts, bill rows, EXIF, previews, facts, suggestions) made again from the originals
//! exactly as import makes it. verify-bundle exports this library again and compares every file
//! Proofpack generates (manifest, README, report, reading aids) byte for byte with the pack:
//! the pack must be what this version writes from its chain and its originals, nothing else.
//! The temporary folder goes when the result is dropped; nothing is written beside the pack.

use rusqlite::{params, Transaction};

use super::manifest::Manifest;
use super::read::Source;
use crate::error::{Error, Result};
use crate::ingest::analyze;
use crate::ingest::derived;
use crate::ledger::canonical::jcs;
use crate::ledger::replay::{Row, State};
use crate::store::Library;

pub struct Rebuilt {
    pub lib: Library,
    // Kept only to delete the folder when the result is dropped.
    _dir: tempfile::TempDir,
}

/// Builds the library the pack says it came from. Fails when an original cannot be read
/// back or no longer has its hash (verify has already named such a file).
pub fn rebuild(m: &Manifest, state: &State, source: &Source) -> Result<Rebuilt> {
    let dir = tempfile::Builder::new()
        .prefix("proofpack-verify-")
        .tempdir()
        .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
    let lib = Library::open(&dir.path().join("library"))?;
    store_originals(&lib, m, source)?;
    let mut conn = lib.connect()?;
    let tx = conn.transaction()?;
    for item in &m.items {
        tx.execute(
            "INSERT OR IGNORE INTO objects (sha256, size, media_type, stored_at) VALUES (?1, ?2, ?3, ?4)",
            params![item.sha256, item.size as i64, item.media_type, item.imported_at],
        )?;
    }
    insert_rows(&tx, "cases", state.cases.values())?;
    insert_rows(&tx, "items", state.items.values())?;
    insert_rows(&tx, "contacts", state.contacts.values())?;
    insert_rows(&tx, "letters", state.letters.values())?;
    for e in &m.ledger {
        let payload = String::from_utf8(jcs(&e.payload)).unwrap_or_default();
        tx.execute(
            "INSERT INTO ledger (case_id, seq, at, action, payload, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![e.case_id, e.seq, e.at, e.action, payload, e.prev, e.hash],
        )?;
    }
    derive_items(&lib, &tx, m)?;
    tx.commit()?;
    drop(conn);
    read_captures(&lib, m)?;
    Ok(Rebuilt { lib, _dir: dir })
}

/// Every packed original, streamed into the object store (which hashes as it copies).
fn store_originals(lib: &Library, m: &Manifest, source: &Source) -> Result<()> {
    for item in &m.items {
        let Some(path) = &item.path else { continue };
        let at = std::path::Path::new(path);
        let stored = source
            .read_with(path, |r| lib.objects().put_stream(r, at))
            .map_err(|e| Error::io(at, e))??;
        if stored.sha256 != item.sha256 {
            return Err(Error::invalid(
                "pack",
                format!("{path} is not the original the chain recorded"),
                format!("{path} 不是证据链记录的原件"),
            ));
        }
    }
    Ok(())
}

/// A replayed row inserted as text; the columns' declared types convert numbers back.
fn insert_rows<'a>(
    tx: &Transaction,
    table: &str,
    rows: impl Iterator<Item = &'a Row>,
) -> Result<()> {
    for row in rows {
        let cols: Vec<&str> = row.keys().map(String::as_str).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        );
        tx.execute(&sql, rusqlite::params_from_iter(row.values()))?;
    }
    Ok(())
}

/// Derived data of each packed item, made as `Library::import` makes it: the analysis, then
/// `derived::facts_and_suggestion` with the note the item was added with.
fn derive_items(lib: &Library, tx: &Transaction, m: &Manifest) -> Result<()> {
    for item in m.items.iter().filter(|i| i.path.is_some()) {
        let d = analyze::analyze(
            lib.objects(),
            &lib.thumbs_dir(),
            &item.sha256,
            item.size,
            &item.media_type,
            &item.original_name,
        );
        let note = added_note(m, item.id);
        let (facts, suggestion) = derived::facts_and_suggestion(
            &d,
            &item.original_name,
            &item.media_type,
            note.as_deref(),
        );
        derived::save_item(tx, item.id, &d, &facts, &suggestion, &item.imported_at)?;
    }
    Ok(())
}

/// Captures the pack carries recognised text for are read again, as the app read them, so
/// that text and the facts from it are checked like everything else that was generated.
fn read_captures(lib: &Library, m: &Manifest) -> Result<()> {
    let read: Vec<i64> = m
        .items
        .iter()
        .filter(|i| {
            i.derived
                .iter()
                .any(|p| p.ends_with(super::manifest::OCR_JSON))
        })
        .map(|i| i.id)
        .collect();
    if read.is_empty() {
        return Ok(());
    }
    let engine = crate::ocr::bundled().map_err(Error::OcrUnavailable)?;
    let never = std::sync::atomic::AtomicBool::new(false);
    lib.read_captures(engine, &read, &|_, _, _| {}, &never)?;
    Ok(())
}

/// The note an item was added with, from its `evidence_added` entry.
fn added_note(m: &Manifest, id: i64) -> Option<String> {
    m.ledger
        .iter()
        .filter(|e| e.action == "evidence_added")
        .find(|e| e.payload["item"]["id"].as_i64() == Some(id))
        .and_then(|e| e.payload["item"]["note"].as_str().map(str::to_string))
}
