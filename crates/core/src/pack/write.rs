//! Writing a pack as a ZIP file or a folder, atomically: everything goes to a temporary name
//! beside the destination and is renamed into place only when complete, so a cancelled or
//! failed export leaves nothing behind. The ZIP is deterministic: files in path order, one fixed
//! time (the pack's `as_of`), fixed permissions, no extra fields.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use flate2::write::DeflateEncoder;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::{Error, Result};

/// What one file of the pack holds.
pub enum Content {
    Bytes(Vec<u8>),
    /// An original from the object store, re-hashed while copied.
    Object {
        path: PathBuf,
        sha256: String,
    },
}

pub struct PackFile {
    pub path: String,
    pub content: Content,
    /// Deflate it (text); pictures and PDFs are already compressed and are stored as they are.
    pub compress: bool,
}

/// Past this a ZIP entry needs the ZIP64 extension.
const ZIP64_AT: u64 = 0xFFFF_0000;
const CHUNK: usize = 1 << 20;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Where the bytes of each file go.
trait Sink {
    fn start(&mut self, path: &str, compress: bool, size: u64) -> Result<()>;
    fn write_chunk(&mut self, chunk: &[u8]) -> Result<()>;
    fn end(&mut self) -> Result<()>;
}

struct ZipSink {
    zip: ZipWriter<BufWriter<File>>,
    time: zip::DateTime,
    at: PathBuf,
}

impl Sink for ZipSink {
    fn start(&mut self, path: &str, compress: bool, size: u64) -> Result<()> {
        let method = if compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(compress.then_some(6))
            .last_modified_time(self.time)
            .unix_permissions(0o644)
            .large_file(size >= ZIP64_AT);
        self.zip
            .start_file(path, options)
            .map_err(|e| zip_error(&self.at, e))
    }

    fn write_chunk(&mut self, chunk: &[u8]) -> Result<()> {
        self.zip
            .write_all(chunk)
            .map_err(|e| Error::io(&self.at, e))
    }

    fn end(&mut self) -> Result<()> {
        Ok(())
    }
}

struct FolderSink {
    root: PathBuf,
    file: Option<(PathBuf, BufWriter<File>)>,
}

impl Sink for FolderSink {
    fn start(&mut self, path: &str, _compress: bool, _size: u64) -> Result<()> {
        let full = self.root.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let f = File::create(&full).map_err(|e| Error::io(&full, e))?;
        self.file = Some((full, BufWriter::new(f)));
        Ok(())
    }

    fn write_chunk(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some((p, f)) = self.file.as_mut() {
            f.write_all(chunk).map_err(|e| Error::io(p, e))?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        if let Some((p, f)) = self.file.take() {
            let f = f.into_inner().map_err(|e| Error::io(&p, e.into_error()))?;
            f.sync_all().map_err(|e| Error::io(&p, e))?;
        }
        Ok(())
    }
}

fn zip_error(at: &Path, e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => Error::io(at, io),
        other => Error::io(at, io::Error::other(other.to_string())),
    }
}

/// The DOS time of the pack (ZIP has no zone; the pack's time is UTC).
fn zip_time(as_of: DateTime<FixedOffset>) -> zip::DateTime {
    let t = as_of.naive_utc();
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

/// Progress: bytes of file content written so far, of `total`.
pub type OnBytes<'a> = &'a (dyn Fn(u64, u64) + Sync);

fn copy_all(
    files: &[PackFile],
    sink: &mut dyn Sink,
    on_bytes: OnBytes,
    cancel: &AtomicBool,
) -> Result<()> {
    let total: u64 = files.iter().map(content_len).sum();
    let mut done = 0u64;
    let mut buf = vec![0u8; CHUNK];
    for f in files {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let compress = f.compress && !deflates_too_well(f)?;
        sink.start(&f.path, compress, content_len(f))?;
        match &f.content {
            Content::Bytes(b) => {
                sink.write_chunk(b)?;
                done += b.len() as u64;
            }
            Content::Object { path, sha256 } => {
                let mut src = File::open(path).map_err(|e| Error::io(path, e))?;
                let mut h = Sha256::new();
                loop {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(Error::Cancelled);
                    }
                    let n = src.read(&mut buf).map_err(|e| Error::io(path, e))?;
                    if n == 0 {
                        break;
                    }
                    h.update(&buf[..n]);
                    sink.write_chunk(&buf[..n])?;
                    done += n as u64;
                    on_bytes(done, total);
                }
                // Never pack bytes that are not what the chain recorded.
                if hex::encode(h.finalize()) != *sha256 {
                    return Err(Error::LibraryDamaged {
                        path: path.clone(),
                        reason: format!(
                            "stored object {sha256} no longer has its recorded hash; run verify"
                        ),
                    });
                }
            }
        }
        sink.end()?;
        on_bytes(done, total);
    }
    Ok(())
}

