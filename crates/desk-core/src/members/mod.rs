//! A client's members: the Members page read from the snapshot, and the
//! changes an admin makes (invite, confirm, edit, revoke, restore, remove,
//! seats, account recovery), planned here and sent by the write path in
//! `jobs`.

mod access;
mod confirm;
mod error;
pub(crate) mod operation;
mod recover;
pub(crate) mod seats;
mod write;

pub use access::{CollectionGrant, CollectionLevel, MemberAccess, Permission, Role};
pub use confirm::{ConfirmChoice, ConfirmInput, ConfirmPreview};
pub use error::MemberError;
pub use operation::{MemberOperation, MemberTarget, StatusChange};
pub use recover::{
    NewPassword, PasswordStrength, RecoverInput, RecoverOutcome, RecoverPlan, RecoveryPolicyInput,
    password_strength,
};
pub use seats::{SeatBilling, SeatSummary, SetSeatsInput};
pub use write::{EditMemberInput, InviteInput, MemberChangeInput};

use crate::clients::PolicyType;
use crate::core::Core;
use crate::error::AppError;
use crate::wire_enum::wire_enum;
use bw_api::wire::members::OrganizationUserDetails;
use serde::{Deserialize, Serialize};
use specta::Type;

wire_enum! {
    /// A member's role in an organization (Bitwarden's `OrganizationUserType`).
    pub enum MemberRole {
        Owner = 0 => "owner",
        Admin = 1 => "admin",
        User = 2 => "user",
        /// Removed from Bitwarden in 2024; older snapshots and servers may
        /// still hold it.
        Manager = 3 => "manager",
        /// Permissions chosen one by one (`permissions` in the member).
        Custom = 4 => "custom",
    }
}

wire_enum! {
    /// Where a member is in joining (Bitwarden's `OrganizationUserStatusType`).
    pub enum MemberStatus {
        /// Access removed; the member keeps no seat.
        Revoked = -1 => "revoked",
        Invited = 0 => "invited",
        /// Accepted the invitation; an admin must confirm them.
        Accepted = 1 => "accepted",
        Confirmed = 2 => "confirmed",
        /// Provisioned by SCIM or Directory Connector, not invited yet (no
        /// seat; new in server 2026.6.2).
        Staged = 3 => "staged",
    }
}

impl MemberRole {
    /// Owners and admins manage the organization in full (what makes an
    /// organization one the account administers directly).
    pub fn administers(self) -> bool {
        matches!(self, MemberRole::Owner | MemberRole::Admin)
    }
}

/// A member as the Members page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: MemberRole,
    pub status: MemberStatus,
    pub two_factor_enabled: bool,
    pub recovery_enrolled: bool,
    /// Custom roles' permissions.
    pub permissions: Vec<Permission>,
    pub collections: Vec<CollectionGrant>,
    /// Group ids.
    pub groups: Vec<String>,
    pub uses_key_connector: bool,
    /// False for accounts without one (SSO with trusted devices): nothing
    /// to reset.
    pub has_master_password: bool,
}

/// The Members page's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MemberFilter {
    All,
    Invited,
    NeedsConfirmation,
    Revoked,
}

impl MemberFilter {
    pub fn matches(self, status: MemberStatus) -> bool {
        match self {
            MemberFilter::All => true,
            MemberFilter::Invited => status == MemberStatus::Invited,
            MemberFilter::NeedsConfirmation => status == MemberStatus::Accepted,
            MemberFilter::Revoked => status == MemberStatus::Revoked,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FilterCounts {
    pub all: u32,
    pub invited: u32,
    pub needs_confirmation: u32,
    pub revoked: u32,
}

/// A collection or group, by id and name (a collection whose name does
/// not decrypt is named by its id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

/// Whether the client's members can be recovered, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryPolicy {
    /// The account recovery administration policy is on.
    pub enabled: bool,
    /// The single organization policy (which it needs) is on.
    pub single_org: bool,
    pub enrolled: u32,
}

/// Everything the Members page shows, read from the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MembersPage {
    pub organization_id: String,
    pub client_name: String,
    pub members: Vec<MemberView>,
    pub counts: FilterCounts,
    pub groups: Vec<NamedRef>,
    pub collections: Vec<NamedRef>,
    pub seats: SeatSummary,
    pub recovery: RecoveryPolicy,
    /// When the client was last synced in full (ISO 8601).
    pub as_of: Option<String>,
}

pub(crate) fn member_view(row: desk_cache::MemberRow) -> MemberView {
    // The typed columns are what the list was built from; the rest comes
    // from the member as the server sent it (already validated at sync).
    let details = serde_json::from_str::<OrganizationUserDetails>(&row.raw).unwrap_or_default();
    let access = MemberAccess::of_member(&details);
    MemberView {
        id: row.id,
        user_id: row.user_id,
        email: row.email,
        name: row.name,
        role: MemberRole::from_wire(row.member_type),
        status: MemberStatus::from_wire(row.status),
        two_factor_enabled: row.two_factor,
        recovery_enrolled: row.recovery_enrolled,
        permissions: access
            .as_ref()
            .map(|a| a.permissions.clone())
            .unwrap_or_default(),
        collections: access
            .as_ref()
            .map(|a| a.collections.clone())
            .unwrap_or_default(),
        groups: access.map(|a| a.groups).unwrap_or_default(),
        uses_key_connector: details.uses_key_connector,
        has_master_password: details.has_master_password,
    }
}

/// A client's members as the snapshot holds them.
pub(crate) async fn member_views(
    snapshot: &desk_cache::Snapshot,
    organization_id: &str,
) -> Result<Vec<MemberView>, AppError> {
    let rows = snapshot.members(organization_id).await?;
    Ok(rows.into_iter().map(member_view).collect())
}

impl Core {
    pub async fn members(&self, organization_id: &str) -> Result<Vec<MemberView>, AppError> {
        let unlocked = self.unlocked().await?;
        member_views(&unlocked.session.snapshot, organization_id).await
    }

