//! Changes made behind Proofpack's back are found by `verify`, named by seq or item, with the
//! expected and actual values.

use proofpack_tests::Sandbox;

fn case_with_two_items(sb: &Sandbox) -> (String, serde_json::Value) {
    let id = sb.ok_json(&["case", "new", "tamper", "--order", "A-1"])["id"].to_string();
    let a = sb.file("a.png", b"first screenshot");
    let b = sb.file("b.txt", b"chat log");
    let r = sb.run_paths(&["--json", "add", &id], &[a, b]);
    (id, r.json()["added"].clone())
}

#[test]
fn changed_object_bytes_are_named_by_item_and_hash() {
    let sb = Sandbox::new();
    let (id, added) = case_with_two_items(&sb);
    let sha = added[1]["sha256"].as_str().unwrap();
    let path = sb
        .library()
        .join("objects/sha256")
        .join(&sha[..2])
        .join(&sha[2..]);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
    let r = sb.run(&["--json", "verify", &id]);
    assert_eq!(r.code, 7);
    let v = r.json();
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert_eq!(p["code"], "object_changed");
    assert_eq!(p["item_id"], added[1]["id"]);
    assert_eq!(p["expected"], sha);
    assert_ne!(p["actual"], sha);
}

#[test]
fn rows_edited_with_sqlite3_are_found() {
    let sb = Sandbox::new();
    let (id, added) = case_with_two_items(&sb);
    sb.sqlite("UPDATE cases SET order_no = 'B-2';");
    sb.sqlite(&format!(
        "UPDATE items SET original_name = 'forged.png' WHERE id = {};",
        added[0]["id"]
    ));
    sb.sqlite("UPDATE ledger SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 3;");
    let r = sb.run(&["--json", "verify"]);
    assert_eq!(r.code, 7);
    let v = r.json();
    let problems = v["problems"].as_array().unwrap();
    let has = |code: &str, f: &dyn Fn(&serde_json::Value) -> bool| {
        problems.iter().any(|p| p["code"] == code && f(p))
    };
    assert!(has("row_changed", &|p| p["field"] == "order_no"
        && p["expected"] == "A-1"
        && p["actual"] == "B-2"));
    assert!(has("row_changed", &|p| p["field"] == "original_name"
        && p["item_id"] == added[0]["id"]));
    assert!(has("entry_hash", &|p| p["seq"] == 3));
    let human = sb.run(&["verify", &id]);
    assert!(
        human.stdout.contains("FAILED") && human.stdout.contains("order_no"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_deleted_ledger_entry_breaks_the_chain() {
    let sb = Sandbox::new();
    let (id, _) = case_with_two_items(&sb);
    sb.sqlite("DELETE FROM ledger WHERE seq = 2;");
    let v = sb.run(&["--json", "verify", &id]).json();
    let codes: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"seq_gap")
            && codes.contains(&"prev_link")
            && codes.contains(&"row_unrecorded"),
        "{codes:?}"
    );
}
