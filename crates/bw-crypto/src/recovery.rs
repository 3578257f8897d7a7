//! Account recovery (admin password reset): the org admin opens the
//! member's user key through the org's private key and sets a new master
//! password for the member, keeping the user key (so the member's vault,
//! private key and org keys stay valid).

use crate::enc_string::EncString;
use crate::kdf::Kdf;
use crate::{MasterKey, Result, RsaPublicKey, SecretString, SymmetricKey};

/// The member side of enrolment: `resetPasswordKey` = the user key wrapped
/// (type 4) to the organization's public key.
pub fn enrollment_key(user_key: &SymmetricKey, org_public_key: &RsaPublicKey) -> Result<EncString> {
    org_public_key.encapsulate(user_key)
}

/// Opens a member's user key from `reset-password-details`: the org private
/// key (`encryptedPrivateKey`, type 2 under the org key) opens
/// `resetPasswordKey` (type 4).
pub fn recover_user_key(
    org_key: &SymmetricKey,
    encrypted_org_private_key: &EncString,
    reset_password_key: &EncString,
) -> Result<SymmetricKey> {
    org_key
        .unwrap_private_key(encrypted_org_private_key)?
        .decapsulate(reset_password_key)
}

/// The member's new master-password material, computed with the member's
/// unchanged KDF and salt.
pub struct NewMasterPassword {
    /// The member's KDF (unchanged).
    pub kdf: Kdf,
    /// The salt exactly as given (`masterPasswordSalt`).
    pub salt: String,
    /// The new server authentication hash. A credential for the account.
    pub master_password_hash: String,
    /// The same user key wrapped with the new stretched master key.
    pub protected_user_key: EncString,
}

impl std::fmt::Debug for NewMasterPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewMasterPassword")
            .field("kdf", &self.kdf)
            .field("salt", &self.salt)
            .field("master_password_hash", &"<redacted>")
            .field("protected_user_key", &self.protected_user_key)
            .finish()
    }
}

/// Derives the new master key from `new_password` with the member's `kdf`
/// and `salt` (`masterPasswordSalt`, or the email on older servers) and
/// re-wraps `user_key`.
pub fn new_master_password(
    user_key: &SymmetricKey,
    new_password: &SecretString,
    kdf: &Kdf,
    salt: &str,
) -> Result<NewMasterPassword> {
    let master_key = MasterKey::derive(new_password, salt, kdf)?;
    Ok(NewMasterPassword {
        kdf: *kdf,
        salt: salt.to_owned(),
        master_password_hash: master_key.server_hash(new_password),
        protected_user_key: master_key.wrap_user_key(user_key)?,
    })
}

/// The whole admin side: opens the member's user key and computes the new
/// master-password material. Returns the user key too, for callers that
/// want to check it.
pub fn recover_account(
    org_key: &SymmetricKey,
    encrypted_org_private_key: &EncString,
    reset_password_key: &EncString,
    new_password: &SecretString,
    kdf: &Kdf,
    salt: &str,
) -> Result<(SymmetricKey, NewMasterPassword)> {
    let user_key = recover_user_key(org_key, encrypted_org_private_key, reset_password_key)?;
    let new = new_master_password(&user_key, new_password, kdf, salt)?;
    Ok((user_key, new))
}

/// `kdf` object of the new request shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfRequest {
    /// `kdfType`.
    pub kdf_type: u8,
    /// `iterations`.
    pub iterations: u32,
    /// `memory` (MiB) or null.
    pub memory: Option<u32>,
    /// `parallelism` or null.
    pub parallelism: Option<u32>,
}

impl From<&Kdf> for KdfRequest {
    fn from(kdf: &Kdf) -> Self {
        Self {
            kdf_type: kdf.kdf_type(),
            iterations: kdf.iterations(),
            memory: kdf.memory_mib(),
            parallelism: kdf.parallelism(),
        }
    }
}

/// `PUT …/recover-account` with the legacy fields (what current clients send).
#[derive(Clone, PartialEq, Eq)]
pub struct LegacyRecoverAccountRequest {
    /// `resetMasterPassword` (always true here).
    pub reset_master_password: bool,
    /// `resetTwoFactor`.
    pub reset_two_factor: bool,
    /// `newMasterPasswordHash`.
    pub new_master_password_hash: String,
    /// `key`: the new protected user key.
    pub key: EncString,
}

/// `authenticationData` of the new request shape.
#[derive(Clone, PartialEq, Eq)]
pub struct MasterPasswordAuthenticationData {
    /// `kdf`.
    pub kdf: KdfRequest,
    /// `masterPasswordAuthenticationHash`.
    pub master_password_authentication_hash: String,
    /// `salt`.
    pub salt: String,
}

/// `unlockData` of the new request shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasterPasswordUnlockData {
    /// `kdf` (must equal the authentication data's).
    pub kdf: KdfRequest,
    /// `masterKeyWrappedUserKey`.
    pub master_key_wrapped_user_key: EncString,
    /// `salt` (must equal the authentication data's).
    pub salt: String,
}

/// `PUT …/recover-account` with the new `authenticationData`/`unlockData`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoverAccountRequest {
    /// `resetMasterPassword` (always true here).
    pub reset_master_password: bool,
    /// `resetTwoFactor`.
    pub reset_two_factor: bool,
    /// `authenticationData`.
    pub authentication_data: MasterPasswordAuthenticationData,
    /// `unlockData`.
    pub unlock_data: MasterPasswordUnlockData,
}

impl NewMasterPassword {
    /// The legacy payload (`newMasterPasswordHash`, `key`).
    pub fn legacy_request(&self, reset_two_factor: bool) -> LegacyRecoverAccountRequest {
        LegacyRecoverAccountRequest {
            reset_master_password: true,
            reset_two_factor,
            new_master_password_hash: self.master_password_hash.clone(),
            key: self.protected_user_key.clone(),
        }
    }

    /// The new payload (`authenticationData`, `unlockData`), with equal
    /// `kdf` and `salt` in both parts as the server requires.
    pub fn request(&self, reset_two_factor: bool) -> RecoverAccountRequest {
        RecoverAccountRequest {
            reset_master_password: true,
            reset_two_factor,
            authentication_data: MasterPasswordAuthenticationData {
                kdf: KdfRequest::from(&self.kdf),
                master_password_authentication_hash: self.master_password_hash.clone(),
                salt: self.salt.clone(),
            },
            unlock_data: MasterPasswordUnlockData {
                kdf: KdfRequest::from(&self.kdf),
                master_key_wrapped_user_key: self.protected_user_key.clone(),
                salt: self.salt.clone(),
            },
        }
    }
}

impl std::fmt::Debug for LegacyRecoverAccountRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegacyRecoverAccountRequest")
            .field("reset_master_password", &self.reset_master_password)
            .field("reset_two_factor", &self.reset_two_factor)
            .field("new_master_password_hash", &"<redacted>")
            .field("key", &self.key)
            .finish()
    }
}

impl std::fmt::Debug for MasterPasswordAuthenticationData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterPasswordAuthenticationData")
            .field("kdf", &self.kdf)
            .field("master_password_authentication_hash", &"<redacted>")
            .field("salt", &self.salt)
            .finish()
    }
}

impl std::fmt::Debug for RecoverAccountRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoverAccountRequest")
            .field("reset_master_password", &self.reset_master_password)
            .field("reset_two_factor", &self.reset_two_factor)
            .field("authentication_data", &self.authentication_data)
            .field("unlock_data", &self.unlock_data)
            .finish()
    }
}
