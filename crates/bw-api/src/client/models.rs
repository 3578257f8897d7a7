//! What the client reads from responses. Tolerant on purpose: servers in the
//! field are many versions apart, so optional fields default and every list
//! item keeps its raw JSON for the snapshot.

use serde::Deserialize;
use serde_json::Value;

/// The KDF an account uses, from prelogin or the token response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    pub kdf_type: i64,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prelogin {
    pub kdf: KdfParams,
    /// The server's explicit salt; `None` means "the normalised email".
    pub salt: Option<String>,
}

/// A successful password or API-key grant: tokens plus the account's keys.
#[derive(Clone)]
pub struct LoginSuccess {
    pub tokens: Tokens,
    /// `Key`: the protected user key.
    pub protected_user_key: Option<String>,
    /// `PrivateKey` / `AccountKeys…wrappedPrivateKey`.
    pub encrypted_private_key: Option<String>,
    pub kdf: Option<KdfParams>,
    /// `MasterPasswordUnlock.Salt`, when the server sends it.
    pub salt: Option<String>,
    /// `TwoFactorToken` when "remember this device" was accepted. A credential.
    pub remember_token: Option<String>,
    pub force_password_reset: bool,
}

impl std::fmt::Debug for LoginSuccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSuccess").finish_non_exhaustive()
    }
}

/// Access and refresh tokens. Never printed.
#[derive(Clone)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in_secs: u64,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(<redacted>)")
    }
}

/// `profile.providers[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileProvider {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub status: i64,
    #[serde(default, rename = "type")]
    pub user_type: i64,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub use_events: bool,
}

/// `profile.organizations[]` and `profile.providerOrganizations[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileOrganization {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default, rename = "type")]
    pub member_type: i64,
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub product_tier_type: Option<i64>,
    #[serde(default)]
    pub organization_user_id: Option<String>,
}

/// The parts of `GET sync` (or `accounts/profile`) the desk needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub private_key: Option<String>,
    #[serde(default)]
    pub organizations: Vec<ProfileOrganization>,
    #[serde(default)]
    pub providers: Vec<ProfileProvider>,
    #[serde(default)]
    pub provider_organizations: Vec<ProfileOrganization>,
}

/// One item of a list response with its raw JSON kept for the snapshot.
#[derive(Debug, Clone)]
pub struct Raw<T> {
    pub value: T,
    pub raw: Value,
}

/// `providers/{id}/organizations[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderOrganization {
    pub id: String,
    pub organization_id: String,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub organization_name: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub occupied_seats: Option<i64>,
    #[serde(default)]
    pub remaining_seats: Option<i64>,
    #[serde(default)]
    pub user_count: Option<i64>,
    #[serde(default)]
    pub plan: Option<String>,
}

/// `organizations/{id}/users[]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "type")]
    pub member_type: i64,
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub two_factor_enabled: bool,
    #[serde(default)]
    pub reset_password_enrolled: bool,
}

/// Groups and collections: an id and a name (plain for groups, an
/// EncString for collections).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    #[serde(rename = "type")]
    pub policy_type: i64,
    #[serde(default)]
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cipher {
    pub id: String,
    #[serde(default, rename = "type")]
    pub cipher_type: i64,
    #[serde(default)]
    pub revision_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: i64,
    pub date: String,
}

/// One page of events.
#[derive(Debug, Clone)]
pub struct EventPage {
    pub events: Vec<Raw<Event>>,
    pub continuation_token: Option<String>,
}
