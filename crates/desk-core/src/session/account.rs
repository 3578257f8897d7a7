//! Accounts known on this machine, and what each keeps on disk.
//!
//! Per account (server + email) a folder `accounts/<id>/` holds
//! `account.json` — only what offline unlock needs and nothing readable: the
//! KDF parameters, the salt, the protected user key and the snapshot's cache
//! key wrapped by the user key (both ciphertext) — and `snapshot.db`, the
//! SQLCipher snapshot. The master password alone opens both, with no network.

use super::SessionError;
use crate::error::AppError;
use bw_crypto::{EncString, Kdf, SymmetricKey};
use desk_cache::CacheKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

const RECORD_FILE: &str = "account.json";
const SNAPSHOT_FILE: &str = "snapshot.db";
const RECORD_VERSION: u32 = 1;

/// Stable folder name for an account: a digest of server and email, so the
/// path itself reveals neither.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(String);

impl AccountId {
    pub fn new(server: &str, email: &str) -> Self {
        let digest = Sha256::digest(format!(
            "{}\n{}",
            server.trim().trim_end_matches('/').to_lowercase(),
            email.trim().to_lowercase()
        ));
        AccountId(hex::encode(&digest[..16]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn parse(text: &str) -> Option<Self> {
        (text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| AccountId(text.to_owned()))
    }
}

/// The account's KDF as stored (the wire's numbers, checked again on load).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfRecord {
    pub kdf_type: u8,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

impl KdfRecord {
    pub fn from_kdf(kdf: &Kdf) -> Self {
        KdfRecord {
            kdf_type: kdf.kdf_type(),
            iterations: kdf.iterations(),
            memory: kdf.memory_mib(),
            parallelism: kdf.parallelism(),
        }
    }

    /// Applies the same downgrade guard as login: a tampered file cannot make
    /// unlock use a weak KDF or allocate gigabytes.
    pub fn to_kdf(&self) -> Result<Kdf, AppError> {
        Kdf::from_prelogin(
            i64::from(self.kdf_type),
            self.iterations,
            self.memory,
            self.parallelism,
        )
        .map_err(|e| SessionError::SavedKdfUnusable(e).into())
    }
}

/// What `account.json` holds. Everything here is either public (server,
/// email, KDF) or ciphertext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRecord {
    pub version: u32,
    /// The server's base as the user chose it (e.g. `https://vault.bitwarden.com`).
    pub server: String,
    pub email: String,
    pub user_id: Option<String>,
    /// The normalised KDF salt (the email, or the server's explicit salt).
    pub salt: String,
    pub kdf: KdfRecord,
    /// The user key wrapped by the stretched master key, as the server sent it.
    pub protected_user_key: String,
    /// The snapshot's 256-bit cache key, type 2 under the user key.
    pub wrapped_cache_key: String,
    /// PEM of the extra CA this account's server needs (a self-hosted
    /// server with its own CA, a TLS-inspecting proxy). Public material, kept
    /// so that every later sync trusts what sign-in trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_pem: Option<String>,
    /// The user confirmed, at sign-in, that this server may be reached over
    /// plain `http://` although it is not on this machine.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_http: bool,
    /// Logged out but the offline data kept: the snapshot stays on disk, and
    /// the account needs a new sign-in (its tokens are gone) before unlock.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub signed_out: bool,
}

impl AccountRecord {
    pub fn id(&self) -> AccountId {
        AccountId::new(&self.server, &self.email)
    }
}

/// Makes a new random cache key and its wrapped form for `account.json`.
pub fn new_cache_key(user_key: &SymmetricKey) -> Result<(CacheKey, EncString), AppError> {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let wrapped = user_key
        .encrypt(&bytes)
        .map_err(SessionError::LocalCrypto)?;
    Ok((CacheKey::from_bytes(bytes), wrapped))
}

/// Opens the wrapped cache key with the user key.
pub fn unwrap_cache_key(
    user_key: &SymmetricKey,
    record: &AccountRecord,
) -> Result<CacheKey, AppError> {
    let damaged = || AppError::from(SessionError::Damaged("snapshot key"));
    let wrapped: EncString = record.wrapped_cache_key.parse().map_err(|_| damaged())?;
    let bytes = user_key.decrypt(&wrapped).map_err(|_| damaged())?;
    let bytes: [u8; 32] = bytes.expose().try_into().map_err(|_| damaged())?;
    Ok(CacheKey::from_bytes(bytes))
}

/// The accounts folder of a data directory.
#[derive(Debug, Clone)]
pub struct AccountStore {
    root: PathBuf,
}

impl AccountStore {
    pub fn new(data_dir: &Path) -> Self {
        AccountStore {
            root: data_dir.join("accounts"),
        }
    }

    pub fn dir(&self, id: &AccountId) -> PathBuf {
        self.root.join(id.as_str())
    }

    pub fn record_path(&self, id: &AccountId) -> PathBuf {
        self.dir(id).join(RECORD_FILE)
    }

    pub fn snapshot_path(&self, id: &AccountId) -> PathBuf {
        self.dir(id).join(SNAPSHOT_FILE)
    }

    /// Every account with a readable record, sorted by email.
    pub fn list(&self) -> Result<Vec<AccountRecord>, AppError> {
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_error(&self.root, e)),
        };
        let mut records = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(AccountId::parse) else {
                continue;
            };
            // A damaged record hides one account, not the whole list.
            match self.load(&id) {
                Ok(record) => records.push(record),
                Err(error) => {
                    tracing::warn!(account = id.as_str(), %error, "skipping unreadable account")
                }
            }
        }
        records.sort_by(|a, b| a.email.cmp(&b.email).then(a.server.cmp(&b.server)));
        Ok(records)
    }

    pub fn load(&self, id: &AccountId) -> Result<AccountRecord, AppError> {
        let path = self.dir(id).join(RECORD_FILE);
        let text = fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SessionError::NotSignedIn.into(),
            _ => io_error(&path, e),
        })?;
        let record: AccountRecord = serde_json::from_str(&text).map_err(|e| {
            AppError::internal(format!(
                "the account file {} is damaged: {e}",
                path.display()
            ))
        })?;
        if record.version > RECORD_VERSION {
            return Err(SessionError::SavedByNewerVersion.into());
        }
        if record.id() != *id {
            return Err(SessionError::ForeignRecord { path }.into());
        }
        Ok(record)
    }

    /// Writes the record atomically (temp file + rename), so a crash leaves
    /// the old or the new file, never half of one.
    pub fn save(&self, record: &AccountRecord) -> Result<AccountId, AppError> {
        let id = record.id();
        let dir = self.dir(&id);
        crate::private_fs::create_private_dir(&dir).map_err(|e| io_error(&dir, e))?;
        let record = AccountRecord {
            version: RECORD_VERSION,
            ..record.clone()
        };
        let text = serde_json::to_string_pretty(&record)
            .map_err(|e| AppError::internal(format!("cannot encode the account file: {e}")))?;
        let path = dir.join(RECORD_FILE);
        crate::private_fs::write_private(&path, text.as_bytes()).map_err(|e| io_error(&path, e))?;
        Ok(id)
    }

    /// Forgets an account and deletes its snapshot. (Logging out while
    /// keeping the snapshot only drops the tokens; see the session.)
    pub fn remove(&self, id: &AccountId) -> Result<(), AppError> {
        let dir = self.dir(id);
        match fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(&dir, e)),
        }
    }
}

fn io_error(path: &Path, error: std::io::Error) -> AppError {
    SessionError::io(path, error).into()
}
