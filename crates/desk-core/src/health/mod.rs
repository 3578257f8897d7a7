//! Vault health reports, computed locally from the snapshot: weak, reused
//! and unsecured (`http://`) passwords of a client's live items, and the
//! health of its members. Passwords are decrypted in memory only and never
//! leave this module: findings name items, never passwords.
//!
//! Exposed passwords (Have I Been Pwned) and inactive two-step login
//! (2fa.directory) use outside answers kept in the snapshot (`public`); each
//! report's results and counts are kept too (item ids and kinds, never a
//! password), and the dashboard's heatmap reads them (`heatmap`).

mod heatmap;
mod public;

pub use heatmap::{HealthHeatmap, HealthKind, HeatCell, HeatmapRow};
pub use public::{
    BreachCheck, BreachStatus, MAX_ANSWER_AGE_MS, TotpSitesStatus, TotpSource, sha1_hex,
    shipped_totp_sites, uri_host,
};

use crate::core::Core;
use crate::error::AppError;
use crate::members::{MemberRole, MemberStatus, MemberView, password_strength};
use crate::vault::{CipherType, ItemView};
use serde::Serialize;
use specta::Type;
use std::collections::{HashMap, HashSet};

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
    /// The password appears in known breaches (Have I Been Pwned).
    Exposed,
    /// The site offers TOTP two-step login, and the item has no TOTP key.
    InactiveTwoStep,
}

impl Finding {
    /// The name kept in the snapshot.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::VeryWeak => "very_weak",
            Finding::Weak => "weak",
            Finding::Reused => "reused",
            Finding::Unsecured => "unsecured",
            Finding::Exposed => "exposed",
            Finding::InactiveTwoStep => "inactive_two_step",
        }
    }
}

/// What a report may use besides the snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthOptions {
    pub breaches: BreachCheck,
    /// May fetch 2fa.directory's list (when it is over a week old).
    pub online: bool,
}

impl HealthOptions {
    /// From the snapshot and kept answers only.
    pub const OFFLINE: HealthOptions = HealthOptions {
        breaches: BreachCheck::Cached,
        online: false,
    };
}

