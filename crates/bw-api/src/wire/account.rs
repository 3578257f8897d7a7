//! Account state: profile, sync, config, public keys, folders.

use super::KdfSettings;
use super::ciphers::CipherDetails;
use super::collections::CollectionDetails;
use super::members::Permissions;
use super::policies::Policy;
use super::sends::Send;
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

/// `profileOrganization` / `profileProviderOrganization` (shared base).
///
/// Read by sync: `id`, `key` (type 4 to the user's public key for a direct
/// membership, type 2 under the provider key for a provider client), `type`,
/// `status`, `enabled`, `seats` and `productTierType`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ProfileOrganization {
    #[serde(default)]
    pub object: String,
    /// The organization id.
    pub id: String,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub identifier: Option<String>,
    /// ProductTierType; absent on old servers (not Free).
    #[serde(default)]
    pub product_tier_type: Option<i64>,
    /// OrganizationUserStatusType (forced to 2 on provider organizations).
    #[serde(default)]
    pub status: i64,
    /// OrganizationUserType (forced to 0 Owner on provider organizations).
    #[serde(default, rename = "type")]
    pub member_type: i64,
    #[serde(default)]
    pub permissions: Permissions,
    /// Absent on `profileProviderOrganization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_user_id: Option<String>,
    /// Type 4 (direct membership) or type 2 wrapped by the provider key.
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub has_public_and_private_keys: bool,
    #[serde(default)]
    pub reset_password_enrolled: bool,
    #[serde(default)]
    pub sso_bound: bool,
    #[serde(default)]
    pub sso_enabled: bool,
    #[serde(default)]
    pub sso_member_decryption_type: Option<i64>,
    #[serde(default)]
    pub key_connector_enabled: bool,
    #[serde(default)]
    pub key_connector_url: Option<String>,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub max_collections: Option<i64>,
    #[serde(default)]
    pub max_storage_gb: Option<i64>,
    #[serde(default)]
    pub use_policies: bool,
    #[serde(default)]
    pub use_sso: bool,
    #[serde(default)]
    pub use_key_connector: bool,
    #[serde(default)]
    pub use_scim: bool,
    #[serde(default)]
    pub use_groups: bool,
    #[serde(default)]
    pub use_directory: bool,
    #[serde(default)]
    pub use_events: bool,
    #[serde(default)]
    pub use_totp: bool,
    #[serde(default, rename = "use2fa")]
    pub use_2fa: bool,
    #[serde(default)]
    pub use_api: bool,
    #[serde(default)]
    pub use_reset_password: bool,
    #[serde(default)]
    pub use_secrets_manager: bool,
    #[serde(default)]
    pub use_password_manager: bool,
    #[serde(default)]
    pub users_get_premium: bool,
    #[serde(default)]
    pub use_custom_permissions: bool,
    #[serde(default)]
    pub use_activate_autofill_policy: bool,
    #[serde(default)]
    pub use_risk_insights: bool,
    #[serde(default)]
    pub use_organization_domains: bool,
    #[serde(default)]
    pub use_admin_sponsored_families: bool,
    #[serde(default)]
    pub use_automatic_user_confirmation: bool,
    #[serde(default)]
    pub self_host: bool,
    #[serde(default)]
    pub limit_collection_creation: bool,
    #[serde(default)]
    pub limit_collection_deletion: bool,
    #[serde(default)]
    pub limit_item_deletion: bool,
    #[serde(default)]
    pub allow_admin_access_to_all_collection_items: bool,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub provider_name: Option<String>,
    /// ProviderType.
    #[serde(default)]
    pub provider_type: Option<i64>,
    #[serde(default)]
    pub access_secrets_manager: bool,
    #[serde(default)]
    pub user_is_claimed_by_organization: bool,
    #[serde(default)]
    pub family_sponsorship_friendly_name: Option<String>,
    #[serde(default)]
    pub family_sponsorship_available: bool,
    #[serde(default)]
    pub family_sponsorship_last_sync_date: Option<String>,
    #[serde(default)]
    pub family_sponsorship_valid_until: Option<String>,
    #[serde(default)]
    pub family_sponsorship_to_delete: Option<bool>,
    #[serde(default)]
    pub is_admin_initiated: bool,
}

/// `profileProvider`: a confirmed provider membership. Its raw JSON is kept
/// in the snapshot, where an offline unlock reads `key` back with this type.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ProfileProvider {
    #[serde(default)]
    pub object: String,
    /// The provider id.
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Provider key encrypted to the user's public key (type 4).
    #[serde(default)]
    pub key: Option<String>,
    /// ProviderUserStatusType.
    #[serde(default)]
    pub status: i64,
    /// ProviderUserType: 0 ProviderAdmin, 1 ServiceUser.
    #[serde(default, rename = "type")]
    pub user_type: i64,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub permissions: Permissions,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub use_events: bool,
    /// ProviderStatusType.
    #[serde(default)]
    pub provider_status: i64,
    /// ProviderType.
    #[serde(default)]
    pub provider_type: i64,
}

