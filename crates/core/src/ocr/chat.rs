//! A chat screenshot as a transcript: the other party's bubbles start at the left margin, the
//! user's sit to the right of it, centred lines are the times and notices a chat app draws.
//! Lines of one bubble are joined; a time line dates the messages below it. Derived from the
//! recognised lines (and the capture's own date, for "昨天 10:20"), never stored on its own.

use crate::ingest::format::Format;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{job::normalized, OcrLine, OcrText};
use crate::ingest::chat::{Media, Message, Transcript};

/// Chat apps record local time; a capture shows China time unless it says otherwise.
const CHINA: &str = "+08:00";

/// A chat capture's transcript and, per message, the recognised lines it was read from (so a
/// fact found in a line belongs to its message, and a message can point to its boxes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaptureChat {
    pub transcript: Transcript,
    pub lines: Vec<Vec<u32>>,
}

impl CaptureChat {
    /// Which message a recognised line belongs to, if any (time lines and titles belong to none).
    pub fn message_of(&self, line: usize) -> Option<usize> {
        self.lines
            .iter()
            .position(|ls| ls.iter().any(|&l| l as usize == line))
    }

    /// True when the line is part of a message the user sent.
    pub fn said_by_self(&self, line: usize) -> bool {
        self.message_of(line)
            .and_then(|m| self.transcript.messages.get(m))
            .is_some_and(|m| m.from_self == Some(true))
    }
}

/// Where a line sits in a chat layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Starts at the left margin: the other party.
    Left,
    /// Starts well right of the margin and is not centred: the user.
    Right,
    /// Centred: a time, a notice, the title.
    Centre,
}

/// The side of each line. The margin is the leftmost line below the top bar (whose back arrow
/// and clock sit further left than any bubble).
pub fn sides(t: &OcrText) -> Vec<Side> {
    let w = t.width.max(1) as f32;
    let bar = (w * 0.12) as u32;
    let margin = t
        .lines
        .iter()
        .filter(|l| l.y >= bar)
        .map(|l| l.x)
        .min()
        .or_else(|| t.lines.iter().map(|l| l.x).min())
        .unwrap_or(0) as f32;
    t.lines
        .iter()
        .map(|l| {
            let centre = l.x as f32 + l.w as f32 / 2.0;
            if (centre - w / 2.0).abs() < w * 0.05 && (l.x as f32) > margin + w * 0.06 {
                Side::Centre
            } else if (l.x as f32) < margin + w * 0.06 {
                Side::Left
            } else if (l.x as f32) > margin + w * 0.1 {
                Side::Right
            } else {
                Side::Centre
            }
        })
        .collect()
}

/// Lines on both sides of the picture, as a chat shows them.
pub fn two_sided(t: &OcrText) -> bool {
    let s = sides(t);
    s.contains(&Side::Left) && s.contains(&Side::Right)
}

/// The transcript of a chat capture; None when the capture is not a chat. `captured` is the
/// day the capture was taken (EXIF or file time), which dates "昨天 10:20" and a bare "10:20".
pub fn read(t: &OcrText, captured: Option<NaiveDate>) -> Option<CaptureChat> {
    if !two_sided(t) {
        return None;
    }
    let sides = sides(t);
    let mut chat = Builder::default();
    // Messages keep the capture's own characters; times are parsed from the folded text.
    for (i, (line, side)) in t.lines.iter().zip(&sides).enumerate() {
        let text = line.text.clone();
        match side {
            Side::Centre => {
                if let Some(at) = time_line(&normalized(&text), captured) {
                    chat.time = Some(at);
                    chat.open = None;
                } else if let Some(own) = chat.continued_by(line, t.width) {
                    // A wrapped line of a bubble can happen to sit centred.
                    chat.bubble_line(i, line, own, text);
                } else if chat.messages.is_empty() && chat.title.is_none() && line.y < t.width / 4 {
                    chat.title = Some(text);
                } else {
                    chat.notice(i, text);
                }
            }
            Side::Left | Side::Right => chat.bubble_line(i, line, *side == Side::Right, text),
        }
    }
    Some(chat.finish())
}

#[derive(Default)]
struct Builder {
    title: Option<String>,
    time: Option<NaiveDateTime>,
    messages: Vec<Message>,
    lines: Vec<Vec<u32>>,
    /// The bubble still open: its side, and the left edge, bottom and height of its last line.
    open: Option<Open>,
}

