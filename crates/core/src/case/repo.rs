//! Reading and changing cases and items. Every change is written together with its ledger entry
//! in one transaction, so the tables can always be replayed from the chain.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use super::item::{Category, CategorySource, Item, ItemRecord, ItemStatus};
use super::model::{Case, CaseFields, CasePatch, CaseSummary};
use super::number::{evidence_numbers, Numbers};
use crate::error::{Error, Result};
use crate::ingest::chat::dates::DateOrder;
use crate::ledger::{self, Event};
use crate::store::{tables, Library};
use crate::time;

const CASE_COLS: &str = tables::CASES.columns;
const ITEM_COLS: &str = tables::ITEMS.columns;

impl Library {
    pub fn create_case(&self, fields: CaseFields) -> Result<Case> {
        let fields = fields.normalized()?;
        let mut conn = self.connect()?;
        let tx = write_tx(&mut conn)?;
        let at = time::now();
        tx.execute(
            "INSERT INTO cases (title, platform, order_no, amount, currency, product, paid_at, \
             payment_channel, notes, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                fields.title,
                fields.platform,
                fields.order_no,
                fields.amount,
                fields.currency,
                fields.product,
                fields.paid_at,
                fields.payment_channel,
                fields.notes,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        let entry = ledger::append(&tx, id, &at, &Event::CaseCreated { case: &fields })?;
        // The ledger stores NFC text; the row must hold exactly what the chain says.
        let stored: CaseFields = serde_json::from_value(entry.payload["case"].clone())
            .map_err(|e| Error::invalid("case", e.to_string(), e.to_string()))?;
        write_case_fields(&tx, id, &stored, &at)?;
        tx.commit()?;
        self.case(id)
    }

    pub fn update_case(&self, id: i64, patch: CasePatch) -> Result<Case> {
        let mut conn = self.connect()?;
        let tx = write_tx(&mut conn)?;
        let current = get_case(&tx, id)?;
        let (next, changed) = current.fields.patched(patch)?;
        if changed.is_empty() {
            return Ok(current);
        }
        let at = time::now();
        let event = Event::CaseUpdated {
            case: &next,
            changed: &changed,
        };
        let entry = ledger::append(&tx, id, &at, &event)?;
        let stored: CaseFields = serde_json::from_value(entry.payload["case"].clone())
            .map_err(|e| Error::invalid("case", e.to_string(), e.to_string()))?;
        write_case_fields(&tx, id, &stored, &at)?;
        tx.commit()?;
        self.case(id)
    }

    pub fn case(&self, id: i64) -> Result<Case> {
        get_case(&self.connect()?, id)
    }

    pub fn list_cases(&self) -> Result<Vec<CaseSummary>> {
        let conn = self.connect()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {CASE_COLS}, (SELECT COUNT(*) FROM items i WHERE i.case_id = c.id AND i.status = 'active') \
             FROM cases c ORDER BY updated_at DESC, id DESC"
        ))?;
        let mut verdicts = crate::checks::summary::fresh(&conn)?;
        let rows = stmt.query_map([], |r| {
            Ok(CaseSummary {
                case: case_from_row(r)?,
                item_count: r.get(12)?,
                readiness: None,
            })
        })?;
        let mut cases = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for c in &mut cases {
            c.readiness = verdicts.remove(&c.case.id);
        }
        Ok(cases)
    }

    /// All items of a case in import order, withdrawn ones included (they stay part of the record).
    pub fn items(&self, case_id: i64) -> Result<Vec<Item>> {
        let conn = self.connect()?;
        get_case(&conn, case_id)?;
        list_items(&conn, case_id)
    }

    pub fn item(&self, id: i64) -> Result<Item> {
        get_item(&self.connect()?, id)
    }

    /// Withdraws an item from the case. Its file and its history stay; nothing is deleted.
    pub fn withdraw(&self, item_id: i64, reason: &str) -> Result<Item> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "say why the item is withdrawn",
                "请说明撤回理由",
            ));
        }
        let mut conn = self.connect()?;
        let tx = write_tx(&mut conn)?;
        let item = get_item(&tx, item_id)?;
        if item.status == ItemStatus::Withdrawn {
            return Err(Error::AlreadyWithdrawn(item_id));
        }
        let at = time::now();
        let event = Event::EvidenceWithdrawn { item_id, reason };
        let entry = ledger::append(&tx, item.case_id, &at, &event)?;
        tx.execute(
            "UPDATE items SET status = 'withdrawn', withdrawn_reason = ?2, withdrawn_at = ?3 WHERE id = ?1",
            params![item_id, entry.payload["reason"].as_str(), at],
        )?;
        tx.commit()?;
        self.item(item_id)
    }

    /// Moves an item to another category (e.g. the user corrects a suggestion).
    pub fn recategorize(&self, item_id: i64, category: Category) -> Result<Item> {
        // Same category: a no-op, unless it confirms a suggestion (that choice is recorded).
        self.set_category(item_id, category, CategorySource::User, |item| {
            item.record.category != category || item.record.category_source != CategorySource::User
        })
    }

    /// Applies a suggested category read from the item's content (the item stays "suggested":
    /// the user has not chosen it). Recorded in the chain with `"source": "suggested"`.
    pub fn apply_suggestion(&self, item_id: i64, category: Category) -> Result<Item> {
        self.set_category(item_id, category, CategorySource::Suggested, |item| {
            item.record.category_source == CategorySource::Suggested
                && item.record.category != category
        })
    }

    /// Records and applies a category, in one transaction, when `applies` says the item's
    /// current state calls for it. The user's choice keeps the payload it always had; a
    /// suggestion names its source, which replay reads back.
    fn set_category(
        &self,
        item_id: i64,
        category: Category,
        source: CategorySource,
        applies: impl Fn(&Item) -> bool,
    ) -> Result<Item> {
        let mut conn = self.connect()?;
        let tx = write_tx(&mut conn)?;
        let item = get_item(&tx, item_id)?;
        if !applies(&item) {
            return Ok(item);
        }
        let event = Event::EvidenceRecategorized {
            item_id,
            category,
            previous: item.record.category,
            source: (source == CategorySource::Suggested).then_some(source),
        };
        ledger::append(&tx, item.case_id, &time::now(), &event)?;
        tx.execute(
            "UPDATE items SET category = ?2, category_source = ?3 WHERE id = ?1",
            params![item_id, category.as_str(), source.as_str()],
        )?;
        tx.commit()?;
        self.item(item_id)
    }

    /// The case's evidence chain, oldest first.
    pub fn log(&self, case_id: i64) -> Result<Vec<ledger::LedgerEntry>> {
        let conn = self.connect()?;
        get_case(&conn, case_id)?;
        ledger::entry::load(&conn, case_id)
    }
}

