//! The dashboard: seat totals, the clients nearly full or not synced lately.

use super::rules::{
    CHART_TOP, NEARLY_FULL_PERCENT, SeatLevel, clamp_i32, is_stale, seat_level, seat_percent,
};
use crate::core::Core;
use crate::error::AppError;
use crate::time::{iso8601, now_ms};
use desk_cache::{ClientRow, ClientSource};
use serde::Serialize;
use specta::Type;

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

impl Core {
    pub async fn dashboard(&self) -> Result<Dashboard, AppError> {
        let rows = self.clients().await?;
        Ok(dashboard_of(&rows, now_ms()))
    }
}
