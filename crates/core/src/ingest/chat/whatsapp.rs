//! WhatsApp "Export chat" TXT. The layout follows the phone's locale:
//! Android `06/03/2017, 00:45 - Name: text`, `1/2/24, 8:43 PM - Name: text`,
//! `2025/12/22 12:35 - 地瓜: 内容`; iOS `[6/7/25 22:44:26] Name: text`. Lines may start with
//! U+200E or U+FEFF; lines without a stamp continue the previous message. Whether `06/03` is
//! 6 March or June 3 is decided once for the whole file (see [`infer_order`]).

use crate::ingest::format::Format;
use std::sync::LazyLock;

use regex::Regex;

use super::common::{self, Warnings, CHINA};
use super::dates::{self, DateOrder, DateReading};
use super::{Media, Message, Transcript};
use crate::ingest::warning::ParseWarning;

const DATE_TIME: &str = concat!(
    r"(\d{1,4})([./-])(\d{1,2})[./-](\d{1,4})\.?,?\s+(?:(上午|下午)\s*)?",
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*([AaPp]\.?\s?[Mm]\.?|上午|下午))?",
);
/// Android: `date, time - rest`.
static DASH: LazyLock<Regex> =
    LazyLock::new(|| common::re(&format!(r"^{DATE_TIME}\s+[-–]\s+(.*)$")));
/// iOS: `[date, time] rest`.
static BRACKET: LazyLock<Regex> =
    LazyLock::new(|| common::re(&format!(r"^\[{DATE_TIME}\]\s*(.*)$")));

/// One stamped line before its day/month order is known.
struct Stamp<'a> {
    line: usize,
    /// The three date fields as written, and whether the first is a four-digit year.
    fields: [u32; 3],
    year_first: bool,
    hour: u32,
    minute: u32,
    second: u32,
    pm: Option<bool>,
    rest: &'a str,
}

fn stamp(n: usize, line: &str) -> Option<Stamp<'_>> {
    let line = common::strip_marks(line);
    let (c, bracket) = match DASH.captures(line) {
        Some(c) => (c, false),
        None => (BRACKET.captures(line)?, true),
    };
    let year_first = common::cap(&c, 1).len() == 4;
    // `[2026-11-03 10:00] 小明: ...` is a pasted plain log, not an iOS export (iOS never
    // writes ISO dates in brackets).
    if bracket && year_first && common::cap(&c, 2) == "-" {
        return None;
    }
    let pm = common::meridiem(common::cap(&c, 5)).or(common::meridiem(common::cap(&c, 9)));
    Some(Stamp {
        line: n,
        fields: [
            common::num(&c, 1)?,
            common::num(&c, 3)?,
            common::num(&c, 4)?,
        ],
        year_first,
        hour: common::num(&c, 6)?,
        minute: common::num(&c, 7)?,
        second: common::num(&c, 8).unwrap_or(0),
        pm,
        rest: common::cap(&c, 10),
    })
}

/// Stamped lines among the first lines of the file.
pub fn sniff(text: &str) -> usize {
    common::lines(text)
        .take(common::SNIFF_LINES)
        .filter(|(n, l)| stamp(*n, l).is_some())
        .count()
}

/// What the date fields of a whole file say about their day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inference {
    /// A field above 12 shows which one is the day.
    Known(DateOrder),
    /// No field above 12: the phone's usual order (month first when times carry AM/PM, as US
    /// phones write them), which the case may overturn (see [`dates::settle`]).
    Guess(DateOrder),
    /// Days above 12 in both places.
    Contradiction,
}

/// Day-vs-month order over the whole file from the `(first, second)` date fields: a first field
/// above 12 can only be a day, a second above 12 only a day in second place.
pub fn infer_order(pairs: &[(u32, u32)], twelve_hour: bool) -> Inference {
    let day_first = pairs.iter().any(|&(a, _)| a > 12);
    let month_first = pairs.iter().any(|&(_, b)| b > 12);
    match (day_first, month_first) {
        (true, false) => Inference::Known(DateOrder::DayMonth),
        (false, true) => Inference::Known(DateOrder::MonthDay),
        (true, true) => Inference::Contradiction,
        (false, false) if twelve_hour => Inference::Guess(DateOrder::MonthDay),
        (false, false) => Inference::Guess(DateOrder::DayMonth),
    }
}

