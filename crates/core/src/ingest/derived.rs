//! Storing and reading derived data (transcripts, bill rows, facts, suggestions). None of it is
//! evidence: it is rebuilt from the originals, so it lives outside the ledger.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::analyze::{Body, Derived, PARSER_VERSION};
use super::bill;
use super::chat::dates::{self, DateOrder};
use super::suggest::Suggestion;
use crate::case::item::FactFix;
use crate::case::{repo, Case, Item, ItemStatus};
use crate::error::{Error, Result};
use crate::extract::{Fact, FactKind};
use crate::ledger::{self, Event};
use crate::store::Library;

/// Everything known about one item, for `show ITEM` and the app's item viewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemDetails {
    pub item: Item,
    pub derived: Option<Derived>,
    pub facts: Vec<Fact>,
    pub suggestion: Option<Suggestion>,
    /// Bill rows that match the case's order number, amount or date: proposed as belonging to it.
    pub bill_matches: Vec<RowMatch>,
    /// The text read from a capture, once it has been read.
    pub ocr: Option<crate::ocr::job::OcrResult>,
    /// When a picture was taken, as EXIF or its file name says.
    #[serde(default)]
    pub source_time: Option<super::source_time::SourceTime>,
}

/// An item after the user chose how its chat's dates read, with the reading now used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DatesRead {
    pub item: Item,
    pub dates: Option<dates::DateReading>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowMatch {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: u32,
    /// Which case fields agree: order_no, amount, date.
    pub fields: Vec<String>,
}

fn bill_matches(derived: Option<&Derived>, case: &crate::case::Case) -> Vec<RowMatch> {
    let Some(Body::Bill(bill)) = derived.map(|d| &d.body) else {
        return Vec::new();
    };
    let f = &case.fields;
    bill.rows
        .iter()
        .filter_map(|r| {
            let hits = bill::matches_case(
                r,
                f.order_no.as_deref(),
                f.amount.as_deref(),
                f.paid_at.as_deref(),
            );
            (!hits.is_empty()).then(|| RowMatch {
                row: r.row,
                fields: hits.into_iter().map(String::from).collect(),
            })
        })
        .collect()
}

/// What import derives for an item besides its analysis: the facts (from the analysis, the
/// file name and the note it is added with) and the category suggestion. Import and the
/// rebuild of a received pack both call this, so a pack made again matches the original.
pub fn facts_and_suggestion(
    d: &Derived,
    name: &str,
    media_type: &str,
    note: Option<&str>,
) -> (Vec<Fact>, Suggestion) {
    // The item id is filled in when the facts are saved.
    let facts = super::facts::item_facts(0, d, name, note);
    let suggestion = super::suggest::suggest(name, media_type, d, &facts);
    (facts, suggestion)
}

/// Stores an item's derived data: the analysis (by hash), its facts and its suggestion.
pub fn save_item(
    tx: &Transaction,
    item_id: i64,
    d: &Derived,
    facts: &[Fact],
    suggestion: &Suggestion,
    at: &str,
) -> Result<()> {
    save(tx, d, at)?;
    save_facts(tx, item_id, facts)?;
    save_suggestion(tx, item_id, suggestion)
}

pub fn save(tx: &Transaction, d: &Derived, at: &str) -> Result<()> {
    let body = d.body.to_json();
    tx.execute(
        "INSERT OR REPLACE INTO derived (sha256, kind, format, encoding, had_errors, body, reason, reason_zh, parser_version, made_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![d.sha256, d.body.kind(), d.format, d.encoding, d.had_errors, body, d.reason, d.reason_zh, PARSER_VERSION, at],
    )?;
    Ok(())
}

pub fn save_facts(tx: &Transaction, item_id: i64, facts: &[Fact]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO facts (item_id, kind, value, snippet, source, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for f in facts {
        stmt.execute(params![
            item_id,
            f.kind.as_str(),
            f.value,
            f.snippet,
            f.source,
            f.position
        ])?;
    }
    Ok(())
}

pub fn save_suggestion(tx: &Transaction, item_id: i64, s: &Suggestion) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO suggestions (item_id, category, reason, reason_zh) VALUES (?1, ?2, ?3, ?4)",
        params![item_id, s.category.as_str(), s.reason, s.reason_zh],
    )?;
    Ok(())
}

