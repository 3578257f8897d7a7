//! The service both front ends drive: sign-in, lock, unlock, log out, sync
//! and the snapshot's views. One `Core` per data directory.

use crate::account::{
    AccountId, AccountRecord, AccountStore, KdfRecord, new_cache_key, unwrap_cache_key,
};
use crate::app::DataDir;
use crate::error::{AppError, ErrorCode};
use crate::session::{KeyRing, META_PRIVATE_KEY, Session};
use bw_api::client::{
    ApiError, BwClient, ClientConfig, Device, RateLimits, SecondFactor, ServerUrls, Tokens,
    TwoFactorMethod,
};
use bw_crypto::{EncString, Kdf, MasterKey, SecretString, normalize_salt};
use desk_cache::Snapshot;
use serde::Serialize;
use specta::Type;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::RwLock;

/// Bitwarden's clients default to locking after 15 minutes too.
pub const DEFAULT_AUTO_LOCK: std::time::Duration = std::time::Duration::from_secs(15 * 60);

pub const META_REFRESH_TOKEN: &str = "refresh_token";
pub const META_REMEMBER_TOKEN: &str = "two_factor_remember_token";
pub const META_USER_ID: &str = "user_id";
/// The `server` of accounts on the sandbox built into the app. Its address
/// changes with every start, so accounts keep this name and the front end
/// says where the sandbox listens now (`set_demo_server`).
pub const DEMO_SERVER: &str = "demo";
/// The user key wrapped by a command-line session key (see `export_session_key`).
const SESSION_FILE: &str = "session.key";

/// Which request limits to keep to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimitChoice {
    /// Bitwarden's cloud limits for bitwarden.com/.eu, none for self-hosted.
    #[default]
    Auto,
    Cloud,
    Off,
}

#[derive(Debug, Clone)]
pub struct CoreConfig {
    pub data_dir: DataDir,
    /// PEM of an extra CA to trust (self-hosted servers, TLS-inspecting proxies).
    pub extra_ca_pem: Option<Vec<u8>>,
    pub rate_limits: RateLimitChoice,
    /// Clients synced at once against a server without limits.
    pub concurrency: usize,
    /// Lock after this long without activity; `None` never locks by itself.
    pub auto_lock: Option<std::time::Duration>,
}

impl CoreConfig {
    pub fn new(data_dir: DataDir) -> Self {
        CoreConfig {
            data_dir,
            extra_ca_pem: None,
            rate_limits: RateLimitChoice::Auto,
            concurrency: 6,
            auto_lock: Some(DEFAULT_AUTO_LOCK),
        }
    }
}

/// How to prove who you are to the server.
pub enum Credentials {
    Password {
        second: SecondFactor,
    },
    /// A personal API key (`user.<id>` and its secret); the master password
    /// still unlocks.
    ApiKey {
        client_id: String,
        client_secret: SecretString,
    },
}

pub struct LoginInput {
    /// `us`, `eu` or a self-hosted base URL.
    pub server: String,
    pub email: String,
    pub password: SecretString,
    pub credentials: Credentials,
}

/// An account as lists and status show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    pub id: String,
    pub server: String,
    pub email: String,
}

impl AccountSummary {
    pub(crate) fn of(record: &AccountRecord) -> Self {
        AccountSummary {
            id: record.id().as_str().to_owned(),
            server: record.server.clone(),
            email: record.email.clone(),
        }
    }
}

/// What a sign-in attempt ended with. Two-step login and new-device
/// verification are steps, not failures: call `login` again with the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LoginOutcome {
    SignedIn {
        account: AccountSummary,
    },
    TwoFactorRequired {
        methods: Vec<String>,
        // Variant fields do not follow the enum's rename_all.
        #[serde(rename = "emailHint")]
        email_hint: Option<String>,
    },
    NewDeviceOtpRequired,
}

pub(crate) struct Unlocked {
    pub session: Session,
    pub client: Arc<BwClient>,
}

