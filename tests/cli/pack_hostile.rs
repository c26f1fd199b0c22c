//! Packs made to hurt: `verify-bundle` refuses them by name and never writes anything.

use std::io::Write;
use std::path::Path;

use proofpack_tests::Sandbox;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn make_zip(path: &Path, entries: &[(&str, &[u8])], method: CompressionMethod) {
    let mut z = ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, body) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
}

/// Runs verify-bundle; it must refuse with exit 7, name the entry and give the reason.
fn refused(sb: &Sandbox, zip: &Path, entry: &str, reason: &str) {
    let before: Vec<_> = walk(sb.dir.path());
    let r = sb.run(&["--json", "verify-bundle", zip.to_str().unwrap()]);
    assert_eq!(r.code, 7, "{}", r.stdout);
    let report = r.json();
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["code"] == "unsafe_entry"
            && p["subject"].as_str().unwrap().contains(entry)
            && p["message"].as_str().unwrap().contains(reason)),
        "{report}"
    );
    assert_eq!(walk(sb.dir.path()), before, "reading a pack never writes");
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.path().display().to_string());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn zip_slip_and_absolute_paths_are_refused() {
    let sb = Sandbox::new();
    let slip = sb.dir.path().join("slip.zip");
    make_zip(
        &slip,
        &[("README.txt", b"hi"), ("../../evil.sh", b"rm -rf /")],
        CompressionMethod::Stored,
    );
    refused(&sb, &slip, "../../evil.sh", "escape");
    let abs = sb.dir.path().join("abs.zip");
    make_zip(
        &abs,
        &[("/etc/cron.d/evil", b"* * * * * root x")],
        CompressionMethod::Stored,
    );
    refused(&sb, &abs, "/etc/cron.d/evil", "absolute");
    let back = sb.dir.path().join("back.zip");
    make_zip(
        &back,
        &[("evidence\\..\\..\\x", b"x")],
        CompressionMethod::Stored,
    );
    refused(&sb, &back, "x", "backslash");
}

#[test]
fn symlinks_and_duplicate_names_are_refused() {
    let sb = Sandbox::new();
    let link = sb.dir.path().join("link.zip");
    let mut z = ZipWriter::new(std::fs::File::create(&link).unwrap());
    z.add_symlink(
        "evidence/passwd",
        "/etc/passwd",
        SimpleFileOptions::default(),
    )
    .unwrap();
    z.finish().unwrap();
    refused(&sb, &link, "evidence/passwd", "symbolic link");

    // Two entries with one name: written as a.txt and b.txt, then renamed in place.
    let dup = sb.dir.path().join("dup.zip");
    make_zip(
        &dup,
        &[("a.txt", b"one"), ("b.txt", b"two")],
        CompressionMethod::Stored,
    );
    let bytes = std::fs::read(&dup).unwrap();
    let mut renamed = bytes.clone();
    for i in 0..renamed.len().saturating_sub(5) {
        if &renamed[i..i + 5] == b"b.txt" {
            renamed[i] = b'a';
        }
    }
    assert_eq!(renamed.len(), bytes.len());
    std::fs::write(&dup, renamed).unwrap();
    refused(&sb, &dup, "dup.zip", "same name");
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    let sb = Sandbox::new();
    let bomb = sb.dir.path().join("bomb.zip");
    let zeros = vec![0u8; 64 << 20];
    make_zip(
        &bomb,
        &[("evidence/1-purchase/1-1_x.png", &zeros)],
        CompressionMethod::Deflated,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < (1 << 20));
    refused(&sb, &bomb, "1-1_x.png", "ZIP bomb");
}

#[test]
fn not_a_zip_and_a_missing_path_are_clear() {
    let sb = Sandbox::new();
    let junk = sb.file("junk.zip", b"this is not a zip");
    refused(&sb, &junk, "junk.zip", "not a readable ZIP");
    let r = sb.run(&["verify-bundle", "/nonexistent/pack.zip"]);
    assert_eq!(r.code, 7);
    assert!(r.stdout.contains("pack.zip"), "{}", r.stdout);
}

#[test]
fn a_symlink_inside_a_pack_folder_is_refused() {
    let sb = Sandbox::new();
    let dir = sb.dir.path().join("pack");
    std::fs::create_dir_all(dir.join("evidence")).unwrap();
    std::fs::write(dir.join("SHA256SUMS"), "").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("evidence/passwd")).unwrap();
    let r = sb.run(&["--json", "verify-bundle", dir.to_str().unwrap()]);
    assert_eq!(r.code, 7);
    assert!(
        r.stdout.contains("evidence/passwd") && r.stdout.contains("symbolic link"),
        "{}",
        r.stdout
    );
}
