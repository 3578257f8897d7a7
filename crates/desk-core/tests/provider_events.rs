//! The provider's own event log against the demo seed: synced for provider
//! admins with the provider's users (for names), filtered by user, client
//! and type, exported; refused to service users.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_SERVICE_USER_EMAIL};
use common::{demo_synced, full_sync, signed_in};
use desk_core::events::{ActorKind, EventType, ProviderEventFilter};
use desk_core::lang::Lang;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_provider_log_is_synced_named_and_filtered() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let all = core
        .provider_events_page(&ProviderEventFilter::default(), Lang::En)
        .await
        .unwrap();
    assert!(all.total >= 33, "{}", all.total);
    assert!(
        all.users
            .iter()
            .any(|u| u.label.contains(DEMO_SERVICE_USER_EMAIL)),
        "{:?}",
        all.users
    );

    // The seed's three confirmations, by the admin, named.
    let mut confirmed = ProviderEventFilter::default();
    confirmed.add_type("ProviderUser_Confirmed").unwrap();
    let page = core
        .provider_events_page(&confirmed, Lang::En)
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    for e in &page.events {
        assert_eq!(e.event_type, EventType::ProviderUserConfirmed);
        assert_eq!(e.actor, ActorKind::ProviderUser);
        assert_eq!(e.actor_email.as_deref(), Some(DEMO_ADMIN_EMAIL));
        assert!(
            e.actor_name.contains("Alex") || e.actor_name.contains(DEMO_ADMIN_EMAIL),
            "{e:?}"
        );
        assert!(
            e.message.starts_with("Confirmed provider user "),
            "{}",
            e.message
        );
    }

    // By client: the vault-access events of one client name it.
    let opened = all
        .events
        .iter()
        .find(|e| e.event_type == EventType::ProviderOrganizationVaultAccessed)
        .expect("a vault access in the seed");
    let client = page
        .clients
        .iter()
        .find(|c| opened.message.contains(&c.label))
        .unwrap_or_else(|| panic!("{} names no client of {:?}", opened.message, page.clients));
    let by_client = ProviderEventFilter {
        client_id: Some(client.id.clone()),
        ..ProviderEventFilter::default()
    };
    let one = core
        .provider_events_page(&by_client, Lang::Es)
        .await
        .unwrap();
    assert!(one.total >= 1);
    assert!(
        one.events.iter().all(|e| e.message.contains(&client.label)),
        "{:?}",
        one.events
    );
    assert!(
        one.events[0]
            .message
            .starts_with("Accedió a la caja fuerte del cliente")
    );

    // By provider user: what the admin did.
    let admin = page
        .users
        .iter()
        .find(|u| u.label.contains(DEMO_ADMIN_EMAIL))
        .unwrap();
    let by_admin = ProviderEventFilter {
        provider_user_id: Some(admin.id.clone()),
        ..ProviderEventFilter::default()
    };
    let mine = core
        .provider_events_page(&by_admin, Lang::En)
        .await
        .unwrap();
    assert!(mine.total >= 33, "{}", mine.total);

    let (rows, csv) = core
        .provider_events_csv(&confirmed, Lang::En)
        .await
        .unwrap();
    assert_eq!(rows, 3);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains(",ProviderUser_Confirmed,"));

    // A second sync adds nothing twice.
    let before = core
        .provider_events_page(&confirmed, Lang::En)
        .await
        .unwrap()
        .total;
    full_sync(&core).await;
    assert_eq!(
        core.provider_events_page(&confirmed, Lang::En)
            .await
            .unwrap()
            .total,
        before
    );

    // A service user may not read it (Bitwarden answers 404 to them).
    let dir = tempfile::tempdir().unwrap();
    let tech = signed_in(sandbox.url(), dir.path(), DEMO_SERVICE_USER_EMAIL).await;
    full_sync(&tech).await;
    let error = tech
        .provider_events_page(&ProviderEventFilter::default(), Lang::En)
        .await
        .unwrap_err();
    assert_eq!(error.code, desk_core::ErrorCode::Forbidden);
}
