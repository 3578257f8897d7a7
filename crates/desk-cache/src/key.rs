use zeroize::{Zeroize, Zeroizing};

/// The 256-bit key SQLCipher encrypts the snapshot with.
///
/// Zeroized on drop, never printed. The core makes it from a CSPRNG and keeps
/// it wrapped by the user key next to the database.
pub struct CacheKey([u8; 32]);

impl CacheKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CacheKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The value of `PRAGMA key` for a raw key (`x'…'`): SQLCipher then skips
    /// its own passphrase KDF, which would only slow every open down.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut hex = hex::encode(self.0);
        let value = Zeroizing::new(format!("\"x'{hex}'\""));
        hex.zeroize();
        value
    }
}

impl CacheKey {
    /// The same raw key as a value for `ATTACH … KEY ?` (no quotes).
    pub(crate) fn attach_value(&self) -> Zeroizing<String> {
        let mut hex = hex::encode(self.0);
        let value = Zeroizing::new(format!("x'{hex}'"));
        hex.zeroize();
        value
    }
}

impl Drop for CacheKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let key = CacheKey::from_bytes([0xab; 32]);
        let shown = format!("{key:?}");
        assert!(!shown.contains("ab"), "{shown}");
        assert_eq!(
            key.pragma_value().as_str(),
            format!("\"x'{}'\"", "ab".repeat(32))
        );
    }
}
