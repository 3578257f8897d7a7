//! Events (`organizations/{id}/events`, `providers/{id}/events`, …).

use super::Raw;
use serde::{Deserialize, Serialize};

/// `event`. The date is required: an event without one cannot be placed
/// or paged past.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Event {
    #[serde(default)]
    pub object: String,
    /// EventType (the list keeps growing: unknown numbers are normal).
    #[serde(default, rename = "type")]
    pub event_type: i64,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub cipher_id: Option<String>,
    #[serde(default)]
    pub collection_id: Option<String>,
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub policy_id: Option<String>,
    #[serde(default)]
    pub organization_user_id: Option<String>,
    #[serde(default)]
    pub provider_user_id: Option<String>,
    #[serde(default)]
    pub provider_organization_id: Option<String>,
    #[serde(default)]
    pub acting_user_id: Option<String>,
    #[serde(default)]
    pub installation_id: Option<String>,
    pub date: String,
    /// DeviceType.
    #[serde(default)]
    pub device_type: Option<i64>,
    #[serde(default)]
    pub ip_address: Option<String>,
    /// EventSystemUser.
    #[serde(default)]
    pub system_user: Option<i64>,
    #[serde(default)]
    pub domain_name: Option<String>,
    #[serde(default)]
    pub secret_id: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub service_account_id: Option<String>,
    #[serde(default)]
    pub granted_service_account_id: Option<String>,
    #[serde(default)]
    pub send_id: Option<String>,
}

/// One page of an events route (50 events at most on the real server).
#[derive(Debug, Clone)]
pub struct EventPage {
    /// The events, each with its raw JSON.
    pub events: Vec<Raw<Event>>,
    /// Pass back (with the same range) for the next page; `None` at the end.
    pub continuation_token: Option<String>,
}

/// Which events, from when to when, and where the last page stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRange<'a> {
    /// ISO-8601 start.
    pub start: &'a str,
    /// ISO-8601 end.
    pub end: &'a str,
    /// The previous page's continuation token.
    pub continuation: Option<&'a str>,
}
