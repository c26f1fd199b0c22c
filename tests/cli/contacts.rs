//! `proofpack contact`: the escalation log is recorded in the ledger, listed with due dates,
//! states and warnings, and covered by verify like cases and items.

use proofpack_tests::Sandbox;

/// A case with one imported chat; returns (case id, item id) as command-line text.
fn case_with_chat(sb: &Sandbox) -> (String, String) {
    let case = sb.ok_json(&["case", "new", "会员未到账"])["id"].to_string();
    let chat = sb.file("chat.txt", "客服：无法退款".as_bytes());
    let r = sb.run_paths(
        &["--json", "add", &case, "--category", "communication"],
        &[chat],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let item = r.json()["added"][0]["id"].to_string();
    (case, item)
}

#[test]
fn contacts_are_logged_listed_chained_and_verified() {
    let sb = Sandbox::new();
    let (case, item) = case_with_chat(&sb);
    let support = sb.ok_json(&[
        "contact",
        "add",
        &case,
        "--step",
        "platform_support",
        "--channel",
        "in-app chat",
        "--date",
        "2026-11-06",
        "--ticket",
        "GD20261106",
        "--item",
        &item,
    ]);
    assert_eq!(support["step"], "platform_support");
    assert_eq!(
        support["items"],
        serde_json::json!([item.parse::<i64>().unwrap()])
    );
    // Friday + 3 working days = Wednesday.
    assert_eq!(support["review_due"], "2026-11-11");
    let payment = sb.ok_json(&[
        "contact",
        "add",
        &case,
        "--step",
        "payment-complaint",
        "--channel",
        "支付宝",
        "--date",
        "2026-11-09",
    ]);
    assert_eq!(payment["ticket"], serde_json::Value::Null);

    let log = sb.ok_json(&["contact", "list", &case]);
    assert_eq!(log["contacts"].as_array().unwrap().len(), 2);
    let warnings: Vec<&str> = log["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(warnings, vec!["multiple_channels", "no_written_trace"]);
    assert!(!log["holidays_note"].as_str().unwrap().is_empty());

    let human = sb.run(&["contact", "list", &case]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    for want in [
        "Platform customer service · in-app chat",
        "GD20261106",
        "2026-11-11",
        "Warnings",
        "public holidays",
    ] {
        assert!(
            human.stdout.contains(want),
            "{want:?} missing:\n{}",
            human.stdout
        );
    }
    let zh = sb
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["contact", "list", &case])
        .output()
        .unwrap();
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(
        zh.contains("平台客服") && zh.contains("多头申请") && zh.contains("法定节假日"),
        "{zh}"
    );

    let entries = sb.ok_json(&["log", &case]);
    let logged: Vec<&serde_json::Value> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "contact_logged")
        .collect();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0]["payload"]["contact"]["ticket"], "GD20261106");
    assert!(sb.run(&["log", &case]).stdout.contains("contact_logged"));
    assert_eq!(sb.run(&["verify", &case]).code, 0);

    sb.sqlite(&format!(
        "UPDATE contacts SET date = '2026-11-01' WHERE id = {};",
        support["id"]
    ));
    let r = sb.run(&["--json", "verify", &case]);
    assert_eq!(r.code, 7, "{}", r.stdout);
    let v = r.json();
    let p = &v["problems"][0];
    assert_eq!(p["code"], "row_changed");
    assert_eq!(p["field"], "date");
    assert_eq!(p["expected"], "2026-11-06");
    assert_eq!(p["actual"], "2026-11-01");
    assert!(
        p["message"].as_str().unwrap().starts_with("contact "),
        "{p}"
    );
}

#[test]
fn bad_contacts_are_refused_and_leave_no_trace() {
    let sb = Sandbox::new();
    let (case, item) = case_with_chat(&sb);
    let add = |extra: &[&str]| {
        let mut args = vec!["--json", "contact", "add", &case, "--channel", "hotline"];
        args.extend_from_slice(extra);
        sb.run(&args)
    };
    let r = add(&["--step", "mayor", "--date", "2026-11-06"]);
    assert_eq!(r.code, 4);
    assert_eq!(r.json()["error"]["code"], "invalid_input");
    assert_eq!(add(&["--step", "court", "--date", "2999-01-01"]).code, 4);
    assert_eq!(add(&["--step", "court", "--date", "06/11/2026"]).code, 4);
    assert_eq!(
        add(&[
            "--step",
            "court",
            "--date",
            "2026-11-06",
            "--refund-method",
            "cash"
        ])
        .code,
        4
    );
    assert_eq!(
        add(&["--step", "court", "--date", "2026-11-06", "--item", "99"]).code,
        3
    );
    sb.run(&["withdraw", &item, "--reason", "wrong file"]);
    assert_eq!(
        add(&["--step", "court", "--date", "2026-11-06", "--item", &item]).code,
        4
    );
    let r = sb.run(&["--json", "contact", "list", "42"]);
    assert_eq!(r.code, 3);

    assert!(sb.ok_json(&["contact", "list", &case])["contacts"]
        .as_array()
        .unwrap()
        .is_empty());
    let human = sb.run(&["contact", "list", &case]);
    assert!(
        human.stdout.contains("No contacts logged yet"),
        "{}",
        human.stdout
    );
    assert_eq!(sb.run(&["verify", &case]).code, 0);
}

#[test]
fn a_contact_is_closed_later_with_its_outcome_once() {
    let sb = Sandbox::new();
    let (case, _) = case_with_chat(&sb);
    let add = [
        "contact",
        "add",
        &case,
        "--step",
        "12315",
        "--channel",
        "全国12315平台",
        "--date",
        "2026-11-06",
    ];
    let id = sb.ok_json(&add)["id"].to_string();
    let r = sb.run(&[
        "contact",
        "close",
        &case,
        &id,
        "--outcome",
        "调解成功，同意退款",
        "--refund-method",
        "wechat",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = &sb.ok_json(&["contact", "list", &case])["contacts"][0];
    assert_eq!(c["outcome"], "调解成功，同意退款");
    assert_eq!(c["refund_method"], "wechat");
    assert_eq!(c["state"], "closed");
    let again = sb.run(&["contact", "close", &case, &id, "--outcome", "x"]);
    assert_eq!(again.code, 4);
    assert!(again.stderr.contains("already closed"), "{}", again.stderr);
    assert_eq!(
        sb.run(&["contact", "close", &case, "77", "--outcome", "x"])
            .code,
        4
    );
    assert_eq!(sb.run(&["verify", &case]).code, 0);
}
