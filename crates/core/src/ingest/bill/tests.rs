//! Golden tests over fixtures written in each platform's real layout
//! (`tests/fixtures/bill/make_fixtures.py`), plus the edges: not-a-bill, broken rows, matching.
//! `UPDATE_GOLDEN=1` rewrites the `.golden.json` files; review the diff by hand before keeping it.

use super::*;
use crate::ingest::text;
use crate::ingest::warning::english;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/bill/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn csv_bill(name: &str) -> Bill {
    let decoded = text::decode(&fixture(name));
    assert!(
        !decoded.had_errors,
        "{name} decoded with errors as {}",
        decoded.encoding
    );
    parse_text(name, &decoded.text).unwrap_or_else(|| panic!("{name} is not recognised"))
}

fn xlsx_bill(name: &str) -> Bill {
    parse_xlsx(&fixture(name)).unwrap_or_else(|| panic!("{name} is not recognised"))
}

fn golden(name: &str, bill: &Bill) {
    let path = format!("{FIXTURES}{name}.golden.json");
    let actual = serde_json::to_string_pretty(bill).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

/// What every fixture holds: the case purchase, exact and in China time.
fn assert_case_row(bill: &Bill) {
    let hits: Vec<&PaymentRecord> = bill
        .rows
        .iter()
        .filter(|r| r.merchant_order_no.as_deref() == Some("202611020001"))
        .collect();
    assert_eq!(hits.len(), 1, "{}: one row for the case", bill.format);
    let r = hits[0];
    assert_eq!(r.amount, "68.00");
    assert_eq!(r.direction, Direction::Expense);
    assert_eq!(r.counterpart.as_deref(), Some("某卡盟"));
    assert_eq!(r.product.as_deref(), Some("黄金VIP年卡"));
    assert_eq!(r.time, "2026-11-02T10:15:30+08:00");
    assert_eq!(
        matches_case(r, Some("202611020001"), Some("68"), Some("2026-11-02")),
        ["order_no", "amount", "date"]
    );
}

fn assert_clean_ids(bill: &Bill) {
    for r in &bill.rows {
        for id in [&r.transaction_no, &r.merchant_order_no]
            .into_iter()
            .flatten()
        {
            assert!(
                !id.contains(['\t', ' ']) && id != "/",
                "{}: id {id:?}",
                bill.format
            );
        }
        assert!(r.time.ends_with("+08:00"), "{}", r.time);
    }
}

fn check(name: &str, bill: &Bill, format: &str, rows: usize) {
    assert_eq!(bill.format, format);
    assert_eq!(bill.rows.len(), rows, "{name}: {:?}", bill.warnings);
    assert!(bill.warnings.is_empty(), "{name}: {:?}", bill.warnings);
    assert_case_row(bill);
    assert_clean_ids(bill);
    golden(name, bill);
}

#[test]
fn wechat_csv_with_bom() {
    let bill = csv_bill("wechat_2024.csv");
    check("wechat_2024.csv", &bill, "wechat_csv", 6);
    let withdrawal = &bill.rows[4];
    assert_eq!(withdrawal.direction, Direction::Neutral);
    assert_eq!(withdrawal.note.as_deref(), Some("服务费¥0.20"));
    assert_eq!(
        bill.rows[0].merchant_order_no, None,
        "`/` plus a tab is no order no."
    );
}

#[test]
fn wechat_xlsx_2025_text_amounts() {
    check(
        "wechat_2025.xlsx",
        &xlsx_bill("wechat_2025.xlsx"),
        "wechat_xlsx",
        6,
    );
}

#[test]
fn wechat_xlsx_2026_numeric_amounts() {
    let bill = xlsx_bill("wechat_2026.xlsx");
    check("wechat_2026.xlsx", &bill, "wechat_xlsx", 6);
    assert_eq!(bill.rows[0].amount, "4.50");
    assert_eq!(bill.rows[5].amount, "1241.00");
}

#[test]
fn wechat_xlsx_resaved_with_date_cells() {
    let bill = xlsx_bill("wechat_resaved.xlsx");
    check("wechat_resaved.xlsx", &bill, "wechat_xlsx", 6);
    // Same transactions as the untouched export: a re-save changes no record.
    let original = xlsx_bill("wechat_2026.xlsx");
    assert_eq!(bill.rows, original.rows);
}

#[test]
fn wechat_csv_and_xlsx_agree() {
    let csv = csv_bill("wechat_2024.csv");
    for xlsx in ["wechat_2025.xlsx", "wechat_2026.xlsx"] {
        assert_eq!(xlsx_bill(xlsx).rows, csv.rows, "{xlsx}");
    }
}

#[test]
fn alipay_app_2025() {
    let bill = csv_bill("alipay_2025.csv");
    check("alipay_2025.csv", &bill, "alipay_csv", 5);
    let no_seconds = &bill.rows[2];
    assert_eq!(no_seconds.time, "2026-11-01T18:42:00+08:00");
    assert_eq!(bill.rows[0].direction, Direction::Neutral);
    assert_eq!(bill.rows[3].direction, Direction::Income);
    assert_eq!(
        bill.rows[3].merchant_order_no, None,
        "padding and a tab is no order no."
    );
}

#[test]
fn alipay_app_2026_one_line_shorter() {
    let bill = csv_bill("alipay_2026.csv");
    check("alipay_2026.csv", &bill, "alipay_csv", 5);
    assert_eq!(bill.rows, csv_bill("alipay_2025.csv").rows);
}

#[test]
fn alipay_web_export() {
    let bill = csv_bill("alipay_web.csv");
    check("alipay_web.csv", &bill, "alipay_web_csv", 3);
    let interest = &bill.rows[0];
    assert_eq!(
        interest.time, "2026-11-03T04:10:22+08:00",
        "no 付款时间: creation time"
    );
    assert_eq!(interest.direction, Direction::Neutral, "blank 收/支");
    assert_eq!(
        bill.rows[1].time, "2026-11-02T10:15:30+08:00",
        "付款时间 wins"
    );
    assert_eq!(bill.rows[2].method, None);
}

#[test]
fn a_chat_log_is_not_a_bill() {
    let chat = "2026-11-03 10:00 客服: 您好，请提供交易时间和订单号\n\
                2026-11-03 10:01 我: 交易时间是 2026-11-02 10:15，订单号 202611020001\n\
                2026-11-03 10:02 客服: 会员卡已激活，无法退款\n";
    assert_eq!(parse_text("聊天记录.txt", chat), None);
}

#[test]
fn garbage_and_empty_input_are_not_bills() {
    assert_eq!(parse_text("x.csv", ""), None);
    assert_eq!(
        parse_text("x.csv", "\u{fffd}\u{fffd},,,\"\n\0\0交易时间"),
        None
    );
    assert_eq!(parse_text("x.csv", "a,b,c\n1,2,3\n"), None);
    assert_eq!(parse_xlsx(&[]), None);
    assert_eq!(parse_xlsx(b"\x00\x01garbage"), None);
    // A CSV bill is text, not a workbook.
    assert_eq!(parse_xlsx(&fixture("wechat_2024.csv")), None);
}

const WECHAT_HEADER: &str =
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注";

#[test]
fn header_only_is_an_empty_bill() {
    let text = format!("微信支付账单明细,,,,,,,,,,\n{WECHAT_HEADER}\n");
    let bill = parse_text("w.csv", &text).unwrap();
    assert_eq!((bill.format.as_str(), bill.rows.len()), ("wechat_csv", 0));
    assert!(bill.warnings.is_empty());
}

#[test]
fn bad_rows_become_warnings_and_the_rest_survive() {
    let text = format!(
        "{WECHAT_HEADER}\r\n\
         2026-11-02 10:15:30,商户消费,某卡盟,\"黄金VIP年卡\",支出,¥abc,零钱,支付成功,1\t,2\t,/\r\n\
         2026-11-02 10:16:00,商户消费,某卡盟,\"黄金VIP年卡\",支出,¥68.00,零钱,支付成功,3\t,4\t,/\r\n\
         yesterday,商户消费,某卡盟,x,支出,¥1.00,零钱,支付成功,5,6,/\r\n\
         2026-11-02 10:17:00,商户消费,某卡盟,x,退款,¥1.00,零钱,支付成功,7,8,/\r\n\
         2026-11-02 10:18:00,商户消费\r\n"
    );
    let bill = parse_text("w.csv", &text).unwrap();
    assert_eq!(bill.rows.len(), 1);
    assert_eq!(bill.rows[0].row, 2);
    assert_eq!(bill.rows[0].transaction_no.as_deref(), Some("3"));
    assert_eq!(
        english(&bill.warnings),
        [
            "row 1: amount \"¥abc\" is not a number",
            "row 3: time \"yesterday\" is not a date",
            "row 4: 收/支 \"退款\" is not 收入, 支出 or 不计收支",
            "row 5: amount is empty",
        ]
    );
    // The same reasons in Chinese, with no English left in them.
    let zh: Vec<&str> = bill
        .warnings
        .iter()
        .map(|w| w.message_zh.as_str())
        .collect();
    assert_eq!(
        zh,
        [
            "第 1 行数据：金额“¥abc”不是数字",
            "第 3 行数据：时间“yesterday”不是日期",
            "第 4 行数据：收/支“退款”不是收入、支出或不计收支",
            "第 5 行数据：金额为空",
        ]
    );
}

#[test]
fn a_footer_ends_the_table() {
    let text = format!(
        "{WECHAT_HEADER}\n\
         2026-11-02 10:15:30,商户消费,某卡盟,x,支出,¥68.00,零钱,支付成功,1,2,/\n\
         共1笔记录\n\
         -----------------------\n\
         2026-11-02 10:15:30,商户消费,某卡盟,x,支出,¥68.00,零钱,支付成功,1,2,/\n"
    );
    let bill = parse_text("w.csv", &text).unwrap();
    assert_eq!(bill.rows.len(), 1);
    assert!(bill.warnings.is_empty(), "{:?}", bill.warnings);
}

fn record() -> PaymentRecord {
    PaymentRecord {
        time: "2026-11-02T10:15:30+08:00".into(),
        counterpart: Some("某卡盟".into()),
        product: Some("黄金VIP年卡 订单202611020001".into()),
        direction: Direction::Expense,
        amount: "68.00".into(),
        method: None,
        status: Some("支付成功".into()),
        transaction_no: Some("4200002611202611020000000102".into()),
        merchant_order_no: Some("M-77".into()),
        note: Some("卡密 KM2026A".into()),
        row: 1,
    }
}

#[test]
fn matches_case_finds_what_ties_a_row_to_a_case() {
    let r = record();
    let all = ["order_no", "amount", "date"];
    assert_eq!(
        matches_case(&r, Some(" M-77\t"), Some("¥68.00"), Some("2026-11-02")),
        all
    );
    assert_eq!(
        matches_case(&r, Some("4200002611202611020000000102"), None, None),
        ["order_no"]
    );
    assert_eq!(
        matches_case(&r, Some("202611020001"), None, None),
        ["order_no"],
        "in product"
    );
    assert_eq!(
        matches_case(&r, Some("KM2026A"), None, None),
        ["order_no"],
        "in note"
    );
    assert_eq!(matches_case(&r, None, Some("68"), None), ["amount"]);
    assert_eq!(
        matches_case(&r, None, None, Some("2026/11/02 23:59")),
        ["date"]
    );
    assert_eq!(
        matches_case(&r, None, None, Some("2026-11-02T02:15:30Z")),
        ["date"]
    );
}

#[test]
fn matches_case_refuses_near_misses() {
    let r = record();
    let none: [&str; 0] = [];
    assert_eq!(matches_case(&r, None, None, None), none);
    assert_eq!(
        matches_case(&r, Some("202611020002"), Some("68.01"), Some("2026-11-03")),
        none
    );
    // Too short to be searched for inside text, and not equal to any number.
    assert_eq!(matches_case(&r, Some("2026"), None, None), none);
    assert_eq!(matches_case(&r, Some(" "), Some("abc"), Some("soon")), none);
    assert_eq!(matches_case(&r, None, None, Some("2026-11-01")), none);
    // 2026-11-02 20:00 UTC is already the 3rd in China.
    assert_eq!(
        matches_case(&r, None, None, Some("2026-11-02T20:00:00Z")),
        none
    );
}

#[test]
fn truncated_or_corrupted_files_never_panic() {
    for name in ["wechat_2024.csv", "alipay_2025.csv", "alipay_web.csv"] {
        let text = text::decode(&fixture(name)).text;
        let cuts = text.char_indices().map(|(i, _)| i).step_by(7);
        for cut in cuts {
            let _ = parse_text(name, &text[..cut]);
        }
    }
    // The unguarded reader: a panic here fails the test instead of being caught.
    let xlsx = fixture("wechat_2026.xlsx");
    let whole = xlsx_bill("wechat_2026.xlsx");
    for at in (0..xlsx.len()).step_by(211) {
        // A ZIP's directory is at its end: any cut loses it.
        assert_eq!(super::wechat::read_xlsx(&xlsx[..at]), None, "cut at {at}");
        let mut flipped = xlsx.clone();
        flipped[at] ^= 0x5a;
        if let Some(bill) = super::wechat::read_xlsx(&flipped) {
            assert_eq!(bill.format, "wechat_xlsx");
            assert!(bill.rows.len() <= whole.rows.len(), "flip at {at}");
        }
    }
}

#[test]
fn one_far_cell_costs_nothing_and_changes_nothing() {
    // The real bill plus a cell at XFD1048576 (tests/fixtures/hostile/make_hostile.py): a
    // dense reader allocates the whole 16,384 x 1,048,576 grid and aborts the process.
    let far = std::fs::read(format!("{FIXTURES}../hostile/files/bill-far-cell.xlsx")).unwrap();
    let bill = super::wechat::read_xlsx(&far).expect("still a bill");
    assert_eq!(bill.rows, xlsx_bill("wechat_2026.xlsx").rows);
    assert!(bill.warnings.is_empty(), "{:?}", bill.warnings);
}
