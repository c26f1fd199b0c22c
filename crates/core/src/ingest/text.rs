//! Bytes to text for chat logs and bills: a BOM decides first (UTF-8, UTF-16LE/BE), then valid
//! UTF-8, then detection (chardetng: GBK/GB18030, Big5, ...). Never fails: undecodable bytes
//! become U+FFFD and the result says so.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used, e.g. "UTF-8", "GBK", "UTF-16LE", "Big5".
    pub encoding: String,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes a whole text file. Chat logs and bills are small next to the memory they would need
/// as a transcript anyway; images never come here.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return with(enc, &bytes[bom_len..]);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: UTF_8.name().into(),
            had_errors: false,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return with(enc, bytes);
    }
    if mostly_utf8(bytes) {
        return with(UTF_8, bytes);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // `tld: None`, `allow_utf8: true`: a truncated UTF-8 file still comes back as UTF-8.
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    with(enc, bytes)
}

/// As `decode`, taking the bytes: valid UTF-8 (the usual case) becomes the text without a
/// copy, and the bytes are freed before a large transcript is parsed from the text.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if Encoding::for_bom(&bytes).is_none() {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Decoded {
                    text,
                    encoding: UTF_8.name().into(),
                    had_errors: false,
                }
            }
            Err(e) => return decode(e.as_bytes()),
        }
    }
    decode(&bytes)
}

fn with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name().into(),
        had_errors,
    }
}

/// UTF-8 Chinese with a few damaged bytes (a cut copy, a bad sector) stays UTF-8 with U+FFFD
/// marks, instead of being guessed as a single-byte encoding and turned into mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().bytes().filter(|b| *b >= 0x80).count();
        invalid += chunk.invalid().len();
    }
    valid_multibyte >= 16 && invalid * 8 <= valid_multibyte
}

/// Windows tools sometimes drop the BOM: many NULs on one side of ASCII text give it away.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nuls * 10 >= pairs * 3 && even_nuls * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nuls * 10 >= pairs * 3 && odd_nuls * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_utf8_chinese_stays_utf8_with_marks() {
        let mut bytes = "2026-11-03 10:00:05 客服小美\n您好，该订单不支持退款。\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"\xff\xfe broken \xe2\x82\n");
        let d = decode(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors);
        assert!(d.text.contains("该订单不支持退款") && d.text.contains('\u{fffd}'));
        // GBK is not mistaken for damaged UTF-8.
        let (gbk, _, _) = encoding_rs::GBK.encode("您好，该订单不支持退款。请问会员什么时候到账？");
        assert_eq!(decode(&gbk).encoding, "GBK");
    }

    #[test]
    fn owned_and_borrowed_decoding_agree() {
        let (gbk, _, _) = encoding_rs::GBK.encode("您好，该订单不支持退款。请问会员什么时候到账？");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("交易时间".as_bytes());
        for bytes in [
            gbk.to_vec(),
            bom,
            "无法退款 ok".as_bytes().to_vec(),
            vec![0xff, 0x41],
        ] {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes));
        }
    }

    #[test]
    fn boms_win() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("交易时间".as_bytes());
        assert_eq!(decode(&b).text, "交易时间");
        let mut u16 = vec![0xFF, 0xFE];
        for unit in "无法退款 ok".encode_utf16() {
            u16.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&u16);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("无法退款 ok", "UTF-16LE")
        );
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("交易时间,交易分类,交易对方,商品说明,收/支,金额\n2026-11-02 10:00:00,数码,某卡盟,黄金会员年卡,支出,68.00\n");
        let d = decode(&bytes);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        assert!(d.text.contains("交易对方") && !d.had_errors);
    }

    #[test]
    fn bad_bytes_are_flagged_not_fatal() {
        let d = decode(b"hello \xff\xfe\xfd world \xc3");
        assert!(d.text.contains("hello"));
        assert!(d.had_errors || d.encoding != "UTF-8");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let mut b = Vec::new();
        for unit in "2026-11-03 10:00 客服: 无法退款".encode_utf16() {
            b.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&b).text, "2026-11-03 10:00 客服: 无法退款");
    }
}
