//! Proofpack desktop app: a thin Tauri shell. All logic is in proofpack-core; the commands in
//! `commands.rs` only move ids and results across the IPC boundary.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod drop;
mod media;
mod pack;
mod state;

fn main() {
    let state = state::AppState::open();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .on_window_event(drop::on_window_event)
        .register_asynchronous_uri_scheme_protocol(media::SCHEME, media::handle)
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_cases,
            commands::create_case,
            commands::update_case,
            commands::get_case,
            commands::list_items,
            commands::import_with_dialog,
            commands::import_dropped,
            commands::discard_drop,
            commands::cancel_import,
            commands::read_captures,
            commands::cancel_reading,
            commands::withdraw_item,
            commands::verify_case,
            commands::case_log,
            commands::item_details,
            commands::case_facts,
            commands::recategorize_item,
            commands::set_note,
            commands::fix_fact,
            commands::set_date_order,
            commands::search_case,
            commands::confirm_bill_rows,
            commands::check_case,
            commands::compute_refund,
            commands::case_timeline,
            commands::log_contact,
            commands::close_contact,
            commands::case_contacts,
            commands::case_letter,
            commands::save_letter,
            pack::export_case,
            pack::cancel_export,
            pack::reveal_export,
            pack::verify_pack,
            pack::create_demo,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Proofpack could not start: {e}");
        std::process::exit(1);
    }
}
