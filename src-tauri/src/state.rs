//! What the app keeps between commands: the opened library (or why it could not be opened),
//! the paths of the last drag-and-drop, the cancel flags of the running import and export, and
//! where the last pack was written.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use proofpack_core::{store::location, ErrorPayload, Library};

pub struct AppState {
    pub library: Result<Library, ErrorPayload>,
    pub dropped: Mutex<Vec<PathBuf>>,
    pub cancel: Arc<AtomicBool>,
    /// One import at a time: progress events and cancel carry no import id.
    pub importing: AtomicBool,
    /// One export at a time, with its own cancel flag.
    pub exporting: AtomicBool,
    pub export_cancel: Arc<AtomicBool>,
    /// One reading of captures at a time, with its own cancel flag.
    pub reading: AtomicBool,
    pub read_cancel: Arc<AtomicBool>,
    /// Where the last pack went, for "open its folder"; never sent to the webview as a handle.
    last_export: Mutex<Option<PathBuf>>,
    /// For the one start-up line on stderr that `make bench` times (cold start).
    started: Instant,
    first_screen: AtomicBool,
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
            exporting: AtomicBool::new(false),
            export_cancel: Arc::new(AtomicBool::new(false)),
            reading: AtomicBool::new(false),
            read_cancel: Arc::new(AtomicBool::new(false)),
            last_export: Mutex::new(None),
            started: Instant::now(),
            first_screen: AtomicBool::new(false),
        }
    }

    /// Called when the first screen has mounted: says once how long start-up took.
    pub fn note_first_screen(&self) {
        if !self.first_screen.swap(true, Ordering::Relaxed) {
            eprintln!(
                "proofpack-app: first screen ready {} ms after start",
                self.started.elapsed().as_millis()
            );
        }
    }

    pub fn library(&self) -> Result<Library, ErrorPayload> {
        self.library.clone()
    }

    pub fn set_last_export(&self, path: PathBuf) {
        match self.last_export.lock() {
            Ok(mut g) => *g = Some(path),
            Err(poisoned) => *poisoned.into_inner() = Some(path),
        }
    }

    pub fn last_export(&self) -> Option<PathBuf> {
        match self.last_export.lock() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Takes (and clears) the paths of the last drop.
    pub fn take_dropped(&self) -> Vec<PathBuf> {
        match self.dropped.lock() {
            Ok(mut g) => std::mem::take(&mut *g),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }
}
