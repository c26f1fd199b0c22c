//! Canonical bytes of a ledger entry: RFC 8785 (JCS) over a value whose strings are NFC.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Rewrites every string and object key to Unicode NFC, so that the same text typed or
/// imported with composed or decomposed accents always hashes the same.
pub fn nfc(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(s.nfc().collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(nfc).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k.nfc().collect(), nfc(v)))
                .collect(),
        ),
        other => other,
    }
}

/// JCS serialisation. Ledger values hold only strings, integers, booleans, null and containers,
/// so the number-formatting corner cases of RFC 8785 never arise.
pub fn jcs(value: &Value) -> Vec<u8> {
    // Serialising a serde_json::Value cannot fail: it has no non-string keys or foreign types.
    serde_jcs::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_whitespace_removed() {
        let v = json!({"b": 1, "a": [true, null, "x"], "c": {"z": 0, "y": "é"}});
        assert_eq!(
            String::from_utf8(jcs(&v)).unwrap(),
            r#"{"a":[true,null,"x"],"b":1,"c":{"y":"é","z":0}}"#
        );
    }

    #[test]
    fn nfd_and_nfc_canonicalise_identically() {
        let nfd = json!({"name": "cafe\u{301}.png"});
        let nfc_v = json!({"name": "caf\u{e9}.png"});
        assert_eq!(jcs(&nfc(nfd)), jcs(&nfc(nfc_v)));
    }
}
