//! Turns the paths a user picked or dropped into the list of regular files to import.
//! Folders recurse without following symlinks; links, FIFOs, sockets and devices are skipped
//! with a reason and never opened (opening a FIFO would block).

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::io_reason_zh;

/// A regular file found on disk, ready to be copied.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub size: u64,
}

/// Why a file was not imported; stable, serialised as its snake_case name (`"symlink"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum SkipCode {
    NotFound,
    Symlink,
    SpecialFile,
    SystemFile,
    Empty,
    Unreadable,
    Changed,
    StoreFailed,
    DiskFull,
    ReadOnly,
    Cancelled,
}

crate::error::wire_code!(SkipCode);

/// A file that was not imported, with why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FileIssue {
    pub path: String,
    pub code: SkipCode,
    pub message: String,
    pub message_zh: String,
}

impl FileIssue {
    pub fn new(path: &Path, code: SkipCode, en: impl Into<String>, zh: impl Into<String>) -> Self {
        FileIssue {
            path: path.to_string_lossy().into_owned(),
            code,
            message: en.into(),
            message_zh: zh.into(),
        }
    }

    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            return FileIssue::new(
                path,
                SkipCode::NotFound,
                "file not found (moved or deleted?)",
                io_reason_zh(e),
            );
        }
        if e.raw_os_error() == Some(libc::ELOOP) {
            return symlink(path);
        }
        FileIssue::new(
            path,
            SkipCode::Unreadable,
            format!("cannot read: {e}"),
            io_reason_zh(e),
        )
    }
}

fn symlink(path: &Path) -> FileIssue {
    FileIssue::new(
        path,
        SkipCode::Symlink,
        "symbolic link, not followed: add the file it points to instead",
        "这是符号链接，不会跟随：请直接添加它指向的文件",
    )
}

fn special(path: &Path, meta: &Metadata) -> FileIssue {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    let (en, zh) = if t.is_fifo() {
        ("named pipe (FIFO)", "命名管道（FIFO）")
    } else if t.is_socket() {
        ("socket", "套接字")
    } else if t.is_block_device() || t.is_char_device() {
        ("device", "设备文件")
    } else {
        ("not a regular file", "不是普通文件")
    };
    FileIssue::new(
        path,
        SkipCode::SpecialFile,
        format!("{en}: not a regular file, skipped"),
        format!("{zh}：不是普通文件，已跳过"),
    )
}

/// Operating-system clutter that folders picked on macOS or Windows carry along.
fn is_system_file(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "Thumbs.db" | "desktop.ini" | ".localized"
    ) || name.starts_with("._")
}

/// Expands the picked paths; returns the files to import (in a stable order) and what was skipped.
pub fn collect(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<FileIssue>) {
    let mut files = Vec::new();
    let mut issues = Vec::new();
    for path in paths {
        match std::fs::symlink_metadata(path) {
            Err(e) => issues.push(FileIssue::io(path, &e)),
            Ok(m) if m.file_type().is_symlink() => issues.push(symlink(path)),
            Ok(m) if m.is_dir() => walk_dir(path, &mut files, &mut issues),
            Ok(m) if m.is_file() => files.push(Candidate {
                path: path.clone(),
                size: m.len(),
            }),
            Ok(m) => issues.push(special(path, &m)),
        }
    }
    (files, issues)
}

fn walk_dir(root: &Path, files: &mut Vec<Candidate>, issues: &mut Vec<FileIssue>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("folder loop"));
                issues.push(FileIssue::io(&path, &io));
                continue;
            }
        };
        let t = entry.file_type();
        if t.is_dir() {
            continue;
        }
        let path = entry.path();
        if t.is_symlink() {
            issues.push(symlink(path));
            continue;
        }
        if is_system_file(&entry.file_name().to_string_lossy()) {
            issues.push(FileIssue::new(
                path,
                SkipCode::SystemFile,
                "operating-system file, skipped",
                "系统文件，已跳过",
            ));
            continue;
        }
        match entry.metadata() {
            Ok(m) if m.is_file() => files.push(Candidate {
                path: path.to_path_buf(),
                size: m.len(),
            }),
            Ok(m) => issues.push(special(path, &m)),
            Err(e) => {
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("unreadable"));
                issues.push(FileIssue::io(path, &io));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_recurse_and_links_and_fifos_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("a.txt"), "a").unwrap();
        std::fs::write(d.join("sub/b.txt"), "b").unwrap();
        std::fs::write(d.join(".DS_Store"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("a.txt"), d.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling")).unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        let fifo = d.join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (files, issues) = collect(&[d.to_path_buf(), d.join("missing.png")]);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.strip_prefix(d).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a.txt"), PathBuf::from("sub/b.txt")]
        );
        let mut codes: Vec<_> = issues.iter().map(|i| i.code.to_string()).collect();
        codes.sort();
        assert_eq!(
            codes,
            vec![
                "not_found",
                "special_file",
                "symlink",
                "symlink",
                "symlink",
                "system_file"
            ]
        );
    }
}
