//! The offline snapshot: one encrypted SQLite file per account.
//!
//! SQLCipher encrypts every page with a random 256-bit cache key that only the
//! unlocked core knows (it is stored wrapped by the user key, outside this
//! crate). Without the key the file is indistinguishable from noise; with the
//! wrong key opening fails with [`CacheError::WrongKey`]. No network here.
//!
//! The schema is a compatibility contract: a snapshot written by a newer
//! Provider Desk is refused with [`CacheError::Incompatible`], and the file is
//! copied aside before an older one is migrated.

mod key;
mod rows;
mod snapshot;

pub use key::CacheKey;
pub use rows::*;
pub use snapshot::{ChangeKind, ChangeRow, EventQuery, ProviderEventQuery};
pub use snapshot::{JobRow, JobState, JobUpdate, NewJob, SCHEMA_VERSION, Snapshot};

/// Why the snapshot could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(
        "the snapshot cannot be opened with this key (wrong account key or not a Provider Desk snapshot)"
    )]
    WrongKey,
    #[error(
        "the snapshot was written by a newer Provider Desk (schema {found}, this version understands up to {supported}); update Provider Desk or sign in again to start a new snapshot"
    )]
    Incompatible { found: i64, supported: i64 },
    #[error("cannot back up the snapshot before upgrading it ({path}): {source}")]
    Backup {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "cannot wait for another Provider Desk that is opening the snapshot ({path}): {source}"
    )]
    Lock {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot move the snapshot to its new page format ({path}): {source}")]
    Upgrade {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "another Provider Desk wrote to the snapshot while it was moved to its new page format; close the other window or command and open it again"
    )]
    InUse,
    #[error("the snapshot write this client's details were part of failed: {0}")]
    WriteFailed(String),
    #[error("the snapshot write of this client's details was abandoned (the sync was stopped)")]
    WriteAbandoned,
    #[error("snapshot database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("snapshot migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("snapshot holds malformed data in {what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
}
