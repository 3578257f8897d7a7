//! Sync: the client list first, then every client's details, within the
//! server's rate limits, one transaction per client.
//!
//! Shape: fetch the list → plan (a pure function: which clients, in which
//! order) → apply with bounded concurrency. A client that fails keeps its
//! previous snapshot and records the error; a cancelled or killed run loses
//! nothing, and the next run skips clients the unfinished one completed.

use crate::core::{Core, META_USER_ID, Unlocked};
use crate::error::{AppError, ErrorCode};
use crate::session::Session;
use crate::time::{iso8601, now_ms};
use bw_api::client::{
    ApiError, BwClient, Cipher, Member, Named, Policy, ProfileOrganization, ProfileProvider,
    ProviderOrganization, Raw,
};
use bw_crypto::{EncString, RsaPrivateKey, SymmetricKey, client_org};
use desk_cache::{
    ClientDetails, ClientListRow, ClientRow, ClientSource, EventRow, ItemRow, MemberRow, NamedRow,
    PolicyRow, ProviderRow, RunOutcome,
};
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::Value;
use specta::Type;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// How far back the first sync of a client reads events.
pub const FIRST_EVENTS_DAYS: i64 = 90;
/// Events pages followed per client and run, whatever the server says.
const MAX_EVENT_PAGES: usize = 2_000;

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
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub outcome: String,
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

/// One client's place in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedClient {
    pub organization_id: String,
    pub name: String,
}

