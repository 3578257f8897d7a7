//! Sends: one-time (or few-times) shares of a text or a file, end-to-end
//! encrypted with a key that travels only in the link's fragment. Created,
//! changed and deleted through the write path; listed from the server;
//! opened ("received") anonymously as a recipient does.

mod operation;

pub use operation::{SendOperation, StoredSend};

use crate::ErrorCode;
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use bw_api::wire::Raw;
use bw_api::wire::sends::Send;
use bw_crypto::SecretString;
use bw_crypto::send::{self as send_crypto, SendKey};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Bitwarden deletes a Send at most 31 days after it is made.
pub const MAX_DELETION_DAYS: i64 = 31;
/// File Sends wait in the encrypted queue whole; beyond this they would
/// weigh on the snapshot (Bitwarden's own limit is 500 MB).
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

crate::wire_enum::wire_enum! {
    /// What a Send carries (Bitwarden's `SendType`).
    pub enum SendKind {
        Text = 0 => "text",
        File = 1 => "file",
    }
}

/// Where a Send stands, as Bitwarden's list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SendStatus {
    Active,
    Disabled,
    Expired,
    /// Opened as many times as allowed.
    MaxAccessed,
    /// Past its deletion date; the server removes it shortly.
    PendingDeletion,
}

/// One of the user's Sends, decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SendView {
    pub id: String,
    pub access_id: String,
    #[serde(rename = "type")]
    pub kind: SendKind,
    pub name: Option<String>,
    pub notes: Option<String>,
    /// Text Sends, when asked for.
    pub text: Option<String>,
    pub hidden: bool,
    pub file_name: Option<String>,
    pub file_size: Option<String>,
    pub max_access_count: Option<u32>,
    pub access_count: u32,
    pub has_password: bool,
    pub disabled: bool,
    pub hide_email: bool,
    pub expiration_date: Option<String>,
    pub deletion_date: String,
    pub revision_date: String,
    pub status: SendStatus,
    /// The share link in Bitwarden's format for this server; the key is in
    /// the fragment, which browsers never send.
    pub link: String,
    /// Why it could not be decrypted (the list still shows the rest).
    pub error: Option<String>,
}

/// A saved Send: the job, and the Send with its link once the server has it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SendSaved {
    pub submitted: crate::jobs::Submitted,
    pub send: Option<SendView>,
}

/// A Send to create (no `sendId`) or change. Dates are ISO 8601 (UTC).
#[derive(Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SendInput {
    pub send_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// The text of a text Send.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub hidden: bool,
    /// A file Send: its name and content (creating only).
    #[serde(default)]
    pub file: Option<SendFile>,
    /// 1 for one-time; `None` for no limit.
    #[serde(default)]
    pub max_access_count: Option<u32>,
    #[serde(default)]
    pub expiration_date: Option<String>,
    /// At most 31 days ahead; `None` is 7 days, Bitwarden's default.
    #[serde(default)]
    pub deletion_date: Option<String>,
    /// A new access password (`None` keeps the current one).
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub hide_email: bool,
    #[serde(default)]
    pub disabled: bool,
}

impl std::fmt::Debug for SendInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendInput")
            .field("send_id", &self.send_id)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SendFile {
    pub file_name: String,
    /// The content, base64.
    pub data: String,
}

/// A Send opened from its link.
#[derive(Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedSend {
    #[serde(rename = "type")]
    pub kind: SendKind,
    pub name: Option<String>,
    pub text: Option<String>,
    pub hidden: bool,
    pub file_name: Option<String>,
    pub expiration_date: Option<String>,
    /// Who sent it, unless they hid their address.
    pub creator: Option<String>,
}

