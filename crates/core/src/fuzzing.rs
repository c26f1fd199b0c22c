//! Whole-input entry points for the fuzzers in `fuzz/` (cargo-fuzz targets) and for their
//! regression test: each takes any bytes and must return without panicking, hanging or
//! allocating without bound. Each runs the real code path an imported or received file takes.

use std::path::Path;

use crate::ingest::{analyze, bill, chat, sniff, text};
use crate::pack::{sums, verify};
use crate::store::ObjectStore;

/// A chat log or any text: decoding (BOM, UTF-8, UTF-16, GBK detection), every chat format's
/// parser, and fact extraction with snippets.
pub fn text_and_chat(bytes: &[u8]) {
    let decoded = text::decode(bytes);
    for name in ["chat.txt", "chat.csv", "result.json", "WhatsApp Chat.txt"] {
        let _ = chat::parse(name, &decoded.text);
    }
    for f in crate::extract::extract(&decoded.text) {
        let _ = crate::extract::snippet(&decoded.text, f.start, f.end);
    }
}

/// A payment bill: CSV text (Alipay, WeChat Pay) and XLSX workbooks.
pub fn bill(bytes: &[u8]) {
    let decoded = text::decode(bytes);
    let _ = bill::parse_text("bill.csv", &decoded.text);
    let _ = bill::parse_xlsx(bytes);
}

/// Any stored file as import sees it: type sniffing, then picture decoding (size limits, EXIF,
/// both thumbnails) or text/bill analysis, through the object store in `scratch`.
pub fn stored_file(bytes: &[u8], scratch: &Path) {
    let objects = ObjectStore::new(scratch);
    if objects.ensure_dirs().is_err() {
        return;
    }
    let Ok(stored) = objects.put_stream(&mut &bytes[..], Path::new("fuzz-input")) else {
        return;
    };
    for name in ["input.png", "input.txt", "input.xlsx"] {
        let media_type = sniff::media_type(&stored.head, name);
        let _ = analyze::analyze(
            &objects,
            &scratch.join("thumbs"),
            &stored.sha256,
            stored.size,
            &media_type,
            name,
        );
    }
}

/// A pack someone sent, as a ZIP: written to `scratch` and checked by verify-bundle.
pub fn pack_zip(bytes: &[u8], scratch: &Path) {
    let path = scratch.join("pack.zip");
    if std::fs::write(&path, bytes).is_ok() {
        let _ = verify::verify_bundle(&path);
    }
}

/// The SHA256SUMS text of a pack.
pub fn pack_sums(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = sums::parse(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(dirs: &[&str]) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut out = Vec::new();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if e.path().is_file() {
                    out.push(e.path());
                }
            }
        }
        out.sort();
        out
    }

    /// Each target's own regressions (inputs that once crashed, hung or blew up a parser), run
    /// through that target with a generous time ceiling that catches a hang.
    #[test]
    fn each_target_replays_its_regressions() {
        let scratch = tempfile::tempdir().unwrap();
        type Target<'a> = (&'a str, &'a dyn Fn(&[u8]));
        let targets: [Target; 5] = [
            ("text_and_chat", &text_and_chat),
            ("bill", &bill),
            ("stored_file", &|b| stored_file(b, scratch.path())),
            ("pack_zip", &|b| pack_zip(b, scratch.path())),
            ("pack_sums", &pack_sums),
        ];
        for (target, run) in targets {
            let found = inputs(&[&format!("fuzz/regressions/{target}")]);
            assert!(!found.is_empty(), "fuzz/regressions/{target} is empty");
            for path in found {
                let bytes = std::fs::read(&path).unwrap();
                let start = std::time::Instant::now();
                run(&bytes);
                let took = start.elapsed();
                assert!(took.as_secs() < 60, "{}: {took:?}", path.display());
            }
        }
    }

    /// The hostile corpus and every fixture, run through every target.
    #[test]
    fn regressions_and_the_hostile_corpus_run_clean() {
        let scratch = tempfile::tempdir().unwrap();
        let all = inputs(&[
            "fuzz/regressions/text_and_chat",
            "fuzz/regressions/bill",
            "fuzz/regressions/stored_file",
            "fuzz/regressions/pack_zip",
            "fuzz/regressions/pack_sums",
            "tests/fixtures/hostile/files",
            "tests/fixtures/hostile/packs",
            "tests/fixtures/chat",
            "tests/fixtures/bill",
        ]);
        assert!(all.len() > 60, "{} inputs", all.len());
        for path in &all {
            let bytes = std::fs::read(path).unwrap();
            text_and_chat(&bytes);
            bill(&bytes);
            stored_file(&bytes, scratch.path());
            pack_zip(&bytes, scratch.path());
            pack_sums(&bytes);
        }
    }
}
