//! Authenticator codes (RFC 6238) from what a login's `totp` field holds:
//! a bare base32 key (HMAC-SHA1, 30 s, 6 digits), an `otpauth://totp/…` URI
//! with its `secret`, `algorithm`, `digits` and `period`, or a
//! `steam://` key (5 characters from Steam's alphabet), as Bitwarden reads
//! them.

use hmac::{Hmac, Mac};

/// Steam Guard's code alphabet.
const STEAM_CHARS: &[u8] = b"23456789BCDFGHJKMNPQRTVWXY";

/// Decodes RFC 4648 base32 (case-insensitive; padding, spaces and dashes
/// ignored). `None` for any other character.
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// A parsed authenticator key. Its `Debug` does not show the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Totp {
    secret: Vec<u8>,
    algorithm: Algorithm,
    digits: u32,
    period: u64,
    steam: bool,
}

impl std::fmt::Debug for Totp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totp")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl Totp {
    /// Reads a login's `totp` value; `None` when it is not a key Bitwarden
    /// would make codes from.
    pub fn parse(value: &str) -> Option<Totp> {
        let value = value.trim();
        let mut totp = Totp {
            secret: Vec::new(),
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            steam: false,
        };
        if let Some(rest) = value.strip_prefix("steam://") {
            totp.secret = base32_decode(rest)?;
            totp.digits = 5;
            totp.steam = true;
        } else if value.to_ascii_lowercase().starts_with("otpauth://") {
            let query = value.split_once('?').map_or("", |(_, q)| q);
            let mut secret = None;
            for pair in query.split('&') {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let v = percent_decode(v);
                match k.to_ascii_lowercase().as_str() {
                    "secret" => secret = Some(v),
                    "digits" => totp.digits = v.parse().ok().filter(|d| (1..=10).contains(d))?,
                    "period" => totp.period = v.parse().ok().filter(|p| *p > 0)?,
                    "algorithm" => {
                        totp.algorithm = match v.to_ascii_lowercase().as_str() {
                            "sha1" => Algorithm::Sha1,
                            "sha256" => Algorithm::Sha256,
                            "sha512" => Algorithm::Sha512,
                            _ => return None,
                        }
                    }
                    "encoder" if v.eq_ignore_ascii_case("steam") => {
                        totp.steam = true;
                        totp.digits = 5;
                    }
                    _ => {}
                }
            }
            totp.secret = base32_decode(&secret?)?;
        } else {
            totp.secret = base32_decode(value)?;
        }
        (!totp.secret.is_empty()).then_some(totp)
    }

    /// Seconds each code lasts.
    pub fn period(&self) -> u64 {
        self.period
    }

    /// The code at a Unix time.
    pub fn code_at(&self, unix_time: u64) -> String {
        let counter = (unix_time / self.period).to_be_bytes();
        let digest = match self.algorithm {
            Algorithm::Sha1 => mac::<Hmac<sha1::Sha1>>(&self.secret, &counter),
            Algorithm::Sha256 => mac::<Hmac<sha2::Sha256>>(&self.secret, &counter),
            Algorithm::Sha512 => mac::<Hmac<sha2::Sha512>>(&self.secret, &counter),
        };
        let offset = usize::from(digest.last().copied().unwrap_or(0) & 0x0f);
        let word = digest
            .get(offset..offset + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0] & 0x7f, b[1], b[2], b[3]]));
        if self.steam {
            let mut full = word;
            let mut code = String::new();
            for _ in 0..self.digits {
                let i = (full % STEAM_CHARS.len() as u32) as usize;
                code.push(char::from(STEAM_CHARS[i]));
                full /= STEAM_CHARS.len() as u32;
            }
            return code;
        }
        let modulus = 10u64.pow(self.digits);
        format!(
            "{:0width$}",
            u64::from(word) % modulus,
            width = self.digits as usize
        )
    }
}

fn mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this never fails; an empty digest
    // would only give a wrong code, never a panic.
    let Ok(mut m) = <M as Mac>::new_from_slice(key) else {
        return Vec::new();
    };
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B: the ASCII secret "12345678901234567890" (and its
    // 32- and 64-byte extensions), 8 digits.
    #[test]
    fn rfc_6238_vectors() {
        let sha1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let t = Totp::parse(&format!("otpauth://totp/x?secret={sha1}&digits=8")).unwrap();
        assert_eq!(t.code_at(59), "94287082");
        assert_eq!(t.code_at(1_111_111_109), "07081804");
        let sha256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
        let t = Totp::parse(&format!(
            "otpauth://totp/x?secret={sha256}&digits=8&algorithm=SHA256"
        ))
        .unwrap();
        assert_eq!(t.code_at(59), "46119246");
        let sha512 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
        let t = Totp::parse(&format!(
            "otpauth://totp/x?secret={sha512}&digits=8&algorithm=SHA512"
        ))
        .unwrap();
        assert_eq!(t.code_at(59), "90693936");
    }

    #[test]
    fn bare_keys_use_six_digits_and_thirty_seconds() {
        let t = Totp::parse("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap();
        assert_eq!(t.period(), 30);
        assert_eq!(t.code_at(59), "287082");
    }

    #[test]
    fn steam_codes_use_steams_alphabet() {
        let t = Totp::parse("steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        let code = t.code_at(59);
        assert_eq!(code.len(), 5);
        assert!(code.bytes().all(|b| STEAM_CHARS.contains(&b)), "{code}");
    }

    #[test]
    fn what_is_not_a_key_is_refused() {
        for bad in [
            "",
            "not base32!",
            "otpauth://totp/x?digits=6",
            "otpauth://totp/x?secret=AAAA&algorithm=MD5",
            "otpauth://totp/x?secret=AAAA&period=0",
        ] {
            assert!(Totp::parse(bad).is_none(), "{bad}");
        }
        assert!(!format!("{:?}", Totp::parse("JBSWY3DPEHPK3PXP").unwrap()).contains("JBSW"));
    }
}
