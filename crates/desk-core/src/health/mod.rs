//! Vault health reports, computed locally from the snapshot: weak, reused
//! and unsecured (`http://`) passwords of a client's live items, and the
//! health of its members. Passwords are decrypted in memory only and never
//! leave this module: findings name items, never passwords.
//!
//! Not yet here (issue "Vault health reports and event logs"): exposed
//! passwords (Have I Been Pwned), inactive two-step login (2fa.directory),
//! the results kept in the snapshot and the dashboard heatmap.

use crate::core::Core;
use crate::error::AppError;
use crate::members::{MemberRole, MemberStatus, MemberView, password_strength};
use crate::vault::{CipherType, ItemView};
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;

/// How long an invitation may wait before it counts as stale.
const STALE_INVITE_DAYS: i64 = 5;

/// Why an item is in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// zxcvbn score 0–1 (Bitwarden's "Very weak").
    VeryWeak,
    /// zxcvbn score 2 (Bitwarden's "Weak").
    Weak,
    /// The same password as other items of the client.
    Reused,
    /// A login URI over plain `http://`.
    Unsecured,
}

/// One item in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemFinding {
    pub item_id: String,
    pub name: String,
    pub finding: Finding,
    /// For reused passwords: how many items share it; for unsecured URIs:
    /// the URI.
    pub detail: Option<String>,
}

/// The members' side of a client's health.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberHealth {
    /// Confirmed or accepted members without two-step login.
    pub without_two_step: Vec<String>,
    /// Confirmed members not enrolled in account recovery, when its policy
    /// is on (`None` when it is off).
    pub not_enrolled: Option<Vec<String>>,
    pub owners: u32,
    /// Invitations older than five days.
    pub stale_invites: Vec<String>,
    /// Members who accepted and wait for confirmation.
    pub awaiting_confirmation: Vec<String>,
}

/// One client's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    pub organization_id: String,
    pub client_name: String,
    /// When the client was last synced in full (ISO 8601).
    pub as_of: Option<String>,
    /// Live login items checked (trashed and undecryptable ones skipped).
    pub items_checked: u32,
    pub findings: Vec<ItemFinding>,
    pub members: MemberHealth,
}

impl HealthReport {
    pub fn count(&self, finding: Finding) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding == finding)
            .count()
    }
}

/// The item findings of a client's items (pure: tested without a server).
pub fn item_findings(items: &[ItemView]) -> (u32, Vec<ItemFinding>) {
    let live: Vec<&ItemView> = items
        .iter()
        .filter(|i| i.trashed_at.is_none() && i.error.is_none() && i.item_type == CipherType::Login)
        .collect();
    let name = |i: &ItemView| i.name.clone().unwrap_or_else(|| i.id.clone());
    let mut findings = Vec::new();
    // zxcvbn is the cost: each distinct password (with its user inputs) is
    // estimated once.
    let mut scores: HashMap<(&str, &str), u8> = HashMap::new();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for item in &live {
        if let Some(password) = item.password.as_deref().filter(|p| !p.is_empty()) {
            *uses.entry(password).or_default() += 1;
        }
    }
    for item in &live {
        if let Some(password) = item.password.as_deref().filter(|p| !p.is_empty()) {
            let username = item.username.as_deref().unwrap_or("");
            let score = *scores
                .entry((password, username))
                .or_insert_with(|| password_strength(password, username).score);
            let weak = match score {
                0 | 1 => Some(Finding::VeryWeak),
                2 => Some(Finding::Weak),
                _ => None,
            };
            if let Some(finding) = weak {
                findings.push(ItemFinding {
                    item_id: item.id.clone(),
                    name: name(item),
                    finding,
                    detail: None,
                });
            }
            let shared = uses.get(password).copied().unwrap_or(0);
            if shared > 1 {
                findings.push(ItemFinding {
                    item_id: item.id.clone(),
                    name: name(item),
                    finding: Finding::Reused,
                    detail: Some(shared.to_string()),
                });
            }
        }
        if let Some(uri) = item
            .uris
            .iter()
            .find(|u| u.trim().to_ascii_lowercase().starts_with("http://"))
        {
            findings.push(ItemFinding {
                item_id: item.id.clone(),
                name: name(item),
                finding: Finding::Unsecured,
                detail: Some(uri.clone()),
            });
        }
    }
    (u32::try_from(live.len()).unwrap_or(u32::MAX), findings)
}

fn who(m: &MemberView) -> String {
    m.email.clone().unwrap_or_else(|| m.id.clone())
}

