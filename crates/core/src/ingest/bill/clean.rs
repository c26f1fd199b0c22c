//! Cell cleaning shared by every bill format: exports pad cells with spaces, end IDs in a tab,
//! write `/` for "nothing", prefix amounts with `¥`, and (XLSX) store amounts as floats and
//! sometimes dates as Excel serial numbers. Everything here is total: bad input is an `Err`
//! with a message fit for a warning, never a panic.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Direction;
use crate::ingest::warning::ParseWarning;

/// China time: both platforms export wall-clock times at UTC+8 with no zone marker.
const CHINA_SECS: i32 = 8 * 3600;

/// Excel dates past 9999-12-31 are invalid in Excel itself.
const MAX_SERIAL: f64 = 2_958_466.0;

/// One table cell: CSV cells are always text, XLSX cells keep their type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An XLSX cell formatted as a date, already converted from its serial number.
    Date(NaiveDateTime),
}

impl Cell {
    /// The cell as text for header matching and messages.
    pub(crate) fn raw(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(f) => f.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// Trims spaces, tabs, NBSP and stray BOMs; `/` and empty mean "no value".
pub(crate) fn text_str(s: &str) -> Option<String> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    (!t.is_empty() && t != "/").then(|| t.to_string())
}

pub(crate) fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(s) => text_str(s),
        other => text_str(&other.raw()),
    }
}

/// An amount as exact two-place decimal text ("4.50"). Text may carry `¥`/`￥`, thousands
/// separators and padding; a sign, exponent or third decimal place is refused, not rounded,
/// because the text is what the platform printed.
pub(crate) fn amount(cell: &Cell) -> Result<String, ParseWarning> {
    match cell {
        Cell::Number(f) => amount_f64(*f),
        Cell::Empty => Err(ParseWarning::new("amount is empty", "金额为空")),
        other => amount_str(&other.raw()),
    }
}

pub(crate) fn amount_str(raw: &str) -> Result<String, ParseWarning> {
    let shown = raw.trim();
    let bad = || {
        ParseWarning::new(
            format!("amount \"{shown}\" is not a number"),
            format!("金额“{shown}”不是数字"),
        )
    };
    let t = text_str(raw).ok_or_else(bad)?;
    let t = t
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .trim();
    let digits: String = t.chars().filter(|&c| c != ',').collect();
    if !is_plain_decimal(&digits) {
        return Err(bad());
    }
    let d = Decimal::from_str(&digits).map_err(|_| bad())?.normalize();
    if d.scale() > 2 {
        return Err(ParseWarning::new(
            format!("amount \"{shown}\" has more than two decimal places"),
            format!("金额“{shown}”超过两位小数"),
        ));
    }
    Ok(two_places(d))
}

/// `rust_decimal` would also take `1e5`, `+5` or `1_000`; the exports only ever print digits.
fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
}

/// XLSX numeric amounts: the shortest decimal that round-trips the float (4.5 -> "4.5"), then
/// rounded to cents, so binary noise such as 0.30000000000000004 reads as 0.30.
pub(crate) fn amount_f64(f: f64) -> Result<String, ParseWarning> {
    if !f.is_finite() || f < 0.0 {
        return Err(ParseWarning::new(
            format!("amount {f} is not a positive number"),
            format!("金额 {f} 不是正数"),
        ));
    }
    let shortest = format!("{}", f.abs());
    let d = Decimal::from_str(&shortest)
        .map_err(|_| {
            ParseWarning::new(
                format!("amount {f} is out of range"),
                format!("金额 {f} 超出范围"),
            )
        })?
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Ok(two_places(d))
}

fn two_places(mut d: Decimal) -> String {
    d.rescale(2);
    d.to_string()
}

/// A time cell as RFC 3339 at +08:00.
pub(crate) fn time(cell: &Cell) -> Result<String, ParseWarning> {
    let not_a_date = |shown: &str| {
        ParseWarning::new(
            format!("time \"{shown}\" is not a date"),
            format!("时间“{shown}”不是日期"),
        )
    };
    let naive = match cell {
        Cell::Empty => return Err(ParseWarning::new("time is empty", "时间为空")),
        Cell::Text(s) => naive_time(s).ok_or_else(|| not_a_date(s.trim()))?,
        Cell::Number(f) => excel_serial(*f).ok_or_else(|| not_a_date(&f.to_string()))?,
        Cell::Date(d) => *d,
    };
    Ok(rfc3339(naive))
}

fn rfc3339(naive: NaiveDateTime) -> String {
    naive.format("%Y-%m-%dT%H:%M:%S+08:00").to_string()
}

