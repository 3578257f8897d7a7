//! What can go wrong signing in, unlocking and keeping an account's files,
//! with messages that say what to do. Converted to the `{code, message}`
//! contract at the edge (the cause chain goes to the log).

use crate::error::ErrorCode;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("Enter the email address of your Bitwarden account.")]
    EmailRequired,
    #[error("The server sent no user key for this account.")]
    NoUserKey,
    #[error("The server sent a malformed {what}: {detail}")]
    MalformedKey { what: &'static str, detail: String },
    #[error("The master password does not open this account's keys ({0}).")]
    PasswordDoesNotOpenKeys(bw_crypto::CryptoError),
    #[error("The master password is incorrect.")]
    WrongPassword,
    #[error("The server asked for unsafe key settings: {0}")]
    UnsafeKdf(bw_crypto::CryptoError),
    #[error("The saved account has unusable key settings: {0}; sign in again.")]
    SavedKdfUnusable(bw_crypto::CryptoError),
    #[error("You logged out of this account; sign in again.")]
    LoggedOut,
    #[error("The session key is not valid any more; unlock again with the master password.")]
    SessionKeyInvalid,
    #[error("Unlock the account first, then log out.")]
    NotUnlocked,
    #[error("No signed-in account matches; sign in first.")]
    NoSuchAccount,
    #[error("Several accounts match; use the account id.")]
    SeveralAccounts,
    #[error("This account is not signed in on this computer.")]
    NotSignedIn,
    #[error("This account was saved by a newer Provider Desk; update Provider Desk.")]
    SavedByNewerVersion,
    #[error("The saved {0} is damaged; sign in again to rebuild it.")]
    Damaged(&'static str),
    #[error("The account file {path} belongs to another account.")]
    ForeignRecord { path: PathBuf },
    #[error("The built-in demo sandbox is not running.")]
    DemoNotRunning,
    #[error(
        "{host} uses plain http://, so your password hash and tokens would cross the network unencrypted. Use its https:// address, or confirm plain http:// for this server (in pdesk: --allow-http)."
    )]
    PlainHttp { host: String },
    #[error("Cannot use {path}: {source}. Check the folder's permissions and free space.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("A key could not be made or wrapped on this computer: {0}")]
    LocalCrypto(bw_crypto::CryptoError),
    #[error("The key derivation stopped unexpectedly: {0}")]
    Task(String),
}

impl SessionError {
    pub fn code(&self) -> ErrorCode {
        use SessionError::*;
        match self {
            EmailRequired
            | PasswordDoesNotOpenKeys(_)
            | WrongPassword
            | SeveralAccounts
            | PlainHttp { .. } => ErrorCode::InvalidInput,
            NoUserKey | MalformedKey { .. } | UnsafeKdf(_) => ErrorCode::ServerError,
            LoggedOut => ErrorCode::AuthExpired,
            SessionKeyInvalid | NotUnlocked => ErrorCode::Locked,
            NoSuchAccount | NotSignedIn => ErrorCode::NotFound,
            SavedByNewerVersion => ErrorCode::CacheIncompatible,
            DemoNotRunning => ErrorCode::Offline,
            SavedKdfUnusable(_)
            | Damaged(_)
            | ForeignRecord { .. }
            | Io { .. }
            | LocalCrypto(_)
            | Task(_) => ErrorCode::Internal,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SessionError::Io {
            path: path.into(),
            source,
        }
    }
}

crate::error::into_app_error!(SessionError);
