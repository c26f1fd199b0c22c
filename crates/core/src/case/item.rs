//! An evidence item: one imported file inside a case, pointing at its stored object by hash.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::text::Text;

/// The three evidence categories a dispute file must prove, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Category {
    Purchase,
    NonDelivery,
    Communication,
    Other,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Purchase,
        Category::NonDelivery,
        Category::Communication,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Purchase => "purchase",
            Category::NonDelivery => "non_delivery",
            Category::Communication => "communication",
            Category::Other => "other",
        }
    }

    /// Its name in every surface: CLI, report, app (whose dictionaries a test holds to it).
    pub fn label(self) -> Text {
        match self {
            Category::Purchase => Text::new("Proof of purchase", "购买凭证"),
            Category::NonDelivery => Text::new("Proof of non-delivery", "服务未履行证明"),
            Category::Communication => Text::new("Communication record", "沟通记录"),
            Category::Other => Text::new("Other", "其他"),
        }
    }
}

impl FromStr for Category {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "category",
                    format!("{s:?}: use purchase, non_delivery, communication or other"),
                    format!("{s:?}：请使用 purchase（购买凭证）、non_delivery（服务未履行证明）、communication（沟通记录）或 other（其他）"),
                )
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ItemStatus {
    Active,
    Withdrawn,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Active => "active",
            ItemStatus::Withdrawn => "withdrawn",
        }
    }
}

/// Who chose an item's category: the user, or Proofpack's suggestion awaiting confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum CategorySource {
    #[default]
    User,
    Suggested,
}

impl CategorySource {
    pub fn as_str(self) -> &'static str {
        match self {
            CategorySource::User => "user",
            CategorySource::Suggested => "suggested",
        }
    }
}

/// How an item came in, exactly as the `evidence_added` ledger entry records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemRecord {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub sha256: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: i64,
    pub media_type: String,
    /// File name as found on disk (NFC), e.g. `支付截图.png`.
    pub original_name: String,
    /// Full path it was imported from, for provenance.
    pub original_path: String,
    /// The file's modification time (UTC) as the source disk reported it; untrusted.
    pub file_mtime: Option<String>,
    pub category: Category,
    #[serde(default)]
    pub category_source: CategorySource,
    pub note: Option<String>,
}

/// An item as stored and shown: its record plus when it came in and whether it was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Item {
    #[serde(flatten)]
    pub record: ItemRecord,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub case_id: i64,
    /// Import time (UTC), from the local clock.
    pub imported_at: String,
    pub status: ItemStatus,
    pub withdrawn_reason: Option<String>,
    pub withdrawn_at: Option<String>,
    /// Rows of this item's bill that the user confirmed belong to the case.
    pub bill_rows: Vec<u32>,
    /// Facts the user corrected or confirmed (a digit OCR misread); they win over what was read.
    #[serde(default)]
    pub fact_fixes: Vec<FactFix>,
    /// The day/month order the user chose for this chat's ambiguous dates (none: inferred).
    #[serde(default)]
    pub date_order: Option<crate::ingest::chat::dates::DateOrder>,
    /// Its evidence number in the case as it stands (`1-2`, cited as 证据1-2); none when
    /// withdrawn. Computed on every read (case::number), never stored: it changes with the case.
    #[serde(default)]
    pub number: Option<String>,
}

/// The user's word on one fact found in an item: `read` is what was found, `value` what it
/// says (equal when the user confirmed it). Matched by kind, source and position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FactFix {
    pub kind: crate::extract::FactKind,
    pub source: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub position: i64,
    pub read: String,
    pub value: String,
}

impl FactFix {
    /// True when this fix speaks about `f` as it was found.
    pub fn about(&self, f: &crate::extract::Fact) -> bool {
        self.kind == f.kind
            && self.source == f.source
            && self.position == f.position
            && self.read == f.value
    }
}
