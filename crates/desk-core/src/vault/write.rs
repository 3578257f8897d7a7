//! Reading whole items and planning item changes: create, edit, move
//! between collections, trash, restore, delete for good. Each plan is
//! checked against the snapshot and encrypted before it is queued.

use super::VaultError;
use super::item::{self, Item};
use super::operation::VaultOperation;
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use bw_api::wire::ciphers::CipherCreateRequest;
use bw_crypto::{EncString, cipher};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Bitwarden's limits on item fields (plain text, before encryption).
const MAX_NAME_CHARS: usize = 1000;
const MAX_NOTES_CHARS: usize = 10_000;

/// Creating (no `itemId`) or replacing an item. Secrets left null keep
/// their stored value; an empty string clears one.
#[derive(Debug, Clone, PartialEq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemInput {
    pub organization_id: String,
    pub item_id: Option<String>,
    pub item: Item,
}

/// What happens to items as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemAction {
    Trash,
    Restore,
    Delete,
}

/// A live authenticator code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TotpCode {
    pub code: String,
    pub period: u32,
    /// Seconds the code is still good for.
    pub remaining: u32,
}

impl Core {
    /// One item, whole, in the official CLI's shape; secrets only when
    /// `reveal`.
    pub async fn item(
        &self,
        organization_id: &str,
        item_id: &str,
        reveal: bool,
    ) -> Result<Item, AppError> {
        let mut item = self.stored_item(organization_id, item_id).await?;
        if !reveal {
            item.redact();
        }
        Ok(item)
    }

    async fn stored_item(&self, organization_id: &str, item_id: &str) -> Result<Item, AppError> {
        Ok(self.stored(organization_id, item_id).await?.0)
    }

