//! Reading a pack someone sent, safely: a ZIP is never extracted (entries are hashed as they
//! stream out of the archive, nothing is written anywhere), and entries that could escape a
//! folder or hide something are refused before any byte is read: `..`, absolute or drive paths,
//! backslashes, symlinks, duplicate names. Total size, entry count and compression ratio are
//! capped so a ZIP bomb costs nothing. Hashing uses every core.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::zip_layout;

/// Caps for a pack to be read at all.
pub const MAX_ENTRIES: usize = 200_000;
pub const MAX_TOTAL_BYTES: u64 = 64 << 30;
/// Bytes out per byte in, beyond which an entry is a bomb (real packs store pictures as they are
/// and deflate text about 3-10x; the writer stores what would deflate past half of this).
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size are too small for their ratio to matter one by one; the whole
/// archive's ratio still bounds them together.
const RATIO_FREE: u64 = 64 << 10;
/// Small files (manifest, SHA256SUMS) are kept in memory; larger ones only hashed.
pub const KEEP_AT_MOST: u64 = 256 << 20;

/// Why a pack cannot be read safely; each names the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub entry: String,
    pub reason: &'static str,
    pub reason_zh: &'static str,
}

/// One file of the pack, hashed.
#[derive(Debug, Clone)]
pub struct Hashed {
    pub name: String,
    pub size: u64,
    pub sha256: Result<String, String>,
    /// The bytes, for the files `keep` asked for.
    pub bytes: Option<Vec<u8>>,
}

pub enum Source {
    Zip(PathBuf),
    Folder(PathBuf),
}

fn refuse(entry: &str, reason: &'static str, reason_zh: &'static str) -> Refusal {
    Refusal {
        entry: entry.chars().take(200).collect(),
        reason,
        reason_zh,
    }
}

/// The name problems of one entry path, as stored.
pub fn check_name(name: &str) -> Option<Refusal> {
    let bad = |r, z| Some(refuse(name, r, z));
    if name.is_empty() || name.contains('\0') {
        return bad("empty or NUL in the name", "名称为空或含 NUL 字符");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return bad("absolute path", "绝对路径");
    }
    if name.as_bytes().get(1) == Some(&b':') {
        return bad("drive-letter path", "带盘符的路径");
    }
    if name.contains('\\') {
        return bad("backslash in the path", "路径中含反斜杠");
    }
    if name.split('/').any(|c| c == "..") {
        return bad("`..` would escape the folder", "“..” 会跳出所在文件夹");
    }
    let parts: Vec<&str> = name.trim_end_matches('/').split('/').collect();
    if parts.iter().any(|c| c.is_empty() || *c == ".") {
        return bad(
            "has an empty or `.` part (`//`, `./`): it aliases another name when unpacked",
            "路径中有空的或“.”部分（“//”、“./”）：解压时会与另一名称相同",
        );
    }
    if parts.iter().any(|c| c.ends_with(['.', ' '])) {
        return bad(
            "a part ends in a dot or space, which Windows drops (it aliases another name)",
            "某一部分以点或空格结尾，Windows 会去掉它（与另一名称相同）",
        );
    }
    if !unicode_normalization::is_nfc(name) {
        return bad(
            "is not in Unicode NFC form (macOS would unpack it as another name)",
            "名称不是 Unicode NFC 形式（macOS 解压时会当作另一名称）",
        );
    }
    None
}

/// Refuses `name` when it is another name of one already `seen`: compared as the most forgiving
/// file system would (case-insensitive, normalising), the two would overwrite each other when
/// unpacked. ZIP entries and folder files alike.
fn alias_of_seen(seen: &mut BTreeSet<String>, name: &str) -> Option<Refusal> {
    use unicode_normalization::UnicodeNormalization;
    let key = name.nfc().collect::<String>().to_lowercase();
    (!seen.insert(key)).then(|| {
        refuse(
            name,
            "duplicates another entry's name (case or Unicode form)",
            "与另一条目同名（大小写或 Unicode 形式不同）",
        )
    })
}

/// A ZIP's bytes must be a ZIP's bytes: refuse a FIFO, device or socket before opening it
/// (opening a FIFO blocks until someone writes to it).
fn regular_file(path: &Path) -> Result<(), Vec<Refusal>> {
    let fail = |r: &'static str, z: &'static str| vec![refuse(&path.display().to_string(), r, z)];
    match std::fs::metadata(path) {
        Err(_) => Err(fail("cannot be opened", "无法打开")),
        Ok(m) if !m.is_file() => Err(fail(
            "is not a regular file (a FIFO, device or socket)",
            "不是普通文件（管道、设备或套接字）",
        )),
        Ok(_) => Ok(()),
    }
}

