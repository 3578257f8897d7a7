//! Provider routes: provider, client organizations, provider users, billing.

use serde::{Deserialize, Serialize};

/// `GET providers/{id}` (`"object":"provider"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Provider {
    pub object: String,
    pub id: String,
    pub name: String,
    pub business_name: Option<String>,
    pub business_address1: Option<String>,
    pub business_address2: Option<String>,
    pub business_address3: Option<String>,
    pub business_country: Option<String>,
    pub business_tax_number: Option<String>,
    pub billing_email: Option<String>,
    pub creation_date: String,
    #[serde(rename = "type")]
    pub kind: u8,
}

/// `providerOrganizationOrganizationDetail` of `GET providers/{id}/organizations`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProviderOrganization {
    pub object: String,
    /// The ProviderOrganization relationship id.
    pub id: String,
    pub provider_id: String,
    pub organization_id: String,
    pub organization_name: String,
    /// Org key wrapped by the provider key (type 2).
    pub key: Option<String>,
    pub settings: Option<String>,
    pub creation_date: String,
    pub revision_date: String,
    pub user_count: i64,
    pub occupied_seats: Option<i64>,
    pub seats: Option<i64>,
    pub remaining_seats: Option<i64>,
    pub plan: Option<String>,
}

/// `providerUserUserDetails` / `providerUser`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProviderUser {
    pub object: String,
    pub id: String,
    pub user_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    pub status: u8,
    pub permissions: Option<serde_json::Value>,
    /// Details only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    /// Details only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// An item of `providers/{id}/users/public-keys` and `organizations/{id}/users/public-keys`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct MemberPublicKey {
    pub object: String,
    pub id: String,
    pub user_id: String,
    pub key: String,
}

/// An item of `GET providers/{id}/clients/addable` (raw array, no envelope).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct AddableOrganization {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub seats: Option<i64>,
    pub disabled: bool,
}

/// A plan of the provider subscription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct ProviderPlan {
    pub plan_name: String,
    #[serde(rename = "type")]
    pub kind: u8,
    pub product_tier: u8,
    pub seat_minimum: i64,
    pub purchased_seats: i64,
    pub assigned_seats: i64,
    pub cost: f64,
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
    pub plans: Vec<ProviderPlan>,
    pub account_credit: f64,
    pub tax_information: Option<TaxInformation>,
    pub cancel_at: Option<String>,
    pub suspension: Option<serde_json::Value>,
    pub provider_type: u8,
    pub payment_source: Option<serde_json::Value>,
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Invoice {
    pub id: String,
    pub date: String,
    pub number: String,
    pub total: f64,
    pub status: String,
    pub due_date: Option<String>,
    pub url: String,
}

/// `GET providers/{id}/billing/invoices`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Invoices {
    /// The invoices, newest first.
    pub invoices: Vec<Invoice>,
}

/// `taxId` of the billing address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaxId {
    /// Stripe tax id type, e.g. `eu_vat`.
    pub code: String,
    /// The number.
    pub value: String,
}

/// `GET|PUT providers/{id}/billing/vnext/address`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
