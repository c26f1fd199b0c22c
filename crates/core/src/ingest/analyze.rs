//! Reads a stored original and derives what it says: a chat transcript, bill rows, or plain text.
//! The result is derived data, linked to the original's hash and rebuildable at any time.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::bill::{self, Bill};
use super::chat::{self, Transcript};
use super::picture::{self, Picture};
use super::text;
use crate::store::ObjectStore;

/// Bumped whenever a parser changes what it derives: a chat, bill or text read by an older
/// version is read again from its original the next time its case is read (`derived::refresh`).
/// 3: WhatsApp dates that read either way are marked (`Transcript.dates`).
pub const PARSER_VERSION: i64 = 3;
/// Larger text files are stored as evidence but not parsed (a chat export is far smaller).
pub const MAX_PARSE_BYTES: u64 = 64 << 20;

/// What was derived from one original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Derived {
    pub sha256: String,
    /// What the parsers made of it, as `kind` (image | transcript | bill | text | none) and
    /// `body` in JSON. Typed, so a large transcript is held once, not again as a JSON tree.
    #[serde(flatten)]
    pub body: Body,
    /// Parser format id (e.g. wechatmsg_csv, alipay_csv), when one recognised it.
    pub format: Option<String>,
    pub encoding: Option<String>,
    /// Some bytes could not be decoded and show as U+FFFD.
    pub had_errors: bool,
    /// Why nothing structured was derived, in English and Chinese.
    pub reason: Option<String>,
    pub reason_zh: Option<String>,
}

/// The structured result of an analysis; its serde tag is the `kind` stored beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Body {
    #[serde(rename = "image")]
    Picture(Picture),
    Transcript(Transcript),
    Bill(Bill),
    /// Decoded text no parser recognised.
    Text(String),
    #[serde(rename = "none")]
    Nothing,
}

impl Body {
    /// The `kind` column: the serde tag, written once here.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Picture(_) => "image",
            Body::Transcript(_) => "transcript",
            Body::Bill(_) => "bill",
            Body::Text(_) => "text",
            Body::Nothing => "none",
        }
    }

    /// What a person calls this kind of reading.
    pub fn label(&self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            Body::Picture(_) => Text::new("picture", "图片"),
            Body::Transcript(_) => Text::new("chat", "聊天记录"),
            Body::Bill(_) => Text::new("bill", "账单"),
            Body::Text(_) => Text::new("text", "文本"),
            Body::Nothing => Text::new("nothing read", "未读取内容"),
        }
    }

    /// The `body` column as JSON, or None for nothing.
    pub fn to_json(&self) -> Option<String> {
        match self {
            Body::Picture(p) => serde_json::to_string(p).ok(),
            Body::Transcript(t) => serde_json::to_string(t).ok(),
            Body::Bill(b) => serde_json::to_string(b).ok(),
            Body::Text(t) => serde_json::to_string(t).ok(),
            Body::Nothing => None,
        }
    }

    /// Reads the two columns back. A body this version cannot read (written by another
    /// parser version) is nothing: `derive` rebuilds it from the original.
    pub fn from_json(kind: &str, json: Option<&str>) -> Body {
        let Some(json) = json else {
            return Body::Nothing;
        };
        let read = match kind {
            "image" => serde_json::from_str(json).map(Body::Picture),
            "transcript" => serde_json::from_str(json).map(Body::Transcript),
            "bill" => serde_json::from_str(json).map(Body::Bill),
            "text" => serde_json::from_str(json).map(Body::Text),
            _ => return Body::Nothing,
        };
        read.unwrap_or(Body::Nothing)
    }
}

impl Derived {
    /// Nothing derived (yet): the starting point, and the result for opaque files.
    pub fn nothing(sha256: &str) -> Derived {
        Derived {
            sha256: sha256.to_string(),
            body: Body::Nothing,
            format: None,
            encoding: None,
            had_errors: false,
            reason: None,
            reason_zh: None,
        }
    }
}

fn is_text(media_type: &str) -> bool {
    media_type.starts_with("text/") || media_type == "application/json"
}

