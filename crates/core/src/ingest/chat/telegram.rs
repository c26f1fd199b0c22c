//! Telegram Desktop JSON export (`result.json`): one chat `{"name","type","id","messages"}`, or a
//! whole-account export whose `chats.list` holds them. Times come from `date_unixtime` (exact;
//! `date` is the exporting machine's wall clock without an offset).

use crate::ingest::format::Format;
use serde_json::{Map, Value};

use super::common::{self, Warnings, CHINA};
use super::{Media, Message, Transcript};
use crate::ingest::warning::ParseWarning;

pub fn parse(text: &str) -> Option<Transcript> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let root: Value = serde_json::from_str(text).ok()?;
    let mut warn = Warnings::default();
    let (chat, own) = pick_chat(&root, &mut warn)?;
    let list = chat.get("messages")?.as_array()?;
    let me = Me::of(chat, own);
    let messages = list
        .iter()
        .filter_map(|m| message(m, &me, &mut warn))
        .collect();
    Some(Transcript {
        format: Format::TelegramJson.as_str(),
        title: chat.get("name").and_then(Value::as_str).map(str::to_string),
        messages,
        warnings: warn.finish(),
        dates: None,
    })
}

/// The chat to read and, from a whole-account export, the user's own id.
fn pick_chat<'a>(
    root: &'a Value,
    warn: &mut Warnings,
) -> Option<(&'a Map<String, Value>, Option<String>)> {
    let obj = root.as_object()?;
    if obj.get("messages").is_some_and(Value::is_array) {
        return Some((obj, None));
    }
    let own = obj
        .get("personal_information")
        .and_then(|p| p.get("user_id"))
        .and_then(id_string)
        .map(|id| format!("user{id}"));
    let chats: Vec<&Map<String, Value>> = obj
        .get("chats")?
        .get("list")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .filter(|c| c.get("messages").is_some_and(Value::is_array))
        .collect();
    let first = *chats.first()?;
    if chats.len() > 1 {
        let name = first.get("name").and_then(Value::as_str).unwrap_or("");
        let n = chats.len();
        warn.push(ParseWarning::new(
            format!("the export holds {n} chats; only the first ({name}) is shown: export that chat alone for the others"),
            format!("导出文件包含 {n} 个对话，只显示第一个（{name}）：其他对话请单独导出"),
        ));
    }
    Some((first, own))
}

/// Who "I" am, where the export tells: the account's own id, or the peer of a one-to-one chat
/// (whose `id` is the other person's user id), or Saved Messages (all mine).
enum Me {
    Own(String),
    Peer(String),
    All,
    Unknown,
}

impl Me {
    fn of(chat: &Map<String, Value>, own: Option<String>) -> Me {
        if let Some(own) = own {
            return Me::Own(own);
        }
        let peer = chat
            .get("id")
            .and_then(id_string)
            .map(|id| format!("user{id}"));
        match (chat.get("type").and_then(Value::as_str), peer) {
            (Some("saved_messages"), _) => Me::All,
            (Some("personal_chat" | "bot_chat"), Some(peer)) => Me::Peer(peer),
            _ => Me::Unknown,
        }
    }

    fn is_me(&self, from_id: Option<&str>) -> Option<bool> {
        match (self, from_id) {
            (Me::All, _) => Some(true),
            (Me::Own(own), Some(id)) => Some(own == id),
            (Me::Peer(peer), Some(id)) => Some(peer != id),
            _ => None,
        }
    }
}

/// Ids are numbers in some places and strings in others ("user123", 123).
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn message(m: &Value, me: &Me, warn: &mut Warnings) -> Option<Message> {
    let id = m
        .get("id")
        .map_or_else(|| "?".to_string(), |v| v.to_string());
    let kind = m.get("type").and_then(Value::as_str).unwrap_or("message");
    if kind != "message" && kind != "service" {
        warn.push(
            ParseWarning::new(
                format!("{kind} message skipped"),
                format!("已跳过 {kind} 类型的消息"),
            )
            .at_message(&id),
        );
        return None;
    }
    let service = kind == "service";
    let (from, from_id) = if service {
        ("actor", "actor_id")
    } else {
        ("from", "from_id")
    };
    let from_id = m.get(from_id).and_then(id_string);
    let (time, offset_assumed) = time(m);
    if time.is_none() {
        warn.push(ParseWarning::new("no usable date", "没有可用的日期").at_message(&id));
    }
    let mut text = flatten(m.get("text"));
    if service && text.is_empty() {
        text = service_text(m);
    }
    Some(Message {
        time,
        offset_assumed,
        sender: m
            .get(from)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        from_self: me.is_me(from_id.as_deref()),
        text,
        media: if service {
            Some(service_media(m))
        } else {
            media(m)
        },
    })
}

