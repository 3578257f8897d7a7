//! Sync: start (with progress events) and cancel.

use super::Shl;
use desk_core::AppError;
use desk_core::sync::{SyncOptions, SyncSummary};

/// Syncs everything, or only `only` (organization ids: "retry this client").
/// Progress arrives as `SyncEvent`s; the summary is also the answer.
#[tauri::command]
#[specta::specta]
pub async fn start_sync(
    shell: Shl<'_>,
    only: Option<Vec<String>>,
) -> Result<SyncSummary, AppError> {
    let core = shell.core()?;
    if let Some(account) = core.unlocked_account().await {
        shell.ensure_demo_for(&account.server).await?;
    }
    let options = SyncOptions {
        only: only.unwrap_or_default(),
        ..SyncOptions::default()
    };
    shell.scheduler()?.sync_now(options).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_sync(shell: Shl<'_>) {
    if let Ok(scheduler) = shell.scheduler() {
        scheduler.cancel_sync();
    }
}
