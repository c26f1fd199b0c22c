//! Command-line grammar. Everything here maps one-to-one onto a core call.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::exit::Exit;

const EXAMPLES: &str = "\
Examples:
  proofpack case new \"爱奇艺会员未到账\" --platform 某卡盟 --order 202611020001 --amount 68.00 \\
      --product \"黄金VIP年卡\" --paid-at 2026-11-02
  proofpack add 1 ~/Desktop/screenshots --category non_delivery
  proofpack add 1 bill.csv chat.txt --category purchase --note \"WeChat Pay bill\"
  proofpack items 1
  proofpack withdraw 3 --reason \"wrong screenshot\"
  proofpack contact add 1 --step platform_support --channel \"in-app chat\" --date 2026-11-03 \
      --ticket GD20261103 --item 2
  proofpack contact list 1
  proofpack verify 1
  proofpack check 1
  proofpack letter 1 --kind 12315
  proofpack export 1 --out ~/Desktop          # ~/Desktop/proofpack-case1-YYYYMMDD.zip
  proofpack verify-bundle ~/Desktop/proofpack-case1-20261125.zip
  proofpack demo                               # a complete sample case to explore
  proofpack --json case list";

#[derive(Parser, Debug)]
#[command(
    name = "proofpack",
    version,
    about = "Proofpack 证据包: hashed, timestamped evidence files for consumer refund disputes",
    after_help = format!("{EXAMPLES}\n\n{}\n\nLibrary: --library DIR, else $PROOFPACK_LIBRARY, else the OS data folder.", Exit::help())
)]
pub struct Cli {
    /// Library folder (default: $PROOFPACK_LIBRARY or the OS data folder)
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Option<PathBuf>,
    /// Machine-readable JSON on stdout (ids included); errors as {"error": {code, message, message_zh}}
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create, list, show and edit cases
    #[command(subcommand)]
    Case(CaseCmd),
    /// The escalation log: each contact with support, complaint bodies, police or court
    #[command(subcommand)]
    Contact(ContactCmd),
    /// Import files and folders into a case (originals are stored byte-exact)
    #[command(
        after_help = "Folders are searched recursively; symbolic links are never followed;\n\
        pipes, sockets, devices and empty files are skipped with a reason.\n\
        The same bytes already in the case are reported as a duplicate, not added twice."
    )]
    Add {
        /// Case id
        case: i64,
        /// Files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// purchase | non_delivery | communication | other (default: the suggested category,
        /// marked as a suggestion to confirm)
        #[arg(long)]
        category: Option<String>,
        /// A note stored with each imported item
        #[arg(long)]
        note: Option<String>,
        /// Do not read the text of added screenshots now (`proofpack ocr CASE` does it later)
        #[arg(long)]
        no_ocr: bool,
    },
    /// Read the text in a case's screenshots (or one item's) on this computer: facts,
    /// categories and the checklist then use what they show. Captures read before are not read
    /// again unless --again.
    Ocr {
        /// Case id
        case: Option<i64>,
        /// Only this item
        #[arg(long, conflicts_with = "case")]
        item: Option<i64>,
        /// Read again even captures already read
        #[arg(long)]
        again: bool,
    },
    /// List a case's evidence items (withdrawn ones are marked, suggested categories end in *)
    Items {
        /// Case id
        case: i64,
    },
    /// Show one item: metadata, category suggestion, facts, and its transcript or bill rows
    Show {
        /// Item id
        item: i64,
    },
    /// Facts found in a case's evidence: order numbers, amounts, ticket numbers, refusals, promises, dates
    Facts {
        /// Case id
        case: i64,
    },
    /// Search a case's text: what was read from its screenshots, its chats, bills, texts, notes
    /// and file names (width and case folded: ＶＩＰ finds vip)
    Search {
        /// Case id
        case: i64,
        /// Text to find
        text: String,
    },
    /// Correct (or confirm) a fact found in an item, e.g. a digit OCR misread; recorded, and it
    /// wins over what was read. The original and the reading stay
    Fix {
        /// Item id
        item: i64,
        /// order_no | amount | ticket_no | refusal | promise | date
        kind: String,
        /// The value as found (see `proofpack show ITEM`)
        found: String,
        /// What it really says (the same value confirms it)
        value: String,
    },
    /// Say what an item shows: set its note (an empty text clears it; recorded). Facts in the
    /// note count for the case, e.g. an order number a capture shows but could not be read
    Note {
        /// Item id
        item: i64,
        /// The note
        text: String,
    },
    /// Read a chat's all-numeric dates (04/11/2026) as day/month or month/day, when the file
    /// allows both (`show ITEM` says which reading is used and why; recorded)
    Dates {
        /// Item id of the chat
        item: i64,
        /// day-month | month-day
        order: String,
    },
    /// Confirm which rows of a bill belong to the case (replaces the earlier choice; recorded)
    #[command(name = "confirm-rows")]
    ConfirmRows {
        /// Item id of the bill
        item: i64,
        /// Row numbers as shown by `show ITEM` (none: clear the choice)
        rows: Vec<u32>,
    },
    /// Refund arithmetic: the full price, or the unused share by days or by entitlements
    #[command(
        after_help = "Examples:\n  proofpack refund --price 68.00 --days 30 --used-days 10          # 45.33\n  proofpack refund --price 68.00 --entitlements 5 --used-entitlements 1   # 54.40"
    )]
    Refund {
        /// Price paid, e.g. 68.00
        #[arg(long)]
        price: String,
        #[command(flatten)]
        basis: BasisArgs,
    },
    /// Set an item's category, or confirm the suggested one (recorded in the ledger)
    Categorize {
        /// Item id
        item: i64,
        /// purchase | non_delivery | communication | other
        category: String,
    },
    /// Withdraw an item from its case (it stays on record; nothing is deleted)
    Withdraw {
        /// Item id
        item: i64,
        /// Why it is withdrawn
        #[arg(long)]
        reason: String,
    },
    /// The case's story in order: purchase, payments, refusals, promises, ticket numbers and
    /// every recorded action, each with its source time and offset
    Timeline {
        /// Case id
        case: i64,
    },
    /// The request letter to the platform (沟通话术) or a 12315 complaint draft, from the case's
    /// facts and evidence; placeholders to fill in are listed on stderr
    #[command(
        after_help = "Examples:\n  proofpack letter 1                    # request letter in Chinese\n  proofpack letter 1 --kind 12315 --lang en\n  proofpack letter 1 > letter.txt       # edit letter.txt, then:\n  proofpack letter 1 --save letter.txt  # saved with the case (ledger); shown from now on\n  proofpack letter 1 --composed         # the letter as composed now, not your edit\n  proofpack --json letter 1             # text, evidence numbers, missing fields, saved draft"
    )]
    Letter {
        /// Case id
        case: i64,
        /// zh | en
        #[arg(long, default_value = "zh")]
        lang: String,
        /// request | 12315
        #[arg(long, default_value = "request")]
        kind: String,
        /// Save this file's text (UTF-8; `-` reads stdin) as your edited letter, in the ledger
        #[arg(long, value_name = "FILE", conflicts_with = "composed")]
        save: Option<std::path::PathBuf>,
        /// Print the letter composed from the case now, not your saved edit
        #[arg(long)]
        composed: bool,
        /// The refund to claim (default: the full price)
        #[command(flatten)]
        basis: BasisArgs,
    },
    /// Show a case's evidence chain (the ledger)
    Log {
        /// Case id
        case: i64,
    },
    /// Checklist of the three evidence categories: what is there, what is missing and how to get it
    #[command(
        after_help = format!("Reads only. Lists each requirement as ✓ satisfied, ~ weak or ✗ missing, with the\n\
        items behind it and how to fill each gap; then consistency warnings (order numbers, amounts,\n\
        dates, passed promises) and the cooling-off and 12315 deadlines.\n\
        Exit {} when the file is ready (a missing ticket number is allowed), {} when it is not.",
        Exit::Success.code(), Exit::NotReady.code())
    )]
    Check {
        /// Case id
        case: i64,
    },
    /// Export the evidence pack: originals, PDF report, manifest, SHA256SUMS, verify.html
    #[command(
        after_help = "The pack is a new ZIP file (or folder with --folder); an existing folder as --out gets\n\
        proofpack-case<ID>-<YYYYMMDD>.zip inside it. Nothing is overwritten. The same case state\n\
        always gives byte-identical files. The export is recorded in the case's chain.\n\
        Examples:\n  proofpack export 1 --out pack.zip\n  proofpack export 1 --out ~/Desktop --lang both --folder"
    )]
    Export {
        /// Case id
        case: i64,
        /// New ZIP file or folder, or an existing folder to put it in
        #[arg(long)]
        out: PathBuf,
        /// Report language: zh | en | both
        #[arg(long, default_value = "zh")]
        lang: String,
        /// Write a folder instead of a ZIP file
        #[arg(long)]
        folder: bool,
        /// Leave out the one-page-per-picture section of the report
        #[arg(long)]
        no_pictures: bool,
        /// Leave out the chat transcripts section of the report
        #[arg(long)]
        no_transcripts: bool,
        /// Leave out the request letter
        #[arg(long)]
        no_letter: bool,
        /// When the saved letter no longer matches the case (evidence withdrawn or added since):
        /// regenerate (save a fresh letter and print that) | keep (print it as written, noted).
        /// Without it such an export is refused.
        #[arg(long, value_name = "regenerate|keep")]
        stale_letter: Option<String>,
    },
    /// Check a pack (ZIP or folder) someone sent: every file, original, chain entry, checkpoint
    #[command(
        name = "verify-bundle",
        after_help = format!("Reads only; a ZIP is never unpacked. Entries with `..`, absolute paths, symlinks or\n\
        duplicate names, and ZIP bombs, are refused. Exit {} when the pack verifies, {} otherwise.",
        Exit::Success.code(), Exit::Problems.code())
    )]
    VerifyBundle {
        /// The pack: a .zip file or an unpacked folder
        path: PathBuf,
    },
    /// Create a complete sample case (evidence, contacts, letter) to see the whole flow
    Demo,
    /// Find what interrupted imports and exports left behind; --fix cleans it (evidence is never touched)
    #[command(
        after_help = format!("Reports SQLite's integrity check, temp files of interrupted imports, object files\n\
        whose row never committed (orphans), objects whose file is missing, and `.proofpack-export-*`\n\
        leftovers in the folders given with --scan. --fix deletes temp files and partial exports and\n\
        moves orphans to <library>/orphans/; anything younger than 10 minutes may belong to a run in\n\
        progress and is left alone. Exit {} when clean, {} when something is left.",
        Exit::Success.code(), Exit::Problems.code())
    )]
    Doctor {
        /// Clean up what was found
        #[arg(long)]
        fix: bool,
        /// A folder exports were written to, to look for partial exports (repeatable)
        #[arg(long, value_name = "DIR")]
        scan: Vec<PathBuf>,
    },
    /// Check every ledger entry, link and stored file; all cases when no id is given
    Verify {
        /// Case id
        case: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CaseCmd {
    /// Create a case (only the title is required)
    New {
        title: String,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// List cases, most recently changed first
    List,
    /// Show one case
    Show { case: i64 },
    /// Change fields of a case (an empty value clears a field); recorded in the ledger
    Edit {
        case: i64,
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: FieldArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum ContactCmd {
    /// Log a contact (recorded in the ledger; a logged contact cannot be edited, log another)
    #[command(
        after_help = "Steps, in escalation order: platform_support (平台客服), complaint_department\n\
        (平台投诉部门/监察中心), payment_complaint (支付平台交易投诉), 12315, consumer_association\n\
        (消费者协会), police (公安机关, when the platform vanished), court (法院).\n\
        Keep a written trace of every step: a ticket number (--ticket) or the chat or screenshot\n\
        imported with `proofpack add` and linked with --item."
    )]
    Add {
        /// Case id
        case: i64,
        /// platform_support | complaint_department | payment_complaint | 12315 |
        /// consumer_association | police | court
        #[arg(long)]
        step: String,
        /// How: in-app chat, hotline, 12315 website, letter...
        #[arg(long)]
        channel: String,
        /// Date of the contact, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// Ticket or complaint number (工单号)
        #[arg(long)]
        ticket: Option<String>,
        /// What came of it (refused, refund approved...); closes the contact
        #[arg(long)]
        outcome: Option<String>,
        /// How an approved refund is paid: wechat | alipay | bank_card | other
        #[arg(long = "refund-method")]
        refund_method: Option<String>,
        /// Evidence item of the case recording the contact (repeatable)
        #[arg(long = "item", value_name = "ID")]
        items: Vec<i64>,
    },
    /// Record the outcome of an open contact (once; what happens next is a new contact)
    #[command(
        after_help = "Example:\n  proofpack contact close 1 2 --outcome \"同意退款\" --refund-method alipay"
    )]
    Close {
        /// Case id
        case: i64,
        /// Contact id (see contact list)
        contact: i64,
        /// What came of it (refused, refund approved...)
        #[arg(long)]
        outcome: String,
        /// How the approved refund is paid: wechat | alipay | bank_card | other
        #[arg(long = "refund-method")]
        refund_method: Option<String>,
    },
    /// List a case's contacts with due dates, states and warnings
    List {
        /// Case id
        case: i64,
    },
}

