//! The encrypted snapshot: opening (key, schema contract, backup before a
//! migration), account metadata and the consistency check. What it holds is
//! read and written by area: `clients`, `details`, `runs`.

mod billing;
mod clients;
mod details;
mod events;
mod format;
mod health;
mod jobs;
mod journal;
mod lock;
mod provider;
mod runs;

pub use events::EventQuery;
pub use jobs::{JobRow, JobState, JobUpdate, NewJob};
pub use journal::{ChangeKind, ChangeRow};
pub use provider::ProviderEventQuery;

use crate::CacheError;
use crate::key::CacheKey;
use format::PageFormat;
use lock::OpenLock;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Makes the snapshot and its WAL/SHM companions readable by their owner
/// only (Unix). They are ciphertext, but other local users have no business
/// copying them for offline guessing. SQLite creates the companions with the
/// main file's mode, so setting it once after open covers them too.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            let file = PathBuf::from(file);
            if file.exists()
                && let Err(error) =
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            {
                tracing::warn!(path = %file.display(), %error, "cannot restrict the snapshot's permissions");
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The newest schema this build writes; stored in the file by the migrator
/// (`_sqlx_migrations`) and mirrored in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 6;

/// SQLite's "file is not a database": what SQLCipher answers for a wrong key.
const SQLITE_NOTADB: &str = "26";

pub struct Snapshot {
    /// Reads: the views' queries, side by side with a write (WAL).
    pool: SqlitePool,
    /// Every write, and the reads inside a write, on one connection.
    /// SQLite takes one writer at a time anyway, and a connection keeps its
    /// decrypted pages only until another connection writes: with writes
    /// spread over the pool, each client's transaction found its b-trees'
    /// pages gone and read and decrypted them again (measured at 50 clients:
    /// 3,041 page reads with four writing connections, 51 with one).
    writer: SqlitePool,
    /// Client details waiting for the writer (group commit).
    details: details::DetailWrites,
    path: PathBuf,
}

impl Snapshot {
    /// Opens (or creates) the snapshot at `path` with `key`, upgrading an older
    /// schema after copying the file aside, refusing a newer one.
    #[tracing::instrument(skip(key), fields(path = %path.display()))]
    pub async fn open(path: &Path, key: &CacheKey) -> Result<Snapshot, CacheError> {
        // SQLCipher's OpenSSL would otherwise register an atexit cleanup that
        // can free its state while a connection's worker thread still uses it
        // (seen as "double free" when a process exits with a pool open).
        // openssl-sys initialises it with OPENSSL_INIT_NO_ATEXIT, once.
        openssl_sys::init();
        // Opening may change the file: create it, turn on WAL (which needs
        // it alone), move its page format, migrate its schema. When the app
        // and pdesk open it at once, one does that work while the other
        // waits, then finds it done; a snapshot already open elsewhere is
        // not held up (the lock is only ever held while opening).
        let _opening = OpenLock::take(path).await?;
        let existed = path.exists();
        let pragma = key.pragma_value();
        let options = SqliteConnectOptions::new()
            .filename(path)
            // sqlx sends `key` before every other pragma, as SQLCipher requires.
            .pragma("key", pragma.as_str().to_owned())
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 16 MiB of decrypted pages per connection (SQLite's default is
            // 2 MiB): a client's 100,000 events and their indexes are written
            // and filtered without re-decrypting the same pages.
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory")
            // sqlx logs the statements it runs, the connection's pragmas
            // included (`PRAGMA key = "x'…'"` at debug, and as a slow
            // statement at warn whatever the level): with the log and the
            // file, the snapshot would open without the master password. No
            // statement of ours is worth logging at that price.
            .disable_statement_logging();
        let writer = match connect_writer(&options, PageFormat::Current).await {
            Err(CacheError::WrongKey) if existed => {
                // Either the wrong key or a snapshot from before HMAC-SHA256:
                // the old settings tell them apart.
                let old = connect_writer(&options, PageFormat::Sha512).await?;
                format::upgrade(old, path, key).await?;
                connect_writer(&options, PageFormat::Current).await?
            }
            other => other?,
        };
        restrict_to_owner(path);
        let found = schema_version(&writer).await?;
        if found > SCHEMA_VERSION {
            writer.close().await;
            return Err(CacheError::Incompatible {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if existed && found < SCHEMA_VERSION {
            backup(&writer, path, found).await?;
        }
        MIGRATOR.run(&writer).await?;
        sqlx::query(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .execute(&writer)
            .await?;
        // Readers open once the schema is current, so none caches an old one.
        let pool = SqlitePoolOptions::new()
            .max_connections(3)
            .connect_with(PageFormat::Current.apply(options))
            .await
            .map_err(classify_open_error)?;
        Ok(Snapshot {
            pool,
            writer,
            details: Default::default(),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the WAL into the main file and closes every connection.
    pub async fn close(self) {
        // Readers first: a checkpoint cannot pass pages a reader still holds.
        self.pool.close().await;
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.writer)
            .await;
        self.writer.close().await;
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn delete_meta(&self, key: &str) -> Result<(), CacheError> {
        sqlx::query("DELETE FROM meta WHERE key = ?")
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// SQLite's own consistency check (`ok` when healthy).
    pub async fn integrity_check(&self) -> Result<String, CacheError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// The one writing connection, in `format`; the key is checked by reading.
async fn connect_writer(
    options: &SqliteConnectOptions,
    format: PageFormat,
) -> Result<SqlitePool, CacheError> {
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(format.apply(options.clone()))
        .await
        .map_err(classify_open_error)?;
    // The key is only checked when a page is read.
    if let Err(error) = sqlx::query("SELECT count(*) FROM sqlite_master")
        .fetch_one(&writer)
        .await
    {
        writer.close().await;
        return Err(classify_open_error(error));
    }
    Ok(writer)
}

async fn schema_version(conn: &SqlitePool) -> Result<i64, CacheError> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(conn)
    .await?;
    if has_table == 0 {
        return Ok(0);
    }
    let version: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(conn)
            .await?;
    Ok(version.unwrap_or(0))
}

/// Copies the (still encrypted) file aside before a migration touches it.
async fn backup(conn: &SqlitePool, path: &Path, version: i64) -> Result<(), CacheError> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(conn)
        .await?;
    let target = path.with_extension(format!("v{version}.bak"));
    std::fs::copy(path, &target).map_err(|source| CacheError::Backup {
        path: target.display().to_string(),
        source,
    })?;
    tracing::info!(backup = %target.display(), "snapshot backed up before migration");
    Ok(())
}

fn classify_open_error(error: sqlx::Error) -> CacheError {
    if let sqlx::Error::Database(db) = &error
        && db.code().as_deref() == Some(SQLITE_NOTADB)
    {
        return CacheError::WrongKey;
    }
    CacheError::Database(error)
}
