//! Provider-managed client organizations: the provider key wraps each
//! client org's key (type 2), and creating a client org needs a fresh org
//! key, org RSA pair and default collection name.

use crate::account::{KeyPair, make_key_pair};
use crate::collection::encrypt_name;
use crate::enc_string::EncString;
use crate::{Result, SymmetricKey};

/// Key material of `POST /providers/{id}/clients`.
#[derive(Debug)]
pub struct NewClientOrganization {
    /// The new organization's key (keep it to encrypt the org's data).
    pub org_key: SymmetricKey,
    /// `key`: the org key wrapped (type 2) with the provider key.
    pub key: EncString,
    /// `keyPair`: the org RSA pair, private key under the org key.
    pub key_pair: KeyPair,
    /// `collectionName`: the default collection's name under the org key.
    pub collection_name: EncString,
}

/// Creates a client org's key material under `provider_key`, with
/// `default_collection_name` (normally
/// [`DEFAULT_COLLECTION_NAME`](crate::collection::DEFAULT_COLLECTION_NAME)
/// or its translation).
pub fn create(
    provider_key: &SymmetricKey,
    default_collection_name: &str,
) -> Result<NewClientOrganization> {
    let org_key = SymmetricKey::generate()?;
    let key = provider_key.wrap_key(&org_key)?;
    let key_pair = make_key_pair(&org_key)?;
    let collection_name = encrypt_name(&org_key, default_collection_name)?;
    Ok(NewClientOrganization {
        org_key,
        key,
        key_pair,
        collection_name,
    })
}

/// The `key` of `POST /providers/{id}/organizations/add`: an org key the
/// caller already holds, wrapped with the provider key.
pub fn wrap_for_provider(provider_key: &SymmetricKey, org_key: &SymmetricKey) -> Result<EncString> {
    provider_key.wrap_key(org_key)
}

/// Opens `profile.providerOrganizations[].key` with the provider key.
pub fn unwrap_org_key(
    provider_key: &SymmetricKey,
    provider_org_key: &EncString,
) -> Result<SymmetricKey> {
    provider_key.unwrap_key(provider_org_key)
}
