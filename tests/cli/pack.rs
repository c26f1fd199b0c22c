//! `proofpack export` and `verify-bundle`: the pack round-trips, is deterministic, is recorded
//! in the chain, and any change of any file in it is caught and named.

use std::path::{Path, PathBuf};
use std::process::Command;

use proofpack_tests::{fixture, sha256_hex, Sandbox};

/// The sample case: pictures, a chat, contacts; returns its id.
fn demo(sb: &Sandbox) -> String {
    sb.ok_json(&["demo"])["id"].to_string()
}

fn export(sb: &Sandbox, case: &str, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["export", case, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    sb.ok_json(&args)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils/coreutils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn export_then_verify_round_trip_zip_and_folder() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let zip = sb.dir.path().join("pack.zip");
    let r = export(&sb, &case, &zip, &[]);
    assert_eq!(r["sha256"], sha256_hex(&std::fs::read(&zip).unwrap()));
    assert!(r["pages"].as_u64().unwrap() >= 8, "{r}");
    let v = sb.ok_json(&["verify-bundle", zip.to_str().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["items_checked"], 5);
    assert_eq!(v["order_no"], "DEMO202611020001");

    // The export is in the chain with the pack's hash, and the library still verifies.
    let log = sb.ok_json(&["log", &case]);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "exported");
    assert_eq!(last["payload"]["pack_sha256"], r["sha256"]);
    assert_eq!(sb.run(&["verify"]).code, 0);

    // A folder verifies with plain sha256sum too, and holds the originals byte for byte.
    let folder = sb.dir.path().join("pack-folder");
    export(&sb, &case, &folder, &["--folder", "--lang", "both"]);
    let sums = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&folder)
        .status()
        .unwrap();
    assert!(sums.success());
    let original =
        std::fs::read(folder.join("evidence/3-communication/3-1_官方客服聊天记录.txt")).unwrap();
    assert!(String::from_utf8(original)
        .unwrap()
        .contains("工单号 GD2026110200042"));
    assert_eq!(
        sb.ok_json(&["verify-bundle", folder.to_str().unwrap()])["ok"],
        true
    );
    for name in ["README.txt", "manifest.json", "verify.html", "report.pdf"] {
        assert!(folder.join(name).is_file(), "{name}");
    }
    let derived =
        std::fs::read_to_string(folder.join("derived/3-1_官方客服聊天记录.txt.transcript.txt"))
            .unwrap();
    let items = sb.ok_json(&["items", &case]);
    let chat = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["original_name"] == "官方客服聊天记录.txt")
        .unwrap();
    let chat_hash = chat["sha256"].as_str().unwrap().to_string();
    assert!(
        derived.contains(&chat_hash),
        "a derived file names its original's hash"
    );
}

#[test]
fn the_same_state_gives_byte_identical_packs_and_a_change_gives_another() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let a = sb.dir.path().join("a.zip");
    let b = sb.dir.path().join("b.zip");
    export(&sb, &case, &a, &[]);
    // The first export is now in the chain; it changes nothing in the case, so the pack is the same.
    export(&sb, &case, &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let fa = sb.dir.path().join("fa");
    let fb = sb.dir.path().join("fb");
    export(&sb, &case, &fa, &["--folder"]);
    export(&sb, &case, &fb, &["--folder"]);
    let pdf = |d: &PathBuf| std::fs::read(d.join("report.pdf")).unwrap();
    assert_eq!(pdf(&fa), pdf(&fb));
    // A real change (a new note on the case) makes a different pack.
    sb.ok_json(&["case", "edit", &case, "--notes", "补充说明"]);
    let c = sb.dir.path().join("c.zip");
    export(&sb, &case, &c, &[]);
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
    // Nothing is ever overwritten.
    let again = sb.run(&["export", &case, "--out", a.to_str().unwrap()]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("a.zip"), "{}", again.stderr);
}

#[test]
fn an_existing_folder_gets_the_default_name_inside() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let dir = sb.dir.path().join("desktop");
    std::fs::create_dir(&dir).unwrap();
    let r = export(&sb, &case, &dir, &["--lang", "en"]);
    let path = PathBuf::from(r["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), dir);
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with(&format!("proofpack-case{case}-")) && name.ends_with(".zip"),
        "{name}"
    );
    // Nothing but the pack is left in the folder: no partial files.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

/// The pack is dated on the user's calendar, as the app shows dates: 26 hours apart, the two
/// zones are always on different days, and `date` says which.
#[test]
fn the_default_name_is_dated_in_the_users_time_zone() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    for tz in ["Etc/GMT-14", "Etc/GMT+12"] {
        let dir = sb.dir.path().join(tz.replace('/', "_"));
        std::fs::create_dir(&dir).unwrap();
        let out = sb
            .cmd()
            .env("TZ", tz)
            .args(["--json", "export", &case, "--out", dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let day = Command::new("date")
            .env("TZ", tz)
            .arg("+%Y%m%d")
            .output()
            .unwrap();
        let day = String::from_utf8_lossy(&day.stdout).trim().to_string();
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("proofpack-case{case}-{day}.zip")], "{tz}");
    }
}

