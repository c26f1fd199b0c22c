//! The hostile corpus (tests/fixtures/hostile/cases.json), one test per case so that the first
//! failure does not hide the rest: every case gets its expected, clear outcome within a time
//! and peak-memory budget, changes nothing but its own items, and the library verifies after.
//! Hostile packs are refused by `verify-bundle` and by the pack's own verify.html, for the same
//! reason; every hostile file added to one case exports, and that pack verifies both ways.

use std::path::{Path, PathBuf};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use proofpack_tests::{fixture, sha256_hex, Sandbox};
use serde_json::Value;

/// Per case, far above what any case needs (the largest, a 512 MiB sparse file, takes a few
/// seconds and under 100 MiB in a debug build): a hang or a blow-up fails, load does not.
const TIME_LIMIT: Duration = Duration::from_secs(120);
const PEAK_LIMIT_KIB: i64 = 512 * 1024;

fn corpus() -> Value {
    let text = std::fs::read_to_string(fixture("hostile/cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn main() {
    let args = Arguments::from_args();
    let corpus = corpus();
    let list = |key: &str| corpus[key].as_array().cloned().unwrap_or_default();
    let (files, generated, packs) = (list("files"), list("generated"), list("packs"));
    assert!(files.len() >= 30 && packs.len() >= 10, "the corpus shrank");
    let mut trials = Vec::new();
    for case in files.clone() {
        let name = case["file"].as_str().unwrap().to_string();
        trials.push(Trial::test(format!("file::{name}"), move || {
            file_case(&name, &case["expect"])
        }));
    }
    for case in generated {
        let name = case["name"].as_str().unwrap().to_string();
        trials.push(Trial::test(format!("generated::{name}"), move || {
            generated_case(&name, &case["expect"])
        }));
    }
    for case in packs {
        let name = case["file"].as_str().unwrap().to_string();
        trials.push(Trial::test(format!("pack::{name}"), move || {
            pack_case(&name, &case["expect"])
        }));
    }
    trials.push(Trial::test(
        "export::every_hostile_file_in_one_pack",
        move || export_case(&files),
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// Runs the CLI in a bounded child: it must end within the time and memory budget.
fn bounded(sb: &Sandbox, args: &[&str], paths: &[PathBuf]) -> Result<proofpack_tests::Run, Failed> {
    let mut cmd = sb.cmd();
    cmd.args(args).args(paths);
    let m = proofpack_tests::run_bounded(cmd, TIME_LIMIT);
    if m.timed_out {
        return Err(format!("{args:?} still running after {} s", TIME_LIMIT.as_secs()).into());
    }
    if m.peak_kib > PEAK_LIMIT_KIB {
        return Err(format!(
            "{args:?}: peak memory {} MiB over the budget",
            m.peak_kib / 1024
        )
        .into());
    }
    Ok(m.run)
}

/// Runs `add` on paths in a bounded child: within the time and memory budget, exit 0 or 6.
fn bounded_add(sb: &Sandbox, case: &str, paths: &[PathBuf]) -> Result<Value, Failed> {
    let run = bounded(sb, &["--json", "add", case], paths)?;
    if run.code != 0 && run.code != 6 {
        return Err(format!("exit {}: {}", run.code, run.stderr).into());
    }
    Ok(run.json())
}

fn file_case(name: &str, expect: &Value) -> Result<(), Failed> {
    let sb = Sandbox::new();
    let path = fixture("hostile/files").join(name);
    assert!(path.exists(), "{name} missing: run make_hostile.py");
    let (_, report) = add_to_new_case(&sb, name, std::slice::from_ref(&path))?;
    check(&sb, name, &report, expect, Some(&path));
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    Ok(())
}

fn generated_case(name: &str, expect: &Value) -> Result<(), Failed> {
    let sb = Sandbox::new();
    if name == "case-title-xss" {
        let title = "<script>window.__pwned=1</script>会员";
        let notes = "<img src=x onerror=alert(1)>";
        let id = sb.ok_json(&["case", "new", title, "--notes", notes])["id"].to_string();
        let shown = sb.ok_json(&["case", "show", &id]);
        assert_eq!(shown["title"], title);
        assert_eq!(shown["notes"], notes);
        return Ok(());
    }
    let paths = generate(&sb, name);
    let (_, report) = add_to_new_case(&sb, name, &paths)?;
    check(&sb, name, &report, expect, None);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    Ok(())
}

/// `verify-bundle` refuses the pack by name and writes nothing; verify.html refuses it too,
/// naming the same entry.
fn pack_case(name: &str, want: &Value) -> Result<(), Failed> {
    let sb = Sandbox::new();
    // A copy in a fresh folder, so that anything written beside or above it would show.
    let root = sb.dir.path().join("inbox");
    let dir = root.join("a/b");
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join(name);
    std::fs::copy(fixture("hostile/packs").join(name), &pack).unwrap();
    let run = bounded(
        &sb,
        &["--json", "verify-bundle", pack.to_str().unwrap()],
        &[],
    )?;
    assert_eq!(run.code, 7, "{name}: {}", run.stdout);
    let problems = run.json()["problems"].as_array().unwrap().clone();
    let subject = want.get("subject").and_then(Value::as_str);
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == want["problem"] && subject.is_none_or(|s| p["subject"] == s)),
        "{name}: expected {want}, got {problems:?}"
    );
    assert_eq!(
        proofpack_tests::files_under(&root),
        vec![pack.clone()],
        "{name}: verify-bundle wrote files"
    );
    let page =
        proofpack_tests::verify_html(&proofpack_tests::verify_html_page(), &pack, "zip", "en");
    assert_eq!(page["ok"], false, "{name}: verify.html accepted it: {page}");
    let found = page["problems"].as_array().unwrap();
    assert!(
        found.iter().any(|p| p["key"] == want["page"]
            && subject.is_none_or(|s| p["text"].as_str().unwrap_or("").contains(s))),
        "{name}: verify.html: expected {want}, got {found:?}"
    );
    Ok(())
}

/// Every hostile file that is added goes into one case; its pack (hostile names, contents and
/// all) exports and verifies with `verify-bundle` and with verify.html.
fn export_case(files: &[Value]) -> Result<(), Failed> {
    let sb = Sandbox::new();
    let paths: Vec<PathBuf> = files
        .iter()
        .filter(|c| c["expect"]["outcome"] == "added")
        .map(|c| fixture("hostile/files").join(c["file"].as_str().unwrap()))
        .chain(generate(&sb, "control-characters-name"))
        .collect();
    let case = sb.ok_json(&["case", "new", "hostile 😀 <b>名</b>"])["id"].to_string();
    let report = bounded_add(&sb, &case, &paths)?;
    // Two files share their bytes with a third: stored once, named as duplicates.
    let count = |k: &str| report[k].as_array().map_or(0, Vec::len);
    assert_eq!(
        (count("added") + count("duplicates"), count("skipped")),
        (paths.len(), 0),
        "skipped: {}",
        report["skipped"]
    );
    let zip = sb.dir.path().join("hostile-pack.zip");
    let run = bounded(
        &sb,
        &["--json", "export", &case, "--out", zip.to_str().unwrap()],
        &[],
    )?;
    assert_eq!(run.code, 0, "export: {} {}", run.stdout, run.stderr);
    let verified = sb.ok_json_code(&["verify-bundle", zip.to_str().unwrap()]);
    assert_eq!(verified["ok"], true, "{verified}");
    let page =
        proofpack_tests::verify_html(&proofpack_tests::verify_html_page(), &zip, "zip", "en");
    assert_eq!(page["ok"], true, "{page}");
    Ok(())
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
fn add_to_new_case(
    sb: &Sandbox,
    label: &str,
    paths: &[PathBuf],
) -> Result<(String, Value), Failed> {
    let case = sb.ok_json(&["case", "new", label])["id"].to_string();
    let before = footprint(sb);
    let report = bounded_add(sb, &case, paths)?;
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
    Ok((case, report))
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
