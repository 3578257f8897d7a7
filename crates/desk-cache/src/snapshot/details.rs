//! One client's details (members, groups, collections, policies, items,
//! events, billing): written whole or not at all (a savepoint per client in
//! a batch's transaction), read by the Admin Console views.

use super::Snapshot;
use super::events::{Filter, insert_events, insert_gaps};
use super::journal::{self, Prior, StoredDetails, StoredMember};
use crate::CacheError;
use crate::rows::*;
use sha2::{Digest, Sha256};

/// Client details waiting to be written (see
/// [`Snapshot::apply_client_details`]): whoever holds `gate` writes all that
/// is queued, in one transaction.
#[derive(Default)]
pub(super) struct DetailWrites {
    queue: std::sync::Mutex<Vec<QueuedDetails>>,
    gate: tokio::sync::Mutex<()>,
}

struct QueuedDetails {
    organization_id: String,
    details: ClientDetails,
    now: i64,
    done: tokio::sync::oneshot::Sender<Result<(), CacheError>>,
}

impl Snapshot {
    /// Writes everything one client's sync produced and marks the client
    /// synced: all of it lands, or nothing and the previous details stay.
    /// Returns once it is committed.
    ///
    /// Clients whose details arrive while another write is under way are
    /// written together, each in its own savepoint inside one transaction
    /// (group commit): a commit writes every page the transaction touched,
    /// and the pages clients share (the tables' last leaves, the indexes'
    /// inner pages) were encrypted and written again for every client.
    pub async fn apply_client_details(
        &self,
        organization_id: &str,
        details: ClientDetails,
        now: i64,
    ) -> Result<(), CacheError> {
        let (done, result) = tokio::sync::oneshot::channel();
        self.details
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(QueuedDetails {
                organization_id: organization_id.to_owned(),
                details,
                now,
                done,
            });
        {
            let _gate = self.details.gate.lock().await;
            let batch = std::mem::take(
                &mut *self
                    .details
                    .queue
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            // Empty when the previous holder wrote ours too.
            if !batch.is_empty() {
                // Written by a task of its own: each statement is a round
                // trip to sqlx's worker thread, and driven by the caller's
                // task the write also waited for whatever else that task's
                // thread was doing (a sync polls all its clients from one
                // task, parsing answers between the writer's statements).
                // And a caller that goes away mid-write no longer abandons
                // the others in its batch.
                let writer = self.writer.clone();
                let write = tracing::Instrument::in_current_span(write_details(writer, batch));
                if let Err(error) = tokio::spawn(write).await {
                    // Only a panic in the write: the batch's senders are
                    // dropped and every caller sees `WriteAbandoned`.
                    tracing::error!(%error, "the snapshot write stopped");
                }
            }
        }
        result.await.unwrap_or(Err(CacheError::WriteAbandoned))
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
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Whether the server refused to list this client's items at its last
    /// sync (Bitwarden's provider-user rule).
    pub async fn items_refused(&self, organization_id: &str) -> Result<bool, CacheError> {
        Ok(sqlx::query_scalar::<_, Option<bool>>(
            "SELECT items_refused FROM sync_state WHERE organization_id = ?",
        )
        .bind(organization_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten()
        .unwrap_or(false))
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

    /// Public keys of the client's accepted members, as the last sync saw them.
    pub async fn member_keys(
        &self,
        organization_id: &str,
    ) -> Result<Vec<MemberKeyRow>, CacheError> {
        Ok(sqlx::query_as::<_, MemberKeyRow>(
            "SELECT member_id, user_id, public_key FROM member_keys WHERE organization_id = ? ORDER BY member_id",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The client's groups (names are plain text).
    pub async fn groups(&self, organization_id: &str) -> Result<Vec<NamedRow>, CacheError> {
        self.named("groups", organization_id).await
    }

    /// The client's collections (names are EncStrings under the org key).
    pub async fn collections(&self, organization_id: &str) -> Result<Vec<NamedRow>, CacheError> {
        self.named("collections", organization_id).await
    }

    async fn named(&self, table: &str, organization_id: &str) -> Result<Vec<NamedRow>, CacheError> {
        // `table` is one of two literals above, never outside input.
        let sql =
            format!("SELECT id, name, raw FROM {table} WHERE organization_id = ? ORDER BY id");
        Ok(sqlx::query_as::<_, NamedRow>(&sql)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn policies(&self, organization_id: &str) -> Result<Vec<PolicyRow>, CacheError> {
        Ok(sqlx::query_as::<_, PolicyRow>(
            "SELECT type, enabled, raw FROM policies WHERE organization_id = ? ORDER BY type",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn member_counts(&self, organization_id: &str) -> Result<MemberCounts, CacheError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT status, count(*) AS n FROM members WHERE organization_id = ? GROUP BY status",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = MemberCounts::default();
        for (status, n) in rows {
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
        Ok(sqlx::query_as::<_, DetailCounts>(
            "SELECT (SELECT count(*) FROM items WHERE organization_id = ?1) AS items,
                    (SELECT count(*) FROM collections WHERE organization_id = ?1) AS collections,
                    (SELECT count(*) FROM groups WHERE organization_id = ?1) AS groups,
                    (SELECT count(*) FROM policies WHERE organization_id = ?1) AS policies,
                    (SELECT count(*) FROM events WHERE organization_id = ?1) AS events",
        )
        .bind(organization_id)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn items(&self, organization_id: &str) -> Result<Vec<ItemRow>, CacheError> {
        Ok(sqlx::query_as::<_, ItemRow>(
            "SELECT id, type, revision_date, raw FROM items WHERE organization_id = ? ORDER BY id",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The items with these ids (those the snapshot has).
    pub async fn items_by_id(
        &self,
        organization_id: &str,
        ids: &[String],
    ) -> Result<Vec<ItemRow>, CacheError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT id, type, revision_date, raw FROM items WHERE organization_id = ",
            );
            q.push_bind(organization_id).push(" AND id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id);
            }
            q.push(")");
            out.extend(q.build_query_as::<ItemRow>().fetch_all(&self.pool).await?);
        }
        Ok(out)
    }
}

/// One transaction for `batch`, a savepoint per client; every client gets
/// its own result.
async fn write_details(writer: sqlx::SqlitePool, batch: Vec<QueuedDetails>) {
    let mut results = Vec::with_capacity(batch.len());
    let mut analyze = false;
    let outcome = async {
        let mut tx = writer.begin().await?;
        for item in &batch {
            let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
            match write_client(
                &mut savepoint,
                &item.organization_id,
                &item.details,
                item.now,
            )
            .await
            {
                Ok(()) => {
                    savepoint.commit().await?;
                    analyze |= item.details.events.len() >= ANALYZE_AFTER;
                    results.push(Ok(()));
                }
                Err(error) => {
                    savepoint.rollback().await?;
                    results.push(Err(error));
                }
            }
        }
        tx.commit().await?;
        Ok::<(), CacheError>(())
    }
    .await;
    if let Err(error) = outcome {
        // Nothing of the batch landed: each client fails with the cause.
        let message = error.to_string();
        results = batch
            .iter()
            .map(|_| Err(CacheError::WriteFailed(message.clone())))
            .collect();
    } else if analyze && let Err(error) = analyze_events(&writer).await {
        tracing::warn!(%error, "cannot refresh the events' statistics");
    }
    for (item, result) in batch.into_iter().zip(results) {
        // A caller that went away (a cancelled sync) needs no answer.
        let _ = item.done.send(result);
    }
}

/// The planner's statistics, so a filter uses its own index rather than
/// the newest-first one (sampled, bounded).
async fn analyze_events(writer: &sqlx::SqlitePool) -> Result<(), CacheError> {
    let mut conn = writer.acquire().await?;
    sqlx::query("PRAGMA analysis_limit = 1000")
        .execute(&mut *conn)
        .await?;
    sqlx::query("ANALYZE events").execute(&mut *conn).await?;
    Ok(())
}

/// One client's details, in the caller's transaction.
async fn write_client(
    tx: &mut sqlx::SqliteConnection,
    organization_id: &str,
    details: &ClientDetails,
    now: i64,
) -> Result<(), CacheError> {
    // The change journal compares what is stored with what comes, in this
    // transaction: it records only what lands.
    journal::prune(&mut *tx, Some(organization_id), now).await?;
    let prior = take_details(&mut *tx, organization_id, details.items_refused).await?;
    // Multi-row statements: each statement is a round trip to sqlx's
    // SQLite worker thread, and per-row inserts spent more time waking
    // threads than writing (1,000 clients × ~170 rows).
    insert_rows(
        &mut *tx,
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
    insert_rows(
        &mut *tx,
        "INSERT INTO member_keys (organization_id, member_id, user_id, public_key) ",
        "",
        &details.member_keys,
        4,
        |mut b, k| {
            b.push_bind(organization_id)
                .push_bind(&k.member_id)
                .push_bind(&k.user_id)
                .push_bind(&k.public_key);
        },
    )
    .await?;
    for (table, rows) in [
        ("groups", &details.groups),
        ("collections", &details.collections),
    ] {
        insert_rows(
            &mut *tx,
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
        &mut *tx,
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
        &mut *tx,
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
    insert_events(
        &mut *tx,
        "events",
        "organization_id",
        organization_id,
        &details.events,
        &[
            Filter::ActingUser,
            Filter::Member,
            Filter::Cipher,
            Filter::Collection,
            Filter::Group,
            Filter::Device,
        ],
    )
    .await?;
    insert_gaps(
        &mut *tx,
        "event_gaps",
        "organization_id",
        organization_id,
        &details.event_gaps,
        now,
    )
    .await?;
    if details.billing.is_some() || details.billing_error.is_some() {
        sqlx::query("INSERT INTO billing (organization_id, raw, error) VALUES (?, ?, ?)")
            .bind(organization_id)
            .bind(details.billing.as_deref().unwrap_or("null"))
            .bind(&details.billing_error)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO sync_state (organization_id, events_until, items_refused) VALUES (?, ?, ?)
         ON CONFLICT (organization_id) DO UPDATE SET
           events_until = coalesce(excluded.events_until, sync_state.events_until),
           items_refused = excluded.items_refused,
           last_error_code = NULL, last_error = NULL, last_error_at = NULL",
    )
    .bind(organization_id)
    .bind(&details.events_until)
    .bind(details.items_refused)
    .execute(&mut *tx)
    .await?;
    let updated = sqlx::query("UPDATE clients SET synced_at = ? WHERE organization_id = ?")
        .bind(now)
        .bind(organization_id)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        // Rolled back with its savepoint: details for an unknown client are not kept.
        return Err(CacheError::Corrupt {
            what: "clients",
            detail: format!("no client {organization_id} to attach details to"),
        });
    }
    journal::record_details(&mut *tx, organization_id, prior.as_ref(), details, now).await?;
    Ok(())
}

/// Deletes the client's stored details, which the write replaces, and
/// returns what the journal compares them with; `None` for a client the
/// snapshot does not have (the write fails for it anyway).
///
/// Each statement is a round trip to sqlx's worker thread: `DELETE …
/// RETURNING` reads a table's rows as it clears them, and a client never
/// synced in full has nothing to clear (its details are written only with
/// `synced_at`, and go with its row).
///
/// Items the server refused to list stay as they were, and are not compared.
async fn take_details(
    conn: &mut sqlx::SqliteConnection,
    organization_id: &str,
    items_refused: bool,
) -> Result<Option<Prior>, CacheError> {
    let client: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT name, synced_at FROM clients WHERE organization_id = ?")
            .bind(organization_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((name, synced_at)) = client else {
        return Ok(None);
    };
    if synced_at.is_none() {
        return Ok(Some(Prior {
            name,
            details: None,
        }));
    }
    let members = sqlx::query_as::<_, StoredMember>(
        "DELETE FROM members WHERE organization_id = ? RETURNING id, email, type, status",
    )
    .bind(organization_id)
    .fetch_all(&mut *conn)
    .await?;
    let policies: Vec<(i64, bool)> =
        sqlx::query_as("DELETE FROM policies WHERE organization_id = ? RETURNING type, enabled")
            .bind(organization_id)
            .fetch_all(&mut *conn)
            .await?;
    let collections: Vec<String> =
        sqlx::query_scalar("DELETE FROM collections WHERE organization_id = ? RETURNING id")
            .bind(organization_id)
            .fetch_all(&mut *conn)
            .await?;
    let items: Vec<String> = if items_refused {
        Vec::new()
    } else {
        sqlx::query_scalar("DELETE FROM items WHERE organization_id = ? RETURNING id")
            .bind(organization_id)
            .fetch_all(&mut *conn)
            .await?
    };
    for table in ["member_keys", "groups", "billing"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE organization_id = ?"))
            .bind(organization_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(Prior {
        name,
        details: Some(StoredDetails {
            members,
            policies,
            collections,
            items,
        }),
    }))
}

/// New events in one sync past which the statistics are refreshed.
const ANALYZE_AFTER: usize = 1_000;

/// Bound parameters per statement: below SQLite's limit (32,766 since
/// 3.32) with room to spare.
const MAX_BINDS: usize = 30_000;

/// Inserts `rows` with as few multi-row statements as the parameter limit
/// allows: `head` names the table and columns, `tail` follows the values.
pub(super) async fn insert_rows<'r, T>(
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

pub(super) fn event_key(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}
