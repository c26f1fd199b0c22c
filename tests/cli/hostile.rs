//! The hostile corpus (tests/fixtures/hostile/cases.json): every case gets its expected, clear
//! outcome; nothing hangs, nothing stored is altered, and the library verifies afterwards.

use std::path::{Path, PathBuf};

use proofpack_tests::{fixture, sha256_hex, Sandbox};
use serde_json::Value;

fn corpus() -> Value {
    let text = std::fs::read_to_string(fixture("hostile/cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// What an add can change: rows, chain entries, stored objects, and leftovers.
#[derive(Debug, PartialEq)]
struct Footprint {
    items: i64,
    entries: i64,
    objects: usize,
    temp_files: usize,
}

fn footprint(sb: &Sandbox) -> Footprint {
    let count = |sql: &str| sb.sqlite_out(sql).parse::<i64>().unwrap_or(-1);
    let under = |dir: &str| proofpack_tests::files_under(&sb.library().join(dir)).len();
    Footprint {
        items: count("SELECT COUNT(*) FROM items"),
        entries: count("SELECT COUNT(*) FROM ledger"),
        objects: under("objects/sha256"),
        temp_files: under("objects/tmp"),
    }
}

/// One case per file, so that no file is a duplicate of another's bytes. Besides its outcome,
/// each add may change exactly this: one item and one chain entry per file added, one stored
/// object per distinct content (the same bytes in two cases share one), no temporary file.
fn add_to_new_case(sb: &Sandbox, label: &str, paths: &[PathBuf]) -> (String, Value) {
    let case = sb.ok_json(&["case", "new", label])["id"].to_string();
    let before = footprint(sb);
    let r = sb.run_paths(&["--json", "add", &case], paths);
    assert!(
        r.code == 0 || r.code == 6,
        "{label}: exit {} {}",
        r.code,
        r.stderr
    );
    let report = r.json();
    let added = report["added"].as_array().map_or(0, Vec::len);
    let want = Footprint {
        items: before.items + added as i64,
        entries: before.entries + added as i64,
        objects: sb
            .sqlite_out("SELECT COUNT(DISTINCT sha256) FROM items")
            .parse()
            .unwrap_or(usize::MAX),
        temp_files: 0,
    };
    assert_eq!(
        footprint(sb),
        want,
        "{label}: something else changed: {report}"
    );
    (case, report)
}

/// Checks what `add` reported, and for an added item what `show` derived from it.
fn check(sb: &Sandbox, label: &str, report: &Value, expect: &Value, original: Option<&Path>) {
    let added = report["added"].as_array().unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    match expect["outcome"].as_str().unwrap() {
        "skipped" => {
            assert!(added.is_empty(), "{label}: should not be added: {report}");
            assert_eq!(skipped[0]["code"], expect["code"], "{label}: {report}");
            assert!(!skipped[0]["message"].as_str().unwrap().is_empty());
            assert!(!skipped[0]["message_zh"].as_str().unwrap().is_empty());
        }
        "added_and_skipped" => {
            assert_eq!(added.len(), 1, "{label}: {report}");
            assert!(
                skipped.iter().any(|s| s["code"] == expect["code"]),
                "{label}: {report}"
            );
        }
        "added" => {
            assert_eq!(added.len(), 1, "{label}: {report}");
            let item = &added[0];
            if let Some(path) = original {
                let bytes = std::fs::read(path).unwrap();
                assert_eq!(
                    item["sha256"],
                    sha256_hex(&bytes),
                    "{label}: stored byte-exact"
                );
            }
            check_item(sb, label, item, expect);
        }
        other => panic!("{label}: unknown outcome {other}"),
    }
}

fn check_item(sb: &Sandbox, label: &str, item: &Value, expect: &Value) {
    for key in ["media_type"] {
        if let Some(want) = expect.get(key) {
            assert_eq!(&item[key], want, "{label}: {key}");
        }
    }
    if let Some(name) = expect.get("name") {
        assert_eq!(&item["original_name"], name, "{label}: name");
    }
    let shown = sb.ok_json(&["show", &item["id"].to_string()]);
    let derived = &shown["derived"];
    let kind = derived
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("none");
    if let Some(want) = expect.get("derived") {
        assert_eq!(kind, want.as_str().unwrap(), "{label}: derived kind");
    }
    for key in ["encoding", "had_errors"] {
        if let Some(want) = expect.get(key) {
            assert_eq!(&derived[key], want, "{label}: {key}: {derived}");
        }
    }
    if let Some(want) = expect.get("preview_error").and_then(Value::as_bool) {
        let err = &derived["body"]["preview_error"];
        assert_eq!(!err.is_null(), want, "{label}: preview_error {err}");
        if want {
            assert!(!derived["body"]["preview_error_zh"].is_null());
        }
    }
    if let Some(text) = expect.get("text_contains").and_then(Value::as_str) {
        assert!(
            derived.to_string().contains(text),
            "{label}: {text} not in {derived}"
        );
    }
}

#[test]
fn every_hostile_file_gets_its_expected_outcome() {
    let sb = Sandbox::new();
    let cases = corpus();
    for case in cases["files"].as_array().unwrap() {
        let name = case["file"].as_str().unwrap();
        let path = fixture("hostile/files").join(name);
        assert!(path.exists(), "{name} missing: run make_hostile.py");
        let (_, report) = add_to_new_case(&sb, name, std::slice::from_ref(&path));
        check(&sb, name, &report, &case["expect"], Some(&path));
    }
    assert!(cases["files"].as_array().unwrap().len() >= 30);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

/// Files git cannot hold (links, pipes, a huge sparse file, control characters in a name).
fn generate(sb: &Sandbox, name: &str) -> Vec<PathBuf> {
    use std::os::unix::fs::symlink;
    let dir = sb.src().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    match name {
        "symlink-loop" => {
            symlink(dir.join("b"), dir.join("a")).unwrap();
            symlink(dir.join("a"), dir.join("b")).unwrap();
            vec![dir.join("a")]
        }
        "folder-link-to-itself" => {
            std::fs::write(dir.join("chat.txt"), "客服: 不能退款").unwrap();
            symlink(&dir, dir.join("loop")).unwrap();
            vec![dir]
        }
        "dangling-link" => {
            symlink(dir.join("nowhere"), dir.join("link")).unwrap();
            vec![dir.join("link")]
        }
        "fifo" => {
            let p = dir.join("pipe");
            let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
            vec![p]
        }
        "empty" => {
            std::fs::write(dir.join("empty.png"), b"").unwrap();
            vec![dir.join("empty.png")]
        }
        "sparse-512m" => {
            let p = dir.join("recording.bin");
            std::fs::File::create(&p)
                .unwrap()
                .set_len(512 << 20)
                .unwrap();
            vec![p]
        }
        "control-characters-name" => {
            let p = dir.join("tab\tand\rcontrol.txt");
            std::fs::write(&p, b"control characters in the name").unwrap();
            vec![p]
        }
        other => panic!("no generator for {other}"),
    }
}

#[test]
fn generated_hostile_inputs_get_their_expected_outcome() {
    let sb = Sandbox::new();
    for case in corpus()["generated"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        if name == "case-title-xss" {
            let title = "<script>window.__pwned=1</script>会员";
            let notes = "<img src=x onerror=alert(1)>";
            let id = sb.ok_json(&["case", "new", title, "--notes", notes])["id"].to_string();
            let shown = sb.ok_json(&["case", "show", &id]);
            assert_eq!(shown["title"], title);
            assert_eq!(shown["notes"], notes);
            continue;
        }
        let paths = generate(&sb, name);
        let (_, report) = add_to_new_case(&sb, name, &paths);
        check(&sb, name, &report, expect, None);
    }
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[test]
fn hostile_packs_are_refused_by_name_and_nothing_is_written() {
    let sb = Sandbox::new();
    let corpus = corpus();
    let packs = corpus["packs"].as_array().unwrap();
    for case in packs {
        let name = case["file"].as_str().unwrap();
        // A copy in a fresh folder, so that anything written beside or above it would show.
        let dir = sb.dir.path().join("inbox").join(name).join("a/b");
        std::fs::create_dir_all(&dir).unwrap();
        let pack = dir.join(name);
        std::fs::copy(fixture("hostile/packs").join(name), &pack).unwrap();
        let r = sb.run(&["--json", "verify-bundle", pack.to_str().unwrap()]);
        assert_eq!(r.code, 7, "{name}: {}", r.stdout);
        let problems = r.json()["problems"].as_array().unwrap().clone();
        let want = &case["expect"];
        assert!(
            problems.iter().any(|p| p["code"] == want["problem"]
                && want.get("subject").is_none_or(|s| &p["subject"] == s)),
            "{name}: expected {want}, got {problems:?}"
        );
        let root = sb.dir.path().join("inbox").join(name);
        let found = proofpack_tests::files_under(&root);
        assert_eq!(
            found,
            vec![pack.clone()],
            "{name}: verify-bundle wrote files"
        );
    }
    assert!(packs.len() >= 10);
}
