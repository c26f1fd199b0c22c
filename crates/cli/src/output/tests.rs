//! Snapshots of the human format, in both languages, over the built-in sample case: a change to
//! any renderer shows up as a reviewed diff (`cargo insta review`, or INSTA_UPDATE=always).

use std::io;
use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone};
use proofpack_core::case::letter::{Lang, LetterKind};
use proofpack_core::case::refund::{self, RefundBasis};
use proofpack_core::case::Numbers;
use proofpack_core::checks::evaluate;
use proofpack_core::pack::verify::verify_bundle;
use proofpack_core::pack::ExportReport;
use proofpack_core::store::doctor::MIN_AGE;
use proofpack_core::{Error, Library};

use super::{case, check, contacts, evidence, library, pack, Printer};

/// Renders through `f` in one language: stdout, then stderr after a marker when there is any.
fn render(zh: bool, f: impl FnOnce(&mut Printer) -> io::Result<()>) -> String {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut p = Printer {
        out: &mut out,
        err: &mut err,
        zh,
    };
    f(&mut p).expect("writing to memory cannot fail");
    let mut text = String::from_utf8(out).expect("renderers write UTF-8");
    if !err.is_empty() {
        text.push_str("--- stderr ---\n");
        text.push_str(&String::from_utf8(err).expect("renderers write UTF-8"));
    }
    text
}

/// Asserts one snapshot per language, named `<name>.en` and `<name>.zh`, and keeps the Chinese
/// one in `$seen` for [`no_english_in`].
macro_rules! both {
    ($seen:ident, $name:expr, $f:expr) => {
        for (zh, lang) in [(false, "en"), (true, "zh")] {
            let text = render(zh, $f);
            insta::assert_snapshot!(format!("{}.{lang}", $name), text);
            if zh {
                $seen.push((format!("{}", $name), text));
            }
        }
    };
}

/// Words that may stand in Chinese output: names of formats and products, units, file types.
const ALLOWED_WORDS: &[&str] = &[
    "SHA",
    "CNY",
    "VIP",
    "CSV",
    "TXT",
    "JSON",
    "Excel",
    "QQ",
    "OCR",
    "EXIF",
    "ZIP",
    "PyWxDump",
    "WeChatMsg",
    "Telegram",
    "WhatsApp",
    "App",
    "ok",
    "px",
    "ID",
    "UTF",
    "GBK",
    "NOW",
    "HASH",
    "TMP",
    "LIB",
];

/// The English words left in a Chinese rendering once what is not prose is taken out: user
/// data (`user_text`), commands, stable codes, MIME types, paths, file extensions, tokens with
/// digits.
fn english_words(text: &str, user_text: &[&str]) -> Vec<String> {
    // The marker `render` adds is the test's, not the output's.
    let mut t = text.replace("--- stderr ---", " ");
    for u in user_text {
        t = t.replace(u, " ");
    }
    let not_prose = [
        r"proofpack( [\w.-]+)*",
        r"\([a-z_.]+\)",
        r"\[[a-z_]+\]",
        r"(^|\s)(/[\w.-]+)+",
        r"\b[a-z]+/[a-z.+-]+\b",
        r"\.[a-z]{3,4}\b",
        r"\b\w*\d\w*\b",
    ];
    for re in not_prose {
        t = regex::Regex::new(re)
            .unwrap()
            .replace_all(&t, " ")
            .into_owned();
    }
    regex::Regex::new(r"[A-Za-z]{2,}")
        .unwrap()
        .find_iter(&t)
        .map(|m| m.as_str().to_string())
        .filter(|w| !ALLOWED_WORDS.contains(&w.as_str()))
        .collect()
}

#[test]
fn english_words_finds_prose_and_passes_codes() {
    let zh = "类别 purchase — 订单号 DEMO1 (purchase.order_record) proofpack check 1 · image/png";
    assert_eq!(english_words(zh, &[]), ["purchase"]);
    assert!(english_words("备注 a user wrote", &["a user wrote"]).is_empty());
}

/// What changes on every run (the times things were recorded today, hashes over them, temporary
/// folders) is masked; the sample's own dates and words are not.
fn settings(root: &std::path::Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(&regex::escape(&root.display().to_string()), "[LIB]");
    s.add_filter(r"/tmp/\.tmp\w+", "[TMP]");
    let days = [
        chrono::Utc::now().date_naive(),
        chrono::Local::now().date_naive(),
    ];
    for day in days {
        let time = r"T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?";
        s.add_filter(&format!("{}{time}", day.format("%Y-%m-%d")), "[NOW]");
    }
    s.add_filter(r"\b[0-9a-f]{64}\b", "[SHA256]");
    s.add_filter(r"\b[0-9a-f]{12}\b", "[HASH]");
    s
}

