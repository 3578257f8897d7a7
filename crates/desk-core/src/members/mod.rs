//! A client's members, from the snapshot.

use crate::core::Core;
use crate::error::AppError;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// owner, admin, user, custom (or `type_<n>` for values newer than us).
    pub role: String,
    /// invited, accepted, confirmed, revoked, staged (or `status_<n>`).
    pub status: String,
    pub two_factor_enabled: bool,
    pub recovery_enrolled: bool,
}

fn role_name(n: i64) -> String {
    match n {
        0 => "owner".into(),
        1 => "admin".into(),
        2 => "user".into(),
        4 => "custom".into(),
        other => format!("type_{other}"),
    }
}

fn status_name(n: i64) -> String {
    match n {
        -1 => "revoked".into(),
        0 => "invited".into(),
        1 => "accepted".into(),
        2 => "confirmed".into(),
        3 => "staged".into(),
        other => format!("status_{other}"),
    }
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
                role: role_name(m.member_type),
                status: status_name(m.status),
                two_factor_enabled: m.two_factor,
                recovery_enrolled: m.recovery_enrolled,
            })
            .collect())
    }
}
