//! One descriptor per table the chain governs: its name and its columns in table order. Repo,
//! contacts and letters select and insert through these lists, verify reads every stored cell
//! through them, and the schema test holds them to the database, so a new column is written
//! here once.

use rusqlite::Connection;

use crate::error::Result;

pub struct Table {
    pub name: &'static str,
    /// In table order, as SQL lists them.
    pub columns: &'static str,
}

impl Table {
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.columns.split(',').map(str::trim)
    }
}

pub const CASES: Table = Table {
    name: "cases",
    columns: "id, title, platform, order_no, amount, currency, product, paid_at, \
              payment_channel, notes, created_at, updated_at",
};

pub const ITEMS: Table = Table {
    name: "items",
    columns: "id, case_id, sha256, size, media_type, original_name, original_path, \
              file_mtime, imported_at, category, note, status, withdrawn_reason, withdrawn_at, \
              category_source, bill_rows, fact_fixes, date_order",
};

pub const CONTACTS: Table = Table {
    name: "contacts",
    columns: "id, case_id, step, channel, date, ticket, outcome, refund_method, items, logged_at",
};

pub const LETTERS: Table = Table {
    name: "letters",
    columns: "id, case_id, kind, lang, body, saved_at",
};

pub const LEDGER: Table = Table {
    name: "ledger",
    columns: "case_id, seq, at, action, payload, prev, hash",
};

/// One stored row as (column, text), NULL as None.
pub(crate) type RawRow = Vec<(String, Option<String>)>;

/// Every row of `table` as stored, each cell as text, so any edit is visible to verify.
pub(crate) fn raw_rows(conn: &Connection, table: &Table) -> Result<Vec<RawRow>> {
    let sql = format!("SELECT {} FROM {} ORDER BY id", table.columns, table.name);
    let mut stmt = conn.prepare(&sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let rows = stmt.query_map([], |r| {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok((n.clone(), value_text(v)))
            })
            .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn value_text(v: rusqlite::types::Value) -> Option<String> {
    use rusqlite::types::Value as V;
    match v {
        V::Null => None,
        V::Integer(i) => Some(i.to_string()),
        V::Real(f) => Some(format!("{f}")),
        V::Text(t) => Some(t),
        V::Blob(b) => Some(format!("x'{}'", hex::encode(b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The descriptors list every column of the real schema, in its order.
    #[test]
    fn each_descriptor_is_its_table() {
        let dir = tempfile::tempdir().unwrap();
        let lib = crate::store::Library::open(&dir.path().join("lib")).unwrap();
        let conn = lib.connect().unwrap();
        for t in [&CASES, &ITEMS, &CONTACTS, &LETTERS, &LEDGER] {
            let mut stmt = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))
                .unwrap();
            let actual: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(actual, t.names().collect::<Vec<_>>(), "{}", t.name);
        }
    }
}
