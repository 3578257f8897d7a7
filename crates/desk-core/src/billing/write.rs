//! Billing changes planned from the snapshot: the provider's details and
//! address, a client's billing details. Checked here as Bitwarden checks
//! them, so a plan the server would refuse is refused before it is queued.

use super::operation::{Address, Details};
use super::{BillingOperation, ProviderAddress, ProviderBillingPage};
use crate::clients::ProviderUserType;
use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::jobs::Operation;
use serde::Deserialize;
use specta::Type;

/// Bitwarden's limits on names and e-mails.
const MAX_NAME: usize = 50;
const MAX_EMAIL: usize = 256;

/// The provider's details to change; `None` keeps what the snapshot holds,
/// an empty business name clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderDetailsInput {
    pub name: Option<String>,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
}

/// A client's billing details to change; `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientBillingInput {
    pub organization_id: String,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
}

fn checked_text(label: &str, text: &str, max: usize) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(AppError::invalid_input(format!(
            "The {label} may have at most {max} characters."
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(AppError::invalid_input(format!(
            "The {label} may not contain control characters."
        )));
    }
    Ok(text.to_owned())
}

fn checked_email(text: &str) -> Result<String, AppError> {
    let email = checked_text("billing e-mail", text, MAX_EMAIL)?;
    let valid = email.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !email.contains(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid_input(format!(
            "\u{201c}{email}\u{201d} is not an e-mail address."
        )))
    }
}

fn optional(label: &str, text: Option<&str>, max: usize) -> Result<Option<String>, AppError> {
    match text {
        None => Ok(None),
        Some(t) => Ok(Some(checked_text(label, t, max)?).filter(|t| !t.is_empty())),
    }
}

/// The details after a change: each field given is checked, the others
/// kept; a change that changes nothing is refused.
fn changed(
    expected: &Details,
    name: String,
    business_name: Option<&str>,
    billing_email: Option<&str>,
) -> Result<Details, AppError> {
    let wanted = Details {
        name,
        business_name: match business_name {
            Some(b) => optional("business name", Some(b), MAX_NAME)?,
            None => expected.business_name.clone(),
        },
        billing_email: checked_email(billing_email.unwrap_or(&expected.billing_email))?,
    };
    if &wanted == expected {
        return Err(AppError::invalid_input("Nothing to change."));
    }
    Ok(wanted)
}

fn stale() -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        "The provider's billing has not been read yet; sync while online, then try again.",
    )
}

fn admins_only() -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        "Bitwarden lets only the provider's admins change its details and billing address.",
    )
}

impl Core {
    async fn editable_provider(&self) -> Result<ProviderBillingPage, AppError> {
        let page = self.provider_billing().await?;
        if page.role != ProviderUserType::ProviderAdmin {
            return Err(admins_only());
        }
        Ok(page)
    }

    /// Plans a change of the provider's name, business name or billing
    /// e-mail (`PUT providers/{id}`; all three go together).
    pub async fn provider_details_operations(
        &self,
        input: ProviderDetailsInput,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.editable_provider().await?;
        let current = page.details.ok_or_else(stale)?;
        let expected = Details::current(current.name, current.business_name, current.billing_email);
        let name = match input.name.as_deref() {
            Some(n) => checked_text("provider name", n, MAX_NAME)?,
            None => expected.name.clone(),
        };
        if name.is_empty() {
            return Err(AppError::invalid_input("The provider needs a name."));
        }
        let wanted = changed(
            &expected,
            name,
            input.business_name.as_deref(),
            input.billing_email.as_deref(),
        )?;
        Ok(vec![Operation::Billing(
            BillingOperation::SetProviderDetails {
                provider_id: page.provider_id,
                expected,
                wanted,
            },
        )])
    }

    /// Plans replacing the provider's billing address and tax id.
    pub async fn provider_address_operations(
        &self,
        input: ProviderAddress,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.editable_provider().await?;
        if page.address.is_none() && page.address_note.is_some() {
            // The server refused to show it (self-hosted, say): it would
            // refuse the change too, in the same words.
            return Err(AppError::new(
                ErrorCode::Forbidden,
                page.address_note.unwrap_or_default(),
            ));
        }
        let country = checked_text("country", &input.country, 2)?.to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(AppError::invalid_input(
                "The country is its two-letter code, e.g. NL or US.",
            ));
        }
        let postal_code = checked_text("postal code", &input.postal_code, 20)?;
        if postal_code.is_empty() {
            return Err(AppError::invalid_input("The postal code is required."));
        }
        let tax_id = match (
            optional("tax id type", input.tax_id_type.as_deref(), 40)?,
            optional("tax id", input.tax_id.as_deref(), 60)?,
        ) {
            (Some(kind), Some(value)) => Some((kind, value)),
            (None, None) => None,
            (None, Some(_)) => {
                return Err(AppError::invalid_input(
                    "Say which kind of tax id it is (e.g. eu_vat, us_ein).",
                ));
            }
            (Some(_), None) => {
                return Err(AppError::invalid_input("The tax id's number is missing."));
            }
        };
        let wanted = Address {
            country,
            postal_code,
            line1: optional("address line", input.line1.as_deref(), 200)?,
            line2: optional("address line", input.line2.as_deref(), 200)?,
            city: optional("city", input.city.as_deref(), 100)?,
            state: optional("state", input.state.as_deref(), 100)?,
            tax_id,
        };
        let expected = page.address.map(Address::from);
        if expected.as_ref() == Some(&wanted) {
            return Err(AppError::invalid_input("Nothing to change."));
        }
        Ok(vec![Operation::Billing(
            BillingOperation::SetProviderAddress {
                provider_id: page.provider_id,
                expected: expected.map(Box::new),
                wanted: Box::new(wanted),
            },
        )])
    }

    /// Plans a change of a client's business name or billing e-mail
    /// (`PUT organizations/{id}`, which takes the name too).
    pub async fn client_billing_operations(
        &self,
        input: ClientBillingInput,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.client_billing(&input.organization_id).await?;
        if !page.can_edit {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                page.edit_note.unwrap_or_default(),
            ));
        }
        let expected = Details::current(page.name.clone(), page.business_name, page.billing_email);
        let wanted = changed(
            &expected,
            expected.name.clone(),
            input.business_name.as_deref(),
            input.billing_email.as_deref(),
        )?;
        Ok(vec![Operation::Billing(
            BillingOperation::SetClientDetails {
                organization_id: input.organization_id,
                expected,
                wanted,
            },
        )])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mails_and_names_are_checked_like_bitwarden_does() {
        assert!(checked_email("billing@acme.example").is_ok());
        for bad in ["", "no-at", "a@b", "a b@c.d", "@c.d", "a@.d"] {
            assert!(checked_email(bad).is_err(), "{bad}");
        }
        assert!(checked_text("name", &"x".repeat(51), MAX_NAME).is_err());
        assert!(checked_text("name", "a\u{7}b", MAX_NAME).is_err());
        assert_eq!(optional("b", Some("  "), 5).unwrap(), None);
    }
}
