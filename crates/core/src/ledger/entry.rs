//! A ledger entry, its hash, and appending one inside the caller's transaction.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::canonical::{jcs, nfc};
use super::Event;
use crate::error::Result;
use crate::text::Text;

pub const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const DOMAIN: &[u8] = b"proofpack-ledger-v1\n";

/// Every kind of change a case can go through: the `action` of an entry. Each [`Event`] has one;
/// replay, the timeline and the snapshot match on it without a catch-all, so a new kind does not
/// compile until each says what it does.
///
/// [`Event`]: super::Event
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
}

impl Action {
    /// The name stored in the `action` column (the serde name).
    pub fn as_str(self) -> String {
        crate::error::wire_name(&self)
    }

    /// The action named `name`, None for a name no Proofpack writes.
    pub fn parse(name: &str) -> Option<Action> {
        crate::error::from_wire_name(name)
    }

    /// How the timeline names it.
    pub fn label(self) -> Text {
        match self {
            Action::CaseCreated => Text::new("Case opened in Proofpack", "在证据包中建立案件"),
            Action::CaseUpdated => Text::new("Case details edited", "修改了案件信息"),
            Action::EvidenceAdded => Text::new("Evidence added", "添加证据"),
            Action::EvidenceWithdrawn => Text::new("Evidence withdrawn", "撤回证据"),
            Action::EvidenceRecategorized => Text::new("Category set", "设定类别"),
            Action::EvidenceAnnotated => Text::new("Evidence annotated", "补充证据说明"),
            Action::ContactLogged => Text::new("Contact logged", "记录一次沟通"),
            Action::ContactClosed => Text::new("Contact outcome recorded", "记录沟通结果"),
            Action::LetterSaved => Text::new("Letter saved", "保存信件"),
            Action::Exported => Text::new("Evidence pack exported", "导出证据包"),
        }
    }

    /// False for entries recorded for the chain only (an export): they change no table, so a
    /// pack made after one shows the same case state.
    pub fn changes_state(self) -> bool {
        match self {
            Action::CaseCreated
            | Action::CaseUpdated
            | Action::EvidenceAdded
            | Action::EvidenceAnnotated
            | Action::EvidenceRecategorized
            | Action::EvidenceWithdrawn
            | Action::ContactLogged
            | Action::ContactClosed
            | Action::LetterSaved => true,
            Action::Exported => false,
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

/// Appends `event` as the next entry of `case_id`'s chain; must share the transaction of the
/// change it records.
pub fn append(tx: &Transaction, case_id: i64, at: &str, event: &Event) -> Result<LedgerEntry> {
    let action = event.action();
    let payload = event.payload()?;
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
    let action = action.as_str();
    let hash = entry_hash(seq, case_id, &at, &action, &payload, &prev);
    let payload_text = String::from_utf8(jcs(&payload)).unwrap_or_default();
    tx.execute(
        "INSERT INTO ledger (case_id, seq, at, action, payload, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![case_id, seq, at, action, payload_text, prev, hash],
    )?;
    Ok(LedgerEntry {
        seq,
        case_id,
        at,
        action,
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
