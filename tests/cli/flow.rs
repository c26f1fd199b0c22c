//! The everyday flow: create a case, import, list, edit, withdraw, read the log, verify.

use proofpack_tests::{sha256_hex, Sandbox};

fn new_case(sb: &Sandbox) -> i64 {
    let case = sb.ok_json(&[
        "case",
        "new",
        "爱奇艺会员未到账",
        "--platform",
        "某卡盟",
        "--order",
        "202611020001",
        "--amount",
        "68",
        "--product",
        "黄金VIP年卡",
        "--paid-at",
        "2026-11-02",
    ]);
    assert_eq!(
        case["amount"], "68.00",
        "amount stored as an exact two-place decimal"
    );
    assert_eq!(case["currency"], "CNY");
    case["id"].as_i64().expect("case id")
}

#[test]
fn create_import_list_verify() {
    let sb = Sandbox::new();
    let id = new_case(&sb);
    let png = sb.file(
        "支付截图.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake but sniffable",
    );
    let chat = sb.file(
        "chats/客服聊天.txt",
        "2026-11-03 10:00:00 客服\n无法退款\n".as_bytes(),
    );
    let r = sb
        .cmd()
        .args([
            "--json",
            "add",
            &id.to_string(),
            "--category",
            "purchase",
            "--note",
            "from phone",
        ])
        .arg(&png)
        .arg(sb.src().join("chats"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let added = report["added"].as_array().unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["original_name"], "支付截图.png");
    assert_eq!(added[0]["media_type"], "image/png", "sniffed from content");
    assert_eq!(
        added[0]["sha256"],
        sha256_hex(&std::fs::read(&png).unwrap())
    );
    assert_eq!(added[0]["category"], "purchase");
    assert_eq!(added[0]["note"], "from phone");
    assert!(added[0]["file_mtime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(added[1]["original_name"], "客服聊天.txt");
    assert_eq!(added[1]["media_type"], "text/plain");
    assert_eq!(
        added[1]["sha256"],
        sha256_hex(&std::fs::read(&chat).unwrap())
    );

    // The stored object is byte-exact.
    let sha = added[0]["sha256"].as_str().unwrap();
    let stored = sb
        .library()
        .join("objects/sha256")
        .join(&sha[..2])
        .join(&sha[2..]);
    assert_eq!(std::fs::read(stored).unwrap(), std::fs::read(&png).unwrap());

    let items = sb.ok_json(&["items", &id.to_string()]);
    assert_eq!(items.as_array().unwrap().len(), 2);
    let list = sb.ok_json(&["case", "list"]);
    assert_eq!(list[0]["item_count"], 2);

    let human = sb.run(&["items", &id.to_string()]);
    assert!(human.stdout.contains("支付截图.png") && human.stdout.contains(&sha[..12]));

    let v = sb.ok_json(&["verify", &id.to_string()]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["cases"][0]["entries"], 3);
    assert_eq!(v["objects_checked"], 2);
}

#[test]
fn edits_and_withdrawals_go_through_the_ledger() {
    let sb = Sandbox::new();
    let id = new_case(&sb).to_string();
    let f = sb.file("wrong.png", b"not the right screenshot");
    let r = sb
        .cmd()
        .args(["--json", "add", &id])
        .arg(&f)
        .output()
        .unwrap();
    let item = serde_json::from_slice::<serde_json::Value>(&r.stdout).unwrap()["added"][0]["id"]
        .as_i64()
        .unwrap();

    let edited = sb.ok_json(&["case", "edit", &id, "--amount", "¥45.33", "--platform", ""]);
    assert_eq!(edited["amount"], "45.33");
    assert_eq!(edited["platform"], serde_json::Value::Null);

    let w = sb.ok_json(&[
        "withdraw",
        &item.to_string(),
        "--reason",
        "wrong screenshot",
    ]);
    assert_eq!(w["status"], "withdrawn");
    assert_eq!(w["withdrawn_reason"], "wrong screenshot");
    let again = sb.run(&["withdraw", &item.to_string(), "--reason", "x"]);
    assert_eq!(again.code, 4, "already withdrawn: {}", again.stderr);

    // Withdrawn items stay listed and their file stays stored.
    let items = sb.ok_json(&["items", &id]);
    assert_eq!(items[0]["status"], "withdrawn");

    let log = sb.ok_json(&["log", &id]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "case_created",
            "evidence_added",
            "case_updated",
            "evidence_withdrawn"
        ]
    );
    assert_eq!(
        log[2]["payload"]["changed"],
        serde_json::json!(["platform", "amount"])
    );
    for pair in log.as_array().unwrap().windows(2) {
        assert_eq!(pair[1]["prev"], pair[0]["hash"], "entries are chained");
    }
    assert_eq!(log[0]["prev"], "0".repeat(64));
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[test]
fn same_bytes_twice_is_one_object_and_a_reported_duplicate() {
    let sb = Sandbox::new();
    let id = new_case(&sb).to_string();
    let a = sb.file("a.png", b"same bytes");
    let b = sb.file("copy of a.png", b"same bytes");
    let r = sb.run_paths(&["--json", "add", &id], &[a.clone(), b]);
    assert_eq!(r.code, 0);
    let report = r.json();
    assert_eq!(report["added"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["duplicates"][0]["existing_item_id"],
        report["added"][0]["id"]
    );
    let again = sb.run_paths(&["--json", "add", &id], &[a]).json();
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 1);

    // A second case may hold the same bytes: a new item, still one stored object.
    let other = sb.ok_json(&["case", "new", "other"])["id"].to_string();
    let r = sb
        .run_paths(&["--json", "add", &other], &[sb.src().join("a.png")])
        .json();
    assert_eq!(r["added"].as_array().unwrap().len(), 1);
    let objects = walk_files(&sb.library().join("objects/sha256"));
    assert_eq!(objects, 1);
}

fn walk_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk_files(&p) } else { 1 })
        .sum()
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let sb = Sandbox::new();
    let r = sb.run(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Examples:") && r.stdout.contains("Exit codes:"));
    assert!(r.stdout.contains("proofpack case new"));
}

#[test]
fn chinese_locale_prints_chinese() {
    let sb = Sandbox::new();
    new_case(&sb);
    let out = sb
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .arg("verify")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("通过"), "{text}");
}
