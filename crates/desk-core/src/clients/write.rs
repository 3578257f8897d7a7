//! The writes a provider makes to its clients: create one, change its seats
//! or its name.

use super::ClientView;
use super::rules::clamp_i32;
use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::sync::SyncOptions;
use bw_api::client::Method;
use bw_crypto::{client_org, collection::DEFAULT_COLLECTION_NAME};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;
use tokio_util::sync::CancellationToken;

/// Bitwarden limits organization names to 50 characters.
const MAX_NAME_CHARS: usize = 50;

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
    fn plan_type(self) -> i32 {
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
        return Err(AppError::invalid_input("Enter the client's name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid_input(format!(
            "The name is too long: at most {MAX_NAME_CHARS} characters."
        )));
    }
    Ok(name.to_owned())
}

impl Core {
    /// Creates a client organization under the provider the user
    /// administers, with key material made here as the web portal makes it,
    /// then refreshes the client list.
    #[tracing::instrument(skip_all)]
    pub async fn create_client(&self, input: NewClientInput) -> Result<Vec<ClientView>, AppError> {
        let name = checked_name(&input.name)?;
        let owner = input.owner_email.trim().to_owned();
        if !owner.contains('@') || owner.len() > 256 {
            return Err(AppError::invalid_input(
                "Enter the email address of the client's owner.",
            ));
        }
        if input.seats < 1 {
            return Err(AppError::invalid_input("A client needs at least one seat."));
        }
        // After an offline unlock the provider key is still wrapped in the
        // snapshot: open it the way every other reader does.
        self.open_snapshot_keys().await?;
        {
            let unlocked = self.unlocked().await?;
            let providers = unlocked.session.snapshot.providers().await?;
            // 0 = ProviderAdmin: only admins may create clients.
            let provider = providers.iter().find(|p| p.user_type == 0).ok_or_else(|| {
                AppError::new(
                    ErrorCode::Forbidden,
                    "Only provider admins can create clients; this account is not one (sync if that just changed).",
                )
            })?;
            let provider_key = unlocked
                .session
                .keys
                .provider(&provider.id)
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::Locked,
                        "The provider's key is not available; sync once online, then try again.",
                    )
                })?;
            let material = client_org::create(&provider_key, DEFAULT_COLLECTION_NAME)?;
            let body = json!({
                "name": name,
                "ownerEmail": owner,
                "planType": input.plan.plan_type(),
                "seats": input.seats,
                "key": material.key.to_string(),
                "keyPair": {
                    "publicKey": material.key_pair.public_key_b64,
                    "encryptedPrivateKey": material.key_pair.encrypted_private_key.to_string(),
                },
                "collectionName": material.collection_name.to_string(),
            });
            unlocked
                .client
                .write(
                    Method::POST,
                    &format!("providers/{}/clients", provider.id),
                    Some(&body),
                )
                .await?;
        }
        self.refresh_client_list().await
    }

    /// Changes a client's assigned seats and name (the server takes both).
    #[tracing::instrument(skip_all)]
    pub async fn update_client(
        &self,
        input: UpdateClientInput,
    ) -> Result<Vec<ClientView>, AppError> {
        let name = checked_name(&input.name)?;
        if input.assigned_seats.is_some_and(|n| n < 0) {
            return Err(AppError::invalid_input(
                "Assigned seats cannot be negative.",
            ));
        }
        {
            let unlocked = self.unlocked().await?;
            let row = unlocked
                .session
                .snapshot
                .client(&input.organization_id)
                .await?
                .ok_or_else(|| {
                    AppError::new(ErrorCode::NotFound, "This client is not in the snapshot.")
                })?;
            let (Some(provider_id), Some(po_id)) = (
                row.list.provider_id.as_deref(),
                row.list.provider_organization_id.as_deref(),
            ) else {
                return Err(AppError::invalid_input(
                    "This organization is not a provider client; change its seats in its own billing page.",
                ));
            };
            let assigned_seats = match input.assigned_seats {
                Some(n) => n,
                None => row
                    .list
                    .seats
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| {
                        AppError::invalid_input(
                            "This client's assigned seats are not known yet; sync, then try again.",
                        )
                    })?,
            };
            let used = clamp_i32(row.list.occupied_seats);
            if assigned_seats < used {
                return Err(AppError::invalid_input(format!(
                    "You cannot assign fewer seats than the {used} in use."
                )));
            }
            let body = json!({ "assignedSeats": assigned_seats, "name": name });
            unlocked
                .client
                .write(
                    Method::PUT,
                    &format!("providers/{provider_id}/clients/{po_id}"),
                    Some(&body),
                )
                .await?;
        }
        self.refresh_client_list().await
    }

    /// Re-reads the client list (one request) after a write.
    async fn refresh_client_list(&self) -> Result<Vec<ClientView>, AppError> {
        let options = SyncOptions {
            list_only: true,
            ..SyncOptions::default()
        };
        self.sync(options, &|_| {}, CancellationToken::new())
            .await?;
        self.client_views().await
    }
}
