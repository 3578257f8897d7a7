//! The one error type of the crate.
//!
//! Messages say what went wrong and what to check, and never contain key
//! material, plaintext or passwords.

/// Everything that can go wrong in `bw-crypto`.
///
/// Decryption failures are deliberately uninformative (like Bitwarden's own
/// "decryption operation failed"): telling a caller *which* check failed would
/// help an attacker who tampers with ciphertexts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The text is not an EncString of a known shape.
    #[error("not a valid EncString: {reason}")]
    InvalidEncString {
        /// Which rule the text broke (no data from the text itself).
        reason: &'static str,
    },

    /// A recognised format this crate cannot decrypt (type 1, COSE type 7,
    /// V2 account keys, blob ciphers).
    #[error("unsupported encryption (type {enc_type}): {hint}")]
    UnsupportedEncryption {
        /// The EncString type number (or 255 for formats without one).
        enc_type: u8,
        /// What the format is and what to do about it.
        hint: &'static str,
    },

    /// The key does not fit the EncString type, e.g. an RSA type-4 string
    /// given to a symmetric key.
    #[error("wrong kind of key: EncString type {enc_type} needs {needed}")]
    WrongKeyKind {
        /// The EncString type that was given.
        enc_type: u8,
        /// The kind of key that type needs.
        needed: &'static str,
    },

    /// MAC mismatch, wrong key, bad padding or bad RSA ciphertext.
    #[error("decryption failed: wrong key or tampered data (the MAC or padding did not verify)")]
    DecryptionFailed,

    /// Key bytes of the wrong length or shape.
    #[error("invalid key: {reason}")]
    InvalidKey {
        /// What was wrong with the key.
        reason: &'static str,
    },

    /// KDF parameters below what Bitwarden clients accept at login; a
    /// malicious server could send such values to weaken the master key.
    #[error(
        "KDF {parameter} = {value} is below the minimum {minimum} that clients accept; refusing (possible downgrade by the server)"
    )]
    KdfBelowMinimum {
        /// Which parameter.
        parameter: &'static str,
        /// The value received.
        value: u32,
        /// The lowest accepted value.
        minimum: u32,
    },

    /// KDF parameters outside the range the Bitwarden server allows.
    #[error("KDF {parameter} = {value} is outside the allowed range {minimum}..={maximum}")]
    KdfOutOfRange {
        /// Which parameter.
        parameter: &'static str,
        /// The value received.
        value: u32,
        /// Lowest allowed value.
        minimum: u32,
        /// Highest allowed value.
        maximum: u32,
    },

    /// A KDF type number or parameter combination that does not exist.
    #[error("invalid KDF settings: {reason}")]
    InvalidKdf {
        /// What is missing or unknown.
        reason: &'static str,
    },

    /// Decrypted bytes were expected to be UTF-8 text.
    #[error("decrypted data is not UTF-8 text; it is probably a key or binary value")]
    InvalidUtf8,

    /// A base64 field could not be decoded.
    #[error("invalid base64 in {what}")]
    InvalidBase64 {
        /// Which field.
        what: &'static str,
    },

    /// RSA key parsing, encoding or generation failed.
    #[error("RSA: {reason}")]
    Rsa {
        /// What failed.
        reason: &'static str,
    },

    /// A GUID was not in the `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` form.
    #[error("invalid GUID: expected 32 hex digits in 8-4-4-4-12 groups")]
    InvalidGuid,

    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
}

/// Result alias used across the crate.
pub type Result<T, E = CryptoError> = std::result::Result<T, E>;
