//! Vault objects: ciphers, collections, folders, policies, sends.

use super::Selection;
use serde::{Deserialize, Serialize};

/// A cipher as emitted in sync (`cipherDetails`) and org listings
/// (`cipherMiniDetails`). The type-specific objects are kept as JSON values:
/// the server stores what the client sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherDetails {
    pub object: String,
    pub id: String,
    pub organization_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    pub data: Option<String>,
    pub name: Option<String>,
    pub notes: Option<String>,
    pub login: Option<serde_json::Value>,
    pub card: Option<serde_json::Value>,
    pub identity: Option<serde_json::Value>,
    pub secure_note: Option<serde_json::Value>,
    pub ssh_key: Option<serde_json::Value>,
    pub fields: Option<serde_json::Value>,
    pub password_history: Option<serde_json::Value>,
    pub attachments: Option<serde_json::Value>,
    pub organization_use_totp: bool,
    pub revision_date: String,
    pub creation_date: String,
    pub deleted_date: Option<String>,
    pub archived_date: Option<String>,
    pub reprompt: u8,
    pub key: Option<String>,
    /// `cipherDetails` only (absent on `cipherMiniDetails`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder_id: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favorite: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view_password: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<serde_json::Value>,
    pub collection_ids: Vec<String>,
}

/// `collectionDetails` (sync) and `collectionAccessDetails` (admin).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CollectionDetails {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub external_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    pub default_user_collection_email: Option<String>,
    pub read_only: bool,
    pub hide_passwords: bool,
    pub manage: bool,
    /// Admin details only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmanaged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Selection>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Selection>>,
}

/// `folder`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Folder {
    pub object: String,
    pub id: String,
    pub name: String,
    pub revision_date: String,
}

/// `policy`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Policy {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    #[serde(rename = "type")]
    pub kind: u8,
    pub data: Option<serde_json::Value>,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_toggle_state: Option<bool>,
}

/// `send`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Send {
    pub object: String,
    pub id: String,
    pub access_id: String,
    #[serde(rename = "type")]
    pub kind: u8,
    pub auth_type: u8,
    pub name: Option<String>,
    pub notes: Option<String>,
    pub file: Option<serde_json::Value>,
    pub text: Option<serde_json::Value>,
    pub key: String,
    pub max_access_count: Option<i64>,
    pub access_count: i64,
    pub password: Option<String>,
    pub emails: Option<String>,
    pub disabled: bool,
    pub revision_date: String,
    pub expiration_date: Option<String>,
    pub deletion_date: String,
    pub hide_email: bool,
}
