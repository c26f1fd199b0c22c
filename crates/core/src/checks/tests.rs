//! One test per rule, passing and failing, on plain data (no database).

use chrono::{DateTime, FixedOffset};

use super::consistency::{deadline, parse_span, Span};
use super::*;
use crate::case::{CaseFields, CategorySource, Item, ItemRecord};
use crate::extract::{Fact, FactKind};
use crate::ingest::analyze::{Body, Derived};
use crate::ingest::bill::{Bill, Direction, PaymentRecord};
use crate::ingest::chat::{Message, Transcript};
use crate::ingest::derived::RowMatch;

const NOW: &str = "2026-11-25T12:00:00+08:00";

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

fn case() -> Case {
    Case {
        id: 1,
        fields: CaseFields {
            title: "VIP".into(),
            order_no: Some("202611020001".into()),
            amount: Some("68.00".into()),
            currency: "CNY".into(),
            paid_at: Some("2026-11-02".into()),
            ..Default::default()
        },
        created_at: NOW.into(),
        updated_at: NOW.into(),
    }
}

fn item(id: i64, category: Category, source: CategorySource, name: &str) -> ItemDetails {
    ItemDetails {
        item: Item {
            record: ItemRecord {
                id,
                sha256: format!("{id:064}"),
                size: 1,
                media_type: "application/octet-stream".into(),
                original_name: name.into(),
                original_path: name.into(),
                file_mtime: None,
                category,
                category_source: source,
                note: None,
            },
            case_id: 1,
            imported_at: NOW.into(),
            status: ItemStatus::Active,
            withdrawn_reason: None,
            withdrawn_at: None,
            bill_rows: vec![],
            fact_fixes: vec![],
            date_order: None,
            number: None,
        },
        derived: None,
        facts: vec![],
        suggestion: None,
        bill_matches: vec![],
        ocr: None,
        source_time: None,
    }
}

fn derived(body: Body) -> Option<Derived> {
    let mut d = Derived::nothing("x");
    d.body = body;
    Some(d)
}

fn fact(item_id: i64, kind: FactKind, value: &str, source: &str, position: i64) -> Fact {
    Fact {
        item_id,
        kind,
        value: value.into(),
        snippet: value.into(),
        source: source.into(),
        position,
        read_as: None,
    }
}

fn row(n: u32, amount: &str, order: &str) -> PaymentRecord {
    PaymentRecord {
        time: "2026-11-02T10:15:30+08:00".into(),
        counterpart: Some("某卡盟".into()),
        product: Some("黄金VIP年卡".into()),
        direction: Direction::Expense,
        amount: amount.into(),
        method: None,
        status: Some("交易成功".into()),
        transaction_no: None,
        merchant_order_no: Some(order.into()),
        note: None,
        row: n,
    }
}

/// A purchase bill whose row 2 matches the case on `fields`.
fn bill(id: i64, source: CategorySource, fields: &[&str]) -> ItemDetails {
    let mut d = item(id, Category::Purchase, source, "bill.csv");
    let b = Bill {
        format: "alipay_csv".into(),
        rows: vec![row(1, "16.00", "T1"), row(2, "68.00", "202611020001")],
        warnings: vec![],
    };
    d.derived = derived(Body::Bill(b));
    d.facts = vec![fact(id, FactKind::Amount, "16.00 CNY", "bill", 1)];
    if !fields.is_empty() {
        d.bill_matches = vec![RowMatch {
            row: 2,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }];
    }
    d
}

fn msg(time: &str, text: &str) -> Message {
    Message {
        time: Some(time.into()),
        offset_assumed: true,
        sender: "客服".into(),
        from_self: Some(false),
        text: text.into(),
        media: None,
    }
}

fn chat(id: i64, messages: Vec<Message>, facts: Vec<Fact>) -> ItemDetails {
    let mut d = item(
        id,
        Category::Communication,
        CategorySource::User,
        "chat.txt",
    );
    let t = Transcript {
        format: "qq_txt".into(),
        title: None,
        messages,
        warnings: vec![],
        dates: None,
    };
    d.derived = derived(Body::Transcript(t));
    d.facts = facts;
    d
}

fn screenshot(id: i64, category: Category, source: CategorySource, name: &str) -> ItemDetails {
    let mut d = item(id, category, source, name);
    d.item.record.media_type = "image/png".into();
    d.derived = derived(Body::Picture(Default::default()));
    d
}

