//! Characters the report can draw. typst refuses a PDF/A export when any character has no glyph
//! in the fonts it was given, so one emoji in a nickname would stop the whole export. Every
//! string of the report data passes through [`printable`] first: a character no bundled font
//! covers is printed as its code point (`〈U+20000〉`), visible and labelled; invisible format
//! characters no font draws (variation selectors, bidi marks) are left out. Only the PDF is
//! changed this way: the manifest, transcripts and originals keep the exact text.

use std::borrow::Cow;

use serde_json::Value;

use super::world;

/// Whether some bundled font has a glyph for `c`.
fn covered(c: char) -> bool {
    world::fonts()
        .1
        .iter()
        .any(|f| f.info().coverage.contains(c as u32))
}

/// Format characters that draw nothing: dropping them changes nothing a reader sees.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Text the report keeps as it is: line breaks and tabs lay out; everything else in C0/C1 is a
/// control character that would be invisible or refused.
fn layout_control(c: char) -> bool {
    matches!(c, '\n' | '\t')
}

fn drawable(c: char) -> bool {
    layout_control(c) || (!c.is_control() && covered(c))
}

/// `s` with every character the fonts cannot draw replaced by `〈U+XXXX〉`.
pub fn printable(s: &str) -> Cow<'_, str> {
    // Printable ASCII is in every font: skip the lookups for the common case.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n') || s.chars().all(drawable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if drawable(c) {
            out.push(c);
        } else if !invisible(c) {
            out.push_str(&format!("〈U+{:04X}〉", c as u32));
        }
    }
    Cow::Owned(out)
}

/// Applies [`printable`] to every string in the report data, keys included.
pub fn make_printable(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Cow::Owned(p) = printable(s) {
                *s = p;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(make_printable),
        Value::Object(o) => {
            let taken = std::mem::take(o);
            for (k, mut val) in taken {
                make_printable(&mut val);
                o.insert(printable(&k).into_owned(), val);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markers_themselves_are_drawable() {
        for c in "〈U+0123456789ABCDEF〉".chars() {
            assert!(covered(c), "{c:?} has no glyph");
        }
    }

    #[test]
    fn covered_scripts_stay_and_the_rest_is_labelled() {
        // Emoji, Hangul, Thai, Arabic and Hebrew have fallback fonts; CJK Extension B does not.
        for s in [
            "您好😀",
            "안녕하세요",
            "สวัสดี",
            "مرحبا",
            "שלום",
            "€ ₹ ✓ ♥ ☎",
            "Ω Ж é",
        ] {
            assert_eq!(printable(s), s, "{s}");
        }
        assert_eq!(printable("𠀀字"), "〈U+20000〉字");
        assert_eq!(printable("a\u{7}b\u{9f}c"), "a〈U+0007〉b〈U+009F〉c");
        assert_eq!(printable("line\nnext\tcol"), "line\nnext\tcol");
    }

    #[test]
    fn invisible_format_characters_no_font_draws_are_dropped() {
        let with_marks = "\u{200E}退款\u{FEFF}";
        let p = printable(with_marks);
        assert!(!p.contains('〈'), "{p}");
        assert!(p.contains("退款"));
    }

    #[test]
    fn every_string_of_the_data_is_made_printable_keys_too() {
        let mut v = serde_json::json!({"t": "a😀𠀀", "xs": ["\u{1}", 3, null], "𠀀": true});
        make_printable(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"t": "a😀〈U+20000〉", "xs": ["〈U+0001〉", 3, null], "〈U+20000〉": true})
        );
    }
}
