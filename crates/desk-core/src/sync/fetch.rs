//! What one sync reads from the server: the profile and client lists
//! first, then each client's details. Every answer is validated before it
//! replaces anything in the snapshot.
//!
//! Each thing is fetched once: the profile from `accounts/profile` (not
//! `sync`, which would also download the personal vault and every org item
//! the user is a member for), client items from the org routes.

use super::{Counts, SyncError};
use crate::core::META_USER_ID;
use crate::error::AppError;
use crate::keys::{KeyWrap, open_org_key};
use crate::session::Session;
use crate::time::{iso8601, now_ms};
use bw_api::client::{ApiError, BwClient};
use bw_api::wire::Raw;
use bw_api::wire::account::ProfileOrganization;
use bw_api::wire::events::EventRange;
use bw_api::wire::members::OrganizationUserDetails;
use desk_cache::{
    ClientDetails, ClientListRow, ClientSource, EventRow, ItemRow, MemberKeyRow, MemberRow,
    NamedRow, PolicyRow, ProviderDetails, ProviderRow, ProviderUserRow,
};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::sync::atomic::Ordering;

/// The profile (keys, providers, direct memberships) and each provider's
/// client list: a handful of requests, always first. Returns how many
/// clients the list now holds.
#[tracing::instrument(skip_all)]
pub(super) async fn refresh_client_list(
    session: &Session,
    client: &BwClient,
) -> Result<usize, AppError> {
    let Raw {
        value: profile,
        raw: raw_profile,
    } = client.profile().await?;
    // Checked JSON already (one answer a sync): the lists' entries are
    // stored one by one.
    let raw_profile: Value = serde_json::from_str(raw_profile.get()).unwrap_or(Value::Null);
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
            name: provider.name.clone(),
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
        let list = client.provider_clients(&provider.id).await?;
        // Validated whole before it replaces the stored list.
        for (i, Raw { value: org, .. }) in list.iter().enumerate() {
            check_seat_figures(
                &provider.id,
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
                name: org.organization_name.clone(),
                plan: org.plan.clone(),
                plan_type: None,
                status: None,
                seats: org.seats,
                occupied_seats: org.occupied_seats,
                remaining_seats: org.remaining_seats,
                user_count: org.user_count,
                wrapped_key: org.key.clone(),
                raw: raw.get().to_owned(),
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
            name: org.name.clone(),
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
fn check_seat_figures(
    provider_id: &str,
    index: usize,
    figures: [Option<i64>; 3],
) -> Result<(), AppError> {
    match figures
        .into_iter()
        .flatten()
        .find(|n| !(0..=MAX_SEATS).contains(n))
    {
        Some(value) => Err(SyncError::AbsurdSeatCount {
            provider_id: provider_id.to_owned(),
            index,
            value,
        }
        .into()),
        None => Ok(()),
    }
}

/// An event as stored: its JSON with sorted keys, printed compactly.
/// Events have no id; the snapshot keeps each once under a digest of this
/// text (schema 4 on), so the same event read again, in another key order
/// or spacing, is not stored twice.
fn normalized_event(raw: &RawValue) -> String {
    // Cannot fail for text bw-api decoded an event from; kept as sent.
    super::canonical::canonical_json(raw.get()).unwrap_or_else(|_| raw.get().to_owned())
}

/// One entry of a list in the profile, as the server sent it.
fn raw_entry(profile: &Value, list: &str, index: usize) -> String {
    profile
        .get(list)
        .and_then(|entries| entries.get(index))
        .map(Value::to_string)
        .unwrap_or_default()
}

fn administers(org: &ProfileOrganization) -> bool {
    const CONFIRMED: i64 = 2;
    matches!(org.member_type, 0 | 1) && org.status == CONFIRMED && org.enabled
}

/// Fetches one client's details; the caller writes them (in one
/// transaction, see `Snapshot::apply_client_details`).
pub(super) async fn fetch_client(
    session: &Session,
    client: &BwClient,
    org: &str,
    counts: &Counts,
) -> Result<ClientDetails, AppError> {
    let members = client.members(org).await?;
    // The other reads do not depend on each other: asked together, a
    // client's sync waits for its slowest answer, not for the sum of them
    // (the budget still paces every request).
    let (groups, collections, member_keys, policies, (items, items_refused), events, billing) = tokio::try_join!(
        async {
            // With their collections where the account may see them (admins
            // and managers of users or groups), else the plain list.
            match client.group_details(org).await {
                Err(e) if e.is_denied() => client.groups(org).await,
                other => other,
            }
            .map_err(AppError::from)
        },
        async { client.collection_details(org).await.map_err(AppError::from) },
        member_keys(session, client, org, &members),
        async { client.policies(org).await.map_err(AppError::from) },
        async {
            // Since 2024.7 Bitwarden refuses to list a client's items to
            // provider users who are not its members: the client is marked,
            // its members, policies and events still sync, and the items
            // kept stay as they were.
            match client.organization_ciphers(org).await {
                Ok(items) => Ok((items, false)),
                Err(e) if e.is_denied() => Ok((Vec::new(), true)),
                Err(other) => Err(AppError::from(other)),
            }
        },
        async {
            let previous_end = session.snapshot.events_until(org).await?;
            new_events(client, EventLog::Organization(org), previous_end).await
        },
        async {
            // Consolidated-billing clients have no subscription of their
            // own; a self-hosted server has no billing at all: its refusal
            // is kept, in its own words, for the Billing page.
            match client.organization_subscription(org).await {
                Ok(subscription) => Ok((Some(subscription.raw.get().to_owned()), None)),
                Err(error) => match refusal(&error) {
                    Some(reason) => Ok((None, Some(reason))),
                    None => Err(AppError::from(error)),
                },
            }
        },
    )?;
    let (events, events_until, event_gaps) = events;
    let (billing, billing_error) = billing;

    let details = ClientDetails {
        member_keys,
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
                raw: raw.get().to_owned(),
            })
            .collect(),
        groups: groups
            .into_iter()
            .map(|Raw { value, raw }| named_row(value.id, value.name, &raw))
            .collect(),
        collections: collections
            .into_iter()
            .map(|Raw { value, raw }| named_row(value.id, value.name, &raw))
            .collect(),
        policies: policies
            .into_iter()
            .map(|Raw { value: p, raw }| PolicyRow {
                policy_type: p.policy_type,
                enabled: p.enabled,
                raw: raw.get().to_owned(),
            })
            .collect(),
        items: items
            .into_iter()
            .map(|Raw { value: c, raw }| ItemRow {
                id: c.id,
                item_type: c.cipher_type,
                revision_date: c.revision_date,
                raw: raw.get().to_owned(),
            })
            .collect(),
        items_refused,
        events,
        events_until: Some(events_until),
        event_gaps,
        billing,
        billing_error,
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
    Ok(details)
}

/// Keys of members waiting for confirmation, so confirming offline can show
/// a fingerprint (checked against the server before it is sent). Extra, not
/// essential: a failure here keeps the rest of the sync. The keys route is a
/// POST, counted against the write budget: only members not seen before are
/// asked for (a key that changed since is caught when the confirm is checked
/// before it is sent).
async fn member_keys(
    session: &Session,
    client: &BwClient,
    org: &str,
    members: &[Raw<OrganizationUserDetails>],
) -> Result<Vec<MemberKeyRow>, AppError> {
    let accepted: Vec<&str> = members
        .iter()
        .filter(|m| m.value.status == 1)
        .map(|m| m.value.id.as_str())
        .collect();
    let mut member_keys: Vec<MemberKeyRow> = session
        .snapshot
        .member_keys(org)
        .await?
        .into_iter()
        .filter(|k| accepted.contains(&k.member_id.as_str()))
        .collect();
    let unseen: Vec<String> = accepted
        .iter()
        .filter(|id| !member_keys.iter().any(|k| k.member_id == **id))
        .map(|id| (*id).to_owned())
        .collect();
    if !unseen.is_empty() {
        match client.member_public_keys(org, &unseen).await {
            Ok(keys) => member_keys.extend(
                keys.into_iter()
                    .filter(|k| !k.key.trim().is_empty() && unseen.contains(&k.id))
                    .map(|k| MemberKeyRow {
                        member_id: k.id,
                        user_id: k.user_id,
                        public_key: k.key,
                    }),
            ),
            Err(error) => {
                tracing::warn!(%error, "members' public keys not read; confirming needs the server");
            }
        }
    }
    Ok(member_keys)
}

/// A group (plain name) or collection (EncString name) row.
fn named_row(id: String, name: String, raw: &RawValue) -> NamedRow {
    NamedRow {
        id,
        name,
        raw: raw.get().to_owned(),
    }
}

/// Where a run's event window starts: [`EVENT_OVERLAP_MS`] before the
/// previous run's end, or [`FIRST_EVENTS_DAYS`] back for a log never read.
fn events_start(previous_end: Option<String>, now: i64) -> String {
    match previous_end {
        Some(until) => match crate::time::parse_iso8601_ms(&until) {
            Some(ms) => iso8601(ms - EVENT_OVERLAP_MS),
            None => until,
        },
        None => iso8601(now - FIRST_EVENTS_DAYS * 86_400_000),
    }
}

/// New events since the last sync, following continuation tokens.
///
/// Bitwarden writes events asynchronously, so an event can land with a date
/// just before the previous run's end: each run starts [`EVENT_OVERLAP_MS`]
/// earlier, and the snapshot stores an event once (its key is a digest of
/// the event). Servers repeat pages and hand back tokens that do not advance
/// (events sharing one instant), so items are deduplicated, a repeated token
/// ends paging, and a page with nothing new ends it too. Past
/// [`MAX_EVENT_PAGES`] pages the run stops and returns the range it could not
/// read whole (pages run newest first: from the window's start to the oldest
/// event read), which the Events page shows.
async fn new_events(
    client: &BwClient,
    log: EventLog<'_>,
    previous_end: Option<String>,
) -> Result<(Vec<EventRow>, String, Vec<(String, String)>), AppError> {
    let now = now_ms();
    let end = iso8601(now);
    let start = events_start(previous_end, now);
    let (events, gaps) = page_events(&start, &end, MAX_EVENT_PAGES, |window_end, token| {
        let start = start.clone();
        async move {
            let range = EventRange {
                start: &start,
                end: &window_end,
                continuation: token.as_deref(),
            };
            match log {
                EventLog::Organization(id) => client.organization_events(id, range).await,
                EventLog::Provider(id) => client.provider_events(id, range).await,
            }
        }
    })
    .await?;
    Ok((events, end, gaps))
}

/// Whose event log [`new_events`] reads: a client organization's or the
/// provider's. Both routes page the same way.
#[derive(Clone, Copy)]
enum EventLog<'a> {
    Organization(&'a str),
    Provider(&'a str),
}

/// Follows an events route's pages (see [`new_events`]). Returns the new
/// events and the ranges that may be incomplete.
///
/// When a server stops making progress — it hands back a token it gave
/// before, or a page holds nothing new — paging restarts without a token
/// with the window's end moved to the oldest event read so far (inclusive:
/// the snapshot stores an event once). A server that ignores tokens is read
/// whole this way. When even that cannot move (more events on one instant
/// than a page holds), the end steps 1 ms below that instant and the
/// instant is reported as a gap. Past `max_pages` pages, the range from the
/// window's start to the oldest event read is reported as a gap.
pub(crate) async fn page_events<F, Fut>(
    start: &str,
    end: &str,
    max_pages: usize,
    mut fetch: F,
) -> Result<(Vec<EventRow>, Vec<(String, String)>), AppError>
where
    F: FnMut(String, Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<bw_api::wire::events::EventPage, ApiError>>,
{
    let start_ms = crate::time::parse_iso8601_ms(start);
    let mut window_end = end.to_owned();
    let mut token: Option<String> = None;
    let mut seen_tokens = HashSet::new();
    let mut seen_events = HashSet::new();
    let mut events: Vec<EventRow> = Vec::new();
    let mut gaps = Vec::new();
    // The oldest event read, as (ms, date as sent).
    let mut oldest: Option<(i64, String)> = None;
    for _ in 0..max_pages {
        let page = fetch(window_end.clone(), token.clone()).await?;
        let before = events.len();
        let page_len = page.events.len();
        for Raw { value, raw } in page.events {
            let text = normalized_event(&raw);
            if seen_events.insert(text.clone()) {
                if let Some(ms) = crate::time::parse_iso8601_ms(&value.date)
                    && oldest.as_ref().is_none_or(|(o, _)| ms < *o)
                {
                    oldest = Some((ms, value.date.clone()));
                }
                events.push(EventRow {
                    date: value.date,
                    event_type: value.event_type,
                    raw: text,
                });
            }
        }
        let stuck = match &page.continuation_token {
            None => return Ok((events, gaps)),
            Some(next) => {
                (page_len > 0 && events.len() == before) || !seen_tokens.insert(next.clone())
            }
        };
        if !stuck {
            token = page.continuation_token;
            continue;
        }
        // No progress through tokens: narrow the window instead.
        let Some((oldest_ms, oldest_date)) = oldest.clone() else {
            return Ok((events, gaps));
        };
        let end_ms = crate::time::parse_iso8601_ms(&window_end);
        let next_end = if end_ms.is_some_and(|e| oldest_ms < e) {
            oldest_date
        } else {
            // Every event of this instant the server will give is read.
            gaps.push((oldest_date.clone(), oldest_date));
            iso8601(oldest_ms - 1)
        };
        if start_ms.is_some_and(|s| crate::time::parse_iso8601_ms(&next_end).is_some_and(|e| e < s))
        {
            return Ok((events, gaps));
        }
        window_end = next_end;
        token = None;
        seen_tokens.clear();
    }
    let oldest = oldest.map(|(_, d)| d).unwrap_or_else(|| end.to_owned());
    gaps.push((start.to_owned(), oldest));
    Ok((events, gaps))
}

/// The provider's own users and event log (provider admins may read them).
/// A service user is not asked: Bitwarden answers 404.
#[tracing::instrument(skip_all)]
pub(super) async fn sync_provider(
    session: &Session,
    client: &BwClient,
    provider: &ProviderRow,
) -> Result<(), AppError> {
    let users = match client.provider_users(&provider.id).await {
        Ok(list) => Some(
            list.into_iter()
                .map(|Raw { value: u, raw }| ProviderUserRow {
                    id: u.id,
                    user_id: u.user_id,
                    email: u.email,
                    name: u.name.flatten(),
                    user_type: u.user_type,
                    status: u.status,
                    raw: raw.get().to_owned(),
                })
                .collect(),
        ),
        Err(e) if e.is_denied() => None,
        Err(other) => return Err(other.into()),
    };
    let (events, events_until, event_gaps) = if provider.use_events {
        let previous_end = session.snapshot.provider_events_until(&provider.id).await?;
        let (events, end, gaps) =
            new_events(client, EventLog::Provider(&provider.id), previous_end).await?;
        (events, Some(end), gaps)
    } else {
        (Vec::new(), None, Vec::new())
    };
    session
        .snapshot
        .apply_provider_details(
            &provider.id,
            &ProviderDetails {
                users,
                events,
                events_until,
                event_gaps,
            },
            now_ms(),
        )
        .await?;
    Ok(())
}

/// How far before the previous run's end each run starts reading events
/// (Bitwarden stores them asynchronously, so late ones appear in the past).
pub const EVENT_OVERLAP_MS: i64 = 10 * 60 * 1000;

/// How far back the first sync of a client reads events.
pub const FIRST_EVENTS_DAYS: i64 = 90;

/// Events pages followed per client and run, whatever the server says.
pub const MAX_EVENT_PAGES: usize = 10_000;

/// The server's refusal of a read, in its own words where it gave some: a
/// refusal is an answer to keep (the page says it), anything else fails the
/// sync of that part and keeps what was stored.
pub(crate) fn refusal(error: &ApiError) -> Option<String> {
    let (text, fallback) = match error {
        ApiError::BadRequest(text) => (text, "The server refused the request."),
        ApiError::Forbidden(text) => (text, "The server does not allow this for your account."),
        ApiError::Refused => {
            return Some("The server does not allow this for your account.".to_owned());
        }
        ApiError::NotFound(text) => (text, "The server does not offer this."),
        _ => return None,
    };
    let text = text.trim();
    Some(if text.is_empty() {
        fallback.to_owned()
    } else {
        text.to_owned()
    })
}
