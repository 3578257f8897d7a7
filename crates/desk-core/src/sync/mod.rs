//! Sync: the client list first, then every client's details, within the
//! server's rate limits; each client's details land whole or not at all.
//!
//! Shape: fetch the list → plan (a pure function: which clients, in which
//! order) → fetch clients with bounded concurrency → write each fetched
//! client (the writes of clients that wait together share one commit, and
//! the fetching goes on meanwhile). A client that fails keeps its
//! previous snapshot and records the error; a cancelled or killed run loses
//! nothing, and the next run skips clients the unfinished one completed.

mod backlog;
mod canonical;
mod error;
pub(crate) mod fetch;
mod plan;

pub use error::SyncError;
pub use fetch::FIRST_EVENTS_DAYS;
pub use plan::{PlannedClient, plan};

use crate::core::{Core, Unlocked};
use crate::error::{AppError, ErrorCode};
use crate::time::now_ms;
use backlog::Backlog;
use bw_api::client::BwClient;
use desk_cache::{ClientDetails, RunOutcome};
use fetch::{fetch_client, refresh_client_list, sync_provider};
use futures_util::StreamExt;
use serde::Serialize;
use specta::Type;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// Fetched clients that may wait for the snapshot's writer before the
/// fetching pauses. Measured at 1,000 clients: 8 left the fetching idle
/// behind the writer (+10 % wall time), 32 did not.
const WRITES_AHEAD: usize = 32;

/// Rows (members, items, events…) of fetched clients that may wait for the
/// writer ([`Backlog`]): [`WRITES_AHEAD`] clients of tens of thousands of
/// events each are not all held in memory at once.
const WRITE_BACKLOG_ROWS: u32 = 200_000;

#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Only these organizations (e.g. "retry this client"); all when empty.
    pub only: Vec<String>,
    /// Refresh the client list only (profile, provider keys and one list
    /// request per provider): seats, plans and names become current in a
    /// second, even at the cloud's rate limit, while per-client details wait
    /// for a full sync. `only` is ignored: the list is always whole.
    pub list_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub done: u32,
    pub total: u32,
    /// The client being synced now (its name as the server sent it: text).
    pub current: Option<String>,
    pub errors: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientSyncError {
    pub organization_id: String,
    pub name: String,
    pub code: ErrorCode,
    pub message: String,
}

/// How a sync run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Every planned client synced.
    Success,
    /// Some clients failed; they keep their previous data.
    Partial,
    /// Every client that was tried failed.
    Failed,
    /// Stopped on request; the next sync resumes where this one stopped.
    Cancelled,
}

impl SyncOutcome {
    /// The serialized name (what the snapshot's run history stores too).
    pub fn as_str(self) -> &'static str {
        match self {
            SyncOutcome::Success => "success",
            SyncOutcome::Partial => "partial",
            SyncOutcome::Failed => "failed",
            SyncOutcome::Cancelled => "cancelled",
        }
    }

    /// An outcome as the snapshot's run history stores it (`None` for text
    /// this build did not write).
    pub fn parse(text: &str) -> Option<Self> {
        [
            SyncOutcome::Success,
            SyncOutcome::Partial,
            SyncOutcome::Failed,
            SyncOutcome::Cancelled,
        ]
        .into_iter()
        .find(|outcome| outcome.as_str() == text)
    }
}

impl std::fmt::Display for SyncOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<RunOutcome> for SyncOutcome {
    fn from(outcome: RunOutcome) -> Self {
        match outcome {
            RunOutcome::Success => SyncOutcome::Success,
            RunOutcome::Partial => SyncOutcome::Partial,
            RunOutcome::Failed => SyncOutcome::Failed,
            RunOutcome::Cancelled => SyncOutcome::Cancelled,
        }
    }
}