impl std::fmt::Debug for ReceivedSend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceivedSend")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("A Send needs a name.")]
    NoName,
    #[error("A text Send needs its text, a file Send its file.")]
    NoContent,
    #[error("A Send is deleted at most 31 days after it is made: choose an earlier deletion date.")]
    DeletionTooLate,
    #[error("The {0} date is not a date (use 2026-12-31T18:00:00Z).")]
    BadDate(&'static str),
    #[error("The {0} date has already passed.")]
    Past(&'static str),
    #[error("The expiration date comes after the deletion date.")]
    ExpiresAfterDeletion,
    #[error("The maximum access count is at least 1 (or none for no limit).")]
    BadAccessCount,
    #[error("The file is not valid base64.")]
    BadFile,
    #[error("The file is larger than 100 MB; share it another way.")]
    FileTooLarge,
    #[error("You have no Send with the id {0:?}.")]
    NoSuchSend(String),
    #[error("A Send's type cannot change; create a new one.")]
    TypeChange,
    #[error(
        "This is not a Send link: it looks like https://send.bitwarden.com/#<id>/<key> or https://<server>/#/send/<id>/<key>."
    )]
    BadLink,
    #[error("This Send is protected by a password: give it to open the Send.")]
    PasswordRequired,
    #[error(
        "This Send does not exist any more: it was deleted, it expired, it was disabled or it was opened as many times as allowed."
    )]
    Gone,
    #[error(
        "The Send's content does not decrypt with the key in the link (is the link complete?)."
    )]
    Undecryptable,
    #[error("This Send is a text, not a file.")]
    NotAFile,
}

impl SendError {
    pub fn code(&self) -> ErrorCode {
        use SendError::*;
        match self {
            NoSuchSend(_) | Gone => ErrorCode::NotFound,
            PasswordRequired => ErrorCode::Forbidden,
            Undecryptable => ErrorCode::ServerError,
            TypeChange => ErrorCode::Conflict,
            _ => ErrorCode::InvalidInput,
        }
    }
}

crate::error::into_app_error!(SendError);

/// The share link of a Send on a server, as Bitwarden's clients make it:
/// Bitwarden's US cloud uses send.bitwarden.com, every other server its
/// own web vault.
pub fn share_link(web_vault: &url::Url, access_id: &str, key: &SendKey) -> String {
    let base = web_vault.as_str().trim_end_matches('/');
    if base == "https://vault.bitwarden.com" {
        send_crypto::cloud_share_url(access_id, key.url_fragment().expose())
    } else {
        send_crypto::share_url(base, access_id, key.url_fragment().expose())
    }
}

/// Reads a Send link: the api host it lives on and its access id and key.
pub fn parse_link(link: &str) -> Result<(url::Url, String, SendKey), SendError> {
    let url = url::Url::parse(link.trim()).map_err(|_| SendError::BadLink)?;
    let fragment = url.fragment().ok_or(SendError::BadLink)?;
    let rest = fragment
        .strip_prefix("/send/")
        .or_else(|| fragment.strip_prefix("send/"))
        .unwrap_or(fragment);
    let mut parts = rest.trim_matches('/').split('/');
    let (Some(id), Some(key), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(SendError::BadLink);
    };
    let key = SendKey::from_url_fragment(key).map_err(|_| SendError::BadLink)?;
    let mut base = url.clone();
    base.set_fragment(None);
    base.set_query(None);
    let host = if base.host_str() == Some("send.bitwarden.com") {
        url::Url::parse("https://vault.bitwarden.com/").map_err(|_| SendError::BadLink)?
    } else {
        base
    };
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(SendError::BadLink);
    }
    Ok((host, id.to_owned(), key))
}

fn status(send: &Send, now_ms: i64) -> SendStatus {
    let past = |d: Option<&str>| {
        d.and_then(crate::time::parse_iso8601_ms)
            .is_some_and(|t| t <= now_ms)
    };
    if past(Some(&send.deletion_date)) {
        SendStatus::PendingDeletion
    } else if past(send.expiration_date.as_deref()) {
        SendStatus::Expired
    } else if send
        .max_access_count
        .is_some_and(|m| send.access_count >= m)
    {
        SendStatus::MaxAccessed
    } else if send.disabled {
        SendStatus::Disabled
    } else {
        SendStatus::Active
    }
}

fn text_of(value: &Option<serde_json::Value>, field: &str) -> Option<String> {
    value.as_ref()?.get(field)?.as_str().map(str::to_owned)
}

fn open(key: &SendKey, enc: Option<String>) -> Result<Option<String>, String> {
    match enc.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(e) => {
            let e: bw_crypto::EncString = e.parse().map_err(|e| format!("malformed: {e}"))?;
            key.key()
                .decrypt_to_string(&e)
                .map(|s| Some(s.expose().to_owned()))
                .map_err(|e| format!("does not decrypt: {e}"))
        }
    }
}

