//! The session's tokens: what a grant or a refresh hands back, when to
//! refresh, and how long a server may make a token live.

use bw_crypto::SecretString;

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
