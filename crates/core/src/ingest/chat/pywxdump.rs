//! PyWxDump CSV (`id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`):
//! one row per message, the type as a Chinese name, `talker` 我 for the user's own messages.

use super::common::{self, Row, Table, Warnings, CHINA};
use super::{Media, Message, Transcript};
use crate::ingest::format::Format;

const REQUIRED: &[&str] = &["MsgSvrID", "type_name", "is_sender", "CreateTime"];

pub fn parse(text: &str) -> Option<Transcript> {
    let table = Table::find(text, REQUIRED)?;
    // Older releases wrote the message as `content` (a JSON object) instead of `msg`.
    if !table.has("msg") && !table.has("content") {
        return None;
    }
    let mut warn = Warnings::default();
    let mut messages = Vec::new();
    let mut title: Option<String> = None;
    for row in table.rows() {
        match row {
            Ok(row) if row.is_blank() => {}
            Ok(row) => {
                let room = table.get(&row, "room_name").trim();
                if title.is_none() && !room.is_empty() {
                    title = Some(room.to_string());
                }
                messages.push(row_message(&table, &row, &mut warn));
            }
            Err((line, e)) => warn.line(line, e),
        }
    }
    Some(Transcript {
        format: Format::PywxdumpCsv.as_str(),
        title,
        messages,
        warnings: warn.finish(),
        dates: None,
    })
}

fn row_message(t: &Table, row: &Row, warn: &mut Warnings) -> Message {
    let media = media(t.get(row, "type_name").trim());
    let from_self = match t.get(row, "is_sender").trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    let (time, offset_assumed) = row_time(t.get(row, "CreateTime"), row.line, warn);
    let raw = message_text(t, row).trim_end().to_string();
    let text = match media {
        Some(Media::System) => common::strip_markup(&raw),
        Some(_) if common::is_markup(&raw) => String::new(),
        _ => raw,
    };
    // `talker` of a system notice is just the chat partner: nobody sent it.
    if media == Some(Media::System) {
        return Message {
            time,
            offset_assumed,
            sender: String::new(),
            from_self: None,
            text,
            media,
        };
    }
    let mut sender = t.get(row, "talker").trim().to_string();
    if sender.is_empty() && from_self == Some(true) {
        sender = "我".into();
    }
    Message {
        time,
        offset_assumed,
        sender,
        from_self,
        text,
        media,
    }
}

fn message_text(t: &Table, row: &Row) -> String {
    if t.has("msg") {
        return t.get(row, "msg").to_string();
    }
    let content = t.get(row, "content");
    match serde_json::from_str::<serde_json::Value>(content) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v
            .get("msg")
            .and_then(|m| m.as_str())
            .map_or_else(|| content.to_string(), str::to_string),
        Err(_) => content.to_string(),
    }
}

/// `type_name` as PyWxDump spells it (文本, 图片, (分享)卡片式链接, 消息撤回1, ...).
fn media(type_name: &str) -> Option<Media> {
    let m = match type_name {
        "文本" | "引用回复" | "粘贴的文本" | "" => return None,
        "图片" => Media::Image,
        "语音" => Media::Voice,
        "视频" => Media::Video,
        "动画表情" | "用户上传的GIF表情" => Media::Sticker,
        "语音通话" => Media::Call,
        "文件" | "文件(猜)" => Media::File,
        "系统通知" | "拍一拍" | "邀请加群" | "添加好友" => Media::System,
        n if n.starts_with("消息撤回") => Media::System,
        n if n.starts_with("(分享)") => Media::Link,
        _ => Media::Other,
    };
    Some(m)
}

/// `2026-11-03 10:00:00` (wall clock, China assumed) or Unix seconds/milliseconds (exact).
fn row_time(cell: &str, line: usize, warn: &mut Warnings) -> (Option<String>, bool) {
    if let Some(secs) = common::unix_digits(cell) {
        return (common::unix(secs, CHINA), false);
    }
    match common::parse_wall(cell) {
        Some(w) => (common::at_offset(w, CHINA), true),
        None => {
            warn.line(line, common::no_usable_time(cell));
            (None, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    const HEAD: &str = "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\r\n";

    #[test]
    fn both_time_forms() {
        let csv = format!(
            "{HEAD}1,111,文本,0,wxid_kf,wxid_kf,无法退款,,2026-11-03 10:00:00\r\n\
             2,112,文本,1,我,wxid_kf,为什么,,1793671260\r\n\
             3,113,文本,1,我,wxid_kf,再问,,1793671320000\r\n\
             4,114,文本,1,我,wxid_kf,坏,,昨天\r\n"
        );
        let t = parse(&csv).unwrap();
        let times: Vec<_> = t
            .messages
            .iter()
            .map(|m| (m.time.as_deref(), m.offset_assumed))
            .collect();
        assert_eq!(
            times,
            [
                (Some("2026-11-03T10:00:00+08:00"), true),
                (Some("2026-11-03T10:01:00+08:00"), false),
                (Some("2026-11-03T10:02:00+08:00"), false),
                (None, false),
            ]
        );
        assert_eq!(english(&t.warnings), ["line 5: no usable time (\"昨天\")"]);
        assert_eq!(t.title.as_deref(), Some("wxid_kf"));
        assert_eq!(t.messages[1].from_self, Some(true));
    }

    #[test]
    fn type_names_map_to_media() {
        use Media::*;
        let cases = [
            ("文本", None),
            ("图片", Some(Image)),
            ("语音", Some(Voice)),
            ("视频", Some(Video)),
            ("动画表情", Some(Sticker)),
            ("系统通知", Some(System)),
            ("消息撤回1", Some(System)),
            ("(分享)卡片式链接", Some(Link)),
            ("文件", Some(File)),
            ("语音通话", Some(Call)),
            ("转账", Some(Other)),
            ("未知", Some(Other)),
        ];
        for (name, want) in cases {
            assert_eq!(media(name), want, "{name}");
        }
    }

    #[test]
    fn old_content_column_is_json() {
        let csv = "id,MsgSvrID,type_name,is_sender,talker,room_name,content,CreateTime\r\n\
                   1,1,文本,0,wxid_kf,wxid_kf,\"{\"\"src\"\": \"\"\"\", \"\"msg\"\": \"\"无法退款\"\"}\",2026-11-03 10:00:00\r\n";
        let t = parse(csv).unwrap();
        assert_eq!(t.messages[0].text, "无法退款");
    }

    #[test]
    fn other_csvs_are_not_pywxdump() {
        assert!(parse("").is_none());
        assert!(parse("id,MsgSvrID,type_name,is_sender,CreateTime\r\n").is_none());
        assert!(parse("交易时间,交易类型\r\n").is_none());
    }
}
