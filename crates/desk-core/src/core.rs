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
/// The access token and its expiry (unix seconds), kept so that a new process
/// (every `pdesk` command) reuses it instead of spending one of the cloud's
/// ten token requests a minute.
pub const META_ACCESS_TOKEN: &str = "access_token";
pub const META_ACCESS_EXPIRES: &str = "access_token_expires_at";
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
    /// How long and how much the server may take (tests shorten these).
    pub http: HttpTuning,
}

/// The bounds every request to a server runs within (see bw-api's
/// `ClientConfig`): a hostile or broken server costs at most this much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpTuning {
    /// Connecting to the last byte of the answer.
    pub request_timeout: std::time::Duration,
    /// The longest silence while an answer is awaited or arriving.
    pub read_timeout: std::time::Duration,
    /// The largest answer read, after decompression.
    pub max_body_bytes: usize,
    /// 429 waits past this total end the sync with `rate_limited`.
    pub rate_limit_deadline: std::time::Duration,
}

impl Default for HttpTuning {
    fn default() -> Self {
        let defaults = ClientConfig::new(ServerUrls::us(), Device::desktop(String::new()));
        HttpTuning {
            request_timeout: defaults.timeout,
            read_timeout: defaults.read_timeout,
            max_body_bytes: defaults.max_body_bytes,
            rate_limit_deadline: defaults.rate_limit_deadline,
        }
    }
}

