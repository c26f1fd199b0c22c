//! Verify a library: recompute every entry hash and link, re-hash every referenced object, and
//! check that the case, item and contact tables equal a replay of the chains. Lists every problem
//! found.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::entry::{entry_hash, load_raw, GENESIS_PREV};
use super::merkle;
use super::replay::{Row, State};
use crate::case::repo;
use crate::error::Result;
use crate::store::{tables, Library};

/// What is wrong, stable, serialised as its snake_case name (`"entry_hash"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    EntryHash,
    PrevLink,
    SeqGap,
    Payload,
    Replay,
    RowChanged,
    RowMissing,
    RowUnrecorded,
    ObjectMissing,
    ObjectChanged,
    ObjectUnreadable,
}

crate::error::wire_code!(ProblemCode);

/// One thing that is not as the chain says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Problem {
    pub code: ProblemCode,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub case_id: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub seq: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub item_id: Option<i64>,
    pub field: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub message: String,
    pub message_zh: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseCheck {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub case_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries: i64,
    /// RFC 9162 Merkle root over the entry hashes.
    pub checkpoint: String,
    pub ok: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VerifyReport {
    pub ok: bool,
    pub cases: Vec<CaseCheck>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub objects_checked: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_checked: u64,
    pub problems: Vec<Problem>,
    pub verified_at: String,
}

#[derive(Default)]
struct P {
    case_id: Option<i64>,
    seq: Option<i64>,
    item_id: Option<i64>,
    field: Option<String>,
    expected: Option<String>,
    actual: Option<String>,
}

impl P {
    fn problem(self, code: ProblemCode, en: String, zh: String) -> Problem {
        Problem {
            code,
            case_id: self.case_id,
            seq: self.seq,
            item_id: self.item_id,
            field: self.field,
            expected: self.expected,
            actual: self.actual,
            message: en,
            message_zh: zh,
        }
    }
}

impl Library {
    /// Verifies one case, or every case when `case_id` is None.
    pub fn verify(&self, case_id: Option<i64>) -> Result<VerifyReport> {
        let conn = self.connect()?;
        let ids = match case_id {
            Some(id) => {
                repo::get_case(&conn, id)?;
                vec![id]
            }
            None => repo::all_case_ids(&conn)?,
        };
        let mut problems = Vec::new();
        let mut state = State::default();
        let mut cases = Vec::new();
        for id in &ids {
            let (entries, checkpoint) = check_chain(&conn, *id, &mut state, &mut problems)?;
            cases.push(CaseCheck {
                case_id: *id,
                entries,
                checkpoint,
                ok: false,
            });
        }
        let scope: BTreeSet<i64> = ids.iter().copied().collect();
        compare_rows(&conn, &scope, &state, &mut problems)?;
        let (objects_checked, bytes_checked) =
            self.check_objects(&conn, &scope, &state, &mut problems)?;
        for c in &mut cases {
            c.ok = !problems
                .iter()
                .any(|p| p.case_id == Some(c.case_id) || p.case_id.is_none());
        }
        Ok(VerifyReport {
            ok: problems.is_empty(),
            cases,
            objects_checked,
            bytes_checked,
            problems,
            verified_at: crate::time::now(),
        })
    }

    fn check_objects(
        &self,
        conn: &rusqlite::Connection,
        scope: &BTreeSet<i64>,
        state: &State,
        problems: &mut Vec<Problem>,
    ) -> Result<(u64, u64)> {
        // Every object referenced by a stored row or by the chain, with the items that use it.
        let mut wanted: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let rows = tables::raw_rows(conn, &tables::ITEMS)?;
        let stored = rows.iter().map(to_map);
        let replayed = state.items.values().cloned();
        for row in stored.chain(replayed) {
            let (Some(case), Some(item), Some(sha)) =
                (num(&row, "case_id"), num(&row, "id"), txt(&row, "sha256"))
            else {
                continue;
            };
            if scope.contains(&case) {
                wanted.entry(sha).or_insert((case, item));
            }
        }
        type Rehashed = (String, (i64, i64), Result<Option<(String, u64)>>);
        let results: Vec<Rehashed> = wanted
            .into_par_iter()
            .map(|(sha, owner)| {
                let r = self.objects().rehash(&sha);
                (sha, owner, r)
            })
            .collect();
        let (mut count, mut bytes) = (0u64, 0u64);
        for (sha, (case, item), r) in results {
            count += 1;
            let at = P {
                case_id: Some(case),
                item_id: Some(item),
                expected: Some(sha.clone()),
                ..Default::default()
            };
            match r {
                Ok(Some((actual, size))) => {
                    bytes += size;
                    if actual != sha {
                        problems.push(P { actual: Some(actual.clone()), ..at }.problem(
                            ProblemCode::ObjectChanged,
                            format!("item {item}: stored file changed: expected sha256 {sha}, found {actual}"),
                            format!("证据 {item}：存储的文件已被改动：应为 sha256 {sha}，实为 {actual}"),
                        ));
                    }
                }
                Ok(None) => problems.push(at.problem(
                    ProblemCode::ObjectMissing,
                    format!("item {item}: stored file {sha} is missing"),
                    format!("证据 {item}：存储的文件 {sha} 不见了"),
                )),
                Err(e) => problems.push(at.problem(
                    ProblemCode::ObjectUnreadable,
                    format!("item {item}: stored file cannot be read: {e}"),
                    format!("证据 {item}：存储的文件无法读取：{}", e.message_zh()),
                )),
            }
        }
        Ok((count, bytes))
    }
}

/// Checks one chain's seq, links and hashes, replays it into `state`; returns (length, checkpoint).
fn check_chain(
    conn: &rusqlite::Connection,
    case_id: i64,
    state: &mut State,
    problems: &mut Vec<Problem>,
) -> Result<(i64, String)> {
    let entries = load_raw(conn, case_id)?;
    let mut prev = GENESIS_PREV.to_string();
    let mut hashes = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        let at = |field: &str, expected: &str, actual: &str| P {
            case_id: Some(case_id),
            seq: Some(e.seq),
            field: Some(field.into()),
            expected: Some(expected.into()),
            actual: Some(actual.into()),
            ..Default::default()
        };
        if e.seq != expected_seq {
            problems.push(at("seq", &expected_seq.to_string(), &e.seq.to_string()).problem(
                ProblemCode::SeqGap,
                format!("case {case_id}: entry {expected_seq} is missing; found seq {} in its place", e.seq),
                format!("案件 {case_id}：第 {expected_seq} 条记录缺失，该位置是第 {} 条", e.seq),
            ));
        }
        if e.prev != prev {
            problems.push(at("prev", &prev, &e.prev).problem(
                ProblemCode::PrevLink,
                format!("case {case_id} seq {}: link to the previous entry is broken: expected {prev}, found {}", e.seq, e.prev),
                format!("案件 {case_id} 第 {} 条：与上一条的链接断开：应为 {prev}，实为 {}", e.seq, e.prev),
            ));
        }
        let payload: Value = match serde_json::from_str(&e.payload) {
            Ok(v) => v,
            Err(err) => {
                problems.push(at("payload", "valid JSON", &e.payload).problem(
                    ProblemCode::Payload,
                    format!(
                        "case {case_id} seq {}: entry content is unreadable ({err})",
                        e.seq
                    ),
                    format!("案件 {case_id} 第 {} 条：记录内容无法读取（{err}）", e.seq),
                ));
                Value::Null
            }
        };
        let computed = entry_hash(e.seq, e.case_id, &e.at, &e.action, &payload, &e.prev);
        if computed != e.hash {
            problems.push(at("hash", &e.hash, &computed).problem(
                ProblemCode::EntryHash,
                format!("case {case_id} seq {}: entry was altered: recorded hash {}, content hashes to {computed}", e.seq, e.hash),
                format!("案件 {case_id} 第 {} 条：记录被改动：登记的哈希 {}，内容实际哈希 {computed}", e.seq, e.hash),
            ));
        }
        if let Err(r) = state.apply(case_id, e.seq, &e.at, &e.action, &payload) {
            problems.push(
                P {
                    case_id: Some(case_id),
                    seq: Some(r.seq),
                    ..Default::default()
                }
                .problem(
                    ProblemCode::Replay,
                    format!(
                        "case {case_id} seq {}: entry cannot be applied: {}",
                        r.seq, r.reason
                    ),
                    format!("案件 {case_id} 第 {} 条：记录无法重放：{}", r.seq, r.reason),
                ),
            );
        }
        prev = e.hash.clone();
        hashes.push(e.hash.clone());
    }
    if entries.is_empty() {
        problems.push(
            P {
                case_id: Some(case_id),
                ..Default::default()
            }
            .problem(
                ProblemCode::Replay,
                format!("case {case_id} has no evidence chain"),
                format!("案件 {case_id} 没有证据链记录"),
            ),
        );
    }
    Ok((entries.len() as i64, merkle::root_hex(&hashes)))
}

