//! `doctor`: finds what an interrupted run can leave behind and cleans it without ever losing
//! evidence. An import killed mid-way can leave a temp file in objects/tmp, or an object file
//! renamed into place whose row never committed (an orphan); an export killed mid-way leaves a
//! `.proofpack-export-*` file or folder beside its destination. Committed evidence is never
//! touched. `--fix` deletes temp files (never committed, never evidence), moves orphan objects
//! to `orphans/` (kept, in case anyone wants them) and removes partial exports. Anything younger
//! than `min_age` may belong to a run still in progress, so it is reported and left alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::Library;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leftover {
    pub path: String,
    pub size: u64,
    /// temp_file | orphan_object | partial_export
    pub kind: String,
    /// What `--fix` did: deleted, moved to orphans/, left (too recent), or None without --fix.
    pub action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoctorReport {
    /// "ok", or what SQLite's integrity_check said.
    pub integrity: String,
    pub leftovers: Vec<Leftover>,
    /// Objects the database lists whose file is gone (verify names the items).
    pub missing_objects: Vec<String>,
    /// True when nothing is left to fix.
    pub clean: bool,
}

/// Default age under which a leftover may still be in use by a running import or export.
pub const MIN_AGE: Duration = Duration::from_secs(600);

fn age(meta: &fs::Metadata) -> Duration {
    meta.modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default()
}

fn size_of(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

impl Library {
    pub fn doctor(&self, scan: &[PathBuf], fix: bool, min_age: Duration) -> Result<DoctorReport> {
        let conn = self.connect()?;
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let known: std::collections::HashSet<String> = conn
            .prepare("SELECT sha256 FROM objects")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut found: Vec<(PathBuf, String, fs::Metadata)> = Vec::new();
        let objects = self.objects().root().to_path_buf();
        let mut on_disk = std::collections::HashSet::new();
        for e in walkdir::WalkDir::new(objects.join("tmp"))
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            if let Ok(m) = e.metadata() {
                found.push((e.path().to_path_buf(), "temp_file".into(), m));
            }
        }
        for e in walkdir::WalkDir::new(objects.join("sha256"))
            .min_depth(2)
            .max_depth(2)
            .into_iter()
            .flatten()
        {
            let (Some(dir), Some(name)) = (
                e.path().parent().and_then(|p| p.file_name()),
                e.path().file_name(),
            ) else {
                continue;
            };
            let sha = format!("{}{}", dir.to_string_lossy(), name.to_string_lossy());
            on_disk.insert(sha.clone());
            if !known.contains(&sha) {
                if let Ok(m) = e.metadata() {
                    found.push((e.path().to_path_buf(), "orphan_object".into(), m));
                }
            }
        }
        for dir in scan {
            let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
            for e in entries.flatten() {
                if e.file_name()
                    .to_string_lossy()
                    .starts_with(".proofpack-export-")
                {
                    if let Ok(m) = e.metadata() {
                        found.push((e.path(), "partial_export".into(), m));
                    }
                }
            }
        }
        let mut missing: Vec<String> = known.difference(&on_disk).cloned().collect();
        missing.sort();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut leftovers = Vec::new();
        let mut clean = integrity == "ok" && missing.is_empty();
        for (path, kind, meta) in found {
            let size = if meta.is_dir() {
                size_of(&path)
            } else {
                meta.len()
            };
            let action = if !fix {
                clean = false;
                None
            } else if age(&meta) < min_age {
                clean = false;
                Some("left: too recent, may belong to a run in progress".to_string())
            } else {
                Some(self.clean_up(&path, &kind, meta.is_dir())?)
            };
            leftovers.push(Leftover {
                path: path.display().to_string(),
                size,
                kind,
                action,
            });
        }
        Ok(DoctorReport {
            integrity,
            leftovers,
            missing_objects: missing,
            clean,
        })
    }

    fn clean_up(&self, path: &Path, kind: &str, is_dir: bool) -> Result<String> {
        match kind {
            "orphan_object" => {
                let dest_dir = self.root().join("orphans");
                fs::create_dir_all(&dest_dir).map_err(|e| Error::io(&dest_dir, e))?;
                let name = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|d| {
                        format!(
                            "{}{}",
                            d.to_string_lossy(),
                            path.file_name().unwrap_or_default().to_string_lossy()
                        )
                    })
                    .unwrap_or_default();
                let dest = dest_dir.join(name);
                fs::rename(path, &dest).map_err(|e| Error::io(path, e))?;
                Ok(format!("moved to {}", dest.display()))
            }
            _ if is_dir => {
                fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
                Ok("deleted".into())
            }
            _ => {
                fs::remove_file(path).map_err(|e| Error::io(path, e))?;
                Ok("deleted".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old(path: &Path) {
        let f = fs::File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }

    #[test]
    fn leftovers_are_found_and_cleaned_without_touching_evidence() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib.create_demo().unwrap();
        let clean = lib.doctor(&[], false, MIN_AGE).unwrap();
        assert!(clean.clean && clean.leftovers.is_empty(), "{clean:?}");
        assert_eq!(clean.integrity, "ok");

        // What a killed import and a killed export leave behind.
        let objects = lib.objects().root().to_path_buf();
        let tmp = objects.join("tmp/import-123");
        fs::write(&tmp, b"half a file").unwrap();
        let orphan = lib.objects().path_of(&"ab".repeat(32));
        fs::create_dir_all(orphan.parent().unwrap()).unwrap();
        fs::write(&orphan, b"renamed, never committed").unwrap();
        let out = dir.path().join("desktop");
        fs::create_dir(&out).unwrap();
        let partial = out.join(".proofpack-export-x1.partial");
        fs::write(&partial, b"PK").unwrap();
        let young = objects.join("tmp/import-456");
        fs::write(&young, b"a run in progress").unwrap();
        for p in [&tmp, &orphan, &partial] {
            old(p);
        }

        let seen = lib
            .doctor(std::slice::from_ref(&out), false, MIN_AGE)
            .unwrap();
        let kinds: Vec<&str> = seen.leftovers.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds.len(), 4, "{seen:?}");
        assert!(kinds.contains(&"orphan_object") && kinds.contains(&"partial_export"));
        assert!(!seen.clean);
        assert!(tmp.exists(), "without --fix nothing changes");

        let fixed = lib
            .doctor(std::slice::from_ref(&out), true, MIN_AGE)
            .unwrap();
        assert!(!tmp.exists() && !partial.exists() && !orphan.exists());
        assert!(young.exists(), "a recent file may be in use: left alone");
        assert!(
            dir.path()
                .join("lib/orphans")
                .join("ab".repeat(32))
                .exists(),
            "orphans are kept"
        );
        assert!(!fixed.clean);
        assert!(lib.verify(Some(case.id)).unwrap().ok, "evidence untouched");
        assert_eq!(lib.items(case.id).unwrap().len(), 5);
    }

    #[test]
    fn a_missing_object_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib.create_demo().unwrap();
        let sha = lib.items(case.id).unwrap()[0].record.sha256.clone();
        fs::remove_file(lib.objects().path_of(&sha)).unwrap();
        let r = lib.doctor(&[], true, MIN_AGE).unwrap();
        assert_eq!(r.missing_objects, vec![sha]);
        assert!(!r.clean);
    }
}
