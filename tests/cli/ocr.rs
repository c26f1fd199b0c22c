//! Reading screenshots: `add` reads the captures it added (unless --no-ocr), facts and
//! categories follow what they show, a capture is read once per content, a picture that cannot
//! be read says why, and a pack carrying the text verifies (the rebuild reads them again).

use std::path::PathBuf;

use proofpack_tests::Sandbox;
use serde_json::Value;

fn demo(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/demo")
        .join(name)
}

fn captures() -> Vec<PathBuf> {
    [
        "payment-success.png",
        "order-detail.png",
        "membership-status.png",
    ]
    .map(demo)
    .to_vec()
}

fn facts_of(sb: &Sandbox, case: &str) -> Vec<Value> {
    sb.ok_json(&["facts", case]).as_array().unwrap().clone()
}

#[test]
fn screenshots_are_read_after_import_into_facts_and_categories() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb.run_paths(&["--json", "add", &case], &captures());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    let ocr = report["ocr"].as_array().unwrap();
    assert_eq!(ocr.len(), 3, "{report}");
    assert!(ocr
        .iter()
        .all(|o| o["read"] == true && o["reason"].is_null()));
    // Categories follow the text, still as suggestions to confirm.
    let cats: Vec<(&str, &str)> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["category"].as_str().unwrap(),
                i["category_source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cats,
        [
            ("purchase", "suggested"),
            ("purchase", "suggested"),
            ("non_delivery", "suggested")
        ]
    );
    let why = report["suggested"][0]["suggestion"]["reason_zh"]
        .as_str()
        .unwrap();
    assert!(why.contains("支付成功"), "{why}");
    // The printed order number and amount, found in the pixels.
    let facts = facts_of(&sb, &case);
    let found = |kind: &str, value: &str| {
        facts
            .iter()
            .any(|f| f["kind"] == kind && f["value"] == value && f["source"] == "ocr")
    };
    assert!(found("order_no", "DEMO202611020001"), "{facts:?}");
    assert!(found("amount", "68.00 CNY"), "{facts:?}");
    // Applying a suggestion is in the chain, and the library still verifies.
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    let shown = sb.ok_json(&["show", "1"]);
    assert!(shown["ocr"]["text"]["lines"].as_array().unwrap().len() >= 5);
    assert_eq!(shown["ocr"]["text"]["model"], "PP-OCRv6-tiny");

    // The same capture in another case is not read again.
    let other = sb.ok_json(&["case", "new", "again"])["id"].to_string();
    let again = sb
        .run_paths(&["--json", "add", &other], &captures()[..1])
        .json();
    assert_eq!(again["ocr"][0]["read"], false, "{again}");
    assert_eq!(again["ocr"][0]["facts"], ocr[0]["facts"]);

    // The pack carries the text; verify-bundle reads the captures again and agrees.
    let zip = sb.dir.path().join("pack.zip");
    sb.ok_json(&["export", &case, "--out", zip.to_str().unwrap()]);
    let v = sb.ok_json_code(&["verify-bundle", zip.to_str().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");
}

#[test]
fn no_ocr_defers_reading_to_the_ocr_command() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb
        .run_paths(&["--json", "add", &case, "--no-ocr"], &captures())
        .json();
    assert_eq!(r["ocr"], serde_json::json!([]));
    assert!(facts_of(&sb, &case).iter().all(|f| f["source"] != "ocr"));
    let read = sb.ok_json(&["ocr", &case]);
    assert_eq!(read.as_array().unwrap().len(), 3, "{read}");
    assert!(facts_of(&sb, &case).iter().any(|f| f["source"] == "ocr"));
    // Nothing left to read; --again reads them anew with the same result.
    assert_eq!(sb.ok_json(&["ocr", &case]), serde_json::json!([]));
    let anew = sb.ok_json(&["ocr", &case, "--again"]);
    assert_eq!(anew[0]["read"], true);
    assert_eq!(anew[0]["facts"], read[0]["facts"]);
}

#[test]
fn a_picture_that_cannot_be_read_says_why_and_the_rest_are_read() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let mut bytes = std::fs::read(demo("order-detail.png")).unwrap();
    bytes.truncate(bytes.len() / 3);
    let broken = sb.file("cut.png", &bytes);
    let paths = vec![broken, demo("payment-success.png")];
    let r = sb.run_paths(&["--json", "add", &case], &paths);
    let report = r.json();
    let ocr = report["ocr"].as_array().unwrap();
    assert_eq!(ocr.len(), 2, "{report}");
    let why = ocr[0]["reason"].as_str().unwrap();
    assert!(why.contains("cannot be decoded"), "{why}");
    assert!(!ocr[0]["reason_zh"].as_str().unwrap().is_empty());
    assert!(ocr[1]["reason"].is_null() && ocr[1]["facts"].as_u64() > Some(0));
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ocr")
        .join(name)
}