/// One item in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemFinding {
    pub item_id: String,
    pub name: String,
    pub finding: Finding,
    /// For reused passwords: how many items share it; for unsecured URIs:
    /// the URI; for exposed passwords: how many times seen; for inactive
    /// two-step login: the site.
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
    pub breaches: BreachStatus,
    pub totp_sites: TotpSitesStatus,
    /// Strength estimates this report made: logins unchanged since the last
    /// report reuse their kept score.
    pub strength_estimates: u32,
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
///
/// `breached` maps a password's SHA-1 (uppercase hex) to how often it was
/// seen in breaches; `totp_sites` holds hosts that offer TOTP.
/// `score` gives a login's zxcvbn score (0–4) for its password and
/// username: zxcvbn is the cost, so callers estimate each distinct password
/// once and keep scores between runs ([`Scorer`]).
pub fn item_findings(
    items: &[ItemView],
    breached: &HashMap<String, u64>,
    totp_sites: &HashSet<String>,
    score: &mut dyn FnMut(&ItemView, &str, &str) -> u8,
) -> (u32, Vec<ItemFinding>) {
    let live = live_logins(items);
    let name = |i: &ItemView| i.name.clone().unwrap_or_else(|| i.id.clone());
    let mut findings = Vec::new();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for item in &live {
        if let Some(password) = item.password.as_deref().filter(|p| !p.is_empty()) {
            *uses.entry(password).or_default() += 1;
        }
    }
    for item in &live {
        if let Some(password) = item.password.as_deref().filter(|p| !p.is_empty()) {
            let username = item.username.as_deref().unwrap_or("");
            let weak = match score(item, password, username) {
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
        if let Some(password) = item.password.as_deref().filter(|p| !p.is_empty())
            && !breached.is_empty()
            && let Some(seen) = breached.get(&sha1_hex(password))
        {
            findings.push(ItemFinding {
                item_id: item.id.clone(),
                name: name(item),
                finding: Finding::Exposed,
                detail: Some(seen.to_string()),
            });
        }
        if !item.has_totp
            && let Some(host) = item
                .uris
                .iter()
                .filter_map(|u| uri_host(u))
                .find(|h| totp_sites.contains(h))
        {
            findings.push(ItemFinding {
                item_id: item.id.clone(),
                name: name(item),
                finding: Finding::InactiveTwoStep,
                detail: Some(host),
            });
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

/// Live login items: not in the trash, decrypted (Bitwarden's reports skip
/// the rest).
fn live_logins(items: &[ItemView]) -> Vec<&ItemView> {
    items
        .iter()
        .filter(|i| i.trashed_at.is_none() && i.error.is_none() && i.item_type == CipherType::Login)
        .collect()
}

/// Scores logins: the kept score of an item not changed since (same
/// revision), else zxcvbn, once per distinct password and username.
#[derive(Default)]
pub struct Scorer {
    /// Kept scores by item id, with the revision each was made for.
    pub kept: HashMap<String, (Option<String>, u8)>,
    /// Current revisions by item id.
    pub revisions: HashMap<String, Option<String>>,
    memo: HashMap<(String, String), u8>,
    /// The scores of this run, to keep: (item id, revision, score).
    pub made: Vec<(String, Option<String>, u8)>,
    /// How many zxcvbn estimates this run made.
    pub estimated: u32,
}

impl Scorer {
    pub fn score(&mut self, item: &ItemView, password: &str, username: &str) -> u8 {
        let revision = self.revisions.get(&item.id).cloned().flatten();
        let score = match self.kept.get(&item.id) {
            Some((kept_revision, score)) if *kept_revision == revision && revision.is_some() => {
                *score
            }
            _ => {
                let key = (password.to_owned(), username.to_owned());
                if let Some(score) = self.memo.get(&key) {
                    *score
                } else {
                    self.estimated += 1;
                    let score = password_strength(password, username).score;
                    self.memo.insert(key, score);
                    score
                }
            }
        };
        self.made.push((item.id.clone(), revision, score));
        score
    }
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
    /// One client's health, from the snapshot (and, as `options` allow,
    /// Have I Been Pwned and 2fa.directory). The results and counts are
    /// kept in the snapshot for the dashboard.
    #[tracing::instrument(skip_all)]
    pub async fn health_report(
        &self,
        organization_id: &str,
        options: HealthOptions,
    ) -> Result<HealthReport, AppError> {
        let sites = self.totp_sites(options.online).await?;
        self.health_report_with(organization_id, options, &sites)
            .await
    }

    /// [`Self::health_report`] with the TOTP site list already read (a run
    /// over every client reads it once, not once per client).
    pub(crate) async fn health_report_with(
        &self,
        organization_id: &str,
        options: HealthOptions,
        (totp_sites, totp_status): &(HashSet<String>, TotpSitesStatus),
    ) -> Result<HealthReport, AppError> {
        let page = self.members_page(organization_id).await?;
        if self
            .unlocked()
            .await?
            .session
            .snapshot
            .items_refused(organization_id)
            .await?
        {
            return Err(AppError::new(
                crate::error::ErrorCode::Forbidden,
                "Bitwarden lets provider users read a client's items only as members of it: \
                 add yourself to this client (Members page) and sync to see its vault health.",
            ));
        }
        let items = self.items(organization_id, true).await?;
        let live = live_logins(&items);
        let passwords: HashSet<&str> = live
            .iter()
            .filter_map(|i| i.password.as_deref().filter(|p| !p.is_empty()))
            .collect();
        let (breached, breaches) = self.breach_counts(&passwords, options.breaches).await?;
        drop(passwords);
        let mut scorer = {
            let unlocked = self.unlocked().await?;
            let snapshot = &unlocked.session.snapshot;
            Scorer {
                kept: snapshot
                    .password_scores(organization_id)
                    .await?
                    .into_iter()
                    .map(|(id, revision, score)| (id, (revision, u8::try_from(score).unwrap_or(0))))
                    .collect(),
                revisions: snapshot
                    .item_revisions(organization_id)
                    .await?
                    .into_iter()
                    .collect(),
                ..Scorer::default()
            }
        };
        let (items_checked, findings) =
            item_findings(&items, &breached, totp_sites, &mut |i, p, u| {
                scorer.score(i, p, u)
            });
        drop(items);
        let strength_estimates = scorer.estimated;
        let made: Vec<(String, Option<String>, i64)> = scorer
            .made
            .into_iter()
            .map(|(id, revision, score)| (id, revision, i64::from(score)))
            .collect();
        self.unlocked()
            .await?
            .session
            .snapshot
            .put_password_scores(organization_id, &made)
            .await?;
        let created = self.member_creation_times(organization_id).await?;
        let members = member_health(
            &page.members,
            page.recovery.enabled,
            crate::time::now_ms(),
            &|m| created.get(&m.id).copied(),
        );
        let report = HealthReport {
            organization_id: organization_id.to_owned(),
            client_name: page.client_name,
            as_of: page.as_of,
            items_checked,
            findings,
            members,
            breaches,
            totp_sites: totp_status.clone(),
            strength_estimates,
        };
        self.keep_health(&report).await?;
        Ok(report)
    }

    /// Every client's health; a client that cannot be read (no key yet, no
    /// details) is left out with its reason.
    pub async fn health_reports(
        &self,
        options: HealthOptions,
    ) -> Result<Vec<Result<HealthReport, (String, AppError)>>, AppError> {
        let clients = self.client_views().await?;
        let sites = self.totp_sites(options.online).await?;
        let mut out = Vec::new();
        for client in clients {
            out.push(
                self.health_report_with(&client.organization_id, options, &sites)
                    .await
                    .map_err(|e| (client.name.clone(), e)),
            );
        }
        Ok(out)
    }

    /// Stores a report's findings and counts (never a password).
    async fn keep_health(&self, report: &HealthReport) -> Result<(), AppError> {
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let Some(synced_at) = snapshot
            .client(&report.organization_id)
            .await?
            .and_then(|c| c.synced_at)
        else {
            return Ok(());
        };
        let rows: Vec<desk_cache::HealthFindingRow> = report
            .findings
            .iter()
            .map(|f| desk_cache::HealthFindingRow {
                item_id: f.item_id.clone(),
                kind: f.finding.as_str().to_owned(),
                detail: f.detail.clone(),
            })
            .collect();
        let counts: Vec<(String, i64)> = HealthKind::ALL
            .iter()
            .filter_map(|k| Some((k.as_str().to_owned(), i64::from(k.count(report)?))))
            .collect();
        snapshot
            .put_health(&report.organization_id, &rows, &counts, synced_at)
            .await?;
        Ok(())
    }

    /// Members' `creationDate` (their invitation), in ms.
    pub(crate) async fn member_creation_times(
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
            has_totp: false,
            trashed_at: None,
            collection_ids: Vec::new(),
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
        let mut scorer = Scorer::default();
        let (checked, findings) =
            item_findings(&items, &HashMap::new(), &HashSet::new(), &mut |i, p, u| {
                scorer.score(i, p, u)
            });
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