impl Core {
    /// The user's Sends, from the server (a Send is the user's, not a
    /// client's, so there is no offline copy of the list).
    pub async fn sends(&self, reveal_text: bool) -> Result<Vec<SendView>, AppError> {
        let unlocked = self.unlocked().await?;
        let list = unlocked.client.sends().await?;
        let user_key = unlocked.session.keys.user_key();
        let web_vault = unlocked.client.web_vault();
        let now = crate::time::now_ms();
        let mut views: Vec<SendView> = list
            .into_iter()
            .map(|Raw { value: s, .. }| view(&s, user_key, web_vault, reveal_text, now))
            .collect();
        views.sort_by(|a, b| b.revision_date.cmp(&a.revision_date));
        Ok(views)
    }

    /// Plans creating or changing a Send. The key is made here; the link
    /// exists once the server has given the Send its id.
    pub async fn send_operations(&self, input: SendInput) -> Result<Vec<Operation>, AppError> {
        let now = crate::time::now_ms();
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(SendError::NoName.into());
        }
        let deletion = match &input.deletion_date {
            None => now + 7 * 86_400_000,
            Some(d) => date(d, "deletion", now)?,
        };
        if deletion > now + MAX_DELETION_DAYS * 86_400_000 {
            return Err(SendError::DeletionTooLate.into());
        }
        let expiration = input
            .expiration_date
            .as_deref()
            .map(|d| date(d, "expiration", now))
            .transpose()?;
        if expiration.is_some_and(|e| e > deletion) {
            return Err(SendError::ExpiresAfterDeletion.into());
        }
        if input.max_access_count.is_some_and(|n| n < 1) {
            return Err(SendError::BadAccessCount.into());
        }
        let unlocked = self.unlocked().await?;
        let existing = match &input.send_id {
            None => None,
            Some(id) => Some(
                unlocked
                    .client
                    .sends()
                    .await?
                    .into_iter()
                    .map(|r| r.value)
                    .find(|s| &s.id == id)
                    .ok_or_else(|| SendError::NoSuchSend(id.clone()))?,
            ),
        };
        let user_key = unlocked.session.keys.user_key();
        let (send_key, wrapped) = match &existing {
            None => {
                let key = SendKey::generate().map_err(crypto)?;
                let wrapped = key.wrap(user_key).map_err(crypto)?.to_string();
                (key, wrapped)
            }
            Some(s) => {
                let wrapped: bw_crypto::EncString = s.key.parse().map_err(crypto)?;
                (
                    SendKey::unwrap(user_key, &wrapped).map_err(crypto)?,
                    s.key.clone(),
                )
            }
        };
        let seal = |text: &str| -> Result<String, AppError> {
            Ok(send_key
                .key()
                .encrypt_str(text)
                .map_err(crypto)?
                .to_string())
        };
        let kind = match (&input.file, &input.text, &existing) {
            (_, _, Some(s)) => SendKind::from_wire(s.send_type),
            (Some(_), _, None) => SendKind::File,
            (None, Some(_), None) => SendKind::Text,
            (None, None, None) => return Err(SendError::NoContent.into()),
        };
        if existing.is_some() && input.file.is_some() && kind != SendKind::File {
            return Err(SendError::TypeChange.into());
        }
        let mut stored = StoredSend {
            send_type: kind.wire(),
            name: Some(seal(&name)?),
            notes: input
                .notes
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(seal)
                .transpose()?,
            key: wrapped,
            text: None,
            hidden: input.hidden,
            file_name: None,
            file_data: None,
            max_access_count: input.max_access_count.map(i64::from),
            expiration_date: expiration.map(crate::time::iso8601),
            deletion_date: crate::time::iso8601(deletion),
            password_hash: input
                .password
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| send_key.password_hash(&SecretString::new(p.to_owned()))),
            disabled: input.disabled,
            hide_email: input.hide_email,
        };
        match kind {
            SendKind::Text => {
                let text = match (&input.text, &existing) {
                    (Some(t), _) => t.clone(),
                    (None, Some(s)) => open(&send_key, text_of(&s.text, "text"))
                        .map_err(|_| SendError::Undecryptable)?
                        .unwrap_or_default(),
                    (None, None) => return Err(SendError::NoContent.into()),
                };
                stored.text = Some(seal(&text)?);
            }
            SendKind::File => match (&input.file, &existing) {
                (Some(f), None) => {
                    use base64::Engine as _;
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(f.data.trim())
                        .map_err(|_| SendError::BadFile)?;
                    if bytes.len() > MAX_FILE_BYTES {
                        return Err(SendError::FileTooLarge.into());
                    }
                    stored.file_name = Some(seal(&f.file_name)?);
                    let encrypted = send_key.key().encrypt_buffer(&bytes).map_err(crypto)?;
                    stored.file_data =
                        Some(base64::engine::general_purpose::STANDARD.encode(encrypted));
                }
                (None, Some(s)) => stored.file_name = text_of(&s.file, "fileName"),
                _ => return Err(SendError::TypeChange.into()),
            },
            SendKind::Unknown(_) => return Err(SendError::TypeChange.into()),
        }
        Ok(vec![Operation::Send(match existing {
            None => SendOperation::Create { name, send: stored },
            Some(s) => SendOperation::Update {
                send_id: s.id,
                name,
                expected_revision: s.revision_date,
                send: stored,
            },
        })])
    }

    /// Plans deleting Sends, or taking their password away.
    pub async fn send_delete_operations(
        &self,
        send_ids: &[String],
        remove_password_only: bool,
    ) -> Result<Vec<Operation>, AppError> {
        let list = self.sends(false).await?;
        send_ids
            .iter()
            .map(|id| {
                let s = list
                    .iter()
                    .find(|s| &s.id == id)
                    .ok_or_else(|| SendError::NoSuchSend(id.clone()))?;
                let name = s.name.clone().unwrap_or_else(|| id.clone());
                Ok(Operation::Send(if remove_password_only {
                    SendOperation::RemovePassword {
                        send_id: id.clone(),
                        name,
                    }
                } else {
                    SendOperation::Delete {
                        send_id: id.clone(),
                        name,
                    }
                }))
            })
            .collect()
    }

    /// Submits Send changes (see [`Core::submit`]); after a create that
    /// applied, the new Send with its link, found by its wrapped key.
    pub async fn submit_sends(
        &self,
        operations: Vec<Operation>,
        apply_now: bool,
    ) -> Result<SendSaved, AppError> {
        let key = operations.iter().find_map(|op| match op {
            Operation::Send(s) => s.created_key().map(str::to_owned),
            _ => None,
        });
        let submitted = self.submit(operations, apply_now).await?;
        let send = match key {
            Some(key) if submitted.error().is_none() => self.send_with_key(&key).await?,
            _ => None,
        };
        Ok(SendSaved { submitted, send })
    }

    /// The link of the Send whose wrapped key is this one (after a create
    /// applied: the key is unique to it).
    pub async fn send_with_key(&self, wrapped_key: &str) -> Result<Option<SendView>, AppError> {
        let unlocked = self.unlocked().await?;
        let list = unlocked.client.sends().await?;
        let user_key = unlocked.session.keys.user_key();
        let web_vault = unlocked.client.web_vault();
        Ok(list
            .into_iter()
            .find(|r| r.value.key == wrapped_key)
            .map(|r| view(&r.value, user_key, web_vault, false, crate::time::now_ms())))
    }

    /// Opens a Send from its link as a recipient does (it counts as an
    /// access). Needs no account: the server only sees the access id.
    pub async fn receive_send(
        &self,
        link: &str,
        password: Option<&str>,
    ) -> Result<ReceivedSend, AppError> {
        let OpenedLink { key, access, .. } = self.open_link(link, password).await?;
        let read = |v: Option<String>| open(&key, v).map_err(|_| SendError::Undecryptable);
        Ok(ReceivedSend {
            kind: SendKind::from_wire(access.send_type),
            name: read(access.name.clone())?,
            text: read(text_of(&access.text, "text"))?,
            hidden: access
                .text
                .as_ref()
                .and_then(|t| t.get("hidden"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            file_name: read(text_of(&access.file, "fileName"))?,
            expiration_date: access.expiration_date,
            creator: access.creator_identifier,
        })
    }
}

/// A Send link opened: the client of its server, its access id and key,
/// the password hash given, and the server's answer.
struct OpenedLink {
    client: bw_api::client::BwClient,
    access_id: String,
    key: SendKey,
    hash: Option<String>,
    access: bw_api::wire::sends::SendAccess,
}

impl Core {
    /// Opens a Send link as a recipient (reading a text Send counts as
    /// its access; a file Send's counts when its file is fetched).
    async fn open_link(&self, link: &str, password: Option<&str>) -> Result<OpenedLink, AppError> {
        let (host, access_id, key) = parse_link(link)?;
        let client = self.anonymous_client(&host)?;
        let hash = password.map(|p| key.password_hash(&SecretString::new(p.to_owned())));
        let access = match client.access_send(&access_id, hash.as_deref()).await {
            Ok(a) => a,
            Err(bw_api::client::ApiError::NotFound(_)) => return Err(SendError::Gone.into()),
            Err(bw_api::client::ApiError::AuthExpired) if hash.is_none() => {
                return Err(SendError::PasswordRequired.into());
            }
            Err(e) => return Err(e.into()),
        };
        Ok(OpenedLink {
            client,
            access_id,
            key,
            hash,
            access,
        })
    }

    /// A client for the server a Send link points at: the session's own
    /// when it is the same server, else a fresh one (no sign-in needed).
    fn anonymous_client(&self, web_vault: &url::Url) -> Result<bw_api::client::BwClient, AppError> {
        let base = web_vault.as_str().trim_end_matches('/');
        let urls = bw_api::client::ServerUrls::from_choice(base)
            .or_else(|_| bw_api::client::ServerUrls::self_hosted(base))?;
        crate::session::check_transport(&urls, false)?;
        self.client(urls, None)
    }
}

/// A file Send's file, saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub bytes: u32,
}