impl CoreConfig {
    pub fn new(data_dir: DataDir) -> Self {
        CoreConfig {
            data_dir,
            extra_ca_pem: None,
            rate_limits: RateLimitChoice::Auto,
            concurrency: 6,
            auto_lock: Some(DEFAULT_AUTO_LOCK),
            http: HttpTuning::default(),
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
    /// The user confirmed that a server elsewhere than on this machine may be
    /// reached over plain `http://` (its password hash and tokens then travel
    /// in clear). Remembered with the account.
    pub allow_http: bool,
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
    /// The client's token generation last written to the snapshot.
    pub tokens_saved: std::sync::atomic::AtomicU64,
}

impl Unlocked {
    pub(crate) fn new(session: Session, client: Arc<BwClient>) -> Self {
        Unlocked {
            tokens_saved: std::sync::atomic::AtomicU64::new(client.token_generation()),
            session,
            client,
        }
    }

    /// Writes the client's tokens to the snapshot if they changed (a refresh
    /// happened) since they were last written.
    pub(crate) async fn save_tokens(&self) -> Result<(), AppError> {
        use std::sync::atomic::Ordering;
        let generation = self.client.token_generation();
        if self.tokens_saved.swap(generation, Ordering::AcqRel) == generation {
            return Ok(());
        }
        match self.client.tokens() {
            Some(tokens) => save_tokens(&self.session.snapshot, &tokens).await,
            None => Ok(()),
        }
    }
}

async fn save_tokens(snapshot: &Snapshot, tokens: &Tokens) -> Result<(), AppError> {
    snapshot
        .set_meta(META_ACCESS_TOKEN, tokens.access_token.expose())
        .await?;
    snapshot
        .set_meta(META_ACCESS_EXPIRES, &tokens.expires_at_unix.to_string())
        .await?;
    if let Some(refresh) = &tokens.refresh_token {
        snapshot
            .set_meta(META_REFRESH_TOKEN, refresh.expose())
            .await?;
    }
    Ok(())
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
    /// The running sync's cancel handle: one sync at a time, and `lock` /
    /// `logout` stop it first (a sync holds the session until it ends).
    pub(crate) running_sync: std::sync::Mutex<Option<tokio_util::sync::CancellationToken>>,
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
            running_sync: std::sync::Mutex::new(None),
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

    /// A client for `urls`, trusting the CA the front end was started with,
    /// or else `ca_pem` (the one the account keeps).
    fn client(&self, urls: ServerUrls, ca_pem: Option<&str>) -> Result<BwClient, AppError> {
        let cloud = urls == ServerUrls::us() || urls == ServerUrls::eu();
        let limits = match self.config.rate_limits {
            RateLimitChoice::Cloud => RateLimits::cloud(),
            RateLimitChoice::Off => RateLimits::unlimited(),
            RateLimitChoice::Auto if cloud => RateLimits::cloud(),
            RateLimitChoice::Auto => RateLimits::unlimited(),
        };
        let mut config = ClientConfig::new(urls, self.device.clone());
        // A CA given now (--ca-file) wins over the one the account keeps: it
        // is how a user replaces a CA that changed.
        config.extra_ca_pem = self
            .config
            .extra_ca_pem
            .clone()
            .or_else(|| ca_pem.map(|pem| pem.as_bytes().to_vec()));
        config.limits = limits;
        config.timeout = self.config.http.request_timeout;
        config.read_timeout = self.config.http.read_timeout;
        config.max_body_bytes = self.config.http.max_body_bytes;
        config.rate_limit_deadline = self.config.http.rate_limit_deadline;
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
        check_transport(&urls, input.allow_http)?;
        let id = AccountId::new(&server, &email);
        // A record this build cannot read is never replaced by sign-in: one
        // from a newer Provider Desk is refused, a damaged one set aside.
        let existing = self.readable_record(&id)?;
        let ca_pem = self
            .config
            .extra_ca_pem
            .as_deref()
            .map(|pem| String::from_utf8_lossy(pem).into_owned())
            .or_else(|| existing.as_ref().and_then(|r| r.ca_pem.clone()));
        let Proof {
            client,
            kdf,
            salt,
            master,
            hash,
        } = self
            .prove(urls, ca_pem.as_deref(), &email, &input.password)
            .await?;

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
        let reused = existing.as_ref().and_then(|r| {
            unwrap_cache_key(&user_key, r)
                .ok()
                .map(|k| (k, r.wrapped_cache_key.clone()))
        });
        let (cache_key, wrapped_cache_key) = match reused {
            Some(pair) => pair,
            None => {
                // The account's keys changed (or this is the first sign-in):
                // the old snapshot cannot be opened with the new key. Keep it
                // aside rather than delete it: it is ciphertext, and the old
                // master password still opens it.
                set_aside(&self.store.snapshot_path(&id), "replaced");
                let (key, wrapped) = new_cache_key(&user_key)?;
                (key, wrapped.to_string())
            }
        };
        let allow_http = input.allow_http || existing.as_ref().is_some_and(|r| r.allow_http);
        let record = AccountRecord {
            version: 1,
            server,
            email,
            user_id: existing.and_then(|r| r.user_id),
            salt,
            kdf: KdfRecord::from_kdf(&kdf),
            protected_user_key: protected.to_string(),
            wrapped_cache_key,
            ca_pem,
            allow_http,
            signed_out: false,
        };
        self.store.save(&record)?;
        let snapshot = Snapshot::open(&self.store.snapshot_path(&id), &cache_key).await?;
        if let Some(text) = &private_key_text {
            snapshot.set_meta(META_PRIVATE_KEY, text).await?;
        }
        if let Some(token) = &success.remember_token {
            snapshot.set_meta(META_REMEMBER_TOKEN, token).await?;
        }
        save_tokens(&snapshot, &success.tokens).await?;
        client.set_tokens(Some(success.tokens.clone()));
        let account = AccountSummary::of(&record);
        let session = Session {
            id,
            record,
            keys: KeyRing::new(user_key, private_key),
            snapshot,
        };
        self.replace_unlocked(Some(Unlocked::new(session, Arc::new(client))))
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
        allow_http: bool,
    ) -> Result<(), AppError> {
        let proof = self.prove_for(server, email, &password, allow_http).await?;
        Ok(proof.client.send_email_login(email, &proof.hash).await?)
    }

    /// Asks the server for a fresh new-device verification code.
    #[tracing::instrument(skip_all)]
    pub async fn resend_new_device_code(
        &self,
        server: &str,
        email: &str,
        password: SecretString,
        allow_http: bool,
    ) -> Result<(), AppError> {
        let proof = self.prove_for(server, email, &password, allow_http).await?;
        Ok(proof
            .client
            .resend_new_device_otp(email, &proof.hash)
            .await?)
    }

    /// [`Self::prove`] for a server choice, with the CA a known account on it
    /// keeps (the sign-in steps before the grant).
    async fn prove_for(
        &self,
        server: &str,
        email: &str,
        password: &SecretString,
        allow_http: bool,
    ) -> Result<Proof, AppError> {
        let urls = self.urls_for(server)?;
        let known = self.store.list()?.into_iter().find(|r| {
            r.email.eq_ignore_ascii_case(email.trim())
                && self.urls_for(&r.server).ok() == Some(urls.clone())
        });
        check_transport(
            &urls,
            allow_http || known.as_ref().is_some_and(|r| r.allow_http),
        )?;
        let ca = self
            .config
            .extra_ca_pem
            .as_deref()
            .map(|pem| String::from_utf8_lossy(pem).into_owned())
            .or_else(|| known.and_then(|r| r.ca_pem));
        self.prove(urls, ca.as_deref(), email, password).await
    }

    /// Prelogin, the downgrade guard and the KDF: everything that proves the
    /// password to the server, before any grant.
    async fn prove(
        &self,
        urls: ServerUrls,
        ca_pem: Option<&str>,
        email: &str,
        password: &SecretString,
    ) -> Result<Proof, AppError> {
        let client = self.client(urls, ca_pem)?;
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
        self.replace_unlocked(Some(Unlocked::new(session, client)))
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
        crate::private_fs::write_private(&path, wrapped.to_string().as_bytes())
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
        self.replace_unlocked(Some(Unlocked::new(session, client)))
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
        let urls = self.urls_for(&session.record.server)?;
        check_transport(&urls, session.record.allow_http)?;
        let client = self.client(urls, session.record.ca_pem.as_deref())?;
        let snapshot = &session.snapshot;
        if let Some(refresh) = snapshot.meta(META_REFRESH_TOKEN).await? {
            // The access token an earlier process kept, while it is valid;
            // the client refreshes it shortly before it expires.
            let access = snapshot.meta(META_ACCESS_TOKEN).await?;
            let expires_at_unix = snapshot
                .meta(META_ACCESS_EXPIRES)
                .await?
                .and_then(|text| text.parse::<i64>().ok())
                .unwrap_or(0);
            client.set_tokens(Some(Tokens {
                access_token: SecretString::new(access.unwrap_or_default()),
                refresh_token: Some(SecretString::new(refresh)),
                expires_at_unix,
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
        if !self.idle_past_limit() {
            return false;
        }
        // Before asking for the session: a running sync holds it.
        self.cancel_sync();
        if self.unlocked.read().await.is_none() {
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

    /// Drops every key and closes the snapshot, stopping a running sync
    /// first (it would otherwise hold the session until it ends).
    pub async fn lock(&self) {
        self.cancel_sync();
        self.replace_unlocked(None).await;
    }

    /// Stops the running sync, if any; it ends as "cancelled" and the next
    /// sync resumes it.
    pub fn cancel_sync(&self) {
        if let Some(cancel) = self
            .running_sync
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            cancel.cancel();
        }
    }

    /// Whether a sync is running now.
    pub fn sync_running(&self) -> bool {
        self.running_sync
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Signs out: forgets the tokens; with `delete_snapshot` also the
    /// account's snapshot and record.
    pub async fn logout(&self, delete_snapshot: bool) -> Result<(), AppError> {
        self.cancel_sync();
        let taken = self.unlocked.write().await.take();
        let Some(unlocked) = taken else {
            return Err(AppError::new(
                ErrorCode::Locked,
                "Unlock the account first, then log out.",
            ));
        };
        let id = unlocked.session.id.clone();
        for key in [META_REFRESH_TOKEN, META_ACCESS_TOKEN, META_ACCESS_EXPIRES] {
            unlocked.session.snapshot.delete_meta(key).await?;
        }
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

    /// The account's record if it is there and this build can read it. A
    /// record from a newer Provider Desk stops sign-in (it must not be
    /// overwritten); a damaged one is set aside with its snapshot.
    fn readable_record(&self, id: &AccountId) -> Result<Option<AccountRecord>, AppError> {
        match self.store.load(id) {
            Ok(record) => Ok(Some(record)),
            Err(error) if error.code == ErrorCode::NotFound => Ok(None),
            Err(error) if error.code == ErrorCode::CacheIncompatible => Err(error),
            Err(error) => {
                tracing::warn!(%error, "the account's record is unreadable; setting it aside");
                set_aside(&self.store.record_path(id), "damaged");
                set_aside(&self.store.snapshot_path(id), "damaged");
                Ok(None)
            }
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

/// Renames a file this build will not use (with its SQLite companions) to
/// `<name>.<why>-<ms>`, so that nothing a user had is ever deleted by us
/// without being asked.
fn set_aside(path: &Path, why: &str) {
    let stamp = crate::time::now_ms();
    for suffix in ["", "-wal", "-shm"] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let from = std::path::PathBuf::from(from);
        if !from.exists() {
            continue;
        }
        let mut to = from.clone().into_os_string();
        to.push(format!(".{why}-{stamp}"));
        match std::fs::rename(&from, &to) {
            Ok(()) => {
                tracing::warn!(from = %from.display(), to = %std::path::Path::new(&to).display(), "set aside a file this sign-in cannot use")
            }
            Err(error) => tracing::warn!(path = %from.display(), %error, "cannot set aside a file"),
        }
    }
}

/// Plain `http://` is accepted for this machine only, unless the user
/// confirmed it for this server: elsewhere the password hash, two-step codes
/// and tokens would cross the network in clear.
pub fn check_transport(urls: &ServerUrls, allow_http: bool) -> Result<(), AppError> {
    let insecure = [&urls.api, &urls.identity]
        .into_iter()
        .any(|url| url.scheme() != "https" && !is_loopback(url));
    if insecure && !allow_http {
        return Err(AppError::invalid_input(format!(
            "{} uses plain http://, so your password hash and tokens would cross the network unencrypted. Use its https:// address, or confirm plain http:// for this server (in pdesk: --allow-http).",
            urls.web_vault.host_str().unwrap_or("This server")
        )));
    }
    Ok(())
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
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
    crate::private_fs::write_private(&path, id.as_bytes())
        .map_err(|e| AppError::internal(format!("cannot save {}: {e}", path.display())))?;
    Ok(id)
}
