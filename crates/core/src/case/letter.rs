//! The request letter (沟通话术) and the 12315 complaint draft, composed from the case, its active
//! evidence and the facts found in it (docs/DOMAIN.md). Pure and deterministic: no clock, no guessing.
//! Unknown fields become marked placeholders (【商品名称】 / [product]) listed in `missing`; a
//! sentence whose fact was not found is left out rather than invented; the only request is the
//! refund (restoring the original state), with no article numbers and no compensation.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::contacts::Contact;
use super::number::{category_number, evidence_numbers};
use super::refund::{self, Refund, RefundBasis};
use super::{Case, Category, Item, ItemStatus};
use crate::error::{Error, Result};
use crate::extract::{Fact, FactKind};
use crate::ingest::analyze::Body;
use crate::store::Library;

pub mod draft;
pub mod stale;
#[cfg(test)]
mod tests;
mod text;

pub use draft::LetterDraft;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum LetterKind {
    #[serde(rename = "request")]
    Request,
    #[serde(rename = "complaint_12315")]
    Complaint12315,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Lang {
    Zh,
    En,
}

/// One evidence item as the export numbers it: category number (1 purchase, 2 non-delivery,
/// 3 communication, 9 other), then its position among that category's active items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EvidenceRef {
    /// e.g. `1-1`
    pub number: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_id: i64,
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Letter {
    pub kind: LetterKind,
    pub lang: Lang,
    pub text: String,
    pub evidence: Vec<EvidenceRef>,
    /// What the user must fill in before sending, e.g. `投诉人姓名`; each appears in the text as
    /// a marked placeholder.
    pub missing: Vec<String>,
    /// The user's saved edit of this letter, if any; `text` stays the freshly composed letter.
    pub draft: Option<LetterDraft>,
    /// How the saved draft no longer matches the case (evidence withdrawn, added or renumbered,
    /// a changed order number or amount); empty when it still does or nothing is saved.
    pub stale: Vec<stale::StaleNote>,
}

impl FromStr for LetterKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "request" => Ok(LetterKind::Request),
            "12315" | "complaint_12315" | "complaint" => Ok(LetterKind::Complaint12315),
            other => Err(Error::invalid(
                "kind",
                format!("{other:?}: use request or 12315"),
                format!("{other:?}：请使用 request（退款请求函）或 12315（12315 投诉稿）"),
            )),
        }
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(Error::invalid(
                "lang",
                format!("{other:?}: use zh or en"),
                format!("{other:?}：请使用 zh（中文）或 en（英文）"),
            )),
        }
    }
}

impl Library {
    /// The letter for a case, from its active evidence and facts, claiming the full price.
    pub fn letter(&self, case_id: i64, kind: LetterKind, lang: Lang) -> Result<Letter> {
        self.letter_claiming(case_id, kind, lang, RefundBasis::Full)
    }

    /// The letter claiming the refund `basis` gives (the refund calculator's answer: the full
    /// price, or a share by days or entitlements left).
    pub fn letter_claiming(
        &self,
        case_id: i64,
        kind: LetterKind,
        lang: Lang,
        basis: RefundBasis,
    ) -> Result<Letter> {
        let case = self.case(case_id)?;
        let items = self.items(case_id)?;
        let facts = self.case_facts(case_id)?;
        let refund = case
            .fields
            .amount
            .as_deref()
            .map(|a| refund::compute(a, basis))
            .transpose()?;
        let said_at = self.refusal_time(&facts)?;
        // Only the 12315 draft tells the escalation log; the request letter need not load it.
        let contacts = match kind {
            LetterKind::Complaint12315 => self.contacts(case_id, crate::time::today())?.contacts,
            LetterKind::Request => Vec::new(),
        };
        let known = Known {
            refusal_at: said_at.as_deref(),
            contacts: &contacts,
        };
        let mut letter = compose_with(&case, &items, &facts, refund.as_ref(), (kind, lang), known);
        letter.draft = self.letter_draft(case_id, kind, lang)?;
        if let Some(d) = &letter.draft {
            letter.stale = stale::stale_notes(&d.text, &letter.evidence, &case.fields);
        }
        Ok(letter)
    }
}

impl Library {
    /// When the refusal the letter quotes was said: its chat message's time (RFC 3339), if the
    /// fact came from a chat (an export, or a capture read by OCR) whose message has one.
    fn refusal_time(&self, facts: &[Fact]) -> Result<Option<String>> {
        let Some(f) = facts.iter().find(|f| {
            f.kind == FactKind::Refusal && matches!(f.source.as_str(), "transcript" | "ocr")
        }) else {
            return Ok(None);
        };
        let details = self.item_details(f.item_id)?;
        let at = usize::try_from(f.position).ok();
        let message = match (f.source.as_str(), &details) {
            ("transcript", d) => match d.derived.as_ref().map(|x| &x.body) {
                Some(Body::Transcript(t)) => at.and_then(|i| t.messages.get(i)).cloned(),
                _ => None,
            },
            (_, d) => d.ocr.as_ref().and_then(|o| o.chat.as_ref()).and_then(|c| {
                let m = c.message_of(at?)?;
                c.transcript.messages.get(m).cloned()
            }),
        };
        Ok(message.and_then(|m| m.time))
    }
}

/// The letter text for `case`; withdrawn items are ignored, so callers may pass everything.
pub fn compose(
    case: &Case,
    items: &[Item],
    facts: &[Fact],
    refund: Option<&Refund>,
    kind: LetterKind,
    lang: Lang,
) -> Letter {
    compose_with(case, items, facts, refund, (kind, lang), Known::default())
}

