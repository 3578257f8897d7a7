//! What a hostile network, a damaged data folder or a curious local user
//! must not achieve: each test names the weakness it closes.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, SandboxConfig, TlsConfig};
use common::{full_sync, login, run_sync, sandbox, session_key, sign_in, start, unlock_with};
use desk_core::core::{Core, CoreConfig};
use desk_core::session::check_transport;
use desk_core::sync::{SyncOptions, SyncOutcome};
use desk_core::{DataDir, ErrorCode};

fn core(data: &std::path::Path, ca: Option<&str>) -> Core {
    let mut config = CoreConfig::new(DataDir::prepare(data).unwrap());
    config.extra_ca_pem = ca.map(|pem| pem.as_bytes().to_vec());
    Core::new(config).unwrap()
}

async fn tls_sandbox() -> bw_sandbox::RunningSandbox {
    start(SandboxConfig {
        tls: Some(TlsConfig { ca_out: None }),
        ..SandboxConfig::default()
    })
    .await
}

/// `pdesk login --ca-file` worked, the next `pdesk sync` did not: the CA was
/// not kept with the account, and the error blamed the network.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_hosted_ca_given_at_sign_in_is_kept_for_later_syncs() {
    let sandbox = tls_sandbox().await;
    let ca = sandbox.ca_pem().unwrap().to_owned();
    assert!(sandbox.url().starts_with("https://"), "{}", sandbox.url());
    let data = tempfile::tempdir().unwrap();

    // Without the CA the certificate is not trusted, and the message says so.
    let stranger = core(data.path(), None);
    let error = stranger
        .login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_ne!(error.code, ErrorCode::Offline, "{error:?}");
    assert!(
        error.message.to_lowercase().contains("certificate"),
        "{error:?}"
    );

    let first = core(data.path(), Some(&ca));
    sign_in(&first, sandbox.url(), DEMO_ADMIN_EMAIL).await;
    let key = session_key(&first).await;

    // A later process started without --ca-file.
    let later = core(data.path(), None);
    unlock_with(&later, DEMO_ADMIN_EMAIL, &key).await;
    full_sync(&later).await;
    later.lock().await;
    sandbox.shutdown().await;
}

/// Sign-in treated an unreadable account record as "none" and deleted the
/// snapshot before saving a new record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_never_deletes_a_snapshot_it_cannot_read() {
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let first = core(data.path(), None);
    let account = sign_in(&first, sandbox.url(), DEMO_ADMIN_EMAIL).await;
    full_sync(&first).await;
    first.lock().await;
    let dir = data.path().join("accounts").join(&account.id);
    let snapshot = std::fs::read(dir.join("snapshot.db")).unwrap();

    // A record written by a newer Provider Desk: refused, nothing touched.
    let record_path = dir.join("account.json");
    let original = std::fs::read_to_string(&record_path).unwrap();
    let newer = original.replacen("\"version\": 1", "\"version\": 99", 1);
    assert_ne!(newer, original);
    std::fs::write(&record_path, &newer).unwrap();
    let error = core(data.path(), None)
        .login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::CacheIncompatible, "{error:?}");
    assert_eq!(std::fs::read_to_string(&record_path).unwrap(), newer);
    assert_eq!(std::fs::read(dir.join("snapshot.db")).unwrap(), snapshot);

    // A damaged record: sign-in goes ahead, the old files are set aside.
    std::fs::write(&record_path, b"{ not json").unwrap();
    let again = core(data.path(), None);
    sign_in(&again, sandbox.url(), DEMO_ADMIN_EMAIL).await;
    again.lock().await;
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let kept = names
        .iter()
        .find(|n| n.starts_with("snapshot.db.damaged-"))
        .unwrap_or_else(|| panic!("old snapshot not kept: {names:?}"));
    assert_eq!(std::fs::read(dir.join(kept)).unwrap(), snapshot);
    assert!(
        names.iter().any(|n| n.starts_with("account.json.damaged-")),
        "{names:?}"
    );
    sandbox.shutdown().await;
}

/// Plain http:// was accepted for any host: the password hash, codes and
/// tokens could cross a network in clear.
#[tokio::test]
async fn plain_http_is_refused_off_this_machine_unless_confirmed() {
    use bw_api::client::ServerUrls;
    let remote = ServerUrls::from_choice("http://vault.example.com").unwrap();
    let error = check_transport(&remote, false).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("http://"), "{error:?}");
    assert!(check_transport(&remote, true).is_ok());
    for local in [
        "http://127.0.0.1:8080",
        "http://localhost:1234",
        "http://[::1]:9",
        "https://vault.example.com",
    ] {
        let urls = ServerUrls::from_choice(local).unwrap();
        assert!(check_transport(&urls, false).is_ok(), "{local}");
    }

    // Sign-in refuses before sending anything (the host does not exist).
    let data = tempfile::tempdir().unwrap();
    let error = core(data.path(), None)
        .login(login(
            "http://vault.example.invalid",
            DEMO_ADMIN_EMAIL,
            DEMO_PASSWORD,
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
}

/// Every new pdesk process spent a token request (GET → 401 → refresh →
/// GET), and the cloud allows ten a minute: a script running a few commands
/// a minute was soon refused at sign-in. The access token is kept with its
/// expiry and refreshed only when it is about to expire or is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_in_new_processes_reuse_the_access_token() {
    let sandbox = sandbox().await;
    let token_requests =
        || sandbox.received(|method, path| method == "POST" && path == "/identity/connect/token");
    let data = tempfile::tempdir().unwrap();
    let first = core(data.path(), None);
    sign_in(&first, sandbox.url(), DEMO_ADMIN_EMAIL).await;
    let key = session_key(&first).await;
    assert_eq!(token_requests(), 1, "the sign-in itself");

    for run in 0..5 {
        // Each a fresh core over the same data folder, as `pdesk sync` is.
        let next = core(data.path(), None);
        unlock_with(&next, DEMO_ADMIN_EMAIL, &key).await;
        let options = SyncOptions {
            list_only: run % 2 == 0,
            ..SyncOptions::default()
        };
        let summary = run_sync(&next, options).await.unwrap();
        assert_eq!(summary.outcome, SyncOutcome::Success, "{summary:?}");
        next.lock().await;
    }
    assert_eq!(
        token_requests(),
        1,
        "no process after sign-in asked for a token"
    );
    sandbox.shutdown().await;
}
