//! The case list's readiness: the checklist's verdict, kept per case beside the state it was
//! made from (the chain's head and how many of its pictures were read), so the list shows it
//! without reading every transcript, and never shows a verdict older than the case. Derived
//! data, outside the ledger: any check of the case makes it again.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{Checklist, Status};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CaseReadiness {
    /// The checklist's own `ready`.
    pub ready: bool,
    /// Requirements satisfied, of all of them.
    pub met: u32,
    pub total: u32,
    /// The most important requirement that keeps it from being ready.
    pub gap: Option<String>,
    pub gap_zh: Option<String>,
}

impl CaseReadiness {
    pub fn of(c: &Checklist) -> CaseReadiness {
        let first = c
            .top_gaps
            .first()
            .and_then(|id| c.requirements.iter().find(|r| &r.id == id));
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        CaseReadiness {
            ready: c.ready,
            met: count(
                c.requirements
                    .iter()
                    .filter(|r| r.status == Status::Satisfied)
                    .count(),
            ),
            total: count(c.requirements.len()),
            gap: first.map(|r| r.title.clone()),
            gap_zh: first.map(|r| r.title_zh.clone()),
        }
    }
}

/// The case's state as a verdict depends on it: the parser version that read its files, its
/// chain head, the pictures read so far.
fn state() -> String {
    format!(
        "('{}:' || COALESCE((SELECT hash FROM ledger WHERE case_id = c.id ORDER BY seq DESC LIMIT 1), '') \
         || ':' || (SELECT COUNT(*) FROM ocr o WHERE o.body IS NOT NULL AND o.sha256 IN \
            (SELECT sha256 FROM items i WHERE i.case_id = c.id)))",
        crate::ingest::analyze::PARSER_VERSION
    )
}

/// Keeps `r` as the verdict on the case as it stands now.
pub(crate) fn save(conn: &Connection, case_id: i64, r: &CaseReadiness) -> Result<()> {
    let body = serde_json::to_string(r).unwrap_or_default();
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO readiness (case_id, state, body) \
             SELECT c.id, {}, ?2 FROM cases c WHERE c.id = ?1",
            state()
        ),
        params![case_id, body],
    )?;
    Ok(())
}

/// The verdicts still true of their cases, by case id.
pub(crate) fn fresh(conn: &Connection) -> Result<HashMap<i64, CaseReadiness>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT r.case_id, r.body FROM readiness r JOIN cases c ON c.id = r.case_id \
         WHERE r.state = {}",
        state()
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, body) = row?;
        // A verdict this version cannot read is no verdict: the next check writes it again.
        if let Ok(v) = serde_json::from_str(&body) {
            out.insert(id, v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::case::CaseFields;
    use crate::store::Library;

    fn listed(lib: &Library, case: i64) -> Option<super::CaseReadiness> {
        let cases = lib.list_cases().unwrap();
        cases.into_iter().find(|c| c.case.id == case)?.readiness
    }

    #[test]
    fn the_list_shows_the_last_verdict_only_while_the_case_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib
            .create_case(CaseFields {
                title: "会员未开通".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let other = lib
            .create_case(CaseFields {
                title: "另一案".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        assert_eq!(listed(&lib, case), None, "never checked");

        let c = lib.check(case).unwrap();
        let r = listed(&lib, case).unwrap();
        assert!(!r.ready && !c.ready);
        assert_eq!(r.total as usize, c.requirements.len());
        let gap = c
            .requirements
            .iter()
            .find(|q| q.id == c.top_gaps[0])
            .unwrap();
        assert_eq!(r.gap_zh.as_deref(), Some(gap.title_zh.as_str()));
        assert_eq!(listed(&lib, other), None, "each case has its own");

        // Any change to the case (here a file added) makes the verdict old: none is shown.
        let path = dir.path().join("订单.txt");
        std::fs::write(&path, "订单号 KM20261102001 实付 68.00 元").unwrap();
        lib.import_for_test(case, &[path]);
        assert_eq!(listed(&lib, case), None);
        lib.check(case).unwrap();
        assert!(listed(&lib, case).unwrap().met >= r.met);
    }
}
