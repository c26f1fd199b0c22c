//! The byte layout of a received ZIP. Readers disagree about which copy of a name counts:
//! this crate and 7-Zip read the central directory, streaming extractors (and `unzip` on a
//! damaged archive) read the local headers. A pack is read only when the two agree, and when
//! the entries tile the file in order (no gaps where a second archive could hide, no overlaps
//! that let many entries share the same compressed bytes, a bomb of its own kind).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// One central-directory entry, as the central directory describes it.
pub struct Span {
    pub index: usize,
    pub name_raw: Vec<u8>,
    pub header_start: u64,
    pub compressed: u64,
}

/// A problem of one entry: (entry name, reason in English, reason in Chinese).
pub type Problem = (String, &'static str, &'static str);

const LOCAL_SIG: u32 = 0x0403_4b50;
const LOCAL_FIXED: u64 = 30;
/// A data descriptor follows the data when bit 3 is set: crc + two sizes (4 or 8 bytes each),
/// with or without its own 4-byte signature.
const DESCRIPTOR_SIZES: [u64; 4] = [12, 16, 20, 24];

struct Local {
    name: Vec<u8>,
    data_start: u64,
    has_descriptor: bool,
}

fn read_local(file: &mut File, at: u64) -> std::io::Result<Option<Local>> {
    let mut fixed = [0u8; LOCAL_FIXED as usize];
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(&mut fixed)?;
    let u16_at = |i: usize| u16::from_le_bytes([fixed[i], fixed[i + 1]]);
    if u32::from_le_bytes([fixed[0], fixed[1], fixed[2], fixed[3]]) != LOCAL_SIG {
        return Ok(None);
    }
    let flags = u16_at(6);
    let (name_len, extra_len) = (u64::from(u16_at(26)), u64::from(u16_at(28)));
    let mut name = vec![0u8; name_len as usize];
    file.read_exact(&mut name)?;
    Ok(Some(Local {
        name,
        data_start: at + LOCAL_FIXED + name_len + extra_len,
        has_descriptor: flags & 0x8 != 0,
    }))
}

fn lossy(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).chars().take(200).collect()
}

/// Checks every entry's local header against the central directory and that the entries,
/// taken in file order, run from `first` to `dir_start` with nothing between or shared.
pub fn check(file: &mut File, mut spans: Vec<Span>, first: u64, dir_start: u64) -> Vec<Problem> {
    let mut problems = Vec::new();
    spans.sort_by_key(|s| (s.header_start, s.index));
    let mut expected = first;
    for s in &spans {
        let name = lossy(&s.name_raw);
        let local = match read_local(file, s.header_start) {
            Ok(Some(l)) => l,
            Ok(None) | Err(_) => {
                problems.push((
                    name,
                    "has no valid local header where the directory points",
                    "目录所指位置没有有效的本地文件头",
                ));
                return problems;
            }
        };
        if local.name != s.name_raw {
            problems.push((
                name.clone(),
                "its local header names another file than the central directory (a streaming extractor would write elsewhere)",
                "本地文件头中的名称与中央目录不同（流式解压工具会写到别处）",
            ));
        }
        if s.header_start < expected {
            problems.push((
                name.clone(),
                "overlaps the entry before it (entries sharing bytes)",
                "与前一条目重叠（多个条目共用同一段数据）",
            ));
        } else if s.header_start > expected {
            problems.push((
                name.clone(),
                "is preceded by bytes no entry accounts for (hidden data)",
                "前面有不属于任何条目的数据（隐藏数据）",
            ));
        }
        let data_end = local.data_start.saturating_add(s.compressed);
        expected = data_end;
        if local.has_descriptor {
            // The next header decides which descriptor form was used.
            let next = spans
                .iter()
                .map(|n| n.header_start)
                .find(|&h| h > s.header_start)
                .unwrap_or(dir_start);
            if let Some(d) = DESCRIPTOR_SIZES.iter().find(|&&d| data_end + d == next) {
                expected = data_end + d;
            }
        }
    }
    if !spans.is_empty() && expected != dir_start {
        problems.push((
            "central directory".to_string(),
            if expected > dir_start {
                "the last entry runs into the central directory"
            } else {
                "bytes no entry accounts for sit before the central directory (hidden data)"
            },
            if expected > dir_start {
                "最后一个条目与中央目录重叠"
            } else {
                "中央目录前有不属于任何条目的数据（隐藏数据）"
            },
        ));
    }
    problems
}
