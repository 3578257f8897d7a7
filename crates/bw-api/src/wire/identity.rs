//! Identity host: prelogin and `connect/token`.
//!
//! `connect/token` mixes snake_case OAuth fields with PascalCase Bitwarden
//! extras (nested objects PascalCase too, except `AccountKeys` internals).
//! The sandbox writes the answers with these types; the client reads them
//! field by field in either casing (`client::identity`), because servers
//! differ in casing and the token form is not JSON.

use super::KdfSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST accounts/prelogin` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreloginRequest {
    /// The account's email (trimmed).
    pub email: String,
}

/// `{"email","masterPasswordHash"}`: the body of the anonymous
/// `two-factor/send-email-login` and `accounts/resend-new-device-otp`.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailLoginRequest<'a> {
    /// The account's email (trimmed).
    pub email: &'a str,
    /// The master password hash: proof the code is asked for by the owner.
    pub master_password_hash: &'a str,
}

impl std::fmt::Debug for EmailLoginRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "EmailLoginRequest")
    }
}

/// `POST accounts/prelogin` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreloginResponse {
    /// Flat KDF type (deprecated, still sent).
    pub kdf: u8,
    /// Flat iterations.
    pub kdf_iterations: u32,
    /// Flat Argon2 memory.
    pub kdf_memory: Option<u32>,
    /// Flat Argon2 parallelism.
    pub kdf_parallelism: Option<u32>,
    /// Since v2025.11.1.
    #[serde(default)]
    pub kdf_settings: Option<KdfSettings>,
    /// Stored salt, or null (then the salt is the trimmed lower-cased email).
    #[serde(default)]
    pub salt: Option<String>,
}

/// `AccountKeys.publicKeyEncryptionKeyPair`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyEncryptionKeyPair {
    /// RSA private key wrapped by the user key (type 2).
    pub wrapped_private_key: String,
    /// Base64 SPKI DER.
    pub public_key: String,
    /// V2 accounts only.
    pub signed_public_key: Option<String>,
    /// `"publicKeyEncryptionKeyPair"` (PascalCase key on the identity host).
    #[serde(rename = "Object", alias = "object")]
    pub object: String,
}

/// `AccountKeys` of the token response (inner names camelCase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityAccountKeys {
    /// The RSA pair.
    pub public_key_encryption_key_pair: PublicKeyEncryptionKeyPair,
    /// V2 accounts only.
    pub signature_key_pair: Option<serde_json::Value>,
    /// V2 accounts only.
    pub security_state: Option<serde_json::Value>,
    /// `"privateKeys"`.
    #[serde(rename = "Object", alias = "object")]
    pub object: String,
}

/// `UserDecryptionOptions.MasterPasswordUnlock.Kdf`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityKdf {
    /// 0 PBKDF2, 1 Argon2id.
    pub kdf_type: u8,
    /// Iterations.
    pub iterations: u32,
    /// Argon2 only (omitted when null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    /// Argon2 only (omitted when null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
}

/// `UserDecryptionOptions.MasterPasswordUnlock`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MasterPasswordUnlock {
    /// KDF parameters.
    pub kdf: IdentityKdf,
    /// User key wrapped by the stretched master key.
    pub master_key_encrypted_user_key: String,
    /// Salt (the normalized email unless the account has its own).
    pub salt: String,
}

/// `UserDecryptionOptions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDecryptionOptions {
    /// The account has a master password.
    pub has_master_password: bool,
    /// How to unlock with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_password_unlock: Option<MasterPasswordUnlock>,
    /// `"userDecryptionOptions"`.
    pub object: String,
}

/// `MasterPasswordPolicy` (only set fields are present).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MasterPasswordPolicy {
    /// Minimum zxcvbn score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_complexity: Option<u8>,
    /// Minimum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Require upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_upper: Option<bool>,
    /// Enforce at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce_on_login: Option<bool>,
    /// `"masterPasswordPolicy"`.
    pub object: String,
}

/// `connect/token` success for the password and client-credentials grants
/// (the refresh grant leaves every PascalCase extra out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// JWT.
    pub access_token: String,
    /// Seconds.
    pub expires_in: u64,
    /// `"Bearer"`.
    pub token_type: String,
    /// Absent for client_credentials or without `offline_access`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Granted scopes.
    pub scope: String,
    /// User key wrapped by the master key (deprecated).
    #[serde(rename = "Key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Private key wrapped by the user key (deprecated).
    #[serde(
        rename = "PrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_key: Option<String>,
    /// Account keys.
    #[serde(
        rename = "AccountKeys",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_keys: Option<IdentityAccountKeys>,
    /// Org master password policy, if any.
    #[serde(
        rename = "MasterPasswordPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_password_policy: Option<MasterPasswordPolicy>,
    /// Set after an admin account recovery.
    #[serde(
        rename = "ForcePasswordReset",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub force_password_reset: Option<bool>,
    /// KDF type.
    #[serde(rename = "Kdf", default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<u8>,
    /// KDF iterations.
    #[serde(
        rename = "KdfIterations",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kdf_iterations: Option<u32>,
    /// Argon2 memory (present with null for PBKDF2 users).
    #[serde(rename = "KdfMemory", default)]
    pub kdf_memory: Option<u32>,
    /// Argon2 parallelism (present with null for PBKDF2 users).
    #[serde(rename = "KdfParallelism", default)]
    pub kdf_parallelism: Option<u32>,
    /// Decryption options.
    #[serde(
        rename = "UserDecryptionOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_decryption_options: Option<UserDecryptionOptions>,
    /// Remember-me token when `twoFactorRemember=1` was accepted.
    #[serde(
        rename = "TwoFactorToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub two_factor_token: Option<String>,
    /// Key Connector users of the API key grant.
    #[serde(
        rename = "ApiUseKeyConnector",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub api_use_key_connector: Option<bool>,
}

/// `ErrorModel` inside identity errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityErrorModel {
    /// The message clients match on.
    pub message: String,
    /// `"error"`.
    pub object: String,
}

/// A 400 from `connect/token`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityError {
    /// `invalid_grant`, `device_error`, `version_header_missing`, …
    pub error: String,
    /// Set for some errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// Bitwarden's message.
    #[serde(
        rename = "ErrorModel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_model: Option<IdentityErrorModel>,
    /// Two-factor providers as strings (legacy list).
    #[serde(
        rename = "TwoFactorProviders",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub two_factor_providers: Option<Vec<String>>,
    /// Provider number (as string) → parameters or null.
    #[serde(
        rename = "TwoFactorProviders2",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub two_factor_providers2: Option<BTreeMap<String, Option<serde_json::Value>>>,
    /// Only with Email 2FA.
    #[serde(
        rename = "SsoEmail2faSessionToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sso_email2fa_session_token: Option<String>,
    /// Only with Email 2FA.
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Sent with the two-factor response.
    #[serde(
        rename = "MasterPasswordPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_password_policy: Option<MasterPasswordPolicy>,
}
