//! `SHA256SUMS` in the format `sha256sum -c` reads: `<hex>  <path>` per line, in pack order.

/// One line per file, sorted by path so the text is the same whatever order files were made.
pub fn render(files: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

/// (path, sha256) pairs.
pub type Listed = Vec<(String, String)>;
/// (line number, the line as read).
pub type BadLines = Vec<(usize, String)>;

/// Parses SHA256SUMS; each problem line comes back as its number and content.
pub fn parse(text: &str) -> (Listed, BadLines) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        // `sha256sum` writes two spaces (text mode) or space + `*` (binary mode).
        let parsed = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .filter(|(h, p)| {
                h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) && !p.is_empty()
            });
        match parsed {
            Some((h, p)) => ok.push((p.to_string(), h.to_ascii_lowercase())),
            None => bad.push((i + 1, line.chars().take(80).collect())),
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_sorted_and_bad_lines_named() {
        let h = "a".repeat(64);
        let text = render(&[("b.txt".into(), h.clone()), ("a 1.txt".into(), h.clone())]);
        assert_eq!(text, format!("{h}  a 1.txt\n{h}  b.txt\n"));
        let (ok, bad) = parse(&format!("{text}nonsense\n{} *c\n", "B".repeat(64)));
        assert_eq!(ok.len(), 3);
        assert_eq!(ok[2], ("c".to_string(), "b".repeat(64)));
        assert_eq!(bad, vec![(3, "nonsense".to_string())]);
    }
}
