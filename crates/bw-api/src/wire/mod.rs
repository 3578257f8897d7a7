//! Wire types of the identity and api hosts, as the real server emits them.
//!
//! Optional fields are `Option` and serialize as `null` where the server
//! emits `null`; fields the server omits when null carry
//! `skip_serializing_if`. Everything deserializes with defaults, so a client
//! reading an older server does not fail on a missing field.

pub mod account;
pub mod identity;
pub mod org;
pub mod provider;
pub mod vault;

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

/// Collection access selection (`SelectionReadOnlyResponseModel`), request and response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// A bulk operation result item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// `"OrganizationBulkConfirmResponseModel"` for member operations,
    /// `"providerUserBulkResponseModel"` for provider users.
    pub object: String,
    /// The id the operation was about.
    pub id: String,
    /// Empty on success.
    pub error: String,
}

/// KDF parameters in the camelCase form used by prelogin `kdfSettings` and sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfSettings {
    /// 0 PBKDF2-SHA256, 1 Argon2id.
    pub kdf_type: u8,
    /// Iterations.
    pub iterations: u32,
    /// Argon2 memory in MiB.
    pub memory: Option<u32>,
    /// Argon2 parallelism.
    pub parallelism: Option<u32>,
}
