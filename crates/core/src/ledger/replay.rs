//! Rebuilds the `cases`, `items`, `contacts` and `letters` tables from a chain, column by column, as text.
//! Verify compares the result with the stored rows: a row edited behind the app's back no longer
//! matches.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Action;
use crate::store::tables::{Table, CASES, CONTACTS, ITEMS, LETTERS};

/// A row as column name -> stored text (NULL = None).
pub type Row = BTreeMap<String, Option<String>>;

#[derive(Debug, Default)]
pub struct State {
    pub cases: BTreeMap<i64, Row>,
    pub items: BTreeMap<i64, Row>,
    pub contacts: BTreeMap<i64, Row>,
    pub letters: BTreeMap<i64, Row>,
}

/// Why an entry could not be applied; verify reports it against the entry's seq.
#[derive(Debug, PartialEq)]
pub struct ReplayError {
    pub seq: i64,
    pub reason: String,
}

/// The columns an entry supplies itself (its case, its time, an item's starting state): every
/// other column of the table is carried by the payload under the column's name.
const CASE_FROM_ENTRY: [&str; 3] = ["id", "created_at", "updated_at"];
const ITEM_FROM_ENTRY: [&str; 8] = [
    "case_id",
    "imported_at",
    "status",
    "withdrawn_reason",
    "withdrawn_at",
    "bill_rows",
    "fact_fixes",
    "date_order",
];
const CONTACT_FROM_ENTRY: [&str; 2] = ["case_id", "logged_at"];
const LETTER_FROM_ENTRY: [&str; 2] = ["case_id", "saved_at"];

/// A row with the payload's value for each column `table` takes from it.
fn carried(table: &Table, from_entry: &[&str], record: &Value) -> Row {
    table
        .names()
        .filter(|c| !from_entry.contains(c))
        .map(|c| (c.to_string(), as_text(record.get(c))))
        .collect()
}