impl SavedFile {
    /// Writes a file only this user may read (it may hold a client's data).
    pub(crate) fn write(path: &std::path::Path, bytes: &[u8]) -> Result<SavedFile, AppError> {
        crate::private_fs::write_private(path, bytes).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        })
    }
}

impl Core {
    /// Opens a file Send from its link and saves its file in `dir` under
    /// its own name (made safe; numbered when taken). Fetching the file is
    /// what counts the access, as on Bitwarden.
    pub async fn receive_send_file(
        &self,
        link: &str,
        password: Option<&str>,
        dir: &std::path::Path,
    ) -> Result<SavedFile, AppError> {
        let OpenedLink {
            client,
            access_id,
            key,
            hash,
            access,
        } = self.open_link(link, password).await?;
        let file_id = access
            .file
            .as_ref()
            .and_then(|f| f.get("id"))
            .and_then(serde_json::Value::as_str)
            .ok_or(SendError::NotAFile)?
            .to_owned();
        let name = open(&key, text_of(&access.file, "fileName"))
            .map_err(|_| SendError::Undecryptable)?
            .unwrap_or_else(|| "send-file".to_owned());
        let location = match client
            .send_file_location(&access_id, &file_id, hash.as_deref())
            .await
        {
            Ok(l) => l,
            Err(bw_api::client::ApiError::NotFound(_)) => return Err(SendError::Gone.into()),
            Err(e) => return Err(e.into()),
        };
        // The encrypted buffer adds at most a block and its MAC header.
        let encrypted = client
            .download_send_file(&location, MAX_FILE_BYTES + 1024)
            .await?;
        let plain = key
            .key()
            .decrypt_buffer(&encrypted)
            .map_err(|_| SendError::Undecryptable)?;
        let path = saved_path(dir, &name);
        SavedFile::write(&path, plain.expose())
    }
}

