//! Item and collection changes in the write queue. Bodies are encrypted at
//! plan time, so what rests in the queue is ciphertext; the encrypted name
//! (a fresh IV each time) tells whether a create already reached the server.

use super::VaultError;
use crate::error::AppError;
use crate::jobs::Look;
use crate::members::CollectionGrant;
use bw_api::client::BwClient;
use bw_api::wire::Raw;
use bw_api::wire::ciphers::{CipherCreateRequest, CipherDetails, CipherRequest};
use bw_api::wire::collections::{CollectionDetails, CollectionRequest};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Who may reach a collection: groups and members, each with a level.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CollectionAccess {
    /// Grants by group id (`collectionId` holds the group's id here).
    #[serde(default)]
    pub groups: Vec<CollectionGrant>,
    /// Grants by member (organization user) id.
    #[serde(default)]
    pub members: Vec<CollectionGrant>,
}

impl CollectionAccess {
    pub(crate) fn normalized(mut self) -> Self {
        self.groups.sort();
        self.groups
            .dedup_by(|a, b| a.collection_id == b.collection_id);
        self.members.sort();
        self.members
            .dedup_by(|a, b| a.collection_id == b.collection_id);
        self
    }

    pub(crate) fn of(details: &CollectionDetails) -> Self {
        let grants = |list: &Option<Vec<bw_api::wire::Selection>>| {
            list.iter()
                .flatten()
                .map(|s| CollectionGrant {
                    collection_id: s.id.clone(),
                    level: crate::members::CollectionLevel::of(s),
                })
                .collect()
        };
        CollectionAccess {
            groups: grants(&details.groups),
            members: grants(&details.users),
        }
        .normalized()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum VaultOperation {
    /// `POST ciphers/create`: the item straight into its collections.
    CreateItem {
        organization_id: String,
        client_name: String,
        item_name: String,
        /// The encrypted `CipherCreateRequest` as JSON.
        body: String,
    },
    /// `PUT ciphers/{id}` with the revision the edit started from.
    EditItem {
        organization_id: String,
        client_name: String,
        item_id: String,
        item_name: String,
        expected_revision: Option<String>,
        /// The encrypted `CipherRequest` as JSON.
        body: String,
    },
    /// `PUT ciphers/{id}/collections`.
    SetItemCollections {
        organization_id: String,
        client_name: String,
        item_id: String,
        item_name: String,
        expected: Vec<String>,
        wanted: Vec<String>,
    },
    /// `PUT ciphers/{id}/delete`.
    TrashItem {
        organization_id: String,
        client_name: String,
        item_id: String,
        item_name: String,
    },
    /// `PUT ciphers/{id}/restore`.
    RestoreItem {
        organization_id: String,
        client_name: String,
        item_id: String,
        item_name: String,
    },
    /// `DELETE ciphers/{id}`: for good.
    DeleteItem {
        organization_id: String,
        client_name: String,
        item_id: String,
        item_name: String,
    },
    /// `POST organizations/{id}/collections`.
    CreateCollection {
        organization_id: String,
        client_name: String,
        name: String,
        /// The name encrypted with the org key.
        encrypted_name: String,
        access: CollectionAccess,
    },
    /// `PUT organizations/{id}/collections/{collectionId}`: name and access
    /// lists replaced together.
    UpdateCollection {
        organization_id: String,
        client_name: String,
        collection_id: String,
        name: String,
        /// The stored name's ciphertext when planned (unchanged names are
        /// sent as they were).
        expected_name: String,
        expected: CollectionAccess,
        encrypted_name: String,
        wanted: CollectionAccess,
    },
    /// `DELETE organizations/{id}/collections/{collectionId}` (its items
    /// stay in the client).
    DeleteCollection {
        organization_id: String,
        client_name: String,
        collection_id: String,
        name: String,
    },
}

/// The server's items and collections, read once per apply run.
#[derive(Default)]
pub(crate) struct VaultSeen {
    ciphers: HashMap<String, Vec<CipherDetails>>,
    collections: HashMap<String, Vec<CollectionDetails>>,
}

impl VaultSeen {
    async fn ciphers(
        &mut self,
        client: &BwClient,
        organization_id: &str,
    ) -> Result<&mut Vec<CipherDetails>, AppError> {
        if !self.ciphers.contains_key(organization_id) {
            let list = match client.organization_ciphers(organization_id).await {
                Ok(list) => list,
                // Bitwarden answers a provider user who is not a member of the
                // client with 404 (or 403) on item routes.
                Err(e) if e.is_denied() => return Err(VaultError::ProviderRule.into()),
                Err(e) => return Err(e.into()),
            };
            self.ciphers.insert(
                organization_id.to_owned(),
                list.into_iter().map(|Raw { value, .. }| value).collect(),
            );
        }
        Ok(self.ciphers.entry(organization_id.to_owned()).or_default())
    }

    async fn collections(
        &mut self,
        client: &BwClient,
        organization_id: &str,
    ) -> Result<&mut Vec<CollectionDetails>, AppError> {
        if !self.collections.contains_key(organization_id) {
            let list = client.collection_details(organization_id).await?;
            self.collections.insert(
                organization_id.to_owned(),
                list.into_iter().map(|Raw { value, .. }| value).collect(),
            );
        }
        Ok(self
            .collections
            .entry(organization_id.to_owned())
            .or_default())
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, AppError> {
    serde_json::from_str(body)
        .map_err(|e| AppError::internal(format!("a queued item change does not read back: {e}")))
}

fn conflict(text: &str) -> Look {
    Look::Conflict {
        current: text.to_owned(),
    }
}

impl VaultOperation {
    pub fn organization_id(&self) -> &str {
        match self {
            VaultOperation::CreateItem {
                organization_id, ..
            }
            | VaultOperation::EditItem {
                organization_id, ..
            }
            | VaultOperation::SetItemCollections {
                organization_id, ..
            }
            | VaultOperation::TrashItem {
                organization_id, ..
            }
            | VaultOperation::RestoreItem {
                organization_id, ..
            }
            | VaultOperation::DeleteItem {
                organization_id, ..
            }
            | VaultOperation::CreateCollection {
                organization_id, ..
            }
            | VaultOperation::UpdateCollection {
                organization_id, ..
            }
            | VaultOperation::DeleteCollection {
                organization_id, ..
            } => organization_id,
        }
    }

    pub fn describe(&self) -> String {
        let q = |s: &str| format!("\u{201c}{s}\u{201d}");
        match self {
            VaultOperation::CreateItem {
                client_name,
                item_name,
                body,
                ..
            } => {
                let n = decode::<CipherCreateRequest>(body)
                    .map(|r| r.collection_ids.len())
                    .unwrap_or(0);
                format!(
                    "Create the item {} in {} ({n} collection{})",
                    q(item_name),
                    q(client_name),
                    if n == 1 { "" } else { "s" }
                )
            }
            VaultOperation::EditItem {
                client_name,
                item_name,
                ..
            } => format!("Change the item {} in {}", q(item_name), q(client_name)),
            VaultOperation::SetItemCollections {
                client_name,
                item_name,
                wanted,
                ..
            } => format!(
                "Put the item {} of {} in {} collection{}",
                q(item_name),
                q(client_name),
                wanted.len(),
                if wanted.len() == 1 { "" } else { "s" }
            ),
            VaultOperation::TrashItem {
                client_name,
                item_name,
                ..
            } => format!(
                "Move the item {} of {} to the trash",
                q(item_name),
                q(client_name)
            ),
            VaultOperation::RestoreItem {
                client_name,
                item_name,
                ..
            } => format!(
                "Restore the item {} of {} from the trash",
                q(item_name),
                q(client_name)
            ),
            VaultOperation::DeleteItem {
                client_name,
                item_name,
                ..
            } => format!(
                "Delete the item {} of {} for good",
                q(item_name),
                q(client_name)
            ),
            VaultOperation::CreateCollection {
                client_name,
                name,
                access,
                ..
            } => format!(
                "Create the collection {} in {} ({} groups, {} members)",
                q(name),
                q(client_name),
                access.groups.len(),
                access.members.len()
            ),
            VaultOperation::UpdateCollection {
                client_name,
                name,
                wanted,
                ..
            } => format!(
                "Change the collection {} in {}: {} groups, {} members",
                q(name),
                q(client_name),
                wanted.groups.len(),
                wanted.members.len()
            ),
            VaultOperation::DeleteCollection {
                client_name, name, ..
            } => format!(
                "Delete the collection {} from {} (its items stay)",
                q(name),
                q(client_name)
            ),
        }
    }

    pub(crate) async fn look(
        &self,
        client: &BwClient,
        seen: &mut VaultSeen,
    ) -> Result<Look, AppError> {
        let org = self.organization_id().to_owned();
        let item = |list: &Vec<CipherDetails>, id: &str| list.iter().find(|c| c.id == id).cloned();
        Ok(match self {
            VaultOperation::CreateItem { body, .. } => {
                let request: CipherCreateRequest = decode(body)?;
                let list = seen.ciphers(client, &org).await?;
                if list
                    .iter()
                    .any(|c| c.name.as_deref() == Some(request.cipher.name.as_str()))
                {
                    Look::Applied
                } else {
                    Look::NotApplied
                }
            }
            VaultOperation::EditItem {
                item_id,
                expected_revision,
                body,
                ..
            } => {
                let request: CipherRequest = decode(body)?;
                match item(seen.ciphers(client, &org).await?, item_id) {
                    None => conflict("the item no longer exists"),
                    Some(c) if c.name.as_deref() == Some(request.name.as_str()) => Look::Applied,
                    Some(c) if same_time(&c.revision_date, expected_revision) => Look::NotApplied,
                    Some(_) => conflict(
                        "the item was changed on the server since it was read: sync, look at it again and redo the edit",
                    ),
                }
            }
            VaultOperation::SetItemCollections {
                item_id,
                expected,
                wanted,
                ..
            } => match item(seen.ciphers(client, &org).await?, item_id) {
                None => conflict("the item no longer exists"),
                Some(c) => {
                    let now = sorted(c.collection_ids);
                    if now == sorted(wanted.clone()) {
                        Look::Applied
                    } else if now == sorted(expected.clone()) {
                        Look::NotApplied
                    } else {
                        conflict("the item's collections changed on the server since it was read")
                    }
                }
            },
            VaultOperation::TrashItem { item_id, .. } => {
                match item(seen.ciphers(client, &org).await?, item_id) {
                    None => conflict("the item no longer exists"),
                    Some(c) if c.deleted_date.is_some() => Look::Applied,
                    Some(_) => Look::NotApplied,
                }
            }
            VaultOperation::RestoreItem { item_id, .. } => {
                match item(seen.ciphers(client, &org).await?, item_id) {
                    None => conflict("the item no longer exists"),
                    Some(c) if c.deleted_date.is_none() => Look::Applied,
                    Some(_) => Look::NotApplied,
                }
            }
            VaultOperation::DeleteItem { item_id, .. } => {
                match item(seen.ciphers(client, &org).await?, item_id) {
                    None => Look::Applied,
                    Some(_) => Look::NotApplied,
                }
            }
            VaultOperation::CreateCollection { encrypted_name, .. } => {
                let list = seen.collections(client, &org).await?;
                if list.iter().any(|c| &c.name == encrypted_name) {
                    Look::Applied
                } else {
                    Look::NotApplied
                }
            }
            VaultOperation::UpdateCollection {
                collection_id,
                expected_name,
                expected,
                encrypted_name,
                wanted,
                ..
            } => {
                let list = seen.collections(client, &org).await?;
                match list.iter().find(|c| &c.id == collection_id) {
                    None => conflict("the collection no longer exists"),
                    Some(c) => {
                        let access = CollectionAccess::of(c);
                        if &c.name == encrypted_name && &access == wanted {
                            Look::Applied
                        } else if &c.name == expected_name && &access == expected {
                            Look::NotApplied
                        } else if &access == wanted && &c.name == expected_name {
                            // Only the name was to change and it did not: send.
                            Look::NotApplied
                        } else {
                            conflict(
                                "the collection changed on the server since it was read: sync and redo the change",
                            )
                        }
                    }
                }
            }
            VaultOperation::DeleteCollection { collection_id, .. } => {
                let list = seen.collections(client, &org).await?;
                if list.iter().any(|c| &c.id == collection_id) {
                    Look::NotApplied
                } else {
                    Look::Applied
                }
            }
        })
    }

    pub(crate) async fn send(
        &self,
        client: &BwClient,
        seen: &mut VaultSeen,
    ) -> Result<(), AppError> {
        let org = self.organization_id().to_owned();
        let result = match self {
            VaultOperation::CreateItem { body, .. } => {
                let request: CipherCreateRequest = decode(body)?;
                match client.create_cipher(&request).await {
                    // The list read for the look stays good with the new
                    // item added: a batch of creates reads it once.
                    Ok(created) => {
                        if let Some(list) = seen.ciphers.get_mut(&org) {
                            list.push(created);
                        }
                        return Ok(());
                    }
                    Err(e) => Err(e),
                }
            }
            VaultOperation::EditItem { item_id, body, .. } => {
                let request: CipherRequest = decode(body)?;
                client.update_cipher(item_id, &request).await.map(|_| ())
            }
            VaultOperation::SetItemCollections {
                item_id, wanted, ..
            } => client.update_cipher_collections(item_id, wanted).await,
            VaultOperation::TrashItem { item_id, .. } => client.soft_delete_cipher(item_id).await,
            VaultOperation::RestoreItem { item_id, .. } => {
                client.restore_cipher(item_id).await.map(|_| ())
            }
            VaultOperation::DeleteItem { item_id, .. } => client.delete_cipher(item_id).await,
            VaultOperation::CreateCollection {
                encrypted_name,
                access,
                ..
            } => client
                .create_collection(&org, &collection_request(encrypted_name, access))
                .await
                .map(|_| ()),
            VaultOperation::UpdateCollection {
                collection_id,
                encrypted_name,
                wanted,
                ..
            } => client
                .update_collection(
                    &org,
                    collection_id,
                    &collection_request(encrypted_name, wanted),
                )
                .await
                .map(|_| ()),
            VaultOperation::DeleteCollection { collection_id, .. } => {
                client.delete_collection(&org, collection_id).await
            }
        };
        // What was read before no longer holds.
        seen.ciphers.remove(&org);
        seen.collections.remove(&org);
        match result {
            Ok(()) => Ok(()),
            Err(e)
                if e.is_denied()
                    && !matches!(
                        self,
                        VaultOperation::CreateCollection { .. }
                            | VaultOperation::UpdateCollection { .. }
                            | VaultOperation::DeleteCollection { .. }
                    ) =>
            {
                Err(VaultError::ProviderRule.into())
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn collection_request(encrypted_name: &str, access: &CollectionAccess) -> CollectionRequest {
    CollectionRequest {
        name: encrypted_name.to_owned(),
        external_id: None,
        groups: access
            .groups
            .iter()
            .map(|g| g.level.selection(&g.collection_id))
            .collect(),
        users: access
            .members
            .iter()
            .map(|g| g.level.selection(&g.collection_id))
            .collect(),
    }
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

/// Revision dates compared as instants (the server may add or drop
/// fractional digits between answers).
fn same_time(a: &Option<String>, b: &Option<String>) -> bool {
    let parse = |s: &Option<String>| s.as_deref().and_then(crate::time::parse_iso8601_ms);
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_dates_compare_as_instants() {
        assert!(same_time(
            &Some("2026-12-01T10:00:00.1230000Z".into()),
            &Some("2026-12-01T10:00:00.123Z".into())
        ));
        assert!(!same_time(
            &Some("2026-12-01T10:00:01Z".into()),
            &Some("2026-12-01T10:00:00Z".into())
        ));
    }

    #[test]
    fn descriptions_name_item_and_client() {
        let op = VaultOperation::TrashItem {
            organization_id: "o".into(),
            client_name: "Northwind".into(),
            item_id: "i".into(),
            item_name: "Router".into(),
        };
        assert_eq!(
            op.describe(),
            "Move the item \u{201c}Router\u{201d} of \u{201c}Northwind\u{201d} to the trash"
        );
    }
}
