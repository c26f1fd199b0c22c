//! Reading the text in screenshots, locally: a detector finds the text lines, a recogniser reads
//! each. What it reads is derived data keyed by the original's hash (never evidence itself):
//! rebuilt from the picture at any time, labelled with the engine and model that made it.

pub mod chat;
pub mod job;
pub mod layout;
pub mod models;
pub mod paddle;

use serde::{Deserialize, Serialize};

/// One recognised line, its box in the original picture's pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OcrLine {
    pub text: String,
    /// Mean probability of the characters read, 0..1.
    pub confidence: f32,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// Below this a line is shown as uncertain ("machine-read, check it").
pub const UNSURE_BELOW: f32 = 0.8;

/// Everything read from one picture, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OcrText {
    /// Engine and model that read it, e.g. "paddle-rten/1" and "PP-OCRv6-tiny".
    pub engine: String,
    pub model: String,
    pub width: u32,
    pub height: u32,
    pub lines: Vec<OcrLine>,
}

impl OcrText {
    /// The lines as plain text, one per line.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// The cores one read may use: all of them when it is the only one running, one when it is a
/// worker among several (sharing one pool, workers would queue behind each other's layers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    All,
    One,
}

/// A text reader. The bundled one is PaddleOCR's tiny model; a larger one can stand in.
pub trait Engine: Send + Sync {
    /// Engine id and version: bumped when its output for the same picture would change.
    fn engine(&self) -> &'static str;
    fn model(&self) -> &'static str;
    /// Reads `img` on `cores`; lines in reading order, boxes in `img`'s pixels.
    fn read(&self, img: &image::RgbImage, cores: Cores) -> Result<Vec<OcrLine>, String>;
}

/// The bundled engine, loaded once per process (its models are checked by hash first).
pub fn bundled() -> Result<&'static paddle::Paddle, String> {
    static ENGINE: std::sync::OnceLock<Result<paddle::Paddle, String>> = std::sync::OnceLock::new();
    ENGINE
        .get_or_init(paddle::Paddle::load)
        .as_ref()
        .map_err(Clone::clone)
}

