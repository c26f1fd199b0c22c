//! RFC 9162 Merkle tree hash over the entry hashes: the case's checkpoint.

use sha2::{Digest, Sha256};

/// MTH(D[n]) of RFC 9162 section 2.1.1; the case's leaves are the raw 32-byte entry hashes.
pub fn root<L: AsRef<[u8]>>(leaves: &[L]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([0u8; 0]).into(),
        1 => {
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(leaves[0].as_ref());
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
            hex::encode(root::<[u8; 32]>(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// The Certificate Transparency reference vectors (RFC 6962/9162 hashing, as used by every
    /// CT log's test suite): eight leaves of 0 to 16 bytes and the root of each prefix.
    #[test]
    fn rfc9162_reference_roots() {
        let leaves: Vec<Vec<u8>> = [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|h| hex::decode(h).unwrap())
        .collect();
        let roots = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        for (n, want) in roots.iter().enumerate() {
            assert_eq!(hex::encode(root(&leaves[..=n])), *want, "{} leaves", n + 1);
        }
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
