//! The escalation log: every contact the user had about the refund (platform support, its
//! complaint department, the payment app, 12315, the consumer association, police, court), when a
//! reply or the refund money is due, and warnings the log itself gives away (docs/DOMAIN.md: each step
//! must leave a written trace; do not file the same refund through several channels at once).
//!
//! A contact is written with its `contact_logged` ledger entry in one transaction, so verify can
//! replay the `contacts` table from the chain. Due dates and states are computed on read, against
//! the `today` the caller passes, and never stored.

use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::item::ItemStatus;
use super::repo;
use crate::store::tables;

const CONTACT_COLS: &str = tables::CONTACTS.columns;
use crate::error::{Error, Result};
use crate::ledger::{self, Event};
use crate::store::Library;
use crate::text::Text;
use crate::time;

/// Shown with every due date: the arithmetic knows weekends only.
pub const HOLIDAYS_NOTE: &str = "Due dates count Monday to Friday as working days; public \
    holidays (Spring Festival, National Day...) and make-up working days (调休) are not taken into \
    account, so a real deadline may fall later.";
pub const HOLIDAYS_NOTE_ZH: &str =
    "到期日按周一至周五计算工作日，未考虑法定节假日（如春节、国庆）和调休，实际期限可能更晚。";

const DATE_FORMAT: &str = "%Y-%m-%d";

/// Where the user turned, in the order docs/DOMAIN.md escalates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Step {
    PlatformSupport,
    ComplaintDepartment,
    PaymentComplaint,
    Consumer12315,
    ConsumerAssociation,
    Police,
    Court,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::PlatformSupport,
        Step::ComplaintDepartment,
        Step::PaymentComplaint,
        Step::Consumer12315,
        Step::ConsumerAssociation,
        Step::Police,
        Step::Court,
    ];

    /// The serde name, also what the table and the chain hold.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::PlatformSupport => "platform_support",
            Step::ComplaintDepartment => "complaint_department",
            Step::PaymentComplaint => "payment_complaint",
            Step::Consumer12315 => "consumer12315",
            Step::ConsumerAssociation => "consumer_association",
            Step::Police => "police",
            Step::Court => "court",
        }
    }

    /// Its name in every surface (the app's dictionaries are held to it by a test).
    pub fn label(self) -> Text {
        match self {
            Step::PlatformSupport => Text::new("Platform customer service", "平台客服"),
            Step::ComplaintDepartment => Text::new(
                "Platform complaint department (supervision centre)",
                "平台投诉部门（监察中心）",
            ),
            Step::PaymentComplaint => {
                Text::new("Payment platform transaction complaint", "支付平台交易投诉")
            }
            Step::Consumer12315 => Text::new("12315", "12315"),
            Step::ConsumerAssociation => Text::new("Consumer association", "消费者协会"),
            Step::Police => Text::new(
                "Police (if the platform has vanished)",
                "公安机关（平台失联时）",
            ),
            Step::Court => Text::new("Court", "法院"),
        }
    }

    /// A refund request to the platform or the payment app: the requests 多头申请 is about.
    pub fn is_refund_request(self) -> bool {
        matches!(
            self,
            Step::PlatformSupport | Step::ComplaintDepartment | Step::PaymentComplaint
        )
    }

    /// Working days until an answer is due, where docs/DOMAIN.md gives a timing: a platform reviews a
    /// refund request in 1-3 working days; 12315 decides acceptance within 7. Other bodies have
    /// no documented timing, so no due date is invented for them.
    fn review_days(self) -> Option<u32> {
        match self {
            Step::PlatformSupport | Step::ComplaintDepartment | Step::PaymentComplaint => Some(3),
            Step::Consumer12315 => Some(7),
            Step::ConsumerAssociation | Step::Police | Step::Court => None,
        }
    }
}

impl FromStr for Step {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let key = s.trim().to_ascii_lowercase().replace('-', "_");
        let key = match key.as_str() {
            "12315" | "consumer_12315" => "consumer12315",
            other => other,
        };
        Step::ALL
            .into_iter()
            .find(|st| st.as_str() == key)
            .ok_or_else(|| {
                // "12315" is what people type; the serde name `consumer12315` is accepted too.
                let typed = |st: Step| match st {
                    Step::Consumer12315 => "12315",
                    other => other.as_str(),
                };
                let names: Vec<&str> = Step::ALL.into_iter().map(typed).collect();
                let named: Vec<String> = Step::ALL
                    .into_iter()
                    .map(|st| format!("{}（{}）", typed(st), st.label().zh))
                    .collect();
                Error::invalid(
                    "step",
                    format!("{s:?}: use one of {}", names.join(", ")),
                    format!("{s:?}：请使用 {}", named.join("、")),
                )
            })
    }
}

