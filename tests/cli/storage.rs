//! A library on a disk that fills up, and on a disk mounted read-only: small tmpfs mounts.
//! Mounting needs root (CI runs as root); elsewhere these tests say so and do nothing.

use std::path::Path;

use proofpack_tests::{Rng, Sandbox, Tmpfs};

fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    Rng::new(seed).bytes(len)
}

/// The sandbox's library is `dir` (on a mount); source files stay on the ordinary disk.
fn sandbox_on(dir: &Path) -> Sandbox {
    let sb = Sandbox::new();
    std::fs::create_dir_all(dir).unwrap();
    std::os::unix::fs::symlink(dir, sb.library()).unwrap();
    sb
}

fn count(sb: &Sandbox, table: &str) -> i64 {
    sb.sqlite_out(&format!("SELECT count(*) FROM {table}"))
        .parse()
        .unwrap()
}

#[test]
fn a_full_library_disk_fails_clearly_and_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&root.path().join("disk"), "6m") else {
        return;
    };
    let lib_dir = disk.dir.join("library");
    let sb = sandbox_on(&lib_dir);
    let case = sb.vip_case();
    let small1 = sb.file("small1.png", &random_bytes(100_000, 1));
    let big = sb.file("screen-recording.mp4", &random_bytes(10_000_000, 2));
    let small2 = sb.file("small2.png", &random_bytes(100_000, 3));

    // The file that does not fit is named with the reason; the others of the batch go in.
    let r = sb.run_paths(&["--json", "add", &case], &[small1, big, small2]);
    assert_eq!(r.code, 6, "{}", r.stderr);
    let report = r.json();
    assert_eq!(report["added"].as_array().unwrap().len(), 2);
    let skipped = &report["skipped"][0];
    assert_eq!(skipped["code"], "disk_full");
    assert!(skipped["path"]
        .as_str()
        .unwrap()
        .ends_with("screen-recording.mp4"));
    assert!(skipped["message_zh"].as_str().unwrap().contains("磁盘已满"));
    let tmp = std::fs::read_dir(lib_dir.join("objects/tmp"))
        .unwrap()
        .count();
    assert_eq!(tmp, 0, "the half-copied file is removed");

    // Now fill the disk to the last byte: database writes fail with a clear error, nothing half done.
    let rows = || {
        (
            count(&sb, "cases"),
            count(&sb, "items"),
            count(&sb, "ledger"),
        )
    };
    let before = rows();
    let filler = disk.dir.join("filler");
    let _ = std::fs::write(&filler, random_bytes(8_000_000, 4));
    let r = sb.run(&["--json", "case", "new", "another"]);
    assert_ne!(r.code, 0);
    let err: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        err["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("磁盘空间已满"),
        "{err}"
    );
    let r = sb.run(&["case", "edit", &case, "--notes", "written on a full disk"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no storage space"), "{}", r.stderr);
    let r = sb.run_paths(&["--json", "add", &case], &[sb.file("late.txt", b"late")]);
    assert_ne!(r.code, 0);

    // Space again: no partial rows; the library is whole, verifies, and takes new evidence.
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(rows(), before, "no partial rows");
    assert_eq!(sb.integrity(), "ok");
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    let d = sb.ok_json_code(&["doctor", "--scan", sb.src().to_str().unwrap()]);
    assert_eq!(d["integrity"], "ok", "{d}");
    let r = sb.run_paths(&["--json", "add", &case], &[sb.file("after.txt", b"after")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[test]
fn a_read_only_library_opens_for_reading_and_verifying() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&root.path().join("disk"), "32m") else {
        return;
    };
    let sb = sandbox_on(&disk.dir);
    let case = sb.vip_case();
    sb.run_paths(
        &["add", &case],
        &[proofpack_tests::fixture("chat/qq_gbk.txt")],
    );
    let items_before = sb.ok_json(&["items", &case]);
    disk.remount_read_only();

    for args in [
        vec!["case", "list"],
        vec!["items", &case],
        vec!["check", &case],
        vec!["timeline", &case],
        vec!["log", &case],
        vec!["verify"],
    ] {
        let r = sb.run(&args);
        assert!(
            r.code == 0 || (args[0] == "check" && r.code == 8),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("read-only") && r.stderr.contains("只读"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(sb.ok_json(&["items", &case]), items_before);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);

    // Writes are refused by name; nothing is half written.
    let r = sb.run_paths(&["--json", "add", &case], &[sb.file("new.png", b"new")]);
    assert_eq!(r.code, 6);
    assert_eq!(r.json()["skipped"][0]["code"], "read_only");
    let r = sb.run(&["--json", "case", "new", "X"]);
    assert_eq!(r.code, 5);
    assert_eq!(r.json()["error"]["code"], "read_only");
    let out = sb.dir.path().join("pack.zip");
    let r = sb.run(&["--json", "export", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 5);
    assert!(!out.exists(), "no pack the chain would not record");
    let listing: Vec<_> = std::fs::read_dir(&disk.dir).unwrap().collect();
    assert!(
        listing.iter().all(|e| {
            let n = e.as_ref().unwrap().file_name();
            n == "proofpack.db" || n == "objects" || n == "thumbs"
        }),
        "no -wal or -shm created: {listing:?}"
    );
}
