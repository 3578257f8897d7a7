//! Billing. Seat changes of a consolidated-billing client go through
//! [`BwClient::update_client`]; the org seat routes are for organizations
//! with their own subscription (both are cloud only).
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/subscription` | [`BwClient::organization_subscription`] |
//! | `POST organizations/{id}/seat` | [`BwClient::adjust_organization_seats`] |
//! | `POST organizations/{id}/subscription` | [`BwClient::update_organization_subscription`] |
//! | `GET organizations/{id}/billing/vnext/metadata` | [`BwClient::organization_billing_metadata`] |
//! | `GET providers/{id}/billing/subscription` | [`BwClient::provider_subscription`] |
//! | `GET providers/{id}/billing/invoices` | [`BwClient::provider_invoices`] |
//! | `GET providers/{id}/billing/invoices/{id}` (CSV) | [`BwClient::provider_invoice_csv`] |
//! | `GET providers/{id}/billing/vnext/address` | [`BwClient::provider_billing_address`] |
//! | `PUT providers/{id}/billing/vnext/address` | [`BwClient::update_provider_billing_address`] |
//! | `GET providers/{id}/billing/vnext/warnings` | [`BwClient::provider_billing_warnings`] |
//! | `GET organizations/{id}` | [`BwClient::organization`] |
//! | `PUT organizations/{id}` | [`BwClient::update_organization`] |

use crate::client::{ApiError, BwClient, decode};
use crate::wire::Raw;
use crate::wire::billing::{
    BillingAddress, BillingMetadata, Invoices, OrganizationBilling, OrganizationSubscription,
    OrganizationUpdateRequest, PaymentResponse, ProviderSubscription, ProviderWarnings,
    SeatAdjustmentRequest, SubscriptionUpdateRequest,
};
use reqwest::Method;
use serde_json::Value;

impl BwClient {
    /// An organization's plan, seats and own subscription (none for a
    /// consolidated-billing client), with the raw answer for the snapshot.
    pub async fn organization_subscription(
        &self,
        organization_id: &str,
    ) -> Result<Raw<OrganizationSubscription>, ApiError> {
        self.get_raw(&self.org_route(organization_id, &["subscription"])?)
            .await
    }

    /// Adds (or, negative, removes) seats of an organization with its own
    /// subscription.
    pub async fn adjust_organization_seats(
        &self,
        organization_id: &str,
        seat_adjustment: i64,
    ) -> Result<PaymentResponse, ApiError> {
        let route = self.org_route(organization_id, &["seat"])?;
        let body = SeatAdjustmentRequest { seat_adjustment };
        match self.write(Method::POST, &route, Some(&body)).await? {
            // Some versions answer 200 empty: the change went through.
            Value::Null => Ok(PaymentResponse {
                success: true,
                payment_intent_client_secret: None,
            }),
            value => decode(route.what(), value),
        }
    }

    /// Changes seats and the autoscale ceiling of an organization with its
    /// own subscription.
    pub async fn update_organization_subscription(
        &self,
        organization_id: &str,
        request: &SubscriptionUpdateRequest,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &["subscription"])?;
        self.write_empty(Method::POST, &route, Some(request)).await
    }

    /// Occupied seats as billing counts them.
    pub async fn organization_billing_metadata(
        &self,
        organization_id: &str,
    ) -> Result<BillingMetadata, ApiError> {
        let route = self.org_route(organization_id, &["billing", "vnext", "metadata"])?;
        self.get(&route).await
    }

    /// The provider's subscription: plans with purchased and assigned seats.
    pub async fn provider_subscription(
        &self,
        provider_id: &str,
    ) -> Result<ProviderSubscription, ApiError> {
        self.get(&self.provider_route(provider_id, &["billing", "subscription"])?)
            .await
    }

    /// The provider's invoices, newest first (ProviderAdmin).
    pub async fn provider_invoices(&self, provider_id: &str) -> Result<Invoices, ApiError> {
        self.get(&self.provider_route(provider_id, &["billing", "invoices"])?)
            .await
    }

    /// One invoice's per-client report: CSV, as the bytes the server sent
    /// (ProviderAdmin).
    pub async fn provider_invoice_csv(
        &self,
        provider_id: &str,
        invoice_id: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let route = self.provider_route(provider_id, &["billing", "invoices", invoice_id])?;
        self.get_bytes(&route).await
    }

    /// What Bitwarden warns the provider about (a suspension, a missing or
    /// unverified tax id); service users may read it too.
    pub async fn provider_billing_warnings(
        &self,
        provider_id: &str,
    ) -> Result<ProviderWarnings, ApiError> {
        let route = self.provider_route(provider_id, &["billing", "vnext", "warnings"])?;
        self.get(&route).await
    }

    /// An organization's name, business name and billing e-mail (the
    /// fields its Billing page edits), with the raw answer.
    pub async fn organization(
        &self,
        organization_id: &str,
    ) -> Result<Raw<OrganizationBilling>, ApiError> {
        self.get_raw(&self.org_route(organization_id, &[])?).await
    }

    /// Changes an organization's name, business name and billing e-mail
    /// (the billing e-mail needs subscription rights: the provider's, for a
    /// client it manages).
    pub async fn update_organization(
        &self,
        organization_id: &str,
        request: &OrganizationUpdateRequest,
    ) -> Result<(), ApiError> {
        let route = self.org_route(organization_id, &[])?;
        self.write_empty(Method::PUT, &route, Some(request)).await
    }

    /// The provider's billing address and tax id (ProviderAdmin).
    pub async fn provider_billing_address(
        &self,
        provider_id: &str,
    ) -> Result<BillingAddress, ApiError> {
        let route = self.provider_route(provider_id, &["billing", "vnext", "address"])?;
        self.get(&route).await
    }

    /// Replaces the provider's billing address and tax id (ProviderAdmin).
    pub async fn update_provider_billing_address(
        &self,
        provider_id: &str,
        address: &BillingAddress,
    ) -> Result<(), ApiError> {
        let route = self.provider_route(provider_id, &["billing", "vnext", "address"])?;
        self.write_empty(Method::PUT, &route, Some(address)).await
    }
}
