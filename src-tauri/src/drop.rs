//! Drag-and-drop: the OS hands the paths to Rust; the webview only learns how many arrived and
//! then asks, by case id, to import them. Paths never travel through the webview.

use tauri::{DragDropEvent, Emitter, Manager, Window, WindowEvent};

use crate::state::AppState;

pub const DROPPED_EVENT: &str = "proofpack://dropped";

#[derive(Clone, serde::Serialize)]
struct Dropped {
    count: usize,
}

pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event else {
        return;
    };
    if paths.is_empty() {
        return;
    }
    let state = window.state::<AppState>();
    let count = paths.len();
    match state.dropped.lock() {
        Ok(mut g) => *g = paths.clone(),
        Err(poisoned) => *poisoned.into_inner() = paths.clone(),
    }
    if let Err(e) = window.emit(DROPPED_EVENT, Dropped { count }) {
        eprintln!("could not tell the window about dropped files: {e}");
    }
}
