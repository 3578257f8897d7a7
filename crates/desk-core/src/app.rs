//! Facts about this installation, and the data directory every front end uses.

use crate::error::AppError;
use serde::Serialize;
use specta::Type;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether this binary is a development/test build or a release.
///
/// Debug builds use their own identifier and data directory so that running
/// tests or a dev build never touches a technician's real snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BuildKind {
    Debug,
    Release,
}

impl BuildKind {
    /// The kind of the binary this code was compiled into.
    pub const fn current() -> Self {
        if cfg!(debug_assertions) {
            BuildKind::Debug
        } else {
            BuildKind::Release
        }
    }
}

/// The bundle identifier of release builds; `tauri.conf.json` says the same
/// (a test in the app package checks it). Dev and test builds append `.dev`.
pub const RELEASE_IDENTIFIER: &str = "org.providerdesk.desktop";
pub const DEBUG_IDENTIFIER: &str = "org.providerdesk.desktop.dev";

impl BuildKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            BuildKind::Debug => "debug",
            BuildKind::Release => "release",
        }
    }

    pub const fn identifier(self) -> &'static str {
        match self {
            BuildKind::Debug => DEBUG_IDENTIFIER,
            BuildKind::Release => RELEASE_IDENTIFIER,
        }
    }
}

/// What the About card shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub build_kind: BuildKind,
}

/// A data directory that exists and that we have proven we can write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Where this build keeps its data unless told otherwise: the OS's
    /// per-user data folder plus the build's identifier, the same place Tauri's
    /// `app_data_dir` resolves to, so the app and `pdesk` share one snapshot.
    pub fn default_root() -> Result<PathBuf, AppError> {
        dirs::data_dir()
            .map(|d| d.join(BuildKind::current().identifier()))
            .ok_or_else(|| {
                AppError::internal(
                    "No per-user data folder is known on this system; set PROVIDER_DESK_DATA_DIR (or pass --data-dir).",
                )
            })
    }

    /// Creates `root` (and its `logs/` folder) if needed and checks that files
    /// can be written there, so a bad location fails at start-up with the path
    /// in the message instead of at the first sync.
    pub fn prepare(root: impl Into<PathBuf>) -> Result<Self, AppError> {
        let root = root.into();
        let dir = DataDir { root };
        for path in [dir.root.clone(), dir.log_dir()] {
            crate::private_fs::create_private_dir(&path).map_err(|e| unusable(&path, &e))?;
        }
        probe_writable(&dir.root)?;
        Ok(dir)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Rolling log files live here.
    pub fn log_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    pub fn info(&self, version: &str) -> AppInfo {
        AppInfo {
            version: version.to_owned(),
            data_dir: self.root.display().to_string(),
            log_dir: self.log_dir().display().to_string(),
            build_kind: BuildKind::current(),
        }
    }
}

fn probe_writable(root: &Path) -> Result<(), AppError> {
    let probe = root.join(".write-probe");
    let result = fs::File::create(&probe).and_then(|mut f| f.write_all(b"ok"));
    // Remove the probe whatever happened; a leftover probe file is harmless.
    let _ = fs::remove_file(&probe);
    result.map_err(|e| unusable(root, &e))
}

fn unusable(path: &Path, err: &std::io::Error) -> AppError {
    AppError::internal(format!(
        "Provider Desk cannot use its data directory {}: {err}. Check that the folder exists and is writable, or choose another one.",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn prepares_an_empty_directory_with_a_log_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("fresh");
        let dir = DataDir::prepare(&root).unwrap();
        assert!(root.is_dir());
        assert!(dir.log_dir().is_dir());
        assert!(!root.join(".write-probe").exists());
        let info = dir.info("1.2.3");
        assert_eq!(info.version, "1.2.3");
        assert_eq!(info.data_dir, root.display().to_string());
        assert_eq!(info.build_kind, BuildKind::current());
    }

    #[test]
    fn unusable_directory_is_an_internal_error_naming_the_path() {
        // A path below a regular file cannot be created, even by root.
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-dir");
        fs::write(&file, b"x").unwrap();
        let bad = file.join("data");
        let err = DataDir::prepare(&bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal);
        assert!(
            err.message.contains(&bad.display().to_string()),
            "{}",
            err.message
        );
    }

    #[test]
    fn app_info_serializes_in_camel_case() {
        let info = AppInfo {
            version: "0.1.0".into(),
            data_dir: "/d".into(),
            log_dir: "/d/logs".into(),
            build_kind: BuildKind::Release,
        };
        assert_eq!(
            serde_json::to_value(&info).unwrap(),
            serde_json::json!({"version": "0.1.0", "dataDir": "/d", "logDir": "/d/logs", "buildKind": "release"})
        );
    }
}
