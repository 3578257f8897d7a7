//! A provider's client organizations. The create, update and add routes are
//! consolidated billing (cloud only).
//!
//! | route | function |
//! |---|---|
//! | `GET providers/{id}/organizations` | [`BwClient::provider_clients`] |
//! | `POST providers/{id}/clients` | [`BwClient::create_client`] |
//! | `PUT providers/{id}/clients/{providerOrganizationId}` | [`BwClient::update_client`] |
//! | `GET providers/{id}/clients/addable` | [`BwClient::addable_clients`] |
//! | `POST providers/{id}/clients/existing` | [`BwClient::add_existing_client`] |
//! | `POST providers/{id}/organizations/add` (legacy) | [`BwClient::add_organization_legacy`] |
//! | `DELETE providers/{id}/organizations/{providerOrganizationId}` | [`BwClient::remove_client`] |

use super::NO_BODY;
use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::clients::{
    AddExistingClientRequest, AddableOrganization, CreateClientRequest, ProviderOrganization,
    UpdateClientRequest,
};
use reqwest::Method;

impl BwClient {
    /// The client list: seats assigned, used and remaining, the plan and the
    /// provider-wrapped org key of every client, in one request.
    pub async fn provider_clients(
        &self,
        provider_id: &str,
    ) -> Result<Vec<Raw<ProviderOrganization>>, ApiError> {
        self.get_list(&self.provider_route(provider_id, &["organizations"])?)
            .await
    }

    /// Creates a client organization (ProviderAdmin). The server answers
    /// without ids: re-read the client list.
    pub async fn create_client(
        &self,
        provider_id: &str,
        request: &CreateClientRequest,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["clients"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Sets a client's assigned seats and name (both always written).
    /// `provider_organization_id` is the client list row's `id`.
    pub async fn update_client(
        &self,
        provider_id: &str,
        provider_organization_id: &str,
        request: &UpdateClientRequest,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["clients", provider_organization_id])?;
        self.write_empty(Method::PUT, &route, Some(request)).await
    }

    /// Organizations the caller owns that could become clients.
    pub async fn addable_clients(
        &self,
        provider_id: &str,
    ) -> Result<Vec<Raw<AddableOrganization>>, ApiError> {
        self.get_list(&self.provider_route(provider_id, &["clients", "addable"])?)
            .await
    }

    /// Adds an organization the caller owns as a client.
    pub async fn add_existing_client(
        &self,
        provider_id: &str,
        request: &AddExistingClientRequest,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["clients", "existing"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Adds an organization the caller owns as a client of a provider
    /// without consolidated billing (the legacy route; the organization
    /// keeps its own subscription).
    pub async fn add_organization_legacy(
        &self,
        provider_id: &str,
        request: &AddExistingClientRequest,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["organizations", "add"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Detaches a client from the provider (it needs a confirmed owner).
    pub async fn remove_client(
        &self,
        provider_id: &str,
        provider_organization_id: &str,
    ) -> Result<(), ApiError> {
        let route =
            self.provider_route(provider_id, &["organizations", provider_organization_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }
}
