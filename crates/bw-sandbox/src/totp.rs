//! Authenticator codes (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), as the
//! server checks them for two-step login. Public so tests can log in. The
//! arithmetic is bw-crypto's, the one the app shows codes with.

use bw_crypto::totp::Totp;
pub use bw_crypto::totp::base32_decode;

/// The code for a base32 secret at a Unix time.
pub fn code_at(secret_b32: &str, unix_time: u64) -> Option<String> {
    Some(Totp::parse(secret_b32)?.code_at(unix_time))
}

/// The current code.
pub fn code_now(secret_b32: &str) -> Option<String> {
    code_at(secret_b32, chrono::Utc::now().timestamp().max(0) as u64)
}

/// Accepts the code of the current step or one step either side (clock drift).
pub fn verify(secret_b32: &str, code: &str, unix_time: u64) -> bool {
    let code = code.trim().replace(' ', "");
    [unix_time.saturating_sub(30), unix_time, unix_time + 30]
        .iter()
        .any(|t| code_at(secret_b32, *t).as_deref() == Some(code.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vector() {
        // RFC 6238 appendix B: secret "12345678901234567890", T=59 → 94287082 (8 digits).
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(code_at(secret, 59).unwrap(), "287082");
        assert_eq!(code_at(secret, 1111111109).unwrap(), "081804");
        assert!(verify(secret, "287082", 59 + 30));
        assert!(!verify(secret, "287083", 59));
    }
}
