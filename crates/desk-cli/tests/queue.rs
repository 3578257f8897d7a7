//! The write path through `pdesk`: the dry run changes nothing, queued
//! changes apply, and `kill -9` at any moment of `pdesk queue apply` loses
//! no change and applies none twice — counted on the server, which sees
//! every request.
//!
//! `KILL_QUEUE` sets the number of kill rounds (CI: 8).

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, Sandbox, SandboxConfig, Seed};
use common::{Signed, assert_exit, client, env_count, spawn_quiet};
use serde_json::Value;
use std::time::Duration;

/// `pdesk client update --seats` queued, not sent.
async fn queue_seats(cli: &Signed, name: &str, seats: usize) -> Value {
    cli.json_async(&[
        "--json",
        "client",
        "update",
        "--client",
        name,
        "--seats",
        &seats.to_string(),
        "--queue-only",
        "--yes",
    ])
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_queue_loses_no_change_and_applies_none_twice() {
    let rounds = env_count("KILL_QUEUE", 8);
    let sandbox = Sandbox::start(SandboxConfig {
        seed: Seed::Scale {
            clients: 25,
            members: 2,
            items: 1,
            events: 1,
        },
        // Each request takes a little while, so kills land mid-request too.
        latency: Duration::from_millis(40),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let url = sandbox.url().to_owned();
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let cli = tokio::task::spawn_blocking(move || Signed::login(&dir, &url, DEMO_ADMIN_EMAIL))
        .await
        .unwrap();
    cli.json_async(&["--json", "sync", "--list-only"]).await;
    let before = cli.json_async(&["--json", "clients"]).await;

    // The dry run prints the plan and changes nothing.
    let update = [
        "client",
        "update",
        "--client",
        "Client 0003",
        "--seats",
        "77",
    ];
    let dry = cli
        .json_async(&[&["--json"], &update[..], &["--dry-run"]].concat())
        .await;
    assert_eq!(dry["dryRun"], true, "{dry}");
    let plan = dry["plan"][0]["description"].as_str().unwrap();
    assert!(plan.contains("\u{2192} 77"), "{plan}");
    let queue = cli.json_async(&["--json", "queue"]).await;
    assert_eq!(
        queue.as_array().unwrap().len(),
        0,
        "the dry run queued {queue}"
    );
    // Without --yes and no terminal to ask on, nothing happens.
    let refused = cli.run_async(&update).await;
    assert_exit(&refused, 2);

    // Queue many changes without sending them: every other client's seats,
    // and two new clients.
    let mut wanted = Vec::new();
    for i in (2..=24).step_by(2) {
        let name = format!("Client {i:04}");
        let seats = 100 + i;
        queue_seats(&cli, &name, seats).await;
        wanted.push((name, seats));
    }
    for name in ["Kill test A", "Kill test B"] {
        cli.json_async(&[
            "--json",
            "client",
            "create",
            "--name",
            name,
            "--owner-email",
            "owner@kill.example",
            "--plan",
            "teams",
            "--seats",
            "5",
            "--queue-only",
            "--yes",
        ])
        .await;
    }
    let queued = cli.json_async(&["--json", "queue"]).await;
    assert_eq!(queued.as_array().unwrap().len(), wanted.len() + 2);
    assert!(
        queued
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["status"] == "pending"),
        "{queued}"
    );
    // Arrivals, and changes the server committed (a request cut off by a
    // kill may arrive and never commit; a resend of it is no double apply).
    let updates = || sandbox.effects("update_client");
    let creates = || sandbox.effects("create_client");
    let puts = || {
        sandbox.received(|m, p| {
            m == "PUT" && p.starts_with("/api/providers/") && p.contains("/clients/")
        })
    };
    let posts = || {
        sandbox.received(|m, p| {
            m == "POST" && p.starts_with("/api/providers/") && p.ends_with("/clients")
        })
    };
    assert_eq!((puts(), posts()), (0, 0), "queue-only sent nothing");

    // Kill `pdesk queue apply` at spread moments.
    let mut moment = 61u64;
    let mut update_jobs = wanted.len() as u64;
    for round in 0..rounds {
        moment = (moment * 7919 + 104_729) % 600;
        let mut apply = spawn_quiet(data.path(), &cli.session, &["queue", "apply"]);
        tokio::time::sleep(Duration::from_millis(50 + moment)).await;
        let _ = apply.kill(); // SIGKILL
        let _ = tokio::task::spawn_blocking(move || apply.wait()).await;
        let status = cli.json_async(&["--json", "status", "--check"]).await;
        assert_eq!(status["integrity"], "ok", "round {round}: {status}");
        let queue = cli.json_async(&["--json", "queue"]).await;
        let done = queue
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| j["status"] == "done")
            .count();
        let total = queue.as_array().unwrap().len();
        println!(
            "round {round}: killed after {} ms, {done} of {total} done, {} PUTs arrived, {} applied",
            50 + moment,
            puts(),
            updates() + creates()
        );
        if done == total {
            // Everything landed: queue more so later kills still meet work
            // (planned against a fresh list, else they would be conflicts).
            cli.json_async(&["--json", "sync", "--list-only"]).await;
            for i in (1..=23).step_by(2) {
                let name = format!("Client {i:04}");
                let seats = 200 + round as usize * 100 + i;
                queue_seats(&cli, &name, seats).await;
                wanted.retain(|(n, _)| n != &name);
                wanted.push((name, seats));
                update_jobs += 1;
            }
        }
    }
    // Then to the end, as a user would run it again.
    let summary = cli.json_async(&["--json", "queue", "apply"]).await;
    assert_eq!(summary["pending"], 0, "{summary}");
    let queue = cli.json_async(&["--json", "queue"]).await;
    let states: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["status"].as_str().unwrap())
        .collect();
    assert!(states.iter().all(|s| *s == "done"), "{queue}");

    // Every change reached the server exactly once.
    assert_eq!(updates(), update_jobs, "seat changes applied once each");
    assert!(puts() >= update_jobs);
    assert_eq!(creates(), 2, "clients created once each");
    cli.json_async(&["--json", "sync", "--list-only"]).await;
    let after = cli.json_async(&["--json", "clients"]).await;
    for (name, seats) in &wanted {
        assert_eq!(client(&after, name)["seats"]["assigned"], *seats, "{name}");
    }
    for name in ["Kill test A", "Kill test B"] {
        let count = after
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"] == name)
            .count();
        assert_eq!(count, 1, "{name} created once");
    }
    // Untouched clients are as they were.
    assert_eq!(
        client(&after, "Client 0025")["seats"],
        client(&before, "Client 0025")["seats"]
    );
    println!(
        "kill rounds: {rounds}; changes: {}; applied: {} updates, {} creates; arrived: {} PUTs, {} POSTs",
        update_jobs + 2,
        updates(),
        creates(),
        puts(),
        posts()
    );
    sandbox.shutdown().await;
}
