//! What the client reads from responses. Tolerant on purpose: servers in the
//! field are many versions apart, so optional fields default and every list
//! item keeps its raw JSON for the snapshot.

use bw_crypto::SecretString;
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

/// Access and refresh tokens. Never printed; zeroized when dropped.
#[derive(Clone)]
pub struct Tokens {
    /// The bearer token; empty when only a refresh token is known (a resumed
    /// session), which makes the first request refresh.
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// When the access token expires, in seconds since the Unix epoch (0:
    /// unknown, treated as expired).
    pub expires_at_unix: i64,
}

/// How long before its expiry an access token is refreshed proactively, in
/// seconds: enough for a request to reach the server while still valid.
pub const REFRESH_MARGIN_SECS: i64 = 60;
/// The longest `expires_in` believed from a server (30 days), in seconds.
pub const MAX_TOKEN_LIFETIME_SECS: i64 = 30 * 24 * 60 * 60;

impl Tokens {
    /// Whether the access token is missing or expires within
    /// [`REFRESH_MARGIN_SECS`] of `now_unix`.
    pub fn access_expiring(&self, now_unix: i64) -> bool {
        self.access_token.is_empty()
            || self.expires_at_unix.saturating_sub(now_unix) <= REFRESH_MARGIN_SECS
    }

    /// Whether a request sent at `now_unix` should refresh first: the access
    /// token is missing or about to expire, and there is a refresh token to
    /// trade (without one, the current token is used until the server says
    /// 401).
    pub fn should_refresh(&self, now_unix: i64) -> bool {
        self.refresh_token.is_some() && self.access_expiring(now_unix)
    }

    /// Whether the access token can still be sent at `now_unix` (not empty
    /// and not past its expiry).
    pub fn access_usable(&self, now_unix: i64) -> bool {
        !self.access_token.is_empty() && self.expires_at_unix > now_unix
    }
}

/// The expiry of a token issued at `now_unix` with the server's
/// `expires_in`, which is clamped to [0, 30 days] so neither a negative nor
/// a huge number can overflow or keep a token forever.
pub(crate) fn expiry_from(now_unix: i64, expires_in: i64) -> i64 {
    now_unix.saturating_add(expires_in.clamp(0, MAX_TOKEN_LIFETIME_SECS))
}

/// Seconds since the Unix epoch by the system clock (0 if the clock is set
/// before 1970).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(access: &str, refresh: Option<&str>, expires_at_unix: i64) -> Tokens {
        Tokens {
            access_token: SecretString::from(access),
            refresh_token: refresh.map(SecretString::from),
            expires_at_unix,
        }
    }

    #[test]
    fn expiry_is_clamped() {
        assert_eq!(expiry_from(1_000, 3_600), 4_600);
        assert_eq!(expiry_from(1_000, -5), 1_000);
        assert_eq!(
            expiry_from(1_000, i64::MAX),
            1_000 + MAX_TOKEN_LIFETIME_SECS
        );
        assert_eq!(expiry_from(i64::MAX, 3_600), i64::MAX);
    }

    #[test]
    fn refresh_decision() {
        let now = 1_000_000;
        // Fresh: no refresh.
        assert!(!tokens("a", Some("r"), now + 3_600).should_refresh(now));
        // Within the margin, expired, or never had one: refresh.
        assert!(tokens("a", Some("r"), now + 30).should_refresh(now));
        assert!(tokens("a", Some("r"), now - 1).should_refresh(now));
        assert!(tokens("", Some("r"), now + 3_600).should_refresh(now));
        assert!(tokens("a", Some("r"), 0).should_refresh(now));
        // Nothing to refresh with (API-key login): send what we have.
        assert!(!tokens("a", None, now - 1).should_refresh(now));
        assert!(tokens("a", None, now + 30).access_usable(now));
        assert!(!tokens("a", None, now).access_usable(now));
        assert!(!tokens("", None, now + 30).access_usable(now));
        assert!(!format!("{:?}", tokens("secret-a", Some("secret-r"), 0)).contains("secret"));
    }
}
