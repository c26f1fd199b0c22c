//! How results are printed: JSON (`--json`, stable, ids included) or text for people, in
//! Chinese when the locale asks for it (PROOFPACK_LANG, LC_ALL, LANG), else English.
//!
//! The JSON decision is made once, in [`Out::show`]; each area's human renderer writes to a
//! [`Printer`] (any `Write`), so the human format is tested by snapshots in both languages.

pub mod case;
pub mod check;
pub mod contacts;
pub mod evidence;
pub mod library;
pub mod pack;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use proofpack_core::text::Text;
use serde::Serialize;

/// Where a human renderer writes: results to `out`, notes and per-file problems to `err`, so
/// piping keeps only the results.
pub struct Printer<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub zh: bool,
}

impl Printer<'_> {
    /// The side of a bilingual pair in the reader's language.
    pub fn tr<T>(&self, en: T, zh: T) -> T {
        if self.zh {
            zh
        } else {
            en
        }
    }

    pub fn text(&self, t: Text) -> &'static str {
        self.tr(t.en, t.zh)
    }
}

/// A human renderer of one result.
pub type Render<T> = fn(&mut Printer, &T) -> io::Result<()>;

pub struct Out {
    pub json: bool,
    zh: bool,
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out {
            json,
            zh: wants_chinese(),
        }
    }

    /// Prints `value`: as JSON on stdout with `--json`, else through `human`.
    pub fn show<T: Serialize + ?Sized>(&self, value: &T, human: Render<T>) {
        self.show_with(value, |p| human(p, value))
    }

    /// As [`Out::show`], for renderers that take more than the value.
    pub fn show_with<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce(&mut Printer) -> io::Result<()>,
    ) {
        let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
        let result = if self.json {
            json(&mut out, value)
        } else {
            let mut p = Printer {
                out: &mut out,
                err: &mut err,
                zh: self.zh,
            };
            human(&mut p)
        };
        // A closed pipe (`| head`) ends the output quietly; anything else is worth a word.
        if let Err(e) = result.and_then(|()| out.flush()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                let _ = writeln!(err, "cannot print the result / 无法输出结果: {e}");
            }
        }
    }
}

fn json<T: Serialize + ?Sized>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::other)?;
    writeln!(w)
}

fn wants_chinese() -> bool {
    ["PROOFPACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("zh"))
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

/// Terminals draw CJK characters two columns wide; `{:<n}` counts them as one.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Pads `s` to `width` terminal columns so the columns after it line up in both languages.
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}
