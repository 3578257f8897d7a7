//! A client's members, from the snapshot.

use crate::core::Core;
use crate::error::AppError;
use crate::wire_enum::wire_enum;
use serde::Serialize;
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
}

impl Core {
    pub async fn members(&self, organization_id: &str) -> Result<Vec<MemberView>, AppError> {
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.members(organization_id).await?;
        Ok(rows
            .into_iter()
            .map(|m| MemberView {
                id: m.id,
                user_id: m.user_id,
                email: m.email,
                name: m.name,
                role: MemberRole::from_wire(m.member_type),
                status: MemberStatus::from_wire(m.status),
                two_factor_enabled: m.two_factor,
                recovery_enrolled: m.recovery_enrolled,
            })
            .collect())
    }
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