fn standard_chat(id: i64) -> ItemDetails {
    chat(
        id,
        vec![
            msg(
                "2026-11-03T10:00:05+08:00",
                "工单号 2026110300123，7小时内激活。",
            ),
            msg("2026-11-03T17:30:00+08:00", "虚拟商品无法退款。"),
        ],
        vec![
            fact(id, FactKind::TicketNo, "2026110300123", "transcript", 0),
            fact(id, FactKind::Promise, "7小时内激活", "transcript", 0),
            fact(id, FactKind::Refusal, "无法退款", "transcript", 1),
        ],
    )
}

fn complete() -> Vec<ItemDetails> {
    vec![
        bill(1, CategorySource::User, &["order_no", "amount", "date"]),
        standard_chat(2),
        screenshot(3, Category::NonDelivery, CategorySource::User, "status.png"),
    ]
}

fn req<'a>(c: &'a Checklist, id: &str) -> &'a Requirement {
    c.requirements.iter().find(|r| r.id == id).unwrap()
}

fn status(items: &[ItemDetails], id: &str) -> Status {
    req(&evaluate(&case(), items, now()), id).status
}

fn warning_ids(c: &Checklist) -> Vec<&str> {
    c.warnings.iter().map(|w| w.id.as_str()).collect()
}

#[test]
fn a_complete_case_is_ready_with_windows() {
    let c = evaluate(&case(), &complete(), now());
    assert!(c.ready, "{c:#?}");
    assert!(c.top_gaps.is_empty());
    assert!(c.requirements.iter().all(|r| r.guidance.is_empty()));
    assert_eq!(
        c.cooling_off,
        Some(Window {
            from: "2026-11-09".into(),
            to: "2026-11-17".into()
        })
    );
    assert_eq!(c.complaint_deadline_12315.as_deref(), Some("2029-11-02"));
    assert_eq!(c.today, "2026-11-25");
}

#[test]
fn an_empty_case_lists_every_blocking_gap_missing_first() {
    let c = evaluate(&case(), &[], now());
    assert!(!c.ready);
    assert_eq!(
        c.top_gaps,
        [
            "purchase.order_record",
            "purchase.payment_record",
            "non_delivery.proof",
            "communication.chat",
            "communication.refusal",
        ]
    );
    assert_eq!(req(&c, "communication.ticket").status, Status::Weak);
    assert!(req(&c, "purchase.payment_record")
        .guidance_zh
        .contains("下载账单"));
    assert!(req(&c, "purchase.payment_record")
        .guidance_zh
        .contains("开具交易流水证明"));
    assert!(c.warnings.is_empty());
}

#[test]
fn withdrawn_items_do_not_count() {
    let mut items = complete();
    items[2].item.status = ItemStatus::Withdrawn;
    let c = evaluate(&case(), &items, now());
    assert_eq!(req(&c, "non_delivery.proof").status, Status::Missing);
    assert!(!c.ready);
}

#[test]
fn order_record_from_facts_bill_rows_or_partly() {
    let mut shot = screenshot(4, Category::Purchase, CategorySource::User, "order.png");
    shot.facts = vec![
        fact(4, FactKind::OrderNo, "202611020001", "note", 0),
        fact(4, FactKind::Amount, "68.00 CNY", "note", 0),
    ];
    assert_eq!(status(&[shot.clone()], rules::ORDER), Status::Satisfied);
    shot.facts.pop();
    assert_eq!(status(&[shot], rules::ORDER), Status::Weak);
    let b = bill(1, CategorySource::User, &["order_no"]);
    assert_eq!(status(&[b], rules::ORDER), Status::Satisfied);
    // An amount alone ties a row too loosely: partial.
    let b = bill(1, CategorySource::User, &["amount"]);
    assert_eq!(status(&[b], rules::ORDER), Status::Weak);
    assert_eq!(status(&[], rules::ORDER), Status::Missing);
}

#[test]
fn payment_record_needs_a_matching_or_confirmed_row() {
    let b = bill(1, CategorySource::User, &[]);
    let r = req(
        &evaluate(&case(), std::slice::from_ref(&b), now()),
        rules::PAYMENT,
    )
    .clone();
    assert_eq!(r.status, Status::Weak);
    assert!(r.guidance.contains("confirm the row"), "{}", r.guidance);
    assert_eq!(r.next, Some(NextStep::ConfirmBillRows { items: vec![1] }));
    let mut confirmed = b;
    confirmed.item.bill_rows = vec![2];
    assert_eq!(status(&[confirmed], rules::PAYMENT), Status::Satisfied);
    let shot = screenshot(5, Category::Purchase, CategorySource::User, "支付成功.png");
    assert_eq!(status(&[shot], rules::PAYMENT), Status::Satisfied);
    let shot = screenshot(5, Category::Purchase, CategorySource::User, "IMG_001.png");
    assert_eq!(status(&[shot], rules::PAYMENT), Status::Missing);
}

