//! Billing changes in the write queue: each carries what the server held
//! when it was planned and what it should hold after, so the look before a
//! send tells done, not done, or changed by someone else (a conflict, with
//! nothing overwritten).

use super::ProviderAddress;
use crate::error::AppError;
use crate::jobs::Look;
use bw_api::client::BwClient;
use bw_api::wire::billing::{BillingAddress, OrganizationUpdateRequest, TaxId};
use bw_api::wire::providers::ProviderUpdateRequest;
use serde::{Deserialize, Serialize};

/// The name, business name and billing e-mail of a provider or of a
/// client organization: what `PUT providers/{id}` and
/// `PUT organizations/{id}` take together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: String,
}

impl Details {
    /// "field a → b" for each field that changes.
    fn changes(&self, wanted: &Details) -> String {
        changes(&[
            ("name", Some(&self.name), Some(&wanted.name)),
            (
                "business name",
                self.business_name.as_deref(),
                wanted.business_name.as_deref(),
            ),
            (
                "billing e-mail",
                Some(&self.billing_email),
                Some(&wanted.billing_email),
            ),
        ])
    }

    /// What the server holds now, in the same shape (an empty business
    /// name and a missing one are the same).
    pub(crate) fn current(
        name: String,
        business_name: Option<String>,
        billing_email: Option<String>,
    ) -> Self {
        Details {
            name,
            business_name: business_name.filter(|b| !b.is_empty()),
            billing_email: billing_email.unwrap_or_default(),
        }
    }
}

/// A billing address with its tax id, as stored in a queued change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub country: String,
    pub postal_code: String,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// `(type, value)`, e.g. `("eu_vat", "NL123")`.
    pub tax_id: Option<(String, String)>,
}

impl From<ProviderAddress> for Address {
    fn from(a: ProviderAddress) -> Self {
        // Servers send "" and null alike for an empty line or tax id.
        let line = |l: Option<String>| l.filter(|s| !s.trim().is_empty());
        Address {
            country: a.country,
            postal_code: a.postal_code,
            line1: line(a.line1),
            line2: line(a.line2),
            city: line(a.city),
            state: line(a.state),
            tax_id: line(a.tax_id).map(|value| (a.tax_id_type.unwrap_or_default(), value)),
        }
    }
}

impl From<BillingAddress> for Address {
    fn from(a: BillingAddress) -> Self {
        Address::from(ProviderAddress::from(a))
    }
}