/// How an approved refund is paid back; decides how long the money may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RefundMethod {
    Wechat,
    Alipay,
    BankCard,
    Other,
}

impl RefundMethod {
    pub const ALL: [RefundMethod; 4] = [
        RefundMethod::Wechat,
        RefundMethod::Alipay,
        RefundMethod::BankCard,
        RefundMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefundMethod::Wechat => "wechat",
            RefundMethod::Alipay => "alipay",
            RefundMethod::BankCard => "bank_card",
            RefundMethod::Other => "other",
        }
    }

    /// docs/DOMAIN.md: WeChat/Alipay 1-5 working days, bank card 7-15 days (counted here as working
    /// days, the later reading). An unknown route gets the longest wait so it is not called
    /// overdue too early.
    fn refund_days(self) -> u32 {
        match self {
            RefundMethod::Wechat | RefundMethod::Alipay => 5,
            RefundMethod::BankCard | RefundMethod::Other => 15,
        }
    }
}

impl FromStr for RefundMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let key = s.trim().to_ascii_lowercase().replace('-', "_");
        RefundMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == key)
            .ok_or_else(|| {
                Error::invalid(
                    "refund_method",
                    format!("{s:?}: use wechat, alipay, bank_card or other"),
                    format!("{s:?}：请使用 wechat（微信）、alipay（支付宝）、bank_card（银行卡）或 other（其他）"),
                )
            })
    }
}

/// Where a contact stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum DueState {
    /// Waiting, and nothing is due within a working day (or no timing is known).
    Open,
    /// Due today or on the next working day.
    DueSoon,
    /// The due date has passed without a recorded outcome.
    Overdue,
    /// An outcome was recorded.
    Closed,
}

impl DueState {
    pub fn as_str(self) -> &'static str {
        match self {
            DueState::Open => "open",
            DueState::DueSoon => "due_soon",
            DueState::Overdue => "overdue",
            DueState::Closed => "closed",
        }
    }
}

/// What the user types for a contact; [`Library::log_contact`] checks and normalises it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewContact {
    pub step: Step,
    /// How: in-app chat, hotline, 12315 website, letter...
    pub channel: String,
    /// `YYYY-MM-DD`, the user's local date of the contact.
    pub date: String,
    /// Ticket number (工单号) or complaint number, when one was given.
    pub ticket: Option<String>,
    /// What came of it (refused, refund approved...); set means the contact is closed.
    pub outcome: Option<String>,
    pub refund_method: Option<RefundMethod>,
    /// Evidence items of the same case that record the contact (chat export, screenshot).
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub items: Vec<i64>,
}

/// A contact as the `contact_logged` entry records it: every stored column but `logged_at`,
/// which is the entry's own time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRecord {
    id: i64,
    case_id: i64,
    step: Step,
    channel: String,
    date: String,
    ticket: Option<String>,
    outcome: Option<String>,
    refund_method: Option<RefundMethod>,
    items: Vec<i64>,
}

/// One logged contact with its due dates and state as of the `today` it was read for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Contact {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub case_id: i64,
    pub step: Step,
    pub channel: String,
    pub date: String,
    pub ticket: Option<String>,
    pub outcome: Option<String>,
    pub refund_method: Option<RefundMethod>,
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub items: Vec<i64>,
    /// When it was recorded (UTC): the ledger entry's time.
    pub logged_at: String,
    /// `date` + the step's review time in working days; None when no timing is known.
    pub review_due: Option<String>,
    /// `date` + the refund route's time in working days; set only with a refund method.
    pub refund_due: Option<String>,
    pub state: DueState,
}

/// Something the log shows that may hurt the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ContactWarning {
    /// Stable: `multiple_channels`, `no_written_trace`.
    pub id: String,
    pub message: String,
    pub message_zh: String,
    /// The contacts it is about.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub contacts: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ContactLog {
    /// Oldest contact first.
    pub contacts: Vec<Contact>,
    pub warnings: Vec<ContactWarning>,
    pub holidays_note: String,
    pub holidays_note_zh: String,
    /// The date states were computed against, `YYYY-MM-DD`.
    pub today: String,
}

