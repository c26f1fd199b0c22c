//! `check`: the three-category checklist, its exit code (0 ready, 8 not ready) and its gaps.

use proofpack_tests::{fixture, Sandbox};

fn status(checklist: &serde_json::Value, id: &str) -> String {
    checklist["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn check(sb: &Sandbox, case: &str) -> (i32, serde_json::Value) {
    let r = sb.run(&["--json", "check", case]);
    (r.code, r.json())
}

#[test]
fn an_empty_case_is_not_ready_and_lists_every_blocking_gap() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "VIP"])["id"].to_string();
    let (code, c) = check(&sb, &case);
    assert_eq!(code, 8);
    assert_eq!(c["ready"], false);
    assert_eq!(
        c["top_gaps"],
        serde_json::json!([
            "purchase.order_record",
            "purchase.payment_record",
            "non_delivery.proof",
            "communication.chat",
            "communication.refusal",
        ])
    );
    assert_eq!(c["cooling_off"], serde_json::Value::Null);

    // Human output: the three sections, marks and the guidance to export a bill.
    let human = sb
        .cmd()
        .args(["check", &case])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(8));
    let text = String::from_utf8_lossy(&human.stdout);
    for s in [
        "购买凭证",
        "服务未履行证明",
        "沟通记录",
        "✗",
        "下载账单",
        "尚未齐备",
    ] {
        assert!(text.contains(s), "missing {s:?} in:\n{text}");
    }
    assert_eq!(sb.run(&["check", "99"]).code, 3);
}

#[test]
fn bill_chat_and_screenshot_make_the_case_ready_once_confirmed() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let paths = [
        fixture("bill/alipay_2025.csv"),
        fixture("chat/qq_gbk.txt"),
        fixture("e2e/membership-status.png"),
    ];
    let added = sb.run_paths(&["--json", "add", &case], &paths);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let added = added.json()["added"].as_array().unwrap().clone();

    // Everything is only a suggestion so far: weak, with the advice to confirm.
    let (code, c) = check(&sb, &case);
    assert_eq!(code, 8);
    assert_eq!(status(&c, "purchase.payment_record"), "weak");
    assert_eq!(status(&c, "non_delivery.proof"), "weak");
    assert_eq!(status(&c, "communication.refusal"), "satisfied");
    assert_eq!(status(&c, "communication.ticket"), "satisfied");

    for i in &added {
        let r = sb.run(&[
            "categorize",
            &i["id"].to_string(),
            i["category"].as_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (code, c) = check(&sb, &case);
    assert_eq!(code, 0, "{c:#}");
    assert_eq!(c["ready"], true);
    assert_eq!(c["top_gaps"], serde_json::json!([]));
    assert_eq!(
        c["cooling_off"],
        serde_json::json!({ "from": "2026-11-09", "to": "2026-11-17" })
    );
    assert_eq!(c["complaint_deadline_12315"], "2029-11-02");
    // The chat quotes another order number (202611021830001234) and a 7-hour promise long past.
    let warnings: Vec<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert!(warnings.contains(&"order_no_mismatch"), "{warnings:?}");
    assert!(
        warnings.contains(&"promise_deadline_passed"),
        "{warnings:?}"
    );

    let human = sb.run(&["check", &case]);
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("READY"), "{}", human.stdout);

    // Withdrawing the screenshot takes the proof of non-delivery away again.
    let shot = added
        .iter()
        .find(|i| i["original_name"] == "membership-status.png")
        .unwrap();
    let w = sb.run(&[
        "withdraw",
        &shot["id"].to_string(),
        "--reason",
        "wrong account",
    ]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    let (code, c) = check(&sb, &case);
    assert_eq!(code, 8);
    assert_eq!(c["top_gaps"], serde_json::json!(["non_delivery.proof"]));
}
