//! PaddleOCR's PP-OCRv6 tiny detection (DB) and recognition (CTC) models run with rten, in
//! pure Rust. Parameters are the models' own (inference.yml) and docs/ARCHITECTURE.md's OCR note:
//! detection on the long side <= 960 px, or smaller where the usual line would stay >= 10 px
//! (multiples of 32, only on bands of drawn rows), BGR, ImageNet mean/std; DB threshold
//! 0.2, box score >= 0.4, unclip 1.4 (screenshot text is axis-aligned, so a grown rectangle
//! stands in for polygon unclipping); recognition at height 48, (x/255 - 0.5) / 0.5, greedy CTC.

use fast_image_resize as fr;
use image::RgbImage;
use rten::{Model, RunOptions};
use rten_imageproc::{find_contours, RetrievalMode};
use rten_tensor::prelude::*;
use rten_tensor::NdTensor;

use super::layout::{self, LineHeights, Rect};
use super::models::{self, checked};
use super::{Cores, Engine, OcrLine};

const DET_LONG: f32 = 960.0;
/// The usual line's height at detection. The detector only has to find the boxes (they are read
/// from the capture's own pixels) and finds body text as well at 10 px as at 16 px; small print
/// needs more, or its boxes come out cut (docs/benchmarks.md).
const LINE_PX: f32 = 10.0;
/// The smallest line's height at detection.
const SMALL_PX: f32 = 7.0;
/// Detector pixels of context kept above and below drawn rows.
const BAND_MARGIN_PX: f32 = 32.0;
const THRESH: f32 = 0.2;
const BOX_THRESH: f32 = 0.4;
const UNCLIP: f32 = 1.4;
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];
const REC_H: u32 = 48;
const REC_MAX_W: u32 = 3200;
const BATCH: usize = 8;
const PAD_RATIO: f32 = 1.3;
/// PaddleOCR's own drop score: lines read with less confidence are noise, not text.
const DROP_BELOW: f32 = 0.5;

pub struct Paddle {
    det: Model,
    rec: Model,
    /// Label k is `alphabet[k - 1]`: the dictionary, one character a line, then a space.
    alphabet: Vec<char>,
}

