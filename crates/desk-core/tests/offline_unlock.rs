//! Offline unlock with real keys, a real SQLCipher snapshot and real files.

mod common;

use bw_crypto::{Kdf, SecretString, account::new_account};
use common::{contains, file_contents};
use desk_cache::{ClientListRow, ClientSource, Snapshot};
use desk_core::ErrorCode;
use desk_core::session::account::{AccountRecord, AccountStore, KdfRecord, new_cache_key};
use desk_core::session::{META_PRIVATE_KEY, Session};

const PASSWORD: &str = "correct horse battery staple 42!";
const EMAIL: &str = "Tech@Demo-MSP.example";

fn secret(text: &str) -> SecretString {
    SecretString::new(text.to_owned())
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: AccountStore,
    record: AccountRecord,
    secrets: Vec<String>,
    data_dir: std::path::PathBuf,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_owned();
    let store = AccountStore::new(&data_dir);
    let account = new_account(&secret(PASSWORD), EMAIL, Kdf::default_pbkdf2()).unwrap();
    let (cache_key, wrapped_cache_key) = new_cache_key(&account.user_key).unwrap();
    let record = AccountRecord {
        version: 1,
        server: "https://vault.bitwarden.com".into(),
        email: EMAIL.into(),
        user_id: Some("user-1".into()),
        salt: account.salt.clone(),
        kdf: KdfRecord::from_kdf(&account.kdf),
        protected_user_key: account.protected_user_key.to_string(),
        wrapped_cache_key: wrapped_cache_key.to_string(),
        ca_pem: None,
        allow_http: false,
        signed_out: false,
    };
    let id = store.save(&record).unwrap();
    let snapshot = Snapshot::open(&store.snapshot_path(&id), &cache_key)
        .await
        .unwrap();
    snapshot
        .set_meta(
            META_PRIVATE_KEY,
            &account.key_pair.encrypted_private_key.to_string(),
        )
        .await
        .unwrap();
    let row = ClientListRow {
        organization_id: "org-1".into(),
        source: ClientSource::Provider,
        provider_id: Some("prov-1".into()),
        provider_organization_id: Some("po-1".into()),
        name: "My Client's Organization".into(),
        plan: Some("Enterprise (Annually)".into()),
        plan_type: None,
        status: None,
        seats: Some(15),
        occupied_seats: Some(1),
        remaining_seats: Some(14),
        user_count: Some(1),
        wrapped_key: None,
        raw: "{}".into(),
    };
    snapshot
        .replace_client_list(ClientSource::Provider, Some("prov-1"), &[row], 1)
        .await
        .unwrap();
    snapshot.close().await;
    let secrets = vec![
        PASSWORD.to_owned(),
        account.master_password_hash.clone(),
        account
            .master_key
            .to_bytes()
            .expose()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        account.user_key.to_base64().expose().to_owned(),
        hex(cache_key.as_bytes()),
    ];
    Fixture {
        _dir: dir,
        store,
        record,
        secrets,
        data_dir,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn the_master_password_alone_opens_the_snapshot_offline() {
    let f = fixture().await;
    let id = f.record.id();
    let session = Session::unlock_offline(&f.store, &id, secret(PASSWORD))
        .await
        .unwrap();
    let clients = session.snapshot.clients().await.unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].list.name, "My Client's Organization");
    assert_eq!(
        (
            clients[0].list.seats,
            clients[0].list.occupied_seats,
            clients[0].list.remaining_seats
        ),
        (Some(15), Some(1), Some(14))
    );
    assert!(
        session.keys.private_key().is_some(),
        "private key restored from the snapshot"
    );
    assert_eq!(f.store.list().unwrap(), vec![f.record.clone()]);
    session.lock().await;
}

#[tokio::test]
async fn a_wrong_password_is_invalid_input_and_opens_nothing() {
    let f = fixture().await;
    let err = Session::unlock_offline(
        &f.store,
        &f.record.id(),
        secret("correct horse battery staple 43!"),
    )
    .await
    .err()
    .expect("wrong password must fail");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(!err.message.contains(PASSWORD));
}

#[tokio::test]
async fn a_tampered_kdf_in_the_account_file_is_refused() {
    let f = fixture().await;
    let mut weak = f.record.clone();
    weak.kdf.iterations = 1;
    f.store.save(&weak).unwrap();
    let err = Session::unlock_offline(&f.store, &f.record.id(), secret(PASSWORD))
        .await
        .err()
        .expect("weak KDF must be refused");
    assert_eq!(err.code, ErrorCode::Internal, "{err:?}");
}

#[tokio::test]
async fn nothing_secret_is_readable_in_the_data_dir() {
    let f = fixture().await;
    let session = Session::unlock_offline(&f.store, &f.record.id(), secret(PASSWORD))
        .await
        .unwrap();
    session.lock().await;
    let files = file_contents(&f.data_dir);
    let paths: Vec<_> = files.iter().map(|(path, _)| path).collect();
    assert!(files.len() >= 2, "{paths:?}");
    for (path, bytes) in &files {
        for needle in &f.secrets {
            assert!(
                !contains(bytes, needle),
                "a secret appears in {}",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn auto_lock_locks_after_inactivity_and_touch_postpones_it() {
    use desk_core::DataDir;
    use desk_core::core::{Core, CoreConfig};
    let f = fixture().await;
    let mut config = CoreConfig::new(DataDir::prepare(&f.data_dir).unwrap());
    config.auto_lock = Some(std::time::Duration::from_millis(300));
    let core = Core::new(config).unwrap();
    core.unlock(EMAIL, secret(PASSWORD)).await.unwrap();
    assert!(!core.lock_if_idle().await, "just unlocked");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    core.touch();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!core.lock_if_idle().await, "activity 200 ms ago");
    assert!(core.clients().await.is_ok());
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    assert!(core.lock_if_idle().await, "idle past the limit");
    assert_eq!(core.clients().await.unwrap_err().code, ErrorCode::Locked);
}
