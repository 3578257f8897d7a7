//! Authenticator codes (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), as the
//! server checks them for two-step login. Public so tests can log in.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in text.chars().filter(|c| !matches!(c, '=' | ' ' | '-')) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The code for a base32 secret at a Unix time.
pub fn code_at(secret_b32: &str, unix_time: u64) -> Option<String> {
    let key = base32_decode(secret_b32)?;
    let counter = unix_time / 30;
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(&key).ok()?;
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!("{:06}", value % 1_000_000))
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
