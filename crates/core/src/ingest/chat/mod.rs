//! Chat logs: one parser per real export format, all producing a [`Transcript`]. The original
//! bytes stay the evidence; a transcript is a derived view of it.

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
    pub warnings: Vec<String>,
}

/// Parses a decoded chat export; None when the text is not a chat log.
/// (Entry point; the per-format parsers are being added.)
pub fn parse(_name: &str, _text: &str) -> Option<Transcript> {
    None
}