/// `start` plus `n` working days (Monday to Friday). Public holidays are not modelled (see
/// [`HOLIDAYS_NOTE`]). A weekend start counts from the next Monday: Saturday + 1 = Monday.
/// None only past the end of chrono's calendar.
pub fn add_working_days(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt()?;
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    Some(day)
}

/// The state of a contact whose next deadline is `due`; an outcome closes it whatever the dates.
pub fn due_state(due: Option<NaiveDate>, closed: bool, today: NaiveDate) -> DueState {
    match due {
        _ if closed => DueState::Closed,
        None => DueState::Open,
        Some(d) if today > d => DueState::Overdue,
        Some(d) if add_working_days(today, 1).is_none_or(|next| next >= d) => DueState::DueSoon,
        Some(_) => DueState::Open,
    }
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), DATE_FORMAT).ok()
}

fn day_text(d: NaiveDate) -> String {
    d.format(DATE_FORMAT).to_string()
}

fn optional(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl NewContact {
    /// Trims and checks every field; the result is what gets recorded. `today` is the user's
    /// local date.
    pub fn normalized(self, today: NaiveDate) -> Result<NewContact> {
        let channel = self.channel.trim().to_string();
        if channel.is_empty() {
            return Err(Error::invalid(
                "channel",
                "say how the contact was made (in-app chat, hotline, website...)",
                "请说明联系渠道（如 App 内客服、客服电话、网站）",
            ));
        }
        let date = self.date.trim().replace('/', "-");
        let day = parse_date(&date).ok_or_else(|| {
            Error::invalid(
                "date",
                format!("{:?} is not a date such as 2026-11-02", self.date),
                format!("{:?} 不是日期（如 2026-11-02）", self.date),
            )
        })?;
        // One day of slack: the platform's clock (China time) may already be on tomorrow.
        if today
            .checked_add_days(Days::new(1))
            .is_some_and(|max| day > max)
        {
            return Err(Error::invalid(
                "date",
                format!(
                    "{} is in the future (today is {})",
                    day_text(day),
                    day_text(today)
                ),
                format!(
                    "{} 是将来的日期（今天是 {}）",
                    day_text(day),
                    day_text(today)
                ),
            ));
        }
        let mut items = self.items;
        items.sort_unstable();
        items.dedup();
        Ok(NewContact {
            step: self.step,
            channel,
            date: day_text(day),
            ticket: optional(self.ticket),
            outcome: optional(self.outcome),
            refund_method: self.refund_method,
            items,
        })
    }
}

impl Contact {
    fn from_record(r: ContactRecord, logged_at: String, today: NaiveDate) -> Contact {
        let day = parse_date(&r.date);
        let review = day.and_then(|d| add_working_days(d, r.step.review_days()?));
        let refund = day.and_then(|d| add_working_days(d, r.refund_method?.refund_days()));
        // Once a refund route is known the review is over: the money is what is awaited.
        let state = due_state(refund.or(review), r.outcome.is_some(), today);
        Contact {
            id: r.id,
            case_id: r.case_id,
            step: r.step,
            channel: r.channel,
            date: r.date,
            ticket: r.ticket,
            outcome: r.outcome,
            refund_method: r.refund_method,
            items: r.items,
            logged_at,
            review_due: review.map(day_text),
            refund_due: refund.map(day_text),
            state,
        }
    }
}

impl Library {
    /// Records a contact of `case_id` and its `contact_logged` entry in one transaction.
    pub fn log_contact(&self, case_id: i64, new: NewContact) -> Result<Contact> {
        let today = time::today();
        let new = new.normalized(today)?;
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        repo::get_case(&tx, case_id)?;
        check_items(&tx, case_id, &new.items)?;
        // The id goes into the chain, so it is chosen before the row exists.
        let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM contacts", [], |r| {
            r.get(0)
        })?;
        let record = ContactRecord {
            id,
            case_id,
            step: new.step,
            channel: new.channel,
            date: new.date,
            ticket: new.ticket,
            outcome: new.outcome,
            refund_method: new.refund_method,
            items: new.items,
        };
        let at = time::now();
        let entry = ledger::append(
            &tx,
            case_id,
            &at,
            &Event::ContactLogged { contact: &record },
        )?;
        // The ledger stores NFC text; the row must hold exactly what the chain says.
        let stored: ContactRecord = serde_json::from_value(entry.payload["contact"].clone())
            .map_err(|e| Error::invalid("contact", e.to_string(), e.to_string()))?;
        insert_row(&tx, &stored, &entry.at)?;
        tx.commit()?;
        Ok(Contact::from_record(stored, entry.at, today))
    }

    /// Records the outcome of an open contact of `case_id` (refused, refund approved...) and
    /// optionally how the refund is paid, with its `contact_closed` entry in one transaction.
    pub fn close_contact(
        &self,
        case_id: i64,
        contact_id: i64,
        outcome: &str,
        refund_method: Option<RefundMethod>,
    ) -> Result<Contact> {
        let outcome = outcome.trim();
        if outcome.is_empty() {
            return Err(Error::invalid(
                "outcome",
                "say what came of the contact (refused, refund approved...)",
                "请填写结果（如拒绝退款、同意退款）",
            ));
        }
        let mut conn = self.connect()?;
        let tx = repo::write_tx(&mut conn)?;
        repo::get_case(&tx, case_id)?;
        let (mut record, logged_at) = load(&tx, case_id)?
            .into_iter()
            .find(|(r, _)| r.id == contact_id)
            .ok_or_else(|| {
                Error::invalid(
                    "contact",
                    format!("case {case_id} has no contact {contact_id}"),
                    format!("案件 {case_id} 没有联系记录 {contact_id}"),
                )
            })?;
        if let Some(done) = &record.outcome {
            return Err(Error::invalid(
                "contact",
                format!("contact {contact_id} is already closed with the outcome {done:?}; log a new contact for what happened next"),
                format!("联系记录 {contact_id} 已有结果“{done}”；后续进展请新增一条联系记录"),
            ));
        }
        let event = Event::ContactClosed {
            contact_id,
            outcome,
            refund_method: refund_method.or(record.refund_method),
        };
        let entry = ledger::append(&tx, case_id, &time::now(), &event)?;
        // What the chain holds (NFC) is what the row holds.
        record.outcome = entry.payload["outcome"].as_str().map(str::to_string);
        record.refund_method = refund_method.or(record.refund_method);
        tx.execute(
            "UPDATE contacts SET outcome = ?1, refund_method = ?2 WHERE id = ?3",
            params![
                record.outcome,
                record.refund_method.map(RefundMethod::as_str),
                contact_id
            ],
        )?;
        tx.commit()?;
        Ok(Contact::from_record(record, logged_at, time::today()))
    }

    /// The escalation log of a case, oldest contact first, with states as of `today`.
    pub fn contacts(&self, case_id: i64, today: NaiveDate) -> Result<ContactLog> {
        let conn = self.connect()?;
        repo::get_case(&conn, case_id)?;
        let contacts: Vec<Contact> = load(&conn, case_id)?
            .into_iter()
            .map(|(r, at)| Contact::from_record(r, at, today))
            .collect();
        Ok(ContactLog {
            warnings: warnings(&contacts),
            contacts,
            holidays_note: HOLIDAYS_NOTE.into(),
            holidays_note_zh: HOLIDAYS_NOTE_ZH.into(),
            today: day_text(today),
        })
    }
}

