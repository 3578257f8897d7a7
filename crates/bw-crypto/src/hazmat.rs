//! Deterministic variants for known-answer tests only. Reusing an IV under
//! one key reveals whether two plaintexts share a prefix: never use these
//! to protect real data.

use crate::SymmetricKey;
use crate::enc_string::{EncString, IV_LEN};

/// Type-2 encryption with a caller-chosen IV (for fixed-IV test vectors).
pub fn encrypt_with_iv(key: &SymmetricKey, iv: [u8; IV_LEN], plaintext: &[u8]) -> EncString {
    key.encrypt_with_iv(iv, plaintext)
}
