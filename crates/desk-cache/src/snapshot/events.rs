//! The event log as stored: filtered and paged in SQL over columns read out
//! of each event's JSON once, at insert.

use super::Snapshot;
use crate::CacheError;
use crate::rows::{EventGapRow, EventRow};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

/// The columns the Events page filters on, read from an event's JSON as it
/// is stored (servers vary the casing). The migration of older snapshots
/// does the same in SQL.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct EventColumns {
    #[serde(alias = "ActingUserId", rename = "actingUserId", default)]
    pub acting_user_id: Option<String>,
    #[serde(alias = "OrganizationUserId", rename = "organizationUserId", default)]
    pub member_id: Option<String>,
    #[serde(alias = "CipherId", rename = "cipherId", default)]
    pub cipher_id: Option<String>,
    #[serde(alias = "CollectionId", rename = "collectionId", default)]
    pub collection_id: Option<String>,
    #[serde(alias = "GroupId", rename = "groupId", default)]
    pub group_id: Option<String>,
    #[serde(alias = "DeviceType", rename = "deviceType", default)]
    pub device_type: Option<i64>,
    #[serde(alias = "ProviderUserId", rename = "providerUserId", default)]
    pub provider_user_id: Option<String>,
    #[serde(
        alias = "ProviderOrganizationId",
        rename = "providerOrganizationId",
        default
    )]
    pub provider_organization_id: Option<String>,
    #[serde(alias = "OrganizationId", rename = "organizationId", default)]
    pub organization_id: Option<String>,
}

impl EventColumns {
    /// The columns of one stored event (an event that does not read as
    /// JSON objects was refused at sync; here it just has none).
    pub(super) fn of(raw: &str) -> EventColumns {
        serde_json::from_str(raw).unwrap_or_default()
    }
}

/// An event's instant in ms since the epoch, as SQLite's `julianday` reads
/// it (ISO 8601 with any fraction), so the migration's backfill and inserts
/// agree.
pub(super) fn event_ms(date: &str) -> Option<i64> {
    let date = date.trim();
    let (day, rest) = date.split_once('T')?;
    let mut parts = day.splitn(3, '-');
    let (y, m, d): (i64, i64, i64) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    let rest = rest.trim_end_matches('Z');
    let (clock, frac) = match rest.split_once('.') {
        Some((c, f)) => (c, f),
        None => (rest, ""),
    };
    let mut hms = clock.splitn(3, ':');
    let (hh, mm, ss): (i64, i64, i64) = (
        hms.next()?.parse().ok()?,
        hms.next()?.parse().ok()?,
        hms.next().unwrap_or("0").parse().ok()?,
    );
    let millis: i64 = format!(
        "{:0<3}",
        frac.chars()
            .filter(char::is_ascii_digit)
            .take(3)
            .collect::<String>()
    )
    .parse()
    .unwrap_or(0);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + millis)
}

/// The conditions every event log (a client's, the provider's) filters on:
/// whose log, the time window and the types.
pub(super) fn push_window<'q>(
    b: &mut QueryBuilder<'q, Sqlite>,
    owner_column: &'static str,
    owner: &'q str,
    (since_ms, until_ms): (Option<i64>, Option<i64>),
    types: &'q [i64],
) {
    b.push(format_args!(" WHERE {owner_column} = "))
        .push_bind(owner);
    if let Some(since) = since_ms {
        b.push(" AND at >= ").push_bind(since);
    }
    if let Some(until) = until_ms {
        b.push(" AND at <= ").push_bind(until);
    }
    if !types.is_empty() {
        b.push(" AND type IN (");
        let mut list = b.separated(", ");
        for t in types {
            list.push_bind(*t);
        }
        b.push(")");
    }
}

/// One page of an event log's matches, newest first. `select` names the
/// columns (or EXPLAINs them), `filter` pushes the WHERE clause. `narrows`:
/// a filter with an index of its own picks out few events — `+at` then keeps
/// the planner from walking the whole log newest-first to spare a sort (it
/// reads the filter's index and sorts the few rows found); left to
/// statistics, the choice would hang on whether the pooled connection has
/// loaded them yet.
pub(super) fn page_sql<'q>(
    select: &str,
    filter: impl FnOnce(&mut QueryBuilder<'q, Sqlite>),
    narrows: bool,
    (limit, offset): (i64, i64),
) -> QueryBuilder<'q, Sqlite> {
    let mut b = QueryBuilder::new(select);
    filter(&mut b);
    b.push(if narrows {
        " ORDER BY +at DESC, key DESC LIMIT "
    } else {
        " ORDER BY at DESC, key DESC LIMIT "
    })
    .push_bind(limit)
    .push(" OFFSET ")
    .push_bind(offset);
    b
}

/// How many events of `table` match and one page of them, read on one
/// connection so the two agree.
pub(super) async fn count_and_page<'q>(
    pool: &SqlitePool,
    table: &'static str,
    filter: impl Fn(&mut QueryBuilder<'q, Sqlite>),
    narrows: bool,
    page: (i64, i64),
) -> Result<(i64, Vec<EventRow>), CacheError> {
    let mut conn = pool.acquire().await?;
    let mut count = QueryBuilder::new(format!("SELECT count(*) FROM {table}"));
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let select = format!("SELECT date, type, raw FROM {table}");
    let rows = page_sql(&select, &filter, narrows, page)
        .build_query_as::<EventRow>()
        .fetch_all(&mut *conn)
        .await?;
    Ok((total, rows))
}

