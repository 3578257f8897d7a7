//! The providers and the client list: replaced whole by each list refresh.

use super::Snapshot;
use super::journal;
use crate::CacheError;
use crate::rows::*;

impl Snapshot {
    pub async fn replace_providers(
        &self,
        providers: &[ProviderRow],
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
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
        let mut tx = self.writer.begin().await?;
        // The change journal compares the stored list with this one, in
        // this transaction: it records only what lands.
        journal::prune(&mut tx, None, now).await?;
        let before = journal::listed_clients(&mut tx).await?;
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
        let changes = journal::client_list_changes(&before, source, provider_id, rows);
        journal::record(&mut tx, &changes, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn clients(&self) -> Result<Vec<ClientRow>, CacheError> {
        let rows = sqlx::query_as::<_, ClientRecord>(&format!(
            "{CLIENT_SELECT} ORDER BY c.name COLLATE NOCASE, c.organization_id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ClientRow::try_from).collect()
    }

    pub async fn client(&self, organization_id: &str) -> Result<Option<ClientRow>, CacheError> {
        let row = sqlx::query_as::<_, ClientRecord>(&format!(
            "{CLIENT_SELECT} WHERE c.organization_id = ?"
        ))
        .bind(organization_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(ClientRow::try_from).transpose()
    }
}

const CLIENT_SELECT: &str = "SELECT c.organization_id, c.source, c.provider_id,
        c.provider_organization_id, c.name, c.plan, c.plan_type, c.status, c.seats,
        c.occupied_seats, c.remaining_seats, c.user_count, c.wrapped_key, c.raw, c.listed_at,
        c.synced_at, s.last_error_code, s.last_error, s.last_error_at
    FROM clients c LEFT JOIN sync_state s USING (organization_id)";

/// A `clients` row with its sync state, as stored; [`ClientRow`] is what
/// callers get (the source parsed, the error gathered).
#[derive(sqlx::FromRow)]
struct ClientRecord {
    organization_id: String,
    source: String,
    provider_id: Option<String>,
    provider_organization_id: Option<String>,
    name: String,
    plan: Option<String>,
    plan_type: Option<i64>,
    status: Option<i64>,
    seats: Option<i64>,
    occupied_seats: Option<i64>,
    remaining_seats: Option<i64>,
    user_count: Option<i64>,
    wrapped_key: Option<String>,
    raw: String,
    listed_at: i64,
    synced_at: Option<i64>,
    last_error_code: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<i64>,
}

impl TryFrom<ClientRecord> for ClientRow {
    type Error = CacheError;

    fn try_from(r: ClientRecord) -> Result<Self, CacheError> {
        let source = ClientSource::parse(&r.source).ok_or_else(|| CacheError::Corrupt {
            what: "clients.source",
            detail: r.source.clone(),
        })?;
        let last_error = match (r.last_error_code, r.last_error, r.last_error_at) {
            (Some(code), Some(message), Some(at)) => Some(ClientError { code, message, at }),
            _ => None,
        };
        Ok(ClientRow {
            list: ClientListRow {
                organization_id: r.organization_id,
                source,
                provider_id: r.provider_id,
                provider_organization_id: r.provider_organization_id,
                name: r.name,
                plan: r.plan,
                plan_type: r.plan_type,
                status: r.status,
                seats: r.seats,
                occupied_seats: r.occupied_seats,
                remaining_seats: r.remaining_seats,
                user_count: r.user_count,
                wrapped_key: r.wrapped_key,
                raw: r.raw,
            },
            listed_at: r.listed_at,
            synced_at: r.synced_at,
            last_error,
        })
    }
}
