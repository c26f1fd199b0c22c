//! The files Proofpack makes rather than keeps: manifest.json, README.txt, report.pdf,
//! verify.html and the reading aids in derived/. Each must be exactly what this version writes
//! from the pack's chain and originals: the library they came from is rebuilt from the pack
//! (`pack::rebuild`), exported again in memory with the report settings the manifest names, and
//! every generated file is compared byte for byte. A replaced transcript cannot put words in the
//! support agent's mouth, and a forged report cannot show what the evidence does not.

use std::collections::BTreeMap;

use super::{BundleCode, Problems};
use crate::extract::Fact;
use crate::ledger::replay::State;
use crate::pack::manifest::{self, Manifest};
use crate::pack::read::{Hashed, Source};
use crate::pack::write::Content;
use crate::pack::{files_of, rebuild, report};

pub(super) fn check(
    m: &Manifest,
    state: &State,
    source: &Source,
    by_name: &BTreeMap<&str, &Hashed>,
    originals_ok: bool,
    p: &mut Problems,
) {
    if m.generator != manifest::generator() {
        p.add(
            BundleCode::GeneratedMismatch,
            "manifest.json generator",
            format!(
                "the pack says it was made by {}; this is {}, which can only check its own packs' generated files",
                m.generator,
                manifest::generator()
            ),
            format!(
                "证据包自称由 {} 生成；本程序为 {}，只能核对自身生成的文件",
                m.generator,
                manifest::generator()
            ),
        );
        return;
    }
    if !originals_ok {
        return; // The pack cannot be made again without its originals; already named.
    }
    if let Err(e) = compare_with_rebuilt(m, state, source, by_name, p) {
        p.add(
            BundleCode::GeneratedMismatch,
            "report.pdf",
            format!(
                "the pack could not be made again from its chain to check the generated files: {e}"
            ),
            format!(
                "无法根据证据链重新生成证据包以核对生成的文件：{}",
                e.message_zh()
            ),
        );
    }
}

fn compare_with_rebuilt(
    m: &Manifest,
    state: &State,
    source: &Source,
    by_name: &BTreeMap<&str, &Hashed>,
    p: &mut Problems,
) -> crate::Result<()> {
    let rebuilt = rebuild::rebuild(m, state, source)?;
    let lib = &rebuilt.lib;
    let snap = lib.snapshot(m.case.id)?;
    check_facts(&m.facts, &snap.facts, p);
    let rendered = report::render(&snap, m.report.lang, m.report.parts, &lib.thumbs_dir())?;
    for (file, hash) in files_of(lib, &snap, rendered.pdf, m.report)? {
        if matches!(file.content, Content::Object { .. }) {
            continue; // Originals: checked against the chain already.
        }
        // A missing file is named already: fixed files by the layout check, reading aids by the
        // originals check, and one the manifest does not list makes the manifest differ.
        match by_name.get(file.path.as_str()) {
            None => {}
            Some(f) if f.sha256.as_deref().ok() != Some(hash.as_str()) => p.add(
                BundleCode::GeneratedMismatch,
                &file.path,
                format!("{} is not what Proofpack writes for this chain and these originals: it was replaced or edited", file.path),
                format!("{} 与证据包根据这条证据链和这些原件生成的内容不同：已被替换或编辑", file.path),
            ),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Names a forged fact list apart from the manifest as a whole: the facts are what the
/// originals say, counted as multisets (their order is not part of what they say).
fn check_facts(listed: &[Fact], expected: &[Fact], p: &mut Problems) {
    let mut count: BTreeMap<String, i64> = BTreeMap::new();
    for f in listed {
        *count
            .entry(serde_json::to_string(f).unwrap_or_default())
            .or_default() += 1;
    }
    for f in expected {
        *count
            .entry(serde_json::to_string(f).unwrap_or_default())
            .or_default() -= 1;
    }
    let extra: i64 = count.values().filter(|n| **n > 0).sum();
    let missing: i64 = -count.values().filter(|n| **n < 0).sum::<i64>();
    if extra == 0 && missing == 0 {
        return;
    }
    p.add(
        BundleCode::FactMismatch,
        "manifest.json facts",
        format!("the facts in manifest.json are not what the originals say: {extra} not found in them, {missing} left out"),
        format!("manifest.json 中的事实与原件不符：{extra} 条在原件中找不到，{missing} 条被遗漏"),
    );
}
