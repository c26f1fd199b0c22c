//! Imported evidence is understood: bills become payment rows, chats become transcripts,
//! screenshots get dimensions and thumbnails; facts and category suggestions follow.

use std::path::PathBuf;

use proofpack_tests::{fixture, Sandbox};

fn add_fixtures(sb: &Sandbox, case: &str, rels: &[&str]) -> serde_json::Value {
    let paths: Vec<PathBuf> = rels.iter().map(|r| fixture(r)).collect();
    let r = sb.run_paths(&["--json", "add", case], &paths);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn bills_chats_and_screenshots_are_understood_and_suggested() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&[
        "case",
        "new",
        "VIP",
        "--order",
        "202611020001",
        "--amount",
        "68",
    ])["id"]
        .to_string();
    let report = add_fixtures(
        &sb,
        &case,
        &[
            "bill/wechat_2024.csv",
            "chat/qq_gbk.txt",
            "e2e/membership-status.png",
        ],
    );
    let added = report["added"].as_array().unwrap();
    let cat = |name: &str| {
        added
            .iter()
            .find(|i| i["original_name"] == name)
            .map(|i| (i["category"].clone(), i["category_source"].clone()))
            .unwrap()
    };
    assert_eq!(
        cat("wechat_2024.csv"),
        ("purchase".into(), "suggested".into())
    );
    assert_eq!(
        cat("qq_gbk.txt"),
        ("communication".into(), "suggested".into())
    );
    assert_eq!(
        cat("membership-status.png"),
        ("non_delivery".into(), "suggested".into())
    );
    assert_eq!(report["suggested"].as_array().unwrap().len(), 3);

    let id_of =
        |name: &str| added.iter().find(|i| i["original_name"] == name).unwrap()["id"].to_string();

    // The bill's rows, with the purchase among them (ids cleaned of their tab).
    let bill = sb.ok_json(&["show", &id_of("wechat_2024.csv")]);
    assert_eq!(bill["derived"]["kind"], "bill");
    assert_eq!(bill["derived"]["format"], "wechat_csv");
    let rows = bill["derived"]["body"]["rows"].as_array().unwrap();
    let purchase = rows
        .iter()
        .find(|r| r["merchant_order_no"] == "202611020001")
        .expect("purchase row");
    assert_eq!(purchase["amount"], "68.00");
    assert_eq!(purchase["time"], "2026-11-02T10:15:30+08:00");

    // The GBK chat becomes a transcript; refusal and ticket number are facts.
    let chat = sb.ok_json(&["show", &id_of("qq_gbk.txt")]);
    assert_eq!(chat["derived"]["kind"], "transcript");
    assert_eq!(chat["derived"]["encoding"], "GBK");
    let facts = sb.ok_json(&["facts", &case]);
    let has = |kind: &str, value: &str| {
        facts
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == kind && f["value"] == value)
    };
    assert!(has("refusal", "无法退款"));
    assert!(has("ticket_no", "2026110300123"));
    assert!(has("order_no", "202611020001"));
    assert!(has("amount", "68.00 CNY"));
    // The bill's other rows (other purchases of the month) stay in the bill, not among the
    // case's facts.
    assert!(rows.len() > 1);
    let from_bill: Vec<&serde_json::Value> = facts
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == "bill")
        .collect();
    assert!(!from_bill.is_empty());
    for f in from_bill {
        assert_eq!(f["position"], purchase["row"], "{f}");
    }

    // The screenshot: dimensions and both thumbnails in the rebuildable thumbs/ folder.
    let shot = sb.ok_json(&["show", &id_of("membership-status.png")]);
    assert_eq!(shot["derived"]["kind"], "image");
    assert_eq!(shot["derived"]["body"]["width"], 390);
    assert_eq!(shot["derived"]["body"]["height"], 844);
    assert_eq!(
        shot["derived"]["body"]["thumbs"],
        serde_json::json!([256, 1024])
    );
    let sha = shot["item"]["sha256"].as_str().unwrap();
    assert!(sb
        .library()
        .join("thumbs")
        .join(&sha[..2])
        .join(format!("{sha}-256.jpg"))
        .exists());

    // Confirming a suggestion is a ledger entry; the item is then the user's choice.
    let confirmed = sb.ok_json(&["categorize", &id_of("qq_gbk.txt"), "communication"]);
    assert_eq!(confirmed["category_source"], "user");
    let log = sb.ok_json(&["log", &case]);
    assert_eq!(
        log.as_array().unwrap().last().unwrap()["action"],
        "evidence_recategorized"
    );
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);

    // Human output says the category was suggested.
    let items = sb.run(&["items", &case]);
    assert!(
        items.stdout.contains("Proof of purchase*"),
        "{}",
        items.stdout
    );
}

#[test]
fn an_explicit_category_is_the_users_choice_and_text_files_stay_text() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "t"])["id"].to_string();
    let note = sb.file(
        "随手记.txt",
        "我在11月2日付了钱，到现在都没开通。".as_bytes(),
    );
    let r = sb
        .run_paths(
            &["--json", "add", &case, "--category", "non_delivery"],
            &[note],
        )
        .json();
    assert_eq!(r["added"][0]["category"], "non_delivery");
    assert_eq!(r["added"][0]["category_source"], "user");
    assert!(r["suggested"].as_array().unwrap().is_empty());
    let shown = sb.ok_json(&["show", &r["added"][0]["id"].to_string()]);
    assert_eq!(shown["derived"]["kind"], "text");
    assert!(shown["derived"]["reason"]
        .as_str()
        .unwrap()
        .contains("plain text"));
}

#[test]
fn matching_bill_rows_are_proposed_and_confirmed_through_the_ledger() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let report = add_fixtures(&sb, &case, &["bill/alipay_2025.csv"]);
    let item = report["added"][0]["id"].to_string();
    let shown = sb.ok_json(&["show", &item]);
    let matches = shown["bill_matches"].as_array().unwrap();
    let best = matches
        .iter()
        .find(|m| m["fields"].as_array().unwrap().len() == 3)
        .expect("a row matching order, amount and date");
    let row = best["row"].to_string();

    let confirmed = sb.ok_json(&["confirm-rows", &item, &row]);
    assert_eq!(confirmed["bill_rows"], serde_json::json!([best["row"]]));
    let bad = sb.run(&["confirm-rows", &item, "999"]);
    assert_eq!(bad.code, 4, "{}", bad.stderr);
    let log = sb.ok_json(&["log", &case]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "evidence_annotated");
    assert_eq!(
        last["payload"]["bill_rows"],
        serde_json::json!([best["row"]])
    );
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);

    // Editing the confirmed rows behind the app's back is caught.
    sb.sqlite("UPDATE items SET bill_rows = '[1,2]';");
    assert_eq!(sb.run(&["verify"]).code, 7);
}
