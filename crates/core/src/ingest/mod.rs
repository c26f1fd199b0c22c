//! The import pipeline: expand paths, stream each file into the object store while hashing (both
//! cores), then record each item with its ledger entry. A bad file is reported and skipped; the
//! batch goes on.

pub mod analyze;
pub mod bill;
pub mod chat;
pub mod derived;
pub mod facts;
pub mod format;
pub mod picture;
pub mod sniff;
pub mod source_time;
pub mod suggest;
pub mod text;
pub mod walk;
pub mod warning;

use std::fs::File;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::case::item::{Category, CategorySource, Item, ItemRecord};
use crate::case::repo;
use crate::error::{Error, Result};
use crate::store::objects::StoredObject;
use crate::store::Library;
use crate::time;
pub use walk::{FileIssue, SkipCode};

/// Files hashed in parallel before their rows are committed together.
const CHUNK: usize = 64;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub category: Option<Category>,
    pub note: Option<String>,
}

/// Progress of a running import, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ImportEvent {
    Started {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        files: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        bytes: u64,
    },
    Progress {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        files_done: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        bytes_done: u64,
        name: String,
    },
}

/// A file whose bytes the case already holds as an active item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Duplicate {
    pub path: String,
    pub sha256: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub existing_item_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SuggestedItem {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_id: i64,
    pub suggestion: suggest::Suggestion,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportReport {
    pub added: Vec<Item>,
    /// Items whose category was applied from a suggestion (to confirm or change).
    pub suggested: Vec<SuggestedItem>,
    pub duplicates: Vec<Duplicate>,
    pub skipped: Vec<FileIssue>,
    pub cancelled: bool,
    /// What reading the added captures found (filled when the caller reads them after import).
    #[serde(default)]
    pub ocr: Vec<crate::ocr::job::OcrOutcome>,
}

struct Stored {
    path: PathBuf,
    name: String,
    media_type: String,
    object: StoredObject,
    mtime: Option<String>,
    derived: analyze::Derived,
}

impl Library {
    /// Imports files and folders into a case. Never fails because of one bad file: those land in
    /// `skipped`. Errors are for the library itself (missing case, disk full on the library).
    pub fn import(
        &self,
        case_id: i64,
        paths: &[PathBuf],
        opts: &ImportOptions,
        progress: &(dyn Fn(ImportEvent) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        self.case(case_id)?;
        let (files, skipped) = walk::collect(paths);
        let mut report = ImportReport {
            skipped,
            ..Default::default()
        };
        let total_bytes = files.iter().map(|f| f.size).sum();
        progress(ImportEvent::Started {
            files: files.len() as u64,
            bytes: total_bytes,
        });
        let (done, bytes_done) = (AtomicU64::new(0), AtomicU64::new(0));
        let pool = io_pool();
        for chunk in files.chunks(CHUNK) {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            let hash_chunk = || -> Vec<std::result::Result<Stored, FileIssue>> {
                chunk
                    .par_iter()
                    .map(|c| {
                        let r = self.store_file(&c.path, cancel);
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        let b = bytes_done.fetch_add(c.size, Ordering::Relaxed) + c.size;
                        progress(ImportEvent::Progress {
                            files_done: n,
                            bytes_done: b,
                            name: file_name(&c.path),
                        });
                        r
                    })
                    .collect()
            };
            let stored = match &pool {
                Some(p) => p.install(hash_chunk),
                None => hash_chunk(),
            };
            let mut ok = Vec::new();
            for r in stored {
                match r {
                    Ok(s) => ok.push(s),
                    Err(issue) if issue.code == SkipCode::Cancelled => report.cancelled = true,
                    Err(issue) => report.skipped.push(issue),
                }
            }
            self.record(case_id, ok, opts, &mut report)?;
        }
        Ok(report)
    }

    /// Streams one file into the object store. Opened without following links and without
    /// blocking, then checked to be a regular file: a path swapped for a FIFO or link is refused.
    fn store_file(
        &self,
        path: &Path,
        cancel: &AtomicBool,
    ) -> std::result::Result<Stored, FileIssue> {
        if cancel.load(Ordering::Relaxed) {
            return Err(FileIssue::new(
                path,
                SkipCode::Cancelled,
                "cancelled",
                "已取消",
            ));
        }
        let file = File::options()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
            .map_err(|e| FileIssue::io(path, &e))?;
        let meta = file.metadata().map_err(|e| FileIssue::io(path, &e))?;
        if !meta.is_file() {
            return Err(FileIssue::new(
                path,
                SkipCode::SpecialFile,
                "not a regular file, skipped",
                "不是普通文件，已跳过",
            ));
        }
        if meta.len() == 0 {
            return Err(FileIssue::new(
                path,
                SkipCode::Empty,
                "empty file (0 bytes): it proves nothing, so it was not added",
                "空文件（0 字节）：无法证明任何事，未添加",
            ));
        }
        let object = self
            .objects()
            .put_stream(&mut &file, path)
            .map_err(|e| match e {
                Error::Io { path: p, source } if p == path => FileIssue::io(path, &source),
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                    FileIssue::new(
                        path,
                        SkipCode::DiskFull,
                        "not stored: the library's disk is full; free some space, then add this file again",
                        "未存入：证据库所在磁盘已满；请腾出空间后重新添加此文件",
                    )
                }
                Error::ReadOnly { .. } => read_only_issue(path),
                Error::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
                {
                    read_only_issue(path)
                }
                other => FileIssue::new(
                    path,
                    SkipCode::StoreFailed,
                    format!("could not be stored: {other}"),
                    format!("无法存入证据库：{}", other.message_zh()),
                ),
            })?;
        if object.size != meta.len() {
            return Err(FileIssue::new(
                path,
                SkipCode::Changed,
                format!("file changed while it was being read ({} bytes expected, {} read); add it again when it is complete", meta.len(), object.size),
                format!("读取过程中文件发生了变化（应为 {} 字节，读到 {} 字节）；请在文件完整后重新添加", meta.len(), object.size),
            ));
        }
        let mtime = meta.modified().ok().map(time::from_system);
        let name = file_name(path);
        let media_type = sniff::media_type(&object.head, &name);
        // Parsing runs here, on the worker, so both cores share it.
        let derived = analyze::analyze(
            self.objects(),
            &self.thumbs_dir(),
            &object.sha256,
            object.size,
            &media_type,
            &name,
        );
        Ok(Stored {
            path: path.to_path_buf(),
            name,
            media_type,
            object,
            mtime,
            derived,
        })
    }

    /// Commits a chunk: each object row, item row and ledger entry, in one transaction, after
    /// every blob of the chunk is already durable on disk.
    fn record(
        &self,
        case_id: i64,
        stored: Vec<Stored>,
        opts: &ImportOptions,
        report: &mut ImportReport,
    ) -> Result<()> {
        if stored.is_empty() {
            return Ok(());
        }
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let mut added = Vec::new();
        let mut dups = Vec::new();
        for s in stored {
            let media_type = s.media_type.clone();
            let now = time::now();
            tx.execute(
                "INSERT OR IGNORE INTO objects (sha256, size, media_type, stored_at) VALUES (?1, ?2, ?3, ?4)",
                params![s.object.sha256, s.object.size as i64, media_type, now],
            )?;
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM items WHERE case_id = ?1 AND sha256 = ?2 AND status = 'active' ORDER BY id LIMIT 1",
                    params![case_id, s.object.sha256],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(existing_item_id) = existing {
                dups.push(Duplicate {
                    path: s.path.to_string_lossy().into_owned(),
                    sha256: s.object.sha256,
                    existing_item_id,
                });
                continue;
            }
            let note = opts.note.clone().filter(|n| !n.trim().is_empty());
            // Computed before the id exists: the suggestion decides the category.
            let (facts, suggestion) =
                derived::facts_and_suggestion(&s.derived, &s.name, &media_type, note.as_deref());
            let (category, category_source) = match opts.category {
                Some(c) => (c, CategorySource::User),
                None => (suggestion.category, CategorySource::Suggested),
            };
            let record = ItemRecord {
                id: 0,
                sha256: s.object.sha256.clone(),
                size: s.object.size as i64,
                media_type,
                original_name: s.name.clone(),
                original_path: s.path.to_string_lossy().nfc().collect(),
                file_mtime: s.mtime.clone(),
                category,
                category_source,
                note,
            };
            let item = repo::insert_item(&tx, case_id, record, &now)?;
            derived::save_item(&tx, item.record.id, &s.derived, &facts, &suggestion, &now)?;
            if category_source == CategorySource::Suggested {
                report.suggested.push(SuggestedItem {
                    item_id: item.record.id,
                    suggestion,
                });
            }
            added.push(item);
        }
        tx.commit()?;
        report.added.extend(added);
        report.duplicates.extend(dups);
        Ok(())
    }
}

/// Four workers per core: each file ends in an fsync that waits on the disk, and
/// the other workers keep hashing meanwhile.
/// Falls back to rayon's global pool if threads cannot be spawned.
fn io_pool() -> Option<rayon::ThreadPool> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) * 4;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("import-{i}"))
        .build()
        .ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().nfc().collect())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

