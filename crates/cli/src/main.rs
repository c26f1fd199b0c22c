//! `proofpack`: the command-line twin of the app. Thin: parse, call core, print.

mod args;
mod exit;
mod output;
mod progress;

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::Parser;
use proofpack_core::{
    ocr, store::location, time, CaseFields, CasePatch, Error, ImportOptions, Library, NewContact,
};

use args::{CaseCmd, Cli, Command, ContactCmd, FieldArgs};
use exit::Exit;
use output::Out;
use proofpack_core::case::Numbers;
use proofpack_core::ingest::chat::dates::DateOrder;
use proofpack_core::pack::verify::verify_bundle;
use proofpack_core::pack::{ExportOptions, ReportParts};

fn main() -> ExitCode {
    // `proofpack show 1 | head` should end quietly, like other Unix tools, not panic on EPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let out = Out::new(cli.json);
    match run(cli, &out) {
        Ok(exit) => exit.into(),
        Err(e) => {
            out.show_with(&serde_json::json!({ "error": e.payload() }), |p| {
                output::library::error(p, &e)
            });
            Exit::of(&e).into()
        }
    }
}

/// Set by Ctrl+C, so a long export stops cleanly and removes its partial file.
fn cancel_flag() -> &'static AtomicBool {
    static CANCEL: AtomicBool = AtomicBool::new(false);
    extern "C" fn on_sigint(_: libc::c_int) {
        CANCEL.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
    &CANCEL
}

