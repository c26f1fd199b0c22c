//! `proofpack timeline`: purchase, payments and key messages merged with the ledger, in order.

use proofpack_tests::{fixture, Sandbox};

#[test]
fn the_case_story_is_in_time_order_with_source_offsets() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&[
        "case",
        "new",
        "VIP",
        "--order",
        "202611020001",
        "--amount",
        "68",
        "--paid-at",
        "2026-11-02 10:15",
    ])["id"]
        .to_string();
    let r = sb.run_paths(
        &["add", &case],
        &[fixture("bill/alipay_2025.csv"), fixture("chat/qq_gbk.txt")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events = sb.ok_json(&["timeline", &case]);
    let events = events.as_array().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        &kinds[..4],
        ["purchase", "payment", "promise", "refusal"],
        "{kinds:?}"
    );
    assert!(kinds[4..].iter().all(|k| *k == "ledger"));
    assert_eq!(events[1]["at"], "2026-11-02T10:15:30+08:00");
    assert_eq!(events[1]["title"], "Payment ¥68.00: 某卡盟 · 黄金VIP年卡");
    assert!(events[3]["detail"].as_str().unwrap().contains("无法退款"));
    assert!(
        events.last().unwrap()["at"]
            .as_str()
            .unwrap()
            .ends_with('Z'),
        "ledger times are UTC"
    );
}
