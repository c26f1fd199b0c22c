//! What users really have must never break the pack (issue 11): emoji and scripts the CJK font
//! lacks anywhere, a log that deflates past the bomb cap, a pack path that is a FIFO, a
//! manifest too large to read.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proofpack_tests::{bin, Sandbox};

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn unzip(zip: &std::path::Path, into: &std::path::Path) {
    let f = std::fs::File::open(zip).unwrap();
    let mut a = zip::ZipArchive::new(f).unwrap();
    a.extract(into).unwrap();
}

#[test]
fn emoji_and_uncovered_scripts_anywhere_still_export_and_verify() {
    let sb = Sandbox::new();
    // The reproduction, plus the same characters in a title, a file name and a note.
    let chat = sb.file(
        "客服😀聊天.txt",
        "2026-11-03 10:00 客服: 您好😀\n2026-11-03 10:01 我: 退款\n\
         2026-11-03 10:02 客服🙂: 안녕하세요 สวัสดี مرحبا \u{FFFD} 𠀀 \u{7}\n"
            .as_bytes(),
    );
    let case = sb.ok_json(&["case", "new", "会员😀未到账 𠀀"])["id"].to_string();
    sb.ok_json(&["add", &case, chat.to_str().unwrap(), "--note", "备注👍 𠀁"]);
    let letter = sb.file("letter.txt", "您好😀，请退款。𠀀\n".as_bytes());
    sb.ok_json(&["letter", &case, "--save", letter.to_str().unwrap()]);
    let zip = sb.dir.path().join("e.zip");
    let r = sb.run(&[
        "export",
        &case,
        "--out",
        zip.to_str().unwrap(),
        "--lang",
        "both",
    ]);
    assert_eq!(r.code, 0, "export failed: {}", r.stderr);
    assert_eq!(
        sb.ok_json(&["verify-bundle", zip.to_str().unwrap()])["ok"],
        true
    );

    let out = sb.dir.path().join("unpacked");
    unzip(&zip, &out);
    let qpdf = Command::new("qpdf")
        .args(["--check", out.join("report.pdf").to_str().unwrap()])
        .output()
        .expect("qpdf must be installed");
    assert!(qpdf.status.success(), "{qpdf:?}");
    let text = pdftotext(&out.join("report.pdf"));
    // Drawn by the fallback fonts, not boxes; what no font has is a labelled code point.
    for shown in ["안녕하세요", "〈U+20000〉", "〈U+0007〉"] {
        assert!(text.contains(shown), "{shown} not in the report");
    }
    assert!(
        !text.contains('\u{20000}'),
        "an undrawable character reached the PDF"
    );
    // The original text stays exact in the manifest and the transcript.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("会员😀未到账 𠀀"));
    assert!(manifest.contains("备注👍 𠀁"));
    let transcripts: Vec<_> = std::fs::read_dir(out.join("derived")).unwrap().collect();
    let t = std::fs::read_to_string(transcripts[0].as_ref().unwrap().path()).unwrap();
    assert!(t.contains("您好😀") && t.contains("𠀀"), "{t}");
}

#[test]
fn a_log_that_deflates_past_the_bomb_cap_is_stored_and_its_pack_verifies() {
    let sb = Sandbox::new();
    // 10 MB of one repeated line deflates about 1000:1, past the reader's 200:1 cap.
    let line = "2026-11-03 10:00 客服: 系统繁忙，请稍后再试\n";
    let body = line.repeat(10_000_000 / line.len());
    let log = sb.file("repetitive.txt", body.as_bytes());
    let case = sb.ok_json(&["case", "new", "t"])["id"].to_string();
    sb.ok_json(&["add", &case, log.to_str().unwrap()]);
    let zip = sb.dir.path().join("p.zip");
    sb.ok_json(&["export", &case, "--out", zip.to_str().unwrap()]);
    let r = sb.ok_json(&["verify-bundle", zip.to_str().unwrap()]);
    assert_eq!(r["ok"], true, "{r}");
}

#[test]
fn verify_bundle_refuses_a_fifo_instead_of_blocking() {
    let sb = Sandbox::new();
    let fifo = sb.dir.path().join("pack.zip");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let mut child = Command::new(bin())
        .args(["--library", sb.library().to_str().unwrap(), "--json"])
        .args(["verify-bundle", fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Generous: a blocked open never returns at all.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("verify-bundle blocked on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("unsafe_entry") && text.contains("FIFO"),
        "{text}"
    );
}

#[test]
fn a_manifest_too_large_to_read_is_named_as_such() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["demo"])["id"].to_string();
    let pack = sb.dir.path().join("pack");
    sb.ok_json(&["export", &case, "--out", pack.to_str().unwrap(), "--folder"]);
    // Sparse: 300 MiB of zeros costs no disk.
    let f = std::fs::File::options()
        .write(true)
        .open(pack.join("manifest.json"))
        .unwrap();
    f.set_len(300 << 20).unwrap();
    let r = sb.run(&["--json", "verify-bundle", pack.to_str().unwrap()]);
    assert_eq!(r.code, 7);
    let problems = r.json()["problems"].clone();
    let bad = problems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["subject"] == "manifest.json" && p["code"] == "bad_manifest")
        .unwrap_or_else(|| panic!("{problems}"));
    assert!(
        bad["message"].as_str().unwrap().contains("300 MiB"),
        "{bad}"
    );
}
