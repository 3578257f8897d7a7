//! The EncString wire format (`<type>.<b64>|<b64>|…`) and the binary
//! EncArrayBuffer form of type 0 and 2.
//!
//! Parsing only checks the shape; which key opens an EncString is decided by
//! [`SymmetricKey::decrypt`](crate::SymmetricKey::decrypt),
//! [`RsaPrivateKey::decrypt`](crate::RsaPrivateKey::decrypt) and
//! [`MasterKey::decrypt_user_key`](crate::MasterKey::decrypt_user_key).

use std::fmt;
use std::str::FromStr;

use crate::util::{b64, from_b64};
use crate::{CryptoError, Result};

/// Length of an AES-CBC IV.
pub const IV_LEN: usize = 16;
/// Length of an HMAC-SHA256 tag.
pub const MAC_LEN: usize = 32;

/// One encrypted value as Bitwarden stores and sends it.
///
/// Every type Bitwarden has defined parses, so a sync response with a field
/// this crate cannot decrypt still loads; decrypting such a field reports
/// [`CryptoError::UnsupportedEncryption`]. IV and MAC are fixed-size arrays,
/// so a value of this type always has well-formed lengths for them.
#[derive(Clone, PartialEq, Eq)]
pub enum EncString {
    /// Type 0: AES-256-CBC without MAC. Only valid for very old protected user
    /// keys (opened with the raw master key).
    AesCbc256B64 {
        /// CBC IV.
        iv: [u8; IV_LEN],
        /// Ciphertext.
        data: Vec<u8>,
    },
    /// Type 1: AES-128-CBC with HMAC. Obsolete; never decrypted.
    AesCbc128HmacSha256B64 {
        /// CBC IV.
        iv: [u8; IV_LEN],
        /// Ciphertext.
        data: Vec<u8>,
        /// HMAC tag.
        mac: [u8; MAC_LEN],
    },
    /// Type 2: AES-256-CBC then HMAC-SHA256 over `iv || data`. The current
    /// symmetric format.
    AesCbc256HmacSha256B64 {
        /// CBC IV.
        iv: [u8; IV_LEN],
        /// Ciphertext.
        data: Vec<u8>,
        /// HMAC-SHA256 tag over `iv || data`.
        mac: [u8; MAC_LEN],
    },
    /// Type 3: RSA-OAEP with SHA-256 (decrypt only).
    Rsa2048OaepSha256B64 {
        /// RSA ciphertext.
        data: Vec<u8>,
    },
    /// Type 4: RSA-OAEP with SHA-1. The current asymmetric format.
    Rsa2048OaepSha1B64 {
        /// RSA ciphertext.
        data: Vec<u8>,
    },
    /// Type 5: RSA-OAEP-SHA256 with a MAC part that Bitwarden ignores.
    Rsa2048OaepSha256HmacSha256B64 {
        /// RSA ciphertext.
        data: Vec<u8>,
        /// Ignored MAC part, kept so the value formats back unchanged.
        mac: Vec<u8>,
    },
    /// Type 6: RSA-OAEP-SHA1 with a MAC part that Bitwarden ignores.
    Rsa2048OaepSha1HmacSha256B64 {
        /// RSA ciphertext.
        data: Vec<u8>,
        /// Ignored MAC part, kept so the value formats back unchanged.
        mac: Vec<u8>,
    },
    /// Type 7: COSE_Encrypt0 of V2 ("encryption v2") accounts. Recognised,
    /// not decrypted.
    CoseEncrypt0B64 {
        /// The COSE message.
        data: Vec<u8>,
    },
}

impl EncString {
    /// The numeric type as on the wire.
    pub fn enc_type(&self) -> u8 {
        match self {
            Self::AesCbc256B64 { .. } => 0,
            Self::AesCbc128HmacSha256B64 { .. } => 1,
            Self::AesCbc256HmacSha256B64 { .. } => 2,
            Self::Rsa2048OaepSha256B64 { .. } => 3,
            Self::Rsa2048OaepSha1B64 { .. } => 4,
            Self::Rsa2048OaepSha256HmacSha256B64 { .. } => 5,
            Self::Rsa2048OaepSha1HmacSha256B64 { .. } => 6,
            Self::CoseEncrypt0B64 { .. } => 7,
        }
    }

    /// Whether this is one of the RSA types (3–6), opened by a private key.
    pub fn is_asymmetric(&self) -> bool {
        matches!(self.enc_type(), 3..=6)
    }

