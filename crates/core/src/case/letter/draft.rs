//! The user's edited letter, saved with the case: one draft per case, kind and language. Each
//! save writes the row and its `letter_saved` ledger entry (which carries the whole text) in one
//! transaction, so verify can rebuild the table from the chain and a later edit stays provable.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Lang, LetterKind};
use crate::case::repo;
use crate::error::{Error, Result};
use crate::ledger::{self, Event};
use crate::store::Library;
use crate::time;

/// A letter is a page or two; anything far larger is a paste gone wrong.
const MAX_BODY_BYTES: usize = 64 * 1024;

const LETTER_COLS: &str = crate::store::tables::LETTERS.columns;

/// What the user last saved for one letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LetterDraft {
    pub text: String,
    /// When it was saved (UTC): its ledger entry's time.
    pub saved_at: String,
}

/// A draft as the `letter_saved` entry records it: every column but `saved_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterRecord {
    id: i64,
    case_id: i64,
    kind: LetterKind,
    lang: Lang,
    body: String,
}

fn check_body(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "letter",
            "the letter is empty: write or compose it before saving",
            "信件内容为空：请先撰写或生成后再保存",
        ));
    }
    if text.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(
            "letter",
            format!(
                "the letter is {} KiB; at most {} KiB can be saved",
                text.len() / 1024,
                MAX_BODY_BYTES / 1024
            ),
            format!(
                "信件有 {} KiB，最多可保存 {} KiB",
                text.len() / 1024,
                MAX_BODY_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

/// Reads a letter the user edited elsewhere: UTF-8 text, at most the size a draft may have.
/// Reads one byte past the cap, never the whole of a huge file.
pub fn read_letter_text(mut input: impl std::io::Read, name: &str) -> Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    (&mut input)
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(std::path::Path::new(name), e))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(
            "letter",
            format!("{name} is larger than {} KiB", MAX_BODY_BYTES / 1024),
            format!("{name} 超过 {} KiB", MAX_BODY_BYTES / 1024),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::invalid(
            "letter",
            format!("{name} is not UTF-8 text: save it as UTF-8 and try again"),
            format!("{name} 不是 UTF-8 文本：请另存为 UTF-8 后重试"),
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

fn serde_name<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Library {
    /// Saves `text` as the case's `kind` letter in `lang`, replacing an earlier draft (the
    /// earlier text stays in the chain).
    pub fn save_letter(
        &self,
        case_id: i64,
        kind: LetterKind,
        lang: Lang,
        text: &str,
    ) -> Result<LetterDraft> {
        check_body(text)?;
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        repo::get_case(&tx, case_id)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM letters WHERE case_id = ?1 AND kind = ?2 AND lang = ?3",
                params![case_id, serde_name(kind), serde_name(lang)],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM letters", [], |r| {
                r.get(0)
            })?,
        };
        let record = LetterRecord {
            id,
            case_id,
            kind,
            lang,
            body: text.to_string(),
        };
        let event = Event::LetterSaved { letter: &record };
        let entry = ledger::append(&tx, case_id, &time::now(), &event)?;
        // The chain holds NFC text; the row holds exactly what the chain says.
        let body = entry.payload["letter"]["body"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        tx.execute(
            &format!(
                "INSERT INTO letters ({LETTER_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at"
            ),
            params![
                id,
                case_id,
                serde_name(kind),
                serde_name(lang),
                body,
                entry.at
            ],
        )?;
        tx.commit()?;
        Ok(LetterDraft {
            text: body,
            saved_at: entry.at,
        })
    }

    /// The saved draft of the case's `kind` letter in `lang`, if the user saved one.
    pub fn letter_draft(
        &self,
        case_id: i64,
        kind: LetterKind,
        lang: Lang,
    ) -> Result<Option<LetterDraft>> {
        let conn = self.connect()?;
        draft(&conn, case_id, kind, lang)
    }
}

pub(crate) fn draft(
    conn: &Connection,
    case_id: i64,
    kind: LetterKind,
    lang: Lang,
) -> Result<Option<LetterDraft>> {
    Ok(conn
        .query_row(
            "SELECT body, saved_at FROM letters WHERE case_id = ?1 AND kind = ?2 AND lang = ?3",
            params![case_id, serde_name(kind), serde_name(lang)],
            |r| {
                Ok(LetterDraft {
                    text: r.get(0)?,
                    saved_at: r.get(1)?,
                })
            },
        )
        .optional()?)
}