/// A filter column of an event log, read from the event's JSON.
#[derive(Debug, Clone, Copy)]
pub(super) enum Filter {
    ActingUser,
    Member,
    Cipher,
    Collection,
    Group,
    Device,
    ProviderUser,
    ProviderOrganization,
    Organization,
}

impl Filter {
    fn column(self) -> &'static str {
        match self {
            Filter::ActingUser => "acting_user_id",
            Filter::Member => "member_id",
            Filter::Cipher => "cipher_id",
            Filter::Collection => "collection_id",
            Filter::Group => "group_id",
            Filter::Device => "device_type",
            Filter::ProviderUser => "provider_user_id",
            Filter::ProviderOrganization => "provider_organization_id",
            Filter::Organization => "organization_id",
        }
    }
}

/// Stores events in `table` (a client's log or the provider's) under
/// `owner`, each once (keyed by a digest of its JSON), with its instant and
/// the `filters` columns its log has.
pub(super) async fn insert_events(
    conn: &mut SqliteConnection,
    table: &'static str,
    owner_column: &'static str,
    owner: &str,
    events: &[EventRow],
    filters: &[Filter],
) -> Result<(), CacheError> {
    let rows: Vec<(&EventRow, EventColumns, Option<i64>)> = events
        .iter()
        .map(|e| (e, EventColumns::of(&e.raw), event_ms(&e.date)))
        .collect();
    let mut head = format!("INSERT INTO {table} ({owner_column}, key, date, type, raw, at");
    for filter in filters {
        head.push_str(", ");
        head.push_str(filter.column());
    }
    head.push_str(") ");
    super::details::insert_rows(
        conn,
        &head,
        " ON CONFLICT DO NOTHING",
        &rows,
        6 + filters.len(),
        |mut b, (e, c, at)| {
            b.push_bind(owner)
                .push_bind(super::details::event_key(&e.raw))
                .push_bind(&e.date)
                .push_bind(e.event_type)
                .push_bind(&e.raw)
                .push_bind(*at);
            for filter in filters {
                match filter {
                    Filter::ActingUser => b.push_bind(&c.acting_user_id),
                    Filter::Member => b.push_bind(&c.member_id),
                    Filter::Cipher => b.push_bind(&c.cipher_id),
                    Filter::Collection => b.push_bind(&c.collection_id),
                    Filter::Group => b.push_bind(&c.group_id),
                    Filter::Device => b.push_bind(c.device_type),
                    Filter::ProviderUser => b.push_bind(&c.provider_user_id),
                    Filter::ProviderOrganization => b.push_bind(&c.provider_organization_id),
                    Filter::Organization => b.push_bind(&c.organization_id),
                };
            }
        },
    )
    .await
}

