//! The Provider Portal's use cases beyond one client's lists: the session as
//! front ends show it, the dashboard, one client's overview, and the writes a
//! provider makes to its clients (create, seats, name).
//!
//! The dashboard's rules (what counts as nearly full or stale) live here, not
//! in the UI, so the desktop app and `pdesk` agree.

use crate::core::{AccountSummary, Core};
use crate::error::{AppError, ErrorCode};
use crate::sync::SyncOptions;
use crate::time::{iso8601, now_ms};
use crate::views::{ClientView, locked};
use bw_api::client::Method;
use bw_crypto::{client_org, collection::DEFAULT_COLLECTION_NAME};
use desk_cache::{ClientRow, ClientSource};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;
use tokio_util::sync::CancellationToken;

/// Clients at or above this share of their assigned seats are "nearly full".
pub const NEARLY_FULL_PERCENT: u32 = 90;
/// Clients whose details are older than this are "not synced recently".
pub const STALE_AFTER_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// How many clients the seat-use chart shows.
pub const CHART_TOP: usize = 20;
/// Bitwarden limits organization names to 50 characters.
const MAX_NAME_CHARS: usize = 50;

/// Where an account lives, as sign-in screens offer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServerChoice {
    /// The sandbox built into the desktop app.
    Demo,
    Us,
    Eu,
    SelfHosted {
        url: String,
    },
}

