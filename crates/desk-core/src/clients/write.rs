//! The writes a provider makes to its clients — create one, change its
//! seats or its name — planned here as queue operations (validated against
//! the snapshot and the provider's rules) and sent by the one write path in
//! `jobs`.

use super::ClientView;
use super::rules::clamp_i32;
use super::{ClientError, providers};
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::{ClientSettings, Operation};
use bw_crypto::{client_org, collection::DEFAULT_COLLECTION_NAME};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Bitwarden limits organization names to 50 characters.
pub(crate) const MAX_NAME_CHARS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ClientPlan {
    Teams,
    Enterprise,
}

impl ClientPlan {
    /// Consolidated billing accepts Teams (Monthly) 17 and Enterprise
    /// (Monthly) 19 (and Enterprise Annually 20) for new clients; the web
    /// portal offers the monthly ones, and so do we.
    pub(crate) fn plan_type(self) -> i32 {
        match self {
            ClientPlan::Teams => 17,
            ClientPlan::Enterprise => 19,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewClientInput {
    pub name: String,
    pub owner_email: String,
    pub seats: i32,
    pub plan: ClientPlan,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClientInput {
    pub organization_id: String,
    pub name: String,
    /// `None` keeps the seats the snapshot holds (a rename): the server
    /// takes both fields, so the core fills in what the caller left out.
    pub assigned_seats: Option<i32>,
}

pub(crate) fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ClientError::NameRequired.into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ClientError::NameTooLong.into());
    }
    Ok(name.to_owned())
}

impl Core {
    /// Creates a client organization under the provider the user
    /// administers (key material made here, as the web portal makes it):
    /// planned, queued and applied at once through the write path, then the
    /// client list is read again.
    #[tracing::instrument(skip_all)]
    pub async fn create_client(&self, input: NewClientInput) -> Result<Vec<ClientView>, AppError> {
        let operations = self.create_client_operations(input).await?;
        self.apply_now(operations).await
    }

    /// Changes a client's assigned seats and name (the server takes both),
    /// through the write path.
    #[tracing::instrument(skip_all)]
    pub async fn update_client(
        &self,
        input: UpdateClientInput,
    ) -> Result<Vec<ClientView>, AppError> {
        let operations = self.update_client_operations(input).await?;
        self.apply_now(operations).await
    }

    /// Submits a change to apply now; the clients as they are after it,
    /// or what kept it from applying (left pending when the server cannot
    /// be reached).
    async fn apply_now(&self, operations: Vec<Operation>) -> Result<Vec<ClientView>, AppError> {
        let submitted = self.submit(operations, true).await?;
        match submitted.error() {
            Some(error) => Err(error),
            None => self.client_views().await,
        }
    }
}

/// An organization the user owns that may become a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AddableClient {
    pub organization_id: String,
    pub name: String,
    pub plan: String,
    pub seats: Option<u32>,
    pub disabled: bool,
}

/// Unlinking a client: the typed name confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UnlinkInput {
    pub organization_id: String,
    /// The client's name typed by the user.
    pub confirm_name: String,
}

impl Core {
    /// The provider the user administers, with its key open.
    async fn administered_provider_key(
        &self,
    ) -> Result<(String, std::sync::Arc<bw_crypto::SymmetricKey>), AppError> {
        self.open_snapshot_keys().await?;
        let unlocked = self.unlocked().await?;
        let providers = unlocked.session.snapshot.providers().await?;
        let provider = providers::administered(&providers).ok_or(ClientError::NotProviderAdmin)?;
        let key = unlocked
            .session
            .keys
            .provider(&provider.id)
            .ok_or(ClientError::ProviderKeyMissing)?;
        Ok((provider.id.clone(), key))
    }

    /// Whether the provider bills its clients itself (see [`consolidated`]).
    async fn consolidated_billing(&self, provider_id: &str) -> Result<bool, AppError> {
        let unlocked = self.unlocked().await?;
        let providers = unlocked.session.snapshot.providers().await?;
        Ok(providers
            .iter()
            .find(|p| p.id == provider_id)
            .is_some_and(providers::consolidated))
    }

