#![no_main]

use std::sync::OnceLock;

/// One scratch folder per fuzzing process; each input overwrites what the last one wrote.
fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("scratch dir")).path()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    proofpack_core::fuzzing::pack_zip(data, scratch());
});