#[derive(Clone, Copy)]
struct Open {
    from_self: bool,
    x: u32,
    bottom: u32,
    h: u32,
}

impl Open {
    /// A line close under the last one continues its bubble.
    fn below(&self, l: &OcrLine) -> bool {
        l.y >= self.bottom.saturating_sub(self.h / 2) && l.y < self.bottom + self.h * 4 / 5
    }
}

impl Builder {
    /// The side of the open bubble when `l` continues it: close under it, same left edge.
    fn continued_by(&self, l: &OcrLine, width: u32) -> Option<bool> {
        let o = self.open?;
        (o.below(l) && l.x.abs_diff(o.x) <= width / 50).then_some(o.from_self)
    }

    fn bubble_line(&mut self, i: usize, l: &OcrLine, from_self: bool, text: String) {
        let continues = self
            .open
            .is_some_and(|o| o.from_self == from_self && o.below(l));
        match (continues, self.messages.last_mut(), self.lines.last_mut()) {
            (true, Some(m), Some(ls)) => {
                join_wrapped(&mut m.text, &text);
                ls.push(i as u32);
            }
            _ => self.push(i, Some(from_self), text, None),
        }
        self.open = Some(Open {
            from_self,
            x: l.x,
            bottom: l.y + l.h,
            h: l.h.max(1),
        });
    }

    /// A centred line that is no time: "对方撤回了一条消息", "以下为新消息".
    fn notice(&mut self, i: usize, text: String) {
        self.push(i, None, text, Some(Media::System));
        self.open = None;
    }

    fn push(&mut self, i: usize, from_self: Option<bool>, text: String, media: Option<Media>) {
        self.messages.push(Message {
            time: self
                .time
                .map(|t| format!("{}{CHINA}", t.format("%Y-%m-%dT%H:%M:%S"))),
            offset_assumed: self.time.is_some(),
            sender: String::new(),
            from_self,
            text,
            media,
        });
        self.lines.push(vec![i as u32]);
    }

    fn finish(mut self) -> CaptureChat {
        // The other party is the chat's title when the capture shows one.
        let other = self.title.clone().unwrap_or_default();
        for m in &mut self.messages {
            if m.from_self == Some(false) {
                m.sender = other.clone();
            }
        }
        CaptureChat {
            transcript: Transcript {
                format: Format::OcrCapture.as_str(),
                title: self.title,
                messages: self.messages,
                warnings: Vec::new(),
                dates: None,
            },
            lines: self.lines,
        }
    }
}

/// A bubble's wrapped lines: Chinese joins without a space, Latin words with one.
fn join_wrapped(into: &mut String, next: &str) {
    let ascii_end = into
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ascii_start = next
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if ascii_end && ascii_start {
        into.push(' ');
    }
    into.push_str(next);
}

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::re(r"^(?:(\d{4})\s*[年/.-]\s*)?(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?")
});
static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::re(r"(上午|下午|晚上|凌晨|中午|早上)?\s*(\d{1,2}):(\d{2})$"));
const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// The time a chat app's centred time line shows: "2026年11月4日 10:20", "11月4日 下午3:05",
/// "2026/11/04 10:20", "昨天 10:20", "星期二 10:20", "10:20". Relative forms need `captured`.
pub fn time_line(text: &str, captured: Option<NaiveDate>) -> Option<NaiveDateTime> {
    let text = text.trim();
    let clock = CLOCK.captures(text)?;
    let mut hour: u32 = clock[2].parse().ok()?;
    let minute: u32 = clock[3].parse().ok()?;
    match clock.get(1).map(|m| m.as_str()) {
        Some("下午" | "晚上") if hour < 12 => hour += 12,
        Some("中午") if hour < 11 => hour += 12,
        _ => {}
    }
    let time = NaiveTime::from_hms_opt(hour, minute, 0)?;
    let day_part = text[..clock.get(0)?.start()].trim();
    let day = if day_part.is_empty() {
        captured?
    } else if let Some(c) = FULL.captures(day_part) {
        let year = match c.get(1) {
            Some(y) => y.as_str().parse().ok()?,
            None => captured?.year(),
        };
        NaiveDate::from_ymd_opt(year, c[2].parse().ok()?, c[3].parse().ok()?)?
    } else {
        relative_day(day_part, captured?)?
    };
    Some(day.and_time(time))
}

