//! Plain "time name: text" logs that users paste together themselves:
//! `2026-11-03 10:00 客服: 无法退款`, `2026-11-03 10:00:05 客服：您好`, `[2026-11-03 10:00] 小明: ...`,
//! `11月3日 10:00 客服：...` (no year: the time stays empty). Other lines continue the message
//! above them.

use crate::ingest::format::Format;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::common::{self, Warnings, CHINA};
use super::{Message, Transcript};
use crate::ingest::warning::ParseWarning;

static LINE: LazyLock<Regex> = LazyLock::new(|| {
    common::re(concat!(
        r"^\[?\s*(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{1,2})\s*月\s*(\d{1,2})\s*日)",
        r"\s*(?:T|\s)?\s*(?:(上午|下午)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm])\b)?\s*\]?",
        r"\s*([^:：,，\[\]\s][^:：,，\[\]]{0,39}?)\s*[:：]\s?(.*)$",
    ))
});

struct Stamped<'a> {
    /// None when the line has a time but no year, or an impossible date.
    time: Option<chrono::NaiveDateTime>,
    has_year: bool,
    sender: &'a str,
    text: &'a str,
}

fn stamped(line: &str) -> Option<Stamped<'_>> {
    let c = LINE.captures(common::strip_marks(line))?;
    let sender = common::cap(&c, 11).trim();
    // `2026-11-03 10:00 - 小明: hi` is WhatsApp's layout, not a pasted name.
    if sender.starts_with(['-', '–']) {
        return None;
    }
    let has_year = c.get(1).is_some();
    Some(Stamped {
        time: if has_year { time(&c) } else { None },
        has_year,
        sender,
        text: common::cap(&c, 12),
    })
}

fn time(c: &Captures<'_>) -> Option<chrono::NaiveDateTime> {
    let pm = common::meridiem(common::cap(c, 6)).or(common::meridiem(common::cap(c, 10)));
    let n = |i| common::num(c, i);
    let h = common::hour24(n(7)?, pm)?;
    common::wall(
        i32::try_from(n(1)?).ok()?,
        n(2)?,
        n(3)?,
        h,
        n(8)?,
        n(9).unwrap_or(0),
    )
}

/// Time-stamped `name: text` lines among the first lines of the file.
pub fn sniff(text: &str) -> usize {
    common::lines(text)
        .take(common::SNIFF_LINES)
        .filter(|(_, l)| stamped(l).is_some())
        .count()
}

pub fn parse(text: &str) -> Transcript {
    let mut warn = Warnings::default();
    let mut messages: Vec<Message> = Vec::new();
    for (n, line) in common::lines(text) {
        match stamped(line) {
            Some(s) => messages.push(message(n, &s, &mut warn)),
            None => continuation(&mut messages, n, line, &mut warn),
        }
    }
    for m in &mut messages {
        m.text.truncate(m.text.trim_end().len());
        m.media = common::bracket_media(&m.text);
    }
    Transcript {
        format: Format::Plain.as_str(),
        title: None,
        messages,
        warnings: warn.finish(),
        dates: None,
    }
}

fn message(n: usize, s: &Stamped, warn: &mut Warnings) -> Message {
    let time = s.time.and_then(|t| common::at_offset(t, CHINA));
    if !s.has_year {
        warn.line(
            n,
            ParseWarning::new(
                "date without a year: time left empty",
                "日期没有年份：时间留空",
            ),
        );
    } else if time.is_none() {
        warn.line(
            n,
            ParseWarning::new("impossible date or time", "日期或时间不存在"),
        );
    }
    Message {
        offset_assumed: time.is_some(),
        time,
        sender: s.sender.to_string(),
        from_self: None,
        text: s.text.trim_end().to_string(),
        media: None,
    }
}

fn continuation(messages: &mut [Message], n: usize, line: &str, warn: &mut Warnings) {
    match messages.last_mut() {
        Some(m) => {
            m.text.push('\n');
            m.text.push_str(line.trim_end());
        }
        None if !common::strip_marks(line).trim().is_empty() => {
            let s = common::snippet(line);
            warn.line(
                n,
                ParseWarning::new(
                    format!("no time found before {s:?}"),
                    format!("“{s}”之前没有找到时间"),
                ),
            );
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    #[test]
    fn the_pasted_shapes() {
        let text = "聊天记录\n\
            2026-11-03 10:00 客服: 无法退款\n\
            2026-11-03 10:00:05 客服：您好，工单号 2026110300123\n请耐心等待\n\n\
            [2026-11-03 10:01] 小明: 说好7小时内激活\n\
            11月3日 10:02 客服：[图片]\n\
            2026年11月3日 下午3:04 小明：还没到账\n";
        assert_eq!(sniff(text), 5);
        let t = parse(text);
        let got: Vec<_> = t
            .messages
            .iter()
            .map(|m| {
                (
                    m.time.as_deref().unwrap_or("-"),
                    m.sender.as_str(),
                    m.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-03T10:00:00+08:00", "客服", "无法退款"),
                (
                    "2026-11-03T10:00:05+08:00",
                    "客服",
                    "您好，工单号 2026110300123\n请耐心等待"
                ),
                ("2026-11-03T10:01:00+08:00", "小明", "说好7小时内激活"),
                ("-", "客服", "[图片]"),
                ("2026-11-03T15:04:00+08:00", "小明", "还没到账"),
            ]
        );
        assert_eq!(t.messages[3].media, Some(crate::ingest::chat::Media::Image));
        assert_eq!(
            english(&t.warnings),
            [
                "line 1: no time found before \"聊天记录\"",
                "line 7: date without a year: time left empty"
            ]
        );
    }

    #[test]
    fn lines_that_are_not_chat() {
        assert_eq!(
            sniff("2025-12-11 18:14:13,商户消费,某某会员,季卡会员,支出,¥4.50"),
            0
        );
        assert_eq!(sniff("2026-11-03 10:00 - 小明: hi"), 0);
        assert_eq!(sniff("2026-11-03 下单成功，金额：68"), 0);
        assert_eq!(sniff("我在2026-11-03 10:00 下单: 68元"), 0);
        let t = parse("2026-13-03 10:00 客服: 无法退款");
        assert_eq!(t.messages[0].time, None);
        assert_eq!(english(&t.warnings), ["line 1: impossible date or time"]);
    }

    #[test]
    fn a_name_that_starts_like_am_is_a_name() {
        let t = parse("2026-11-03 10:00 Amy: hi\n2026-11-03 10:00 pm: 下午\n");
        assert_eq!(t.messages[0].sender, "Amy");
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-03T10:00:00+08:00")
        );
        // "pm" is only a clock suffix when a name still follows it.
        assert_eq!(t.messages[1].sender, "pm");
        assert_eq!(
            t.messages[1].time.as_deref(),
            Some("2026-11-03T10:00:00+08:00")
        );
        let t = parse("2026-11-03 10:00 pm 小明: 晚上好\n");
        assert_eq!(t.messages[0].sender, "小明");
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-03T22:00:00+08:00")
        );
    }

    #[test]
    fn empty_and_unicode_garbage() {
        assert_eq!(sniff(""), 0);
        let t = parse("");
        assert!(t.messages.is_empty() && t.warnings.is_empty());
        assert_eq!(sniff("\u{fffd}\u{fffd}: \u{fffd}\n"), 0);
    }
}
