//! What each event says, in English and Spanish, and Bitwarden's name for
//! its type (the `type` column of Bitwarden's CSV export). The sentences are
//! ours; the subjects come in as placeholders: `{item}`, `{collection}`,
//! `{group}`, `{member}`, `{policy}`, `{client}`, `{provider_user}`,
//! `{domain}`, `{send}`, `{secret}`, `{project}`, `{service_account}`.

use super::EventType;
use crate::lang::Lang;

/// Bitwarden's name, the English and the Spanish sentence of a known type.
fn entry(number: i64) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match number {
        1000 => ("User_LoggedIn", "Logged in.", "Inició sesión."),
        1001 => (
            "User_ChangedPassword",
            "Changed their master password.",
            "Cambió su contraseña maestra.",
        ),
        1002 => (
            "User_Updated2fa",
            "Turned on or updated two-step login.",
            "Activó o actualizó el inicio de sesión en dos pasos.",
        ),
        1003 => (
            "User_Disabled2fa",
            "Turned off two-step login.",
            "Desactivó el inicio de sesión en dos pasos.",
        ),
        1004 => (
            "User_Recovered2fa",
            "Recovered their account from two-step login.",
            "Recuperó su cuenta del inicio de sesión en dos pasos.",
        ),
        1005 => (
            "User_FailedLogIn",
            "Failed to log in: wrong password.",
            "Intento de inicio de sesión fallido: contraseña incorrecta.",
        ),
        1006 => (
            "User_FailedLogIn2fa",
            "Failed to log in: wrong two-step login code.",
            "Intento de inicio de sesión fallido: código de dos pasos incorrecto.",
        ),
        1007 => (
            "User_ClientExportedVault",
            "Exported their vault.",
            "Exportó su caja fuerte.",
        ),
        1008 => (
            "User_UpdatedTempPassword",
            "Changed a temporary master password.",
            "Cambió una contraseña maestra temporal.",
        ),
        1009 => (
            "User_MigratedKeyToKeyConnector",
            "Moved their key to Key Connector.",
            "Migró su clave a Key Connector.",
        ),
        1010 => (
            "User_RequestedDeviceApproval",
            "Asked for a device to be approved.",
            "Solicitó la aprobación de un dispositivo.",
        ),
        1011 => (
            "User_TdeOffboardingPasswordSet",
            "Set a master password when leaving trusted devices.",
            "Estableció una contraseña maestra al dejar los dispositivos de confianza.",
        ),

        1100 => (
            "Cipher_Created",
            "Created item {item}.",
            "Creó el elemento {item}.",
        ),
        1101 => (
            "Cipher_Updated",
            "Edited item {item}.",
            "Editó el elemento {item}.",
        ),
        1102 => (
            "Cipher_Deleted",
            "Deleted item {item} for good.",
            "Eliminó definitivamente el elemento {item}.",
        ),
        1103 => (
            "Cipher_AttachmentCreated",
            "Added an attachment to item {item}.",
            "Añadió un adjunto al elemento {item}.",
        ),
        1104 => (
            "Cipher_AttachmentDeleted",
            "Removed an attachment from item {item}.",
            "Quitó un adjunto del elemento {item}.",
        ),
        1105 => (
            "Cipher_Shared",
            "Moved item {item} into the organization.",
            "Movió el elemento {item} a la organización.",
        ),
        1106 => (
            "Cipher_UpdatedCollections",
            "Changed the collections of item {item}.",
            "Cambió las colecciones del elemento {item}.",
        ),
        1107 => (
            "Cipher_ClientViewed",
            "Viewed item {item}.",
            "Vio el elemento {item}.",
        ),
        1108 => (
            "Cipher_ClientToggledPasswordVisible",
            "Showed the password of item {item}.",
            "Mostró la contraseña del elemento {item}.",
        ),
        1109 => (
            "Cipher_ClientToggledHiddenFieldVisible",
            "Showed a hidden field of item {item}.",
            "Mostró un campo oculto del elemento {item}.",
        ),
        1110 => (
            "Cipher_ClientToggledCardCodeVisible",
            "Showed the security code of item {item}.",
            "Mostró el código de seguridad del elemento {item}.",
        ),
        1111 => (
            "Cipher_ClientCopiedPassword",
            "Copied the password of item {item}.",
            "Copió la contraseña del elemento {item}.",
        ),
        1112 => (
            "Cipher_ClientCopiedHiddenField",
            "Copied a hidden field of item {item}.",
            "Copió un campo oculto del elemento {item}.",
        ),
        1113 => (
            "Cipher_ClientCopiedCardCode",
            "Copied the security code of item {item}.",
            "Copió el código de seguridad del elemento {item}.",
        ),
        1114 => (
            "Cipher_ClientAutofilled",
            "Autofilled item {item}.",
            "Autorrellenó con el elemento {item}.",
        ),
        1115 => (
            "Cipher_SoftDeleted",
            "Moved item {item} to the trash.",
            "Envió el elemento {item} a la papelera.",
        ),
        1116 => (
            "Cipher_Restored",
            "Restored item {item} from the trash.",
            "Restauró el elemento {item} de la papelera.",
        ),
        1117 => (
            "Cipher_ClientToggledCardNumberVisible",
            "Showed the card number of item {item}.",
            "Mostró el número de tarjeta del elemento {item}.",
        ),
        1118 => (
            "Cipher_ClientToggledTOTPSeedVisible",
            "Showed the authenticator key of item {item}.",
            "Mostró la clave de autenticación del elemento {item}.",
        ),
        1119 => (
            "Cipher_ClientCopiedBankAccountNumber",
            "Copied the account number of item {item}.",
            "Copió el número de cuenta del elemento {item}.",
        ),
        1120 => (
            "Cipher_ClientCopiedBankAccountPin",
            "Copied the PIN of item {item}.",
            "Copió el PIN del elemento {item}.",
        ),
        1121 => (
            "Cipher_ClientToggledBankAccountNumberVisible",
            "Showed the account number of item {item}.",
            "Mostró el número de cuenta del elemento {item}.",
        ),
        1122 => (
            "Cipher_ClientToggledBankAccountPinVisible",
            "Showed the PIN of item {item}.",
            "Mostró el PIN del elemento {item}.",
        ),
        1123 => (
            "Cipher_ClientCopiedLicenseNumber",
            "Copied the licence number of item {item}.",
            "Copió el número de permiso del elemento {item}.",
        ),
        1124 => (
            "Cipher_ClientToggledLicenseNumberVisible",
            "Showed the licence number of item {item}.",
            "Mostró el número de permiso del elemento {item}.",
        ),
        1125 => (
            "Cipher_ClientCopiedPassportNumber",
            "Copied the passport number of item {item}.",
            "Copió el número de pasaporte del elemento {item}.",
        ),
        1126 => (
            "Cipher_ClientToggledPassportNumberVisible",
            "Showed the passport number of item {item}.",
            "Mostró el número de pasaporte del elemento {item}.",
        ),
        1127 => (
            "Cipher_ClientCopiedSwiftCode",
            "Copied the SWIFT code of item {item}.",
            "Copió el código SWIFT del elemento {item}.",
        ),
        1128 => (
            "Cipher_ClientToggledSwiftCodeVisible",
            "Showed the SWIFT code of item {item}.",
            "Mostró el código SWIFT del elemento {item}.",
        ),
        1129 => (
            "Cipher_ClientCopiedIban",
            "Copied the IBAN of item {item}.",
            "Copió el IBAN del elemento {item}.",
        ),
        1130 => (
            "Cipher_ClientToggledIbanVisible",
            "Showed the IBAN of item {item}.",
            "Mostró el IBAN del elemento {item}.",
        ),
        1131 => (
            "Cipher_ClientCopiedNationalIdentificationNumber",
            "Copied the national ID number of item {item}.",
            "Copió el número de identificación nacional del elemento {item}.",
        ),
        1132 => (
            "Cipher_ClientToggledNationalIdentificationNumberVisible",
            "Showed the national ID number of item {item}.",
            "Mostró el número de identificación nacional del elemento {item}.",
        ),

        1300 => (
            "Collection_Created",
            "Created collection {collection}.",
            "Creó la colección {collection}.",
        ),
        1301 => (
            "Collection_Updated",
            "Edited collection {collection}.",
            "Editó la colección {collection}.",
        ),
        1302 => (
            "Collection_Deleted",
            "Deleted collection {collection}.",
            "Eliminó la colección {collection}.",
        ),

        1400 => (
            "Group_Created",
            "Created group {group}.",
            "Creó el grupo {group}.",
        ),
        1401 => (
            "Group_Updated",
            "Edited group {group}.",
            "Editó el grupo {group}.",
        ),
        1402 => (
            "Group_Deleted",
            "Deleted group {group}.",
            "Eliminó el grupo {group}.",
        ),

        1500 => (
            "OrganizationUser_Invited",
            "Invited {member}.",
            "Invitó a {member}.",
        ),
        1501 => (
            "OrganizationUser_Confirmed",
            "Confirmed {member}.",
            "Confirmó a {member}.",
        ),
        1502 => (
            "OrganizationUser_Updated",
            "Edited {member}.",
            "Editó a {member}.",
        ),
        1503 => (
            "OrganizationUser_Removed",
            "Removed {member}.",
            "Quitó a {member}.",
        ),
        1504 => (
            "OrganizationUser_UpdatedGroups",
            "Changed the groups of {member}.",
            "Cambió los grupos de {member}.",
        ),
        1505 => (
            "OrganizationUser_UnlinkedSso",
            "Unlinked SSO for {member}.",
            "Desvinculó el SSO de {member}.",
        ),
        1506 => (
            "OrganizationUser_ResetPassword_Enroll",
            "{member} enrolled in account recovery.",
            "{member} se inscribió en la recuperación de cuenta.",
        ),
        1507 => (
            "OrganizationUser_ResetPassword_Withdraw",
            "{member} withdrew from account recovery.",
            "{member} se retiró de la recuperación de cuenta.",
        ),
        1508 => (
            "OrganizationUser_AdminResetPassword",
            "Recovered the account of {member}.",
            "Recuperó la cuenta de {member}.",
        ),
        1509 => (
            "OrganizationUser_ResetSsoLink",
            "Reset the SSO link of {member}.",
            "Restableció el vínculo SSO de {member}.",
        ),
        1510 => (
            "OrganizationUser_FirstSsoLogin",
            "{member} logged in with SSO for the first time.",
            "{member} inició sesión con SSO por primera vez.",
        ),
        1511 => (
            "OrganizationUser_Revoked",
            "Revoked the access of {member}.",
            "Revocó el acceso de {member}.",
        ),
        1512 => (
            "OrganizationUser_Restored",
            "Restored the access of {member}.",
            "Restauró el acceso de {member}.",
        ),
        1513 => (
            "OrganizationUser_ApprovedAuthRequest",
            "Approved a device for {member}.",
            "Aprobó un dispositivo de {member}.",
        ),
        1514 => (
            "OrganizationUser_RejectedAuthRequest",
            "Denied a device for {member}.",
            "Rechazó un dispositivo de {member}.",
        ),
        1515 => (
            "OrganizationUser_Deleted",
            "Deleted the account of {member}.",
            "Eliminó la cuenta de {member}.",
        ),
        1516 => (
            "OrganizationUser_Left",
            "{member} left the organization.",
            "{member} abandonó la organización.",
        ),
        1517 => (
            "OrganizationUser_AutomaticallyConfirmed",
            "{member} was confirmed automatically.",
            "{member} fue confirmado automáticamente.",
        ),
        1518 => (
            "OrganizationUser_SelfRevoked",
            "{member} revoked their own access.",
            "{member} revocó su propio acceso.",
        ),
        1519 => (
            "OrganizationUser_AdminResetTwoFactor",
            "Reset the two-step login of {member}.",
            "Restableció el inicio de sesión en dos pasos de {member}.",
        ),
        1520 => (
            "OrganizationUser_Revoked_TwoFactorNonCompliance",
            "Revoked {member}: no two-step login, which a policy requires.",
            "Revocó a {member}: sin inicio de sesión en dos pasos, que una directiva exige.",
        ),
        1521 => (
            "OrganizationUser_Revoked_SingleOrganizationNonCompliance",
            "Revoked {member}: member of another organization, which a policy forbids.",
            "Revocó a {member}: miembro de otra organización, que una directiva prohíbe.",
        ),
        1522 => (
            "OrganizationUser_NotificationBannerActionClicked",
            "{member} acted on a notification banner.",
            "{member} usó un aviso de notificación.",
        ),
        1523 => (
            "OrganizationUser_Staged",
            "Staged {member}.",
            "Preparó a {member}.",
        ),
        1524 => (
            "OrganizationUser_InviteLinkAccepted",
            "{member} joined through an invite link.",
            "{member} se unió mediante un enlace de invitación.",
        ),
        1525 => (
            "OrganizationUser_AdminChangedEmail",
            "Changed the e-mail of {member}.",
            "Cambió el correo de {member}.",
        ),
        1526 => (
            "OrganizationUser_InviteLinkConfirmed",
            "{member} was confirmed through an invite link.",
            "{member} fue confirmado mediante un enlace de invitación.",
        ),

        1600 => (
            "Organization_Updated",
            "Edited the organization's settings.",
            "Editó la configuración de la organización.",
        ),
        1601 => (
            "Organization_PurgedVault",
            "Purged the organization's vault.",
            "Vació la caja fuerte de la organización.",
        ),
        1602 => (
            "Organization_ClientExportedVault",
            "Exported the organization's vault.",
            "Exportó la caja fuerte de la organización.",
        ),
        1603 => (
            "Organization_VaultAccessed",
            "Opened the organization's vault.",
            "Accedió a la caja fuerte de la organización.",
        ),
        1604 => (
            "Organization_EnabledSso",
            "Turned on SSO.",
            "Activó el SSO.",
        ),
        1605 => (
            "Organization_DisabledSso",
            "Turned off SSO.",
            "Desactivó el SSO.",
        ),
        1606 => (
            "Organization_EnabledKeyConnector",
            "Turned on Key Connector.",
            "Activó Key Connector.",
        ),
        1607 => (
            "Organization_DisabledKeyConnector",
            "Turned off Key Connector.",
            "Desactivó Key Connector.",
        ),
        1608 => (
            "Organization_SponsorshipsSynced",
            "Synced Families sponsorships.",
            "Sincronizó los patrocinios de Familias.",
        ),
        1609 => (
            "Organization_CollectionManagement_Updated",
            "Changed collection management settings.",
            "Cambió la configuración de gestión de colecciones.",
        ),
        1610 => (
            "Organization_CollectionManagement_LimitCollectionCreationEnabled",
            "Limited collection creation to owners and admins.",
            "Limitó la creación de colecciones a propietarios y administradores.",
        ),
        1611 => (
            "Organization_CollectionManagement_LimitCollectionCreationDisabled",
            "Let members create collections.",
            "Permitió a los miembros crear colecciones.",
        ),
        1612 => (
            "Organization_CollectionManagement_LimitCollectionDeletionEnabled",
            "Limited collection deletion to owners and admins.",
            "Limitó la eliminación de colecciones a propietarios y administradores.",
        ),
        1613 => (
            "Organization_CollectionManagement_LimitCollectionDeletionDisabled",
            "Let members delete collections.",
            "Permitió a los miembros eliminar colecciones.",
        ),
        1614 => (
            "Organization_CollectionManagement_LimitItemDeletionEnabled",
            "Limited item deletion to members who can manage.",
            "Limitó la eliminación de elementos a quien puede gestionar.",
        ),
        1615 => (
            "Organization_CollectionManagement_LimitItemDeletionDisabled",
            "Let members who can edit delete items.",
            "Permitió eliminar elementos a quien puede editar.",
        ),
        1616 => (
            "Organization_CollectionManagement_AllowAdminAccessToAllCollectionItemsEnabled",
            "Gave owners and admins access to every collection's items.",
            "Dio a propietarios y administradores acceso a los elementos de todas las colecciones.",
        ),
        1617 => (
            "Organization_CollectionManagement_AllowAdminAccessToAllCollectionItemsDisabled",
            "Took away owners' and admins' access to every collection's items.",
            "Retiró a propietarios y administradores el acceso a los elementos de todas las colecciones.",
        ),
        1618 => (
            "Organization_ItemOrganization_Accepted",
            "Accepted moving items into the organization.",
            "Aceptó mover elementos a la organización.",
        ),
        1619 => (
            "Organization_ItemOrganization_Declined",
            "Declined moving items into the organization.",
            "Rechazó mover elementos a la organización.",
        ),
        1620 => (
            "Organization_AutoConfirmEnabled_Admin",
            "Turned on automatic confirmation.",
            "Activó la confirmación automática.",
        ),
        1621 => (
            "Organization_AutoConfirmDisabled_Admin",
            "Turned off automatic confirmation.",
            "Desactivó la confirmación automática.",
        ),
        1622 => (
            "Organization_AutoConfirmEnabled_Portal",
            "Automatic confirmation turned on from the Bitwarden portal.",
            "Confirmación automática activada desde el portal de Bitwarden.",
        ),
        1623 => (
            "Organization_AutoConfirmDisabled_Portal",
            "Automatic confirmation turned off from the Bitwarden portal.",
            "Confirmación automática desactivada desde el portal de Bitwarden.",
        ),
        1624 => (
            "Organization_InviteLinkCreated",
            "Created an invite link.",
            "Creó un enlace de invitación.",
        ),
        1625 => (
            "Organization_InviteLinkDomainsEdited",
            "Changed the domains of the invite link.",
            "Cambió los dominios del enlace de invitación.",
        ),
        1626 => (
            "Organization_InviteLinkDeleted",
            "Deleted the invite link.",
            "Eliminó el enlace de invitación.",
        ),
        1627 => (
            "Organization_InviteLinkClientCopied",
            "Copied the invite link.",
            "Copió el enlace de invitación.",
        ),
        1628 => (
            "Organization_InviteLinkRefreshed",
            "Refreshed the invite link.",
            "Renovó el enlace de invitación.",
        ),
        1629 => (
            "Organization_InviteLinkConfirmEnabled",
            "Turned on confirmation for invite-link members.",
            "Activó la confirmación de miembros del enlace de invitación.",
        ),
        1630 => (
            "Organization_InviteLinkConfirmDisabled",
            "Turned off confirmation for invite-link members.",
            "Desactivó la confirmación de miembros del enlace de invitación.",
        ),

        1700 => (
            "Policy_Updated",
            "Edited policy {policy}.",
            "Editó la directiva {policy}.",
        ),

        1800 => (
            "ProviderUser_Invited",
            "Invited provider user {provider_user}.",
            "Invitó al usuario del proveedor {provider_user}.",
        ),
        1801 => (
            "ProviderUser_Confirmed",
            "Confirmed provider user {provider_user}.",
            "Confirmó al usuario del proveedor {provider_user}.",
        ),
        1802 => (
            "ProviderUser_Updated",
            "Edited provider user {provider_user}.",
            "Editó al usuario del proveedor {provider_user}.",
        ),
        1803 => (
            "ProviderUser_Removed",
            "Removed provider user {provider_user}.",
            "Quitó al usuario del proveedor {provider_user}.",
        ),

        1900 => (
            "ProviderOrganization_Created",
            "Created client {client}.",
            "Creó el cliente {client}.",
        ),
        1901 => (
            "ProviderOrganization_Added",
            "Added client {client}.",
            "Añadió el cliente {client}.",
        ),
        1902 => (
            "ProviderOrganization_Removed",
            "Removed client {client}.",
            "Quitó el cliente {client}.",
        ),
        1903 => (
            "ProviderOrganization_VaultAccessed",
            "Opened the vault of client {client}.",
            "Accedió a la caja fuerte del cliente {client}.",
        ),

        2000 => (
            "OrganizationDomain_Added",
            "Added domain {domain}.",
            "Añadió el dominio {domain}.",
        ),
        2001 => (
            "OrganizationDomain_Removed",
            "Removed domain {domain}.",
            "Quitó el dominio {domain}.",
        ),
        2002 => (
            "OrganizationDomain_Verified",
            "Verified domain {domain}.",
            "Verificó el dominio {domain}.",
        ),
        2003 => (
            "OrganizationDomain_NotVerified",
            "Domain {domain} could not be verified.",
            "No se pudo verificar el dominio {domain}.",
        ),

        2100 => (
            "Secret_Retrieved",
            "Read secret {secret}.",
            "Leyó el secreto {secret}.",
        ),
        2101 => (
            "Secret_Created",
            "Created secret {secret}.",
            "Creó el secreto {secret}.",
        ),
        2102 => (
            "Secret_Edited",
            "Edited secret {secret}.",
            "Editó el secreto {secret}.",
        ),
        2103 => (
            "Secret_Deleted",
            "Moved secret {secret} to the trash.",
            "Envió el secreto {secret} a la papelera.",
        ),
        2104 => (
            "Secret_Permanently_Deleted",
            "Deleted secret {secret} for good.",
            "Eliminó definitivamente el secreto {secret}.",
        ),
        2105 => (
            "Secret_Restored",
            "Restored secret {secret}.",
            "Restauró el secreto {secret}.",
        ),
        2200 => (
            "Project_Retrieved",
            "Read project {project}.",
            "Leyó el proyecto {project}.",
        ),
        2201 => (
            "Project_Created",
            "Created project {project}.",
            "Creó el proyecto {project}.",
        ),
        2202 => (
            "Project_Edited",
            "Edited project {project}.",
            "Editó el proyecto {project}.",
        ),
        2203 => (
            "Project_Deleted",
            "Deleted project {project}.",
            "Eliminó el proyecto {project}.",
        ),
        2300 => (
            "ServiceAccount_UserAdded",
            "Gave a member access to machine account {service_account}.",
            "Dio a un miembro acceso a la cuenta de máquina {service_account}.",
        ),
        2301 => (
            "ServiceAccount_UserRemoved",
            "Removed a member from machine account {service_account}.",
            "Quitó a un miembro de la cuenta de máquina {service_account}.",
        ),
        2302 => (
            "ServiceAccount_GroupAdded",
            "Gave a group access to machine account {service_account}.",
            "Dio a un grupo acceso a la cuenta de máquina {service_account}.",
        ),
        2303 => (
            "ServiceAccount_GroupRemoved",
            "Removed a group from machine account {service_account}.",
            "Quitó un grupo de la cuenta de máquina {service_account}.",
        ),
        2304 => (
            "ServiceAccount_Created",
            "Created machine account {service_account}.",
            "Creó la cuenta de máquina {service_account}.",
        ),
        2305 => (
            "ServiceAccount_Deleted",
            "Deleted machine account {service_account}.",
            "Eliminó la cuenta de máquina {service_account}.",
        ),

        2400 => (
            "PhishingBlocker_SiteAccessed",
            "Opened a site flagged as phishing.",
            "Abrió un sitio marcado como phishing.",
        ),
        2401 => (
            "PhishingBlocker_SiteExited",
            "Left a site flagged as phishing.",
            "Salió de un sitio marcado como phishing.",
        ),
        2402 => (
            "PhishingBlocker_Bypassed",
            "Went past a phishing warning.",
            "Ignoró un aviso de phishing.",
        ),

        2500 => (
            "Send_Created_Text",
            "Created text Send {send}.",
            "Creó el Send de texto {send}.",
        ),
        2501 => (
            "Send_Created_Text_WithEmailVerification",
            "Created text Send {send}, with e-mail verification.",
            "Creó el Send de texto {send}, con verificación por correo.",
        ),
        2502 => (
            "Send_Created_Text_WithPasswordProtection",
            "Created text Send {send}, with a password.",
            "Creó el Send de texto {send}, con contraseña.",
        ),
        2503 => (
            "Send_Created_File",
            "Created file Send {send}.",
            "Creó el Send de archivo {send}.",
        ),
        2504 => (
            "Send_Created_File_WithEmailVerification",
            "Created file Send {send}, with e-mail verification.",
            "Creó el Send de archivo {send}, con verificación por correo.",
        ),
        2505 => (
            "Send_Created_File_WithPasswordProtection",
            "Created file Send {send}, with a password.",
            "Creó el Send de archivo {send}, con contraseña.",
        ),
        2506 => (
            "Send_Edited_Text",
            "Edited text Send {send}.",
            "Editó el Send de texto {send}.",
        ),
        2507 => (
            "Send_Edited_File",
            "Edited file Send {send}.",
            "Editó el Send de archivo {send}.",
        ),
        2508 => (
            "Send_Deleted_Text",
            "Deleted text Send {send}.",
            "Eliminó el Send de texto {send}.",
        ),
        2509 => (
            "Send_Deleted_File",
            "Deleted file Send {send}.",
            "Eliminó el Send de archivo {send}.",
        ),
        2510 => (
            "Send_Accessed_Text",
            "Text Send {send} was opened.",
            "Se abrió el Send de texto {send}.",
        ),
        2511 => (
            "Send_Accessed_File",
            "File Send {send} was opened.",
            "Se abrió el Send de archivo {send}.",
        ),
        _ => return None,
    })
}

