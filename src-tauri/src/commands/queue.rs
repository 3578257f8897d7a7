//! The queue of changes: list it, apply what is pending, retry a job that
//! failed or met a conflict, discard one that was not applied.

use super::Shl;
use desk_core::AppError;
use desk_core::jobs::{ApplySummary, JobView};
use tokio_util::sync::CancellationToken;

/// Every job, oldest first (the view sorts it).
#[tauri::command]
#[specta::specta]
pub async fn queue(shell: Shl<'_>) -> Result<Vec<JobView>, AppError> {
    shell.core()?.queue().await
}

/// Applies every pending job now; what cannot be sent stays pending.
#[tauri::command]
#[specta::specta]
pub async fn apply_queue(shell: Shl<'_>) -> Result<ApplySummary, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = core.apply_queue(None, CancellationToken::new()).await;
    match &result {
        // The run answers Ok even when the server was unreachable (the jobs
        // wait); the core says whether it was reached.
        Ok(summary) => {
            if let Some(reached) = &summary.reached {
                shell.note(reached);
            }
        }
        Err(_) => shell.note(&result),
    }
    result
}

/// Puts a failed or conflicting job back in the queue.
#[tauri::command]
#[specta::specta]
pub async fn retry_job(shell: Shl<'_>, id: u32) -> Result<(), AppError> {
    let core = shell.core()?;
    core.touch();
    core.retry_job(id).await
}

/// Drops a job that was not applied.
#[tauri::command]
#[specta::specta]
pub async fn discard_job(shell: Shl<'_>, id: u32) -> Result<(), AppError> {
    let core = shell.core()?;
    core.touch();
    core.discard_job(id).await
}
