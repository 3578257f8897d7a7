//! A client's event log: what happened in the organization, as Bitwarden
//! records it. `describe` says each type in words, `device` names the app
//! that caused it, `log` filters the stored log and exports it.

mod describe;
mod device;
mod log;
mod provider;

pub use describe::{Subjects, describe};
pub use device::DeviceType;
pub use log::{
    ActorKind, DeviceChoice, EXPORT_CAP, EventCategory, EventFilter, EventGap, EventView,
    EventsPage, ExportedFile, FilterChoice, PAGE_SIZE, events_csv, today,
};
pub use provider::{ProviderEventFilter, ProviderEventsPage};

use crate::wire_enum::wire_enum;

wire_enum! {
    /// What an event records (Bitwarden's `EventType`). Named after
    /// Bitwarden's own names in snake_case (`User_LoggedIn` →
    /// `user_logged_in`); the list grows with every server release, so new
    /// ones arrive as `Unknown` and are shown by number.
    pub enum EventType {
        UserLoggedIn = 1000 => "user_logged_in",
        UserChangedPassword = 1001 => "user_changed_password",
        UserUpdated2fa = 1002 => "user_updated2fa",
        UserDisabled2fa = 1003 => "user_disabled2fa",
        UserRecovered2fa = 1004 => "user_recovered2fa",
        UserFailedLogIn = 1005 => "user_failed_log_in",
        UserFailedLogIn2fa = 1006 => "user_failed_log_in2fa",
        UserClientExportedVault = 1007 => "user_client_exported_vault",
        UserUpdatedTempPassword = 1008 => "user_updated_temp_password",
        UserMigratedKeyToKeyConnector = 1009 => "user_migrated_key_to_key_connector",
        UserRequestedDeviceApproval = 1010 => "user_requested_device_approval",
        UserTdeOffboardingPasswordSet = 1011 => "user_tde_offboarding_password_set",

        CipherCreated = 1100 => "cipher_created",
        CipherUpdated = 1101 => "cipher_updated",
        CipherDeleted = 1102 => "cipher_deleted",
        CipherAttachmentCreated = 1103 => "cipher_attachment_created",
        CipherAttachmentDeleted = 1104 => "cipher_attachment_deleted",
        CipherShared = 1105 => "cipher_shared",
        CipherUpdatedCollections = 1106 => "cipher_updated_collections",
        CipherClientViewed = 1107 => "cipher_client_viewed",
        CipherClientToggledPasswordVisible = 1108 => "cipher_client_toggled_password_visible",
        CipherClientToggledHiddenFieldVisible = 1109 => "cipher_client_toggled_hidden_field_visible",
        CipherClientToggledCardCodeVisible = 1110 => "cipher_client_toggled_card_code_visible",
        CipherClientCopiedPassword = 1111 => "cipher_client_copied_password",
        CipherClientCopiedHiddenField = 1112 => "cipher_client_copied_hidden_field",
        CipherClientCopiedCardCode = 1113 => "cipher_client_copied_card_code",
        CipherClientAutofilled = 1114 => "cipher_client_autofilled",
        CipherSoftDeleted = 1115 => "cipher_soft_deleted",
        CipherRestored = 1116 => "cipher_restored",
        CipherClientToggledCardNumberVisible = 1117 => "cipher_client_toggled_card_number_visible",
        CipherClientToggledTotpSeedVisible = 1118 => "cipher_client_toggled_totp_seed_visible",
        CipherClientCopiedBankAccountNumber = 1119 => "cipher_client_copied_bank_account_number",
        CipherClientCopiedBankAccountPin = 1120 => "cipher_client_copied_bank_account_pin",
        CipherClientToggledBankAccountNumberVisible = 1121 => "cipher_client_toggled_bank_account_number_visible",
        CipherClientToggledBankAccountPinVisible = 1122 => "cipher_client_toggled_bank_account_pin_visible",
        CipherClientCopiedLicenseNumber = 1123 => "cipher_client_copied_license_number",
        CipherClientToggledLicenseNumberVisible = 1124 => "cipher_client_toggled_license_number_visible",
        CipherClientCopiedPassportNumber = 1125 => "cipher_client_copied_passport_number",
        CipherClientToggledPassportNumberVisible = 1126 => "cipher_client_toggled_passport_number_visible",
        CipherClientCopiedSwiftCode = 1127 => "cipher_client_copied_swift_code",
        CipherClientToggledSwiftCodeVisible = 1128 => "cipher_client_toggled_swift_code_visible",
        CipherClientCopiedIban = 1129 => "cipher_client_copied_iban",
        CipherClientToggledIbanVisible = 1130 => "cipher_client_toggled_iban_visible",
        CipherClientCopiedNationalIdentificationNumber = 1131 => "cipher_client_copied_national_identification_number",
        CipherClientToggledNationalIdentificationNumberVisible = 1132 => "cipher_client_toggled_national_identification_number_visible",

        CollectionCreated = 1300 => "collection_created",
        CollectionUpdated = 1301 => "collection_updated",
        CollectionDeleted = 1302 => "collection_deleted",

        GroupCreated = 1400 => "group_created",
        GroupUpdated = 1401 => "group_updated",
        GroupDeleted = 1402 => "group_deleted",

        OrganizationUserInvited = 1500 => "organization_user_invited",
        OrganizationUserConfirmed = 1501 => "organization_user_confirmed",
        OrganizationUserUpdated = 1502 => "organization_user_updated",
        OrganizationUserRemoved = 1503 => "organization_user_removed",
        OrganizationUserUpdatedGroups = 1504 => "organization_user_updated_groups",
        OrganizationUserUnlinkedSso = 1505 => "organization_user_unlinked_sso",
        OrganizationUserResetPasswordEnroll = 1506 => "organization_user_reset_password_enroll",
        OrganizationUserResetPasswordWithdraw = 1507 => "organization_user_reset_password_withdraw",
        OrganizationUserAdminResetPassword = 1508 => "organization_user_admin_reset_password",
        OrganizationUserResetSsoLink = 1509 => "organization_user_reset_sso_link",
        OrganizationUserFirstSsoLogin = 1510 => "organization_user_first_sso_login",
        OrganizationUserRevoked = 1511 => "organization_user_revoked",
        OrganizationUserRestored = 1512 => "organization_user_restored",
        OrganizationUserApprovedAuthRequest = 1513 => "organization_user_approved_auth_request",
        OrganizationUserRejectedAuthRequest = 1514 => "organization_user_rejected_auth_request",
        OrganizationUserDeleted = 1515 => "organization_user_deleted",
        OrganizationUserLeft = 1516 => "organization_user_left",
        OrganizationUserAutomaticallyConfirmed = 1517 => "organization_user_automatically_confirmed",
        OrganizationUserSelfRevoked = 1518 => "organization_user_self_revoked",
        OrganizationUserAdminResetTwoFactor = 1519 => "organization_user_admin_reset_two_factor",
        OrganizationUserRevokedTwoFactorNonCompliance = 1520 => "organization_user_revoked_two_factor_non_compliance",
        OrganizationUserRevokedSingleOrganizationNonCompliance = 1521 => "organization_user_revoked_single_organization_non_compliance",
        OrganizationUserNotificationBannerActionClicked = 1522 => "organization_user_notification_banner_action_clicked",
        OrganizationUserStaged = 1523 => "organization_user_staged",
        OrganizationUserInviteLinkAccepted = 1524 => "organization_user_invite_link_accepted",
        OrganizationUserAdminChangedEmail = 1525 => "organization_user_admin_changed_email",
        OrganizationUserInviteLinkConfirmed = 1526 => "organization_user_invite_link_confirmed",

        OrganizationUpdated = 1600 => "organization_updated",
        OrganizationPurgedVault = 1601 => "organization_purged_vault",
        OrganizationClientExportedVault = 1602 => "organization_client_exported_vault",
        OrganizationVaultAccessed = 1603 => "organization_vault_accessed",
        OrganizationEnabledSso = 1604 => "organization_enabled_sso",
        OrganizationDisabledSso = 1605 => "organization_disabled_sso",
        OrganizationEnabledKeyConnector = 1606 => "organization_enabled_key_connector",
        OrganizationDisabledKeyConnector = 1607 => "organization_disabled_key_connector",
        OrganizationSponsorshipsSynced = 1608 => "organization_sponsorships_synced",
        /// Obsolete: kept for old events; servers now log the specific
        /// collection-management events below.
        OrganizationCollectionManagementUpdated = 1609 => "organization_collection_management_updated",
        OrganizationCollectionManagementLimitCollectionCreationEnabled = 1610 => "organization_collection_management_limit_collection_creation_enabled",
        OrganizationCollectionManagementLimitCollectionCreationDisabled = 1611 => "organization_collection_management_limit_collection_creation_disabled",
        OrganizationCollectionManagementLimitCollectionDeletionEnabled = 1612 => "organization_collection_management_limit_collection_deletion_enabled",
        OrganizationCollectionManagementLimitCollectionDeletionDisabled = 1613 => "organization_collection_management_limit_collection_deletion_disabled",
        OrganizationCollectionManagementLimitItemDeletionEnabled = 1614 => "organization_collection_management_limit_item_deletion_enabled",
        OrganizationCollectionManagementLimitItemDeletionDisabled = 1615 => "organization_collection_management_limit_item_deletion_disabled",
        OrganizationCollectionManagementAllowAdminAccessToAllCollectionItemsEnabled = 1616 => "organization_collection_management_allow_admin_access_to_all_collection_items_enabled",
        OrganizationCollectionManagementAllowAdminAccessToAllCollectionItemsDisabled = 1617 => "organization_collection_management_allow_admin_access_to_all_collection_items_disabled",
        OrganizationItemOrganizationAccepted = 1618 => "organization_item_organization_accepted",
        OrganizationItemOrganizationDeclined = 1619 => "organization_item_organization_declined",
        OrganizationAutoConfirmEnabledAdmin = 1620 => "organization_auto_confirm_enabled_admin",
        OrganizationAutoConfirmDisabledAdmin = 1621 => "organization_auto_confirm_disabled_admin",
        OrganizationAutoConfirmEnabledPortal = 1622 => "organization_auto_confirm_enabled_portal",
        OrganizationAutoConfirmDisabledPortal = 1623 => "organization_auto_confirm_disabled_portal",
        OrganizationInviteLinkCreated = 1624 => "organization_invite_link_created",
        OrganizationInviteLinkDomainsEdited = 1625 => "organization_invite_link_domains_edited",
        OrganizationInviteLinkDeleted = 1626 => "organization_invite_link_deleted",
        OrganizationInviteLinkClientCopied = 1627 => "organization_invite_link_client_copied",
        OrganizationInviteLinkRefreshed = 1628 => "organization_invite_link_refreshed",
        OrganizationInviteLinkConfirmEnabled = 1629 => "organization_invite_link_confirm_enabled",
        OrganizationInviteLinkConfirmDisabled = 1630 => "organization_invite_link_confirm_disabled",

        PolicyUpdated = 1700 => "policy_updated",

        ProviderUserInvited = 1800 => "provider_user_invited",
        ProviderUserConfirmed = 1801 => "provider_user_confirmed",
        ProviderUserUpdated = 1802 => "provider_user_updated",
        ProviderUserRemoved = 1803 => "provider_user_removed",

        ProviderOrganizationCreated = 1900 => "provider_organization_created",
        ProviderOrganizationAdded = 1901 => "provider_organization_added",
        ProviderOrganizationRemoved = 1902 => "provider_organization_removed",
        ProviderOrganizationVaultAccessed = 1903 => "provider_organization_vault_accessed",

        OrganizationDomainAdded = 2000 => "organization_domain_added",
        OrganizationDomainRemoved = 2001 => "organization_domain_removed",
        OrganizationDomainVerified = 2002 => "organization_domain_verified",
        OrganizationDomainNotVerified = 2003 => "organization_domain_not_verified",

        SecretRetrieved = 2100 => "secret_retrieved",
        SecretCreated = 2101 => "secret_created",
        SecretEdited = 2102 => "secret_edited",
        SecretDeleted = 2103 => "secret_deleted",
        SecretPermanentlyDeleted = 2104 => "secret_permanently_deleted",
        SecretRestored = 2105 => "secret_restored",

        ProjectRetrieved = 2200 => "project_retrieved",
        ProjectCreated = 2201 => "project_created",
        ProjectEdited = 2202 => "project_edited",
        ProjectDeleted = 2203 => "project_deleted",

        ServiceAccountUserAdded = 2300 => "service_account_user_added",
        ServiceAccountUserRemoved = 2301 => "service_account_user_removed",
        ServiceAccountGroupAdded = 2302 => "service_account_group_added",
        ServiceAccountGroupRemoved = 2303 => "service_account_group_removed",
        ServiceAccountCreated = 2304 => "service_account_created",
        ServiceAccountDeleted = 2305 => "service_account_deleted",

        PhishingBlockerSiteAccessed = 2400 => "phishing_blocker_site_accessed",
        PhishingBlockerSiteExited = 2401 => "phishing_blocker_site_exited",
        PhishingBlockerBypassed = 2402 => "phishing_blocker_bypassed",

        SendCreatedText = 2500 => "send_created_text",
        SendCreatedTextWithEmailVerification = 2501 => "send_created_text_with_email_verification",
        SendCreatedTextWithPasswordProtection = 2502 => "send_created_text_with_password_protection",
        SendCreatedFile = 2503 => "send_created_file",
        SendCreatedFileWithEmailVerification = 2504 => "send_created_file_with_email_verification",
        SendCreatedFileWithPasswordProtection = 2505 => "send_created_file_with_password_protection",
        SendEditedText = 2506 => "send_edited_text",
        SendEditedFile = 2507 => "send_edited_file",
        SendDeletedText = 2508 => "send_deleted_text",
        SendDeletedFile = 2509 => "send_deleted_file",
        SendAccessedText = 2510 => "send_accessed_text",
        SendAccessedFile = 2511 => "send_accessed_file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashSet;

    #[test]
    fn every_event_type_round_trips_through_its_number() {
        for event in EventType::KNOWN {
            assert_eq!(EventType::from_wire(event.wire()), *event);
        }
    }

    #[test]
    fn numbers_and_names_are_unique() {
        let numbers: HashSet<i64> = EventType::KNOWN.iter().map(|e| e.wire()).collect();
        let names: HashSet<Option<&str>> = EventType::KNOWN.iter().map(|e| e.name()).collect();
        assert_eq!(numbers.len(), EventType::KNOWN.len());
        assert_eq!(names.len(), EventType::KNOWN.len());
        assert!(!names.contains(&None));
    }

    #[test]
    fn names_follow_bitwardens() {
        assert_eq!(EventType::from_wire(1000).name(), Some("user_logged_in"));
        assert_eq!(
            EventType::from_wire(1118).name(),
            Some("cipher_client_toggled_totp_seed_visible")
        );
        assert_eq!(
            EventType::from_wire(1506).name(),
            Some("organization_user_reset_password_enroll")
        );
        assert_eq!(EventType::from_wire(1700), EventType::PolicyUpdated);
        assert_eq!(
            EventType::from_wire(1903),
            EventType::ProviderOrganizationVaultAccessed
        );
        assert_eq!(EventType::from_wire(2511), EventType::SendAccessedFile);
        assert_eq!(
            serde_json::to_value(EventType::UserLoggedIn).unwrap(),
            json!("user_logged_in")
        );
    }

    #[test]
    fn a_newer_event_type_keeps_its_number() {
        assert_eq!(EventType::from_wire(2512), EventType::Unknown(2512));
        assert_eq!(EventType::from_wire(1200).wire(), 1200);
        assert_eq!(
            serde_json::to_value(EventType::from_wire(2600)).unwrap(),
            json!({ "unknown": 2600 })
        );
    }
}
