//! Sign-in and unlock: proving the password to the server, the account's
//! files on this machine, offline unlock, command-line session keys, and
//! logging out. What a session keeps (tokens, keys) never leaves it.

pub mod account;
mod error;
mod summary;
mod transport;
mod unlocked;

/// Which emailed code to ask for ([`Core::request_emailed_code`]).
pub use bw_api::client::EmailedCode;
pub use error::SessionError;
pub use summary::{LastSync, ServerChoice, SessionStatus, SessionSummary};
pub use transport::check_transport;
pub use unlocked::{META_PRIVATE_KEY, Session};

use crate::core::{Core, DEMO_SERVER, Unlocked};
use crate::error::{AppError, ErrorCode};
use crate::keys::KeyRing;
use account::{AccountId, AccountRecord, KdfRecord, new_cache_key, unwrap_cache_key};
use bw_api::client::{ApiError, BwClient, SecondFactor, ServerUrls, Tokens, TwoFactorMethod};
use bw_crypto::{EncString, Kdf, MasterKey, SecretString, normalize_salt};
use desk_cache::Snapshot;
use serde::Serialize;
use specta::Type;
use std::path::Path;
use std::sync::Arc;

pub const META_REFRESH_TOKEN: &str = "refresh_token";

/// The access token and its expiry (unix seconds), kept so that a new process
/// (every `pdesk` command) reuses it instead of spending one of the cloud's
/// ten token requests a minute.
pub const META_ACCESS_TOKEN: &str = "access_token";

pub const META_ACCESS_EXPIRES: &str = "access_token_expires_at";

pub const META_REMEMBER_TOKEN: &str = "two_factor_remember_token";

/// The user key wrapped by a command-line session key (see `export_session_key`).
const SESSION_FILE: &str = "session.key";

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

impl Core {
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
            return Err(SessionError::EmailRequired.into());
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
            .ok_or(SessionError::NoUserKey)?
            .parse()
            .map_err(|e: bw_crypto::CryptoError| SessionError::MalformedKey {
                what: "user key",
                detail: e.to_string(),
            })?;
        let user_key = master
            .decrypt_user_key(&protected)
            .map_err(SessionError::PasswordDoesNotOpenKeys)?;
        let private_key_text = success.encrypted_private_key.clone();
        let private_key = match &private_key_text {
            Some(text) => {
                let wrapped: EncString = text.parse().map_err(|e: bw_crypto::CryptoError| {
                    SessionError::MalformedKey {
                        what: "private key",
                        detail: e.to_string(),
                    }
                })?;
                Some(
                    user_key
                        .unwrap_private_key(&wrapped)
                        .map_err(|e| AppError::undecryptable("a private key", e))?,
                )
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

    /// Asks the server to email a code: the two-step login code (the failed
    /// sign-in does not send it) or a fresh new-device code. Needs the
    /// password to prove who asks.
    #[tracing::instrument(skip_all, fields(?code))]
    pub async fn request_emailed_code(
        &self,
        code: EmailedCode,
        server: &str,
        email: &str,
        password: SecretString,
        allow_http: bool,
    ) -> Result<(), AppError> {
        let proof = self.prove_for(server, email, &password, allow_http).await?;
        Ok(proof
            .client
            .request_emailed_code(code, email, &proof.hash)
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
        .map_err(SessionError::UnsafeKdf)?;
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
            return Err(SessionError::LoggedOut.into());
        }
        let session = Session::unlock_offline(&self.store, &id, password).await?;
        let account = AccountSummary::of(&session.record);
        let client = self.resume_client(&session).await?;
        self.replace_unlocked(Some(Unlocked::new(session, client)))
            .await;
        Ok(account)
    }

    /// Checks the unlocked account's master password, offline, as an item
    /// with "master password re-prompt" asks before showing a secret.
    pub async fn verify_master_password(&self, password: SecretString) -> Result<(), AppError> {
        let record = self.unlocked().await?.session.record.clone();
        unlocked::user_key_of(&record, password).await.map(drop)
    }

    /// For the command line: wraps the user key with a new random session
    /// key kept next to the account (like `BW_SESSION`), and returns that key.
    /// Whoever holds it can unlock until `forget_sessions` (lock, log out).
    pub async fn export_session_key(&self) -> Result<SecretString, AppError> {
        let unlocked = self.unlocked().await?;
        let session_key = bw_crypto::SymmetricKey::generate().map_err(SessionError::LocalCrypto)?;
        let wrapped = session_key
            .wrap_key(unlocked.session.keys.user_key())
            .map_err(SessionError::LocalCrypto)?;
        let path = self.store.dir(&unlocked.session.id).join(SESSION_FILE);
        crate::private_fs::write_private(&path, wrapped.to_string().as_bytes())
            .map_err(|e| SessionError::io(&path, e))?;
        Ok(session_key.to_base64())
    }

    /// Unlocks with a session key from `export_session_key` (no password).
    pub async fn unlock_with_session_key(
        &self,
        account_id: &str,
        session_key: &SecretString,
    ) -> Result<AccountSummary, AppError> {
        let id = self.account_id(account_id)?;
        let invalid = || AppError::from(SessionError::SessionKeyInvalid);
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
                    return Err(SessionError::io(&path, e).into());
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

    /// Signs out: forgets the tokens; with `delete_snapshot` also the
    /// account's snapshot and record.
    pub async fn logout(&self, delete_snapshot: bool) -> Result<(), AppError> {
        self.cancel_sync();
        let taken = self.unlocked.write().await.take();
        let Some(unlocked) = taken else {
            return Err(SessionError::NotUnlocked.into());
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
            [] => Err(SessionError::NoSuchAccount.into()),
            _ => Err(SessionError::SeveralAccounts.into()),
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

pub(crate) async fn save_tokens(snapshot: &Snapshot, tokens: &Tokens) -> Result<(), AppError> {
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
        .map_err(|e| SessionError::Task(e.to_string()))?
        .map_err(|e| SessionError::LocalCrypto(e).into())
}
