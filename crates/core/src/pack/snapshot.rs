//! Everything an export shows, read once and fixed in time: the pack depends only on the case's
//! chain, so two exports of an unchanged case are byte-identical. Times that would otherwise be
//! "now" (checklist warnings, due states) are taken from the chain's last state-changing entry.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use crate::case::contacts::ContactLog;
use crate::case::letter::{self, EvidenceRef, Lang, Letter, LetterKind};
use crate::case::timeline::{self, TimelineEvent};
use crate::case::{Case, Item, ItemStatus};
use crate::checks::{self, Checklist};
use crate::error::{Error, Result};
use crate::extract::Fact;
use crate::ingest::derived::ItemDetails;
use crate::ledger::{merkle, Action, LedgerEntry};
use crate::store::Library;

/// The case as one export sees it.
pub struct Snapshot {
    pub case: Case,
    /// Every item, withdrawn ones too (the manifest lists them; the pack has no file for them).
    pub items: Vec<ItemDetails>,
    /// Active items in export order with their numbers (`1-1`...), as the letter cites them.
    pub evidence: Vec<EvidenceRef>,
    pub facts: Vec<Fact>,
    /// The chain up to its last state-changing entry: trailing `exported` / `anchored` entries
    /// change nothing in the case, so leaving them out keeps repeated exports identical.
    pub ledger: Vec<LedgerEntry>,
    pub checkpoint: String,
    /// The time of the last entry in `ledger`: the pack's own time.
    pub as_of: DateTime<FixedOffset>,
    pub checklist: Checklist,
    pub timeline: Vec<TimelineEvent>,
    pub contacts: ContactLog,
    /// Per language: the user's saved letter if any, else the composed one.
    pub letters: Vec<Letter>,
    /// Item id -> position in `items`, and -> evidence number: looked up per message, row and
    /// entry, so a search of the lists would make export quadratic.
    index: HashMap<i64, usize>,
    numbers: HashMap<i64, usize>,
}

fn is_state_change(e: &LedgerEntry) -> bool {
    // A name no Proofpack writes fails verification anyway; here it counts as a change.
    Action::parse(&e.action).is_none_or(Action::changes_state)
}

impl Snapshot {
    pub fn item(&self, id: i64) -> Option<&ItemDetails> {
        self.index.get(&id).map(|&i| &self.items[i])
    }

    pub fn number_of(&self, id: i64) -> Option<&str> {
        self.numbers
            .get(&id)
            .map(|&i| self.evidence[i].number.as_str())
    }
}

impl Library {
    /// Reads the case for export; fails if the case changes while it is being read.
    pub fn snapshot(&self, case_id: i64) -> Result<Snapshot> {
        let before = self.log(case_id)?.len();
        let snap = self.read_snapshot(case_id)?;
        if self.log(case_id)?.len() != before {
            return Err(Error::invalid(
                "case",
                "the case changed while the pack was being prepared; export again",
                "导出准备期间案件发生了变化，请重新导出",
            ));
        }
        Ok(snap)
    }

    fn read_snapshot(&self, case_id: i64) -> Result<Snapshot> {
        let case = self.case(case_id)?;
        let mut ledger = self.log(case_id)?;
        while ledger.last().is_some_and(|e| !is_state_change(e)) {
            ledger.pop();
        }
        let as_of = ledger
            .last()
            .and_then(|e| DateTime::parse_from_rfc3339(&e.at).ok())
            .ok_or_else(|| Error::invalid("case", "the case has no chain", "案件没有证据链"))?;
        let hashes: Vec<String> = ledger.iter().map(|e| e.hash.clone()).collect();
        let items = self.case_item_details(case_id)?;
        let item_rows: Vec<Item> = items.iter().map(|d| d.item.clone()).collect();
        let active: Vec<ItemDetails> = items
            .iter()
            .filter(|d| d.item.status == ItemStatus::Active)
            .cloned()
            .collect();
        let letters = self.pack_letters(case_id, &[Lang::Zh, Lang::En])?;
        let evidence = letter::evidence_refs(&item_rows);
        Ok(Snapshot {
            index: items
                .iter()
                .enumerate()
                .map(|(i, d)| (d.item.record.id, i))
                .collect(),
            numbers: evidence
                .iter()
                .enumerate()
                .map(|(i, e)| (e.item_id, i))
                .collect(),
            evidence,
            facts: self.case_facts(case_id)?,
            checkpoint: merkle::root_hex(&hashes),
            checklist: checks::evaluate(&case, &active, as_of),
            timeline: timeline::build(&case, &active, &ledger),
            contacts: self.contacts(case_id, as_of.date_naive())?,
            case,
            items,
            ledger,
            as_of,
            letters,
        })
    }
}

impl Library {
    /// The request letters a pack prints in `langs`: the user's saved text where there is one
    /// (with what no longer matches the case), else the letter composed now.
    pub(crate) fn pack_letters(&self, case_id: i64, langs: &[Lang]) -> Result<Vec<Letter>> {
        langs
            .iter()
            .map(|&lang| {
                let mut l = self.letter(case_id, LetterKind::Request, lang)?;
                if let Some(d) = &l.draft {
                    l.text = d.text.clone();
                }
                Ok(l)
            })
            .collect()
    }
}