#[test]
fn suggestions_alone_are_weak_with_confirm_guidance() {
    let shot = screenshot(3, Category::NonDelivery, CategorySource::Suggested, "s.png");
    let c = evaluate(&case(), std::slice::from_ref(&shot), now());
    let r = req(&c, rules::NON_DELIVERY);
    assert_eq!(r.status, Status::Weak);
    assert_eq!(r.items, [3]);
    assert!(
        r.guidance.contains("accept or change its category"),
        "{}",
        r.guidance
    );
    assert_eq!(
        r.next,
        Some(NextStep::ConfirmCategory {
            items: vec![3],
            category: Category::NonDelivery
        })
    );
    let mut mine = shot;
    mine.item.record.category_source = CategorySource::User;
    assert_eq!(status(&[mine], rules::NON_DELIVERY), Status::Satisfied);
    assert_eq!(status(&[], rules::NON_DELIVERY), Status::Missing);
}

/// The app shows the guidance as it is: no command line in it, in either language, whatever
/// the case's state (the CLI prints the command from `next`).
#[test]
fn guidance_names_no_command() {
    let states: Vec<Vec<ItemDetails>> = vec![
        vec![],
        complete(),
        vec![bill(1, CategorySource::User, &[])],
        vec![bill(1, CategorySource::User, &["amount"])],
        vec![screenshot(
            3,
            Category::NonDelivery,
            CategorySource::Suggested,
            "s.png",
        )],
        vec![screenshot(
            4,
            Category::Purchase,
            CategorySource::Suggested,
            "支付成功.png",
        )],
    ];
    for items in states {
        let c = evaluate(&case(), &items, now());
        for r in &c.requirements {
            for text in [&r.guidance, &r.guidance_zh] {
                assert!(!text.contains("proofpack "), "{}: {text}", r.id);
            }
        }
    }
}

#[test]
fn chat_needs_a_transcript_or_screenshot() {
    assert_eq!(status(&[standard_chat(2)], rules::CHAT), Status::Satisfied);
    let shot = screenshot(6, Category::Communication, CategorySource::User, "c.png");
    assert_eq!(status(&[shot], rules::CHAT), Status::Satisfied);
    let note = item(
        7,
        Category::Communication,
        CategorySource::User,
        "notes.docx",
    );
    assert_eq!(status(&[note], rules::CHAT), Status::Weak);
    assert_eq!(status(&[], rules::CHAT), Status::Missing);
}

#[test]
fn refusal_fact_is_required() {
    assert_eq!(
        status(&[standard_chat(2)], rules::REFUSAL),
        Status::Satisfied
    );
    let quiet = chat(2, vec![msg("2026-11-03T10:00:00+08:00", "您好")], vec![]);
    let c = evaluate(&case(), &[quiet], now());
    let r = req(&c, rules::REFUSAL);
    assert_eq!(r.status, Status::Missing);
    assert!(r.guidance.contains("in writing"));
}

#[test]
fn missing_ticket_is_weak_and_does_not_block() {
    let mut items = complete();
    items[1].facts.retain(|f| f.kind != FactKind::TicketNo);
    let c = evaluate(&case(), &items, now());
    assert_eq!(req(&c, rules::TICKET).status, Status::Weak);
    assert!(c.ready);
    // Weak, not blocking: the summary must not list it as what keeps the case from being ready.
    assert!(c.top_gaps.is_empty(), "{:?}", c.top_gaps);
}

#[test]
fn order_numbers_that_disagree_are_warned() {
    let c = evaluate(&case(), &complete(), now());
    assert!(!warning_ids(&c).contains(&"order_no_mismatch"));
    let mut items = complete();
    items[1].facts.push(fact(
        2,
        FactKind::OrderNo,
        "202611021830001234",
        "transcript",
        0,
    ));
    // Bill columns hold other purchases' numbers: never a mismatch.
    items[0]
        .facts
        .push(fact(1, FactKind::OrderNo, "T1", "bill", 1));
    let c = evaluate(&case(), &items, now());
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "order_no_mismatch")
        .unwrap();
    assert_eq!(w.items, [2]);
    assert!(w.message.contains("202611021830001234") && !w.message.contains("T1"));
}

