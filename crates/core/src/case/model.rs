//! What a dispute case records, and how user-typed values are checked and normalised.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const DEFAULT_CURRENCY: &str = "CNY";

/// The editable fields of a case. Only the title is required; the rest can come later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseFields {
    pub title: String,
    pub platform: Option<String>,
    pub order_no: Option<String>,
    /// Exact decimal as text, two places: "68.00".
    pub amount: Option<String>,
    pub currency: String,
    pub product: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` in the user's local time, as they typed it.
    pub paid_at: Option<String>,
    pub payment_channel: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Case {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[serde(flatten)]
    pub fields: CaseFields,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseSummary {
    #[serde(flatten)]
    pub case: Case,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_count: i64,
    /// The checklist's verdict, when one was made on the case as it stands (none: not checked
    /// since it changed).
    #[serde(default)]
    pub readiness: Option<crate::checks::summary::CaseReadiness>,
}

/// A partial edit: `None` leaves a field alone, `Some("")` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CasePatch {
    pub title: Option<String>,
    pub platform: Option<String>,
    pub order_no: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub product: Option<String>,
    pub paid_at: Option<String>,
    pub payment_channel: Option<String>,
    pub notes: Option<String>,
}

impl CaseFields {
    /// Trims, fills defaults and checks every field; the result is what gets stored.
    pub fn normalized(self) -> Result<CaseFields> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            return Err(Error::invalid(
                "title",
                "a case needs a title",
                "案件需要标题",
            ));
        }
        if title.chars().count() > 200 {
            return Err(Error::invalid(
                "title",
                "at most 200 characters",
                "最多 200 个字",
            ));
        }
        let currency = self.currency.trim().to_ascii_uppercase();
        let currency = if currency.is_empty() {
            DEFAULT_CURRENCY.to_string()
        } else {
            currency
        };
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid(
                "currency",
                format!("{currency:?} is not a three-letter code such as CNY"),
                format!("{currency:?} 不是三个字母的币种代码（如 CNY）"),
            ));
        }
        Ok(CaseFields {
            title,
            platform: text(self.platform),
            order_no: text(self.order_no),
            amount: text(self.amount).map(|a| parse_amount(&a)).transpose()?,
            currency,
            product: text(self.product),
            paid_at: text(self.paid_at).map(|d| parse_paid_at(&d)).transpose()?,
            payment_channel: text(self.payment_channel),
            notes: self.notes.filter(|n| !n.trim().is_empty()),
        })
    }

    /// Applies a patch; returns the new fields and the names of the fields that changed.
    pub fn patched(&self, patch: CasePatch) -> Result<(CaseFields, Vec<&'static str>)> {
        let pick = |new: Option<String>, old: &Option<String>| match new {
            Some(v) => Some(v),
            None => old.clone(),
        };
        let next = CaseFields {
            title: patch.title.unwrap_or_else(|| self.title.clone()),
            platform: pick(patch.platform, &self.platform),
            order_no: pick(patch.order_no, &self.order_no),
            amount: pick(patch.amount, &self.amount),
            currency: patch.currency.unwrap_or_else(|| self.currency.clone()),
            product: pick(patch.product, &self.product),
            paid_at: pick(patch.paid_at, &self.paid_at),
            payment_channel: pick(patch.payment_channel, &self.payment_channel),
            notes: pick(patch.notes, &self.notes),
        }
        .normalized()?;
        let mut changed = Vec::new();
        macro_rules! diff {
            ($($f:ident),*) => { $( if next.$f != self.$f { changed.push(stringify!($f)); } )* };
        }
        diff!(
            title,
            platform,
            order_no,
            amount,
            currency,
            product,
            paid_at,
            payment_channel,
            notes
        );
        Ok((next, changed))
    }
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Accepts what people type ("68", "¥68.00", "1,299.5") and stores exactly two decimals.
pub fn parse_amount(raw: &str) -> Result<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    let bad = |en: &str, zh: &str| {
        Error::invalid("amount", format!("{raw:?} {en}"), format!("{raw:?} {zh}"))
    };
    let mut d = Decimal::from_str(&cleaned)
        .map_err(|_| bad("is not a number such as 68.00", "不是金额（如 68.00）"))?;
    if d.is_sign_negative() {
        return Err(bad("must not be negative", "不能为负数"));
    }
    if d.scale() > 2 {
        d = d.normalize();
        if d.scale() > 2 {
            return Err(bad("has more than two decimal places", "小数位超过两位"));
        }
    }
    d.rescale(2);
    Ok(d.to_string())
}

/// A date, or a date and time, without time zone (the user's local time).
pub fn parse_paid_at(raw: &str) -> Result<String> {
    let s = raw.trim().replace('/', "-");
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return Ok(d.format("%Y-%m-%d").to_string());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, f) {
            return Ok(t.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    Err(Error::invalid(
        "paid_at",
        format!("{raw:?} is not a date such as 2026-11-02 or 2026-11-02 14:30"),
        format!("{raw:?} 不是日期（如 2026-11-02 或 2026-11-02 14:30）"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_two_place_decimals() {
        assert_eq!(parse_amount("68").unwrap(), "68.00");
        assert_eq!(parse_amount("¥68.5").unwrap(), "68.50");
        assert_eq!(parse_amount("1,299.00").unwrap(), "1299.00");
        assert_eq!(parse_amount("0.10").unwrap(), "0.10");
        assert_eq!(parse_amount("4.500").unwrap(), "4.50");
        assert!(parse_amount("4.505").is_err());
        assert!(parse_amount("-1").is_err());
        assert!(parse_amount("abc").is_err());
    }

    #[test]
    fn dates_accept_common_shapes() {
        assert_eq!(parse_paid_at("2026-11-02").unwrap(), "2026-11-02");
        assert_eq!(
            parse_paid_at("2026/11/02 14:30").unwrap(),
            "2026-11-02T14:30:00"
        );
        assert!(parse_paid_at("2026-13-02").is_err());
    }

    #[test]
    fn title_required_and_currency_defaults() {
        let f = CaseFields {
            title: "  ".into(),
            ..Default::default()
        };
        assert_eq!(f.normalized().unwrap_err().code(), "invalid_input");
        let f = CaseFields {
            title: " VIP ".into(),
            platform: Some(" ".into()),
            ..Default::default()
        };
        let n = f.normalized().unwrap();
        assert_eq!(n.title, "VIP");
        assert_eq!(n.currency, "CNY");
        assert_eq!(n.platform, None);
    }

    #[test]
    fn patch_reports_changed_fields_and_clears_with_empty() {
        let base = CaseFields {
            title: "t".into(),
            amount: Some("1.00".into()),
            currency: "CNY".into(),
            ..Default::default()
        };
        let (next, changed) = base
            .patched(CasePatch {
                amount: Some("".into()),
                product: Some("VIP".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(next.amount, None);
        assert_eq!(next.product.as_deref(), Some("VIP"));
        assert_eq!(changed, vec!["amount", "product"]);
    }
}
