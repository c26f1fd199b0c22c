//! `proofpack letter`: the request letter and the 12315 draft from a real case.

use proofpack_tests::{fixture, Sandbox};

fn case_with_evidence(sb: &Sandbox) -> String {
    let case = sb.ok_json(&[
        "case",
        "new",
        "VIP",
        "--platform",
        "某卡盟",
        "--order",
        "202611020001",
        "--amount",
        "68",
        "--product",
        "黄金VIP年卡",
        "--paid-at",
        "2026-11-02 10:15",
    ])["id"]
        .to_string();
    let r = sb.run_paths(
        &["add", &case],
        &[fixture("bill/alipay_2025.csv"), fixture("chat/qq_gbk.txt")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    case
}

#[test]
fn request_letter_in_chinese_cites_the_evidence_and_claims_only_the_refund() {
    let sb = Sandbox::new();
    let case = case_with_evidence(&sb);
    let r = sb.run(&["letter", &case]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = &r.stdout;
    assert!(t.starts_with("某卡盟客服："), "{t}");
    assert!(t.contains("我于2026年11月2日在某卡盟购买了黄金VIP年卡（订单号202611020001，金额¥68.00）（见证据1-1）"), "{t}");
    assert!(
        t.contains("2026年11月3日17:30，客服表示：“经核实，虚拟商品无法退款”（见证据3-1）"),
        "{t}"
    );
    assert!(t.contains("工单号：2026110300123（见证据3-1）"), "{t}");
    assert!(t.contains("我请求全额退款¥68.00"), "{t}");
    assert!(!t.contains("赔偿"), "{t}");
    assert!(r.stderr.is_empty(), "nothing to fill in: {}", r.stderr);
}

#[test]
fn complaint_draft_in_english_as_json_lists_placeholders_and_hashes() {
    let sb = Sandbox::new();
    let case = case_with_evidence(&sb);
    let l = sb.ok_json(&["letter", &case, "--kind", "12315", "--lang", "en"]);
    assert_eq!(l["kind"], "complaint_12315");
    assert_eq!(l["lang"], "en");
    let missing: Vec<&str> = l["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "complainant's name",
            "complainant's phone",
            "complainant's address",
            "business address"
        ]
    );
    let evidence = l["evidence"].as_array().unwrap();
    let numbers: Vec<&str> = evidence
        .iter()
        .map(|e| e["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1-1", "3-1"]);
    let text = l["text"].as_str().unwrap();
    let hash = evidence[0]["sha256"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "Evidence 1-1: alipay_2025.csv (SHA-256, first 12 hex digits: {})",
            &hash[..12]
        )),
        "{text}"
    );
    assert!(text.contains("Name: [name]") && text.contains("Address: [business address]"));
}

#[test]
fn placeholders_go_to_stderr_and_bad_options_are_invalid_input() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "VIP"])["id"].to_string();
    let r = sb.run(&["letter", &case, "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("On [purchase date] I bought [product]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("To fill in before sending:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("product"), "{}", r.stderr);
    assert_eq!(sb.run(&["letter", &case, "--kind", "lawsuit"]).code, 4);
    assert_eq!(sb.run(&["letter", "999"]).code, 3);
}

#[test]
fn an_edited_letter_is_saved_with_the_case_and_shown_from_then_on() {
    let sb = Sandbox::new();
    let case = case_with_evidence(&sb);
    let composed = sb.run(&["letter", &case]).stdout;
    let edited = composed.replace("某卡盟客服：", "某卡盟客服您好：");
    let file = sb.file("letter.txt", edited.as_bytes());
    let saved = sb.ok_json(&["letter", &case, "--save", file.to_str().unwrap()]);
    assert!(saved["saved_at"].as_str().unwrap().ends_with('Z'));
    let r = sb.run(&["letter", &case]);
    assert_eq!(r.stdout, edited);
    assert!(r.stderr.contains("--composed"), "{}", r.stderr);
    assert_eq!(sb.run(&["letter", &case, "--composed"]).stdout, composed);
    // The English letter and the 12315 draft have drafts of their own.
    assert!(!sb
        .run(&["letter", &case, "--kind", "12315"])
        .stdout
        .contains("某卡盟客服您好"));
    let l = sb.ok_json(&["letter", &case]);
    assert_eq!(l["draft"]["text"].as_str().unwrap(), edited);
    let log = sb.ok_json(&["log", &case]);
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "letter_saved"));
    assert_eq!(sb.run(&["verify", &case]).code, 0);
}