fn is_xlsx(media_type: &str, name: &str) -> bool {
    media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        || (media_type == "application/zip" && name.to_ascii_lowercase().ends_with(".xlsx"))
}

/// Derives what it can from a stored object. Never fails: problems become the `reason`.
pub fn analyze(
    objects: &ObjectStore,
    thumbs: &Path,
    sha256: &str,
    size: u64,
    media_type: &str,
    name: &str,
) -> Derived {
    let mut d = Derived::nothing(sha256);
    if picture::is_picture(media_type) {
        let p = picture::analyze(objects, thumbs, sha256, media_type);
        d.reason.clone_from(&p.preview_error);
        d.reason_zh.clone_from(&p.preview_error_zh);
        d.body = Body::Picture(p);
        return d;
    }
    let text_like = is_text(media_type);
    if !text_like && !is_xlsx(media_type, name) {
        return d;
    }
    if size > MAX_PARSE_BYTES {
        d.reason = Some(format!(
            "larger than {} MiB: stored, not parsed",
            MAX_PARSE_BYTES >> 20
        ));
        d.reason_zh = Some(format!(
            "超过 {} MiB：已保存，未解析",
            MAX_PARSE_BYTES >> 20
        ));
        return d;
    }
    let bytes = match read_all(objects, sha256) {
        Ok(b) => b,
        Err(e) => {
            d.reason = Some(format!("could not be read back: {e}"));
            d.reason_zh = Some(format!("无法读取：{}", e.message_zh()));
            return d;
        }
    };
    if !text_like {
        return with_bill(
            d,
            bill::parse_xlsx(&bytes),
            "spreadsheet is not a WeChat Pay bill",
            "表格不是微信支付账单",
        );
    }
    let decoded = text::decode_owned(bytes);
    d.encoding = Some(decoded.encoding.clone());
    d.had_errors = decoded.had_errors;
    if let Some(b) = bill::parse_text(name, &decoded.text) {
        return with_bill(d, Some(b), "", "");
    }
    if let Some(t) = chat::parse(name, &decoded.text) {
        d.format = Some(t.format.clone());
        d.body = Body::Transcript(t);
        return d;
    }
    d.body = Body::Text(decoded.text);
    d.reason = Some("not a recognised chat or bill layout: kept as plain text".into());
    d.reason_zh = Some("不是可识别的聊天记录或账单格式：按纯文本保存".into());
    d
}

fn with_bill(mut d: Derived, bill: Option<Bill>, why: &str, why_zh: &str) -> Derived {
    match bill {
        Some(b) => {
            d.format = Some(b.format.clone());
            d.body = Body::Bill(b);
        }
        None => {
            d.reason = Some(why.into());
            d.reason_zh = Some(why_zh.into());
        }
    }
    d
}

fn read_all(objects: &ObjectStore, sha256: &str) -> crate::Result<Vec<u8>> {
    let mut f = objects.open(sha256)?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| crate::Error::io(&objects.path_of(sha256), e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_through_their_columns_and_unreadable_ones_are_nothing() {
        let bodies = [
            Body::Text("您好 🙂".into()),
            Body::Bill(Bill {
                format: "alipay_csv".into(),
                ..Default::default()
            }),
            Body::Picture(Picture {
                width: Some(3),
                ..Default::default()
            }),
            Body::Nothing,
        ];
        for b in bodies {
            let json = b.to_json();
            assert_eq!(Body::from_json(b.kind(), json.as_deref()), b);
        }
        // Another parser version's shape, or a kind this version does not know.
        assert_eq!(
            Body::from_json("transcript", Some(r#"{"rows":[]}"#)),
            Body::Nothing
        );
        assert_eq!(Body::from_json("ocr", Some("\"x\"")), Body::Nothing);
        // The app sees the kind beside the body, as the columns store them.
        let mut d = Derived::nothing("ab");
        d.body = Body::Text("hi".into());
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            (v["kind"].as_str(), v["body"].as_str()),
            (Some("text"), Some("hi"))
        );
    }
}