impl From<&Address> for BillingAddress {
    fn from(a: &Address) -> Self {
        BillingAddress {
            country: a.country.clone(),
            postal_code: a.postal_code.clone(),
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            state: a.state.clone(),
            tax_id: a.tax_id.as_ref().map(|(code, value)| TaxId {
                code: code.clone(),
                value: value.clone(),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BillingOperation {
    /// `PUT providers/{id}`.
    SetProviderDetails {
        provider_id: String,
        expected: Details,
        wanted: Details,
    },
    /// `PUT providers/{id}/billing/vnext/address`.
    SetProviderAddress {
        provider_id: String,
        expected: Option<Box<Address>>,
        wanted: Box<Address>,
    },
    /// `PUT organizations/{id}`.
    SetClientDetails {
        organization_id: String,
        expected: Details,
        wanted: Details,
    },
}

fn quoted(text: Option<&str>) -> String {
    match text {
        Some(t) if !t.is_empty() => format!("\u{201c}{t}\u{201d}"),
        _ => "(none)".to_owned(),
    }
}

/// "field a → b" for each field that changes.
fn changes(fields: &[(&str, Option<&str>, Option<&str>)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(label, before, after)| {
            format!("{label} {} \u{2192} {}", quoted(*before), quoted(*after))
        })
        .collect();
    if parts.is_empty() {
        "no change".to_owned()
    } else {
        parts.join(", ")
    }
}

fn address_line(a: &Address) -> String {
    [
        a.line1.as_deref(),
        a.line2.as_deref(),
        a.city.as_deref(),
        a.state.as_deref(),
        Some(a.postal_code.as_str()),
        Some(a.country.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

impl BillingOperation {
    pub fn describe(&self) -> String {
        match self {
            BillingOperation::SetProviderDetails {
                expected, wanted, ..
            } => format!(
                "Change the provider's details: {}",
                expected.changes(wanted)
            ),
            BillingOperation::SetProviderAddress { wanted, .. } => {
                let tax = match &wanted.tax_id {
                    Some((code, value)) => format!("; tax id {value} ({code})"),
                    None => "; no tax id".to_owned(),
                };
                format!(
                    "Set the provider's billing address to {}{tax}",
                    address_line(wanted)
                )
            }
            BillingOperation::SetClientDetails {
                expected, wanted, ..
            } => format!(
                "Change \u{201c}{}\u{201d}'s billing details: {}",
                expected.name,
                expected.changes(wanted)
            ),
        }
    }

    /// The client it touches (the provider's changes touch none).
    pub fn organization_id(&self) -> Option<&str> {
        match self {
            BillingOperation::SetClientDetails {
                organization_id, ..
            } => Some(organization_id),
            _ => None,
        }
    }

    /// Each change shows in what the server answers, so a resend after a
    /// crash is decided by looking.
    pub fn look_is_decisive(&self) -> bool {
        true
    }

    pub(crate) async fn look(&self, client: &BwClient) -> Result<Look, AppError> {
        fn compare<T: PartialEq + Serialize>(current: &T, expected: &T, wanted: &T) -> Look {
            if current == wanted {
                Look::Applied
            } else if current == expected {
                Look::NotApplied
            } else {
                Look::Conflict {
                    current: serde_json::to_string(current).unwrap_or_default(),
                }
            }
        }
        Ok(match self {
            BillingOperation::SetProviderDetails {
                provider_id,
                expected,
                wanted,
            } => {
                let p = client.provider(provider_id).await?;
                let current = Details::current(p.name, p.business_name, p.billing_email);
                compare(&current, expected, wanted)
            }
            BillingOperation::SetProviderAddress {
                provider_id,
                expected,
                wanted,
            } => {
                let current = Address::from(client.provider_billing_address(provider_id).await?);
                if current == **wanted {
                    Look::Applied
                } else if expected.as_deref().is_none_or(|e| e == &current) {
                    Look::NotApplied
                } else {
                    Look::Conflict {
                        current: address_line(&current),
                    }
                }
            }
            BillingOperation::SetClientDetails {
                organization_id,
                expected,
                wanted,
            } => {
                let o = client.organization(organization_id).await?.value;
                let current = Details::current(o.name, o.business_name, o.billing_email);
                compare(&current, expected, wanted)
            }
        })
    }

    pub(crate) async fn send(&self, client: &BwClient) -> Result<(), AppError> {
        match self {
            BillingOperation::SetProviderDetails {
                provider_id,
                wanted,
                ..
            } => {
                client
                    .update_provider(
                        provider_id,
                        &ProviderUpdateRequest {
                            name: wanted.name.clone(),
                            business_name: wanted.business_name.clone(),
                            billing_email: wanted.billing_email.clone(),
                        },
                    )
                    .await?;
            }
            BillingOperation::SetProviderAddress {
                provider_id,
                wanted,
                ..
            } => {
                client
                    .update_provider_billing_address(provider_id, &BillingAddress::from(&**wanted))
                    .await?;
            }
            BillingOperation::SetClientDetails {
                organization_id,
                wanted,
                ..
            } => {
                client
                    .update_organization(
                        organization_id,
                        &OrganizationUpdateRequest {
                            name: wanted.name.clone(),
                            business_name: wanted.business_name.clone(),
                            billing_email: wanted.billing_email.clone(),
                        },
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_name_only_what_changes() {
        let before = Details {
            name: "Acme".into(),
            business_name: None,
            billing_email: "a@x".into(),
        };
        let op = BillingOperation::SetProviderDetails {
            provider_id: "p".into(),
            expected: before.clone(),
            wanted: Details {
                billing_email: "b@x".into(),
                ..before
            },
        };
        assert_eq!(
            op.describe(),
            "Change the provider's details: billing e-mail \u{201c}a@x\u{201d} \u{2192} \u{201c}b@x\u{201d}"
        );
        let stored = serde_json::to_string(&op).unwrap();
        assert_eq!(
            serde_json::from_str::<BillingOperation>(&stored).unwrap(),
            op
        );
    }

    #[test]
    fn empty_lines_and_tax_ids_compare_equal_to_absent_ones() {
        let wire = BillingAddress {
            country: "NL".into(),
            postal_code: "1011".into(),
            line1: Some(String::new()),
            tax_id: Some(TaxId {
                code: String::new(),
                value: " ".into(),
            }),
            ..BillingAddress::default()
        };
        let address = Address::from(wire);
        assert_eq!((address.line1, address.tax_id), (None, None));
    }
}
