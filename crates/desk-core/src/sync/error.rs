//! What stops a sync as a whole (a client's own failure is recorded with
//! that client and the run goes on).

use crate::error::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("A sync is already running; wait for it or cancel it.")]
    AlreadyRunning,
    #[error(
        "{} Synced {done} of {total} clients; the next sync continues with the rest.",
        .cause.message
    )]
    RateLimited {
        cause: AppError,
        done: u32,
        total: u32,
    },
    #[error(
        "The server's client list of provider {provider_id} is not what Bitwarden sends, at data[{index}]: a seat count of {value}; the client list was kept as it was."
    )]
    AbsurdSeatCount {
        provider_id: String,
        index: usize,
        value: i64,
    },
}

impl SyncError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::AlreadyRunning => ErrorCode::Conflict,
            SyncError::RateLimited { .. } => ErrorCode::RateLimited,
            SyncError::AbsurdSeatCount { .. } => ErrorCode::ServerError,
        }
    }
}

crate::error::into_app_error!(SyncError);
