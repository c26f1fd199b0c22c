//! WeChatMsg (留痕) exports of Windows WeChat: the CSV (utf-8-sig, one row per database message
//! with its `Type` code) and the TXT (`YYYY-MM-DD HH:MM:SS name`, the message, a blank line).

use crate::ingest::format::Format;
use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use super::common::{self, Row, Table, Warnings, CHINA};
use super::{Media, Message, Transcript};
use crate::ingest::warning::ParseWarning;

/// Columns that only this export has together; the rest are read when present.
const REQUIRED: &[&str] = &["localId", "Type", "IsSender", "StrContent", "StrTime"];

/// WeChat message types (MSG.Type) that the export writes.
const SYSTEM: i64 = 10000;
const APP: i64 = 49;
/// MSG.SubType of an app message that is a file rather than a link card.
const APP_FILE: i64 = 6;
/// The "re-edit" button WeChat appends to "you recalled a message"; the TXT export drops it too.
const REVOKE_EDIT: &str = r#"<a href="weixin://revoke_edit_click">重新编辑</a>"#;

pub fn parse_csv(text: &str) -> Option<Transcript> {
    let table = Table::find(text, REQUIRED)?;
    let mut warn = Warnings::default();
    let mut messages = Vec::new();
    let mut others: Vec<(String, String)> = Vec::new();
    for row in table.rows() {
        match row {
            Ok(row) if row.is_blank() => {}
            Ok(row) => {
                let m = row_message(&table, &row, &mut warn);
                if m.from_self == Some(false) && m.media != Some(Media::System) {
                    let id = table.get(&row, "Sender").to_string();
                    others.push((id, m.sender.clone()));
                }
                messages.push(m);
            }
            Err((line, e)) => warn.line(line, e),
        }
    }
    Some(Transcript {
        format: Format::WechatmsgCsv.as_str(),
        title: partner(&others),
        messages,
        warnings: warn.finish(),
        dates: None,
    })
}

/// The other side's name in a one-to-one chat: every received row has the same sender id.
/// A group has many senders and no group name in the rows, so it gets no title.
fn partner(others: &[(String, String)]) -> Option<String> {
    let (first_id, name) = others.first()?;
    let one = others.iter().all(|(id, _)| id == first_id);
    (one && !name.is_empty()).then(|| name.clone())
}

fn row_message(t: &Table, row: &Row, warn: &mut Warnings) -> Message {
    let kind = t.get(row, "Type").trim().parse::<i64>().unwrap_or(-1);
    let sub = t.get(row, "SubType").trim().parse::<i64>().unwrap_or(0);
    let media = media(kind, sub);
    let system = media == Some(Media::System);
    let (time, offset_assumed) = row_time(t, row, warn);
    let content = t.get(row, "StrContent").trim_end();
    let text = match media {
        None => content.to_string(),
        Some(Media::System) => common::strip_markup(&content.replace(REVOKE_EDIT, "")),
        Some(_) if common::is_markup(content) => String::new(),
        Some(_) => content.to_string(),
    };
    let from_self = match t.get(row, "IsSender").trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    // The export fills Remark/NickName from the contact even for system notices, which nobody
    // sent: those get no sender.
    let sender = if system {
        String::new()
    } else {
        ["Remark", "NickName", "Sender"]
            .iter()
            .map(|c| t.get(row, c).trim())
            .find(|v| !v.is_empty())
            .unwrap_or("")
            .to_string()
    };
    Message {
        time,
        offset_assumed,
        sender,
        from_self: if system { None } else { from_self },
        text,
        media,
    }
}

fn media(kind: i64, sub: i64) -> Option<Media> {
    match kind {
        1 => None,
        3 => Some(Media::Image),
        34 => Some(Media::Voice),
        43 => Some(Media::Video),
        47 => Some(Media::Sticker),
        50 => Some(Media::Call),
        SYSTEM | 37 => Some(Media::System),
        APP if sub == APP_FILE => Some(Media::File),
        APP => Some(Media::Link),
        _ => Some(Media::Other),
    }
}

/// StrTime is the wall clock the reader saw; CreateTime is the exact instant. When both agree
/// on a real offset, the time keeps StrTime's wall clock at that offset, no longer assumed.
fn row_time(t: &Table, row: &Row, warn: &mut Warnings) -> (Option<String>, bool) {
    let str_time = t.get(row, "StrTime");
    let wall = common::parse_wall(str_time);
    let instant = common::unix_digits(t.get(row, "CreateTime"));
    match (wall, instant) {
        (Some(w), Some(secs)) => match common::offset_between(w, secs) {
            Some(off) => (common::at_offset(w, off), false),
            None => {
                warn.line(
                    row.line,
                    ParseWarning::new(
                        format!("StrTime {str_time} and CreateTime {secs} disagree; StrTime kept"),
                        format!("StrTime {str_time} 与 CreateTime {secs} 不一致，采用 StrTime"),
                    ),
                );
                (common::at_offset(w, CHINA), true)
            }
        },
        (Some(w), None) => (common::at_offset(w, CHINA), true),
        (None, Some(secs)) => (common::unix(secs, CHINA), false),
        (None, None) => {
            warn.line(row.line, common::no_usable_time(str_time));
            (None, false)
        }
    }
}