#[test]
fn amounts_that_disagree_are_warned() {
    let mut shot = screenshot(4, Category::Purchase, CategorySource::User, "order.png");
    shot.facts = vec![fact(4, FactKind::Amount, "68.00 CNY", "note", 0)];
    let c = evaluate(&case(), &[shot.clone()], now());
    assert!(!warning_ids(&c).contains(&"amount_mismatch"));
    shot.facts
        .push(fact(4, FactKind::Amount, "86.00 CNY", "note", 0));
    shot.facts
        .push(fact(4, FactKind::Amount, "10.00 USD", "note", 0));
    let c = evaluate(&case(), &[shot], now());
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "amount_mismatch")
        .unwrap();
    assert!(w.message.contains("86.00 CNY") && !w.message.contains("USD"));
}

#[test]
fn the_same_purchase_in_two_bills_is_a_possible_double_payment() {
    let wechat = bill(1, CategorySource::User, &["order_no"]);
    let alipay = bill(2, CategorySource::User, &["order_no"]);
    let c = evaluate(&case(), &[wechat.clone(), alipay], now());
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "possible_double_payment")
        .expect("warned");
    assert_eq!(w.items, [1, 2]);
    assert!(w.message.contains("¥68.00") && w.message_zh.contains("¥68.00"));
    // One bill, or a second one whose rows are other purchases: nothing to say.
    assert!(
        !warning_ids(&evaluate(&case(), std::slice::from_ref(&wechat), now()))
            .contains(&"possible_double_payment")
    );
    let unrelated = bill(2, CategorySource::User, &[]);
    assert!(
        !warning_ids(&evaluate(&case(), &[wechat, unrelated], now()))
            .contains(&"possible_double_payment")
    );
}

#[test]
fn purchase_after_first_message_is_warned() {
    let c = evaluate(&case(), &complete(), now());
    assert!(!warning_ids(&c).contains(&"purchase_after_contact"));
    let mut late = case();
    late.fields.paid_at = Some("2026-11-04".into());
    let c = evaluate(&late, &complete(), now());
    assert!(warning_ids(&c).contains(&"purchase_after_contact"));
    // Same day, but the payment time is after the first message.
    late.fields.paid_at = Some("2026-11-03T11:00:00".into());
    let c = evaluate(&late, &complete(), now());
    assert!(warning_ids(&c).contains(&"purchase_after_contact"));
}

#[test]
fn a_non_delivery_screenshot_taken_before_the_purchase_is_warned() {
    use crate::ingest::source_time::{SourceTime, TimeSource};
    let shot = |at: &str, source| {
        let mut d = screenshot(
            5,
            Category::NonDelivery,
            CategorySource::User,
            "Screenshot_20261030-101500.png",
        );
        d.source_time = Some(SourceTime {
            at: at.into(),
            source,
        });
        d
    };
    let with = |d: ItemDetails| {
        let mut all = complete();
        all.push(d);
        evaluate(&case(), &all, now())
    };
    // Bought on 2 November: a status of 30 October shows nothing about delivery.
    let c = with(shot("2026-10-30T10:15:00", TimeSource::FileName));
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "capture_before_purchase")
        .unwrap();
    assert_eq!(w.items, [5]);
    assert!(
        w.message_zh
            .contains("2026-10-30（来自文件名），早于购买日期 2026-11-02"),
        "{}",
        w.message_zh
    );
    assert!(
        w.message
            .contains("dated 2026-10-30 (from the file name), before the purchase on 2026-11-02"),
        "{}",
        w.message
    );
    // The purchase day itself, and later, are fine; so is a capture of another category.
    for at in ["2026-11-02T09:00:00", "2026-11-05T10:00:00+08:00"] {
        assert!(
            !warning_ids(&with(shot(at, TimeSource::Exif))).contains(&"capture_before_purchase")
        );
    }
    let mut other = shot("2026-10-30T10:15:00", TimeSource::Exif);
    other.item.record.category = Category::Purchase;
    assert!(!warning_ids(&with(other)).contains(&"capture_before_purchase"));
}

#[test]
fn passed_promises_are_warned_only_after_their_deadline() {
    let c = evaluate(&case(), &complete(), now());
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "promise_deadline_passed")
        .unwrap();
    assert!(w.message.contains("2026-11-03 17:00"), "{}", w.message);
    let before = DateTime::parse_from_rfc3339("2026-11-03T16:00:00+08:00").unwrap();
    let c = evaluate(&case(), &complete(), before);
    assert!(!warning_ids(&c).contains(&"promise_deadline_passed"));
}

