//! The three-category checklist: does the case's active evidence prove purchase, non-delivery
//! and communication (docs/DOMAIN.md), what is missing, how to get it, and which facts disagree.
//!
//! [`evaluate`] is pure (case + item details + clock in, checklist out) so every rule is tested
//! without a database; [`Library::check`] only loads the data.

mod basis;
mod channels;
mod consistency;
pub(crate) mod rules;
pub mod summary;
#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset, Local};
use serde::{Deserialize, Serialize};

use crate::case::{Case, Category, ItemStatus, Numbers};
use crate::error::Result;
use crate::ingest::derived::ItemDetails;
use crate::store::Library;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Status {
    Satisfied,
    /// Something is there but not enough (partial, or only an unconfirmed suggestion).
    Weak,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Requirement {
    /// Stable, e.g. `purchase.payment_record`; the UI and scripts match on it.
    pub id: String,
    pub category: Category,
    pub status: Status,
    pub title: String,
    pub title_zh: String,
    /// Items that (partly) satisfy it.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub items: Vec<i64>,
    /// How to get what is missing; empty when satisfied.
    pub guidance: String,
    pub guidance_zh: String,
    /// When satisfied: what it rests on, e.g. "order number X and amount Y read from a.png".
    pub basis: String,
    pub basis_zh: String,
    /// The step that would strengthen it, when it is one the program can take: the guidance
    /// says it in words, each surface offers it its own way (the CLI as a command).
    pub next: Option<NextStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextStep {
    /// Accept (or change) the category Proofpack suggested for these items.
    ConfirmCategory {
        #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
        items: Vec<i64>,
        category: Category,
    },
    /// Say which rows of these bills belong to the case.
    ConfirmBillRows {
        #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
        items: Vec<i64>,
    },
    /// Fill in the case's order number, amount and paid date, so bill rows can be matched.
    EditCase,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Warning {
    /// Stable, e.g. `order_no_mismatch`.
    pub id: String,
    pub message: String,
    pub message_zh: String,
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub items: Vec<i64>,
}

/// A span of days, both ends `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Window {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Checklist {
    /// Every requirement satisfied (a missing ticket number is allowed).
    pub ready: bool,
    pub requirements: Vec<Requirement>,
    pub warnings: Vec<Warning>,
    /// Ids of the requirements that keep the case from being ready, missing then weak, most
    /// important first. A missing ticket number weakens the case but never blocks it: not here.
    pub top_gaps: Vec<String>,
    /// Cooling-off period (冷静期): 7 to 15 days after purchase.
    pub cooling_off: Option<Window>,
    /// Last day a 12315 complaint is accepted: purchase + 3 years.
    pub complaint_deadline_12315: Option<String>,
    /// The local date the check ran on.
    pub today: String,
}

impl Library {
    /// The checklist of a case as of now (local clock). Reads only.
    pub fn check(&self, case_id: i64) -> Result<Checklist> {
        let case = self.case(case_id)?;
        // evaluate() leaves withdrawn items out itself.
        let details = self.case_item_details(case_id)?;
        let checklist = evaluate(&case, &details, Local::now().fixed_offset());
        // Only a cache for the case list: a library that cannot take it still gets its check.
        let _ = summary::save(
            &self.connect()?,
            case_id,
            &summary::CaseReadiness::of(&checklist),
        );
        Ok(checklist)
    }
}

/// The checklist for `case` given its items' details. Withdrawn items are ignored here too, so
/// callers may pass everything.
pub fn evaluate(case: &Case, items: &[ItemDetails], now: DateTime<FixedOffset>) -> Checklist {
    let active: Vec<&ItemDetails> = items
        .iter()
        .filter(|d| d.item.status == ItemStatus::Active)
        .collect();
    let nums = Numbers::of(active.iter().map(|d| &d.item));
    let mut requirements = rules::requirements(&active, &nums);
    basis::explain(&mut requirements, &active);
    let purchase = consistency::purchase_time(case, &active);
    let warnings = consistency::warnings(
        case,
        &active,
        &requirements,
        purchase.as_ref(),
        (now, &nums),
    );
    let (cooling_off, complaint_deadline_12315) = consistency::windows(purchase.as_ref());
    Checklist {
        ready: !requirements.iter().any(blocks),
        top_gaps: top_gaps(&requirements),
        requirements,
        warnings,
        cooling_off,
        complaint_deadline_12315,
        today: now.date_naive().format("%Y-%m-%d").to_string(),
    }
}

/// Whether a requirement keeps the case from being ready: any gap but the ticket number (not
/// every platform issues one). `ready` and `top_gaps` both ask this, so they cannot disagree.
fn blocks(r: &Requirement) -> bool {
    r.status != Status::Satisfied && r.id != rules::TICKET
}

/// Requirements are listed most important first, so missing-then-weak keeps that order.
fn top_gaps(reqs: &[Requirement]) -> Vec<String> {
    [Status::Missing, Status::Weak]
        .iter()
        .flat_map(|s| reqs.iter().filter(move |r| r.status == *s && blocks(r)))
        .map(|r| r.id.clone())
        .collect()
}
