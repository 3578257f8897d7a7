//! Organization routes: organization, members, groups, events, account recovery.

use super::Selection;
use super::account::Permissions;
use serde::{Deserialize, Serialize};

/// `organizationUserUserDetails` (list) / `organizationUserDetails` (single).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct OrganizationUserDetails {
    pub object: String,
    pub id: String,
    pub user_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    pub status: i8,
    pub external_id: Option<String>,
    pub access_secrets_manager: bool,
    pub access_pam: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    pub reset_password_enrolled: bool,
    pub uses_key_connector: bool,
    pub has_master_password: bool,
    pub name: Option<String>,
    pub email: Option<String>,
    pub avatar_color: Option<String>,
    pub two_factor_enabled: bool,
    pub sso_bound: bool,
    pub claimed_by_organization: bool,
    pub collections: Vec<Selection>,
    pub groups: Vec<String>,
    pub revocation_reason: Option<u8>,
    pub creation_date: String,
}

/// `GET organizations/{id}/users/mini-details` item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct OrganizationUserMini {
    pub object: String,
    pub id: String,
    pub user_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    pub status: i8,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// `group` / `groupDetails`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Group {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<Selection>>,
}

/// `event`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Event {
    pub object: String,
    #[serde(rename = "type")]
    pub kind: u32,
    pub user_id: Option<String>,
    pub organization_id: Option<String>,
    pub provider_id: Option<String>,
    pub cipher_id: Option<String>,
    pub collection_id: Option<String>,
    pub group_id: Option<String>,
    pub policy_id: Option<String>,
    pub organization_user_id: Option<String>,
    pub provider_user_id: Option<String>,
    pub provider_organization_id: Option<String>,
    pub acting_user_id: Option<String>,
    pub installation_id: Option<String>,
    pub date: String,
    pub device_type: Option<u8>,
    pub ip_address: Option<String>,
    pub system_user: Option<u8>,
    pub domain_name: Option<String>,
    pub secret_id: Option<String>,
    pub project_id: Option<String>,
    pub service_account_id: Option<String>,
    pub granted_service_account_id: Option<String>,
    pub send_id: Option<String>,
}

/// `organizationUserResetPasswordDetails`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ResetPasswordDetails {
    pub object: String,
    pub organization_user_id: String,
    pub kdf: u8,
    pub kdf_iterations: u32,
    pub kdf_memory: Option<u32>,
    pub kdf_parallelism: Option<u32>,
    pub master_password_salt: Option<String>,
    pub reset_password_key: Option<String>,
    pub encrypted_private_key: Option<String>,
}

/// `GET organizations/{id}/public-key`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationPublicKey {
    /// `"organizationPublicKey"`.
    pub object: String,
    /// Base64 SPKI DER.
    pub public_key: String,
}

/// `GET organizations/{id}/billing/vnext/metadata` (raw record).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct BillingMetadata {
    pub is_on_secrets_manager_standalone: bool,
    pub organization_occupied_seats: i64,
}
