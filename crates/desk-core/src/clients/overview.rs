//! One client at a glance: its seats, member counts and how fresh its data is.

use super::ClientView;
use super::rules::count;
use crate::core::Core;
use crate::error::AppError;
use crate::time::now_ms;
use serde::Serialize;
use specta::Type;

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

impl Core {
    /// One client at a glance; opening it also makes it the client the
    /// next sync visits first.
    pub async fn client_overview(&self, organization_id: &str) -> Result<ClientOverview, AppError> {
        self.set_open_client(Some(organization_id.to_owned()));
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let row = super::stored_client(snapshot, organization_id).await?;
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
}
