use std::path::PathBuf;

use super::*;
use crate::case::{CaseFields, CategorySource, ItemRecord};

fn case(fields: CaseFields) -> Case {
    Case {
        id: 1,
        fields,
        created_at: "2026-11-05T00:00:00Z".into(),
        updated_at: "2026-11-05T00:00:00Z".into(),
    }
}

fn full_case() -> Case {
    case(CaseFields {
        title: "爱奇艺会员未到账".into(),
        platform: Some("某卡盟".into()),
        order_no: Some("202611020001".into()),
        amount: Some("68.00".into()),
        currency: "CNY".into(),
        product: Some("黄金VIP年卡".into()),
        paid_at: Some("2026-11-02T10:15:00".into()),
        ..Default::default()
    })
}

fn item(id: i64, name: &str, category: Category, status: ItemStatus) -> Item {
    Item {
        record: ItemRecord {
            id,
            sha256: format!("{id:02}{}", "ab".repeat(31)),
            size: 100,
            media_type: "text/plain".into(),
            original_name: name.into(),
            original_path: format!("/src/{name}"),
            file_mtime: None,
            category,
            category_source: CategorySource::User,
            note: None,
        },
        case_id: 1,
        imported_at: "2026-11-05T00:00:00Z".into(),
        status,
        withdrawn_reason: None,
        withdrawn_at: None,
        bill_rows: Vec::new(),
        fact_fixes: Vec::new(),
        date_order: None,
        number: None,
    }
}

fn items() -> Vec<Item> {
    vec![
        item(1, "alipay_2025.csv", Category::Purchase, ItemStatus::Active),
        item(2, "qq_gbk.txt", Category::Communication, ItemStatus::Active),
        item(3, "wrong.png", Category::NonDelivery, ItemStatus::Withdrawn),
        item(4, "会员中心.png", Category::NonDelivery, ItemStatus::Active),
        item(5, "支付成功.jpg", Category::Purchase, ItemStatus::Active),
    ]
}

fn fact(item_id: i64, kind: FactKind, value: &str, snippet: &str) -> Fact {
    Fact {
        item_id,
        kind,
        value: value.into(),
        snippet: snippet.into(),
        source: "transcript".into(),
        position: 1,
        read_as: None,
    }
}

fn facts() -> Vec<Fact> {
    let promise = "您好，工单号 2026110300123，7小时内激活。";
    vec![
        fact(2, FactKind::TicketNo, "2026110300123", promise),
        fact(2, FactKind::Promise, "7小时内激活", promise),
        fact(
            2,
            FactKind::Refusal,
            "无法退款",
            "经核实，虚拟商品无法退款。",
        ),
        fact(2, FactKind::TicketNo, "2026110300123", promise),
    ]
}

fn full_refund() -> Refund {
    refund::compute("68.00", RefundBasis::Full).unwrap()
}

fn letter(kind: LetterKind, lang: Lang) -> Letter {
    let r = full_refund();
    compose(&full_case(), &items(), &facts(), Some(&r), kind, lang)
}

/// Compares with tests/fixtures/letter/NAME; UPDATE_SNAPSHOTS=1 rewrites the file instead.
fn snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/letter")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    assert_eq!(text, want, "{name} changed; UPDATE_SNAPSHOTS=1 rewrites it");
}

#[test]
fn request_letters_match_snapshots() {
    let zh = letter(LetterKind::Request, Lang::Zh);
    snapshot("request_zh.txt", &zh.text);
    assert!(zh.missing.is_empty(), "{:?}", zh.missing);
    snapshot(
        "request_en.txt",
        &letter(LetterKind::Request, Lang::En).text,
    );
}

fn contact(
    step: crate::case::Step,
    channel: &str,
    date: &str,
    ticket: Option<&str>,
    outcome: Option<&str>,
) -> Contact {
    Contact {
        id: 1,
        case_id: 1,
        step,
        channel: channel.into(),
        date: date.into(),
        ticket: ticket.map(String::from),
        outcome: outcome.map(String::from),
        refund_method: None,
        items: vec![],
        logged_at: "2026-11-05T00:00:00.000Z".into(),
        review_due: None,
        refund_due: None,
        state: crate::case::DueState::Open,
    }
}

