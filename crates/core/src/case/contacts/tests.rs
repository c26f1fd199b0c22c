//! Escalation log: working-day arithmetic, due states, warnings, validation, and the ledger.

use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;
use crate::case::CaseFields;
use crate::ingest::ImportOptions;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn record(id: i64, step: Step, channel: &str, date: &str) -> ContactRecord {
    ContactRecord {
        id,
        case_id: 1,
        step,
        channel: channel.into(),
        date: date.into(),
        ticket: None,
        outcome: None,
        refund_method: None,
        items: vec![],
    }
}

fn contact(r: ContactRecord, today: &str) -> Contact {
    Contact::from_record(r, "2024-01-01T00:00:00.000Z".into(), day(today))
}

fn new_contact(date: &str) -> NewContact {
    NewContact {
        step: Step::PlatformSupport,
        channel: " in-app chat ".into(),
        date: date.into(),
        ticket: Some(" GD1 ".into()),
        outcome: Some("  ".into()),
        refund_method: None,
        items: vec![],
    }
}

// 2024-01-05 is a Friday.
#[test]
fn friday_plus_three_working_days_is_wednesday() {
    let fri = day("2024-01-05");
    assert_eq!(fri.weekday(), Weekday::Fri);
    let due = add_working_days(fri, 3).unwrap();
    assert_eq!(due, day("2024-01-10"));
    assert_eq!(due.weekday(), Weekday::Wed);
}

#[test]
fn a_weekend_start_counts_from_monday() {
    assert_eq!(
        add_working_days(day("2024-01-06"), 3),
        Some(day("2024-01-10"))
    );
    assert_eq!(
        add_working_days(day("2024-01-07"), 1),
        Some(day("2024-01-08"))
    );
    assert_eq!(
        add_working_days(day("2024-01-06"), 0),
        Some(day("2024-01-06"))
    );
    // Monday + 5 = next Monday; + 15 = three weeks on.
    assert_eq!(
        add_working_days(day("2024-01-08"), 5),
        Some(day("2024-01-15"))
    );
    assert_eq!(
        add_working_days(day("2024-01-08"), 15),
        Some(day("2024-01-29"))
    );
    assert_eq!(add_working_days(NaiveDate::MAX, 1), None);
}

#[test]
fn due_states_against_today() {
    let due = Some(day("2024-01-10")); // Wednesday
    assert_eq!(due_state(due, true, day("2024-02-01")), DueState::Closed);
    assert_eq!(due_state(None, false, day("2024-02-01")), DueState::Open);
    assert_eq!(due_state(due, false, day("2024-01-08")), DueState::Open);
    assert_eq!(due_state(due, false, day("2024-01-09")), DueState::DueSoon);
    assert_eq!(due_state(due, false, day("2024-01-10")), DueState::DueSoon);
    assert_eq!(due_state(due, false, day("2024-01-11")), DueState::Overdue);
    // Friday with a Monday deadline: one working day away.
    let monday = Some(day("2024-01-15"));
    assert_eq!(
        due_state(monday, false, day("2024-01-12")),
        DueState::DueSoon
    );
    assert_eq!(due_state(monday, false, day("2024-01-11")), DueState::Open);
}