#[derive(Args, Debug, Default)]
pub struct FieldArgs {
    /// Platform or merchant
    #[arg(long)]
    pub platform: Option<String>,
    /// Order number
    #[arg(long = "order")]
    pub order_no: Option<String>,
    /// Amount paid, e.g. 68.00
    #[arg(long)]
    pub amount: Option<String>,
    /// Currency code (default CNY)
    #[arg(long)]
    pub currency: Option<String>,
    /// What was bought
    #[arg(long)]
    pub product: Option<String>,
    /// Date paid, e.g. 2026-11-02 or "2026-11-02 14:30"
    #[arg(long = "paid-at")]
    pub paid_at: Option<String>,
    /// Payment channel, e.g. 微信支付, 支付宝, bank card
    #[arg(long = "channel")]
    pub payment_channel: Option<String>,
    /// Free notes
    #[arg(long)]
    pub notes: Option<String>,
}

/// How much of the price is owed back: the refund calculator's inputs, for `refund` and `letter`.
#[derive(Debug, clap::Args)]
pub struct BasisArgs {
    /// Days the membership was bought for
    #[arg(long, requires = "used_days", conflicts_with = "entitlements")]
    pub days: Option<u32>,
    /// Days already used
    #[arg(long = "used-days", requires = "days")]
    pub used_days: Option<u32>,
    /// Entitlements bought (uses, codes, episodes)
    #[arg(long, requires = "used_entitlements")]
    pub entitlements: Option<u32>,
    /// Entitlements already used
    #[arg(long = "used-entitlements", requires = "entitlements")]
    pub used_entitlements: Option<u32>,
}

impl BasisArgs {
    pub fn basis(&self) -> proofpack_core::case::refund::RefundBasis {
        use proofpack_core::case::refund::RefundBasis;
        match (
            self.days,
            self.used_days,
            self.entitlements,
            self.used_entitlements,
        ) {
            (Some(total), Some(used), _, _) => RefundBasis::Days { total, used },
            (_, _, Some(total), Some(used)) => RefundBasis::Entitlements { total, used },
            _ => RefundBasis::Full,
        }
    }
}
