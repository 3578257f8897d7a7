//! Sync runs: when each started and finished, how, and the errors met; an
//! unfinished run tells the next sync where to resume.

use super::Snapshot;
use crate::CacheError;
use crate::rows::*;

impl Snapshot {
    pub async fn start_run(&self, now: i64, clients_total: i64) -> Result<i64, CacheError> {
        let result = sqlx::query("INSERT INTO sync_runs (started_at, clients_total) VALUES (?, ?)")
            .bind(now)
            .bind(clients_total)
            .execute(&self.writer)
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
        .execute(&self.writer)
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
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The newest run that finished, with its error count (the status bar's
    /// "last sync").
    pub async fn last_finished_run(&self) -> Result<Option<FinishedRun>, CacheError> {
        Ok(sqlx::query_as::<_, FinishedRun>(
            "SELECT r.finished_at, coalesce(r.outcome, 'failed') AS outcome,
                    (SELECT count(*) FROM sync_errors e WHERE e.run_id = r.id) AS errors
             FROM sync_runs r WHERE r.finished_at IS NOT NULL ORDER BY r.id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?)
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
}