#[test]
fn the_report_has_pages_text_and_embedded_fonts() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let pdf = folder.join("report.pdf");
    let p = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[p]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Cover, checklist, timeline, index, 3 picture pages, transcript, log, letter.
    assert!(pages >= 9, "{info}");
    assert_valid_pdf(&pdf);
    let text = tool("pdftotext", &[p, "-"]);
    for want in [
        "DEMO202611020001",
        "购买凭证",
        "服务未履行证明",
        "沟通记录",
        "无法退款",
        "GD2026110200042",
    ] {
        assert!(text.contains(want), "{want} not in the report text");
    }
    // The escalation log holds a usual ticket number on one line: found next to its step.
    assert!(
        text.lines().any(|l| l == "GD2026110200042"),
        "the log's ticket number is broken over lines"
    );
    assert!(text.contains(&format!("1 / {pages}")), "page numbers n / N");
    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row.contains("NotoSansSC"), "{row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("pdfaid:part") || xmp.contains("<pdfaid:part>"),
        "PDF/A identification"
    );
    // English report: English headings, same order number.
    let en = sb.dir.path().join("en");
    export(&sb, &case, &en, &["--folder", "--lang", "en"]);
    let text = tool("pdftotext", &[en.join("report.pdf").to_str().unwrap(), "-"]);
    assert!(text.contains("Evidence index") && text.contains("DEMO202611020001"));
}

/// qpdf's structural check: cross-reference table, object streams, page tree, fonts.
fn assert_valid_pdf(pdf: &Path) {
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

/// A quote copied out of the report must be found in the original: no space added between
/// Chinese and Latin letters, no seconds dropped, left-out pictures named.
#[test]
fn quotes_in_the_report_are_the_originals_exact_text() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let pdf = folder.join("report.pdf");
    assert_valid_pdf(&pdf);
    // Line breaks are the layout's; everything else must be as the chat has it.
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).replace('\n', "");
    let chat = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo/support-chat.txt"),
    )
    .unwrap();
    let said: Vec<&str> = chat
        .lines()
        .skip_while(|l| !l.starts_with("2026-"))
        .filter(|l| !l.trim().is_empty() && !l.starts_with("2026-"))
        .collect();
    assert_eq!(said.len(), 7, "the demo chat's message lines");
    for line in said {
        assert!(text.contains(line), "not verbatim in the report: {line}");
    }
    assert!(
        !text.contains('\u{200B}'),
        "zero-width spaces in the report's text"
    );
    for time in ["2026-11-02 10:40:12", "2026-11-03 17:32:18"] {
        assert!(text.contains(time), "{time} not in the report");
    }
}

/// The timeline leads with what happened (purchase, payment, promise, refusals) in the case's
/// own time zone; the chain's ~20 recorded actions follow the letter as an appendix.
#[test]
fn the_report_leads_with_key_events_in_the_cases_time_zone() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let text = tool(
        "pdftotext",
        &[folder.join("report.pdf").to_str().unwrap(), "-"],
    );
    let section = |from: &str, to: &str| -> String {
        let start = text
            .find(&format!("\n{from}\n"))
            .unwrap_or_else(|| panic!("{from}"));
        let rest = &text[start + from.len() + 2..];
        rest[..rest.find(&format!("\n{to}\n")).unwrap_or(rest.len())].to_string()
    };
    let key = section("时间线", "证据目录");
    for event in ["购买：", "支付 ¥68.00", "承诺", "拒绝退款"] {
        assert!(key.contains(event), "{event} not in the timeline:\n{key}");
    }
    assert!(
        !key.contains("添加证据"),
        "recorded actions in the timeline:\n{key}"
    );
    let appendix = section("附录：证据链中的全部操作记录", "\u{0}");
    assert!(appendix.matches("添加证据").count() >= 5, "{appendix}");
    assert!(!text.contains("UTC+00:00"), "a time shown in UTC");
    assert!(appendix.contains("(UTC+08:00)"));
}