pub struct Core {
    config: CoreConfig,
    store: AccountStore,
    device: Device,
    pub(crate) unlocked: RwLock<Option<Unlocked>>,
    last_activity: std::sync::Mutex<std::time::Instant>,
    /// Where the built-in demo sandbox listens in this process, if it runs.
    demo_server: std::sync::RwLock<Option<String>>,
    /// Starts as `config.auto_lock`; the app changes it with the setting.
    auto_lock: std::sync::Mutex<Option<std::time::Duration>>,
}

impl Core {
    /// Opens the core over a data directory (creates the device identifier
    /// on first use).
    pub fn new(config: CoreConfig) -> Result<Self, AppError> {
        let identifier = device_identifier(config.data_dir.root())?;
        Ok(Core {
            store: AccountStore::new(config.data_dir.root()),
            device: Device::desktop(identifier),
            unlocked: RwLock::new(None),
            last_activity: std::sync::Mutex::new(std::time::Instant::now()),
            demo_server: std::sync::RwLock::new(None),
            auto_lock: std::sync::Mutex::new(config.auto_lock),
            config,
        })
    }

    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    /// Tells the core where the built-in demo sandbox listens (or that it
    /// stopped), for accounts whose server is [`DEMO_SERVER`].
    pub fn set_demo_server(&self, url: Option<String>) {
        *self.demo_server.write().unwrap_or_else(|p| p.into_inner()) = url;
    }

