//! What the billing pages show, made from the stored answers. A stored
//! answer that no longer decodes (written by another version) is shown as
//! "not read yet", never as a panic or zeros.

use crate::clients::{PlanType, ProviderUserType};
use crate::members::seats::{SeatBilling, SeatSummary};
use crate::time::iso8601;
use bw_api::wire::billing::{
    BillingAddress, Invoices, OrganizationSubscription, ProviderSubscription, ProviderWarnings,
};
use bw_api::wire::providers::Provider;
use desk_cache::{ClientRow, Fetched, ProviderBillingRow, ProviderRow};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Declares a Stripe word Bitwarden passes through (`"active"`,
/// `"paid"`…) as an enum with an `Other` that keeps a word this build does
/// not know.
macro_rules! stripe_word {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
            /// A word this build does not know, as the server sent it.
            Other(String),
        }

        impl $name {
            pub fn parse(text: &str) -> Self {
                match text.trim().to_ascii_lowercase().as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(text.chars().take(40).collect()),
                }
            }
        }
    };
}

stripe_word! {
    /// A subscription's state (Stripe's).
    pub enum SubscriptionStatus {
        Active = "active",
        Trialing = "trialing",
        PastDue = "past_due",
        Unpaid = "unpaid",
        Canceled = "canceled",
        Incomplete = "incomplete",
        IncompleteExpired = "incomplete_expired",
        Paused = "paused",
    }
}

stripe_word! {
    /// An invoice's state.
    pub enum InvoiceStatus {
        Draft = "draft",
        Open = "open",
        Paid = "paid",
        Uncollectible = "uncollectible",
        Void = "void",
    }
}

stripe_word! {
    /// How often a plan is billed.
    pub enum Cadence {
        Monthly = "monthly",
        Annual = "annual",
    }
}

stripe_word! {
    /// What resolves a suspended provider subscription.
    pub enum SuspensionResolution {
        AddPaymentMethod = "add_payment_method",
        ContactAdministrator = "contact_administrator",
        ContactSupport = "contact_support",
    }
}

stripe_word! {
    /// What is wrong with the provider's tax id.
    pub enum TaxIdProblem {
        Missing = "tax_id_missing",
        PendingVerification = "tax_id_pending_verification",
        FailedVerification = "tax_id_failed_verification",
    }
}

/// A warning Bitwarden gives about the provider's billing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BillingWarning {
    Suspended {
        resolution: SuspensionResolution,
        #[serde(rename = "cancelsAt")]
        cancels_at: Option<String>,
    },
    TaxId {
        problem: TaxIdProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderPlanView {
    pub plan_name: String,
    pub plan_type: PlanType,
    pub seat_minimum: i32,
    pub purchased_seats: i32,
    pub assigned_seats: i32,
    /// What the plan costs per period, in US dollars.
    pub cost: f64,
    pub cadence: Cadence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSubscriptionView {
    pub status: SubscriptionStatus,
    pub current_period_end: Option<String>,
    pub discount_percentage: Option<f64>,
    pub plans: Vec<ProviderPlanView>,
    /// Every plan's cost together.
    pub total_cost: f64,
    pub account_credit: f64,
    pub cancel_at: Option<String>,
    pub suspended: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceView {
    pub id: String,
    pub number: String,
    pub date: String,
    pub total: f64,
    pub status: InvoiceStatus,
    pub due_date: Option<String>,
}

/// The provider's billing address and tax id: as the snapshot holds it, and
/// as a change gives it (whole: it replaces the stored one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderAddress {
    /// Two-letter country code, e.g. `NL`.
    pub country: String,
    pub postal_code: String,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// Stripe's tax id type (`eu_vat`, `us_ein`…); with `taxId`.
    pub tax_id_type: Option<String>,
    pub tax_id: Option<String>,
}

impl From<BillingAddress> for ProviderAddress {
    fn from(a: BillingAddress) -> Self {
        let (tax_id_type, tax_id) = match a.tax_id {
            Some(t) => (Some(t.code), Some(t.value)),
            None => (None, None),
        };
        ProviderAddress {
            country: a.country,
            postal_code: a.postal_code,
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            state: a.state,
            tax_id_type,
            tax_id,
        }
    }
}

/// The provider's name and business details (Provider Portal → Settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderDetailsView {
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
    /// The business address lines Bitwarden keeps on the provider.
    pub business_address: Vec<String>,
    pub business_country: Option<String>,
    pub business_tax_number: Option<String>,
}

/// The provider's Billing and Settings pages. Each part is either shown or
/// comes with why not (`*Note`: the server's words, or ours for a service
/// user); `asOf` is when it was read (`None`: never — sync first).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderBillingPage {
    pub provider_id: String,
    pub provider_name: String,
    pub role: ProviderUserType,
    pub details: Option<ProviderDetailsView>,
    pub details_note: Option<String>,
    pub subscription: Option<ProviderSubscriptionView>,
    pub subscription_note: Option<String>,
    pub invoices: Option<Vec<InvoiceView>>,
    pub invoices_note: Option<String>,
    pub address: Option<ProviderAddress>,
    pub address_note: Option<String>,
    pub warnings: Vec<BillingWarning>,
    pub as_of: Option<String>,
    /// Provider admins may change the details and the address.
    pub can_edit: bool,
}

