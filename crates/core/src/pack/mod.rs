//! The evidence pack (docs/ARCHITECTURE.md, "Data flow"): originals byte-exact and numbered,
//! manifest with the whole chain, SHA256SUMS, a typst PDF report, README and an offline
//! verifier page; written as a deterministic ZIP or a folder, and recorded in the ledger.

pub mod layout;
pub mod manifest;
pub mod read;
pub mod readme;
mod rebuild;
pub mod report;
pub mod snapshot;
pub mod sums;
pub mod verify;
pub mod write;
mod zip_layout;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};

pub use report::{ReportLang, ReportParts};
use snapshot::Snapshot;
use write::{Content, PackFile};

use crate::case::letter::Lang;
use crate::case::repo;
use crate::error::{Error, Result};
use crate::ledger::{self, Event};
use crate::store::Library;
use crate::time;

/// The offline verifier shipped in every pack.
pub const VERIFY_HTML: &str = include_str!("../../../../assets/verify.html");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExportOptions {
    pub lang: ReportLang,
    /// A folder instead of a ZIP file.
    pub folder: bool,
    pub parts: ReportParts,
    /// What to do with a saved letter that no longer matches the case; unset, export refuses.
    #[serde(default)]
    pub stale_letter: Option<StaleLetter>,
}

/// The user's answer when the saved letter no longer matches the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum StaleLetter {
    /// Save the freshly composed letter (a ledger entry) and put that in the pack.
    Regenerate,
    /// Put the saved letter in as written; the report says what no longer matches.
    Keep,
}

impl std::str::FromStr for StaleLetter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        crate::error::from_wire_name(s.trim()).ok_or_else(|| {
            Error::invalid(
                "stale_letter",
                format!("{s:?}: use regenerate or keep"),
                format!("{s:?}：请使用 regenerate（重新生成）或 keep（保留原文）"),
            )
        })
    }
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            lang: ReportLang::Zh,
            folder: false,
            parts: ReportParts::default(),
            stale_letter: None,
        }
    }
}

/// Where an export stands, for progress bars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ExportEvent {
    /// Reading the case and rendering the report.
    Preparing,
    /// Copying files into the pack.
    Writing {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        done: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        total: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExportReport {
    pub path: String,
    /// SHA-256 of the ZIP, or of SHA256SUMS for a folder (which names every other file's hash).
    pub sha256: String,
    pub folder: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pages: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries: u64,
    pub checkpoint: String,
    /// seq of the `exported` entry that records this pack.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recorded_seq: i64,
}

/// The pack's name, dated by the pack's time on the user's calendar (as the app shows dates):
/// a pack made at 07:30 in China on 1 December is not dated 30 November.
pub fn default_name(snap: &Snapshot, folder: bool) -> String {
    let day = snap.as_of.with_timezone(&chrono::Local).date_naive();
    pack_name(snap.case.id, day, folder)
}

/// `proofpack-case<id>-<yyyymmdd>.zip`, or without `.zip` for a folder.
pub fn pack_name(case_id: i64, day: chrono::NaiveDate, folder: bool) -> String {
    let ext = if folder { "" } else { ".zip" };
    format!("proofpack-case{case_id}-{}{ext}", day.format("%Y%m%d"))
}

/// Every file of the pack but SHA256SUMS, in path order, with the hashes SHA256SUMS will list.
pub(crate) fn files_of(
    lib: &Library,
    snap: &Snapshot,
    pdf: Vec<u8>,
    report: manifest::ReportSettings,
) -> Result<Vec<(PackFile, String)>> {
    let text = |path: &str, body: Vec<u8>| {
        let hash = write::sha256_hex(&body);
        (
            PackFile {
                path: path.to_string(),
                content: Content::Bytes(body),
                compress: true,
            },
            hash,
        )
    };
    let manifest = manifest::build(snap, report);
    let manifest_json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::invalid("manifest", e.to_string(), e.to_string()))?;
    let mut files = vec![
        text(layout::README, readme::render(snap).into_bytes()),
        text(layout::MANIFEST, manifest_json),
        text(layout::VERIFY_HTML, VERIFY_HTML.as_bytes().to_vec()),
    ];
    let pdf_hash = write::sha256_hex(&pdf);
    files.push((
        PackFile {
            path: layout::REPORT.into(),
            content: Content::Bytes(pdf),
            compress: false,
        },
        pdf_hash,
    ));
    for item in manifest.items.iter() {
        let Some(path) = &item.path else { continue };
        let original = lib.objects().path_of(&item.sha256);
        let compress = item.media_type.starts_with("text/") || item.media_type.contains("json");
        files.push((
            PackFile {
                path: path.clone(),
                content: Content::Object {
                    path: original,
                    sha256: item.sha256.clone(),
                },
                compress,
            },
            item.sha256.clone(),
        ));
        let (Some(number), Some(d)) = (&item.number, snap.item(item.id)) else {
            continue;
        };
        for (p, body) in manifest::derived_files(d, number) {
            files.push(text(&p, body.into_bytes()));
        }
    }
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(files)
}