/// The members' health (pure). `invited_at` gives a member's invitation
/// time in ms since the epoch, where known.
pub fn member_health(
    members: &[MemberView],
    recovery_on: bool,
    now_ms: i64,
    invited_at: &dyn Fn(&MemberView) -> Option<i64>,
) -> MemberHealth {
    let active =
        |m: &&MemberView| matches!(m.status, MemberStatus::Confirmed | MemberStatus::Accepted);
    let stale_before = now_ms - STALE_INVITE_DAYS * 24 * 60 * 60 * 1000;
    MemberHealth {
        without_two_step: members
            .iter()
            .filter(active)
            .filter(|m| !m.two_factor_enabled)
            .map(who)
            .collect(),
        not_enrolled: recovery_on.then(|| {
            members
                .iter()
                .filter(|m| m.status == MemberStatus::Confirmed && !m.recovery_enrolled)
                .map(who)
                .collect()
        }),
        owners: u32::try_from(
            members
                .iter()
                .filter(|m| m.role == MemberRole::Owner && m.status == MemberStatus::Confirmed)
                .count(),
        )
        .unwrap_or(u32::MAX),
        stale_invites: members
            .iter()
            .filter(|m| m.status == MemberStatus::Invited)
            .filter(|m| invited_at(m).is_some_and(|t| t < stale_before))
            .map(who)
            .collect(),
        awaiting_confirmation: members
            .iter()
            .filter(|m| m.status == MemberStatus::Accepted)
            .map(who)
            .collect(),
    }
}

impl Core {
    /// One client's health, from the snapshot (works offline).
    #[tracing::instrument(skip_all)]
    pub async fn health_report(&self, organization_id: &str) -> Result<HealthReport, AppError> {
        let page = self.members_page(organization_id).await?;
        let items = self.items(organization_id, true).await?;
        let (items_checked, findings) = item_findings(&items);
        drop(items);
        let created = self.member_creation_times(organization_id).await?;
        let members = member_health(
            &page.members,
            page.recovery.enabled,
            crate::time::now_ms(),
            &|m| created.get(&m.id).copied(),
        );
        Ok(HealthReport {
            organization_id: organization_id.to_owned(),
            client_name: page.client_name,
            as_of: page.as_of,
            items_checked,
            findings,
            members,
        })
    }

    /// Every client's health; a client that cannot be read (no key yet, no
    /// details) is left out with its reason.
    pub async fn health_reports(
        &self,
    ) -> Result<Vec<Result<HealthReport, (String, AppError)>>, AppError> {
        let clients = self.client_views().await?;
        let mut out = Vec::new();
        for client in clients {
            out.push(
                self.health_report(&client.organization_id)
                    .await
                    .map_err(|e| (client.name.clone(), e)),
            );
        }
        Ok(out)
    }

    /// Members' `creationDate` (their invitation), in ms.
    async fn member_creation_times(
        &self,
        organization_id: &str,
    ) -> Result<HashMap<String, i64>, AppError> {
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.members(organization_id).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let details: bw_api::wire::members::OrganizationUserDetails =
                    serde_json::from_str(&row.raw).ok()?;
                let at = crate::time::parse_iso8601_ms(&details.creation_date)?;
                Some((row.id, at))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(id: &str, password: &str, uri: &str) -> ItemView {
        ItemView {
            id: id.into(),
            item_type: CipherType::Login,
            name: Some(id.into()),
            username: Some("user".into()),
            uris: vec![uri.into()],
            password: Some(password.into()),
            trashed_at: None,
            error: None,
        }
    }

    #[test]
    fn only_live_logins_count_and_reuse_names_its_size() {
        let strong = "correct horse battery staple galaxy";
        let items = vec![
            login("a", strong, "https://a.example"),
            login("b", strong, "HTTP://b.example"),
            ItemView {
                trashed_at: Some("2026-12-01T00:00:00Z".into()),
                ..login("c", strong, "https://c.example")
            },
            ItemView {
                error: Some("cannot decrypt".into()),
                ..login("d", "x", "http://d.example")
            },
            ItemView {
                item_type: CipherType::SecureNote,
                ..login("e", "x", "http://e.example")
            },
        ];
        let (checked, findings) = item_findings(&items);
        assert_eq!(checked, 2);
        let reused: Vec<_> = findings
            .iter()
            .filter(|f| f.finding == Finding::Reused)
            .collect();
        assert_eq!(
            reused.len(),
            2,
            "the trashed copy does not count: {findings:?}"
        );
        assert!(reused.iter().all(|f| f.detail.as_deref() == Some("2")));
        let unsecured: Vec<_> = findings
            .iter()
            .filter(|f| f.finding == Finding::Unsecured)
            .map(|f| f.item_id.as_str())
            .collect();
        assert_eq!(unsecured, ["b"]);
        assert!(
            !findings
                .iter()
                .any(|f| matches!(f.finding, Finding::Weak | Finding::VeryWeak))
        );
    }
}
