//! The unlocked session: the account's record, its keys and its open
//! snapshot. Locking drops the session, which wipes every key (the key types
//! zeroize on drop) and closes the snapshot; a locked app holds nothing that
//! can read the snapshot or any vault data.

use super::SessionError;
use super::account::{AccountId, AccountRecord, AccountStore, unwrap_cache_key};
use crate::error::AppError;
use crate::keys::KeyRing;
use bw_crypto::{CryptoError, EncString, MasterKey, SecretString, SymmetricKey};
use desk_cache::Snapshot;

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
        let user_key = user_key_of(&record, password).await?;
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
                let wrapped: EncString = text
                    .parse()
                    .map_err(|_| SessionError::Damaged("private key"))?;
                Some(
                    user_key
                        .unwrap_private_key(&wrapped)
                        .map_err(|_| SessionError::Damaged("private key"))?,
                )
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

/// The user key the master password opens (the KDF on a blocking thread);
/// a wrong password is `WrongPassword`.
pub(crate) async fn user_key_of(
    record: &AccountRecord,
    password: SecretString,
) -> Result<SymmetricKey, AppError> {
    let kdf = record.kdf.to_kdf()?;
    let protected: EncString = record
        .protected_user_key
        .parse()
        .map_err(|_| SessionError::Damaged("protected user key"))?;
    let salt = record.salt.clone();
    tokio::task::spawn_blocking(move || {
        let master = MasterKey::derive(&password, &salt, &kdf)?;
        master.decrypt_user_key(&protected)
    })
    .await
    .map_err(|e| SessionError::Task(e.to_string()))?
    .map_err(wrong_password)
}

fn wrong_password(error: CryptoError) -> AppError {
    match error {
        CryptoError::DecryptionFailed => SessionError::WrongPassword.into(),
        other => SessionError::LocalCrypto(other).into(),
    }
}