/// A chat capture: its messages have sides, the user's own "不予退款" is no refusal, and the
/// timeline dates support's refusal by the time shown in the capture.
#[test]
fn a_chat_capture_becomes_a_transcript_and_only_support_refuses() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb.run_paths(&["--json", "add", &case], &[fixture("chat-bubbles.png")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown = sb.ok_json(&["show", "1"]);
    let messages = shown["ocr"]["chat"]["transcript"]["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("no chat: {shown}"));
    let sides: Vec<bool> = messages
        .iter()
        .map(|m| m["from_self"].as_bool().unwrap())
        .collect();
    assert_eq!(sides, [false, true, false, false, true, true]);
    let facts = facts_of(&sb, &case);
    let refusals: Vec<&str> = facts
        .iter()
        .filter(|f| f["kind"] == "refusal")
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(refusals, ["不支持退款"]);
    let timeline = sb.ok_json(&["timeline", &case]);
    let refusal = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "refusal")
        .unwrap_or_else(|| panic!("{timeline}"));
    assert_eq!(refusal["at"], "2026-11-04T10:20:00+08:00");
    assert!(refusal["detail"].as_str().unwrap().contains("不支持退款"));
}

/// `search` finds text read from a capture (width folded), a note, and says where.
#[test]
fn search_finds_read_text_and_notes_and_note_sets_facts() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb.run_paths(&["add", &case], &[fixture("dark-order.png")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Full-width query, as a Chinese keyboard may type it.
    let found = sb.ok_json(&["search", &case, "ＤＫ2026110500017"]);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(hits[0]["source"], "ocr");
    assert_eq!(hits[0]["item_id"], 1);
    assert!(hits[0]["text"]
        .as_str()
        .unwrap()
        .contains("dk2026110500017"));
    // A note: what the user says the capture shows; its facts count.
    let noted = sb.ok_json(&["note", "1", "工单号 GD2026110900001，客服说不予退款"]);
    assert_eq!(noted["note"], "工单号 GD2026110900001，客服说不予退款");
    let facts = facts_of(&sb, &case);
    assert!(facts.iter().any(|f| f["kind"] == "ticket_no"
        && f["value"] == "GD2026110900001"
        && f["source"] == "note"));
    let hits = sb.ok_json(&["search", &case, "gd2026110900001"]);
    assert_eq!(hits["hits"][0]["source"], "note");
    // Cleared: the note's facts go with it; both changes are in the chain, which verifies.
    sb.ok_json(&["note", "1", ""]);
    assert!(!facts_of(&sb, &case).iter().any(|f| f["source"] == "note"));
    let log = sb.ok_json(&["log", &case]);
    let notes = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "evidence_annotated")
        .count();
    assert_eq!(notes, 2);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    let none = sb.ok_json(&["search", &case, "没有这段文字"]);
    assert_eq!(none["hits"].as_array().unwrap().len(), 0);
}

/// A misread digit is corrected: the correction wins in the facts, keeps what was read, is in
/// the chain (which still verifies), and correcting again replaces it rather than adding one.
#[test]
fn a_misread_fact_is_corrected_and_the_correction_wins() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb.run_paths(&["add", &case], &[fixture("dark-order.png")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let order = |sb: &Sandbox| -> Vec<Value> {
        facts_of(sb, &case)
            .into_iter()
            .filter(|f| f["kind"] == "order_no" && f["source"] == "ocr")
            .collect()
    };
    assert_eq!(order(&sb)[0]["value"], "DK2026110500017");
    let fixed = sb.ok_json(&["fix", "1", "order_no", "DK2026110500017", "DK2026110500018"]);
    assert_eq!(fixed["fact_fixes"][0]["read"], "DK2026110500017");
    let now = order(&sb);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0]["value"], "DK2026110500018");
    assert_eq!(now[0]["read_as"], "DK2026110500017");
    // Found by either value; the second word replaces the first.
    sb.ok_json(&["fix", "1", "order_no", "DK2026110500018", "DK2026110500017"]);
    let again = sb.ok_json(&["show", "1"]);
    assert_eq!(again["item"]["fact_fixes"].as_array().unwrap().len(), 1);
    assert_eq!(order(&sb)[0]["value"], "DK2026110500017");
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
    // A fact the item does not hold is refused, naming it.
    let r = sb.run(&["fix", "1", "order_no", "NOPE", "X"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("NOPE"), "{}", r.stderr);
}
