// Every app command gets its own permission; capabilities/default.json grants exactly these.
const COMMANDS: &[&str] = &[
    "library_info",
    "list_cases",
    "create_case",
    "update_case",
    "get_case",
    "list_items",
    "import_with_dialog",
    "import_dropped",
    "discard_drop",
    "cancel_import",
    "read_captures",
    "cancel_reading",
    "withdraw_item",
    "verify_case",
    "case_log",
    "item_details",
    "case_facts",
    "recategorize_item",
    "set_note",
    "fix_fact",
    "set_date_order",
    "search_case",
    "confirm_bill_rows",
    "check_case",
    "compute_refund",
    "case_timeline",
    "log_contact",
    "case_contacts",
    "case_letter",
    "close_contact",
    "save_letter",
    "export_case",
    "cancel_export",
    "reveal_export",
    "verify_pack",
    "create_demo",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
