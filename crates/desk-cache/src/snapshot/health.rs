//! What the health reports keep between runs: breach-range answers by
//! prefix, the TOTP site list, and each client's results and counts. Never a
//! password: results name items and kinds.

use super::Snapshot;
use crate::CacheError;
use crate::rows::{HealthCountRow, HealthFindingRow};

impl Snapshot {
    /// The stored answers of many prefixes at once: prefix → (body, when).
    pub async fn breach_ranges(
        &self,
        prefixes: &[&str],
    ) -> Result<std::collections::HashMap<String, (String, i64)>, CacheError> {
        let mut out = std::collections::HashMap::new();
        for chunk in prefixes.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT prefix, body, fetched_at FROM breach_ranges WHERE prefix IN (",
            );
            let mut list = q.separated(", ");
            for p in chunk {
                list.push_bind(*p);
            }
            q.push(")");
            for (prefix, body, at) in q
                .build_query_as::<(String, String, i64)>()
                .fetch_all(&self.pool)
                .await?
            {
                out.insert(prefix, (body, at));
            }
        }
        Ok(out)
    }

    /// Stores many answers (prefix, body) in one transaction.
    pub async fn put_breach_ranges(
        &self,
        answers: &[(String, String)],
        now: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
        super::details::insert_rows(
            &mut tx,
            "INSERT INTO breach_ranges (prefix, body, fetched_at) ",
            " ON CONFLICT (prefix) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
            answers,
            3,
            |mut b, (prefix, body)| {
                b.push_bind(prefix).push_bind(body).push_bind(now);
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The fetched TOTP site list and when it was fetched (empty: never).
    pub async fn totp_sites(&self) -> Result<(Vec<String>, Option<i64>), CacheError> {
        let rows = sqlx::query_as::<_, (String, i64)>("SELECT domain, fetched_at FROM totp_sites")
            .fetch_all(&self.pool)
            .await?;
        let at = rows.iter().map(|r| r.1).max();
        Ok((rows.into_iter().map(|r| r.0).collect(), at))
    }

    /// Replaces the TOTP site list whole.
    pub async fn put_totp_sites(&self, domains: &[String], now: i64) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM totp_sites")
            .execute(&mut *tx)
            .await?;
        super::details::insert_rows(
            &mut tx,
            "INSERT INTO totp_sites (domain, fetched_at) ",
            " ON CONFLICT DO NOTHING",
            domains,
            2,
            |mut b, d| {
                b.push_bind(d).push_bind(now);
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a client's findings and records its counts; a count from a
    /// newer sync than the stored one moves the stored one to `previous`.
    pub async fn put_health(
        &self,
        organization_id: &str,
        findings: &[HealthFindingRow],
        counts: &[(String, i64)],
        synced_at: i64,
    ) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM health_findings WHERE organization_id = ?")
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        super::details::insert_rows(
            &mut tx,
            "INSERT INTO health_findings (organization_id, item_id, kind, detail) ",
            " ON CONFLICT DO NOTHING",
            findings,
            4,
            |mut b, f| {
                b.push_bind(organization_id)
                    .push_bind(&f.item_id)
                    .push_bind(&f.kind)
                    .push_bind(&f.detail);
            },
        )
        .await?;
        // A kind no longer reported (a policy turned off) has no count.
        let mut stale = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "DELETE FROM health_counts WHERE organization_id = ",
        );
        stale
            .push_bind(organization_id)
            .push(" AND kind NOT IN (''");
        for (kind, _) in counts {
            stale.push(", ").push_bind(kind);
        }
        stale.push(")");
        stale.build().execute(&mut *tx).await?;
        for (kind, count) in counts {
            sqlx::query(
                "INSERT INTO health_counts (organization_id, kind, count, previous, synced_at) VALUES (?1, ?2, ?3, NULL, ?4)
                 ON CONFLICT (organization_id, kind) DO UPDATE SET
                   previous = CASE WHEN health_counts.synced_at < excluded.synced_at
                                   THEN health_counts.count ELSE health_counts.previous END,
                   count = excluded.count,
                   synced_at = max(health_counts.synced_at, excluded.synced_at)",
            )
            .bind(organization_id)
            .bind(kind)
            .bind(count)
            .bind(synced_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Each item's kept strength score and the revision it was made for.
    pub async fn password_scores(
        &self,
        organization_id: &str,
    ) -> Result<Vec<(String, Option<String>, i64)>, CacheError> {
        Ok(sqlx::query_as::<_, (String, Option<String>, i64)>(
            "SELECT item_id, revision, score FROM password_scores WHERE organization_id = ?",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces a client's kept strength scores.
    pub async fn put_password_scores(
        &self,
        organization_id: &str,
        scores: &[(String, Option<String>, i64)],
    ) -> Result<(), CacheError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM password_scores WHERE organization_id = ?")
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        super::details::insert_rows(
            &mut tx,
            "INSERT INTO password_scores (organization_id, item_id, revision, score) ",
            " ON CONFLICT DO NOTHING",
            scores,
            4,
            |mut b, (id, revision, score)| {
                b.push_bind(organization_id)
                    .push_bind(id)
                    .push_bind(revision)
                    .push_bind(*score);
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Items' revision dates by id.
    pub async fn item_revisions(
        &self,
        organization_id: &str,
    ) -> Result<Vec<(String, Option<String>)>, CacheError> {
        Ok(sqlx::query_as::<_, (String, Option<String>)>(
            "SELECT id, revision_date FROM items WHERE organization_id = ?",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A client's stored findings.
    pub async fn health_findings(
        &self,
        organization_id: &str,
    ) -> Result<Vec<HealthFindingRow>, CacheError> {
        Ok(sqlx::query_as::<_, HealthFindingRow>(
            "SELECT item_id, kind, detail FROM health_findings WHERE organization_id = ? ORDER BY kind, item_id",
        )
        .bind(organization_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every client's stored counts.
    pub async fn health_counts(&self) -> Result<Vec<HealthCountRow>, CacheError> {
        Ok(sqlx::query_as::<_, HealthCountRow>(
            "SELECT organization_id, kind, count, previous, synced_at FROM health_counts ORDER BY organization_id, kind",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
