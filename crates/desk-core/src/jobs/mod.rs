//! The one write path. Every change sent to a server is an operation in a
//! persistent queue inside the encrypted snapshot:
//!
//! plan (validated locally, described in plain words: the dry run)
//!   → queue (recorded before anything is sent)
//!   → apply under the server's write limits, one result per operation
//!   → the touched clients re-read.
//!
//! Online, a single change applies at once. Offline it waits as pending and
//! applies when the server answers again, after a conflict check: a server
//! that changed since the plan gets nothing overwritten (`conflict`, both
//! states kept). A job is marked `applying` before its request is sent; one
//! found `applying` later (the process was killed) is looked up on the
//! server before it is sent again, so a crash loses nothing and applies
//! nothing twice.

mod error;
mod operation;

pub use error::JobError;
pub(crate) use operation::Look;
pub use operation::{ClientSettings, Operation, OperationKind};

use crate::core::{Core, Unlocked};
use crate::error::{AppError, ErrorCode};
use crate::sync::SyncOptions;
use crate::time::{iso8601, now_ms};
use desk_cache::{JobRow, JobState, JobUpdate, NewJob};
use operation::ServerView;
use serde::Serialize;
use specta::Type;
use tokio_util::sync::CancellationToken;

/// How a job stands, for the queue view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Pending,
    Applying,
    Done,
    Failed,
    Conflict,
    Discarded,
}

impl From<JobState> for JobStatus {
    fn from(state: JobState) -> Self {
        match state {
            JobState::Pending => JobStatus::Pending,
            JobState::Applying => JobStatus::Applying,
            JobState::Done => JobStatus::Done,
            JobState::Failed => JobStatus::Failed,
            JobState::Conflict => JobStatus::Conflict,
            JobState::Discarded => JobStatus::Discarded,
        }
    }
}

/// One change as the dry run shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedChange {
    pub kind: OperationKind,
    pub organization_id: Option<String>,
    pub description: String,
}

/// A job as the queue view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: u32,
    pub batch: String,
    pub kind: Option<OperationKind>,
    pub organization_id: Option<String>,
    pub description: String,
    pub status: JobStatus,
    pub attempts: u32,
    pub created_at: String,
    pub updated_at: String,
    /// Waiting for the server's rate limit until then.
    pub not_before: Option<String>,
    /// Why it failed, or what the server holds now (a conflict).
    pub error: Option<AppError>,
}

/// What an apply run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ApplySummary {
    pub done: u32,
    pub failed: u32,
    pub conflicts: u32,
    /// Still waiting (offline, rate limited, or not reached before a stop).
    pub pending: u32,
    /// Whether the server answered this run: `Err` (offline) when it could
    /// not be reached, `None` when nothing was sent. Front ends learn
    /// connectivity from it; not part of the view.
    #[serde(skip)]
    pub reached: Option<Result<(), AppError>>,
}

impl ApplySummary {
    /// Records what a request to the server showed about reaching it.
    fn note<T>(&mut self, result: &Result<T, AppError>) {
        self.reached = Some(match result {
            Err(error) if error.code == ErrorCode::Offline => Err(error.clone()),
            _ => Ok(()),
        });
    }
}

/// The result of submitting a change: its jobs as they stand now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    pub batch: String,
    pub jobs: Vec<JobView>,
}

impl Submitted {
    /// The one error that sums the batch up, if any job did not apply.
    pub fn error(&self) -> Option<AppError> {
        let first = |status: JobStatus| self.jobs.iter().find(|j| j.status == status);
        if let Some(job) = first(JobStatus::Conflict).or_else(|| first(JobStatus::Failed)) {
            return job.error.clone();
        }
        first(JobStatus::Pending).map(|job| {
            let why = job
                .error
                .as_ref()
                .map(|e| format!(" ({})", e.message))
                .unwrap_or_default();
            AppError::new(
                job.error.as_ref().map_or(ErrorCode::Offline, |e| e.code),
                format!("Saved in the queue: it is sent when the server can be reached{why}."),
            )
        })
    }
}

#[derive(Serialize, serde::Deserialize)]
struct Outcome {
    code: ErrorCode,
    message: String,
}