impl ServerChoice {
    /// The `server` text `Core::login` takes.
    pub fn as_server(&self) -> String {
        match self {
            ServerChoice::Demo => crate::core::DEMO_SERVER.to_owned(),
            ServerChoice::Us => "us".to_owned(),
            ServerChoice::Eu => "eu".to_owned(),
            ServerChoice::SelfHosted { url } => url.trim().to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// No account on this machine can be unlocked: sign in.
    SignedOut,
    /// An account's snapshot is on disk; the master password opens it.
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LastSync {
    pub finished_at: String,
    /// `success`, `partial`, `failed` or `cancelled`.
    pub outcome: String,
    pub errors: u32,
}

/// Who is signed in and whether the keys are in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub status: SessionStatus,
    /// The unlocked account, else the account the lock screen offers.
    pub account: Option<AccountSummary>,
    /// Every account that can be unlocked on this machine.
    pub accounts: Vec<AccountSummary>,
    /// Known only while unlocked (the run history is inside the snapshot).
    pub last_sync: Option<LastSync>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeatUse {
    pub organization_id: String,
    pub name: String,
    pub assigned: i32,
    pub used: i32,
    /// Used of assigned, in whole percent (rounded to nearest).
    pub percent: u32,
    pub level: SeatLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StaleClient {
    pub organization_id: String,
    pub name: String,
    pub synced_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeatTotals {
    pub clients: u32,
    pub assigned: i32,
    pub used: i32,
    pub remaining: i32,
}

/// The Provider Portal's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Over the provider's clients (orgs administered directly are not
    /// billed through the provider, so they do not count).
    pub totals: SeatTotals,
    /// The top clients by seat use, highest first.
    pub seat_use: Vec<SeatUse>,
    /// Every client at or above [`NEARLY_FULL_PERCENT`].
    pub nearly_full: Vec<SeatUse>,
    /// Clients (provider or direct) not synced in full for a week, or never.
    pub stale: Vec<StaleClient>,
    /// The oldest client-list time: what the totals are "as of".
    pub as_of: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberCountsView {
    pub total: u32,
    pub invited: u32,
    pub accepted: u32,
    pub confirmed: u32,
    pub revoked: u32,
}

/// What the Admin Console's pages show about one client before later
/// features fill them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientOverview {
    pub client: ClientView,
    pub members: MemberCountsView,
    pub items: u32,
    pub collections: u32,
    pub groups: u32,
    pub policies: u32,
    pub events: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ClientPlan {
    Teams,
    Enterprise,
}

impl ClientPlan {
    /// Consolidated billing accepts Teams (Monthly) 17 and Enterprise
    /// (Monthly) 19 (and Enterprise Annually 20) for new clients; the web
    /// portal offers the monthly ones, and so do we.
    fn plan_type(self) -> i32 {
        match self {
            ClientPlan::Teams => 17,
            ClientPlan::Enterprise => 19,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewClientInput {
    pub name: String,
    pub owner_email: String,
    pub seats: i32,
    pub plan: ClientPlan,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClientInput {
    pub organization_id: String,
    pub name: String,
    /// `None` keeps the seats the snapshot holds (a rename): the server
    /// takes both fields, so the core fills in what the caller left out.
    pub assigned_seats: Option<i32>,
}

/// How full a client's seats are, for bars and highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeatLevel {
    /// The server gave no assigned or used figure.
    Unknown,
    Ok,
    /// At or above [`NEARLY_FULL_PERCENT`].
    High,
    /// Every assigned seat is in use.
    Full,
}

/// Used of assigned in whole percent, rounded to nearest; `None` without
/// both figures or without seats.
pub fn seat_percent(assigned: Option<i32>, used: Option<i32>) -> Option<u32> {
    let (assigned, used) = (i64::from(assigned?), i64::from(used?.max(0)));
    (assigned > 0)
        .then(|| u32::try_from((used * 100 + assigned / 2) / assigned).unwrap_or(u32::MAX))
}

pub fn seat_level(assigned: Option<i32>, used: Option<i32>) -> SeatLevel {
    match (assigned, used, seat_percent(assigned, used)) {
        (Some(a), Some(u), Some(_)) if u >= a => SeatLevel::Full,
        (_, _, Some(p)) if p >= NEARLY_FULL_PERCENT => SeatLevel::High,
        (_, _, Some(_)) => SeatLevel::Ok,
        _ => SeatLevel::Unknown,
    }
}

/// Not synced in full for longer than [`STALE_AFTER_MS`] at `now`, or never.
pub fn is_stale(synced_at: Option<i64>, now: i64) -> bool {
    synced_at.is_none_or(|t| now - t > STALE_AFTER_MS)
}

fn clamp_i32(n: Option<i64>) -> i32 {
    n.map_or(0, |n| i32::try_from(n.max(0)).unwrap_or(i32::MAX))
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The dashboard over the snapshot's clients at time `now` (pure, so the
/// rules are tested without a server).
pub fn dashboard_of(rows: &[ClientRow], now: i64) -> Dashboard {
    let provider: Vec<&ClientRow> = rows
        .iter()
        .filter(|r| r.list.source == ClientSource::Provider)
        .collect();
    let mut totals = SeatTotals::default();
    for row in &provider {
        totals.clients += 1;
        totals.assigned = totals.assigned.saturating_add(clamp_i32(row.list.seats));
        totals.used = totals
            .used
            .saturating_add(clamp_i32(row.list.occupied_seats));
        totals.remaining = totals
            .remaining
            .saturating_add(clamp_i32(row.list.remaining_seats));
    }
    let mut use_by_client: Vec<SeatUse> = provider
        .iter()
        .filter_map(|r| {
            let (assigned, used) = (clamp_i32(r.list.seats), clamp_i32(r.list.occupied_seats));
            Some(SeatUse {
                organization_id: r.list.organization_id.clone(),
                name: r.list.name.clone(),
                assigned,
                used,
                percent: seat_percent(Some(assigned), Some(used))?,
                level: seat_level(Some(assigned), Some(used)),
            })
        })
        .collect();
    use_by_client.sort_by(|a, b| {
        b.percent
            .cmp(&a.percent)
            .then(b.used.cmp(&a.used))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let nearly_full = use_by_client
        .iter()
        .filter(|u| u.percent >= NEARLY_FULL_PERCENT)
        .cloned()
        .collect();
    let mut stale: Vec<&ClientRow> = rows.iter().filter(|r| is_stale(r.synced_at, now)).collect();
    stale.sort_by_key(|r| (r.synced_at.is_some(), r.synced_at.unwrap_or(0)));
    Dashboard {
        totals,
        seat_use: use_by_client.iter().take(CHART_TOP).cloned().collect(),
        nearly_full,
        stale: stale
            .into_iter()
            .map(|r| StaleClient {
                organization_id: r.list.organization_id.clone(),
                name: r.list.name.clone(),
                synced_at: r.synced_at.map(iso8601),
            })
            .collect(),
        as_of: provider.iter().map(|r| r.listed_at).min().map(iso8601),
    }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid_input("Enter the client's name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid_input(format!(
            "The name is too long: at most {MAX_NAME_CHARS} characters."
        )));
    }
    Ok(name.to_owned())
}

impl Core {
    /// Signed out, locked or unlocked, and which account.
    pub async fn session_summary(&self) -> Result<SessionSummary, AppError> {
        let accounts: Vec<AccountSummary> = self
            .account_records()?
            .iter()
            .filter(|r| !r.signed_out)
            .map(AccountSummary::of)
            .collect();
        let guard = self.unlocked.read().await;
        if let Some(unlocked) = guard.as_ref() {
            let last_sync = unlocked
                .session
                .snapshot
                .last_finished_run()
                .await?
                .map(|run| LastSync {
                    finished_at: iso8601(run.finished_at),
                    outcome: run.outcome,
                    errors: count(run.errors),
                });
            return Ok(SessionSummary {
                status: SessionStatus::Unlocked,
                account: Some(AccountSummary::of(&unlocked.session.record)),
                accounts,
                last_sync,
            });
        }
        Ok(SessionSummary {
            status: if accounts.is_empty() {
                SessionStatus::SignedOut
            } else {
                SessionStatus::Locked
            },
            account: accounts.first().cloned(),
            accounts,
            last_sync: None,
        })
    }

    pub async fn dashboard(&self) -> Result<Dashboard, AppError> {
        let rows = self.clients().await?;
        Ok(dashboard_of(&rows, now_ms()))
    }

    pub async fn client_overview(&self, organization_id: &str) -> Result<ClientOverview, AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard.as_ref().ok_or_else(locked)?;
        let snapshot = &unlocked.session.snapshot;
        let row = snapshot.client(organization_id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "This client is not in the snapshot; sync to refresh the client list.",
            )
        })?;
        let m = snapshot.member_counts(organization_id).await?;
        let d = snapshot.detail_counts(organization_id).await?;
        Ok(ClientOverview {
            client: ClientView::of(&row, now_ms()),
            members: MemberCountsView {
                total: count(m.invited + m.accepted + m.confirmed + m.revoked + m.other),
                invited: count(m.invited),
                accepted: count(m.accepted),
                confirmed: count(m.confirmed),
                revoked: count(m.revoked),
            },
            items: count(d.items),
            collections: count(d.collections),
            groups: count(d.groups),
            policies: count(d.policies),
            events: count(d.events),
        })
    }

    /// Creates a client organization under the provider the user
    /// administers, with key material made here as the web portal makes it,
    /// then refreshes the client list.
    #[tracing::instrument(skip_all)]
    pub async fn create_client(&self, input: NewClientInput) -> Result<Vec<ClientView>, AppError> {
        let name = checked_name(&input.name)?;
        let owner = input.owner_email.trim().to_owned();
        if !owner.contains('@') || owner.len() > 256 {
            return Err(AppError::invalid_input(
                "Enter the email address of the client's owner.",
            ));
        }
        if input.seats < 1 {
            return Err(AppError::invalid_input("A client needs at least one seat."));
        }
        // After an offline unlock the provider key is still wrapped in the
        // snapshot: open it the way every other reader does.
        self.open_snapshot_keys().await?;
        {
            let guard = self.unlocked.read().await;
            let unlocked = guard.as_ref().ok_or_else(locked)?;
            let providers = unlocked.session.snapshot.providers().await?;
            // 0 = ProviderAdmin: only admins may create clients.
            let provider = providers.iter().find(|p| p.user_type == 0).ok_or_else(|| {
                AppError::new(
                    ErrorCode::Forbidden,
                    "Only provider admins can create clients; this account is not one (sync if that just changed).",
                )
            })?;
            let provider_key = unlocked
                .session
                .keys
                .provider(&provider.id)
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::Locked,
                        "The provider's key is not available; sync once online, then try again.",
                    )
                })?;
            let material = client_org::create(&provider_key, DEFAULT_COLLECTION_NAME)?;
            let body = json!({
                "name": name,
                "ownerEmail": owner,
                "planType": input.plan.plan_type(),
                "seats": input.seats,
                "key": material.key.to_string(),
                "keyPair": {
                    "publicKey": material.key_pair.public_key_b64,
                    "encryptedPrivateKey": material.key_pair.encrypted_private_key.to_string(),
                },
                "collectionName": material.collection_name.to_string(),
            });
            unlocked
                .client
                .write(
                    Method::POST,
                    &format!("providers/{}/clients", provider.id),
                    Some(&body),
                )
                .await?;
        }
        self.refresh_client_list().await
    }

    /// Changes a client's assigned seats and name (the server takes both).
    #[tracing::instrument(skip_all)]
    pub async fn update_client(
        &self,
        input: UpdateClientInput,
    ) -> Result<Vec<ClientView>, AppError> {
        let name = checked_name(&input.name)?;
        if input.assigned_seats.is_some_and(|n| n < 0) {
            return Err(AppError::invalid_input(
                "Assigned seats cannot be negative.",
            ));
        }
        {
            let guard = self.unlocked.read().await;
            let unlocked = guard.as_ref().ok_or_else(locked)?;
            let row = unlocked
                .session
                .snapshot
                .client(&input.organization_id)
                .await?
                .ok_or_else(|| {
                    AppError::new(ErrorCode::NotFound, "This client is not in the snapshot.")
                })?;
            let (Some(provider_id), Some(po_id)) = (
                row.list.provider_id.as_deref(),
                row.list.provider_organization_id.as_deref(),
            ) else {
                return Err(AppError::invalid_input(
                    "This organization is not a provider client; change its seats in its own billing page.",
                ));
            };
            let assigned_seats = match input.assigned_seats {
                Some(n) => n,
                None => row
                    .list
                    .seats
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| {
                        AppError::invalid_input(
                            "This client's assigned seats are not known yet; sync, then try again.",
                        )
                    })?,
            };
            let used = clamp_i32(row.list.occupied_seats);
            if assigned_seats < used {
                return Err(AppError::invalid_input(format!(
                    "You cannot assign fewer seats than the {used} in use."
                )));
            }
            let body = json!({ "assignedSeats": assigned_seats, "name": name });
            unlocked
                .client
                .write(
                    Method::PUT,
                    &format!("providers/{provider_id}/clients/{po_id}"),
                    Some(&body),
                )
                .await?;
        }
        self.refresh_client_list().await
    }

    /// Re-reads the client list (one request) after a write.
    async fn refresh_client_list(&self) -> Result<Vec<ClientView>, AppError> {
        let options = SyncOptions {
            list_only: true,
            ..SyncOptions::default()
        };
        self.sync(options, &|_| {}, CancellationToken::new())
            .await?;
        self.client_views().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_cache::ClientListRow;

    fn row(
        name: &str,
        source: ClientSource,
        seats: i64,
        used: i64,
        synced_at: Option<i64>,
    ) -> ClientRow {
        ClientRow {
            list: ClientListRow {
                organization_id: format!("org-{name}"),
                source,
                provider_id: Some("p".into()),
                provider_organization_id: Some(format!("po-{name}")),
                name: name.into(),
                plan: Some("Teams (Monthly)".into()),
                plan_type: Some(17),
                status: Some(2),
                seats: Some(seats),
                occupied_seats: Some(used),
                remaining_seats: Some(seats - used),
                user_count: Some(used),
                wrapped_key: None,
                raw: "{}".into(),
            },
            listed_at: 1_000,
            synced_at,
            last_error: None,
        }
    }

    const NOW: i64 = 100 * 24 * 60 * 60 * 1000;

    #[test]
    fn totals_count_provider_clients_only() {
        let rows = [
            row("a", ClientSource::Provider, 15, 1, Some(NOW)),
            row("b", ClientSource::Provider, 20, 1, Some(NOW)),
            row("c", ClientSource::Provider, 10, 1, Some(NOW)),
            row("direct", ClientSource::Direct, 25, 6, Some(NOW)),
        ];
        let d = dashboard_of(&rows, NOW);
        assert_eq!(
            d.totals,
            SeatTotals {
                clients: 3,
                assigned: 45,
                used: 3,
                remaining: 42
            }
        );
        assert_eq!(d.seat_use.len(), 3);
        assert!(d.seat_use.iter().all(|u| u.organization_id != "org-direct"));
    }

    #[test]
    fn nearly_full_is_at_or_above_ninety_percent_and_chart_keeps_the_top_twenty() {
        let mut rows: Vec<ClientRow> = (0..30)
            .map(|i| {
                row(
                    &format!("c{i:02}"),
                    ClientSource::Provider,
                    100,
                    i,
                    Some(NOW),
                )
            })
            .collect();
        rows.push(row("at90", ClientSource::Provider, 10, 9, Some(NOW)));
        rows.push(row("full", ClientSource::Provider, 8, 8, Some(NOW)));
        rows.push(row(
            "just-below",
            ClientSource::Provider,
            1000,
            894,
            Some(NOW),
        ));
        rows.push(row("no-seats", ClientSource::Provider, 0, 0, Some(NOW)));
        let d = dashboard_of(&rows, NOW);
        let names: Vec<&str> = d.nearly_full.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["full", "at90"]);
        assert_eq!(d.seat_use.len(), CHART_TOP);
        assert_eq!(d.seat_use[0].name, "full");
        assert_eq!(d.seat_use[0].percent, 100);
        assert_eq!(d.seat_use[2].name, "just-below");
        assert_eq!(d.seat_use[2].percent, 89);
        assert!(d.seat_use.windows(2).all(|w| w[0].percent >= w[1].percent));
    }

    #[test]
    fn stale_means_older_than_seven_days_or_never_synced() {
        let day = 24 * 60 * 60 * 1000;
        let rows = [
            row("fresh", ClientSource::Provider, 5, 1, Some(NOW - day)),
            row("week", ClientSource::Provider, 5, 1, Some(NOW - 7 * day)),
            row("old", ClientSource::Direct, 5, 1, Some(NOW - 8 * day)),
            row("never", ClientSource::Provider, 5, 1, None),
        ];
        let d = dashboard_of(&rows, NOW);
        let names: Vec<&str> = d.stale.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["never", "old"]);
        assert_eq!(d.stale[0].synced_at, None);
        assert_eq!(d.as_of.as_deref(), Some("1970-01-01T00:00:01.000Z"));
    }

