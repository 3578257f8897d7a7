//! The Provider Portal's clients: the list with seats, the dashboard, one
//! client's overview, and the writes a provider makes to its clients.

mod dashboard;
mod enums;
mod error;
mod overview;
pub(crate) mod providers;
mod rules;
mod write;

pub use dashboard::{Dashboard, SeatTotals, SeatUse, StaleClient, dashboard_of};
pub use enums::{PlanType, PolicyType, ProductTier, ProviderUserType};
pub use error::ClientError;
pub use overview::{ClientOverview, MemberCountsView};
pub(crate) use rules::count;
pub use rules::{
    CHART_TOP, NEARLY_FULL_PERCENT, STALE_AFTER_MS, SeatLevel, is_stale, seat_level, seat_percent,
};
pub use write::{AddableClient, ClientPlan, NewClientInput, UnlinkInput, UpdateClientInput};

use crate::core::Core;
use crate::error::AppError;
use crate::time::{iso8601, now_ms};
use desk_cache::{ClientRow, Snapshot};
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Seats {
    // i32: seat counts fit, and JavaScript numbers hold them exactly.
    pub assigned: Option<i32>,
    pub used: Option<i32>,
    pub remaining: Option<i32>,
}

/// How the account reaches a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ClientSource {
    /// A client of one of the account's providers.
    Provider,
    /// An organization the account administers as a member (Owner or Admin).
    Direct,
}

impl From<desk_cache::ClientSource> for ClientSource {
    fn from(source: desk_cache::ClientSource) -> Self {
        match source {
            desk_cache::ClientSource::Provider => ClientSource::Provider,
            desk_cache::ClientSource::Direct => ClientSource::Direct,
        }
    }
}

/// How fresh a client's details are in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ClientSyncStatus {
    /// The last sync of its details succeeded.
    Synced,
    /// The last sync of its details failed; the previous data is kept.
    Error,
    /// Only the client list knows it so far.
    NeverSynced,
}

fn seat_count(n: Option<i64>) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX }))
}

/// One row of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientView {
    /// The provider-organization id (the provider routes' id); the
    /// organization id for organizations administered directly.
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub plan: Option<String>,
    pub seats: Seats,
    pub source: ClientSource,
    pub status: ClientSyncStatus,
    /// When the details were last synced in full (ISO 8601), if ever.
    pub synced_at: Option<String>,
    /// When the client list last contained this client (ISO 8601).
    pub listed_at: String,
    pub last_error: Option<String>,
    /// Not synced in full for more than a week (or never): the dashboard's rule.
    pub stale: bool,
    /// Used of assigned, whole percent; `None` without both figures.
    pub seat_percent: Option<u32>,
    pub seat_level: SeatLevel,
}

impl ClientView {
    pub(crate) fn of(row: &ClientRow, now: i64) -> Self {
        let list = &row.list;
        let mut view = ClientView {
            id: list
                .provider_organization_id
                .clone()
                .unwrap_or_else(|| list.organization_id.clone()),
            organization_id: list.organization_id.clone(),
            name: list.name.clone(),
            // Direct orgs come from the profile, which names the product
            // tier rather than the plan (the snapshot keeps the tier as
            // their plan type).
            plan: list
                .plan
                .clone()
                .or_else(|| match (list.source, list.plan_type) {
                    (desk_cache::ClientSource::Direct, Some(tier)) => ProductTier::from_wire(tier)
                        .display_name()
                        .map(str::to_owned),
                    _ => None,
                }),
            seats: Seats {
                assigned: seat_count(list.seats),
                used: seat_count(list.occupied_seats),
                remaining: seat_count(list.remaining_seats),
            },
            source: list.source.into(),
            status: match (&row.last_error, row.synced_at) {
                (Some(_), _) => ClientSyncStatus::Error,
                (None, Some(_)) => ClientSyncStatus::Synced,
                (None, None) => ClientSyncStatus::NeverSynced,
            },
            synced_at: row.synced_at.map(iso8601),
            listed_at: iso8601(row.listed_at),
            last_error: row.last_error.as_ref().map(|e| e.message.clone()),
            stale: is_stale(row.synced_at, now),
            seat_percent: None,
            seat_level: SeatLevel::Unknown,
        };
        view.rate_seats();
        view
    }

    /// Derives the percent and level from `seats` (again after they change).
    fn rate_seats(&mut self) {
        self.seat_percent = seat_percent(self.seats.assigned, self.seats.used);
        self.seat_level = seat_level(self.seats.assigned, self.seats.used);
    }
}

