//! Containers for secret values that are not keys: passwords, decrypted
//! fields, exported key bytes.
//!
//! They redact themselves in `Debug`, zeroize their memory on drop, and
//! implement neither `Display` nor `Serialize`, so a secret only leaves the
//! container through an explicit `expose()` call that a reviewer can grep for.

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// A secret UTF-8 string (a master password, a decrypted vault field).
#[derive(Default, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Takes ownership of `value`; the caller's copy is the moved string.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret text. Keep the borrow short and do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Constant-time comparison, for checking a typed password against a
    /// stored one without leaking where they differ.
    pub fn ct_eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Clone for SecretString {
    // Passwords are re-used across derive / hash calls, and a clone is zeroized
    // just like the original.
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Secret bytes (exported key material, decrypted binary data).
#[derive(Default, PartialEq, Eq)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Takes ownership of `value`.
    pub fn new(value: Vec<u8>) -> Self {
        Self(value)
    }

    /// The secret bytes. Keep the borrow short and do not log them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Constant-time comparison.
    pub fn ct_eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    /// Converts to text when the secret is UTF-8, without copying.
    pub fn into_string(mut self) -> crate::Result<SecretString> {
        let bytes = std::mem::take(&mut self.0);
        match String::from_utf8(bytes) {
            Ok(s) => Ok(SecretString(s)),
            Err(e) => {
                let mut bytes = e.into_bytes();
                bytes.zeroize();
                Err(crate::CryptoError::InvalidUtf8)
            }
        }
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(value: Vec<u8>) -> Self {
        Self(value)
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBytes(<redacted {} bytes>)", self.0.len())
    }
}

impl Drop for SecretBytes {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let s = SecretString::from("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let b = SecretBytes::new(b"hunter2".to_vec());
        assert!(!format!("{b:?}").contains("hunter2"));
    }

    #[test]
    fn into_string_rejects_binary() {
        assert!(SecretBytes::new(vec![0xff, 0xfe]).into_string().is_err());
        let s = SecretBytes::new(b"ok".to_vec()).into_string();
        assert_eq!(s.map(|s| s.expose().to_owned()), Ok("ok".to_owned()));
    }
}
