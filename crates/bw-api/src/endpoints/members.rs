//! Organization members and account recovery.
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/users?includeGroups=true&includeCollections=true` | [`BwClient::members`] |
//! | `GET organizations/{id}/users/{id}?includeGroups=true` | [`BwClient::member`] |
//! | `POST organizations/{id}/users/invite` | [`BwClient::invite_members`] |
//! | `POST organizations/{id}/users/{id}/reinvite` | [`BwClient::reinvite_member`] |
//! | `POST organizations/{id}/users/reinvite` | [`BwClient::reinvite_members`] |
//! | `POST organizations/{id}/users/public-keys` | [`BwClient::member_public_keys`] |
//! | `POST organizations/{id}/users/{id}/confirm` | [`BwClient::confirm_member`] |
//! | `POST organizations/{id}/users/confirm` | [`BwClient::confirm_members`] |
//! | `PUT organizations/{id}/users/{id}` | [`BwClient::update_member`] |
//! | `PUT organizations/{id}/users/{id}/revoke` | [`BwClient::revoke_member`] |
//! | `PUT organizations/{id}/users/revoke` | [`BwClient::revoke_members`] |
//! | `PUT organizations/{id}/users/{id}/restore/vnext`, else `…/restore` | [`BwClient::restore_member`] |
//! | `PUT organizations/{id}/users/restore` | [`BwClient::restore_members`] |
//! | `DELETE organizations/{id}/users/{id}` | [`BwClient::remove_member`] |
//! | `DELETE organizations/{id}/users` | [`BwClient::remove_members`] |
//! | `GET organizations/{id}/users/{id}/reset-password-details` | [`BwClient::account_recovery_details`] |
//! | `POST organizations/{id}/users/account-recovery-details` | [`BwClient::account_recovery_details_of`] |
//! | `PUT organizations/{id}/users/{id}/recover-account`, else `…/reset-password` | [`BwClient::recover_account`] |
//! | `PUT organizations/{id}/users/{userId}/reset-password-enrollment` | [`BwClient::enroll_account_recovery`] |
//! | `GET organizations/{id}/public-key` | [`BwClient::organization_public_key`] |

use super::{NO_BODY, check_invite_size, ids, route_missing};
use crate::client::{ApiError, BwClient, RequestClass};
use crate::wire::members::{
    BulkRestoreRequest, LegacyResetPasswordRequest, MemberInviteRequest, MemberUpdateRequest,
    OrganizationPublicKey, OrganizationUserDetails, RecoverAccountRequest, ResetPasswordDetails,
    ResetPasswordEnrollmentRequest, RestoreRequest,
};
use crate::wire::{BulkConfirmRequest, BulkResult, ConfirmRequest, MemberPublicKey, Raw};
use reqwest::Method;

impl BwClient {
    /// Every member with their groups and collection access.
    pub async fn members(
        &self,
        organization_id: &str,
    ) -> Result<Vec<Raw<OrganizationUserDetails>>, ApiError> {
        let route = self
            .org_route(organization_id, &["users"])?
            .query("includeGroups", "true")
            .query("includeCollections", "true");
        self.get_list(&route).await
    }

    /// One member with their groups.
    pub async fn member(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<Raw<OrganizationUserDetails>, ApiError> {
        let route = self
            .org_route(organization_id, &["users", member_id])?
            .query("includeGroups", "true");
        self.get_raw(&route).await
    }

    /// Invites 1 to 20 addresses with one role and access. The cloud allows
    /// 5 invites a minute and 300 a day per IP.
    pub async fn invite_members(
        &self,
        organization_id: &str,
        request: &MemberInviteRequest,
    ) -> Result<(), ApiError> {
        check_invite_size(&request.emails)?;
        let route = self.org_route(organization_id, &["users", "invite"])?;
        self.reserve(RequestClass::Invite)?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Sends one member's invite again.
    pub async fn reinvite_member(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id, "reinvite"])?;
        self.write_empty(Method::POST, &route, NO_BODY).await
    }

    /// Sends several invites again.
    pub async fn reinvite_members(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.org_route(organization_id, &["users", "reinvite"])?;
        self.write_list(Method::POST, &route, Some(&ids(member_ids)))
            .await
    }

    /// The public keys of accepted members (only status 1 is answered), to
    /// confirm them with.
    pub async fn member_public_keys(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<MemberPublicKey>, ApiError> {
        let route = self.org_route(organization_id, &["users", "public-keys"])?;
        self.write_list(Method::POST, &route, Some(&ids(member_ids)))
            .await
    }

    /// Confirms an accepted member with the org key encrypted to their
    /// public key.
    pub async fn confirm_member(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &ConfirmRequest,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id, "confirm"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Confirms several accepted members.
    pub async fn confirm_members(
        &self,
        organization_id: &str,
        request: &BulkConfirmRequest,
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.org_route(organization_id, &["users", "confirm"])?;
        self.write_list(Method::POST, &route, Some(request)).await
    }

    /// Sets a member's role, permissions, collections and groups (the lists
    /// replace the current ones).
    pub async fn update_member(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &MemberUpdateRequest,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id])?;
        self.write_empty(Method::PUT, &route, Some(request)).await
    }

    /// Revokes a member's access (their seat stays theirs).
    pub async fn revoke_member(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id, "revoke"])?;
        self.write_empty(Method::PUT, &route, NO_BODY).await
    }

    /// Revokes several members.
    pub async fn revoke_members(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.org_route(organization_id, &["users", "revoke"])?;
        self.write_list(Method::PUT, &route, Some(&ids(member_ids)))
            .await
    }

    /// Restores a revoked member: `restore/vnext` (which can create their
    /// "My Items" collection), or on a server without it (404/405) the older
    /// `restore`, which takes no body.
    pub async fn restore_member(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &RestoreRequest,
    ) -> Result<(), ApiError> {
        let vnext = self.org_route(organization_id, &["users", member_id, "restore", "vnext"])?;
        match self.write_empty(Method::PUT, &vnext, Some(request)).await {
            Err(first) if route_missing(&first) => {
                tracing::debug!("no restore/vnext on this server; using restore");
                let older = self.org_route(organization_id, &["users", member_id, "restore"])?;
                match self.write_empty(Method::PUT, &older, NO_BODY).await {
                    Err(second) if route_missing(&second) => Err(first),
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Restores several revoked members.
    pub async fn restore_members(
        &self,
        organization_id: &str,
        request: &BulkRestoreRequest,
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.org_route(organization_id, &["users", "restore"])?;
        self.write_list(Method::PUT, &route, Some(request)).await
    }

    /// Removes a member from the organization (not their account).
    pub async fn remove_member(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Removes several members.
    pub async fn remove_members(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<BulkResult>, ApiError> {
        let route = self.org_route(organization_id, &["users"])?;
        self.write_list(Method::DELETE, &route, Some(&ids(member_ids)))
            .await
    }

    /// What recovering one enrolled member's account needs (404 when the
    /// member is not enrolled or the caller may not).
    pub async fn account_recovery_details(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<ResetPasswordDetails, ApiError> {
        let route = self.org_route(
            organization_id,
            &["users", member_id, "reset-password-details"],
        )?;
        self.get(&route).await
    }

    /// [`account_recovery_details`](Self::account_recovery_details) of
    /// several members in one request (only those the caller may recover
    /// are answered).
    pub async fn account_recovery_details_of(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<ResetPasswordDetails>, ApiError> {
        let route = self.org_route(organization_id, &["users", "account-recovery-details"])?;
        self.write_list(Method::POST, &route, Some(&ids(member_ids)))
            .await
    }

    /// Recovers a member's account: `recover-account` (v2026.4.0+), or on a
    /// server without it (404/405) the older `reset-password` with the
    /// legacy pair, when the request carries it and resets the password.
    pub async fn recover_account(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &RecoverAccountRequest<'_>,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["users", member_id, "recover-account"])?;
        let first = match self.write_empty(Method::PUT, &route, Some(request)).await {
            Err(first) if route_missing(&first) => first,
            other => return other,
        };
        let (true, Some(hash), Some(key)) = (
            request.reset_master_password,
            request.new_master_password_hash,
            request.key,
        ) else {
            return Err(first);
        };
        tracing::debug!("no recover-account on this server; using reset-password");
        let older = self.org_route(organization_id, &["users", member_id, "reset-password"])?;
        let body = LegacyResetPasswordRequest {
            new_master_password_hash: hash,
            key,
        };
        match self.write_empty(Method::PUT, &older, Some(&body)).await {
            Err(second) if route_missing(&second) => Err(first),
            other => other,
        }
    }

    /// The signed-in member enrolls in (or withdraws from) account recovery.
    /// `user_id` is the account's user id, not the membership id.
    pub async fn enroll_account_recovery(
        &self,
        organization_id: &str,
        user_id: &str,
        request: &ResetPasswordEnrollmentRequest<'_>,
    ) -> Result<(), ApiError> {
        let route = self.org_route(
            organization_id,
            &["users", user_id, "reset-password-enrollment"],
        )?;
        self.write_empty(Method::PUT, &route, Some(request)).await
    }

    /// The organization's public key (what enrollment encrypts to).
    pub async fn organization_public_key(
        &self,
        organization_id: &str,
    ) -> Result<OrganizationPublicKey, ApiError> {
        self.get(&self.org_route(organization_id, &["public-key"])?)
            .await
    }
}
