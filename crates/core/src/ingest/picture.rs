//! Screenshots and photos: dimensions, EXIF capture time, and thumbnails (256 and 1024 px on the
//! long side) in the rebuildable `thumbs/` folder. The original is never touched; a picture that
//! cannot be decoded (truncated, a decompression bomb, HEIC without a decoder) is still evidence,
//! only its preview fails, with the reason.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use serde::{Deserialize, Serialize};

use crate::store::ObjectStore;

pub const THUMB_SIZES: [u32; 2] = [256, 1024];
const MAX_SIDE: u32 = 16384;
const MAX_ALLOC: u64 = 256 << 20;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Picture {
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// EXIF DateTimeOriginal, RFC 3339 when the offset is recorded, else local `YYYY-MM-DDTHH:MM:SS`.
    pub taken_at: Option<String>,
    /// Thumbnail sizes made (long side, px).
    pub thumbs: Vec<u32>,
    /// Why there is no preview, in English and Chinese.
    pub preview_error: Option<String>,
    pub preview_error_zh: Option<String>,
}

fn format_of(media_type: &str) -> Option<ImageFormat> {
    match media_type {
        "image/png" => Some(ImageFormat::Png),
        "image/jpeg" => Some(ImageFormat::Jpeg),
        "image/webp" => Some(ImageFormat::WebP),
        _ => None,
    }
}

pub fn is_picture(media_type: &str) -> bool {
    media_type.starts_with("image/")
}

pub fn thumb_path(thumbs_root: &Path, sha256: &str, size: u32) -> PathBuf {
    thumbs_root
        .join(sha256.get(..2).unwrap_or("00"))
        .join(format!("{sha256}-{size}.jpg"))
}

/// Reads one picture once: the decoder hands over its EXIF block and then the pixels.
pub fn analyze(
    objects: &ObjectStore,
    thumbs_root: &Path,
    sha256: &str,
    media_type: &str,
) -> Picture {
    let mut p = Picture {
        width: None,
        height: None,
        taken_at: None,
        thumbs: Vec::new(),
        preview_error: None,
        preview_error_zh: None,
    };
    let Some(format) = format_of(media_type) else {
        // HEIC and friends: no decoder here, but the container's EXIF still dates it.
        p.taken_at = container_exif_time(objects, sha256);
        p.preview_error = Some(format!(
            "no preview for {media_type} on this computer; the original is stored"
        ));
        p.preview_error_zh = Some(format!("本机无法预览 {media_type}；原件已保存"));
        return p;
    };
    match decode(objects, sha256, format) {
        Ok((img, exif, _reserved)) => {
            p.width = Some(img.width());
            p.height = Some(img.height());
            p.taken_at = exif.as_deref().and_then(exif_time);
            match make_thumbs(img, thumbs_root, sha256) {
                Ok(sizes) => p.thumbs = sizes,
                Err(e) => fail(
                    &mut p,
                    &format!("thumbnail could not be written: {e}"),
                    &format!("无法写入缩略图：{e}"),
                ),
            }
        }
        Err(e) => fail(
            &mut p,
            &format!("cannot be decoded ({e}); the original is stored unchanged"),
            &format!("无法解码（{e}）；原件已原样保存"),
        ),
    }
    p
}

fn fail(p: &mut Picture, en: &str, zh: &str) {
    p.preview_error = Some(en.to_string());
    p.preview_error_zh = Some(zh.to_string());
}

/// Pixels being decoded at once by all import workers together. Each picture reserves what its
/// header says it needs (decoded pixels plus the RGB copy thumbnails are made from) before a
/// byte is decoded and waits while the budget is spent, so many huge pictures in one folder
/// cost at most this much however many workers run.
const DECODE_BUDGET: u64 = 768 << 20;

struct Budget {
    used: Mutex<u64>,
    freed: Condvar,
}

fn budget() -> &'static Budget {
    static B: OnceLock<Budget> = OnceLock::new();
    B.get_or_init(|| Budget {
        used: Mutex::new(0),
        freed: Condvar::new(),
    })
}

/// A share of [`DECODE_BUDGET`], given back when dropped.
pub struct Reserved(u64);

impl Reserved {
    /// Waits for `bytes` of the budget; a picture needing more than one image may use is
    /// refused at once (the decoders do not all honour `Limits::max_alloc`).
    fn take(bytes: u64) -> Result<Reserved, String> {
        if bytes > MAX_ALLOC {
            return Err(format!(
                "it would take {} MiB of memory to decode, more than the {} MiB limit",
                bytes >> 20,
                MAX_ALLOC >> 20
            ));
        }
        let b = budget();
        let mut used = b.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used + bytes > DECODE_BUDGET {
            used = b.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
        Ok(Reserved(bytes))
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        let b = budget();
        let mut used = b.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.0);
        b.freed.notify_all();
    }
}