fn to_map(row: &tables::RawRow) -> Row {
    row.iter().cloned().collect()
}

fn txt(row: &Row, col: &str) -> Option<String> {
    row.get(col).cloned().flatten()
}

fn num(row: &Row, col: &str) -> Option<i64> {
    txt(row, col)?.parse().ok()
}

/// Compares stored rows of the cases in `scope` with their replay, column by column.
fn compare_rows(
    conn: &rusqlite::Connection,
    scope: &BTreeSet<i64>,
    state: &State,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let stored_cases: BTreeMap<i64, Row> = tables::raw_rows(conn, &tables::CASES)?
        .iter()
        .map(to_map)
        .filter_map(|r| Some((num(&r, "id")?, r)))
        .filter(|(id, _)| scope.contains(id))
        .collect();
    let stored_items = stored_in_scope(&tables::raw_rows(conn, &tables::ITEMS)?, scope);
    let stored_contacts = stored_in_scope(&tables::raw_rows(conn, &tables::CONTACTS)?, scope);
    let replay_items = replay_in_scope(&state.items, scope);
    let replay_contacts = replay_in_scope(&state.contacts, scope);
    let stored_letters = stored_in_scope(&tables::raw_rows(conn, &tables::LETTERS)?, scope);
    let replay_letters = replay_in_scope(&state.letters, scope);
    diff_tables(Table::Case, &state.cases, &stored_cases, problems);
    diff_tables(Table::Item, &replay_items, &stored_items, problems);
    diff_tables(Table::Contact, &replay_contacts, &stored_contacts, problems);
    diff_tables(Table::Letter, &replay_letters, &stored_letters, problems);
    Ok(())
}

