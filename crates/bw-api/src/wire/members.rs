//! Organization members (`organizations/{id}/users…`) and account recovery.

use super::{KdfSettings, Selection};
use serde::{Deserialize, Serialize};

/// The most emails one invite may carry (the server's validation limit).
pub const MAX_INVITE_EMAILS: usize = 20;

fn assumed() -> bool {
    true
}

/// Org/custom permissions (all booleans; only meaningful for type 4 Custom).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Permissions {
    pub access_event_logs: bool,
    pub access_import_export: bool,
    pub access_reports: bool,
    pub create_new_collections: bool,
    pub edit_any_collection: bool,
    pub delete_any_collection: bool,
    pub manage_groups: bool,
    pub manage_policies: bool,
    pub manage_sso: bool,
    pub manage_users: bool,
    pub manage_reset_password: bool,
    pub manage_scim: bool,
    pub manage_access_rules: bool,
}

/// `organizationUserUserDetails` (list) / `organizationUserDetails` (single).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationUserDetails {
    #[serde(default)]
    pub object: String,
    /// The OrganizationUser id (what member routes take).
    pub id: String,
    /// Null while Invited.
    #[serde(default)]
    pub user_id: Option<String>,
    /// OrganizationUserType: 0 Owner, 1 Admin, 2 User, 4 Custom.
    #[serde(default, rename = "type")]
    pub member_type: i64,
    /// OrganizationUserStatusType: −1 Revoked, 0 Invited, 1 Accepted,
    /// 2 Confirmed, 3 Staged.
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub access_secrets_manager: bool,
    #[serde(default)]
    pub access_pam: bool,
    /// Omitted by the server when null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    #[serde(default)]
    pub reset_password_enrolled: bool,
    #[serde(default)]
    pub uses_key_connector: bool,
    /// Absent from older servers: then assumed (the account-recovery
    /// check must not refuse every member of an older server).
    #[serde(default = "assumed")]
    pub has_master_password: bool,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub avatar_color: Option<String>,
    #[serde(default)]
    pub two_factor_enabled: bool,
    #[serde(default)]
    pub sso_bound: bool,
    #[serde(default)]
    pub claimed_by_organization: bool,
    /// Only with `includeCollections=true`.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub collections: Vec<Selection>,
    /// Group ids; only with `includeGroups=true`.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub groups: Vec<String>,
    /// RevocationReason.
    #[serde(default)]
    pub revocation_reason: Option<i64>,
    #[serde(default)]
    pub creation_date: String,
}

/// `GET organizations/{id}/users/mini-details` item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationUserMini {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default, rename = "type")]
    pub member_type: i64,
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// `POST organizations/{id}/users/invite` (`OrganizationUserInviteRequestModel`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberInviteRequest {
    /// 1 to [`MAX_INVITE_EMAILS`] addresses.
    pub emails: Vec<String>,
    /// OrganizationUserType.
    #[serde(rename = "type")]
    pub member_type: i64,
    /// Secrets Manager access.
    pub access_secrets_manager: bool,
    /// For type 4 Custom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Collection access (the caller must be allowed to grant each).
    pub collections: Vec<Selection>,
    /// Group ids.
    pub groups: Vec<String>,
}

/// `PUT organizations/{id}/users/{id}` (`OrganizationUserUpdateRequestModel`).
/// `collections` and `groups` replace the current lists (default "My Items"
/// collections are left alone by the server); always send both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberUpdateRequest {
    /// OrganizationUserType.
    #[serde(rename = "type")]
    pub member_type: i64,
    /// For type 4 Custom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// The full collection access list.
    pub collections: Vec<Selection>,
    /// The full group list.
    pub groups: Vec<String>,
    /// Secrets Manager access.
    pub access_secrets_manager: bool,
}

/// `PUT organizations/{id}/users/{id}/restore/vnext`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRequest {
    /// The member's "My Items" collection name, where the Organization Data
    /// Ownership policy makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user_collection_name: Option<String>,
}

/// `PUT organizations/{id}/users/restore`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRestoreRequest {
    /// OrganizationUser ids.
    pub ids: Vec<String>,
    /// As in [`RestoreRequest`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user_collection_name: Option<String>,
}

