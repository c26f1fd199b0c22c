//! All-numeric chat dates (`04/11/2026`) whose day/month order the file alone cannot settle.
//! The parser reads them one way and says so ([`DateReading`] with [`DateBasis::File`]); each
//! time an item is read for a case, [`settle`] picks the reading that fits the case (the chat
//! follows the purchase and precedes the import) unless the user chose one, and says which it
//! used and why. Derived data stays per file; the choice lives with the item (a ledger entry).

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Transcript;
use crate::text::Text;
use crate::time::day_of;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DateOrder {
    /// `04/11` is 4 November.
    DayMonth,
    /// `04/11` is April 11.
    MonthDay,
}

impl DateOrder {
    pub const ALL: [DateOrder; 2] = [DateOrder::DayMonth, DateOrder::MonthDay];

    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::DayMonth => "day_month",
            DateOrder::MonthDay => "month_day",
        }
    }

    pub fn parse(s: &str) -> Option<DateOrder> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        DateOrder::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn other(self) -> DateOrder {
        match self {
            DateOrder::DayMonth => DateOrder::MonthDay,
            DateOrder::MonthDay => DateOrder::DayMonth,
        }
    }

    /// Its name in every surface (the app's dictionary is held to it).
    pub fn label(self) -> Text {
        match self {
            DateOrder::DayMonth => Text::new("day/month", "日/月"),
            DateOrder::MonthDay => Text::new("month/day", "月/日"),
        }
    }
}

/// Why a reading was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DateBasis {
    /// Nothing in the case tells: the phone's usual order (month first when times use AM/PM).
    File,
    /// The reading that puts the chat after the case's purchase and before its import.
    Case,
    /// The user chose it.
    User,
}

/// How a transcript's ambiguous dates were read. Present only when the other reading is possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DateReading {
    pub order: DateOrder,
    pub basis: DateBasis,
    /// Which reading was used and why, with the first day under each reading.
    pub notice: String,
    pub notice_zh: String,
}

impl DateReading {
    /// As the parser leaves it, before any case is known.
    pub(crate) fn from_file(order: DateOrder) -> DateReading {
        DateReading {
            order,
            basis: DateBasis::File,
            notice: String::new(),
            notice_zh: String::new(),
        }
    }
}

/// What a case knows that can settle the order.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseDays {
    /// The purchase day, when the case records it.
    pub purchase: Option<NaiveDate>,
    /// The day the file was imported: no message of it can be later.
    pub imported: Option<NaiveDate>,
}

/// The case's `paid_at` (`YYYY-MM-DD…`) and an item's `imported_at` (RFC 3339) as days.
pub fn case_days(paid_at: Option<&str>, imported_at: &str) -> CaseDays {
    CaseDays {
        purchase: paid_at.and_then(day_of),
        imported: day_of(imported_at),
    }
}

/// Reads `t`'s ambiguous dates the user's way, or else the way that fits the case, and writes
/// the notice. Does nothing to a transcript whose dates are not ambiguous.
pub fn settle(t: &mut Transcript, chosen: Option<DateOrder>, case: CaseDays) {
    let Some(read) = t.dates.as_ref().map(|d| d.order) else {
        return;
    };
    // Both readings' spans from the days as read: the messages are rewritten only when the
    // other reading is taken (this runs on every read of the case, and a chat can be 45 MB).
    let as_read = span(t, false);
    let swapped = span(t, true);
    // The case decides only when exactly one reading fits it.
    let (order, basis) = match (chosen, fits(as_read, case), fits(swapped, case)) {
        (Some(o), _, _) => (o, DateBasis::User),
        (None, true, false) => (read, DateBasis::Case),
        (None, false, true) => (read.other(), DateBasis::Case),
        (None, _, _) => (read, DateBasis::File),
    };
    if order != read {
        swap_day_and_month(t);
    }
    let (first, other_first) = if order == read {
        (as_read, swapped)
    } else {
        (swapped, as_read)
    };
    let (notice, notice_zh) = notice(order, basis, first, other_first, case.purchase);
    t.dates = Some(DateReading {
        order,
        basis,
        notice,
        notice_zh,
    });
}

/// Whether a reading's (first, last) days fit the case: no message after the import (a day's
/// grace for time zones), none more than a day before the purchase (a question asked before
/// paying). A reading of no dated message fits nothing.
fn fits(span: Option<(NaiveDate, NaiveDate)>, case: CaseDays) -> bool {
    let Some((first, last)) = span else {
        return false;
    };
    let late = case.imported.is_some_and(|d| last > d + Days::new(1));
    let early = case.purchase.is_some_and(|p| first + Days::new(1) < p);
    !late && !early
}

