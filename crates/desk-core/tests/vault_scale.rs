//! The vault at scale (figures printed, nothing asserted about time):
//! decrypting and listing a client's 10,000 items from the snapshot, one
//! item whole, the collections tree; and 100 items created through the
//! write path against the sandbox with Bitwarden's cloud rate limits.
//! `cargo test --release -p desk-core --test vault_scale -- --ignored --nocapture`

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use desk_core::app::DataDir;
use desk_core::core::{Core, CoreConfig, RateLimitChoice};
use desk_core::jobs::JobStatus;
use desk_core::vault::{Item, ItemInput, item::Login, item::LoginUri};
use std::time::Instant;

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it with --release --ignored --nocapture"]
async fn ten_thousand_items_listed_and_a_hundred_created() {
    let items: u64 = std::env::var("PDESK_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let sandbox = common::start(common::scale(1, 20, items as usize, 0)).await;
    let dir = tempfile::tempdir().unwrap();
    let core = common::synced(sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let org = core.client_views().await.unwrap()[0]
        .organization_id
        .clone();
    // Warm the snapshot's pages once, as an open app has them.
    core.items(&org, false).await.unwrap();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let list = core.items(&org, false).await.unwrap();
        runs.push(ms(start));
        assert_eq!(list.len() as u64, items);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "decrypt and list {items} items: median {:.0} ms, worst {:.0} ms (5 runs)",
        runs[2], runs[4]
    );
    let list = core.items(&org, false).await.unwrap();
    let start = Instant::now();
    core.item(&org, &list[items as usize / 2].id, true)
        .await
        .unwrap();
    println!("one item whole, revealed: {:.1} ms", ms(start));
    let start = Instant::now();
    let tree = core.collections(&org).await.unwrap();
    println!(
        "collections tree ({} collections, counts over {items} items): {:.0} ms",
        tree.len(),
        ms(start)
    );
    drop(core);

    // 100 creates through the queue, with the cloud's request budget.
    let demo = common::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = CoreConfig::new(DataDir::prepare(dir.path()).unwrap());
    config.rate_limits = RateLimitChoice::Cloud;
    let core = Core::new(config).unwrap();
    common::sign_in(&core, demo.url(), DEMO_ADMIN_EMAIL).await;
    common::full_sync(&core).await;
    let org = common::client_id(&core, DEMO_DIRECT_ORG_NAME).await;
    let collection = core.collections(&org).await.unwrap()[0].id.clone();
    let mut ops = Vec::new();
    let start = Instant::now();
    for i in 0..100 {
        ops.extend(
            core.item_operations(ItemInput {
                organization_id: org.clone(),
                item_id: None,
                item: Item {
                    item_type: 1,
                    name: format!("Bench login {i}"),
                    login: Some(Login {
                        username: Some(format!("user{i}")),
                        password: Some(format!("Bench-Pass-{i}!")),
                        uris: vec![LoginUri {
                            match_type: None,
                            uri: Some(format!("https://app{i}.example")),
                        }],
                        ..Login::default()
                    }),
                    collection_ids: Some(vec![collection.clone()]),
                    ..Item::default()
                },
            })
            .await
            .unwrap(),
        );
    }
    let planned = ms(start);
    let start = Instant::now();
    let submitted = core.submit(ops, true).await.unwrap();
    let applied = start.elapsed();
    assert!(
        submitted.jobs.iter().all(|j| j.status == JobStatus::Done),
        "{submitted:?}"
    );
    println!(
        "100 items: planned (encrypted, checked) in {planned:.0} ms; applied in {:.1} s under the cloud's limits",
        applied.as_secs_f64()
    );
}