/// `date_unixtime` is the exact instant; `date` is the exporting computer's wall clock for it.
/// Together they give the user's real offset (e.g. +08:00); alone, the instant is shown in UTC.
/// Without `date_unixtime`, `date` is read as China time and says the offset was assumed.
fn time(m: &Value) -> (Option<String>, bool) {
    let unix = m.get("date_unixtime").and_then(|v| match v {
        Value::String(s) => common::unix_digits(s),
        Value::Number(n) => n.as_i64(),
        _ => None,
    });
    let wall = m
        .get("date")
        .and_then(Value::as_str)
        .and_then(|d| common::parse_wall(&d.replacen('T', " ", 1)));
    match (unix, wall) {
        (Some(secs), Some(w)) => {
            let off = common::offset_between(w, secs).unwrap_or(0);
            (common::unix(secs, off), false)
        }
        (Some(secs), None) => (common::unix(secs, 0), false),
        (None, Some(w)) => match common::at_offset(w, CHINA) {
            Some(t) => (Some(t), true),
            None => (None, false),
        },
        (None, None) => (None, false),
    }
}

/// `text` is a string, or an array of strings and `{"type", "text"}` parts.
fn flatten(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.as_str()),
                Value::Object(o) => o.get("text").and_then(Value::as_str),
                _ => None,
            })
            .collect(),
        _ => String::new(),
    }
}

fn media(m: &Value) -> Option<Media> {
    if m.get("photo").is_some() {
        return Some(Media::Image);
    }
    let kind = m.get("media_type").and_then(Value::as_str);
    match kind {
        Some("sticker") => Some(Media::Sticker),
        Some("voice_message" | "audio_file") => Some(Media::Voice),
        Some("video_message" | "video_file" | "animation") => Some(Media::Video),
        Some(_) => Some(Media::Other),
        None if m.get("file").is_some() => Some(Media::File),
        None if [
            "contact_information",
            "location_information",
            "poll",
            "place_name",
        ]
        .iter()
        .any(|k| m.get(k).is_some()) =>
        {
            Some(Media::Other)
        }
        None => None,
    }
}

fn service_media(m: &Value) -> Media {
    match m.get("action").and_then(Value::as_str) {
        Some("phone_call" | "group_call") => Media::Call,
        _ => Media::System,
    }
}

/// Service messages have no text: say what happened, e.g. `phone_call (95 s, hangup)`.
fn service_text(m: &Value) -> String {
    let action = m.get("action").and_then(Value::as_str).unwrap_or("service");
    let mut details = Vec::new();
    if let Some(secs) = m.get("duration_seconds").and_then(Value::as_i64) {
        details.push(format!("{secs} s"));
    }
    for key in ["discard_reason", "title"] {
        if let Some(s) = m.get(key).and_then(Value::as_str) {
            details.push(s.to_string());
        }
    }
    if details.is_empty() {
        action.to_string()
    } else {
        format!("{action} ({})", details.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::warning::english;

    #[test]
    fn whole_account_export_knows_who_i_am() {
        let json = r#"{"about":"x","personal_information":{"user_id":42},
            "chats":{"about":"y","list":[
              {"name":"客服","type":"personal_chat","id":7,"messages":[
                {"id":1,"type":"message","date":"2026-11-03T10:00:00","date_unixtime":"1793671200","from":"客服","from_id":"user7","text":"无法退款"},
                {"id":2,"type":"message","date":"2026-11-03T10:01:00","date_unixtime":"1793671260","from":"我","from_id":"user42","text":["看 ",{"type":"bold","text":"工单"}]}]},
              {"name":"别人","type":"personal_chat","id":8,"messages":[]}]}}"#;
        let t = parse(json).unwrap();
        assert_eq!(t.title.as_deref(), Some("客服"));
        assert_eq!(t.messages[0].from_self, Some(false));
        assert_eq!(t.messages[1].from_self, Some(true));
        assert_eq!(t.messages[1].text, "看 工单");
        // `date` is the wall clock at +08:00 for that instant.
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-03T10:00:00+08:00")
        );
        assert_eq!(
            t.messages[1].time.as_deref(),
            Some("2026-11-03T10:01:00+08:00")
        );
        assert_eq!(t.warnings.len(), 1);
    }

    #[test]
    fn group_chats_do_not_know_and_missing_dates_fall_back() {
        let json = r#"{"name":"群","type":"private_group","id":5,"messages":[
            {"id":1,"type":"message","date":"2026-11-03T10:00:00","from":"A","from_id":"user1","text":"hi"},
            {"id":4,"type":"message","date":"2026-11-03T10:00:07","date_unixtime":"1793671200","text":"utc"},
            {"id":2,"type":"unsupported"},
            {"id":3,"type":"message","from":null,"text":{"odd":true}}]}"#;
        let t = parse(json).unwrap();
        assert_eq!(t.messages.len(), 3);
        assert_eq!(t.messages[0].from_self, None);
        // A `date` that is no whole offset away from the instant is ignored: UTC.
        assert_eq!(
            t.messages[1].time.as_deref(),
            Some("2026-11-03T02:00:00+00:00")
        );
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-03T10:00:00+08:00")
        );
        assert!(t.messages[0].offset_assumed);
        assert_eq!(
            (t.messages[2].sender.as_str(), t.messages[2].text.as_str()),
            ("", "")
        );
        assert_eq!(
            english(&t.warnings),
            [
                "message 2: unsupported message skipped",
                "message 3: no usable date"
            ]
        );
    }

    #[test]
    fn not_telegram() {
        assert!(parse("").is_none());
        assert!(parse("{").is_none());
        assert!(parse(r#"{"name":"x"}"#).is_none());
        assert!(parse("[1,2]").is_none());
        assert!(parse(r#"{"messages":{}}"#).is_none());
    }
}
