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
