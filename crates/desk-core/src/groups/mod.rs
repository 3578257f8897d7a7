//! A client's groups: listed with their members and collection access
//! (from the snapshot), created, edited and deleted through the write path.

mod operation;

pub use operation::GroupOperation;

use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use crate::members::{CollectionGrant, CollectionLevel, MemberError};
use bw_api::wire::groups::Group;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Bitwarden limits group names to 100 characters.
const MAX_NAME_CHARS: usize = 100;

/// A group as the Groups list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    pub id: String,
    pub name: String,
    /// Member ids (from the members' own group lists).
    pub member_ids: Vec<String>,
    pub collections: Vec<CollectionGrant>,
}

/// What a group is set to: name, collection access, members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupSettings {
    pub name: String,
    #[serde(default)]
    pub collections: Vec<CollectionGrant>,
    /// Member ids.
    #[serde(default)]
    pub member_ids: Vec<String>,
}

impl GroupSettings {
    pub(crate) fn normalized(mut self) -> Self {
        self.name = self.name.trim().to_owned();
        self.collections.sort();
        self.collections
            .dedup_by(|a, b| a.collection_id == b.collection_id);
        self.member_ids.sort();
        self.member_ids.dedup();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GroupInput {
    pub organization_id: String,
    /// `None` creates a group.
    pub group_id: Option<String>,
    pub settings: GroupSettings,
}

pub(crate) fn grants(group: &Group) -> Vec<CollectionGrant> {
    group
        .collections
        .iter()
        .flatten()
        .map(|s| CollectionGrant {
            collection_id: s.id.clone(),
            level: CollectionLevel::of(s),
        })
        .collect()
}

impl Core {
    /// The client's groups with members and collection access, from the
    /// snapshot.
    pub async fn groups(&self, organization_id: &str) -> Result<Vec<GroupView>, AppError> {
        let members = self.members(organization_id).await?;
        let rows = {
            let unlocked = self.unlocked().await?;
            unlocked.session.snapshot.groups(organization_id).await?
        };
        let mut groups: Vec<GroupView> = rows
            .into_iter()
            .map(|row| {
                let group = serde_json::from_str::<Group>(&row.raw).unwrap_or_default();
                let mut member_ids: Vec<String> = members
                    .iter()
                    .filter(|m| m.groups.contains(&row.id))
                    .map(|m| m.id.clone())
                    .collect();
                member_ids.sort();
                let mut collections = grants(&group);
                collections.sort();
                GroupView {
                    id: row.id,
                    name: row.name,
                    member_ids,
                    collections,
                }
            })
            .collect();
        groups.sort_by_key(|g| g.name.to_lowercase());
        Ok(groups)
    }

    /// Plans creating or changing a group (members and collections must be
    /// the client's; the name at most 100 characters).
    pub async fn group_operations(&self, input: GroupInput) -> Result<Vec<Operation>, AppError> {
        let wanted = input.settings.normalized();
        if wanted.name.is_empty() || wanted.name.chars().count() > MAX_NAME_CHARS {
            return Err(AppError::invalid_input(format!(
                "A group needs a name of 1 to {MAX_NAME_CHARS} characters."
            )));
        }
        let page = self.members_page(&input.organization_id).await?;
        for id in &wanted.member_ids {
            if !page.members.iter().any(|m| &m.id == id) {
                return Err(MemberError::NoSuchMember(id.clone()).into());
            }
        }
        for grant in &wanted.collections {
            if !page.collections.iter().any(|c| c.id == grant.collection_id) {
                return Err(MemberError::NoSuchCollection(grant.collection_id.clone()).into());
            }
        }
        let groups = self.groups(&input.organization_id).await?;
        let operation = match input.group_id {
            None => GroupOperation::Create {
                organization_id: input.organization_id,
                client_name: page.client_name,
                same_name_before: u32::try_from(
                    groups.iter().filter(|g| g.name == wanted.name).count(),
                )
                .unwrap_or(u32::MAX),
                wanted,
            },
            Some(id) => {
                let current = groups
                    .iter()
                    .find(|g| g.id == id)
                    .ok_or_else(|| MemberError::NoSuchGroup(id.clone()))?;
                GroupOperation::Update {
                    organization_id: input.organization_id,
                    client_name: page.client_name,
                    group_id: id,
                    expected: GroupSettings {
                        name: current.name.clone(),
                        collections: current.collections.clone(),
                        member_ids: current.member_ids.clone(),
                    },
                    wanted,
                }
            }
        };
        Ok(vec![Operation::Group(operation)])
    }

    /// Plans deleting groups (their members stay members).
    pub async fn delete_group_operations(
        &self,
        organization_id: &str,
        group_ids: &[String],
    ) -> Result<Vec<Operation>, AppError> {
        let groups = self.groups(organization_id).await?;
        let page = self.members_page(organization_id).await?;
        group_ids
            .iter()
            .map(|id| {
                let group = groups
                    .iter()
                    .find(|g| &g.id == id || g.name == *id)
                    .ok_or_else(|| MemberError::NoSuchGroup(id.clone()))?;
                Ok(Operation::Group(GroupOperation::Delete {
                    organization_id: organization_id.to_owned(),
                    client_name: page.client_name.clone(),
                    group_id: group.id.clone(),
                    name: group.name.clone(),
                }))
            })
            .collect()
    }
}
