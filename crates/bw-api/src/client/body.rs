//! Reading answers with a size cap.
//!
//! Bodies are read chunk by chunk after reqwest's streaming gzip decoder, so
//! the cap bounds the memory an answer can take however well it compresses
//! (a few hundred KB of gzip can inflate to gigabytes). A `Content-Length`
//! over the cap is refused before reading anything.

use super::error::ApiError;
use reqwest::Response;

/// The most an error answer is read: enough for any message a server means
/// to show; the rest is dropped, not an error.
pub const ERROR_BODY_CAP: usize = 64 * 1024;

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Over the cap (announced or counted). Not retried: the same request
    /// gets the same answer.
    TooLarge,
    /// The server stopped sending for longer than the read timeout, or the
    /// whole request ran past its total timeout.
    TimedOut,
    /// The transfer broke (connection reset, a truncated or corrupt gzip
    /// stream); the text says how.
    Broken(String),
}

impl BodyError {
    /// The error a caller sees for an answer to `what`.
    pub(crate) fn into_api_error(self, what: &str, cap: usize) -> ApiError {
        match self {
            BodyError::TooLarge => ApiError::decode(
                what,
                "",
                &format!(
                    "it is larger than {}, the most this client reads",
                    human_size(cap)
                ),
            ),
            BodyError::TimedOut => {
                ApiError::Offline(format!("the answer to {what} did not arrive in time"))
            }
            BodyError::Broken(cause) => ApiError::Offline(format!(
                "the answer to {what} was cut off: {}",
                super::error::clean_server_text(&cause, super::error::MAX_MESSAGE_CHARS)
            )),
        }
    }
}

/// The whole body, or an error as soon as it is known to exceed `cap` bytes.
pub(crate) async fn read_capped(mut response: Response, cap: usize) -> Result<Vec<u8>, BodyError> {
    let announced = response.content_length();
    if announced.is_some_and(|len| len > cap as u64) {
        return Err(BodyError::TooLarge);
    }
    // Reserve what was announced (already known to be within the cap), but
    // not more than a little: the announcement may be a lie.
    let reserve = announced
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(0)
        .min(1024 * 1024);
    let mut body = Vec::with_capacity(reserve);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if chunk.len() > cap.saturating_sub(body.len()) {
                    return Err(BodyError::TooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => return Err(BodyError::TimedOut),
            Err(e) => return Err(BodyError::Broken(super::reqwest_error_text(&e))),
        }
    }
}

/// An error answer's text, at most `cap` bytes of it; a transfer that breaks
/// midway keeps what arrived (the status already says what happened).
pub(crate) async fn read_truncated(mut response: Response, cap: usize) -> String {
    let mut body = Vec::new();
    while body.len() < cap {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// JSON from a body, tolerating the UTF-8 byte-order mark some proxies add:
/// a `serde_json::Value`, a `RawValue` (checked to be well-formed, no tree
/// built) or a list answer's shape.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, serde_json::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes)
}

/// `64 MiB`, `64 KiB` or `1000 bytes`.
fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_size(64 * 1024), "64 KiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }

    #[test]
    fn too_large_is_a_permanent_decode_error_naming_the_limit() {
        let error = BodyError::TooLarge.into_api_error("sync", 64 * 1024 * 1024);
        assert!(!error.is_transient());
        assert_eq!(
            error.to_string(),
            "the server's answer to sync is unusable: it is larger than 64 MiB, the most this client reads"
        );
        assert!(BodyError::TimedOut.into_api_error("sync", 1).is_transient());
    }

    #[test]
    fn json_with_a_byte_order_mark() {
        assert_eq!(
            parse_json::<serde_json::Value>(b"\xEF\xBB\xBF[1]").unwrap(),
            serde_json::json!([1])
        );
        assert!(parse_json::<serde_json::Value>(b"\xEF\xBB").is_err());
        assert_eq!(
            parse_json::<Box<serde_json::value::RawValue>>(b"\xEF\xBB\xBF [1, 2] ")
                .unwrap()
                .get(),
            "[1, 2]"
        );
        assert!(parse_json::<Box<serde_json::value::RawValue>>(b"[1,").is_err());
        assert!(parse_json::<Box<serde_json::value::RawValue>>(b"[1] x").is_err());
    }
}
