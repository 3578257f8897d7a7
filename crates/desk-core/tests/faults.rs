//! Sync against a server that fails on purpose: 500s, 502s, 429s, resets
//! and truncated bodies. Every run ends in success or per-client errors, the
//! snapshot stays consistent, and data once synced is never lost.
//!
//! `FAULT_SYNCS` sets the number of runs (CI: 12; the long run: 200).

mod common;

use bw_sandbox::{DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL, FaultSpec, Sandbox, SandboxConfig};
use common::{core, login, run_sync};
use desk_core::ErrorCode;
use desk_core::session::LoginOutcome;
use desk_core::sync::{SyncOptions, SyncOutcome};
use std::collections::HashMap;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn syncs_survive_injected_faults_without_losing_data() {
    let runs: usize = std::env::var("FAULT_SYNCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let faults: FaultSpec =
        "seed=7,500=0.04,502=0.03,429=0.01,retry-after=1,reset=0.02,truncate=0.03"
            .parse()
            .unwrap();
    let sandbox = Sandbox::start(SandboxConfig {
        faults: Some(faults),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());

    // Sign-in is not retried by the client (a token request is not
    // idempotent); a person would press the button again.
    let mut signed_in = false;
    for _ in 0..20 {
        let input = login(sandbox.url(), DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD);
        match core.login(input).await {
            Ok(LoginOutcome::SignedIn { .. }) => {
                signed_in = true;
                break;
            }
            Ok(other) => panic!("{other:?}"),
            Err(e) => assert!(
                matches!(
                    e.code,
                    ErrorCode::Offline | ErrorCode::ServerError | ErrorCode::RateLimited
                ),
                "{e:?}"
            ),
        }
    }
    assert!(signed_in, "could not sign in through the faults");

    let mut synced_members: HashMap<String, usize> = HashMap::new();
    let (mut successes, mut partial, mut list_failures) = (0, 0, 0);
    for run in 0..runs {
        match run_sync(&core, SyncOptions::default()).await {
            Ok(summary) => {
                assert!(summary.outcome != SyncOutcome::Cancelled, "{summary:?}");
                if summary.outcome == SyncOutcome::Success {
                    successes += 1
                } else {
                    partial += 1
                }
                for e in &summary.errors {
                    eprintln!("client error: {} {}", e.code, e.message);
                    assert!(
                        matches!(
                            e.code,
                            ErrorCode::Offline | ErrorCode::ServerError | ErrorCode::RateLimited
                        ),
                        "unexpected client error {e:?}"
                    );
                }
            }
            // The list phase failed: nothing was changed.
            Err(e) => {
                list_failures += 1;
                assert!(
                    matches!(
                        e.code,
                        ErrorCode::Offline | ErrorCode::ServerError | ErrorCode::RateLimited
                    ),
                    "run {run}: {e:?}"
                );
            }
        }
        assert_eq!(core.integrity_check().await.unwrap(), "ok", "run {run}");
        for client in core.client_views().await.unwrap() {
            let members = core.members(&client.organization_id).await.unwrap().len();
            if let Some(before) = synced_members.get(&client.organization_id) {
                // The last good data stays: a failed client keeps its members.
                assert!(
                    client.synced_at.is_some(),
                    "run {run}: {} lost its sync time",
                    client.name
                );
                assert_eq!(
                    members, *before,
                    "run {run}: {} changed without a server change",
                    client.name
                );
            } else if client.synced_at.is_some() {
                synced_members.insert(client.organization_id.clone(), members);
            }
        }
    }
    eprintln!(
        "{runs} syncs under faults: {successes} clean, {partial} with client errors, {list_failures} failed before the list"
    );
    assert!(
        synced_members.len() >= 3,
        "every seeded client synced at least once: {synced_members:?}"
    );
    sandbox.shutdown().await;
}