impl From<SyncOutcome> for RunOutcome {
    fn from(outcome: SyncOutcome) -> Self {
        match outcome {
            SyncOutcome::Success => RunOutcome::Success,
            SyncOutcome::Partial => RunOutcome::Partial,
            SyncOutcome::Failed => RunOutcome::Failed,
            SyncOutcome::Cancelled => RunOutcome::Cancelled,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub outcome: SyncOutcome,
    pub clients: u32,
    pub members: u32,
    pub items: u32,
    pub events: u32,
    pub requests: u32,
    /// 429 answers met (the rate budget keeps this at zero in steady state).
    pub throttled: u32,
    pub duration_ms: u32,
    pub errors: Vec<ClientSyncError>,
}

impl Core {
    /// Syncs the unlocked account. Progress is reported after each client.
    #[tracing::instrument(skip_all)]
    pub async fn sync(
        &self,
        options: SyncOptions,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: CancellationToken,
    ) -> Result<SyncSummary, AppError> {
        // A list refresh (one request, e.g. after a write) may run beside a
        // full sync, as before; only full syncs are one at a time.
        let list_only = options.list_only;
        let cancel = if list_only {
            cancel
        } else {
            let mut running = self.running_sync.lock().unwrap_or_else(|p| p.into_inner());
            if running.is_some() {
                return Err(SyncError::AlreadyRunning.into());
            }
            let own = cancel.child_token();
            *running = Some(own.clone());
            own
        };
        // Frees the slot however this ends: returned, cancelled, dropped, or
        // unwound by a panic.
        let _running = (!list_only).then(|| RunningSlot(&self.running_sync));
        let unlocked = self.unlocked().await?;
        let result = self
            .sync_unlocked(&unlocked, options, progress, cancel)
            .await;
        // Whatever the outcome, a refreshed token is kept for the next
        // process (a failed sync may still have refreshed it).
        if let Err(error) = unlocked.save_tokens().await {
            tracing::warn!(%error, "could not keep the refreshed tokens");
        }
        result
    }

    async fn sync_unlocked(
        &self,
        unlocked: &Unlocked,
        options: SyncOptions,
        progress: &(dyn Fn(SyncProgress) + Send + Sync),
        cancel: CancellationToken,
    ) -> Result<SyncSummary, AppError> {
        let session = &unlocked.session;
        let client = unlocked.client.as_ref();
        let meter = RunMeter::start(client);

        let listed = tokio::select! {
            _ = cancel.cancelled() => None,
            listed = refresh_client_list(session, client) => Some(listed?),
        };
        if options.list_only || listed.is_none() {
            // No sync run is recorded: a finished run would mark an unfinished
            // full run as superseded and the next full sync would start over
            // instead of resuming. Progress has nothing to count either (the
            // list is one request), so the summary is the only report.
            let outcome = if listed.is_some() {
                SyncOutcome::Success
            } else {
                SyncOutcome::Cancelled
            };
            return Ok(meter.summary(
                outcome,
                saturating_u32(listed.unwrap_or(0)),
                &Counts::default(),
                Vec::new(),
            ));
        }
        let snapshot = &session.snapshot;
        let resume_after = snapshot.unfinished_run_start().await?;
        let clients = snapshot.clients().await?;
        let open = self.open_client();
        let planned = plan(&clients, &options.only, resume_after, open.as_deref());
        let total = saturating_u32(planned.len());
        let run = snapshot.start_run(now_ms(), i64::from(total)).await?;
        progress(SyncProgress {
            done: 0,
            total,
            current: None,
            errors: 0,
        });

        let done = AtomicU32::new(0);
        let error_count = AtomicU32::new(0);
        // The server rate limiting us past the client's patience stops the
        // run (the next clients would only meet the same answer); the run
        // stays unfinished, so the next sync resumes where this one stopped.
        let stop = cancel.child_token();
        let rate_limited: std::sync::Mutex<Option<AppError>> = std::sync::Mutex::new(None);
        let counts = Counts::default();
        let concurrency = self.config().concurrency.max(1);
        let backlog = Backlog::new(WRITE_BACKLOG_ROWS);
        let results: Vec<Option<ClientSyncError>> = futures_util::stream::iter(planned.iter().cloned())
            // Owned items: a closure over `&PlannedClient` makes the future's
            // Send-ness higher-ranked, which Tauri's async commands reject.
            .map(|planned_client: PlannedClient| {
                let cancel = stop.clone();
                let counts = &counts;
                let backlog = backlog.clone();
                async move {
                    if cancel.is_cancelled() {
                        return None;
                    }
                    let fetched = tokio::select! {
                        _ = cancel.cancelled() => return None,
                        fetched = fetch_client(session, client, &planned_client.organization_id, counts) => fetched,
                    };
                    // Held until the client is written.
                    let permit = backlog.admit(fetched.as_ref().map_or(0, ClientDetails::rows)).await;
                    Some((planned_client, fetched, permit))
                }
            })
            .buffer_unordered(concurrency)
            .filter_map(std::future::ready)
            // A client's slot is free once its answers are in: the next
            // clients are fetched while the snapshot writes, and clients
            // waiting for the writer are written together (group commit).
            .map(|(planned_client, fetched, permit)| {
                let stop = &stop;
                let rate_limited = &rate_limited;
                let done = &done;
                let error_count = &error_count;
                async move {
                    // Released once this client is written.
                    let _permit = permit;
                    let outcome = match fetched {
                        Ok(details) => snapshot
                            .apply_client_details(&planned_client.organization_id, details, now_ms())
                            .await
                            .map_err(AppError::from),
                        Err(error) => Err(error),
                    };
                    let failure = match outcome {
                        Ok(()) => None,
                        Err(error) if error.code == ErrorCode::RateLimited => {
                            tracing::warn!(organization = %planned_client.organization_id, %error, "rate limited; stopping this run");
                            *rate_limited.lock().unwrap_or_else(|p| p.into_inner()) = Some(error);
                            stop.cancel();
                            return None;
                        }
                        Err(error) => {
                            tracing::warn!(organization = %planned_client.organization_id, %error, "client sync failed; keeping its previous data");
                            let now = now_ms();
                            let code = error.code.as_str();
                            let _ = snapshot
                                .record_client_error(&planned_client.organization_id, code, &error.message, now)
                                .await;
                            let _ = snapshot
                                .record_run_error(run, Some(&planned_client.organization_id), code, &error.message, now)
                                .await;
                            error_count.fetch_add(1, Ordering::Relaxed);
                            Some(ClientSyncError {
                                organization_id: planned_client.organization_id.clone(),
                                name: planned_client.name.clone(),
                                code: error.code,
                                message: error.message,
                            })
                        }
                    };
                    let now_done = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(SyncProgress {
                        done: now_done,
                        total,
                        current: Some(planned_client.name.clone()),
                        errors: error_count.load(Ordering::Relaxed),
                    });
                    failure
                }
            })
            .buffer_unordered(WRITES_AHEAD)
            .collect()
            .await;

        let errors: Vec<ClientSyncError> = results.into_iter().flatten().collect();
        // The provider's own data — business details and billing, and for
        // provider admins its users and events — after the clients: a
        // failure here loses no client data, keeps what was stored and is
        // recorded with the run, not with a client.
        if !stop.is_cancelled() {
            for (provider, error) in sync_providers(session, client).await? {
                tracing::warn!(%provider, %error, "provider billing, users or events not synced");
                let _ = snapshot
                    .record_run_error(run, None, error.code.as_str(), &error.message, now_ms())
                    .await;
            }
        }
        let finished = done.load(Ordering::Relaxed);
        let limited = rate_limited
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(error) = limited {
            return Err(SyncError::RateLimited {
                cause: error,
                done: finished,
                total,
            }
            .into());
        }
        let outcome = if cancel.is_cancelled() {
            SyncOutcome::Cancelled
        } else if errors.is_empty() {
            SyncOutcome::Success
        } else if usize::try_from(finished).unwrap_or(0) > errors.len() {
            SyncOutcome::Partial
        } else {
            SyncOutcome::Failed
        };
        // A cancelled run stays unfinished on purpose: the next one resumes it.
        if outcome != SyncOutcome::Cancelled {
            snapshot
                .finish_run(
                    run,
                    outcome.into(),
                    i64::from(finished),
                    i64::try_from(meter.requests()).unwrap_or(i64::MAX),
                    now_ms(),
                )
                .await?;
        }
        Ok(meter.summary(outcome, finished, &counts, errors))
    }
}

struct RunningSlot<'a>(&'a std::sync::Mutex<Option<CancellationToken>>);

impl Drop for RunningSlot<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

#[derive(Default)]
struct Counts {
    members: AtomicU64,
    items: AtomicU64,
    events: AtomicU64,
}

/// What a run cost: requests and 429s since it started, and its duration.
struct RunMeter<'a> {
    client: &'a BwClient,
    requests_before: u64,
    throttled_before: u64,
    started: Instant,
}