/// `2024-01-01 12:00:00 张三`: the header of a TXT message.
static HEADER: LazyLock<Regex> =
    LazyLock::new(|| common::re(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (\S.*)$"));
/// Text after a time that reads as `name: message` belongs to a pasted plain log instead.
static INLINE: LazyLock<Regex> = LazyLock::new(|| common::re(r"[:：]\s*\S"));
/// A QQ header (`name(12345)`, `name<a@b.c>`) looks the same; QQ claims those.
static QQ_ID: LazyLock<Regex> =
    LazyLock::new(|| common::re(r"(?:\(\d{4,}\)|<[^<>\s]+@[^<>\s]+>)$"));

struct Head<'a> {
    time: Option<NaiveDateTime>,
    rest: &'a str,
}

fn header(line: &str) -> Option<Head<'_>> {
    let c = HEADER.captures(line)?;
    let n = |i| common::num(&c, i);
    let time = (|| {
        common::wall(
            i32::try_from(n(1)?).ok()?,
            n(2)?,
            n(3)?,
            n(4)?,
            n(5)?,
            n(6)?,
        )
    })();
    Some(Head {
        time,
        rest: common::cap(&c, 7).trim(),
    })
}

/// How many headers are followed by a message line, in the first lines of the file.
pub fn sniff_txt(text: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<&str> = None; // a header line waiting for its message line
    let mut boundary = true;
    for (_, line) in common::lines(text).take(common::SNIFF_LINES) {
        let line = common::strip_marks(line);
        if line.trim().is_empty() {
            prev = None;
            boundary = true;
            continue;
        }
        if prev.take().is_some() && !HEADER.is_match(line) {
            count += 1;
        }
        if boundary {
            if let Some(h) = header(line) {
                if !INLINE.is_match(h.rest) && !QQ_ID.is_match(h.rest) {
                    prev = Some(line);
                }
            }
        }
        boundary = false;
    }
    count
}

