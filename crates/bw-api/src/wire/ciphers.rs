//! Vault items (`ciphers…`). Every text value in a request is an EncString
//! made by the caller with the org key (or the item's own key).

use serde::{Deserialize, Serialize};

/// A cipher as emitted in sync (`cipherDetails`), org listings
/// (`cipherMiniDetails`) and write answers. The type-specific objects stay
/// JSON values: the server stores what the client sent, and the snapshot
/// keeps each item's raw JSON for decryption.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct CipherDetails {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub organization_id: Option<String>,
    /// CipherType: 1 Login, 2 SecureNote, 3 Card, 4 Identity, 5 SSHKey, …
    #[serde(default, rename = "type")]
    pub cipher_type: i64,
    /// The type-specific payload as a JSON string (or, since v2026.6.0, a
    /// blob-encrypted document).
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub login: Option<serde_json::Value>,
    #[serde(default)]
    pub card: Option<serde_json::Value>,
    #[serde(default)]
    pub identity: Option<serde_json::Value>,
    #[serde(default)]
    pub secure_note: Option<serde_json::Value>,
    #[serde(default)]
    pub ssh_key: Option<serde_json::Value>,
    #[serde(default)]
    pub fields: Option<serde_json::Value>,
    #[serde(default)]
    pub password_history: Option<serde_json::Value>,
    #[serde(default)]
    pub attachments: Option<serde_json::Value>,
    #[serde(default)]
    pub organization_use_totp: bool,
    #[serde(default)]
    pub revision_date: Option<String>,
    #[serde(default)]
    pub creation_date: String,
    #[serde(default)]
    pub deleted_date: Option<String>,
    #[serde(default)]
    pub archived_date: Option<String>,
    /// CipherRepromptType.
    #[serde(default)]
    pub reprompt: i64,
    /// The item's own key, wrapped by the org key.
    #[serde(default)]
    pub key: Option<String>,
    /// `cipherDetails` only (absent on `cipherMiniDetails`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_id: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favorite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view_password: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub collection_ids: Vec<String>,
}

/// A login URI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CipherLoginUri {
    /// The URI.
    pub uri: Option<String>,
    /// Its checksum (encrypted SHA-256 of the plain URI).
    pub uri_checksum: Option<String>,
    /// UriMatchType; null for the account default.
    #[serde(rename = "match")]
    pub match_type: Option<i64>,
}

/// `login` of a cipher request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherLogin {
    pub username: Option<String>,
    pub password: Option<String>,
    pub totp: Option<String>,
    pub uris: Vec<CipherLoginUri>,
    pub password_revision_date: Option<String>,
    pub autofill_on_page_load: Option<bool>,
    /// Passkeys, passed through as they are.
    pub fido2_credentials: Option<serde_json::Value>,
}

/// A custom field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherField {
    /// FieldType: 0 Text, 1 Hidden, 2 Boolean, 3 Linked.
    #[serde(rename = "type")]
    pub field_type: i64,
    pub name: Option<String>,
    pub value: Option<String>,
    pub linked_id: Option<i64>,
}

/// A former password.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordHistoryEntry {
    /// The old password.
    pub password: String,
    /// Required by the server.
    pub last_used_date: String,
}

/// `secureNote` of a cipher request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecureNote {
    /// SecureNoteType: 0 Generic.
    #[serde(rename = "type")]
    pub note_type: i64,
}

/// `card` of a cipher request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherCard {
    pub cardholder_name: Option<String>,
    pub brand: Option<String>,
    pub number: Option<String>,
    pub exp_month: Option<String>,
    pub exp_year: Option<String>,
    pub code: Option<String>,
}

/// `identity` of a cipher request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherIdentity {
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub address3: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ssn: Option<String>,
    pub username: Option<String>,
    pub passport_number: Option<String>,
    pub license_number: Option<String>,
}

/// `sshKey` of a cipher request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct CipherSshKey {
    pub private_key: Option<String>,
    pub public_key: Option<String>,
    pub key_fingerprint: Option<String>,
}

