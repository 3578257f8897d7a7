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
    /// A refusal without a word: Bitwarden's bare 403 (this account may not
    /// do or see this; which role would, the caller knows better).
    #[error("the server refused this for your account")]
    Refused,
    #[error("not found (or not allowed for your account): {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("the server rejected the request: {0}")]
    BadRequest(String),
    #[error("the server failed (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// An answer we cannot use. `path` says where in it; empty when the
    /// answer as a whole is the problem (e.g. over the size cap).
    #[error("the server's answer to {what} {}", decode_tail(.path, .detail))]
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

fn decode_tail(path: &str, detail: &str) -> String {
    if path.is_empty() {
        format!("is unusable: {detail}")
    } else {
        format!("is not what Bitwarden sends, at {path}: {detail}")
    }
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!("in {} s", d.as_secs().max(1)),
        None => "later".to_owned(),
    }
}

impl ApiError {
    /// Whether the server refused this account the thing asked for: with
    /// its words, without (a bare 403), or as Bitwarden often does, by
    /// saying it is not there (404).
    pub fn is_denied(&self) -> bool {
        matches!(
            self,
            ApiError::NotFound(_) | ApiError::Forbidden(_) | ApiError::Refused
        )
    }

    /// Whether trying the same thing again later may succeed: the network,
    /// the server's rate limit and 5xx failures pass; a refusal, an answer
    /// we cannot read (including one over the size cap), an expired session
    /// or an untrusted certificate stay the same until someone acts.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Offline(_) | ApiError::RateLimited { .. } => true,
            ApiError::Server { status, .. } => (500..600).contains(status),
            ApiError::TwoFactorRequired { .. }
            | ApiError::NewDeviceOtpRequired
            | ApiError::InvalidCredentials(_)
            | ApiError::AuthExpired
            | ApiError::Forbidden(_)
            | ApiError::Refused
            | ApiError::NotFound(_)
            | ApiError::Conflict(_)
            | ApiError::BadRequest(_)
            | ApiError::Decode { .. }
            | ApiError::Unsupported(_)
            | ApiError::InvalidUrl(_)
            | ApiError::Tls(_) => false,
        }
    }

    /// A [`ApiError::Decode`] whose path and detail (both may quote what the
    /// server sent: map keys, string values) are cleaned and bounded.
    pub(crate) fn decode(what: &str, path: &str, detail: &str) -> Self {
        ApiError::Decode {
            what: clean_server_text(what, MAX_MESSAGE_CHARS),
            path: clean_server_text(path, MAX_MESSAGE_CHARS),
            detail: clean_server_text(detail, MAX_MESSAGE_CHARS),
        }
    }
}

/// The longest server-provided text (an error message, a snippet of a body)
/// that goes into an error or a log line, in characters.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Server text made safe to show and log: control characters and the bidi
/// embedding/override/isolate marks (which can make a log line read
/// differently from what it holds) are dropped, whitespace runs (newlines
/// included) become one space, and the result is cut to `max` characters
/// with an ellipsis.
pub(crate) fn clean_server_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            // Leading whitespace is dropped; inner runs collapse to one space.
            pending_space = chars > 0;
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        let needed = usize::from(pending_space) + 1;
        if chars + needed > max {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        chars += needed;
    }
    out
}

/// Unicode's bidirectional formatting characters (LRM/RLM, ALM, the
/// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_cleaned_and_capped() {
        assert_eq!(
            clean_server_text("  a\tb\r\n\u{1b}[31mc\u{7f}  ", 300),
            "a b [31mc"
        );
        // A Trojan-source style override cannot flip how the line reads.
        assert_eq!(
            clean_server_text("ok\u{202E}gnp.exe\u{2066}x\u{2069}\u{200F}", 300),
            "okgnp.exex"
        );
        let long = "é".repeat(10_000);
        let capped = clean_server_text(&long, MAX_MESSAGE_CHARS);
        assert_eq!(capped.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(capped.ends_with('…'));
        assert_eq!(clean_server_text("\u{0}\u{1}", 300), "");
    }

    #[test]
    fn transient_and_permanent_errors() {
        assert!(ApiError::Offline("x".into()).is_transient());
        assert!(ApiError::RateLimited { retry_after: None }.is_transient());
        let server = |status| ApiError::Server {
            status,
            message: String::new(),
        };
        assert!(server(503).is_transient());
        assert!(!server(302).is_transient());
        assert!(!ApiError::decode("sync", "$", "too large").is_transient());
        assert!(!ApiError::Tls("x".into()).is_transient());
        assert!(!ApiError::AuthExpired.is_transient());
        assert!(!ApiError::Conflict("x".into()).is_transient());
    }
}
