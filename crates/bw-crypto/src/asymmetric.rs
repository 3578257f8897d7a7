//! RSA-2048 key pairs: SPKI / PKCS#8 DER, and key wrapping with RSA-OAEP
//! (EncString types 3–6).

use rsa::Oaep;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;

use crate::enc_string::EncString;
use crate::util::{b64, from_b64};
use crate::{CryptoError, Result, SecretBytes, SymmetricKey};

/// Bitwarden's RSA size.
const BITS: usize = 2048;
// Accepted modulus sizes in bytes: Bitwarden uses 2048-bit keys; anything far
// larger would only make a hostile key slow to use.
const MIN_BYTES: usize = 256;
const MAX_BYTES: usize = 512;

/// The OAEP digest of an RSA EncString.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OaepHash {
    /// Types 4 and 6; the only one Bitwarden clients produce.
    Sha1,
    /// Types 3 and 5 (decrypt-only in Bitwarden).
    Sha256,
}

/// An RSA private key (user, organization). The inner big integers are
/// wiped on drop by the `rsa` crate; `Debug` is redacted; not `Clone`.
pub struct RsaPrivateKey(Box<rsa::RsaPrivateKey>);

/// An RSA public key (SubjectPublicKeyInfo on the wire). Public, so `Clone`.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey(rsa::RsaPublicKey);

fn check_size(modulus_bytes: usize) -> Result<()> {
    if (MIN_BYTES..=MAX_BYTES).contains(&modulus_bytes) {
        Ok(())
    } else {
        Err(CryptoError::Rsa {
            reason: "unsupported key size (expected RSA-2048)",
        })
    }
}

impl RsaPrivateKey {
    /// A new RSA-2048 key with e = 65537.
    pub fn generate() -> Result<Self> {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, BITS).map_err(|_| {
            CryptoError::Rsa {
                reason: "key generation failed",
            }
        })?;
        Ok(Self(Box::new(key)))
    }

    /// Parses PKCS#8 DER (the plaintext of `privateKey` / `encryptedPrivateKey`).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|_| CryptoError::Rsa {
            reason: "not a PKCS#8 DER RSA private key (wrong key or corrupted data?)",
        })?;
        check_size(key.size())?;
        Ok(Self(Box::new(key)))
    }

    /// PKCS#8 DER, as Bitwarden encrypts it into `encryptedPrivateKey`.
    pub fn to_pkcs8_der(&self) -> Result<SecretBytes> {
        let doc = self.0.to_pkcs8_der().map_err(|_| CryptoError::Rsa {
            reason: "PKCS#8 encoding failed",
        })?;
        Ok(SecretBytes::new(doc.as_bytes().to_vec()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.to_public_key())
    }

    /// Decrypts an RSA EncString (types 3–6; the MAC part of 5 and 6 is
    /// ignored, as Bitwarden does). Uses blinding.
    pub fn decrypt(&self, enc: &EncString) -> Result<SecretBytes> {
        let (hash, data) = match enc {
            EncString::Rsa2048OaepSha256B64 { data }
            | EncString::Rsa2048OaepSha256HmacSha256B64 { data, .. } => (OaepHash::Sha256, data),
            EncString::Rsa2048OaepSha1B64 { data }
            | EncString::Rsa2048OaepSha1HmacSha256B64 { data, .. } => (OaepHash::Sha1, data),
            EncString::CoseEncrypt0B64 { .. } => {
                return Err(CryptoError::UnsupportedEncryption {
                    enc_type: 7,
                    hint: "COSE (type 7) belongs to \"encryption v2\" accounts, which this version cannot open",
                });
            }
            other => {
                return Err(CryptoError::WrongKeyKind {
                    enc_type: other.enc_type(),
                    needed: "a symmetric key",
                });
            }
        };
        if data.len() != self.0.size() {
            return Err(CryptoError::DecryptionFailed);
        }
        let mut rng = rand::rngs::OsRng;
        let result = match hash {
            OaepHash::Sha1 => self
                .0
                .decrypt_blinded(&mut rng, Oaep::new::<sha1::Sha1>(), data),
            OaepHash::Sha256 => self
                .0
                .decrypt_blinded(&mut rng, Oaep::new::<sha2::Sha256>(), data),
        };
        result
            .map(SecretBytes::new)
            .map_err(|_| CryptoError::DecryptionFailed)
    }

    /// Opens a symmetric key wrapped to this key pair: an org key
    /// (`profile.organizations[].key`), a provider key
    /// (`profile.providers[].key`), or a `resetPasswordKey`.
    pub fn decapsulate(&self, wrapped: &EncString) -> Result<SymmetricKey> {
        SymmetricKey::from_bytes(self.decrypt(wrapped)?.expose())
    }
}

impl std::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RsaPrivateKey(<redacted>)")
    }
}

impl RsaPublicKey {
    /// Parses SubjectPublicKeyInfo DER.
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let key = rsa::RsaPublicKey::from_public_key_der(der).map_err(|_| CryptoError::Rsa {
            reason: "not an SPKI DER RSA public key",
        })?;
        check_size(key.size())?;
        Ok(Self(key))
    }

    /// Parses the b64 SPKI of `publicKey` fields and `public-key` endpoints.
    pub fn from_spki_b64(text: &str) -> Result<Self> {
        Self::from_spki_der(&from_b64(text, "public key")?)
    }

    /// SubjectPublicKeyInfo DER (fingerprint input).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        self.0
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|_| CryptoError::Rsa {
                reason: "SPKI encoding failed",
            })
    }

    /// b64 SPKI, the form of every `publicKey` field.
    pub fn to_spki_b64(&self) -> Result<String> {
        Ok(b64(&self.to_spki_der()?))
    }

    /// Encrypts bytes with RSA-OAEP: type 4 for SHA-1 (what Bitwarden clients
    /// send), type 3 for SHA-256.
    pub fn encrypt(&self, plaintext: &[u8], hash: OaepHash) -> Result<EncString> {
        let mut rng = rand::rngs::OsRng;
        let fail = |_| CryptoError::Rsa {
            reason: "OAEP encryption failed (message too long for the key?)",
        };
        Ok(match hash {
            OaepHash::Sha1 => EncString::Rsa2048OaepSha1B64 {
                data: self
                    .0
                    .encrypt(&mut rng, Oaep::new::<sha1::Sha1>(), plaintext)
                    .map_err(fail)?,
            },
            OaepHash::Sha256 => EncString::Rsa2048OaepSha256B64 {
                data: self
                    .0
                    .encrypt(&mut rng, Oaep::new::<sha2::Sha256>(), plaintext)
                    .map_err(fail)?,
            },
        })
    }

    /// Wraps a symmetric key to this public key as type 4: confirming a
    /// member or provider user, enrolling in account recovery, new org keys.
    pub fn encapsulate(&self, key: &SymmetricKey) -> Result<EncString> {
        self.encrypt(key.to_bytes().expose(), OaepHash::Sha1)
    }

    /// The fingerprint phrase for this key (see [`crate::fingerprint`]).
    pub fn fingerprint(&self, material: &str) -> Result<String> {
        crate::fingerprint::fingerprint_phrase(material, &self.to_spki_der()?)
    }
}

impl std::fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaPublicKey({} bits)", self.0.size() * 8)
    }
}