/// A cipher as sent (`CipherRequestModel`): the `cipher` of a create, and
/// the whole body of `PUT ciphers/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct CipherRequest {
    /// CipherType.
    #[serde(rename = "type")]
    pub cipher_type: i64,
    /// Must match the stored one on update.
    pub organization_id: Option<String>,
    pub folder_id: Option<String>,
    pub favorite: bool,
    /// CipherRepromptType.
    pub reprompt: i64,
    /// The item's own key wrapped by the org key; fields are then encrypted
    /// with it.
    pub key: Option<String>,
    /// Required.
    pub name: String,
    pub notes: Option<String>,
    pub login: Option<CipherLogin>,
    pub card: Option<CipherCard>,
    pub identity: Option<CipherIdentity>,
    pub secure_note: Option<SecureNote>,
    pub ssh_key: Option<CipherSshKey>,
    pub fields: Vec<CipherField>,
    pub password_history: Vec<PasswordHistoryEntry>,
    /// The revision the edit started from: the server refuses a stale one.
    pub last_known_revision_date: Option<String>,
    /// The caller's user id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_for: Option<String>,
}

/// `POST ciphers/create` (`CipherCreateRequestModel`): an org item straight
/// into collections (at least one when `organizationId` is set).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CipherCreateRequest {
    /// The item.
    pub cipher: CipherRequest,
    /// Where it goes.
    pub collection_ids: Vec<String>,
}

/// `PUT ciphers/{id}/collections` and `…/collections-admin`: the item's
/// full collection list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CipherCollectionsRequest {
    /// Collection ids.
    pub collection_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_body_uses_the_contract_names() {
        let request = CipherCreateRequest {
            cipher: CipherRequest {
                cipher_type: 1,
                organization_id: Some("o".into()),
                name: "2.n".into(),
                notes: Some("2.no".into()),
                key: Some("2.k".into()),
                login: Some(CipherLogin {
                    username: Some("2.u".into()),
                    password: Some("2.p".into()),
                    uris: vec![CipherLoginUri {
                        uri: Some("2.uri".into()),
                        uri_checksum: Some("2.sum".into()),
                        match_type: None,
                    }],
                    ..CipherLogin::default()
                }),
                fields: vec![CipherField {
                    field_type: 1,
                    name: Some("2.f".into()),
                    value: Some("2.v".into()),
                    linked_id: None,
                }],
                password_history: vec![PasswordHistoryEntry {
                    password: "2.old".into(),
                    last_used_date: "2026-08-01T00:00:00Z".into(),
                }],
                ..CipherRequest::default()
            },
            collection_ids: vec!["c1".into()],
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "cipher": {
                    "type": 1, "organizationId": "o", "folderId": null, "favorite": false,
                    "reprompt": 0, "key": "2.k", "name": "2.n", "notes": "2.no",
                    "login": {"username": "2.u", "password": "2.p", "totp": null,
                        "uris": [{"uri": "2.uri", "uriChecksum": "2.sum", "match": null}],
                        "passwordRevisionDate": null, "autofillOnPageLoad": null,
                        "fido2Credentials": null},
                    "card": null, "identity": null, "secureNote": null, "sshKey": null,
                    "fields": [{"type": 1, "name": "2.f", "value": "2.v", "linkedId": null}],
                    "passwordHistory": [{"password": "2.old", "lastUsedDate": "2026-08-01T00:00:00Z"}],
                    "lastKnownRevisionDate": null
                },
                "collectionIds": ["c1"]
            })
        );
        assert_eq!(
            serde_json::to_value(CipherCollectionsRequest {
                collection_ids: vec!["c1".into()]
            })
            .unwrap(),
            json!({"collectionIds": ["c1"]})
        );
        let note = CipherRequest {
            cipher_type: 2,
            secure_note: Some(SecureNote::default()),
            ..CipherRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&note).unwrap()["secureNote"],
            json!({"type": 0})
        );
    }
}