impl<'a> RunMeter<'a> {
    fn start(client: &'a BwClient) -> Self {
        RunMeter {
            client,
            requests_before: client.request_count(),
            throttled_before: client.throttled_count(),
            started: Instant::now(),
        }
    }

    fn requests(&self) -> u64 {
        self.client
            .request_count()
            .saturating_sub(self.requests_before)
    }

    fn summary(
        &self,
        outcome: SyncOutcome,
        clients: u32,
        counts: &Counts,
        errors: Vec<ClientSyncError>,
    ) -> SyncSummary {
        let count = |n: &AtomicU64| saturating_u32(n.load(Ordering::Relaxed));
        SyncSummary {
            outcome,
            clients,
            members: count(&counts.members),
            items: count(&counts.items),
            events: count(&counts.events),
            requests: saturating_u32(self.requests()),
            throttled: saturating_u32(
                self.client
                    .throttled_count()
                    .saturating_sub(self.throttled_before),
            ),
            duration_ms: saturating_u32(self.started.elapsed().as_millis()),
            errors,
        }
    }
}

fn saturating_u32<T: TryInto<u32>>(n: T) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// The own data of each provider the account is a confirmed member of: its
/// business details and billing (what the account may see of them), and
/// for provider admins its users and event log; the providers that failed,
/// with why.
async fn sync_providers(
    session: &crate::session::Session,
    client: &bw_api::client::BwClient,
) -> Result<Vec<(String, AppError)>, AppError> {
    let mut failed = Vec::new();
    for provider in session.snapshot.providers().await? {
        if !crate::clients::providers::confirmed(&provider) {
            continue;
        }
        let admin = crate::clients::providers::is_admin(&provider);
        let result = match crate::billing::sync_provider_billing(session, client, &provider).await {
            Ok(()) if admin => sync_provider(session, client, &provider).await,
            other => other,
        };
        if let Err(error) = result {
            failed.push((provider.id.clone(), error));
        }
    }
    Ok(failed)
}