/// The first and last day of the messages, read as they are or with day and month exchanged.
fn span(t: &Transcript, swapped: bool) -> Option<(NaiveDate, NaiveDate)> {
    let mut days = t.messages.iter().filter_map(|m| {
        let d = day_of(m.time.as_deref()?)?;
        if swapped {
            NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())
        } else {
            Some(d)
        }
    });
    let first = days.next()?;
    Some(days.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

/// `YYYY-MM-DD…` with month and day exchanged. Valid for every message of an ambiguous file,
/// where no date field exceeds 12.
fn swap_day_and_month(t: &mut Transcript) {
    for m in &mut t.messages {
        if let Some(time) = m.time.as_mut() {
            if time.len() >= 10 && time.is_char_boundary(10) {
                let swapped = format!(
                    "{}{}-{}{}",
                    &time[..5],
                    &time[8..10],
                    &time[5..7],
                    &time[10..]
                );
                *time = swapped;
            }
        }
    }
}

fn notice(
    order: DateOrder,
    basis: DateBasis,
    first: Option<(NaiveDate, NaiveDate)>,
    other: Option<(NaiveDate, NaiveDate)>,
    purchase: Option<NaiveDate>,
) -> (String, String) {
    let day = |s: Option<(NaiveDate, NaiveDate)>| {
        s.map_or_else(
            || "?".to_string(),
            |(d, _)| d.format("%Y-%m-%d").to_string(),
        )
    };
    let (l, o) = (order.label(), order.other().label());
    let (first, other) = (day(first), day(other));
    let head = format!(
        "The dates in this chat can be read either way; read as {} (the chat starts {first}; as {} it would start {other}).",
        l.en, o.en
    );
    let head_zh = format!(
        "此聊天中的日期有两种读法；已按“{}”读取（聊天始于 {first}；按“{}”则始于 {other}）。",
        l.zh, o.zh
    );
    let (why, why_zh) = match (basis, purchase) {
        (DateBasis::User, _) => (
            "You chose this reading.".to_string(),
            "这是您选择的读法。".to_string(),
        ),
        (DateBasis::Case, Some(p)) => (
            format!("Only this reading puts the chat after the purchase on {p} and before the import."),
            format!("只有这种读法使聊天位于 {p} 的购买之后、导入之前。"),
        ),
        (DateBasis::Case, None) => (
            "Only this reading puts no message after the day the file was imported.".to_string(),
            "只有这种读法不会让消息晚于文件导入的日期。".to_string(),
        ),
        (DateBasis::File, Some(p)) => (
            format!("The purchase on {p} does not settle it: check a message whose day you remember."),
            format!("{p} 的购买日期无法判断：请对照一条您记得日期的消息核实。"),
        ),
        (DateBasis::File, None) => (
            "Nothing in the case tells which is right (a purchase date would): check a message whose day you remember.".to_string(),
            "案件中没有能判断的信息（填写购买日期可帮助判断）：请对照一条您记得日期的消息核实。".to_string(),
        ),
    };
    (format!("{head} {why}"), format!("{head_zh}{why_zh}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::chat::whatsapp;

    fn days(purchase: &str, imported: &str) -> CaseDays {
        case_days(Some(purchase), imported)
    }

    fn first_time(t: &Transcript) -> &str {
        t.messages[0].time.as_deref().unwrap_or("-")
    }

    /// The case: `04/11/2026` read day-first is 4 November; had the phone's AM/PM made
    /// the parser read it month-first (11 April), the purchase on 2 November settles it.
    const US_PHONE: &str =
        "[04/11/2026, 10:00:00 AM] 客服: 不予退款\n[05/11/2026, 9:00:00 AM] 我: 为什么\n";

    #[test]
    fn the_purchase_date_settles_an_ambiguous_order() {
        let mut t = whatsapp::parse(US_PHONE);
        assert_eq!(first_time(&t), "2026-04-11T10:00:00+08:00");
        assert_eq!(t.dates.as_ref().map(|d| d.order), Some(DateOrder::MonthDay));
        settle(&mut t, None, days("2026-11-02", "2026-11-20T08:00:00Z"));
        assert_eq!(first_time(&t), "2026-11-04T10:00:00+08:00");
        assert_eq!(
            t.messages[1].time.as_deref(),
            Some("2026-11-05T09:00:00+08:00")
        );
        let d = t.dates.as_ref().unwrap();
        assert_eq!((d.order, d.basis), (DateOrder::DayMonth, DateBasis::Case));
        assert!(d.notice.contains("read as day/month (the chat starts 2026-11-04; as month/day it would start 2026-04-11)"), "{}", d.notice);
        assert!(
            d.notice_zh.contains("已按“日/月”读取")
                && d.notice_zh.contains("2026-11-02 的购买之后"),
            "{}",
            d.notice_zh
        );
    }

    #[test]
    fn the_users_choice_wins_and_can_be_taken_back() {
        let purchase = days("2026-11-02", "2026-11-20T08:00:00Z");
        let mut t = whatsapp::parse(US_PHONE);
        settle(&mut t, Some(DateOrder::MonthDay), purchase);
        assert_eq!(first_time(&t), "2026-04-11T10:00:00+08:00");
        assert_eq!(t.dates.as_ref().unwrap().basis, DateBasis::User);
        assert!(t.dates.as_ref().unwrap().notice_zh.contains("您选择"));
        let mut t = whatsapp::parse(US_PHONE);
        settle(&mut t, Some(DateOrder::DayMonth), CaseDays::default());
        assert_eq!(first_time(&t), "2026-11-04T10:00:00+08:00");
    }

    #[test]
    fn without_a_purchase_the_import_day_still_rules_out_the_future() {
        // Read day-first, 11/12 would be 11 December: after the file was imported on 20 November.
        let mut t =
            whatsapp::parse("11/12/2026, 10:00 - 客服: 不予退款\n10/12/2026, 09:00 - 我: 好\n");
        assert_eq!(first_time(&t), "2026-12-11T10:00:00+08:00");
        settle(&mut t, None, case_days(None, "2026-11-20T08:00:00Z"));
        assert_eq!(first_time(&t), "2026-11-12T10:00:00+08:00");
        // Nothing known: the parser's reading stays and the notice asks the user to check.
        let mut t = whatsapp::parse("11/12/2026, 10:00 - 客服: 不予退款\n");
        settle(&mut t, None, CaseDays::default());
        assert_eq!(first_time(&t), "2026-12-11T10:00:00+08:00");
        let d = t.dates.unwrap();
        assert_eq!(d.basis, DateBasis::File);
        assert!(d.notice.contains("Nothing in the case tells"));
    }

    #[test]
    fn when_neither_reading_fits_the_purchase_the_files_reading_stays_and_says_so() {
        // 6 March and 3 June are both months before a purchase on 2 November.
        let mut t = whatsapp::parse("06/03/2026, 00:45 - 客服: 无法退款\n");
        settle(&mut t, None, days("2026-11-02", "2026-11-20T08:00:00Z"));
        assert_eq!(first_time(&t), "2026-03-06T00:45:00+08:00");
        let d = t.dates.unwrap();
        assert_eq!(d.basis, DateBasis::File);
        assert!(
            d.notice
                .contains("The purchase on 2026-11-02 does not settle it"),
            "{}",
            d.notice
        );
        assert!(d.notice_zh.contains("购买日期无法判断"), "{}", d.notice_zh);
    }

    #[test]
    fn a_fitting_reading_is_kept_and_unambiguous_files_are_untouched() {
        let mut t = whatsapp::parse("06/11/2026, 10:00 - 客服: 不予退款\n");
        settle(&mut t, None, days("2026-11-02", "2026-11-20T08:00:00Z"));
        assert_eq!(first_time(&t), "2026-11-06T10:00:00+08:00");
        assert_eq!(t.dates.unwrap().basis, DateBasis::Case);
        let mut t = whatsapp::parse("13/11/2026, 10:00 - 客服: 不予退款\n");
        assert!(t.dates.is_none());
        settle(
            &mut t,
            Some(DateOrder::MonthDay),
            days("2026-11-02", "2026-11-20"),
        );
        assert_eq!(first_time(&t), "2026-11-13T10:00:00+08:00");
        assert!(t.dates.is_none());
    }

    #[test]
    fn orders_round_trip_their_names() {
        for o in DateOrder::ALL {
            assert_eq!(DateOrder::parse(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
            assert_eq!(o.other().other(), o);
        }
        assert_eq!(DateOrder::parse("Month-Day"), Some(DateOrder::MonthDay));
        assert_eq!(DateOrder::parse("ymd"), None);
    }
}
