//! Why a queued change did not apply, or cannot be changed now.

use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("This change was recorded by a newer Provider Desk; update Provider Desk to apply it.")]
    NewerRecord,
    #[error(
        "The server changed since this was planned; nothing was overwritten. Now on the server: {current}. Sync, check, then plan the change again."
    )]
    ServerChanged { current: String },
    #[error(
        "Provider Desk stopped while sending this and cannot tell whether it was applied; check on the server, then retry or discard it."
    )]
    CannotTell,
    #[error("That change is not in a state that allows this (it may have been applied meanwhile).")]
    WrongState,
    #[error("The change cannot be recorded: {0}")]
    Encode(serde_json::Error),
}

impl JobError {
    pub fn code(&self) -> ErrorCode {
        match self {
            JobError::NewerRecord => ErrorCode::InvalidInput,
            JobError::ServerChanged { .. } | JobError::CannotTell | JobError::WrongState => {
                ErrorCode::Conflict
            }
            JobError::Encode(_) => ErrorCode::Internal,
        }
    }
}

crate::error::into_app_error!(JobError);