fn decode(
    objects: &ObjectStore,
    sha256: &str,
    format: ImageFormat,
) -> Result<(DynamicImage, Option<Vec<u8>>, Reserved), String> {
    let file = objects.open(sha256).map_err(|e| e.to_string())?;
    let mut reader = ImageReader::with_format(BufReader::new(file), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "{w} x {h} pixels exceeds the limit of {MAX_SIDE} per side"
        ));
    }
    let rgb_copy = if decoder.color_type() == image::ColorType::Rgb8 {
        0
    } else {
        u64::from(w) * u64::from(h) * 3
    };
    let reserved = Reserved::take(decoder.total_bytes().saturating_add(rgb_copy))?;
    let exif = decoder.exif_metadata().ok().flatten();
    let img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    Ok((img, exif, reserved))
}

/// The picture's pixels as RGB for reading its text, under the same limits and shared budget
/// as import's decoding; the budget share is held as long as the returned `Reserved` lives.
pub fn decode_rgb(
    objects: &ObjectStore,
    sha256: &str,
    media_type: &str,
) -> Result<(image::RgbImage, Reserved), String> {
    let format = format_of(media_type).ok_or_else(|| format!("no decoder for {media_type}"))?;
    let (img, _exif, reserved) = decode(objects, sha256, format)?;
    Ok((img.into_rgb8(), reserved))
}

/// `DateTimeOriginal` (+ `OffsetTimeOriginal` when present) from a raw EXIF (TIFF) block.
fn exif_time(raw: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_raw(raw.to_vec()).ok()?;
    time_from(&exif)
}

fn time_from(exif: &exif::Exif) -> Option<String> {
    let field = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)?;
    let exif::Value::Ascii(ref parts) = field.value else {
        return None;
    };
    let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second
    );
    let offset = exif
        .get_field(exif::Tag::OffsetTimeOriginal, exif::In::PRIMARY)
        .and_then(|f| match &f.value {
            exif::Value::Ascii(v) => v
                .first()
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(str::to_string),
            _ => None,
        })
        .filter(|o| o.len() == 6 && (o.starts_with('+') || o.starts_with('-')));
    Some(match offset {
        Some(o) => format!("{base}{o}"),
        None => base,
    })
}

/// How much of a file we read to find its EXIF: cameras and phones write it near the start.
/// kamadak-exif would read a whole TIFF (or a HEIF box as large as it declares) into memory.
const EXIF_PREFIX: u64 = 16 << 20;

fn container_exif_time(objects: &ObjectStore, sha256: &str) -> Option<String> {
    let mut prefix = Vec::new();
    objects
        .open(sha256)
        .ok()?
        .take(EXIF_PREFIX)
        .read_to_end(&mut prefix)
        .ok()?;
    prefix_exif_time(prefix)
}

/// EXIF time from the first bytes of a file: what lies past them is not looked at.
fn prefix_exif_time(prefix: Vec<u8>) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(prefix))
        .ok()?;
    time_from(&exif)
}

/// Writes each thumbnail size that is smaller than the picture (never upscales), as JPEG.
fn make_thumbs(img: DynamicImage, root: &Path, sha256: &str) -> Result<Vec<u32>, String> {
    // Converted in place when it is RGB already: no second copy of the pixels.
    let rgb = DynamicImage::ImageRgb8(img.into_rgb8());
    let mut made = Vec::new();
    for size in THUMB_SIZES {
        let (w, h) = fit(rgb.width(), rgb.height(), size);
        let mut dst = DynamicImage::ImageRgb8(image::RgbImage::new(w, h));
        let mut resizer = fr::Resizer::new();
        let opts = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear));
        resizer
            .resize(&rgb, &mut dst, &opts)
            .map_err(|e| e.to_string())?;
        let path = thumb_path(root, sha256, size);
        write_jpeg(&dst, &path)?;
        made.push(size);
    }
    Ok(made)
}

fn fit(w: u32, h: u32, size: u32) -> (u32, u32) {
    let long = w.max(h).max(1);
    if long <= size {
        return (w.max(1), h.max(1));
    }
    let scale = size as f64 / long as f64;
    (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    )
}

/// Temp file then rename, so a reader never sees half a thumbnail.
fn write_jpeg(img: &DynamicImage, path: &Path) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut w, 82);
        img.write_with_encoder(enc).map_err(|e| e.to_string())?;
    }
    tmp.persist(path).map_err(|e| e.to_string())?;
    Ok(())
}

