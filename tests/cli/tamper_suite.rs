//! The tamper suite: hundreds of random single-byte changes, each made the way a forger would
//! (object files edited in place, database cells changed with the sqlite3 shell, pack files
//! edited), each undone before the next. Every one must be detected and named.
//! Rounds per kind: $TAMPER_ROUNDS (default 100); seed: $TAMPER_SEED.

use std::path::Path;
use std::process::Command;

use proofpack_tests::{files_under, Rng, Sandbox};
use serde_json::Value;

/// The suite's generator, seeded from $TAMPER_SEED (printed, so a failure replays).
fn rng_from_env(kind: &str) -> Rng {
    let seed = std::env::var("TAMPER_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0f7a_3be5);
    eprintln!("tamper suite ({kind}): TAMPER_SEED={seed}");
    Rng::new(seed)
}

/// A non-zero mask, so the byte really changes.
fn mask(rng: &mut Rng) -> u8 {
    1 + rng.below(255) as u8
}

fn rounds() -> usize {
    std::env::var("TAMPER_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
}

fn flip(path: &Path, at: usize, mask: u8) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at] ^= mask;
    std::fs::write(path, bytes).unwrap();
}

fn problems(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let r = sb.run(args);
    assert_eq!(r.code, 7, "{args:?} should report a problem: {}", r.stdout);
    r.json()["problems"].as_array().unwrap().clone()
}

#[test]
fn every_changed_byte_of_a_stored_original_is_named() {
    let sb = Sandbox::new();
    sb.ok_json(&["demo"]);
    let objects = files_under(&sb.library().join("objects/sha256"));
    let mut rng = rng_from_env("objects");
    for round in 0..rounds() {
        let path = &objects[rng.below(objects.len())];
        let sha = format!(
            "{}{}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap(),
            path.file_name().unwrap().to_str().unwrap()
        );
        let at = rng.below(std::fs::metadata(path).unwrap().len() as usize);
        let mask = mask(&mut rng);
        flip(path, at, mask);
        let found = problems(&sb, &["--json", "verify"]);
        assert!(
            found
                .iter()
                .any(|p| p["code"] == "object_changed" && p["expected"] == sha.as_str()),
            "round {round}: byte {at} of {sha} ^ {mask:#x} not named: {found:?}"
        );
        flip(path, at, mask);
    }
    assert_eq!(
        sb.ok_json(&["verify"])["ok"],
        true,
        "every change was undone"
    );
}

/// Tables whose every cell is in the evidence chain (derived tables are rebuilt from the
/// originals and are not evidence; `objects` only indexes the files verify re-hashes).
const TABLES: [(&str, &str); 5] = [
    ("cases", "rowid"),
    ("items", "rowid"),
    ("contacts", "rowid"),
    ("letters", "rowid"),
    ("ledger", "case_id * 100000 + seq"),
];

fn sql_rows(sb: &Sandbox, sql: &str) -> Vec<serde_json::Map<String, Value>> {
    let out = Command::new("sqlite3")
        .arg("-json")
        .arg(sb.library().join("proofpack.db"))
        .arg(sql)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    rows.into_iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        other => panic!("unexpected cell {other}"),
    }
}

/// One character changed (a digit for a number; NULL becomes a one-byte text).
fn mutate(v: &Value, rng: &mut Rng) -> Value {
    match v {
        Value::Null => Value::String("x".into()),
        Value::Number(n) => {
            let mut digits: Vec<u8> = n.to_string().into_bytes();
            let positions: Vec<usize> = (0..digits.len())
                .filter(|&i| digits[i].is_ascii_digit())
                .collect();
            let i = positions[rng.below(positions.len())];
            digits[i] = b'0' + ((digits[i] - b'0' + 1 + rng.below(9) as u8) % 10);
            let s = String::from_utf8(digits).unwrap();
            Value::Number(
                s.parse::<i64>()
                    .map(Into::into)
                    .unwrap_or_else(|_| serde_json::Number::from_f64(s.parse().unwrap()).unwrap()),
            )
        }
        Value::String(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            if chars.is_empty() {
                return Value::String("x".into());
            }
            let i = rng.below(chars.len());
            let old = chars[i];
            chars[i] = loop {
                let c = (b' ' + rng.below(95) as u8) as char;
                if c != old {
                    break c;
                }
            };
            Value::String(chars.into_iter().collect())
        }
        other => panic!("unexpected cell {other}"),
    }
}

