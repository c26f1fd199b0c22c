//! Export and verify-bundle from the inside: cancel leaves nothing, the chain and checkpoint
//! checks stand on their own (a forger who rewrites SHA256SUMS is still caught), and the
//! offline verifier's CSP matches its inline code.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::verify::verify_bundle;
use super::*;
use crate::case::CaseFields;

fn library() -> (tempfile::TempDir, Library, i64) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib")).unwrap();
    let case = lib.create_demo().unwrap();
    (dir, lib, case.id)
}

fn folder_export(lib: &Library, case: i64, out: &Path) -> ExportReport {
    let opts = ExportOptions {
        folder: true,
        ..ExportOptions::default()
    };
    lib.export(case, out, &opts, &|_| {}, &AtomicBool::new(false))
        .unwrap()
}

/// Rewrites one file of a folder pack and its SHA256SUMS line, as a careful forger would.
fn forge(dir: &Path, name: &str, edit: impl Fn(String) -> String) {
    let body = edit(std::fs::read_to_string(dir.join(name)).unwrap());
    std::fs::write(dir.join(name), &body).unwrap();
    let hash = write::sha256_hex(body.as_bytes());
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let fixed: String = sums
        .lines()
        .map(|l| {
            if l.ends_with(&format!("  {name}")) {
                format!("{hash}  {name}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(dir.join("SHA256SUMS"), fixed).unwrap();
}

fn codes(dir: &Path) -> Vec<String> {
    verify_bundle(dir)
        .problems
        .into_iter()
        .map(|p| p.code.to_string())
        .collect()
}

/// Each problem as `code subject`.
fn named(dir: &Path) -> Vec<String> {
    verify_bundle(dir)
        .problems
        .into_iter()
        .map(|p| format!("{} {}", p.code, p.subject))
        .collect()
}

#[test]
fn a_cancelled_export_leaves_nothing_and_records_nothing() {
    let (dir, lib, case) = library();
    let entries = lib.log(case).unwrap().len();
    for folder in [false, true] {
        let out = dir.path().join(if folder { "pack" } else { "pack.zip" });
        let opts = ExportOptions {
            folder,
            ..ExportOptions::default()
        };
        let e = lib
            .export(case, &out, &opts, &|_| {}, &AtomicBool::new(true))
            .unwrap_err();
        assert_eq!(e.code(), "cancelled");
        assert!(!out.exists());
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["lib".to_string()], "no partial files");
    assert_eq!(lib.log(case).unwrap().len(), entries);
}

#[test]
fn a_forged_chain_entry_is_caught_even_with_matching_sums() {
    let (dir, lib, case) = library();
    let out = dir.path().join("pack");
    folder_export(&lib, case, &out);
    assert!(verify_bundle(&out).ok);
    forge(&out, "manifest.json", |m| {
        m.replace("GD2026110200042", "GD2026110200043")
    });
    // The entry no longer hashes to itself, the facts no longer say what the chat says, and the
    // manifest and report this chain gives are not the ones in the pack.
    assert_eq!(
        named(&out),
        vec![
            "chain_broken manifest.json ledger seq 7",
            "fact_mismatch manifest.json facts",
            "generated_mismatch manifest.json",
            "generated_mismatch report.pdf",
        ]
    );
}

#[test]
fn a_forged_item_or_checkpoint_is_caught() {
    let (dir, lib, case) = library();
    let out = dir.path().join("pack");
    folder_export(&lib, case, &out);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let m: manifest::Manifest = serde_json::from_str(&manifest).unwrap();
    let root = m.checkpoint.root.clone();
    forge(&out, "manifest.json", |s| {
        s.replacen(&root, &"0".repeat(64), 1)
    });
    // README.txt prints the checkpoint too: it is no longer what this chain gives.
    assert_eq!(
        codes(&out),
        vec!["checkpoint_mismatch", "generated_mismatch"]
    );
    std::fs::remove_dir_all(&out).unwrap();
    folder_export(&lib, case, &out);
    // Swap the recorded category of an item: the chain still says otherwise.
    forge(&out, "manifest.json", |s| {
        s.replacen(
            "\"category\": \"non_delivery\"",
            "\"category\": \"other\"",
            1,
        )
    });
    // Its category, and so its number and path, are not what the chain gives.
    let subject = "evidence/2-non-delivery/2-1_会员中心-未开通.png";
    assert_eq!(
        named(&out),
        vec![
            format!("item_mismatch {subject}"),
            format!("item_mismatch {subject}"),
            format!("item_mismatch {subject}"),
            "generated_mismatch manifest.json".to_string(),
        ]
    );
}

#[test]
fn a_withdrawn_item_is_listed_but_not_packed() {
    let (dir, lib, case) = library();
    let item = lib.items(case).unwrap()[0].record.id;
    lib.withdraw(item, "wrong order page").unwrap();
    let out = dir.path().join("pack");
    folder_export(&lib, case, &out);
    let m: manifest::Manifest =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let w = m.items.iter().find(|i| i.id == item).unwrap();
    assert_eq!(w.path, None);
    assert_eq!(w.withdrawn_reason.as_deref(), Some("wrong order page"));
    // The remaining purchase item is renumbered 1-1, as the report and letter number it.
    assert!(out.join("evidence/1-purchase/1-1_支付成功.png").is_file());
    assert!(verify_bundle(&out).ok);
}

#[test]
fn an_empty_case_exports_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib")).unwrap();
    let c = lib
        .create_case(CaseFields {
            title: "<script>alert(1)</script> 空案件".into(),
            ..Default::default()
        })
        .unwrap();
    let out = dir.path().join("pack.zip");
    let r = lib
        .export(
            c.id,
            &out,
            &ExportOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(r.pages >= 4);
    assert!(verify_bundle(&out).ok);
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[test]
fn the_verifier_page_allows_exactly_its_own_script_and_style() {
    use sha2::{Digest, Sha256};
    let between = |open: &str, close: &str| {
        let start = VERIFY_HTML.find(open).unwrap() + open.len();
        let end = start + VERIFY_HTML[start..].find(close).unwrap();
        &VERIFY_HTML[start..end]
    };
    let script = base64(&Sha256::digest(between("<script>", "</script>").as_bytes()));
    let style = base64(&Sha256::digest(between("<style>", "</style>").as_bytes()));
    let csp = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    let want = format!("default-src 'none'; script-src 'sha256-{script}'; style-src 'sha256-{style}'; connect-src 'none'; img-src 'none'; form-action 'none'");
    assert_eq!(csp, want, "update the CSP meta of assets/verify.html");
    assert!(
        !VERIFY_HTML.contains("innerHTML"),
        "pack text is shown with textContent only"
    );
    assert!(!VERIFY_HTML.contains("fetch("), "no network");
}
