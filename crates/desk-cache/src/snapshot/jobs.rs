//! The write queue: every change sent to a server is a row here before it is
//! sent. States move pending → applying → done | failed | conflict, and a
//! job found `applying` after a crash is one whose request may or may not
//! have reached the server: the core looks before it resends.

use super::Snapshot;
use crate::CacheError;

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Planned, not sent yet (or to be tried again).
    Pending,
    /// Its request is being sent, or was when the process stopped.
    Applying,
    Done,
    /// The server refused it, or it cannot be known whether it applied.
    Failed,
    /// The server's state changed since the plan: nothing was overwritten.
    Conflict,
    /// The user dropped it.
    Discarded,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Applying => "applying",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Conflict => "conflict",
            JobState::Discarded => "discarded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "pending" => JobState::Pending,
            "applying" => JobState::Applying,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            "conflict" => JobState::Conflict,
            "discarded" => JobState::Discarded,
            _ => return None,
        })
    }
}

/// A job to add to the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub organization_id: Option<String>,
    pub kind: String,
    /// The planned operation (JSON).
    pub operation: String,
    pub description: String,
    /// The server state the plan was made against (JSON).
    pub expected: Option<String>,
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub id: i64,
    pub batch: String,
    pub organization_id: Option<String>,
    pub kind: String,
    pub operation: String,
    pub description: String,
    pub expected: Option<String>,
    pub state: JobState,
    pub attempts: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub not_before: Option<i64>,
    pub result: Option<String>,
}

#[derive(sqlx::FromRow)]
struct JobRecord {
    id: i64,
    batch: String,
    organization_id: Option<String>,
    kind: String,
    operation: String,
    description: String,
    expected: Option<String>,
    state: String,
    attempts: i64,
    created_at: i64,
    updated_at: i64,
    not_before: Option<i64>,
    result: Option<String>,
}

impl TryFrom<JobRecord> for JobRow {
    type Error = CacheError;

    fn try_from(r: JobRecord) -> Result<Self, CacheError> {
        let state = JobState::parse(&r.state).ok_or_else(|| CacheError::Corrupt {
            what: "jobs.state",
            detail: r.state.clone(),
        })?;
        Ok(JobRow {
            id: r.id,
            batch: r.batch,
            organization_id: r.organization_id,
            kind: r.kind,
            operation: r.operation,
            description: r.description,
            expected: r.expected,
            state,
            attempts: r.attempts,
            created_at: r.created_at,
            updated_at: r.updated_at,
            not_before: r.not_before,
            result: r.result,
        })
    }
}

const JOB_SELECT: &str = "SELECT id, batch, organization_id, kind, operation, description, expected, state, attempts, created_at, updated_at, not_before, result FROM jobs";

/// Finished jobs older than this are forgotten (the queue view shows recent work).
const KEEP_FINISHED_MS: i64 = 30 * 24 * 60 * 60 * 1000;

impl Snapshot {
    /// Adds the jobs of one user action in one transaction, in order;
    /// returns their ids.
    pub async fn enqueue_jobs(
        &self,
        batch: &str,
        jobs: &[NewJob],
        now: i64,
    ) -> Result<Vec<i64>, CacheError> {
        let mut tx = self.writer.begin().await?;
        let mut ids = Vec::with_capacity(jobs.len());
        for job in jobs {
            let result = sqlx::query(
                "INSERT INTO jobs (batch, organization_id, kind, operation, description, expected, state, attempts, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
            )
            .bind(batch)
            .bind(&job.organization_id)
            .bind(&job.kind)
            .bind(&job.operation)
            .bind(&job.description)
            .bind(&job.expected)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            ids.push(result.last_insert_rowid());
        }
        sqlx::query("DELETE FROM jobs WHERE state IN ('done', 'discarded') AND updated_at < ?")
            .bind(now.saturating_sub(KEEP_FINISHED_MS))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Every job, oldest first (`states` empty: all states).
    pub async fn jobs(&self, states: &[JobState]) -> Result<Vec<JobRow>, CacheError> {
        let records = sqlx::query_as::<_, JobRecord>(&format!("{JOB_SELECT} ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        records
            .into_iter()
            .map(JobRow::try_from)
            .filter(|row| match row {
                Ok(row) => states.is_empty() || states.contains(&row.state),
                Err(_) => true,
            })
            .collect()
    }

    pub async fn job(&self, id: i64) -> Result<Option<JobRow>, CacheError> {
        sqlx::query_as::<_, JobRecord>(&format!("{JOB_SELECT} WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(JobRow::try_from)
            .transpose()
    }

    /// Moves a job from one state to another if it is still in `from`;
    /// returns whether it moved. This is the queue's only lock: two
    /// processes cannot both claim one job.
    pub async fn move_job(
        &self,
        id: i64,
        from: &[JobState],
        to: JobState,
        update: JobUpdate<'_>,
        now: i64,
    ) -> Result<bool, CacheError> {
        let placeholders = vec!["?"; from.len().max(1)].join(", ");
        let sql = format!(
            "UPDATE jobs SET state = ?, updated_at = ?,
                 attempts = attempts + ?,
                 result = coalesce(?, result),
                 not_before = ?
             WHERE id = ? AND state IN ({placeholders})"
        );
        let mut query = sqlx::query(&sql)
            .bind(to.as_str())
            .bind(now)
            .bind(i64::from(update.attempt))
            .bind(update.result)
            .bind(update.not_before)
            .bind(id);
        if from.is_empty() {
            query = query.bind("");
        }
        for state in from {
            query = query.bind(state.as_str());
        }
        Ok(query.execute(&self.writer).await?.rows_affected() == 1)
    }
}

/// What else changes with a job's state.
#[derive(Debug, Clone, Copy, Default)]
pub struct JobUpdate<'a> {
    /// Counts as an attempt (the request is about to be sent).
    pub attempt: bool,
    /// What the server answered (JSON); `None` keeps the last one.
    pub result: Option<&'a str>,
    /// Not to be tried before this time (ms); `None` clears it.
    pub not_before: Option<i64>,
}
