//! The provider's own data beside its clients: its users and its event log.

use super::Snapshot;
use super::details::insert_rows;
use super::events::{Filter, count_and_page, gaps, insert_events, insert_gaps, push_window};
use crate::CacheError;
use crate::rows::{EventGapRow, EventRow, ProviderDetails, ProviderUserRow};

/// Which provider events (all conditions together).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderEventQuery {
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub types: Vec<i64>,
    /// Done by this user id, or done to this provider user.
    pub acting_user_id: Option<String>,
    pub provider_user_id: Option<String>,
    /// About this client: (its provider-organization id, its organization
    /// id); an event may carry either.
    pub client: Option<(String, String)>,
    pub device_type: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

impl ProviderEventQuery {
    fn push_where<'q>(
        &'q self,
        provider_id: &'q str,
        b: &mut sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    ) {
        push_window(
            b,
            "provider_id",
            provider_id,
            (self.since_ms, self.until_ms),
            &self.types,
        );
        match (&self.acting_user_id, &self.provider_user_id) {
            (Some(user), Some(member)) => {
                b.push(" AND (acting_user_id = ")
                    .push_bind(user)
                    .push(" OR provider_user_id = ")
                    .push_bind(member)
                    .push(")");
            }
            (Some(user), None) => {
                b.push(" AND acting_user_id = ").push_bind(user);
            }
            (None, Some(member)) => {
                b.push(" AND provider_user_id = ").push_bind(member);
            }
            (None, None) => {}
        }
        if let Some((provider_org, org)) = &self.client {
            b.push(" AND (provider_organization_id = ")
                .push_bind(provider_org)
                .push(" OR organization_id = ")
                .push_bind(org)
                .push(")");
        }
        if let Some(device) = self.device_type {
            b.push(" AND device_type = ").push_bind(device);
        }
    }
}

impl Snapshot {
    /// Stores one sync of a provider's users and new events, in one
    /// transaction.
    pub async fn apply_provider_details(
        &self,
        provider_id: &str,
        details: &ProviderDetails,
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
        if let Some(users) = &details.users {
            sqlx::query("DELETE FROM provider_users WHERE provider_id = ?")
                .bind(provider_id)
                .execute(&mut *tx)
                .await?;
            insert_rows(
                &mut tx,
                "INSERT INTO provider_users (provider_id, id, user_id, email, name, type, status, raw) ",
                " ON CONFLICT DO NOTHING",
                users,
                8,
                |mut b, u| {
                    b.push_bind(provider_id)
                        .push_bind(&u.id)
                        .push_bind(&u.user_id)
                        .push_bind(&u.email)
                        .push_bind(&u.name)
                        .push_bind(u.user_type)
                        .push_bind(u.status)
                        .push_bind(&u.raw);
                },
            )
            .await?;
        }
        insert_events(
            &mut tx,
            "provider_events",
            "provider_id",
            provider_id,
            &details.events,
            &[
                Filter::ActingUser,
                Filter::ProviderUser,
                Filter::ProviderOrganization,
                Filter::Organization,
                Filter::Device,
            ],
        )
        .await?;
        insert_gaps(
            &mut tx,
            "provider_event_gaps",
            "provider_id",
            provider_id,
            &details.event_gaps,
            now,
        )
        .await?;
        if let Some(until) = &details.events_until {
            sqlx::query(
                "INSERT INTO provider_sync (provider_id, events_until) VALUES (?, ?)
                 ON CONFLICT (provider_id) DO UPDATE SET events_until = excluded.events_until",
            )
            .bind(provider_id)
            .bind(until)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ranges of the provider's log a sync could not read whole.
    pub async fn provider_event_gaps(
        &self,
        provider_id: &str,
    ) -> Result<Vec<EventGapRow>, CacheError> {
        gaps(
            &self.pool,
            "provider_event_gaps",
            "provider_id",
            provider_id,
        )
        .await
    }

    /// Where the next provider event sync starts.
    pub async fn provider_events_until(
        &self,
        provider_id: &str,
    ) -> Result<Option<String>, CacheError> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT events_until FROM provider_sync WHERE provider_id = ?",
        )
        .bind(provider_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    pub async fn provider_users(
        &self,
        provider_id: &str,
    ) -> Result<Vec<ProviderUserRow>, CacheError> {
        Ok(sqlx::query_as::<_, ProviderUserRow>(
            "SELECT id, user_id, email, name, type, status, raw FROM provider_users
             WHERE provider_id = ? ORDER BY coalesce(name, email) COLLATE NOCASE, id",
        )
        .bind(provider_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Provider events matching `query`, newest first, and how many match.
    pub async fn query_provider_events(
        &self,
        provider_id: &str,
        query: &ProviderEventQuery,
    ) -> Result<(i64, Vec<EventRow>), CacheError> {
        // Its one index is newest first; no filter narrows by an index.
        count_and_page(
            &self.pool,
            "provider_events",
            |b| query.push_where(provider_id, b),
            false,
            (query.limit, query.offset),
        )
        .await
    }
}
