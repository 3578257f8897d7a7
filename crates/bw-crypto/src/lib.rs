//! Bitwarden's client-side cryptography: KDFs, master-password hashes, key
//! stretching, EncStrings, RSA key wrapping, Send keys and fingerprints.
//!
//! Pure functions over bytes, no I/O. Specification:
//! `shared/reference/bitwarden-crypto.md`; proven against vectors made by
//! Bitwarden's own `bitwarden-crypto` crate (`tests/vectors.rs`).
//!
//! The key hierarchy of a provider user, and where each step lives:
//!
//! ```text
//! password + salt + Kdf ──MasterKey::derive──▶ MasterKey ──server_hash──▶ login
//!                                               │ stretch / decrypt_user_key
//!                                               ▼
//!                                            user key (SymmetricKey)
//!                                               │ unwrap_private_key
//!                                               ▼
//!                                            RsaPrivateKey ──decapsulate──▶ org key, provider key
//!                                                                             │ client_org::unwrap_org_key
//!                                                                             ▼
//!                                                                      client org key ──decrypt──▶ fields
//! ```
//!
//! Key types wipe themselves on drop, print as `<redacted>`, are not
//! `Serialize`, and are not `Clone` (export explicitly with `to_bytes`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod account;
mod asymmetric;
pub mod cipher;
pub mod client_org;
pub mod collection;
mod enc_string;
mod error;
pub mod fingerprint;
pub mod hazmat;
mod kdf;
mod master_key;
mod pbkdf2_sha256;
pub mod recovery;
mod secret;
pub mod send;
mod symmetric;
pub mod totp;
mod util;

pub use asymmetric::{OaepHash, RsaPrivateKey, RsaPublicKey};
pub use enc_string::{EncString, IV_LEN, MAC_LEN};
pub use error::{CryptoError, Result};
pub use kdf::{Kdf, normalize_salt};
pub use master_key::MasterKey;
pub use secret::{SecretBytes, SecretString};
pub use symmetric::SymmetricKey;
