//! Timestamps as the ledger records them: UTC, RFC 3339, milliseconds, `Z`.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};

/// The local clock, recorded as what it is: untrusted "time of recording".
pub fn now() -> String {
    format(Utc::now())
}

pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn from_system(t: std::time::SystemTime) -> String {
    format(DateTime::<Utc>::from(t))
}

/// The calendar day a `YYYY-MM-DD…` text begins with, as written (no zone conversion): a
/// purchase date, a message time, a capture time.
pub fn day_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The user's calendar date: due dates and "not in the future" checks are about local days.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
