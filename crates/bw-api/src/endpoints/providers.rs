//! A provider and its users (ProviderAdmin only, except reading the provider).
//!
//! | route | function |
//! |---|---|
//! | `GET providers/{id}` | [`BwClient::provider`] |
//! | `PUT providers/{id}` | [`BwClient::update_provider`] |
//! | `GET providers/{id}/users` | [`BwClient::provider_users`] |
//! | `POST providers/{id}/users/invite` | [`BwClient::invite_provider_users`] |
//! | `POST providers/{id}/users/{id}/reinvite` | [`BwClient::reinvite_provider_user`] |
//! | `POST providers/{id}/users/reinvite` | [`BwClient::reinvite_provider_users`] |
//! | `POST providers/{id}/users/public-keys` | [`BwClient::provider_user_public_keys`] |
//! | `POST providers/{id}/users/{id}/confirm` | [`BwClient::confirm_provider_user`] |
//! | `POST providers/{id}/users/confirm` | [`BwClient::confirm_provider_users`] |
//! | `PUT providers/{id}/users/{id}` | [`BwClient::update_provider_user_type`] |
//! | `DELETE providers/{id}/users/{id}` | [`BwClient::remove_provider_user`] |
//! | `DELETE providers/{id}/users` | [`BwClient::remove_provider_users`] |

use super::{NO_BODY, check_invite_size, ids};
use crate::client::{ApiError, BwClient, RequestClass};
use crate::wire::providers::{
    Provider, ProviderUpdateRequest, ProviderUser, ProviderUserInviteRequest,
    ProviderUserUpdateRequest,
};
use crate::wire::{BulkConfirmRequest, BulkResult, ConfirmRequest, IdKey, MemberPublicKey, Raw};
use reqwest::Method;

impl BwClient {
    /// The provider's name, business details and type.
    pub async fn provider(&self, provider_id: &str) -> Result<Provider, ApiError> {
        self.get(&self.provider_route(provider_id, &[])?).await
    }

    /// Changes the provider's name, business name and billing e-mail
    /// (ProviderAdmin).
    pub async fn update_provider(
        &self,
        provider_id: &str,
        request: &ProviderUpdateRequest,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &[])?;
        self.write_empty(Method::PUT, &route, Some(request)).await
    }

    /// The provider's users (admins and service users, any status).
    pub async fn provider_users(
        &self,
        provider_id: &str,
    ) -> Result<Vec<Raw<ProviderUser>>, ApiError> {
        self.get_list(&self.provider_route(provider_id, &["users"])?)
            .await
    }

    /// Invites 1 to 20 addresses as provider users of one type.
    pub async fn invite_provider_users(
        &self,
        provider_id: &str,
        request: &ProviderUserInviteRequest,
    ) -> Result<(), ApiError> {
        check_invite_size(&request.emails)?;
        let route = self.provider_route(provider_id, &["users", "invite"])?;
        self.reserve(RequestClass::Invite)?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Sends one invited provider user's invite again.
    pub async fn reinvite_provider_user(
        &self,
        provider_id: &str,
        provider_user_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["users", provider_user_id, "reinvite"])?;
        self.write_empty(Method::POST, &route, NO_BODY).await
    }

    /// Sends several invites again.
    pub async fn reinvite_provider_users(
        &self,
        provider_id: &str,
        provider_user_ids: &[String],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.provider_route(provider_id, &["users", "reinvite"])?;
        self.write_list(Method::POST, &route, Some(&ids(provider_user_ids)))
            .await
    }

    /// The public keys of accepted provider users, to confirm them with.
    pub async fn provider_user_public_keys(
        &self,
        provider_id: &str,
        provider_user_ids: &[String],
    ) -> Result<Vec<MemberPublicKey>, ApiError> {
        let route = self.provider_route(provider_id, &["users", "public-keys"])?;
        self.write_list(Method::POST, &route, Some(&ids(provider_user_ids)))
            .await
    }

    /// Confirms an accepted provider user with the provider key encrypted to
    /// their public key (type 4).
    pub async fn confirm_provider_user(
        &self,
        provider_id: &str,
        provider_user_id: &str,
        wrapped_provider_key: &str,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["users", provider_user_id, "confirm"])?;
        let body = ConfirmRequest {
            key: wrapped_provider_key.to_owned(),
            default_user_collection_name: None,
        };
        self.write_empty(Method::POST, &route, Some(&body)).await
    }

    /// Confirms several accepted provider users.
    pub async fn confirm_provider_users(
        &self,
        provider_id: &str,
        keys: &[IdKey],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.provider_route(provider_id, &["users", "confirm"])?;
        let body = BulkConfirmRequest {
            keys: keys.to_vec(),
            default_user_collection_name: None,
        };
        self.write_list(Method::POST, &route, Some(&body)).await
    }

    /// Makes a provider user an admin (0) or a service user (1).
    pub async fn update_provider_user_type(
        &self,
        provider_id: &str,
        provider_user_id: &str,
        user_type: i64,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["users", provider_user_id])?;
        let body = ProviderUserUpdateRequest { user_type };
        self.write_empty(Method::PUT, &route, Some(&body)).await
    }

    /// Removes a provider user.
    pub async fn remove_provider_user(
        &self,
        provider_id: &str,
        provider_user_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["users", provider_user_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Removes several provider users.
    pub async fn remove_provider_users(
        &self,
        provider_id: &str,
        provider_user_ids: &[String],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.provider_route(provider_id, &["users"])?;
        self.write_list(Method::DELETE, &route, Some(&ids(provider_user_ids)))
            .await
    }
}