    /// The organizations the user owns that may join the provider: under
    /// consolidated billing Bitwarden says which are eligible; otherwise,
    /// as the web portal does, the organizations the user owns that have
    /// no provider (from the snapshot).
    pub async fn addable_clients(&self) -> Result<Vec<AddableClient>, AppError> {
        let (provider_id, _) = self.administered_provider_key().await?;
        if !self.consolidated_billing(&provider_id).await? {
            return self.owned_organizations().await;
        }
        let unlocked = self.unlocked().await?;
        let list = unlocked.client.addable_clients(&provider_id).await?;
        Ok(list
            .into_iter()
            .map(|r| AddableClient {
                organization_id: r.value.id,
                name: r.value.name,
                plan: r.value.plan,
                seats: r.value.seats.and_then(|n| u32::try_from(n).ok()),
                disabled: r.value.disabled,
            })
            .collect())
    }

    /// Plans bringing an organization the user owns into the provider: its
    /// org key (which the user holds as an owner) wrapped by the provider
    /// key, as the web portal does.
    pub async fn add_existing_client_operations(
        &self,
        organization: &str,
    ) -> Result<Vec<Operation>, AppError> {
        let (provider_id, provider_key) = self.administered_provider_key().await?;
        let addable = self.addable_clients().await?;
        let wanted = organization.trim();
        let org = addable
            .iter()
            .find(|o| o.organization_id == wanted || o.name == wanted)
            .ok_or_else(|| ClientError::NotAddable(wanted.to_owned()))?;
        let org_key = self
            .org_key(&org.organization_id)
            .await
            .map_err(|_| ClientError::OrgKeyMissing)?;
        let key = provider_key
            .wrap_key(&org_key)
            .map_err(ClientError::KeyMaterial)?;
        let legacy = !self.consolidated_billing(&provider_id).await?;
        Ok(vec![Operation::AddExistingClient {
            provider_id,
            organization_id: org.organization_id.clone(),
            name: org.name.clone(),
            key: key.to_string(),
            legacy,
        }])
    }

    /// Organizations the user owns with no provider, from the profile the
    /// last sync stored.
    async fn owned_organizations(&self) -> Result<Vec<AddableClient>, AppError> {
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.clients().await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.list.source == desk_cache::ClientSource::Direct)
            .filter_map(|r| {
                let raw: serde_json::Value = serde_json::from_str(&r.list.raw).ok()?;
                let field =
                    |name: &str, pascal: &str| raw.get(name).or_else(|| raw.get(pascal)).cloned();
                let owner = field("type", "Type").and_then(|v| v.as_i64()) == Some(0);
                let has_provider = field("providerId", "ProviderId").is_some_and(|v| !v.is_null());
                (owner && !has_provider).then(|| AddableClient {
                    organization_id: r.list.organization_id.clone(),
                    name: r.list.name.clone(),
                    plan: r.list.plan.clone().unwrap_or_default(),
                    seats: r.list.seats.and_then(|n| u32::try_from(n).ok()),
                    disabled: field("enabled", "Enabled").and_then(|v| v.as_bool()) == Some(false),
                })
            })
            .collect())
    }

    /// Plans unlinking a client from the provider; the name typed must be
    /// the client's, and the client must have a confirmed owner (Bitwarden
    /// refuses otherwise: checked here from the snapshot first).
    pub async fn unlink_client_operations(
        &self,
        input: UnlinkInput,
    ) -> Result<Vec<Operation>, AppError> {
        let row = {
            let unlocked = self.unlocked().await?;
            super::stored_client(&unlocked.session.snapshot, &input.organization_id).await?
        };
        let (Some(provider_id), Some(po_id)) = (
            row.list.provider_id.clone(),
            row.list.provider_organization_id.clone(),
        ) else {
            return Err(ClientError::NotProviderClient.into());
        };
        if input.confirm_name.trim() != row.list.name {
            return Err(ClientError::UnlinkNotConfirmed(row.list.name.clone()).into());
        }
        let page = self.members_page(&input.organization_id).await?;
        let has_owner = page.members.iter().any(|m| {
            m.role == crate::members::MemberRole::Owner
                && m.status == crate::members::MemberStatus::Confirmed
        });
        if !has_owner && !page.members.is_empty() {
            return Err(ClientError::NoConfirmedOwner.into());
        }
        Ok(vec![Operation::UnlinkClient {
            provider_id,
            provider_organization_id: po_id,
            organization_id: row.list.organization_id.clone(),
            client_name: row.list.name.clone(),
        }])
    }
}