/// A purchase known only by its date is that date in the CLI and the report, never "00:00".
#[test]
fn a_purchase_known_by_its_date_alone_shows_no_time() {
    let sb = Sandbox::new();
    let case =
        sb.ok_json(&["case", "new", "会员未开通", "--paid-at", "2026-11-02"])["id"].to_string();
    let human = sb.run(&["timeline", &case]).stdout;
    let line = human
        .lines()
        .find(|l| l.contains("Purchase"))
        .expect("purchase line");
    assert!(line.starts_with("2026-11-02 "), "{line}");
    assert!(
        !line.contains("00:00") && !line.contains("assumed"),
        "{line}"
    );
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let text = tool(
        "pdftotext",
        &[folder.join("report.pdf").to_str().unwrap(), "-"],
    );
    let at = text.find("购买：").expect("purchase in the report");
    let before: Vec<&str> = text[..at]
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(1)
        .collect();
    assert_eq!(before, ["2026-11-02"], "the purchase's time in the report");
}

/// WeChatMsg leaves a picture's or a voice message's text empty (the CSV holds only markup): the
/// report names them as the app does instead of printing empty messages.
#[test]
fn pictures_and_voice_messages_the_export_left_empty_are_named_in_the_report() {
    let sb = Sandbox::new();
    let csv = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n\
               1,2,1,0,1,1762135200,2,会员没有开通,2026-11-03 10:00:00,,我,wxid_me\r\n\
               2,2,3,0,0,1762135260,2,<msg><img length=\"1\"/></msg>,2026-11-03 10:01:00,,客服,wxid_k\r\n\
               3,2,34,0,0,1762135320,2,<msg><voicemsg length=\"1\"/></msg>,2026-11-03 10:02:00,,客服,wxid_k\r\n";
    let chat = sb.file("聊天.csv", csv.as_bytes());
    let case = sb.ok_json(&["case", "new", "会员未开通"])["id"].to_string();
    sb.ok_json(&["add", &case, chat.to_str().unwrap()]);
    for (lang, want) in [
        ("zh", ["[图片]", "[语音]"]),
        ("en", ["[Picture]", "[Voice message]"]),
    ] {
        let folder = sb.dir.path().join(lang);
        export(&sb, &case, &folder, &["--folder", "--lang", lang]);
        let text = tool(
            "pdftotext",
            &[folder.join("report.pdf").to_str().unwrap(), "-"],
        );
        for w in want {
            assert!(text.contains(w), "{w} not in the {lang} report:\n{text}");
        }
    }
}

/// A word the PDF draws, with its box (points) and page, as `pdftotext -bbox` reports it.
struct Word {
    page: usize,
    x: (f64, f64),
    y: (f64, f64),
    text: String,
}

fn words(pdf: &Path) -> (Vec<Word>, f64) {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut out, mut page, mut width) = (Vec::new(), 0, 0.0);
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            width = attr(line, "width");
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            out.push(Word {
                page,
                x: (attr(tag, "xMin"), attr(tag, "xMax")),
                y: (attr(tag, "yMin"), attr(tag, "yMax")),
                text: text.trim_end_matches("</word>").to_string(),
            });
        }
    }
    (out, width)
}

/// Long values with nowhere to break (ticket and order numbers, file names, channel names) stay
/// inside their table column: no word is drawn over another or past the page.
#[test]
fn long_values_stay_in_their_table_columns() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let long = "GD20261102000420000012345678901234";
    sb.ok_json(&[
        "contact",
        "add",
        &case,
        "--step",
        "complaint_department",
        "--channel",
        "OfficialAppCustomerServiceHelpCentre",
        "--date",
        "2026-11-06",
        "--ticket",
        long,
    ]);
    // Another capture (a byte after the PNG's end makes it new, not a duplicate of the demo's).
    let mut png = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/demo/membership-status.png"),
    )
    .unwrap();
    png.push(0);
    let name = "Screenshot_20261102_101530_com.tencent.mm_MembershipStatusPage.png";
    let file = sb.file(name, &png);
    let added = sb.ok_json(&[
        "add",
        &case,
        file.to_str().unwrap(),
        "--category",
        "non_delivery",
    ]);
    assert_eq!(added["added"].as_array().map(Vec::len), Some(1), "{added}");
    for lang in ["zh", "en"] {
        let folder = sb.dir.path().join(lang);
        export(&sb, &case, &folder, &["--folder", "--lang", lang]);
        let pdf = folder.join("report.pdf");
        assert_valid_pdf(&pdf);
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(
            !text.contains('\u{200B}'),
            "{lang}: zero-width spaces in the text"
        );
        assert!(
            text.replace('\n', "").contains(name),
            "{lang}: the long file name"
        );
        let (all, width) = words(&pdf);
        assert!(all.len() > 200, "{lang}: {} words", all.len());
        let overlap = |a: (f64, f64), b: (f64, f64)| a.0.max(b.0) < a.1.min(b.1) - 0.5;
        for (i, a) in all.iter().enumerate() {
            assert!(
                a.x.1 <= width,
                "{lang}: {:?} runs off page {}",
                a.text,
                a.page
            );
            for b in &all[i + 1..] {
                if a.page == b.page && overlap(a.x, b.x) && overlap(a.y, b.y) {
                    panic!(
                        "{lang}: {:?} and {:?} overlap on page {}",
                        a.text, b.text, a.page
                    );
                }
            }
        }
    }
}