impl EventType {
    /// Bitwarden's name of the type (`User_LoggedIn`), or the number of one
    /// newer than this build.
    pub fn bitwarden_name(self) -> String {
        match entry(self.wire()) {
            Some((name, _, _)) => name.to_owned(),
            None => self.wire().to_string(),
        }
    }

    /// The sentence for this type with its placeholders.
    pub fn template(self, lang: Lang) -> Option<&'static str> {
        entry(self.wire()).map(|(_, en, es)| match lang {
            Lang::En => en,
            Lang::Es => es,
        })
    }
}

/// The subjects an event names, already as display text.
#[derive(Debug, Default)]
pub struct Subjects<'a> {
    pub item: Option<&'a str>,
    pub collection: Option<&'a str>,
    pub group: Option<&'a str>,
    pub member: Option<&'a str>,
    pub policy: Option<&'a str>,
    pub client: Option<&'a str>,
    pub provider_user: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub send: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub project: Option<&'a str>,
    pub service_account: Option<&'a str>,
}

/// The event's sentence: known types with their subjects filled in (a
/// subject the server left out reads as "(unknown)"), unknown types one
/// generic line with their number.
pub fn describe(event: EventType, lang: Lang, s: &Subjects<'_>) -> String {
    let Some(template) = event.template(lang) else {
        return match lang {
            Lang::En => format!(
                "Event of type {} (not known to this version).",
                event.wire()
            ),
            Lang::Es => format!(
                "Evento de tipo {} (desconocido para esta versión).",
                event.wire()
            ),
        };
    };
    let mut out = template.to_owned();
    for (key, value) in [
        ("{item}", s.item),
        ("{collection}", s.collection),
        ("{group}", s.group),
        ("{member}", s.member),
        ("{policy}", s.policy),
        ("{client}", s.client),
        ("{provider_user}", s.provider_user),
        ("{domain}", s.domain),
        ("{send}", s.send),
        ("{secret}", s.secret),
        ("{project}", s.project),
        ("{service_account}", s.service_account),
    ] {
        if out.contains(key) {
            let missing = match lang {
                Lang::En => "(unknown)",
                Lang::Es => "(desconocido)",
            };
            out = out.replace(key, value.unwrap_or(missing));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_has_a_name_and_both_sentences() {
        for event in EventType::KNOWN {
            let (name, en, es) =
                entry(event.wire()).unwrap_or_else(|| panic!("{event:?} has no entry"));
            assert!(
                !name.is_empty() && en.ends_with('.') && es.ends_with('.'),
                "{event:?}"
            );
            // Placeholders are the same in both languages.
            let keys = |s: &str| {
                let mut k: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_owned()))
                    .collect();
                k.sort();
                k
            };
            assert_eq!(keys(en), keys(es), "{event:?}");
        }
    }

    #[test]
    fn names_match_bitwardens_and_subjects_are_filled() {
        assert_eq!(EventType::UserLoggedIn.bitwarden_name(), "User_LoggedIn");
        assert_eq!(
            EventType::from_wire(1118).bitwarden_name(),
            "Cipher_ClientToggledTOTPSeedVisible"
        );
        assert_eq!(
            EventType::from_wire(1506).bitwarden_name(),
            "OrganizationUser_ResetPassword_Enroll"
        );
        let s = Subjects {
            item: Some("1a2b3c4d"),
            ..Default::default()
        };
        assert_eq!(
            describe(EventType::CipherUpdated, Lang::En, &s),
            "Edited item 1a2b3c4d."
        );
        assert_eq!(
            describe(EventType::CipherUpdated, Lang::Es, &s),
            "Editó el elemento 1a2b3c4d."
        );
        assert_eq!(
            describe(EventType::GroupDeleted, Lang::En, &Subjects::default()),
            "Deleted group (unknown)."
        );
        assert_eq!(
            describe(EventType::from_wire(2600), Lang::En, &s),
            "Event of type 2600 (not known to this version)."
        );
        assert_eq!(EventType::from_wire(2600).bitwarden_name(), "2600");
    }
}