/// Stores the ranges a sync could not read whole (once each).
pub(super) async fn insert_gaps(
    conn: &mut SqliteConnection,
    table: &'static str,
    owner_column: &'static str,
    owner: &str,
    gaps: &[(String, String)],
    now: i64,
) -> Result<(), CacheError> {
    for (start, end) in gaps {
        sqlx::query(&format!(
            "INSERT INTO {table} ({owner_column}, start, end, recorded_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT DO NOTHING"
        ))
        .bind(owner)
        .bind(start)
        .bind(end)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The ranges of an event log a sync could not read whole, newest first.
pub(super) async fn gaps(
    pool: &SqlitePool,
    table: &'static str,
    owner_column: &'static str,
    owner: &str,
) -> Result<Vec<EventGapRow>, CacheError> {
    Ok(sqlx::query_as::<_, EventGapRow>(&format!(
        "SELECT start, end, recorded_at FROM {table} WHERE {owner_column} = ? ORDER BY start DESC"
    ))
    .bind(owner)
    .fetch_all(pool)
    .await?)
}

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
    /// Whether a filter with an index of its own (who did it, whom or which
    /// item it was done to) picks out the events.
    fn narrows(&self) -> bool {
        self.acting_user_id.is_some() || self.member_id.is_some() || self.cipher_id.is_some()
    }

    fn push_where<'q>(
        &'q self,
        organization_id: &'q str,
        b: &mut sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    ) {
        push_window(
            b,
            "organization_id",
            organization_id,
            (self.since_ms, self.until_ms),
            &self.types,
        );
        match (&self.acting_user_id, &self.member_id) {
            (Some(user), Some(member)) => {
                // Two index lookups rather than an OR the planner may answer
                // with a scan.
                b.push(" AND rowid IN (SELECT rowid FROM events WHERE organization_id = ")
                    .push_bind(organization_id)
                    .push(" AND acting_user_id = ")
                    .push_bind(user)
                    .push(" UNION SELECT rowid FROM events WHERE organization_id = ")
                    .push_bind(organization_id)
                    .push(" AND member_id = ")
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
        count_and_page(
            &self.pool,
            "events",
            |b| query.push_where(organization_id, b),
            query.narrows(),
            (query.limit, query.offset),
        )
        .await
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
        gaps(&self.pool, "event_gaps", "organization_id", organization_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_like_sqlites_julianday() {
        assert_eq!(event_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            event_ms("2026-12-01T10:00:00.1234567Z"),
            Some(1_796_119_200_123)
        );
        assert_eq!(event_ms("2026-12-01T10:00:00.5Z"), Some(1_796_119_200_500));
        assert_eq!(event_ms("2000-02-29T23:59:59Z"), Some(951_868_799_000));
        assert_eq!(event_ms("not a date"), None);
    }

    /// The filter indexes are partial (only where the column is set): a
    /// selective filter must still be answered through its own index, not a
    /// walk through the client's whole log. (A filter most events match, a
    /// device type, is rightly answered newest-first without it.)
    #[tokio::test]
    async fn every_filter_reads_its_own_index() {
        use crate::{CacheKey, ClientDetails, ClientListRow, ClientSource, EventRow};
        let dir = tempfile::tempdir().unwrap();
        let snap = Snapshot::open(&dir.path().join("s.db"), &CacheKey::from_bytes([5; 32]))
            .await
            .unwrap();
        let org = ClientListRow {
            organization_id: "org-1".into(),
            source: ClientSource::Direct,
            provider_id: None,
            provider_organization_id: None,
            name: "One".into(),
            plan: None,
            plan_type: None,
            status: None,
            seats: None,
            occupied_seats: None,
            remaining_seats: None,
            user_count: None,
            wrapped_key: None,
            raw: "{}".into(),
        };
        snap.replace_client_list(ClientSource::Direct, None, &[org], 1)
            .await
            .unwrap();
        // Enough events for the sync's ANALYZE, with each column set on
        // some and empty on others, as in a real log.
        let events = (0..3_000)
            .map(|i| {
                let date = format!("2026-11-{:02}T10:00:{:02}Z", 1 + i % 28, i % 60);
                let optional = |every: usize, text: String| {
                    if i % every == 0 {
                        format!(",{text}")
                    } else {
                        String::new()
                    }
                };
                EventRow {
                    date: date.clone(),
                    event_type: 1000 + (i % 7) as i64,
                    raw: format!(
                        r#"{{"n":{i},"date":"{date}"{}{}{}{}}}"#,
                        optional(2, format!(r#""actingUserId":"u-{}""#, i % 40)),
                        optional(5, format!(r#""organizationUserId":"m-{}""#, i % 40)),
                        optional(3, format!(r#""cipherId":"c-{}""#, i % 90)),
                        optional(1, format!(r#""deviceType":{}"#, i % 4)),
                    ),
                }
            })
            .collect();
        snap.apply_client_details(
            "org-1",
            ClientDetails {
                events,
                ..Default::default()
            },
            2,
        )
        .await
        .unwrap();
        let page = EventQuery {
            limit: 100,
            ..EventQuery::default()
        };
        let cases = [
            (
                EventQuery {
                    cipher_id: Some("c-3".into()),
                    ..page.clone()
                },
                "events_by_item",
            ),
            (
                EventQuery {
                    member_id: Some("m-5".into()),
                    ..page.clone()
                },
                "events_by_member",
            ),
            (
                EventQuery {
                    acting_user_id: Some("u-2".into()),
                    ..page.clone()
                },
                "events_by_actor",
            ),
            (
                EventQuery {
                    acting_user_id: Some("u-2".into()),
                    member_id: Some("m-5".into()),
                    ..page.clone()
                },
                "events_by_member",
            ),
        ];
        for (query, index) in cases {
            let mut sql = page_sql(
                "EXPLAIN QUERY PLAN SELECT date, type, raw FROM events",
                |b| query.push_where("org-1", b),
                query.narrows(),
                (100, 0),
            );
            let plan: Vec<(i64, i64, i64, String)> =
                sql.build_query_as().fetch_all(&snap.pool).await.unwrap();
            let plan: Vec<String> = plan.into_iter().map(|row| row.3).collect();
            assert!(
                plan.iter().any(|step| step.contains(index)),
                "{query:?} should use {index}: {plan:?}"
            );
        }
        let facet: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "EXPLAIN QUERY PLAN SELECT DISTINCT device_type FROM events WHERE organization_id = ? AND device_type IS NOT NULL ORDER BY 1",
        )
        .bind("org-1")
        .fetch_all(&snap.pool)
        .await
        .unwrap();
        assert!(
            facet.iter().any(|row| row.3.contains("events_by_device")),
            "{facet:?}"
        );
    }

    #[test]
    fn columns_read_either_casing() {
        let c = EventColumns::of(r#"{"ActingUserId":"u","cipherId":"c","DeviceType":8}"#);
        assert_eq!(c.acting_user_id.as_deref(), Some("u"));
        assert_eq!(c.cipher_id.as_deref(), Some("c"));
        assert_eq!(c.device_type, Some(8));
        assert!(EventColumns::of("[1]").acting_user_id.is_none());
    }
}
