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

/// WhatsApp `04/11/2026` from a US phone (AM/PM: read month-first) is ambiguous: the case's
/// purchase on 2 November makes it 4 November; `show` says so in both languages and names the
/// command; `dates` switches it (recorded), and the timeline follows.
#[test]
fn ambiguous_chat_dates_follow_the_purchase_until_the_user_switches_them() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let chat = sb.file(
        "WhatsApp Chat with 星河客服.txt",
        "[04/11/2026, 10:00:00 AM] 客服: 虚拟商品不予退款\n[05/11/2026, 9:00:00 AM] 我: 为什么\n"
            .as_bytes(),
    );
    let r = sb.run_paths(&["add", &case], &[chat]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let item = sb.ok_json(&["items", &case])[0]["id"].to_string();
    let refusal = |sb: &Sandbox| {
        let events = sb.ok_json(&["timeline", &case]);
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "refusal")
            .map(|e| e["at"].as_str().unwrap().to_string())
    };
    assert_eq!(refusal(&sb).as_deref(), Some("2026-11-04T10:00:00+08:00"));

    let en = sb.run(&["show", &item]);
    assert!(
        en.stdout.contains("read as day/month (the chat starts 2026-11-04; as month/day it would start 2026-04-11)")
            && en.stdout.contains(&format!("To read it as month/day: proofpack dates {item} month-day")),
        "{}",
        en.stdout
    );
    let zh = sb
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["show", &item])
        .output()
        .unwrap();
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(
        zh.contains("已按“日/月”读取") && zh.contains("2026-11-02 的购买之后"),
        "{zh}"
    );

    let read = sb.ok_json(&["dates", &item, "month-day"]);
    assert_eq!(read["item"]["date_order"], "month_day");
    assert_eq!(read["dates"]["basis"], "user");
    assert_eq!(refusal(&sb).as_deref(), Some("2026-04-11T10:00:00+08:00"));
    let human = sb.run(&["dates", &item, "day-month"]);
    assert!(
        human.stdout.contains("read as day/month") && human.stdout.contains("You chose"),
        "{}",
        human.stdout
    );

    let bad = sb.run(&["dates", &item, "ymd"]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.stderr.contains("\"ymd\": use day-month or month-day"),
        "{}",
        bad.stderr
    );
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

/// A screenshot without EXIF takes its capture time from its name: `show` says where the time
/// came from, the timeline places it there, the checklist warns that a non-delivery status
/// seen before paying proves nothing, and the pack's manifest records the source.
#[test]
fn a_screenshots_file_name_gives_its_time_with_its_source() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let shot = sb.file(
        "Screenshot_20261030-101500.png",
        &std::fs::read(fixture("e2e/membership-status.png")).unwrap(),
    );
    let r = sb.run_paths(&["add", "--no-ocr", &case], &[shot]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let item = sb.ok_json(&["items", &case])[0]["id"].to_string();
    let details = sb.ok_json(&["show", &item]);
    assert_eq!(
        details["source_time"],
        serde_json::json!({ "at": "2026-10-30T10:15:00", "source": "file_name" })
    );
    let human = sb.run(&["show", &item]);
    assert!(
        human
            .stdout
            .contains("Taken            2026-10-30T10:15:00 (from the file name)"),
        "{}",
        human.stdout
    );
    let events = sb.ok_json(&["timeline", &case]);
    let capture = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "capture")
        .expect("a capture event");
    assert_eq!(capture["at"], "2026-10-30T10:15:00+08:00");
    assert_eq!(capture["offset_assumed"], true);

    sb.ok_json(&["categorize", &item, "non_delivery"]);
    let check = sb.run(&["--json", "check", &case]).json();
    let warned: Vec<&str> = check["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert!(warned.contains(&"capture_before_purchase"), "{warned:?}");

    let out = sb.dir.path().join("pack");
    sb.ok_json(&["export", &case, "--folder", "--out", out.to_str().unwrap()]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["items"][0]["source_time"], "2026-10-30T10:15:00");
    assert_eq!(manifest["items"][0]["source_time_from"], "file_name");
    assert_eq!(
        sb.ok_json_code(&["verify-bundle", out.to_str().unwrap()])["ok"],
        true
    );
}