pub fn parse(text: &str) -> Transcript {
    let mut warn = Warnings::default();
    let mut entries: Vec<(Stamp, String)> = Vec::new();
    for (n, line) in common::lines(text) {
        if let Some(s) = stamp(n, line) {
            let first = s.rest.to_string();
            entries.push((s, first));
        } else if let Some((_, body)) = entries.last_mut() {
            body.push('\n');
            body.push_str(line);
        } else if !common::strip_marks(line).trim().is_empty() {
            let s = common::snippet(line);
            warn.line(
                n,
                ParseWarning::new(
                    format!("no time stamp above {s:?}"),
                    format!("“{s}”上方没有时间戳"),
                ),
            );
        }
    }
    let pairs: Vec<(u32, u32)> = entries
        .iter()
        .filter(|(s, _)| !s.year_first)
        .map(|(s, _)| (s.fields[0], s.fields[1]))
        .collect();
    let twelve = entries.iter().any(|(s, _)| s.pm.is_some());
    let mixed = pairs.len() < entries.len();
    let (order, dates) = match infer_order(&pairs, twelve) {
        _ if pairs.is_empty() => (DateOrder::DayMonth, None),
        Inference::Known(o) => (o, None),
        // Only a file of all-numeric dates can be read the other way as a whole.
        Inference::Guess(o) if !mixed => (o, Some(DateReading::from_file(o))),
        Inference::Guess(o) => {
            let l = o.label();
            warn.push(ParseWarning::new(
                format!("dates are ambiguous (no day above 12): read as {}", l.en),
                format!("日期有歧义（没有大于 12 的日）：按“{}”读取", l.zh),
            ));
            (o, None)
        }
        Inference::Contradiction => {
            warn.push(ParseWarning::new(
                "dates contradict each other (days above 12 in both places): read as day/month",
                "日期互相矛盾（两个位置都出现大于 12 的数）：按“日/月”读取",
            ));
            (DateOrder::DayMonth, None)
        }
    };
    let messages = entries
        .into_iter()
        .map(|(s, body)| message(&s, &body, order, &mut warn))
        .collect();
    let mut t = Transcript {
        format: Format::WhatsappTxt.as_str(),
        title: None,
        messages,
        warnings: warn.finish(),
        dates,
    };
    // The notice as the file alone gives it; each case settles it again (see `dates`).
    dates::settle(&mut t, None, dates::CaseDays::default());
    t
}

fn message(s: &Stamp, body: &str, order: DateOrder, warn: &mut Warnings) -> Message {
    let time = local_time(s, order).and_then(|t| common::at_offset(t, CHINA));
    if time.is_none() {
        warn.line(
            s.line,
            ParseWarning::new("impossible date or time", "日期或时间不存在"),
        );
    }
    let body = body.trim_end();
    // Android system notices have no `Name: ` ("Messages and calls are end-to-end encrypted").
    let (sender, text) = match body.split_once(": ") {
        Some((name, text)) if !name.contains('\n') => (common::strip_marks(name), text),
        _ => ("", body),
    };
    let shown = common::strip_marks(text);
    let media = placeholder(shown.lines().next().unwrap_or("")).or_else(|| {
        // iOS marks its notices (encryption, deleted messages) with U+200E before the text.
        (sender.is_empty() || text.starts_with('\u{200e}')).then_some(Media::System)
    });
    Message {
        offset_assumed: time.is_some(),
        time,
        sender: sender.trim().to_string(),
        from_self: None,
        text: shown.to_string(),
        media,
    }
}

