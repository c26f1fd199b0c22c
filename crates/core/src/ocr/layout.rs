//! Geometry around the models: which strips of a tall capture to detect on, which bands of a
//! strip hold anything at all, merging the boxes found twice where strips overlap, and putting
//! lines in reading order.

use image::RgbImage;

/// A box in original pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn area(&self) -> f32 {
        self.w.max(0.0) * self.h.max(0.0)
    }

    fn intersection(&self, o: &Rect) -> f32 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        w.max(0.0) * h.max(0.0)
    }
}

/// Strip height and overlap for long captures, in original pixels. A phone capture 1170 wide
/// reads well at detection scale up to about this tall; a taller one would shrink its text
/// below what the detector sees, so it is read in strips instead of being shrunk.
pub const STRIP: u32 = 1920;
pub const OVERLAP: u32 = 200;

/// Rows `[top, bottom)` to detect on: the whole picture when it is not much taller than a
/// strip, else overlapping strips covering it.
pub fn strips(height: u32) -> Vec<(u32, u32)> {
    if height <= STRIP + STRIP / 3 {
        return vec![(0, height)];
    }
    let mut out = Vec::new();
    let mut top = 0;
    loop {
        let bottom = (top + STRIP).min(height);
        out.push((top, bottom));
        if bottom == height {
            return out;
        }
        top = bottom - OVERLAP;
    }
}

/// A row counts as drawn on when more than this many neighbouring pixels differ sharply in
/// brightness: a text line crosses many strokes (two edges each), a plain background none, a
/// card's two borders four. Erring towards "drawn on" only costs time.
const BUSY_EDGES: usize = 4;
const EDGE: i32 = 24;

/// For each row of `img`, whether anything is drawn on it.
pub fn busy_rows(img: &RgbImage) -> Vec<bool> {
    let w = img.width() as usize;
    if w == 0 {
        return vec![false; img.height() as usize];
    }
    img.as_raw()
        .chunks_exact(w * 3)
        .map(|row| {
            let luma = |p: &[u8]| 2 * i32::from(p[0]) + 5 * i32::from(p[1]) + i32::from(p[2]);
            let edges = row
                .chunks_exact(3)
                .zip(row.chunks_exact(3).skip(1))
                .filter(|(a, b)| (luma(a) - luma(b)).abs() > EDGE * 8)
                .count();
            edges > BUSY_EDGES
        })
        .collect()
}

/// The bands `[top, bottom)` of `strip` worth running the detector on: runs of busy rows,
/// grown by `margin` rows (a glyph's flat top and bottom rows cross few strokes, and the
/// detector needs context around a line) and joined when less than `margin` apart (each run
/// of the detector has its own overhead). A blank strip has none.
pub fn bands(busy: &[bool], strip: (u32, u32), margin: u32) -> Vec<(u32, u32)> {
    let (top, bottom) = strip;
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (start, end) in runs(busy, strip) {
        let band = (
            start.saturating_sub(margin).max(top),
            (end + margin).min(bottom),
        );
        match out.last_mut() {
            Some(last) if band.0 <= last.1 + margin => last.1 = band.1,
            _ => out.push(band),
        }
    }
    out
}

/// The heights of a capture's drawn runs of rows (lines of text, mostly), of those between 8
/// and 200 rows tall: a rule is thinner, a picture taller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineHeights {
    /// The median: the capture's body text.
    pub usual: u32,
    /// The smallest: its small print (captions, footnotes, a status bar).
    pub smallest: u32,
}

/// The [`LineHeights`] of `busy`; None when nothing line-like is drawn.
pub fn line_heights(busy: &[bool]) -> Option<LineHeights> {
    let mut heights: Vec<u32> = runs(busy, (0, busy.len() as u32))
        .map(|(start, end)| end - start)
        .filter(|h| (8..=200).contains(h))
        .collect();
    heights.sort_unstable();
    Some(LineHeights {
        usual: *heights.get(heights.len() / 2)?,
        smallest: *heights.first()?,
    })
}

/// The runs `[start, end)` of busy rows within `rows`, top to bottom.
fn runs(busy: &[bool], rows: (u32, u32)) -> impl Iterator<Item = (u32, u32)> + '_ {
    let at = |y: u32| busy.get(y as usize).copied().unwrap_or(false);
    let (mut y, bottom) = rows;
    std::iter::from_fn(move || {
        while y < bottom && !at(y) {
            y += 1;
        }
        let start = y;
        while y < bottom && at(y) {
            y += 1;
        }
        (start < y).then_some((start, y))
    })
}

/// Keeps one box where strips overlap: of two boxes sharing most of the smaller one, the
/// larger (the one not cut by a strip edge).
pub fn merge(mut boxes: Vec<Rect>) -> Vec<Rect> {
    boxes.sort_by(|a, b| b.area().total_cmp(&a.area()));
    let mut kept: Vec<Rect> = Vec::with_capacity(boxes.len());
    for b in boxes {
        let dup = kept
            .iter()
            .any(|k| k.intersection(&b) > 0.6 * b.area().min(k.area()));
        if !dup {
            kept.push(b);
        }
    }
    kept
}

