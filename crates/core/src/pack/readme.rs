//! `README.txt`: what the pack is and how to check it, in Chinese and English, in plain text
//! so it opens anywhere.

use super::snapshot::Snapshot;
use crate::case::Case;
use crate::ledger::LedgerEntry;

pub fn render(s: &Snapshot) -> String {
    render_parts(&s.case, &s.ledger, &s.checkpoint)
}

/// The README of a pack of `case` whose chain is `ledger` with checkpoint `root`: what
/// verify-bundle expects to find, from the manifest it has checked against the chain.
pub fn render_parts(c: &Case, ledger: &[LedgerEntry], root: &str) -> String {
    let title = &c.fields.title;
    let order = c.fields.order_no.as_deref().unwrap_or("-");
    let entries = ledger.len();
    let as_of = ledger.last().map(|e| e.at.as_str()).unwrap_or("-");
    format!(
        "证据包 Proofpack — {title}\n\
         订单号 / Order no.: {order}\n\
         证据链 / Evidence chain: {entries} 条记录 entries, 截至 as of {as_of}\n\
         检查点 / Checkpoint (RFC 9162 Merkle root): {root}\n\
         \n\
         【中文】\n\
         这是一个消费维权证据包，由证据包（Proofpack）从用户保存的原始文件生成。\n\
         - report.pdf：可打印的证据报告（案件摘要、证据清单、时间线、每张截图、聊天记录、沟通记录、诉求信）。\n\
         - evidence/：证据原件，逐字节未改动，按报告编号存放（1 购买凭证、2 服务未履行证明、3 沟通记录、9 其他）。\n\
         - derived/：为便于阅读从原件生成的文本（聊天记录、账单行），每个文件都注明原件的 SHA-256。\n\
         - manifest.json：机器可读的清单，包含案件、证据、事实和完整的证据链记录。\n\
         - SHA256SUMS：除它自身外每个文件的 SHA-256。\n\
         如何核验：\n\
         1. 在本文件夹中运行 `sha256sum -c SHA256SUMS`，每一行都应为“成功/OK”；\n\
         2. 或用浏览器打开 verify.html（离线可用，不联网），选择本证据包的 ZIP 文件或全部文件；\n\
         3. 或运行 `proofpack verify-bundle 证据包路径`，它还会重算证据链的每条记录和检查点。\n\
         任何一个字节被修改都会被发现。\n\
         \n\
         [English]\n\
         This is a consumer-dispute evidence pack made by Proofpack from the files the user kept.\n\
         - report.pdf: a printable report (case summary, checklist, timeline, every screenshot, transcripts, escalation log, request letter).\n\
         - evidence/: the original files, byte for byte unchanged, numbered as in the report (1 purchase, 2 non-delivery, 3 communication, 9 other).\n\
         - derived/: text made from the originals for reading (transcripts, bill rows); each names its original's SHA-256.\n\
         - manifest.json: the machine-readable index: case, items, facts and every entry of the evidence chain.\n\
         - SHA256SUMS: the SHA-256 of every file but itself.\n\
         How to verify:\n\
         1. In this folder run `sha256sum -c SHA256SUMS`: every line must say OK;\n\
         2. or open verify.html in a browser (works offline, no network) and choose this pack's ZIP file or all its files;\n\
         3. or run `proofpack verify-bundle PATH`, which also recomputes every chain entry and the checkpoint.\n\
         A change of any single byte is detected.\n"
    )
}