    /// A stored item decrypted, and its own key as stored (one read).
    async fn stored(
        &self,
        organization_id: &str,
        item_id: &str,
    ) -> Result<(Item, Option<EncString>), AppError> {
        let key = self.org_key(organization_id).await?;
        let row = {
            let unlocked = self.unlocked().await?;
            unlocked
                .session
                .snapshot
                .items_by_id(organization_id, &[item_id.to_owned()])
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| VaultError::NoSuchItem(item_id.to_owned()))?
        };
        item::decrypt_with_key(&key, &row.raw)
            .map_err(|e| VaultError::Unreadable(e.to_string()).into())
    }

    /// The login's current authenticator code.
    pub async fn item_totp(
        &self,
        organization_id: &str,
        item_id: &str,
    ) -> Result<TotpCode, AppError> {
        let item = self.stored_item(organization_id, item_id).await?;
        let value = item.login.and_then(|l| l.totp).ok_or(VaultError::NoTotp)?;
        let totp = bw_crypto::totp::Totp::parse(&value).ok_or(VaultError::BadTotp)?;
        let now = u64::try_from(crate::time::now_ms() / 1000).unwrap_or(0);
        let period = totp.period();
        Ok(TotpCode {
            code: totp.code_at(now),
            period: u32::try_from(period).unwrap_or(30),
            remaining: u32::try_from(period - now % period).unwrap_or(0),
        })
    }

    /// Plans creating or replacing an item: checked (name, type, the
    /// client's collections), encrypted with the client's key — a new item
    /// gets its own key when the server asks for it — and, for an edit,
    /// tied to the revision it was read at.
    pub async fn item_operations(&self, input: ItemInput) -> Result<Vec<Operation>, AppError> {
        let org = input.organization_id.clone();
        let mut item = input.item;
        check(&item)?;
        let key = self.org_key(&org).await?;
        let client_name = self.client_name(&org).await?;
        let collections = self.collection_ids(&org).await?;
        let wanted = item.collection_ids.clone().unwrap_or_default();
        if let Some(unknown) = wanted.iter().find(|c| !collections.contains(c)) {
            return Err(VaultError::NoSuchCollection(unknown.clone()).into());
        }
        match input.item_id {
            None => {
                if wanted.is_empty() {
                    return Err(VaultError::NoCollection.into());
                }
                if let Some(login) = &mut item.login {
                    login.password_revision_date = None;
                }
                let wrapped = if self.new_items_get_keys().await {
                    Some(cipher::new_cipher_key(&key).map_err(crypto)?.1)
                } else {
                    None
                };
                let cipher =
                    item::encrypt(&item, &key, wrapped.as_ref(), &org, None).map_err(crypto)?;
                let body = CipherCreateRequest {
                    cipher,
                    collection_ids: wanted,
                };
                Ok(vec![Operation::Vault(VaultOperation::CreateItem {
                    organization_id: org,
                    client_name,
                    item_name: item.name.clone(),
                    body: to_json(&body)?,
                })])
            }
            Some(id) => {
                let (stored, raw_key) = self.stored(&org, &id).await?;
                if stored.item_type != item.item_type {
                    return Err(VaultError::TypeChange.into());
                }
                item.keep_secrets_from(&stored);
                item.carry_history(&stored, &crate::time::iso8601(crate::time::now_ms()));
                let cipher = item::encrypt(
                    &item,
                    &key,
                    raw_key.as_ref(),
                    &org,
                    stored.revision_date.clone(),
                )
                .map_err(crypto)?;
                let mut ops = vec![Operation::Vault(VaultOperation::EditItem {
                    organization_id: org.clone(),
                    client_name: client_name.clone(),
                    item_id: id.clone(),
                    item_name: item.name.clone(),
                    expected_revision: stored.revision_date.clone(),
                    body: to_json(&cipher)?,
                })];
                let before = stored.collection_ids.clone().unwrap_or_default();
                if item.collection_ids.is_some() && sorted(&wanted) != sorted(&before) {
                    if wanted.is_empty() {
                        return Err(VaultError::NoCollection.into());
                    }
                    ops.push(Operation::Vault(VaultOperation::SetItemCollections {
                        organization_id: org,
                        client_name,
                        item_id: id,
                        item_name: item.name,
                        expected: before,
                        wanted,
                    }));
                }
                Ok(ops)
            }
        }
    }

    /// Plans putting an item in exactly these collections.
    pub async fn item_collections_operations(
        &self,
        organization_id: &str,
        item_id: &str,
        collection_ids: Vec<String>,
    ) -> Result<Vec<Operation>, AppError> {
        let stored = self.stored_item(organization_id, item_id).await?;
        let known = self.collection_ids(organization_id).await?;
        if let Some(unknown) = collection_ids.iter().find(|c| !known.contains(c)) {
            return Err(VaultError::NoSuchCollection(unknown.clone()).into());
        }
        if collection_ids.is_empty() {
            return Err(VaultError::NoCollection.into());
        }
        Ok(vec![Operation::Vault(VaultOperation::SetItemCollections {
            organization_id: organization_id.to_owned(),
            client_name: self.client_name(organization_id).await?,
            item_id: item_id.to_owned(),
            item_name: stored.name,
            expected: stored.collection_ids.unwrap_or_default(),
            wanted: collection_ids,
        })])
    }

    /// Plans trashing, restoring or deleting items. Deleting for good is
    /// only offered for items already in the trash, as Bitwarden's web
    /// vault does.
    pub async fn item_action_operations(
        &self,
        organization_id: &str,
        item_ids: &[String],
        action: ItemAction,
    ) -> Result<Vec<Operation>, AppError> {
        let client_name = self.client_name(organization_id).await?;
        let mut ops = Vec::new();
        for id in item_ids {
            let stored = self.stored_item(organization_id, id).await?;
            let trashed = stored.deleted_date.is_some();
            let (organization_id, client_name, item_id, item_name) = (
                organization_id.to_owned(),
                client_name.clone(),
                id.clone(),
                stored.name,
            );
            ops.push(Operation::Vault(match action {
                ItemAction::Trash if trashed => {
                    return Err(VaultError::AlreadyTrashed(item_name).into());
                }
                ItemAction::Restore | ItemAction::Delete if !trashed => {
                    return Err(VaultError::NotTrashed(item_name).into());
                }
                ItemAction::Trash => VaultOperation::TrashItem {
                    organization_id,
                    client_name,
                    item_id,
                    item_name,
                },
                ItemAction::Restore => VaultOperation::RestoreItem {
                    organization_id,
                    client_name,
                    item_id,
                    item_name,
                },
                ItemAction::Delete => VaultOperation::DeleteItem {
                    organization_id,
                    client_name,
                    item_id,
                    item_name,
                },
            }));
        }
        Ok(ops)
    }

    async fn collection_ids(&self, organization_id: &str) -> Result<Vec<String>, AppError> {
        let unlocked = self.unlocked().await?;
        Ok(unlocked
            .session
            .snapshot
            .collections(organization_id)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect())
    }

    /// Whether the server asks for a key per new item (Bitwarden's
    /// `cipher-key-encryption` flag). Offline, or when the server cannot
    /// say, new items use the client's key as older clients do: every
    /// Bitwarden client reads both.
    async fn new_items_get_keys(&self) -> bool {
        let Ok(unlocked) = self.unlocked().await else {
            return false;
        };
        if let Some(known) = unlocked.cipher_keys.get() {
            return *known;
        }
        match unlocked.client.server_features().await {
            Ok(features) => {
                let on = features.flag("cipher-key-encryption");
                let _ = unlocked.cipher_keys.set(on);
                on
            }
            // Not remembered: the next create asks again.
            Err(_) => false,
        }
    }
}

fn check(item: &Item) -> Result<(), AppError> {
    if !(1..=5).contains(&item.item_type) {
        return Err(VaultError::UnsupportedType(item.item_type).into());
    }
    let name = item.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid_input(format!(
            "An item needs a name of 1 to {MAX_NAME_CHARS} characters."
        )));
    }
    if item
        .notes
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTES_CHARS)
    {
        return Err(AppError::invalid_input(format!(
            "Notes hold at most {MAX_NOTES_CHARS} characters."
        )));
    }
    let has = match item.item_type {
        1 => item.login.is_some(),
        3 => item.card.is_some(),
        4 => item.identity.is_some(),
        5 => item.ssh_key.is_some(),
        _ => true,
    };
    if !has {
        return Err(AppError::invalid_input(
            "The item's type needs its object (login, card, identity or sshKey), as in `bw get template item`.",
        ));
    }
    if let Some(totp) = item.login.as_ref().and_then(|l| l.totp.as_deref())
        && !totp.is_empty()
        && bw_crypto::totp::Totp::parse(totp).is_none()
    {
        return Err(VaultError::BadTotp.into());
    }
    for f in &item.fields {
        if !(0..=3).contains(&f.field_type) {
            return Err(AppError::invalid_input(format!(
                "A custom field's type is 0 (text), 1 (hidden), 2 (boolean) or 3 (linked), not {}.",
                f.field_type
            )));
        }
    }
    Ok(())
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut v = ids.to_vec();
    v.sort();
    v.dedup();
    v
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::internal(e.to_string()))
}

fn crypto(e: bw_crypto::CryptoError) -> AppError {
    AppError::internal(format!("encrypting the item failed: {e}"))
}
