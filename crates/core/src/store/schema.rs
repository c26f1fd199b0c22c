//! Versioned migrations. `PRAGMA user_version` holds the schema version; a newer one is refused.

use rusqlite::Connection;

/// Each entry moves the schema from version `i` to `i + 1`. Append only; never edit a shipped one.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    platform        TEXT,
    order_no        TEXT,
    amount          TEXT,
    currency        TEXT NOT NULL,
    product         TEXT,
    paid_at         TEXT,
    payment_channel TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE TABLE objects (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    stored_at  TEXT NOT NULL
);
CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    sha256           TEXT NOT NULL REFERENCES objects(sha256),
    size             INTEGER NOT NULL,
    media_type       TEXT NOT NULL,
    original_name    TEXT NOT NULL,
    original_path    TEXT NOT NULL,
    file_mtime       TEXT,
    imported_at      TEXT NOT NULL,
    category         TEXT NOT NULL,
    note             TEXT,
    status           TEXT NOT NULL DEFAULT 'active',
    withdrawn_reason TEXT,
    withdrawn_at     TEXT
);
CREATE INDEX items_case ON items(case_id);
CREATE INDEX items_case_sha ON items(case_id, sha256);
CREATE TABLE ledger (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
"#];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every pending migration, each in its own transaction with its version bump.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current = version(conn)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
