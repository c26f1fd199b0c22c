//! A ledger entry, its hash, and appending one inside the caller's transaction.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::canonical::{jcs, nfc};
use crate::error::Result;

pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const DOMAIN: &[u8] = b"proofpack-ledger-v1\n";

/// Every kind of change a case can go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CaseCreated,
    CaseUpdated,
    EvidenceAdded,
    EvidenceAnnotated,
    EvidenceRecategorized,
    EvidenceWithdrawn,
    ContactLogged,
    ContactClosed,
    LetterSaved,
    Exported,
    Anchored,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CaseCreated => "case_created",
            Action::CaseUpdated => "case_updated",
            Action::EvidenceAdded => "evidence_added",
            Action::EvidenceAnnotated => "evidence_annotated",
            Action::EvidenceRecategorized => "evidence_recategorized",
            Action::EvidenceWithdrawn => "evidence_withdrawn",
            Action::ContactLogged => "contact_logged",
            Action::ContactClosed => "contact_closed",
            Action::LetterSaved => "letter_saved",
            Action::Exported => "exported",
            Action::Anchored => "anchored",
        }
    }
}

/// One link of a case's evidence chain, as stored and as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LedgerEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub case_id: i64,
    pub at: String,
    pub action: String,
    pub payload: Value,
    pub prev: String,
    pub hash: String,
}

/// `SHA-256(0x00 || "proofpack-ledger-v1\n" || JCS(entry without hash))`, lowercase hex.
pub fn entry_hash(
    seq: i64,
    case_id: i64,
    at: &str,
    action: &str,
    payload: &Value,
    prev: &str,
) -> String {
    let body = json!({
        "seq": seq, "case_id": case_id, "at": at, "action": action, "payload": payload, "prev": prev,
    });
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(DOMAIN);
    h.update(jcs(&nfc(body)));
    hex::encode(h.finalize())
}

/// Appends the next entry of `case_id`'s chain; must share the transaction of the change it records.
pub fn append(
    tx: &Transaction,
    case_id: i64,
    at: &str,
    action: Action,
    payload: Value,
) -> Result<LedgerEntry> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM ledger WHERE case_id = ?1 ORDER BY seq DESC LIMIT 1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS_PREV.to_string()),
    };
    let payload = nfc(payload);
    let at: String = nfc(Value::String(at.to_string()))
        .as_str()
        .unwrap_or(at)
        .to_string();
    let hash = entry_hash(seq, case_id, &at, action.as_str(), &payload, &prev);
    let payload_text = String::from_utf8(jcs(&payload)).unwrap_or_default();
    tx.execute(
        "INSERT INTO ledger (case_id, seq, at, action, payload, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![case_id, seq, at, action.as_str(), payload_text, prev, hash],
    )?;
    Ok(LedgerEntry {
        seq,
        case_id,
        at,
        action: action.as_str().into(),
        payload,
        prev,
        hash,
    })
}

/// A stored row, before its payload text is parsed (verify needs the raw text when parsing fails).
#[derive(Debug, Clone)]
pub struct RawEntry {
    pub seq: i64,
    pub case_id: i64,
    pub at: String,
    pub action: String,
    pub payload: String,
    pub prev: String,
    pub hash: String,
}

pub fn load_raw(conn: &rusqlite::Connection, case_id: i64) -> Result<Vec<RawEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, case_id, at, action, payload, prev, hash FROM ledger WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(RawEntry {
            seq: r.get(0)?,
            case_id: r.get(1)?,
            at: r.get(2)?,
            action: r.get(3)?,
            payload: r.get(4)?,
            prev: r.get(5)?,
            hash: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn load(conn: &rusqlite::Connection, case_id: i64) -> Result<Vec<LedgerEntry>> {
    Ok(load_raw(conn, case_id)?
        .into_iter()
        .map(|r| LedgerEntry {
            payload: serde_json::from_str(&r.payload).unwrap_or(Value::String(r.payload)),
            seq: r.seq,
            case_id: r.case_id,
            at: r.at,
            action: r.action,
            prev: r.prev,
            hash: r.hash,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_domain_separated_sha256_of_jcs() {
        let payload = json!({"b": "x", "a": 1});
        let got = entry_hash(
            1,
            7,
            "2026-11-25T00:00:00.000Z",
            "case_created",
            &payload,
            GENESIS_PREV,
        );
        let jcs_text = format!(
            r#"{{"action":"case_created","at":"2026-11-25T00:00:00.000Z","case_id":7,"payload":{{"a":1,"b":"x"}},"prev":"{GENESIS_PREV}","seq":1}}"#
        );
        let mut bytes = vec![0u8];
        bytes.extend_from_slice(b"proofpack-ledger-v1\n");
        bytes.extend_from_slice(jcs_text.as_bytes());
        assert_eq!(got, hex::encode(Sha256::digest(&bytes)));
    }
}
