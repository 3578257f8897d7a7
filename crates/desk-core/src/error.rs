//! The one error contract every front end sees.
//!
//! Over IPC it serializes as `{ "code": "...", "message": "..." }`. `code` is a
//! closed set the UI branches on (show the unlock screen for `locked`, offer a
//! retry for `offline`...); `message` is for people and never holds a secret.

use serde::Serialize;
use specta::Type;
use std::fmt;

/// What kind of failure happened, as far as a front end needs to know.
///
/// Closed on purpose: adding a code is a contract change that the generated
/// TypeScript and the UI's exhaustive `switch` statements must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The server cannot be reached; the snapshot is still readable.
    Offline,
    /// The session is locked: keys are gone until the master password is entered.
    Locked,
    /// The server no longer accepts our tokens; sign in again.
    AuthExpired,
    /// The server asks for a two-step login code.
    TwoFactorRequired,
    /// The server emailed a new-device verification code and wants it back.
    NewDeviceOtpRequired,
    /// The server's (or our own) rate budget is exhausted; try later.
    RateLimited,
    /// The server refused the action for this account.
    Forbidden,
    /// The thing does not exist, or the server hides it from this account.
    NotFound,
    /// The change conflicts with the current state on the server.
    Conflict,
    /// The request was rejected as malformed or out of range.
    InvalidInput,
    /// The server failed or answered something we cannot understand.
    ServerError,
    /// The local snapshot was written by a newer Provider Desk.
    CacheIncompatible,
    /// A bug or an environment problem on this machine (disk, permissions).
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (for exhaustive tests and docs).
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::Offline,
        ErrorCode::Locked,
        ErrorCode::AuthExpired,
        ErrorCode::TwoFactorRequired,
        ErrorCode::NewDeviceOtpRequired,
        ErrorCode::RateLimited,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::InvalidInput,
        ErrorCode::ServerError,
        ErrorCode::CacheIncompatible,
        ErrorCode::Internal,
    ];

    /// The wire spelling, identical to the serialized form.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Offline => "offline",
            ErrorCode::Locked => "locked",
            ErrorCode::AuthExpired => "auth_expired",
            ErrorCode::TwoFactorRequired => "two_factor_required",
            ErrorCode::NewDeviceOtpRequired => "new_device_otp_required",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::ServerError => "server_error",
            ErrorCode::CacheIncompatible => "cache_incompatible",
            ErrorCode::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure as shown to a person: a code to branch on and a message to read.
///
/// Library crates keep their own `thiserror` enums; they convert into this at
/// the edge of the core, choosing the code and writing a message that says
/// what to do. Messages must never contain passwords, hashes, tokens or keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message} ({code})")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

impl From<bw_api::client::ApiError> for AppError {
    fn from(error: bw_api::client::ApiError) -> Self {
        use bw_api::client::ApiError as E;
        let code = match &error {
            E::Offline(_) => ErrorCode::Offline,
            E::TwoFactorRequired { .. } => ErrorCode::TwoFactorRequired,
            E::NewDeviceOtpRequired => ErrorCode::NewDeviceOtpRequired,
            E::InvalidCredentials(_) => ErrorCode::InvalidInput,
            E::AuthExpired => ErrorCode::AuthExpired,
            E::RateLimited { .. } => ErrorCode::RateLimited,
            E::Forbidden(_) | E::Refused => ErrorCode::Forbidden,
            E::NotFound(_) => ErrorCode::NotFound,
            E::Conflict(_) => ErrorCode::Conflict,
            E::BadRequest(_) | E::InvalidUrl(_) => ErrorCode::InvalidInput,
            E::Server { .. } | E::Decode { .. } => ErrorCode::ServerError,
            E::Unsupported(_) => ErrorCode::InvalidInput,
            // The server answered, with a certificate we cannot trust: not
            // "offline", and not a fault of this machine.
            E::Tls(_) => ErrorCode::ServerError,
        };
        AppError::new(code, error.to_string())
    }
}

impl AppError {
    /// A feature's error as the contract carries it: its code, its message,
    /// and its cause chain written to the log (never to the front end).
    pub fn from_error(code: ErrorCode, error: &dyn std::error::Error) -> Self {
        let message = error.to_string();
        if error.source().is_some() {
            let mut chain = Vec::new();
            let mut source = error.source();
            while let Some(inner) = source {
                chain.push(inner.to_string());
                source = inner.source();
            }
            tracing::debug!(%code, %message, cause = %chain.join(": "), "error");
        }
        AppError::new(code, message)
    }

    /// Data the server sent did not decrypt (a key or item from the server):
    /// the server's fault, or a key that changed there.
    pub fn undecryptable(what: &str, error: bw_crypto::CryptoError) -> Self {
        AppError::new(
            ErrorCode::ServerError,
            format!(
                "the server sent {what} that does not decrypt with this account's keys: {error}"
            ),
        )
    }

    /// Whether trying again later may succeed (the server unreachable, rate
    /// limiting, or failing): the sync keeps old data and the write queue
    /// keeps the change pending; anything else is final.
    pub fn is_transient(&self) -> bool {
        self.code.is_transient()
    }
}

impl ErrorCode {
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Offline | ErrorCode::RateLimited | ErrorCode::ServerError
        )
    }
}

/// `impl From<$ty> for AppError` for a feature's error enum with a
/// `code()`: the one place each enum meets the contract.
macro_rules! into_app_error {
    ($ty:ty) => {
        impl From<$ty> for $crate::error::AppError {
            fn from(error: $ty) -> Self {
                $crate::error::AppError::from_error(error.code(), &error)
            }
        }
    };
}
pub(crate) use into_app_error;

impl From<desk_cache::CacheError> for AppError {
    fn from(error: desk_cache::CacheError) -> Self {
        let code = match &error {
            desk_cache::CacheError::Incompatible { .. } => ErrorCode::CacheIncompatible,
            _ => ErrorCode::Internal,
        };
        AppError::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_as_code_and_message_only() {
        let err = AppError::new(
            ErrorCode::TwoFactorRequired,
            "Enter the code from your authenticator app.",
        );
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({"code": "two_factor_required", "message": "Enter the code from your authenticator app."})
        );
    }

    #[test]
    fn every_code_has_its_documented_wire_name() {
        // The closed set from ARCHITECTURE.md "Errors"; the UI switches on these strings.
        let expected = [
            "offline",
            "locked",
            "auth_expired",
            "two_factor_required",
            "new_device_otp_required",
            "rate_limited",
            "forbidden",
            "not_found",
            "conflict",
            "invalid_input",
            "server_error",
            "cache_incompatible",
            "internal",
        ];
        let wire: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(wire, expected);
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
        }
    }

    #[test]
    fn message_text_is_kept_verbatim_even_if_it_looks_like_markup() {
        // Server strings are hostile; the contract carries them as plain text.
        let err = AppError::internal("<img src=x onerror=alert(1)> \"quoted\"");
        let text = serde_json::to_string(&err).unwrap();
        assert_eq!(
            text,
            r#"{"code":"internal","message":"<img src=x onerror=alert(1)> \"quoted\""}"#
        );
    }

    #[test]
    fn display_names_the_code() {
        let err = AppError::new(ErrorCode::Offline, "The server cannot be reached.");
        assert_eq!(err.to_string(), "The server cannot be reached. (offline)");
    }
}
