//! The dashboard's health heatmap: clients × report kinds, each cell a
//! count with its change since the previous sync of that client. Counts come
//! from the snapshot (each report keeps them); a client synced since its
//! counts were made is computed again first, offline, so opening the
//! dashboard never waits on the network.

use super::{Finding, HealthOptions, HealthReport};
use crate::core::Core;
use crate::error::AppError;
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;

/// A column of the heatmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HealthKind {
    Exposed,
    Reused,
    /// Weak and very weak.
    Weak,
    Unsecured,
    InactiveTwoStep,
    MembersWithoutTwoStep,
    /// Only where the account recovery policy is on.
    NotEnrolled,
    /// Invitations older than five days and members awaiting confirmation.
    PendingMembers,
}

impl HealthKind {
    pub const ALL: &'static [HealthKind] = &[
        HealthKind::Exposed,
        HealthKind::Reused,
        HealthKind::Weak,
        HealthKind::Unsecured,
        HealthKind::InactiveTwoStep,
        HealthKind::MembersWithoutTwoStep,
        HealthKind::NotEnrolled,
        HealthKind::PendingMembers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HealthKind::Exposed => "exposed",
            HealthKind::Reused => "reused",
            HealthKind::Weak => "weak",
            HealthKind::Unsecured => "unsecured",
            HealthKind::InactiveTwoStep => "inactive_two_step",
            HealthKind::MembersWithoutTwoStep => "members_without_two_step",
            HealthKind::NotEnrolled => "not_enrolled",
            HealthKind::PendingMembers => "pending_members",
        }
    }

    fn from_str(text: &str) -> Option<HealthKind> {
        HealthKind::ALL.iter().copied().find(|k| k.as_str() == text)
    }

    /// This kind's figure in a report; `None` where it does not apply
    /// (account recovery enrolment while the policy is off).
    pub fn count(self, r: &HealthReport) -> Option<u32> {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Some(match self {
            // Not checked (the setting is off, or no answer kept yet): no
            // figure rather than a reassuring zero.
            HealthKind::Exposed if r.breaches.checked == 0 && r.breaches.passwords > 0 => {
                return None;
            }
            HealthKind::Exposed => n(r.count(Finding::Exposed)),
            HealthKind::Reused => n(r.count(Finding::Reused)),
            HealthKind::Weak => n(r.count(Finding::Weak) + r.count(Finding::VeryWeak)),
            HealthKind::Unsecured => n(r.count(Finding::Unsecured)),
            HealthKind::InactiveTwoStep => n(r.count(Finding::InactiveTwoStep)),
            HealthKind::MembersWithoutTwoStep => n(r.members.without_two_step.len()),
            HealthKind::NotEnrolled => n(r.members.not_enrolled.as_ref()?.len()),
            HealthKind::PendingMembers => {
                n(r.members.stale_invites.len() + r.members.awaiting_confirmation.len())
            }
        })
    }
}

/// One cell: the count, and how it moved since the client's previous sync
/// (`None` when there is no earlier count to compare with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HeatCell {
    pub kind: HealthKind,
    pub count: Option<u32>,
    pub change: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HeatmapRow {
    pub organization_id: String,
    pub client_name: String,
    pub as_of: Option<String>,
    /// In [`HealthKind::ALL`]'s order; empty when `problem` says why.
    pub cells: Vec<HeatCell>,
    /// Why this client has no figures (never synced, no key, the server
    /// refused its items…), in words.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthHeatmap {
    pub kinds: Vec<HealthKind>,
    pub rows: Vec<HeatmapRow>,
}

impl Core {
    /// Every client's health counts, computing those older than the
    /// client's last sync first (offline: kept breach answers only).
    #[tracing::instrument(skip_all)]
    pub async fn health_heatmap(&self) -> Result<HealthHeatmap, AppError> {
        let clients = self.client_views().await?;
        let stored = self.stored_counts().await?;
        let mut problems: HashMap<String, String> = HashMap::new();
        let mut recomputed = false;
        // Read once for every client recomputed below.
        let mut sites = None;
        for client in &clients {
            let synced = client
                .synced_at
                .as_deref()
                .and_then(crate::time::parse_iso8601_ms);
            let Some(synced) = synced else {
                problems.insert(
                    client.organization_id.clone(),
                    "not synced yet: its members and items are not in the snapshot".to_owned(),
                );
                continue;
            };
            let current = stored
                .get(&client.organization_id)
                .is_some_and(|(at, _)| *at >= synced);
            if !current {
                recomputed = true;
                if sites.is_none() {
                    sites = Some(self.totp_sites(HealthOptions::OFFLINE.online).await?);
                }
                let Some(sites) = &sites else { continue };
                if let Err(e) = self
                    .health_report_with(&client.organization_id, HealthOptions::OFFLINE, sites)
                    .await
                {
                    problems.insert(client.organization_id.clone(), e.message);
                }
            }
        }
        let stored = if recomputed {
            self.stored_counts().await?
        } else {
            stored
        };
        let rows = clients
            .into_iter()
            .map(|client| {
                let problem = problems.remove(&client.organization_id);
                let cells = match (&problem, stored.get(&client.organization_id)) {
                    (None, Some((_, counts))) => HealthKind::ALL
                        .iter()
                        .map(|kind| {
                            let (count, previous) =
                                counts.get(kind).copied().unwrap_or((None, None));
                            HeatCell {
                                kind: *kind,
                                count,
                                change: match (count, previous) {
                                    (Some(c), Some(p)) => Some(
                                        i32::try_from(i64::from(c) - i64::from(p)).unwrap_or(0),
                                    ),
                                    _ => None,
                                },
                            }
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                HeatmapRow {
                    organization_id: client.organization_id,
                    client_name: client.name,
                    as_of: client.synced_at,
                    cells,
                    problem,
                }
            })
            .collect();
        Ok(HealthHeatmap {
            kinds: HealthKind::ALL.to_vec(),
            rows,
        })
    }

    /// Stored counts by client: (synced_at they were made from, kind →
    /// (count, previous)).
    #[allow(clippy::type_complexity)]
    async fn stored_counts(
        &self,
    ) -> Result<HashMap<String, (i64, HashMap<HealthKind, (Option<u32>, Option<u32>)>)>, AppError>
    {
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.health_counts().await?;
        let mut out: HashMap<String, (i64, HashMap<HealthKind, (Option<u32>, Option<u32>)>)> =
            HashMap::new();
        for row in rows {
            let Some(kind) = HealthKind::from_str(&row.kind) else {
                continue;
            };
            let entry = out
                .entry(row.organization_id)
                .or_insert((row.synced_at, HashMap::new()));
            entry.0 = entry.0.min(row.synced_at);
            let n = |v: i64| u32::try_from(v).ok();
            entry
                .1
                .insert(kind, (n(row.count), row.previous.and_then(n)));
        }
        Ok(out)
    }
}
