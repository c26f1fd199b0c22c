//! IPC commands. Each one takes ids (never paths), runs its core call off the UI thread and
//! returns the result or an `ErrorPayload {code, message, message_zh}`.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use proofpack_core::case::contacts::{Contact, ContactLog, NewContact, RefundMethod};
use proofpack_core::case::letter::{Lang, Letter, LetterDraft, LetterKind};
use proofpack_core::case::refund::{self, Refund, RefundBasis};
use proofpack_core::case::search::SearchResult;
use proofpack_core::case::timeline::TimelineEvent;
use proofpack_core::checks::Checklist;
use proofpack_core::extract::Fact;
use proofpack_core::ingest::chat::dates::DateOrder;
use proofpack_core::ingest::derived::{DatesRead, ItemDetails};
use proofpack_core::ingest::ImportOptions;
use proofpack_core::ledger::verify::VerifyReport;
use proofpack_core::ocr::job::{OcrEvent, OcrOutcome};
use proofpack_core::Category;
use proofpack_core::{
    Case, CaseFields, CasePatch, CaseSummary, Error, ErrorPayload, ImportEvent, ImportReport, Item,
    LedgerEntry, Library, LibraryInfo,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// Runs a core call on the blocking pool so the window stays responsive.
pub async fn blocking<T, F>(state: &State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(Library) -> proofpack_core::Result<T> + Send + 'static,
{
    let lib = state.library()?;
    tauri::async_runtime::spawn_blocking(move || f(lib))
        .await
        .map_err(|e| Error::invalid("task", e.to_string(), e.to_string()).payload())?
        .map_err(ErrorPayload::from)
}

#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> CmdResult<LibraryInfo> {
    // The home screen asks for this as it mounts.
    state.note_first_screen();
    Ok(state.library()?.info())
}

#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>) -> CmdResult<Vec<CaseSummary>> {
    blocking(&state, |lib| lib.list_cases()).await
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, fields: CaseFields) -> CmdResult<Case> {
    blocking(&state, move |lib| lib.create_case(fields)).await
}

#[tauri::command]
pub async fn update_case(state: State<'_, AppState>, id: i64, patch: CasePatch) -> CmdResult<Case> {
    blocking(&state, move |lib| lib.update_case(id, patch)).await
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, id: i64) -> CmdResult<Case> {
    blocking(&state, move |lib| lib.case(id)).await
}

#[tauri::command]
pub async fn list_items(state: State<'_, AppState>, case_id: i64) -> CmdResult<Vec<Item>> {
    blocking(&state, move |lib| lib.items(case_id)).await
}

/// Opens the native file (or folder) dialog in Rust and imports what the user picks.
/// `None` when the dialog was closed without a choice.
#[tauri::command]
pub async fn import_with_dialog(
    app: AppHandle,
    state: State<'_, AppState>,
    case_id: i64,
    folders: bool,
    on_event: Channel<ImportEvent>,
) -> CmdResult<Option<ImportReport>> {
    let Some(paths) = pick(&app, folders) else {
        return Ok(None);
    };
    import(&state, case_id, paths, on_event).await.map(Some)
}

/// Imports the files of the last drag-and-drop onto the window.
#[tauri::command]
pub async fn import_dropped(
    state: State<'_, AppState>,
    case_id: i64,
    on_event: Channel<ImportEvent>,
) -> CmdResult<ImportReport> {
    let paths = state.take_dropped();
    import(&state, case_id, paths, on_event).await
}