#[test]
fn promise_spans_parse_and_skip_weekends() {
    assert_eq!(parse_span("7小时内激活"), Some(Span::Hours(7)));
    assert_eq!(parse_span("3个工作日内退款"), Some(Span::BusinessDays(3)));
    assert_eq!(
        parse_span("within 3 business days"),
        Some(Span::BusinessDays(3))
    );
    assert_eq!(parse_span("2天内到账"), Some(Span::Days(2)));
    assert_eq!(parse_span("30分钟内回复"), Some(Span::Minutes(30)));
    assert_eq!(parse_span("尽快"), None);
    // Friday + 1 business day = Monday.
    let fri = DateTime::parse_from_rfc3339("2026-11-06T10:00:00+08:00").unwrap();
    let due = deadline(fri, Span::BusinessDays(1)).unwrap();
    assert_eq!(due.format("%Y-%m-%d").to_string(), "2026-11-09");
}

#[test]
fn payment_without_non_delivery_proof_is_warned() {
    let items = &complete()[..2];
    let c = evaluate(&case(), items, now());
    assert!(warning_ids(&c).contains(&"payment_without_non_delivery"));
    let c = evaluate(&case(), &complete(), now());
    assert!(!warning_ids(&c).contains(&"payment_without_non_delivery"));
}

#[test]
fn purchase_date_falls_back_to_the_matched_bill_row() {
    let mut undated = case();
    undated.fields.paid_at = None;
    let c = evaluate(&undated, &complete(), now());
    assert_eq!(c.complaint_deadline_12315.as_deref(), Some("2029-11-02"));
    let c = evaluate(&undated, &[], now());
    assert_eq!((c.cooling_off, c.complaint_deadline_12315), (None, None));
}

#[test]
fn checklist_serializes_snake_case() {
    let c = evaluate(&case(), &[], now());
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["requirements"][0]["status"], "missing");
    assert_eq!(v["requirements"][0]["category"], "purchase");
    let back: Checklist = serde_json::from_value(v).unwrap();
    assert_eq!(back, c);
}

#[test]
fn support_moving_to_a_private_account_is_warned() {
    let official = evaluate(&case(), &complete(), now());
    assert!(!warning_ids(&official).contains(&"unofficial_channel"));
    let mut items = complete();
    let mut mine = msg("2026-11-03T18:00:00+08:00", "可以加我微信吗？");
    mine.from_self = Some(true);
    items.push(chat(4, vec![mine], vec![]));
    let asked_by_user = evaluate(&case(), &items, now());
    assert!(
        !warning_ids(&asked_by_user).contains(&"unofficial_channel"),
        "the user's own words are not the platform moving channels"
    );
    items.push(chat(
        5,
        vec![
            msg("2026-11-03T18:00:00+08:00", "您好"),
            msg(
                "2026-11-03T18:01:00+08:00",
                "这边帮您处理，加我QQ 123456 私下处理",
            ),
        ],
        vec![],
    ));
    let c = evaluate(&case(), &items, now());
    let w = c
        .warnings
        .iter()
        .find(|w| w.id == "unofficial_channel")
        .expect("warned");
    assert_eq!(w.items, vec![5]);
    assert!(
        w.message.contains("message 2") && w.message.contains("加我qq"),
        "{}",
        w.message
    );
    assert!(w.message_zh.contains("官方渠道"));
    assert!(c.ready, "a warning never blocks");
}

/// A capture read by OCR: its facts carry source "ocr", it has a stored reading.
fn read_capture(id: i64, category: Category, name: &str, facts: Vec<Fact>) -> ItemDetails {
    let mut d = screenshot(id, category, CategorySource::User, name);
    d.facts = facts;
    d.ocr = Some(crate::ocr::job::OcrResult {
        sha256: d.item.record.sha256.clone(),
        text: Some(crate::ocr::OcrText {
            engine: "e".into(),
            model: "m".into(),
            width: 10,
            height: 10,
            lines: vec![],
        }),
        reason: None,
        reason_zh: None,
        chat: None,
    });
    d
}

