//! Pieces every chat parser needs: local times to RFC 3339, invisible marks, media placeholders,
//! header-and-body blocks, CSV tables found by their header text, and a bounded warning list.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};
use regex::{Captures, Regex};

use super::Media;
use crate::ingest::warning::ParseWarning;

/// China Standard Time. Exports that record wall-clock time only are read at this offset, and
/// the message says the offset was assumed.
pub const CHINA: i32 = 8 * 3600;

/// A file full of unreadable lines would otherwise carry one warning per line.
const MAX_WARNINGS: usize = 100;

/// Lines that a sniffer looks at: enough to recognise a layout without reading a huge file twice.
pub const SNIFF_LINES: usize = 2000;

pub fn re(pattern: &str) -> Regex {
    // Patterns are literals forced by the tests; an invalid one is a programming error.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// Capture group `i` as text; "" when the group did not take part in the match.
pub fn cap<'t>(c: &Captures<'t>, i: usize) -> &'t str {
    c.get(i).map_or("", |m| m.as_str())
}

/// Capture group `i` as a number; None when absent or too large.
pub fn num(c: &Captures<'_>, i: usize) -> Option<u32> {
    cap(c, i).parse().ok()
}

/// A wall-clock time, None for impossible dates such as 2026-02-30 or 25:00.
pub fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, mo, d)?.and_hms_opt(h, mi, s)
}

/// `2026-11-03T10:00:00+08:00` for a wall-clock time at a fixed offset (seconds east of UTC).
pub fn at_offset(t: NaiveDateTime, offset: i32) -> Option<String> {
    let off = FixedOffset::east_opt(offset)?;
    let dt = t.and_local_timezone(off).single()?;
    Some(dt.to_rfc3339_opts(SecondsFormat::Secs, false))
}

/// A Unix timestamp (seconds) shown at a fixed offset; the instant itself is exact.
pub fn unix(secs: i64, offset: i32) -> Option<String> {
    let off = FixedOffset::east_opt(offset)?;
    let dt = DateTime::from_timestamp(secs, 0)?;
    Some(
        dt.with_timezone(&off)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
    )
}

/// The UTC offset that turns instant `secs` into wall clock `w`, if it is one a clock can have
/// (whole quarter hours, at most 14 hours): how exports that write both reveal the real zone.
pub fn offset_between(w: NaiveDateTime, secs: i64) -> Option<i32> {
    let off = w.and_utc().timestamp().checked_sub(secs)?;
    if off % 900 == 0 && (-14 * 3600..=14 * 3600).contains(&off) {
        i32::try_from(off).ok()
    } else {
        None
    }
}

/// Seconds or milliseconds since 1970 as the exports write them ("1793671200", "1793671200000").
pub fn unix_digits(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    // 13 digits are milliseconds (some tools), 10 are seconds; 0 means "unknown" in WeChat rows.
    let secs = if n >= 100_000_000_000 { n / 1000 } else { n };
    (secs > 0).then_some(secs)
}

