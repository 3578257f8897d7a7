//! The event log against the sandbox: events synced incrementally (an
//! overlap that dedupes, late events caught), paging that survives servers
//! which repeat tokens, ignore them or crowd one instant, the filters, the
//! descriptions in English and Spanish, and the CSV export read back with a
//! CSV parser.

mod common;

use bw_sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, DEMO_INTERNAL_ORG_NAME, DEMO_SERVICE_USER_EMAIL,
    EventPaging, RunningSandbox,
};
use common::{full_sync, kept_in, sandbox_db, signed_in, start, synced};
use desk_core::core::Core;
use desk_core::events::{ActorKind, EventCategory, EventFilter, EventType, events_csv};
use desk_core::lang::Lang;
use desk_core::members::MemberView;

/// A demo sandbox whose database the test can write events into, and a
/// core signed in to it (not synced yet: events written before the first
/// sync are read by it; later ones must be dated after it, as a real
/// server's are).
struct Setup {
    sandbox: RunningSandbox,
    db: sqlx::SqlitePool,
    core: Core,
    org: String,
    _server_dir: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

async fn setup(paging: EventPaging) -> Setup {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = start(kept_in(server_dir.path())).await;
    sandbox.set_event_paging(paging);
    let db = sandbox_db(server_dir.path()).await;
    let dir = tempfile::tempdir().unwrap();
    let core = signed_in(sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    common::run_sync(&core, common::list_only()).await.unwrap();
    // The MSP's own organization: the seed gives it no events, so every
    // event in it is the test's or a sync's own (vault access, now).
    let org = common::client_id(&core, DEMO_INTERNAL_ORG_NAME).await;
    Setup {
        sandbox,
        db,
        core,
        org,
        _server_dir: server_dir,
        _dir: dir,
    }
}

/// `minutes` before now, as the sandbox writes dates.
fn ago(minutes: i64) -> String {
    desk_core::time::iso8601(desk_core::time::now_ms() - minutes * 60_000)
}

#[allow(clippy::too_many_arguments)]
async fn add_event(
    db: &sqlx::SqlitePool,
    org: &str,
    kind: i64,
    date: &str,
    acting_user: Option<&str>,
    member: Option<&str>,
    cipher: Option<&str>,
    device: i64,
) {
    sqlx::query(
        "INSERT INTO events (type, date, organization_id, acting_user_id, user_id, organization_user_id, cipher_id, device_type, ip_address)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '198.51.100.7')",
    )
    .bind(kind)
    .bind(date)
    .bind(org)
    .bind(acting_user)
    .bind(acting_user)
    .bind(member)
    .bind(cipher)
    .bind(device)
    .execute(db)
    .await
    .unwrap();
}

/// The test's own events (types the seed and the sync never write).
const TEST_TYPES: [i32; 4] = [1117, 1118, 1119, 1120];

async fn stored_events(core: &Core, org: &str) -> u32 {
    let filter = EventFilter {
        types: TEST_TYPES.to_vec(),
        ..EventFilter::default()
    };
    core.events_page(org, &filter, Lang::En)
        .await
        .unwrap()
        .total
}

fn member<'a>(members: &'a [MemberView], email: &str) -> &'a MemberView {
    members
        .iter()
        .find(|m| m.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("{email} is not a member"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_is_filtered_described_and_exported() {
    let s = setup(EventPaging::Exact).await;
    full_sync(&s.core).await;
    let members = s.core.members(&s.org).await.unwrap();
    let admin = member(&members, DEMO_ADMIN_EMAIL).clone();
    let tech = member(&members, DEMO_SERVICE_USER_EMAIL).clone();
    let northwind = common::client_id(&s.core, DEMO_DIRECT_ORG_NAME).await;
    let items = s.core.items(&northwind, false).await.unwrap();
    let firewall = items
        .iter()
        .find(|i| i.name.as_deref() == Some("Firewall"))
        .unwrap()
        .clone();
    let admin_user = admin.user_id.as_deref();
    let cipher = "0b5e7a1c-0000-4000-8000-000000000001";
    add_event(&s.db, &s.org, 1000, &ago(300), admin_user, None, None, 8).await;
    add_event(
        &s.db,
        &s.org,
        1101,
        &ago(200),
        admin_user,
        None,
        Some(cipher),
        9,
    )
    .await;
    add_event(
        &s.db,
        &s.org,
        1500,
        &ago(100),
        admin_user,
        Some(&tech.id),
        None,
        9,
    )
    .await;
    add_event(&s.db, &s.org, 2600, &ago(400), None, None, None, 25).await;
    add_event(
        &s.db,
        &northwind,
        1117,
        &ago(100),
        admin_user,
        None,
        Some(&firewall.id),
        9,
    )
    .await;
    // Dated before the first sync: a new account's first sync reads them.
    let dir = tempfile::tempdir().unwrap();
    let core = synced(s.sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let s = Setup {
        core,
        _dir: dir,
        ..s
    };

    // The four, without the syncs' own (vault access, just now).
    let since = ago(450);
    let until = ago(50);
    let recent = EventFilter {
        since: Some(since.clone()),
        until: Some(until.clone()),
        ..EventFilter::default()
    };
    let page = s.core.events_page(&s.org, &recent, Lang::En).await.unwrap();
    assert_eq!(page.total, 4);
    let kinds: Vec<EventType> = page.events.iter().map(|e| e.event_type).collect();
    assert_eq!(
        kinds,
        [
            EventType::OrganizationUserInvited,
            EventType::CipherUpdated,
            EventType::UserLoggedIn,
            EventType::from_wire(2600)
        ],
        "newest first"
    );
    let invited = &page.events[0];
    assert_eq!(
        invited.message,
        format!("Invited Sam Service <{DEMO_SERVICE_USER_EMAIL}>.")
    );
    assert_eq!(invited.actor, ActorKind::Member);
    assert_eq!(invited.actor_email.as_deref(), Some(DEMO_ADMIN_EMAIL));
    assert_eq!(invited.app_name, "Web vault - Chrome");
    assert_eq!(invited.ip.as_deref(), Some("198.51.100.7"));
    let edited = &page.events[1];
    assert_eq!(edited.item_id.as_deref(), Some(cipher));
    assert_eq!(edited.item_name, None, "no such item in the snapshot");
    assert_eq!(edited.message, "Edited item 0b5e7a1c.");
    assert_eq!(edited.category, EventCategory::Item);
    assert_eq!(
        page.events[3].message,
        "Event of type 2600 (not known to this version)."
    );
    let es = s.core.events_page(&s.org, &recent, Lang::Es).await.unwrap();
    assert_eq!(
        es.events[0].message,
        format!("Invitó a Sam Service <{DEMO_SERVICE_USER_EMAIL}>.")
    );
    assert_eq!(es.events[2].message, "Inició sesión.");

    // Filters, each alone and together.
    let count = |filter: EventFilter| {
        let core = &s.core;
        let org = s.org.clone();
        let (since, until) = (since.clone(), until.clone());
        async move {
            let filter = EventFilter {
                since: Some(since),
                until: Some(until),
                ..filter
            };
            core.events_page(&org, &filter, Lang::En)
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(
        count(EventFilter {
            member_id: Some(admin.id.clone()),
            ..Default::default()
        })
        .await,
        3,
        "what the admin did"
    );
    assert_eq!(
        count(EventFilter {
            member_id: Some(tech.id.clone()),
            ..Default::default()
        })
        .await,
        1,
        "what was done to the service user"
    );
    assert_eq!(
        count(EventFilter {
            categories: vec![EventCategory::Item, EventCategory::Account],
            ..Default::default()
        })
        .await,
        2
    );
    assert_eq!(
        count(EventFilter {
            types: vec![1500],
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        count(EventFilter {
            item_id: Some(cipher.into()),
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        count(EventFilter {
            device: Some(9),
            ..Default::default()
        })
        .await,
        2
    );
    assert_eq!(
        count(EventFilter {
            device: Some(9),
            member_id: Some(tech.id.clone()),
            ..Default::default()
        })
        .await,
        1
    );
    let mut by_name = EventFilter::default();
    by_name.add_type("Cipher_Updated").unwrap();
    assert_eq!(count(by_name).await, 1);
    assert!(EventFilter::default().add_type("no_such_type").is_err());
    let bad_date = EventFilter {
        since: Some("last tuesday".into()),
        ..EventFilter::default()
    };
    let error = s
        .core
        .events_page(&s.org, &bad_date, Lang::En)
        .await
        .unwrap_err();
    assert_eq!(error.code, desk_core::ErrorCode::InvalidInput);

    // The export: Bitwarden's columns, read back with a CSV parser.
    let (rows, csv_text) = s.core.events_csv(&s.org, &recent, Lang::En).await.unwrap();
    assert_eq!(rows, 4);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "message",
            "appIcon",
            "appName",
            "userId",
            "userName",
            "userEmail",
            "date",
            "ip",
            "type",
            "installationId"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    let row = &records[1];
    assert_eq!(&row[0], edited.message);
    assert_eq!(&row[1], "bwi-globe");
    assert_eq!(&row[2], "Web vault - Chrome");
    assert_eq!(Some(&row[3]), admin.user_id.as_deref());
    assert_eq!(&row[5], DEMO_ADMIN_EMAIL);
    assert_eq!(&row[6], edited.date);
    assert_eq!(&row[7], "198.51.100.7");
    assert_eq!(&row[8], "Cipher_Updated");
    assert_eq!(&records[3][8], "2600");
    assert_eq!(&records[3][2], "CLI - Linux");
    // Item names come from the snapshot, decrypted for the page only; the
    // export names items by id, like Bitwarden's.
    let firewall_events = EventFilter {
        item_id: Some(firewall.id.clone()),
        types: vec![1117],
        ..EventFilter::default()
    };
    let page = s
        .core
        .events_page(&northwind, &firewall_events, Lang::En)
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.events[0].item_name.as_deref(), Some("Firewall"));
    let (_, northwind_csv) = s
        .core
        .events_csv(&northwind, &firewall_events, Lang::En)
        .await
        .unwrap();
    assert!(!northwind_csv.contains("Firewall"), "{northwind_csv}");
    assert_eq!(
        csv_text,
        events_csv(&s.core.all_events(&s.org, &recent, Lang::En).await.unwrap())
    );
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("events.csv");
    let written = s
        .core
        .export_events(&s.org, &recent, Lang::En, &path)
        .await
        .unwrap();
    assert_eq!(written, 4);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv_text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    drop(s.sandbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_reads_only_new_events_and_catches_late_ones() {
    let s = setup(EventPaging::Exact).await;
    full_sync(&s.core).await;
    let first = stored_events(&s.core, &s.org).await;
    // Nothing new: the overlap re-reads the last minutes, stored once.
    full_sync(&s.core).await;
    assert_eq!(stored_events(&s.core, &s.org).await, first);
    // A new event, and one that lands late with a date before the last run.
    add_event(&s.db, &s.org, 1117, &ago(0), None, None, None, 8).await;
    add_event(&s.db, &s.org, 1118, &ago(3), None, None, None, 8).await;
    full_sync(&s.core).await;
    assert_eq!(stored_events(&s.core, &s.org).await, first + 2);
    full_sync(&s.core).await;
    assert_eq!(stored_events(&s.core, &s.org).await, first + 2);
    let since_first = s
        .sandbox
        .received(|_, p| p.ends_with(&format!("/organizations/{}/events", s.org)));
    assert!(since_first >= 3, "{since_first}");
}

/// 30 events at distinct instants, `crowd` on one instant, 30 older ones.
async fn crowded(s: &Setup, crowd: usize) -> u32 {
    let before = stored_events(&s.core, &s.org).await;
    let cipher = |i: usize| format!("c0ffee00-0000-4000-8000-{i:012}");
    for i in 0..30 {
        add_event(
            &s.db,
            &s.org,
            1117,
            &ago(60 + i as i64),
            None,
            None,
            Some(&cipher(i)),
            8,
        )
        .await;
    }
    // Distinct events (each names its item) sharing one instant.
    let instant = ago(200);
    for i in 0..crowd {
        add_event(
            &s.db,
            &s.org,
            1118,
            &instant,
            None,
            None,
            Some(&cipher(100 + i)),
            9,
        )
        .await;
    }
    for i in 0..30 {
        add_event(
            &s.db,
            &s.org,
            1119,
            &ago(300 + i as i64),
            None,
            None,
            Some(&cipher(i)),
            10,
        )
        .await;
    }
    before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_reads_every_event_from_servers_that_repeat_or_ignore_tokens() {
    for paging in [
        EventPaging::Exact,
        EventPaging::DateOnly,
        EventPaging::SamePage,
    ] {
        // 40 on one instant: fewer than a page (50), so every server above
        // can be read whole; Bitwarden's own (Exact) even with more.
        let crowd = if paging == EventPaging::Exact {
            120
        } else {
            40
        };
        let s = setup(paging).await;
        let before = crowded(&s, crowd).await;
        let asked = s.sandbox.received(|_, p| p.contains("/events"));
        full_sync(&s.core).await;
        let now = stored_events(&s.core, &s.org).await;
        assert_eq!(now, before + 60 + crowd as u32, "{paging:?}");
        let page = s
            .core
            .events_page(&s.org, &EventFilter::default(), Lang::En)
            .await
            .unwrap();
        assert!(page.gaps.is_empty(), "{paging:?}: {:?}", page.gaps);
        let requests = s.sandbox.received(|_, p| p.contains("/events")) - asked;
        assert!(requests < 30, "{paging:?}: {requests} requests");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instant_a_server_cannot_page_through_is_reported_not_looped_on() {
    let s = setup(EventPaging::SamePage).await;
    let before = crowded(&s, 70).await;
    let asked = s.sandbox.received(|_, p| p.contains("/events"));
    full_sync(&s.core).await;
    let page = s
        .core
        .events_page(&s.org, &EventFilter::default(), Lang::En)
        .await
        .unwrap();
    // The server only ever shows the first 50 of the crowded instant.
    assert_eq!(stored_events(&s.core, &s.org).await, before + 60 + 50);
    assert_eq!(page.gaps.len(), 1, "{:?}", page.gaps);
    assert_eq!(page.gaps[0].start, page.gaps[0].end);
    let requests = s.sandbox.received(|_, p| p.contains("/events")) - asked;
    assert!(requests < 30, "{requests} requests");
}