/// 12315 asks whether the consumer took it up with the business first: the escalation log says
/// how, step by step; the request letter to the platform does not repeat it.
#[test]
fn the_12315_complaint_tells_the_escalation_log() {
    use crate::case::Step;
    let log = [
        contact(
            Step::PlatformSupport,
            "App 内客服",
            "2026-11-03",
            Some("GD2026110300123"),
            Some("拒绝退款"),
        ),
        contact(
            Step::ComplaintDepartment,
            "平台投诉入口",
            "2026-11-06",
            None,
            None,
        ),
    ];
    let r = full_refund();
    let known = |contacts| Known {
        refusal_at: None,
        contacts,
    };
    let with = |kind, lang| {
        compose_with(
            &full_case(),
            &items(),
            &facts(),
            Some(&r),
            (kind, lang),
            known(&log),
        )
    };
    let zh = with(LetterKind::Complaint12315, Lang::Zh).text;
    assert!(zh.contains("与经营者协商的经过：\n- 2026-11-03，平台客服，渠道：App 内客服，工单号 GD2026110300123：拒绝退款\n- 2026-11-06，平台投诉部门（监察中心），渠道：平台投诉入口：尚无答复\n"), "{zh}");
    let en = with(LetterKind::Complaint12315, Lang::En).text;
    assert!(en.contains("- 2026-11-03, Platform customer service, via App 内客服, ticket GD2026110300123: 拒绝退款\n"), "{en}");
    assert!(en.contains(": no answer yet"), "{en}");
    let request = with(LetterKind::Request, Lang::Zh).text;
    assert!(!request.contains("协商的经过"));
    // Without a log, the complaint reads as before.
    assert_eq!(
        compose_with(
            &full_case(),
            &items(),
            &facts(),
            Some(&r),
            (LetterKind::Complaint12315, Lang::Zh),
            known(&[])
        ),
        letter(LetterKind::Complaint12315, Lang::Zh)
    );
}

#[test]
fn complaints_match_snapshots() {
    let zh = letter(LetterKind::Complaint12315, Lang::Zh);
    snapshot("complaint_12315_zh.txt", &zh.text);
    assert_eq!(
        zh.missing,
        ["投诉人姓名", "投诉人电话", "投诉人地址", "经营者地址"]
    );
    let en = letter(LetterKind::Complaint12315, Lang::En);
    snapshot("complaint_12315_en.txt", &en.text);
    assert_eq!(en.missing.len(), 4);
}

#[test]
fn evidence_is_numbered_per_category_in_import_order_without_withdrawn() {
    let numbers: Vec<(String, i64)> = evidence_refs(&items())
        .into_iter()
        .map(|e| (e.number, e.item_id))
        .collect();
    let want = [("1-1", 1), ("1-2", 5), ("2-1", 4), ("3-1", 2)];
    let want: Vec<(String, i64)> = want.iter().map(|(n, i)| (n.to_string(), *i)).collect();
    assert_eq!(numbers, want);
}

#[test]
fn unknown_fields_become_placeholders_listed_in_missing() {
    let bare = case(CaseFields {
        title: "t".into(),
        platform: Some("某卡盟".into()),
        currency: "CNY".into(),
        ..Default::default()
    });
    let l = compose(&bare, &[], &[], None, LetterKind::Request, Lang::Zh);
    for label in ["商品名称", "购买日期", "订单号", "金额"] {
        assert!(
            l.missing.contains(&label.to_string()),
            "{label}: {:?}",
            l.missing
        );
        assert!(l.text.contains(&format!("【{label}】")), "{}", l.text);
    }
    let en = compose(&bare, &[], &[], None, LetterKind::Request, Lang::En);
    assert!(en.missing.contains(&"product".to_string()));
    assert!(en.text.contains("[product]") && en.text.contains("[purchase date]"));
}

#[test]
fn a_missing_refusal_leaves_its_sentence_out() {
    let r = full_refund();
    let no_refusal: Vec<Fact> = facts()
        .into_iter()
        .filter(|f| f.kind != FactKind::Refusal)
        .collect();
    for lang in [Lang::Zh, Lang::En] {
        let l = compose(
            &full_case(),
            &items(),
            &no_refusal,
            Some(&r),
            LetterKind::Request,
            lang,
        );
        assert!(!l.text.contains("客服表示"), "{}", l.text);
        assert!(!l.text.contains("replied"), "{}", l.text);
        assert!(!l.text.contains("无法退款"));
    }
    let with = letter(LetterKind::Request, Lang::Zh);
    assert!(with
        .text
        .contains("客服表示：“经核实，虚拟商品无法退款”（见证据3-1）。"));
}

