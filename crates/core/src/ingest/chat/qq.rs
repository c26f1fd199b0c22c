//! QQ message manager TXT (old desktop QQ): a banner, `消息分组:` / `消息对象:` blocks between
//! `====` rules, then `2019-07-16 18:15:05 昵称(12345678)` headers (or `昵称<mail@x.com>`, or
//! 12-hour `8:43:38 PM`) each followed by the message lines and a blank line.

use crate::ingest::format::Format;
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use super::common::{self, Warnings};
use super::{Media, Message, Transcript};
use crate::ingest::warning::ParseWarning;

const BANNER: &str = "消息记录（此消息记录为文本格式，不支持重新导入）";

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    common::re(concat!(
        r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s+(?:(上午|下午)\s*)?",
        r"(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp]\.?[Mm]\.?|上午|下午))?\s+(\S.*)$",
    ))
});
/// A pasted plain line (`time 客服：您好`) has the message after a colon; a QQ header never does.
static INLINE: LazyLock<Regex> = LazyLock::new(|| common::re(r"[:：]\s*\S"));
/// What only QQ writes after the name: the QQ number or the mail address.
static ID: LazyLock<Regex> = LazyLock::new(|| common::re(r"(?:\(\d{4,}\)|<[^<>\s]+@[^<>\s]+>)$"));

struct Head<'a> {
    time: Option<NaiveDateTime>,
    sender: &'a str,
    /// Shapes WeChat tools never write: a QQ id, AM/PM, an hour without its leading zero.
    qq_only: bool,
}

fn header(line: &str) -> Option<Head<'_>> {
    let c = HEADER.captures(line)?;
    let pm = common::meridiem(common::cap(&c, 4)).or(common::meridiem(common::cap(&c, 8)));
    let n = |i| common::num(&c, i);
    let time = (|| {
        let h = common::hour24(n(5)?, pm)?;
        common::wall(i32::try_from(n(1)?).ok()?, n(2)?, n(3)?, h, n(6)?, n(7)?)
    })();
    let sender = common::cap(&c, 9).trim();
    Some(Head {
        time,
        sender,
        qq_only: pm.is_some() || common::cap(&c, 5).len() == 1 || ID.is_match(sender),
    })
}

/// The banner, the `====` rules and the 消息分组/消息对象 lines frame the messages.
fn is_frame(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(BANNER)
        || (t.len() >= 10 && t.bytes().all(|b| b == b'='))
        || t.starts_with("消息分组")
        || t.starts_with("消息对象")
}

/// Headers that only QQ writes (any header when the file name says QQ); the banner decides alone.
pub fn sniff(text: &str, named_qq: bool) -> usize {
    let mut count = 0;
    for (_, line) in common::lines(text).take(common::SNIFF_LINES) {
        let line = common::strip_marks(line);
        if line.trim_start().starts_with(BANNER) {
            return usize::MAX;
        }
        if header(line).is_some_and(|h| h.qq_only || (named_qq && !INLINE.is_match(h.sender))) {
            count += 1;
        }
    }
    count
}

pub fn parse(text: &str) -> Transcript {
    let mut warn = Warnings::default();
    let title = conversations(text, &mut warn);
    let (blocks, stray) = common::blocks(text, header, is_frame);
    warn.stray_lines(stray);
    let messages = blocks
        .into_iter()
        .map(|b| {
            let time = warn.china_time(b.head.time, b.line);
            let text = common::join_body(&b.body);
            let media = if b.head.sender.starts_with("系统消息") {
                Some(Media::System)
            } else {
                common::bracket_media(&text)
            };
            Message {
                offset_assumed: time.is_some(),
                time,
                sender: b.head.sender.to_string(),
                from_self: None,
                text,
                media,
            }
        })
        .collect();
    Transcript {
        format: Format::QqTxt.as_str(),
        title,
        messages,
        warnings: warn.finish(),
        dates: None,
    }
}