    #[test]
    fn seat_levels_follow_the_nearly_full_rule() {
        assert_eq!(seat_level(Some(15), Some(1)), SeatLevel::Ok);
        assert_eq!(seat_level(Some(10), Some(9)), SeatLevel::High);
        assert_eq!(seat_level(Some(1000), Some(894)), SeatLevel::Ok);
        assert_eq!(seat_level(Some(1000), Some(895)), SeatLevel::High);
        assert_eq!(seat_level(Some(8), Some(8)), SeatLevel::Full);
        assert_eq!(seat_level(Some(8), Some(9)), SeatLevel::Full);
        assert_eq!(seat_level(Some(0), Some(0)), SeatLevel::Unknown);
        assert_eq!(seat_level(None, Some(1)), SeatLevel::Unknown);
        assert_eq!(seat_percent(Some(15), Some(1)), Some(7));
        assert_eq!(seat_percent(Some(15), None), None);
    }

    #[test]
    fn stale_is_older_than_a_week_or_never() {
        let day = 24 * 60 * 60 * 1000;
        assert!(is_stale(None, NOW));
        assert!(!is_stale(Some(NOW - 7 * day), NOW));
        assert!(is_stale(Some(NOW - 7 * day - 1), NOW));
    }

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(checked_name("  Acme  ").unwrap(), "Acme");
        assert_eq!(checked_name(" ").unwrap_err().code, ErrorCode::InvalidInput);
        assert!(checked_name(&"é".repeat(50)).is_ok());
        assert_eq!(
            checked_name(&"x".repeat(51)).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }
}
