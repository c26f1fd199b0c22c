//! One error type for the whole core. Every variant has a stable machine code (used by the CLI's
//! `--json`, the app's IPC boundary and the UI's tests) and a message in English and Chinese.

use std::path::{Path, PathBuf};

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("library folder {path} cannot be used: its parent folder does not exist")]
    LibraryMissing { path: PathBuf },
    #[error("library {path} was written by a newer Proofpack (schema {found}, this build knows up to {supported}); update Proofpack")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("library {path} is read-only: {reason}")]
    ReadOnly {
        path: PathBuf,
        reason: String,
        reason_zh: String,
    },
    #[error(
        "library is busy: another Proofpack window or command is writing; try again in a moment"
    )]
    Busy,
    #[error("library {path} is damaged: {reason}")]
    LibraryDamaged { path: PathBuf, reason: String },
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("case {0} does not exist")]
    CaseNotFound(i64),
    #[error("item {0} does not exist")]
    ItemNotFound(i64),
    #[error("item {0} is already withdrawn")]
    AlreadyWithdrawn(i64),
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        field: &'static str,
        reason: String,
        reason_zh: String,
    },
    #[error("cancelled")]
    Cancelled,
    #[error("screenshots cannot be read on this computer: {0}")]
    OcrUnavailable(String),
    #[error("the saved letter no longer matches the case ({}): regenerate it or keep it as written", notes.iter().map(|n| n.message.as_str()).collect::<Vec<_>>().join("; "))]
    LetterStale {
        notes: Vec<crate::case::letter::stale::StaleNote>,
    },
}

impl Error {
    /// Stable identifier; the UI and scripts match on it.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::LibraryMissing { .. } => ErrorCode::LibraryMissing,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::Busy => ErrorCode::Busy,
            Error::LibraryDamaged { .. } => ErrorCode::LibraryDamaged,
            Error::Database(_) => ErrorCode::Database,
            Error::Io { .. } => ErrorCode::Io,
            Error::CaseNotFound(_) => ErrorCode::CaseNotFound,
            Error::ItemNotFound(_) => ErrorCode::ItemNotFound,
            Error::AlreadyWithdrawn(_) => ErrorCode::AlreadyWithdrawn,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::OcrUnavailable(_) => ErrorCode::OcrUnavailable,
            Error::LetterStale { .. } => ErrorCode::LetterStale,
        }
    }

    /// The message in simplified Chinese; `Display` gives English.
    pub fn message_zh(&self) -> String {
        match self {
            Error::LibraryMissing { path } => {
                format!("无法使用证据库文件夹 {}：其上级文件夹不存在", path.display())
            }
            Error::SchemaTooNew {
                path,
                found,
                supported,
            } => format!(
                "证据库 {} 由更新版本的证据包创建（结构版本 {found}，本程序最高支持 {supported}），请升级证据包",
                path.display()
            ),
            Error::ReadOnly {
                path, reason_zh, ..
            } => {
                format!("证据库 {} 是只读的：{reason_zh}", path.display())
            }
            Error::Busy => "证据库正忙：另一个证据包窗口或命令正在写入，请稍后再试".into(),
            Error::LibraryDamaged { path, reason } => {
                format!("证据库 {} 已损坏：{reason}", path.display())
            }
            Error::Database(e) => format!("数据库错误：{e}"),
            Error::Io { path, source } => format!("{}：{}", path.display(), io_reason_zh(source)),
            Error::CaseNotFound(id) => format!("案件 {id} 不存在"),
            Error::ItemNotFound(id) => format!("证据 {id} 不存在"),
            Error::AlreadyWithdrawn(id) => format!("证据 {id} 已被撤回"),
            Error::InvalidInput {
                field, reason_zh, ..
            } => format!("{}无效：{reason_zh}", field_zh(field)),
            Error::Cancelled => "已取消".into(),
            Error::OcrUnavailable(why) => format!("本机无法识别截图文字：{why}"),
            Error::LetterStale { notes } => format!(
                "保存的信件与案件已不一致（{}）：请重新生成，或保留原文",
                notes.iter().map(|n| n.message_zh.as_str()).collect::<Vec<_>>().join("；")
            ),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn invalid(field: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: en.into(),
            reason_zh: zh.into(),
        }
    }

    /// What crosses the app's IPC boundary and the CLI's `--json` error output.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            message_zh: self.message_zh(),
        }
    }
}