    /// Parses the binary "EncArrayBuffer" form used for attachment and file
    /// Send bodies: `0x02 || iv || mac || ct` (or `0x00 || iv || ct`).
    pub fn from_enc_array_buffer(buf: &[u8]) -> Result<Self> {
        let invalid = |reason| CryptoError::InvalidEncString { reason };
        let (&ty, rest) = buf.split_first().ok_or(invalid("empty EncArrayBuffer"))?;
        match ty {
            0 => {
                if rest.len() <= IV_LEN {
                    return Err(invalid(
                        "EncArrayBuffer type 0 is shorter than IV + one block",
                    ));
                }
                let (iv, data) = rest.split_at(IV_LEN);
                Ok(Self::AesCbc256B64 {
                    iv: to_array(iv)?,
                    data: data.to_vec(),
                })
            }
            2 => {
                if rest.len() <= IV_LEN + MAC_LEN {
                    return Err(invalid(
                        "EncArrayBuffer type 2 is shorter than IV + MAC + one block",
                    ));
                }
                let (iv, rest) = rest.split_at(IV_LEN);
                let (mac, data) = rest.split_at(MAC_LEN);
                Ok(Self::AesCbc256HmacSha256B64 {
                    iv: to_array(iv)?,
                    mac: to_array(mac)?,
                    data: data.to_vec(),
                })
            }
            1 | 3..=7 => Err(CryptoError::UnsupportedEncryption {
                enc_type: ty,
                hint: "EncArrayBuffer exists only for types 0 and 2",
            }),
            _ => Err(invalid("unknown EncArrayBuffer type byte")),
        }
    }

    /// The binary "EncArrayBuffer" form; only types 0 and 2 have one.
    pub fn to_enc_array_buffer(&self) -> Result<Vec<u8>> {
        match self {
            Self::AesCbc256B64 { iv, data } => {
                let mut out = Vec::with_capacity(1 + IV_LEN + data.len());
                out.push(0);
                out.extend_from_slice(iv);
                out.extend_from_slice(data);
                Ok(out)
            }
            Self::AesCbc256HmacSha256B64 { iv, data, mac } => {
                let mut out = Vec::with_capacity(1 + IV_LEN + MAC_LEN + data.len());
                out.push(2);
                out.extend_from_slice(iv);
                out.extend_from_slice(mac);
                out.extend_from_slice(data);
                Ok(out)
            }
            other => Err(CryptoError::UnsupportedEncryption {
                enc_type: other.enc_type(),
                hint: "EncArrayBuffer exists only for types 0 and 2",
            }),
        }
    }
}

fn to_array<const N: usize>(bytes: &[u8]) -> Result<[u8; N]> {
    bytes.try_into().map_err(|_| CryptoError::InvalidEncString {
        reason: "IV must be 16 bytes and MAC 32 bytes",
    })
}

fn decode_part(part: &str) -> Result<Vec<u8>> {
    if part.is_empty() {
        return Err(CryptoError::InvalidEncString {
            reason: "empty part",
        });
    }
    from_b64(part, "EncString part")
}

impl FromStr for EncString {
    type Err = CryptoError;

    fn from_str(s: &str) -> Result<Self> {
        let invalid = |reason| CryptoError::InvalidEncString { reason };
        let (enc_type, body) = match s.split_once('.') {
            Some((header, body)) => {
                if header.is_empty()
                    || header.len() > 3
                    || !header.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(invalid("the type header before '.' must be a number"));
                }
                let ty: u16 = header
                    .parse()
                    .map_err(|_| invalid("the type header before '.' must be a number"))?;
                (ty, body)
            }
            // Very old data has no header: 2 parts are type 0, 3 parts type 1.
            None => match s.split('|').count() {
                2 => (0, s),
                3 => (1, s),
                _ => return Err(invalid("no type header and not 2 or 3 parts")),
            },
        };
        let parts: Vec<&str> = body.split('|').collect();
        let need_parts = |n: usize| {
            if parts.len() == n {
                Ok(())
            } else {
                Err(invalid("wrong number of '|' separated parts for this type"))
            }
        };
        let value = match enc_type {
            0 => {
                need_parts(2)?;
                Self::AesCbc256B64 {
                    iv: to_array(&decode_part(parts[0])?)?,
                    data: decode_part(parts[1])?,
                }
            }
            1 | 2 => {
                need_parts(3)?;
                let iv = to_array(&decode_part(parts[0])?)?;
                let data = decode_part(parts[1])?;
                let mac = to_array(&decode_part(parts[2])?)?;
                if enc_type == 1 {
                    Self::AesCbc128HmacSha256B64 { iv, data, mac }
                } else {
                    Self::AesCbc256HmacSha256B64 { iv, data, mac }
                }
            }
            3 | 4 | 7 => {
                need_parts(1)?;
                let data = decode_part(parts[0])?;
                match enc_type {
                    3 => Self::Rsa2048OaepSha256B64 { data },
                    4 => Self::Rsa2048OaepSha1B64 { data },
                    _ => Self::CoseEncrypt0B64 { data },
                }
            }
            5 | 6 => {
                need_parts(2)?;
                let data = decode_part(parts[0])?;
                let mac = decode_part(parts[1])?;
                if enc_type == 5 {
                    Self::Rsa2048OaepSha256HmacSha256B64 { data, mac }
                } else {
                    Self::Rsa2048OaepSha1HmacSha256B64 { data, mac }
                }
            }
            other => {
                return Err(CryptoError::UnsupportedEncryption {
                    enc_type: u8::try_from(other).unwrap_or(u8::MAX),
                    hint: "unknown EncString type; a newer Bitwarden format this version does not know",
                });
            }
        };
        Ok(value)
    }
}