fn local_time(s: &Stamp, order: DateOrder) -> Option<chrono::NaiveDateTime> {
    let [a, b, c] = s.fields;
    let (y, m, d) = match (s.year_first, order) {
        (true, _) => (a, b, c),
        (false, DateOrder::DayMonth) => (c, b, a),
        (false, DateOrder::MonthDay) => (c, a, b),
    };
    let y = if y < 100 { y + 2000 } else { y };
    let h = common::hour24(s.hour, s.pm)?;
    common::wall(i32::try_from(y).ok()?, m, d, h, s.minute, s.second)
}

/// What WhatsApp writes instead of a picture, a voice note or a file, per platform and language.
fn placeholder(first_line: &str) -> Option<Media> {
    let t = first_line.trim();
    if t == "<Media omitted>" || t == "<省略影音内容>" || t == "<媒体文件已省略>" {
        return Some(Media::Other);
    }
    let attached = t
        .strip_prefix("<附件：")
        .or_else(|| t.strip_prefix("<attached: "))
        .and_then(|r| r.strip_suffix('>'))
        .or_else(|| t.strip_suffix(" (file attached)"));
    if let Some(file) = attached {
        return Some(by_file_name(file));
    }
    let omitted = [
        ("image omitted", Media::Image),
        ("video omitted", Media::Video),
        ("GIF omitted", Media::Video),
        ("audio omitted", Media::Voice),
        ("sticker omitted", Media::Sticker),
        ("document omitted", Media::File),
        ("Contact card omitted", Media::Other),
    ];
    if let Some((_, m)) = omitted.iter().find(|(p, _)| t.ends_with(p)) {
        return Some(*m);
    }
    matches!(t, "Missed voice call" | "Missed video call").then_some(Media::Call)
}