/// What the library knows besides the case, its items and facts.
#[derive(Default)]
pub struct Known<'a> {
    /// When the quoted refusal was said (RFC 3339, the source's offset).
    pub refusal_at: Option<&'a str>,
    /// The escalation log: the 12315 complaint tells how the business was approached.
    pub contacts: &'a [Contact],
}

/// [`compose`], also using what else is `known`.
pub fn compose_with(
    case: &Case,
    items: &[Item],
    facts: &[Fact],
    refund: Option<&Refund>,
    (kind, lang): (LetterKind, Lang),
    known: Known,
) -> Letter {
    let mut d = Draft {
        case,
        lang,
        evidence: evidence_refs(items),
        facts,
        refund,
        refusal_at: known
            .refusal_at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
        contacts: known.contacts,
        missing: Vec::new(),
    };
    let text = match kind {
        LetterKind::Request => d.request(),
        LetterKind::Complaint12315 => d.complaint(),
    };
    Letter {
        kind,
        lang,
        text,
        evidence: d.evidence,
        missing: d.missing,
        draft: None,
        stale: Vec::new(),
    }
}

/// Active items numbered per category in import order (item id order).
pub fn evidence_refs(items: &[Item]) -> Vec<EvidenceRef> {
    let active: std::collections::HashMap<i64, &Item> = items
        .iter()
        .filter(|i| i.status == ItemStatus::Active)
        .map(|i| (i.record.id, i))
        .collect();
    let numbered = evidence_numbers(active.values().map(|i| (i.record.id, i.record.category)));
    numbered
        .into_iter()
        .filter_map(|(id, number)| {
            let item = active.get(&id)?;
            Some(EvidenceRef {
                number,
                item_id: id,
                name: item.record.original_name.clone(),
                sha256: item.record.sha256.clone(),
            })
        })
        .collect()
}

/// A field the user may still have to supply: its placeholder word and its `missing` label.
struct Slot {
    zh: &'static str,
    en: &'static str,
    miss_zh: &'static str,
    miss_en: &'static str,
}

const fn slot(zh: &'static str, en: &'static str) -> Slot {
    Slot {
        zh,
        en,
        miss_zh: zh,
        miss_en: en,
    }
}

const PLATFORM: Slot = slot("平台/商家名称", "platform or merchant");
const PRODUCT: Slot = slot("商品名称", "product");
const DATE: Slot = slot("购买日期", "purchase date");
const ORDER: Slot = slot("订单号", "order number");
const AMOUNT: Slot = slot("金额", "amount");
const NAME: Slot = Slot {
    zh: "姓名",
    en: "name",
    miss_zh: "投诉人姓名",
    miss_en: "complainant's name",
};
const PHONE: Slot = Slot {
    zh: "电话",
    en: "phone",
    miss_zh: "投诉人电话",
    miss_en: "complainant's phone",
};
const ADDRESS: Slot = Slot {
    zh: "地址",
    en: "address",
    miss_zh: "投诉人地址",
    miss_en: "complainant's address",
};
const BUSINESS_ADDRESS: Slot = slot("经营者地址", "business address");

struct Draft<'a> {
    case: &'a Case,
    lang: Lang,
    evidence: Vec<EvidenceRef>,
    facts: &'a [Fact],
    refund: Option<&'a Refund>,
    /// When the quoted refusal was said, in the source's own offset.
    refusal_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    contacts: &'a [Contact],
    missing: Vec<String>,
}

impl<'a> Draft<'a> {
    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    fn tr<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// The value, or a marked placeholder recorded in `missing`.
    fn field(&mut self, value: Option<String>, s: &Slot) -> String {
        if let Some(v) = value {
            return v;
        }
        let label = self.tr(s.miss_zh, s.miss_en).to_string();
        if !self.missing.contains(&label) {
            self.missing.push(label);
        }
        if self.zh() {
            format!("【{}】", s.zh)
        } else {
            format!("[{}]", s.en)
        }
    }

    fn platform(&mut self) -> String {
        self.field(self.case.fields.platform.clone(), &PLATFORM)
    }

    fn money(&self, amount: &str) -> String {
        match self.case.fields.currency.as_str() {
            "CNY" => format!("¥{amount}"),
            cur => format!("{amount} {cur}"),
        }
    }

    fn date(&self) -> Option<String> {
        let raw = self.case.fields.paid_at.as_deref()?;
        let day = raw.get(..10).unwrap_or(raw);
        let parsed = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
        Some(match (parsed, self.zh()) {
            (Some(d), true) => d.format("%Y年%-m月%-d日").to_string(),
            _ => day.to_string(),
        })
    }

    /// " (see evidence 1-1, 1-2)" / "（见证据1-1、1-2）" for the given items; empty for none.
    fn cite(&self, numbers: &[&str]) -> String {
        if numbers.is_empty() {
            return String::new();
        }
        if self.zh() {
            format!("（见证据{}）", numbers.join("、"))
        } else {
            format!(" (see evidence {})", numbers.join(", "))
        }
    }

    fn cite_category(&self, c: Category) -> String {
        let prefix = format!("{}-", category_number(c));
        let numbers: Vec<&str> = self
            .evidence
            .iter()
            .map(|e| e.number.as_str())
            .filter(|n| n.starts_with(&prefix))
            .collect();
        self.cite(&numbers)
    }

    fn cite_item(&self, item_id: i64) -> String {
        let numbers: Vec<&str> = self
            .evidence
            .iter()
            .filter(|e| e.item_id == item_id)
            .map(|e| e.number.as_str())
            .collect();
        self.cite(&numbers)
    }

    fn first_fact(&self, kind: FactKind) -> Option<&'a Fact> {
        self.facts.iter().find(|f| f.kind == kind)
    }
}
