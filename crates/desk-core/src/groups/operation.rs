//! Group changes in the write queue: each looks at the server's groups
//! (with their collections) and members before it is (re)sent.

use super::{GroupSettings, grants};
use crate::error::AppError;
use crate::jobs::Look;
use bw_api::client::BwClient;
use bw_api::wire::Raw;
use bw_api::wire::groups::GroupRequest;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum GroupOperation {
    /// `POST organizations/{id}/groups`.
    Create {
        organization_id: String,
        client_name: String,
        wanted: GroupSettings,
        /// Groups of that name when planned: more later means it was made.
        same_name_before: u32,
    },
    /// `PUT organizations/{id}/groups/{groupId}`: the server takes the
    /// whole group (name, collections, users) at once.
    Update {
        organization_id: String,
        client_name: String,
        group_id: String,
        expected: GroupSettings,
        wanted: GroupSettings,
    },
    /// `DELETE organizations/{id}/groups/{groupId}`.
    Delete {
        organization_id: String,
        client_name: String,
        group_id: String,
        name: String,
    },
}

/// The server's groups of one client, as settings by id.
async fn server_groups(
    client: &BwClient,
    organization_id: &str,
) -> Result<Vec<(String, GroupSettings)>, AppError> {
    let groups = client.group_details(organization_id).await?;
    let members = client.members(organization_id).await?;
    Ok(groups
        .into_iter()
        .map(|Raw { value: g, .. }| {
            let member_ids = members
                .iter()
                .filter(|m| m.value.groups.contains(&g.id))
                .map(|m| m.value.id.clone())
                .collect();
            let settings = GroupSettings {
                name: g.name.clone(),
                collections: grants(&g),
                member_ids,
            }
            .normalized();
            (g.id, settings)
        })
        .collect())
}

impl GroupOperation {
    pub fn organization_id(&self) -> &str {
        match self {
            GroupOperation::Create {
                organization_id, ..
            }
            | GroupOperation::Update {
                organization_id, ..
            }
            | GroupOperation::Delete {
                organization_id, ..
            } => organization_id,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            GroupOperation::Create {
                client_name,
                wanted,
                ..
            } => format!(
                "Create the group \u{201c}{}\u{201d} in \u{201c}{client_name}\u{201d} ({} members, {} collections)",
                wanted.name,
                wanted.member_ids.len(),
                wanted.collections.len()
            ),
            GroupOperation::Update {
                client_name,
                expected,
                wanted,
                ..
            } => format!(
                "Change the group \u{201c}{}\u{201d} in \u{201c}{client_name}\u{201d}: name \u{201c}{}\u{201d}, {} members, {} collections",
                expected.name,
                wanted.name,
                wanted.member_ids.len(),
                wanted.collections.len()
            ),
            GroupOperation::Delete {
                client_name, name, ..
            } => format!(
                "Delete the group \u{201c}{name}\u{201d} from \u{201c}{client_name}\u{201d}"
            ),
        }
    }

    pub(crate) async fn look(&self, client: &BwClient) -> Result<Look, AppError> {
        let groups = server_groups(client, self.organization_id()).await?;
        Ok(match self {
            GroupOperation::Create {
                wanted,
                same_name_before,
                ..
            } => {
                let now = groups.iter().filter(|(_, g)| g.name == wanted.name).count();
                if u32::try_from(now).unwrap_or(u32::MAX) > *same_name_before {
                    Look::Applied
                } else {
                    Look::NotApplied
                }
            }
            GroupOperation::Update {
                group_id,
                expected,
                wanted,
                ..
            } => match groups.iter().find(|(id, _)| id == group_id) {
                None => Look::Conflict {
                    current: "the group no longer exists".to_owned(),
                },
                Some((_, now)) if now == wanted => Look::Applied,
                Some((_, now)) if now == expected => Look::NotApplied,
                Some((_, now)) => Look::Conflict {
                    current: serde_json::to_string(now).unwrap_or_default(),
                },
            },
            GroupOperation::Delete { group_id, .. } => {
                if groups.iter().any(|(id, _)| id == group_id) {
                    Look::NotApplied
                } else {
                    Look::Applied
                }
            }
        })
    }

    pub(crate) async fn send(&self, client: &BwClient) -> Result<(), AppError> {
        let request = |s: &GroupSettings| GroupRequest {
            name: s.name.clone(),
            external_id: None,
            collections: s
                .collections
                .iter()
                .map(|g| g.level.selection(&g.collection_id))
                .collect(),
            users: s.member_ids.clone(),
        };
        match self {
            GroupOperation::Create {
                organization_id,
                wanted,
                ..
            } => {
                client
                    .create_group(organization_id, &request(wanted))
                    .await?;
            }
            GroupOperation::Update {
                organization_id,
                group_id,
                wanted,
                ..
            } => {
                client
                    .update_group(organization_id, group_id, &request(wanted))
                    .await?;
            }
            GroupOperation::Delete {
                organization_id,
                group_id,
                ..
            } => client.delete_group(organization_id, group_id).await?,
        }
        Ok(())
    }
}
