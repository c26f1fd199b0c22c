//! Cases and their evidence items.

pub mod item;
pub mod model;
pub mod refund;
pub mod repo;

pub use item::{Category, CategorySource, Item, ItemRecord, ItemStatus};
pub use model::{Case, CaseFields, CasePatch, CaseSummary};
