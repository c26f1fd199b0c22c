#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    proofpack_core::fuzzing::bill(data);
});
