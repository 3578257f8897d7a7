//! Collections (providers may read all, create, update, delete and manage
//! access).
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/collections/details` | [`BwClient::collection_details`] |
//! | `POST organizations/{id}/collections` | [`BwClient::create_collection`] |
//! | `PUT organizations/{id}/collections/{id}` | [`BwClient::update_collection`] |
//! | `DELETE organizations/{id}/collections/{id}` | [`BwClient::delete_collection`] |
//! | `DELETE organizations/{id}/collections` | [`BwClient::delete_collections`] |
//! | `POST organizations/{id}/collections/bulk-access` | [`BwClient::collections_bulk_access`] |

use super::{NO_BODY, ids};
use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::collections::{BulkCollectionAccessRequest, CollectionDetails, CollectionRequest};
use reqwest::Method;

impl BwClient {
    /// Every collection with its group and member access. A provider user
    /// reading it logs "vault accessed" events in the org.
    pub async fn collection_details(
        &self,
        organization_id: &str,
    ) -> Result<Vec<Raw<CollectionDetails>>, ApiError> {
        let route = self.org_route(organization_id, &["collections", "details"])?;
        self.get_list(&route).await
    }

    /// Creates a collection (its name encrypted with the org key).
    pub async fn create_collection(
        &self,
        organization_id: &str,
        request: &CollectionRequest,
    ) -> Result<CollectionDetails, ApiError> {
        let route = self.org_route(organization_id, &["collections"])?;
        self.write_json(Method::POST, &route, Some(request)).await
    }

    /// Replaces a collection's name and access lists.
    pub async fn update_collection(
        &self,
        organization_id: &str,
        collection_id: &str,
        request: &CollectionRequest,
    ) -> Result<CollectionDetails, ApiError> {
        let route = self.org_route(organization_id, &["collections", collection_id])?;
        self.write_json(Method::PUT, &route, Some(request)).await
    }

    /// Deletes a collection (its items stay in the org).
    pub async fn delete_collection(
        &self,
        organization_id: &str,
        collection_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["collections", collection_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Deletes several collections.
    pub async fn delete_collections(
        &self,
        organization_id: &str,
        collection_ids: &[String],
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["collections"])?;
        self.write_empty(Method::DELETE, &route, Some(&ids(collection_ids)))
            .await
    }

    /// Adds group and member access to several collections.
    pub async fn collections_bulk_access(
        &self,
        organization_id: &str,
        request: &BulkCollectionAccessRequest,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["collections", "bulk-access"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }
}