/// Linked items must be this case's evidence, still active: a contact cannot lean on a file the
/// user withdrew or on another dispute's file.
fn check_items(conn: &Connection, case_id: i64, ids: &[i64]) -> Result<()> {
    for &id in ids {
        let item = repo::get_item(conn, id)?;
        if item.case_id != case_id {
            return Err(Error::invalid(
                "items",
                format!(
                    "item {id} belongs to case {}, not case {case_id}",
                    item.case_id
                ),
                format!("证据 {id} 属于案件 {}，不属于案件 {case_id}", item.case_id),
            ));
        }
        if item.status == ItemStatus::Withdrawn {
            return Err(Error::invalid(
                "items",
                format!("item {id} was withdrawn"),
                format!("证据 {id} 已被撤回"),
            ));
        }
    }
    Ok(())
}

fn insert_row(tx: &Transaction, r: &ContactRecord, logged_at: &str) -> Result<()> {
    // Compact JSON, the same text the replay derives from the chain's array.
    let items = serde_json::to_string(&r.items)
        .map_err(|e| Error::invalid("items", e.to_string(), e.to_string()))?;
    tx.execute(
        &format!(
            "INSERT INTO contacts ({CONTACT_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            r.id,
            r.case_id,
            r.step.as_str(),
            r.channel,
            r.date,
            r.ticket,
            r.outcome,
            r.refund_method.map(RefundMethod::as_str),
            items,
            logged_at
        ],
    )?;
    Ok(())
}