pub fn parse_txt(text: &str) -> Transcript {
    let mut warn = Warnings::default();
    let (blocks, stray) = common::blocks(text, header, |_| false);
    warn.stray_lines(stray);
    let messages = blocks
        .into_iter()
        .map(|b| {
            let time = warn.china_time(b.head.time, b.line);
            let body = common::join_body(&b.body);
            // System notices are written on the header line itself, with no message line.
            let (sender, text, media) = if body.is_empty() {
                (String::new(), b.head.rest.to_string(), Some(Media::System))
            } else {
                let media = common::bracket_media(&body);
                (b.head.rest.to_string(), body, media)
            };
            Message {
                offset_assumed: time.is_some(),
                time,
                sender,
                from_self: None,
                text,
                media,
            }
        })
        .collect();
    Transcript {
        format: Format::WechatmsgTxt.as_str(),
        title: None,
        messages,
        warnings: warn.finish(),
        dates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    const HEAD: &str = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n";

    #[test]
    fn create_time_that_agrees_confirms_the_offset() {
        // 2026-11-03 10:00:00 +08:00 is 1793671200.
        let csv = format!(
            "{HEAD}1,2,1,0,0,1793671200,2,无法退款,2026-11-03 10:00:00,客服,客服,wxid_k\r\n"
        );
        let t = parse_csv(&csv).unwrap();
        let m = &t.messages[0];
        assert_eq!(m.time.as_deref(), Some("2026-11-03T10:00:00+08:00"));
        assert!(!m.offset_assumed);
        assert_eq!(m.from_self, Some(false));
        assert_eq!(t.title.as_deref(), Some("客服"));
    }

    #[test]
    fn create_time_from_another_zone_gives_that_offset_and_nonsense_is_flagged() {
        // Exported on a machine at +09:00: StrTime 11:00 for the same instant.
        let csv = format!(
            "{HEAD}1,2,1,0,1,1793671200,2,好的,2026-11-03 11:00:00,,我,wxid_me\r\n\
             2,2,1,0,1,12345,2,好的,2026-11-03 11:00:00,,我,wxid_me\r\n\
             3,2,1,0,1,0,2,好的,,,我,wxid_me\r\n"
        );
        let t = parse_csv(&csv).unwrap();
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-03T11:00:00+09:00")
        );
        assert_eq!(
            t.messages[1].time.as_deref(),
            Some("2026-11-03T11:00:00+08:00")
        );
        assert!(t.messages[1].offset_assumed);
        assert_eq!(t.messages[2].time, None);
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        assert!(
            t.warnings[0].message.starts_with("line 3: "),
            "{:?}",
            t.warnings
        );
        assert!(
            t.warnings[1].message.starts_with("line 4: "),
            "{:?}",
            t.warnings
        );
        assert_eq!(t.title, None, "only own messages: no partner");
    }

    #[test]
    fn types_map_to_media_and_xml_is_not_text() {
        let csv = format!(
            "{HEAD}1,2,3,0,0,,2,,2026-11-03 10:00:00,客服,客服,wxid_k\r\n\
             2,2,47,0,0,,2,\"<msg><emoji fromusername=\"\"wxid_k\"\" /></msg>\",2026-11-03 10:00:01,客服,客服,wxid_k\r\n\
             3,2,10000,0,0,,2,\"<![CDATA[你撤回了一条消息 <a href=\"\"weixin://revoke_edit_click\"\">重新编辑</a>]]>\",2026-11-03 10:00:02,客服,客服,wxid_k\r\n\
             4,2,49,6,1,,2,,2026-11-03 10:00:03,,我,wxid_me\r\n\
             5,2,49,5,1,,2,,2026-11-03 10:00:04,,我,wxid_me\r\n"
        );
        let t = parse_csv(&csv).unwrap();
        let media: Vec<_> = t.messages.iter().map(|m| m.media).collect();
        use Media::*;
        assert_eq!(
            media,
            [
                Some(Image),
                Some(Sticker),
                Some(System),
                Some(File),
                Some(Link)
            ]
        );
        assert_eq!(t.messages[1].text, "");
        assert_eq!(t.messages[2].text, "你撤回了一条消息");
        assert_eq!(
            (t.messages[2].sender.as_str(), t.messages[2].from_self),
            ("", None)
        );
        assert_eq!(t.messages[3].sender, "我");
    }

    #[test]
    fn not_this_csv() {
        assert!(parse_csv("").is_none());
        assert!(parse_csv("交易时间,交易类型,交易对方\r\n2026-11-03 10:00:00,a,b\r\n").is_none());
        let only_header = parse_csv(HEAD).unwrap();
        assert!(only_header.messages.is_empty());
    }

    #[test]
    fn short_rows_do_not_panic() {
        let csv = format!("{HEAD}1,2\r\n\u{fffd}\u{fffd},,\r\n");
        let t = parse_csv(&csv).unwrap();
        assert_eq!(t.messages.len(), 2);
        assert!(t.messages.iter().all(|m| m.time.is_none()));
    }

    #[test]
    fn txt_system_lines_multiline_and_blank_lines_inside() {
        let txt = "2026-11-03 10:00:00 客服\n无法退款\n\n2026-11-03 10:01:00 你撤回了一条消息\n\n\
                   2026-11-03 10:02:00 我\n第一段\n\n第二段 2026-11-03 10:00:00 客服\n\n";
        assert_eq!(sniff_txt(txt), 2);
        let t = parse_txt(txt);
        assert_eq!(t.messages.len(), 3);
        assert_eq!(t.messages[1].media, Some(Media::System));
        assert_eq!(t.messages[1].text, "你撤回了一条消息");
        assert_eq!(
            t.messages[2].text,
            "第一段\n\n第二段 2026-11-03 10:00:00 客服"
        );
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn txt_sniff_leaves_plain_and_qq_lines_alone() {
        assert_eq!(
            sniff_txt("2026-11-03 10:00:05 客服：您好\n继续\n\n2026-11-03 10:00:06 我: 好\n再说\n"),
            0
        );
        assert_eq!(sniff_txt("2019-07-16 18:15:05 小美(12345678)\n你好\n"), 0);
        assert_eq!(sniff_txt(""), 0);
    }

    #[test]
    fn txt_impossible_dates_are_warned() {
        let t = parse_txt("2026-02-30 10:00:00 客服\n无法退款\n\n");
        assert_eq!(t.messages[0].time, None);
        assert!(!t.messages[0].offset_assumed);
        assert_eq!(
            english(&t.warnings),
            ["line 1: impossible date or time in header"]
        );
    }

    #[test]
    fn txt_empty_and_unicode_garbage() {
        let t = parse_txt("");
        assert!(t.messages.is_empty() && t.warnings.is_empty());
        let t = parse_txt("\u{fffd}\n\n");
        assert!(t.messages.is_empty());
        assert_eq!(t.warnings.len(), 1);
    }
}
