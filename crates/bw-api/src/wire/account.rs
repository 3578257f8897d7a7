//! Account state: profile, sync, config, public keys.

use super::KdfSettings;
use super::vault::{CipherDetails, CollectionDetails, Folder, Policy, Send};
use serde::{Deserialize, Serialize};

/// `accountKeys` in profile (camelCase throughout on the api host).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountKeys {
    /// The RSA pair.
    pub public_key_encryption_key_pair: KeyPair,
    /// V2 accounts only.
    #[serde(default)]
    pub signature_key_pair: Option<serde_json::Value>,
    /// V2 accounts only.
    #[serde(default)]
    pub security_state: Option<serde_json::Value>,
    /// `"privateKeys"`.
    pub object: String,
}

/// `publicKeyEncryptionKeyPair`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyPair {
    /// Private key wrapped by the user key.
    pub wrapped_private_key: String,
    /// Base64 SPKI DER.
    pub public_key: String,
    /// V2 accounts only.
    #[serde(default)]
    pub signed_public_key: Option<String>,
    /// `"publicKeyEncryptionKeyPair"`.
    pub object: String,
}

/// Org/custom permissions (all booleans).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Permissions {
    #[allow(missing_docs)]
    pub access_event_logs: bool,
    #[allow(missing_docs)]
    pub access_import_export: bool,
    #[allow(missing_docs)]
    pub access_reports: bool,
    #[allow(missing_docs)]
    pub create_new_collections: bool,
    #[allow(missing_docs)]
    pub edit_any_collection: bool,
    #[allow(missing_docs)]
    pub delete_any_collection: bool,
    #[allow(missing_docs)]
    pub manage_groups: bool,
    #[allow(missing_docs)]
    pub manage_policies: bool,
    #[allow(missing_docs)]
    pub manage_sso: bool,
    #[allow(missing_docs)]
    pub manage_users: bool,
    #[allow(missing_docs)]
    pub manage_reset_password: bool,
    #[allow(missing_docs)]
    pub manage_scim: bool,
    #[allow(missing_docs)]
    pub manage_access_rules: bool,
}

/// `profileOrganization` / `profileProviderOrganization` (shared base).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProfileOrganization {
    pub object: String,
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub enabled: bool,
    pub identifier: Option<String>,
    pub product_tier_type: u8,
    pub status: i8,
    #[serde(rename = "type")]
    pub kind: u8,
    pub permissions: Permissions,
    /// Absent on `profileProviderOrganization`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_user_id: Option<String>,
    /// Type 4 (direct membership) or type 2 wrapped by the provider key.
    pub key: Option<String>,
    pub has_public_and_private_keys: bool,
    pub reset_password_enrolled: bool,
    pub sso_bound: bool,
    pub sso_enabled: bool,
    pub sso_member_decryption_type: Option<u8>,
    pub key_connector_enabled: bool,
    pub key_connector_url: Option<String>,
    pub seats: Option<i64>,
    pub max_collections: Option<i64>,
    pub max_storage_gb: Option<i64>,
    pub use_policies: bool,
    pub use_sso: bool,
    pub use_key_connector: bool,
    pub use_scim: bool,
    pub use_groups: bool,
    pub use_directory: bool,
    pub use_events: bool,
    pub use_totp: bool,
    #[serde(rename = "use2fa")]
    pub use_2fa: bool,
    pub use_api: bool,
    pub use_reset_password: bool,
    pub use_secrets_manager: bool,
    pub use_password_manager: bool,
    pub users_get_premium: bool,
    pub use_custom_permissions: bool,
    pub use_activate_autofill_policy: bool,
    pub use_risk_insights: bool,
    pub use_organization_domains: bool,
    pub use_admin_sponsored_families: bool,
    pub use_automatic_user_confirmation: bool,
    pub self_host: bool,
    pub limit_collection_creation: bool,
    pub limit_collection_deletion: bool,
    pub limit_item_deletion: bool,
    pub allow_admin_access_to_all_collection_items: bool,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub provider_type: Option<u8>,
    pub access_secrets_manager: bool,
    pub user_is_claimed_by_organization: bool,
    pub family_sponsorship_friendly_name: Option<String>,
    pub family_sponsorship_available: bool,
    pub family_sponsorship_last_sync_date: Option<String>,
    pub family_sponsorship_valid_until: Option<String>,
    pub family_sponsorship_to_delete: Option<bool>,
    pub is_admin_initiated: bool,
}

/// `profileProvider`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProfileProvider {
    pub object: String,
    pub id: String,
    pub name: String,
    /// Provider key encrypted to the user's public key (type 4).
    pub key: Option<String>,
    pub status: u8,
    #[serde(rename = "type")]
    pub kind: u8,
    pub enabled: bool,
    pub permissions: Permissions,
    pub user_id: String,
    pub use_events: bool,
    pub provider_status: u8,
    pub provider_type: u8,
}

/// `profile`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Profile {
    pub object: String,
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    pub email_verified: bool,
    pub premium: bool,
    pub premium_from_organization: bool,
    pub culture: String,
    pub two_factor_enabled: bool,
    pub key: Option<String>,
    pub private_key: Option<String>,
    pub account_keys: Option<AccountKeys>,
    pub security_stamp: String,
    pub force_password_reset: bool,
    pub uses_key_connector: bool,
    pub avatar_color: Option<String>,
    pub creation_date: String,
    pub verify_devices: bool,
    pub organizations: Vec<ProfileOrganization>,
    pub providers: Vec<ProfileProvider>,
    pub provider_organizations: Vec<ProfileOrganization>,
}

/// `userDecryption.masterPasswordUnlock` in sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncMasterPasswordUnlock {
    /// KDF parameters.
    pub kdf: KdfSettings,
    /// User key wrapped by the master key.
    pub master_key_encrypted_user_key: String,
    /// Salt.
    pub salt: String,
}

/// `userDecryption` in sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDecryption {
    /// Master password unlock data.
    pub master_password_unlock: Option<SyncMasterPasswordUnlock>,
    /// The user key's id once a client reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_key_id: Option<String>,
}

/// `GET sync`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SyncResponse {
    pub object: String,
    pub profile: Profile,
    pub folders: Vec<Folder>,
    pub collections: Vec<CollectionDetails>,
    pub ciphers: Vec<CipherDetails>,
    pub domains: Option<serde_json::Value>,
    pub policies: Vec<Policy>,
    pub sends: Vec<Send>,
    pub user_decryption: Option<UserDecryption>,
}

/// `GET users/{id}/public-key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserKeyResponse {
    /// `"userKey"`.
    pub object: String,
    /// User id.
    pub user_id: String,
    /// Base64 SPKI DER.
    pub public_key: String,
}

/// `GET config` environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ConfigEnvironment {
    pub cloud_region: Option<String>,
    pub vault: String,
    pub api: String,
    pub identity: String,
    pub notifications: String,
    pub sso: String,
}

/// `GET config` server (only set by third-party servers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigServer {
    /// Implementation name.
    pub name: String,
    /// Project URL.
    pub url: String,
}

/// `GET config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ConfigResponse {
    pub object: String,
    pub version: String,
    pub git_hash: String,
    pub server: Option<ConfigServer>,
    pub environment: ConfigEnvironment,
    pub feature_states: serde_json::Map<String, serde_json::Value>,
    pub push: serde_json::Value,
    pub communication: Option<serde_json::Value>,
    pub settings: serde_json::Value,
}

/// `POST accounts/api-key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyResponse {
    /// `"apiKey"`.
    pub object: String,
    /// The client secret.
    pub api_key: String,
    /// When it was last rotated.
    pub revision_date: String,
}
