//! Payment and order records: WeChat Pay and Alipay bill exports become [`PaymentRecord`]s.
//! Tables are found by their header text, never by line counts.

mod alipay;
mod clean;
mod table;
mod wechat;

#[cfg(test)]
mod tests;

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Direction {
    /// 支出
    Expense,
    /// 收入
    Income,
    /// 不计收支 or `/`
    Neutral,
}

impl Direction {
    pub fn label(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            Direction::Expense => Text::new("expense", "支出"),
            Direction::Income => Text::new("income", "收入"),
            Direction::Neutral => Text::new("neither", "不计收支"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PaymentRecord {
    /// RFC 3339 at +08:00 (both platforms export China time), e.g. `2025-12-11T18:14:13+08:00`.
    pub time: String,
    pub counterpart: Option<String>,
    pub product: Option<String>,
    pub direction: Direction,
    /// Exact decimal, two places, no currency sign: "4.50".
    pub amount: String,
    pub method: Option<String>,
    pub status: Option<String>,
    pub transaction_no: Option<String>,
    pub merchant_order_no: Option<String>,
    pub note: Option<String>,
    /// 1-based row number in the source table (data rows, header excluded), for citing it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Bill {
    /// Stable: wechat_xlsx, wechat_csv, alipay_csv, alipay_web_csv.
    pub format: String,
    pub rows: Vec<PaymentRecord>,
    /// Rows skipped with why, e.g. "row 7: amount \"abc\" is not a number"; never fatal.
    pub warnings: Vec<crate::ingest::warning::ParseWarning>,
}

/// Reads a bill exported as CSV (WeChat Pay before mid-2025, Alipay app and web), text already
/// decoded by `text::decode`. `None` when no known bill header is in it: the header text
/// decides, never the file name, which users rename freely.
pub fn parse_text(_name: &str, text: &str) -> Option<Bill> {
    // Cheap refusal for chat logs and notes before parsing the whole file as CSV.
    if !text.contains("交易时间") && !text.contains("交易创建时间") {
        return None;
    }
    let rows = table::csv_rows(text);
    wechat::parse_csv(&rows)
        .or_else(|| alipay::parse_app(&rows))
        .or_else(|| alipay::parse_web(&rows))
}

/// Reads a WeChat Pay XLSX bill from memory. `None` when the bytes are not a workbook or no
/// sheet holds a WeChat bill header.
pub fn parse_xlsx(bytes: &[u8]) -> Option<Bill> {
    wechat::parse_xlsx(bytes)
}

/// Which of `"order_no"`, `"amount"`, `"date"` tie this record to a case, so the app can
/// propose the rows that belong to it.
///
/// - order no.: equal to the transaction or merchant order no. (both trimmed), or found in the
///   product or note when it is at least [`MIN_ORDER_NO_IN_TEXT`] characters long;
/// - amount: equal as decimals (`68`, `68.00` and `¥68.00` are the same);
/// - date: the record's China-time date equals `paid_on` (a date, a local date-time, or RFC
///   3339 with any offset).
pub fn matches_case(
    rec: &PaymentRecord,
    order_no: Option<&str>,
    amount: Option<&str>,
    paid_on: Option<&str>,
) -> Vec<&'static str> {
    let mut hits = Vec::new();
    if order_no.is_some_and(|o| order_matches(rec, o)) {
        hits.push("order_no");
    }
    if amount.is_some_and(|a| amount_matches(rec, a)) {
        hits.push("amount");
    }
    if paid_on.is_some_and(|d| date_matches(rec, d)) {
        hits.push("date");
    }
    hits
}

/// Shorter order numbers are only compared whole: "2026" would otherwise be "found" in half
/// the products of a year.
pub const MIN_ORDER_NO_IN_TEXT: usize = 6;

fn order_matches(rec: &PaymentRecord, order_no: &str) -> bool {
    let Some(o) = clean::text_str(order_no) else {
        return false;
    };
    let equal = |f: &Option<String>| f.as_deref().and_then(clean::text_str).as_deref() == Some(&o);
    let within = |f: &Option<String>| f.as_deref().is_some_and(|t| t.contains(o.as_str()));
    equal(&rec.transaction_no)
        || equal(&rec.merchant_order_no)
        || (o.chars().count() >= MIN_ORDER_NO_IN_TEXT
            && (within(&rec.product) || within(&rec.note)))
}

fn amount_matches(rec: &PaymentRecord, amount: &str) -> bool {
    let (Ok(want), Ok(have)) = (clean::amount_str(amount), clean::amount_str(&rec.amount)) else {
        return false;
    };
    Decimal::from_str(&want).ok() == Decimal::from_str(&have).ok()
}

fn date_matches(rec: &PaymentRecord, paid_on: &str) -> bool {
    match (clean::local_date(paid_on), clean::local_date(&rec.time)) {
        (Some(want), Some(have)) => want == have,
        _ => false,
    }
}
