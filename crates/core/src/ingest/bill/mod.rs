//! Payment and order records: WeChat Pay and Alipay bill exports become [`PaymentRecord`]s.
//! Tables are found by their header text, never by line counts.

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Bill {
    /// Stable: wechat_xlsx, wechat_csv, alipay_csv, alipay_web_csv.
    pub format: String,
    pub rows: Vec<PaymentRecord>,
    /// Rows skipped with why, e.g. "row 7: amount \"abc\" is not a number"; never fatal.
    pub warnings: Vec<String>,
}

/// Parses a decoded CSV bill; None when the text is not a bill.
/// (Entry point; the per-format parsers are being added.)
pub fn parse_text(_name: &str, _text: &str) -> Option<Bill> {
    None
}

/// Parses a WeChat Pay XLSX bill; None when it is not one.
/// (Entry point; the per-format parsers are being added.)
pub fn parse_xlsx(_bytes: &[u8]) -> Option<Bill> {
    None
}
