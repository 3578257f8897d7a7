//! Small helpers shared by the modules.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngCore as _;

use crate::{CryptoError, Result};

/// Standard base64 with padding, the encoding of every `*_b64` field.
pub(crate) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard, padded base64; `what` names the field in the error.
pub(crate) fn from_b64(text: &str, what: &'static str) -> Result<Vec<u8>> {
    STANDARD
        .decode(text)
        .map_err(|_| CryptoError::InvalidBase64 { what })
}

/// URL-safe base64 without padding (Send fragments and access ids).
pub(crate) fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Fills `buf` from the operating system's CSPRNG.
pub(crate) fn random_bytes(buf: &mut [u8]) -> Result<()> {
    rand::rngs::OsRng
        .try_fill_bytes(buf)
        .map_err(|_| CryptoError::Random)
}