impl Core {
    /// Plans a new client: checks the input and that this account may
    /// create clients, and makes the key material now (so a resend after a
    /// crash sends the same organization).
    pub async fn create_client_operations(
        &self,
        input: NewClientInput,
    ) -> Result<Vec<Operation>, AppError> {
        let name = checked_name(&input.name)?;
        let owner = input.owner_email.trim().to_owned();
        if !owner.contains('@') || owner.len() > 256 {
            return Err(ClientError::OwnerEmailRequired.into());
        }
        if input.seats < 1 {
            return Err(ClientError::NoSeats.into());
        }
        // After an offline unlock the provider key is still wrapped in the
        // snapshot: open it the way every other reader does.
        self.open_snapshot_keys().await?;
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let providers = snapshot.providers().await?;
        // Only provider admins may create clients.
        let provider = providers::administered(&providers).ok_or(ClientError::NotProviderAdmin)?;
        let provider_key = unlocked
            .session
            .keys
            .provider(&provider.id)
            .ok_or(ClientError::ProviderKeyMissing)?;
        let material = client_org::create(&provider_key, DEFAULT_COLLECTION_NAME)
            .map_err(ClientError::KeyMaterial)?;
        let same_name_before = snapshot
            .clients()
            .await?
            .iter()
            .filter(|c| c.list.provider_id.as_deref() == Some(&provider.id) && c.list.name == name)
            .count();
        Ok(vec![Operation::CreateClient {
            provider_id: provider.id.clone(),
            name,
            owner_email: owner,
            plan_type: input.plan.plan_type(),
            seats: input.seats,
            key: material.key.to_string(),
            public_key: material.key_pair.public_key_b64.clone(),
            encrypted_private_key: material.key_pair.encrypted_private_key.to_string(),
            collection_name: material.collection_name.to_string(),
            same_name_before: u32::try_from(same_name_before).unwrap_or(u32::MAX),
        }])
    }

    /// Plans a change of a client's assigned seats and/or name against what
    /// the snapshot holds (the server takes both fields: a rename keeps the
    /// seats, and applying checks that the server still has them).
    pub async fn update_client_operations(
        &self,
        input: UpdateClientInput,
    ) -> Result<Vec<Operation>, AppError> {
        let name = checked_name(&input.name)?;
        if input.assigned_seats.is_some_and(|n| n < 0) {
            return Err(ClientError::NegativeSeats.into());
        }
        let unlocked = self.unlocked().await?;
        let row = super::stored_client(&unlocked.session.snapshot, &input.organization_id).await?;
        let (Some(provider_id), Some(po_id)) = (
            row.list.provider_id.clone(),
            row.list.provider_organization_id.clone(),
        ) else {
            return Err(ClientError::NotProviderClient.into());
        };
        let current_seats = row.list.seats.and_then(|n| i32::try_from(n).ok());
        let assigned_seats = match (input.assigned_seats, current_seats) {
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => {
                return Err(ClientError::SeatsUnknown.into());
            }
        };
        let used = clamp_i32(row.list.occupied_seats);
        if assigned_seats < used {
            return Err(ClientError::BelowSeatsInUse { used }.into());
        }
        Ok(vec![Operation::UpdateClient {
            provider_id,
            provider_organization_id: po_id,
            organization_id: row.list.organization_id.clone(),
            client_name: row.list.name.clone(),
            expected: ClientSettings {
                name: row.list.name.clone(),
                // Unknown seats cannot have changed "since the plan".
                assigned_seats: current_seats.unwrap_or(assigned_seats),
            },
            wanted: ClientSettings {
                name,
                assigned_seats,
            },
        }])
    }
}
