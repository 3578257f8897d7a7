//! The change journal as a sync writes it: in the transaction that replaces
//! the data, so what it says and what the snapshot holds always agree.

mod common;

use common::{apply, client, list, listing, member};
use desk_cache::*;
use serde_json::{Value, json};

const DAY: i64 = 24 * 60 * 60 * 1000;

fn collection(id: &str) -> NamedRow {
    NamedRow {
        id: id.into(),
        name: "2.c2VjcmV0|bmFtZQ==|bWFj".into(),
        raw: "{}".into(),
    }
}

fn item(id: &str) -> ItemRow {
    ItemRow {
        id: id.into(),
        item_type: 1,
        revision_date: None,
        raw: "{\"name\":\"2.aXRlbQ==|bmFtZQ==|bWFj\"}".into(),
    }
}

fn policy(policy_type: i64, enabled: bool) -> PolicyRow {
    PolicyRow {
        policy_type,
        enabled,
        raw: "{}".into(),
    }
}

type Seen = (
    String,
    Option<String>,
    Option<Value>,
    Option<Value>,
    Option<String>,
);

fn parsed(text: &Option<String>) -> Option<Value> {
    text.as_deref()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|e| panic!("{t}: {e}")))
}

/// (kind, label, before, after, client name) of each entry, in list order.
fn seen(rows: &[ChangeRow]) -> Vec<Seen> {
    rows.iter()
        .map(|r| {
            (
                r.kind.clone(),
                r.label.clone(),
                parsed(&r.before),
                parsed(&r.after),
                r.client_name.clone(),
            )
        })
        .collect()
}

fn entry(kind: &str, label: &str, before: Option<Value>, after: Option<Value>) -> Seen {
    (
        kind.into(),
        Some(label.into()),
        before,
        after,
        Some("One".into()),
    )
}

/// The one entry of a client's first detail sync, with how many members,
/// collections, policies and items it started with.
fn first_sync([members, collections, policies, items]: [usize; 4]) -> Vec<Seen> {
    vec![entry(
        "first_sync",
        "One",
        None,
        Some(json!({
            "members": members,
            "collections": collections,
            "policies": policies,
            "items": items
        })),
    )]
}

/// Applies `details` to org-1 at `at`; the entries that wrote.
async fn apply_at(snap: &Snapshot, details: &ClientDetails, at: i64) -> Vec<ChangeRow> {
    apply(snap, "org-1", details, at).await;
    snap.changes(Some("org-1"), Some(at)).await.unwrap()
}

async fn open(dir: &tempfile::TempDir) -> Snapshot {
    listing(dir.path(), 9, &[client("org-1", "One", 10, 2)]).await
}

#[tokio::test]
async fn applying_details_twice_records_the_first_sync_then_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let snap = open(&dir).await;
    let first = ClientDetails {
        members: vec![
            member("m1", "stays@x", 2, 2),
            member("m2", "leaves@x", 2, 2),
            member("m3", "revoked@x", 2, 2),
        ],
        collections: vec![collection("c1")],
        policies: vec![policy(0, true), policy(1, false)],
        items: vec![item("i1"), item("i2")],
        ..Default::default()
    };
    // The first sync has nothing to compare with: one entry, no "added" flood.
    let rows = apply_at(&snap, &first, 100).await;
    assert_eq!(seen(&rows), first_sync([3, 1, 2, 2]));
    assert_eq!(rows[0].subject, None);

    let second = ClientDetails {
        members: vec![
            member("m1", "stays@x", 2, 2),
            member("m3", "revoked@x", 1, -1),
            member("m4", "joins@x", 2, 0),
        ],
        collections: vec![collection("c2")],
        policies: vec![policy(0, false), policy(1, false), policy(4, true)],
        items: vec![item("i2"), item("i3")],
        ..Default::default()
    };
    let rows = apply_at(&snap, &second, 200).await;
    assert_eq!(
        seen(&rows),
        [
            entry(
                "member_status",
                "revoked@x",
                Some(json!(2)),
                Some(json!(-1))
            ),
            entry("member_role", "revoked@x", Some(json!(2)), Some(json!(1))),
            entry(
                "member_added",
                "joins@x",
                None,
                Some(json!({"type": 2, "status": 0}))
            ),
            entry(
                "member_removed",
                "leaves@x",
                Some(json!({"type": 2, "status": 2})),
                None
            ),
            entry(
                "policy_disabled",
                "0",
                Some(json!(true)),
                Some(json!(false))
            ),
            entry("policy_added", "4", None, Some(json!(true))),
            entry("collection_added", "c2", None, None),
            entry("collection_removed", "c1", None, None),
            entry("item_added", "i3", None, None),
            entry("item_removed", "i1", None, None),
        ]
    );
    assert!(rows.iter().all(|r| r.at == 200));
    // Nothing of an item or a collection but its id: no (encrypted) names.
    for r in &rows {
        for text in [&r.label, &r.before, &r.after].into_iter().flatten() {
            assert!(!text.contains("2."), "{text}");
        }
    }

    // The same details again: nothing changed, nothing recorded.
    apply(&snap, "org-1", &second, 300).await;
    assert!(snap.changes(None, Some(300)).await.unwrap().is_empty());
    // Newest sync first, each sync's entries in the order written.
    let all = snap.changes(Some("org-1"), None).await.unwrap();
    assert_eq!(
        all.len(),
        1 + 10 + 1,
        "client_added, first_sync, ten changes"
    );
    assert_eq!(all[0].kind, "member_status");
    assert_eq!(all.last().map(|r| r.kind.as_str()), Some("client_added"));
}

