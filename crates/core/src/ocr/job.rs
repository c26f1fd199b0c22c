//! Reading the captures of a case after import: each picture item is read once per content
//! (the result is kept by the original's hash), its facts are stored with source "ocr", and a
//! category that was only suggested follows what the text shows. Runs outside the import's
//! transaction, so import stays as fast as it was; each item's results commit on their own.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use chrono::NaiveDate;

use super::chat::{self, CaptureChat};
use super::{Cores, Engine, OcrText};
use crate::case::{repo, CategorySource, Item};
use crate::error::Result;
use crate::extract::Fact;
use crate::ingest::source_time::SourceTime;
use crate::ingest::{derived, picture, suggest};
use crate::store::Library;

/// What reading one item came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OcrOutcome {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_id: i64,
    /// Read now (false: the same capture was read before and its result reused).
    pub read: bool,
    /// Lines recognised.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub lines: u32,
    /// Facts found in them.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub facts: u32,
    /// Why the capture could not be read, in English and Chinese.
    pub reason: Option<String>,
    pub reason_zh: Option<String>,
}

/// Progress of reading a case's captures, for the app's progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum OcrEvent {
    /// These items are about to be read, in this order.
    Started {
        #[cfg_attr(feature = "ts", ts(type = "number[]"))]
        items: Vec<i64>,
    },
    /// One more was read.
    Read {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        done: u32,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        total: u32,
        outcome: OcrOutcome,
    },
}

/// The stored reading of one capture, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OcrResult {
    pub sha256: String,
    pub text: Option<OcrText>,
    pub reason: Option<String>,
    pub reason_zh: Option<String>,
    /// When the capture is a chat: its messages, read from the lines (derived, not stored).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub chat: Option<CaptureChat>,
}

impl OcrResult {
    /// Reads the chat in the lines, dated by the item's capture day.
    pub(crate) fn with_chat(mut self, captured: Option<NaiveDate>) -> Self {
        self.chat = self.text.as_ref().and_then(|t| chat::read(t, captured));
        self
    }
}

/// The day an item's capture was taken: its EXIF date or the time in its name, else its file's
/// time (China time).
pub fn captured_day(item: &Item, own: Option<&SourceTime>) -> Option<NaiveDate> {
    own.and_then(|t| crate::time::day_of(&t.at)).or_else(|| {
        let china = chrono::FixedOffset::east_opt(8 * 3600)?;
        let t = chrono::DateTime::parse_from_rfc3339(item.record.file_mtime.as_deref()?).ok()?;
        Some(t.with_timezone(&china).date_naive())
    })
}

/// Text as facts and categories match it: NFKC folds full-width forms (￥ → ¥, ： → :).
pub fn normalized(text: &str) -> String {
    text.nfkc().collect()
}

/// The facts of a capture's lines; `position` is the line's index, which links a fact to its box.
/// In a chat, a refusal, a promise or a ticket number counts only when the other party said it.
pub fn line_facts(item_id: i64, text: &OcrText, chat: Option<&CaptureChat>) -> Vec<Fact> {
    let mut out = Vec::new();
    for (i, line) in text.lines.iter().enumerate() {
        let mut found = Vec::new();
        let t = normalized(&line.text);
        crate::ingest::facts::from_text(item_id, &t, "ocr", Some(i as i64), &mut found);
        if chat.is_some_and(|c| c.said_by_self(i)) {
            found.retain(|f| !f.kind.only_from_the_other_party());
        }
        out.append(&mut found);
    }
    out
}

