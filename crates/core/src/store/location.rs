//! Where the library lives: `--library DIR`, else `PROOFPACK_LIBRARY`, else the OS data dir.

use std::path::PathBuf;

use crate::error::{Error, Result};

pub const ENV_VAR: &str = "PROOFPACK_LIBRARY";

/// Picks the library folder from an explicit argument, the environment, or the platform default.
pub fn resolve(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "Proofpack", "Proofpack")
        .map(|d| d.data_dir().join("library"))
        .ok_or_else(|| {
            Error::invalid(
                "library",
                "no home folder found; pass --library DIR",
                "找不到用户主目录；请用 --library 指定文件夹",
            )
        })
}
