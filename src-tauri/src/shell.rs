//! State the shell holds for the app's lifetime.

use crate::demo::DemoServer;
use crate::{DATA_DIR_ENV, PUBLIC_SERVICES_ENV, logging, prefs, runtime};
use desk_core::core::{Core, CoreConfig, DEMO_SERVER};
use desk_core::schedule::Scheduler;
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
    /// Syncs, the periodic sync and auto-lock (desk-core's), once the core
    /// started.
    scheduler: Result<Arc<Scheduler>, AppError>,
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
        let preferences = data
            .as_ref()
            .ok()
            .and_then(|dir| prefs::get(app, dir).ok())
            .unwrap_or_default();
        let settings = runtime::settings(&preferences);
        let core = data.clone().and_then(|dir| {
            let mut config = CoreConfig::new(dir);
            config.auto_lock = settings.auto_lock;
            // Copies of Have I Been Pwned and 2fa.directory (a sandbox's),
            // for tests and machines without the internet; the demo
            // account uses the built-in sandbox's without this.
            if let Some(base) = std::env::var_os(PUBLIC_SERVICES_ENV) {
                match bw_api::public::PublicUrls::under(&base.to_string_lossy()) {
                    Ok(urls) => config.public_urls = Some(urls),
                    Err(error) => tracing::warn!(%error, "{PUBLIC_SERVICES_ENV} ignored"),
                }
            }
            Core::new(config).map(Arc::new)
        });
        if let Err(error) = &core {
            tracing::error!(%error, "the core did not start");
        }
        let scheduler = core
            .clone()
            .map(|core| runtime::scheduler(app, core, settings));
        Shell {
            data,
            core,
            demo: DemoServer::default(),
            scheduler,
            _log_guard: log_guard,
        }
    }

    pub fn data_dir(&self) -> Result<&DataDir, AppError> {
        self.data.as_ref().map_err(Clone::clone)
    }

    pub fn core(&self) -> Result<&Arc<Core>, AppError> {
        self.core.as_ref().map_err(Clone::clone)
    }

    pub fn scheduler(&self) -> Result<&Arc<Scheduler>, AppError> {
        self.scheduler.as_ref().map_err(Clone::clone)
    }

    /// Learns connectivity from a result that needed the server.
    pub fn note<T>(&self, result: &Result<T, AppError>) {
        if let Ok(scheduler) = self.scheduler() {
            scheduler.note(result);
        }
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
