//! 64-byte AES-256-CBC + HMAC-SHA256 keys (user, org, provider, cipher and
//! Send keys) and EncString type 2.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::asymmetric::RsaPrivateKey;
use crate::enc_string::{EncString, IV_LEN, MAC_LEN};
use crate::util::{b64, from_b64, random_bytes};
use crate::{CryptoError, Result, SecretBytes, SecretString};

type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;
type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

/// The AES half of a key. It can only encrypt and decrypt; it has no MAC
/// method, so the MAC half can never be used as a cipher key by mistake.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct EncKey([u8; 32]);

/// The HMAC half of a key. It can only compute and check tags.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct MacKey([u8; 32]);

impl EncKey {
    pub(crate) fn from_array(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn cbc_encrypt(&self, iv: &[u8; IV_LEN], plaintext: &[u8]) -> Vec<u8> {
        let padded_len = (plaintext.len() / 16 + 1) * 16;
        let mut buf = vec![0u8; padded_len];
        buf[..plaintext.len()].copy_from_slice(plaintext);
        let enc = Aes256CbcEnc::new(&self.0.into(), iv.into());
        // The buffer always has room for a full padding block.
        match enc.encrypt_padded_mut::<Pkcs7>(&mut buf, plaintext.len()) {
            Ok(ct) => {
                let n = ct.len();
                buf.truncate(n);
                buf
            }
            Err(_) => unreachable_padding(),
        }
    }

    /// Decrypts and removes PKCS#7 padding. The caller must have checked the
    /// MAC first (except for legacy type 0, which has none).
    pub(crate) fn cbc_decrypt(&self, iv: &[u8; IV_LEN], ciphertext: &[u8]) -> Result<SecretBytes> {
        if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
            return Err(CryptoError::DecryptionFailed);
        }
        let mut buf = SecretBytesBuf(ciphertext.to_vec());
        let dec = Aes256CbcDec::new(&self.0.into(), iv.into());
        let n = dec
            .decrypt_padded_mut::<Pkcs7>(&mut buf.0)
            .map_err(|_| CryptoError::DecryptionFailed)?
            .len();
        buf.0.truncate(n);
        Ok(SecretBytes::new(std::mem::take(&mut buf.0)))
    }
}

/// A plaintext buffer that is wiped if an early return drops it.
struct SecretBytesBuf(Vec<u8>);
impl Drop for SecretBytesBuf {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

// Encrypting with Pkcs7 into a buffer with a spare block cannot fail; keep a
// panic-free path anyway and return an empty ciphertext that will never
// decrypt (caught by the round-trip tests if it ever happened).
#[cold]
fn unreachable_padding() -> Vec<u8> {
    Vec::new()
}

impl MacKey {
    fn hmac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this never takes the error path.
        match <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            Ok(m) => m,
            Err(_) => <Hmac<Sha256> as Mac>::new(&Default::default()),
        }
    }

    pub(crate) fn tag(&self, iv: &[u8], data: &[u8]) -> [u8; MAC_LEN] {
        let mut m = self.hmac();
        m.update(iv);
        m.update(data);
        m.finalize().into_bytes().into()
    }

    /// Constant-time check of `mac` over `iv || data`.
    pub(crate) fn verify(&self, iv: &[u8], data: &[u8], mac: &[u8; MAC_LEN]) -> bool {
        self.tag(iv, data).ct_eq(mac).into()
    }
}

struct KeyParts {
    enc: EncKey,
    mac: MacKey,
}

/// A 64-byte Bitwarden symmetric key: `encKey(32) || macKey(32)`.
///
/// User keys, organization keys, provider keys, cipher keys and derived Send
/// keys all have this form. The key lives on the heap so moves do not leave
/// copies on the stack, and it is wiped on drop. It is not `Clone`: to hand a
/// key to another owner, export it explicitly with [`SymmetricKey::to_bytes`].
pub struct SymmetricKey(Box<KeyParts>);

impl SymmetricKey {
    /// Length of the encoded key.
    pub const LEN: usize = 64;

