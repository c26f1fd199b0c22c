//! Geometry around the models: which strips of a tall capture to detect on, merging the boxes
//! found twice where strips overlap, and putting lines in reading order.

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