fn run(cli: Cli, out: &Out) -> Result<Exit, Error> {
    // Checking a pack someone sent needs no library.
    if let Command::VerifyBundle { path } = &cli.command {
        let report = verify_bundle(path);
        out.show(&report, output::pack::bundle_report);
        return Ok(Exit::unless(report.ok, Exit::Problems));
    }
    let lib = Library::open(&location::resolve(cli.library)?)?;
    if lib.is_read_only() {
        eprintln!(
            "note: the library {} is read-only: it can be read and verified, not changed\n提示：证据库是只读的，可以查看和核验，不能修改",
            lib.root().display()
        );
    }
    match cli.command {
        Command::Export {
            case,
            out: dest,
            lang,
            folder,
            no_pictures,
            no_transcripts,
            no_letter,
            stale_letter,
        } => {
            let opts = ExportOptions {
                lang: lang.parse()?,
                folder,
                parts: ReportParts {
                    pictures: !no_pictures,
                    transcripts: !no_transcripts,
                    letter: !no_letter,
                },
                stale_letter: stale_letter.as_deref().map(str::parse).transpose()?,
            };
            let bar = progress::ExportBar::new(out.json);
            let result = lib.export(case, &dest, &opts, &|e| bar.on_event(&e), cancel_flag());
            bar.finish();
            match result {
                Err(Error::Cancelled) => {
                    out.show_with(
                        &serde_json::json!({ "cancelled": true }),
                        output::pack::cancelled,
                    );
                    Ok(Exit::Cancelled)
                }
                other => {
                    out.show(&other?, output::pack::exported);
                    Ok(Exit::Success)
                }
            }
        }
        Command::VerifyBundle { .. } => Ok(Exit::Success),
        Command::Doctor { fix, scan } => {
            let r = lib.doctor(&scan, fix, proofpack_core::store::doctor::MIN_AGE)?;
            out.show(&r, output::library::doctor);
            Ok(Exit::unless(r.clean, Exit::Problems))
        }
        Command::Demo => {
            out.show(&lib.create_demo()?, output::case::demo);
            Ok(Exit::Success)
        }
        Command::Case(cmd) => case_cmd(&lib, cmd, out),
        Command::Contact(cmd) => contact_cmd(&lib, cmd, out),
        Command::Add {
            case,
            paths,
            category,
            note,
            no_ocr,
        } => {
            let category = category.map(|c| c.parse()).transpose()?;
            let opts = ImportOptions { category, note };
            let bar = progress::ImportBar::new(out.json);
            let mut report = lib.import(
                case,
                &paths,
                &opts,
                &|e| bar.on_event(&e),
                &AtomicBool::new(false),
            )?;
            bar.finish();
            let pictures = report
                .added
                .iter()
                .filter(|i| proofpack_core::ingest::picture::is_picture(&i.record.media_type))
                .count();
            if !no_ocr && pictures > 0 {
                let engine = ocr::bundled().map_err(Error::OcrUnavailable)?;
                let bar = progress::OcrBar::new(out.json, pictures);
                lib.read_imported(engine, &mut report, &|n, _, _| bar.set(n), cancel_flag())?;
                bar.finish();
            }
            out.show(&report, output::evidence::import_report);
            Ok(Exit::unless(report.skipped.is_empty(), Exit::Skipped))
        }
        Command::Ocr { case, item, again } => {
            let ids: Vec<i64> = match (case, item) {
                (_, Some(item)) => vec![item],
                (Some(case), None) => {
                    let engine = ocr::bundled().map_err(Error::OcrUnavailable)?;
                    let items = if again {
                        lib.ocr_items(case)?
                    } else {
                        lib.ocr_pending(case, engine)?
                    };
                    items.iter().map(|i| i.record.id).collect()
                }
                (None, None) => {
                    return Err(proofpack_core::Error::invalid(
                        "case",
                        "give a case id or --item ITEM",
                        "请给出案件编号或 --item 证据编号",
                    ))
                }
            };
            if again {
                lib.forget_readings(&ids)?;
            }
            let outcomes = read_captures(&lib, out, &ids)?;
            out.show(outcomes.as_slice(), output::evidence::ocr_outcomes);
            Ok(Exit::unless(
                outcomes.iter().all(|o| o.reason.is_none()),
                Exit::Skipped,
            ))
        }
        Command::Items { case } => {
            out.show(lib.items(case)?.as_slice(), output::evidence::items);
            Ok(Exit::Success)
        }
        Command::Show { item } => {
            out.show(&lib.item_details(item)?, output::evidence::item_details);
            Ok(Exit::Success)
        }
        Command::Facts { case } => {
            out.show(lib.case_facts(case)?.as_slice(), output::evidence::facts);
            Ok(Exit::Success)
        }
        Command::Refund { price, basis } => {
            let refund = proofpack_core::case::refund::compute(&price, basis.basis())?;
            out.show(&refund, output::case::refund);
            Ok(Exit::Success)
        }
        Command::Search { case, text } => {
            out.show(&lib.search(case, &text)?, output::evidence::search);
            Ok(Exit::Success)
        }
        Command::Fix {
            item,
            kind,
            found,
            value,
        } => {
            out.show(
                &lib.fix_fact_found(item, &kind, &found, &value)?,
                output::evidence::noted,
            );
            Ok(Exit::Success)
        }
        Command::Note { item, text } => {
            out.show(&lib.set_note(item, &text)?, output::evidence::noted);
            Ok(Exit::Success)
        }
        Command::Dates { item, order } => {
            let order = DateOrder::parse(&order).ok_or_else(|| {
                proofpack_core::Error::invalid(
                    "order",
                    format!("{order:?}: use day-month or month-day"),
                    format!("{order:?}：请使用 day-month（日/月）或 month-day（月/日）"),
                )
            })?;
            out.show(
                &lib.set_date_order(item, order)?,
                output::evidence::dates_read,
            );
            Ok(Exit::Success)
        }
        Command::ConfirmRows { item, rows } => {
            out.show(
                &lib.confirm_bill_rows(item, &rows)?,
                output::evidence::categorized,
            );
            Ok(Exit::Success)
        }
        Command::Categorize { item, category } => {
            out.show(
                &lib.recategorize(item, category.parse()?)?,
                output::evidence::categorized,
            );
            Ok(Exit::Success)
        }
        Command::Withdraw { item, reason } => {
            out.show(&lib.withdraw(item, &reason)?, output::evidence::withdrawn);
            Ok(Exit::Success)
        }
        Command::Timeline { case } => {
            let (events, nums) = (lib.timeline(case)?, Numbers::of(&lib.items(case)?));
            out.show_with(events.as_slice(), |p| {
                output::case::timeline(p, &events, &nums)
            });
            Ok(Exit::Success)
        }
        Command::Letter {
            case,
            lang,
            kind,
            save,
            composed,
            basis,
        } => {
            let (kind, lang) = (kind.parse()?, lang.parse()?);
            if let Some(path) = save {
                let text = read_input(&path)?;
                out.show(
                    &lib.save_letter(case, kind, lang, &text)?,
                    output::case::letter_saved,
                );
            } else {
                let letter = lib.letter_claiming(case, kind, lang, basis.basis())?;
                out.show_with(&letter, |p| output::case::letter(p, &letter, composed));
            }
            Ok(Exit::Success)
        }
        Command::Log { case } => {
            out.show(lib.log(case)?.as_slice(), output::library::log);
            Ok(Exit::Success)
        }
        Command::Check { case } => {
            let (checklist, nums) = (lib.check(case)?, Numbers::of(&lib.items(case)?));
            out.show_with(&checklist, |p| {
                output::check::checklist(p, &checklist, &nums)
            });
            Ok(Exit::unless(checklist.ready, Exit::NotReady))
        }
        Command::Verify { case } => {
            let report = lib.verify(case)?;
            out.show(&report, output::library::verify);
            Ok(Exit::unless(report.ok, Exit::Problems))
        }
    }
}

