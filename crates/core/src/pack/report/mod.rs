//! `report.pdf`: the case rendered by typst (template assets/report/report.typ) into a PDF/A-2b
//! with the bundled CJK font embedded, deterministic for a given case state.

pub mod data;
mod glyphs;
mod world;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, Timelike};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use data::{ReportLang, ReportParts};

use super::snapshot::Snapshot;
use crate::error::{Error, Result};
use crate::ingest::picture;

pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

fn render_error(what: &str, detail: String) -> Error {
    Error::invalid(
        "report",
        format!("the PDF report could not be {what}: {detail}"),
        format!("无法生成 PDF 报告（{what}）：{detail}"),
    )
}

/// Renders the report of `snap`; picture previews come from the library at `root`.
pub fn render(
    snap: &Snapshot,
    lang: ReportLang,
    parts: ReportParts,
    root: &Path,
) -> Result<Rendered> {
    let mut data = data::build(snap, lang, parts);
    glyphs::make_printable(&mut data);
    let mut images = HashMap::new();
    for (_, id, img) in data::pictures(snap) {
        let (Some(img), Some(d)) = (img, snap.item(id)) else {
            continue;
        };
        if let Some(fid) = world::file_id(&img) {
            images.insert(fid, picture::thumb_path(root, &d.item.record.sha256, 1024));
        }
    }
    let t = snap.as_of.naive_utc();
    let at = Datetime::from_ymd_hms(
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok_or_else(|| render_error("dated", snap.as_of.to_rfc3339()))?;
    let json = serde_json::to_vec(&data).map_err(|e| render_error("prepared", e.to_string()))?;
    let world = world::ReportWorld::new(json, images, at)
        .ok_or_else(|| render_error("prepared", "bad virtual path".into()))?;
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errs| {
        let msgs: Vec<String> = errs.iter().map(|e| e.message.to_string()).collect();
        render_error("laid out", msgs.join("; "))
    })?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b])
        .map_err(|e| render_error("made PDF/A", e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(snap.checkpoint.clone()),
        creator: Smart::Custom(Some(format!("Proofpack {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(at)),
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        let msgs: Vec<String> = errs.iter().map(|e| e.message.to_string()).collect();
        render_error("written", msgs.join("; "))
    })?;
    // Memoised layout results would otherwise pile up across exports in the app.
    typst::comemo::evict(0);
    Ok(Rendered {
        pages: doc.pages().len(),
        pdf,
    })
}
