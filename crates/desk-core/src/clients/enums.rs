//! Bitwarden's numeric enums about client organizations and the provider:
//! plans, product tiers, policies and the provider user's role.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// An organization's billing plan (Bitwarden's `PlanType`). The year
    /// marks a plan generation; the names without one are the current plans.
    pub enum PlanType {
        Free = 0 => "free",
        FamiliesAnnually2019 = 1 => "families_annually2019",
        TeamsMonthly2019 = 2 => "teams_monthly2019",
        TeamsAnnually2019 = 3 => "teams_annually2019",
        EnterpriseMonthly2019 = 4 => "enterprise_monthly2019",
        EnterpriseAnnually2019 = 5 => "enterprise_annually2019",
        Custom = 6 => "custom",
        FamiliesAnnually2025 = 7 => "families_annually2025",
        TeamsMonthly2020 = 8 => "teams_monthly2020",
        TeamsAnnually2020 = 9 => "teams_annually2020",
        EnterpriseMonthly2020 = 10 => "enterprise_monthly2020",
        EnterpriseAnnually2020 = 11 => "enterprise_annually2020",
        TeamsMonthly2023 = 12 => "teams_monthly2023",
        TeamsAnnually2023 = 13 => "teams_annually2023",
        EnterpriseMonthly2023 = 14 => "enterprise_monthly2023",
        EnterpriseAnnually2023 = 15 => "enterprise_annually2023",
        TeamsStarter2023 = 16 => "teams_starter2023",
        TeamsMonthly = 17 => "teams_monthly",
        TeamsAnnually = 18 => "teams_annually",
        EnterpriseMonthly = 19 => "enterprise_monthly",
        EnterpriseAnnually = 20 => "enterprise_annually",
        TeamsStarter = 21 => "teams_starter",
        FamiliesAnnually = 22 => "families_annually",
    }
}

wire_enum! {
    /// The product behind a plan (Bitwarden's `ProductTierType`): what the
    /// profile says about organizations administered directly.
    pub enum ProductTier {
        Free = 0 => "free",
        Families = 1 => "families",
        Teams = 2 => "teams",
        Enterprise = 3 => "enterprise",
        TeamsStarter = 4 => "teams_starter",
    }
}

impl ProductTier {
    /// The tier as Bitwarden's pages name it, for the plan column of
    /// organizations whose plan name the server does not send.
    pub fn display_name(self) -> Option<&'static str> {
        match self {
            ProductTier::Free => Some("Free"),
            ProductTier::Families => Some("Families"),
            ProductTier::Teams => Some("Teams"),
            ProductTier::Enterprise => Some("Enterprise"),
            ProductTier::TeamsStarter => Some("Teams Starter"),
            ProductTier::Unknown(_) => None,
        }
    }
}

wire_enum! {
    /// A provider user's role (Bitwarden's `ProviderUserType`).
    pub enum ProviderUserType {
        /// Manages the provider: its users, billing and clients.
        ProviderAdmin = 0 => "provider_admin",
        /// Manages the clients only.
        ServiceUser = 1 => "service_user",
    }
}

wire_enum! {
    /// An organization policy (Bitwarden's `PolicyType`).
    pub enum PolicyType {
        TwoFactorAuthentication = 0 => "two_factor_authentication",
        MasterPassword = 1 => "master_password",
        PasswordGenerator = 2 => "password_generator",
        SingleOrg = 3 => "single_org",
        RequireSso = 4 => "require_sso",
        OrganizationDataOwnership = 5 => "organization_data_ownership",
        DisableSend = 6 => "disable_send",
        SendOptions = 7 => "send_options",
        ResetPassword = 8 => "reset_password",
        MaximumVaultTimeout = 9 => "maximum_vault_timeout",
        DisablePersonalVaultExport = 10 => "disable_personal_vault_export",
        ActivateAutofill = 11 => "activate_autofill",
        AutomaticAppLogIn = 12 => "automatic_app_log_in",
        FreeFamiliesSponsorshipPolicy = 13 => "free_families_sponsorship_policy",
        RemoveUnlockWithPin = 14 => "remove_unlock_with_pin",
        RestrictedItemTypesPolicy = 15 => "restricted_item_types_policy",
        UriMatchDefaults = 16 => "uri_match_defaults",
        AutotypeDefaultSetting = 17 => "autotype_default_setting",
        AutomaticUserConfirmation = 18 => "automatic_user_confirmation",
        BlockClaimedDomainAccountCreation = 19 => "block_claimed_domain_account_creation",
        OrganizationUserNotification = 20 => "organization_user_notification",
        SendControls = 21 => "send_controls",
        FillAssist = 22 => "fill_assist",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each enum's numbers, in order, are Bitwarden's: 0, 1, 2… with no gap.
    fn numbered_from_zero(numbers: impl Iterator<Item = i64>) -> bool {
        numbers.enumerate().all(|(i, n)| i64::try_from(i) == Ok(n))
    }

    #[test]
    fn numbers_are_bitwardens() {
        assert!(numbered_from_zero(PlanType::KNOWN.iter().map(|p| p.wire())));
        assert_eq!(PlanType::KNOWN.len(), 23);
        assert!(numbered_from_zero(
            ProductTier::KNOWN.iter().map(|p| p.wire())
        ));
        assert!(numbered_from_zero(
            ProviderUserType::KNOWN.iter().map(|p| p.wire())
        ));
        assert!(numbered_from_zero(
            PolicyType::KNOWN.iter().map(|p| p.wire())
        ));
        assert_eq!(PolicyType::KNOWN.len(), 23);
        assert_eq!(PlanType::TeamsMonthly.wire(), 17);
        assert_eq!(PlanType::EnterpriseMonthly.wire(), 19);
        assert_eq!(PolicyType::from_wire(8), PolicyType::ResetPassword);
    }

    #[test]
    fn known_values_round_trip() {
        for plan in PlanType::KNOWN {
            assert_eq!(PlanType::from_wire(plan.wire()), *plan);
        }
        for tier in ProductTier::KNOWN {
            assert_eq!(ProductTier::from_wire(tier.wire()), *tier);
            assert!(tier.display_name().is_some());
        }
        for user in ProviderUserType::KNOWN {
            assert_eq!(ProviderUserType::from_wire(user.wire()), *user);
        }
        for policy in PolicyType::KNOWN {
            assert_eq!(PolicyType::from_wire(policy.wire()), *policy);
        }
    }

    #[test]
    fn newer_values_stay_unknown_with_their_number() {
        assert_eq!(PlanType::from_wire(23), PlanType::Unknown(23));
        assert_eq!(ProductTier::from_wire(5).display_name(), None);
        assert_eq!(ProviderUserType::from_wire(2).wire(), 2);
        assert_eq!(PolicyType::from_wire(-1), PolicyType::Unknown(-1));
        assert_eq!(
            serde_json::to_value(PolicyType::from_wire(99)).unwrap(),
            json!({ "unknown": 99 })
        );
        assert_eq!(
            serde_json::to_value(ProviderUserType::ProviderAdmin).unwrap(),
            json!("provider_admin")
        );
    }
}