fn read_only_issue(path: &Path) -> FileIssue {
    FileIssue::new(
        path,
        SkipCode::ReadOnly,
        "not stored: the library is read-only (open it where it can be written)",
        "未存入：证据库是只读的（请在可写入的位置打开）",
    )
}

/// The tests' import: default options, no progress, never cancelled.
#[cfg(test)]
impl Library {
    pub(crate) fn import_for_test(&self, case_id: i64, paths: &[PathBuf]) -> ImportReport {
        let cancel = AtomicBool::new(false);
        self.import(case_id, paths, &ImportOptions::default(), &|_| {}, &cancel)
            .expect("test import")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::CaseFields;
    use std::sync::Mutex;

    fn setup(n: usize) -> (tempfile::TempDir, Library, i64, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib
            .create_case(CaseFields {
                title: "t".into(),
                ..Default::default()
            })
            .unwrap();
        let paths = (0..n)
            .map(|i| {
                let p = dir.path().join(format!("f{i}.txt"));
                std::fs::write(&p, format!("file {i}")).unwrap();
                p
            })
            .collect();
        (dir, lib, case.id, paths)
    }

    #[test]
    fn progress_counts_every_file_and_duplicates_within_a_batch_collapse() {
        let (_d, lib, case, mut paths) = setup(3);
        paths.push(paths[0].clone());
        let events = Mutex::new(Vec::new());
        let r = lib
            .import(
                case,
                &paths,
                &ImportOptions::default(),
                &|e| events.lock().unwrap().push(e),
                &AtomicBool::new(false),
            )
            .unwrap();
        assert_eq!(r.added.len(), 3);
        assert_eq!(r.duplicates.len(), 1);
        let events = events.into_inner().unwrap();
        assert_eq!(
            events[0],
            ImportEvent::Started {
                files: 4,
                bytes: 24
            }
        );
        assert_eq!(events.len(), 5);
        assert!(events.iter().any(|e| matches!(
            e,
            ImportEvent::Progress {
                files_done: 4,
                bytes_done: 24,
                ..
            }
        )));
    }

    #[test]
    fn a_cancelled_import_adds_nothing_and_says_so() {
        let (_d, lib, case, paths) = setup(2);
        let r = lib
            .import(
                case,
                &paths,
                &ImportOptions::default(),
                &|_| {},
                &AtomicBool::new(true),
            )
            .unwrap();
        assert!(r.cancelled);
        assert!(r.added.is_empty());
        assert!(lib.items(case).unwrap().is_empty());
        assert!(lib.verify(Some(case)).unwrap().ok);
    }
}
