//! The process exit codes: one enum feeds both what `main` returns and the `--help` text.

use proofpack_core::{Error, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Unexpected = 1,
    /// Made by clap itself for bad arguments; listed so the help names it.
    Usage = 2,
    NotFound = 3,
    Invalid = 4,
    Library = 5,
    Skipped = 6,
    Problems = 7,
    NotReady = 8,
    Cancelled = 9,
}

impl Exit {
    /// Every code, in order, as the help lists them.
    pub const ALL: [Exit; 10] = [
        Exit::Success,
        Exit::Unexpected,
        Exit::Usage,
        Exit::NotFound,
        Exit::Invalid,
        Exit::Library,
        Exit::Skipped,
        Exit::Problems,
        Exit::NotReady,
        Exit::Cancelled,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success",
            Exit::Unexpected => "unexpected error",
            Exit::Usage => "usage error (bad arguments)",
            Exit::NotFound => "case or item not found",
            Exit::Invalid => "invalid value (amount, date, category, empty title...)",
            Exit::Library => "library problem (missing folder, newer schema, read-only, busy, damaged)",
            Exit::Skipped => "import finished but some files were skipped (each listed with its reason)",
            Exit::Problems => "verify found problems (each listed with where and what)",
            Exit::NotReady => {
                "check: the evidence file is not ready yet (the gaps and how to fill them are listed)"
            }
            Exit::Cancelled => "export cancelled (Ctrl+C); nothing was left behind",
        }
    }

    /// `Success` when `ok`, else `failed`.
    pub fn unless(ok: bool, failed: Exit) -> Exit {
        if ok {
            Exit::Success
        } else {
            failed
        }
    }

    /// The code a failed command ends with.
    pub fn of(e: &Error) -> Exit {
        match e.code() {
            ErrorCode::CaseNotFound | ErrorCode::ItemNotFound => Exit::NotFound,
            ErrorCode::InvalidInput | ErrorCode::AlreadyWithdrawn | ErrorCode::LetterStale => {
                Exit::Invalid
            }
            ErrorCode::LibraryMissing
            | ErrorCode::SchemaTooNew
            | ErrorCode::ReadOnly
            | ErrorCode::Busy
            | ErrorCode::LibraryDamaged => Exit::Library,
            ErrorCode::Cancelled => Exit::Cancelled,
            ErrorCode::Database | ErrorCode::Io | ErrorCode::OcrUnavailable | ErrorCode::Ipc => {
                Exit::Unexpected
            }
        }
    }

    /// The "Exit codes:" block of `proofpack --help`.
    pub fn help() -> String {
        let mut out = String::from("Exit codes:");
        for e in Exit::ALL {
            out.push_str(&format!("\n  {}  {}", e.code(), e.meaning()));
        }
        out
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_every_code_once_in_order() {
        let help = Exit::help();
        let listed: Vec<u8> = help
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(listed, (0..=9).collect::<Vec<u8>>());
        assert!(help.contains("  7  verify found problems"));
        assert!(help.contains("  9  export cancelled"));
    }

    #[test]
    fn errors_end_with_the_documented_codes() {
        // Independent of the enum: the numbers scripts were told about (README, --help).
        assert_eq!(Exit::of(&Error::CaseNotFound(1)).code(), 3);
        assert_eq!(Exit::of(&Error::ItemNotFound(1)).code(), 3);
        assert_eq!(Exit::of(&Error::invalid("amount", "x", "x")).code(), 4);
        assert_eq!(Exit::of(&Error::AlreadyWithdrawn(1)).code(), 4);
        assert_eq!(Exit::of(&Error::Busy).code(), 5);
        assert_eq!(Exit::of(&Error::Cancelled).code(), 9);
        assert_eq!(Exit::of(&Error::OcrUnavailable("x".into())).code(), 1);
        assert_eq!(Exit::unless(false, Exit::NotReady).code(), 8);
        assert_eq!(Exit::unless(true, Exit::NotReady).code(), 0);
    }
}