/// Lists and hashes every file of a ZIP, or the refusals that stop it from being read.
fn zip_entries(path: &Path) -> Result<Vec<(usize, String, u64)>, Vec<Refusal>> {
    let fail = |r: &'static str, z: &'static str| vec![refuse(&path.display().to_string(), r, z)];
    regular_file(path)?;
    let file = File::open(path).map_err(|_| fail("cannot be opened", "无法打开"))?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let archive = ZipArchive::new(file)
        .map_err(|_| fail("is not a readable ZIP file", "不是可读取的 ZIP 文件"))?;
    if archive.has_duplicate_names() {
        return Err(fail(
            "holds two entries with the same name",
            "含有同名的重复条目",
        ));
    }
    if archive.len() > MAX_ENTRIES {
        return Err(fail("holds too many entries", "条目过多"));
    }
    let mut refusals = Vec::new();
    let mut out = Vec::new();
    let mut total = 0u64;
    let mut seen = BTreeSet::new();
    let meta_all = archive.metadata();
    let mut spans = Vec::new();
    for i in 0..archive.len() {
        let Ok(meta) = meta_all.entry(i) else {
            refusals.push(refuse(
                &format!("#{i}"),
                "unreadable entry header",
                "条目头无法读取",
            ));
            continue;
        };
        let name = String::from_utf8_lossy(meta.name_raw()).into_owned();
        let (size, packed) = (meta.size(), meta.compressed_size());
        spans.push(zip_layout::Span {
            index: i,
            name_raw: meta.name_raw().to_vec(),
            header_start: meta.header_start(),
            compressed: packed,
        });
        if let Some(r) = check_name(&name) {
            refusals.push(r);
            continue;
        }
        if meta.is_symlink() {
            refusals.push(refuse(&name, "is a symbolic link", "是符号链接"));
            continue;
        }
        if name.ends_with('/') {
            continue;
        }
        if let Some(r) = alias_of_seen(&mut seen, &name) {
            refusals.push(r);
            continue;
        }
        if size > packed.max(1).saturating_mul(MAX_RATIO) && size > RATIO_FREE {
            refusals.push(refuse(
                &name,
                "is compressed too much to be real (ZIP bomb)",
                "压缩比异常（ZIP 炸弹）",
            ));
            continue;
        }
        total = total.saturating_add(size);
        out.push((i, name, size));
    }
    if total > MAX_TOTAL_BYTES {
        refusals.push(refuse(
            &path.display().to_string(),
            "unpacks to more than 64 GiB",
            "解压后超过 64 GiB",
        ));
    } else if total > file_len.saturating_mul(MAX_RATIO).max(RATIO_FREE) {
        refusals.push(refuse(
            &path.display().to_string(),
            "unpacks to far more than its own size (ZIP bomb)",
            "解压后远大于文件本身（ZIP 炸弹）",
        ));
    }
    let dir_start = archive.central_directory_start();
    let mut file = archive.into_inner();
    for (entry, reason, reason_zh) in zip_layout::check(&mut file, spans, 0, dir_start) {
        refusals.push(refuse(&entry, reason, reason_zh));
    }
    if refusals.is_empty() {
        Ok(out)
    } else {
        Err(refusals)
    }
}

fn hash_reader(r: &mut dyn Read, keep: bool, size: u64) -> io::Result<(String, Option<Vec<u8>>)> {
    let mut h = Sha256::new();
    let mut kept = (keep && size <= KEEP_AT_MOST).then(Vec::new);
    let mut buf = vec![0u8; 1 << 20];
    // Never read more than the header promised: a lying header cannot make us read forever.
    let mut limited = r.take(size.saturating_add(1));
    loop {
        let n = limited.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        if let Some(k) = kept.as_mut() {
            k.extend_from_slice(&buf[..n]);
        }
    }
    Ok((hex::encode(h.finalize()), kept))
}

/// One file's outcome, read from a ZIP entry or a folder alike.
fn hashed(name: String, size: u64, result: Result<(String, Option<Vec<u8>>), String>) -> Hashed {
    match result {
        Ok((sha, bytes)) => Hashed {
            name,
            size,
            sha256: Ok(sha),
            bytes,
        },
        Err(e) => Hashed {
            name,
            size,
            sha256: Err(e),
            bytes: None,
        },
    }
}

