//! Collection names: type-2 EncStrings of the UTF-8 name under the org key;
//! nesting is a `/` inside the plaintext.

use crate::enc_string::EncString;
use crate::{Result, SecretString, SymmetricKey};

/// The name Bitwarden gives the collection created with a new organization.
pub const DEFAULT_COLLECTION_NAME: &str = "Default collection";

/// Encrypts a collection name (`name`, `collectionName`,
/// `defaultUserCollectionName`) under the org key.
pub fn encrypt_name(org_key: &SymmetricKey, name: &str) -> Result<EncString> {
    org_key.encrypt_str(name)
}

/// Decrypts a collection name.
pub fn decrypt_name(org_key: &SymmetricKey, name: &EncString) -> Result<SecretString> {
    org_key.decrypt_to_string(name)
}

/// The path segments of a nested name ("Parent/Child" → ["Parent", "Child"]).
pub fn path_segments(name: &str) -> impl Iterator<Item = &str> {
    name.split('/')
}
