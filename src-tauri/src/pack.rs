//! Commands for evidence packs: export (native save dialog in Rust, progress over a channel,
//! cancel), open the folder of the last export, verify a pack someone sent (native open
//! dialog), and the sample case. The webview never sends or receives a path it could use.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use proofpack_core::pack::verify::{verify_bundle, BundleReport};
use proofpack_core::pack::{ExportEvent, ExportOptions, ExportReport};
use proofpack_core::{Case, Error};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{blocking, CmdResult};
use crate::state::AppState;

/// Where to write the pack. E2E tests cannot click a GTK dialog: PROOFPACK_E2E_SAVE (set in
/// the app's environment, out of the webview's reach) names a folder that stands in for it.
fn choose_destination(app: &AppHandle, case_id: i64, folder: bool) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PROOFPACK_E2E_SAVE") {
        return Some(PathBuf::from(dir));
    }
    let dialog = app.dialog().file();
    let chosen = if folder {
        // The pack folder is created inside the chosen folder, with its default name.
        dialog.blocking_pick_folder()
    } else {
        let today = proofpack_core::time::today();
        dialog
            .set_file_name(proofpack_core::pack::pack_name(case_id, today, false))
            .add_filter("ZIP", &["zip"])
            .blocking_save_file()
    }?;
    chosen.into_path().ok()
}

/// Exports a case; None when the user closed the dialog without choosing.
#[tauri::command]
pub async fn export_case(
    app: AppHandle,
    state: State<'_, AppState>,
    case_id: i64,
    options: ExportOptions,
    on_event: Channel<ExportEvent>,
) -> CmdResult<Option<ExportReport>> {
    if state.exporting.swap(true, Ordering::AcqRel) {
        return Err(Error::Busy.payload());
    }
    let result = run_export(app, &state, case_id, options, on_event).await;
    state.exporting.store(false, Ordering::Release);
    if let Ok(Some(r)) = &result {
        state.set_last_export(PathBuf::from(&r.path));
    }
    result
}

async fn run_export(
    app: AppHandle,
    state: &State<'_, AppState>,
    case_id: i64,
    options: ExportOptions,
    on_event: Channel<ExportEvent>,
) -> CmdResult<Option<ExportReport>> {
    // A stale letter is answered before the user picks a place for the pack.
    blocking(state, move |lib| lib.check_letters(case_id, &options)).await?;
    let picker = app.clone();
    let dest = tauri::async_runtime::spawn_blocking(move || {
        choose_destination(&picker, case_id, options.folder)
    })
    .await
    .map_err(|e| Error::invalid("dialog", e.to_string(), e.to_string()).payload())?;
    let Some(dest) = dest else { return Ok(None) };
    let cancel = state.export_cancel.clone();
    cancel.store(false, Ordering::Relaxed);
    blocking(state, move |lib| {
        let progress = |e: ExportEvent| {
            let _ = on_event.send(e);
        };
        lib.export(case_id, &dest, &options, &progress, &cancel)
            .map(Some)
    })
    .await
}

#[tauri::command]
pub fn cancel_export(state: State<'_, AppState>) {
    state.export_cancel.store(true, Ordering::Relaxed);
}

/// Opens the folder holding the last exported pack in the system's file manager.
#[tauri::command]
pub fn reveal_export(state: State<'_, AppState>) -> CmdResult<()> {
    let Some(path) = state.last_export() else {
        return Err(
            Error::invalid("export", "nothing was exported yet", "还没有导出过证据包").payload(),
        );
    };
    let dir = path.parent().map(PathBuf::from).unwrap_or(path);
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&dir)
        .spawn()
        .map(|_| ())
        .map_err(|e| Error::io(&dir, e).payload())
}

/// Verifies a pack chosen in the native dialog (a ZIP file, or a folder); None if the user
/// chose nothing. PROOFPACK_E2E_PACK stands in for the dialog in end-to-end tests.
#[tauri::command]
pub async fn verify_pack(app: AppHandle, folder: bool) -> CmdResult<Option<BundleReport>> {
    let report = tauri::async_runtime::spawn_blocking(move || {
        let chosen = match std::env::var_os("PROOFPACK_E2E_PACK") {
            Some(p) => Some(PathBuf::from(p)),
            None => {
                let dialog = app.dialog().file();
                let picked = if folder {
                    dialog.blocking_pick_folder()
                } else {
                    dialog.add_filter("ZIP", &["zip"]).blocking_pick_file()
                };
                picked.and_then(|p| p.into_path().ok())
            }
        };
        chosen.map(|p| verify_bundle(&p))
    })
    .await
    .map_err(|e| Error::invalid("task", e.to_string(), e.to_string()).payload())?;
    Ok(report)
}

/// Creates the built-in sample case.
#[tauri::command]
pub async fn create_demo(state: State<'_, AppState>) -> CmdResult<Case> {
    blocking(&state, |lib| lib.create_demo()).await
}