/// Whether a problem points at the changed row: its item, its case (before or after the change)
/// or its ledger entry.
fn names_row(
    p: &Value,
    table: &str,
    row: &serde_json::Map<String, Value>,
    col: &str,
    new: &Value,
) -> bool {
    let id_in = |key: &str, ids: &[&Value]| ids.iter().any(|v| &p[key] == *v);
    let (old_v, new_v) = (&row[col], new);
    match table {
        "items" => {
            let ids: Vec<&Value> = if col == "id" {
                vec![&row["id"], new_v]
            } else {
                vec![&row["id"]]
            };
            id_in("item_id", &ids)
        }
        "cases" => {
            let ids: Vec<&Value> = if col == "id" {
                vec![&row["id"], new_v]
            } else {
                vec![&row["id"]]
            };
            id_in("case_id", &ids)
        }
        "ledger" => {
            let seqs: Vec<&Value> = if col == "seq" {
                vec![old_v, new_v]
            } else {
                vec![&row["seq"]]
            };
            let cases: Vec<&Value> = if col == "case_id" {
                vec![old_v, new_v]
            } else {
                vec![&row["case_id"]]
            };
            id_in("case_id", &cases) && (id_in("seq", &seqs) || p["seq"].is_null())
        }
        _ => {
            let cases: Vec<&Value> = if col == "case_id" {
                vec![old_v, new_v]
            } else {
                vec![&row["case_id"]]
            };
            id_in("case_id", &cases)
        }
    }
}

/// The row's key once `col` holds `new` (changing the id or seq moves the row).
fn key_after(table: &str, row: &serde_json::Map<String, Value>, col: &str, new: &Value) -> Value {
    let get = |c: &str| {
        if c == col {
            new.as_i64()
        } else {
            row[c].as_i64()
        }
    };
    match (table, col) {
        ("ledger", "case_id" | "seq") => match (get("case_id"), get("seq")) {
            (Some(c), Some(s)) => (c * 100000 + s).into(),
            _ => row["k"].clone(),
        },
        (_, "id") => new.clone(),
        _ => row["k"].clone(),
    }
}

