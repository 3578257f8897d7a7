//! The queue of changes: list it, apply what is pending, retry a job that
//! failed or met a conflict, discard one that was not applied.

use super::Shl;
use desk_core::core::Core;
use desk_core::jobs::{ApplySummary, JobStatus, JobView};
use desk_core::time::{iso8601, now_ms};
use desk_core::{AppError, ErrorCode};
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
    let started = iso8601(now_ms());
    let result = core.apply_queue(None, CancellationToken::new()).await;
    match &result {
        Ok(_) => {
            if let Some(reached) = reached(core, &started).await {
                shell.note(&reached);
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

/// Whether an apply run reached the server. A run answers Ok even when the
/// server could not be reached (the jobs stay pending, with the reason), so
/// the jobs it touched are the evidence; a run that sent nothing (an empty
/// queue, or every job waiting on a rate limit) says nothing.
async fn reached(core: &Core, since: &str) -> Option<Result<(), AppError>> {
    let jobs = core.queue().await.ok()?;
    let mut tried = jobs
        .iter()
        .filter(|job| job.updated_at.as_str() >= since)
        .peekable();
    tried.peek()?;
    let unreachable = tried.find_map(|job| {
        job.error
            .as_ref()
            .filter(|e| job.status == JobStatus::Pending && e.code == ErrorCode::Offline)
    });
    Some(unreachable.map_or(Ok(()), |error| Err(error.clone())))
}
