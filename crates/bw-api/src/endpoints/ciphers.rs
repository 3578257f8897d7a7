//! Vault items of client organizations. Providers may read every item; to
//! write, the acting account must be a confirmed member with write access
//! to the collections (the member routes) or an admin of an org that lets
//! admins reach all items (the `-admin` route).
//!
//! | route | function |
//! |---|---|
//! | `GET ciphers/organization-details?organizationId={id}` | [`BwClient::organization_ciphers`] |
//! | `POST ciphers/create` | [`BwClient::create_cipher`] |
//! | `PUT ciphers/{id}` | [`BwClient::update_cipher`] |
//! | `PUT ciphers/{id}/delete` | [`BwClient::soft_delete_cipher`] |
//! | `PUT ciphers/{id}/restore` | [`BwClient::restore_cipher`] |
//! | `DELETE ciphers/{id}` | [`BwClient::delete_cipher`] |
//! | `PUT ciphers/{id}/collections` | [`BwClient::update_cipher_collections`] |
//! | `PUT ciphers/{id}/collections-admin` | [`BwClient::update_cipher_collections_admin`] |

use super::NO_BODY;
use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::ciphers::{
    CipherCollectionsRequest, CipherCreateRequest, CipherDetails, CipherRequest,
};
use reqwest::Method;

impl BwClient {
    /// Every item of an organization (encrypted), with its collections.
    pub async fn organization_ciphers(
        &self,
        organization_id: &str,
    ) -> Result<Vec<Raw<CipherDetails>>, ApiError> {
        let route = self
            .route(&["ciphers", "organization-details"])?
            .query("organizationId", organization_id);
        self.get_list(&route).await
    }

    /// Creates an org item straight into collections.
    pub async fn create_cipher(
        &self,
        request: &CipherCreateRequest,
    ) -> Result<CipherDetails, ApiError> {
        let route = self.route(&["ciphers", "create"])?;
        self.write_json(Method::POST, &route, Some(request)).await
    }

    /// Replaces an item (`organizationId` must match the stored one).
    pub async fn update_cipher(
        &self,
        cipher_id: &str,
        request: &CipherRequest,
    ) -> Result<CipherDetails, ApiError> {
        let route = self.route(&["ciphers", cipher_id])?;
        self.write_json(Method::PUT, &route, Some(request)).await
    }

    /// Moves an item to the trash.
    pub async fn soft_delete_cipher(&self, cipher_id: &str) -> Result<(), ApiError> {
        let route = self.route(&["ciphers", cipher_id, "delete"])?;
        self.write_empty(Method::PUT, &route, NO_BODY).await
    }

    /// Takes an item out of the trash.
    pub async fn restore_cipher(&self, cipher_id: &str) -> Result<CipherDetails, ApiError> {
        let route = self.route(&["ciphers", cipher_id, "restore"])?;
        self.write_json(Method::PUT, &route, NO_BODY).await
    }

    /// Deletes an item for good.
    pub async fn delete_cipher(&self, cipher_id: &str) -> Result<(), ApiError> {
        let route = self.route(&["ciphers", cipher_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Sets an item's collections (those the member can write to).
    pub async fn update_cipher_collections(
        &self,
        cipher_id: &str,
        collection_ids: &[String],
    ) -> Result<(), ApiError> {
        let route = self.route(&["ciphers", cipher_id, "collections"])?;
        let body = CipherCollectionsRequest {
            collection_ids: collection_ids.to_vec(),
        };
        self.write_empty(Method::PUT, &route, Some(&body)).await
    }

    /// Sets an item's collections as an org admin.
    pub async fn update_cipher_collections_admin(
        &self,
        cipher_id: &str,
        collection_ids: &[String],
    ) -> Result<(), ApiError> {
        let route = self.route(&["ciphers", cipher_id, "collections-admin"])?;
        let body = CipherCollectionsRequest {
            collection_ids: collection_ids.to_vec(),
        };
        self.write_empty(Method::PUT, &route, Some(&body)).await
    }
}
