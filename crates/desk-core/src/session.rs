//! The unlocked session: the only place decrypted keys live.
//!
//! Locking drops the session, which wipes every key (the key types zeroize
//! on drop) and closes the snapshot; a locked app holds nothing that can read
//! the snapshot or any vault data.

use crate::account::{AccountId, AccountRecord, AccountStore, unwrap_cache_key};
use crate::error::AppError;
use bw_crypto::{CryptoError, EncString, MasterKey, RsaPrivateKey, SecretString, SymmetricKey};
use desk_cache::Snapshot;
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

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

/// An unlocked account: its record, its keys and its open snapshot.
pub struct Session {
    pub id: AccountId,
    pub record: AccountRecord,
    pub keys: KeyRing,
    pub snapshot: Snapshot,
}

impl Session {
    /// Unlocks with the master password alone, no network: master key →
    /// user key → cache key → snapshot. The KDF runs on a blocking thread.
    #[tracing::instrument(skip(store, password), fields(account = id.as_str()))]
    pub async fn unlock_offline(
        store: &AccountStore,
        id: &AccountId,
        password: SecretString,
    ) -> Result<Session, AppError> {
        let record = store.load(id)?;
        let kdf = record.kdf.to_kdf()?;
        let protected: EncString = record.protected_user_key.parse().map_err(|_| {
            AppError::internal("the saved protected user key is damaged; sign in again")
        })?;
        let salt = record.salt.clone();
        let user_key = tokio::task::spawn_blocking(move || {
            let master = MasterKey::derive(&password, &salt, &kdf)?;
            master.decrypt_user_key(&protected)
        })
        .await
        .map_err(|e| AppError::internal(format!("unlock task failed: {e}")))?
        .map_err(wrong_password)?;
        let session = Session::open(store, id, record, user_key).await?;
        tracing::info!("unlocked offline");
        Ok(session)
    }

    /// Opens the snapshot once the user key is known (from the master
    /// password, or from a command-line session key).
    pub async fn open(
        store: &AccountStore,
        id: &AccountId,
        record: AccountRecord,
        user_key: SymmetricKey,
    ) -> Result<Session, AppError> {
        let cache_key = unwrap_cache_key(&user_key, &record)?;
        let snapshot = Snapshot::open(&store.snapshot_path(id), &cache_key).await?;
        // The private key is in the snapshot's meta (ciphertext under the user key).
        let private_key = match snapshot.meta(META_PRIVATE_KEY).await? {
            Some(text) => {
                let wrapped: EncString = text.parse().map_err(|_| {
                    AppError::internal("the saved private key is damaged; sign in again")
                })?;
                Some(user_key.unwrap_private_key(&wrapped).map_err(|e| {
                    AppError::internal(format!(
                        "the saved private key does not open with this account's key: {e}"
                    ))
                })?)
            }
            None => None,
        };
        Ok(Session {
            id: id.clone(),
            record,
            keys: KeyRing::new(user_key, private_key),
            snapshot,
        })
    }

    /// Locks: closes the snapshot; dropping `self` wipes the keys.
    pub async fn lock(self) {
        let Session { snapshot, keys, .. } = self;
        drop(keys);
        snapshot.close().await;
        tracing::info!("locked");
    }
}

/// Where the encrypted private key (EncString under the user key) is kept.
pub const META_PRIVATE_KEY: &str = "encrypted_private_key";

fn wrong_password(error: CryptoError) -> AppError {
    match error {
        CryptoError::DecryptionFailed => {
            AppError::invalid_input("The master password is incorrect.")
        }
        other => AppError::internal(format!("cannot unlock: {other}")),
    }
}
