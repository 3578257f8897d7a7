//! The Provider Portal use cases against a real bw-sandbox: session states,
//! dashboard and overview from a synced snapshot, creating a client with
//! real key material, changing seats and name, the demo-server alias, and
//! logging out with the snapshot kept.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL};
use common::{demo, demo_synced, full_sync, login, password, sign_in, synced, update_input};
use desk_core::ErrorCode;
use desk_core::clients::{ClientPlan, ClientSource, ClientView, NewClientInput};
use desk_core::core::{Core, DEMO_SERVER};
use desk_core::session::SessionStatus;

/// Changes a client's name and seats; the client as the refreshed list has it.
async fn update(core: &Core, organization_id: &str, name: &str, seats: Option<i32>) -> ClientView {
    core.update_client(update_input(organization_id, name, seats))
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.organization_id == organization_id)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_alias_session_states_dashboard_and_overview() {
    let (sandbox, _dir, core) = demo().await;

    let state = core.session_summary().await.unwrap();
    assert_eq!(state.status, SessionStatus::SignedOut);
    assert!(state.account.is_none());

    // The demo is named, not addressed: without a running demo it is offline.
    let err = core
        .login(login(DEMO_SERVER, DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Offline);
    core.set_demo_server(Some(sandbox.url().to_owned()));
    let account = sign_in(&core, DEMO_SERVER, DEMO_ADMIN_EMAIL).await;
    assert_eq!(
        account.server, DEMO_SERVER,
        "the port may change; the name stays"
    );
    full_sync(&core).await;

    let state = core.session_summary().await.unwrap();
    assert_eq!(state.status, SessionStatus::Unlocked);
    let last = state.last_sync.expect("a finished run");
    assert_eq!((last.outcome.as_str(), last.errors), ("success", 0));

    let dashboard = core.dashboard().await.unwrap();
    let clients = core.client_views().await.unwrap();
    let provider: Vec<_> = clients
        .iter()
        .filter(|c| c.source == ClientSource::Provider)
        .collect();
    assert_eq!(dashboard.totals.clients as usize, provider.len());
    let assigned: i32 = provider.iter().filter_map(|c| c.seats.assigned).sum();
    assert_eq!(dashboard.totals.assigned, assigned);
    let first = provider
        .iter()
        .find(|c| c.name == "My Client's Organization")
        .unwrap();
    let use_first = dashboard
        .seat_use
        .iter()
        .find(|u| u.organization_id == first.organization_id)
        .unwrap();
    assert_eq!(
        (use_first.assigned, use_first.used, use_first.percent),
        (15, 1, 7)
    );
    // The table row says the same as the chart, and the data is fresh.
    assert_eq!(
        (first.seat_percent, first.seat_level, first.stale),
        (Some(7), desk_core::clients::SeatLevel::Ok, false)
    );
    assert!(dashboard.stale.is_empty(), "{:?}", dashboard.stale);
    // The admin owns Northwind directly and it is also a client: listed once.
    let northwind: Vec<_> = clients
        .iter()
        .filter(|c| c.name == bw_sandbox::DEMO_DIRECT_ORG_NAME)
        .collect();
    assert_eq!(northwind.len(), 1, "{northwind:?}");
    // The MSP's own org is administered directly and kept out of the totals.
    let internal = clients
        .iter()
        .find(|c| c.name == bw_sandbox::DEMO_INTERNAL_ORG_NAME)
        .expect("the MSP's own organization");
    assert_eq!(internal.source, ClientSource::Direct);
    // Seats in use come from its synced members (the admin and the tech).
    assert_eq!(
        (
            internal.seats.assigned,
            internal.seats.used,
            internal.seats.remaining,
            internal.plan.as_deref()
        ),
        (Some(10), Some(2), Some(8), Some("Teams"))
    );
    assert!(
        dashboard
            .seat_use
            .iter()
            .all(|u| u.organization_id != internal.organization_id)
    );

    let overview = core.client_overview(&first.organization_id).await.unwrap();
    assert_eq!(overview.client.name, first.name);
    assert!(overview.members.total >= 1 && overview.members.confirmed >= 1);
    assert_eq!(
        overview.members.total,
        core.members(&first.organization_id).await.unwrap().len() as u32
    );
    assert_eq!(
        core.client_overview("no-such-org").await.unwrap_err().code,
        ErrorCode::NotFound
    );

    // Locked: an account on disk, no keys.
    core.lock().await;
    let state = core.session_summary().await.unwrap();
    assert_eq!(state.status, SessionStatus::Locked);
    assert_eq!(
        state.account.as_ref().map(|a| a.email.as_str()),
        Some(DEMO_ADMIN_EMAIL)
    );
    assert!(state.last_sync.is_none());
    assert_eq!(core.dashboard().await.unwrap_err().code, ErrorCode::Locked);

    // Logged out with the data kept: no longer offered for unlock.
    core.unlock(&account.id, password()).await.unwrap();
    core.logout(false).await.unwrap();
    assert_eq!(
        core.session_summary().await.unwrap().status,
        SessionStatus::SignedOut
    );
    let err = core.unlock(&account.id, password()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthExpired);
    // Signing in again takes the kept snapshot back.
    sign_in(&core, DEMO_SERVER, DEMO_ADMIN_EMAIL).await;
    assert_eq!(
        core.session_summary().await.unwrap().status,
        SessionStatus::Unlocked
    );
    assert!(!core.client_views().await.unwrap().is_empty());
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_client_then_change_its_seats_and_name() {
    let (sandbox, _dir, admin) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let before = admin.client_views().await.unwrap().len();

    let bad = NewClientInput {
        name: "  ".into(),
        owner_email: "owner@acme.example".into(),
        seats: 5,
        plan: ClientPlan::Teams,
    };
    assert_eq!(
        admin.create_client(bad).await.unwrap_err().code,
        ErrorCode::InvalidInput
    );

    let list = admin
        .create_client(NewClientInput {
            name: "Acme <b>Dental</b>".into(),
            owner_email: "owner@acme.example".into(),
            seats: 5,
            plan: ClientPlan::Enterprise,
        })
        .await
        .unwrap();
    assert_eq!(list.len(), before + 1, "the list was refreshed");
    let acme = list
        .iter()
        .find(|c| c.name == "Acme <b>Dental</b>")
        .expect("the new client, its name kept as text");
    assert_eq!(
        (
            acme.seats.assigned,
            acme.plan.as_deref().map(|p| p.starts_with("Enterprise"))
        ),
        (Some(5), Some(true))
    );
    // The key material was real: the next sync opens the new org's key
    // through the provider key and reads its default collection.
    full_sync(&admin).await;
    let overview = admin.client_overview(&acme.organization_id).await.unwrap();
    assert_eq!(overview.collections, 1);
    assert_eq!(overview.members.invited, 1, "the owner is invited");
    admin.items(&acme.organization_id, false).await.unwrap();

    let acme = update(&admin, &acme.organization_id, "Acme Dental", Some(8)).await;
    assert_eq!(
        (acme.name.as_str(), acme.seats.assigned),
        ("Acme Dental", Some(8))
    );
    // A rename leaves the seats to the core, which keeps what it knows.
    let acme = update(&admin, &acme.organization_id, "Acme Dental & Co", None).await;
    assert_eq!(
        (acme.name.as_str(), acme.seats.assigned),
        ("Acme Dental & Co", Some(8))
    );

    let used = acme.seats.used.unwrap_or(0);
    let err = admin
        .update_client(update_input(
            &acme.organization_id,
            "Acme Dental",
            Some(used - 1),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    // A service user may not buy seats: the server's words come through.
    let tech_dir = tempfile::tempdir().unwrap();
    let tech = synced(sandbox.url(), tech_dir.path(), DEMO_SERVICE_USER_EMAIL).await;
    let err = tech
        .update_client(update_input(
            &acme.organization_id,
            "Acme Dental",
            Some(100_000),
        ))
        .await
        .unwrap_err();
    assert!(
        err.message
            .contains("Service users cannot purchase additional seats"),
        "{err:?}"
    );
    let err = tech
        .create_client(NewClientInput {
            name: "Not allowed".into(),
            owner_email: "x@y.example".into(),
            seats: 1,
            plan: ClientPlan::Teams,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    sandbox.shutdown().await;
}