/// Whether deflating `f` would pass half the reader's bomb ratio (a 10 MB log of one repeated
/// line does): such a file is stored as it is, so a pack never fails its own verify.
fn deflates_too_well(f: &PackFile) -> Result<bool> {
    let len = content_len(f);
    if len <= 64 << 10 {
        return Ok(false);
    }
    let mut enc = DeflateEncoder::new(Counter(0), flate2::Compression::new(6));
    match &f.content {
        Content::Bytes(b) => enc
            .write_all(b)
            .map_err(|e| Error::io(Path::new(&f.path), e))?,
        Content::Object { path, .. } => {
            let mut src = File::open(path).map_err(|e| Error::io(path, e))?;
            io::copy(&mut src, &mut enc).map_err(|e| Error::io(path, e))?;
        }
    }
    let packed = enc
        .finish()
        .map_err(|e| Error::io(Path::new(&f.path), e))?
        .0;
    Ok(len > packed.max(1).saturating_mul(super::read::MAX_RATIO / 2))
}

/// Counts the bytes written to it and keeps none.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub fn content_len(f: &PackFile) -> u64 {
    match &f.content {
        Content::Bytes(b) => b.len() as u64,
        Content::Object { path, .. } => fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

fn parent_of(out: &Path) -> Result<PathBuf> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    if !parent.is_dir() {
        return Err(Error::io(
            out,
            io::Error::new(io::ErrorKind::NotFound, "its folder does not exist"),
        ));
    }
    Ok(parent)
}

fn refuse_existing(out: &Path) -> Result<()> {
    if out.symlink_metadata().is_ok() {
        return Err(Error::io(
            out,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                "already exists; choose another name (a pack is never overwritten)",
            ),
        ));
    }
    Ok(())
}

/// Writes `files` (in path order) as a ZIP at `out`; returns the ZIP's SHA-256.
pub fn write_zip(
    out: &Path,
    files: &[PackFile],
    as_of: DateTime<FixedOffset>,
    on_bytes: OnBytes,
    cancel: &AtomicBool,
) -> Result<String> {
    refuse_existing(out)?;
    let parent = parent_of(out)?;
    let tmp = tempfile::Builder::new()
        .prefix(".proofpack-export-")
        .suffix(".partial")
        .tempfile_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let at = tmp.path().to_path_buf();
    let file = tmp.reopen().map_err(|e| Error::io(&at, e))?;
    let mut sink = ZipSink {
        zip: ZipWriter::new(BufWriter::with_capacity(CHUNK, file)),
        time: zip_time(as_of),
        at: at.clone(),
    };
    copy_all(files, &mut sink, on_bytes, cancel)?;
    let buffered = sink.zip.finish().map_err(|e| zip_error(&at, e))?;
    let file = buffered
        .into_inner()
        .map_err(|e| Error::io(&at, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(&at, e))?;
    drop(file);
    let hash = hash_file(&at)?;
    tmp.persist_noclobber(out)
        .map_err(|e| Error::io(out, e.error))?;
    sync_dir(&parent);
    Ok(hash)
}

/// Writes `files` into a new folder `out`; returns the SHA-256 of its SHA256SUMS, which names
/// every other file's hash.
pub fn write_folder(
    out: &Path,
    files: &[PackFile],
    sums_path: &str,
    on_bytes: OnBytes,
    cancel: &AtomicBool,
) -> Result<String> {
    refuse_existing(out)?;
    let parent = parent_of(out)?;
    let tmp = tempfile::Builder::new()
        .prefix(".proofpack-export-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let mut sink = FolderSink {
        root: tmp.path().to_path_buf(),
        file: None,
    };
    copy_all(files, &mut sink, on_bytes, cancel)?;
    let hash = hash_file(&tmp.path().join(sums_path))?;
    let kept = tmp.keep();
    fs::rename(&kept, out).map_err(|e| {
        let _ = fs::remove_dir_all(&kept);
        Error::io(out, e)
    })?;
    sync_dir(&parent);
    Ok(hash)
}

pub fn hash_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    io::copy(&mut f, &mut h).map_err(|e| Error::io(path, e))?;
    Ok(hex::encode(h.finalize()))
}

/// Makes the rename durable; best effort, as the pack itself is already complete.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