/// The letters the report would print that no longer match the case.
fn stale_letters<'a>(
    letters: &'a [crate::case::letter::Letter],
    opts: &ExportOptions,
) -> Vec<&'a crate::case::letter::Letter> {
    letters
        .iter()
        .filter(|l| opts.parts.letter && opts.lang.includes(l.lang) && !l.stale.is_empty())
        .collect()
}

impl Library {
    /// A saved letter that the pack would print although it no longer matches the case is
    /// refused until the user says what to do: regenerate it (saved, so the chain holds what the
    /// pack prints) or keep it as written.
    fn settle_letters(&self, snap: Snapshot, opts: &ExportOptions) -> Result<Snapshot> {
        let stale = stale_letters(&snap.letters, opts);
        if stale.is_empty() {
            return Ok(snap);
        }
        match opts.stale_letter {
            None => Err(Error::LetterStale {
                notes: stale.iter().flat_map(|l| l.stale.clone()).collect(),
            }),
            Some(StaleLetter::Keep) => Ok(snap),
            Some(StaleLetter::Regenerate) => {
                for l in stale {
                    let fresh = self.letter(snap.case.id, l.kind, l.lang)?;
                    self.save_letter(snap.case.id, l.kind, l.lang, &fresh.text)?;
                }
                self.snapshot(snap.case.id)
            }
        }
    }

    /// The refusal `export` would give for a stale letter, asked before the app opens its save
    /// dialog, so the user answers first and chooses a place once.
    pub fn check_letters(&self, case_id: i64, opts: &ExportOptions) -> Result<()> {
        if opts.stale_letter.is_some() || !opts.parts.letter {
            return Ok(());
        }
        let langs: Vec<Lang> = [Lang::Zh, Lang::En]
            .into_iter()
            .filter(|l| opts.lang.includes(*l))
            .collect();
        let letters = self.pack_letters(case_id, &langs)?;
        let notes: Vec<_> = stale_letters(&letters, opts)
            .iter()
            .flat_map(|l| l.stale.clone())
            .collect();
        if notes.is_empty() {
            Ok(())
        } else {
            Err(Error::LetterStale { notes })
        }
    }

    /// Exports `case_id` to `out` (a new ZIP file or folder; an existing folder gets the
    /// default name inside it) and records the export in the case's chain.
    pub fn export(
        &self,
        case_id: i64,
        out: &Path,
        opts: &ExportOptions,
        on_event: &(dyn Fn(ExportEvent) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        if self.is_read_only() {
            // Checked first so that no pack is written that the chain would not record.
            return Err(Error::ReadOnly {
                path: self.root().to_path_buf(),
                reason: "each export is recorded in the case's chain; copy the library to a writable disk to export".into(),
                reason_zh: "每次导出都要记入案件的证据链；请先把证据库复制到可写入的磁盘再导出".into(),
            });
        }
        on_event(ExportEvent::Preparing);
        let snap = self.settle_letters(self.snapshot(case_id)?, opts)?;
        let out: PathBuf = if out.is_dir() {
            out.join(default_name(&snap, opts.folder))
        } else {
            out.to_path_buf()
        };
        let rendered = report::render(&snap, opts.lang, opts.parts, &self.thumbs_dir())?;
        let pages = rendered.pages as u64;
        let settings = manifest::ReportSettings {
            lang: opts.lang,
            parts: opts.parts,
        };
        let listed = files_of(self, &snap, rendered.pdf, settings)?;
        let sums = sums::render(
            &listed
                .iter()
                .map(|(f, h)| (f.path.clone(), h.clone()))
                .collect::<Vec<_>>(),
        );
        let mut files: Vec<PackFile> = listed.into_iter().map(|(f, _)| f).collect();
        files.push(PackFile {
            path: layout::SUMS.into(),
            content: Content::Bytes(sums.into_bytes()),
            compress: true,
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let count = files.len() as u64;
        let progress = |done, total| on_event(ExportEvent::Writing { done, total });
        let hash = if opts.folder {
            write::write_folder(&out, &files, layout::SUMS, &progress, cancel)?
        } else {
            write::write_zip(&out, &files, snap.as_of, &progress, cancel)?
        };
        let bytes = if opts.folder {
            files.iter().map(write::content_len).sum()
        } else {
            std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0)
        };
        let seq = self.record_export(&snap, &hash, opts)?;
        Ok(ExportReport {
            path: out.display().to_string(),
            sha256: hash,
            folder: opts.folder,
            files: count,
            bytes,
            pages,
            entries: snap.ledger.len() as u64,
            checkpoint: snap.checkpoint.clone(),
            recorded_seq: seq,
        })
    }

    /// The `exported` entry: which state was packed (entries, checkpoint) and the pack's hash.
    fn record_export(&self, snap: &Snapshot, hash: &str, opts: &ExportOptions) -> Result<i64> {
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let event = Event::Exported {
            pack_sha256: hash,
            format: if opts.folder { "folder" } else { "zip" },
            lang: opts.lang,
            entries: snap.ledger.len(),
            checkpoint: &snap.checkpoint,
        };
        let entry = ledger::append(&tx, snap.case.id, &time::now(), &event)?;
        tx.commit()?;
        Ok(entry.seq)
    }
}
#[cfg(test)]
pub(crate) mod forgery_tests;
#[cfg(test)]
mod tests;