/// Which clients to sync, in which order: never-synced first, then the
/// stalest; clients the unfinished previous run already completed are skipped.
pub fn plan(
    clients: &[ClientRow],
    only: &[String],
    resume_after: Option<i64>,
) -> Vec<PlannedClient> {
    let mut chosen: Vec<&ClientRow> = clients
        .iter()
        .filter(|c| only.is_empty() || only.contains(&c.list.organization_id))
        .filter(|c| match (resume_after, c.synced_at) {
            (Some(started), Some(synced)) => synced < started,
            _ => true,
        })
        .collect();
    chosen.sort_by_key(|c| {
        (
            c.synced_at.is_some(),
            c.synced_at.unwrap_or(0),
            c.list.name.to_lowercase(),
        )
    });
    chosen
        .into_iter()
        .map(|c| PlannedClient {
            organization_id: c.list.organization_id.clone(),
            name: c.list.name.clone(),
        })
        .collect()
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
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "A sync is already running; wait for it or cancel it.",
                ));
            }
            let own = cancel.child_token();
            *running = Some(own.clone());
            own
        };
        // Frees the slot however this ends: returned, cancelled, dropped, or
        // unwound by a panic.
        let _running = (!list_only).then(|| RunningSlot(&self.running_sync));
        let guard = self.unlocked.read().await;
        let unlocked = guard
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::Locked, "Unlock Provider Desk to sync."))?;
        let result = self
            .sync_unlocked(unlocked, options, progress, cancel)
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
                RunOutcome::Success
            } else {
                RunOutcome::Cancelled
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
        let planned = plan(&clients, &options.only, resume_after);
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
        let results: Vec<Option<ClientSyncError>> = futures_util::stream::iter(planned.iter().cloned())
            // Owned items: a closure over `&PlannedClient` makes the future's
            // Send-ness higher-ranked, which Tauri's async commands reject.
            .map(|planned_client: PlannedClient| {
                let cancel = stop.clone();
                let stop = &stop;
                let rate_limited = &rate_limited;
                let done = &done;
                let error_count = &error_count;
                let counts = &counts;
                async move {
                    if cancel.is_cancelled() {
                        return None;
                    }
                    let outcome = tokio::select! {
                        _ = cancel.cancelled() => return None,
                        outcome = sync_client(session, client, &planned_client.organization_id, counts) => outcome,
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
                                code: code.to_owned(),
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
            .buffer_unordered(concurrency)
            .collect()
            .await;

        let errors: Vec<ClientSyncError> = results.into_iter().flatten().collect();
        let finished = done.load(Ordering::Relaxed);
        let limited = rate_limited
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(error) = limited {
            return Err(AppError::new(
                ErrorCode::RateLimited,
                format!(
                    "{} Synced {finished} of {total} clients; the next sync continues with the rest.",
                    error.message
                ),
            ));
        }
        let outcome = if cancel.is_cancelled() {
            RunOutcome::Cancelled
        } else if errors.is_empty() {
            RunOutcome::Success
        } else if usize::try_from(finished).unwrap_or(0) > errors.len() {
            RunOutcome::Partial
        } else {
            RunOutcome::Failed
        };
        // A cancelled run stays unfinished on purpose: the next one resumes it.
        if outcome != RunOutcome::Cancelled {
            snapshot
                .finish_run(
                    run,
                    outcome,
                    i64::from(finished),
                    i64::try_from(meter.requests()).unwrap_or(i64::MAX),
                    now_ms(),
                )
                .await?;
        }
        Ok(meter.summary(outcome, finished, &counts, errors))
    }
}

fn outcome_name(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Success => "success",
        RunOutcome::Partial => "partial",
        RunOutcome::Failed => "failed",
        RunOutcome::Cancelled => "cancelled",
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
        outcome: RunOutcome,
        clients: u32,
        counts: &Counts,
        errors: Vec<ClientSyncError>,
    ) -> SyncSummary {
        let count = |n: &AtomicU64| saturating_u32(n.load(Ordering::Relaxed));
        SyncSummary {
            outcome: outcome_name(outcome).to_owned(),
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

/// The profile (keys, providers, direct memberships) and each provider's
/// client list: a handful of requests, always first. Returns how many
/// clients the list now holds.
#[tracing::instrument(skip_all)]
async fn refresh_client_list(session: &Session, client: &BwClient) -> Result<usize, AppError> {
    let (profile, raw_profile) = client.profile().await?;
    let snapshot = &session.snapshot;
    let now = now_ms();
    snapshot.set_meta(META_USER_ID, &profile.id).await?;
    let private_key = session.keys.private_key();

    let mut providers = Vec::new();
    for (i, provider) in profile.providers.iter().enumerate() {
        // Only confirmed memberships carry a key; others cannot reach clients.
        if let (Some(private), Some(key)) = (private_key, provider.key.as_deref()) {
            session
                .keys
                .insert_provider(provider.id.clone(), KeyWrap::Rsa(private).open(key)?);
        }
        providers.push(ProviderRow {
            id: provider.id.clone(),
            name: provider.name.clone().unwrap_or_default(),
            user_type: provider.user_type,
            status: provider.status,
            use_events: provider.use_events,
            raw: raw_entry(&raw_profile, "providers", i),
        });
    }
    snapshot.replace_providers(&providers, now).await?;

    let mut provider_orgs = HashSet::new();
    let mut listed = 0;
    for provider in &providers {
        let path = format!("providers/{}/organizations", provider.id);
        let list = client.get_list::<ProviderOrganization>(&path).await?;
        // Validated whole before it replaces the stored list.
        for (i, Raw { value: org, .. }) in list.iter().enumerate() {
            check_seat_figures(
                &path,
                i,
                [org.seats, org.occupied_seats, org.remaining_seats],
            )?;
        }
        let provider_key = session.keys.provider(&provider.id);
        let mut rows = Vec::with_capacity(list.len());
        for Raw { value: org, raw } in list {
            if let (Some(provider_key), Some(wrapped)) = (&provider_key, org.key.as_deref()) {
                open_org_key(
                    session,
                    &org.organization_id,
                    wrapped,
                    KeyWrap::Provider(provider_key),
                );
            }
            provider_orgs.insert(org.organization_id.clone());
            rows.push(ClientListRow {
                organization_id: org.organization_id.clone(),
                source: ClientSource::Provider,
                provider_id: Some(provider.id.clone()),
                provider_organization_id: Some(org.id.clone()),
                name: org.organization_name.clone().unwrap_or_default(),
                plan: org.plan.clone(),
                plan_type: None,
                status: None,
                seats: org.seats,
                occupied_seats: org.occupied_seats,
                remaining_seats: org.remaining_seats,
                user_count: org.user_count,
                wrapped_key: org.key.clone(),
                raw: raw.to_string(),
            });
        }
        listed += rows.len();
        snapshot
            .replace_client_list(ClientSource::Provider, Some(&provider.id), &rows, now)
            .await?;
    }

    // Organizations administered directly (Owner or Admin, confirmed), unless
    // a provider already lists them (the provider entry wins, as in Bitwarden).
    let mut direct = Vec::new();
    for (i, org) in profile.organizations.iter().enumerate() {
        if provider_orgs.contains(&org.id) || !administers(org) {
            continue;
        }
        if let (Some(private), Some(key)) = (private_key, org.key.as_deref()) {
            open_org_key(session, &org.id, key, KeyWrap::Rsa(private));
        }
        direct.push(ClientListRow {
            organization_id: org.id.clone(),
            source: ClientSource::Direct,
            provider_id: None,
            provider_organization_id: None,
            name: org.name.clone().unwrap_or_default(),
            plan: None,
            plan_type: org.product_tier_type,
            status: None,
            seats: org.seats,
            occupied_seats: None,
            remaining_seats: None,
            user_count: None,
            wrapped_key: org.key.clone(),
            raw: raw_entry(&raw_profile, "organizations", i),
        });
    }
    listed += direct.len();
    snapshot
        .replace_client_list(ClientSource::Direct, None, &direct, now)
        .await?;
    Ok(listed)
}

/// More seats than any organization has: a figure past it is a server fault.
const MAX_SEATS: i64 = 10_000_000;

/// Seat figures are counts: negative or absurd ones mean the answer is not
/// to be trusted, and it must not replace the client list we have.
fn check_seat_figures(path: &str, index: usize, figures: [Option<i64>; 3]) -> Result<(), AppError> {
    match figures
        .into_iter()
        .flatten()
        .find(|n| !(0..=MAX_SEATS).contains(n))
    {
        Some(bad) => Err(AppError::new(
            ErrorCode::ServerError,
            format!(
                "the server's answer to {path} is not what Bitwarden sends, at data[{index}]: a seat count of {bad}; the client list was kept as it was"
            ),
        )),
        None => Ok(()),
    }
}

/// One entry of a list in the profile, as the server sent it.
fn raw_entry(profile: &Value, list: &str, index: usize) -> String {
    profile
        .get(list)
        .and_then(|entries| entries.get(index))
        .map(Value::to_string)
        .unwrap_or_default()
}

/// What a provider or client key is wrapped with.
enum KeyWrap<'a> {
    /// A provider client's organization key: the provider's key (type 2).
    Provider(&'a SymmetricKey),
    /// A provider's key, or a direct membership's organization key: the
    /// user's public key (type 4), opened with the private key.
    Rsa(&'a RsaPrivateKey),
}

impl KeyWrap<'_> {
    fn open(&self, wrapped: &str) -> Result<SymmetricKey, AppError> {
        let wrapped = wrapped.parse::<EncString>()?;
        Ok(match self {
            KeyWrap::Provider(key) => client_org::unwrap_org_key(key, &wrapped)?,
            KeyWrap::Rsa(private) => private.decapsulate(&wrapped)?,
        })
    }
}

/// Puts a client's organization key in the key ring. A key that does not
/// open is logged and left out: the client is still listed (seats are plain
/// data); only its items cannot be read.
fn open_org_key(session: &Session, organization_id: &str, wrapped: &str, wrap: KeyWrap<'_>) {
    match wrap.open(wrapped) {
        Ok(key) => session
            .keys
            .insert_organization(organization_id.to_owned(), key),
        Err(error) => {
            tracing::warn!(organization = %organization_id, %error, "client key does not open")
        }
    }
}

impl Core {
    /// Opens the provider and client keys the snapshot keeps wrapped (the
    /// profile's provider entries, each client row's organization key), so
    /// items decrypt in a process that has not synced since unlocking: an
    /// offline unlock, or a new `pdesk` process. Sync puts the same keys in
    /// the key ring from the server's answers; this is the offline path to
    /// them. Keys already open are kept; keys that do not open are skipped.
    #[tracing::instrument(skip_all)]
    pub async fn open_snapshot_keys(&self) -> Result<(), AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::Locked, "Unlock Provider Desk first."))?;
        let session = &unlocked.session;
        let snapshot = &session.snapshot;
        let keys = &session.keys;
        if let Some(private) = keys.private_key() {
            for provider in snapshot.providers().await? {
                if keys.provider(&provider.id).is_some() {
                    continue;
                }
                // The profile's provider entry, read as sync reads it.
                let Some(wrapped) = serde_json::from_str::<ProfileProvider>(&provider.raw)
                    .ok()
                    .and_then(|entry| entry.key)
                else {
                    continue;
                };
                match KeyWrap::Rsa(private).open(&wrapped) {
                    Ok(key) => keys.insert_provider(provider.id, key),
                    Err(error) => {
                        tracing::warn!(provider = %provider.id, %error, "provider key does not open")
                    }
                }
            }
        }
        for client in snapshot.clients().await? {
            let list = client.list;
            let Some(wrapped) = list.wrapped_key.as_deref() else {
                continue;
            };
            if keys.organization(&list.organization_id).is_some() {
                continue;
            }
            let provider_key = match (list.source, list.provider_id.as_deref()) {
                (ClientSource::Provider, Some(provider_id)) => keys.provider(provider_id),
                _ => None,
            };
            let wrap = match list.source {
                ClientSource::Provider => provider_key.as_deref().map(KeyWrap::Provider),
                ClientSource::Direct => keys.private_key().map(KeyWrap::Rsa),
            };
            if let Some(wrap) = wrap {
                open_org_key(session, &list.organization_id, wrapped, wrap);
            }
        }
        Ok(())
    }
}

fn administers(org: &ProfileOrganization) -> bool {
    const CONFIRMED: i64 = 2;
    matches!(org.member_type, 0 | 1) && org.status == CONFIRMED && org.enabled
}

/// Fetches one client's details and writes them in one transaction.
async fn sync_client(
    session: &Session,
    client: &BwClient,
    org: &str,
    counts: &Counts,
) -> Result<(), AppError> {
    let members = client
        .get_list::<Member>(&format!(
            "organizations/{org}/users?includeGroups=true&includeCollections=true"
        ))
        .await?;
    let groups = client
        .get_list::<Named>(&format!("organizations/{org}/groups"))
        .await?;
    let collections = client
        .get_list::<Named>(&format!("organizations/{org}/collections/details"))
        .await?;
    let policies = client
        .get_list::<Policy>(&format!("organizations/{org}/policies"))
        .await?;
    let items = client
        .get_list::<Cipher>(&format!(
            "ciphers/organization-details?organizationId={org}"
        ))
        .await?;
    let (events, events_until) = fetch_events(session, client, org).await?;
    // Consolidated-billing clients may have no subscription of their own.
    let billing = match client
        .get_value(&format!("organizations/{org}/subscription"))
        .await
    {
        Ok(value) => Some(value.to_string()),
        Err(ApiError::NotFound(_) | ApiError::BadRequest(_) | ApiError::Forbidden(_)) => None,
        Err(other) => return Err(other.into()),
    };

    let details = ClientDetails {
        members: members
            .into_iter()
            .map(|Raw { value: m, raw }| MemberRow {
                id: m.id,
                user_id: m.user_id,
                email: m.email,
                name: m.name,
                member_type: m.member_type,
                status: m.status,
                two_factor: m.two_factor_enabled,
                recovery_enrolled: m.reset_password_enrolled,
                raw: raw.to_string(),
            })
            .collect(),
        groups: named_rows(groups),
        collections: named_rows(collections),
        policies: policies
            .into_iter()
            .map(|Raw { value: p, raw }| PolicyRow {
                policy_type: p.policy_type,
                enabled: p.enabled,
                raw: raw.to_string(),
            })
            .collect(),
        items: items
            .into_iter()
            .map(|Raw { value: c, raw }| ItemRow {
                id: c.id,
                item_type: c.cipher_type,
                revision_date: c.revision_date,
                raw: raw.to_string(),
            })
            .collect(),
        events,
        events_until: Some(events_until),
        billing,
    };
    counts
        .members
        .fetch_add(details.members.len() as u64, Ordering::Relaxed);
    counts
        .items
        .fetch_add(details.items.len() as u64, Ordering::Relaxed);
    counts
        .events
        .fetch_add(details.events.len() as u64, Ordering::Relaxed);
    session
        .snapshot
        .apply_client_details(org, &details, now_ms())
        .await?;
    Ok(())
}

fn named_rows(rows: Vec<Raw<Named>>) -> Vec<NamedRow> {
    rows.into_iter()
        .map(|Raw { value, raw }| NamedRow {
            id: value.id,
            name: value.name,
            raw: raw.to_string(),
        })
        .collect()
}

/// New events since the last sync, following continuation tokens. Servers
/// repeat pages and hand back tokens that do not advance (events sharing one
/// timestamp), so items are deduplicated and a repeated token ends paging.
async fn fetch_events(
    session: &Session,
    client: &BwClient,
    org: &str,
) -> Result<(Vec<EventRow>, String), AppError> {
    let now = now_ms();
    let end = iso8601(now);
    let start = match session.snapshot.events_until(org).await? {
        Some(until) => until,
        None => iso8601(now - FIRST_EVENTS_DAYS * 86_400_000),
    };
    let path = format!("organizations/{org}/events");
    let mut token: Option<String> = None;
    let mut seen_tokens = HashSet::new();
    let mut seen_events = HashSet::new();
    let mut events = Vec::new();
    for _ in 0..MAX_EVENT_PAGES {
        let page = client
            .events_page(&path, &start, &end, token.as_deref())
            .await?;
        let before = events.len();
        let page_len = page.events.len();
        for Raw { value, raw } in page.events {
            let text = raw.to_string();
            if seen_events.insert(text.clone()) {
                events.push(EventRow {
                    date: value.date,
                    event_type: value.event_type,
                    raw: text,
                });
            }
        }
        // A page of nothing new means the server is going round in circles
        // with fresh tokens; its next pages cannot hold anything either.
        if page_len > 0 && events.len() == before {
            break;
        }
        match page.continuation_token {
            Some(next) if seen_tokens.insert(next.clone()) => token = Some(next),
            _ => break,
        }
    }
    Ok((events, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, synced_at: Option<i64>) -> ClientRow {
        ClientRow {
            list: ClientListRow {
                organization_id: id.into(),
                source: ClientSource::Provider,
                provider_id: None,
                provider_organization_id: None,
                name: name.into(),
                plan: None,
                plan_type: None,
                status: None,
                seats: None,
                occupied_seats: None,
                remaining_seats: None,
                user_count: None,
                wrapped_key: None,
                raw: String::new(),
            },
            listed_at: 0,
            synced_at,
            last_error: None,
        }
    }

    fn ids(plan: &[PlannedClient]) -> Vec<&str> {
        plan.iter().map(|p| p.organization_id.as_str()).collect()
    }

    #[test]
    fn never_synced_first_then_stalest() {
        let clients = [
            row("a", "A", Some(300)),
            row("b", "B", None),
            row("c", "C", Some(100)),
            row("d", "D", None),
        ];
        assert_eq!(ids(&plan(&clients, &[], None)), ["b", "d", "c", "a"]);
    }

    #[test]
    fn resuming_skips_what_the_unfinished_run_completed() {
        let clients = [
            row("a", "A", Some(500)),
            row("b", "B", Some(100)),
            row("c", "C", None),
        ];
        // The unfinished run started at 400: "a" was done by it.
        assert_eq!(ids(&plan(&clients, &[], Some(400))), ["c", "b"]);
    }

    #[test]
    fn only_selects_the_requested_clients() {
        let clients = [row("a", "A", None), row("b", "B", None)];
        assert_eq!(ids(&plan(&clients, &["b".to_owned()], None)), ["b"]);
    }
}