#[test]
fn a_rule_met_by_ocr_facts_says_where_they_were_read() {
    let page = read_capture(
        4,
        Category::Purchase,
        "支付成功.png",
        vec![
            fact(4, FactKind::OrderNo, "DEMO202611020001", "ocr", 3),
            fact(4, FactKind::Amount, "68.00 CNY", "ocr", 1),
        ],
    );
    let c = evaluate(&case(), &[page], now());
    let r = req(&c, rules::ORDER);
    assert_eq!(r.status, Status::Satisfied);
    assert_eq!(
        r.basis,
        "order number DEMO202611020001 and amount 68.00 CNY read from 支付成功.png"
    );
    assert_eq!(
        r.basis_zh,
        "订单号 DEMO202611020001、金额 68.00 CNY（识别自 支付成功.png）"
    );
    assert_eq!(r.guidance, "");
}

#[test]
fn guidance_names_what_a_read_capture_lacks_instead_of_asking_for_it_again() {
    let page = read_capture(
        4,
        Category::Purchase,
        "订单.png",
        vec![fact(4, FactKind::OrderNo, "DK2026110500017", "ocr", 2)],
    );
    let chat = read_capture(5, Category::Communication, "客服.png", vec![]);
    let c = evaluate(&case(), &[page, chat], now());
    let order = req(&c, rules::ORDER);
    assert_ne!(order.status, Status::Satisfied);
    assert!(
        order
            .guidance
            .starts_with("订单.png was read, but no amount could be read in it."),
        "{}",
        order.guidance
    );
    assert!(order
        .guidance_zh
        .starts_with("已识别 订单.png，但其中没有读到金额。"));
    let refusal = req(&c, rules::REFUSAL);
    assert!(
        refusal.guidance.starts_with(
            "客服.png was read, but no refusal to refund could be read in it (only the other party's words count)."
        ),
        "{}",
        refusal.guidance
    );
    // An unreadable capture says why.
    let mut broken = read_capture(6, Category::Communication, "坏图.png", vec![]);
    if let Some(o) = broken.ocr.as_mut() {
        o.text = None;
        o.reason = Some("its text cannot be read: the picture cannot be decoded".into());
        o.reason_zh = Some("无法识别文字：图片无法解码".into());
    }
    let c = evaluate(&case(), &[broken], now());
    assert!(req(&c, rules::REFUSAL)
        .guidance_zh
        .starts_with("坏图.png：无法识别文字：图片无法解码。"));
}

/// The checklist names items as the pack's index does (证据1-2), never by internal id: ids 41,
/// 42, 45, 57 and 70 number 1-1, 1-2, 1-3, 2-1 and 3-1 (purchase, non-delivery, chat order).
#[test]
fn warnings_and_guidance_cite_the_packs_numbers_not_ids() {
    let wechat = bill(41, CategorySource::User, &["order_no"]);
    let alipay = bill(42, CategorySource::User, &["order_no"]);
    let mut order = screenshot(45, Category::Purchase, CategorySource::User, "order.png");
    order.facts = vec![fact(45, FactKind::OrderNo, "999888777", "ocr", 0)];
    let status = screenshot(
        57,
        Category::NonDelivery,
        CategorySource::Suggested,
        "s.png",
    );
    let items = [wechat, alipay, order, status, standard_chat(70)];
    let c = evaluate(&case(), &items, now());
    let w = |id: &str| c.warnings.iter().find(|w| w.id == id).expect(id).clone();

    let double = w("possible_double_payment");
    assert!(
        double
            .message
            .contains("evidence 1-1 row 2, evidence 1-2 row 2"),
        "{}",
        double.message
    );
    assert!(
        double.message_zh.contains("证据1-1第 2 行、证据1-2第 2 行"),
        "{}",
        double.message_zh
    );
    assert!(w("order_no_mismatch").message_zh.contains("（证据1-3）"));
    assert!(w("promise_deadline_passed")
        .message
        .contains("(evidence 3-1, due"));
    let weak = req(&c, rules::NON_DELIVERY);
    assert!(
        weak.guidance.contains("puts evidence 2-1 here"),
        "{}",
        weak.guidance
    );
    assert!(
        weak.guidance_zh.starts_with("证据2-1的类别"),
        "{}",
        weak.guidance_zh
    );

    let texts = c.warnings.iter().flat_map(|w| [&w.message, &w.message_zh]);
    let texts = texts.chain(
        c.requirements
            .iter()
            .flat_map(|r| [&r.guidance, &r.guidance_zh]),
    );
    for t in texts {
        for id in ["41", "42", "45", "57", "70"] {
            assert!(!t.contains(id), "cites id {id}: {t}");
        }
    }
}
