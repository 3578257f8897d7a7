use crate::CacheError;
use crate::key::CacheKey;
use crate::rows::*;
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Row, SqlitePool};
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
pub const SCHEMA_VERSION: i64 = 1;

/// SQLite's "file is not a database": what SQLCipher answers for a wrong key.
const SQLITE_NOTADB: &str = "26";

pub struct Snapshot {
    pool: SqlitePool,
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
            // sqlx logs the statements it runs, the connection's pragmas
            // included (`PRAGMA key = "x'…'"` at debug, and as a slow
            // statement at warn whatever the level): with the log and the
            // file, the snapshot would open without the master password. No
            // statement of ours is worth logging at that price.
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(classify_open_error)?;
        let snapshot = Snapshot {
            pool,
            path: path.to_owned(),
        };
        restrict_to_owner(path);
        // The key is only checked when a page is read.
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .fetch_one(&snapshot.pool)
            .await
            .map_err(classify_open_error)?;
        let found = snapshot.schema_version().await?;
        if found > SCHEMA_VERSION {
            snapshot.pool.close().await;
            return Err(CacheError::Incompatible {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if existed && found < SCHEMA_VERSION {
            snapshot.backup(found).await?;
        }
        MIGRATOR.run(&snapshot.pool).await?;
        sqlx::query(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .execute(&snapshot.pool)
            .await?;
        Ok(snapshot)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the WAL into the main file and closes every connection.
    pub async fn close(self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }

    async fn schema_version(&self) -> Result<i64, CacheError> {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&self.pool)
        .await?;
        if has_table == 0 {
            return Ok(0);
        }
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    /// Copies the (still encrypted) file aside before a migration touches it.
    async fn backup(&self, version: i64) -> Result<(), CacheError> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        let target = self.path.with_extension(format!("v{version}.bak"));
        std::fs::copy(&self.path, &target).map_err(|source| CacheError::Backup {
            path: target.display().to_string(),
            source,
        })?;
        tracing::info!(backup = %target.display(), "snapshot backed up before migration");
        Ok(())
    }

    // ---- account metadata (refresh token, device id...) -------------------

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
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_meta(&self, key: &str) -> Result<(), CacheError> {
        sqlx::query("DELETE FROM meta WHERE key = ?")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ---- providers and the client list ------------------------------------

    pub async fn replace_providers(
        &self,
        providers: &[ProviderRow],
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM providers")
            .execute(&mut *tx)
            .await?;
        for p in providers {
            sqlx::query(
                "INSERT INTO providers (id, name, user_type, status, use_events, raw, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&p.id)
            .bind(&p.name)
            .bind(p.user_type)
            .bind(p.status)
            .bind(p.use_events)
            .bind(&p.raw)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn providers(&self) -> Result<Vec<ProviderRow>, CacheError> {
        Ok(sqlx::query_as::<_, ProviderRow>(
            "SELECT id, name, user_type, status, use_events, raw FROM providers ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces the list of clients that came from one source (a provider's
    /// list, or the direct memberships) in one transaction. Clients no longer
    /// listed are removed with their details; details of the others are kept.
    pub async fn replace_client_list(
        &self,
        source: ClientSource,
        provider_id: Option<&str>,
        rows: &[ClientListRow],
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.pool.begin().await?;
        let stale: Vec<String> = sqlx::query_scalar(
            "SELECT organization_id FROM clients WHERE source = ? AND provider_id IS ?",
        )
        .bind(source.as_str())
        .bind(provider_id)
        .fetch_all(&mut *tx)
        .await?;
        for organization_id in stale {
            if !rows.iter().any(|r| r.organization_id == organization_id) {
                sqlx::query("DELETE FROM clients WHERE organization_id = ?")
                    .bind(&organization_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for r in rows {
            sqlx::query(
                "INSERT INTO clients (organization_id, source, provider_id, provider_organization_id, name, plan, plan_type, status, seats, occupied_seats, remaining_seats, user_count, wrapped_key, raw, listed_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (organization_id) DO UPDATE SET
                   source = excluded.source, provider_id = excluded.provider_id,
                   provider_organization_id = excluded.provider_organization_id, name = excluded.name,
                   plan = excluded.plan, plan_type = coalesce(excluded.plan_type, clients.plan_type),
                   status = coalesce(excluded.status, clients.status), seats = excluded.seats,
                   occupied_seats = excluded.occupied_seats, remaining_seats = excluded.remaining_seats,
                   user_count = excluded.user_count, wrapped_key = excluded.wrapped_key,
                   raw = excluded.raw, listed_at = excluded.listed_at",
            )
            .bind(&r.organization_id)
            .bind(r.source.as_str())
            .bind(&r.provider_id)
            .bind(&r.provider_organization_id)
            .bind(&r.name)
            .bind(&r.plan)
            .bind(r.plan_type)
            .bind(r.status)
            .bind(r.seats)
            .bind(r.occupied_seats)
            .bind(r.remaining_seats)
            .bind(r.user_count)
            .bind(&r.wrapped_key)
            .bind(&r.raw)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn clients(&self) -> Result<Vec<ClientRow>, CacheError> {
        let rows = sqlx::query(
            "SELECT c.*, s.last_error_code, s.last_error, s.last_error_at
             FROM clients c LEFT JOIN sync_state s USING (organization_id)
             ORDER BY c.name COLLATE NOCASE, c.organization_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(client_row).collect()
    }

    pub async fn client(&self, organization_id: &str) -> Result<Option<ClientRow>, CacheError> {
        let row = sqlx::query(
            "SELECT c.*, s.last_error_code, s.last_error, s.last_error_at
             FROM clients c LEFT JOIN sync_state s USING (organization_id)
             WHERE c.organization_id = ?",
        )
        .bind(organization_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(client_row).transpose()
    }

    // ---- one client's details ----------------------------------------------

    /// Writes everything one client's sync produced in one transaction and
    /// marks the client synced. If anything fails, nothing of it is written
    /// and the previous details stay.
    pub async fn apply_client_details(
        &self,
        organization_id: &str,
        details: &ClientDetails,
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.pool.begin().await?;
        for table in [
            "members",
            "groups",
            "collections",
            "policies",
            "items",
            "billing",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE organization_id = ?"))
                .bind(organization_id)
                .execute(&mut *tx)
                .await?;
        }
        // Multi-row statements: each statement is a round trip to sqlx's
        // SQLite worker thread, and per-row inserts spent more time waking
        // threads than writing (1,000 clients × ~170 rows).
        insert_rows(
            &mut tx,
            "INSERT INTO members (organization_id, id, user_id, email, name, type, status, two_factor, recovery_enrolled, raw) ",
            "",
            &details.members,
            10,
            |mut b, m| {
                b.push_bind(organization_id)
                    .push_bind(&m.id)
                    .push_bind(&m.user_id)
                    .push_bind(&m.email)
                    .push_bind(&m.name)
                    .push_bind(m.member_type)
                    .push_bind(m.status)
                    .push_bind(m.two_factor)
                    .push_bind(m.recovery_enrolled)
                    .push_bind(&m.raw);
            },
        )
        .await?;
        for (table, rows) in [
            ("groups", &details.groups),
            ("collections", &details.collections),
        ] {
            insert_rows(
                &mut tx,
                &format!("INSERT INTO {table} (organization_id, id, name, raw) "),
                "",
                rows,
                4,
                |mut b, g| {
                    b.push_bind(organization_id)
                        .push_bind(&g.id)
                        .push_bind(&g.name)
                        .push_bind(&g.raw);
                },
            )
            .await?;
        }
        insert_rows(
            &mut tx,
            "INSERT INTO policies (organization_id, type, enabled, raw) ",
            "",
            &details.policies,
            4,
            |mut b, p| {
                b.push_bind(organization_id)
                    .push_bind(p.policy_type)
                    .push_bind(p.enabled)
                    .push_bind(&p.raw);
            },
        )
        .await?;
        insert_rows(
            &mut tx,
            "INSERT INTO items (organization_id, id, type, revision_date, raw) ",
            "",
            &details.items,
            5,
            |mut b, i| {
                b.push_bind(organization_id)
                    .push_bind(&i.id)
                    .push_bind(i.item_type)
                    .push_bind(&i.revision_date)
                    .push_bind(&i.raw);
            },
        )
        .await?;
        insert_rows(
            &mut tx,
            "INSERT INTO events (organization_id, key, date, type, raw) ",
            " ON CONFLICT DO NOTHING",
            &details.events,
            5,
            |mut b, e| {
                b.push_bind(organization_id)
                    .push_bind(event_key(&e.raw))
                    .push_bind(&e.date)
                    .push_bind(e.event_type)
                    .push_bind(&e.raw);
            },
        )
        .await?;
        if let Some(billing) = &details.billing {
            sqlx::query("INSERT INTO billing (organization_id, raw) VALUES (?, ?)")
                .bind(organization_id)
                .bind(billing)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO sync_state (organization_id, events_until) VALUES (?, ?)
             ON CONFLICT (organization_id) DO UPDATE SET
               events_until = coalesce(excluded.events_until, sync_state.events_until),
               last_error_code = NULL, last_error = NULL, last_error_at = NULL",
        )
        .bind(organization_id)
        .bind(&details.events_until)
        .execute(&mut *tx)
        .await?;
        let updated = sqlx::query("UPDATE clients SET synced_at = ? WHERE organization_id = ?")
            .bind(now)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            // Rolled back on drop: details for an unknown client are not kept.
            return Err(CacheError::Corrupt {
                what: "clients",
                detail: format!("no client {organization_id} to attach details to"),
            });
        }
        tx.commit().await?;
        Ok(())
    }

    /// Remembers why a client's sync failed; its previous details stay.
    pub async fn record_client_error(
        &self,
        organization_id: &str,
        code: &str,
        message: &str,
        now: i64,
    ) -> Result<(), CacheError> {
        sqlx::query(
            "INSERT INTO sync_state (organization_id, last_error_code, last_error, last_error_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (organization_id) DO UPDATE SET
               last_error_code = excluded.last_error_code, last_error = excluded.last_error,
               last_error_at = excluded.last_error_at",
        )
        .bind(organization_id)
        .bind(code)
        .bind(message)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Where the next event sync of this client starts.
    pub async fn events_until(&self, organization_id: &str) -> Result<Option<String>, CacheError> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT events_until FROM sync_state WHERE organization_id = ?",
        )
        .bind(organization_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    pub async fn members(&self, organization_id: &str) -> Result<Vec<MemberRow>, CacheError> {
        Ok(sqlx::query_as::<_, MemberRow>(
            "SELECT id, user_id, email, name, type, status, two_factor, recovery_enrolled, raw
             FROM members WHERE organization_id = ? ORDER BY coalesce(name, email) COLLATE NOCASE, id",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn member_counts(&self, organization_id: &str) -> Result<MemberCounts, CacheError> {
        let rows = sqlx::query(
            "SELECT status, count(*) AS n FROM members WHERE organization_id = ? GROUP BY status",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = MemberCounts::default();
        for r in rows {
            let status: i64 = r.try_get("status")?;
            let n: i64 = r.try_get("n")?;
            match status {
                -1 => counts.revoked += n,
                0 => counts.invited += n,
                1 => counts.accepted += n,
                2 => counts.confirmed += n,
                _ => counts.other += n,
            }
        }
        Ok(counts)
    }

    /// Row counts of one client's details, in one statement (one read snapshot).
    pub async fn detail_counts(&self, organization_id: &str) -> Result<DetailCounts, CacheError> {
        let r = sqlx::query(
            "SELECT (SELECT count(*) FROM items WHERE organization_id = ?1) AS items,
                    (SELECT count(*) FROM collections WHERE organization_id = ?1) AS collections,
                    (SELECT count(*) FROM groups WHERE organization_id = ?1) AS groups_n,
                    (SELECT count(*) FROM policies WHERE organization_id = ?1) AS policies,
                    (SELECT count(*) FROM events WHERE organization_id = ?1) AS events",
        )
        .bind(organization_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(DetailCounts {
            items: r.try_get("items")?,
            collections: r.try_get("collections")?,
            groups: r.try_get("groups_n")?,
            policies: r.try_get("policies")?,
            events: r.try_get("events")?,
        })
    }

    pub async fn items(&self, organization_id: &str) -> Result<Vec<ItemRow>, CacheError> {
        Ok(sqlx::query_as::<_, ItemRow>(
            "SELECT id, type, revision_date, raw FROM items WHERE organization_id = ? ORDER BY id",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The newest events first.
    pub async fn events(
        &self,
        organization_id: &str,
        limit: i64,
    ) -> Result<Vec<EventRow>, CacheError> {
        Ok(sqlx::query_as::<_, EventRow>(
            "SELECT date, type, raw FROM events WHERE organization_id = ? ORDER BY date DESC, key LIMIT ?",
        )
        .bind(organization_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    // ---- sync runs ---------------------------------------------------------

    pub async fn start_run(&self, now: i64, clients_total: i64) -> Result<i64, CacheError> {
        let result = sqlx::query("INSERT INTO sync_runs (started_at, clients_total) VALUES (?, ?)")
            .bind(now)
            .bind(clients_total)
            .execute(&self.pool)
            .await?;
        Ok(result.last_insert_rowid())
    }

    pub async fn finish_run(
        &self,
        run_id: i64,
        outcome: RunOutcome,
        clients_done: i64,
        requests: i64,
        now: i64,
    ) -> Result<(), CacheError> {
        sqlx::query(
            "UPDATE sync_runs SET finished_at = ?, outcome = ?, clients_done = ?, requests = ? WHERE id = ?",
        )
        .bind(now)
        .bind(outcome.as_str())
        .bind(clients_done)
        .bind(requests)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn record_run_error(
        &self,
        run_id: i64,
        organization_id: Option<&str>,
        code: &str,
        message: &str,
        now: i64,
    ) -> Result<(), CacheError> {
        sqlx::query("INSERT INTO sync_errors (run_id, organization_id, code, message, at) VALUES (?, ?, ?, ?, ?)")
            .bind(run_id)
            .bind(organization_id)
            .bind(code)
            .bind(message)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest run that finished, with its error count (the status bar's
    /// "last sync").
    pub async fn last_finished_run(&self) -> Result<Option<FinishedRun>, CacheError> {
        let row = sqlx::query(
            "SELECT r.finished_at, r.outcome, (SELECT count(*) FROM sync_errors e WHERE e.run_id = r.id) AS errors
             FROM sync_runs r WHERE r.finished_at IS NOT NULL ORDER BY r.id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(FinishedRun {
                finished_at: r.try_get("finished_at")?,
                outcome: r
                    .try_get::<Option<String>, _>("outcome")?
                    .unwrap_or_else(|| "failed".to_owned()),
                errors: r.try_get("errors")?,
            })
        })
        .transpose()
    }

    /// When the interrupted runs since the last finished one began (a killed
    /// or cancelled sync leaves its run unfinished): clients synced after that
    /// need not be synced again when the next run resumes the work.
    pub async fn unfinished_run_start(&self) -> Result<Option<i64>, CacheError> {
        Ok(sqlx::query_scalar(
            "SELECT min(started_at) FROM sync_runs WHERE finished_at IS NULL
             AND id > coalesce((SELECT max(id) FROM sync_runs WHERE finished_at IS NOT NULL), 0)",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// SQLite's own consistency check (`ok` when healthy).
    pub async fn integrity_check(&self) -> Result<String, CacheError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// Bound parameters per statement: below SQLite's limit (32,766 since
/// 3.32) with room to spare.
const MAX_BINDS: usize = 30_000;

/// Inserts `rows` with as few multi-row statements as the parameter limit
/// allows: `head` names the table and columns, `tail` follows the values.
async fn insert_rows<'r, T>(
    conn: &mut sqlx::SqliteConnection,
    head: &str,
    tail: &str,
    rows: &'r [T],
    binds_per_row: usize,
    bind: impl Fn(sqlx::query_builder::Separated<'_, 'r, sqlx::Sqlite, &'static str>, &'r T),
) -> Result<(), CacheError> {
    for chunk in rows.chunks((MAX_BINDS / binds_per_row).max(1)) {
        let mut builder = sqlx::QueryBuilder::<sqlx::Sqlite>::new(head);
        builder.push_values(chunk, &bind);
        builder.push(tail);
        builder.build().execute(&mut *conn).await?;
    }
    Ok(())
}

fn event_key(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

fn client_row(r: &sqlx::sqlite::SqliteRow) -> Result<ClientRow, CacheError> {
    let source: String = r.try_get("source")?;
    let source = ClientSource::parse(&source).ok_or_else(|| CacheError::Corrupt {
        what: "clients.source",
        detail: source.clone(),
    })?;
    let last_error = match (
        r.try_get::<Option<String>, _>("last_error_code")?,
        r.try_get::<Option<String>, _>("last_error")?,
        r.try_get::<Option<i64>, _>("last_error_at")?,
    ) {
        (Some(code), Some(message), Some(at)) => Some(ClientError { code, message, at }),
        _ => None,
    };
    Ok(ClientRow {
        list: ClientListRow {
            organization_id: r.try_get("organization_id")?,
            source,
            provider_id: r.try_get("provider_id")?,
            provider_organization_id: r.try_get("provider_organization_id")?,
            name: r.try_get("name")?,
            plan: r.try_get("plan")?,
            plan_type: r.try_get("plan_type")?,
            status: r.try_get("status")?,
            seats: r.try_get("seats")?,
            occupied_seats: r.try_get("occupied_seats")?,
            remaining_seats: r.try_get("remaining_seats")?,
            user_count: r.try_get("user_count")?,
            wrapped_key: r.try_get("wrapped_key")?,
            raw: r.try_get("raw")?,
        },
        listed_at: r.try_get("listed_at")?,
        synced_at: r.try_get("synced_at")?,
        last_error,
    })
}

fn classify_open_error(error: sqlx::Error) -> CacheError {
    if let sqlx::Error::Database(db) = &error
        && db.code().as_deref() == Some(SQLITE_NOTADB)
    {
        return CacheError::WrongKey;
    }
    CacheError::Database(error)
}
