//! The walk shared by every bill format: find the header row by its text (preambles change
//! length between app versions), map columns by name, then turn each following row into a
//! [`PaymentRecord`] or a warning. A footer (dashes, then totals) ends the table.

use super::clean::{self, Cell};
use super::{Bill, PaymentRecord};
use crate::ingest::format::Format;
use crate::ingest::warning::ParseWarning;

/// Which header names a format uses for each field. Names are compared after removing spaces
/// and folding full-width parentheses, so `金额（元）` and `金额(元)` are the same.
pub(crate) struct Layout {
    /// All of these must be in a row for it to be this format's header.
    pub required: &'static [&'static str],
    /// Time columns in order of preference: the first non-empty one is used.
    pub time: &'static [&'static str],
    pub counterpart: &'static str,
    pub product: &'static str,
    pub direction: &'static str,
    pub amount: &'static str,
    pub method: Option<&'static str>,
    pub status: &'static str,
    pub transaction_no: &'static str,
    pub merchant_order_no: &'static str,
    pub note: &'static str,
}

/// Column positions of one table; `None` where the header lacks that name.
struct Columns {
    time: Vec<usize>,
    counterpart: Option<usize>,
    product: Option<usize>,
    direction: Option<usize>,
    amount: Option<usize>,
    method: Option<usize>,
    status: Option<usize>,
    transaction_no: Option<usize>,
    merchant_order_no: Option<usize>,
    note: Option<usize>,
}

/// A data row has at least this many filled cells; fewer, with no readable time, is a
/// trailing note such as `共5笔记录` rather than a broken transaction.
const MIN_DATA_CELLS: usize = 4;

/// Reads a table; `None` when no row is this layout's header (the file is not this bill).
pub(crate) fn parse(rows: &[Vec<Cell>], layout: &Layout, format: Format) -> Option<Bill> {
    let at = rows.iter().position(|r| is_header(r, layout))?;
    let cols = Columns::map(rows.get(at)?, layout);
    let mut bill = Bill {
        format: format.as_str(),
        rows: Vec::new(),
        warnings: Vec::new(),
    };
    for (i, row) in rows.iter().skip(at + 1).enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if is_rule(row) {
            break;
        }
        if filled(row) == 0 || is_trailer(row, &cols) {
            continue;
        }
        match record(row, &cols, n) {
            Ok(r) => bill.rows.push(r),
            Err(why) => bill.warnings.push(why.at_row(n)),
        }
    }
    Some(bill)
}

/// CSV text to cells. Rows may have any number of fields (preambles have one or eleven).
pub(crate) fn csv_rows(text: &str) -> Vec<Vec<Cell>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .byte_records()
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| Cell::Text(String::from_utf8_lossy(f).into_owned()))
                .collect()
        })
        .collect()
}

fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

fn is_header(row: &[Cell], layout: &Layout) -> bool {
    let names: Vec<String> = row.iter().map(|c| norm(&c.raw())).collect();
    layout.required.iter().all(|req| names.contains(&norm(req)))
}

impl Columns {
    fn map(header: &[Cell], layout: &Layout) -> Columns {
        let names: Vec<String> = header.iter().map(|c| norm(&c.raw())).collect();
        let find = |name: &str| names.iter().position(|n| *n == norm(name));
        Columns {
            time: layout.time.iter().filter_map(|t| find(t)).collect(),
            counterpart: find(layout.counterpart),
            product: find(layout.product),
            direction: find(layout.direction),
            amount: find(layout.amount),
            method: layout.method.and_then(find),
            status: find(layout.status),
            transaction_no: find(layout.transaction_no),
            merchant_order_no: find(layout.merchant_order_no),
            note: find(layout.note),
        }
    }
}

/// The dashed line that separates the table from a footer of totals.
fn is_rule(row: &[Cell]) -> bool {
    row.first()
        .and_then(clean::text)
        .is_some_and(|t| t.starts_with("-----"))
}

fn filled(row: &[Cell]) -> usize {
    row.iter().filter(|c| clean::text(c).is_some()).count()
}

fn is_trailer(row: &[Cell], cols: &Columns) -> bool {
    filled(row) < MIN_DATA_CELLS && first_time(row, cols).is_none_or(|c| clean::time(c).is_err())
}

fn cell(row: &[Cell], col: Option<usize>) -> &Cell {
    col.and_then(|i| row.get(i)).unwrap_or(&Cell::Empty)
}

fn field(row: &[Cell], col: Option<usize>) -> Option<String> {
    clean::text(cell(row, col))
}

fn first_time<'a>(row: &'a [Cell], cols: &Columns) -> Option<&'a Cell> {
    cols.time
        .iter()
        .map(|&i| cell(row, Some(i)))
        .find(|c| clean::text(c).is_some())
}

fn record(row: &[Cell], cols: &Columns, n: u32) -> Result<PaymentRecord, ParseWarning> {
    let time = clean::time(first_time(row, cols).unwrap_or(&Cell::Empty))?;
    Ok(PaymentRecord {
        time,
        counterpart: field(row, cols.counterpart),
        product: field(row, cols.product),
        direction: clean::direction(cell(row, cols.direction))?,
        amount: clean::amount(cell(row, cols.amount))?,
        method: field(row, cols.method),
        status: field(row, cols.status),
        transaction_no: field(row, cols.transaction_no),
        merchant_order_no: field(row, cols.merchant_order_no),
        note: field(row, cols.note),
        row: n,
    })
}
