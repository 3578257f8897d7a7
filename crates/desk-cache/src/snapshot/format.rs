//! How the snapshot's pages are encrypted and authenticated, and the move of
//! a snapshot written with SQLCipher's default settings to the current ones.
//!
//! Every page is AES-256-CBC encrypted and carries an HMAC. SQLCipher 4's
//! default HMAC is SHA-512; on x86 CPUs with the SHA extensions (and ARMv8's)
//! SHA-256 runs two to three times faster, and a full sync spent a tenth of
//! its CPU on page HMACs. HMAC-SHA256 keeps the same 256-bit key and the same
//! tamper check, so snapshots are now written with it. A snapshot from an
//! earlier version opens with the old settings once and is copied into the
//! new format (SQLCipher's `sqlcipher_export`), the old file kept aside as a
//! backup like before a schema migration.

use crate::CacheError;
use crate::key::CacheKey;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{SqliteConnection, SqlitePool};
use std::path::{Path, PathBuf};

/// A snapshot's page settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PageFormat {
    /// What this version writes: HMAC-SHA256 page authentication.
    Current,
    /// SQLCipher 4's defaults (HMAC-SHA512), what earlier versions wrote.
    Sha512,
}

impl PageFormat {
    /// The connection options for this format. SQLCipher wants its settings
    /// after `key` and before the first page is read; sqlx sends the cipher
    /// pragmas in that order whatever order they are set in.
    pub(super) fn apply(self, options: SqliteConnectOptions) -> SqliteConnectOptions {
        match self {
            PageFormat::Current => options.pragma("cipher_hmac_algorithm", "HMAC_SHA256"),
            PageFormat::Sha512 => options,
        }
    }
}

/// Copies the snapshot at `path`, open on `old` in the SHA-512 format, into
/// the current format and puts the copy in its place; the old file stays
/// next to it as `<name>.hmac-sha512.bak`. Closes `old`.
///
/// At every moment `path` holds a whole snapshot, the old or the new: the
/// copy is written beside it and renamed over it, which is atomic.
#[tracing::instrument(skip_all, fields(path = %path.display()))]
pub(super) async fn upgrade(
    old: SqlitePool,
    path: &Path,
    key: &CacheKey,
) -> Result<(), CacheError> {
    let copy = sibling(path, "upgrading");
    // A copy left by an interrupted upgrade is incomplete: start again.
    remove_if_present(&copy)?;
    let exported = export(&old, &copy, key).await;
    // Everything is in the main file once the WAL is checkpointed; closing
    // the last connection then removes the WAL.
    let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&old)
        .await;
    old.close().await;
    if let Err(error) = exported {
        let _ = std::fs::remove_file(&copy);
        return Err(error);
    }
    // A WAL with frames left would be replayed onto the new file: it only
    // has some when another process wrote meanwhile.
    let wal = sibling(path, "wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        let _ = std::fs::remove_file(&copy);
        return Err(CacheError::InUse);
    }
    let backup = path.with_extension("hmac-sha512.bak");
    std::fs::copy(path, &backup).map_err(|source| CacheError::Backup {
        path: backup.display().to_string(),
        source,
    })?;
    remove_if_present(&wal)?;
    remove_if_present(&sibling(path, "shm"))?;
    std::fs::rename(&copy, path).map_err(|source| CacheError::Upgrade {
        path: path.display().to_string(),
        source,
    })?;
    tracing::info!(backup = %backup.display(), "snapshot moved to HMAC-SHA256 pages");
    Ok(())
}

/// Writes the whole database into a new file `copy` in the current format.
async fn export(old: &SqlitePool, copy: &Path, key: &CacheKey) -> Result<(), CacheError> {
    let mut conn = old.acquire().await?;
    let conn: &mut SqliteConnection = &mut conn;
    let Some(copy_name) = copy.to_str() else {
        return Err(CacheError::Upgrade {
            path: copy.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not valid UTF-8"),
        });
    };
    sqlx::query("ATTACH DATABASE ?1 AS upgraded KEY ?2")
        .bind(copy_name)
        .bind(key.attach_value().as_str())
        .execute(&mut *conn)
        .await?;
    let result = async {
        sqlx::query("PRAGMA upgraded.cipher_hmac_algorithm = HMAC_SHA256")
            .execute(&mut *conn)
            .await?;
        sqlx::query("SELECT sqlcipher_export('upgraded')")
            .execute(&mut *conn)
            .await?;
        let version: i64 = sqlx::query_scalar("PRAGMA main.user_version")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query(&format!("PRAGMA upgraded.user_version = {version}"))
            .execute(&mut *conn)
            .await?;
        Ok::<(), CacheError>(())
    }
    .await;
    sqlx::query("DETACH DATABASE upgraded")
        .execute(&mut *conn)
        .await?;
    result
}

/// `<path>-<suffix>`, as SQLite names a database's companions.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-");
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> Result<(), CacheError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(CacheError::Upgrade {
            path: path.display().to_string(),
            source,
        }),
    }
}
