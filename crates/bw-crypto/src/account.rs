//! Whole-account flows: creating an account's key material (sandbox,
//! registration) and unlocking one after login.

use crate::enc_string::EncString;
use crate::kdf::{Kdf, normalize_salt};
use crate::{MasterKey, Result, RsaPrivateKey, RsaPublicKey, SecretString, SymmetricKey};

/// An RSA key pair with its private key wrapped for storage on the server.
#[derive(Debug)]
pub struct KeyPair {
    /// The private key, in memory.
    pub private_key: RsaPrivateKey,
    /// `publicKey`: b64 SPKI.
    pub public_key_b64: String,
    /// `encryptedPrivateKey`: PKCS#8 DER, type 2 under the wrapping key.
    pub encrypted_private_key: EncString,
}

/// Generates an RSA-2048 pair and wraps the private key with `wrapping_key`
/// (the user key for users, the org key for organizations).
pub fn make_key_pair(wrapping_key: &SymmetricKey) -> Result<KeyPair> {
    let private_key = RsaPrivateKey::generate()?;
    let public_key_b64 = private_key.public_key().to_spki_b64()?;
    let encrypted_private_key = wrapping_key.wrap_private_key(&private_key)?;
    Ok(KeyPair {
        private_key,
        public_key_b64,
        encrypted_private_key,
    })
}

/// A new random 64-byte key wrapped (type 4) to `public_key`: a new
/// organization's key for its creator, or a provider key at provider setup.
pub fn make_shared_key(public_key: &RsaPublicKey) -> Result<(SymmetricKey, EncString)> {
    let key = SymmetricKey::generate()?;
    let wrapped = public_key.encapsulate(&key)?;
    Ok((key, wrapped))
}

/// Everything a client sends to create a master-password account, plus the
/// keys it keeps.
#[derive(Debug)]
pub struct NewAccount {
    /// The KDF used.
    pub kdf: Kdf,
    /// The normalised salt used (send it where requests ask for `salt`).
    pub salt: String,
    /// The master key.
    pub master_key: MasterKey,
    /// `masterPasswordHash`: the server authentication hash. A credential.
    pub master_password_hash: String,
    /// The new user key.
    pub user_key: SymmetricKey,
    /// `key`: the user key wrapped with the stretched master key.
    pub protected_user_key: EncString,
    /// The user's RSA key pair, private key wrapped with the user key.
    pub key_pair: KeyPair,
}

/// Creates a V1 account's keys for `email` (or an explicit salt) and
/// `password`. The KDF must be within the server's range.
pub fn new_account(password: &SecretString, email_or_salt: &str, kdf: Kdf) -> Result<NewAccount> {
    kdf.check_server_range()?;
    let salt = normalize_salt(email_or_salt);
    let master_key = MasterKey::derive(password, &salt, &kdf)?;
    let master_password_hash = master_key.server_hash(password);
    let user_key = SymmetricKey::generate()?;
    let protected_user_key = master_key.wrap_user_key(&user_key)?;
    let key_pair = make_key_pair(&user_key)?;
    Ok(NewAccount {
        kdf,
        salt,
        master_key,
        master_password_hash,
        user_key,
        protected_user_key,
        key_pair,
    })
}

/// The keys of an unlocked V1 account.
#[derive(Debug)]
pub struct UnlockedAccount {
    /// The user key.
    pub user_key: SymmetricKey,
    /// The user's private key, if the account has one.
    pub private_key: Option<RsaPrivateKey>,
}

/// Unlocks an account from the token response (or sync profile): derives
/// the master key, opens the protected user key, then the private key.
pub fn unlock(
    password: &SecretString,
    salt: &str,
    kdf: &Kdf,
    protected_user_key: &EncString,
    encrypted_private_key: Option<&EncString>,
) -> Result<UnlockedAccount> {
    let master_key = MasterKey::derive(password, salt, kdf)?;
    let user_key = master_key.decrypt_user_key(protected_user_key)?;
    let private_key = encrypted_private_key
        .map(|k| user_key.unwrap_private_key(k))
        .transpose()?;
    Ok(UnlockedAccount {
        user_key,
        private_key,
    })
}
