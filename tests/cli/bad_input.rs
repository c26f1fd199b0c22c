//! Hostile and odd input: each file is imported or refused with a clear reason, the batch goes
//! on, and the library still verifies.

use std::os::unix::fs::symlink;
use std::path::PathBuf;

use proofpack_tests::Sandbox;

fn mkfifo(path: &std::path::Path) {
    let st = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn a_batch_of_bad_input_is_sorted_out_file_by_file() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "bad input"])["id"].to_string();
    let outside = sb.dir.path().join("outside.txt");
    std::fs::write(&outside, "outside the picked folder").unwrap();
    sb.file("dir/empty.txt", b"");
    sb.file("dir/cafe\u{301}.txt", b"NFD accent");
    sb.file("dir/收据🧾.png", b"emoji name");
    sb.file("dir/CON.txt", b"reserved on Windows");
    sb.file(
        "dir/<img src=x onerror=alert(1)>.png",
        b"script in the name",
    );
    sb.file("dir/.DS_Store", b"mac clutter");
    symlink(sb.src().join("dir/CON.txt"), sb.src().join("dir/link-in")).unwrap();
    symlink(&outside, sb.src().join("dir/link-out")).unwrap();
    symlink(sb.src().join("nowhere"), sb.src().join("dir/dangling")).unwrap();
    mkfifo(&sb.src().join("dir/pipe"));
    let paths: Vec<PathBuf> = vec![
        sb.src().join("dir"),
        sb.src().join("missing.png"),
        sb.src().join("dir/link-out"),
    ];

    // A FIFO would block a naive reader forever; this must return.
    let r = sb.run_paths(&["--json", "add", &case], &paths);
    assert_eq!(r.code, 6, "some files skipped -> exit 6\n{}", r.stderr);
    let report = r.json();

    let mut added: Vec<String> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["original_name"].as_str().unwrap().to_string())
        .collect();
    added.sort();
    let mut want = vec![
        "<img src=x onerror=alert(1)>.png",
        "CON.txt",
        "caf\u{e9}.txt",
        "收据🧾.png",
    ];
    want.sort();
    assert_eq!(added, want, "NFD names are stored NFC");

    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = PathBuf::from(s["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                !s["message"].as_str().unwrap().is_empty()
                    && !s["message_zh"].as_str().unwrap().is_empty()
            );
            (name, s["code"].as_str().unwrap().to_string())
        })
        .collect();
    for (name, code) in [
        ("empty.txt", "empty"),
        ("link-in", "symlink"),
        ("link-out", "symlink"),
        ("dangling", "symlink"),
        ("pipe", "special_file"),
        ("missing.png", "not_found"),
        (".DS_Store", "system_file"),
    ] {
        assert!(
            skipped.contains(&(name.to_string(), code.to_string())),
            "{name} should be skipped as {code}: {skipped:?}"
        );
    }
    // The human output names each skipped file and why.
    let human = sb.run_paths(&["add", &case], &[sb.src().join("dir/pipe")]);
    assert!(
        human.stderr.contains("pipe") && human.stderr.contains("FIFO"),
        "{}",
        human.stderr
    );

    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[test]
fn a_four_gigabyte_file_is_streamed_with_little_memory() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "big"])["id"].to_string();
    let big = sb.src().join("screen-recording.mp4");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(4 << 30).unwrap(); // sparse: 4 GiB of zeros
    drop(f);
    let (code, stdout, max_rss_kb) = run_measured(&sb, &["--json", "add", &case], &big);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let item = &report["added"][0];
    assert_eq!(item["size"], 4u64 << 30);
    // sha256 of 4 GiB of zero bytes.
    assert_eq!(item["sha256"], zero_4g_sha());
    // Peak memory of this child alone stays far below the file size (streamed, never held whole).
    assert!(max_rss_kb < 64 * 1024, "peak RSS {max_rss_kb} KiB");
}

/// Computed with the system's sha256sum, so the expectation does not come from our own code.
fn zero_4g_sha() -> String {
    let out = std::process::Command::new("sh")
        .args(["-c", "head -c 4294967296 /dev/zero | sha256sum"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// Runs the CLI on `path` with a generous time limit; the peak RSS is this child's own.
fn run_measured(sb: &Sandbox, args: &[&str], path: &std::path::Path) -> (i32, String, i64) {
    let mut cmd = sb.cmd();
    cmd.args(args).arg(path);
    let m = proofpack_tests::run_bounded(cmd, std::time::Duration::from_secs(600));
    assert!(!m.timed_out, "{args:?} still running after 600 s");
    (m.run.code, m.run.stdout, m.peak_kib)
}

#[test]
fn doctor_finds_and_cleans_leftovers_of_interrupted_runs() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let clean = sb.run(&["doctor"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    // A killed import's temp file, an hour old.
    let tmp = sb.library().join("objects/tmp/import-killed");
    std::fs::write(&tmp, b"half").unwrap();
    let f = std::fs::File::options().write(true).open(&tmp).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    drop(f);
    let r = sb.run(&["doctor"]);
    assert_eq!(r.code, 7);
    assert!(r.stdout.contains("import-killed"), "{}", r.stdout);
    assert!(tmp.exists());
    let fixed = sb.ok_json(&["doctor", "--fix"]);
    assert_eq!(fixed["clean"], true, "{fixed}");
    assert_eq!(fixed["leftovers"][0]["action"], "deleted");
    assert!(!tmp.exists());
    assert_eq!(sb.run(&["verify", &case]).code, 0);
}

/// Six JPEGs whose headers declare 16000 x 16000 pixels (1.5 GB decoded each): the decoder does
/// not honour the allocation limit by itself, and import runs several workers at once. Each is
/// refused from its header before a pixel is decoded; the six stay evidence.
#[test]
fn six_huge_declared_jpegs_cost_little_memory() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "huge"])["id"].to_string();
    let base = std::fs::read(proofpack_tests::fixture("hostile/files/exif-loop.jpg")).unwrap();
    // SOF0 (or SOF2): FF C0/C2, length (2), precision (1), then height and width.
    let sof = base
        .windows(2)
        .position(|w| w[0] == 0xFF && (w[1] == 0xC0 || w[1] == 0xC2))
        .expect("a frame header");
    for i in 0..6u8 {
        let mut b = base.clone();
        b[sof + 5..sof + 9].copy_from_slice(&[0x3E, 0x80, 0x3E, 0x80]);
        b.push(i); // six different files
        sb.file(&format!("huge/{i}.jpg"), &b);
    }
    let (code, stdout, max_rss_kb) =
        run_measured(&sb, &["--json", "add", &case], &sb.src().join("huge"));
    assert_eq!(code, 0, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["added"].as_array().unwrap().len(), 6, "{report}");
    let id = report["added"][0]["id"].to_string();
    let shown = sb.ok_json(&["show", &id]);
    let why = shown["derived"]["body"]["preview_error"].as_str().unwrap();
    assert!(why.contains("16000") || why.contains("MiB"), "{why}");
    // Generous: the goal is far below; without the budget this peaked at several GB.
    assert!(max_rss_kb < 1024 * 1024, "peak RSS {max_rss_kb} KiB");
}
