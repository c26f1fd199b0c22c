//! What happened to a case, typed: each writer builds an [`Event`], `append` turns it into an
//! entry. The payload is the variant's fields, serialised as they are named here: those names are
//! the chain's format (JCS hashes them), so never rename one; a new kind of change is a new
//! variant, and `action()` makes it name its [`Action`], which replay must then handle.

use serde::Serialize;
use serde_json::Value;

use super::Action;
use crate::case::contacts::{ContactRecord, RefundMethod};
use crate::case::item::{Category, CategorySource, FactFix, ItemRecord};
use crate::case::letter::draft::LetterRecord;
use crate::case::model::CaseFields;
use crate::error::{Error, Result};
use crate::ingest::chat::dates::DateOrder;
use crate::pack::ReportLang;

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Event<'a> {
    CaseCreated {
        case: &'a CaseFields,
    },
    CaseUpdated {
        case: &'a CaseFields,
        /// The fields that changed.
        changed: &'a [&'static str],
    },
    EvidenceAdded {
        item: &'a ItemRecord,
    },
    /// The note set, or cleared (`null`).
    NoteSet {
        item_id: i64,
        note: Option<&'a str>,
    },
    /// The bill rows that belong to the case (replacing the earlier choice).
    BillRowsConfirmed {
        item_id: i64,
        bill_rows: &'a [u32],
    },
    /// All the item's fact corrections, the new one included.
    FactsFixed {
        item_id: i64,
        fact_fixes: &'a [FactFix],
    },
    /// The day/month order the user chose for a chat's ambiguous dates.
    DatesRead {
        item_id: i64,
        date_order: DateOrder,
    },
    EvidenceRecategorized {
        item_id: i64,
        category: Category,
        previous: Category,
        /// Only for a category read from the content (`suggested`); absent for the user's own.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<CategorySource>,
    },
    EvidenceWithdrawn {
        item_id: i64,
        reason: &'a str,
    },
    ContactLogged {
        contact: &'a ContactRecord,
    },
    ContactClosed {
        contact_id: i64,
        outcome: &'a str,
        refund_method: Option<RefundMethod>,
    },
    LetterSaved {
        letter: &'a LetterRecord,
    },
    Exported {
        pack_sha256: &'a str,
        /// `zip` or `folder`.
        format: &'static str,
        lang: ReportLang,
        /// How many entries the pack holds.
        entries: usize,
        checkpoint: &'a str,
    },
}

impl Event<'_> {
    pub fn action(&self) -> Action {
        match self {
            Event::CaseCreated { .. } => Action::CaseCreated,
            Event::CaseUpdated { .. } => Action::CaseUpdated,
            Event::EvidenceAdded { .. } => Action::EvidenceAdded,
            Event::NoteSet { .. }
            | Event::BillRowsConfirmed { .. }
            | Event::FactsFixed { .. }
            | Event::DatesRead { .. } => Action::EvidenceAnnotated,
            Event::EvidenceRecategorized { .. } => Action::EvidenceRecategorized,
            Event::EvidenceWithdrawn { .. } => Action::EvidenceWithdrawn,
            Event::ContactLogged { .. } => Action::ContactLogged,
            Event::ContactClosed { .. } => Action::ContactClosed,
            Event::LetterSaved { .. } => Action::LetterSaved,
            Event::Exported { .. } => Action::Exported,
        }
    }

    /// The entry's payload, before NFC.
    pub fn payload(&self) -> Result<Value> {
        serde_json::to_value(self).map_err(|e| {
            let action = self.action().as_str();
            Error::invalid(
                "payload",
                format!("the {action} entry cannot be written: {e}"),
                format!("无法写入 {action} 记录：{e}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The payloads as the writers built them with `json!` before events were typed (and as
    /// every library written so far holds them): a typed event must give the same JSON.
    #[test]
    fn each_event_writes_the_payload_the_chain_has_always_held() {
        let fields = CaseFields {
            title: "会员未开通".into(),
            currency: "CNY".into(),
            ..CaseFields::default()
        };
        let case = serde_json::to_value(&fields).unwrap();
        let pairs: Vec<(Event, Action, Value)> = vec![
            (
                Event::CaseCreated { case: &fields },
                Action::CaseCreated,
                json!({ "case": case }),
            ),
            (
                Event::CaseUpdated {
                    case: &fields,
                    changed: &["title"],
                },
                Action::CaseUpdated,
                json!({ "case": case, "changed": ["title"] }),
            ),
            (
                Event::NoteSet {
                    item_id: 3,
                    note: None,
                },
                Action::EvidenceAnnotated,
                json!({ "item_id": 3, "note": null }),
            ),
            (
                Event::BillRowsConfirmed {
                    item_id: 3,
                    bill_rows: &[2, 5],
                },
                Action::EvidenceAnnotated,
                json!({ "item_id": 3, "bill_rows": [2, 5] }),
            ),
            (
                Event::DatesRead {
                    item_id: 3,
                    date_order: DateOrder::MonthDay,
                },
                Action::EvidenceAnnotated,
                json!({ "item_id": 3, "date_order": "month_day" }),
            ),
            (
                Event::EvidenceRecategorized {
                    item_id: 4,
                    category: Category::Purchase,
                    previous: Category::Other,
                    source: None,
                },
                Action::EvidenceRecategorized,
                json!({ "item_id": 4, "category": "purchase", "previous": "other" }),
            ),
            (
                Event::EvidenceRecategorized {
                    item_id: 4,
                    category: Category::NonDelivery,
                    previous: Category::Other,
                    source: Some(CategorySource::Suggested),
                },
                Action::EvidenceRecategorized,
                json!({ "item_id": 4, "category": "non_delivery", "previous": "other", "source": "suggested" }),
            ),
            (
                Event::EvidenceWithdrawn {
                    item_id: 6,
                    reason: "重复",
                },
                Action::EvidenceWithdrawn,
                json!({ "item_id": 6, "reason": "重复" }),
            ),
            (
                Event::ContactClosed {
                    contact_id: 2,
                    outcome: "同意退款",
                    refund_method: Some(RefundMethod::Alipay),
                },
                Action::ContactClosed,
                json!({ "contact_id": 2, "outcome": "同意退款", "refund_method": "alipay" }),
            ),
            (
                Event::Exported {
                    pack_sha256: "ab",
                    format: "zip",
                    lang: ReportLang::Zh,
                    entries: 20,
                    checkpoint: "cd",
                },
                Action::Exported,
                json!({ "pack_sha256": "ab", "format": "zip", "lang": "zh", "entries": 20, "checkpoint": "cd" }),
            ),
        ];
        for (event, action, want) in pairs {
            assert_eq!(event.action(), action);
            assert_eq!(event.payload().unwrap(), want, "{action:?}");
        }
    }

    #[test]
    fn action_names_are_the_stored_ones() {
        assert_eq!(
            Action::EvidenceRecategorized.as_str(),
            "evidence_recategorized"
        );
        assert_eq!(Action::parse("contact_closed"), Some(Action::ContactClosed));
        assert_eq!(Action::parse("teleported"), None);
    }
}
