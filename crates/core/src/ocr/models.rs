//! The bundled PaddleOCR PP-OCRv6 tiny models (Apache-2.0, assets/ocr/NOTICE), checked by hash
//! before use so a damaged or swapped file is refused rather than read as a model.

use sha2::{Digest, Sha256};

pub const DET: &[u8] = include_bytes!("../../../../assets/ocr/det.onnx");
pub const REC: &[u8] = include_bytes!("../../../../assets/ocr/rec.onnx");
pub const DICT: &str = include_str!("../../../../assets/ocr/dict.txt");

pub const DET_SHA256: &str = "193bab7a04fca699a6c82e6abb5b81bdb28177f0abd4062552b04908dafb19f8";
pub const REC_SHA256: &str = "9ef676d6ed3c88256a2d92c640c44f25b0c40947e111b14b8be8f594091563e6";
pub const DICT_SHA256: &str = "2af150bab777d86fa1ce821f6a37eabea90f1bb99ab9c41f031262e892a747bc";

/// Refuses bytes whose hash is not the one recorded for `name`.
pub fn checked<'a>(name: &str, bytes: &'a [u8], want: &str) -> Result<&'a [u8], String> {
    let got = hex::encode(Sha256::digest(bytes));
    if got == want {
        Ok(bytes)
    } else {
        Err(format!(
            "OCR model file {name} is damaged (sha256 {got}, expected {want})"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_models_match_their_recorded_hashes_and_a_changed_byte_is_refused() {
        assert!(checked("det.onnx", DET, DET_SHA256).is_ok());
        assert!(checked("rec.onnx", REC, REC_SHA256).is_ok());
        assert!(checked("dict.txt", DICT.as_bytes(), DICT_SHA256).is_ok());
        let mut bad = DET.to_vec();
        bad[100] ^= 1;
        assert!(checked("det.onnx", &bad, DET_SHA256)
            .unwrap_err()
            .contains("damaged"));
        // The dictionary has the currency and full-width colon screenshots show.
        assert!(DICT.lines().any(|l| l == "¥") && DICT.lines().any(|l| l == "："));
    }
}
