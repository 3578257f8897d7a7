//! The master key: derived from the master password, it authenticates the
//! user (server hash) and unwraps the user key (after stretching).

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::enc_string::EncString;
use crate::kdf::{Kdf, normalize_salt};
use crate::symmetric::{EncKey, symmetric_type_error};
use crate::util::b64;
use crate::{CryptoError, Result, SecretBytes, SecretString, SymmetricKey};

/// The 32-byte master key. Wiped on drop, redacted in `Debug`, not `Clone`.
pub struct MasterKey(Box<[u8; 32]>);

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    /// Derives the master key from the password (UTF-8 as typed, no
    /// normalisation), the salt (server salt or email; trimmed and
    /// lower-cased here, as the SDK does) and the account's KDF.
    ///
    /// Refuses KDF settings outside [`Kdf::check_login_limits`].
    pub fn derive(password: &SecretString, salt: &str, kdf: &Kdf) -> Result<Self> {
        kdf.check_login_limits()?;
        let salt = normalize_salt(salt);
        let mut out = Box::new([0u8; 32]);
        match *kdf {
            Kdf::Pbkdf2 { iterations } => {
                crate::pbkdf2_sha256::pbkdf2_sha256(
                    password.expose().as_bytes(),
                    salt.as_bytes(),
                    iterations,
                    &mut out,
                );
            }
            Kdf::Argon2id {
                iterations,
                memory_mib,
                parallelism,
            } => {
                let salt_hash = Sha256::digest(salt.as_bytes());
                let memory_kib = memory_mib
                    .checked_mul(1024)
                    .ok_or(CryptoError::InvalidKdf {
                        reason: "Argon2 memory too large",
                    })?;
                let params = argon2::Params::new(memory_kib, iterations, parallelism, Some(32))
                    .map_err(|_| CryptoError::InvalidKdf {
                        reason: "Argon2 parameters rejected (memory must be at least 8 KiB per lane)",
                    })?;
                argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
                    .hash_password_into(password.expose().as_bytes(), &salt_hash, &mut out[..])
                    .map_err(|_| CryptoError::InvalidKdf {
                        reason: "Argon2 could not run with these parameters",
                    })?;
            }
        }
        Ok(Self(out))
    }

    /// Rebuilds a master key from its 32 bytes (e.g. from a secure cache).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != 32 {
            return Err(CryptoError::InvalidKey {
                reason: "a master key is 32 bytes",
            });
        }
        let mut out = Box::new([0u8; 32]);
        out.copy_from_slice(bytes);
        Ok(Self(out))
    }

    /// Exports the 32 bytes.
    pub fn to_bytes(&self) -> SecretBytes {
        SecretBytes::new(self.0.to_vec())
    }

    fn password_hash(&self, password: &SecretString, iterations: u32) -> String {
        let mut out = Zeroizing::new([0u8; 32]);
        crate::pbkdf2_sha256::pbkdf2_sha256(
            &self.0[..],
            password.expose().as_bytes(),
            iterations,
            &mut out,
        );
        b64(&out[..])
    }

    /// The master password hash sent to the server (`password` of the token
    /// request, `masterPasswordHash`, …): PBKDF2(master key, password, 1).
    ///
    /// It is a login credential for the account: treat it as a secret.
    pub fn server_hash(&self, password: &SecretString) -> String {
        self.password_hash(password, 1)
    }

    /// The hash clients keep to check the password offline (2 iterations).
    /// Never send it.
    pub fn local_hash(&self, password: &SecretString) -> String {
        self.password_hash(password, 2)
    }

    /// The stretched master key: HKDF-Expand (no extract) with info "enc" and
    /// "mac". It only wraps and unwraps the user key.
    pub fn stretch(&self) -> Result<SymmetricKey> {
        let hk = Hkdf::<Sha256>::from_prk(&self.0[..]).map_err(|_| CryptoError::InvalidKey {
            reason: "master key too short for HKDF",
        })?;
        let mut both = Zeroizing::new([0u8; 64]);
        let (enc, mac) = both.split_at_mut(32);
        let expand_err = |_| CryptoError::InvalidKey {
            reason: "HKDF expand failed",
        };
        hk.expand(b"enc", enc).map_err(expand_err)?;
        hk.expand(b"mac", mac).map_err(expand_err)?;
        SymmetricKey::from_bytes(&both[..])
    }

    /// Opens the protected user key (`Key` of the token response,
    /// `profile.key`): type 2 under the stretched master key, or type 0 under
    /// the raw master key for very old accounts.
    pub fn decrypt_user_key(&self, protected_user_key: &EncString) -> Result<SymmetricKey> {
        let bytes = match protected_user_key {
            EncString::AesCbc256HmacSha256B64 { .. } => {
                self.stretch()?.decrypt(protected_user_key)?
            }
            EncString::AesCbc256B64 { iv, data } => {
                EncKey::from_array(*self.0).cbc_decrypt(iv, data)?
            }
            EncString::CoseEncrypt0B64 { .. } => {
                return Err(CryptoError::UnsupportedEncryption {
                    enc_type: 7,
                    hint: "this is an \"encryption v2\" account, which this version cannot unlock",
                });
            }
            other => return Err(symmetric_type_error(other)),
        };
        SymmetricKey::from_bytes(bytes.expose())
    }

    /// Wraps the user key for this master key (type 2 under the stretched
    /// key): the protected user key sent when a password is set or reset.
    pub fn wrap_user_key(&self, user_key: &SymmetricKey) -> Result<EncString> {
        self.stretch()?.wrap_key(user_key)
    }
}