/// `YYYY-MM-DD HH:MM[:SS]`, also with `/` or `T` separators and unpadded fields (what Excel
/// writes when a user re-saves a bill). Fractions of a second are dropped.
pub(crate) fn naive_time(s: &str) -> Option<NaiveDateTime> {
    let t = text_str(s)?.replace('/', "-").replace('T', " ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&t, f).ok())
}

/// Excel's 1900 date system: day 1 is 1900-01-01, counted from 1899-12-30 because of Excel's
/// phantom 1900-02-29. Rounded to the second; bills never carry milliseconds.
pub(crate) fn excel_serial(f: f64) -> Option<NaiveDateTime> {
    if !(1.0..MAX_SERIAL).contains(&f) {
        return None;
    }
    let secs = (f * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    epoch.checked_add_signed(TimeDelta::try_seconds(secs)?)
}

/// 收/支: 支出, 收入, or neither (不计收支 in Alipay, `/` in WeChat, blank or 其他 in old web
/// exports).
pub(crate) fn direction(cell: &Cell) -> Result<Direction, ParseWarning> {
    match text(cell).as_deref() {
        Some("支出") => Ok(Direction::Expense),
        Some("收入") => Ok(Direction::Income),
        None | Some("不计收支" | "其他" | "中性交易") => Ok(Direction::Neutral),
        Some(other) => Err(ParseWarning::new(
            format!("收/支 \"{other}\" is not 收入, 支出 or 不计收支"),
            format!("收/支“{other}”不是收入、支出或不计收支"),
        )),
    }
}

/// The China-time calendar date of a date or date-time given by a user or a record: RFC 3339
/// with any offset (converted to +08:00), a bill-style local time, or `YYYY-MM-DD`.
pub(crate) fn local_date(s: &str) -> Option<NaiveDate> {
    let t = text_str(s)?;
    if let Ok(dt) = DateTime::parse_from_rfc3339(&t) {
        let china = FixedOffset::east_opt(CHINA_SECS)?;
        return Some(dt.with_timezone(&china).date_naive());
    }
    if let Some(naive) = naive_time(&t) {
        return Some(naive.date());
    }
    NaiveDate::parse_from_str(&t.replace('/', "-"), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_lose_padding_tabs_and_slashes() {
        assert_eq!(
            text_str(" 4200002986202512113091615320\t"),
            Some("4200002986202512113091615320".into())
        );
        assert_eq!(text_str("\u{a0}某卡盟\u{3000}"), Some("某卡盟".into()));
        assert_eq!(text_str("/\t"), None);
        assert_eq!(text_str("                    \t"), None);
    }

    #[test]
    fn amounts_are_exact_two_place_text() {
        assert_eq!(amount_str("¥4.50").as_deref(), Ok("4.50"));
        assert_eq!(amount_str("￥1,234.5").as_deref(), Ok("1234.50"));
        assert_eq!(amount_str(" 68 ").as_deref(), Ok("68.00"));
        assert_eq!(amount_str("0.350").as_deref(), Ok("0.35"));
        for bad in [
            "abc", "", "/", "-5.00", "1e5", "+5", "1_000", "4.", ".5", "1.234", "¥",
        ] {
            assert!(amount_str(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn float_amounts_round_from_their_shortest_form() {
        assert_eq!(amount_f64(4.5).as_deref(), Ok("4.50"));
        assert_eq!(amount_f64(68.0).as_deref(), Ok("68.00"));
        assert_eq!(amount_f64(0.1 + 0.2).as_deref(), Ok("0.30"));
        assert_eq!(amount_f64(1234.56).as_deref(), Ok("1234.56"));
        assert_eq!(amount_f64(-0.0).as_deref(), Ok("0.00"));
        assert!(amount_f64(f64::NAN).is_err());
        assert!(amount_f64(-1.0).is_err());
        assert!(amount_f64(1e300).is_err());
    }

    #[test]
    fn times_become_rfc3339_china_time() {
        let t = |s: &str| time(&Cell::Text(s.into()));
        assert_eq!(
            t("2025-12-11 18:14:13").as_deref(),
            Ok("2025-12-11T18:14:13+08:00")
        );
        assert_eq!(
            t("2026-11-01 18:42 ").as_deref(),
            Ok("2026-11-01T18:42:00+08:00")
        );
        assert_eq!(
            t("2026/11/2 9:05:07").as_deref(),
            Ok("2026-11-02T09:05:07+08:00")
        );
        assert_eq!(
            t("2026-11-02T10:15:30").as_deref(),
            Ok("2026-11-02T10:15:30+08:00")
        );
        assert!(t("共3笔记录").is_err());
        assert!(t("2026-13-01 10:00").is_err());
        assert!(time(&Cell::Empty).is_err());
    }

    #[test]
    fn excel_serials_are_dates() {
        // 2026-11-02 10:15:30 typed into Excel.
        let serial = 46328.0 + (10.0 * 3600.0 + 15.0 * 60.0 + 30.0) / 86_400.0;
        assert_eq!(
            time(&Cell::Number(serial)).as_deref(),
            Ok("2026-11-02T10:15:30+08:00")
        );
        assert!(time(&Cell::Number(-3.0)).is_err());
        assert!(time(&Cell::Number(f64::INFINITY)).is_err());
        assert!(time(&Cell::Number(1e12)).is_err());
    }

    #[test]
    fn directions() {
        let d = |s: &str| direction(&Cell::Text(s.into()));
        assert_eq!(d("支出 "), Ok(Direction::Expense));
        assert_eq!(d("收入"), Ok(Direction::Income));
        assert_eq!(d("不计收支"), Ok(Direction::Neutral));
        assert_eq!(d("/"), Ok(Direction::Neutral));
        assert_eq!(d("        "), Ok(Direction::Neutral));
        assert!(d("退款").is_err());
    }

    #[test]
    fn local_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(local_date("2026-11-02"), d(2026, 11, 2));
        assert_eq!(local_date("2026/11/02"), d(2026, 11, 2));
        assert_eq!(local_date("2026-11-02 10:15"), d(2026, 11, 2));
        assert_eq!(local_date("2026-11-02T10:15:30+08:00"), d(2026, 11, 2));
        // 20:00 UTC is already the next morning in China.
        assert_eq!(local_date("2026-11-01T20:00:00Z"), d(2026, 11, 2));
        assert_eq!(local_date("yesterday"), None);
    }
}