/// `organizationUserResetPasswordDetails`: what an admin needs to recover
/// a member's account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ResetPasswordDetails {
    #[serde(default)]
    pub object: String,
    pub organization_user_id: String,
    #[serde(default)]
    pub kdf: i64,
    #[serde(default)]
    pub kdf_iterations: u32,
    #[serde(default)]
    pub kdf_memory: Option<u32>,
    #[serde(default)]
    pub kdf_parallelism: Option<u32>,
    /// Since v2026.4.0; without it the salt is the member's email, trimmed
    /// and lower-cased.
    #[serde(default)]
    pub master_password_salt: Option<String>,
    /// The user key encrypted to the org public key (type 4).
    #[serde(default)]
    pub reset_password_key: Option<String>,
    /// The org's RSA private key encrypted with the org key (type 2).
    #[serde(default)]
    pub encrypted_private_key: Option<String>,
}

/// `authenticationData` of a recovery: the new master password hash.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MasterPasswordAuthenticationData<'a> {
    /// The member's KDF (must agree with `unlockData`).
    pub kdf: KdfSettings,
    /// The new master password hash.
    pub master_password_authentication_hash: &'a str,
    /// The member's salt.
    pub salt: &'a str,
}

/// `unlockData` of a recovery: the user key under the new master key.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MasterPasswordUnlockData<'a> {
    /// The member's KDF.
    pub kdf: KdfSettings,
    /// The user key wrapped by the new stretched master key (type 2).
    pub master_key_wrapped_user_key: &'a str,
    /// The member's salt.
    pub salt: &'a str,
}

/// `PUT organizations/{id}/users/{id}/recover-account` (v2026.4.0+). With
/// `resetMasterPassword`, send the legacy pair (`newMasterPasswordHash` +
/// `key`) — which older servers' `reset-password` route also takes — and/or
/// the new pair (`authenticationData` + `unlockData`).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoverAccountRequest<'a> {
    /// Replace the master password.
    pub reset_master_password: bool,
    /// Turn off two-step login.
    pub reset_two_factor: bool,
    /// The new master password hash (legacy pair).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_master_password_hash: Option<&'a str>,
    /// The user key wrapped by the new master key (legacy pair).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'a str>,
    /// The new pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_data: Option<MasterPasswordAuthenticationData<'a>>,
    /// The new pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlock_data: Option<MasterPasswordUnlockData<'a>>,
}

impl std::fmt::Debug for RecoverAccountRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "RecoverAccountRequest")
    }
}

/// `PUT organizations/{id}/users/{id}/reset-password`: the route servers
/// before v2026.4.0 have instead of `recover-account` (gone since v2026.6.2).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyResetPasswordRequest<'a> {
    /// The new master password hash.
    pub new_master_password_hash: &'a str,
    /// The user key wrapped by the new master key.
    pub key: &'a str,
}

impl std::fmt::Debug for LegacyResetPasswordRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "LegacyResetPasswordRequest")
    }
}

/// `PUT organizations/{id}/users/{userId}/reset-password-enrollment`: a
/// member enrolling (or, with no key, withdrawing) in account recovery.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordEnrollmentRequest<'a> {
    /// The user key encrypted to the org public key (type 4); `None`
    /// withdraws.
    pub reset_password_key: Option<&'a str>,
    /// The member's own master password hash.
    pub master_password_hash: &'a str,
}

impl std::fmt::Debug for ResetPasswordEnrollmentRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "ResetPasswordEnrollmentRequest")
    }
}