/// `YYYY-MM-DD HH:MM:SS` (single-digit parts allowed), the local time WeChat tools write.
pub fn parse_wall(s: &str) -> Option<NaiveDateTime> {
    let (date, time) = s.trim().split_once(' ')?;
    let mut d = date.split('-').map(|p| p.trim().parse::<u32>().ok());
    let mut t = time.trim().split(':').map(|p| p.trim().parse::<u32>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (h, mi, se) = (t.next()??, t.next()??, t.next().unwrap_or(Some(0))?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    wall(i32::try_from(y).ok()?, mo, da, h, mi, se)
}

/// AM/PM in the spellings the exports use, English and Chinese.
pub fn meridiem(s: &str) -> Option<bool> {
    let compact: String = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    match compact.as_str() {
        "am" | "上午" => Some(false),
        "pm" | "下午" => Some(true),
        _ => None,
    }
}

/// 24-hour clock from a 12-hour one: 12 AM is 0, 12 PM is 12. None for an impossible hour.
pub fn hour24(h: u32, pm: Option<bool>) -> Option<u32> {
    match pm {
        None => (h < 24).then_some(h),
        Some(_) if h > 12 => None,
        Some(false) => Some(h % 12),
        Some(true) => Some(h % 12 + 12),
    }
}

/// Invisible direction marks and BOMs that exports put in front of lines and attachments.
pub fn strip_marks(s: &str) -> &str {
    s.trim_start_matches([
        '\u{feff}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
        '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ])
}

/// Lines numbered from 1, without `\r` (Windows exports end lines with CRLF).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
}

/// The start of a line for a warning, short enough to read.
pub fn snippet(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `[图片]`-style placeholders that Chinese exports write instead of the media itself.
const BRACKETS: &[(&str, Media)] = &[
    ("[图片]", Media::Image),
    ("[表情]", Media::Sticker),
    ("[表情包]", Media::Sticker),
    ("[动画表情]", Media::Sticker),
    ("[语音]", Media::Voice),
    ("[视频]", Media::Video),
    ("[文件]", Media::File),
    ("[链接]", Media::Link),
    ("[分享]", Media::Link),
    ("[音乐分享]", Media::Link),
    ("[小程序]", Media::Link),
    ("[语音通话]", Media::Call),
    ("[视频通话]", Media::Call),
    ("[位置]", Media::Other),
    ("[红包]", Media::Other),
    ("[转账]", Media::Other),
    ("[名片]", Media::Other),
];

/// The placeholder that comes first in the text, if any.
pub fn bracket_media(text: &str) -> Option<Media> {
    BRACKETS
        .iter()
        .filter_map(|(p, m)| text.find(p).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, m)| m)
}

/// Drops the XML that WeChat keeps in system messages (`<![CDATA[...]]>`, `<a href>` links),
/// leaving what the user saw.
pub fn strip_markup(s: &str) -> String {
    let s = s.replace("<![CDATA[", "").replace("]]>", "");
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for a payload that is machine XML rather than something a person typed.
pub fn is_markup(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with("<?xml") || t.starts_with("<msg") || t.starts_with("<sysmsg")
}

/// A message body from its lines: no trailing spaces, no blank lines around it, and a common
/// indentation removed (WeChatMsg indents link cards by twelve spaces).
pub fn join_body(body: &[&str]) -> String {
    let trimmed: Vec<&str> = body.iter().map(|l| l.trim_end()).collect();
    let first = trimmed.iter().position(|l| !l.is_empty());
    let last = trimmed.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let kept = trimmed.get(first..=last).unwrap_or_default();
    let indent = kept
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    kept.iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One message of a header-line format (QQ, WeChatMsg TXT): the header's parsed form and the
/// lines under it.
pub struct Block<'a, H> {
    pub line: usize,
    pub head: H,
    pub body: Vec<&'a str>,
}

/// Splits a header-and-body log. A header only counts at the start of the file or after a
/// blank or skipped line, so a message that quotes a time stamp stays inside its message.
/// Returns the blocks and the non-blank lines seen before the first header.
pub fn blocks<'a, H>(
    text: &'a str,
    header: impl Fn(&'a str) -> Option<H>,
    skip: impl Fn(&str) -> bool,
) -> (Vec<Block<'a, H>>, Vec<(usize, &'a str)>) {
    let mut out: Vec<Block<'a, H>> = Vec::new();
    let mut stray = Vec::new();
    let mut boundary = true;
    for (n, line) in lines(text) {
        let clean = strip_marks(line);
        if clean.trim().is_empty() {
            boundary = true;
            if let Some(b) = out.last_mut() {
                b.body.push("");
            }
            continue;
        }
        if skip(clean) {
            boundary = true;
            continue;
        }
        if boundary {
            if let Some(head) = header(clean) {
                out.push(Block {
                    line: n,
                    head,
                    body: Vec::new(),
                });
                boundary = false;
                continue;
            }
        }
        boundary = false;
        match out.last_mut() {
            Some(b) => b.body.push(line),
            None => stray.push((n, line)),
        }
    }
    (out, stray)
}

/// A time cell that is neither a date-time nor Unix seconds.
pub fn no_usable_time(cell: &str) -> ParseWarning {
    let s = snippet(cell);
    ParseWarning::new(
        format!("no usable time ({s:?})"),
        format!("没有可用的时间（“{s}”）"),
    )
}

/// Warnings as "line N: ...", at most [`MAX_WARNINGS`] and then a count of the rest.
#[derive(Default)]
pub struct Warnings {
    list: Vec<ParseWarning>,
    more: usize,
}

impl Warnings {
    /// Lines before the first message header belong to no message.
    pub fn stray_lines(&mut self, stray: Vec<(usize, &str)>) {
        for (n, line) in stray {
            let s = snippet(line);
            self.line(
                n,
                ParseWarning::new(
                    format!("no message header above {s:?}"),
                    format!("“{s}”上方没有消息头，不属于任何消息"),
                ),
            );
        }
    }

    /// A header's local time read as China time; an impossible one (e.g. 02-30) is reported.
    pub fn china_time(&mut self, time: Option<NaiveDateTime>, line: usize) -> Option<String> {
        let at = time.and_then(|t| at_offset(t, CHINA));
        if at.is_none() {
            self.line(
                line,
                ParseWarning::new(
                    "impossible date or time in header",
                    "消息头中的日期或时间不存在",
                ),
            );
        }
        at
    }

    pub fn push(&mut self, w: ParseWarning) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(w);
        } else {
            self.more += 1;
        }
    }

    pub fn line(&mut self, n: usize, w: ParseWarning) {
        self.push(w.at_line(n));
    }

    pub fn finish(mut self) -> Vec<ParseWarning> {
        if self.more > 0 {
            let n = self.more;
            self.list.push(ParseWarning::new(
                format!("{n} more warnings not shown"),
                format!("另有 {n} 条提示未显示"),
            ));
        }
        self.list
    }
}

/// A CSV table found by its header row (never by a line count): column positions by name and
/// rows with the line each starts on.
pub struct Table<'a> {
    body: &'a str,
    header_line: usize,
    cols: HashMap<String, usize>,
}