/// `profile` (`GET accounts/profile`, and `profile` inside `GET sync`).
///
/// The three membership lists are required: an answer without them would
/// read as "no providers, no clients" and empty the snapshot's lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Profile {
    #[serde(default)]
    pub object: String,
    /// The user id.
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub premium: bool,
    #[serde(default)]
    pub premium_from_organization: bool,
    #[serde(default)]
    pub culture: String,
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// User key wrapped by the master key.
    #[serde(default)]
    pub key: Option<String>,
    /// RSA private key wrapped by the user key (deprecated, still sent).
    #[serde(default)]
    pub private_key: Option<String>,
    #[serde(default)]
    pub account_keys: Option<AccountKeys>,
    #[serde(default)]
    pub security_stamp: String,
    #[serde(default)]
    pub force_password_reset: bool,
    #[serde(default)]
    pub uses_key_connector: bool,
    #[serde(default)]
    pub avatar_color: Option<String>,
    #[serde(default)]
    pub creation_date: String,
    #[serde(default)]
    pub verify_devices: bool,
    /// Confirmed direct memberships.
    pub organizations: Vec<ProfileOrganization>,
    /// Confirmed provider memberships.
    pub providers: Vec<ProfileProvider>,
    /// Every client of those providers.
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

/// `GET sync`: the whole personal vault plus every org item the user
/// reaches as a member. The desk does not call it (the profile comes from
/// `accounts/profile`, client items from the org routes); the sandbox
/// serves it to the official clients.
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
    #[serde(default)]
    pub object: String,
    /// User id.
    #[serde(default)]
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

/// What a client reads of `GET config`: the version and feature flags
/// (tolerant: a self-hosted or older server may leave parts out).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServerFeatures {
    /// The server's version (`2026.8.0`).
    pub version: Option<String>,
    /// Feature flags by name.
    pub feature_states: serde_json::Map<String, serde_json::Value>,
}

impl ServerFeatures {
    /// Whether a flag is on (absent or not `true` is off).
    pub fn flag(&self, name: &str) -> bool {
        self.feature_states.get(name) == Some(&serde_json::Value::Bool(true))
    }
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

/// `folder`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Folder {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub revision_date: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_profile_reads_what_sync_needs_and_tolerates_the_rest() {
        let profile: Profile = serde_json::from_value(json!({
            "object": "profile", "id": "u1", "email": "a@b.c", "key": "2.k",
            "organizations": [{"id": "o1", "type": 1, "status": 2, "enabled": true,
                "key": "4.o", "seats": 10, "productTierType": 3, "organizationUserId": "ou1",
                "somethingNew": {"x": 1}}],
            "providers": [{"id": "p1", "name": "MSP", "key": "4.p", "type": 0, "status": 2,
                "useEvents": true}],
            "providerOrganizations": [{"id": "o2", "key": "2.c", "type": 0, "status": 2}],
            "organizationsNew": []
        }))
        .unwrap();
        let org = &profile.organizations[0];
        assert_eq!(
            (
                org.member_type,
                org.status,
                org.enabled,
                org.seats,
                org.product_tier_type
            ),
            (1, 2, true, Some(10), Some(3))
        );
        assert_eq!(org.key.as_deref(), Some("4.o"));
        let provider = &profile.providers[0];
        assert_eq!(
            (provider.user_type, provider.status, provider.key.as_deref()),
            (0, 2, Some("4.p"))
        );
        assert_eq!(
            profile.provider_organizations[0].key.as_deref(),
            Some("2.c")
        );
        // An old server without the product tier: unknown, not Free.
        let old: ProfileOrganization = serde_json::from_value(json!({"id": "o"})).unwrap();
        assert_eq!(old.product_tier_type, None);
    }

    #[test]
    fn a_profile_without_its_lists_or_id_is_refused() {
        for broken in [
            json!({}),
            json!({"id": "u1"}),
            json!({"id": "u1", "organizations": [], "providers": []}),
            json!({"id": "u1", "organizations": [], "providers": null, "providerOrganizations": []}),
            json!({"id": "u1", "organizations": [{"name": "no id"}], "providers": [], "providerOrganizations": []}),
        ] {
            assert!(
                serde_json::from_value::<Profile>(broken.clone()).is_err(),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_stored_provider_entry_reads_back_its_key() {
        let entry: ProfileProvider =
            serde_json::from_str(r#"{"object":"profileProvider","id":"p","key":"4.k","type":1}"#)
                .unwrap();
        assert_eq!((entry.key.as_deref(), entry.user_type), (Some("4.k"), 1));
    }
}
