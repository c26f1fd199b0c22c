//! Versioned migrations. `PRAGMA user_version` holds the schema version; a newer one is refused.

use rusqlite::Connection;

/// Each entry moves the schema from version `i` to `i + 1`. Append only; never edit a shipped one.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
-- Whether the category was chosen by the user or applied from a suggestion (ledger-backed).
ALTER TABLE items ADD COLUMN category_source TEXT NOT NULL DEFAULT 'user';
-- Derived data: rebuildable from the objects, so not in the ledger. Keyed by the original's hash.
CREATE TABLE derived (
    sha256         TEXT PRIMARY KEY REFERENCES objects(sha256),
    kind           TEXT NOT NULL,
    format         TEXT,
    encoding       TEXT,
    had_errors     INTEGER NOT NULL DEFAULT 0,
    body           TEXT,
    reason         TEXT,
    reason_zh      TEXT,
    parser_version INTEGER NOT NULL,
    made_at        TEXT NOT NULL
);
CREATE TABLE facts (
    id       INTEGER PRIMARY KEY,
    item_id  INTEGER NOT NULL REFERENCES items(id),
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    snippet  TEXT NOT NULL,
    source   TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX facts_item ON facts(item_id);
CREATE TABLE suggestions (
    item_id   INTEGER PRIMARY KEY REFERENCES items(id),
    category  TEXT NOT NULL,
    reason    TEXT NOT NULL,
    reason_zh TEXT NOT NULL
);
"#,
    r#"
-- Bill rows the user confirmed as belonging to the case (JSON array of row numbers; ledger-backed).
ALTER TABLE items ADD COLUMN bill_rows TEXT;
"#,
    r#"
-- The escalation log: each contact with support, a complaint body or a court (ledger-backed).
CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    step          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    date          TEXT NOT NULL, -- YYYY-MM-DD, the user's local date of the contact
    ticket        TEXT,
    outcome       TEXT,
    refund_method TEXT,
    items         TEXT NOT NULL, -- JSON array of item ids, compact, as the chain records it
    logged_at     TEXT NOT NULL
);
CREATE INDEX contacts_case ON contacts(case_id);
"#,
    r#"
-- The user's edited request letter / 12315 draft, one per case, kind and language (ledger-backed).
CREATE TABLE letters (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    kind     TEXT NOT NULL,
    lang     TEXT NOT NULL,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, kind, lang)
);
"#,
    r#"
-- Text read from captures (derived, rebuildable, not in the ledger): one reading per content
-- and engine version. body is the OcrText JSON; reason says why there is none.
CREATE TABLE ocr (
    sha256    TEXT NOT NULL REFERENCES objects(sha256),
    engine    TEXT NOT NULL,
    body      TEXT,
    reason    TEXT,
    reason_zh TEXT,
    made_at   TEXT NOT NULL,
    PRIMARY KEY (sha256, engine)
);
"#,
    r#"
-- Facts the user corrected or confirmed (JSON array of FactFix; ledger-backed).
ALTER TABLE items ADD COLUMN fact_fixes TEXT;
"#,
    r#"
-- The day/month order the user chose for a chat's ambiguous dates (day_month | month_day;
-- NULL: inferred from the case). Ledger-backed.
ALTER TABLE items ADD COLUMN date_order TEXT;
"#,
    r#"
-- The checklist's last verdict on each case, with the state it was made from (the chain head
-- and the pictures read): the case list shows it while it is still true. Derived, rebuildable.
CREATE TABLE readiness (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    state   TEXT NOT NULL,
    body    TEXT NOT NULL
);
"#,
];

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