#[test]
fn deterministic_and_never_asks_for_more_than_the_refund() {
    let a = letter(LetterKind::Complaint12315, Lang::Zh);
    assert_eq!(a, letter(LetterKind::Complaint12315, Lang::Zh));
    for l in [a, letter(LetterKind::Request, Lang::Zh)] {
        for word in ["赔偿", "三倍", "第", "条"] {
            assert!(!l.text.contains(word), "{word} in {}", l.text);
        }
    }
}

#[test]
fn a_pro_rata_refund_states_its_rule() {
    let r = refund::compute(
        "68.00",
        RefundBasis::Days {
            total: 30,
            used: 10,
        },
    )
    .unwrap();
    let l = compose(
        &full_case(),
        &items(),
        &[],
        Some(&r),
        LetterKind::Request,
        Lang::Zh,
    );
    assert!(
        l.text.contains("退款¥45.33（按未使用天数折算"),
        "{}",
        l.text
    );
    assert!(!l.text.contains("全额退款"));
}

#[test]
fn kinds_and_languages_parse() {
    assert_eq!(
        "12315".parse::<LetterKind>().unwrap(),
        LetterKind::Complaint12315
    );
    assert_eq!(
        "request".parse::<LetterKind>().unwrap(),
        LetterKind::Request
    );
    assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
    assert_eq!("fr".parse::<Lang>().unwrap_err().code(), "invalid_input");
}

mod drafts {
    use super::*;
    use crate::case::CaseFields;

    fn library() -> (tempfile::TempDir, Library, i64) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let c = lib
            .create_case(CaseFields {
                title: "会员未到账".into(),
                ..Default::default()
            })
            .unwrap();
        (dir, lib, c.id)
    }

    #[test]
    fn a_saved_letter_comes_back_with_the_composed_one_and_verifies() {
        let (_d, lib, case) = library();
        let composed = lib.letter(case, LetterKind::Request, Lang::Zh).unwrap();
        assert_eq!(composed.draft, None);
        let saved = lib
            .save_letter(case, LetterKind::Request, Lang::Zh, "客服您好：改过的信。")
            .unwrap();
        let again = lib.letter(case, LetterKind::Request, Lang::Zh).unwrap();
        assert_eq!(again.draft.as_ref(), Some(&saved));
        assert_eq!(
            again.text, composed.text,
            "the composed text stays available"
        );
        // Other kinds and languages keep their own drafts.
        assert_eq!(
            lib.letter(case, LetterKind::Request, Lang::En)
                .unwrap()
                .draft,
            None
        );
        lib.save_letter(case, LetterKind::Request, Lang::Zh, "第二稿")
            .unwrap();
        let d = lib
            .letter_draft(case, LetterKind::Request, Lang::Zh)
            .unwrap()
            .unwrap();
        assert_eq!(d.text, "第二稿");
        let saves: Vec<_> = lib
            .log(case)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "letter_saved")
            .collect();
        assert_eq!(saves.len(), 2, "every save is in the chain");
        assert_eq!(saves[0].payload["letter"]["body"], "客服您好：改过的信。");
        assert!(lib.verify(Some(case)).unwrap().ok);
    }

    #[test]
    fn empty_and_huge_letters_are_refused_and_edits_are_caught() {
        let (_d, lib, case) = library();
        let code = |r: Result<LetterDraft>| r.unwrap_err().code();
        assert_eq!(
            code(lib.save_letter(case, LetterKind::Request, Lang::En, " \n ")),
            "invalid_input"
        );
        let huge = "x".repeat(65 * 1024);
        assert_eq!(
            code(lib.save_letter(case, LetterKind::Request, Lang::En, &huge)),
            "invalid_input"
        );
        assert_eq!(
            code(lib.save_letter(99, LetterKind::Request, Lang::En, "hi")),
            "case_not_found"
        );
        lib.save_letter(case, LetterKind::Complaint12315, Lang::En, "Dear 12315")
            .unwrap();
        lib.connect()
            .unwrap()
            .execute("UPDATE letters SET body = 'forged'", [])
            .unwrap();
        let report = lib.verify(Some(case)).unwrap();
        assert!(!report.ok);
        assert!(report
            .problems
            .iter()
            .any(|p| p.field.as_deref() == Some("body")));
    }
}