/// Splits work into one contiguous run per thread, balanced by bytes.
fn chunks<T>(items: Vec<T>, size: impl Fn(&T) -> u64) -> Vec<Vec<T>> {
    let n = rayon::current_num_threads().max(1);
    let total: u64 = items.iter().map(&size).sum::<u64>().max(1);
    let per = total.div_ceil(n as u64);
    let mut out: Vec<Vec<T>> = vec![Vec::new()];
    let mut acc = 0u64;
    for it in items {
        let s = size(&it);
        if acc >= per && out.len() < n {
            out.push(Vec::new());
            acc = 0;
        }
        acc += s;
        if let Some(last) = out.last_mut() {
            last.push(it);
        }
    }
    out
}

fn hash_zip(
    path: &Path,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<Hashed>, Vec<Refusal>> {
    let entries = zip_entries(path)?;
    let parts = chunks(entries, |e| e.2);
    let hashed: Vec<Hashed> = parts
        .into_par_iter()
        .flat_map_iter(|part| {
            // Each worker reads through its own handle, so entries stream in parallel.
            let mut archive = File::open(path).ok().and_then(|f| ZipArchive::new(f).ok());
            part.into_iter().map(move |(i, name, size)| {
                let keep = keep(&name);
                let result = match archive.as_mut() {
                    None => Err("the ZIP file could not be reopened".to_string()),
                    Some(a) => match a.by_index(i) {
                        Ok(mut f) => hash_reader(&mut f, keep, size).map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    },
                };
                hashed(name, size, result)
            })
        })
        .collect();
    Ok(hashed)
}

fn folder_entries(root: &Path) -> Result<Vec<(PathBuf, String, u64)>, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut total = 0u64;
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                refusals.push(refuse(&e.to_string(), "cannot be read", "无法读取"));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let ft = entry.file_type();
        if ft.is_symlink() {
            refusals.push(refuse(&name, "is a symbolic link", "是符号链接"));
        } else if ft.is_file() {
            if let Some(r) = check_name(&name).or_else(|| alias_of_seen(&mut seen, &name)) {
                refusals.push(r);
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            total = total.saturating_add(size);
            out.push((entry.path().to_path_buf(), name, size));
        } else if !ft.is_dir() {
            refusals.push(refuse(&name, "is not a regular file", "不是普通文件"));
        }
        if out.len() > MAX_ENTRIES {
            return Err(vec![refuse(
                &root.display().to_string(),
                "holds too many files",
                "文件过多",
            )]);
        }
    }
    if total > MAX_TOTAL_BYTES {
        refusals.push(refuse(
            &root.display().to_string(),
            "is larger than 64 GiB",
            "超过 64 GiB",
        ));
    }
    if refusals.is_empty() {
        Ok(out)
    } else {
        Err(refusals)
    }
}

fn hash_folder(
    root: &Path,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<Hashed>, Vec<Refusal>> {
    let entries = folder_entries(root)?;
    Ok(entries
        .into_par_iter()
        .map(|(path, name, size)| {
            let keep = keep(&name);
            let result = File::open(&path)
                .and_then(|mut f| hash_reader(&mut f, keep, size))
                .map_err(|e| e.to_string());
            hashed(name, size, result)
        })
        .collect())
}

impl Source {
    /// Streams one file to `f`, after [`Source::hash_all`] accepted the pack.
    pub fn read_with<T>(&self, name: &str, f: impl FnOnce(&mut dyn Read) -> T) -> io::Result<T> {
        match self {
            Source::Zip(p) => {
                let mut archive = ZipArchive::new(File::open(p)?).map_err(io::Error::other)?;
                let mut entry = archive.by_name(name).map_err(io::Error::other)?;
                Ok(f(&mut entry))
            }
            Source::Folder(p) => Ok(f(&mut File::open(p.join(name))?)),
        }
    }

    pub fn of(path: &Path) -> Source {
        if path.is_dir() {
            Source::Folder(path.to_path_buf())
        } else {
            Source::Zip(path.to_path_buf())
        }
    }

    /// Every file of the pack with its hash (and bytes for the files `keep` names), sorted
    /// by name; or the refusals that make the pack unsafe to read.
    pub fn hash_all(
        &self,
        keep: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Vec<Hashed>, Vec<Refusal>> {
        let mut files = match self {
            Source::Zip(p) => hash_zip(p, keep)?,
            Source::Folder(p) => hash_folder(p, keep)?,
        };
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(files)
    }
}
