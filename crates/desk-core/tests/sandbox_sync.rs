//! Sign-in, sync, lock and offline unlock against a real bw-sandbox server
//! started in-process on loopback.

mod common;

use bw_api::client::SecondFactor;
use bw_crypto::SecretString;
use bw_sandbox::{DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL, RunningSandbox, SandboxConfig};
use common::{
    admin_token, core, demo, demo_signed_in, demo_synced, full_sync, kept_in, list_only, login,
    mailed_code, password, provider_id, run_sync, sandbox, sandbox_db, scale, sign_in,
    sign_in_with, signed_in, start, two_step, unlock_with,
};
use desk_core::ErrorCode;
use desk_core::clients::ClientSource;
use desk_core::members::{MemberRole, MemberStatus};
use desk_core::session::{Credentials, EmailedCode, LoginInput, LoginOutcome};
use desk_core::sync::{SyncOptions, SyncOutcome};

/// The scale seed, small: two clients of one provider whose admin also owns
/// `Client 0001` directly.
async fn small_scale_sandbox() -> RunningSandbox {
    start(scale(2, 3, 5, 2)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_user_signs_in_syncs_and_reads_offline() {
    let (sandbox, dir, core) = demo().await;

    let account = sign_in(&core, sandbox.url(), DEMO_SERVICE_USER_EMAIL).await;
    assert_eq!(account.email, DEMO_SERVICE_USER_EMAIL);

    let summary = full_sync(&core).await;
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
    core.unlock(DEMO_SERVICE_USER_EMAIL, password())
        .await
        .unwrap();
    check(core.clients().await.unwrap());
    let offline = run_sync(&core, SyncOptions::default()).await.unwrap_err();
    assert_eq!(offline.code, ErrorCode::Offline, "{offline:?}");

    // A command-line session key opens the snapshot in another process
    // until the sessions are forgotten (lock / log out).
    let key = core.export_session_key().await.unwrap();
    let other = common::core(dir.path());
    unlock_with(&other, DEMO_SERVICE_USER_EMAIL, &key).await;
    assert_eq!(
        other.clients().await.unwrap().len(),
        core.clients().await.unwrap().len()
    );
    other.forget_sessions().unwrap();
    let third = common::core(dir.path());
    let err = third
        .unlock_with_session_key(DEMO_SERVICE_USER_EMAIL, &key)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Locked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_by_the_server() {
    let (sandbox, _dir, core) = demo().await;
    let err = core
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
    let (sandbox, _dir, core) = demo().await;

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

    let with_code = |code: &str, remember| {
        two_step(
            sandbox.url(),
            DEMO_2FA_EMAIL,
            TwoFactorMethod::Authenticator,
            code,
            remember,
        )
    };
    let wrong = core.login(with_code("000000", false)).await.unwrap_err();
    assert_eq!(wrong.code, ErrorCode::InvalidInput, "{wrong:?}");

    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    sign_in_with(&core, with_code(&code, true)).await;
    core.lock().await;

    // The remember token saved in the snapshot answers the second step.
    sign_in(&core, sandbox.url(), DEMO_2FA_EMAIL).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_two_step_code_is_sent_on_request() {
    use bw_api::client::TwoFactorMethod;
    use bw_sandbox::DEMO_2FA_EMAIL;
    let (sandbox, _dir, core) = demo().await;
    core.request_emailed_code(
        EmailedCode::TwoFactor,
        sandbox.url(),
        DEMO_2FA_EMAIL,
        password(),
        false,
    )
    .await
    .unwrap();
    let code = mailed_code(&sandbox, DEMO_2FA_EMAIL, "two-factor").await;
    let input = two_step(
        sandbox.url(),
        DEMO_2FA_EMAIL,
        TwoFactorMethod::Email,
        &code,
        false,
    );
    sign_in_with(&core, input).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_device_is_verified_once_by_emailed_code() {
    let config = SandboxConfig {
        new_device_verification: true,
        ..SandboxConfig::default()
    };
    let sandbox = start(config).await;
    // Like the real server, an account's first device needs no verification.
    let first_device = tempfile::tempdir().unwrap();
    signed_in(sandbox.url(), first_device.path(), DEMO_SERVICE_USER_EMAIL).await;

    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let outcome = core
        .login(login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    assert_eq!(outcome, LoginOutcome::NewDeviceOtpRequired);
    let first = mailed_code(&sandbox, DEMO_SERVICE_USER_EMAIL, "new-device").await;
    // Asking again replaces the code; the new one is what the server accepts.
    core.request_emailed_code(
        EmailedCode::NewDevice,
        sandbox.url(),
        DEMO_SERVICE_USER_EMAIL,
        password(),
        false,
    )
    .await
    .unwrap();
    let code = mailed_code(&sandbox, DEMO_SERVICE_USER_EMAIL, "new-device").await;
    // Six random digits: equal by chance one time in a million.
    assert_ne!(code, first, "resend issued a new code");
    let input = LoginInput {
        credentials: Credentials::Password {
            second: SecondFactor::NewDeviceOtp(SecretString::new(code)),
        },
        ..login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD)
    };
    sign_in_with(&core, input).await;
    core.lock().await;
    // The device identifier persists in the data dir: no second verification.
    signed_in(sandbox.url(), dir.path(), DEMO_SERVICE_USER_EMAIL).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_org_items_decrypt_to_the_seeded_plaintext() {
    use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, demo_direct_org_items};
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;

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
    assert_eq!(mine.source, ClientSource::Provider);
    let members = core.members(&mine.organization_id).await.unwrap();
    assert_eq!(
        members
            .iter()
            .filter(|m| m.status != MemberStatus::Revoked)
            .count(),
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
    let sandbox = sandbox().await;
    // Fetch the admin's personal API key the way the web vault does.
    let token = admin_token(&sandbox).await;
    let hash = MasterKey::derive(&password(), DEMO_ADMIN_EMAIL, &Kdf::default_pbkdf2())
        .unwrap()
        .server_hash(&password());
    let key = sandbox
        .send(
            "POST",
            "/api/accounts/api-key",
            Some(&token),
            Some(serde_json::json!({"masterPasswordHash": hash})),
        )
        .await
        .json();
    let profile = sandbox
        .send("GET", "/api/accounts/profile", Some(&token), None)
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
    sign_in_with(&core, input).await;
    full_sync(&core).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_refresh_token_asks_to_sign_in_again() {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = start(kept_in(server_dir.path())).await;
    let dir = tempfile::tempdir().unwrap();
    let core = signed_in(sandbox.url(), dir.path(), DEMO_SERVICE_USER_EMAIL).await;
    core.lock().await;
    // The server forgets the session (30 days passed, or a password reset).
    let db = sandbox_db(server_dir.path()).await;
    sqlx::query("UPDATE refresh_tokens SET expires_at = 0")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    // …and the access token this machine kept has expired with it.
    let store = desk_core::session::account::AccountStore::new(dir.path());
    let record = store.list().unwrap().pop().unwrap();
    let session = desk_core::session::Session::unlock_offline(&store, &record.id(), password())
        .await
        .unwrap();
    session
        .snapshot
        .set_meta(desk_core::session::META_ACCESS_EXPIRES, "0")
        .await
        .unwrap();
    session.lock().await;

    core.unlock(DEMO_SERVICE_USER_EMAIL, password())
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
    const CLIENT: &str = "Second Client's Organization";
    let (sandbox, _dir, core) = demo_signed_in(DEMO_SERVICE_USER_EMAIL).await;

    // The provider admin changes a client's seats the way the portal does.
    let admin = admin_token(&sandbox).await;
    let provider_id = provider_id(&sandbox, &admin).await;
    let set_seats = |client_id: String, seats: i64| {
        let path = format!("/api/providers/{provider_id}/clients/{client_id}");
        let token = admin.clone();
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
    assert_eq!(summary.outcome, SyncOutcome::Success, "{summary:?}");
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
    let full = full_sync(&core).await;
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
    let token = admin_token(&sandbox).await;
    let sync = sandbox
        .send("GET", "/api/sync", Some(&token), None)
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
    let core = signed_in(sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let summary = full_sync(&core).await;
    assert_eq!((summary.clients, summary.members), (2, 6), "{summary:?}");
    let first = core.find_client("Client 0001").await.unwrap();
    assert_eq!(first.source, ClientSource::Provider);
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
            .any(|m| m.email.as_deref() == Some(DEMO_ADMIN_EMAIL) && m.role == MemberRole::Owner),
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
    let admin = admin_token(&sandbox).await;
    let token = Some(admin.as_str());
    let pid = provider_id(&sandbox, &admin).await;
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
    let core = signed_in(sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let summary = full_sync(&core).await;
    assert_eq!(
        (summary.outcome, summary.clients),
        (SyncOutcome::Success, 2)
    );
    let direct = core.find_client("Client 0001").await.unwrap();
    let provided = core.find_client("Client 0002").await.unwrap();
    assert_eq!(
        (direct.source, provided.source),
        (ClientSource::Direct, ClientSource::Provider)
    );
    core.lock().await;
    sandbox.shutdown().await;

    core.unlock(DEMO_ADMIN_EMAIL, password()).await.unwrap();
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

/// Sync fetches each thing once: the profile (keys, providers, direct
/// memberships) comes from `accounts/profile`, never from `GET sync`, which
/// would download the personal vault and every org item a second time; and
/// every client's details are read once per full sync.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_reads_the_profile_not_the_whole_vault() {
    use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
    let (sandbox, _dir, core) = demo_signed_in(DEMO_ADMIN_EMAIL).await;
    let count = |route: &'static str| sandbox.received(move |m, p| m == "GET" && p == route);
    let api_requests = || sandbox.received(|_, p| p.starts_with("/api/"));
    let before = api_requests();

    let summary = full_sync(&core).await;
    let full = api_requests() - before;
    assert_eq!(count("/api/sync"), 0, "a sync must not download the vault");
    assert_eq!(count("/api/accounts/profile"), 1);
    // One of each detail route per client, whatever the client.
    let clients = u64::from(summary.clients);
    // (The provider's own users are read once too, for its event log.)
    let users = sandbox.received(|m, p| {
        m == "GET" && p.starts_with("/api/organizations/") && p.ends_with("/users")
    });
    let provider_users = sandbox
        .received(|m, p| m == "GET" && p.starts_with("/api/providers/") && p.ends_with("/users"));
    assert_eq!(provider_users, 1, "{summary:?}");
    let items = count("/api/ciphers/organization-details");
    assert_eq!((users, items), (clients, clients), "{summary:?}");
    eprintln!(
        "figure: demo-seed full sync as the provider admin: {full} api requests for {clients} clients \
         (accounts/profile 1, sync 0; the client's own count: {})",
        summary.requests
    );

    // The keys the profile carries still open: a direct membership's items
    // (org key to the user) and a provider client's (under the provider key).
    let direct = core.find_client(DEMO_DIRECT_ORG_NAME).await.unwrap();
    let items = core.items(&direct.organization_id, true).await.unwrap();
    assert!(
        !items.is_empty() && items.iter().all(|i| i.error.is_none()),
        "{items:?}"
    );
    let provided = core.find_client("My Client's Organization").await.unwrap();
    let items = core.items(&provided.organization_id, true).await.unwrap();
    assert!(
        !items.is_empty() && items.iter().all(|i| i.error.is_none()),
        "{items:?}"
    );

    let list = run_sync(&core, list_only()).await.unwrap();
    assert_eq!(count("/api/sync"), 0, "{list:?}");
    assert_eq!(count("/api/accounts/profile"), 2);
}
