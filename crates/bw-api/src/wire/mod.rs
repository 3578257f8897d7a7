//! The JSON shapes of the identity and api hosts, one module per area, for
//! requests and responses alike. The sandbox serializes the responses, the
//! client parses them, and the client serializes the requests; field names
//! follow the contract (`shared/reference/bitwarden-api.md`).
//!
//! How responses are read:
//! - Tolerant where servers vary: servers in the field are many versions
//!   apart, so a field that is absent takes its default, and every number
//!   (enum numbers included) is an `i64` so an unknown or newer value still
//!   parses; desk-core maps the numbers to its own types.
//! - Strict where tolerance would lose data: the id of a listed thing, an
//!   event's date, a policy's type and a profile's lists must be there. A
//!   list answer without its `data` array is an error, not an empty list
//!   (checked by the client as a whole before any item is decoded).
//! - Every list item and the profile keep their raw JSON ([`Raw`]) for the
//!   snapshot, so nothing a newer server adds is lost.
//!
//! Requests are serde structs in camelCase. Those that carry a credential
//! (a master password hash) borrow it and print redacted.

pub mod account;
pub mod billing;
pub mod ciphers;
pub mod clients;
pub mod collections;
pub mod events;
pub mod groups;
pub mod identity;
pub mod members;
pub mod policies;
pub mod providers;
pub mod sends;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The api host's error body (`ErrorResponseModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    /// Always `"error"`.
    pub object: String,
    /// Human-readable message; for validation failures "The model state is invalid.".
    pub message: String,
    /// Field (C# property name or `$.path`) → messages.
    pub validation_errors: Option<BTreeMap<String, Vec<String>>>,
    /// Only in development builds of the server.
    pub exception_message: Option<String>,
    /// Only in development builds of the server.
    pub exception_stack_trace: Option<String>,
    /// Only in development builds of the server.
    pub inner_exception_message: Option<String>,
}

impl ErrorResponse {
    /// An error with a message and no validation errors.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            object: "error".into(),
            message: message.into(),
            validation_errors: None,
            exception_message: None,
            exception_stack_trace: None,
            inner_exception_message: None,
        }
    }

    /// "The model state is invalid." with one field error.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = BTreeMap::new();
        errors.insert(field.into(), vec![message.into()]);
        Self {
            validation_errors: Some(errors),
            ..Self::new("The model state is invalid.")
        }
    }
}

/// The list envelope: `{"object":"list","data":[…],"continuationToken":null}`.
///
/// The sandbox writes it; the client reads lists through its own checks
/// (envelope or bare array, items objects, no repeated ids) and keeps each
/// item's raw JSON, so it never decodes this type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResponse<T> {
    /// Always `"list"`.
    pub object: String,
    /// The items.
    pub data: Vec<T>,
    /// Only the events endpoints paginate.
    #[serde(default)]
    pub continuation_token: Option<String>,
}

impl<T> ListResponse<T> {
    /// A list without continuation.
    pub fn new(data: Vec<T>) -> Self {
        Self {
            object: "list".into(),
            data,
            continuation_token: None,
        }
    }
}

/// One decoded answer (a list item, the profile) with the JSON the server
/// sent, kept for the snapshot: fields this client does not know survive.
#[derive(Debug, Clone)]
pub struct Raw<T> {
    /// What the client reads.
    pub value: T,
    /// What the server sent, as it sent it (its text, not re-serialised).
    pub raw: Box<serde_json::value::RawValue>,
}

/// Access to a collection, group or member (`SelectionReadOnlyRequestModel`
/// / `SelectionReadOnlyResponseModel`), request and response.
///
/// UI roles: Can view (`readOnly`), Can view except passwords
/// (`readOnly` + `hidePasswords`), Can edit (all false), Can edit except
/// passwords (`hidePasswords`), Can manage (`manage`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Collection, group or member id, depending on context.
    pub id: String,
    /// Can view.
    #[serde(default)]
    pub read_only: bool,
    /// Hide passwords.
    #[serde(default)]
    pub hide_passwords: bool,
    /// Can manage.
    #[serde(default)]
    pub manage: bool,
}

