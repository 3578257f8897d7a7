//! Billing: an organization's subscription and seats, a provider's
//! subscription, invoices and billing address. The provider routes answer
//! raw camelCase records (no `object`, no list envelope).

use serde::{Deserialize, Serialize};

/// A subscription item (`subscription.items[]` of an org subscription).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SubscriptionItem {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub interval: Option<String>,
    #[serde(default)]
    pub addon_subscription_item: bool,
}

/// `subscription` of an org subscription (null for consolidated-billing
/// clients, which have none of their own).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationStripeSubscription {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub period_start_date: Option<String>,
    #[serde(default)]
    pub period_end_date: Option<String>,
    #[serde(default)]
    pub cancelled_date: Option<String>,
    #[serde(default)]
    pub cancel_at_end_date: bool,
    #[serde(default)]
    pub cancelled: bool,
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub items: Vec<SubscriptionItem>,
    #[serde(default)]
    pub collection_method: Option<String>,
}

/// `GET organizations/{id}/subscription`: the organization's fields plus its
/// own subscription. Only what the desk shows is read; the raw JSON keeps
/// the rest.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationSubscription {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// PlanType.
    #[serde(default)]
    pub plan_type: Option<i64>,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub max_autoscale_seats: Option<i64>,
    #[serde(default)]
    pub storage_gb: Option<f64>,
    #[serde(default)]
    pub subscription: Option<OrganizationStripeSubscription>,
    #[serde(default)]
    pub upcoming_invoice: Option<UpcomingInvoice>,
    #[serde(default)]
    pub expiration: Option<String>,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub billing_email: Option<String>,
}

/// `upcomingInvoice` of an org subscription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct UpcomingInvoice {
    pub amount: Option<f64>,
    pub date: Option<String>,
}

/// `GET organizations/{id}`: the fields an organization's Billing page
/// shows and edits (the raw JSON keeps the rest).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationBilling {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub billing_email: Option<String>,
}

/// `PUT organizations/{id}`: name (≤ 50), business name (≤ 50; newer
/// servers ignore it) and billing e-mail (required).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct OrganizationUpdateRequest {
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: String,
}

/// `POST organizations/{id}/seat`: a seat change (delta, non-zero) for an
/// org with its own subscription (not a consolidated-billing client).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatAdjustmentRequest {
    /// Seats to add (negative: remove).
    pub seat_adjustment: i64,
}

/// `POST organizations/{id}/subscription`: a seat change plus the autoscale
/// ceiling.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionUpdateRequest {
    /// Seats to add (negative: remove).
    pub seat_adjustment: i64,
    /// The most seats autoscaling may reach; null for no limit.
    pub max_autoscale_seats: Option<i64>,
}

/// The answer to a seat change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentResponse {
    /// Whether the change went through.
    #[serde(default)]
    pub success: bool,
    /// Set when the card needs a further step in the web vault.
    #[serde(default)]
    pub payment_intent_client_secret: Option<String>,
}

/// `GET organizations/{id}/billing/vnext/metadata` (raw record).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct BillingMetadata {
    pub is_on_secrets_manager_standalone: bool,
    pub organization_occupied_seats: i64,
}

/// A plan of the provider subscription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProviderPlan {
    pub plan_name: String,
    /// PlanType.
    #[serde(rename = "type")]
    pub plan_type: i64,
    /// ProductTierType.
    pub product_tier: i64,
    pub seat_minimum: i64,
    pub purchased_seats: i64,
    pub assigned_seats: i64,
    pub cost: f64,
    /// `"Monthly"` or `"Annual"`.
    pub cadence: String,
}

/// Tax information of the provider subscription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct TaxInformation {
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub tax_id: Option<String>,
    pub tax_id_type: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
}

/// `GET providers/{id}/billing/subscription` (raw record).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProviderSubscription {
    pub status: String,
    pub current_period_end_date: Option<String>,
    pub discount_percentage: Option<f64>,
    pub collection_method: String,
    #[serde(deserialize_with = "super::null_as_default")]
    pub plans: Vec<ProviderPlan>,
    pub account_credit: f64,
    pub tax_information: Option<TaxInformation>,
    pub cancel_at: Option<String>,
    pub suspension: Option<serde_json::Value>,
    /// ProviderType.
    pub provider_type: i64,
    pub payment_source: Option<serde_json::Value>,
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Invoice {
    pub id: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub total: f64,
    /// `"open"`, `"paid"` or `"uncollectible"`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub url: String,
}

/// `GET providers/{id}/billing/invoices`. The list is required: an answer
/// without it is not "no invoices".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoices {
    /// The invoices, newest first.
    pub invoices: Vec<Invoice>,
}

/// `taxId` of the billing address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaxId {
    /// Stripe tax id type, e.g. `eu_vat`.
    pub code: String,
    /// The number.
    pub value: String,
}

/// `GET|PUT providers/{id}/billing/vnext/address`: the provider's billing
/// address and tax id (the `tax-information` routes were removed in
/// v2025.12.1). The same shape is the PUT body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct BillingAddress {
    pub country: String,
    pub postal_code: String,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub tax_id: Option<TaxId>,
}

/// `suspension` of the provider's warnings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SuspensionWarning {
    /// `add_payment_method`, `contact_administrator` or `contact_support`.
    pub resolution: String,
    /// When the subscription ends unless resolved.
    pub subscription_cancels_at: Option<String>,
}

/// `taxId` of the provider's warnings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxIdWarning {
    /// `tax_id_missing`, `tax_id_pending_verification` or
    /// `tax_id_failed_verification`.
    #[serde(rename = "type")]
    pub warning_type: String,
}

/// `GET providers/{id}/billing/vnext/warnings` (raw record; both parts
/// absent when all is well).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProviderWarnings {
    /// The provider's subscription is suspended or about to be.
    pub suspension: Option<SuspensionWarning>,
    /// The tax id is missing or not verified.
    pub tax_id: Option<TaxIdWarning>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seat_bodies_use_the_contract_names() {
        assert_eq!(
            serde_json::to_value(SeatAdjustmentRequest { seat_adjustment: 5 }).unwrap(),
            json!({"seatAdjustment": 5})
        );
        assert_eq!(
            serde_json::to_value(SubscriptionUpdateRequest {
                seat_adjustment: -2,
                max_autoscale_seats: Some(50)
            })
            .unwrap(),
            json!({"seatAdjustment": -2, "maxAutoscaleSeats": 50})
        );
        let address = BillingAddress {
            country: "NL".into(),
            postal_code: "1011".into(),
            line1: Some("Dam 1".into()),
            tax_id: Some(TaxId {
                code: "eu_vat".into(),
                value: "NL1".into(),
            }),
            ..BillingAddress::default()
        };
        assert_eq!(
            serde_json::to_value(&address).unwrap(),
            json!({"country": "NL", "postalCode": "1011", "line1": "Dam 1", "line2": null,
                "city": null, "state": null, "taxId": {"code": "eu_vat", "value": "NL1"}})
        );
    }

    #[test]
    fn a_consolidated_client_has_no_subscription_of_its_own() {
        let sub: OrganizationSubscription = serde_json::from_value(json!({
            "object": "organizationSubscription", "id": "o", "planType": 20, "seats": 15,
            "subscription": null, "somethingElse": [1]}))
        .unwrap();
        assert_eq!(
            (sub.plan_type, sub.seats, sub.subscription),
            (Some(20), Some(15), None)
        );
    }
}