impl Core {
    /// Reads the administered providers' users (and events) again, after a
    /// change to the provider's people.
    pub(crate) async fn reread_providers(&self) {
        let Ok(unlocked) = self.unlocked().await else {
            return;
        };
        match sync_providers(&unlocked.session, unlocked.client.as_ref()).await {
            Ok(failed) => {
                for (provider, error) in failed {
                    tracing::warn!(%provider, %error, "provider users not read again");
                }
            }
            Err(error) => tracing::warn!(%error, "provider users not read again"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ALL: [SyncOutcome; 4] = [
        SyncOutcome::Success,
        SyncOutcome::Partial,
        SyncOutcome::Failed,
        SyncOutcome::Cancelled,
    ];

    #[test]
    fn outcomes_map_to_the_run_history_and_back() {
        for outcome in ALL {
            assert_eq!(SyncOutcome::from(RunOutcome::from(outcome)), outcome);
            assert_eq!(SyncOutcome::parse(outcome.as_str()), Some(outcome));
            assert_eq!(
                serde_json::to_value(outcome).unwrap(),
                json!(outcome.as_str())
            );
        }
        assert_eq!(SyncOutcome::parse("exploded"), None);
    }

    #[test]
    fn a_client_error_carries_the_error_code() {
        let error = ClientSyncError {
            organization_id: "org".into(),
            name: "Acme".into(),
            code: ErrorCode::ServerError,
            message: "The server failed.".into(),
        };
        assert_eq!(
            serde_json::to_value(&error).unwrap()["code"],
            json!("server_error")
        );
    }
}