fn try_sql(sb: &Sandbox, sql: &str) -> bool {
    Command::new("sqlite3")
        .arg(sb.library().join("proofpack.db"))
        .arg(sql)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn every_cell_changed_with_sqlite3_is_named() {
    let sb = Sandbox::new();
    sb.ok_json(&["demo"]);
    // A second case with an edit and a withdrawn item, so every kind of row is there twice.
    let case = sb.vip_case();
    let r = sb.run_paths(
        &["--json", "add", &case],
        &[sb.file("a.png", b"screenshot"), sb.file("b.txt", b"chat")],
    );
    let item = r.json()["added"][0]["id"].to_string();
    sb.ok_json(&["withdraw", &item, "--reason", "wrong file"]);
    sb.ok_json(&["case", "edit", &case, "--notes", "它说三天内处理"]);
    let letter = sb.file("letter.txt", "您好：请退款 68.00 元。".as_bytes());
    let r = sb.run(&["letter", &case, "--save", letter.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rng = rng_from_env("rows");
    let mut tried = 0;
    for round in 0..rounds() * 3 / 2 {
        let (table, key) = TABLES[rng.below(TABLES.len())];
        let rows = sql_rows(
            &sb,
            &format!("SELECT {key} AS k, * FROM {table} ORDER BY 1"),
        );
        assert!(!rows.is_empty(), "the sample library has no {table} rows");
        let row = &rows[rng.below(rows.len())];
        let cols: Vec<&String> = row.keys().filter(|c| *c != "k").collect();
        let col = cols[rng.below(cols.len())].clone();
        let new = mutate(&row[&col], &mut rng);
        let set = |v: &Value, k: &Value| {
            try_sql(
                &sb,
                &format!(
                    "PRAGMA foreign_keys = OFF; UPDATE {table} SET {col} = {} WHERE {key} = {k};",
                    literal(v)
                ),
            )
        };
        if !set(&new, &row["k"]) {
            continue; // a change the database itself refuses (a duplicate key): not a forgery
        }
        tried += 1;
        let found = problems(&sb, &["--json", "verify"]);
        assert!(
            found.iter().any(|p| names_row(p, table, row, &col, &new)),
            "round {round}: {table}.{col} of row {} changed from {} to {} not named: {found:?}",
            row["k"],
            row[&col],
            new
        );
        assert!(set(&row[&col], &key_after(table, row, &col, &new)), "undo");
    }
    assert!(tried >= rounds(), "only {tried} changes were possible");
    assert_eq!(
        sb.ok_json(&["verify"])["ok"],
        true,
        "every change was undone"
    );
}

#[test]
fn every_changed_byte_of_an_exported_pack_is_named() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["demo"])["id"].to_string();
    let folder = sb.dir.path().join("pack");
    let zip = sb.dir.path().join("pack.zip");
    for (out, extra) in [(&folder, Some("--folder")), (&zip, None)] {
        let mut args = vec!["export", &case, "--out", out.to_str().unwrap()];
        args.extend(extra);
        assert_eq!(sb.run(&args).code, 0);
    }
    let mut rng = rng_from_env("pack");

    // The folder: any byte of any file.
    let files = files_under(&folder);
    for round in 0..rounds() {
        let path = &files[rng.below(files.len())];
        let rel = path
            .strip_prefix(&folder)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let at = rng.below(std::fs::metadata(path).unwrap().len() as usize);
        let mask = mask(&mut rng);
        flip(path, at, mask);
        let found = problems(&sb, &["--json", "verify-bundle", folder.to_str().unwrap()]);
        // Named as the subject, or in the message (a changed name in SHA256SUMS is reported
        // as "listed in SHA256SUMS but missing").
        assert!(
            found.iter().any(|p| p["subject"] == rel.as_str()
                || p["message"].as_str().unwrap().contains(rel.as_str())),
            "round {round}: byte {at} of {rel} ^ {mask:#x} not named: {found:?}"
        );
        flip(path, at, mask);
    }
    assert_eq!(
        sb.ok_json(&["verify-bundle", folder.to_str().unwrap()])["ok"],
        true
    );

    // The ZIP: any byte of any entry's stored data.
    let entries: Vec<(String, usize, usize)> = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        (0..z.len())
            .map(|i| {
                let f = z.by_index(i).unwrap();
                (
                    f.name().unwrap().to_string(),
                    f.data_start().unwrap() as usize,
                    f.compressed_size() as usize,
                )
            })
            .filter(|(_, _, len)| *len > 0)
            .collect()
    };
    for round in 0..rounds() {
        let (name, start, len) = &entries[rng.below(entries.len())];
        let at = start + rng.below(*len);
        let mask = mask(&mut rng);
        flip(&zip, at, mask);
        let found = problems(&sb, &["--json", "verify-bundle", zip.to_str().unwrap()]);
        assert!(
            found.iter().any(|p| p["subject"] == name.as_str()),
            "round {round}: byte {at} of entry {name} ^ {mask:#x} not named: {found:?}"
        );
        flip(&zip, at, mask);
    }
    assert_eq!(
        sb.ok_json(&["verify-bundle", zip.to_str().unwrap()])["ok"],
        true
    );
}
