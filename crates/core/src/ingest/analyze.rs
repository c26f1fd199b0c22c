//! Reads a stored original and derives what it says: a chat transcript, bill rows, or plain text.
//! The result is derived data, linked to the original's hash and rebuildable at any time.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bill::{self, Bill};
use super::chat::{self, Transcript};
use super::picture::{self, Picture};
use super::text;
use crate::store::ObjectStore;

/// Bumped whenever a parser changes what it derives, so old derived rows can be rebuilt.
pub const PARSER_VERSION: i64 = 1;
/// Larger text files are stored as evidence but not parsed (a chat export is far smaller).
pub const MAX_PARSE_BYTES: u64 = 64 << 20;

/// What was derived from one original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Derived {
    pub sha256: String,
    /// image | transcript | bill | text | none
    pub kind: String,
    /// Parser format id (e.g. wechatmsg_csv, alipay_csv), when one recognised it.
    pub format: Option<String>,
    pub encoding: Option<String>,
    /// Some bytes could not be decoded and show as U+FFFD.
    pub had_errors: bool,
    /// Transcript or Bill as JSON; for plain text the decoded text.
    pub body: Option<Value>,
    /// Why nothing structured was derived, in English and Chinese.
    pub reason: Option<String>,
    pub reason_zh: Option<String>,
}

pub enum Parsed {
    Picture(Picture),
    Transcript(Transcript),
    Bill(Bill),
    Text(String),
    Nothing,
}

impl Derived {
    /// Nothing derived (yet): the starting point, and the result for opaque files.
    pub fn nothing(sha256: &str) -> Derived {
        Derived {
            sha256: sha256.to_string(),
            kind: "none".into(),
            format: None,
            encoding: None,
            had_errors: false,
            body: None,
            reason: None,
            reason_zh: None,
        }
    }

    pub fn parsed(&self) -> Parsed {
        let body = || self.body.clone().unwrap_or(Value::Null);
        match self.kind.as_str() {
            "image" => serde_json::from_value(body()).map_or(Parsed::Nothing, Parsed::Picture),
            "transcript" => {
                serde_json::from_value(body()).map_or(Parsed::Nothing, Parsed::Transcript)
            }
            "bill" => serde_json::from_value(body()).map_or(Parsed::Nothing, Parsed::Bill),
            "text" => body()
                .as_str()
                .map_or(Parsed::Nothing, |s| Parsed::Text(s.to_string())),
            _ => Parsed::Nothing,
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
        d.kind = "image".into();
        d.reason.clone_from(&p.preview_error);
        d.reason_zh.clone_from(&p.preview_error_zh);
        d.body = serde_json::to_value(&p).ok();
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
            d.reason_zh = Some(format!("无法读取：{e}"));
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
    let decoded = text::decode(&bytes);
    d.encoding = Some(decoded.encoding.clone());
    d.had_errors = decoded.had_errors;
    if let Some(b) = bill::parse_text(name, &decoded.text) {
        return with_bill(d, Some(b), "", "");
    }
    if let Some(t) = chat::parse(name, &decoded.text) {
        d.kind = "transcript".into();
        d.format = Some(t.format.clone());
        d.body = serde_json::to_value(&t).ok();
        return d;
    }
    d.kind = "text".into();
    d.body = Some(Value::String(decoded.text));
    d.reason = Some("not a recognised chat or bill layout: kept as plain text".into());
    d.reason_zh = Some("不是可识别的聊天记录或账单格式：按纯文本保存".into());
    d
}

fn with_bill(mut d: Derived, bill: Option<Bill>, why: &str, why_zh: &str) -> Derived {
    match bill {
        Some(b) => {
            d.kind = "bill".into();
            d.format = Some(b.format.clone());
            d.body = serde_json::to_value(&b).ok();
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
