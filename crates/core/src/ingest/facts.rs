//! The facts of one item: from its transcript messages, bill rows or text, its file name and note.

use super::analyze::{Body, Derived};
use super::bill::PaymentRecord;
use crate::extract::{self, Fact, FactKind};

pub fn item_facts(item_id: i64, derived: &Derived, name: &str, note: Option<&str>) -> Vec<Fact> {
    let mut out = Vec::new();
    match &derived.body {
        Body::Transcript(t) => {
            for (i, m) in t.messages.iter().enumerate() {
                let mut found = Vec::new();
                from_text(item_id, &m.text, "transcript", Some(i as i64), &mut found);
                // The user's own words prove no refusal, promise or ticket of the platform.
                if m.from_self == Some(true) {
                    found.retain(|f| !f.kind.only_from_the_other_party());
                }
                out.append(&mut found);
            }
        }
        Body::Bill(b) => {
            for r in &b.rows {
                bill_row(item_id, r, &mut out);
            }
        }
        Body::Text(t) => from_text(item_id, t, "text", None, &mut out),
        Body::Picture(_) | Body::Nothing => {}
    }
    from_text(item_id, name, "file_name", Some(0), &mut out);
    if let Some(n) = note {
        from_text(item_id, n, "note", Some(0), &mut out);
    }
    out
}

/// `position` is fixed (a message index) or, when None, the byte offset of each fact.
pub(crate) fn from_text(
    item_id: i64,
    text: &str,
    source: &str,
    position: Option<i64>,
    out: &mut Vec<Fact>,
) {
    for f in extract::extract(text) {
        out.push(Fact {
            item_id,
            kind: f.kind,
            snippet: extract::snippet(text, f.start, f.end),
            value: f.value,
            source: source.into(),
            position: position.unwrap_or(f.start as i64),
            read_as: None,
        });
    }
}

/// Bill rows are structured already: their columns are the facts.
fn bill_row(item_id: i64, r: &PaymentRecord, out: &mut Vec<Fact>) {
    let snippet = [
        r.time.as_str(),
        r.counterpart.as_deref().unwrap_or(""),
        r.product.as_deref().unwrap_or(""),
        r.amount.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" · ");
    let mut push = |kind: FactKind, value: String| {
        out.push(Fact {
            item_id,
            kind,
            value,
            snippet: snippet.clone(),
            source: super::derived::BILL_SOURCE.into(),
            position: r.row as i64,
            read_as: None,
        });
    };
    for no in [&r.merchant_order_no, &r.transaction_no]
        .into_iter()
        .flatten()
    {
        push(FactKind::OrderNo, no.clone());
    }
    push(FactKind::Amount, format!("{} CNY", r.amount));
    if let Some(day) = r.time.get(..10) {
        push(FactKind::Date, day.to_string());
    }
}
