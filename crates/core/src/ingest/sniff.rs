//! Media type from the first bytes of a file (its content, not its name).

/// How many leading bytes are kept for sniffing.
pub const HEAD_LEN: usize = 8192;

/// Sniffs a MIME type from content; text subtypes are refined by the file extension, since
/// CSV, JSON and chat logs look alike at the byte level.
pub fn media_type(head: &[u8], name: &str) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_string();
    }
    if looks_like_text(head) {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        return match ext.as_deref() {
            Some("csv") => "text/csv",
            Some("json") => "application/json",
            Some("html" | "htm") => "text/html",
            Some("xml") => "application/xml",
            _ => "text/plain",
        }
        .to_string();
    }
    "application/octet-stream".to_string()
}

/// UTF-16 with a BOM, or bytes without NULs that decode as UTF-8 or a legacy CJK encoding.
fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    // Control bytes other than tab/newline/CR/form feed/escape are a binary sign.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        assert_eq!(media_type(&png, "photo.txt"), "image/png");
        assert_eq!(
            media_type("交易时间,金额\n".as_bytes(), "bill.csv"),
            "text/csv"
        );
        assert_eq!(media_type(b"hello", "chat.txt"), "text/plain");
        assert_eq!(media_type(&[0xFF, 0xFE, b'h', 0], "chat.txt"), "text/plain");
        assert_eq!(
            media_type(&[0, 1, 2, 3, 0xFF], "x.bin"),
            "application/octet-stream"
        );
    }
}