/// Flips one byte of `path` at `at`.
fn flip(path: &Path, at: usize) -> Vec<u8> {
    let before = std::fs::read(path).unwrap();
    let mut bytes = before.clone();
    let i = at % bytes.len();
    bytes[i] ^= 0x20;
    std::fs::write(path, &bytes).unwrap();
    before
}

#[test]
fn any_single_byte_change_of_any_file_is_detected_and_named() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let mut files = Vec::new();
    for line in std::fs::read_to_string(folder.join("SHA256SUMS"))
        .unwrap()
        .lines()
    {
        files.push(line.split_once("  ").unwrap().1.to_string());
    }
    files.push("SHA256SUMS".into());
    assert!(files.len() >= 10);
    for (n, name) in files.iter().enumerate() {
        let path = folder.join(name);
        for at in [0, 7919 * (n + 1), usize::MAX / 3] {
            let before = flip(&path, at);
            let r = sb.run(&["--json", "verify-bundle", folder.to_str().unwrap()]);
            std::fs::write(&path, &before).unwrap();
            assert_eq!(r.code, 7, "{name} at {at}: undetected");
            let report = r.json();
            let named = report["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["subject"].as_str().unwrap().contains(name.as_str()));
            assert!(named, "{name} at {at}: not named in {report}");
        }
    }
    assert_eq!(sb.run(&["verify-bundle", folder.to_str().unwrap()]).code, 0);
}

#[test]
fn a_changed_byte_in_any_entry_of_the_zip_is_detected() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let zip = sb.dir.path().join("pack.zip");
    export(&sb, &case, &zip, &[]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut regions = Vec::new();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        regions.push((
            f.name().unwrap().to_string(),
            f.data_start().unwrap(),
            f.compressed_size(),
        ));
    }
    assert!(regions.len() >= 10);
    for (name, start, len) in regions {
        let before = flip(&zip, (start + len / 2) as usize);
        let r = sb.run(&["verify-bundle", zip.to_str().unwrap()]);
        std::fs::write(&zip, &before).unwrap();
        assert_eq!(r.code, 7, "a byte changed in {name} went unnoticed");
    }
    assert_eq!(sb.run(&["verify-bundle", zip.to_str().unwrap()]).code, 0);
}

#[test]
fn a_pack_with_a_bill_lists_the_payment_row() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let r = sb.run_paths(&["add", &case], &[fixture("bill/alipay_2025.csv")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let text = tool(
        "pdftotext",
        &[folder.join("report.pdf").to_str().unwrap(), "-"],
    );
    assert!(text.contains("支付记录"), "payment section");
    assert!(text.contains("68.00"));
    let bill = std::fs::read_dir(folder.join("derived"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    assert!(bill.file_name().to_str().unwrap().ends_with(".bill.json"));
}

#[test]
fn the_manifest_follows_its_published_schema() {
    let sb = Sandbox::new();
    let case = demo(&sb);
    let item = sb.ok_json(&["items", &case])[0]["id"].to_string();
    sb.ok_json(&["withdraw", &item, "--reason", "duplicate"]);
    let folder = sb.dir.path().join("pack");
    export(&sb, &case, &folder, &["--folder"]);
    let schema_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/schema/manifest-v1.schema.json");
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema_path).unwrap()).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not a formality: a manifest with an escaping path fails it.
    let mut bad = manifest.clone();
    bad["items"][1]["path"] = serde_json::json!("evidence/../../etc/passwd");
    assert!(!validator.is_valid(&bad));
    let mut bad = manifest;
    bad["ledger"][0]["hash"] = serde_json::json!("XYZ");
    assert!(!validator.is_valid(&bad));
}
