//! State the shell holds for the app's lifetime.

use crate::{DATA_DIR_ENV, logging, prefs};
use desk_core::{AppError, AppInfo, DataDir};
use tauri::AppHandle;
use tracing_appender::non_blocking::WorkerGuard;

pub struct Shell {
    /// The data folder, or why it could not be used. A bad folder does not stop
    /// the app: the UI shows the error screen with the path instead.
    data: Result<DataDir, AppError>,
    /// Flushes the log file when the app exits.
    _log_guard: Option<WorkerGuard>,
}

impl Shell {
    pub fn start(app: &AppHandle) -> Self {
        let data = match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) => DataDir::prepare(dir),
            None => DataDir::default_root().and_then(DataDir::prepare),
        };
        let level = data
            .as_ref()
            .ok()
            .and_then(|dir| prefs::load(app, dir).ok())
            .and_then(|p| p.log_level);
        let log_guard = logging::init(data.as_ref().ok().map(|d| d.log_dir()), level.as_deref());
        match &data {
            Ok(dir) => tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                data_dir = %dir.root().display(),
                "Provider Desk started"
            ),
            Err(error) => tracing::error!(%error, "data folder unusable; showing the error screen"),
        }
        Shell {
            data,
            _log_guard: log_guard,
        }
    }

    pub fn data_dir(&self) -> Result<&DataDir, AppError> {
        self.data.as_ref().map_err(Clone::clone)
    }

    pub fn app_info(&self) -> Result<AppInfo, AppError> {
        Ok(self.data_dir()?.info(env!("CARGO_PKG_VERSION")))
    }
}
