//! Sign-in, sync, lock and offline unlock against a real bw-sandbox server
//! started in-process on loopback.

mod common;

use bw_api::client::SecondFactor;
use bw_crypto::SecretString;
use bw_sandbox::{
    DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL, RunningSandbox, Sandbox, SandboxConfig, Seed,
};
use common::{core, login, run_sync};
use desk_core::ErrorCode;
use desk_core::session::{Credentials, LoginInput, LoginOutcome};
use desk_core::sync::SyncOptions;

/// The scale seed, small: two clients of one provider whose admin also owns
/// `Client 0001` directly.
async fn small_scale_sandbox() -> RunningSandbox {
    Sandbox::start(SandboxConfig {
        seed: Seed::Scale {
            clients: 2,
            members: 3,
            items: 5,
            events: 2,
        },
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_user_signs_in_syncs_and_reads_offline() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());

    let outcome = core
        .login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let LoginOutcome::SignedIn { account } = outcome else {
        panic!("unexpected {outcome:?}")
    };
    assert_eq!(account.email, DEMO_SERVICE_USER_EMAIL);

    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(summary.outcome, "success", "{summary:?}");
    assert!(
        summary.clients >= 3 && summary.members > 0 && summary.events > 0,
        "{summary:?}"
    );

    let expect = [
        ("My Client's Organization", 15, 1, 14, "Enterprise"),
        ("Second Client's Organization", 20, 1, 19, "Teams"),
        ("Third Client's Organization", 10, 1, 9, "Enterprise"),
    ];
    let check = |clients: Vec<desk_cache::ClientRow>| {
        for (name, seats, used, remaining, plan) in expect {
            let c = clients
                .iter()
                .find(|c| c.list.name == name)
                .unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(
                (c.list.seats, c.list.occupied_seats, c.list.remaining_seats),
                (Some(seats), Some(used), Some(remaining)),
                "{name}"
            );
            assert!(
                c.list.plan.as_deref().unwrap_or_default().starts_with(plan),
                "{name}: {:?}",
                c.list.plan
            );
            assert!(c.synced_at.is_some(), "{name} details synced");
        }
    };
    check(core.clients().await.unwrap());

    core.lock().await;
    assert_eq!(core.clients().await.unwrap_err().code, ErrorCode::Locked);
    sandbox.shutdown().await;

    // Offline: the sandbox is gone, the master password alone opens the snapshot.
    let wrong = core
        .unlock(DEMO_SERVICE_USER_EMAIL, SecretString::new("nope".into()))
        .await
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::InvalidInput);
    core.unlock(
        DEMO_SERVICE_USER_EMAIL,
        SecretString::new(DEMO_PASSWORD.into()),
    )
    .await
    .unwrap();
    check(core.clients().await.unwrap());
    let offline = run_sync(&core, SyncOptions::default()).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::Offline, "{offline:?}");

    // A command-line session key opens the snapshot in another process
    // until the sessions are forgotten (lock / log out).
    let key = core.export_session_key().await.unwrap();
    let other = self::core(dir.path());
    other
        .unlock_with_session_key(DEMO_SERVICE_USER_EMAIL, &key)
        .await
        .unwrap();
    assert_eq!(
        other.clients().await.unwrap().len(),
        core.clients().await.unwrap().len()
    );
    other.forget_sessions().unwrap();
    let third = self::core(dir.path());
    let err = third
        .unlock_with_session_key(DEMO_SERVICE_USER_EMAIL, &key)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Locked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_by_the_server() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = core(dir.path())
        .login(login(
            sandbox.url(),
            DEMO_SERVICE_USER_EMAIL,
            "not the password",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
    assert!(
        err.message.contains("Username or password is incorrect"),
        "{}",
        err.message
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_step_login_with_authenticator_then_remembered() {
    use bw_api::client::TwoFactorMethod;
    use bw_sandbox::{DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());

    let outcome = core
        .login(login(sandbox.url(), DEMO_2FA_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let LoginOutcome::TwoFactorRequired { methods, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        methods.contains(&"authenticator".to_owned()) && methods.contains(&"email".to_owned()),
        "{methods:?}"
    );

    let with_code = |code: &str, remember| LoginInput {
        credentials: Credentials::Password {
            second: SecondFactor::TwoFactor {
                method: TwoFactorMethod::Authenticator,
                code: SecretString::new(code.to_owned()),
                remember,
            },
        },
        ..login(sandbox.url(), DEMO_2FA_EMAIL, DEMO_PASSWORD)
    };
    let wrong = core.login(with_code("000000", false)).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::InvalidInput, "{wrong:?}");

    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    let outcome = core.login(with_code(&code, true)).await.unwrap();
    assert!(
        matches!(outcome, LoginOutcome::SignedIn { .. }),
        "{outcome:?}"
    );
    core.lock().await;

    // The remember token saved in the snapshot answers the second step.
    let outcome = core
        .login(login(sandbox.url(), DEMO_2FA_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    assert!(
        matches!(outcome, LoginOutcome::SignedIn { .. }),
        "{outcome:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_two_step_code_is_sent_on_request() {
    use bw_api::client::TwoFactorMethod;
    use bw_sandbox::DEMO_2FA_EMAIL;
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.send_login_email(
        sandbox.url(),
        DEMO_2FA_EMAIL,
        SecretString::new(DEMO_PASSWORD.into()),
        false,
    )
    .await
    .unwrap();
    let code = sandbox
        .email_code(DEMO_2FA_EMAIL, "two-factor")
        .await
        .expect("code emailed");
    let input = LoginInput {
        credentials: Credentials::Password {
            second: SecondFactor::TwoFactor {
                method: TwoFactorMethod::Email,
                code: SecretString::new(code),
                remember: false,
            },
        },
        ..login(sandbox.url(), DEMO_2FA_EMAIL, DEMO_PASSWORD)
    };
    assert!(matches!(
        core.login(input).await.unwrap(),
        LoginOutcome::SignedIn { .. }
    ));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_device_is_verified_once_by_emailed_code() {
    let config = SandboxConfig {
        new_device_verification: true,
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config).await.unwrap();
    // Like the real server, an account's first device needs no verification.
    let first_device = tempfile::tempdir().unwrap();
    let outcome = core(first_device.path())
        .login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    assert!(
        matches!(outcome, LoginOutcome::SignedIn { .. }),
        "{outcome:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let outcome = core
        .login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    assert_eq!(outcome, LoginOutcome::NewDeviceOtpRequired);
    let first = sandbox
        .email_code(DEMO_SERVICE_USER_EMAIL, "new-device")
        .await
        .expect("code emailed");
    // Asking again replaces the code; the new one is what the server accepts.
    core.resend_new_device_code(
        sandbox.url(),
        DEMO_SERVICE_USER_EMAIL,
        SecretString::new(DEMO_PASSWORD.into()),
        false,
    )
    .await
    .unwrap();
    let code = sandbox
        .email_code(DEMO_SERVICE_USER_EMAIL, "new-device")
        .await
        .expect("code emailed again");
    // Six random digits: equal by chance one time in a million.
    assert_ne!(code, first, "resend issued a new code");
    let input = LoginInput {
        credentials: Credentials::Password {
            second: SecondFactor::NewDeviceOtp(SecretString::new(code)),
        },
        ..login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD)
    };
    assert!(matches!(
        core.login(input).await.unwrap(),
        LoginOutcome::SignedIn { .. }
    ));
    core.lock().await;
    // The device identifier persists in the data dir: no second verification.
    let again = self::core(dir.path());
    let outcome = again
        .login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    assert!(
        matches!(outcome, LoginOutcome::SignedIn { .. }),
        "{outcome:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_org_items_decrypt_to_the_seeded_plaintext() {
    use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, demo_direct_org_items};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(summary.outcome, "success", "{summary:?}");

    // The admin is a member of this org and its provider manages it too: it
    // is listed once, under the provider (the provider entry wins, as in
    // Bitwarden's clients).
    let client = core.find_client(DEMO_DIRECT_ORG_NAME).await.unwrap();
    let listed = core.client_views().await.unwrap();
    assert_eq!(
        listed
            .iter()
            .filter(|c| c.organization_id == client.organization_id)
            .count(),
        1
    );
    let hidden = core.items(&client.organization_id, false).await.unwrap();
    assert!(
        hidden.iter().all(|i| i.password.is_none()),
        "passwords only on request"
    );
    let items = core.items(&client.organization_id, true).await.unwrap();
    for expected in demo_direct_org_items() {
        let item = items
            .iter()
            .find(|i| i.name.as_deref() == Some(expected.name))
            .unwrap_or_else(|| panic!("{} missing from {items:?}", expected.name));
        assert_eq!(item.error, None);
        assert_eq!(item.username.as_deref(), Some(expected.username));
        assert_eq!(item.password.as_deref(), Some(expected.password));
        assert_eq!(item.uris.first().map(String::as_str), Some(expected.uri));
    }

    // A provider client's items decrypt through the provider key too.
    let mine = core.find_client("My Client's Organization").await.unwrap();
    assert_eq!(mine.source, "provider");
    let members = core.members(&mine.organization_id).await.unwrap();
    assert_eq!(
        members.iter().filter(|m| m.status != "revoked").count(),
        1,
        "{members:?}"
    );
    for item in core.items(&mine.organization_id, false).await.unwrap() {
        assert_eq!(item.error, None, "{item:?}");
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_api_key_with_the_master_password() {
    use bw_crypto::{Kdf, MasterKey};
    use bw_sandbox::DEMO_ADMIN_EMAIL;
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    // Fetch the admin's personal API key the way the web vault does.
    let me = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let password = SecretString::new(DEMO_PASSWORD.into());
    let hash = MasterKey::derive(&password, DEMO_ADMIN_EMAIL, &Kdf::default_pbkdf2())
        .unwrap()
        .server_hash(&password);
    let key = sandbox
        .send(
            "POST",
            "/api/accounts/api-key",
            Some(&me.access_token),
            Some(serde_json::json!({"masterPasswordHash": hash})),
        )
        .await
        .json();
    let profile = sandbox
        .send("GET", "/api/accounts/profile", Some(&me.access_token), None)
        .await
        .json();
    let client_id = format!("user.{}", profile["id"].as_str().unwrap());

    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let input = LoginInput {
        credentials: Credentials::ApiKey {
            client_id,
            client_secret: SecretString::new(key["apiKey"].as_str().unwrap().to_owned()),
        },
        ..login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    };
    assert!(matches!(
        core.login(input).await.unwrap(),
        LoginOutcome::SignedIn { .. }
    ));
    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(summary.outcome, "success", "{summary:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_refresh_token_asks_to_sign_in_again() {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxConfig {
        data_dir: Some(server_dir.path().to_owned()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    core.lock().await;
    // The server forgets the session (30 days passed, or a password reset).
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        server_dir.path().join("sandbox.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE refresh_tokens SET expires_at = 0")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    // …and the access token this machine kept has expired with it.
    let store = desk_core::session::account::AccountStore::new(dir.path());
    let record = store.list().unwrap().pop().unwrap();
    let session = desk_core::session::Session::unlock_offline(
        &store,
        &record.id(),
        SecretString::new(DEMO_PASSWORD.into()),
    )
    .await
    .unwrap();
    session
        .snapshot
        .set_meta(desk_core::session::META_ACCESS_EXPIRES, "0")
        .await
        .unwrap();
    session.lock().await;

    core.unlock(
        DEMO_SERVICE_USER_EMAIL,
        SecretString::new(DEMO_PASSWORD.into()),
    )
    .await
    .unwrap();
    let err = run_sync(&core, SyncOptions::default()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthExpired, "{err:?}");
    // The snapshot still reads: only the server side needs a new sign-in.
    assert!(core.clients().await.is_ok());
    sandbox.shutdown().await;
}

/// `list_only`: the client list (seats, plans) is refreshed with a couple of
/// requests and no client's details are fetched; details a full sync wrote
/// earlier are kept as they were.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_only_refreshes_seats_without_fetching_details() {
    use bw_sandbox::DEMO_ADMIN_EMAIL;
    const CLIENT: &str = "Second Client's Organization";
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let list_only = || SyncOptions {
        list_only: true,
        ..SyncOptions::default()
    };

    // The provider admin changes a client's seats the way the portal does.
    let admin = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let profile = sandbox
        .send(
            "GET",
            "/api/accounts/profile",
            Some(&admin.access_token),
            None,
        )
        .await
        .json();
    let provider_id = profile["providers"][0]["id"].as_str().unwrap().to_owned();
    let set_seats = |client_id: String, seats: i64| {
        let path = format!("/api/providers/{provider_id}/clients/{client_id}");
        let token = admin.access_token.clone();
        let sandbox = &sandbox;
        async move {
            let reply = sandbox
                .send(
                    "PUT",
                    &path,
                    Some(&token),
                    Some(serde_json::json!({"assignedSeats": seats, "name": CLIENT})),
                )
                .await;
            assert!(reply.status.is_success(), "{reply:?}");
        }
    };

    // First refresh: every client is listed with its seats, none has details.
    let summary = run_sync(&core, list_only()).await.unwrap();
    let listed = core.client_views().await.unwrap();
    assert_eq!(summary.outcome, "success", "{summary:?}");
    assert_eq!(summary.clients as usize, listed.len(), "{summary:?}");
    assert!(listed.len() >= 3, "{listed:?}");
    // The profile and one client list; a full sync needs several per client.
    assert!(summary.requests <= 3, "{summary:?}");
    assert_eq!(
        (summary.members, summary.items, summary.events),
        (0, 0, 0),
        "{summary:?}"
    );
    for client in &listed {
        assert_eq!(client.synced_at, None, "{client:?}");
        assert!(
            core.members(&client.organization_id)
                .await
                .unwrap()
                .is_empty(),
            "{} has members after a list-only sync",
            client.name
        );
    }
    let second = core.find_client(CLIENT).await.unwrap();
    assert_eq!(
        (second.seats.assigned, second.seats.remaining),
        (Some(20), Some(19))
    );

    // Seats change on the server; the next list-only refresh shows them.
    set_seats(second.id.clone(), 25).await;
    let summary = run_sync(&core, list_only()).await.unwrap();
    assert!(summary.requests <= 3, "{summary:?}");
    let second = core.find_client(CLIENT).await.unwrap();
    assert_eq!(
        (
            second.seats.assigned,
            second.seats.used,
            second.seats.remaining
        ),
        (Some(25), Some(1), Some(24))
    );
    assert_eq!(second.synced_at, None);
    assert!(
        core.members(&second.organization_id)
            .await
            .unwrap()
            .is_empty()
    );

    // The server does have members: a full sync fetches them (so the checks
    // above would have caught a list-only run that fetched details)...
    let full = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(full.outcome, "success", "{full:?}");
    assert!(full.requests > 3 * summary.requests, "{full:?}");
    let members = core.members(&second.organization_id).await.unwrap();
    assert!(!members.is_empty());
    let synced_at = core.find_client(CLIENT).await.unwrap().synced_at;
    assert!(synced_at.is_some());

    // ...and a later list-only refresh updates the seats but keeps them.
    set_seats(second.id.clone(), 30).await;
    run_sync(&core, list_only()).await.unwrap();
    let after = core.find_client(CLIENT).await.unwrap();
    assert_eq!(
        (after.seats.assigned, after.seats.remaining),
        (Some(30), Some(29))
    );
    assert_eq!(after.synced_at, synced_at);
    assert_eq!(
        core.members(&second.organization_id).await.unwrap(),
        members
    );
    sandbox.shutdown().await;
}

/// The scale seed's admin owns `Client 0001` directly (the org the bench
/// compares with the official CLI): Bitwarden's own sync hands the admin its
/// items, while Provider Desk still lists it once, under the provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_seed_admin_owns_the_first_client_directly() {
    use bw_sandbox::DEMO_ADMIN_EMAIL;
    let sandbox = small_scale_sandbox().await;
    let me = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let sync = sandbox
        .send("GET", "/api/sync", Some(&me.access_token), None)
        .await
        .json();
    let orgs = sync["profile"]["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1, "{orgs:?}");
    assert_eq!(orgs[0]["name"], "Client 0001");
    assert_eq!(orgs[0]["type"], 0, "Owner");
    let ciphers = sync["ciphers"].as_array().unwrap();
    assert_eq!(ciphers.len(), 5);
    assert!(ciphers.iter().all(|c| c["organizationId"] == orgs[0]["id"]));

    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!((summary.clients, summary.members), (2, 6), "{summary:?}");
    let first = core.find_client("Client 0001").await.unwrap();
    assert_eq!(first.source, "provider");
    let items = core.items(&first.organization_id, true).await.unwrap();
    assert_eq!(items.len(), 5);
    assert!(
        items
            .iter()
            .all(|i| i.error.is_none() && i.password.is_some())
    );
    let members = core.members(&first.organization_id).await.unwrap();
    assert!(
        members
            .iter()
            .any(|m| m.email.as_deref() == Some(DEMO_ADMIN_EMAIL) && m.role == "owner"),
        "{members:?}"
    );
    sandbox.shutdown().await;
}

/// After an offline unlock the key ring holds only the user's keys: reading
/// items opens the provider and client keys the snapshot keeps, for provider
/// clients and direct memberships alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_keys_open_items_offline_for_provider_and_direct_clients() {
    use bw_sandbox::DEMO_ADMIN_EMAIL;
    let sandbox = small_scale_sandbox().await;
    // The provider lets go of Client 0001; its admin still owns it directly.
    let me = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let token = Some(me.access_token.as_str());
    let profile = sandbox
        .send("GET", "/api/accounts/profile", token, None)
        .await
        .json();
    let pid = profile["providers"][0]["id"].as_str().unwrap().to_owned();
    let list = sandbox
        .send(
            "GET",
            &format!("/api/providers/{pid}/organizations"),
            token,
            None,
        )
        .await
        .json();
    let poid = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organizationName"] == "Client 0001")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let removed = sandbox
        .send(
            "DELETE",
            &format!("/api/providers/{pid}/organizations/{poid}"),
            token,
            None,
        )
        .await;
    assert!(removed.status.is_success(), "{removed:?}");

    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    core.login(login(sandbox.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let summary = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!((summary.outcome.as_str(), summary.clients), ("success", 2));
    let direct = core.find_client("Client 0001").await.unwrap();
    let provided = core.find_client("Client 0002").await.unwrap();
    assert_eq!(
        (direct.source.as_str(), provided.source.as_str()),
        ("direct", "provider")
    );
    core.lock().await;
    sandbox.shutdown().await;

    core.unlock(DEMO_ADMIN_EMAIL, SecretString::new(DEMO_PASSWORD.into()))
        .await
        .unwrap();
    // No explicit call: `items` opens the snapshot's keys itself when the
    // ring lacks the client's key.
    for client in [&direct, &provided] {
        let items = core.items(&client.organization_id, true).await.unwrap();
        assert_eq!(items.len(), 5, "{}", client.name);
        assert!(
            items
                .iter()
                .all(|i| i.error.is_none() && i.name.is_some() && i.password.is_some()),
            "{}: {items:?}",
            client.name
        );
    }
}