/// Reading order: top to bottom by rows, left to right within a row. Two boxes share a row when
/// their vertical centres are within half the smaller height.
pub fn reading_order(boxes: &mut [Rect]) {
    boxes.sort_by(|a, b| (a.y + a.h / 2.0).total_cmp(&(b.y + b.h / 2.0)));
    let mut row_start = 0;
    let mut row = vec![0usize; boxes.len()];
    for i in 1..boxes.len() {
        let (p, c) = (&boxes[row_start], &boxes[i]);
        let same = ((c.y + c.h / 2.0) - (p.y + p.h / 2.0)).abs() < p.h.min(c.h) / 2.0;
        row[i] = if same { row[i - 1] } else { row[i - 1] + 1 };
        if !same {
            row_start = i;
        }
    }
    let mut keyed: Vec<(usize, Rect)> = row.into_iter().zip(boxes.iter().copied()).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x.total_cmp(&b.1.x)));
    for (slot, (_, r)) in boxes.iter_mut().zip(keyed) {
        *slot = r;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn tall_captures_are_cut_into_overlapping_strips_that_cover_them() {
        assert_eq!(strips(2532), vec![(0, 2532)]);
        let s = strips(6400);
        assert_eq!(s.first(), Some(&(0, STRIP)));
        assert_eq!(s.last().map(|x| x.1), Some(6400));
        for w in s.windows(2) {
            assert_eq!(w[0].1 - w[1].0, OVERLAP, "{s:?}");
        }
        assert_eq!(strips(1), vec![(0, 1)]);
        assert_eq!(strips(100_000).last().map(|x| x.1), Some(100_000));
    }

    #[test]
    fn bands_cover_what_is_drawn_with_margins_and_skip_the_blank_rest() {
        let m = 24;
        let mut busy = vec![false; 2000];
        busy[100..140].fill(true); // a line
        busy[200..230].fill(true); // the next, 60 rows on: one band with the first
        busy[900..920].fill(true); // far below: a band of its own
        assert_eq!(
            bands(&busy, (0, 2000), m),
            vec![(100 - m, 230 + m), (900 - m, 920 + m)]
        );
        // A wider margin joins what is further apart.
        assert_eq!(bands(&busy, (0, 2000), 300), vec![(0, 1220)]);
        // Bands stay inside the strip they are asked for.
        assert_eq!(bands(&busy, (110, 210), m), vec![(110, 210)]);
        assert_eq!(bands(&busy, (300, 800), m), vec![]);
        busy[1990..2000].fill(true);
        assert_eq!(bands(&busy, (0, 2000), m).last(), Some(&(1990 - m, 2000)));
    }

    #[test]
    fn line_heights_are_the_median_and_the_smallest_drawn_run() {
        let mut busy = vec![false; 1000];
        for (top, h) in [(10, 40), (100, 42), (200, 30), (300, 3), (400, 500)] {
            busy[top..(top + h).min(1000)].fill(true);
        }
        // 3 rows is a rule, 500 a picture: neither is a line; of 30, 40 and 42 the median is 40.
        let lines = |usual, smallest| Some(LineHeights { usual, smallest });
        assert_eq!(line_heights(&busy), lines(40, 30));
        assert_eq!(line_heights(&[false; 50]), None);
        assert_eq!(line_heights(&[true; 20]), lines(20, 20));
    }

    #[test]
    fn rows_with_text_are_busy_and_plain_or_edged_rows_are_not() {
        let mut img = RgbImage::from_pixel(400, 6, image::Rgb([250, 250, 250]));
        // Row 1: a card's two edges only. Row 2: strokes of grey text on white.
        for x in [40, 360] {
            img.put_pixel(x, 1, image::Rgb([200, 200, 200]));
        }
        for x in (100..200).step_by(6) {
            img.put_pixel(x, 2, image::Rgb([150, 150, 150]));
        }
        // Row 4: the same, faint: light grey on white.
        for x in (100..200).step_by(6) {
            img.put_pixel(x, 4, image::Rgb([205, 205, 205]));
        }
        assert_eq!(
            busy_rows(&img),
            vec![false, false, true, false, true, false]
        );
    }

    #[test]
    fn a_line_found_in_two_strips_is_kept_once_whole() {
        let whole = r(10.0, 1800.0, 300.0, 40.0);
        let cut = r(10.0, 1800.0, 300.0, 20.0);
        let other = r(10.0, 1900.0, 300.0, 40.0);
        assert_eq!(merge(vec![cut, whole, other]), vec![whole, other]);
    }

    #[test]
    fn lines_read_top_to_bottom_and_left_to_right_within_a_row() {
        let mut b = vec![
            r(600.0, 102.0, 100.0, 30.0), // row 1, right
            r(20.0, 300.0, 100.0, 30.0),  // row 2
            r(20.0, 100.0, 100.0, 34.0),  // row 1, left
        ];
        reading_order(&mut b);
        assert_eq!(
            b.iter().map(|r| r.x as i32).collect::<Vec<_>>(),
            [20, 600, 20]
        );
        assert_eq!(b[2].y, 300.0);
    }
}
