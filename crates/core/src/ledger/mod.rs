//! The per-case evidence chain: canonical entries linked by hash, a Merkle checkpoint, and verify.

pub mod canonical;
pub mod entry;
pub mod event;
pub mod merkle;
pub mod replay;
pub mod verify;

pub use entry::{append, entry_hash, Action, LedgerEntry, GENESIS_PREV};
pub use event::Event;
