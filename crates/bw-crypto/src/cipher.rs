//! Vault items: which key encrypts a cipher's fields, the `uriChecksum`, and
//! detection of the newer "blob" cipher format.

use std::ops::Deref;

use sha2::{Digest, Sha256};

use crate::enc_string::EncString;
use crate::util::b64;
use crate::{Result, SecretString, SymmetricKey};

/// The key a cipher's fields are encrypted with: the owner's key (org key or
/// user key), or the cipher's own key when the cipher has a `key` field.
pub enum FieldKey<'a> {
    /// No cipher key: fields are under the org or user key.
    Owner(&'a SymmetricKey),
    /// The cipher's own key, unwrapped from its `key` field.
    Cipher(SymmetricKey),
}

impl Deref for FieldKey<'_> {
    type Target = SymmetricKey;
    fn deref(&self) -> &SymmetricKey {
        match self {
            FieldKey::Owner(k) => k,
            FieldKey::Cipher(k) => k,
        }
    }
}

impl std::fmt::Debug for FieldKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FieldKey::Owner(_) => "FieldKey::Owner(<redacted>)",
            FieldKey::Cipher(_) => "FieldKey::Cipher(<redacted>)",
        })
    }
}

/// Picks the field key of a cipher: `owner_key` is the org key when the
/// cipher has an `organizationId`, else the user key; `cipher_key` is the
/// cipher's `key` field (type 2 under `owner_key`) if not null.
pub fn field_key<'a>(
    owner_key: &'a SymmetricKey,
    cipher_key: Option<&EncString>,
) -> Result<FieldKey<'a>> {
    match cipher_key {
        None => Ok(FieldKey::Owner(owner_key)),
        Some(wrapped) => Ok(FieldKey::Cipher(owner_key.unwrap_key(wrapped)?)),
    }
}

/// A new per-cipher key and its `key` field (wrapped with `owner_key`), as
/// newer clients create for every new item.
pub fn new_cipher_key(owner_key: &SymmetricKey) -> Result<(SymmetricKey, EncString)> {
    let key = SymmetricKey::generate()?;
    let wrapped = owner_key.wrap_key(&key)?;
    Ok((key, wrapped))
}

/// Re-wraps a cipher key when an item moves to another owner; the fields
/// stay as they are.
pub fn rewrap_cipher_key(
    old_owner_key: &SymmetricKey,
    new_owner_key: &SymmetricKey,
    cipher_key: &EncString,
) -> Result<EncString> {
    new_owner_key.wrap_key(&old_owner_key.unwrap_key(cipher_key)?)
}

/// The plaintext of `login.uris[].uriChecksum`: b64(SHA-256(uri)).
pub fn uri_checksum(uri: &str) -> String {
    b64(&Sha256::digest(uri.as_bytes()))
}

/// Encrypts a login URI and its checksum (`uri`, `uriChecksum`).
pub fn encrypt_uri(key: &SymmetricKey, uri: &str) -> Result<(EncString, EncString)> {
    Ok((key.encrypt_str(uri)?, key.encrypt_str(&uri_checksum(uri))?))
}

/// Decrypts a login URI and drops it (returns `None`) when its checksum is
/// present and does not match, as Bitwarden clients do. A missing checksum
/// (older items) keeps the URI.
pub fn decrypt_uri(
    key: &SymmetricKey,
    uri: &EncString,
    checksum: Option<&EncString>,
) -> Result<Option<SecretString>> {
    let plain = key.decrypt_to_string(uri)?;
    if let Some(checksum) = checksum {
        let expected = key.decrypt_to_string(checksum)?;
        if expected.expose() != uri_checksum(plain.expose()) {
            return Ok(None);
        }
    }
    Ok(Some(plain))
}

/// Whether a cipher's `data` string is the newer "blob" format (a JSON
/// object with a top-level `format_version`), which this crate cannot
/// decrypt; callers should flag such items instead of failing the sync.
pub fn is_blob_cipher_data(data: &str) -> bool {
    matches!(
        serde_json::from_str::<serde_json::Value>(data),
        Ok(serde_json::Value::Object(map)) if map.contains_key("format_version")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_b64_sha256() {
        assert_eq!(
            uri_checksum("https://vpn.acme.example/login"),
            "VMkBW7ISI/Abqlu14AahXZj/6JMCgue+aEpaMB3P1rQ="
        );
    }

    #[test]
    fn mismatching_checksum_drops_the_uri() {
        let k = SymmetricKey::generate().unwrap();
        let (u, c) = encrypt_uri(&k, "https://a.example").unwrap();
        assert_eq!(
            decrypt_uri(&k, &u, Some(&c)).unwrap().unwrap().expose(),
            "https://a.example"
        );
        let (_, other) = encrypt_uri(&k, "https://b.example").unwrap();
        assert!(decrypt_uri(&k, &u, Some(&other)).unwrap().is_none());
        assert!(decrypt_uri(&k, &u, None).unwrap().is_some());
    }

    #[test]
    fn blob_detection() {
        assert!(is_blob_cipher_data(
            r#"{"format_version":1,"wrapped_cek":"x","envelope":"y"}"#
        ));
        assert!(!is_blob_cipher_data(r#"{"name":"x"}"#));
        assert!(!is_blob_cipher_data("2.AAAA|BBBB|CCCC"));
        assert!(!is_blob_cipher_data("[]"));
    }

    #[test]
    fn cipher_key_chain() {
        let org = SymmetricKey::generate().unwrap();
        let (ck, wrapped) = new_cipher_key(&org).unwrap();
        let fk = field_key(&org, Some(&wrapped)).unwrap();
        assert_eq!(fk.to_bytes(), ck.to_bytes());
        let other = SymmetricKey::generate().unwrap();
        let moved = rewrap_cipher_key(&org, &other, &wrapped).unwrap();
        assert_eq!(other.unwrap_key(&moved).unwrap().to_bytes(), ck.to_bytes());
        assert_eq!(field_key(&org, None).unwrap().to_bytes(), org.to_bytes());
    }
}