/// Reads the captures `ids` with the bundled engine, showing progress on a terminal.
fn read_captures(
    lib: &Library,
    out: &Out,
    ids: &[i64],
) -> Result<Vec<ocr::job::OcrOutcome>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let engine = ocr::bundled().map_err(Error::OcrUnavailable)?;
    let bar = progress::OcrBar::new(out.json, ids.len());
    let outcomes = lib.read_captures(engine, ids, &|done, _, _| bar.set(done), cancel_flag())?;
    bar.finish();
    Ok(outcomes)
}

fn case_cmd(lib: &Library, cmd: CaseCmd, out: &Out) -> Result<Exit, Error> {
    match cmd {
        CaseCmd::New { title, fields } => {
            let case = lib.create_case(CaseFields {
                title,
                platform: fields.platform,
                order_no: fields.order_no,
                amount: fields.amount,
                currency: fields.currency.unwrap_or_default(),
                product: fields.product,
                paid_at: fields.paid_at,
                payment_channel: fields.payment_channel,
                notes: fields.notes,
            })?;
            out.show(&case, output::case::case_created);
        }
        CaseCmd::List => out.show(lib.list_cases()?.as_slice(), output::case::case_list),
        CaseCmd::Show { case } => out.show(&lib.case(case)?, output::case::case),
        CaseCmd::Edit {
            case,
            title,
            fields,
        } => out.show(
            &lib.update_case(case, patch(title, fields))?,
            output::case::case,
        ),
    }
    Ok(Exit::Success)
}

fn contact_cmd(lib: &Library, cmd: ContactCmd, out: &Out) -> Result<Exit, Error> {
    match cmd {
        ContactCmd::Add {
            case,
            step,
            channel,
            date,
            ticket,
            outcome,
            refund_method,
            items,
        } => {
            let new = NewContact {
                step: step.parse()?,
                channel,
                date,
                ticket,
                outcome,
                refund_method: refund_method.map(|m| m.parse()).transpose()?,
                items,
            };
            out.show(
                &lib.log_contact(case, new)?,
                output::contacts::contact_logged,
            );
        }
        ContactCmd::Close {
            case,
            contact,
            outcome,
            refund_method,
        } => {
            let method = refund_method.map(|m| m.parse()).transpose()?;
            out.show(
                &lib.close_contact(case, contact, &outcome, method)?,
                output::contacts::contact_logged,
            );
        }
        ContactCmd::List { case } => out.show(
            &lib.contacts(case, time::today())?,
            output::contacts::contacts,
        ),
    }
    Ok(Exit::Success)
}

/// A file's text, or stdin's for `-`.
fn read_input(path: &std::path::Path) -> proofpack_core::Result<String> {
    use proofpack_core::case::letter::draft::read_letter_text;
    if path.as_os_str() == "-" {
        return read_letter_text(std::io::stdin().lock(), "stdin");
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| proofpack_core::Error::io(path, e))?;
    read_letter_text(file, &name)
}

fn patch(title: Option<String>, f: FieldArgs) -> CasePatch {
    CasePatch {
        title,
        platform: f.platform,
        order_no: f.order_no,
        amount: f.amount,
        currency: f.currency,
        product: f.product,
        paid_at: f.paid_at,
        payment_channel: f.payment_channel,
        notes: f.notes,
    }
}
