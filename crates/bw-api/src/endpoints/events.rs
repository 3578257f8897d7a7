//! Events, one page at a time (50 events a page on the real server; pass
//! the continuation token back with the same range until it is `None`).
//! Dates are ISO-8601 in UTC; a range over 367 days is refused.
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/events` | [`BwClient::organization_events`] |
//! | `GET organizations/{id}/users/{id}/events` | [`BwClient::member_events`] |
//! | `GET providers/{id}/events` | [`BwClient::provider_events`] |
//! | `GET providers/{id}/users/{id}/events` | [`BwClient::provider_user_events`] |

use crate::client::{ApiError, BwClient};
use crate::wire::events::{EventPage, EventRange};

impl BwClient {
    /// An organization's events (AccessEventLogs; provider users may).
    pub async fn organization_events(
        &self,
        organization_id: &str,
        range: EventRange<'_>,
    ) -> Result<EventPage, ApiError> {
        let route = self.org_route(organization_id, &["events"])?;
        self.events_page(route, range.start, range.end, range.continuation)
            .await
    }

    /// The events one member performed.
    pub async fn member_events(
        &self,
        organization_id: &str,
        member_id: &str,
        range: EventRange<'_>,
    ) -> Result<EventPage, ApiError> {
        let route = self.org_route(organization_id, &["users", member_id, "events"])?;
        self.events_page(route, range.start, range.end, range.continuation)
            .await
    }

    /// A provider's events (ProviderAdmin only; 404 otherwise).
    pub async fn provider_events(
        &self,
        provider_id: &str,
        range: EventRange<'_>,
    ) -> Result<EventPage, ApiError> {
        let route = self.provider_route(provider_id, &["events"])?;
        self.events_page(route, range.start, range.end, range.continuation)
            .await
    }

    /// The events one provider user performed (ProviderAdmin only).
    pub async fn provider_user_events(
        &self,
        provider_id: &str,
        provider_user_id: &str,
        range: EventRange<'_>,
    ) -> Result<EventPage, ApiError> {
        let route = self.provider_route(provider_id, &["users", provider_user_id, "events"])?;
        self.events_page(route, range.start, range.end, range.continuation)
            .await
    }
}
