//! The library folder: `proofpack.db` (SQLite) beside `objects/` (blobs) and `thumbs/` (derived).

pub mod doctor;
pub mod location;
pub mod objects;
pub mod schema;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
pub use objects::ObjectStore;

pub const DB_FILE: &str = "proofpack.db";

/// An opened, migrated library. Cheap to share: each operation opens its own connection, so the
/// app's commands and a CLI on the same folder coordinate through SQLite's locks, not ours.
#[derive(Debug, Clone)]
pub struct Library {
    root: PathBuf,
    objects: ObjectStore,
}

impl Library {
    /// Opens the library at `root`, creating it when the folder (but not its parent) is missing.
    pub fn open(root: &Path) -> Result<Library> {
        prepare_folder(root)?;
        let db = root.join(DB_FILE);
        let objects = ObjectStore::new(root);
        if db.exists() && !objects.root().is_dir() {
            return Err(Error::LibraryDamaged {
                path: root.to_path_buf(),
                reason: "the objects/ folder holding the evidence files is missing".into(),
            });
        }
        objects
            .ensure_dirs()
            .map_err(|e| folder_error(objects.root(), e))?;
        let lib = Library {
            root: root.to_path_buf(),
            objects,
        };
        let mut conn = lib.connect()?;
        let found = schema::version(&conn)?;
        if found > schema::LATEST {
            return Err(Error::SchemaTooNew {
                path: root.to_path_buf(),
                found,
                supported: schema::LATEST,
            });
        }
        schema::migrate(&mut conn)?;
        Ok(lib)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn objects(&self) -> &ObjectStore {
        &self.objects
    }

    /// Derived previews; deleting this folder loses nothing that cannot be rebuilt.
    pub fn thumbs_dir(&self) -> PathBuf {
        self.root.join("thumbs")
    }

    /// A new connection with the durability settings every write relies on.
    pub fn connect(&self) -> Result<Connection> {
        let path = self.root.join(DB_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::CannotOpen) => Error::ReadOnly {
                    path: path.clone(),
                    reason: "the database cannot be opened for writing".into(),
                },
                _ => Error::from(e),
            })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }
}

fn prepare_folder(root: &Path) -> Result<()> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::LibraryDamaged {
            path: root.to_path_buf(),
            reason: "this path is a file, not a folder".into(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let parent_exists = root
                .parent()
                .map(|p| p.as_os_str().is_empty() || p.is_dir())
                .unwrap_or(true);
            if !parent_exists {
                return Err(Error::LibraryMissing {
                    path: root.to_path_buf(),
                });
            }
            std::fs::create_dir(root).map_err(|e| folder_error(root, e))
        }
        Err(e) => Err(folder_error(root, e)),
    }
}

fn folder_error(path: &Path, e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => Error::ReadOnly {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
        _ => Error::io(path, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_library_and_sets_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let conn = lib.connect().unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert_eq!(schema::version(&conn).unwrap(), schema::LATEST);
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        lib.connect()
            .unwrap()
            .pragma_update(None, "user_version", schema::LATEST + 1)
            .unwrap();
        let err = Library::open(dir.path()).unwrap_err();
        assert_eq!(err.code(), "schema_too_new");
    }

    #[test]
    fn missing_parent_and_missing_objects_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = Library::open(&dir.path().join("no/such/lib")).unwrap_err();
        assert_eq!(err.code(), "library_missing");
        Library::open(dir.path()).unwrap();
        std::fs::remove_dir_all(dir.path().join("objects")).unwrap();
        let err = Library::open(dir.path()).unwrap_err();
        assert_eq!(err.code(), "library_damaged");
        assert!(err.to_string().contains("objects/"));
    }
}
