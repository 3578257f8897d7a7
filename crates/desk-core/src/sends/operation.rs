//! Send changes in the write queue. Everything stored is ciphertext or a
//! derived hash: the Send's key wrapped by the user key, its name, text and
//! file encrypted with the Send's own key, the access password's PBKDF2
//! hash. The wrapped key is new for every Send, so it tells whether a
//! create already reached the server.

use crate::error::AppError;
use crate::jobs::Look;
use bw_api::client::BwClient;
use bw_api::wire::Raw;
use bw_api::wire::sends::{Send, SendFileRequest, SendRequest, SendText};
use serde::{Deserialize, Serialize};

/// Text Sends (`type` 0) have no file.
const FILE: i64 = 1;
/// AuthType 1: a password.
const AUTH_PASSWORD: i64 = 1;

/// A Send's body as planned, encrypted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSend {
    pub send_type: i64,
    pub name: Option<String>,
    pub notes: Option<String>,
    /// The Send's key material wrapped by the user key.
    pub key: String,
    pub text: Option<String>,
    pub hidden: bool,
    pub file_name: Option<String>,
    /// The encrypted file, base64 (create only).
    pub file_data: Option<String>,
    pub max_access_count: Option<i64>,
    pub expiration_date: Option<String>,
    pub deletion_date: String,
    /// PBKDF2 hash of a new access password: a credential, never printed.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub hide_email: bool,
}

impl std::fmt::Debug for StoredSend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSend")
            .field("send_type", &self.send_type)
            .finish_non_exhaustive()
    }
}

impl StoredSend {
    fn request(&self, file_length: Option<i64>) -> SendRequest<'_> {
        SendRequest {
            send_type: self.send_type,
            // Said only with a new password: without it an edit keeps the
            // Send's password, and a create defaults to none.
            auth_type: self.password_hash.as_ref().map(|_| AUTH_PASSWORD),
            name: self.name.clone(),
            notes: self.notes.clone(),
            key: self.key.clone(),
            text: (self.send_type != FILE).then(|| SendText {
                text: self.text.clone(),
                hidden: self.hidden,
            }),
            file: self
                .file_name
                .clone()
                .filter(|_| self.send_type == FILE)
                .map(|n| SendFileRequest { file_name: n }),
            file_length,
            max_access_count: self.max_access_count,
            expiration_date: self.expiration_date.clone(),
            deletion_date: self.deletion_date.clone(),
            password: self.password_hash.as_deref(),
            emails: None,
            disabled: self.disabled,
            hide_email: self.hide_email,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum SendOperation {
    /// `POST sends`, or `POST sends/file/v2` and the upload.
    Create { name: String, send: StoredSend },
    /// `PUT sends/{id}`.
    Update {
        send_id: String,
        name: String,
        expected_revision: String,
        send: StoredSend,
    },
    /// `DELETE sends/{id}`.
    Delete { send_id: String, name: String },
    /// `PUT sends/{id}/remove-password`.
    RemovePassword { send_id: String, name: String },
}

impl SendOperation {
    /// The wrapped key of a Send this creates (to find it afterwards).
    pub fn created_key(&self) -> Option<&str> {
        match self {
            SendOperation::Create { send, .. } => Some(&send.key),
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        let q = |s: &str| format!("\u{201c}{s}\u{201d}");
        match self {
            SendOperation::Create { name, send } => {
                let times = match send.max_access_count {
                    Some(1) => "one-time".to_owned(),
                    Some(n) => format!("up to {n} accesses"),
                    None => "no access limit".to_owned(),
                };
                format!(
                    "Create the {} Send {} ({times}, deleted {}{})",
                    if send.send_type == FILE {
                        "file"
                    } else {
                        "text"
                    },
                    q(name),
                    send.deletion_date,
                    if send.password_hash.is_some() {
                        ", with a password"
                    } else {
                        ""
                    }
                )
            }
            SendOperation::Update { name, .. } => format!("Change the Send {}", q(name)),
            SendOperation::Delete { name, .. } => format!("Delete the Send {}", q(name)),
            SendOperation::RemovePassword { name, .. } => {
                format!("Remove the password of the Send {}", q(name))
            }
        }
    }

    pub(crate) async fn look(&self, client: &BwClient) -> Result<Look, AppError> {
        let list: Vec<Send> = client
            .sends()
            .await?
            .into_iter()
            .map(|Raw { value, .. }| value)
            .collect();
        let by_id = |id: &str| list.iter().find(|s| s.id == id);
        Ok(match self {
            SendOperation::Create { send, .. } => {
                if list.iter().any(|s| s.key == send.key) {
                    Look::Applied
                } else {
                    Look::NotApplied
                }
            }
            SendOperation::Update {
                send_id,
                expected_revision,
                send,
                ..
            } => match by_id(send_id) {
                None => Look::Conflict {
                    current: "the Send no longer exists".into(),
                },
                Some(s) if s.name == send.name => Look::Applied,
                Some(s) if &s.revision_date == expected_revision => Look::NotApplied,
                Some(_) => Look::Conflict {
                    current: "the Send was changed since it was read".into(),
                },
            },
            SendOperation::Delete { send_id, .. } => match by_id(send_id) {
                None => Look::Applied,
                Some(_) => Look::NotApplied,
            },
            SendOperation::RemovePassword { send_id, .. } => match by_id(send_id) {
                None => Look::Conflict {
                    current: "the Send no longer exists".into(),
                },
                Some(s) if s.password.is_none() => Look::Applied,
                Some(_) => Look::NotApplied,
            },
        })
    }

    pub(crate) async fn send(&self, client: &BwClient) -> Result<(), AppError> {
        match self {
            SendOperation::Create { send, .. } if send.send_type == FILE => {
                use base64::Engine as _;
                let data = base64::engine::general_purpose::STANDARD
                    .decode(send.file_data.as_deref().unwrap_or_default())
                    .map_err(|e| {
                        AppError::internal(format!("a queued file does not read back: {e}"))
                    })?;
                let length = i64::try_from(data.len()).unwrap_or(i64::MAX);
                let upload = client.create_file_send(&send.request(Some(length))).await?;
                client
                    .upload_send_file(
                        &upload,
                        send.file_name.as_deref().unwrap_or_default(),
                        &data,
                    )
                    .await?;
            }
            SendOperation::Create { send, .. } => {
                client.create_text_send(&send.request(None)).await?;
            }
            SendOperation::Update { send_id, send, .. } => {
                client.update_send(send_id, &send.request(None)).await?;
            }
            SendOperation::Delete { send_id, .. } => client.delete_send(send_id).await?,
            SendOperation::RemovePassword { send_id, .. } => {
                client.remove_send_password(send_id).await?;
            }
        }
        Ok(())
    }
}
