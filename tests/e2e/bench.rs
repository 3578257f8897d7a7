//! Benchmark, not a test (run by `scripts/bench-ui`, skipped by the test
//! command): launch to a visible client list from a snapshot of 1,000
//! clients, and the memory of the app and its WebKit processes when idle.

use crate::harness::{App, AppOptions};
use bw_crypto::SecretString;
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, Sandbox, SandboxConfig, Seed};
use desk_core::DataDir;
use desk_core::core::{Core, CoreConfig};
use desk_core::session::{Credentials, LoginInput};
use desk_core::sync::SyncOptions;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

const CLIENTS: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: scripts/bench-ui runs it"]
async fn bench_launch_with_1000_clients() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let sandbox = Sandbox::start(SandboxConfig {
        seed: Seed::Scale {
            clients: CLIENTS,
            members: 5,
            items: 2,
            events: 2,
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("scale sandbox");
    {
        let core = Core::new(CoreConfig::new(
            DataDir::prepare(&data_dir).expect("data dir"),
        ))
        .expect("core");
        core.login(LoginInput {
            server: sandbox.url().to_owned(),
            email: DEMO_ADMIN_EMAIL.to_owned(),
            password: SecretString::new(DEMO_PASSWORD.to_owned()),
            credentials: Credentials::Password {
                second: Default::default(),
            },
            allow_http: false,
        })
        .await
        .expect("login");
        let summary = core
            .sync(SyncOptions::default(), &|_| {}, CancellationToken::new())
            .await
            .expect("sync");
        assert_eq!(summary.clients as usize, CLIENTS, "{summary:?}");
        core.lock().await;
    }
    // Offline, as a technician on a client's site.
    sandbox.shutdown().await;

    let started = Instant::now();
    let app = App::launch(
        "bench-launch",
        AppOptions {
            data_dir: Some(data_dir.clone()),
            ..AppOptions::default()
        },
    )
    .await;
    app.run(async |s| {
        s.wait_visible("lock-screen").await?;
        let to_lock_screen = started.elapsed();
        s.fill("unlock-password", DEMO_PASSWORD).await?;
        let unlock = Instant::now();
        s.click("unlock-submit").await?;
        s.wait_visible("portal-frame").await?;
        let to_portal = unlock.elapsed();
        let list = Instant::now();
        s.click("nav-clients").await?;
        s.wait_visible("client-row").await?;
        let to_rows = list.elapsed();
        let rows_in_dom = s.texts("client-row").await?.len();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let memory = s.memory_kib(&["provider-desk", "WebKitWebProc", "WebKitNetwork"]);
        let total: u64 = memory.iter().map(|(_, kib)| kib).sum();
        // libtest prints "test … " without a newline before captured output.
        println!();
        println!(
            "BENCH launch→lock screen: {} ms",
            to_lock_screen.as_millis()
        );
        println!(
            "BENCH unlock (KDF + snapshot open)→portal: {} ms",
            to_portal.as_millis()
        );
        println!(
            "BENCH clients page→rows visible: {} ms ({rows_in_dom} rows in the DOM of {CLIENTS})",
            to_rows.as_millis()
        );
        println!(
            "BENCH launch→client list (excluding typing): {} ms",
            (to_lock_screen + to_portal + to_rows).as_millis()
        );
        for (name, kib) in &memory {
            println!("BENCH memory {name}: {} MiB", kib / 1024);
        }
        println!("BENCH memory total: {} MiB", total / 1024);
        s.check(rows_in_dom > 0, "client rows shown")
    })
    .await;
}
