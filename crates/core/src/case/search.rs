//! Searching a case's text: what was read from its captures, its chat transcripts, decoded
//! texts and bills, notes and file names. Matching folds width and case (NFKC, lowercase), so
//! "ＶＩＰ" finds "vip" and "￥68" finds "¥68".

use serde::{Deserialize, Serialize};

use super::ItemStatus;
use crate::error::{Error, Result};
use crate::ingest::analyze::Body;
use crate::ingest::derived::ItemDetails;
use crate::ocr::job::normalized;
use crate::store::Library;

/// At most this many hits are returned; `truncated` says there were more.
pub const MAX_HITS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SearchHit {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub item_id: i64,
    pub item_name: String,
    /// ocr (position = line), transcript (message), bill (row), text (line), note, file_name.
    pub source: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub position: i64,
    /// The line, message or row the text was found in (folded as searched).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SearchResult {
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub truncated: bool,
}

/// Text as searched: NFKC, lowercase.
fn fold(s: &str) -> String {
    normalized(s).to_lowercase()
}

impl Library {
    /// Every place the query occurs in the active items of a case, in item order.
    pub fn search(&self, case_id: i64, query: &str) -> Result<SearchResult> {
        let needle = fold(query.trim());
        if needle.is_empty() {
            return Err(Error::invalid(
                "query",
                "type something to search for",
                "请输入要搜索的文字",
            ));
        }
        let details = self.case_item_details(case_id)?;
        let mut hits = Vec::new();
        for d in details
            .iter()
            .filter(|d| d.item.status == ItemStatus::Active)
        {
            search_item(d, &needle, &mut hits);
            if hits.len() > MAX_HITS {
                break;
            }
        }
        let truncated = hits.len() > MAX_HITS;
        hits.truncate(MAX_HITS);
        Ok(SearchResult {
            query: query.trim().to_string(),
            hits,
            truncated,
        })
    }
}

/// The texts of one item, each with its source and position.
fn search_item(d: &ItemDetails, needle: &str, out: &mut Vec<SearchHit>) {
    let r = &d.item.record;
    let mut look = |source: &str, position: usize, text: &str| {
        let folded = fold(text);
        if folded.contains(needle) {
            out.push(SearchHit {
                item_id: r.id,
                item_name: r.original_name.clone(),
                source: source.into(),
                position: position as i64,
                text: folded,
            });
        }
    };
    if let Some(t) = d.ocr.as_ref().and_then(|o| o.text.as_ref()) {
        for (i, l) in t.lines.iter().enumerate() {
            look("ocr", i, &l.text);
        }
    }
    match d.derived.as_ref().map(|x| &x.body) {
        Some(Body::Transcript(t)) => {
            for (i, m) in t.messages.iter().enumerate() {
                look("transcript", i, &format!("{}: {}", m.sender, m.text));
            }
        }
        Some(Body::Bill(b)) => {
            for row in &b.rows {
                let cells = [
                    Some(row.time.as_str()),
                    row.counterpart.as_deref(),
                    row.product.as_deref(),
                    Some(row.amount.as_str()),
                    row.merchant_order_no.as_deref(),
                    row.transaction_no.as_deref(),
                    row.note.as_deref(),
                ];
                let line = cells.into_iter().flatten().collect::<Vec<_>>().join(" · ");
                look("bill", row.row as usize, &line);
            }
        }
        Some(Body::Text(t)) => {
            for (i, l) in t.lines().enumerate() {
                look("text", i, l);
            }
        }
        _ => {}
    }
    if let Some(n) = &r.note {
        look("note", 0, n);
    }
    look("file_name", 0, &r.original_name);
}
