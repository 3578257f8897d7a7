//! The event log at scale: 100,000 events of one client, each query the
//! Events page makes timed (figures printed, nothing asserted about time).
//! `cargo test --release -p desk-cache --test events_scale -- --ignored --nocapture`

mod common;

use common::{apply, client, listing};
use desk_cache::*;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it with --release --ignored --nocapture"]
async fn the_events_page_queries_over_100_000_events() {
    let dir = tempfile::tempdir().unwrap();
    let snap = listing(dir.path(), 7, &[client("org-1", "One", 10, 3)]).await;
    let kinds = [1000, 1107, 1111, 1100, 1500, 1501];
    let events: Vec<EventRow> = (0..100_000)
        .map(|i| {
            let day = i % 90;
            let date = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                9 + day / 30,
                1 + day % 28,
                i % 24,
                i % 60,
                (i / 60) % 60,
                i % 1000
            );
            let kind = kinds[i % kinds.len()];
            EventRow {
                date: date.clone(),
                event_type: kind,
                raw: format!(
                    r#"{{"object":"event","n":{i},"type":{kind},"date":"{date}","actingUserId":"user-{}","cipherId":"c-{}","deviceType":{},"ipAddress":"203.0.113.{}","organizationId":"org-1"}}"#,
                    i % 20,
                    i % 500,
                    [8, 9, 6][i % 3],
                    i % 250
                ),
            }
        })
        .collect();
    let start = Instant::now();
    apply(
        &snap,
        "org-1",
        &ClientDetails {
            events,
            ..Default::default()
        },
        2,
    )
    .await;
    println!("store 100,000 events: {:?}", start.elapsed());
    let time = async |what: &str, q: EventQuery| {
        let start = Instant::now();
        let (total, rows) = snap.query_events("org-1", &q).await.unwrap();
        println!(
            "{what}: {total} match, {} rows, {:?}",
            rows.len(),
            start.elapsed()
        );
    };
    let page = EventQuery {
        limit: 100,
        ..EventQuery::default()
    };
    time("first page, no filter", page.clone()).await;
    time(
        "type family + device",
        EventQuery {
            types: vec![1100, 1107, 1111],
            device_type: Some(8),
            ..page.clone()
        },
    )
    .await;
    time(
        "one member (did or was done to)",
        EventQuery {
            acting_user_id: Some("user-3".into()),
            member_id: Some("m-3".into()),
            ..page.clone()
        },
    )
    .await;
    time(
        "one item",
        EventQuery {
            cipher_id: Some("c-42".into()),
            ..page.clone()
        },
    )
    .await;
    time(
        "a date range",
        EventQuery {
            since_ms: Some(1_790_000_000_000),
            until_ms: Some(1_792_000_000_000),
            ..page.clone()
        },
    )
    .await;
    time(
        "page 500",
        EventQuery {
            offset: 50_000,
            ..page.clone()
        },
    )
    .await;
    time(
        "everything (the export's query)",
        EventQuery {
            limit: 1_000_000,
            ..EventQuery::default()
        },
    )
    .await;
    let start = Instant::now();
    let (devices, types) = snap.event_facets("org-1").await.unwrap();
    println!(
        "facets ({} devices, {} types): {:?}",
        devices.len(),
        types.len(),
        start.elapsed()
    );
}