    /// A fresh key from the OS CSPRNG (the two halves are independent draws,
    /// as in Bitwarden's SDK).
    pub fn generate() -> Result<Self> {
        let mut parts = Box::new(KeyParts {
            enc: EncKey([0; 32]),
            mac: MacKey([0; 32]),
        });
        random_bytes(&mut parts.enc.0)?;
        random_bytes(&mut parts.mac.0)?;
        Ok(Self(parts))
    }

    /// Builds a key from `enc || mac` (64 bytes), e.g. a decrypted org key.
    ///
    /// 32-byte AES-only keys are refused (they only ever protected legacy
    /// type-0 data) and longer keys are V2 COSE keys, which are reported as
    /// unsupported.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        match bytes.len() {
            Self::LEN => {
                let mut parts = Box::new(KeyParts {
                    enc: EncKey([0; 32]),
                    mac: MacKey([0; 32]),
                });
                parts.enc.0.copy_from_slice(&bytes[..32]);
                parts.mac.0.copy_from_slice(&bytes[32..]);
                Ok(Self(parts))
            }
            32 => Err(CryptoError::InvalidKey {
                reason: "32-byte AES-only keys are only valid for legacy type-0 data; expected 64 bytes",
            }),
            n if n > Self::LEN => Err(CryptoError::UnsupportedEncryption {
                enc_type: 7,
                hint: "the key is a COSE key of an \"encryption v2\" account, which this version cannot use",
            }),
            _ => Err(CryptoError::InvalidKey {
                reason: "a symmetric key must be 64 bytes (32 AES + 32 HMAC)",
            }),
        }
    }

    /// Parses standard base64 of the 64 key bytes.
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = SecretBytes::new(from_b64(text, "symmetric key")?);
        Self::from_bytes(bytes.expose())
    }

    /// Exports `enc || mac`, e.g. to keep the user key in the OS keychain.
    pub fn to_bytes(&self) -> SecretBytes {
        let mut out = Vec::with_capacity(Self::LEN);
        out.extend_from_slice(&self.0.enc.0);
        out.extend_from_slice(&self.0.mac.0);
        SecretBytes::new(out)
    }

    /// Exports the key as standard base64.
    pub fn to_base64(&self) -> SecretString {
        SecretString::new(b64(self.to_bytes().expose()))
    }

    /// Encrypts bytes as a type-2 EncString with a fresh random IV.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<EncString> {
        let mut iv = [0u8; IV_LEN];
        random_bytes(&mut iv)?;
        Ok(self.encrypt_with_iv(iv, plaintext))
    }

    /// Encrypts UTF-8 text (a vault field, a collection name) as type 2.
    pub fn encrypt_str(&self, plaintext: &str) -> Result<EncString> {
        self.encrypt(plaintext.as_bytes())
    }

    pub(crate) fn encrypt_with_iv(&self, iv: [u8; IV_LEN], plaintext: &[u8]) -> EncString {
        let data = self.0.enc.cbc_encrypt(&iv, plaintext);
        let mac = self.0.mac.tag(&iv, &data);
        EncString::AesCbc256HmacSha256B64 { iv, data, mac }
    }

    /// Decrypts a type-2 EncString. The MAC is verified in constant time
    /// before any decryption happens.
    pub fn decrypt(&self, enc: &EncString) -> Result<SecretBytes> {
        match enc {
            EncString::AesCbc256HmacSha256B64 { iv, data, mac } => {
                if !self.0.mac.verify(iv, data, mac) {
                    return Err(CryptoError::DecryptionFailed);
                }
                self.0.enc.cbc_decrypt(iv, data)
            }
            other => Err(symmetric_type_error(other)),
        }
    }

    /// Decrypts a type-2 EncString holding UTF-8 text.
    pub fn decrypt_to_string(&self, enc: &EncString) -> Result<SecretString> {
        self.decrypt(enc)?.into_string()
    }

    /// Wraps another symmetric key (type 2), e.g. a client org key under the
    /// provider key or a cipher key under the org key.
    pub fn wrap_key(&self, key: &SymmetricKey) -> Result<EncString> {
        self.encrypt(key.to_bytes().expose())
    }

    /// Opens a key wrapped with [`SymmetricKey::wrap_key`].
    pub fn unwrap_key(&self, wrapped: &EncString) -> Result<SymmetricKey> {
        Self::from_bytes(self.decrypt(wrapped)?.expose())
    }

    /// Encrypts an RSA private key's PKCS#8 DER (type 2), as stored for users
    /// (under the user key) and organizations (under the org key).
    pub fn wrap_private_key(&self, key: &RsaPrivateKey) -> Result<EncString> {
        self.encrypt(key.to_pkcs8_der()?.expose())
    }

    /// Opens an RSA private key stored with [`SymmetricKey::wrap_private_key`].
    pub fn unwrap_private_key(&self, wrapped: &EncString) -> Result<RsaPrivateKey> {
        RsaPrivateKey::from_pkcs8_der(self.decrypt(wrapped)?.expose())
    }

    /// Encrypts a file body (attachment, file Send) to the binary
    /// EncArrayBuffer form `0x02 || iv || mac || ct`.
    pub fn encrypt_buffer(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.encrypt(plaintext)?.to_enc_array_buffer()
    }

    /// Decrypts an EncArrayBuffer produced by Bitwarden clients.
    pub fn decrypt_buffer(&self, buf: &[u8]) -> Result<SecretBytes> {
        self.decrypt(&EncString::from_enc_array_buffer(buf)?)
    }
}

