//! Cases and their evidence items.

pub mod contacts;
pub mod item;
pub mod letter;
pub mod model;
pub mod number;
pub mod refund;
pub mod repo;
pub mod search;
pub mod timeline;

pub use contacts::{Contact, ContactLog, ContactWarning, DueState, NewContact, RefundMethod, Step};
pub use item::{Category, CategorySource, Item, ItemRecord, ItemStatus};
pub use model::{Case, CaseFields, CasePatch, CaseSummary};
pub use number::Numbers;