impl fmt::Display for EncString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.", self.enc_type())?;
        match self {
            Self::AesCbc256B64 { iv, data } => write!(f, "{}|{}", b64(iv), b64(data)),
            Self::AesCbc128HmacSha256B64 { iv, data, mac }
            | Self::AesCbc256HmacSha256B64 { iv, data, mac } => {
                write!(f, "{}|{}|{}", b64(iv), b64(data), b64(mac))
            }
            Self::Rsa2048OaepSha256B64 { data }
            | Self::Rsa2048OaepSha1B64 { data }
            | Self::CoseEncrypt0B64 { data } => f.write_str(&b64(data)),
            Self::Rsa2048OaepSha256HmacSha256B64 { data, mac }
            | Self::Rsa2048OaepSha1HmacSha256B64 { data, mac } => {
                write!(f, "{}|{}", b64(data), b64(mac))
            }
        }
    }
}

impl fmt::Debug for EncString {
    // Ciphertext is not secret, but whole strings make logs unreadable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = match self {
            Self::AesCbc256B64 { data, .. }
            | Self::AesCbc128HmacSha256B64 { data, .. }
            | Self::AesCbc256HmacSha256B64 { data, .. }
            | Self::Rsa2048OaepSha256B64 { data }
            | Self::Rsa2048OaepSha1B64 { data }
            | Self::Rsa2048OaepSha256HmacSha256B64 { data, .. }
            | Self::Rsa2048OaepSha1HmacSha256B64 { data, .. }
            | Self::CoseEncrypt0B64 { data } => data.len(),
        };
        write!(
            f,
            "EncString(type {}, {} ciphertext bytes)",
            self.enc_type(),
            len
        )
    }
}

impl serde::Serialize for EncString {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for EncString {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = EncString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an EncString such as \"2.<iv>|<ct>|<mac>\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<EncString, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE2: &str = "2.2NokAMS6llUxk26oueMqrA==|6k0QD71SJLy2WEBDkV4esiTrgkP/z7eoSedSesGLGYE=|PE4sb0jpAwZW+tnyPuW43eeWvSxjvdw3xMJlPGbDlYI=";

    #[test]
    fn type2_round_trips_through_text_and_buffer() {
        let e: EncString = TYPE2.parse().unwrap();
        assert_eq!(e.enc_type(), 2);
        assert_eq!(e.to_string(), TYPE2);
        let buf = e.to_enc_array_buffer().unwrap();
        assert_eq!(EncString::from_enc_array_buffer(&buf).unwrap(), e);
    }

    #[test]
    fn headerless_strings_are_legacy_types() {
        let e: EncString = "AAAAAAAAAAAAAAAAAAAAAA==|AAAAAAAAAAAAAAAAAAAAAA=="
            .parse()
            .unwrap();
        assert_eq!(e.enc_type(), 0);
        let e: EncString = TYPE2.trim_start_matches("2.").parse().unwrap();
        assert_eq!(e.enc_type(), 1);
    }

    #[test]
    fn shape_errors_are_reported() {
        for bad in [
            "",
            "2.",
            "2.a|b",
            "x.AAAA",
            "2.AAAA|AAAA|AAAA",
            "9.AAAA",
            "4.AAAA|AAAA",
            "2..|.|.",
        ] {
            assert!(bad.parse::<EncString>().is_err(), "{bad}");
        }
        assert!(matches!(
            "9.AAAA".parse::<EncString>(),
            Err(CryptoError::UnsupportedEncryption { enc_type: 9, .. })
        ));
    }

    #[test]
    fn serde_is_the_text_form() {
        let e: EncString = TYPE2.parse().unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, format!("\"{TYPE2}\""));
        let back: EncString = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert!(serde_json::from_str::<EncString>("\"nope\"").is_err());
    }
}
