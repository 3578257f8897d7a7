//! Bitwarden's client-side cryptography: KDFs, master-password hashes, key
//! stretching, EncStrings, RSA key wrapping, Send keys and fingerprints.
//!
//! Pure functions over bytes, no I/O. Specification:
//! `shared/reference/bitwarden-crypto.md`.