impl Paddle {
    /// Loads the bundled models, refusing them unless their hashes are the recorded ones.
    pub fn load() -> Result<Paddle, String> {
        let load = |name, bytes: &'static [u8], sha| {
            Model::load_static_slice(checked(name, bytes, sha)?)
                .map_err(|e| format!("OCR model {name} cannot be loaded: {e}"))
        };
        checked("dict.txt", models::DICT.as_bytes(), models::DICT_SHA256)?;
        let mut alphabet: Vec<char> = models::DICT
            .lines()
            .map(|l| l.chars().next().unwrap_or(' '))
            .collect();
        alphabet.push(' ');
        Ok(Paddle {
            det: load("det.onnx", models::DET, models::DET_SHA256)?,
            rec: load("rec.onnx", models::REC, models::REC_SHA256)?,
            alphabet,
        })
    }

    /// Text boxes in the rows `band` of `img`, detected at `scale`, in `img`'s pixels.
    fn detect(
        &self,
        img: &RgbImage,
        band: (u32, u32),
        scale: f32,
        cores: Cores,
    ) -> Result<Vec<Rect>, String> {
        let w = img.width();
        let (top, bottom) = band;
        let h = bottom - top;
        let to32 = |v: u32| ((v as f32 * scale / 32.0).round() as u32).max(1) * 32;
        let (dw, dh) = (to32(w), to32(h));
        let small = resize(img, (0, top, w, h), dw, dh)?;
        let mut data = vec![0f32; 3 * (dw * dh) as usize];
        fill_planes(&mut data, &small, dw as usize, |c, v| {
            (v / 255.0 - MEAN[c]) / STD[c]
        });
        let input = NdTensor::from_data([1, 3, dh as usize, dw as usize], data);
        let out = self
            .det
            .run_one(input.view().into(), run_options(cores))
            .map_err(|e| format!("text detection failed: {e}"))?;
        let prob: NdTensor<f32, 4> = out
            .try_into()
            .map_err(|_| "text detection gave an unexpected output".to_string())?;
        let prob = prob.slice((0, 0));
        let mask = prob.map(|p| *p > THRESH);
        let (sx, sy) = (dw as f32 / w as f32, dh as f32 / h as f32);
        let mut boxes = Vec::new();
        for poly in find_contours(mask.view(), RetrievalMode::External).iter() {
            let Some(r) = bounding(poly) else { continue };
            if r.w < 3.0 || r.h < 3.0 || mean_in(&prob, &r) < BOX_THRESH {
                continue;
            }
            let d = r.area() * UNCLIP / (2.0 * (r.w + r.h));
            let grown = Rect {
                x: ((r.x - d) / sx).max(0.0),
                y: ((r.y - d) / sy).max(0.0) + top as f32,
                w: (r.w + 2.0 * d) / sx,
                h: (r.h + 2.0 * d) / sy,
            };
            boxes.push(clamp(grown, img.width(), bottom));
        }
        Ok(boxes)
    }

    /// Reads each box, in batches of similar width.
    fn recognize(
        &self,
        img: &RgbImage,
        boxes: &[Rect],
        cores: Cores,
    ) -> Result<Vec<Option<OcrLine>>, String> {
        let width_of =
            |r: &Rect| ((r.w * REC_H as f32 / r.h.max(1.0)).round() as u32).clamp(8, REC_MAX_W);
        let mut order: Vec<usize> = (0..boxes.len()).collect();
        order.sort_by_key(|&i| width_of(&boxes[i]));
        let widths: Vec<u32> = order.iter().map(|&i| width_of(&boxes[i])).collect();
        let mut out = vec![None; boxes.len()];
        for range in batches(&widths) {
            let chunk = &order[range.clone()];
            let max_w = widths[range.end - 1];
            let plane = (REC_H * max_w) as usize;
            let mut data = vec![0f32; chunk.len() * 3 * plane];
            for (n, &i) in chunk.iter().enumerate() {
                let r = boxes[i];
                let crop = (
                    r.x as u32,
                    r.y as u32,
                    r.w.max(1.0) as u32,
                    r.h.max(1.0) as u32,
                );
                let line = resize(img, crop, width_of(&r), REC_H)?;
                let one = &mut data[n * 3 * plane..(n + 1) * 3 * plane];
                fill_planes(one, &line, max_w as usize, |_, v| v / 127.5 - 1.0);
            }
            let input = NdTensor::from_data([chunk.len(), 3, REC_H as usize, max_w as usize], data);
            let probs: NdTensor<f32, 3> = self
                .rec
                .run_one(input.view().into(), run_options(cores))
                .map_err(|e| format!("text recognition failed: {e}"))?
                .try_into()
                .map_err(|_| "text recognition gave an unexpected output".to_string())?;
            if probs.size(2) != self.alphabet.len() + 1 {
                return Err(format!(
                    "the recognition model knows {} characters, its dictionary {}",
                    probs.size(2) - 1,
                    self.alphabet.len()
                ));
            }
            for (n, &i) in chunk.iter().enumerate() {
                out[i] = self.decode(probs.slice(n), boxes[i]);
            }
        }
        Ok(out)
    }

    /// Greedy CTC: the most likely label at each step, repeats and blanks (label 0) dropped.
    fn decode(&self, probs: rten_tensor::NdTensorView<f32, 2>, r: Rect) -> Option<OcrLine> {
        let hyp = rten::ctc::CtcDecoder::new().decode_greedy(probs);
        let steps = hyp.steps();
        if steps.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut sum = 0.0;
        for s in steps {
            let k = s.label as usize;
            text.push(*self.alphabet.get(k.wrapping_sub(1))?);
            sum += probs[[s.pos as usize, k]];
        }
        let confidence = sum / steps.len() as f32;
        let text = text.trim().to_string();
        (confidence >= DROP_BELOW && !text.is_empty()).then_some(OcrLine {
            text,
            confidence,
            x: r.x as u32,
            y: r.y as u32,
            w: r.w as u32,
            h: r.h as u32,
        })
    }
}

impl Engine for Paddle {
    fn engine(&self) -> &'static str {
        // 2: detection on bands of drawn rows at the usual line's scale reads some captures
        // differently (more small text), so readings cached by /1 are read again.
        "paddle-rten/3"
    }

    fn model(&self) -> &'static str {
        "PP-OCRv6-tiny"
    }

    fn read(&self, img: &RgbImage, cores: Cores) -> Result<Vec<OcrLine>, String> {
        if img.width() < 4 || img.height() < 4 {
            return Ok(Vec::new());
        }
        let busy = layout::busy_rows(img);
        let mut boxes = Vec::new();
        let lines = layout::line_heights(&busy);
        for strip in layout::strips(img.height()) {
            let scale = detection_scale(img.width().max(strip.1 - strip.0), lines);
            let margin = (BAND_MARGIN_PX / scale).ceil() as u32;
            for band in layout::bands(&busy, strip, margin) {
                boxes.extend(self.detect(img, band, scale, cores)?);
            }
        }
        let mut boxes = layout::merge(boxes);
        layout::reading_order(&mut boxes);
        Ok(self
            .recognize(img, &boxes, cores)?
            .into_iter()
            .flatten()
            .collect())
    }
}

/// The detector's scale for a strip whose long side is `long` px: the long side at most
/// [`DET_LONG`], and no larger than needed to see the capture's usual line at [`LINE_PX`] and
/// its smallest at [`SMALL_PX`] (detection costs as much as its area).
fn detection_scale(long: u32, lines: Option<LineHeights>) -> f32 {
    let fit = (DET_LONG / long.max(1) as f32).min(1.0);
    lines.map_or(fit, |l| {
        fit.min((LINE_PX / l.usual as f32).max(SMALL_PX / l.smallest as f32))
    })
}