fn load(conn: &Connection, case_id: i64) -> Result<Vec<(ContactRecord, String)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONTACT_COLS} FROM contacts WHERE case_id = ?1 ORDER BY date, id"
    ))?;
    let rows = stmt.query_map([case_id], record_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn record_from_row(r: &rusqlite::Row) -> rusqlite::Result<(ContactRecord, String)> {
    // A step or refund method edited to garbage behind our back cannot be shown as anything
    // true; fail with a pointer to verify, which names the edit.
    let parsed = |col: usize, e: Error| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("{e} (the contacts table was changed outside Proofpack: run verify)").into(),
        )
    };
    let step: String = r.get(2)?;
    let method: Option<String> = r.get(7)?;
    let items: String = r.get(8)?;
    let record = ContactRecord {
        id: r.get(0)?,
        case_id: r.get(1)?,
        step: step.parse().map_err(|e| parsed(2, e))?,
        channel: r.get(3)?,
        date: r.get(4)?,
        ticket: r.get(5)?,
        outcome: r.get(6)?,
        refund_method: method
            .map(|m| m.parse())
            .transpose()
            .map_err(|e| parsed(7, e))?,
        items: serde_json::from_str(&items).unwrap_or_default(),
    };
    Ok((record, r.get(9)?))
}

/// Warnings about the log as a whole, most serious first.
pub fn warnings(contacts: &[Contact]) -> Vec<ContactWarning> {
    let mut out: Vec<ContactWarning> = multiple_channels(contacts).into_iter().collect();
    out.extend(contacts.iter().filter_map(no_written_trace));
    out
}

/// 多头申请: refund requests still open (no outcome) in two or more channels at once.
fn multiple_channels(contacts: &[Contact]) -> Option<ContactWarning> {
    let open: Vec<&Contact> = contacts
        .iter()
        .filter(|c| c.step.is_refund_request() && c.outcome.is_none())
        .collect();
    let mut channels: Vec<String> = open.iter().map(|c| c.channel.to_lowercase()).collect();
    channels.sort();
    channels.dedup();
    if channels.len() < 2 {
        return None;
    }
    let ids: Vec<String> = open.iter().map(|c| c.id.to_string()).collect();
    let names: Vec<&str> = open.iter().map(|c| c.channel.as_str()).collect();
    Some(ContactWarning {
        id: "multiple_channels".into(),
        message: format!(
            "Contacts {} are refund requests open at the same time in different channels ({}). \
             Do not file the same refund through several channels at once (多头申请): keep one \
             open, and record the outcome of any request already answered.",
            ids.join(", "),
            names.join(", ")
        ),
        message_zh: format!(
            "联系记录 {} 是同时在不同渠道（{}）提出且尚未有结果的退款申请。同一笔退款不要多头申请：\
             只保留一个渠道，已答复的请记录结果。",
            ids.join("、"),
            names.join("、")
        ),
        contacts: open.iter().map(|c| c.id).collect(),
    })
}

/// docs/DOMAIN.md: each escalation step should leave a written trace (chat, ticket number, refusal).
fn no_written_trace(c: &Contact) -> Option<ContactWarning> {
    if c.ticket.is_some() || !c.items.is_empty() {
        return None;
    }
    Some(ContactWarning {
        id: "no_written_trace".into(),
        message: format!(
            "Contact {} ({}, {}) has neither a ticket number nor a linked evidence item: each \
             escalation step should leave a written trace (chat record, ticket number, written \
             refusal). Keep the chat or a screenshot as evidence, and ask for a ticket number.",
            c.id,
            c.step.label().en,
            c.date
        ),
        message_zh: format!(
            "联系记录 {}（{}，{}）既没有工单号也没有关联证据：每一步维权都应留下书面记录（聊天记录、\
             工单号、书面拒绝理由）。请保存聊天记录或截图作为证据，并索要工单号。",
            c.id,
            c.step.label().zh,
            c.date
        ),
        contacts: vec![c.id],
    })
}

#[cfg(test)]
mod tests;
