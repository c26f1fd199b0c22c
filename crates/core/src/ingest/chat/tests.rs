//! Golden tests: each fixture in tests/fixtures/chat/ (written by make_fixtures.py in the real
//! layout and encoding) is decoded, parsed and compared with `<stem>.golden.json`.
//! `UPDATE_GOLDEN=1 cargo test -p proofpack-core chat::` rewrites the goldens; review the diff.

use proptest::prelude::*;
use serde::Serialize;

use super::*;
use crate::ingest::text;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/chat/");

#[derive(Serialize)]
struct Golden<'a> {
    encoding: &'a str,
    had_errors: bool,
    transcript: Option<Transcript>,
}

fn golden(file: &str) {
    let bytes = std::fs::read(format!("{DIR}{file}")).expect("fixture: run make_fixtures.py");
    let decoded = text::decode(&bytes);
    let got = Golden {
        encoding: &decoded.encoding,
        had_errors: decoded.had_errors,
        transcript: parse(file, &decoded.text),
    };
    let json = serde_json::to_string_pretty(&got).expect("serialise") + "\n";
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let path = format!("{DIR}{stem}.golden.json");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &json).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} missing: run with UPDATE_GOLDEN=1 and review it"));
    assert!(
        json == want,
        "{file} differs from {path} (UPDATE_GOLDEN=1 rewrites it):\n{json}"
    );
}

#[test]
fn golden_wechatmsg_csv_with_bom() {
    golden("wechatmsg_csv_bom.csv");
}

#[test]
fn golden_wechatmsg_txt() {
    golden("wechatmsg_txt.txt");
}

#[test]
fn golden_pywxdump() {
    golden("pywxdump.csv");
}

#[test]
fn golden_pywxdump_unix_times() {
    golden("pywxdump_unix.csv");
}

#[test]
fn golden_qq_gbk_twelve_hour() {
    golden("qq_gbk.txt");
}

#[test]
fn golden_telegram() {
    golden("telegram_result.json");
}

#[test]
fn golden_whatsapp_android_utf16le() {
    golden("whatsapp_android_utf16le.txt");
}

#[test]
fn golden_whatsapp_ios_twelve_hour() {
    golden("whatsapp_ios_12h.txt");
}

#[test]
fn golden_whatsapp_chinese_android() {
    golden("whatsapp_zh_android.txt");
}

#[test]
fn golden_plain_paste() {
    golden("plain_paste.txt");
}

#[test]
fn golden_bill_is_not_a_chat() {
    golden("not_chat_bill.csv");
}

#[test]
fn golden_prose_is_not_a_chat() {
    golden("not_chat_prose.txt");
}

/// Every fixture has its golden and every golden its fixture.
#[test]
fn every_fixture_has_a_golden_test() {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixture dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| !n.ends_with(".py") && !n.starts_with('.'))
        .collect();
    names.sort();
    let fixtures: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with(".golden.json"))
        .collect();
    assert_eq!(fixtures.len() * 2, names.len(), "{names:?}");
    for f in fixtures {
        let stem = f.rsplit_once('.').map_or(f.as_str(), |(s, _)| s);
        assert!(
            names.contains(&format!("{stem}.golden.json")),
            "{f} has no golden"
        );
    }
}

#[test]
fn empty_blank_and_garbage_are_not_chats() {
    assert_eq!(parse("a.txt", ""), None);
    assert_eq!(parse("a.txt", "\u{feff}  \r\n\n"), None);
    let garbage = text::decode(b"\xff\xfe\xfd\x00\x81\x82\xc3\x28 \xa0\xa1");
    assert_eq!(parse("a.txt", &garbage.text), None);
    assert_eq!(
        parse("a.txt", "\u{fffd}\u{fffd}\n\u{fffd}: \u{fffd}\n"),
        None
    );
}

#[test]
fn one_time_stamp_is_not_enough_unless_the_name_says_so() {
    let one = "06/03/2026, 10:00 - 客服: 无法退款\n";
    assert_eq!(parse("notes.txt", one), None);
    let t = parse("WhatsApp Chat with 客服.txt", one).expect("named WhatsApp");
    assert_eq!(t.format, "whatsapp_txt");
    let plain_one = "2026-11-03 10:00 客服: 无法退款\n";
    assert_eq!(parse("notes.txt", plain_one), None);
}

/// WhatsApp marks no side; its file name names the partner, so the other speaker is the user,
/// and only the partner's refusal and ticket are facts (the user quoting one is not).
#[test]
fn a_whatsapp_export_named_after_the_partner_knows_who_spoke() {
    let text = "2026/11/3 09:58 - 小明: 你说的“无法退款”是什么意思？工单号 GD1\n\
                2026/11/3 10:00 - 星河客服: 工单号 2026110300123，虚拟商品无法退款\n";
    let t = parse("WhatsApp Chat with 星河客服.txt", text).expect("chat");
    assert_eq!(t.title.as_deref(), Some("星河客服"));
    let sides: Vec<Option<bool>> = t.messages.iter().map(|m| m.from_self).collect();
    assert_eq!(sides, [Some(true), Some(false)]);
    let d = crate::ingest::analyze::Derived {
        body: crate::ingest::analyze::Body::Transcript(t),
        ..crate::ingest::analyze::Derived::nothing("ab")
    };
    let facts = crate::ingest::facts::item_facts(1, &d, "WhatsApp Chat with 星河客服.txt", None);
    let said: Vec<(&str, i64)> = facts
        .iter()
        .filter(|f| f.source == "transcript")
        .map(|f| (f.kind.as_str(), f.position))
        .collect();
    assert_eq!(said, [("ticket_no", 1), ("refusal", 1)]);
    // Without a name to tell the sides apart, both messages count as before.
    let unknown = parse("chat.txt", text).expect("chat");
    assert!(unknown.messages.iter().all(|m| m.from_self.is_none()));
}