pub(crate) fn symmetric_type_error(enc: &EncString) -> CryptoError {
    match enc.enc_type() {
        0 => CryptoError::UnsupportedEncryption {
            enc_type: 0,
            hint: "type 0 has no MAC and is accepted only for a legacy protected user key (MasterKey::decrypt_user_key)",
        },
        1 => CryptoError::UnsupportedEncryption {
            enc_type: 1,
            hint: "AES-128-CBC (type 1) is obsolete and not supported by Bitwarden clients",
        },
        7 => CryptoError::UnsupportedEncryption {
            enc_type: 7,
            hint: "COSE (type 7) belongs to \"encryption v2\" accounts, which this version cannot open",
        },
        t => CryptoError::WrongKeyKind {
            enc_type: t,
            needed: "an RSA private key",
        },
    }
}

impl std::fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypt_then_decrypt() {
        let k = SymmetricKey::generate().unwrap();
        for len in [0, 1, 15, 16, 17, 100, 1000] {
            let pt = vec![7u8; len];
            let e = k.encrypt(&pt).unwrap();
            assert_eq!(k.decrypt(&e).unwrap().expose(), &pt[..]);
            let buf = k.encrypt_buffer(&pt).unwrap();
            assert_eq!(k.decrypt_buffer(&buf).unwrap().expose(), &pt[..]);
        }
    }

    #[test]
    fn wrong_key_and_wrong_type_fail() {
        let k = SymmetricKey::generate().unwrap();
        let other = SymmetricKey::generate().unwrap();
        let e = k.encrypt(b"x").unwrap();
        assert_eq!(
            other.decrypt(&e).unwrap_err(),
            CryptoError::DecryptionFailed
        );
        let rsa = EncString::Rsa2048OaepSha1B64 { data: vec![0; 256] };
        assert!(matches!(
            k.decrypt(&rsa),
            Err(CryptoError::WrongKeyKind { enc_type: 4, .. })
        ));
    }

    #[test]
    fn key_lengths() {
        assert!(SymmetricKey::from_bytes(&[0; 64]).is_ok());
        assert!(matches!(
            SymmetricKey::from_bytes(&[0; 32]),
            Err(CryptoError::InvalidKey { .. })
        ));
        assert!(matches!(
            SymmetricKey::from_bytes(&[0; 70]),
            Err(CryptoError::UnsupportedEncryption { .. })
        ));
        assert!(SymmetricKey::from_bytes(&[]).is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let k = SymmetricKey::from_bytes(&[0x41; 64]).unwrap();
        let s = format!("{k:?}");
        assert!(!s.contains("QUFB") && !s.contains("65"));
    }
}
