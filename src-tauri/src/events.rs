//! Events the shell sends to the window (typed; the TypeScript side is
//! generated with the commands).

use desk_core::AppError;
use desk_core::session::AccountSummary;
use desk_core::session::{LastSync, SessionStatus};
use desk_core::sync::{SyncProgress, SyncSummary};
use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

/// The session as the window shows it: the core's view plus what only the
/// running app knows (connectivity, a sync in progress).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionState {
    pub status: SessionStatus,
    pub account: Option<AccountSummary>,
    pub accounts: Vec<AccountSummary>,
    /// Whether the server answered the last request; `None` before any.
    pub online: Option<bool>,
    pub last_sync: Option<LastSync>,
    pub sync: Option<SyncProgress>,
}

/// The session changed without the window asking: auto-lock, a background
/// sync finished, connectivity changed.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct SessionChanged(pub SessionState);

/// Progress of any sync: on demand, after sign-in, or from the timer.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncEvent {
    Started,
    Progress { progress: SyncProgress },
    Finished { summary: SyncSummary },
    Failed { error: AppError },
}