#[test]
fn the_name_breaks_a_tie_between_wechat_and_qq() {
    let text = "2026-11-03 10:00:00 客服\n无法退款\n\n2026-11-03 10:01:00 小明\n为什么\n\n";
    assert_eq!(
        parse("客服.txt", text).map(|t| t.format),
        Some("wechatmsg_txt".into())
    );
    assert_eq!(
        parse("QQ聊天记录.txt", text).map(|t| t.format),
        Some("qq_txt".into())
    );
}

#[test]
fn a_bill_with_chat_like_rows_is_not_a_chat() {
    let alipay = "交易时间,交易分类,交易对方,商品说明,收/支,金额\n\
                  2026-11-02 10:00:00 ,数码,某卡盟: 客服,黄金会员年卡,支出,68.00\n\
                  2026-11-02 10:00:01 ,数码,某卡盟: 客服,黄金会员年卡,支出,68.00\n";
    assert_eq!(parse("alipay.csv", alipay), None);
}

#[test]
fn a_json_that_is_not_telegram_is_not_a_chat() {
    assert_eq!(parse("x.json", r#"{"a": [1, 2, 3]}"#), None);
    assert_eq!(
        parse("result.json", r#"{"name": "x", "messages": []}"#),
        None
    );
}

#[test]
fn patterns_compile() {
    // Every LazyLock regex is built by at least one parse of a matching line.
    for (name, text) in [
        (
            "a.txt",
            "2026-11-03 10:00 客服: 1\n2026-11-03 10:01 客服: 2\n",
        ),
        (
            "a.txt",
            "06/03/2026, 10:00 - 客服: 1\n[06/03/2026, 10:00] 客服: 2\n",
        ),
        (
            "a.txt",
            "2026-11-03 9:00:00 客服(10001)\n1\n\n2026-11-03 9:00:01 客服(10001)\n2\n",
        ),
        (
            "a.txt",
            "2026-11-03 10:00:00 客服\n1\n\n2026-11-03 10:00:01 客服\n2\n",
        ),
    ] {
        assert!(parse(name, text).is_some(), "{text}");
    }
}

/// Fragments of every layout, shuffled, reach deep into the parsers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2026-11-03 10:00:05 ".to_string()),
        Just("06/13/26, 8:43 PM - ".to_string()),
        Just("[6/7/25 22:44:26] ".to_string()),
        Just("2019-07-16 8:43:38 PM ".to_string()),
        Just("11月3日 10:00 ".to_string()),
        Just("客服: ".to_string()),
        Just("小明(12345678)".to_string()),
        Just("消息记录（此消息记录为文本格式，不支持重新导入）".to_string()),
        Just("消息对象:".to_string()),
        Just("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender".to_string()),
        Just("id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime".to_string()),
        Just(r#"{"messages":[{"id":1,"type":"service","date_unixtime":"99999999999999","text":[{"text":1}]}"#.to_string()),
        Just("[图片]".to_string()),
        Just("\u{200e}".to_string()),
        Just("\u{fffd}".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        "[0-9:/ -]{0,12}",
        ".{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_layout_fragments(parts in prop::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        for name in ["a.txt", "WhatsApp.txt", "qq.txt"] {
            if let Some(t) = parse(name, &text) {
                prop_assert!(!t.messages.is_empty());
            }
        }
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let decoded = text::decode(&bytes);
        let _ = parse("x.txt", &decoded.text);
    }
}

/// 30 000 messages per layout: a quadratic step would take minutes here, linear takes moments.
#[test]
fn large_logs_parse_in_one_pass() {
    let n = 30_000;
    let mut layouts: Vec<(&str, String)> = vec![
        ("plain.txt", String::new()),
        ("chat.txt", String::new()),
        ("qq.txt", String::from("消息记录（此消息记录为文本格式，不支持重新导入）\n\n")),
        ("wx.txt", String::new()),
        (
            "wx.csv",
            String::from("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n"),
        ),
    ];
    for i in 0..n {
        let (m, s) = (i / 60 % 60, i % 60);
        let lines = [
            format!("2026-11-03 10:{m:02}:{s:02} 客服: 无法退款 {i}\n续行\n"),
            format!("13/11/2026, 10:{m:02} - 客服: 无法退款 {i}\n续行\n"),
            format!("2026-11-03 10:{m:02}:{s:02} AM 客服(800012345)\n无法退款 {i}\n\n"),
            format!("2026-11-03 10:{m:02}:{s:02} 客服\n无法退款 {i}\n\n"),
            format!(
                "{i},1,1,0,0,,2,\"无法退款\n{i}\",2026-11-03 10:{m:02}:{s:02},客服,客服,wxid_k\r\n"
            ),
        ];
        for ((_, text), line) in layouts.iter_mut().zip(lines) {
            text.push_str(&line);
        }
    }
    for (name, text) in &layouts {
        let start = std::time::Instant::now();
        let t = parse(name, text).unwrap_or_else(|| panic!("{name} not recognised"));
        assert_eq!(t.messages.len(), n, "{name}");
        // A ceiling that catches a quadratic step (minutes), never a slow machine (moments).
        let took = start.elapsed();
        assert!(took.as_secs() < 60, "{name}: {took:?}");
    }
}