/// One part: decoded, or the note that says why not.
fn decoded<T: DeserializeOwned>(part: &Fetched) -> (Option<T>, Option<String>) {
    match (&part.raw, &part.error) {
        (Some(raw), _) => match serde_json::from_str(raw) {
            Ok(value) => (Some(value), None),
            Err(_) => (
                None,
                Some("What was stored of this does not read any more; sync again.".to_owned()),
            ),
        },
        (None, Some(error)) => (None, Some(error.clone())),
        (None, None) => (None, None),
    }
}

fn seats(n: i64) -> i32 {
    i32::try_from(n.max(0)).unwrap_or(i32::MAX)
}

fn subscription_view(s: ProviderSubscription) -> ProviderSubscriptionView {
    let plans: Vec<ProviderPlanView> = s
        .plans
        .into_iter()
        .map(|p| ProviderPlanView {
            plan_name: p.plan_name,
            plan_type: PlanType::from_wire(p.plan_type),
            seat_minimum: seats(p.seat_minimum),
            purchased_seats: seats(p.purchased_seats),
            assigned_seats: seats(p.assigned_seats),
            cost: finite(p.cost),
            cadence: Cadence::parse(&p.cadence),
        })
        .collect();
    ProviderSubscriptionView {
        status: SubscriptionStatus::parse(&s.status),
        current_period_end: s.current_period_end_date,
        discount_percentage: s.discount_percentage.map(finite),
        total_cost: plans.iter().map(|p| p.cost).sum(),
        plans,
        account_credit: finite(s.account_credit),
        cancel_at: s.cancel_at,
        suspended: s.suspension.is_some_and(|v| !v.is_null()),
    }
}

/// A hostile NaN or infinity would not serialize; show 0 instead.
fn finite(n: f64) -> f64 {
    if n.is_finite() { n } else { 0.0 }
}

fn warnings(w: ProviderWarnings) -> Vec<BillingWarning> {
    let mut out = Vec::new();
    if let Some(s) = w.suspension {
        out.push(BillingWarning::Suspended {
            resolution: SuspensionResolution::parse(&s.resolution),
            cancels_at: s.subscription_cancels_at,
        });
    }
    if let Some(t) = w.tax_id {
        out.push(BillingWarning::TaxId {
            problem: TaxIdProblem::parse(&t.warning_type),
        });
    }
    out
}

