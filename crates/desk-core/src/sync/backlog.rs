//! How much fetched data may wait for the snapshot's writer.

use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Rows (members, items, events…) of fetched clients that wait for the
/// writer, bounded: a first sync of large clients (tens of thousands of
/// events each) keeps a bounded amount in memory, not every fetched client's
/// worth. A client larger than the bound waits until it is alone.
#[derive(Clone)]
pub(super) struct Backlog {
    rows: Arc<Semaphore>,
    bound: u32,
}

impl Backlog {
    pub(super) fn new(bound: u32) -> Self {
        Backlog {
            // Owned permits: a borrowed one's lifetime in the sync's stream
            // items makes its future's Send-ness higher-ranked.
            rows: Arc::new(Semaphore::new(bound as usize)),
            bound,
        }
    }

    /// Waits until `rows` more fit, and holds them until the permit is
    /// dropped (the client is written).
    pub(super) async fn admit(&self, rows: usize) -> Option<OwnedSemaphorePermit> {
        let rows = u32::try_from(rows).unwrap_or(u32::MAX).min(self.bound);
        // Fails only on a closed semaphore, and this one is never closed.
        self.rows.clone().acquire_many_owned(rows).await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Whether `admit` gets through within a moment (it does not when the
    /// backlog is full).
    async fn admitted_now(backlog: &Backlog, rows: usize) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(Duration::from_millis(50), backlog.admit(rows))
            .await
            .ok()
            .flatten()
    }

    #[tokio::test]
    async fn clients_wait_while_the_rows_waiting_for_the_writer_are_at_the_bound() {
        let backlog = Backlog::new(10);
        let first = admitted_now(&backlog, 6).await.expect("room for the first");
        let second = admitted_now(&backlog, 4)
            .await
            .expect("exactly at the bound");
        assert!(admitted_now(&backlog, 1).await.is_none(), "past the bound");
        // Empty clients pass whatever waits.
        assert!(admitted_now(&backlog, 0).await.is_some());
        drop(first);
        let third = admitted_now(&backlog, 6)
            .await
            .expect("the first was written");
        assert!(admitted_now(&backlog, 1).await.is_none());
        drop((second, third));
        assert!(admitted_now(&backlog, 10).await.is_some());
    }

    #[tokio::test]
    async fn a_client_larger_than_the_bound_waits_until_it_is_alone() {
        let backlog = Backlog::new(10);
        let small = admitted_now(&backlog, 1).await.expect("room");
        assert!(
            admitted_now(&backlog, 1_000).await.is_none(),
            "waits for the others"
        );
        drop(small);
        let large = admitted_now(&backlog, 1_000).await.expect("alone, it goes");
        assert!(admitted_now(&backlog, 1).await.is_none(), "and fills it");
        drop(large);
        // Row counts past u32 are clamped too, not wrapped.
        assert!(admitted_now(&backlog, usize::MAX).await.is_some());
    }
}
