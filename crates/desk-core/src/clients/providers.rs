//! Which of the account's provider memberships a page acts for. An account
//! may belong to several providers, and only a confirmed membership carries
//! the provider's key: Bitwarden answers an invited or accepted member's
//! portal routes with refusals.

use super::ProviderUserType;
use desk_cache::ProviderRow;

/// Bitwarden's `ProviderUserStatusType.Confirmed`.
const CONFIRMED: i64 = 2;

/// Bitwarden's `ProviderStatusType.Billable`: consolidated billing.
const BILLABLE: i64 = 2;

pub(crate) fn confirmed(provider: &ProviderRow) -> bool {
    provider.status == CONFIRMED
}

pub(crate) fn is_admin(provider: &ProviderRow) -> bool {
    ProviderUserType::from_wire(provider.user_type) == ProviderUserType::ProviderAdmin
}

/// The provider this account administers (a confirmed provider admin):
/// the one whose clients it creates and links, whose people and event log
/// it reads.
pub(crate) fn administered(providers: &[ProviderRow]) -> Option<&ProviderRow> {
    providers.iter().find(|p| confirmed(p) && is_admin(p))
}

/// The provider whose portal pages this account sees: the one it
/// administers, else one where it is a confirmed service user (Bitwarden
/// shows a service user the subscription, not the invoices).
pub(crate) fn portal(providers: &[ProviderRow]) -> Option<&ProviderRow> {
    administered(providers).or_else(|| providers.iter().find(|p| confirmed(p)))
}

/// Whether a provider bills its clients itself: consolidated billing,
/// Bitwarden's provider status Billable in the profile. Older servers do not
/// say, and have no consolidated billing either.
pub(crate) fn consolidated(provider: &ProviderRow) -> bool {
    serde_json::from_str::<serde_json::Value>(&provider.raw)
        .ok()
        .and_then(|raw| {
            raw.get("providerStatus")
                .or_else(|| raw.get("ProviderStatus"))
                .and_then(serde_json::Value::as_i64)
        })
        == Some(BILLABLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(id: &str, user_type: i64, status: i64) -> ProviderRow {
        ProviderRow {
            id: id.into(),
            name: id.into(),
            user_type,
            status,
            use_events: true,
            raw: "{}".into(),
        }
    }

    const ADMIN: i64 = 0;
    const SERVICE_USER: i64 = 1;
    const ACCEPTED: i64 = 1;

    #[test]
    fn only_a_confirmed_admin_administers() {
        let invited_admin = provider("a", ADMIN, ACCEPTED);
        let service_user = provider("b", SERVICE_USER, CONFIRMED);
        let admin = provider("c", ADMIN, CONFIRMED);
        assert!(administered(&[invited_admin.clone(), service_user.clone()]).is_none());
        assert_eq!(
            administered(&[invited_admin, service_user, admin]).map(|p| p.id.as_str()),
            Some("c")
        );
    }

    #[test]
    fn the_portal_is_the_administered_provider_else_a_confirmed_one() {
        let service_user = provider("b", SERVICE_USER, CONFIRMED);
        let admin = provider("c", ADMIN, CONFIRMED);
        let unconfirmed = provider("d", SERVICE_USER, ACCEPTED);
        assert_eq!(
            portal(&[service_user.clone(), admin]).map(|p| p.id.as_str()),
            Some("c")
        );
        assert_eq!(
            portal(&[unconfirmed.clone(), service_user]).map(|p| p.id.as_str()),
            Some("b")
        );
        assert!(portal(&[unconfirmed]).is_none());
    }

    #[test]
    fn consolidated_billing_is_read_from_either_casing() {
        let mut p = provider("a", ADMIN, CONFIRMED);
        p.raw = r#"{"providerStatus":2}"#.into();
        assert!(consolidated(&p));
        p.raw = r#"{"ProviderStatus":2}"#.into();
        assert!(consolidated(&p));
        p.raw = r#"{"providerStatus":1}"#.into();
        assert!(!consolidated(&p));
        p.raw = "not json".into();
        assert!(!consolidated(&p));
    }
}
