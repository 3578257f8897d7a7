//! Groups.
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/groups` | [`BwClient::groups`] |
//! | `GET organizations/{id}/groups/details` | [`BwClient::group_details`] |
//! | `POST organizations/{id}/groups` | [`BwClient::create_group`] |
//! | `PUT organizations/{id}/groups/{id}` | [`BwClient::update_group`] |
//! | `DELETE organizations/{id}/groups/{id}` | [`BwClient::delete_group`] |
//! | `DELETE organizations/{id}/groups` | [`BwClient::delete_groups`] |
//! | `GET organizations/{id}/groups/{id}/users` | [`BwClient::group_users`] |

use super::{NO_BODY, ids};
use crate::client::{ApiError, BwClient, decode};
use crate::wire::Raw;
use crate::wire::groups::{Group, GroupRequest};
use reqwest::Method;

impl BwClient {
    /// The groups (readable by anyone who manages collections, providers
    /// included).
    pub async fn groups(&self, organization_id: &str) -> Result<Vec<Raw<Group>>, ApiError> {
        self.get_list(&self.org_route(organization_id, &["groups"])?)
            .await
    }

    /// The groups with their collection access (ManageGroups or ManageUsers).
    pub async fn group_details(&self, organization_id: &str) -> Result<Vec<Raw<Group>>, ApiError> {
        self.get_list(&self.org_route(organization_id, &["groups", "details"])?)
            .await
    }

    /// Creates a group.
    pub async fn create_group(
        &self,
        organization_id: &str,
        request: &GroupRequest,
    ) -> Result<Group, ApiError> {
        let route = self.org_route(organization_id, &["groups"])?;
        self.write_json(Method::POST, &route, Some(request)).await
    }

    /// Replaces a group's name, collection access and members.
    pub async fn update_group(
        &self,
        organization_id: &str,
        group_id: &str,
        request: &GroupRequest,
    ) -> Result<Group, ApiError> {
        let route = self.org_route(organization_id, &["groups", group_id])?;
        self.write_json(Method::PUT, &route, Some(request)).await
    }

    /// Deletes a group.
    pub async fn delete_group(
        &self,
        organization_id: &str,
        group_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["groups", group_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Deletes several groups.
    pub async fn delete_groups(
        &self,
        organization_id: &str,
        group_ids: &[String],
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["groups"])?;
        self.write_empty(Method::DELETE, &route, Some(&ids(group_ids)))
            .await
    }

    /// The OrganizationUser ids in a group (a bare array of ids).
    pub async fn group_users(
        &self,
        organization_id: &str,
        group_id: &str,
    ) -> Result<Vec<String>, ApiError> {
        let route = self.org_route(organization_id, &["groups", group_id, "users"])?;
        decode(route.what(), self.get_value(&route).await?)
    }
}
