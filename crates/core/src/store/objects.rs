//! Content-addressed blob store: `objects/sha256/ab/cdef…`. Blobs are written to a temp file while
//! hashing, fsynced, renamed into place and the directory fsynced, all before any row refers to them.
//! A stored blob is never rewritten; the same bytes twice give the same path.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const BUF: usize = 256 * 1024;

#[derive(Debug, Clone)]
pub struct ObjectStore {
    root: PathBuf,
}

/// What streaming one source into the store produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub sha256: String,
    pub size: u64,
    /// The first bytes, for sniffing the media type without a second read.
    pub head: Vec<u8>,
    /// False when a blob with these bytes was already stored.
    pub newly_written: bool,
}

impl ObjectStore {
    pub fn new(library: &Path) -> Self {
        ObjectStore {
            root: library.join("objects"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    pub fn ensure_dirs(&self) -> io::Result<()> {
        fs::create_dir_all(self.root.join("sha256"))?;
        fs::create_dir_all(self.tmp_dir())
    }

    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let (a, b) = sha256.split_at(2.min(sha256.len()));
        self.root.join("sha256").join(a).join(b)
    }

    /// Copies `src` into the store while hashing it; `src_path` is only used in error messages.
    pub fn put_stream(&self, src: &mut dyn Read, src_path: &Path) -> Result<StoredObject> {
        let tmp = tempfile::Builder::new()
            .prefix("in-")
            .tempfile_in(self.tmp_dir())
            .map_err(|e| Error::io(&self.tmp_dir(), e))?;
        let (mut file, tmp_path) = (tmp.as_file(), tmp.path().to_path_buf());
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; BUF];
        let mut head = Vec::new();
        let mut size = 0u64;
        loop {
            let n = match src.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(src_path, e)),
            };
            let chunk = &buf[..n];
            hasher.update(chunk);
            if head.len() < crate::ingest::sniff::HEAD_LEN {
                let take = (crate::ingest::sniff::HEAD_LEN - head.len()).min(n);
                head.extend_from_slice(&chunk[..take]);
            }
            file.write_all(chunk).map_err(|e| Error::io(&tmp_path, e))?;
            size += n as u64;
        }
        let sha256 = hex::encode(hasher.finalize());
        let dest = self.path_of(&sha256);
        if dest.exists() {
            // Same bytes already stored durably; the temp file is dropped (deleted).
            return Ok(StoredObject {
                sha256,
                size,
                head,
                newly_written: false,
            });
        }
        file.sync_all().map_err(|e| Error::io(&tmp_path, e))?;
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let (file, tmp_path) = tmp.keep().map_err(|e| Error::io(&tmp_path, e.error))?;
        drop(file);
        set_read_only(&tmp_path);
        // Another thread may have stored the same bytes meanwhile: rename over it is harmless
        // (identical content), and keeps the operation atomic.
        fs::rename(&tmp_path, &dest).map_err(|e| Error::io(&dest, e))?;
        fsync_dir(&dir)?;
        Ok(StoredObject {
            sha256,
            size,
            head,
            newly_written: true,
        })
    }

    /// Re-hashes a stored blob; returns (actual hash, size) or None when it is missing.
    pub fn rehash(&self, sha256: &str) -> Result<Option<(String, u64)>> {
        let path = self.path_of(sha256);
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        hash_reader(&mut f)
            .map(Some)
            .map_err(|e| Error::io(&path, e))
    }

    pub fn open(&self, sha256: &str) -> Result<File> {
        let path = self.path_of(sha256);
        OpenOptions::new()
            .read(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))
    }
}

/// Streams a reader through SHA-256, returning (lowercase hex, byte count).
pub fn hash_reader(r: &mut dyn Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUF];
    let mut size = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

fn set_read_only(path: &Path) {
    // Best effort: a blob that cannot be marked read-only is still correct evidence.
    if let Ok(meta) = fs::metadata(path) {
        let mut perms = meta.permissions();
        perms.set_readonly(true);
        let _ = fs::set_permissions(path, perms);
    }
}

/// Makes a rename durable: the directory entry itself must reach the disk.
pub fn fsync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_share_one_object_and_hash_matches_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let store = ObjectStore::new(dir.path());
        store.ensure_dirs().unwrap();
        let a = store.put_stream(&mut &b"abc"[..], Path::new("a")).unwrap();
        assert_eq!(
            a.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(a.newly_written);
        let b = store.put_stream(&mut &b"abc"[..], Path::new("b")).unwrap();
        assert!(!b.newly_written);
        assert_eq!(fs::read(store.path_of(&a.sha256)).unwrap(), b"abc");
        assert_eq!(
            fs::read_dir(store.tmp_dir()).unwrap().count(),
            0,
            "temp files are cleaned up"
        );
        assert_eq!(store.rehash(&a.sha256).unwrap().unwrap().0, a.sha256);
    }

    #[test]
    fn empty_stream_is_the_empty_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = ObjectStore::new(dir.path());
        store.ensure_dirs().unwrap();
        let o = store.put_stream(&mut &b""[..], Path::new("e")).unwrap();
        assert_eq!(
            o.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(o.size, 0);
    }
}