#[tokio::test]
async fn a_rolled_back_apply_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let snap = open(&dir).await;
    let good = ClientDetails {
        members: vec![member("m1", "a@x", 2, 2)],
        ..Default::default()
    };
    apply(&snap, "org-1", &good, 100).await;
    let before = snap.changes(None, None).await.unwrap();

    // New members, one of them twice: the key is violated, the whole write
    // rolls back, and the journal shows none of it.
    let bad = ClientDetails {
        members: vec![member("m9", "new@x", 2, 2), member("m9", "dup@x", 2, 2)],
        ..Default::default()
    };
    assert!(snap.apply_client_details("org-1", bad, 200).await.is_err());
    // A client the list does not have: refused, and no entry for it either.
    assert!(
        snap.apply_client_details("org-unknown", good, 200)
            .await
            .is_err()
    );
    assert_eq!(snap.changes(None, None).await.unwrap(), before);
    assert!(snap.changes(None, Some(200)).await.unwrap().is_empty());
}

/// A client's first detail write deletes nothing (it has nothing stored):
/// that holds only while its details go with its row. A client dropped from
/// the list and listed again starts over, with nothing of before in the way.
#[tokio::test]
async fn a_client_listed_again_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let snap = open(&dir).await;
    // A row in every table the write replaces, each under its key.
    let details = ClientDetails {
        member_keys: vec![MemberKeyRow {
            member_id: "m1".into(),
            user_id: "user-m1".into(),
            public_key: "MIIB".into(),
        }],
        groups: vec![collection("g1")],
        collections: vec![collection("c1")],
        policies: vec![policy(0, true)],
        items: vec![item("i1")],
        billing: Some("{}".into()),
        members: vec![member("m1", "a@x", 2, 2)],
        ..Default::default()
    };
    apply(&snap, "org-1", &details, 100).await;
    list(&snap, &[], 200).await;
    list(&snap, &[client("org-1", "One", 10, 2)], 300).await;
    assert_eq!(snap.client("org-1").await.unwrap().unwrap().synced_at, None);

    // The same rows again: a leftover of the first write would break a key.
    let rows = apply_at(&snap, &details, 400).await;
    assert_eq!(seen(&rows), first_sync([1, 1, 1, 1]));
    assert_eq!(snap.members("org-1").await.unwrap().len(), 1);
    assert_eq!(snap.items("org-1").await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_client_list_records_seats_plan_and_presence_and_removed_clients_keep_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let snap = open(&dir).await;
    let rows = snap.changes(None, None).await.unwrap();
    assert_eq!(seen(&rows), [entry("client_added", "One", None, None)]);

    let mut one = client("org-1", "One", 15, 3);
    one.plan = Some("Teams (Monthly)".into());
    list(&snap, &[one.clone(), client("org-2", "Two", 5, 1)], 100).await;
    let rows = snap.changes(None, Some(100)).await.unwrap();
    let kinds: Vec<(&str, &str, Option<&str>, Option<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r.organization_id.as_str(),
                r.kind.as_str(),
                r.before.as_deref(),
                r.after.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("org-1", "seats", Some("10"), Some("15")),
            ("org-1", "seats_used", Some("2"), Some("3")),
            (
                "org-1",
                "plan",
                Some("\"Enterprise (Annually)\""),
                Some("\"Teams (Monthly)\"")
            ),
            ("org-2", "client_added", None, None),
        ]
    );

    // Two leaves the list; its history stays, under the name it had.
    list(&snap, &[one], 200).await;
    let rows = snap.changes(Some("org-2"), None).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["client_removed", "client_added"]
    );
    assert!(rows.iter().all(|r| r.client_name.as_deref() == Some("Two")));
    // Listing the same again changes nothing.
    assert!(snap.changes(None, Some(200)).await.unwrap().len() == 1);
}

/// (organization id, kind) of every entry, newest first.
async fn journal(snap: &Snapshot) -> Vec<(String, String)> {
    snap.changes(None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.organization_id, r.kind))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(org, kind)| (org.to_string(), kind.to_string()))
        .collect()
}

#[tokio::test]
async fn entries_past_retention_go_as_new_ones_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let snap = open(&dir).await; // org-1 client_added at 1
    let clients = [client("org-1", "One", 10, 2), client("org-2", "Two", 5, 1)];
    list(&snap, &clients, 2).await; // org-2 client_added at 2
    apply(&snap, "org-1", &ClientDetails::default(), 3).await; // org-1 first_sync at 3
    assert_eq!(journal(&snap).await.len(), 3);

    // Past 400 days, a detail write prunes its own client's old entries...
    let later = 3 + 400 * DAY + 1;
    let details = ClientDetails {
        items: vec![item("i1")],
        ..Default::default()
    };
    apply(&snap, "org-1", &details, later).await;
    assert_eq!(
        journal(&snap).await,
        pairs(&[("org-1", "item_added"), ("org-2", "client_added")])
    );
    // ...and a list refresh everyone's.
    list(&snap, &clients, later).await;
    assert_eq!(journal(&snap).await, pairs(&[("org-1", "item_added")]));
}