impl Core {
    pub async fn client_views(&self) -> Result<Vec<ClientView>, AppError> {
        let rows = self.clients().await?;
        let now = now_ms();
        let mut views: Vec<ClientView> = rows.iter().map(|r| ClientView::of(r, now)).collect();
        // The profile gives directly administered orgs their seats but not
        // the seats in use: count them from the synced members (Bitwarden
        // counts every member who is not revoked).
        let unlocked = self.unlocked().await?;
        for (view, row) in views.iter_mut().zip(&rows) {
            if view.source != ClientSource::Direct
                || view.seats.used.is_some()
                || row.synced_at.is_none()
            {
                continue;
            }
            let counts = unlocked
                .session
                .snapshot
                .member_counts(&row.list.organization_id)
                .await?;
            let used = seat_count(Some(
                counts.invited + counts.accepted + counts.confirmed + counts.other,
            ));
            view.seats.used = used;
            view.seats.remaining = match (view.seats.assigned, used) {
                (Some(assigned), Some(used)) => Some(assigned.saturating_sub(used)),
                _ => None,
            };
            view.rate_seats();
        }
        Ok(views)
    }

    /// Finds a client by organization id, provider-organization id, or a
    /// case-insensitive name (exact first, then a unique part of the name).
    pub async fn find_client(&self, query: &str) -> Result<ClientView, AppError> {
        let clients = self.client_views().await?;
        let q = query.trim();
        let lower = q.to_lowercase();
        if let Some(c) = clients
            .iter()
            .find(|c| c.organization_id == q || c.id == q || c.name.to_lowercase() == lower)
        {
            return Ok(c.clone());
        }
        let partial: Vec<&ClientView> = clients
            .iter()
            .filter(|c| c.name.to_lowercase().contains(&lower))
            .collect();
        match partial.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(ClientError::NoMatch(q.to_owned()).into()),
            many => Err(ClientError::SeveralMatch {
                query: q.to_owned(),
                count: many.len(),
            }
            .into()),
        }
    }
}

/// The snapshot's row of a client, or [`ClientError::NotInSnapshot`].
pub(crate) async fn stored_client(
    snapshot: &Snapshot,
    organization_id: &str,
) -> Result<ClientRow, AppError> {
    Ok(snapshot
        .client(organization_id)
        .await?
        .ok_or(ClientError::NotInSnapshot)?)
}

#[cfg(test)]
mod tests {
    use super::write::checked_name;
    use super::*;
    use crate::error::ErrorCode;
    use desk_cache::{ClientListRow, ClientSource as Listed};

    fn row(name: &str, source: Listed, seats: i64, used: i64, synced_at: Option<i64>) -> ClientRow {
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
            row("a", Listed::Provider, 15, 1, Some(NOW)),
            row("b", Listed::Provider, 20, 1, Some(NOW)),
            row("c", Listed::Provider, 10, 1, Some(NOW)),
            row("direct", Listed::Direct, 25, 6, Some(NOW)),
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
            .map(|i| row(&format!("c{i:02}"), Listed::Provider, 100, i, Some(NOW)))
            .collect();
        rows.push(row("at90", Listed::Provider, 10, 9, Some(NOW)));
        rows.push(row("full", Listed::Provider, 8, 8, Some(NOW)));
        rows.push(row("just-below", Listed::Provider, 1000, 894, Some(NOW)));
        rows.push(row("no-seats", Listed::Provider, 0, 0, Some(NOW)));
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
            row("fresh", Listed::Provider, 5, 1, Some(NOW - day)),
            row("week", Listed::Provider, 5, 1, Some(NOW - 7 * day)),
            row("old", Listed::Direct, 5, 1, Some(NOW - 8 * day)),
            row("never", Listed::Provider, 5, 1, None),
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
    fn the_view_says_where_a_client_comes_from_and_how_fresh_it_is() {
        let mut direct = row("d", Listed::Direct, 5, 1, None);
        direct.list.plan = None;
        direct.list.plan_type = Some(4);
        let view = ClientView::of(&direct, NOW);
        assert_eq!(
            (view.source, view.status),
            (ClientSource::Direct, ClientSyncStatus::NeverSynced)
        );
        assert_eq!(view.plan.as_deref(), Some("Teams Starter"));
        let value = serde_json::to_value(&view).unwrap();
        assert_eq!(
            (&value["source"], &value["status"]),
            (
                &serde_json::json!("direct"),
                &serde_json::json!("never_synced")
            )
        );
        // A tier newer than this build names no plan rather than a wrong one.
        direct.list.plan_type = Some(9);
        assert_eq!(ClientView::of(&direct, NOW).plan, None);

        let mut failed = row("f", Listed::Provider, 5, 1, Some(NOW));
        assert_eq!(
            ClientView::of(&failed, NOW).status,
            ClientSyncStatus::Synced
        );
        failed.last_error = Some(desk_cache::ClientError {
            code: "server_error".into(),
            message: "The server failed.".into(),
            at: NOW,
        });
        let view = ClientView::of(&failed, NOW);
        assert_eq!(
            (view.source, view.status),
            (ClientSource::Provider, ClientSyncStatus::Error)
        );
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
