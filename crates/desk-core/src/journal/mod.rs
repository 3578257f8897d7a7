//! The change journal: what each sync found changed per client since the
//! previous one — members, policies, collections, items, seats, plan, and
//! clients joining or leaving the list. Sync writes it (desk-cache records
//! it in the transaction that replaces the data); this feature reads it for
//! "what changed since the last review" (works offline).

mod since;
mod view;

pub use since::parse_since;
pub use view::{ChangeKind, ChangeValue, ChangeView};

use crate::core::Core;
use crate::error::AppError;

impl Core {
    /// Journal entries, newest sync first, of one client (its organization
    /// id: the history of a client no longer listed stays reachable) or of
    /// all, at or after `since` (Unix ms).
    pub async fn changes(
        &self,
        client: Option<&str>,
        since: Option<i64>,
    ) -> Result<Vec<ChangeView>, AppError> {
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.changes(client, since).await?;
        Ok(rows.into_iter().map(ChangeView::of).collect())
    }
}
