//! The property behind verify-bundle: any single change to a pack (edit, remove, add or rename
//! a file, or change one field of the manifest), made by a forger who then recomputes
//! SHA256SUMS so `sha256sum -c` passes, fails verification. The pack holds every kind of file:
//! pictures, an emoji-filled chat with its transcript, a bill with a confirmed row and its
//! table, a withdrawn item, a closed contact and a saved letter (the sample case).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde_json::Value;

use super::verify::verify_bundle;
use super::*;
use crate::ingest::ImportOptions;

/// A folder pack of the sample case plus an emoji chat and a withdrawn picture.
fn pack() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib")).unwrap();
    let case = lib.create_demo().unwrap().id;
    let chat = dir.path().join("客服😀.txt");
    std::fs::write(
        &chat,
        "2026-11-03 10:00 客服🙂: 您好😀，该订单不支持退款\n2026-11-03 10:01 我: 请退款 👉 𠀀\n",
    )
    .unwrap();
    let opts = ImportOptions::default();
    let no = AtomicBool::new(false);
    lib.import(case, &[chat], &opts, &|_| {}, &no).unwrap();
    let first = lib.items(case).unwrap()[0].record.id;
    lib.withdraw(first, "wrong page").unwrap();
    let out = dir.path().join("pack");
    let folder = ExportOptions {
        folder: true,
        ..ExportOptions::default()
    };
    lib.export(case, &out, &folder, &|_| {}, &no).unwrap();
    (dir, out)
}

/// Copies a folder tree (a library or an unpacked pack) for a test to change.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for f in walkdir::WalkDir::new(from) {
        let f = f.unwrap();
        let target = to.join(f.path().strip_prefix(from).unwrap());
        if f.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(f.path(), &target).unwrap();
        }
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    out.sort();
    out
}

/// SHA256SUMS as the forger rewrites it: every file but itself, in Proofpack's exact form.
fn resum(dir: &Path) {
    let listed: Vec<(String, String)> = files(dir)
        .into_iter()
        .filter(|n| n != layout::SUMS)
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, write::sha256_hex(&bytes))
        })
        .collect();
    std::fs::write(dir.join(layout::SUMS), sums::render(&listed)).unwrap();
}

/// Applies `change` to a fresh copy of `base`, recomputes SHA256SUMS, and verifies.
fn forged(base: &Path, label: &str, change: impl FnOnce(&Path)) -> (String, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    copy_dir(base, &dir);
    change(&dir);
    resum(&dir);
    (label.to_string(), verify_bundle(&dir).ok)
}

fn assert_all_caught(results: Vec<(String, bool)>) {
    let passed: Vec<&String> = results.iter().filter(|r| r.1).map(|r| &r.0).collect();
    assert!(passed.is_empty(), "forgeries that verified: {passed:?}");
}

#[test]
fn the_untouched_pack_verifies() {
    let (_d, base) = pack();
    let r = verify_bundle(&base);
    assert!(r.ok, "{:?}", r.problems);
    // Re-summing an untouched pack changes nothing: the harness itself is not the failure.
    assert!(forged(&base, "nothing", |_| {}).1);
}

#[test]
fn any_file_edited_removed_renamed_or_added_fails() {
    let (_d, base) = pack();
    let mut results = Vec::new();
    for name in files(&base).into_iter().filter(|n| n != layout::SUMS) {
        results.push(forged(&base, &format!("edit {name}"), |d| {
            let p = d.join(&name);
            let mut b = std::fs::read(&p).unwrap();
            let at = b.len() / 2;
            b[at] ^= 0x01;
            std::fs::write(&p, b).unwrap();
        }));
        results.push(forged(&base, &format!("remove {name}"), |d| {
            std::fs::remove_file(d.join(&name)).unwrap();
        }));
        results.push(forged(&base, &format!("rename {name}"), |d| {
            let to = format!("{name}.x");
            std::fs::rename(d.join(&name), d.join(to)).unwrap();
        }));
    }
    for extra in [
        "evidence/1-purchase/1-9_forged.png",
        "derived/3-9_extra.transcript.txt",
        "notes.txt",
    ] {
        results.push(forged(&base, &format!("add {extra}"), |d| {
            let p = d.join(extra);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"\x89PNG forged").unwrap();
        }));
    }
    assert!(results.len() > 30, "{}", results.len());
    assert_all_caught(results);
}

/// Every path to a scalar in the manifest, e.g. `/items/2/note`.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

fn changed(v: &Value) -> Value {
    match v {
        Value::String(s) if s.is_empty() => Value::String("x".into()),
        // Same length, one character different: a hash stays a well-formed hash.
        Value::String(s) => {
            let mut c: Vec<char> = s.chars().collect();
            let last = c.len() - 1;
            c[last] = if c[last] == '0' { '1' } else { '0' };
            Value::String(c.into_iter().collect())
        }
        Value::Number(n) => Value::from(n.as_i64().unwrap_or(0) + 1),
        Value::Bool(b) => Value::Bool(!b),
        _ => Value::String("x".into()),
    }
}

#[test]
fn any_manifest_field_changed_fails() {
    let (_d, base) = pack();
    let text = std::fs::read_to_string(base.join(layout::MANIFEST)).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    let mut paths = Vec::new();
    leaves(&manifest, String::new(), &mut paths);
    // Every field outside the chain, and a spread of the chain's (each entry's fields are all
    // caught by its hash); FORGERY_ALL=1 (make test-tamper) changes every field.
    let every = std::env::var("FORGERY_ALL").is_ok();
    // Otherwise each kind of field once (`/items/*/note`), on the last item or fact that has it.
    let kind = |p: &str| -> String {
        p.split('/')
            .map(|c| if c.parse::<u64>().is_ok() { "*" } else { c })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut seen = std::collections::BTreeMap::new();
    for (i, p) in paths.iter().enumerate() {
        seen.insert(kind(p), i);
    }
    let chosen: Vec<&String> = paths
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            every || seen.get(&kind(p)) == Some(i) || (p.starts_with("/ledger/") && i % 17 == 0)
        })
        .map(|(_, p)| p)
        .collect();
    eprintln!(
        "{} of {} manifest fields changed",
        chosen.len(),
        paths.len()
    );
    let results: Vec<(String, bool)> = chosen
        .iter()
        .map(|path| {
            forged(&base, path, |d| {
                let mut m = manifest.clone();
                let leaf = m.pointer_mut(path).unwrap();
                *leaf = changed(leaf);
                let body = serde_json::to_vec_pretty(&m).unwrap();
                std::fs::write(d.join(layout::MANIFEST), body).unwrap();
            })
        })
        .collect();
    assert!(results.len() > 40, "{}", results.len());
    assert_all_caught(results);
}
