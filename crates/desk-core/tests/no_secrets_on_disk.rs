//! After sign-in, sync, reading items and locking, no secret is readable in
//! any file of the data dir, the logs (written at TRACE level) included.

mod common;

use bw_api::client::TwoFactorMethod;
use bw_crypto::{EncString, Kdf, MasterKey, client_org};
use bw_sandbox::{
    DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demo_direct_org_items,
};
use common::{
    contains, file_contents, full_sync, kept_in, password, sandbox_db, session_key, sign_in_with,
    signed_in, start, two_step, unlock_with,
};
use desk_core::DataDir;
use desk_core::session::Session;
use desk_core::session::account::{AccountStore, unwrap_cache_key};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
struct FileWriter(Arc<Mutex<std::fs::File>>);

impl Write for FileWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_any_file_after_login_sync_and_lock() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = DataDir::prepare(data.path()).unwrap();
    let log = std::fs::File::create(data_dir.log_dir().join("desk.log")).unwrap();
    let writer = FileWriter(Arc::new(Mutex::new(log)));
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = start(kept_in(server_dir.path())).await;
    let core = signed_in(sandbox.url(), data.path(), DEMO_ADMIN_EMAIL).await;
    full_sync(&core).await;
    // Decrypted data passes through memory (and must stay there).
    let northwind = core
        .find_client(bw_sandbox::DEMO_DIRECT_ORG_NAME)
        .await
        .unwrap();
    assert!(
        !core
            .items(&northwind.organization_id, true)
            .await
            .unwrap()
            .is_empty()
    );
    core.lock().await;

    // A second account with two-step login and "remember this device": the
    // remember token is a credential too. Then a sync with a new core, as a
    // new pdesk process would run it (tokens read back from the snapshot).
    let second = common::core(data.path());
    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    let input = two_step(
        sandbox.url(),
        DEMO_2FA_EMAIL,
        TwoFactorMethod::Authenticator,
        &code,
        true,
    );
    sign_in_with(&second, input).await;
    let key = session_key(&second).await;
    let third = common::core(data.path());
    unlock_with(&third, DEMO_2FA_EMAIL, &key).await;
    full_sync(&third).await;
    third.lock().await;
    third.forget_sessions().unwrap();
    sandbox.shutdown().await;

    // Collect the secrets the run handled.
    let master = MasterKey::derive(&password(), DEMO_ADMIN_EMAIL, &Kdf::default_pbkdf2()).unwrap();
    let mut secrets: Vec<String> = vec![
        DEMO_PASSWORD.into(),
        master.server_hash(&password()),
        master.local_hash(&password()),
        b64(master.to_bytes().expose()),
    ];
    let store = AccountStore::new(data_dir.root());
    // Each account's snapshot key, as SQLCipher's key pragma spells it and
    // in base64 (the sqlx statement logger once wrote the pragma at debug).
    for record in store.list().unwrap() {
        let session = Session::unlock_offline(&store, &record.id(), password())
            .await
            .unwrap();
        let cache_key = unwrap_cache_key(session.keys.user_key(), &record).unwrap();
        secrets.push(hex_lower(cache_key.as_bytes()));
        secrets.push(hex_lower(cache_key.as_bytes()).to_uppercase());
        secrets.push(b64(cache_key.as_bytes()));
        session.lock().await;
    }
    let record = store
        .list()
        .unwrap()
        .into_iter()
        .find(|r| r.email == DEMO_ADMIN_EMAIL)
        .unwrap();
    let session = Session::unlock_offline(&store, &record.id(), password())
        .await
        .unwrap();
    secrets.push(session.keys.user_key().to_base64().expose().to_owned());
    let private = session.keys.private_key().expect("private key");
    secrets.push(b64(private.to_pkcs8_der().unwrap().expose()));
    for provider in session.snapshot.providers().await.unwrap() {
        let raw: serde_json::Value = serde_json::from_str(&provider.raw).unwrap();
        let wrapped: EncString = raw["key"].as_str().unwrap().parse().unwrap();
        let provider_key = private.decapsulate(&wrapped).unwrap();
        secrets.push(provider_key.to_base64().expose().to_owned());
        for client in session.snapshot.clients().await.unwrap() {
            if let Some(key) = client.list.wrapped_key.as_deref()
                && let Ok(org_key) =
                    client_org::unwrap_org_key(&provider_key, &key.parse().unwrap())
            {
                secrets.push(org_key.to_base64().expose().to_owned());
            }
        }
    }
    session.lock().await;
    for item in demo_direct_org_items() {
        secrets.push(item.password.to_owned());
    }
    let pool = sandbox_db(server_dir.path()).await;
    let tokens: Vec<(String,)> = sqlx::query_as("SELECT token FROM refresh_tokens")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!tokens.is_empty());
    secrets.extend(tokens.into_iter().map(|(t,)| t));
    let remembered: Vec<(String,)> = sqlx::query_as("SELECT token FROM remember_tokens")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!remembered.is_empty(), "the two-step login was remembered");
    secrets.extend(remembered.into_iter().map(|(t,)| t));
    assert!(secrets.len() > 10, "{}", secrets.len());

    #[cfg(unix)]
    only_the_owner_can_read(data.path(), &data_dir.log_dir().join("desk.log"));

    let log_text = std::fs::read_to_string(data_dir.log_dir().join("desk.log")).unwrap();
    assert!(log_text.contains("signed in"), "the log captured the run");
    for (path, bytes) in file_contents(data.path()) {
        for secret in &secrets {
            assert!(
                !contains(&bytes, secret),
                "a secret ({} chars) is readable in {}",
                secret.len(),
                path.display()
            );
        }
        // Access tokens are JWTs: base64 of '{"' starts every one of them.
        assert!(
            !bytes.windows(4).any(|w| w == b"eyJh" || w == b"eyJ0"),
            "a JWT in {}",
            path.display()
        );
    }
}

/// Every folder of the data dir is 0700 and every file in it is readable by
/// its owner only (`test_log` is this test's own file, made by the test).
#[cfg(unix)]
fn only_the_owner_can_read(root: &std::path::Path, test_log: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut pending = vec![root.to_owned()];
    let mut files = 0;
    while let Some(dir) = pending.pop() {
        if dir != root {
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{} has mode {mode:o}", dir.display());
        }
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(path);
            } else if path != test_log {
                let mode = meta.permissions().mode() & 0o777;
                assert_eq!(mode & 0o077, 0, "{} has mode {mode:o}", path.display());
                files += 1;
            }
        }
    }
    assert!(files >= 4, "only {files} files checked");
}