fn relative_day(word: &str, captured: NaiveDate) -> Option<NaiveDate> {
    match word {
        "今天" => Some(captured),
        "昨天" => Some(captured - Duration::days(1)),
        "前天" => Some(captured - Duration::days(2)),
        _ => {
            let name = word
                .strip_prefix("星期")
                .or_else(|| word.strip_prefix("周"))?;
            let target = WEEKDAYS.iter().position(|d| *d == name).or_else(|| {
                (name == "天").then_some(6) // 星期天
            })? as i64;
            // The last such weekday before the capture's day (a chat app shows this form within
            // the past week).
            let today = captured.weekday().num_days_from_monday() as i64;
            let back = (today - target).rem_euclid(7);
            Some(captured - Duration::days(if back == 0 { 7 } else { back }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x: u32, y: u32, w: u32) -> OcrLine {
        OcrLine {
            text: text.into(),
            confidence: 0.95,
            x,
            y,
            w,
            h: 50,
        }
    }

    fn capture(lines: Vec<OcrLine>) -> OcrText {
        OcrText {
            engine: "test".into(),
            model: "test".into(),
            width: 1170,
            height: 1800,
            lines,
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn time_lines_in_the_forms_chat_apps_draw() {
        let wed = Some(day("2026-11-04")); // a Wednesday
        let t = |s: &str| time_line(s, wed).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(
            t("2026年11月4日 10:20").as_deref(),
            Some("2026-11-04 10:20")
        );
        assert_eq!(t("2026/11/03 9:05").as_deref(), Some("2026-11-03 09:05"));
        assert_eq!(t("11月2日 下午3:05").as_deref(), Some("2026-11-02 15:05"));
        assert_eq!(t("昨天 10:20").as_deref(), Some("2026-11-03 10:20"));
        assert_eq!(t("前天 23:59").as_deref(), Some("2026-11-02 23:59"));
        assert_eq!(t("星期一 08:00").as_deref(), Some("2026-11-02 08:00"));
        assert_eq!(t("周三 08:00").as_deref(), Some("2026-10-28 08:00"));
        assert_eq!(t("10:20").as_deref(), Some("2026-11-04 10:20"));
        // Without the capture's date only a full date can be read.
        assert!(time_line("昨天 10:20", None).is_none());
        assert!(time_line("2026年11月4日 10:20", None).is_some());
        // Not times: prose, an impossible date, a clock that is no clock.
        for s in [
            "工作时间 9:00-21:00",
            "2026年13月4日 10:20",
            "25:61",
            "您好",
        ] {
            assert!(time_line(s, wed).is_none(), "{s}");
        }
    }

    #[test]
    fn bubbles_become_messages_with_sides_times_and_joined_lines() {
        let t = capture(vec![
            line("官方客服", 480, 60, 210),
            line("2026年11月4日 10:20", 420, 120, 330),
            line("您好，这里是官方客服小美", 70, 220, 500),
            line("我的会员一直没开通", 260, 400, 380),
            line("订单号 DEMO202611020001", 260, 480, 560),
            line("抱歉，该订单不支持退款", 70, 680, 460),
            line("请给我退款", 590, 1060, 210),
        ]);
        let chat = read(&t, None).unwrap();
        let m = &chat.transcript.messages;
        let said: Vec<(Option<bool>, &str)> =
            m.iter().map(|m| (m.from_self, m.text.as_str())).collect();
        assert_eq!(
            said,
            [
                (Some(false), "您好，这里是官方客服小美"),
                (Some(true), "我的会员一直没开通订单号 DEMO202611020001"),
                (Some(false), "抱歉，该订单不支持退款"),
                (Some(true), "请给我退款"),
            ]
        );
        assert_eq!(chat.transcript.title.as_deref(), Some("官方客服"));
        assert_eq!(m[0].sender, "官方客服");
        assert_eq!(m[1].sender, "");
        assert!(m
            .iter()
            .all(|m| m.time.as_deref() == Some("2026-11-04T10:20:00+08:00")));
        assert_eq!(chat.lines, [vec![2], vec![3, 4], vec![5], vec![6]]);
        assert_eq!(chat.message_of(4), Some(1));
        assert_eq!(chat.message_of(1), None);
        assert!(chat.said_by_self(6) && !chat.said_by_self(5));
    }

    #[test]
    fn a_page_of_one_column_is_no_chat() {
        let t = capture(vec![
            line("订单详情", 420, 150, 300),
            line("订单编号：DK2026110500017", 80, 400, 600),
            line("实付款 ¥128.00", 80, 520, 300),
        ]);
        assert!(read(&t, None).is_none());
    }
}