#[test]
fn a_letter_file_that_is_not_utf8_or_empty_is_refused_by_name() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "VIP"])["id"].to_string();
    let gbk = sb.file("gbk.txt", &[0xc4, 0xe3, 0xba, 0xc3, 0xff]);
    let r = sb.run(&["letter", &case, "--save", gbk.to_str().unwrap()]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("gbk.txt") && r.stderr.contains("UTF-8"),
        "{}",
        r.stderr
    );
    let empty = sb.file("empty.txt", b"  \n");
    assert_eq!(
        sb.run(&["letter", &case, "--save", empty.to_str().unwrap()])
            .code,
        4
    );
    let r = sb.run(&["letter", &case]);
    assert!(
        !r.stderr.contains("--composed"),
        "nothing was saved: {}",
        r.stderr
    );
}

/// The case: a letter saved, then evidence withdrawn. The letter is marked stale with
/// what changed; export refuses it until the user regenerates it or keeps it as written; either
/// way every number the report cites is one its own index lists.
#[test]
fn a_letter_saved_before_a_withdrawal_is_stale_until_the_user_decides() {
    let sb = Sandbox::new();
    let case = sb.demo_with_stale_letter();

    let letter = sb.ok_json(&["letter", &case]);
    let notes: Vec<&str> = letter["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message_zh"].as_str().unwrap())
        .collect();
    assert!(notes.iter().any(|n| n.contains("已撤回")), "{notes:?}");
    let human = sb
        .cmd()
        .env("PROOFPACK_LANG", "zh")
        .args(["letter", &case])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("保存的信件与案件已不一致"), "{stderr}");

    let refused = sb.run(&[
        "--json",
        "export",
        &case,
        "--out",
        sb.dir.path().join("a").to_str().unwrap(),
        "--folder",
    ]);
    assert_eq!(refused.code, 4, "{}", refused.stdout);
    assert!(
        refused.stdout.contains("letter_stale"),
        "{}",
        refused.stdout
    );
    assert!(
        !sb.dir.path().join("a").exists(),
        "nothing written for a refused export"
    );

    for (choice, note) in [("keep", true), ("regenerate", false)] {
        let out = sb.dir.path().join(choice);
        sb.ok_json(&[
            "export",
            &case,
            "--out",
            out.to_str().unwrap(),
            "--folder",
            "--stale-letter",
            choice,
        ]);
        let pdf = out.join("report.pdf");
        let text = String::from_utf8_lossy(
            &std::process::Command::new("pdftotext")
                .args([pdf.to_str().unwrap(), "-"])
                .output()
                .unwrap()
                .stdout,
        )
        .replace('\n', "");
        assert_eq!(text.contains("此信在证据变动前保存"), note, "{choice}");
        let v = sb.ok_json(&["verify-bundle", out.to_str().unwrap()]);
        assert_eq!(v["ok"], true, "{choice}: {v}");
        if choice == "keep" {
            // As written it cites what the pack no longer numbers so (the note says so): the
            // check below is not blind.
            let (cited, listed) = proofpack_tests::report_numbers(&pdf);
            assert!(
                cited.iter().any(|n| !listed.contains(n)),
                "{cited:?} {listed:?}"
            );
        }
        if choice == "regenerate" {
            let (cited, listed) = proofpack_tests::report_numbers(&pdf);
            assert!(!cited.is_empty());
            for n in cited {
                assert!(
                    listed.contains(&n),
                    "the report cites 证据{n}, not in its index {listed:?}"
                );
            }
            assert_eq!(
                sb.ok_json(&["letter", &case])["stale"],
                serde_json::json!([])
            );
        }
    }
}

/// The letter claims what the refund calculator computes from the same inputs.
#[test]
fn the_letter_claims_a_prorated_refund_when_asked() {
    let sb = Sandbox::new();
    let case = case_with_evidence(&sb);
    let full = sb.ok_json(&["letter", &case])["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(full.contains("退款¥68.00"), "{full}");
    let args = ["letter", &case, "--days", "30", "--used-days", "10"];
    let share = sb.ok_json(&args)["text"].as_str().unwrap().to_string();
    let refund = sb.ok_json(&[
        "refund",
        "--price",
        "68",
        "--days",
        "30",
        "--used-days",
        "10",
    ]);
    let amount = refund["refund"].as_str().unwrap();
    assert_eq!(amount, "45.33");
    assert!(share.contains(&format!("退款¥{amount}")), "{share}");
    assert!(!share.contains("退款¥68.00"), "{share}");
}
