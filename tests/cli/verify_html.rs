//! The pack's own verify.html, run from file:// in headless Chromium with the network off
//! (ui/scripts/verify-html.mjs drives it through playwright-core): a good pack verifies in
//! both languages and both ways of choosing it; tampered and hostile packs are named.

use proofpack_tests::{verify_html as run_page, Sandbox};
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn verify_html_checks_good_tampered_and_hostile_packs() {
    let sb = Sandbox::new();
    let case = sb.ok_json(&["demo"])["id"].to_string();
    let zip = sb.dir.path().join("pack.zip");
    let folder = sb.dir.path().join("pack");
    sb.ok_json(&["export", &case, "--out", zip.to_str().unwrap()]);
    sb.ok_json(&[
        "export",
        &case,
        "--out",
        folder.to_str().unwrap(),
        "--folder",
    ]);
    let page = folder.join("verify.html");

    let good = run_page(&page, &zip, "zip", "en");
    assert_eq!(good["ok"], true, "{good}");
    assert!(good["verdict"].as_str().unwrap().starts_with("✓ Verified"));
    assert!(good["summary"]
        .as_str()
        .unwrap()
        .contains("DEMO202611020001"));
    let zh = run_page(&page, &folder, "folder", "zh");
    assert_eq!(zh["ok"], true, "{zh}");
    assert_eq!(zh["lang"], "zh-CN");
    assert!(zh["verdict"].as_str().unwrap().contains("核验通过"));

    // One byte of one original changed inside the ZIP.
    let bad_zip = sb.dir.path().join("bad.zip");
    std::fs::copy(&zip, &bad_zip).unwrap();
    proofpack_tests::tamper_zip_entry(&bad_zip, "evidence/2-non-delivery/2-1_会员中心-未开通.png");
    let bad = run_page(&page, &bad_zip, "zip", "en");
    assert_eq!(bad["ok"], false);
    assert!(keys(&bad).contains(&"notOriginal".to_string()), "{bad}");
    assert!(bad["problems"][0]["text"]
        .as_str()
        .unwrap()
        .contains("2-1_会员中心-未开通.png"));

    // A chain entry rewritten in the folder's manifest: the page recomputes the entry hash.
    let manifest = folder.join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("GD2026110200042", "GD2026110200043"),
    )
    .unwrap();
    let forged = run_page(&page, &folder, "folder", "en");
    assert_eq!(forged["ok"], false);
    let k = keys(&forged);
    assert!(
        k.contains(&"chain".to_string()) && k.contains(&"changed".to_string()),
        "{forged}"
    );

    // A ZIP with an escaping entry is refused before anything is read.
    let slip = sb.dir.path().join("slip.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&slip).unwrap());
    z.start_file("../../evil.sh", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut z, b"rm -rf /").unwrap();
    z.finish().unwrap();
    let refused = run_page(&page, &slip, "zip", "en");
    assert_eq!(refused["ok"], false);
    assert_eq!(keys(&refused), vec!["refused".to_string()]);
    assert!(refused["problems"][0]["text"]
        .as_str()
        .unwrap()
        .contains("../../evil.sh"));
}

/// The page recomputes every entry hash in JavaScript (JCS + NFC): over hostile strings it must
/// agree with the Rust ledger, byte for byte, or a genuine pack would be called tampered.
#[test]
fn verify_html_hashes_hostile_strings_as_the_rust_ledger_does() {
    let sb = Sandbox::new();
    // Emoji (astral, surrogate pairs in JS), NFD that NFC composes, C0 and C1 controls, the JS
    // line separators, a lone combining mark, CJK Extension B, quotes and backslashes.
    let hostile =
        "会员😀👨‍👩‍👧 cafe\u{301} \u{1}\u{7}\u{1f}\u{85}\u{2028}\u{2029} \u{301}x 𠀀 \"\\/ \u{FEFF}";
    let case = sb.ok_json(&["case", "new", hostile, "--notes", hostile])["id"].to_string();
    let chat = sb.file(
        &format!("{}.txt", "客服😀cafe\u{301}"),
        format!("2026-11-03 10:00 客服: {hostile}\n").as_bytes(),
    );
    let path = chat.to_str().unwrap();
    sb.ok_json(&["add", &case, path, "--note", hostile]);
    let zip = sb.dir.path().join("hostile.zip");
    sb.ok_json(&["export", &case, "--out", zip.to_str().unwrap()]);
    assert_eq!(
        sb.ok_json(&["verify-bundle", zip.to_str().unwrap()])["ok"],
        true
    );
    // The verifier page exactly as packs carry it.
    let v = run_page(&proofpack_tests::verify_html_page(), &zip, "zip", "en");
    assert_eq!(v["ok"], true, "{v}");
}
