//! Sends (`sends…`).

use serde::{Deserialize, Serialize};

/// `send`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Send {
    #[serde(default)]
    pub object: String,
    pub id: String,
    /// What the share link carries (base64url of the id's .NET byte layout).
    #[serde(default)]
    pub access_id: String,
    /// SendType: 0 Text, 1 File, 2 Item.
    #[serde(default, rename = "type")]
    pub send_type: i64,
    /// AuthType: 0 Email, 1 Password, 2 None.
    #[serde(default)]
    pub auth_type: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// `{id, fileName, size, sizeName}`.
    #[serde(default)]
    pub file: Option<serde_json::Value>,
    /// `{text, hidden}`.
    #[serde(default)]
    pub text: Option<serde_json::Value>,
    /// The key material encrypted with the user key.
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub max_access_count: Option<i64>,
    #[serde(default)]
    pub access_count: i64,
    /// The server's hash of the access password, or null.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub emails: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub revision_date: String,
    #[serde(default)]
    pub expiration_date: Option<String>,
    #[serde(default)]
    pub deletion_date: String,
    #[serde(default)]
    pub hide_email: bool,
}

/// `text` of a Send request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendText {
    /// The text, encrypted with the Send's content key.
    pub text: Option<String>,
    /// Hidden until the recipient reveals it.
    pub hidden: bool,
}

/// `file` of a file Send request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendFileRequest {
    /// The file name, encrypted with the Send's content key.
    pub file_name: String,
}

/// `POST sends`, `POST sends/file/v2` and `PUT sends/{id}` (`SendRequestModel`).
#[derive(Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest<'a> {
    /// SendType: 0 Text, 1 File.
    #[serde(rename = "type")]
    pub send_type: i64,
    /// AuthType (v2026.1.0+; older servers derive it from `password`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<i64>,
    /// Encrypted with the content key.
    pub name: Option<String>,
    /// Encrypted with the content key.
    pub notes: Option<String>,
    /// The 16-byte key material encrypted with the user key. Required.
    pub key: String,
    /// Text Sends.
    pub text: Option<SendText>,
    /// File Sends.
    pub file: Option<SendFileRequest>,
    /// File Sends: the encrypted file's size in bytes (required by `file/v2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_length: Option<i64>,
    /// At least 1, or null for no limit.
    pub max_access_count: Option<i64>,
    pub expiration_date: Option<String>,
    /// Required: after now + 1 minute and within 31 days.
    pub deletion_date: String,
    /// With auth type 1: base64 PBKDF2-SHA256(password, key material,
    /// 100 000 iterations). A credential: never printed.
    pub password: Option<&'a str>,
    /// With auth type 0: comma-separated addresses.
    pub emails: Option<String>,
    pub disabled: bool,
    pub hide_email: bool,
}

impl std::fmt::Debug for SendRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "SendRequest")
    }
}

/// The answer to `POST sends/file/v2`: where to upload the encrypted file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendFileUpload {
    /// `"send-fileUpload"`.
    #[serde(default)]
    pub object: String,
    /// The upload URL.
    pub url: String,
    /// 0 Direct (a multipart POST to the api host), 1 Azure (a blob PUT).
    #[serde(default)]
    pub file_upload_type: i64,
    /// The Send as created.
    pub send_response: Send,
}

/// The answer to `POST sends/{accessId}/access/file/{fileId}`
/// (`"object":"send-fileDownload"`): where the encrypted file is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendFileDownload {
    /// The file id.
    #[serde(default)]
    pub id: String,
    /// Where to GET it (no credentials).
    pub url: String,
}

/// `POST sends/access/{accessId}` body.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendAccessRequest<'a> {
    /// The access password hash, for password-protected Sends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<&'a str>,
}

impl std::fmt::Debug for SendAccessRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::redacted(f, "SendAccessRequest")
    }
}

/// The answer to a Send access (`"object":"send-access"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SendAccess {
    #[serde(default)]
    pub object: String,
    /// The access id.
    pub id: String,
    #[serde(default, rename = "type")]
    pub send_type: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub file: Option<serde_json::Value>,
    #[serde(default)]
    pub text: Option<serde_json::Value>,
    #[serde(default)]
    pub expiration_date: Option<String>,
    /// The creator's email unless hidden.
    #[serde(default)]
    pub creator_identifier: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn send_bodies_use_the_contract_names() {
        let text = SendRequest {
            send_type: 0,
            auth_type: Some(1),
            name: Some("2.n".into()),
            key: "2.k".into(),
            text: Some(SendText {
                text: Some("2.t".into()),
                hidden: false,
            }),
            max_access_count: Some(5),
            deletion_date: "2026-09-01T00:00:00Z".into(),
            password: Some("hash"),
            ..SendRequest::default()
        };
        assert_eq!(
            serde_json::to_value(&text).unwrap(),
            json!({"type": 0, "authType": 1, "name": "2.n", "notes": null, "key": "2.k",
                "text": {"text": "2.t", "hidden": false}, "file": null, "maxAccessCount": 5,
                "expirationDate": null, "deletionDate": "2026-09-01T00:00:00Z",
                "password": "hash", "emails": null, "disabled": false, "hideEmail": false})
        );
        assert!(!format!("{text:?}").contains("hash"));
        let file = SendRequest {
            send_type: 1,
            file: Some(SendFileRequest {
                file_name: "2.f".into(),
            }),
            file_length: Some(1234),
            ..SendRequest::default()
        };
        let value = serde_json::to_value(&file).unwrap();
        assert_eq!(value["file"], json!({"fileName": "2.f"}));
        assert_eq!(value["fileLength"], 1234);
        assert!(value.get("authType").is_none());
        assert_eq!(
            serde_json::to_value(SendAccessRequest { password: None }).unwrap(),
            json!({})
        );
    }
}