fn view(row: &JobRow) -> JobView {
    let kind = serde_json::from_str::<Operation>(&row.operation)
        .ok()
        .map(|op| op.kind());
    let error = row
        .result
        .as_deref()
        .and_then(|text| serde_json::from_str::<Outcome>(text).ok())
        .map(|o| AppError::new(o.code, o.message));
    JobView {
        id: u32::try_from(row.id).unwrap_or(u32::MAX),
        batch: row.batch.clone(),
        kind,
        organization_id: row.organization_id.clone(),
        description: row.description.clone(),
        status: row.state.into(),
        attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
        created_at: iso8601(row.created_at),
        updated_at: iso8601(row.updated_at),
        not_before: row.not_before.map(iso8601),
        error,
    }
}

fn outcome(error: &AppError) -> String {
    serde_json::to_string(&Outcome {
        code: error.code,
        message: error.message.clone(),
    })
    .unwrap_or_default()
}

fn new_batch_id() -> String {
    let mut bytes = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

/// Wait after a 429 that named no time.
const RATE_LIMITED_RETRY_MS: i64 = 60_000;

impl Core {
    /// The dry run: what `submit` would do, in plain words. Nothing is
    /// stored or sent.
    pub fn describe(&self, operations: &[Operation]) -> Vec<PlannedChange> {
        operations
            .iter()
            .map(|op| PlannedChange {
                kind: op.kind(),
                organization_id: op.organization_id().map(str::to_owned),
                description: op.describe(),
            })
            .collect()
    }

    /// Queues the operations of one user action and, when `apply_now`,
    /// applies them at once (a failure to reach the server leaves them
    /// pending); then re-reads what they touched.
    #[tracing::instrument(skip_all, fields(operations = operations.len()))]
    pub async fn submit(
        &self,
        operations: Vec<Operation>,
        apply_now: bool,
    ) -> Result<Submitted, AppError> {
        let batch = new_batch_id();
        let jobs: Vec<NewJob> = operations
            .iter()
            .map(|op| {
                Ok(NewJob {
                    organization_id: op.organization_id().map(str::to_owned),
                    kind: serde_json::to_value(op.kind())
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    operation: serde_json::to_string(op).map_err(JobError::Encode)?,
                    description: op.describe(),
                    expected: None,
                })
            })
            .collect::<Result<_, AppError>>()?;
        {
            let unlocked = self.unlocked().await?;
            unlocked
                .session
                .snapshot
                .enqueue_jobs(&batch, &jobs, now_ms())
                .await?;
        }
        if apply_now {
            self.apply_queue(Some(&batch), CancellationToken::new())
                .await?;
        }
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.jobs(&[]).await?;
        Ok(Submitted {
            jobs: rows
                .iter()
                .filter(|row| row.batch == batch)
                .map(view)
                .collect(),
            batch,
        })
    }

    /// Whether changes wait to be sent.
    pub async fn has_pending_changes(&self) -> bool {
        match self.unlocked().await {
            Ok(unlocked) => unlocked
                .session
                .snapshot
                .jobs(&[JobState::Pending, JobState::Applying])
                .await
                .is_ok_and(|jobs| !jobs.is_empty()),
            Err(_) => false,
        }
    }

    /// Every job, oldest first.
    pub async fn queue(&self) -> Result<Vec<JobView>, AppError> {
        let unlocked = self.unlocked().await?;
        Ok(unlocked
            .session
            .snapshot
            .jobs(&[])
            .await?
            .iter()
            .map(view)
            .collect())
    }

    /// Puts a failed or conflicting job back in the queue (it is checked
    /// against the server again before it is sent).
    pub async fn retry_job(&self, id: u32) -> Result<(), AppError> {
        self.move_job(
            id,
            &[JobState::Failed, JobState::Conflict],
            JobState::Pending,
        )
        .await
    }

    /// Drops a job that was not applied.
    pub async fn discard_job(&self, id: u32) -> Result<(), AppError> {
        self.move_job(
            id,
            &[JobState::Pending, JobState::Failed, JobState::Conflict],
            JobState::Discarded,
        )
        .await
    }

    async fn move_job(&self, id: u32, from: &[JobState], to: JobState) -> Result<(), AppError> {
        let unlocked = self.unlocked().await?;
        let moved = unlocked
            .session
            .snapshot
            .move_job(i64::from(id), from, to, JobUpdate::default(), now_ms())
            .await?;
        if moved {
            Ok(())
        } else {
            Err(JobError::WrongState.into())
        }
    }

    /// Applies the pending jobs (of one batch, or all), oldest first, under
    /// the server's write limits; then re-reads the client list if a job
    /// touched it. Stops at the first sign that the server cannot be
    /// reached or is rate limiting: the rest stay pending.
    #[tracing::instrument(skip_all)]
    pub async fn apply_queue(
        &self,
        batch: Option<&str>,
        cancel: CancellationToken,
    ) -> Result<ApplySummary, AppError> {
        let (summary, touched) = {
            let unlocked = self.unlocked().await?;
            apply_jobs(&unlocked, batch, &cancel).await?
        };
        if touched.providers {
            self.reread_providers().await;
        }
        if touched.list || !touched.clients.is_empty() {
            // Member changes re-read those clients in full; client changes
            // only need the list.
            let options = SyncOptions {
                list_only: touched.clients.is_empty(),
                only: touched.clients.into_iter().collect(),
            };
            // The change is made; a failed re-read only leaves the list
            // as it was until the next sync.
            if let Err(error) = self.sync(options, &|_| {}, CancellationToken::new()).await {
                tracing::warn!(%error, "could not re-read the client list after a change");
            }
        }
        Ok(summary)
    }
}

/// What applied jobs changed, to be read again.
#[derive(Default)]
struct Touched {
    /// The client list (clients created, renamed, seats).
    list: bool,
    /// Clients whose details changed (members).
    clients: std::collections::BTreeSet<String>,
    /// The provider's own people.
    providers: bool,
}

impl Touched {
    fn note(&mut self, operation: &Operation) {
        match operation {
            Operation::Member(op) => {
                self.clients.insert(op.organization_id().to_owned());
            }
            Operation::Group(op) => {
                self.clients.insert(op.organization_id().to_owned());
            }
            Operation::Vault(op) => {
                self.clients.insert(op.organization_id().to_owned());
            }
            Operation::CreateClient { .. }
            | Operation::UpdateClient { .. }
            | Operation::AddExistingClient { .. }
            | Operation::UnlinkClient { .. } => self.list = true,
            // A Send is the user's: no client to read again.
            Operation::Send(_) => {}
            Operation::People(_) => self.providers = true,
            Operation::Billing(op) => match op.organization_id() {
                Some(org) => {
                    self.clients.insert(org.to_owned());
                }
                None => self.providers = true,
            },
        }
    }
}

/// The queue runner: see the module comment.
async fn apply_jobs(
    unlocked: &Unlocked,
    batch: Option<&str>,
    cancel: &CancellationToken,
) -> Result<(ApplySummary, Touched), AppError> {
    let snapshot = &unlocked.session.snapshot;
    let client = unlocked.client.as_ref();
    let mut server = ServerView::default();
    let mut summary = ApplySummary::default();
    let mut touched = Touched::default();
    let mut stopped = false;
    let jobs = snapshot
        .jobs(&[JobState::Pending, JobState::Applying])
        .await?;
    for job in jobs
        .iter()
        .filter(|job| batch.is_none_or(|b| job.batch == b))
    {
        let now = now_ms();
        if stopped || cancel.is_cancelled() || job.not_before.is_some_and(|t| t > now) {
            summary.pending += 1;
            continue;
        }
        let Ok(operation) = serde_json::from_str::<Operation>(&job.operation) else {
            let error = AppError::from(JobError::NewerRecord);
            finish(snapshot, job, JobState::Failed, Some(&error)).await?;
            summary.failed += 1;
            continue;
        };
        let recovering = job.state == JobState::Applying;
        let look = operation.look(client, &mut server).await;
        summary.note(&look);
        let look = match look {
            Ok(look) => look,
            Err(error) => {
                stopped |= defer_or_fail(snapshot, job, &error, &mut summary).await?;
                continue;
            }
        };
        match look {
            Look::Applied => {
                tracing::info!(job = job.id, recovering, "already applied on the server");
                finish(snapshot, job, JobState::Done, None).await?;
                summary.done += 1;
                touched.note(&operation);
                continue;
            }
            Look::Conflict { current } => {
                let error = AppError::from(JobError::ServerChanged { current });
                finish(snapshot, job, JobState::Conflict, Some(&error)).await?;
                summary.conflicts += 1;
                continue;
            }
            Look::NotApplied if recovering && !operation.look_is_decisive() => {
                let error = AppError::from(JobError::CannotTell);
                finish(snapshot, job, JobState::Failed, Some(&error)).await?;
                summary.failed += 1;
                continue;
            }
            Look::NotApplied => {}
        }
        // Intent first: a crash from here on leaves the job `applying`, and
        // the next run looks before it sends again.
        let claimed = snapshot
            .move_job(
                job.id,
                &[JobState::Pending, JobState::Applying],
                JobState::Applying,
                JobUpdate {
                    attempt: true,
                    ..JobUpdate::default()
                },
                now_ms(),
            )
            .await?;
        if !claimed {
            // Another process took it (or it was discarded) meanwhile.
            continue;
        }
        let sent = operation.send(client, &mut server).await;
        summary.note(&sent);
        match sent {
            Ok(()) => {
                finish(snapshot, job, JobState::Done, None).await?;
                summary.done += 1;
                touched.note(&operation);
            }
            Err(error) => {
                stopped |= defer_or_fail(snapshot, job, &error, &mut summary).await?;
            }
        }
    }
    Ok((summary, touched))
}

/// Ends a job in `state`, recording the error if any.
async fn finish(
    snapshot: &desk_cache::Snapshot,
    job: &JobRow,
    state: JobState,
    error: Option<&AppError>,
) -> Result<(), AppError> {
    let result = error.map(outcome);
    snapshot
        .move_job(
            job.id,
            &[JobState::Pending, JobState::Applying],
            state,
            JobUpdate {
                result: result.as_deref(),
                ..JobUpdate::default()
            },
            now_ms(),
        )
        .await?;
    Ok(())
}

/// A job whose look or send failed: pending again when the failure is
/// transient (`true`: the run stops there), failed otherwise.
async fn defer_or_fail(
    snapshot: &desk_cache::Snapshot,
    job: &JobRow,
    error: &AppError,
    summary: &mut ApplySummary,
) -> Result<bool, AppError> {
    if defer(snapshot, job, error).await? {
        summary.pending += 1;
        Ok(true)
    } else {
        finish(snapshot, job, JobState::Failed, Some(error)).await?;
        summary.failed += 1;
        Ok(false)
    }
}

/// Puts a job back as pending after a transient failure (unreachable, rate
/// limited, a server fault); returns false for a permanent one. Only a rate
/// limit sets a time before which the job is not tried (the server asked
/// for it); an unreachable server is tried again at the next apply — the
/// next sync that reaches the server, or the user's "apply now".
async fn defer(
    snapshot: &desk_cache::Snapshot,
    job: &JobRow,
    error: &AppError,
) -> Result<bool, AppError> {
    if !error.is_transient() {
        return Ok(false);
    }
    let not_before = (error.code == ErrorCode::RateLimited).then(|| {
        now_ms().saturating_add(retry_after_ms(&error.message).unwrap_or(RATE_LIMITED_RETRY_MS))
    });
    let result = outcome(error);
    snapshot
        .move_job(
            job.id,
            &[JobState::Pending, JobState::Applying],
            JobState::Pending,
            JobUpdate {
                result: Some(&result),
                not_before,
                ..JobUpdate::default()
            },
            now_ms(),
        )
        .await?;
    Ok(true)
}

/// The wait a rate-limited answer asked for ("… try again in 42 s").
fn retry_after_ms(message: &str) -> Option<i64> {
    let digits: String = message
        .rsplit("in ")
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<i64>().ok().map(|s| s.saturating_mul(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_a_rate_limit_asked_for_is_read_back() {
        assert_eq!(
            retry_after_ms("the server is rate limiting requests; try again in 42 s"),
            Some(42_000)
        );
        assert_eq!(retry_after_ms("try again later"), None);
    }

    #[test]
    fn a_batch_sums_up_as_its_worst_job() {
        let job = |status, error: Option<AppError>| JobView {
            id: 1,
            batch: "b".into(),
            kind: Some(OperationKind::UpdateClient),
            organization_id: None,
            description: String::new(),
            status,
            attempts: 1,
            created_at: String::new(),
            updated_at: String::new(),
            not_before: None,
            error,
        };
        let done = Submitted {
            batch: "b".into(),
            jobs: vec![job(JobStatus::Done, None)],
        };
        assert!(done.error().is_none());
        let offline = Submitted {
            batch: "b".into(),
            jobs: vec![job(
                JobStatus::Pending,
                Some(AppError::new(ErrorCode::Offline, "cannot connect")),
            )],
        };
        let error = offline.error().unwrap();
        assert_eq!(error.code, ErrorCode::Offline);
        assert!(error.message.starts_with("Saved in the queue"), "{error:?}");
        let conflict = Submitted {
            batch: "b".into(),
            jobs: vec![
                job(JobStatus::Done, None),
                job(
                    JobStatus::Conflict,
                    Some(AppError::new(ErrorCode::Conflict, "changed")),
                ),
            ],
        };
        assert_eq!(conflict.error().unwrap().code, ErrorCode::Conflict);
    }
}