/// A bulk operation's result for one id (member and provider-user bulk routes).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// `"OrganizationBulkConfirmResponseModel"` for member operations,
    /// `"providerUserBulkResponseModel"` for provider users.
    #[serde(default)]
    pub object: String,
    /// The id the operation was about.
    pub id: String,
    /// Empty (or null) on success, else why this id failed.
    #[serde(default, deserialize_with = "null_as_default")]
    pub error: String,
}

impl BulkResult {
    /// Whether the operation succeeded for this id.
    pub fn succeeded(&self) -> bool {
        self.error.trim().is_empty()
    }
}

/// KDF parameters in the camelCase form of prelogin `kdfSettings`, sync and
/// the account-recovery request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfSettings {
    /// 0 PBKDF2-SHA256, 1 Argon2id.
    pub kdf_type: i64,
    /// Iterations.
    pub iterations: u32,
    /// Argon2 memory in MiB.
    pub memory: Option<u32>,
    /// Argon2 parallelism.
    pub parallelism: Option<u32>,
}

/// `{"ids":[…]}`: the body of the bulk member, provider-user, group and
/// collection routes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdsRequest {
    /// The ids the operation is about.
    pub ids: Vec<String>,
}

/// `{"key":"4.…"}` (+ the optional default collection name for members):
/// confirming one member or provider user.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmRequest {
    /// The org (or provider) key encrypted to the user's public key (type 4).
    pub key: String,
    /// The member's "My Items" collection name (org-key EncString), only
    /// where the Organization Data Ownership policy makes one; never sent
    /// for provider users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user_collection_name: Option<String>,
}

/// One id and its wrapped key in a bulk confirm.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdKey {
    /// OrganizationUser or ProviderUser id.
    pub id: String,
    /// The key encrypted to that user's public key (type 4).
    pub key: String,
}

/// `{"keys":[{"id","key"}]}`: confirming several members or provider users.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkConfirmRequest {
    /// One entry per user.
    pub keys: Vec<IdKey>,
    /// As in [`ConfirmRequest`]; members only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_user_collection_name: Option<String>,
}

/// An item of `organizations/{id}/users/public-keys` and
/// `providers/{id}/users/public-keys`: what a confirm encrypts to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPublicKey {
    /// `"organizationUserPublicKeyResponseModel"` /
    /// `"providerUserPublicKeyResponseModel"`.
    #[serde(default)]
    pub object: String,
    /// OrganizationUser or ProviderUser id.
    pub id: String,
    /// The account's user id.
    #[serde(default)]
    pub user_id: String,
    /// The account's public key (base64 SPKI DER).
    #[serde(default)]
    pub key: String,
}

/// `null` read as the type's default: some servers send `null` where the
/// contract has a value (a bulk result's empty error).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A credential in a request: serialized as itself, printed redacted.
pub(crate) fn redacted(f: &mut std::fmt::Formatter<'_>, name: &str) -> std::fmt::Result {
    f.debug_struct(name).finish_non_exhaustive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn confirm_bodies_use_the_contract_names() {
        let one = ConfirmRequest {
            key: "4.k".into(),
            default_user_collection_name: None,
        };
        assert_eq!(serde_json::to_value(&one).unwrap(), json!({"key": "4.k"}));
        let bulk = BulkConfirmRequest {
            keys: vec![IdKey {
                id: "m1".into(),
                key: "4.k".into(),
            }],
            default_user_collection_name: Some("2.c".into()),
        };
        assert_eq!(
            serde_json::to_value(&bulk).unwrap(),
            json!({"keys": [{"id": "m1", "key": "4.k"}], "defaultUserCollectionName": "2.c"})
        );
        assert_eq!(
            serde_json::to_value(IdsRequest {
                ids: vec!["a".into()]
            })
            .unwrap(),
            json!({"ids": ["a"]})
        );
    }

    #[test]
    fn bulk_results_read_null_and_empty_errors_as_success() {
        let ok: BulkResult = serde_json::from_value(json!({"id": "a", "error": null})).unwrap();
        assert!(ok.succeeded());
        let ok: BulkResult = serde_json::from_value(json!({"id": "a"})).unwrap();
        assert!(ok.succeeded());
        let failed: BulkResult =
            serde_json::from_value(json!({"id": "a", "error": "User not found."})).unwrap();
        assert!(!failed.succeeded());
        assert!(serde_json::from_value::<BulkResult>(json!({"error": ""})).is_err());
    }
}