/// Writes take the lock up front, so two writers queue on the busy timeout instead of deadlocking.
pub(crate) fn write_tx(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

fn write_case_fields(tx: &Transaction, id: i64, f: &CaseFields, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE cases SET title = ?2, platform = ?3, order_no = ?4, amount = ?5, currency = ?6, \
         product = ?7, paid_at = ?8, payment_channel = ?9, notes = ?10, updated_at = ?11 WHERE id = ?1",
        params![
            id, f.title, f.platform, f.order_no, f.amount, f.currency, f.product, f.paid_at,
            f.payment_channel, f.notes, at
        ],
    )?;
    Ok(())
}

pub(crate) fn get_case(conn: &Connection, id: i64) -> Result<Case> {
    conn.query_row(
        &format!("SELECT {CASE_COLS} FROM cases WHERE id = ?1"),
        [id],
        case_from_row,
    )
    .optional()?
    .ok_or(Error::CaseNotFound(id))
}

pub(crate) fn all_case_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare("SELECT id FROM cases UNION SELECT DISTINCT case_id FROM ledger ORDER BY 1")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<Vec<i64>>>()?)
}

pub(crate) fn get_item(conn: &Connection, id: i64) -> Result<Item> {
    conn.prepare_cached(&format!("SELECT {ITEM_COLS} FROM items WHERE id = ?1"))?
        .query_row([id], item_from_row)
        .optional()?
        .ok_or(Error::ItemNotFound(id))
        .and_then(|item| numbered(conn, item))
}

