//! A client's collections: listed as Bitwarden's tree (`Parent/Child`
//! names), with item counts and who may reach each; created, changed and
//! deleted through the write path.

use super::VaultError;
use super::operation::{CollectionAccess, VaultOperation};
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use crate::members::{CollectionLevel, decrypt_name};
use bw_api::wire::collections::CollectionDetails;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// A group or member with access to a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    pub id: String,
    pub name: String,
    pub level: CollectionLevel,
}

/// A collection as the list shows it; the list is in tree order (a
/// parent before its children, siblings by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CollectionView {
    pub id: String,
    /// The whole name (`Parent/Child`); `None` when it does not decrypt.
    pub name: Option<String>,
    /// The last segment, shown indented by `depth`.
    pub label: String,
    pub depth: u32,
    /// Live items in it (trash excluded).
    pub item_count: u32,
    pub groups: Vec<AccessEntry>,
    pub members: Vec<AccessEntry>,
    /// A member's own "My items" collection (Bitwarden's type 1).
    pub default_user_collection: bool,
}

/// Creating (no `collectionId`) or changing a collection.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CollectionInput {
    pub organization_id: String,
    pub collection_id: Option<String>,
    pub name: String,
    pub access: CollectionAccess,
}

impl Core {
    /// The client's collections as a tree, from the snapshot.
    pub async fn collections(
        &self,
        organization_id: &str,
    ) -> Result<Vec<CollectionView>, AppError> {
        let key = self.org_key(organization_id).await?;
        let page = self.members_page(organization_id).await?;
        let groups = self.groups(organization_id).await?;
        let (rows, items) = {
            let unlocked = self.unlocked().await?;
            let snapshot = &unlocked.session.snapshot;
            (
                snapshot.collections(organization_id).await?,
                snapshot.items(organization_id).await?,
            )
        };
        let mut counts: HashMap<String, u32> = HashMap::new();
        for item in &items {
            #[derive(Deserialize)]
            #[serde(rename_all = "camelCase")]
            struct Placement {
                #[serde(default)]
                collection_ids: Option<Vec<String>>,
                #[serde(default)]
                deleted_date: Option<String>,
            }
            let Ok(p) = serde_json::from_str::<Placement>(&item.raw) else {
                continue;
            };
            if p.deleted_date.is_some() {
                continue;
            }
            for c in p.collection_ids.unwrap_or_default() {
                *counts.entry(c).or_default() += 1;
            }
        }
        let member_name = |id: &str| {
            page.members
                .iter()
                .find(|m| m.id == id)
                .map(|m| {
                    m.name
                        .clone()
                        .filter(|n| !n.is_empty())
                        .or_else(|| m.email.clone())
                        .unwrap_or_else(|| id.to_owned())
                })
                .unwrap_or_else(|| id.to_owned())
        };
        let group_name = |id: &str| {
            groups
                .iter()
                .find(|g| g.id == id)
                .map_or_else(|| id.to_owned(), |g| g.name.clone())
        };
        let mut views: Vec<CollectionView> = rows
            .into_iter()
            .map(|row| {
                let details =
                    serde_json::from_str::<CollectionDetails>(&row.raw).unwrap_or_default();
                let access = CollectionAccess::of(&details);
                let name = decrypt_name(&key, &row.name);
                CollectionView {
                    label: name.clone().unwrap_or_default(),
                    depth: 0,
                    item_count: counts.get(&row.id).copied().unwrap_or(0),
                    groups: access
                        .groups
                        .iter()
                        .map(|g| AccessEntry {
                            name: group_name(&g.collection_id),
                            id: g.collection_id.clone(),
                            level: g.level,
                        })
                        .collect(),
                    members: access
                        .members
                        .iter()
                        .map(|g| AccessEntry {
                            name: member_name(&g.collection_id),
                            id: g.collection_id.clone(),
                            level: g.level,
                        })
                        .collect(),
                    default_user_collection: details.collection_type == 1,
                    id: row.id,
                    name,
                }
            })
            .collect();
        arrange(&mut views);
        Ok(views)
    }

