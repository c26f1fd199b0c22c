//! When a picture came to be, as the file itself says: EXIF's DateTimeOriginal, else the time a
//! phone or a desktop wrote into its name (`Screenshot_20261104-102233.png`,
//! `微信图片_20261104102233.jpg`, `mmexport1762222953000.jpg`, `Screenshot 2026-11-04 at
//! 10.22.33.png`). Screenshots rarely carry EXIF, so for most captures the name is all there is.
//! A name is easier to change than EXIF: the time carries its source and counts for less.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::analyze::{Body, Derived};
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum TimeSource {
    /// The camera's or phone's own record inside the file.
    Exif,
    /// The time the phone or desktop put in the file's name; weaker, a name is easily changed.
    FileName,
}

impl TimeSource {
    pub const ALL: [TimeSource; 2] = [TimeSource::Exif, TimeSource::FileName];

    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Exif => "exif",
            TimeSource::FileName => "file_name",
        }
    }

    /// Its name in every surface (the app's dictionary is held to it).
    pub fn label(self) -> Text {
        match self {
            TimeSource::Exif => Text::new("from EXIF", "来自 EXIF"),
            TimeSource::FileName => Text::new("from the file name", "来自文件名"),
        }
    }
}

/// A picture's own time and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SourceTime {
    /// RFC 3339 when the offset is known (EXIF's OffsetTimeOriginal, a Unix time shown in China
    /// time), else the local wall time `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    pub source: TimeSource,
}

/// The picture's time: EXIF first, else its file name. None for anything not a picture.
pub fn of(name: &str, derived: Option<&Derived>) -> Option<SourceTime> {
    let Some(Body::Picture(p)) = derived.map(|d| &d.body) else {
        return None;
    };
    match &p.taken_at {
        Some(at) => Some(SourceTime {
            at: at.clone(),
            source: TimeSource::Exif,
        }),
        None => from_file_name(name).map(|at| SourceTime {
            at,
            source: TimeSource::FileName,
        }),
    }
}

/// `mmexport` / `wx_camera_` + Unix milliseconds (WeChat's saved pictures and camera).
static UNIX_MS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:mmexport|wx_camera_)(\d{13})").expect("pattern"));
/// `20261104-102233`, `20261104_102233`, `20261104102233`: Android, WeChat, MIUI.
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])(20\d{2})(\d{2})(\d{2})[_-]?(\d{2})(\d{2})(\d{2})(?:[^0-9]|$)")
        .expect("pattern")
});
/// `2026-11-04 at 10.22.33 AM` (macOS), `2026-11-04 10.22.33` (macOS in Chinese),
/// `2026-11-04-10-22-33` (MIUI, Huawei).
static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])(20\d{2})-(\d{2})-(\d{2})(?: at |[ _-])(\d{1,2})[.:-](\d{2})[.:-](\d{2})(?:\s?([AaPp][Mm]))?(?:[^0-9]|$)",
    )
    .expect("pattern")
});

/// The capture time a file name records, as local wall time (or RFC 3339 for a Unix time).
pub fn from_file_name(name: &str) -> Option<String> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if let Some(c) = UNIX_MS.captures(stem) {
        let ms: i64 = c[1].parse().ok()?;
        let china = FixedOffset::east_opt(8 * 3600)?;
        let t = DateTime::from_timestamp_millis(ms)?.with_timezone(&china);
        return plausible(t.naive_local()).then(|| t.to_rfc3339_opts(SecondsFormat::Secs, false));
    }
    let (c, meridiem) = match COMPACT.captures(stem) {
        Some(c) => (c, None),
        None => {
            let c = SEPARATED.captures(stem)?;
            let m = c.get(7).map(|m| m.as_str().to_ascii_uppercase());
            (c, m)
        }
    };
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let mut hour = n(4)?;
    match meridiem.as_deref() {
        Some("PM") if hour < 12 => hour += 12,
        Some("AM") if hour == 12 => hour = 0,
        Some(_) if hour > 12 => return None,
        _ => {}
    }
    let year = i32::try_from(n(1)?).ok()?;
    let t = NaiveDate::from_ymd_opt(year, n(2)?, n(3)?)?.and_hms_opt(hour, n(5)?, n(6)?)?;
    plausible(t).then(|| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Phones with cameras and screenshots: no earlier than 2000, no later than this century.
fn plausible(t: NaiveDateTime) -> bool {
    (2000..2100).contains(&chrono::Datelike::year(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::picture::Picture;

    #[test]
    fn the_names_phones_and_desktops_give_screenshots() {
        let cases = [
            ("Screenshot_20261104-102233.png", "2026-11-04T10:22:33"),
            ("IMG_20261102_153025.png", "2026-11-02T15:30:25"),
            ("微信图片_20261104102233.jpg", "2026-11-04T10:22:33"),
            (
                "Screenshot_20261104_102233_com.tencent.mm.jpg",
                "2026-11-04T10:22:33",
            ),
            (
                "Screenshot 2026-11-04 at 10.22.33.png",
                "2026-11-04T10:22:33",
            ),
            (
                "Screen Shot 2026-11-04 at 9.05.01 PM.png",
                "2026-11-04T21:05:01",
            ),
            (
                "Screen Shot 2026-11-04 at 12.05.01 AM.png",
                "2026-11-04T00:05:01",
            ),
            ("截屏2026-11-04 10.22.33.png", "2026-11-04T10:22:33"),
            (
                "Screenshot_2026-11-04-10-22-33-123_com.tencent.mm.jpg",
                "2026-11-04T10:22:33",
            ),
            (
                "/home/u/截图/Screenshot_20261104-102233.png",
                "2026-11-04T10:22:33",
            ),
            // 1762222953000 ms = 2025-11-04T02:22:33Z, 10:22:33 in China.
            ("mmexport1762222953000.jpg", "2025-11-04T10:22:33+08:00"),
            ("wx_camera_1762222953000.jpg", "2025-11-04T10:22:33+08:00"),
        ];
        for (name, want) in cases {
            assert_eq!(from_file_name(name).as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn names_without_a_real_time_give_none() {
        for name in [
            "支付截图.png",
            "IMG_0001.HEIC",
            "20261399_102233.png",     // month 13
            "IMG_20261104_256199.png", // hour 25
            "Screen Shot 2026-11-04 at 13.05.01 PM.png",
            "订单号202611020001.png", // an order number, not 14 digits of time
            "123420261104102233999.png",
            "mmexport99.jpg",
            "19991104_102233.png",
        ] {
            assert_eq!(from_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn exif_wins_over_the_name_and_only_pictures_have_one() {
        let mut d = Derived::nothing("ab");
        d.body = Body::Picture(Picture::default());
        let name = "Screenshot_20261104-102233.png";
        assert_eq!(
            of(name, Some(&d)),
            Some(SourceTime {
                at: "2026-11-04T10:22:33".into(),
                source: TimeSource::FileName
            })
        );
        d.body = Body::Picture(Picture {
            taken_at: Some("2026-11-03T08:00:00+08:00".into()),
            ..Default::default()
        });
        assert_eq!(of(name, Some(&d)).map(|t| t.source), Some(TimeSource::Exif));
        d.body = Body::Text("x".into());
        assert_eq!(of(name, Some(&d)), None);
        assert_eq!(of(name, None), None);
    }
}