fn in_scope(row: &Row, scope: &BTreeSet<i64>) -> bool {
    num(row, "case_id").is_some_and(|c| scope.contains(&c))
}

/// Stored rows of a table whose rows name their case (items, contacts, letters), keyed by id.
fn stored_in_scope(rows: &[tables::RawRow], scope: &BTreeSet<i64>) -> BTreeMap<i64, Row> {
    rows.iter()
        .map(to_map)
        .filter_map(|r| Some((num(&r, "id")?, r)))
        .filter(|(_, r)| in_scope(r, scope))
        .collect()
}

fn replay_in_scope(rows: &BTreeMap<i64, Row>, scope: &BTreeSet<i64>) -> BTreeMap<i64, Row> {
    rows.iter()
        .filter(|(_, r)| in_scope(r, scope))
        .map(|(k, v)| (*k, v.clone()))
        .collect()
}

/// The ledger-backed tables verify compares, by how problems name their rows.
#[derive(Clone, Copy, PartialEq)]
enum Table {
    Case,
    Item,
    Contact,
    Letter,
}

impl Table {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Table::Case => ("case", "案件"),
            Table::Item => ("item", "证据"),
            Table::Contact => ("contact", "联系记录"),
            Table::Letter => ("letter", "信件"),
        }
    }
}

