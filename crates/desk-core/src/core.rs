//! The service both front ends drive, and what its features share: the
//! configuration, the unlocked session with its server client, the
//! one-sync-at-a-time slot and the auto-lock clock. One `Core` per data
//! directory; each feature folder adds its own `impl Core` methods.

use crate::app::DataDir;
use crate::error::{AppError, ErrorCode};
use crate::session::account::{AccountRecord, AccountStore};
use crate::session::{AccountSummary, Session, save_tokens};
use bw_api::client::{BwClient, ClientConfig, Device, RateLimits, ServerUrls};
use std::path::Path;
use std::sync::Arc;
use tokio::sync::RwLock;

/// Bitwarden's clients default to locking after 15 minutes too.
pub const DEFAULT_AUTO_LOCK: std::time::Duration = std::time::Duration::from_secs(15 * 60);

pub const META_USER_ID: &str = "user_id";
/// The `server` of accounts on the sandbox built into the app. Its address
/// changes with every start, so accounts keep this name and the front end
/// says where the sandbox listens now (`set_demo_server`).
pub const DEMO_SERVER: &str = "demo";

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
    /// Where Have I Been Pwned and 2fa.directory are; `None`: the real
    /// services (or the demo sandbox's copies for demo accounts).
    pub public_urls: Option<bw_api::public::PublicUrls>,
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
            public_urls: None,
        }
    }
}

pub(crate) struct Unlocked {
    pub session: Session,
    pub client: Arc<BwClient>,
    /// The client's token generation last written to the snapshot.
    pub tokens_saved: std::sync::atomic::AtomicU64,
    /// Whether the server asks for a key per new item, once it has said
    /// (read at the first create, not once per item).
    pub cipher_keys: std::sync::OnceLock<bool>,
}

impl Unlocked {
    pub(crate) fn new(session: Session, client: Arc<BwClient>) -> Self {
        Unlocked {
            tokens_saved: std::sync::atomic::AtomicU64::new(client.token_generation()),
            cipher_keys: std::sync::OnceLock::new(),
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

pub struct Core {
    pub(crate) config: CoreConfig,
    pub(crate) store: AccountStore,
    pub(crate) device: Device,
    pub(crate) unlocked: RwLock<Option<Unlocked>>,
    last_activity: std::sync::Mutex<std::time::Instant>,
    /// Where the built-in demo sandbox listens in this process, if it runs.
    demo_server: std::sync::RwLock<Option<String>>,
    /// Starts as `config.auto_lock`; the app changes it with the setting.
    auto_lock: std::sync::Mutex<Option<std::time::Duration>>,
    /// The running sync's cancel handle: one sync at a time, and `lock` /
    /// `logout` stop it first (a sync holds the session until it ends).
    pub(crate) running_sync: std::sync::Mutex<Option<tokio_util::sync::CancellationToken>>,
    /// The client whose Admin Console is open: synced first.
    open_client: std::sync::Mutex<Option<String>>,
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
            open_client: std::sync::Mutex::new(None),
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
        Ok(ServerUrls::self_hosted(&self.demo_url()?)?)
    }

    /// Where the demo sandbox listens, or `DemoNotRunning`.
    fn demo_url(&self) -> Result<String, AppError> {
        self.demo_server
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| AppError::from(crate::session::SessionError::DemoNotRunning))
    }

    /// The client for the reports' public services: the configured ones,
    /// the demo sandbox's copies for a demo account, else the real ones.
    pub(crate) fn public_client(
        &self,
        server: &str,
    ) -> Result<bw_api::public::PublicClient, AppError> {
        let urls = match &self.config.public_urls {
            Some(urls) => urls.clone(),
            None if server.trim() == DEMO_SERVER => {
                bw_api::public::PublicUrls::under(&self.demo_url()?)?
            }
            None => bw_api::public::PublicUrls::default(),
        };
        Ok(bw_api::public::PublicClient::new(
            urls,
            self.config.extra_ca_pem.as_deref(),
        )?)
    }

    pub(crate) fn account_records(&self) -> Result<Vec<AccountRecord>, AppError> {
        self.store.list()
    }

    pub fn accounts(&self) -> Result<Vec<AccountSummary>, AppError> {
        Ok(self.store.list()?.iter().map(AccountSummary::of).collect())
    }

    /// A client for `urls`, trusting the CA the front end was started with,
    /// or else `ca_pem` (the one the account keeps).
    pub(crate) fn client(
        &self,
        urls: ServerUrls,
        ca_pem: Option<&str>,
    ) -> Result<BwClient, AppError> {
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

    /// Every client in the snapshot (works offline).
    pub async fn clients(&self) -> Result<Vec<desk_cache::ClientRow>, AppError> {
        let unlocked = self.unlocked().await?;
        Ok(unlocked.session.snapshot.clients().await?)
    }

    /// SQLite's consistency check of the open snapshot (`ok` when healthy).
    pub async fn integrity_check(&self) -> Result<String, AppError> {
        let unlocked = self.unlocked().await?;
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

    /// The unlocked session, or `locked`: how every feature reaches the keys,
    /// the snapshot and the server client. The guard holds the session (a
    /// read lock) until dropped: `lock` waits for it.
    pub(crate) async fn unlocked(
        &self,
    ) -> Result<tokio::sync::RwLockReadGuard<'_, Unlocked>, AppError> {
        tokio::sync::RwLockReadGuard::try_map(self.unlocked.read().await, Option::as_ref)
            .map_err(|_| locked())
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

    /// Records the client on screen (its overview was opened), which the
    /// next sync visits first.
    pub fn set_open_client(&self, organization_id: Option<String>) {
        *self.open_client.lock().unwrap_or_else(|p| p.into_inner()) = organization_id;
    }

    pub(crate) fn open_client(&self) -> Option<String> {
        self.open_client
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether a sync is running now.
    pub fn sync_running(&self) -> bool {
        self.running_sync
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    pub(crate) async fn replace_unlocked(&self, next: Option<Unlocked>) {
        if next.is_some() {
            self.touch();
        }
        let previous = std::mem::replace(&mut *self.unlocked.write().await, next);
        if let Some(previous) = previous {
            previous.session.lock().await;
        }
    }
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

/// What every feature answers when the keys are gone.
pub(crate) fn locked() -> AppError {
    AppError::new(
        ErrorCode::Locked,
        "Provider Desk is locked: unlock it first.",
    )
}