/// Reads a picture with `engine` into an [`OcrText`].
pub fn read(engine: &dyn Engine, img: &image::RgbImage, cores: Cores) -> Result<OcrText, String> {
    Ok(OcrText {
        engine: engine.engine().into(),
        model: engine.model().into(),
        width: img.width(),
        height: img.height(),
        lines: engine.read(img, cores)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_png(path: &str) -> OcrText {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path);
        let img = image::open(p).unwrap().into_rgb8();
        let engine = paddle::Paddle::load().unwrap();
        read(&engine, &img, Cores::All).unwrap()
    }

    fn texts(o: &OcrText) -> Vec<String> {
        o.lines.iter().map(|l| job::normalized(&l.text)).collect()
    }

    #[test]
    fn the_sample_payment_page_is_read_line_by_line_in_reading_order() {
        let o = read_png("assets/demo/payment-success.png");
        assert_eq!((o.width, o.height), (750, 1000));
        let t = texts(&o);
        // Drawn by ImageMagick (assets/demo/README.md); what the picture says, line by line.
        // Spaces are compared away: whether the recogniser puts one between a label and its
        // digits ("支付时间 2026") varies with the crop, and nothing reads meaning from it.
        let bare = |s: &str| s.replace(' ', "");
        for want in [
            "支付成功",
            "¥68.00",
            "支付时间 2026-11-02 10:15:32",
            "交易号 2026110222001400000000000001",
        ] {
            assert!(
                t.iter().any(|l| bare(l) == bare(want)),
                "{want:?} not in {t:?}"
            );
        }
        let i = |s: &str| t.iter().position(|l| l.contains(s)).unwrap();
        assert!(i("支付成功") < i("¥68.00") && i("¥68.00") < i("商品说明"));
        let order = &o.lines[i("DEMO202611020001")];
        // The box lies where the line is drawn (x 58..456, y 695..724 in the picture).
        assert!(
            order.x < 70 && order.y > 680 && order.y < 710 && order.h < 50,
            "{order:?}"
        );
        assert!(order.confidence > 0.9);
    }

    #[test]
    fn a_worker_on_one_core_reads_what_a_lone_read_on_all_cores_reads() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/ocr/chat-bubbles.png");
        let img = image::open(p).unwrap().into_rgb8();
        let engine = bundled().unwrap();
        let all = read(engine, &img, Cores::All).unwrap();
        let one = std::thread::spawn(move || read(engine, &img, Cores::One).unwrap());
        let one = one.join().unwrap();
        assert!(all.lines.len() > 5, "{all:?}");
        assert_eq!(texts(&one), texts(&all));
    }

    #[test]
    fn facts_come_from_the_recognised_lines_with_their_line_as_position() {
        let o = read_png("assets/demo/order-detail.png");
        let facts = job::line_facts(7, &o, None);
        let has = |k: crate::extract::FactKind, v: &str| {
            facts
                .iter()
                .any(|f| f.kind == k && f.value == v && f.source == "ocr" && f.item_id == 7)
        };
        use crate::extract::FactKind::*;
        assert!(has(OrderNo, "DEMO202611020001"), "{facts:?}");
        assert!(has(Amount, "68.00 CNY"), "{facts:?}");
        assert!(has(Date, "2026-11-02"), "{facts:?}");
        let f = facts.iter().find(|f| f.kind == OrderNo).unwrap();
        assert!(job::normalized(&o.lines[f.position as usize].text).contains("DEMO202611020001"));
    }

    fn facts_of(path: &str) -> Vec<(crate::extract::FactKind, String)> {
        let o = read_png(path);
        job::line_facts(1, &o, chat::read(&o, None).as_ref())
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect()
    }

    /// Captures drawn by tests/fixtures/ocr/make_captures.sh; the expected facts are what the
    /// script draws, not what the engine happened to read.
    #[test]
    fn rendered_phone_captures_yield_the_facts_they_show() {
        use crate::extract::FactKind::{Amount, OrderNo, TicketNo};
        let cases: [(&str, &[(crate::extract::FactKind, &str)]); 5] = [
            (
                "tests/fixtures/ocr/dark-order.png",
                &[(OrderNo, "DK2026110500017"), (Amount, "128.00 CNY")],
            ),
            (
                "tests/fixtures/ocr/chat-bubbles.png",
                &[(OrderNo, "DEMO202611020001"), (TicketNo, "GD2026110400088")],
            ),
            // Forwarded: half the size, JPEG quality 40.
            (
                "tests/fixtures/ocr/forwarded.jpg",
                &[(OrderNo, "DEMO202611020001"), (TicketNo, "GD2026110400088")],
            ),
            // 1170 x 6400: read in strips, the order number near the bottom is not lost.
            (
                "tests/fixtures/ocr/long-capture.png",
                &[(OrderNo, "LONG2026110900042"), (Amount, "68.00 CNY")],
            ),
            // 20 pt grey small print under 46 pt text: found, and read whole (not cut into
            // "GD2026" and "￥4500", as a detector scaled only for the usual line cut it).
            (
                "tests/fixtures/ocr/small-print.png",
                &[
                    (OrderNo, "SP2026110600031"),
                    (TicketNo, "GD2026110600020"),
                    (Amount, "45.00 CNY"),
                ],
            ),
        ];
        for (path, want) in cases {
            let got = facts_of(path);
            for (kind, value) in want {
                assert!(
                    got.iter().any(|(k, v)| k == kind && v == value),
                    "{path}: {kind:?} {value} not in {got:?}"
                );
            }
        }
        // The refusal in the chat is read, from the white (support) side.
        let chat = facts_of("tests/fixtures/ocr/chat-bubbles.png");
        assert!(
            chat.iter()
                .any(|(k, _)| *k == crate::extract::FactKind::Refusal),
            "{chat:?}"
        );
    }

    /// The chat drawn by make_captures.sh, as a transcript: white bubbles are support's, green
    /// the user's; the user quoting "不予退款" is no refusal, support's "不支持退款" is.
    #[test]
    fn a_chat_capture_reads_as_a_transcript_with_both_sides() {
        use crate::extract::FactKind::Refusal;
        for path in [
            "tests/fixtures/ocr/chat-bubbles.png",
            "tests/fixtures/ocr/forwarded.jpg",
        ] {
            let o = read_png(path);
            let chat = chat::read(&o, None).unwrap_or_else(|| panic!("{path}: no chat"));
            let sides: Vec<Option<bool>> = chat
                .transcript
                .messages
                .iter()
                .map(|m| m.from_self)
                .collect();
            let (s, o_) = (Some(true), Some(false));
            assert_eq!(sides, [o_, s, o_, o_, s, s], "{path}: {chat:?}");
            let second = &chat.transcript.messages[1].text;
            assert!(
                second.contains("没开通") && second.contains("DEMO202611020001"),
                "{path}: one bubble of two lines: {second:?}"
            );
            assert!(chat
                .transcript
                .messages
                .iter()
                .all(|m| m.time.as_deref() == Some("2026-11-04T10:20:00+08:00")));
            let refusals: Vec<String> = job::line_facts(1, &o, Some(&chat))
                .into_iter()
                .filter(|f| f.kind == Refusal)
                .map(|f| f.value)
                .collect();
            assert_eq!(refusals, ["不支持退款"], "{path}");
        }
    }

    #[test]
    fn captures_are_suggested_by_what_they_show() {
        use crate::case::Category;
        let category = |path: &str| {
            let o = read_png(path);
            crate::ingest::suggest::from_capture(&job::normalized(&o.plain()), Some(&o))
                .map(|s| s.category)
        };
        assert_eq!(
            category("tests/fixtures/ocr/dark-order.png"),
            Some(Category::NonDelivery)
        );
        assert_eq!(
            category("tests/fixtures/ocr/chat-bubbles.png"),
            Some(Category::Communication)
        );
        assert_eq!(
            category("tests/fixtures/ocr/forwarded.jpg"),
            Some(Category::Communication)
        );
        assert_eq!(
            category("tests/fixtures/ocr/long-capture.png"),
            Some(Category::Purchase)
        );
    }

    #[test]
    fn blank_and_degenerate_pictures_read_as_no_lines() {
        let engine = bundled().unwrap();
        for (w, h) in [(1, 100_000), (100_000, 1), (3, 3), (400, 300)] {
            let img = image::RgbImage::from_pixel(w, h, image::Rgb([255, 255, 255]));
            assert_eq!(
                read(engine, &img, Cores::All).unwrap().lines,
                vec![],
                "{w}x{h}"
            );
        }
    }
}
