#![recursion_limit = "256"]
//! proofpack-core: every piece of Proofpack's logic. The CLI and the desktop app are thin shells
//! over [`Library`]; nothing here knows about either.

pub mod case;
pub mod checks;
pub mod demo;
pub mod error;
pub mod extract;
pub mod fuzzing;
pub mod ingest;
pub mod ledger;
pub mod ocr;
pub mod pack;
pub mod store;
pub mod text;
pub mod time;

pub use case::{
    Case, CaseFields, CasePatch, CaseSummary, Category, CategorySource, Contact, ContactLog,
    DueState, Item, ItemStatus, NewContact, RefundMethod, Step,
};
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use ingest::{ImportEvent, ImportOptions, ImportReport};
pub use ledger::verify::VerifyReport;
pub use ledger::LedgerEntry;
pub use store::{Library, LibraryInfo};