pub struct Row {
    pub line: usize,
    record: csv::StringRecord,
}

impl<'a> Table<'a> {
    /// Finds the first line, among the first 50, naming every `required` column.
    pub fn find(text: &'a str, required: &[&str]) -> Option<Table<'a>> {
        let mut offset = 0;
        for (n, raw) in text.split_inclusive('\n').enumerate().take(50) {
            let names = header_names(raw);
            if required.iter().all(|r| names.iter().any(|c| c == r)) {
                let cols = names
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (c, i))
                    .rev() // the first of duplicate names wins
                    .collect();
                let body = text.get(offset + raw.len()..).unwrap_or("");
                return Some(Table {
                    body,
                    header_line: n + 1,
                    cols,
                });
            }
            offset += raw.len();
        }
        None
    }

    pub fn has(&self, col: &str) -> bool {
        self.cols.contains_key(col)
    }

    /// Data rows with the file line each starts on; a row the reader cannot read is an error
    /// with its line, for the caller's warnings.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row, (usize, ParseWarning)>> + 'a {
        let mut lines = LineCounter {
            text: self.body.as_bytes(),
            at: 0,
            line: self.header_line + 1,
        };
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(self.body.as_bytes())
            .into_records()
            .map(move |r| match r {
                Ok(record) => Ok(Row {
                    line: lines.line_of(record.position()),
                    record,
                }),
                Err(e) => Err((
                    lines.line_of(e.position()),
                    ParseWarning::new("unreadable CSV row", "无法读取的 CSV 行")
                        .with_detail(e.to_string()),
                )),
            })
    }

    /// A cell by column name; "" when the column or the cell is missing.
    pub fn get<'r>(&self, row: &'r Row, col: &str) -> &'r str {
        self.cols
            .get(col)
            .and_then(|&i| row.record.get(i))
            .unwrap_or("")
    }
}

/// File lines of CSV records, counted as the reader moves forward (linear overall). The csv
/// crate's own line count lags behind on CRLF files, so lines are counted from byte offsets.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_of(&mut self, pos: Option<&csv::Position>) -> usize {
        let Some(byte) = pos.and_then(|p| usize::try_from(p.byte()).ok()) else {
            return self.line;
        };
        // After a CRLF row the reader stands on the `\n`: the record starts after it.
        let start = if self.text.get(byte) == Some(&b'\n') {
            byte + 1
        } else {
            byte
        };
        if let Some(skipped) = self.text.get(self.at..start) {
            self.line += skipped.iter().filter(|&&b| b == b'\n').count();
            self.at = start;
        }
        self.line
    }
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.record.iter().all(|c| c.trim().is_empty())
    }
}

fn header_names(line: &str) -> Vec<String> {
    strip_marks(line.trim_end())
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim().to_string())
        .collect()
}
