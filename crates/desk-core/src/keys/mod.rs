//! The keys of an unlocked account: the user key and private key, and the
//! provider and client organization keys they open. Only here and in the
//! session do decrypted keys live; locking drops them (they zeroize).

use crate::core::Core;
use crate::error::AppError;
use crate::session::Session;
use bw_api::wire::account::ProfileProvider;
use bw_crypto::{EncString, RsaPrivateKey, SymmetricKey, client_org};
use desk_cache::ClientSource;
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

// A panic while holding the lock cannot leave a map half-written (inserts are
// single operations), so a poisoned lock is still safe to use.

// A panic while holding the lock cannot leave a map half-written (inserts are
// single operations), so a poisoned lock is still safe to use.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|p| p.into_inner())
}

/// Keys of an unlocked account.
///
/// Provider and organization keys are filled in by sync while readers use
/// the ring, hence the interior locks.
pub struct KeyRing {
    user_key: SymmetricKey,
    private_key: Option<RsaPrivateKey>,
    providers: RwLock<HashMap<String, Arc<SymmetricKey>>>,
    organizations: RwLock<HashMap<String, Arc<SymmetricKey>>>,
}

impl KeyRing {
    pub fn new(user_key: SymmetricKey, private_key: Option<RsaPrivateKey>) -> Self {
        KeyRing {
            user_key,
            private_key,
            providers: RwLock::new(HashMap::new()),
            organizations: RwLock::new(HashMap::new()),
        }
    }

    pub fn user_key(&self) -> &SymmetricKey {
        &self.user_key
    }

    pub fn private_key(&self) -> Option<&RsaPrivateKey> {
        self.private_key.as_ref()
    }

    pub fn provider(&self, provider_id: &str) -> Option<Arc<SymmetricKey>> {
        read(&self.providers).get(provider_id).cloned()
    }

    pub fn organization(&self, organization_id: &str) -> Option<Arc<SymmetricKey>> {
        read(&self.organizations).get(organization_id).cloned()
    }

    pub fn insert_provider(&self, provider_id: String, key: SymmetricKey) {
        write(&self.providers).insert(provider_id, Arc::new(key));
    }

    pub fn insert_organization(&self, organization_id: String, key: SymmetricKey) {
        write(&self.organizations).insert(organization_id, Arc::new(key));
    }
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("providers", &read(&self.providers).len())
            .field("organizations", &read(&self.organizations).len())
            .finish_non_exhaustive()
    }
}

/// What a provider or client key is wrapped with.
pub(crate) enum KeyWrap<'a> {
    /// A provider client's organization key: the provider's key (type 2).
    Provider(&'a SymmetricKey),
    /// A provider's key, or a direct membership's organization key: the
    /// user's public key (type 4), opened with the private key.
    Rsa(&'a RsaPrivateKey),
}

impl KeyWrap<'_> {
    pub(crate) fn open(&self, wrapped: &str) -> Result<SymmetricKey, AppError> {
        let undecryptable = |e| AppError::undecryptable("a provider or organization key", e);
        let wrapped = wrapped.parse::<EncString>().map_err(undecryptable)?;
        Ok(match self {
            KeyWrap::Provider(key) => {
                client_org::unwrap_org_key(key, &wrapped).map_err(undecryptable)?
            }
            KeyWrap::Rsa(private) => private.decapsulate(&wrapped).map_err(undecryptable)?,
        })
    }
}

/// Puts a client's organization key in the key ring. A key that does not
/// open is logged and left out: the client is still listed (seats are plain
/// data); only its items cannot be read.
pub(crate) fn open_org_key(
    session: &Session,
    organization_id: &str,
    wrapped: &str,
    wrap: KeyWrap<'_>,
) {
    match wrap.open(wrapped) {
        Ok(key) => session
            .keys
            .insert_organization(organization_id.to_owned(), key),
        Err(error) => {
            tracing::warn!(organization = %organization_id, %error, "client key does not open")
        }
    }
}

impl Core {
    /// A client's org key: from the key ring, else opened from the snapshot
    /// (after an offline unlock or in a new process).
    pub(crate) async fn org_key(
        &self,
        organization_id: &str,
    ) -> Result<Arc<SymmetricKey>, AppError> {
        let ring =
            |unlocked: &crate::core::Unlocked| unlocked.session.keys.organization(organization_id);
        if let Some(key) = ring(&*self.unlocked().await?) {
            return Ok(key);
        }
        self.open_snapshot_keys().await?;
        ring(&*self.unlocked().await?).ok_or_else(|| {
            AppError::new(
                crate::error::ErrorCode::Locked,
                "This client's key is not available yet: sync once online to unlock its data.",
            )
        })
    }
}

impl Core {
    /// Opens the provider and client keys the snapshot keeps wrapped (the
    /// profile's provider entries, each client row's organization key), so
    /// items decrypt in a process that has not synced since unlocking: an
    /// offline unlock, or a new `pdesk` process. Sync puts the same keys in
    /// the key ring from the server's answers; this is the offline path to
    /// them. Keys already open are kept; keys that do not open are skipped.
    #[tracing::instrument(skip_all)]
    pub async fn open_snapshot_keys(&self) -> Result<(), AppError> {
        let unlocked = self.unlocked().await?;
        let session = &unlocked.session;
        let snapshot = &session.snapshot;
        let keys = &session.keys;
        if let Some(private) = keys.private_key() {
            for provider in snapshot.providers().await? {
                if keys.provider(&provider.id).is_some() {
                    continue;
                }
                // The profile's provider entry, read as sync reads it.
                let Some(wrapped) = serde_json::from_str::<ProfileProvider>(&provider.raw)
                    .ok()
                    .and_then(|entry| entry.key)
                else {
                    continue;
                };
                match KeyWrap::Rsa(private).open(&wrapped) {
                    Ok(key) => keys.insert_provider(provider.id, key),
                    Err(error) => {
                        tracing::warn!(provider = %provider.id, %error, "provider key does not open")
                    }
                }
            }
        }
        for client in snapshot.clients().await? {
            let list = client.list;
            let Some(wrapped) = list.wrapped_key.as_deref() else {
                continue;
            };
            if keys.organization(&list.organization_id).is_some() {
                continue;
            }
            let provider_key = match (list.source, list.provider_id.as_deref()) {
                (ClientSource::Provider, Some(provider_id)) => keys.provider(provider_id),
                _ => None,
            };
            let wrap = match list.source {
                ClientSource::Provider => provider_key.as_deref().map(KeyWrap::Provider),
                ClientSource::Direct => keys.private_key().map(KeyWrap::Rsa),
            };
            if let Some(wrap) = wrap {
                open_org_key(session, &list.organization_id, wrapped, wrap);
            }
        }
        Ok(())
    }
}