impl Library {
    /// Picture items of a case not yet read by `engine` (active or withdrawn alike: both are
    /// evidence that was handed in).
    pub fn ocr_pending(&self, case_id: i64, engine: &dyn Engine) -> Result<Vec<Item>> {
        let conn = self.connect()?;
        let mut out = Vec::new();
        for item in self.ocr_items(case_id)? {
            if load_row(&conn, &item.record.sha256, engine.engine())?.is_none() {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// Reads `items`, one per core at a time (the engine's own threads leave cores idle
    /// between its layers), reporting after each; stops taking new ones when `cancel` is set.
    /// One item's failure is its outcome's reason; outcomes come back in the order given.
    pub fn read_captures(
        &self,
        engine: &dyn Engine,
        items: &[i64],
        progress: &(dyn Fn(usize, usize, &OcrOutcome) + Sync),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<Vec<OcrOutcome>> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Mutex;
        let next = AtomicUsize::new(0);
        let done = Mutex::new(0usize);
        let results: Mutex<Vec<Option<Result<OcrOutcome>>>> =
            Mutex::new((0..items.len()).map(|_| None).collect());
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(items.len());
        let cores = if workers > 1 { Cores::One } else { Cores::All };
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let r = self.ocr_item(engine, items[i], cores);
                    if let Ok(o) = &r {
                        let mut d = done.lock().unwrap_or_else(|e| e.into_inner());
                        *d += 1;
                        progress(*d, items.len(), o);
                    }
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                });
            }
        });
        let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
        results.into_iter().flatten().collect()
    }

    /// Reads every capture of a case not read yet, reporting as it goes.
    pub fn read_case(
        &self,
        engine: &dyn Engine,
        case_id: i64,
        progress: &(dyn Fn(OcrEvent) + Sync),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<Vec<OcrOutcome>> {
        let ids: Vec<i64> = self
            .ocr_pending(case_id, engine)?
            .iter()
            .map(|i| i.record.id)
            .collect();
        progress(OcrEvent::Started { items: ids.clone() });
        self.read_captures(
            engine,
            &ids,
            &|done, total, o| {
                progress(OcrEvent::Read {
                    done: done as u32,
                    total: total as u32,
                    outcome: o.clone(),
                })
            },
            cancel,
        )
    }

    /// Reads the captures an import added and brings its report up to date: the items'
    /// categories and the suggestions now follow what their text shows.
    pub fn read_imported(
        &self,
        engine: &dyn Engine,
        report: &mut crate::ingest::ImportReport,
        progress: &(dyn Fn(usize, usize, &OcrOutcome) + Sync),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<()> {
        let ids: Vec<i64> = report
            .added
            .iter()
            .filter(|i| picture::is_picture(&i.record.media_type))
            .map(|i| i.record.id)
            .collect();
        report.ocr = self.read_captures(engine, &ids, progress, cancel)?;
        for item in report
            .added
            .iter_mut()
            .filter(|i| ids.contains(&i.record.id))
        {
            *item = self.item(item.record.id)?;
        }
        for s in report
            .suggested
            .iter_mut()
            .filter(|s| ids.contains(&s.item_id))
        {
            if let Some(now) = self.item_details(s.item_id)?.suggestion {
                s.suggestion = now;
            }
        }
        Ok(())
    }

    /// Drops the stored readings of these items' captures, so they are read again.
    pub fn forget_readings(&self, items: &[i64]) -> Result<()> {
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        for &id in items {
            let item = repo::get_item(&tx, id)?;
            tx.execute("DELETE FROM ocr WHERE sha256 = ?1", [&item.record.sha256])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Picture items of a case, read or not.
    pub fn ocr_items(&self, case_id: i64) -> Result<Vec<Item>> {
        let conn = self.connect()?;
        repo::get_case(&conn, case_id)?;
        Ok(repo::list_items(&conn, case_id)?
            .into_iter()
            .filter(|i| picture::is_picture(&i.record.media_type))
            .collect())
    }

    /// What was read from an item's capture, if it has been read.
    pub fn ocr_result(&self, item_id: i64) -> Result<Option<OcrResult>> {
        Ok(self.item_details(item_id)?.ocr)
    }

    /// Reads one item's capture (unless the same content was read by `engine` before) and
    /// stores its lines, facts and suggestion. A capture that cannot be read keeps a reason.
    pub fn ocr_item(&self, engine: &dyn Engine, item_id: i64, cores: Cores) -> Result<OcrOutcome> {
        let details = self.item_details(item_id)?;
        let captured = captured_day(&details.item, details.source_time.as_ref());
        let item = details.item;
        let sha = item.record.sha256.clone();
        let cached = {
            let conn = self.connect()?;
            load_row(&conn, &sha, engine.engine())?
        };
        let (result, read) = match cached {
            Some(r) => (r, false),
            None => (self.read_capture(engine, &item, cores), true),
        };
        let result = result.with_chat(captured);
        let facts = result
            .text
            .as_ref()
            .map(|t| line_facts(item_id, t, result.chat.as_ref()))
            .unwrap_or_default();
        self.save_reading(engine, &item, &result, &facts, read)?;
        Ok(OcrOutcome {
            item_id,
            read,
            lines: result.text.as_ref().map_or(0, |t| t.lines.len() as u32),
            facts: facts.len() as u32,
            reason: result.reason,
            reason_zh: result.reason_zh,
        })
    }

    fn read_capture(&self, engine: &dyn Engine, item: &Item, cores: Cores) -> OcrResult {
        let sha = &item.record.sha256;
        let failed = |en: String, zh: String| OcrResult {
            sha256: sha.clone(),
            text: None,
            reason: Some(en),
            reason_zh: Some(zh),
            chat: None,
        };
        match picture::decode_rgb(self.objects(), sha, &item.record.media_type) {
            Err(e) => failed(
                format!("its text cannot be read: the picture cannot be decoded ({e})"),
                format!("无法识别文字：图片无法解码（{e}）"),
            ),
            Ok((img, _reserved)) => match super::read(engine, &img, cores) {
                Ok(text) => OcrResult {
                    sha256: sha.clone(),
                    text: Some(text),
                    reason: None,
                    reason_zh: None,
                    chat: None,
                },
                Err(e) => failed(
                    format!("its text cannot be read: {e}"),
                    format!("无法识别文字：{e}"),
                ),
            },
        }
    }

    fn save_reading(
        &self,
        engine: &dyn Engine,
        item: &Item,
        r: &OcrResult,
        facts: &[Fact],
        fresh: bool,
    ) -> Result<()> {
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        let at = crate::time::now();
        if fresh {
            let body = r.text.as_ref().and_then(|t| serde_json::to_string(t).ok());
            tx.execute(
                "INSERT OR REPLACE INTO ocr (sha256, engine, body, reason, reason_zh, made_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![r.sha256, engine.engine(), body, r.reason, r.reason_zh, at],
            )?;
        }
        let id = item.record.id;
        tx.execute(
            "DELETE FROM facts WHERE item_id = ?1 AND source = 'ocr'",
            [id],
        )?;
        derived::save_facts(&tx, id, facts)?;
        let plain = r.text.as_ref().map(|t| normalized(&t.plain()));
        let suggestion = plain
            .as_deref()
            .and_then(|p| suggest::from_capture(p, r.text.as_ref()));
        if let Some(s) = &suggestion {
            derived::save_suggestion(&tx, id, s)?;
        }
        tx.commit()?;
        // A category only suggested follows what the capture shows (a ledger entry of its own).
        if let Some(s) = suggestion {
            if item.record.category_source == CategorySource::Suggested
                && item.record.category != s.category
            {
                self.apply_suggestion(id, s.category)?;
            }
        }
        Ok(())
    }
}

fn load_row(conn: &Connection, sha256: &str, engine: &str) -> Result<Option<OcrResult>> {
    query(
        conn,
        "SELECT sha256, body, reason, reason_zh FROM ocr WHERE sha256 = ?1 AND engine = ?2",
        params![sha256, engine],
    )
}

pub(crate) fn load_any(conn: &Connection, sha256: &str) -> Result<Option<OcrResult>> {
    query(
        conn,
        "SELECT sha256, body, reason, reason_zh FROM ocr WHERE sha256 = ?1 ORDER BY made_at DESC LIMIT 1",
        params![sha256],
    )
}

fn query(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Option<OcrResult>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(p, |r| {
            let body: Option<String> = r.get(1)?;
            Ok(OcrResult {
                sha256: r.get(0)?,
                text: body.and_then(|b| serde_json::from_str(&b).ok()),
                reason: r.get(2)?,
                reason_zh: r.get(3)?,
                chat: None,
            })
        })
        .optional()?)
}
