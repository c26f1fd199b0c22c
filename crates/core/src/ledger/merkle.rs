//! RFC 9162 Merkle tree hash over the entry hashes: the case's checkpoint.

use sha2::{Digest, Sha256};

/// MTH(D[n]) of RFC 9162 section 2.1.1, leaves being the raw 32-byte entry hashes.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => {
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(leaves[0]);
            h.finalize().into()
        }
        n => {
            // k is the largest power of two smaller than n.
            let k = 1usize << (usize::BITS - 1 - (n - 1).leading_zeros());
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(root(&leaves[..k]));
            h.update(root(&leaves[k..]));
            h.finalize().into()
        }
    }
}

pub fn root_hex(entry_hashes: &[String]) -> String {
    let leaves: Vec<[u8; 32]> = entry_hashes
        .iter()
        .map(|h| {
            let mut out = [0u8; 32];
            // A malformed stored hash still contributes deterministically (as zeros); verify
            // reports it separately.
            let _ = hex::decode_to_slice(h, &mut out);
            out
        })
        .collect();
    hex::encode(root(&leaves))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(b: u8) -> [u8; 32] {
        [b; 32]
    }

    #[test]
    fn empty_tree_is_hash_of_nothing() {
        assert_eq!(
            hex::encode(root(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn three_leaves_split_two_one() {
        let l = |x: [u8; 32]| -> [u8; 32] {
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(x);
            h.finalize().into()
        };
        let n = |a: [u8; 32], b: [u8; 32]| -> [u8; 32] {
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(a);
            h.update(b);
            h.finalize().into()
        };
        let expected = n(n(l(leaf(1)), l(leaf(2))), l(leaf(3)));
        assert_eq!(root(&[leaf(1), leaf(2), leaf(3)]), expected);
        let four = n(n(l(leaf(1)), l(leaf(2))), n(l(leaf(3)), l(leaf(4))));
        assert_eq!(root(&[leaf(1), leaf(2), leaf(3), leaf(4)]), four);
    }
}
