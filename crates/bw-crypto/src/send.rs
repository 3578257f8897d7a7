//! Send keys: a 16-byte seed travels in the share link; the 64-byte
//! encryption key is derived from it with HKDF.

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::enc_string::EncString;
use crate::util::{b64, b64url, random_bytes};
use crate::{CryptoError, Result, SecretBytes, SecretString, SymmetricKey};

/// Length of a Send seed.
pub const SEED_LEN: usize = 16;
/// PBKDF2 iterations of the Send password hash.
pub const PASSWORD_ITERATIONS: u32 = 100_000;

/// Bitwarden's "shareable key" derivation: HKDF-SHA256 (extract and expand)
/// with salt `"bitwarden-" + name`, the secret as IKM, `info` (or empty) as
/// info, 64 bytes of output. Sends use name = info = "send".
pub fn derive_shareable_key(secret: &[u8], name: &str, info: Option<&str>) -> Result<SymmetricKey> {
    let salt = format!("bitwarden-{name}");
    let hk = Hkdf::<Sha256>::new(Some(salt.as_bytes()), secret);
    let mut out = Zeroizing::new([0u8; SymmetricKey::LEN]);
    hk.expand(info.unwrap_or("").as_bytes(), &mut out[..])
        .map_err(|_| CryptoError::InvalidKey {
            reason: "HKDF expand failed",
        })?;
    SymmetricKey::from_bytes(&out[..])
}

/// A Send's seed and the key derived from it.
pub struct SendKey {
    seed: Zeroizing<[u8; SEED_LEN]>,
    key: SymmetricKey,
}

impl std::fmt::Debug for SendKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SendKey(<redacted>)")
    }
}

impl SendKey {
    /// A new random seed, for creating a Send.
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; SEED_LEN]);
        random_bytes(&mut seed[..])?;
        Self::from_seed(&seed[..])
    }

    /// Derives the key from the 16-byte seed.
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        if seed.len() != SEED_LEN {
            return Err(CryptoError::InvalidKey {
                reason: "a Send seed is 16 bytes",
            });
        }
        let mut s = Zeroizing::new([0u8; SEED_LEN]);
        s.copy_from_slice(seed);
        let key = derive_shareable_key(seed, "send", Some("send"))?;
        Ok(Self { seed: s, key })
    }

    /// Reads the key part of a share link (b64url, with or without padding).
    pub fn from_url_fragment(fragment: &str) -> Result<Self> {
        let engine = if fragment.ends_with('=') {
            URL_SAFE
        } else {
            URL_SAFE_NO_PAD
        };
        let seed =
            SecretBytes::new(
                engine
                    .decode(fragment)
                    .map_err(|_| CryptoError::InvalidBase64 {
                        what: "Send link key",
                    })?,
            );
        Self::from_seed(seed.expose())
    }

    /// Opens the Send's stored `key` field (the seed, type 2 under the user key).
    pub fn unwrap(user_key: &SymmetricKey, stored_key: &EncString) -> Result<Self> {
        Self::from_seed(user_key.decrypt(stored_key)?.expose())
    }

    /// The Send's `key` field: the seed encrypted with the user key.
    pub fn wrap(&self, user_key: &SymmetricKey) -> Result<EncString> {
        user_key.encrypt(&self.seed[..])
    }

    /// The key that encrypts the Send's name, notes, text and file.
    pub fn key(&self) -> &SymmetricKey {
        &self.key
    }

    /// The seed bytes.
    pub fn seed(&self) -> SecretBytes {
        SecretBytes::new(self.seed.to_vec())
    }

    /// The key part of the share link (b64url, 22 characters, no padding).
    /// Anyone holding it can read the Send.
    pub fn url_fragment(&self) -> SecretString {
        SecretString::new(b64url(&self.seed[..]))
    }

    /// The Send's `password` field: PBKDF2-SHA256(password, raw seed, 100,000).
    pub fn password_hash(&self, password: &SecretString) -> String {
        let mut out = Zeroizing::new([0u8; 32]);
        crate::pbkdf2_sha256::pbkdf2_sha256(
            password.expose().as_bytes(),
            &self.seed[..],
            PASSWORD_ITERATIONS,
            &mut out,
        );
        b64(&out[..])
    }
}

/// The 16 bytes of a GUID in .NET `Guid.ToByteArray()` order (first three
/// groups little-endian), as the server uses for Send access ids.
pub fn guid_to_dotnet_bytes(guid: &str) -> Result<[u8; 16]> {
    let groups: Vec<&str> = guid.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if groups.len() != lens.len()
        || groups
            .iter()
            .zip(lens)
            .any(|(g, n)| g.len() != n || !g.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(CryptoError::InvalidGuid);
    }
    let hex: String = groups.concat();
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().enumerate() {
        let pair = hex.get(2 * i..2 * i + 2).ok_or(CryptoError::InvalidGuid)?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| CryptoError::InvalidGuid)?;
    }
    bytes[0..4].reverse();
    bytes[4..6].reverse();
    bytes[6..8].reverse();
    Ok(bytes)
}

/// The access id of a Send (server-computed; useful offline): b64url of the
/// Send id's bytes in .NET order.
pub fn access_id(send_id: &str) -> Result<String> {
    Ok(b64url(&guid_to_dotnet_bytes(send_id)?))
}

/// Share link for a self-hosted server: `<webVault>/#/send/<accessId>/<key>`.
pub fn share_url(web_vault_url: &str, access_id: &str, url_fragment: &str) -> String {
    format!(
        "{}/#/send/{access_id}/{url_fragment}",
        web_vault_url.trim_end_matches('/')
    )
}

/// Share link on Bitwarden's cloud: `https://send.bitwarden.com/#<accessId>/<key>`.
pub fn cloud_share_url(access_id: &str, url_fragment: &str) -> String {
    format!("https://send.bitwarden.com/#{access_id}/{url_fragment}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_order_matches_dotnet() {
        assert_eq!(
            access_id("76496474-958f-4f4d-9724-b87850bc2fd4").unwrap(),
            "dGRJdo-VTU-XJLh4ULwv1A"
        );
        assert_eq!(
            access_id("76496474-958F-4F4D-9724-B87850BC2FD4").unwrap(),
            "dGRJdo-VTU-XJLh4ULwv1A"
        );
        for bad in [
            "",
            "76496474958f4f4d9724b87850bc2fd4",
            "7649647-4958f-4f4d-9724-b87850bc2fd4",
            "7649647g-958f-4f4d-9724-b87850bc2fd4",
            "é6496474-958f-4f4d-9724-b87850bc2fd",
        ] {
            assert!(access_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fragment_accepts_padding() {
        let k = SendKey::from_url_fragment("BDp5oLfrkuaZGjvcpO_C_Q").unwrap();
        let k2 = SendKey::from_url_fragment("BDp5oLfrkuaZGjvcpO_C_Q==").unwrap();
        assert_eq!(k.key().to_bytes(), k2.key().to_bytes());
        assert_eq!(k.url_fragment().expose(), "BDp5oLfrkuaZGjvcpO_C_Q");
        assert!(SendKey::from_url_fragment("AAAA").is_err());
    }
}