#[test]
fn the_human_format_of_every_area_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    let lib = Library::open(&root).unwrap();
    let demo = lib.create_demo().unwrap();
    let id = demo.id;
    let _guard = settings(dir.path()).bind_to_scope();
    let mut zh = Vec::new();

    both!(zh, "case_created", |p| case::case_created(p, &demo));
    both!(zh, "case_list", |p| case::case_list(
        p,
        &lib.list_cases().unwrap()
    ));
    both!(zh, "case", |p| case::case(p, &lib.case(id).unwrap()));
    both!(zh, "demo", |p| case::demo(p, &demo));
    let items = lib.items(id).unwrap();
    let nums = Numbers::of(&items);
    both!(zh, "timeline", |p| case::timeline(
        p,
        &lib.timeline(id).unwrap(),
        &nums
    ));

    both!(zh, "items", |p| evidence::items(p, &items));
    for item in &items {
        let details = lib.item_details(item.record.id).unwrap();
        let name = format!("item_{}", item.record.id);
        both!(zh, name, |p| evidence::item_details(p, &details));
    }
    both!(zh, "facts", |p| evidence::facts(
        p,
        &lib.case_facts(id).unwrap()
    ));
    both!(zh, "search", |p| evidence::search(
        p,
        &lib.search(id, "退款").unwrap()
    ));

    // The checklist and the contact log depend on the day they are read; pin it.
    let now = chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 20, 9, 0, 0)
        .unwrap();
    let case_ = lib.case(id).unwrap();
    let details = lib.case_item_details(id).unwrap();
    both!(zh, "checklist", |p| check::checklist(
        p,
        &evaluate(&case_, &details, now),
        &nums
    ));
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    both!(zh, "contacts", |p| contacts::contacts(
        p,
        &lib.contacts(id, today).unwrap()
    ));

    both!(zh, "log", |p| library::log(p, &lib.log(id).unwrap()));
    both!(zh, "verify", |p| library::verify(
        p,
        &lib.verify(Some(id)).unwrap()
    ));
    both!(zh, "doctor", |p| library::doctor(
        p,
        &lib.doctor(&[], false, MIN_AGE).unwrap()
    ));
    let missing = Error::invalid("case", "no such case", "没有这个案件");
    both!(zh, "error", |p| library::error(p, &missing));

    let prorated = refund::compute(
        "68.00",
        RefundBasis::Days {
            total: 365,
            used: 0,
        },
    )
    .unwrap();
    both!(zh, "refund", |p| case::refund(p, &prorated));
    for kind in [LetterKind::Request, LetterKind::Complaint12315] {
        for lang in [Lang::Zh, Lang::En] {
            let letter = lib.letter(id, kind, lang).unwrap();
            let name = format!("letter_{kind:?}_{lang:?}").to_lowercase();
            insta::assert_snapshot!(name, render(false, |p| case::letter(p, &letter, false)));
        }
    }

    let report = ExportReport {
        path: "/home/user/proofpack-case1-20261120.zip".into(),
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        folder: false,
        files: 14,
        bytes: 1_234_567,
        pages: 9,
        entries: 21,
        checkpoint: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752".into(),
        recorded_seq: 22,
    };
    both!(zh, "exported", |p| pack::exported(p, &report));
    both!(zh, "cancelled", pack::cancelled);
    let not_a_pack: PathBuf = dir.path().join("not-a-pack.zip");
    std::fs::write(&not_a_pack, b"hello").unwrap();
    both!(zh, "bundle_report", |p| pack::bundle_report(
        p,
        &verify_bundle(&not_a_pack)
    ));

    // Files the parsers can only partly read: their warnings are Proofpack's words too.
    let chat = dir.path().join("客服聊天.txt");
    std::fs::write(
        &chat,
        "导出说明\n06/03/2026, 00:45 - 客服: 无法退款\n06/03/2026, 00:46 - 客服: <附件：截图.jpg>\n07/03/2026, 09:00 - 小明: 好\n",
    )
    .unwrap();
    let bill = dir.path().join("账单.csv");
    std::fs::write(
        &bill,
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\r\n\
         2026-11-02 10:15:30,商户消费,某卡盟,黄金VIP年卡,支出,¥六十八,零钱,支付成功,1,2,/\r\n\
         2026-11-02 10:16:00,商户消费,某卡盟,黄金VIP年卡,支出,¥68.00,零钱,支付成功,3,4,/\r\n\
         昨天,商户消费,某卡盟,黄金VIP年卡,支出,¥1.00,零钱,支付成功,5,6,/\r\n",
    )
    .unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let report = lib
        .import(id, &[chat, bill], &Default::default(), &|_| {}, &cancel)
        .unwrap();
    assert_eq!(report.added.len(), 2, "{report:?}");
    for (i, added) in report.added.iter().enumerate() {
        let name = format!("item_partly_read_{}", i + 1);
        let details = lib.item_details(added.record.id).unwrap();
        both!(zh, name, |p| evidence::item_details(p, &details));
    }

    // A case whose evidence is only suggested, with a bill no row of which is tied to it yet:
    // the checklist prints the commands that take each next step.
    let fresh = lib
        .create_case(proofpack_core::CaseFields {
            title: "会员未开通".into(),
            currency: "CNY".into(),
            ..Default::default()
        })
        .unwrap();
    let files = [dir.path().join("客服聊天.txt"), dir.path().join("账单.csv")];
    lib.import(fresh.id, &files, &Default::default(), &|_| {}, &cancel)
        .unwrap();
    let details = lib.case_item_details(fresh.id).unwrap();
    let to_confirm = evaluate(&lib.case(fresh.id).unwrap(), &details, now);
    let fresh_nums = Numbers::of(&lib.items(fresh.id).unwrap());
    both!(zh, "checklist_next_steps", |p| check::checklist(
        p,
        &to_confirm,
        &fresh_nums
    ));

    // What the sample's user typed or received may be in any language; Proofpack's words may not.
    let notes = demo.fields.notes.clone().unwrap_or_default();
    let user_text = [notes.as_str(), "DEMO", "GD"];
    for (name, text) in &zh {
        let words = english_words(text, &user_text);
        assert!(
            words.is_empty(),
            "English in the Chinese {name}: {words:?}\n{text}"
        );
    }
}
