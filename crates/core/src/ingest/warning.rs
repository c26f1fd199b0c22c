//! What a parser could not read, said in both languages. Never fatal: the rest of the file is read.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ParseWarning {
    /// E.g. `line 12: no time found before "好的"`.
    pub message: String,
    /// E.g. `第 12 行："好的"之前没有时间`.
    pub message_zh: String,
    /// A library's own words (e.g. the CSV reader's error), kept apart from the translated text.
    pub detail: Option<String>,
}

impl ParseWarning {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> ParseWarning {
        ParseWarning {
            message: en.into(),
            message_zh: zh.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> ParseWarning {
        self.detail = Some(detail.into());
        self
    }

    /// The same warning placed at a line of the file.
    pub fn at_line(self, n: usize) -> ParseWarning {
        self.at(format!("line {n}"), format!("第 {n} 行"))
    }

    /// The same warning placed at a data row of a table (header excluded).
    pub fn at_row(self, n: u32) -> ParseWarning {
        self.at(format!("row {n}"), format!("第 {n} 行数据"))
    }

    /// The same warning placed at a message of an export that numbers them.
    pub fn at_message(self, id: &str) -> ParseWarning {
        self.at(format!("message {id}"), format!("消息 {id}"))
    }

    fn at(self, en: String, zh: String) -> ParseWarning {
        ParseWarning {
            message: format!("{en}: {}", self.message),
            message_zh: format!("{zh}：{}", self.message_zh),
            detail: self.detail,
        }
    }
}

/// Derived rows written before warnings were bilingual hold bare English strings: they still
/// load (shown in English in both languages) rather than making the whole reading unreadable.
impl<'de> Deserialize<'de> for ParseWarning {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ParseWarning, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Both {
                message: String,
                message_zh: String,
                #[serde(default)]
                detail: Option<String>,
            },
            English(String),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Both {
                message,
                message_zh,
                detail,
            } => ParseWarning {
                message,
                message_zh,
                detail,
            },
            Stored::English(s) => ParseWarning::new(s.clone(), s),
        })
    }
}

/// The English messages, for tests that list what a parser warned about.
#[cfg(test)]
pub fn english(warnings: &[ParseWarning]) -> Vec<&str> {
    warnings.iter().map(|w| w.message.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_named_in_each_language() {
        let w = ParseWarning::new("time is empty", "时间为空").at_row(7);
        assert_eq!(w.message, "row 7: time is empty");
        assert_eq!(w.message_zh, "第 7 行数据：时间为空");
        let w = ParseWarning::new("no usable date", "没有可用的日期").at_message("42");
        assert_eq!(w.message_zh, "消息 42：没有可用的日期");
    }

    #[test]
    fn old_english_only_warnings_still_load_and_new_ones_round_trip() {
        let old: Vec<ParseWarning> =
            serde_json::from_str(r#"["line 3: impossible date or time"]"#).expect("old rows load");
        assert_eq!(old[0].message, "line 3: impossible date or time");
        assert_eq!(old[0].message_zh, old[0].message);
        let new = ParseWarning::new("a", "甲").with_detail("CSV error: x");
        let back: ParseWarning =
            serde_json::from_str(&serde_json::to_string(&new).expect("json")).expect("reads");
        assert_eq!(back, new);
    }
}
