//! State the shell holds for the app's lifetime.

use crate::demo::DemoServer;
use crate::runtime::Runtime;
use crate::{DATA_DIR_ENV, logging, prefs};
use desk_core::core::{Core, CoreConfig, DEMO_SERVER};
use desk_core::{AppError, AppInfo, DataDir};
use std::sync::Arc;
use tauri::{AppHandle, Runtime as TauriRuntime};
use tracing_appender::non_blocking::WorkerGuard;

pub struct Shell {
    /// The data folder, or why it could not be used. A bad folder does not stop
    /// the app: the UI shows the error screen with the path instead.
    data: Result<DataDir, AppError>,
    core: Result<Arc<Core>, AppError>,
    pub demo: DemoServer,
    pub runtime: Arc<Runtime>,
    /// Flushes the log file when the app exits.
    _log_guard: Option<WorkerGuard>,
}

impl Shell {
    pub fn start<R: TauriRuntime>(app: &AppHandle<R>) -> Self {
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
        let core = data.clone().and_then(|dir| {
            let mut config = CoreConfig::new(dir.clone());
            if let Ok(p) = prefs::get(app, &dir) {
                config.auto_lock = (p.auto_lock_minutes > 0)
                    .then(|| std::time::Duration::from_secs(u64::from(p.auto_lock_minutes) * 60));
            }
            Core::new(config).map(Arc::new)
        });
        if let Err(error) = &core {
            tracing::error!(%error, "the core did not start");
        }
        Shell {
            data,
            core,
            demo: DemoServer::default(),
            runtime: Arc::new(Runtime::default()),
            _log_guard: log_guard,
        }
    }

    pub fn data_dir(&self) -> Result<&DataDir, AppError> {
        self.data.as_ref().map_err(Clone::clone)
    }

    pub fn core(&self) -> Result<&Arc<Core>, AppError> {
        self.core.as_ref().map_err(Clone::clone)
    }

    pub fn app_info(&self) -> Result<AppInfo, AppError> {
        Ok(self.data_dir()?.info(env!("CARGO_PKG_VERSION")))
    }

    /// Starts the built-in demo sandbox when the server choice (or the
    /// account about to be used) needs it.
    pub async fn ensure_demo_for(&self, server: &str) -> Result<(), AppError> {
        if server.trim() != DEMO_SERVER {
            return Ok(());
        }
        let url = self.demo.ensure(self.data_dir()?).await?;
        self.core()?.set_demo_server(Some(url));
        Ok(())
    }
}