#[test]
fn due_dates_follow_step_and_refund_route() {
    let support = contact(
        record(1, Step::PlatformSupport, "chat", "2024-01-05"),
        "2024-01-08",
    );
    assert_eq!(support.review_due.as_deref(), Some("2024-01-10"));
    assert_eq!(support.refund_due, None);
    assert_eq!(support.state, DueState::Open);

    let complaint = contact(
        record(2, Step::Consumer12315, "12315 website", "2024-01-05"),
        "2024-01-20",
    );
    assert_eq!(complaint.review_due.as_deref(), Some("2024-01-16"));
    assert_eq!(complaint.state, DueState::Overdue);

    let court = contact(record(3, Step::Court, "filing", "2024-01-05"), "2024-06-01");
    assert_eq!((court.review_due, court.state), (None, DueState::Open));

    let mut approved = record(4, Step::PlatformSupport, "chat", "2024-01-05");
    approved.refund_method = Some(RefundMethod::BankCard);
    let pending = contact(approved.clone(), "2024-01-12");
    assert_eq!(pending.refund_due.as_deref(), Some("2024-01-26"));
    // The refund deadline, not the passed review one, decides the state.
    assert_eq!(pending.state, DueState::Open);
    approved.refund_method = Some(RefundMethod::Wechat);
    approved.outcome = Some("退款已同意".into());
    let closed = contact(approved, "2024-03-01");
    assert_eq!(closed.refund_due.as_deref(), Some("2024-01-12"));
    assert_eq!(closed.state, DueState::Closed);
}

#[test]
fn names_match_serde_and_parse_leniently() {
    for s in Step::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert_eq!(s.as_str().parse::<Step>().unwrap(), s);
    }
    for m in RefundMethod::ALL {
        assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
    }
    assert_eq!("12315".parse::<Step>().unwrap(), Step::Consumer12315);
    assert_eq!(
        "Complaint-Department".parse::<Step>().unwrap(),
        Step::ComplaintDepartment
    );
    let e = "".parse::<Step>().unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(e.message_zh().contains("平台客服"), "{}", e.message_zh());
    assert!("paypal".parse::<RefundMethod>().is_err());
    assert_eq!(
        "bank-card".parse::<RefundMethod>().unwrap(),
        RefundMethod::BankCard
    );
}

#[test]
fn open_refund_requests_in_two_channels_warn() {
    let mut a = record(1, Step::PlatformSupport, "In-app chat", "2024-01-05");
    a.ticket = Some("GD1".into());
    let mut b = record(2, Step::PaymentComplaint, "Alipay", "2024-01-06");
    b.ticket = Some("TS2".into());
    let list = |rs: Vec<ContactRecord>| -> Vec<Contact> {
        rs.into_iter().map(|r| contact(r, "2024-01-08")).collect()
    };
    let w = warnings(&list(vec![a.clone(), b.clone()]));
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].id, "multiple_channels");
    assert_eq!(w[0].contacts, vec![1, 2]);
    assert!(w[0].message_zh.contains("多头申请"));

    // Follow-ups in one channel are one request.
    let mut one_channel = a.clone();
    one_channel.channel = "IN-APP CHAT".into();
    assert!(warnings(&list(vec![a.clone(), one_channel])).is_empty());
    // An answered request is no longer open.
    let mut answered = a.clone();
    answered.outcome = Some("refused".into());
    assert!(warnings(&list(vec![answered, b.clone()])).is_empty());
    // 12315 after the platform is escalation, not a parallel refund request.
    let mut escalated = record(4, Step::Consumer12315, "12315 website", "2024-01-07");
    escalated.ticket = Some("1231500".into());
    assert!(warnings(&list(vec![a.clone(), escalated])).is_empty());
}

#[test]
fn a_contact_without_ticket_or_items_has_no_written_trace() {
    let bare = record(7, Step::ComplaintDepartment, "hotline", "2024-01-05");
    let mut with_item = record(8, Step::Court, "filing", "2024-01-05");
    with_item.items = vec![2];
    let w = warnings(&[
        contact(bare, "2024-01-08"),
        contact(with_item, "2024-01-08"),
    ]);
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].id.as_str(), w[0].contacts.clone()),
        ("no_written_trace", vec![7])
    );
    assert!(w[0]
        .message
        .contains("Platform complaint department (supervision centre)"));
    assert!(w[0].message_zh.contains("平台投诉部门（监察中心）"));
}

