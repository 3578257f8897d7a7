//! Plain data going in and out of the snapshot. The sync engine builds these
//! from the server's responses; views read them back.

/// Where an organization comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientSource {
    /// A client of one of the account's providers.
    Provider,
    /// An organization the account administers as a member.
    Direct,
}

impl ClientSource {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ClientSource::Provider => "provider",
            ClientSource::Direct => "direct",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "provider" => Some(ClientSource::Provider),
            "direct" => Some(ClientSource::Direct),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    pub user_type: i64,
    pub status: i64,
    pub use_events: bool,
    pub raw: String,
}

/// One row of the client list, as the list request returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientListRow {
    pub organization_id: String,
    pub source: ClientSource,
    pub provider_id: Option<String>,
    pub provider_organization_id: Option<String>,
    pub name: String,
    pub plan: Option<String>,
    pub plan_type: Option<i64>,
    pub status: Option<i64>,
    pub seats: Option<i64>,
    pub occupied_seats: Option<i64>,
    pub remaining_seats: Option<i64>,
    pub user_count: Option<i64>,
    pub wrapped_key: Option<String>,
    pub raw: String,
}

/// A client as the snapshot holds it, with the times that say how old it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub list: ClientListRow,
    /// When the client list last contained this client (Unix ms).
    pub listed_at: i64,
    /// When its details (members, items, events...) were last synced in full.
    pub synced_at: Option<i64>,
    pub last_error: Option<ClientError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    pub code: String,
    pub message: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    #[sqlx(rename = "type")]
    pub member_type: i64,
    pub status: i64,
    pub two_factor: bool,
    pub recovery_enrolled: bool,
    pub raw: String,
}

/// A member's public key as the last sync saw it (members waiting for
/// confirmation only).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberKeyRow {
    pub member_id: String,
    pub user_id: String,
    pub public_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NamedRow {
    pub id: String,
    /// Groups: plain text. Collections: the EncString as sent.
    pub name: String,
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PolicyRow {
    #[sqlx(rename = "type")]
    pub policy_type: i64,
    pub enabled: bool,
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub id: String,
    #[sqlx(rename = "type")]
    pub item_type: i64,
    pub revision_date: Option<String>,
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub date: String,
    #[sqlx(rename = "type")]
    pub event_type: i64,
    pub raw: String,
}

/// Everything one client's detail sync produced, written in one transaction:
/// either all of it lands or the previous snapshot of the client stays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientDetails {
    pub members: Vec<MemberRow>,
    /// Public keys of accepted members.
    pub member_keys: Vec<MemberKeyRow>,
    pub groups: Vec<NamedRow>,
    pub collections: Vec<NamedRow>,
    pub policies: Vec<PolicyRow>,
    pub items: Vec<ItemRow>,
    /// The server refused to list the items (Bitwarden's provider-user
    /// rule): the stored items stay as they were and the client is marked.
    pub items_refused: bool,
    /// New events; duplicates of stored ones are ignored.
    pub events: Vec<EventRow>,
    /// The end of the event window now fully stored (next sync starts here).
    pub events_until: Option<String>,
    /// Ranges inside that window the sync could not read whole (the page
    /// cap was reached, or a server could not page past one instant):
    /// `(start, end)`.
    pub event_gaps: Vec<(String, String)>,
    /// The organization's own subscription (raw), when the server gave it.
    pub billing: Option<String>,
    /// Why the server did not give it (its own words), when it refused.
    pub billing_error: Option<String>,
}

impl ClientDetails {
    /// Rows to write: what a client's details weigh in memory, roughly.
    pub fn rows(&self) -> usize {
        self.members.len()
            + self.member_keys.len()
            + self.groups.len()
            + self.collections.len()
            + self.policies.len()
            + self.items.len()
            + self.events.len()
    }
}

/// How much of a client the snapshot holds, for the Admin Console summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DetailCounts {
    pub items: i64,
    pub collections: i64,
    pub groups: i64,
    pub policies: i64,
    pub events: i64,
}

/// The last sync run that finished, whatever its outcome.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FinishedRun {
    pub finished_at: i64,
    /// `success`, `partial`, `failed` or `cancelled`.
    pub outcome: String,
    pub errors: i64,
}

/// Member counts by status, for the Admin Console summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberCounts {
    pub invited: i64,
    pub accepted: i64,
    pub confirmed: i64,
    pub revoked: i64,
    pub other: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    Success,
    Partial,
    Failed,
    Cancelled,
}

impl RunOutcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Success => "success",
            RunOutcome::Partial => "partial",
            RunOutcome::Failed => "failed",
            RunOutcome::Cancelled => "cancelled",
        }
    }
}

/// A range of events a sync could not read whole.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventGapRow {
    pub start: String,
    pub end: String,
    pub recorded_at: i64,
}

/// One report result: an item and why (never a password).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HealthFindingRow {
    pub item_id: String,
    pub kind: String,
    pub detail: Option<String>,
}

/// A client's count of one report kind, and the one from the sync before.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HealthCountRow {
    pub organization_id: String,
    pub kind: String,
    pub count: i64,
    pub previous: Option<i64>,
    pub synced_at: i64,
}

/// A provider user as the provider's user list gives it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderUserRow {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    #[sqlx(rename = "type")]
    pub user_type: i64,
    pub status: i64,
    pub raw: String,
}

/// What one sync of a provider's own data read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderDetails {
    /// `None`: not read this time (the stored list stays).
    pub users: Option<Vec<ProviderUserRow>>,
    pub events: Vec<EventRow>,
    pub events_until: Option<String>,
    pub event_gaps: Vec<(String, String)>,
}

/// One part of the provider's billing as a sync read it: the server's raw
/// answer, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fetched {
    pub raw: Option<String>,
    pub error: Option<String>,
}

/// The provider's business details and billing, as one sync read them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderBillingRow {
    pub details: Fetched,
    pub subscription: Fetched,
    pub invoices: Fetched,
    pub address: Fetched,
    pub warnings: Fetched,
    /// When it was read (ms since the epoch).
    pub synced_at: i64,
}