    /// Plans creating or changing a collection (name at most 1,000
    /// characters; groups and members must be the client's).
    pub async fn collection_operations(
        &self,
        input: CollectionInput,
    ) -> Result<Vec<Operation>, AppError> {
        let org = input.organization_id.clone();
        let name = input.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 1000 {
            return Err(AppError::invalid_input(
                "A collection needs a name of 1 to 1,000 characters.",
            ));
        }
        let mut access = input.access.normalized();
        let page = self.members_page(&org).await?;
        // As Bitwarden's web vault does: whoever creates a collection can
        // manage it (else a member could not even put items in it).
        if input.collection_id.is_none()
            && let Some(me) = self.unlocked_account().await
            && let Some(member) = page.members.iter().find(|m| {
                m.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&me.email))
            })
            && !access.members.iter().any(|g| g.collection_id == member.id)
        {
            access.members.push(crate::members::CollectionGrant {
                collection_id: member.id.clone(),
                level: CollectionLevel::Manage,
            });
            access = access.normalized();
        }
        let groups = self.groups(&org).await?;
        if let Some(m) = access
            .members
            .iter()
            .find(|g| !page.members.iter().any(|m| m.id == g.collection_id))
        {
            return Err(crate::members::MemberError::NoSuchMember(m.collection_id.clone()).into());
        }
        if let Some(g) = access
            .groups
            .iter()
            .find(|g| !groups.iter().any(|x| x.id == g.collection_id))
        {
            return Err(crate::members::MemberError::NoSuchGroup(g.collection_id.clone()).into());
        }
        let key = self.org_key(&org).await?;
        let client_name = self.client_name(&org).await?;
        let encrypt = |text: &str| {
            bw_crypto::collection::encrypt_name(&key, text)
                .map(|e| e.to_string())
                .map_err(|e| AppError::internal(format!("encrypting the name failed: {e}")))
        };
        let op = match input.collection_id {
            None => VaultOperation::CreateCollection {
                organization_id: org,
                client_name,
                encrypted_name: encrypt(&name)?,
                name,
                access,
            },
            Some(id) => {
                let row = {
                    let unlocked = self.unlocked().await?;
                    unlocked
                        .session
                        .snapshot
                        .collections(&org)
                        .await?
                        .into_iter()
                        .find(|c| c.id == id)
                        .ok_or_else(|| VaultError::NoSuchCollection(id.clone()))?
                };
                let details =
                    serde_json::from_str::<CollectionDetails>(&row.raw).unwrap_or_default();
                let old_name = decrypt_name(&key, &row.name);
                // An unchanged name is sent as it is stored, so the look
                // can tell "sent" from "changed by someone else".
                let encrypted_name = if old_name.as_deref() == Some(name.as_str()) {
                    row.name.clone()
                } else {
                    encrypt(&name)?
                };
                VaultOperation::UpdateCollection {
                    organization_id: org,
                    client_name,
                    collection_id: id,
                    name,
                    expected_name: row.name,
                    expected: CollectionAccess::of(&details),
                    encrypted_name,
                    wanted: access,
                }
            }
        };
        Ok(vec![Operation::Vault(op)])
    }

    /// The client's collections by id or whole name: `(id, name)`, from
    /// the snapshot (names only: no counts, no access lists).
    pub async fn find_collections(
        &self,
        organization_id: &str,
        ids_or_names: &[String],
    ) -> Result<Vec<(String, Option<String>)>, AppError> {
        let key = self.org_key(organization_id).await?;
        let rows = {
            let unlocked = self.unlocked().await?;
            unlocked
                .session
                .snapshot
                .collections(organization_id)
                .await?
        };
        let named: Vec<(String, Option<String>)> = rows
            .into_iter()
            .map(|r| {
                let name = decrypt_name(&key, &r.name);
                (r.id, name)
            })
            .collect();
        ids_or_names
            .iter()
            .map(|wanted| {
                named
                    .iter()
                    .find(|(id, name)| id == wanted || name.as_deref() == Some(wanted))
                    .cloned()
                    .ok_or_else(|| VaultError::NoSuchCollection(wanted.clone()).into())
            })
            .collect()
    }

    /// Plans deleting collections, by id or whole name.
    pub async fn delete_collection_operations(
        &self,
        organization_id: &str,
        ids_or_names: &[String],
    ) -> Result<Vec<Operation>, AppError> {
        let found = self.find_collections(organization_id, ids_or_names).await?;
        let client_name = self.client_name(organization_id).await?;
        Ok(found
            .into_iter()
            .map(|(id, name)| {
                Operation::Vault(VaultOperation::DeleteCollection {
                    organization_id: organization_id.to_owned(),
                    client_name: client_name.clone(),
                    name: name.unwrap_or_else(|| id.clone()),
                    collection_id: id,
                })
            })
            .collect())
    }
}

/// Orders collections as a tree by their `/`-separated names and sets each
/// one's depth and label, as Bitwarden nests them: a segment is indented
/// under a parent only when a collection with the parent's whole name
/// exists.
fn arrange(views: &mut [CollectionView]) {
    views.sort_by(|a, b| {
        let key = |v: &CollectionView| {
            v.name
                .as_deref()
                .map(|n| {
                    bw_crypto::collection::path_segments(n)
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    let names: std::collections::HashSet<String> =
        views.iter().filter_map(|v| v.name.clone()).collect();
    for v in views.iter_mut() {
        let Some(name) = v.name.clone() else {
            continue;
        };
        let segments: Vec<&str> = bw_crypto::collection::path_segments(&name).collect();
        // The deepest existing ancestor decides the indent.
        let mut depth = 0;
        let mut cut = 0;
        for i in 1..segments.len() {
            if names.contains(&segments[..i].join("/")) {
                depth += 1;
                cut = i;
            }
        }
        v.depth = depth;
        v.label = segments[cut..].join("/");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: &str, name: &str) -> CollectionView {
        CollectionView {
            id: id.into(),
            name: Some(name.into()),
            label: name.into(),
            depth: 0,
            item_count: 0,
            groups: vec![],
            members: vec![],
            default_user_collection: false,
        }
    }

    #[test]
    fn nested_names_become_a_tree() {
        let mut v = vec![
            view("3", "Servers/Linux"),
            view("1", "Accounting"),
            view("2", "Servers"),
            view("4", "Orphan/Child"),
        ];
        arrange(&mut v);
        let got: Vec<(&str, u32, &str)> = v
            .iter()
            .map(|c| (c.name.as_deref().unwrap(), c.depth, c.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Accounting", 0, "Accounting"),
                ("Orphan/Child", 0, "Orphan/Child"),
                ("Servers", 0, "Servers"),
                ("Servers/Linux", 1, "Linux"),
            ]
        );
    }
}