/// An error's stable code, serialised as its snake_case name (`"case_not_found"`); the UI gets
/// it as a TypeScript union, so matching on a code that does not exist fails to type-check.
/// Never rename one: scripts match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    LibraryMissing,
    SchemaTooNew,
    ReadOnly,
    Busy,
    LibraryDamaged,
    Database,
    Io,
    CaseNotFound,
    ItemNotFound,
    AlreadyWithdrawn,
    InvalidInput,
    Cancelled,
    OcrUnavailable,
    LetterStale,
    /// Never made by the core: the app's UI gives it to a call that failed before reaching it.
    Ipc,
}

/// A unit enum's name as written on the wire: its serde name, so each is spelt in one place.
/// The value whose serde name is `name`, None for a name this version does not know.
pub(crate) fn from_wire_name<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

pub(crate) fn wire_name<T: Serialize + std::fmt::Debug>(code: &T) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{code:?}"),
    }
}

/// Display as the wire name, and `code == "busy"` comparisons, for a code enum.
macro_rules! wire_code {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::error::wire_name(self))
            }
        }
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                $crate::error::wire_name(self) == *other
            }
        }
    };
}
pub(crate) use wire_code;

wire_code!(ErrorCode);

/// `{code, message}` as seen by the UI and by `--json` consumers.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorPayload {
    pub code: ErrorCode,
    /// English.
    pub message: String,
    pub message_zh: String,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        // SQLITE_IOERR_SHMSIZE: the WAL index could not grow, which on Linux means no space left.
        const IOERR_SHMSIZE: i32 = 4874;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.extended_code == IOERR_SHMSIZE {
                return Error::Io {
                    path: PathBuf::from("proofpack.db"),
                    source: std::io::Error::from(std::io::ErrorKind::StorageFull),
                };
            }
        }
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy,
            Some(C::ReadOnly) => Error::ReadOnly {
                path: PathBuf::from("proofpack.db"),
                reason: "the database file cannot be written".into(),
                reason_zh: "数据库文件无法写入".into(),
            },
            Some(C::DiskFull) => Error::Io {
                path: PathBuf::from("proofpack.db"),
                source: std::io::Error::from(std::io::ErrorKind::StorageFull),
            },
            _ => Error::Database(e),
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        e.payload()
    }
}

fn field_zh(field: &str) -> &str {
    match field {
        "title" => "标题",
        "amount" => "金额",
        "currency" => "币种",
        "paid_at" => "支付日期",
        "category" => "类别",
        "reason" => "理由",
        "library" => "证据库位置",
        "case" => "案件",
        "item" => "证据",
        "row" => "账单行",
        "refund" => "退款计算",
        "path" => "路径",
        "step" => "维权步骤",
        "channel" => "渠道",
        "date" => "日期",
        "items" => "关联证据",
        "refund_method" => "退款方式",
        "contact" => "联系记录",
        "stale_letter" => "过时信件的处理方式",
        other => other,
    }
}

/// Short Chinese reasons for the io errors users meet while importing.
pub fn io_reason_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在（可能已被移动或删除）".into(),
        K::PermissionDenied => "没有读取权限".into(),
        K::ReadOnlyFilesystem => "磁盘为只读".into(),
        K::StorageFull => "磁盘空间已满".into(),
        _ => format!("读写失败（{e}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_cross_the_boundary_as_their_snake_case_names() {
        let payload = Error::CaseNotFound(9).payload();
        let json = serde_json::to_value(&payload).unwrap();
        assert_eq!(json["code"], "case_not_found");
        assert_eq!(ErrorCode::OcrUnavailable.to_string(), "ocr_unavailable");
        assert_eq!(Error::Busy.code(), "busy");
        assert_ne!(Error::Busy.code(), "read_only");
        let back: ErrorPayload = serde_json::from_value(json).unwrap();
        assert_eq!(back, payload);
        // A code the core does not know is refused, not passed on as a string.
        let unknown = r#"{"code":"no_such","message":"m","message_zh":"m"}"#;
        assert!(serde_json::from_str::<ErrorPayload>(unknown).is_err());
    }
}
