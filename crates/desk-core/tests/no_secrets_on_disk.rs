//! After sign-in, sync, reading items and locking, no secret is readable in
//! any file of the data dir, the logs (written at TRACE level) included.

mod common;

use bw_crypto::{EncString, Kdf, MasterKey, SecretString, client_org};
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, Sandbox, SandboxConfig, demo_direct_org_items};
use common::{contains, file_contents, login, run_sync};
use desk_core::DataDir;
use desk_core::account::AccountStore;
use desk_core::core::{Core, CoreConfig};
use desk_core::session::Session;
use desk_core::sync::SyncOptions;
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
    let sandbox = Sandbox::start(SandboxConfig {
        data_dir: Some(server_dir.path().to_owned()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let core = Core::new(CoreConfig::new(data_dir.clone())).unwrap();
    core.login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(summary.outcome, "success");
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
    sandbox.shutdown().await;

    // Collect the secrets the run handled.
    let password = SecretString::new(DEMO_PASSWORD.into());
    let master = MasterKey::derive(&password, DEMO_ADMIN_EMAIL, &Kdf::default_pbkdf2()).unwrap();
    let mut secrets: Vec<String> = vec![
        DEMO_PASSWORD.into(),
        master.server_hash(&password),
        master.local_hash(&password),
        b64(master.to_bytes().expose()),
    ];
    let store = AccountStore::new(data_dir.root());
    let record = store.list().unwrap().pop().unwrap();
    let session = Session::unlock_offline(&store, &record.id(), password)
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
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        server_dir.path().join("sandbox.db").display()
    ))
    .await
    .unwrap();
    let tokens: Vec<(String,)> = sqlx::query_as("SELECT token FROM refresh_tokens")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!tokens.is_empty());
    secrets.extend(tokens.into_iter().map(|(t,)| t));
    assert!(secrets.len() > 10, "{}", secrets.len());

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