/// Splits lines sorted by width into runs of at most [`BATCH`] whose widest is at most
/// [`PAD_RATIO`] times the narrowest: a batch is padded to its widest line, and padding costs
/// as much to run as text.
fn batches(sorted_widths: &[u32]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &w) in sorted_widths.iter().enumerate() {
        let first = sorted_widths[start] as f32;
        if i - start == BATCH || w as f32 > first * PAD_RATIO {
            out.push(start..i);
            start = i;
        }
    }
    if start < sorted_widths.len() {
        out.push(start..sorted_widths.len());
    }
    out
}

/// Runs on rten's shared pool for [`Cores::All`]; for [`Cores::One`] on a one-thread pool of
/// the calling worker's own, made once per worker thread.
fn run_options(cores: Cores) -> Option<RunOptions> {
    use rten::ThreadPool;
    use std::sync::Arc;
    thread_local! {
        static OWN: Arc<ThreadPool> = Arc::new(ThreadPool::with_num_threads(1));
    }
    (cores == Cores::One)
        .then(|| RunOptions::default().with_thread_pool(Some(OWN.with(Arc::clone))))
}

/// Writes `img` into three BGR planes of row length `stride` (the rest stays 0, the padding
/// the recogniser expects), each value mapped by `f(channel, value)`.
fn fill_planes(out: &mut [f32], img: &RgbImage, stride: usize, f: impl Fn(usize, f32) -> f32) {
    let plane = out.len() / 3;
    let w = img.width() as usize;
    for (y, row) in img.as_raw().chunks_exact(w * 3).enumerate() {
        for (x, px) in row.chunks_exact(3).enumerate() {
            let at = y * stride + x;
            for c in 0..3 {
                out[c * plane + at] = f(c, f32::from(px[2 - c])); // BGR
            }
        }
    }
}

fn bounding(poly: &[rten_imageproc::Point]) -> Option<Rect> {
    let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for p in poly {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    (x1 >= x0 && y1 >= y0).then(|| Rect {
        x: x0 as f32,
        y: y0 as f32,
        w: (x1 - x0 + 1) as f32,
        h: (y1 - y0 + 1) as f32,
    })
}

/// Mean probability inside `r` (the box score DB post-processing filters on).
fn mean_in(prob: &rten_tensor::NdTensorView<f32, 2>, r: &Rect) -> f32 {
    let (x0, y0) = (r.x as usize, r.y as usize);
    let (x1, y1) = ((r.x + r.w) as usize, (r.y + r.h) as usize);
    let mut sum = 0.0;
    for y in y0..y1.min(prob.size(0)) {
        for x in x0..x1.min(prob.size(1)) {
            sum += prob[[y, x]];
        }
    }
    sum / ((x1 - x0) * (y1 - y0)).max(1) as f32
}

fn clamp(r: Rect, width: u32, bottom: u32) -> Rect {
    let x = r.x.min(width as f32 - 1.0);
    let y = r.y.min(bottom as f32 - 1.0);
    Rect {
        x,
        y,
        w: r.w.min(width as f32 - x).max(1.0),
        h: r.h.min(bottom as f32 - y).max(1.0),
    }
}

/// The `(left, top, width, height)` region of `img` resized to `w` x `h`, read in place.
fn resize(img: &RgbImage, crop: (u32, u32, u32, u32), w: u32, h: u32) -> Result<RgbImage, String> {
    let src =
        fr::images::ImageRef::new(img.width(), img.height(), img.as_raw(), fr::PixelType::U8x3)
            .map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(w, h, fr::PixelType::U8x3);
    let (l, t, cw, ch) = crop;
    let opts = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear))
        .crop(f64::from(l), f64::from(t), f64::from(cw), f64::from(ch));
    fr::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| e.to_string())?;
    RgbImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| "resize gave a wrong size".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_scale_fits_the_long_side_and_keeps_the_smallest_line_seen() {
        let lines = |usual, smallest| Some(LineHeights { usual, smallest });
        // A 2532 px capture fits 960 (0.379); its 43 px lines allow 0.233, the smaller of the two.
        assert!((detection_scale(2532, lines(43, 36)) - 10.0 / 43.0).abs() < 1e-6);
        // 20 px small print under 43 px text would be 4.7 px at that scale: it sets 7 / 20.
        assert!((detection_scale(2532, lines(43, 20)) - 7.0 / 20.0).abs() < 1e-6);
        // A forwarded JPEG's 21 px lines shrink to 10 px; lines under 10 px are never enlarged.
        assert!((detection_scale(900, lines(21, 21)) - 10.0 / 21.0).abs() < 1e-6);
        assert_eq!(detection_scale(900, lines(8, 8)), 1.0);
        assert_eq!(detection_scale(1920, None), 0.5);
        assert_eq!(detection_scale(0, None), 1.0);
    }

    #[test]
    fn batches_bound_padding_and_size() {
        assert_eq!(batches(&[]), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(batches(&[100]), vec![0..1]);
        // 130 is within 1.3x of 100, 131 is not; 1000 stands alone.
        assert_eq!(batches(&[100, 120, 130, 131, 1000]), vec![0..3, 3..4, 4..5]);
        let same = [200; 20];
        assert_eq!(batches(&same), vec![0..8, 8..16, 16..20]);
    }
}