/// WhatsApp names attachments by kind: IMG-/PHOTO, PTT-/AUDIO, VID-/VIDEO, STK-/STICKER.
fn by_file_name(name: &str) -> Media {
    let upper = name.to_uppercase();
    let ext = upper.rsplit('.').next().unwrap_or("");
    if upper.contains("STK-") || upper.contains("STICKER") {
        Media::Sticker
    } else if matches!(ext, "JPG" | "JPEG" | "PNG" | "HEIC" | "WEBP") {
        Media::Image
    } else if matches!(ext, "OPUS" | "M4A" | "AAC" | "MP3" | "OGG") {
        Media::Voice
    } else if matches!(ext, "MP4" | "3GP" | "MOV") {
        Media::Video
    } else {
        Media::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    fn times(t: &Transcript) -> Vec<&str> {
        t.messages
            .iter()
            .map(|m| m.time.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn order_inference_both_ways() {
        use Inference::*;
        assert_eq!(
            infer_order(&[(6, 3), (13, 3)], false),
            Known(DateOrder::DayMonth)
        );
        assert_eq!(
            infer_order(&[(6, 3), (3, 13)], true),
            Known(DateOrder::MonthDay)
        );
        assert_eq!(infer_order(&[(3, 13)], false), Known(DateOrder::MonthDay));
        assert_eq!(infer_order(&[(6, 3)], false), Guess(DateOrder::DayMonth));
        assert_eq!(infer_order(&[(6, 3)], true), Guess(DateOrder::MonthDay));
        assert_eq!(infer_order(&[(13, 1), (1, 13)], false), Contradiction);
    }

    #[test]
    fn day_first_is_inferred_from_a_later_line() {
        let t = parse("06/03/2026, 00:45 - 客服: 无法退款\n13/03/2026, 09:00 - 小明: 为什么\n");
        assert_eq!(
            times(&t),
            ["2026-03-06T00:45:00+08:00", "2026-03-13T09:00:00+08:00"]
        );
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn month_first_is_inferred_and_twelve_hour_times_convert() {
        let t = parse(
            "[3/6/26, 12:45:00 AM] 客服: 无法退款\n[3/13/26, 9:00:05\u{202f}PM] 小明: 为什么\n",
        );
        assert_eq!(
            times(&t),
            ["2026-03-06T00:45:00+08:00", "2026-03-13T21:00:05+08:00"]
        );
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn ambiguous_dates_are_read_day_first_and_say_so() {
        let t = parse("06/03/2026, 00:45 - 客服: 无法退款\n07/03/2026, 09:00 - 小明: 好\n");
        assert_eq!(times(&t)[0], "2026-03-06T00:45:00+08:00");
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let d = t.dates.unwrap();
        assert_eq!(d.order, DateOrder::DayMonth);
        assert!(d.notice.contains("read as day/month (the chat starts 2026-03-06; as month/day it would start 2026-06-03)"), "{}", d.notice);
        assert!(
            d.notice_zh
                .starts_with("此聊天中的日期有两种读法；已按“日/月”读取"),
            "{}",
            d.notice_zh
        );
        // With one ISO line among them the file cannot be read the other way as a whole.
        let t = parse("06/03/2026, 00:45 - 客服: 无法退款\n2026/3/7 09:00 - 小明: 好\n");
        assert!(t.dates.is_none());
        assert_eq!(
            english(&t.warnings),
            ["dates are ambiguous (no day above 12): read as day/month"]
        );
    }

    #[test]
    fn marks_continuations_system_lines_and_media() {
        let text = "\u{feff}2026/11/3 10:00 - 消息和通话已进行端到端加密。\n\
                    \u{200e}2026/11/3 10:01 - 客服: <附件：IMG-20261103-WA0001.jpg>\n\
                    2026/11/3 10:02 - 客服: 第一行\n第二行\n\n\
                    2026/11/3 10:03 - 小明: <Media omitted>\n";
        let t = parse(text);
        let got: Vec<_> = t
            .messages
            .iter()
            .map(|m| (m.sender.as_str(), m.text.as_str(), m.media))
            .collect();
        assert_eq!(
            got,
            [
                ("", "消息和通话已进行端到端加密。", Some(Media::System)),
                (
                    "客服",
                    "<附件：IMG-20261103-WA0001.jpg>",
                    Some(Media::Image)
                ),
                ("客服", "第一行\n第二行", None),
                ("小明", "<Media omitted>", Some(Media::Other)),
            ]
        );
        assert_eq!(times(&t)[0], "2026-11-03T10:00:00+08:00");
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    #[test]
    fn ios_attachments_and_notices() {
        let t = parse(
            "[6/7/26 22:44:26] 客服: \u{200e}Messages and calls are end-to-end encrypted.\n\
             \u{200e}[6/7/26 22:44:30] 小明: \u{200e}image omitted\n\
             [6/7/26 22:44:31] 小明: \u{200e}<attached: 00000012-AUDIO-2026-06-07-22-44-31.opus>\n",
        );
        let media: Vec<_> = t.messages.iter().map(|m| m.media).collect();
        assert_eq!(
            media,
            [Some(Media::System), Some(Media::Image), Some(Media::Voice)]
        );
        assert_eq!(t.messages[1].text, "image omitted");
    }

    #[test]
    fn plain_iso_brackets_are_not_whatsapp_and_text_before_is_warned() {
        assert_eq!(
            sniff("[2026-11-03 10:00] 小明: 你好\n[2026-11-03 10:01] 客服: 在\n"),
            0
        );
        let t = parse("导出说明\n31/02/2026, 10:00 - 客服: 无法退款\n");
        assert_eq!(
            english(&t.warnings),
            [
                "line 1: no time stamp above \"导出说明\"",
                "line 2: impossible date or time"
            ]
        );
    }

    #[test]
    fn empty_and_unicode_garbage() {
        assert_eq!(sniff(""), 0);
        let t = parse("");
        assert!(t.messages.is_empty() && t.warnings.is_empty());
        let t = parse("\u{fffd}\u{fffd}\n");
        assert!(t.messages.is_empty());
        assert_eq!(
            english(&t.warnings),
            ["line 1: no time stamp above \"\u{fffd}\u{fffd}\""]
        );
    }
}