#[test]
fn input_is_trimmed_and_checked() {
    let today = day("2024-01-08");
    let mut dup = new_contact("2024/01/05");
    dup.items = vec![3, 1, 3];
    let n = dup.normalized(today).unwrap();
    assert_eq!(n.channel, "in-app chat");
    assert_eq!(n.date, "2024-01-05");
    assert_eq!(n.ticket.as_deref(), Some("GD1"));
    assert_eq!(n.outcome, None);
    assert_eq!(n.items, vec![1, 3]);
    // Tomorrow is allowed (time zones), the day after is not.
    assert!(new_contact("2024-01-09").normalized(today).is_ok());
    let field = |date: &str, channel: &str| {
        let mut c = new_contact(date);
        c.channel = channel.into();
        match c.normalized(today) {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected invalid input, got {other:?}"),
        }
    };
    assert_eq!(field("2024-01-10", "chat"), "date");
    assert_eq!(field("2024-13-01", "chat"), "date");
    assert_eq!(field("yesterday", "chat"), "date");
    assert_eq!(field("2024-01-05", "   "), "channel");
}

/// A library with case 1 holding two items (the second withdrawn) and case 2 holding one.
fn library() -> (tempfile::TempDir, Library, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib")).unwrap();
    let mut ids = Vec::new();
    for (case, name) in [(1, "chat.txt"), (1, "old.txt"), (2, "other.txt")] {
        if lib.case(case).is_err() {
            let title = format!("case {case}");
            lib.create_case(CaseFields {
                title,
                ..Default::default()
            })
            .unwrap();
        }
        let p = dir.path().join(name);
        std::fs::write(&p, format!("evidence {name}")).unwrap();
        let r = lib
            .import(
                case,
                &[p],
                &ImportOptions::default(),
                &|_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        ids.push(r.added[0].record.id);
    }
    lib.withdraw(ids[1], "superseded").unwrap();
    (dir, lib, ids)
}

#[test]
fn logging_writes_the_row_and_its_ledger_entry() {
    let (_d, lib, ids) = library();
    let mut new = new_contact(&day_text(time::today()));
    // Decomposed é: the chain stores NFC and the row must say the same.
    new.channel = "cafe\u{301} hotline".into();
    new.items = vec![ids[0]];
    new.refund_method = Some(RefundMethod::Alipay);
    let c = lib.log_contact(1, new).unwrap();
    assert_eq!((c.id, c.case_id), (1, 1));
    assert_eq!(c.channel, "caf\u{e9} hotline");
    assert!(c.refund_due.is_some());

    let entry = lib.log(1).unwrap().pop().unwrap();
    assert_eq!(entry.action, "contact_logged");
    assert_eq!(entry.at, c.logged_at);
    let p = &entry.payload["contact"];
    assert_eq!(p["items"], serde_json::json!([ids[0]]));
    assert_eq!(p["refund_method"], "alipay");
    assert_eq!(p["ticket"], "GD1");
    assert!(p.get("logged_at").is_none());

    let log = lib.contacts(1, time::today()).unwrap();
    assert_eq!(log.contacts, vec![c]);
    assert!(log.warnings.is_empty());
    assert_eq!(log.holidays_note_zh, HOLIDAYS_NOTE_ZH);
    assert!(lib.verify(None).unwrap().ok);
}

#[test]
fn linked_items_must_be_active_evidence_of_the_case() {
    let (_d, lib, ids) = library();
    let with_item = |id: i64| {
        let mut n = new_contact("2024-01-05");
        n.items = vec![id];
        n
    };
    let code = |r: Result<Contact>| r.unwrap_err().code();
    assert_eq!(code(lib.log_contact(1, with_item(ids[1]))), "invalid_input");
    assert_eq!(code(lib.log_contact(1, with_item(ids[2]))), "invalid_input");
    assert_eq!(code(lib.log_contact(1, with_item(999))), "item_not_found");
    assert_eq!(
        code(lib.log_contact(9, new_contact("2024-01-05"))),
        "case_not_found"
    );
    assert_eq!(
        lib.contacts(9, time::today()).unwrap_err().code(),
        "case_not_found"
    );
    // Nothing was half-written: no rows, no entries.
    assert!(lib.contacts(1, time::today()).unwrap().contacts.is_empty());
    assert!(lib
        .log(1)
        .unwrap()
        .iter()
        .all(|e| e.action != "contact_logged"));
}

#[test]
fn the_log_is_in_date_order_with_warnings() {
    let (_d, lib, ids) = library();
    let mut later = new_contact("2024-01-10");
    later.step = Step::PaymentComplaint;
    later.channel = "Alipay".into();
    later.ticket = None;
    later.items = vec![];
    lib.log_contact(1, later).unwrap();
    let mut earlier = new_contact("2024-01-05");
    earlier.items = vec![ids[0]];
    lib.log_contact(1, earlier).unwrap();
    // Thursday: Friday's review is a day overdue, Wednesday's is due next Monday.
    let log = lib.contacts(1, day("2024-01-11")).unwrap();
    let order: Vec<i64> = log.contacts.iter().map(|c| c.id).collect();
    assert_eq!(order, vec![2, 1]);
    assert_eq!(log.contacts[0].state, DueState::Overdue);
    assert_eq!(log.contacts[1].state, DueState::Open);
    let kinds: Vec<&str> = log.warnings.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(kinds, vec!["multiple_channels", "no_written_trace"]);
    assert_eq!(log.today, "2024-01-11");
}

#[test]
fn a_step_edited_to_garbage_points_to_verify() {
    let (_d, lib, _) = library();
    lib.log_contact(1, new_contact("2024-01-05")).unwrap();
    lib.connect()
        .unwrap()
        .execute("UPDATE contacts SET step = 'teleport'", [])
        .unwrap();
    let e = lib.contacts(1, time::today()).unwrap_err();
    assert!(e.to_string().contains("run verify"), "{e}");
    assert!(!lib.verify(Some(1)).unwrap().ok);
}

#[test]
fn closing_a_contact_records_its_outcome_once_and_verifies() {
    let (_d, lib, _) = library();
    let open = lib.log_contact(1, new_contact("2024-01-05")).unwrap();
    assert_eq!(open.outcome, None);
    let closed = lib
        .close_contact(1, open.id, " 同意退款 ", Some(RefundMethod::Alipay))
        .unwrap();
    assert_eq!(closed.outcome.as_deref(), Some("同意退款"));
    assert_eq!(closed.refund_method, Some(RefundMethod::Alipay));
    assert_eq!(closed.state, DueState::Closed);
    assert_eq!(closed.logged_at, open.logged_at);
    let stored = &lib.contacts(1, time::today()).unwrap().contacts[0];
    assert_eq!(stored, &closed);
    assert!(lib.verify(Some(1)).unwrap().ok);
    let code = |r: Result<Contact>| r.unwrap_err().code();
    // Closed once: what happened next is a new contact.
    assert_eq!(
        code(lib.close_contact(1, open.id, "again", None)),
        "invalid_input"
    );
    assert_eq!(code(lib.close_contact(1, 99, "x", None)), "invalid_input");
    assert_eq!(
        code(lib.close_contact(1, open.id, "  ", None)),
        "invalid_input"
    );
    assert_eq!(
        code(lib.close_contact(9, open.id, "x", None)),
        "case_not_found"
    );
    let closes = lib.log(1).unwrap();
    assert_eq!(
        closes
            .iter()
            .filter(|e| e.action == "contact_closed")
            .count(),
        1
    );
    // An outcome changed behind the chain's back is named by verify.
    lib.connect()
        .unwrap()
        .execute("UPDATE contacts SET outcome = '拒绝退款'", [])
        .unwrap();
    let report = lib.verify(Some(1)).unwrap();
    assert!(report
        .problems
        .iter()
        .any(|p| p.field.as_deref() == Some("outcome")));
}
