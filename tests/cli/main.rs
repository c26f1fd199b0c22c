//! Black-box tests of the `proofpack` binary, each in its own temp library.

mod bad_input;
mod check;
mod concurrency;
mod contacts;
mod errors;
mod faults;
mod flow;
mod letter;
mod ocr;
mod pack;
mod pack_hostile;
mod real_data;
mod refund;
mod storage;
mod tamper;
mod tamper_suite;
mod timeline;
mod understand;
mod verify_html;
