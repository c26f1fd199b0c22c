//! Cases and their evidence items.

pub mod item;
pub mod model;
pub mod repo;

pub use item::{Category, Item, ItemRecord, ItemStatus};
pub use model::{Case, CaseFields, CasePatch, CaseSummary};