/// Opens a thumbnail for the app; None when it was never made (or was cleaned away).
pub fn open_thumb(root: &Path, sha256: &str, size: u32) -> Option<File> {
    File::open(thumb_path(root, sha256, size)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_bytes(bytes: &[u8]) -> (tempfile::TempDir, ObjectStore, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = ObjectStore::new(dir.path());
        store.ensure_dirs().unwrap();
        let o = store.put_stream(&mut &bytes[..], Path::new("x")).unwrap();
        (dir, store, o.sha256)
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 120, 200, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_phone_screenshot_gets_dimensions_and_two_thumbnails() {
        let (dir, store, sha) = store_bytes(&png(1170, 2532));
        let thumbs = dir.path().join("thumbs");
        let p = analyze(&store, &thumbs, &sha, "image/png");
        assert_eq!((p.width, p.height), (Some(1170), Some(2532)));
        assert_eq!(p.thumbs, vec![256, 1024]);
        let t = image::open(thumb_path(&thumbs, &sha, 256)).unwrap();
        assert_eq!((t.width(), t.height()), (118, 256));
        assert!(p.preview_error.is_none());
    }

    #[test]
    fn truncated_image_keeps_a_reason_not_a_crash() {
        let mut bytes = png(300, 300);
        bytes.truncate(bytes.len() / 2);
        let (dir, store, sha) = store_bytes(&bytes);
        let p = analyze(&store, &dir.path().join("thumbs"), &sha, "image/png");
        assert!(p.thumbs.is_empty());
        assert!(p.preview_error.unwrap().contains("cannot be decoded"));
    }

    /// PNG's CRC-32 (ISO 3309), bit by bit: an independent check of the header patch above.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_the_limits() {
        // The checksum routine itself, on the IEND chunk every PNG ends with.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        // A valid PNG header claiming 100000 x 100000 pixels, its checksum made right again so
        // that the size limit, not the CRC check, is what refuses it.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let (dir, store, sha) = store_bytes(&bytes);
        let p = analyze(&store, &dir.path().join("thumbs"), &sha, "image/png");
        let why = p.preview_error.expect("refused");
        assert!(why.contains("limit"), "{why}");
        assert!(p.thumbs.is_empty());
    }

    /// Minimal little-endian TIFF whose IFD0 sits at `at`: IFD0 -> ExifIFD with
    /// DateTimeOriginal and OffsetTimeOriginal (zeros fill the bytes before `at`).
    fn tiff_dated(at: u32) -> Vec<u8> {
        let mut t: Vec<u8> = b"II*\0".to_vec();
        t.extend_from_slice(&at.to_le_bytes());
        t.resize(at as usize, 0);
        t.extend_from_slice(&1u16.to_le_bytes()); // IFD0: 1 entry
        t.extend_from_slice(&0x8769u16.to_le_bytes()); // ExifIFDPointer
        t.extend_from_slice(&4u16.to_le_bytes()); // LONG
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&(at + 18).to_le_bytes()); // Exif IFD right after IFD0
        t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        t.extend_from_slice(&2u16.to_le_bytes()); // Exif IFD: 2 entries
        let data_at = at + 18 + 2 + 2 * 12 + 4;
        t.extend_from_slice(&0x9003u16.to_le_bytes()); // DateTimeOriginal
        t.extend_from_slice(&2u16.to_le_bytes()); // ASCII
        t.extend_from_slice(&20u32.to_le_bytes());
        t.extend_from_slice(&data_at.to_le_bytes());
        t.extend_from_slice(&0x9011u16.to_le_bytes()); // OffsetTimeOriginal
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&7u32.to_le_bytes());
        t.extend_from_slice(&(data_at + 20).to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        t.extend_from_slice(b"2026:11:02 14:05:09\0+08:00\0");
        t
    }

    #[test]
    fn exif_datetime_original_with_offset() {
        let t = tiff_dated(8);
        assert_eq!(exif_time(&t).as_deref(), Some("2026-11-02T14:05:09+08:00"));
        // A HEIC-like file with no decoder here is dated from its container.
        let (dir, store, sha) = store_bytes(&t);
        let p = analyze(&store, &dir.path().join("thumbs"), &sha, "image/tiff");
        assert_eq!(p.taken_at.as_deref(), Some("2026-11-02T14:05:09+08:00"));
    }

    #[test]
    fn container_exif_is_read_from_a_bounded_prefix() {
        // The same TIFF with its directory 20 MiB in: past the prefix, so it is not read, where
        // kamadak-exif alone would load the whole file to find it.
        let t = tiff_dated(20 << 20);
        assert_eq!(exif_time(&t).as_deref(), Some("2026-11-02T14:05:09+08:00"));
        let (dir, store, sha) = store_bytes(&t);
        let p = analyze(&store, &dir.path().join("thumbs"), &sha, "image/tiff");
        assert_eq!(p.taken_at, None);
        assert!(p.preview_error.is_some());
    }
}