    /// The URLs of a server choice: `us`, `eu`, a base URL or `demo`.
    pub(crate) fn urls_for(&self, server: &str) -> Result<ServerUrls, AppError> {
        if server.trim() != DEMO_SERVER {
            return Ok(ServerUrls::from_choice(server)?);
        }
        let url = self
            .demo_server
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Offline,
                    "The built-in demo sandbox is not running.",
                )
            })?;
        Ok(ServerUrls::self_hosted(&url)?)
    }

    pub(crate) fn account_records(&self) -> Result<Vec<AccountRecord>, AppError> {
        self.store.list()
    }

    pub fn accounts(&self) -> Result<Vec<AccountSummary>, AppError> {
        Ok(self.store.list()?.iter().map(AccountSummary::of).collect())
    }

    fn client(&self, urls: ServerUrls) -> Result<BwClient, AppError> {
        let cloud = urls == ServerUrls::us() || urls == ServerUrls::eu();
        let limits = match self.config.rate_limits {
            RateLimitChoice::Cloud => RateLimits::cloud(),
            RateLimitChoice::Off => RateLimits::unlimited(),
            RateLimitChoice::Auto if cloud => RateLimits::cloud(),
            RateLimitChoice::Auto => RateLimits::unlimited(),
        };
        let mut config = ClientConfig::new(urls, self.device.clone());
        config.extra_ca_pem = self.config.extra_ca_pem.clone();
        config.limits = limits;
        Ok(BwClient::new(config)?)
    }

    /// Signs in (online), unlocks, and opens or creates the account's snapshot.
    #[tracing::instrument(skip_all)]
    pub async fn login(&self, input: LoginInput) -> Result<LoginOutcome, AppError> {
        let urls = self.urls_for(&input.server)?;
        let server = if input.server.trim() == DEMO_SERVER {
            DEMO_SERVER.to_owned()
        } else {
            urls.web_vault.as_str().trim_end_matches('/').to_owned()
        };
        let email = input.email.trim().to_owned();
        if email.is_empty() || !email.contains('@') {
            return Err(AppError::invalid_input(
                "Enter the email address of your Bitwarden account.",
            ));
        }
        let Proof {
            client,
            kdf,
            salt,
            master,
            hash,
        } = self.prove(urls, &email, &input.password).await?;
        let id = AccountId::new(&server, &email);

        let result = match input.credentials {
            Credentials::Password { second } => {
                let second = match second {
                    // Offer the remember-me token an earlier two-step login saved.
                    SecondFactor::None => self
                        .saved_remember_token(&id, &master)
                        .await
                        .map_or(SecondFactor::None, SecondFactor::Remembered),
                    other => other,
                };
                client.login_password(&email, &hash, &second).await
            }
            Credentials::ApiKey {
                client_id,
                client_secret,
            } => client.login_api_key(&client_id, &client_secret).await,
        };
        let success = match result {
            Ok(success) => success,
            Err(ApiError::TwoFactorRequired {
                methods,
                email_hint,
            }) => {
                return Ok(LoginOutcome::TwoFactorRequired {
                    methods: methods.iter().map(|m| method_name(*m)).collect(),
                    email_hint,
                });
            }
            Err(ApiError::NewDeviceOtpRequired) => return Ok(LoginOutcome::NewDeviceOtpRequired),
            Err(other) => return Err(other.into()),
        };
        drop(hash);
        let protected: EncString = success
            .protected_user_key
            .as_deref()
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::ServerError,
                    "the server sent no user key for this account",
                )
            })?
            .parse()
            .map_err(|e| {
                AppError::new(
                    ErrorCode::ServerError,
                    format!("the server sent a malformed user key: {e}"),
                )
            })?;
        let user_key = master.decrypt_user_key(&protected).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("The master password does not open this account's keys ({e})."),
            )
        })?;
        let private_key_text = success.encrypted_private_key.clone();
        let private_key = match &private_key_text {
            Some(text) => {
                let wrapped: EncString = text.parse().map_err(|e| {
                    AppError::new(
                        ErrorCode::ServerError,
                        format!("malformed private key: {e}"),
                    )
                })?;
                Some(user_key.unwrap_private_key(&wrapped)?)
            }
            None => None,
        };

        // Reuse the snapshot if it opens with this account's key; otherwise
        // (first sign-in, or the account's keys changed) start a new one.
        let existing = self.store.load(&id).ok();
        let reused = existing.as_ref().and_then(|r| {
            unwrap_cache_key(&user_key, r)
                .ok()
                .map(|k| (k, r.wrapped_cache_key.clone()))
        });
        let (cache_key, wrapped_cache_key) = match reused {
            Some(pair) => pair,
            None => {
                remove_snapshot_files(&self.store.snapshot_path(&id));
                let (key, wrapped) = new_cache_key(&user_key)?;
                (key, wrapped.to_string())
            }
        };
        let record = AccountRecord {
            version: 1,
            server,
            email,
            user_id: existing.and_then(|r| r.user_id),
            salt,
            kdf: KdfRecord::from_kdf(&kdf),
            protected_user_key: protected.to_string(),
            wrapped_cache_key,
            signed_out: false,
        };
        self.store.save(&record)?;
        let snapshot = Snapshot::open(&self.store.snapshot_path(&id), &cache_key).await?;
        if let Some(token) = &success.tokens.refresh_token {
            snapshot.set_meta(META_REFRESH_TOKEN, token).await?;
        }
        if let Some(text) = &private_key_text {
            snapshot.set_meta(META_PRIVATE_KEY, text).await?;
        }
        if let Some(token) = &success.remember_token {
            snapshot.set_meta(META_REMEMBER_TOKEN, token).await?;
        }
        client.set_tokens(Some(success.tokens.clone()));
        let account = AccountSummary::of(&record);
        let session = Session {
            id,
            record,
            keys: KeyRing::new(user_key, private_key),
            snapshot,
        };
        self.replace_unlocked(Some(Unlocked {
            session,
            client: Arc::new(client),
        }))
        .await;
        tracing::info!("signed in");
        Ok(LoginOutcome::SignedIn { account })
    }

    /// Asks the server to email the two-step login code (it is not sent by
    /// the failed sign-in itself). Needs the password to prove who asks.
    #[tracing::instrument(skip_all)]
    pub async fn send_login_email(
        &self,
        server: &str,
        email: &str,
        password: SecretString,
    ) -> Result<(), AppError> {
        let proof = self.prove(self.urls_for(server)?, email, &password).await?;
        Ok(proof.client.send_email_login(email, &proof.hash).await?)
    }

    /// Asks the server for a fresh new-device verification code.
    #[tracing::instrument(skip_all)]
    pub async fn resend_new_device_code(
        &self,
        server: &str,
        email: &str,
        password: SecretString,
    ) -> Result<(), AppError> {
        let proof = self.prove(self.urls_for(server)?, email, &password).await?;
        Ok(proof
            .client
            .resend_new_device_otp(email, &proof.hash)
            .await?)
    }

    /// Prelogin, the downgrade guard and the KDF: everything that proves the
    /// password to the server, before any grant.
    async fn prove(
        &self,
        urls: ServerUrls,
        email: &str,
        password: &SecretString,
    ) -> Result<Proof, AppError> {
        let client = self.client(urls)?;
        let prelogin = client.prelogin(email).await?;
        let kdf = Kdf::from_prelogin(
            prelogin.kdf.kdf_type,
            prelogin.kdf.iterations,
            prelogin.kdf.memory,
            prelogin.kdf.parallelism,
        )
        .map_err(|e| {
            AppError::new(
                ErrorCode::ServerError,
                format!("the server asked for unsafe key settings: {e}"),
            )
        })?;
        let salt = normalize_salt(prelogin.salt.as_deref().unwrap_or(email.trim()));
        let master = derive(password.clone(), salt.clone(), kdf).await?;
        let hash = SecretString::new(master.server_hash(password));
        Ok(Proof {
            client,
            kdf,
            salt,
            master,
            hash,
        })
    }

    /// Unlocks a signed-in account with the master password, offline.
    #[tracing::instrument(skip_all)]
    pub async fn unlock(
        &self,
        account_id: &str,
        password: SecretString,
    ) -> Result<AccountSummary, AppError> {
        let id = self.account_id(account_id)?;
        if self.store.load(&id)?.signed_out {
            return Err(AppError::new(
                ErrorCode::AuthExpired,
                "You logged out of this account; sign in again.",
            ));
        }
        let session = Session::unlock_offline(&self.store, &id, password).await?;
        let account = AccountSummary::of(&session.record);
        let client = self.resume_client(&session).await?;
        self.replace_unlocked(Some(Unlocked { session, client }))
            .await;
        Ok(account)
    }

    /// For the command line: wraps the user key with a new random session
    /// key kept next to the account (like `BW_SESSION`), and returns that key.
    /// Whoever holds it can unlock until `forget_sessions` (lock, log out).
    pub async fn export_session_key(&self) -> Result<SecretString, AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::Locked, "Unlock first."))?;
        let session_key = bw_crypto::SymmetricKey::generate().map_err(AppError::from)?;
        let wrapped = session_key
            .wrap_key(unlocked.session.keys.user_key())
            .map_err(AppError::from)?;
        let path = self.store.dir(&unlocked.session.id).join(SESSION_FILE);
        std::fs::write(&path, wrapped.to_string())
            .map_err(|e| AppError::internal(format!("cannot write {}: {e}", path.display())))?;
        Ok(session_key.to_base64())
    }

    /// Unlocks with a session key from `export_session_key` (no password).
    pub async fn unlock_with_session_key(
        &self,
        account_id: &str,
        session_key: &SecretString,
    ) -> Result<AccountSummary, AppError> {
        let id = self.account_id(account_id)?;
        let invalid = || {
            AppError::new(
                ErrorCode::Locked,
                "The session key is not valid any more; unlock again with the master password.",
            )
        };
        let path = self.store.dir(&id).join(SESSION_FILE);
        let text = std::fs::read_to_string(&path).map_err(|_| invalid())?;
        let wrapped: EncString = text.trim().parse().map_err(|_| invalid())?;
        let session_key = bw_crypto::SymmetricKey::from_base64(session_key.expose().trim())
            .map_err(|_| invalid())?;
        let user_key = session_key.unwrap_key(&wrapped).map_err(|_| invalid())?;
        let record = self.store.load(&id)?;
        let session = Session::open(&self.store, &id, record, user_key).await?;
        let account = AccountSummary::of(&session.record);
        let client = self.resume_client(&session).await?;
        self.replace_unlocked(Some(Unlocked { session, client }))
            .await;
        Ok(account)
    }

    /// Invalidates every command-line session key on this machine.
    pub fn forget_sessions(&self) -> Result<(), AppError> {
        for record in self.store.list()? {
            let path = self.store.dir(&record.id()).join(SESSION_FILE);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(AppError::internal(format!(
                        "cannot remove {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        Ok(())
    }

    /// A client for an unlocked account that was not signed in in this
    /// process: its refresh token gets an access token on first use.
    async fn resume_client(&self, session: &Session) -> Result<Arc<BwClient>, AppError> {
        let client = self.client(self.urls_for(&session.record.server)?)?;
        if let Some(refresh) = session.snapshot.meta(META_REFRESH_TOKEN).await? {
            client.set_tokens(Some(Tokens {
                access_token: String::new(),
                refresh_token: Some(refresh),
                expires_in_secs: 0,
            }));
        }
        Ok(Arc::new(client))
    }

    /// Every client in the snapshot (works offline).
    pub async fn clients(&self) -> Result<Vec<desk_cache::ClientRow>, AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard.as_ref().ok_or_else(|| {
            AppError::new(
                ErrorCode::Locked,
                "Unlock Provider Desk to see your clients.",
            )
        })?;
        Ok(unlocked.session.snapshot.clients().await?)
    }

    /// SQLite's consistency check of the open snapshot (`ok` when healthy).
    pub async fn integrity_check(&self) -> Result<String, AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::Locked, "Unlock first."))?;
        Ok(unlocked.session.snapshot.integrity_check().await?)
    }

    /// Records user activity (front ends call this on every action); the
    /// idle timer for auto-lock starts again.
    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|p| p.into_inner()) = std::time::Instant::now();
    }

    /// Locks if auto-lock is on and nothing happened for that long. Returns
    /// whether it locked. Front ends call it on a timer (and on OS sleep,
    /// `lock` directly).
    pub async fn lock_if_idle(&self) -> bool {
        if !self.idle_past_limit() || self.unlocked.read().await.is_none() {
            return false;
        }
        let idle = self.idle();
        tracing::info!(idle_secs = idle.as_secs(), "auto-lock after inactivity");
        self.lock().await;
        true
    }

    /// Changes the auto-lock limit (`None`: never lock by itself).
    pub fn set_auto_lock(&self, limit: Option<std::time::Duration>) {
        *self.auto_lock.lock().unwrap_or_else(|p| p.into_inner()) = limit;
    }

    fn idle(&self) -> std::time::Duration {
        self.last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    /// Whether auto-lock is on and nothing happened for that long. Cheap and
    /// lock-free, so front ends can stop a running sync before `lock_if_idle`
    /// (which waits for the sync to release the session).
    pub fn idle_past_limit(&self) -> bool {
        let limit = *self.auto_lock.lock().unwrap_or_else(|p| p.into_inner());
        limit.is_some_and(|limit| self.idle() >= limit)
    }

    pub async fn is_unlocked(&self) -> bool {
        self.unlocked.read().await.is_some()
    }

    /// The unlocked account, if any.
    pub async fn unlocked_account(&self) -> Option<AccountSummary> {
        self.unlocked
            .read()
            .await
            .as_ref()
            .map(|u| AccountSummary::of(&u.session.record))
    }

    /// Drops every key and closes the snapshot.
    pub async fn lock(&self) {
        self.replace_unlocked(None).await;
    }

    /// Signs out: forgets the tokens; with `delete_snapshot` also the
    /// account's snapshot and record.
    pub async fn logout(&self, delete_snapshot: bool) -> Result<(), AppError> {
        let taken = self.unlocked.write().await.take();
        let Some(unlocked) = taken else {
            return Err(AppError::new(
                ErrorCode::Locked,
                "Unlock the account first, then log out.",
            ));
        };
        let id = unlocked.session.id.clone();
        unlocked
            .session
            .snapshot
            .delete_meta(META_REFRESH_TOKEN)
            .await?;
        unlocked
            .session
            .snapshot
            .delete_meta(META_REMEMBER_TOKEN)
            .await?;
        let mut record = unlocked.session.record.clone();
        unlocked.session.lock().await;
        self.forget_sessions()?;
        if delete_snapshot {
            self.store.remove(&id)?;
        } else {
            record.signed_out = true;
            self.store.save(&record)?;
        }
        Ok(())
    }

    async fn replace_unlocked(&self, next: Option<Unlocked>) {
        if next.is_some() {
            self.touch();
        }
        let previous = std::mem::replace(&mut *self.unlocked.write().await, next);
        if let Some(previous) = previous {
            previous.session.lock().await;
        }
    }

    fn account_id(&self, text: &str) -> Result<AccountId, AppError> {
        // Accept the id itself or an email (when it names exactly one account).
        let accounts = self.store.list()?;
        let matches: Vec<&AccountRecord> = accounts
            .iter()
            .filter(|r| r.id().as_str() == text || r.email.eq_ignore_ascii_case(text.trim()))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one.id()),
            [] => Err(AppError::new(
                ErrorCode::NotFound,
                "No signed-in account matches; sign in first.",
            )),
            _ => Err(AppError::invalid_input(
                "Several accounts match; use the account id.",
            )),
        }
    }

    async fn saved_remember_token(
        &self,
        id: &AccountId,
        master: &MasterKey,
    ) -> Option<SecretString> {
        let record = self.store.load(id).ok()?;
        let protected: EncString = record.protected_user_key.parse().ok()?;
        let user_key = master.decrypt_user_key(&protected).ok()?;
        let cache_key = unwrap_cache_key(&user_key, &record).ok()?;
        let snapshot = Snapshot::open(&self.store.snapshot_path(id), &cache_key)
            .await
            .ok()?;
        let token = snapshot.meta(META_REMEMBER_TOKEN).await.ok().flatten();
        snapshot.close().await;
        token.map(SecretString::new)
    }
}