/// `item` with its evidence number among its case's active items.
fn numbered(conn: &Connection, mut item: Item) -> Result<Item> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category FROM items WHERE case_id = ?1 AND status = 'active'",
    )?;
    let active = stmt
        .query_map([item.case_id], |r| {
            let category: String = r.get(1)?;
            Ok((r.get(0)?, category.parse().unwrap_or(Category::Other)))
        })?
        .collect::<rusqlite::Result<Vec<(i64, Category)>>>()?;
    item.number = evidence_numbers(active.into_iter())
        .into_iter()
        .find(|(id, _)| *id == item.record.id)
        .map(|(_, n)| n);
    Ok(item)
}

pub(crate) fn list_items(conn: &Connection, case_id: i64) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ITEM_COLS} FROM items WHERE case_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([case_id], item_from_row)?;
    let mut items = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Numbers::of(&items).apply(&mut items);
    Ok(items)
}

/// Inserts an imported item and its `evidence_added` entry (caller's transaction).
pub(crate) fn insert_item(
    tx: &Transaction,
    case_id: i64,
    record: ItemRecord,
    at: &str,
) -> Result<Item> {
    let next_id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM items", [], |r| {
        r.get(0)
    })?;
    let record = ItemRecord {
        id: next_id,
        ..record
    };
    let entry = ledger::append(tx, case_id, at, &Event::EvidenceAdded { item: &record })?;
    let record: ItemRecord = serde_json::from_value(entry.payload["item"].clone())
        .map_err(|e| Error::invalid("item", e.to_string(), e.to_string()))?;
    tx.execute(
        &format!("INSERT INTO items ({ITEM_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'active', NULL, NULL, ?12, NULL, NULL, NULL)"),
        params![
            record.id, case_id, record.sha256, record.size, record.media_type, record.original_name,
            record.original_path, record.file_mtime, entry.at, record.category.as_str(), record.note,
            record.category_source.as_str()
        ],
    )?;
    Ok(Item {
        record,
        case_id,
        imported_at: entry.at,
        status: ItemStatus::Active,
        withdrawn_reason: None,
        withdrawn_at: None,
        bill_rows: Vec::new(),
        fact_fixes: Vec::new(),
        date_order: None,
        // Numbering it would read the whole case once per file of a batch; an import's items
        // are shown from the list read after it.
        number: None,
    })
}

fn case_from_row(r: &Row) -> rusqlite::Result<Case> {
    Ok(Case {
        id: r.get(0)?,
        fields: CaseFields {
            title: r.get(1)?,
            platform: r.get(2)?,
            order_no: r.get(3)?,
            amount: r.get(4)?,
            currency: r.get(5)?,
            product: r.get(6)?,
            paid_at: r.get(7)?,
            payment_channel: r.get(8)?,
            notes: r.get(9)?,
        },
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

fn item_from_row(r: &Row) -> rusqlite::Result<Item> {
    let text_col = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let category: String = text_col(9)?;
    let status: String = text_col(11)?;
    let source: String = text_col(14)?;
    let bill_rows: Option<String> = r.get(15)?;
    let fact_fixes: Option<String> = r.get(16)?;
    let date_order: Option<String> = r.get(17)?;
    Ok(Item {
        record: ItemRecord {
            id: r.get(0)?,
            sha256: r.get(2)?,
            size: r.get(3)?,
            media_type: r.get(4)?,
            original_name: r.get(5)?,
            original_path: r.get(6)?,
            file_mtime: r.get(7)?,
            // A category edited to garbage behind our back shows as `other`; verify names it.
            category: category.parse().unwrap_or(Category::Other),
            category_source: if source == "suggested" {
                CategorySource::Suggested
            } else {
                CategorySource::User
            },
            note: r.get(10)?,
        },
        case_id: r.get(1)?,
        imported_at: r.get(8)?,
        status: if status == "withdrawn" {
            ItemStatus::Withdrawn
        } else {
            ItemStatus::Active
        },
        withdrawn_reason: r.get(12)?,
        withdrawn_at: r.get(13)?,
        bill_rows: bill_rows
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default(),
        fact_fixes: fact_fixes
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default(),
        date_order: date_order.as_deref().and_then(DateOrder::parse),
        number: None,
    })
}
