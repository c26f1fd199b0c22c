//! WeChat Pay bills (微信支付账单明细): UTF-8 CSV until mid-2025, XLSX since. Both have a
//! preamble (nickname, period, totals, numbered notes, a 4th note since 2026), the marker line
//! `----------------------微信支付账单明细列表--------------------`, then the same header.
//! XLSX amounts are text with `¥` (2025) or numeric cells formatted `¥#,##0.00` (2026).

use crate::ingest::format::Format;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Reader, Xlsx};

use super::clean::Cell;
use super::table::{self, Layout};
use super::Bill;

pub(crate) const LAYOUT: Layout = Layout {
    required: &[
        "交易时间",
        "交易类型",
        "交易对方",
        "收/支",
        "金额(元)",
        "交易单号",
    ],
    time: &["交易时间"],
    counterpart: "交易对方",
    product: "商品",
    direction: "收/支",
    amount: "金额(元)",
    method: Some("支付方式"),
    status: "当前状态",
    transaction_no: "交易单号",
    merchant_order_no: "商户单号",
    note: "备注",
};

pub(crate) fn parse_csv(rows: &[Vec<Cell>]) -> Option<Bill> {
    table::parse(rows, &LAYOUT, Format::WechatCsv)
}

/// The first sheet holding a WeChat bill header. `None` for anything that is not an XLSX
/// workbook with one.
pub(crate) fn parse_xlsx(bytes: &[u8]) -> Option<Bill> {
    // calamine parses untrusted zip and XML; a panic on a crafted file must not take the
    // import down with it.
    catch_unwind(AssertUnwindSafe(|| read_xlsx(bytes)))
        .ok()
        .flatten()
}

/// The reader itself, without the panic guard, so tests see a panic as a failure.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Option<Bill> {
    let mut book = Xlsx::new(Cursor::new(bytes)).ok()?;
    for name in book.sheet_names() {
        let Some(rows) = sheet_rows(&mut book, &name) else {
            continue;
        };
        if let Some(bill) = table::parse(&rows, &LAYOUT, Format::WechatXlsx) {
            return Some(bill);
        }
    }
    None
}

/// A bill has a dozen columns: cells further right are not part of it.
const MAX_COLUMNS: u32 = 64;
/// Excel's own row limit; a cell past it is damage.
const MAX_ROWS: u32 = 1 << 20;
/// More filled cells than any real bill (100,000 rows x 11 columns is 1.1 million).
const MAX_CELLS: usize = 4_000_000;

/// The sheet's rows from its first filled row to its last, read cell by cell. calamine's
/// dense `Range` would allocate rows x columns of the bounding box: one cell at XFD1048576 in
/// a 6 KB file asks for ~550 GB and aborts the process. Here the cost follows the filled
/// cells, columns past [`MAX_COLUMNS`] are skipped and rows stay in place (row numbers count
/// from the header, so confirmed rows keep their numbers).
fn sheet_rows<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    name: &str,
) -> Option<Vec<Vec<Cell>>> {
    let mut reader = book.worksheet_cells_reader(name).ok()?;
    let mut cells: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Ok(Some(c)) = reader.next_cell() {
        let (row, col) = c.get_position();
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            continue;
        }
        let value = cell(&Data::from(c.get_value().clone()));
        if matches!(value, Cell::Empty) {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            break;
        }
        cells.entry(row).or_default().push((col, value));
    }
    let first = *cells.keys().next()?;
    let last = *cells.keys().next_back()?;
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); (last - first + 1) as usize];
    for (r, row_cells) in cells {
        let row = &mut rows[(r - first) as usize];
        for (col, value) in row_cells {
            let col = col as usize;
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            row[col] = value;
        }
    }
    Some(rows)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => excel_date(dt).unwrap_or(Cell::Number(dt.as_f64())),
    }
}

/// Date-formatted cells (a bill re-saved by Excel or WPS). calamine knows the workbook's epoch
/// (1900 or 1904), so its components are used; milliseconds round to the nearest second.
fn excel_date(dt: &calamine::ExcelDateTime) -> Option<Cell> {
    if !dt.is_datetime() {
        return None;
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let naive = chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())?.and_hms_opt(
        h.into(),
        mi.into(),
        s.into(),
    )?;
    let rounded = if ms >= 500 {
        naive.checked_add_signed(chrono::TimeDelta::seconds(1))?
    } else {
        naive
    };
    Some(Cell::Date(rounded))
}

#[cfg(test)]
mod tests {
    use super::super::clean;
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn date_cells_round_to_the_second() {
        let serial = 46328.0 + (10.0 * 3600.0 + 15.0 * 60.0 + 29.6) / 86_400.0;
        let dt = calamine::ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
        let c = cell(&Data::DateTime(dt));
        assert_eq!(clean::time(&c).as_deref(), Ok("2026-11-02T10:15:30+08:00"));
    }

    #[test]
    fn not_a_workbook() {
        assert!(parse_xlsx(b"PK\x03\x04 not really a zip").is_none());
        assert!(parse_xlsx(b"").is_none());
    }
}