/// `GET organizations/{id}/public-key`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPublicKey {
    /// `"organizationPublicKey"`.
    #[serde(default)]
    pub object: String,
    /// Base64 SPKI DER.
    pub public_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn can_view(id: &str) -> Selection {
        Selection {
            id: id.into(),
            read_only: true,
            ..Selection::default()
        }
    }

    #[test]
    fn invite_and_update_bodies_use_the_contract_names() {
        let invite = MemberInviteRequest {
            emails: vec!["bob@acme.example".into()],
            member_type: 2,
            access_secrets_manager: false,
            permissions: None,
            collections: vec![can_view("c1")],
            groups: vec!["g1".into()],
        };
        assert_eq!(
            serde_json::to_value(&invite).unwrap(),
            json!({"emails": ["bob@acme.example"], "type": 2, "accessSecretsManager": false,
                "collections": [{"id": "c1", "readOnly": true, "hidePasswords": false, "manage": false}],
                "groups": ["g1"]})
        );
        let update = MemberUpdateRequest {
            member_type: 4,
            permissions: Some(Permissions {
                manage_users: true,
                ..Permissions::default()
            }),
            collections: Vec::new(),
            groups: Vec::new(),
            access_secrets_manager: false,
        };
        let value = serde_json::to_value(&update).unwrap();
        assert_eq!(value["type"], 4);
        assert_eq!(value["permissions"]["manageUsers"], true);
        assert_eq!(value["permissions"]["manageAccessRules"], false);
        // Always arrays: omitting them can fail on the server.
        assert_eq!(
            (&value["collections"], &value["groups"]),
            (&json!([]), &json!([]))
        );
        assert_eq!(value["accessSecretsManager"], false);
    }

    #[test]
    fn restore_bodies_carry_the_collection_name_only_when_given() {
        assert_eq!(
            serde_json::to_value(RestoreRequest::default()).unwrap(),
            json!({})
        );
        let bulk = BulkRestoreRequest {
            ids: vec!["m1".into()],
            default_user_collection_name: Some("2.n".into()),
        };
        assert_eq!(
            serde_json::to_value(&bulk).unwrap(),
            json!({"ids": ["m1"], "defaultUserCollectionName": "2.n"})
        );
    }

    #[test]
    fn recovery_bodies_use_the_contract_names_and_print_redacted() {
        let kdf = KdfSettings {
            kdf_type: 0,
            iterations: 600_000,
            memory: None,
            parallelism: None,
        };
        let request = RecoverAccountRequest {
            reset_master_password: true,
            reset_two_factor: false,
            new_master_password_hash: Some("hash"),
            key: Some("2.k"),
            authentication_data: Some(MasterPasswordAuthenticationData {
                kdf: kdf.clone(),
                master_password_authentication_hash: "hash",
                salt: "bob@acme.example",
            }),
            unlock_data: Some(MasterPasswordUnlockData {
                kdf,
                master_key_wrapped_user_key: "2.k",
                salt: "bob@acme.example",
            }),
        };
        let kdf_json =
            json!({"kdfType": 0, "iterations": 600000, "memory": null, "parallelism": null});
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"resetMasterPassword": true, "resetTwoFactor": false,
                "newMasterPasswordHash": "hash", "key": "2.k",
                "authenticationData": {"kdf": kdf_json, "masterPasswordAuthenticationHash": "hash", "salt": "bob@acme.example"},
                "unlockData": {"kdf": kdf_json, "masterKeyWrappedUserKey": "2.k", "salt": "bob@acme.example"}})
        );
        assert!(!format!("{request:?}").contains("hash"));
        let two_factor_only = RecoverAccountRequest {
            reset_master_password: false,
            reset_two_factor: true,
            new_master_password_hash: None,
            key: None,
            authentication_data: None,
            unlock_data: None,
        };
        assert_eq!(
            serde_json::to_value(&two_factor_only).unwrap(),
            json!({"resetMasterPassword": false, "resetTwoFactor": true})
        );
        let legacy = LegacyResetPasswordRequest {
            new_master_password_hash: "hash",
            key: "2.k",
        };
        assert_eq!(
            serde_json::to_value(&legacy).unwrap(),
            json!({"newMasterPasswordHash": "hash", "key": "2.k"})
        );
        let enroll = ResetPasswordEnrollmentRequest {
            reset_password_key: Some("4.r"),
            master_password_hash: "hash",
        };
        assert_eq!(
            serde_json::to_value(&enroll).unwrap(),
            json!({"resetPasswordKey": "4.r", "masterPasswordHash": "hash"})
        );
        assert!(!format!("{enroll:?}").contains("hash"));
    }

    #[test]
    fn members_tolerate_nulls_and_unknown_numbers_but_need_an_id() {
        let member: OrganizationUserDetails = serde_json::from_value(json!({
            "id": "m1", "type": 9, "status": -1, "collections": null, "groups": null,
            "revocationReason": 7}))
        .unwrap();
        assert_eq!((member.member_type, member.status), (9, -1));
        assert!(member.collections.is_empty() && member.groups.is_empty());
        assert!(serde_json::from_value::<OrganizationUserDetails>(json!({"type": 2})).is_err());
        assert!(
            serde_json::from_value::<OrganizationUserDetails>(json!({"id": "m", "type": 1e300}))
                .is_err()
        );
    }
}