    /// The Members page of one client: members with their access, filter
    /// counts, groups and collections by name, seats and recovery policy.
    #[tracing::instrument(skip_all)]
    pub async fn members_page(&self, organization_id: &str) -> Result<MembersPage, AppError> {
        let org_key = self.org_key(organization_id).await.ok();
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let row = crate::clients::stored_client(snapshot, organization_id).await?;
        let members = member_views(snapshot, organization_id).await?;
        let mut counts = FilterCounts::default();
        for m in &members {
            for (filter, n) in [
                (MemberFilter::All, &mut counts.all),
                (MemberFilter::Invited, &mut counts.invited),
                (
                    MemberFilter::NeedsConfirmation,
                    &mut counts.needs_confirmation,
                ),
                (MemberFilter::Revoked, &mut counts.revoked),
            ] {
                if filter.matches(m.status) {
                    *n += 1;
                }
            }
        }
        let groups = snapshot
            .groups(organization_id)
            .await?
            .into_iter()
            .map(|g| NamedRef {
                id: g.id,
                name: g.name,
            })
            .collect();
        let collections = snapshot
            .collections(organization_id)
            .await?
            .into_iter()
            .map(|c| NamedRef {
                name: org_key
                    .as_deref()
                    .and_then(|key| decrypt_name(key, &c.name))
                    .unwrap_or_else(|| c.id.clone()),
                id: c.id,
            })
            .collect();
        let policies = snapshot.policies(organization_id).await?;
        let on = |t: PolicyType| {
            policies
                .iter()
                .any(|p| PolicyType::from_wire(p.policy_type) == t && p.enabled)
        };
        let recovery = RecoveryPolicy {
            enabled: on(PolicyType::ResetPassword),
            single_org: on(PolicyType::SingleOrg),
            enrolled: u32::try_from(members.iter().filter(|m| m.recovery_enrolled).count())
                .unwrap_or(u32::MAX),
        };
        let providers = snapshot.providers().await?;
        let seats = seats::summary(&row, &members, &providers);
        Ok(MembersPage {
            organization_id: organization_id.to_owned(),
            client_name: row.list.name.clone(),
            members,
            counts,
            groups,
            collections,
            seats,
            recovery,
            as_of: row.synced_at.map(crate::time::iso8601),
        })
    }
}

/// A collection name (EncString under the org key) as text.
pub(crate) fn decrypt_name(key: &bw_crypto::SymmetricKey, name: &str) -> Option<String> {
    let enc: bw_crypto::EncString = name.parse().ok()?;
    key.decrypt_to_string(&enc)
        .ok()
        .map(|s| s.expose().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_keep_bitwardens_numbers() {
        let numbers: Vec<i64> = MemberRole::KNOWN.iter().map(|r| r.wire()).collect();
        assert_eq!(numbers, [0, 1, 2, 3, 4]);
        for role in MemberRole::KNOWN {
            assert_eq!(MemberRole::from_wire(role.wire()), *role);
        }
        assert_eq!(MemberRole::from_wire(4), MemberRole::Custom);
        assert!(MemberRole::Admin.administers() && !MemberRole::Custom.administers());
    }

    #[test]
    fn statuses_keep_bitwardens_numbers() {
        let numbers: Vec<i64> = MemberStatus::KNOWN.iter().map(|s| s.wire()).collect();
        assert_eq!(numbers, [-1, 0, 1, 2, 3]);
        for status in MemberStatus::KNOWN {
            assert_eq!(MemberStatus::from_wire(status.wire()), *status);
        }
    }

    #[test]
    fn newer_roles_and_statuses_stay_unknown_with_their_number() {
        assert_eq!(MemberRole::from_wire(5), MemberRole::Unknown(5));
        assert_eq!(MemberRole::from_wire(5).wire(), 5);
        assert_eq!(MemberStatus::from_wire(-2), MemberStatus::Unknown(-2));
        assert!(!MemberRole::from_wire(5).administers());
    }

    #[test]
    fn serialized_as_names_or_the_unknown_number() {
        let view = MemberView {
            id: "m".into(),
            user_id: None,
            email: None,
            name: None,
            role: MemberRole::Owner,
            status: MemberStatus::from_wire(9),
            two_factor_enabled: false,
            recovery_enrolled: false,
            permissions: vec![],
            collections: vec![],
            groups: vec![],
            uses_key_connector: false,
            has_master_password: true,
        };
        let value = serde_json::to_value(&view).unwrap();
        assert_eq!(value["role"], json!("owner"));
        assert_eq!(value["status"], json!({ "unknown": 9 }));
        assert_eq!(
            serde_json::to_value(MemberStatus::Revoked).unwrap(),
            json!("revoked")
        );
    }
}
