//! The library folder: `proofpack.db` (SQLite) beside `objects/` (blobs) and `thumbs/` (derived).

pub mod doctor;
pub mod location;
pub mod objects;
pub mod schema;
pub mod tables;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// The open library: its folder and whether it was opened for reading and verifying only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LibraryInfo {
    pub path: String,
    pub read_only: bool,
}
pub use objects::ObjectStore;

pub const DB_FILE: &str = "proofpack.db";

/// An opened, migrated library. Cheap to share: each operation opens its own connection, so the
/// app's commands and a CLI on the same folder coordinate through SQLite's locks, not ours.
#[derive(Debug, Clone)]
pub struct Library {
    root: PathBuf,
    objects: ObjectStore,
    /// The folder cannot be written (read-only disk or no permission): everything that reads
    /// works, every write fails with [`Error::ReadOnly`].
    read_only: bool,
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
        let read_only = db.exists() && !writable(root);
        if !read_only {
            objects
                .ensure_dirs()
                .map_err(|e| folder_error(objects.root(), e))?;
        }
        let lib = Library {
            root: root.to_path_buf(),
            objects,
            read_only,
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
        if read_only {
            if found < schema::LATEST {
                return Err(Error::ReadOnly {
                    path: root.to_path_buf(),
                    reason: format!(
                        "it was made by an older Proofpack (schema {found}) and must be upgraded once where it can be written"
                    ),
                    reason_zh: format!(
                        "它由旧版证据包创建（结构版本 {found}），需先在可写入的位置打开一次以完成升级"
                    ),
                });
            }
        } else {
            schema::migrate(&mut conn)?;
        }
        Ok(lib)
    }

    /// True when the library was opened for reading and verifying only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the library is and whether it can be written, as the app's home screen shows it.
    pub fn info(&self) -> LibraryInfo {
        LibraryInfo {
            path: self.root.display().to_string(),
            read_only: self.read_only,
        }
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
        if self.read_only {
            return self.connect_read_only();
        }
        let path = self.root.join(DB_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::CannotOpen) => Error::ReadOnly {
                    path: path.clone(),
                    reason: "the database cannot be opened for writing".into(),
                    reason_zh: "数据库无法以写入方式打开".into(),
                },
                _ => Error::from(e),
            })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }

    /// `immutable=1`: a WAL database on a read-only disk cannot create its `-shm` file, and
    /// nothing can write the file while the disk stays read-only.
    fn connect_read_only(&self) -> Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let uri = format!("{}?immutable=1", file_uri(&self.root.join(DB_FILE)));
        let conn = Connection::open_with_flags(uri, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        Ok(conn)
    }
}

/// Whether this process may create files in `dir` (false on a read-only mount, even for root).
fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// An SQLite `file:` URI; every byte that is not plainly safe is %-escaped (`?`, `#`, `%`, spaces,
/// non-ASCII names).
fn file_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
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
            reason_zh: crate::error::io_reason_zh(&e),
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
    fn read_only_library_reads_and_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib #1 证据")).unwrap();
        let case = lib
            .create_case(crate::case::CaseFields {
                title: "VIP".into(),
                ..Default::default()
            })
            .unwrap();
        let ro = Library {
            read_only: true,
            ..lib.clone()
        };
        assert!(ro.is_read_only());
        assert_eq!(ro.list_cases().unwrap().len(), 1);
        assert!(ro.verify(Some(case.id)).unwrap().ok);
        let err = ro
            .create_case(crate::case::CaseFields {
                title: "new".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "read_only");
        assert_eq!(lib.list_cases().unwrap().len(), 1);
    }

    #[test]
    fn file_uri_escapes_query_and_fragment_characters() {
        assert_eq!(
            file_uri(Path::new("/a b/x?y#z%/证")),
            "file:/a%20b/x%3Fy%23z%25/%E8%AF%81"
        );
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
