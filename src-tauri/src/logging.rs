//! Tracing to stderr and to a daily rolling file in the data folder's `logs/`.
//!
//! The level comes from `PROVIDER_DESK_LOG` (an env-filter directive such as
//! `debug` or `desk_core=trace`), else the `logLevel` preference, else `info`.
//! Nothing secret is ever logged: secrets live in types that cannot be printed.

use std::path::PathBuf;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, fmt};

pub const LOG_ENV: &str = "PROVIDER_DESK_LOG";
const KEEP_LOG_FILES: usize = 14;

pub fn init(log_dir: Option<PathBuf>, preference: Option<&str>) -> Option<WorkerGuard> {
    let directive = std::env::var(LOG_ENV)
        .ok()
        .or_else(|| preference.map(str::to_owned))
        .unwrap_or_else(|| "info".to_owned());
    let filter = || EnvFilter::try_new(&directive).unwrap_or_else(|_| EnvFilter::new("info"));

    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let (file, guard) = match log_dir.map(open_appender) {
        Some(Ok(appender)) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            (Some(layer), Some(guard))
        }
        Some(Err(error)) => {
            eprintln!(
                "Provider Desk: logging to stderr only, the log file cannot be opened: {error}"
            );
            (None, None)
        }
        None => (None, None),
    };
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    guard
}

fn open_appender(
    dir: PathBuf,
) -> Result<RollingFileAppender, tracing_appender::rolling::InitError> {
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("provider-desk")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(dir)
}