/// Where a received file goes: its name made safe (no folders, no hidden
/// or odd characters), its extension kept, numbered when taken.
fn saved_path(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = match base.rsplit_once('.') {
        Some((s, e))
            if !s.is_empty()
                && !e.is_empty()
                && e.len() <= 10
                && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (s, e.to_ascii_lowercase())
        }
        _ => (base, "bin".to_owned()),
    };
    let stem = crate::private_fs::file_stem(stem);
    crate::private_fs::unused_path(dir, &stem, &ext)
}

fn view(
    s: &Send,
    user_key: &bw_crypto::SymmetricKey,
    web_vault: &url::Url,
    reveal_text: bool,
    now: i64,
) -> SendView {
    let mut v = SendView {
        id: s.id.clone(),
        access_id: s.access_id.clone(),
        kind: SendKind::from_wire(s.send_type),
        name: None,
        notes: None,
        text: None,
        hidden: s
            .text
            .as_ref()
            .and_then(|t| t.get("hidden"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        file_name: None,
        file_size: s
            .file
            .as_ref()
            .and_then(|f| f.get("sizeName"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        max_access_count: s.max_access_count.and_then(|n| u32::try_from(n).ok()),
        access_count: u32::try_from(s.access_count).unwrap_or(u32::MAX),
        has_password: s.password.is_some(),
        disabled: s.disabled,
        hide_email: s.hide_email,
        expiration_date: s.expiration_date.clone(),
        deletion_date: s.deletion_date.clone(),
        revision_date: s.revision_date.clone(),
        status: status(s, now),
        link: String::new(),
        error: None,
    };
    let key = match s
        .key
        .parse::<bw_crypto::EncString>()
        .map_err(|e| e.to_string())
        .and_then(|k| SendKey::unwrap(user_key, &k).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => {
            v.error = Some(format!("the Send's key does not open: {e}"));
            return v;
        }
    };
    let access_id = if s.access_id.is_empty() {
        send_crypto::access_id(&s.id).unwrap_or_default()
    } else {
        s.access_id.clone()
    };
    v.link = share_link(web_vault, &access_id, &key);
    let result = (|| -> Result<(), String> {
        v.name = open(&key, s.name.clone())?;
        v.notes = open(&key, s.notes.clone())?;
        v.file_name = open(&key, text_of(&s.file, "fileName"))?;
        if reveal_text {
            v.text = open(&key, text_of(&s.text, "text"))?;
        }
        Ok(())
    })();
    v.error = result.err();
    v
}

fn date(text: &str, what: &'static str, now: i64) -> Result<i64, SendError> {
    let t = crate::time::parse_iso8601_ms(text).ok_or(SendError::BadDate(what))?;
    if t <= now {
        return Err(SendError::Past(what));
    }
    Ok(t)
}

fn crypto(e: bw_crypto::CryptoError) -> AppError {
    AppError::internal(format!("Send encryption failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn received_files_get_safe_names() {
        let dir = std::path::Path::new("/nonexistent-dir");
        assert_eq!(saved_path(dir, "report.PDF"), dir.join("report.pdf"));
        assert_eq!(saved_path(dir, "../../etc/passwd"), dir.join("passwd.bin"));
        assert_eq!(saved_path(dir, "..\\evil.exe"), dir.join("evil.exe"));
        assert_eq!(saved_path(dir, ".bashrc"), dir.join("bashrc.bin"));
        assert_eq!(
            saved_path(dir, "a b<script>.txt"),
            dir.join("a-b-script.txt")
        );
    }

    #[test]
    fn links_follow_bitwardens_format_and_read_back() {
        let key = SendKey::from_url_fragment("BDp5oLfrkuaZGjvcpO_C_Q").unwrap();
        let us = url::Url::parse("https://vault.bitwarden.com").unwrap();
        let eu = url::Url::parse("https://vault.bitwarden.eu/").unwrap();
        let own = url::Url::parse("https://bw.example.com/vault/").unwrap();
        let id = "dGRJdo-VTU-XJLh4ULwv1A";
        assert_eq!(
            share_link(&us, id, &key),
            "https://send.bitwarden.com/#dGRJdo-VTU-XJLh4ULwv1A/BDp5oLfrkuaZGjvcpO_C_Q"
        );
        assert_eq!(
            share_link(&eu, id, &key),
            "https://vault.bitwarden.eu/#/send/dGRJdo-VTU-XJLh4ULwv1A/BDp5oLfrkuaZGjvcpO_C_Q"
        );
        assert_eq!(
            share_link(&own, id, &key),
            "https://bw.example.com/vault/#/send/dGRJdo-VTU-XJLh4ULwv1A/BDp5oLfrkuaZGjvcpO_C_Q"
        );
        for (base, link) in [
            (&us, share_link(&us, id, &key)),
            (&own, share_link(&own, id, &key)),
        ] {
            let (host, access, k) = parse_link(&link).unwrap();
            assert_eq!(&host, base, "{link}");
            assert_eq!(access, id);
            assert_eq!(k.url_fragment().expose(), "BDp5oLfrkuaZGjvcpO_C_Q");
        }
        for bad in [
            "https://send.bitwarden.com/",
            "https://send.bitwarden.com/#only-id",
            "https://x/#/send/a/b/c",
            "https://x/#/send/<script>/BDp5oLfrkuaZGjvcpO_C_Q",
            "not a url",
        ] {
            assert!(parse_link(bad).is_err(), "{bad}");
        }
    }
}