#[tauri::command]
pub async fn discard_drop(state: State<'_, AppState>) -> CmdResult<()> {
    state.take_dropped();
    Ok(())
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> CmdResult<()> {
    state.cancel.store(true, Ordering::Relaxed);
    Ok(())
}

#[tauri::command]
pub async fn withdraw_item(
    state: State<'_, AppState>,
    item_id: i64,
    reason: String,
) -> CmdResult<Item> {
    blocking(&state, move |lib| lib.withdraw(item_id, &reason)).await
}

#[tauri::command]
pub async fn verify_case(state: State<'_, AppState>, case_id: i64) -> CmdResult<VerifyReport> {
    blocking(&state, move |lib| lib.verify(Some(case_id))).await
}

#[tauri::command]
pub async fn item_details(state: State<'_, AppState>, item_id: i64) -> CmdResult<ItemDetails> {
    blocking(&state, move |lib| lib.item_details(item_id)).await
}

#[tauri::command]
pub async fn case_facts(state: State<'_, AppState>, case_id: i64) -> CmdResult<Vec<Fact>> {
    blocking(&state, move |lib| lib.case_facts(case_id)).await
}

/// Where a text occurs in a case's evidence (recognised, transcribed, noted).
#[tauri::command]
pub async fn search_case(
    state: State<'_, AppState>,
    case_id: i64,
    query: String,
) -> CmdResult<SearchResult> {
    blocking(&state, move |lib| lib.search(case_id, &query)).await
}

/// Corrects or confirms a fact found in an item (the user's word wins over what was read).
#[tauri::command]
pub async fn fix_fact(
    state: State<'_, AppState>,
    item_id: i64,
    fact: Fact,
    value: String,
) -> CmdResult<Item> {
    blocking(&state, move |lib| lib.fix_fact(item_id, &fact, &value)).await
}

/// Reads a chat's ambiguous dates day/month or month/day, as the user says.
#[tauri::command]
pub async fn set_date_order(
    state: State<'_, AppState>,
    item_id: i64,
    order: DateOrder,
) -> CmdResult<DatesRead> {
    blocking(&state, move |lib| lib.set_date_order(item_id, order)).await
}

/// Sets (an empty text clears) what the user says an item shows.
#[tauri::command]
pub async fn set_note(state: State<'_, AppState>, item_id: i64, note: String) -> CmdResult<Item> {
    blocking(&state, move |lib| lib.set_note(item_id, &note)).await
}

/// Sets an item's category; the same category again confirms a suggestion.
#[tauri::command]
pub async fn recategorize_item(
    state: State<'_, AppState>,
    item_id: i64,
    category: Category,
) -> CmdResult<Item> {
    blocking(&state, move |lib| lib.recategorize(item_id, category)).await
}

/// Records which rows of a bill belong to the case (the full list; empty clears it).
#[tauri::command]
pub async fn confirm_bill_rows(
    state: State<'_, AppState>,
    item_id: i64,
    rows: Vec<u32>,
) -> CmdResult<Item> {
    blocking(&state, move |lib| lib.confirm_bill_rows(item_id, &rows)).await
}

/// The case's readiness: the three-category checklist with gaps and warnings.
#[tauri::command]
pub async fn check_case(state: State<'_, AppState>, case_id: i64) -> CmdResult<Checklist> {
    blocking(&state, move |lib| lib.check(case_id)).await
}

/// Refund arithmetic; needs no library.
#[tauri::command]
pub async fn compute_refund(price: String, basis: RefundBasis) -> CmdResult<Refund> {
    refund::compute(&price, basis).map_err(ErrorPayload::from)
}

/// Purchase, payments, key messages and ledger actions, sorted by instant.
#[tauri::command]
pub async fn case_timeline(
    state: State<'_, AppState>,
    case_id: i64,
) -> CmdResult<Vec<TimelineEvent>> {
    blocking(&state, move |lib| lib.timeline(case_id)).await
}

/// Records one escalation step (a ledger entry).
#[tauri::command]
pub async fn log_contact(
    state: State<'_, AppState>,
    case_id: i64,
    contact: NewContact,
) -> CmdResult<Contact> {
    blocking(&state, move |lib| lib.log_contact(case_id, contact)).await
}

/// Records the outcome of an open contact (a ledger entry).
#[tauri::command]
pub async fn close_contact(
    state: State<'_, AppState>,
    case_id: i64,
    contact_id: i64,
    outcome: String,
    refund_method: Option<RefundMethod>,
) -> CmdResult<Contact> {
    blocking(&state, move |lib| {
        lib.close_contact(case_id, contact_id, &outcome, refund_method)
    })
    .await
}

/// The escalation log with due dates and warnings as of today (local date).
#[tauri::command]
pub async fn case_contacts(state: State<'_, AppState>, case_id: i64) -> CmdResult<ContactLog> {
    blocking(&state, move |lib| {
        lib.contacts(case_id, proofpack_core::time::today())
    })
    .await
}

/// The request letter or 12315 draft composed from the case facts, with the user's saved edit;
/// it claims what the refund calculator computed (`basis`), else the full price.
#[tauri::command]
pub async fn case_letter(
    state: State<'_, AppState>,
    case_id: i64,
    kind: LetterKind,
    lang: Lang,
    basis: Option<RefundBasis>,
) -> CmdResult<Letter> {
    let basis = basis.unwrap_or(RefundBasis::Full);
    blocking(&state, move |lib| {
        lib.letter_claiming(case_id, kind, lang, basis)
    })
    .await
}

/// Saves the user's edited letter with the case (a ledger entry).
#[tauri::command]
pub async fn save_letter(
    state: State<'_, AppState>,
    case_id: i64,
    kind: LetterKind,
    lang: Lang,
    text: String,
) -> CmdResult<LetterDraft> {
    blocking(&state, move |lib| {
        lib.save_letter(case_id, kind, lang, &text)
    })
    .await
}

#[tauri::command]
pub async fn case_log(state: State<'_, AppState>, case_id: i64) -> CmdResult<Vec<LedgerEntry>> {
    blocking(&state, move |lib| lib.log(case_id)).await
}

/// Reads the text of the case's captures not read yet, in the background of the window:
/// progress goes to `on_event`; `cancel_reading` stops between two captures.
#[tauri::command]
pub async fn read_captures(
    state: State<'_, AppState>,
    case_id: i64,
    on_event: Channel<OcrEvent>,
) -> CmdResult<Vec<OcrOutcome>> {
    if state.reading.swap(true, Ordering::AcqRel) {
        return Err(Error::Busy.payload());
    }
    let cancel = state.read_cancel.clone();
    cancel.store(false, Ordering::Relaxed);
    let result = blocking(&state, move |lib| {
        let engine = proofpack_core::ocr::bundled().map_err(Error::OcrUnavailable)?;
        lib.read_case(
            engine,
            case_id,
            &|e| {
                let _ = on_event.send(e);
            },
            &cancel,
        )
    })
    .await;
    state.reading.store(false, Ordering::Release);
    result
}

#[tauri::command]
pub async fn cancel_reading(state: State<'_, AppState>) -> CmdResult<()> {
    state.read_cancel.store(true, Ordering::Relaxed);
    Ok(())
}

async fn import(
    state: &State<'_, AppState>,
    case_id: i64,
    paths: Vec<PathBuf>,
    on_event: Channel<ImportEvent>,
) -> CmdResult<ImportReport> {
    if state.importing.swap(true, Ordering::AcqRel) {
        return Err(Error::Busy.payload());
    }
    let cancel = state.cancel.clone();
    cancel.store(false, Ordering::Relaxed);
    let result = blocking(state, move |lib| {
        let progress = |e: ImportEvent| {
            // A closed window just stops listening; the import itself goes on.
            let _ = on_event.send(e);
        };
        let opts = ImportOptions::default();
        lib.import(case_id, &paths, &opts, &progress, &cancel)
    })
    .await;
    state.importing.store(false, Ordering::Release);
    result
}

/// The native dialog. End-to-end tests cannot click a GTK dialog, so when
/// PROOFPACK_E2E_PICK is set in the app's environment (never by the webview) its
/// colon-separated paths stand in for the user's choice.
fn pick(app: &AppHandle, folders: bool) -> Option<Vec<PathBuf>> {
    if let Some(list) = std::env::var_os("PROOFPACK_E2E_PICK") {
        return Some(std::env::split_paths(&list).collect());
    }
    let dialog = app.dialog().file();
    let picked = if folders {
        dialog.blocking_pick_folders()
    } else {
        dialog.blocking_pick_files()
    }?;
    Some(
        picked
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect(),
    )
}
