//! What the app keeps between commands: the opened library (or why it could not be opened),
//! the paths of the last drag-and-drop, and the cancel flag of the running import.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use proofpack_core::{store::location, ErrorPayload, Library};

pub struct AppState {
    pub library: Result<Library, ErrorPayload>,
    pub dropped: Mutex<Vec<PathBuf>>,
    pub cancel: Arc<AtomicBool>,
    /// One import at a time: progress events and cancel carry no import id.
    pub importing: AtomicBool,
}

impl AppState {
    /// Opens the library from PROOFPACK_LIBRARY or the OS data folder. A failure is kept and
    /// shown by the UI on its first call instead of crashing the window.
    pub fn open() -> Self {
        let library = location::resolve(None)
            .and_then(|dir| Library::open(&dir))
            .map_err(|e| e.payload());
        AppState {
            library,
            dropped: Mutex::new(Vec::new()),
            cancel: Arc::new(AtomicBool::new(false)),
            importing: AtomicBool::new(false),
        }
    }

    pub fn library(&self) -> Result<Library, ErrorPayload> {
        self.library.clone()
    }

    /// Takes (and clears) the paths of the last drop.
    pub fn take_dropped(&self) -> Vec<PathBuf> {
        match self.dropped.lock() {
            Ok(mut g) => std::mem::take(&mut *g),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }
}