fn details_of(conn: &Connection, item: Item, case: &Case) -> Result<ItemDetails> {
    let item_id = item.record.id;
    let suggestion = conn
        .prepare_cached("SELECT category, reason, reason_zh FROM suggestions WHERE item_id = ?1")?
        .query_row([item_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .and_then(|(c, reason, reason_zh)| {
            c.parse().ok().map(|category| Suggestion {
                category,
                reason,
                reason_zh,
            })
        });
    let mut derived = load_derived(conn, &item.record.sha256)?;
    if let Some(Body::Transcript(t)) = derived.as_mut().map(|d| &mut d.body) {
        let days = dates::case_days(case.fields.paid_at.as_deref(), &item.imported_at);
        dates::settle(t, item.date_order, days);
    }
    let source_time = super::source_time::of(&item.record.original_name, derived.as_ref());
    let captured = crate::ocr::job::captured_day(&item, source_time.as_ref());
    let mut d = ItemDetails {
        source_time,
        bill_matches: bill_matches(derived.as_ref(), case),
        ocr: crate::ocr::job::load_any(conn, &item.record.sha256)?.map(|o| o.with_chat(captured)),
        derived,
        facts: load_facts(conn, "f.item_id = ?1", item_id)?,
        suggestion,
        item,
    };
    let tied = crate::checks::rules::strong_rows(&d);
    d.facts.retain(|f| of_the_case(f, &tied));
    Ok(d)
}

/// A bill lists every payment of a period (a metro ride, a coffee): only the rows tied to the
/// case (confirmed, or matching it) give facts of the case; the rest stay in the bill view.
fn of_the_case(f: &Fact, tied_rows: &[u32]) -> bool {
    f.source != BILL_SOURCE || u32::try_from(f.position).is_ok_and(|row| tied_rows.contains(&row))
}

/// The `source` of a fact read from a bill's columns; its `position` is the row.
pub const BILL_SOURCE: &str = "bill";

fn load_derived(conn: &Connection, sha256: &str) -> Result<Option<Derived>> {
    Ok(conn
        .prepare_cached(
            "SELECT sha256, kind, format, encoding, had_errors, body, reason, reason_zh FROM derived WHERE sha256 = ?1",
        )?
        .query_row(
            [sha256],
            |r| {
                let kind: String = r.get(1)?;
                let body: Option<String> = r.get(5)?;
                Ok(Derived {
                    sha256: r.get(0)?,
                    body: Body::from_json(&kind, body.as_deref()),
                    format: r.get(2)?,
                    encoding: r.get(3)?,
                    had_errors: r.get(4)?,
                    reason: r.get(6)?,
                    reason_zh: r.get(7)?,
                })
            },
        )
        .optional()?)
}

/// Facts as found, with the user's corrections applied (a corrected fact keeps what was read
/// in `read_as`). Fixes are read once per item, not per fact.
fn load_facts(conn: &Connection, sql_where: &str, id: i64) -> Result<Vec<Fact>> {
    let mut fixes: std::collections::HashMap<i64, Vec<FactFix>> = Default::default();
    let mut fix_stmt = conn.prepare_cached(&format!(
        "SELECT i.id, i.fact_fixes FROM items i WHERE i.fact_fixes IS NOT NULL AND {}",
        sql_where.replace("f.item_id", "i.id")
    ))?;
    for row in fix_stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (item, text) = row?;
        fixes.insert(item, serde_json::from_str(&text).unwrap_or_default());
    }
    let mut facts = load_found(conn, sql_where, id)?;
    for f in &mut facts {
        if let Some(fix) = fixes
            .get(&f.item_id)
            .and_then(|l| l.iter().find(|x| x.about(f)))
        {
            f.read_as = Some(std::mem::replace(&mut f.value, fix.value.clone()));
        }
    }
    Ok(facts)
}

fn load_found(conn: &Connection, sql_where: &str, id: i64) -> Result<Vec<Fact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.item_id, f.kind, f.value, f.snippet, f.source, f.position FROM facts f \
         JOIN items i ON i.id = f.item_id WHERE {sql_where} ORDER BY f.item_id, f.id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let kind: String = r.get(1)?;
        Ok((
            kind,
            Fact {
                item_id: r.get(0)?,
                kind: FactKind::OrderNo,
                value: r.get(2)?,
                snippet: r.get(3)?,
                source: r.get(4)?,
                position: r.get(5)?,
                read_as: None,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, mut fact) = row?;
        // An unknown kind (written by a newer version) is skipped rather than misread.
        if let Some(k) = FactKind::parse(&kind) {
            fact.kind = k;
            out.push(fact);
        }
    }
    Ok(out)
}

impl Library {
    pub fn item_details(&self, item_id: i64) -> Result<ItemDetails> {
        let conn = self.connect()?;
        let item = repo::get_item(&conn, item_id)?;
        self.refresh(&conn, item.case_id)?;
        let case = repo::get_case(&conn, item.case_id)?;
        details_of(&conn, item, &case)
    }

    /// Details of every item of a case (withdrawn ones too), in id order, on one connection
    /// with cached statements: the checklist of a 10,000-item case needs no 10,000 connections.
    pub fn case_item_details(&self, case_id: i64) -> Result<Vec<ItemDetails>> {
        let conn = self.connect()?;
        self.refresh(&conn, case_id)?;
        let case = repo::get_case(&conn, case_id)?;
        repo::list_items(&conn, case_id)?
            .into_iter()
            .map(|item| details_of(&conn, item, &case))
            .collect()
    }

    /// Reads again, from their originals, the chats, bills and texts of a case that an older
    /// parser read ([`PARSER_VERSION`]), so a library made before a parser fix gets the fix:
    /// the reading and the facts found in it are replaced (OCR facts and the user's
    /// corrections stay), the ledger is untouched (none of this is evidence). Pictures keep
    /// their reading: rebuilding thumbnails is not worth a slow open. A read-only library is
    /// read as it is.
    fn refresh(&self, conn: &Connection, case_id: i64) -> Result<()> {
        let stale: Vec<(String, i64, String, String)> = conn
            .prepare_cached(
                "SELECT i.sha256, MIN(i.size), MIN(i.media_type), MIN(i.original_name) FROM items i \
                 JOIN derived d ON d.sha256 = i.sha256 \
                 WHERE i.case_id = ?1 AND d.parser_version < ?2 AND d.kind IN ('transcript', 'bill', 'text') \
                 GROUP BY i.sha256",
            )?
            .query_map(params![case_id, PARSER_VERSION], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if stale.is_empty() || self.is_read_only() {
            return Ok(());
        }
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let at = crate::time::now();
        for (sha, size, media_type, name) in stale {
            let size = u64::try_from(size).unwrap_or(0);
            let d = super::analyze::analyze(
                self.objects(),
                &self.thumbs_dir(),
                &sha,
                size,
                &media_type,
                &name,
            );
            save(&tx, &d, &at)?;
            // Every item of these bytes, in any case: its facts come from the new reading.
            let holders: Vec<(i64, String, Option<String>)> = tx
                .prepare_cached("SELECT id, original_name, note FROM items WHERE sha256 = ?1")?
                .query_map([&sha], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, name, note) in holders {
                let (facts, suggestion) =
                    facts_and_suggestion(&d, &name, &media_type, note.as_deref());
                tx.execute(
                    "DELETE FROM facts WHERE item_id = ?1 AND source <> 'ocr'",
                    [id],
                )?;
                save_facts(&tx, id, &facts)?;
                save_suggestion(&tx, id, &suggestion)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records which rows of an item's bill belong to the case (replacing the earlier choice).
    pub fn confirm_bill_rows(&self, item_id: i64, rows: &[u32]) -> Result<Item> {
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let item = repo::get_item(&tx, item_id)?;
        let bill = match load_derived(&tx, &item.record.sha256)?.map(|d| d.body) {
            Some(Body::Bill(b)) => b,
            _ => {
                return Err(Error::invalid(
                    "item",
                    format!("item {item_id} is not a payment bill"),
                    format!("证据 {item_id} 不是支付账单"),
                ))
            }
        };
        let mut rows: Vec<u32> = rows.to_vec();
        rows.sort_unstable();
        rows.dedup();
        if let Some(bad) = rows
            .iter()
            .find(|n| !bill.rows.iter().any(|r| r.row == **n))
        {
            return Err(Error::invalid(
                "row",
                format!("the bill has no row {bad}"),
                format!("账单中没有第 {bad} 行"),
            ));
        }
        let at = crate::time::now();
        let event = Event::BillRowsConfirmed {
            item_id,
            bill_rows: &rows,
        };
        ledger::append(&tx, item.case_id, &at, &event)?;
        let text = serde_json::to_string(&rows)
            .map_err(|e| Error::invalid("row", e.to_string(), e.to_string()))?;
        tx.execute(
            "UPDATE items SET bill_rows = ?2 WHERE id = ?1",
            params![item_id, text],
        )?;
        tx.commit()?;
        self.item(item_id)
    }

    /// Reads a chat's ambiguous dates day/month or month/day, as the user says: a ledger entry.
    /// Only a chat whose dates allow both readings takes it.
    pub fn set_date_order(&self, item_id: i64, order: DateOrder) -> Result<DatesRead> {
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let item = repo::get_item(&tx, item_id)?;
        let ambiguous = matches!(
            load_derived(&tx, &item.record.sha256)?.map(|d| d.body),
            Some(Body::Transcript(t)) if t.dates.is_some()
        );
        if !ambiguous {
            return Err(Error::invalid(
                "item",
                format!("item {item_id} is not a chat whose dates can be read two ways"),
                format!("证据 {item_id} 不是日期有两种读法的聊天记录"),
            ));
        }
        if item.date_order != Some(order) {
            let event = Event::DatesRead {
                item_id,
                date_order: order,
            };
            ledger::append(&tx, item.case_id, &crate::time::now(), &event)?;
            tx.execute(
                "UPDATE items SET date_order = ?2 WHERE id = ?1",
                params![item_id, order.as_str()],
            )?;
            tx.commit()?;
        }
        let d = self.item_details(item_id)?;
        let dates = match d.derived.map(|x| x.body) {
            Some(Body::Transcript(t)) => t.dates,
            _ => None,
        };
        Ok(DatesRead {
            item: d.item,
            dates,
        })
    }

    /// Sets (or, with an empty text, clears) an item's note: what the user says the file shows.
    /// A ledger entry; the facts found in the note count for the case like any other.
    pub fn set_note(&self, item_id: i64, note: &str) -> Result<Item> {
        const MAX_CHARS: usize = 4000;
        let note = note.trim();
        if note.chars().count() > MAX_CHARS {
            return Err(Error::invalid(
                "note",
                format!("a note holds at most {MAX_CHARS} characters"),
                format!("备注最多 {MAX_CHARS} 个字"),
            ));
        }
        let note = (!note.is_empty()).then_some(note);
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let item = repo::get_item(&tx, item_id)?;
        if item.record.note.as_deref() == note {
            return Ok(item);
        }
        let event = Event::NoteSet { item_id, note };
        let entry = ledger::append(&tx, item.case_id, &crate::time::now(), &event)?;
        // The table holds what the chain holds (NFC), so replay agrees byte for byte.
        let note = entry.payload["note"].as_str();
        tx.execute(
            "UPDATE items SET note = ?2 WHERE id = ?1",
            params![item_id, note],
        )?;
        tx.execute(
            "DELETE FROM facts WHERE item_id = ?1 AND source = 'note'",
            [item_id],
        )?;
        let mut facts = Vec::new();
        if let Some(n) = note {
            super::facts::from_text(item_id, n, "note", Some(0), &mut facts);
        }
        save_facts(&tx, item_id, &facts)?;
        tx.commit()?;
        self.item(item_id)
    }

    /// The user's word on a fact found in an item (e.g. OCR read a 0 as an O): `value` replaces
    /// what was found, or, when equal to it, confirms it. One ledger entry carrying the item's
    /// whole list of fixes; the original, the reading and the found fact all stay.
    pub fn fix_fact(&self, item_id: i64, found: &Fact, value: &str) -> Result<Item> {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > 200 {
            return Err(Error::invalid(
                "value",
                "a fact's value is 1 to 200 characters",
                "事实的值应为 1 到 200 个字",
            ));
        }
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let item = repo::get_item(&tx, item_id)?;
        let read = found.read_as.as_deref().unwrap_or(&found.value);
        let as_found = load_found(&tx, "f.item_id = ?1", item_id)?;
        let Some(f) = as_found.iter().find(|f| {
            f.kind == found.kind
                && f.source == found.source
                && f.position == found.position
                && f.value == read
        }) else {
            return Err(Error::invalid(
                "fact",
                format!("item {item_id} has no such fact"),
                format!("证据 {item_id} 中没有这一事实"),
            ));
        };
        let fix = FactFix {
            kind: f.kind,
            source: f.source.clone(),
            position: f.position,
            read: f.value.clone(),
            value: value.to_string(),
        };
        let mut fixes: Vec<FactFix> = item
            .fact_fixes
            .iter()
            .filter(|x| !x.about(f))
            .cloned()
            .collect();
        fixes.push(fix);
        let event = Event::FactsFixed {
            item_id,
            fact_fixes: &fixes,
        };
        let entry = ledger::append(&tx, item.case_id, &crate::time::now(), &event)?;
        tx.execute(
            "UPDATE items SET fact_fixes = ?2 WHERE id = ?1",
            params![item_id, entry.payload["fact_fixes"].to_string()],
        )?;
        tx.commit()?;
        self.item(item_id)
    }

    /// [`Library::fix_fact`] for the fact of `kind` (its stable name) whose value, as found or
    /// as already corrected, is `found`: how the CLI names a fact.
    pub fn fix_fact_found(
        &self,
        item_id: i64,
        kind: &str,
        found: &str,
        value: &str,
    ) -> Result<Item> {
        let kind = FactKind::parse(kind).ok_or_else(|| {
            Error::invalid(
                "kind",
                format!("unknown fact kind {kind:?}"),
                format!("未知的事实类型 {kind:?}"),
            )
        })?;
        let facts = self.item_details(item_id)?.facts;
        let fact = facts
            .iter()
            .find(|f| f.kind == kind && (f.value == found || f.read_as.as_deref() == Some(found)))
            .ok_or_else(|| {
                Error::invalid(
                    "fact",
                    format!("item {item_id} has no {} {found:?}", kind.as_str()),
                    format!("证据 {item_id} 中没有{} {found:?}", kind.label().zh),
                )
            })?;
        self.fix_fact(item_id, fact, value)
    }

    /// Facts of the case's active items (withdrawn evidence no longer speaks for the case).
    pub fn case_facts(&self, case_id: i64) -> Result<Vec<Fact>> {
        let conn = self.connect()?;
        let case = repo::get_case(&conn, case_id)?;
        let active = ItemStatus::Active.as_str();
        let mut facts = load_facts(
            &conn,
            &format!("i.case_id = ?1 AND i.status = '{active}'"),
            case_id,
        )?;
        // Only the bills need their rows tied to the case; a large chat is not loaded for that.
        let mut tied: HashMap<i64, Vec<u32>> = HashMap::new();
        for f in facts.iter().filter(|f| f.source == BILL_SOURCE) {
            if let std::collections::hash_map::Entry::Vacant(e) = tied.entry(f.item_id) {
                let d = details_of(&conn, repo::get_item(&conn, f.item_id)?, &case)?;
                e.insert(crate::checks::rules::strong_rows(&d));
            }
        }
        facts.retain(|f| of_the_case(f, tied.get(&f.item_id).map_or(&[], Vec::as_slice)));
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::timeline::TimelineKind;
    use crate::case::CaseFields;

    /// A US phone's WhatsApp export (AM/PM, so read month-first): its `04/11/2026` is only
    /// ambiguous, and the case bought on 2 November says it is 4 November.
    const CHAT: &str = "[04/11/2026, 10:00:00 AM] 客服: 虚拟商品不予退款\n[05/11/2026, 9:00:00 AM] 我: 请书面说明不予退款的理由\n";

    fn case_with_chat() -> (tempfile::TempDir, Library, i64, i64) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib
            .create_case(CaseFields {
                title: "会员未开通".into(),
                paid_at: Some("2026-11-02".into()),
                ..Default::default()
            })
            .unwrap();
        let path = dir.path().join("WhatsApp Chat with 星河客服.txt");
        std::fs::write(&path, CHAT).unwrap();
        let r = lib.import_for_test(case.id, &[path]);
        (dir, lib, case.id, r.added[0].record.id)
    }

    fn chat_of(lib: &Library, item: i64) -> crate::ingest::chat::Transcript {
        match lib.item_details(item).unwrap().derived.unwrap().body {
            Body::Transcript(t) => t,
            other => panic!("not a chat: {other:?}"),
        }
    }

    fn refusal_at(lib: &Library, case: i64) -> Vec<String> {
        let events = lib.timeline(case).unwrap();
        events
            .iter()
            .filter(|e| e.kind == TimelineKind::Refusal)
            .map(|e| e.at.clone())
            .collect()
    }

    #[test]
    fn the_case_settles_a_chats_dates_and_the_users_switch_is_recorded_and_verified() {
        let (_d, lib, case, item) = case_with_chat();
        let t = chat_of(&lib, item);
        assert_eq!(
            t.messages[0].time.as_deref(),
            Some("2026-11-04T10:00:00+08:00")
        );
        assert_eq!(
            t.dates.as_ref().map(|d| d.basis),
            Some(dates::DateBasis::Case)
        );
        // The platform's refusal follows the purchase in the timeline, as it did in fact.
        assert_eq!(refusal_at(&lib, case), ["2026-11-04T10:00:00+08:00"]);

        let read = lib.set_date_order(item, DateOrder::MonthDay).unwrap();
        assert_eq!(read.item.date_order, Some(DateOrder::MonthDay));
        assert_eq!(read.dates.map(|d| d.basis), Some(dates::DateBasis::User));
        assert_eq!(
            chat_of(&lib, item).messages[0].time.as_deref(),
            Some("2026-04-11T10:00:00+08:00")
        );
        assert_eq!(refusal_at(&lib, case), ["2026-04-11T10:00:00+08:00"]);
        let last = lib.log(case).unwrap().pop().unwrap();
        assert_eq!(last.action, "evidence_annotated");
        assert_eq!(
            last.payload,
            serde_json::json!({ "item_id": item, "date_order": "month_day" })
        );
        // The same choice again writes nothing.
        let entries = lib.log(case).unwrap().len();
        lib.set_date_order(item, DateOrder::MonthDay).unwrap();
        assert_eq!(lib.log(case).unwrap().len(), entries);
        assert!(lib.verify(Some(case)).unwrap().ok);

        // The column edited behind the app's back no longer matches the chain.
        let conn = lib.connect().unwrap();
        conn.execute(
            "UPDATE items SET date_order = 'day_month' WHERE id = ?1",
            [item],
        )
        .unwrap();
        assert!(!lib.verify(Some(case)).unwrap().ok);
    }

    #[test]
    fn only_a_chat_whose_dates_read_two_ways_takes_a_reading() {
        let (dir, lib, case, _) = case_with_chat();
        let path = dir.path().join("WhatsApp Chat with 客服.txt");
        std::fs::write(&path, "13/11/2026, 10:00 - 客服: 不予退款\n").unwrap();
        let r = lib.import_for_test(case, &[path]);
        let err = lib
            .set_date_order(r.added[0].record.id, DateOrder::MonthDay)
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.message_zh().contains("不是日期有两种读法的聊天记录"));
        assert_eq!(
            lib.set_date_order(999, DateOrder::MonthDay)
                .unwrap_err()
                .code(),
            "item_not_found"
        );
    }

    #[test]
    fn a_chat_read_by_an_older_parser_is_read_again_when_its_case_is_read() {
        let (_d, lib, case, item) = case_with_chat();
        // As a library made before the fix holds it: no `dates`, the old warning, version 2.
        let conn = lib.connect().unwrap();
        let sha: String = conn
            .query_row("SELECT sha256 FROM items WHERE id = ?1", [item], |r| {
                r.get(0)
            })
            .unwrap();
        let old = r#"{"format":"whatsapp_txt","title":"星河客服","messages":[{"time":"2026-04-11T10:00:00+08:00","offset_assumed":true,"sender":"客服","from_self":false,"text":"虚拟商品不予退款","media":null}],"warnings":["dates are ambiguous (no day above 12): read as month/day because times use AM/PM"]}"#;
        conn.execute(
            "UPDATE derived SET body = ?2, parser_version = 2 WHERE sha256 = ?1",
            rusqlite::params![sha, old],
        )
        .unwrap();
        conn.execute("DELETE FROM facts WHERE item_id = ?1", [item])
            .unwrap();
        let t = chat_of(&lib, item);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(t.dates.map(|d| d.basis), Some(dates::DateBasis::Case));
        assert_eq!(t.messages.len(), 2);
        let version: i64 = conn
            .query_row(
                "SELECT parser_version FROM derived WHERE sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(version, PARSER_VERSION);
        // The facts were found again, and the chain did not change.
        assert!(lib
            .case_facts(case)
            .unwrap()
            .iter()
            .any(|f| f.kind == FactKind::Refusal));
        assert!(lib.verify(Some(case)).unwrap().ok);
    }
}