fn remove_snapshot_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

struct Proof {
    client: BwClient,
    kdf: Kdf,
    salt: String,
    master: MasterKey,
    hash: SecretString,
}

fn method_name(method: TwoFactorMethod) -> String {
    match method {
        TwoFactorMethod::Authenticator => "authenticator".into(),
        TwoFactorMethod::Email => "email".into(),
        TwoFactorMethod::Duo => "duo".into(),
        TwoFactorMethod::YubiKey => "yubikey".into(),
        TwoFactorMethod::WebAuthn => "webauthn".into(),
        TwoFactorMethod::OrganizationDuo => "organization_duo".into(),
        TwoFactorMethod::Other(n) => format!("provider_{n}"),
    }
}

async fn derive(password: SecretString, salt: String, kdf: Kdf) -> Result<MasterKey, AppError> {
    tokio::task::spawn_blocking(move || MasterKey::derive(&password, &salt, &kdf))
        .await
        .map_err(|e| AppError::internal(format!("key derivation task failed: {e}")))?
        .map_err(|e| AppError::internal(format!("key derivation failed: {e}")))
}

/// The installation's stable device identifier, made once. Not a secret: the
/// server uses it to recognise this device and skip new-device checks.
fn device_identifier(data_dir: &Path) -> Result<String, AppError> {
    let path = data_dir.join("device-id");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let text = text.trim();
        if text.len() == 36 && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Ok(text.to_owned());
        }
    }
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    let id = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    std::fs::write(&path, &id)
        .map_err(|e| AppError::internal(format!("cannot save {}: {e}", path.display())))?;
    Ok(id)
}
