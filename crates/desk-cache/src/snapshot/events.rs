//! The event log as stored: filtered and paged in SQL over columns read out
//! of each event's JSON once, at insert.

use super::Snapshot;
use crate::CacheError;
use crate::rows::{EventGapRow, EventRow};

/// The columns the Events page filters on, from the stored JSON. One
/// expression for the migration of older snapshots and for every insert.
pub(super) const FILL_EVENT_COLUMNS: &str = "UPDATE events SET
    at = CAST(round((julianday(date) - 2440587.5) * 86400000.0) AS INTEGER),
    acting_user_id = coalesce(json_extract(raw, '$.actingUserId'), json_extract(raw, '$.ActingUserId')),
    member_id = coalesce(json_extract(raw, '$.organizationUserId'), json_extract(raw, '$.OrganizationUserId')),
    cipher_id = coalesce(json_extract(raw, '$.cipherId'), json_extract(raw, '$.CipherId')),
    collection_id = coalesce(json_extract(raw, '$.collectionId'), json_extract(raw, '$.CollectionId')),
    group_id = coalesce(json_extract(raw, '$.groupId'), json_extract(raw, '$.GroupId')),
    device_type = coalesce(json_extract(raw, '$.deviceType'), json_extract(raw, '$.DeviceType'))
  WHERE organization_id = ? AND at IS NULL";

/// Which events (all conditions hold together; `None` is no condition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// From this instant (ms since the epoch), inclusive.
    pub since_ms: Option<i64>,
    /// Until this instant, inclusive.
    pub until_ms: Option<i64>,
    /// Any of these types (empty: every type).
    pub types: Vec<i64>,
    /// Done by this user id, or done to this member id.
    pub acting_user_id: Option<String>,
    pub member_id: Option<String>,
    pub cipher_id: Option<String>,
    pub collection_id: Option<String>,
    pub group_id: Option<String>,
    pub device_type: Option<i64>,
    /// At most this many rows, after skipping `offset` (newest first).
    pub limit: i64,
    pub offset: i64,
}

impl EventQuery {
    fn push_where<'q>(
        &'q self,
        organization_id: &'q str,
        b: &mut sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    ) {
        b.push(" WHERE organization_id = ")
            .push_bind(organization_id);
        if let Some(since) = self.since_ms {
            b.push(" AND at >= ").push_bind(since);
        }
        if let Some(until) = self.until_ms {
            b.push(" AND at <= ").push_bind(until);
        }
        if !self.types.is_empty() {
            b.push(" AND type IN (");
            let mut list = b.separated(", ");
            for t in &self.types {
                list.push_bind(*t);
            }
            b.push(")");
        }
        match (&self.acting_user_id, &self.member_id) {
            (Some(user), Some(member)) => {
                b.push(" AND (acting_user_id = ")
                    .push_bind(user)
                    .push(" OR member_id = ")
                    .push_bind(member)
                    .push(")");
            }
            (Some(user), None) => {
                b.push(" AND acting_user_id = ").push_bind(user);
            }
            (None, Some(member)) => {
                b.push(" AND member_id = ").push_bind(member);
            }
            (None, None) => {}
        }
        for (column, value) in [
            ("cipher_id", &self.cipher_id),
            ("collection_id", &self.collection_id),
            ("group_id", &self.group_id),
        ] {
            if let Some(value) = value {
                b.push(format_args!(" AND {column} = ")).push_bind(value);
            }
        }
        if let Some(device) = self.device_type {
            b.push(" AND device_type = ").push_bind(device);
        }
    }
}

impl Snapshot {
    /// Events matching `query`, newest first, and how many match in all.
    #[tracing::instrument(skip_all)]
    pub async fn query_events(
        &self,
        organization_id: &str,
        query: &EventQuery,
    ) -> Result<(i64, Vec<EventRow>), CacheError> {
        let mut conn = self.pool.acquire().await?;
        let mut count = sqlx::QueryBuilder::new("SELECT count(*) FROM events");
        query.push_where(organization_id, &mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
        let mut rows = sqlx::QueryBuilder::new("SELECT date, type, raw FROM events");
        query.push_where(organization_id, &mut rows);
        rows.push(" ORDER BY at DESC, key LIMIT ")
            .push_bind(query.limit)
            .push(" OFFSET ")
            .push_bind(query.offset);
        let rows = rows
            .build_query_as::<EventRow>()
            .fetch_all(&mut *conn)
            .await?;
        Ok((total, rows))
    }

    /// The distinct device types and event types a client's log holds, for
    /// the filters' choices.
    pub async fn event_facets(
        &self,
        organization_id: &str,
    ) -> Result<(Vec<i64>, Vec<i64>), CacheError> {
        let devices = sqlx::query_scalar(
            "SELECT DISTINCT device_type FROM events WHERE organization_id = ? AND device_type IS NOT NULL ORDER BY 1",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?;
        let types = sqlx::query_scalar(
            "SELECT DISTINCT type FROM events WHERE organization_id = ? ORDER BY 1",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?;
        Ok((devices, types))
    }

    /// Ranges a sync could not read whole, newest first.
    pub async fn event_gaps(&self, organization_id: &str) -> Result<Vec<EventGapRow>, CacheError> {
        Ok(sqlx::query_as::<_, EventGapRow>(
            "SELECT start, end, recorded_at FROM event_gaps WHERE organization_id = ? ORDER BY start DESC",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