/// A JSON value as the tables store it: strings as they are, numbers and arrays as JSON text.
pub fn as_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl State {
    /// Applies one entry of `case_id`'s chain.
    pub fn apply(
        &mut self,
        case_id: i64,
        seq: i64,
        at: &str,
        action: &str,
        payload: &Value,
    ) -> Result<(), ReplayError> {
        let err = |reason: &str| ReplayError {
            seq,
            reason: reason.to_string(),
        };
        let action =
            Action::parse(action).ok_or_else(|| err(&format!("unknown action {action:?}")))?;
        match action {
            Action::CaseCreated | Action::CaseUpdated => {
                let fields = payload
                    .get("case")
                    .ok_or_else(|| err("payload has no case"))?;
                let row = self.cases.entry(case_id).or_default();
                if action == Action::CaseCreated {
                    row.insert("id".into(), Some(case_id.to_string()));
                    row.insert("created_at".into(), Some(at.to_string()));
                } else if row.is_empty() {
                    return Err(err("case updated before it was created"));
                }
                row.extend(carried(&CASES, &CASE_FROM_ENTRY, fields));
                row.insert("updated_at".into(), Some(at.to_string()));
            }
            Action::EvidenceAdded => {
                let rec = payload
                    .get("item")
                    .ok_or_else(|| err("payload has no item"))?;
                let id = rec
                    .get("id")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| err("item has no id"))?;
                let mut row = carried(&ITEMS, &ITEM_FROM_ENTRY, rec);
                if rec.get("category_source").is_none() {
                    row.insert("category_source".into(), Some("user".into()));
                }
                row.insert("case_id".into(), Some(case_id.to_string()));
                row.insert("imported_at".into(), Some(at.to_string()));
                row.insert("status".into(), Some("active".into()));
                row.insert("withdrawn_reason".into(), None);
                row.insert("withdrawn_at".into(), None);
                row.insert("bill_rows".into(), None);
                row.insert("fact_fixes".into(), None);
                row.insert("date_order".into(), None);
                if self.items.insert(id, row).is_some() {
                    return Err(err("item id added twice"));
                }
            }
            Action::EvidenceWithdrawn => {
                let row = self.item_of(case_id, payload).map_err(|r| err(&r))?;
                row.insert("status".into(), Some("withdrawn".into()));
                row.insert("withdrawn_reason".into(), as_text(payload.get("reason")));
                row.insert("withdrawn_at".into(), Some(at.to_string()));
            }
            Action::EvidenceRecategorized => {
                let row = self.item_of(case_id, payload).map_err(|r| err(&r))?;
                row.insert("category".into(), as_text(payload.get("category")));
                // A category read from the content stays a suggestion; any other is the user's.
                let source = as_text(payload.get("source")).unwrap_or_else(|| "user".into());
                row.insert("category_source".into(), Some(source));
            }
            Action::EvidenceAnnotated => {
                let row = self.item_of(case_id, payload).map_err(|r| err(&r))?;
                // An annotation changes only what it names: the note, confirmed bill rows, fixed
                // facts, the order of a chat's dates.
                if let Some(note) = payload.get("note") {
                    row.insert("note".into(), as_text(Some(note)));
                }
                if let Some(rows) = payload.get("bill_rows") {
                    row.insert("bill_rows".into(), Some(rows.to_string()));
                }
                if let Some(fixes) = payload.get("fact_fixes") {
                    row.insert("fact_fixes".into(), Some(fixes.to_string()));
                }
                if let Some(order) = payload.get("date_order") {
                    row.insert("date_order".into(), as_text(Some(order)));
                }
            }
            Action::ContactLogged => self
                .add_contact(case_id, at, payload)
                .map_err(|r| err(&r))?,
            Action::ContactClosed => self.close_contact(case_id, payload).map_err(|r| err(&r))?,
            Action::LetterSaved => self
                .save_letter(case_id, at, payload)
                .map_err(|r| err(&r))?,
            // Recorded for the chain; it changes no table.
            Action::Exported => {}
        }
        Ok(())
    }

    /// A contact row as `log_contact` writes it: the payload's columns (the items array as its
    /// compact JSON text), the chain's case and the entry's time.
    fn add_contact(&mut self, case_id: i64, at: &str, payload: &Value) -> Result<(), String> {
        let rec = payload.get("contact").ok_or("payload has no contact")?;
        let id = rec
            .get("id")
            .and_then(Value::as_i64)
            .ok_or("contact has no id")?;
        if rec.get("case_id").and_then(Value::as_i64) != Some(case_id) {
            return Err(format!("contact {id} names another case"));
        }
        let mut row = carried(&CONTACTS, &CONTACT_FROM_ENTRY, rec);
        row.insert("case_id".into(), Some(case_id.to_string()));
        row.insert("logged_at".into(), Some(at.to_string()));
        if self.contacts.insert(id, row).is_some() {
            return Err(format!("contact {id} logged twice"));
        }
        Ok(())
    }

    /// An outcome recorded later: only an open contact of this case can be closed.
    fn close_contact(&mut self, case_id: i64, payload: &Value) -> Result<(), String> {
        let id = payload
            .get("contact_id")
            .and_then(Value::as_i64)
            .ok_or("payload has no contact_id")?;
        let row = self
            .contacts
            .get_mut(&id)
            .ok_or(format!("contact {id} was never logged"))?;
        if row.get("case_id").cloned().flatten() != Some(case_id.to_string()) {
            return Err(format!("contact {id} belongs to another case"));
        }
        let outcome = as_text(payload.get("outcome")).ok_or("payload has no outcome")?;
        row.insert("outcome".into(), Some(outcome));
        if let Some(method) = payload.get("refund_method").filter(|v| !v.is_null()) {
            row.insert("refund_method".into(), as_text(Some(method)));
        }
        Ok(())
    }

    /// A saved letter replaces the case's earlier draft of the same kind and language.
    fn save_letter(&mut self, case_id: i64, at: &str, payload: &Value) -> Result<(), String> {
        let rec = payload.get("letter").ok_or("payload has no letter")?;
        let id = rec
            .get("id")
            .and_then(Value::as_i64)
            .ok_or("letter has no id")?;
        if rec.get("case_id").and_then(Value::as_i64) != Some(case_id) {
            return Err(format!("letter {id} names another case"));
        }
        let mut row = carried(&LETTERS, &LETTER_FROM_ENTRY, rec);
        row.insert("case_id".into(), Some(case_id.to_string()));
        row.insert("saved_at".into(), Some(at.to_string()));
        if let Some(old) = self.letters.get(&id) {
            if old.get("kind") != row.get("kind") || old.get("lang") != row.get("lang") {
                return Err(format!("letter {id} changed its kind or language"));
            }
        }
        self.letters.insert(id, row);
        Ok(())
    }

    fn item_of(&mut self, case_id: i64, payload: &Value) -> Result<&mut Row, String> {
        let id = payload
            .get("item_id")
            .and_then(Value::as_i64)
            .ok_or("payload has no item_id")?;
        let row = self
            .items
            .get_mut(&id)
            .ok_or(format!("item {id} was never added"))?;
        if row.get("case_id").cloned().flatten() != Some(case_id.to_string()) {
            return Err(format!("item {id} belongs to another case"));
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replays_add_then_withdraw() {
        let mut s = State::default();
        s.apply(
            1,
            1,
            "t1",
            "case_created",
            &json!({"case": {"title": "x", "currency": "CNY"}}),
        )
        .unwrap();
        s.apply(
            1,
            2,
            "t2",
            "evidence_added",
            &json!({"item": {"id": 5, "sha256": "ab", "size": 3, "category": "purchase"}}),
        )
        .unwrap();
        s.apply(
            1,
            3,
            "t3",
            "evidence_withdrawn",
            &json!({"item_id": 5, "reason": "dup"}),
        )
        .unwrap();
        let item = &s.items[&5];
        assert_eq!(item["status"].as_deref(), Some("withdrawn"));
        assert_eq!(item["size"].as_deref(), Some("3"));
        assert_eq!(s.cases[&1]["title"].as_deref(), Some("x"));
        assert_eq!(s.cases[&1]["platform"], None);
    }

    #[test]
    fn contact_row_is_text_as_stored() {
        let mut s = State::default();
        let contact = json!({"contact": {
            "id": 2, "case_id": 1, "step": "platform_support", "channel": "in-app chat",
            "date": "2026-11-03", "ticket": null, "outcome": null, "refund_method": "wechat",
            "items": [4, 7],
        }});
        s.apply(1, 5, "t5", "contact_logged", &contact).unwrap();
        let row = &s.contacts[&2];
        assert_eq!(row["items"].as_deref(), Some("[4,7]"));
        assert_eq!(row["id"].as_deref(), Some("2"));
        assert_eq!(row["case_id"].as_deref(), Some("1"));
        assert_eq!(row["logged_at"].as_deref(), Some("t5"));
        assert_eq!(row["ticket"], None);
        assert_eq!(row["refund_method"].as_deref(), Some("wechat"));
        assert!(s.apply(1, 6, "t6", "contact_logged", &contact).is_err());
        assert!(s.apply(3, 1, "t", "contact_logged", &contact).is_err());
    }

    #[test]
    fn closing_a_contact_sets_its_outcome_and_route() {
        let mut s = State::default();
        let contact = json!({"contact": {"id": 2, "case_id": 1, "step": "platform_support",
            "channel": "chat", "date": "2026-11-03", "outcome": null, "refund_method": null,
            "items": []}});
        s.apply(1, 5, "t5", "contact_logged", &contact).unwrap();
        let close =
            json!({"contact_id": 2, "outcome": "refund approved", "refund_method": "alipay"});
        s.apply(1, 6, "t6", "contact_closed", &close).unwrap();
        assert_eq!(
            s.contacts[&2]["outcome"].as_deref(),
            Some("refund approved")
        );
        assert_eq!(s.contacts[&2]["refund_method"].as_deref(), Some("alipay"));
        assert!(s.apply(3, 7, "t7", "contact_closed", &close).is_err());
        assert!(s
            .apply(
                1,
                8,
                "t8",
                "contact_closed",
                &json!({"contact_id": 9, "outcome": "x"})
            )
            .is_err());
    }

    #[test]
    fn a_second_save_replaces_the_letter_row() {
        let mut s = State::default();
        let save = |body: &str| {
            json!({"letter": {"id": 1, "case_id": 1, "kind": "request",
            "lang": "zh", "body": body}})
        };
        s.apply(1, 2, "t2", "letter_saved", &save("初稿")).unwrap();
        s.apply(1, 3, "t3", "letter_saved", &save("定稿")).unwrap();
        assert_eq!(s.letters[&1]["body"].as_deref(), Some("定稿"));
        assert_eq!(s.letters[&1]["saved_at"].as_deref(), Some("t3"));
        let other_lang = json!({"letter": {"id": 1, "case_id": 1, "kind": "request",
            "lang": "en", "body": "x"}});
        assert!(s.apply(1, 4, "t4", "letter_saved", &other_lang).is_err());
    }

    /// Every column of each table gets a value from the entry or its payload, so a stored cell
    /// that replay does not rebuild cannot exist.
    #[test]
    fn replayed_rows_have_every_column_of_their_table() {
        let mut s = State::default();
        let entries = [
            ("case_created", json!({"case": {"title": "x"}})),
            ("evidence_added", json!({"item": {"id": 5, "sha256": "ab"}})),
            (
                "contact_logged",
                json!({"contact": {"id": 2, "case_id": 1}}),
            ),
            (
                "letter_saved",
                json!({"letter": {"id": 1, "case_id": 1, "kind": "request"}}),
            ),
        ];
        for (seq, (action, payload)) in (1..).zip(entries) {
            s.apply(1, seq, "t", action, &payload).unwrap();
        }
        for (table, rows) in [
            (&CASES, &s.cases),
            (&ITEMS, &s.items),
            (&CONTACTS, &s.contacts),
            (&LETTERS, &s.letters),
        ] {
            let mut want: Vec<&str> = table.names().collect();
            want.sort_unstable();
            let row = rows.values().next().unwrap();
            let have: Vec<&str> = row.keys().map(String::as_str).collect();
            assert_eq!(have, want, "{}", table.name);
        }
    }

    #[test]
    fn foreign_item_and_unknown_action_are_errors() {
        let mut s = State::default();
        assert!(s
            .apply(1, 1, "t", "evidence_withdrawn", &json!({"item_id": 9}))
            .is_err());
        assert!(s.apply(1, 1, "t", "teleported", &json!({})).is_err());
    }
}
