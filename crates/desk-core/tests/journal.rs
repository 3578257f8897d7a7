//! The change journal against a real bw-sandbox: the first sync starts each
//! client's history, and what changes on the server between two syncs (seats
//! through the Provider Portal write, a member and a policy through the
//! server's own routes) shows up in `Core::changes`.

mod common;

use bw_sandbox::DEMO_ADMIN_EMAIL;
use common::{admin_token, demo_synced, full_sync, update_input};
use desk_core::ErrorCode;
use desk_core::journal::{ChangeKind, ChangeValue, ChangeView};
use desk_core::members::{MemberRole, MemberStatus};
use desk_core::time::now_ms;
use serde_json::json;

const CLIENT: &str = "My Client's Organization";
const NEW_MEMBER: &str = "new.hire@journal.example";

fn of_kind(changes: &[ChangeView], kind: ChangeKind) -> Vec<&ChangeView> {
    changes.iter().filter(|c| c.kind == kind).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_between_two_syncs_show_in_the_journal() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;

    // The first sync: each client joins the list and starts its history
    // with one entry, not an "added" per member, policy or item.
    let first = core.changes(None, None).await.unwrap();
    let client = core.find_client(CLIENT).await.unwrap();
    let org = client.organization_id.clone();
    let synced = core.client_views().await.unwrap();
    assert_eq!(of_kind(&first, ChangeKind::ClientAdded).len(), synced.len());
    assert_eq!(of_kind(&first, ChangeKind::FirstSync).len(), synced.len());
    assert!(
        first
            .iter()
            .all(|c| matches!(c.kind, ChangeKind::ClientAdded | ChangeKind::FirstSync)),
        "{first:#?}"
    );
    let start = of_kind(&first, ChangeKind::FirstSync)
        .into_iter()
        .find(|c| c.organization_id == org)
        .cloned()
        .expect("the client's first sync");
    assert_eq!(start.client_name.as_deref(), Some(CLIENT));
    assert!(
        matches!(start.after, Some(ChangeValue::Counts { members, .. }) if members >= 1),
        "{start:?}"
    );

    // Between the syncs: more seats through the portal write (it refreshes
    // the list at once), a new member and a policy through the server.
    let since = now_ms();
    let assigned = client.seats.assigned.unwrap();
    core.update_client(update_input(&org, CLIENT, Some(assigned + 3)))
        .await
        .unwrap();
    let admin = admin_token(&sandbox).await;
    let token = Some(admin.as_str());
    let invited = sandbox
        .send(
            "POST",
            &format!("/api/organizations/{org}/users/invite"),
            token,
            Some(json!({ "emails": [NEW_MEMBER], "type": 2 })),
        )
        .await;
    assert!(invited.status.is_success(), "{invited:?}");
    let policy = sandbox
        .send(
            "PUT",
            &format!("/api/organizations/{org}/policies/2"),
            token,
            Some(json!({ "enabled": true })),
        )
        .await;
    assert!(policy.status.is_success(), "{policy:?}");

    full_sync(&core).await;

    let changes = core.changes(Some(&org), Some(since)).await.unwrap();
    assert!(changes.iter().all(|c| c.organization_id == org));
    let seats = of_kind(&changes, ChangeKind::Seats);
    assert_eq!(seats.len(), 1, "{changes:#?}");
    assert_eq!(
        (seats[0].before.clone(), seats[0].after.clone()),
        (
            Some(ChangeValue::Number(assigned.into())),
            Some(ChangeValue::Number((assigned + 3).into()))
        )
    );
    let added = of_kind(&changes, ChangeKind::MemberAdded);
    assert_eq!(added.len(), 1, "{changes:#?}");
    assert_eq!(added[0].label.as_deref(), Some(NEW_MEMBER));
    assert_eq!(
        added[0].after,
        Some(ChangeValue::Member {
            role: MemberRole::User,
            status: MemberStatus::Invited
        })
    );
    // The invitation takes a seat.
    assert_eq!(of_kind(&changes, ChangeKind::SeatsUsed).len(), 1);
    let policy = changes
        .iter()
        .find(|c| c.subject.as_deref() == Some("2"))
        .unwrap_or_else(|| panic!("no policy change in {changes:#?}"));
    assert!(
        matches!(
            policy.kind,
            ChangeKind::PolicyAdded | ChangeKind::PolicyEnabled
        ),
        "{policy:?}"
    );
    assert_eq!(policy.after, Some(ChangeValue::Flag(true)));
    assert!(of_kind(&changes, ChangeKind::FirstSync).is_empty());
    // Newest first: the full sync's entries come before the seats write's.
    assert_eq!(changes.last().map(|c| c.kind), Some(ChangeKind::Seats));

    // No other client changed.
    let everyone = core.changes(None, Some(since)).await.unwrap();
    assert_eq!(everyone, changes);

    // Read from the snapshot: works offline, not when locked.
    sandbox.shutdown().await;
    assert_eq!(
        core.changes(None, None).await.unwrap().len(),
        first.len() + changes.len()
    );
    core.lock().await;
    let err = core.changes(None, None).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Locked);
}
