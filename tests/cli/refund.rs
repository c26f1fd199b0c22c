//! `proofpack refund`: the worked examples, the edges, and clear errors.

use proofpack_tests::Sandbox;

#[test]
fn refund_examples_edges_and_errors() {
    let sb = Sandbox::new();
    let r = sb.ok_json(&[
        "refund",
        "--price",
        "68.00",
        "--days",
        "30",
        "--used-days",
        "10",
    ]);
    assert_eq!(r["refund"], "45.33");
    assert_eq!(r["basis"]["basis"], "days");
    assert!(r["rule"]
        .as_str()
        .unwrap()
        .contains("68.00 × (30 − 10) ÷ 30 = 45.33"));
    let r = sb.ok_json(&[
        "refund",
        "--price",
        "68",
        "--entitlements",
        "5",
        "--used-entitlements",
        "1",
    ]);
    assert_eq!(r["refund"], "54.40");
    assert_eq!(sb.ok_json(&["refund", "--price", "¥68"])["refund"], "68.00");
    assert_eq!(
        sb.ok_json(&[
            "refund",
            "--price",
            "68",
            "--days",
            "30",
            "--used-days",
            "0"
        ])["refund"],
        "68.00"
    );
    assert_eq!(
        sb.ok_json(&[
            "refund",
            "--price",
            "68",
            "--days",
            "30",
            "--used-days",
            "30"
        ])["refund"],
        "0.00"
    );

    let over = sb.run(&[
        "--json",
        "refund",
        "--price",
        "68",
        "--days",
        "30",
        "--used-days",
        "31",
    ]);
    assert_eq!(over.code, 4);
    assert!(over.json()["error"]["message_zh"]
        .as_str()
        .unwrap()
        .contains("超过"));
    assert_eq!(sb.run(&["refund", "--price", "abc"]).code, 4);
    assert_eq!(
        sb.run(&["refund", "--price", "68", "--days", "30"]).code,
        2,
        "used days required"
    );
    assert_eq!(
        sb.run(&[
            "refund",
            "--price",
            "68",
            "--days",
            "3",
            "--used-days",
            "1",
            "--entitlements",
            "2",
            "--used-entitlements",
            "1"
        ])
        .code,
        2
    );
}
