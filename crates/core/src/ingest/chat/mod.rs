//! Chat logs: one parser per real export format, all producing a [`Transcript`]. The original
//! bytes stay the evidence; a transcript is a derived view of it.
//!
//! Formats are recognised by content (CSV header rows, JSON shape, banners, line shapes); the file
//! name only breaks ties. Message text is what the export shows a person, placeholders such as
//! `[图片]` or `<Media omitted>` included; machine XML is dropped and `media` says what was there.

mod common;
pub mod dates;
mod plain;
mod pywxdump;
mod qq;
mod sides;
mod telegram;
mod wechatmsg;
mod whatsapp;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// What a message carried besides text, when the export only says "there was a picture".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Media {
    Image,
    Voice,
    Video,
    Sticker,
    File,
    Link,
    Call,
    System,
    Other,
}

impl Media {
    pub const ALL: [Media; 9] = [
        Media::Image,
        Media::Voice,
        Media::Video,
        Media::Sticker,
        Media::File,
        Media::Link,
        Media::Call,
        Media::System,
        Media::Other,
    ];

    pub fn as_str(self) -> String {
        crate::error::wire_name(&self)
    }

    /// What a reader sees in place of the content the export left out.
    pub fn label(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            Media::Image => Text::new("Picture", "图片"),
            Media::Voice => Text::new("Voice message", "语音"),
            Media::Video => Text::new("Video", "视频"),
            Media::Sticker => Text::new("Sticker", "表情"),
            Media::File => Text::new("File", "文件"),
            Media::Link => Text::new("Link", "链接"),
            Media::Call => Text::new("Call", "通话"),
            Media::System => Text::new("System message", "系统消息"),
            Media::Other => Text::new("Other content", "其他内容"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Message {
    /// RFC 3339 with the offset the source implies, e.g. `2026-11-03T10:00:00+08:00`.
    /// None when the line had no usable time.
    pub time: Option<String>,
    /// True when the offset was assumed (+08:00) because the export records local time only.
    pub offset_assumed: bool,
    pub sender: String,
    /// True for the exporting user's own messages, false for the other side, None if unknown.
    pub from_self: Option<bool>,
    /// Message text; multi-line messages keep their newlines.
    pub text: String,
    pub media: Option<Media>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Transcript {
    /// Stable: wechatmsg_csv, wechatmsg_txt, pywxdump_csv, qq_txt, telegram_json, whatsapp_txt, plain.
    pub format: String,
    /// Chat partner or group, when the export names it.
    pub title: Option<String>,
    pub messages: Vec<Message>,
    /// Lines that could not be read, e.g. "line 12: no time found"; never fatal.
    pub warnings: Vec<crate::ingest::warning::ParseWarning>,
    /// How all-numeric dates were read when the file allows either day/month order.
    #[serde(default)]
    pub dates: Option<dates::DateReading>,
}

/// Parses a decoded chat export; None when the text is not a chat log at all.
/// `name` is the file name, used only to break ties between line layouts. Never panics.
pub fn parse(name: &str, text: &str) -> Option<Transcript> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return None;
    }
    let mut t = telegram::parse(text)
        .or_else(|| wechatmsg::parse_csv(text))
        .or_else(|| pywxdump::parse(text))
        .or_else(|| parse_lines(name, text))?;
    if t.title.is_none() {
        t.title = title_from_file_name(name);
    }
    sides::infer(&mut t);
    (!t.messages.is_empty()).then_some(t)
}

/// WhatsApp names its export after the chat partner: `WhatsApp Chat with 星河客服.txt` (Android),
/// `WhatsApp Chat - 星河客服.txt` (iOS, from the zip's name).
fn title_from_file_name(name: &str) -> Option<String> {
    let stem = name.rsplit(['/', '\\']).next()?.strip_suffix(".txt")?;
    let partner = stem
        .strip_prefix("WhatsApp Chat with ")
        .or_else(|| stem.strip_prefix("WhatsApp Chat - "))?
        .trim();
    (!partner.is_empty()).then(|| partner.to_string())
}

/// The line-based layouts, in the order that wins a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Qq,
    WhatsApp,
    WechatTxt,
    Plain,
}

/// Fewest message lines that make free text a chat: one time stamp may just be a date in prose.
const MIN_LINES: usize = 2;

/// Each layout counts the lines that start a message its way; the highest count wins, the file
/// name breaks ties and lowers the bar to one line.
fn parse_lines(name: &str, text: &str) -> Option<Transcript> {
    if looks_like_bill(text) {
        return None;
    }
    let hint = hint(name);
    let scores = [
        (Layout::Qq, qq::sniff(text, hint == Some(Layout::Qq))),
        (Layout::WhatsApp, whatsapp::sniff(text)),
        (Layout::WechatTxt, wechatmsg::sniff_txt(text)),
        (Layout::Plain, plain::sniff(text)),
    ];
    let (layout, _) = scores
        .iter()
        .filter(|(l, n)| *n >= MIN_LINES || (*n >= 1 && hint == Some(*l)))
        .rev() // max_by_key keeps the last maximum: reversed, the earliest layout wins a tie
        .max_by_key(|(l, n)| (*n, hint == Some(*l)))?;
    Some(match layout {
        Layout::Qq => qq::parse(text),
        Layout::WhatsApp => whatsapp::parse(text),
        Layout::WechatTxt => wechatmsg::parse_txt(text),
        Layout::Plain => plain::parse(text),
    })
}

/// Export names that say where a text file came from ("WhatsApp Chat with 客服.txt").
fn hint(name: &str) -> Option<Layout> {
    let lower = name.to_lowercase();
    if lower.contains("whatsapp") {
        Some(Layout::WhatsApp)
    } else if lower.contains("qq") {
        Some(Layout::Qq)
    } else {
        None
    }
}

/// WeChat Pay and Alipay bills start rows with a time too; their header row gives them away.
fn looks_like_bill(text: &str) -> bool {
    common::lines(text).take(60).any(|(_, l)| {
        (l.contains("交易时间") || l.contains("交易创建时间")) && l.matches(',').count() >= 3
    })
}