pub(super) fn provider_page(
    provider: &ProviderRow,
    stored: Option<&ProviderBillingRow>,
) -> ProviderBillingPage {
    let role = ProviderUserType::from_wire(provider.user_type);
    let empty = ProviderBillingRow::default();
    let row = stored.unwrap_or(&empty);
    let (details, details_note) = decoded::<Provider>(&row.details);
    let (subscription, subscription_note) = decoded::<ProviderSubscription>(&row.subscription);
    let (invoices, invoices_note) = decoded::<Invoices>(&row.invoices);
    let (address, address_note) = decoded::<BillingAddress>(&row.address);
    let (warning_list, _) = decoded::<ProviderWarnings>(&row.warnings);
    ProviderBillingPage {
        provider_id: provider.id.clone(),
        provider_name: details
            .as_ref()
            .map(|d| d.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| provider.name.clone()),
        role,
        details: details.map(|d| ProviderDetailsView {
            name: d.name,
            business_name: d.business_name,
            billing_email: d.billing_email,
            business_address: [
                d.business_address1,
                d.business_address2,
                d.business_address3,
            ]
            .into_iter()
            .flatten()
            .filter(|l| !l.trim().is_empty())
            .collect(),
            business_country: d.business_country,
            business_tax_number: d.business_tax_number,
        }),
        details_note,
        subscription: subscription.map(subscription_view),
        subscription_note,
        invoices: invoices.map(|list| {
            list.invoices
                .into_iter()
                .map(|i| InvoiceView {
                    id: i.id,
                    number: i.number,
                    date: i.date,
                    total: finite(i.total),
                    status: InvoiceStatus::parse(&i.status),
                    due_date: i.due_date,
                })
                .collect()
        }),
        invoices_note,
        address: address.map(ProviderAddress::from),
        address_note,
        warnings: warning_list.map(warnings).unwrap_or_default(),
        as_of: stored.map(|r| iso8601(r.synced_at)),
        can_edit: role == ProviderUserType::ProviderAdmin,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionItemView {
    pub name: String,
    pub amount: f64,
    pub quantity: i32,
    pub interval: Option<String>,
    pub add_on: bool,
}

/// An organization's own subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientSubscriptionView {
    pub status: SubscriptionStatus,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub cancelled: bool,
    pub cancel_at_end: bool,
    pub items: Vec<SubscriptionItemView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingInvoiceView {
    pub amount: f64,
    pub date: Option<String>,
}

/// Admin Console → Billing of one client.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientBillingPage {
    pub organization_id: String,
    pub name: String,
    pub plan: Option<String>,
    pub plan_type: Option<PlanType>,
    pub seats: SeatSummary,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
    pub subscription: Option<ClientSubscriptionView>,
    pub upcoming_invoice: Option<UpcomingInvoiceView>,
    /// Why there is no subscription to show: consolidated billing (ours),
    /// or the server's refusal in its own words.
    pub subscription_note: Option<String>,
    /// When a self-hosted organization's licence ends.
    pub licence_expires: Option<String>,
    /// Whether the billing e-mail may be changed from here.
    pub can_edit: bool,
    /// Why not, when not.
    pub edit_note: Option<String>,
    pub as_of: Option<String>,
}

/// Consolidated billing: the provider's subscription pays for the client.
const BILLED_BY_PROVIDER: &str = "Billed through the provider (consolidated billing): the client has no subscription of its own; its seats are assigned in the provider's client list.";

pub(super) fn client_page(
    row: &ClientRow,
    seats: SeatSummary,
    stored: Option<&Fetched>,
) -> ClientBillingPage {
    let (org, stored_note) = match stored {
        Some(part) => decoded::<OrganizationSubscription>(part),
        None => (None, None),
    };
    let consolidated = seats.billing == SeatBilling::Provider;
    let subscription = org.as_ref().and_then(|o| o.subscription.clone());
    let licence_expires = org.as_ref().and_then(|o| o.expiration.clone());
    let subscription_note = match (&subscription, stored_note) {
        (Some(_), _) => None,
        (None, Some(note)) => Some(note),
        // A self-hosted server answers from the organization's licence.
        (None, None) if licence_expires.is_some() => Some(
            "This organization runs under a Bitwarden licence (self-hosted): billing is managed where the licence was bought.".to_owned(),
        ),
        (None, None) if consolidated => Some(BILLED_BY_PROVIDER.to_owned()),
        (None, None) if stored.is_none() => {
            Some("Billing has not been read yet; sync to read it.".to_owned())
        }
        (None, None) => Some("Bitwarden shows no subscription for this organization.".to_owned()),
    };
    // The billing e-mail of a provider-managed client is the provider's to
    // change; a service user is refused by Bitwarden (subscription rights).
    let (can_edit, edit_note) = if org.is_none() {
        (
            false,
            Some("Read the client's billing first (sync while online).".to_owned()),
        )
    } else if seats.service_user {
        (
            false,
            Some("Bitwarden lets a provider admin, not a service user, change a client's billing e-mail.".to_owned()),
        )
    } else {
        (true, None)
    };
    let upcoming_invoice = org
        .as_ref()
        .and_then(|o| o.upcoming_invoice.clone())
        .and_then(|u| {
            u.amount.map(|amount| UpcomingInvoiceView {
                amount: finite(amount),
                date: u.date,
            })
        });
    ClientBillingPage {
        organization_id: row.list.organization_id.clone(),
        name: row.list.name.clone(),
        plan: row.list.plan.clone(),
        plan_type: row
            .list
            .plan_type
            .or_else(|| org.as_ref().and_then(|o| o.plan_type))
            .map(PlanType::from_wire),
        seats,
        business_name: org.as_ref().and_then(|o| o.business_name.clone()),
        billing_email: org.as_ref().and_then(|o| o.billing_email.clone()),
        subscription: subscription.map(|s| ClientSubscriptionView {
            status: SubscriptionStatus::parse(s.status.as_deref().unwrap_or_default()),
            period_start: s.period_start_date,
            period_end: s.period_end_date,
            cancelled: s.cancelled,
            cancel_at_end: s.cancel_at_end_date,
            items: s
                .items
                .into_iter()
                .map(|i| SubscriptionItemView {
                    name: i.name.unwrap_or_default(),
                    amount: finite(i.amount.unwrap_or_default()),
                    quantity: i
                        .quantity
                        .and_then(|q| i32::try_from(q).ok())
                        .unwrap_or_default(),
                    interval: i.interval,
                    add_on: i.addon_subscription_item,
                })
                .collect(),
        }),
        upcoming_invoice,
        subscription_note,
        licence_expires,
        can_edit,
        edit_note,
        as_of: row.synced_at.map(iso8601),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_words_keep_what_they_do_not_know() {
        assert_eq!(
            SubscriptionStatus::parse("past_due"),
            SubscriptionStatus::PastDue
        );
        assert_eq!(InvoiceStatus::parse("Paid"), InvoiceStatus::Paid);
        assert_eq!(
            InvoiceStatus::parse("<b>new</b>"),
            InvoiceStatus::Other("<b>new</b>".into())
        );
        assert_eq!(
            serde_json::to_value(Cadence::Other("weekly".into())).unwrap(),
            serde_json::json!({"other": "weekly"})
        );
    }

    fn provider(user_type: i64) -> ProviderRow {
        ProviderRow {
            id: "p".into(),
            name: "Profile name".into(),
            user_type,
            status: 2,
            use_events: true,
            raw: "{}".into(),
        }
    }

    #[test]
    fn a_refused_part_says_why_and_the_rest_still_shows() {
        let row = ProviderBillingRow {
            details: Fetched {
                raw: Some(r#"{"id":"p","name":"Acme MSP","billingEmail":"b@x"}"#.into()),
                error: None,
            },
            subscription: Fetched {
                raw: Some(
                    r#"{"status":"active","plans":[{"planName":"Teams","type":17,"cost":40.5,"cadence":"Monthly","assignedSeats":9},{"planName":"Ent","type":20,"cost":120,"cadence":"Annual"}],"suspension":null}"#
                        .into(),
                ),
                error: None,
            },
            invoices: Fetched {
                raw: None,
                error: Some("Only allowed when not self hosted.".into()),
            },
            address: Fetched {
                raw: Some("{not json".into()),
                error: None,
            },
            warnings: Fetched {
                raw: Some(r#"{"taxId":{"type":"tax_id_missing"}}"#.into()),
                error: None,
            },
            synced_at: 0,
        };
        let page = provider_page(&provider(1), Some(&row));
        assert_eq!(page.provider_name, "Acme MSP");
        assert!(!page.can_edit);
        let sub = page.subscription.unwrap();
        assert_eq!(sub.status, SubscriptionStatus::Active);
        assert_eq!(sub.plans[0].assigned_seats, 9);
        assert_eq!(sub.plans[1].cadence, Cadence::Annual);
        assert!(!sub.suspended);
        assert_eq!(page.invoices, None);
        assert_eq!(
            page.invoices_note.as_deref(),
            Some("Only allowed when not self hosted.")
        );
        assert_eq!(page.address, None);
        assert!(page.address_note.unwrap().contains("sync again"));
        assert_eq!(
            page.warnings,
            vec![BillingWarning::TaxId {
                problem: TaxIdProblem::Missing
            }]
        );
        assert_eq!(page.as_of.as_deref(), Some("1970-01-01T00:00:00.000Z"));
    }

    #[test]
    fn never_synced_billing_is_said_to_be_unread() {
        let page = provider_page(&provider(0), None);
        assert_eq!((page.subscription, page.subscription_note), (None, None));
        assert_eq!(page.as_of, None);
        assert!(page.can_edit);
    }
}