fn diff_tables(
    table: Table,
    expected: &BTreeMap<i64, Row>,
    actual: &BTreeMap<i64, Row>,
    problems: &mut Vec<Problem>,
) {
    let (kind, kind_zh) = table.names();
    let ids: BTreeSet<i64> = expected.keys().chain(actual.keys()).copied().collect();
    for id in ids {
        // A case row is its own case; item and contact rows name theirs in `case_id`.
        let at = |row: Option<&Row>| P {
            case_id: if table == Table::Case {
                Some(id)
            } else {
                row.and_then(|r| num(r, "case_id"))
            },
            item_id: (table == Table::Item).then_some(id),
            ..Default::default()
        };
        match (expected.get(&id), actual.get(&id)) {
            (Some(e), Some(a)) => {
                for (col, want) in e {
                    let got = a.get(col).cloned().flatten();
                    if &got != want {
                        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "NULL".into());
                        problems.push(P { field: Some(col.clone()), expected: want.clone(), actual: got.clone(), ..at(Some(e)) }.problem(
                            ProblemCode::RowChanged,
                            format!("{kind} {id}: {col} was changed outside Proofpack: the chain says {}, the table holds {}", show(want), show(&got)),
                            format!("{kind_zh} {id}：{col} 在证据包之外被修改：证据链记录为 {}，数据表中为 {}", show(want), show(&got)),
                        ));
                    }
                }
            }
            (Some(e), None) => problems.push(at(Some(e)).problem(
                ProblemCode::RowMissing,
                format!("{kind} {id} is in the chain but missing from the tables"),
                format!("{kind_zh} {id} 在证据链中有记录，但数据表中缺失"),
            )),
            (None, Some(a)) => problems.push(at(Some(a)).problem(
                ProblemCode::RowUnrecorded,
                format!("{kind} {id} exists in the tables but the chain never recorded it"),
                format!("{kind_zh} {id} 存在于数据表中，但证据链中没有记录"),
            )),
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::AtomicBool;

    use proptest::prelude::*;

    use crate::case::{CaseFields, CasePatch, NewContact, RefundMethod, Step};
    use crate::ingest::ImportOptions;
    use crate::store::{tables, Library};

    /// A library with two cases, four items (one withdrawn), an edit and two contacts: every
    /// action kind that changes a table.
    fn sample() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir(&src).unwrap();
        let names = ["支付截图.png", "chat.txt", "cafe\u{301}.txt", "order.csv"];
        let paths: Vec<PathBuf> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let p = src.join(n);
                std::fs::write(&p, format!("evidence {i} {n}")).unwrap();
                p
            })
            .collect();
        let c1 = lib
            .create_case(CaseFields {
                title: "爱奇艺会员未到账".into(),
                order_no: Some("A1".into()),
                amount: Some("68".into()),
                ..Default::default()
            })
            .unwrap();
        let c2 = lib
            .create_case(CaseFields {
                title: "second".into(),
                ..Default::default()
            })
            .unwrap();
        let no_cancel = AtomicBool::new(false);
        let opts = ImportOptions {
            note: Some("from phone".into()),
            ..Default::default()
        };
        let r = lib
            .import(c1.id, &paths[..3], &opts, &|_| {}, &no_cancel)
            .unwrap();
        lib.import(
            c2.id,
            &paths[3..],
            &ImportOptions::default(),
            &|_| {},
            &no_cancel,
        )
        .unwrap();
        lib.withdraw(r.added[1].record.id, "wrong chat").unwrap();
        lib.update_case(
            c1.id,
            CasePatch {
                platform: Some("卡盟".into()),
                ..Default::default()
            },
        )
        .unwrap();
        lib.recategorize(r.added[0].record.id, crate::Category::Purchase)
            .unwrap();
        log_contacts(&lib, c1.id, r.added[0].record.id);
        let (kind, lang) = (
            crate::case::letter::LetterKind::Request,
            crate::case::letter::Lang::Zh,
        );
        lib.save_letter(c1.id, kind, lang, "初稿").unwrap();
        lib.save_letter(c1.id, kind, lang, "客服您好：请退款。")
            .unwrap();
        (dir, lib)
    }

    /// One contact with a ticket and an item, one closed with a refund route and neither.
    fn log_contacts(lib: &Library, case_id: i64, item_id: i64) {
        let support = NewContact {
            step: Step::PlatformSupport,
            channel: "App 内客服".into(),
            date: "2025-11-03".into(),
            ticket: Some("GD20251103".into()),
            outcome: None,
            refund_method: None,
            items: vec![item_id],
        };
        let support = lib.log_contact(case_id, support).unwrap();
        lib.close_contact(case_id, support.id, "拒绝退款", None)
            .unwrap();
        let payment = NewContact {
            step: Step::PaymentComplaint,
            channel: "支付宝".into(),
            date: "2025-11-05".into(),
            ticket: None,
            outcome: Some("同意退款".into()),
            refund_method: Some(RefundMethod::Alipay),
            items: vec![],
        };
        lib.log_contact(case_id, payment).unwrap();
    }

    #[test]
    fn untouched_library_verifies_with_checkpoints() {
        let (_d, lib) = sample();
        let report = lib.verify(None).unwrap();
        assert!(report.ok, "{:#?}", report.problems);
        assert_eq!(report.cases.len(), 2);
        assert_eq!(report.objects_checked, 4);
        assert_eq!(
            report.cases.iter().map(|c| c.entries).sum::<i64>(),
            2 + 4 + 3 + 2 + 1 + 2
        );
        assert!(report.cases.iter().all(|c| c.checkpoint.len() == 64));
    }

    fn mutate(v: Option<String>, salt: usize) -> String {
        match v {
            None => format!("x{salt}"),
            Some(s) if s.is_empty() => "x".into(),
            // Keys stay unique (the schema would refuse a collision anyway).
            Some(s) if s.bytes().all(|b| b.is_ascii_digit()) => format!("{s}9"),
            Some(s) => {
                let mut chars: Vec<char> = s.chars().collect();
                let i = salt % chars.len();
                chars[i] = if chars[i] == '1' { '2' } else { '1' };
                chars.into_iter().collect()
            }
        }
    }

    fn tamper_row(lib: &Library, t: &tables::Table, pick: usize, salt: usize) -> String {
        let table = t.name;
        let cols: Vec<&str> = t.names().collect();
        let conn = lib.connect().unwrap();
        // Like someone with the sqlite3 shell, which leaves foreign keys off.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        // The ledger is WITHOUT ROWID: address its rows by their primary key instead.
        let key = if table == "ledger" {
            "case_id * 100000 + seq"
        } else {
            "rowid"
        };
        let rowids: Vec<i64> = conn
            .prepare(&format!("SELECT {key} FROM {table} ORDER BY 1"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let rowid = rowids[pick % rowids.len()];
        let col = cols[salt % cols.len()];
        let old: rusqlite::types::Value = conn
            .query_row(
                &format!("SELECT {col} FROM {table} WHERE {key} = ?1"),
                [rowid],
                |r| r.get(0),
            )
            .unwrap();
        let old_text = match old {
            rusqlite::types::Value::Integer(i) => Some(i.to_string()),
            rusqlite::types::Value::Text(t) => Some(t),
            _ => None,
        };
        let new = mutate(old_text, salt / 7);
        conn.execute(
            &format!("UPDATE {table} SET {col} = ?1 WHERE {key} = ?2"),
            rusqlite::params![new, rowid],
        )
        .unwrap();
        format!("{table}.{col}")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any single change behind the app's back — object bytes, a ledger cell, an item,
        /// case, contact or letter cell — makes verify fail.
        #[test]
        fn any_single_mutation_is_detected(target in 0usize..6, pick in 0usize..64, salt in 0usize..10_000) {
            let (_d, lib) = sample();
            let what = match target {
                0 => {
                    let conn = lib.connect().unwrap();
                    let shas: Vec<String> = conn.prepare("SELECT sha256 FROM objects ORDER BY sha256").unwrap()
                        .query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
                    let path = lib.objects().path_of(&shas[pick % shas.len()]);
                    let mut bytes = std::fs::read(&path).unwrap();
                    let i = salt % bytes.len();
                    bytes[i] ^= 1 << (salt % 8);
                    std::fs::write(&path, bytes).unwrap();
                    "object".to_string()
                }
                1 => tamper_row(&lib, &tables::LEDGER, pick, salt),
                2 => tamper_row(&lib, &tables::ITEMS, pick, salt),
                3 => tamper_row(&lib, &tables::CONTACTS, pick, salt),
                4 => tamper_row(&lib, &tables::LETTERS, pick, salt),
                _ => tamper_row(&lib, &tables::CASES, pick, salt),
            };
            let report = lib.verify(None).unwrap();
            prop_assert!(!report.ok, "undetected change of {}", what);
        }
    }

    #[test]
    fn object_change_is_named_by_item_and_hash() {
        let (_d, lib) = sample();
        let item = lib.items(1).unwrap().remove(0);
        let path = lib.objects().path_of(&item.record.sha256);
        std::fs::write(&path, b"forged").unwrap();
        let report = lib.verify(Some(1)).unwrap();
        let p = report
            .problems
            .iter()
            .find(|p| p.code == "object_changed")
            .unwrap();
        assert_eq!(p.item_id, Some(item.record.id));
        assert_eq!(p.expected.as_deref(), Some(item.record.sha256.as_str()));
        assert!(!report.cases[0].ok);
    }

    #[test]
    fn edited_ledger_payload_is_named_by_seq() {
        let (_d, lib) = sample();
        lib.connect()
            .unwrap()
            .execute("UPDATE ledger SET payload = replace(payload, 'A1', 'A2') WHERE case_id = 1 AND seq = 1", [])
            .unwrap();
        let report = lib.verify(Some(1)).unwrap();
        let p = report
            .problems
            .iter()
            .find(|p| p.code == "entry_hash")
            .unwrap();
        assert_eq!(p.seq, Some(1));
        assert_ne!(p.expected, p.actual);
    }

    #[test]
    fn edited_contact_cell_is_named_by_case_and_field() {
        let (_d, lib) = sample();
        lib.connect()
            .unwrap()
            .execute("UPDATE contacts SET ticket = 'GD999' WHERE id = 1", [])
            .unwrap();
        let report = lib.verify(None).unwrap();
        let p = report
            .problems
            .iter()
            .find(|p| p.code == "row_changed")
            .unwrap();
        assert_eq!(p.case_id, Some(1));
        assert_eq!(p.item_id, None);
        assert_eq!(p.field.as_deref(), Some("ticket"));
        assert_eq!(p.expected.as_deref(), Some("GD20251103"));
        assert_eq!(p.actual.as_deref(), Some("GD999"));
        assert!(p.message.starts_with("contact 1:"), "{}", p.message);
        assert!(!report.cases[0].ok && report.cases[1].ok);
    }

    #[test]
    fn a_deleted_contact_row_is_missing() {
        let (_d, lib) = sample();
        lib.connect()
            .unwrap()
            .execute("DELETE FROM contacts WHERE id = 2", [])
            .unwrap();
        let report = lib.verify(Some(1)).unwrap();
        assert!(report.problems.iter().any(|p| p.code == "row_missing"));
    }

    #[test]
    fn a_row_inserted_without_the_chain_is_unrecorded() {
        let (_d, lib) = sample();
        let conn = lib.connect().unwrap();
        conn.execute(
            "INSERT INTO items (case_id, sha256, size, media_type, original_name, original_path, imported_at, category)
             SELECT case_id, sha256, size, media_type, 'forged.png', original_path, imported_at, category FROM items LIMIT 1",
            [],
        )
        .unwrap();
        let report = lib.verify(None).unwrap();
        assert!(report.problems.iter().any(|p| p.code == "row_unrecorded"));
    }

    /// tests/fixtures/old-library was written by Proofpack before ledger events were typed
    /// (`json!` payloads): every action, emoji and CJK text, a suggested category, an export.
    /// Its chain must keep verifying byte for byte, and the new writers must extend it.
    #[test]
    fn a_library_written_before_typed_events_still_verifies_and_grows() {
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/old-library");
        let dir = tempfile::tempdir().unwrap();
        crate::pack::forgery_tests::copy_dir(&fixture, dir.path());
        let lib = Library::open(dir.path()).unwrap();
        let report = lib.verify(None).unwrap();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.objects_checked, 7);
        // The checkpoint the old code printed for it (`proofpack verify 1`).
        assert_eq!(report.cases[0].entries, 23);
        assert_eq!(
            report.cases[0].checkpoint,
            "4c0894e3a80830796f7e0f49a8b864dcdf212f6b4bd8e990b90c052d440de88b"
        );
        let actions: std::collections::BTreeSet<String> =
            lib.log(1).unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions.len(), 10, "{actions:?}");
        // Typed events appended to the old chain verify with it.
        lib.set_note(2, "支付成功页 🧾").unwrap();
        lib.withdraw(7, "再次核对后撤回").unwrap();
        let again = lib.verify(Some(1)).unwrap();
        assert!(again.ok, "{:?}", again.problems);
        assert_eq!(again.cases[0].entries, 25);
    }
}
