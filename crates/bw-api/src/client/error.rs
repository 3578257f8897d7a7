//! What can go wrong talking to a Bitwarden server, classified for callers.

use std::time::Duration;

/// The two-step login methods a server offers (provider numbers as on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TwoFactorMethod {
    Authenticator,
    Email,
    Duo,
    YubiKey,
    WebAuthn,
    OrganizationDuo,
    Other(u8),
}

impl TwoFactorMethod {
    pub fn from_wire(n: u8) -> Self {
        match n {
            0 => Self::Authenticator,
            1 => Self::Email,
            2 => Self::Duo,
            3 => Self::YubiKey,
            6 => Self::OrganizationDuo,
            7 => Self::WebAuthn,
            other => Self::Other(other),
        }
    }

    pub fn wire(self) -> u8 {
        match self {
            Self::Authenticator => 0,
            Self::Email => 1,
            Self::Duo => 2,
            Self::YubiKey => 3,
            Self::OrganizationDuo => 6,
            Self::WebAuthn => 7,
            Self::Other(n) => n,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    #[error("two-step login is required")]
    TwoFactorRequired {
        methods: Vec<TwoFactorMethod>,
        /// The redacted address the email code goes to, when Email is offered.
        email_hint: Option<String>,
    },
    #[error("the server emailed a new-device verification code; enter it to continue")]
    NewDeviceOtpRequired,
    #[error("{0}")]
    InvalidCredentials(String),
    #[error("the session has expired; sign in again")]
    AuthExpired,
    #[error("the server is rate limiting requests; try again {}", retry_hint(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    #[error("the server refused this for your account: {0}")]
    Forbidden(String),
    #[error("not found (or not allowed for your account): {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("the server rejected the request: {0}")]
    BadRequest(String),
    #[error("the server failed (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    #[error("the server's answer to {what} is not what Bitwarden sends, at {path}: {detail}")]
    Decode {
        what: String,
        path: String,
        detail: String,
    },
    #[error("{0}")]
    Unsupported(String),
    #[error("invalid server address: {0}")]
    InvalidUrl(String),
    #[error("cannot set up HTTPS: {0}")]
    Tls(String),
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!("in {} s", d.as_secs().max(1)),
        None => "later".to_owned(),
    }
}