/// The first 消息对象 is the title. A whole-account export holds several conversations one
/// after another; the transcript keeps them all and says where each begins.
fn conversations(text: &str, warn: &mut Warnings) -> Option<String> {
    let mut title: Option<String> = None;
    for (n, line) in common::lines(text) {
        let Some(rest) = common::strip_marks(line).trim().strip_prefix("消息对象") else {
            continue;
        };
        let name = rest.trim_start_matches([':', '：']).trim().to_string();
        match &title {
            None => title = Some(name),
            Some(first) if *first != name => {
                warn.line(
                    n,
                    ParseWarning::new(
                        format!("another conversation begins here (消息对象:{name})"),
                        format!("从这里开始是另一段对话（消息对象:{name}）"),
                    ),
                );
            }
            Some(_) => {}
        }
    }
    title.filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    const FRAME: &str = "消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n\
        ================================================================\r\n\
        消息分组:我的好友\r\n\
        ================================================================\r\n\
        消息对象:会员客服\r\n\
        ================================================================\r\n\r\n";

    #[test]
    fn twelve_hour_clock_and_ids() {
        let txt = format!(
            "{FRAME}2026-11-03 12:05:00 AM 会员客服(800012345)\r\n无法退款\r\n\r\n\
             2026-11-03 12:05:00 PM 小明<xiaoming@example.com>\r\n[图片]订单截图\r\n第二行\r\n\r\n\
             2026-11-03 下午 1:05:09 小明<xiaoming@example.com>\r\n[表情]\r\n\r\n"
        );
        assert_eq!(sniff(&txt, false), usize::MAX);
        let t = parse(&txt);
        assert_eq!(t.title.as_deref(), Some("会员客服"));
        let got: Vec<_> = t
            .messages
            .iter()
            .map(|m| {
                (
                    m.time.as_deref().unwrap_or("-"),
                    m.sender.as_str(),
                    m.text.as_str(),
                    m.media,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2026-11-03T00:05:00+08:00",
                    "会员客服(800012345)",
                    "无法退款",
                    None
                ),
                (
                    "2026-11-03T12:05:00+08:00",
                    "小明<xiaoming@example.com>",
                    "[图片]订单截图\n第二行",
                    Some(Media::Image)
                ),
                (
                    "2026-11-03T13:05:09+08:00",
                    "小明<xiaoming@example.com>",
                    "[表情]",
                    Some(Media::Sticker)
                ),
            ]
        );
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    #[test]
    fn without_banner_only_qq_shapes_count() {
        assert_eq!(sniff("2026-11-03 10:00:00 客服\n你好\n", false), 0);
        assert_eq!(sniff("2026-11-03 10:00:00 客服\n你好\n", true), 1);
        assert_eq!(sniff("2026-11-03 10:00:00 客服：你好\n", true), 0);
        assert_eq!(
            sniff(
                "2026-11-03 9:00:00 客服\n你好\n\n2026-11-03 10:00:00 客服(10001)\n在\n",
                false
            ),
            2
        );
    }

    #[test]
    fn thirteen_pm_is_impossible_and_stray_lines_are_warned() {
        let t = parse("开头的话\n\n2026-11-03 13:00:00 PM 客服(10001)\n你好\n\n");
        assert_eq!(t.messages.len(), 1);
        assert_eq!(t.messages[0].time, None);
        assert_eq!(
            english(&t.warnings),
            [
                "line 1: no message header above \"开头的话\"",
                "line 3: impossible date or time in header"
            ]
        );
    }

    #[test]
    fn several_conversations_are_announced() {
        let txt = "消息对象:甲\n\n2026-11-03 10:00:00 甲(10001)\n1\n\n消息对象:乙\n\n2026-11-03 10:00:01 乙(10002)\n2\n";
        let t = parse(txt);
        assert_eq!(t.title.as_deref(), Some("甲"));
        assert_eq!(t.messages.len(), 2);
        assert_eq!(
            english(&t.warnings),
            ["line 6: another conversation begins here (消息对象:乙)"]
        );
    }

    #[test]
    fn system_sender_and_empty_body() {
        let t = parse("2026-11-03 10:00:00 系统消息(10000)\n小明加入本群。\n\n2026-11-03 10:00:01 小明(10001)\n\n\n");
        assert_eq!(t.messages[0].media, Some(Media::System));
        assert_eq!(t.messages[1].text, "");
    }

    #[test]
    fn empty_and_unicode_garbage() {
        for text in [
            "",
            "\u{fffd}\u{fffd}\r\n\r\n",
            "消息记录（此消息记录为文本格式，不支持重新导入）\n",
        ] {
            let t = parse(text);
            assert!(t.messages.is_empty(), "{text:?}");
        }
        assert_eq!(sniff("", false), 0);
    }
}
