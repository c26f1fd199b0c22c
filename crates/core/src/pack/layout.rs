//! Where each file goes in the pack. Originals keep their name after their evidence number
//! (`evidence/1-purchase/1-1_订单截图.png`), made safe for every file system the pack may be
//! unpacked on: no separators, no reserved characters, no control characters, bounded length.

use unicode_normalization::UnicodeNormalization;

use crate::case::Category;

pub const README: &str = "README.txt";
pub const MANIFEST: &str = "manifest.json";
pub const SUMS: &str = "SHA256SUMS";
pub const REPORT: &str = "report.pdf";
pub const VERIFY_HTML: &str = "verify.html";

/// The evidence folder of a category, numbered as the report numbers its items.
pub fn category_dir(c: Category) -> &'static str {
    match c {
        Category::Purchase => "evidence/1-purchase",
        Category::NonDelivery => "evidence/2-non-delivery",
        Category::Communication => "evidence/3-communication",
        Category::Other => "evidence/9-other",
    }
}

/// Longest file name kept, in characters (not bytes: Chinese names stay readable).
const MAX_NAME_CHARS: usize = 80;

/// A file name safe on Windows, macOS and Linux: reserved and control characters become `_`,
/// leading dots and trailing dots/spaces go, Windows device names get a `_` prefix.
pub fn safe_name(name: &str) -> String {
    let mut s: String = name
        .nfc()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    s = s
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .to_string();
    if s.chars().count() > MAX_NAME_CHARS {
        s = shorten(&s);
    }
    let stem = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if s.is_empty() || reserved {
        s = format!("_{s}");
    }
    s
}

/// Keeps the extension (up to 10 characters) and as much of the stem as fits.
fn shorten(s: &str) -> String {
    let ext = s
        .rfind('.')
        .map(|i| &s[i..])
        .filter(|e| e.chars().count() <= 10)
        .unwrap_or("");
    let stem = &s[..s.len() - ext.len()];
    let keep = MAX_NAME_CHARS - ext.chars().count();
    stem.chars().take(keep).collect::<String>() + ext
}

/// `evidence/1-purchase/1-1_订单截图.png`
pub fn evidence_path(category: Category, number: &str, original_name: &str) -> String {
    format!(
        "{}/{number}_{}",
        category_dir(category),
        safe_name(original_name)
    )
}

/// `derived/3-1_chat.txt.transcript.txt`
pub fn derived_path(number: &str, original_name: &str, what: &str) -> String {
    let base = safe_name(&format!("{number}_{original_name}"));
    format!("derived/{}", shorten_with(&base, what))
}

fn shorten_with(base: &str, suffix: &str) -> String {
    let keep = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    base.chars().take(keep).collect::<String>() + suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_everywhere() {
        assert_eq!(safe_name("订单截图.png"), "订单截图.png");
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name("a:b*c?.txt"), "a_b_c_.txt");
        assert_eq!(safe_name("line\nbreak.txt"), "line_break.txt");
        assert_eq!(safe_name("CON.txt"), "_CON.txt");
        assert_eq!(safe_name("com1"), "_com1");
        assert_eq!(safe_name("console.txt"), "console.txt");
        assert_eq!(safe_name("..."), "_");
        assert_eq!(safe_name("name. "), "name");
        // NFD input is stored NFC so the same name never appears twice in two forms.
        assert_eq!(safe_name("e\u{301}.txt"), "\u{e9}.txt");
        let long = format!("{}.png", "长".repeat(200));
        let s = safe_name(&long);
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(s.ends_with(".png"));
    }

    #[test]
    fn paths_are_numbered_by_category() {
        assert_eq!(
            evidence_path(Category::NonDelivery, "2-1", "状态.png"),
            "evidence/2-non-delivery/2-1_状态.png"
        );
        assert_eq!(
            derived_path("3-1", "chat.txt", ".transcript.txt"),
            "derived/3-1_chat.txt.transcript.txt"
        );
    }
}
