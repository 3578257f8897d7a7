//! Scheduling in the core: auto-lock fires on time while a long sync runs
//! (the sync is cancelled and resumable), one sync at a time, and the
//! periodic sync starts by itself.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, RunningSandbox, SandboxConfig};
use common::{sandbox, scale, signed_in, start};
use desk_core::ErrorCode;
use desk_core::core::Core;
use desk_core::schedule::{LockReason, ScheduleSettings, Scheduler, SchedulerEvent};
use desk_core::sync::SyncOptions;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

async fn slow_sandbox() -> RunningSandbox {
    start(SandboxConfig {
        // Every request waits: a full sync takes tens of seconds.
        latency: Duration::from_millis(250),
        ..scale(40, 3, 2, 2)
    })
    .await
}

/// A scheduler over a core signed in to the sandbox, its timers ticking
/// until `stop` is cancelled; `seen` collects what it reports.
struct Running {
    core: Arc<Core>,
    scheduler: Arc<Scheduler>,
    seen: Arc<Mutex<Vec<SchedulerEvent>>>,
    stop: CancellationToken,
    timers: JoinHandle<()>,
}

async fn run_scheduler(
    sandbox: &RunningSandbox,
    dir: &std::path::Path,
    settings: ScheduleSettings,
    tick: Duration,
) -> Running {
    let core = Arc::new(signed_in(sandbox.url(), dir, DEMO_ADMIN_EMAIL).await);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let scheduler = Scheduler::new(core.clone(), settings, move |event| {
        sink.lock().unwrap().push(event)
    });
    scheduler.set_tick(tick);
    let stop = CancellationToken::new();
    let timers = tokio::spawn(scheduler.clone().run(stop.clone()));
    Running {
        core,
        scheduler,
        seen,
        stop,
        timers,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_lock_fires_on_time_during_a_long_sync() {
    let sandbox = slow_sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = ScheduleSettings {
        auto_lock: Some(Duration::from_secs(2)),
        sync_interval: None,
    };
    let run = run_scheduler(&sandbox, dir.path(), settings, Duration::from_millis(100)).await;
    let (core, scheduler) = (&run.core, &run.scheduler);

    core.touch();
    let started = Instant::now();
    let syncing = scheduler.clone();
    let sync = tokio::spawn(async move { syncing.sync_now(SyncOptions::default()).await });
    // A second sync while one runs is refused, not queued behind it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = scheduler
        .sync_now(SyncOptions::default())
        .await
        .unwrap_err();
    assert_eq!(second.code, ErrorCode::Conflict, "{second:?}");

    let deadline = started + Duration::from_secs(10);
    while core.is_unlocked().await {
        assert!(
            Instant::now() < deadline,
            "auto-lock did not fire during the sync"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let locked_after = started.elapsed();
    assert!(
        locked_after < Duration::from_secs(6),
        "locked after {locked_after:?}"
    );
    // The sync ended (cancelled by the lock) instead of holding the keys.
    let result = tokio::time::timeout(Duration::from_secs(10), sync)
        .await
        .expect("the sync stops when the session locks")
        .unwrap();
    match result {
        Ok(summary) => assert_eq!(
            summary.outcome,
            desk_core::sync::SyncOutcome::Cancelled,
            "{summary:?}"
        ),
        Err(error) => assert_eq!(error.code, ErrorCode::Locked, "{error:?}"),
    }
    run.stop.cancel();
    run.timers.await.unwrap();
    let seen = run.seen.lock().unwrap().clone();
    assert!(seen.contains(&SchedulerEvent::SyncStarted), "{seen:?}");
    assert!(
        seen.contains(&SchedulerEvent::Locked {
            reason: LockReason::Inactivity
        }),
        "{seen:?}"
    );
    assert!(
        scheduler.progress().is_none(),
        "the sync slot is free again"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_periodic_sync_starts_by_itself() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = ScheduleSettings {
        auto_lock: None,
        sync_interval: Some(Duration::from_secs(3600)),
    };
    let run = run_scheduler(&sandbox, dir.path(), settings, Duration::from_millis(50)).await;
    let (core, scheduler, seen) = (&run.core, &run.scheduler, &run.seen);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let finished = seen
            .lock()
            .unwrap()
            .iter()
            .filter(|e| matches!(e, SchedulerEvent::SyncFinished { .. }))
            .count();
        if finished > 0 {
            assert_eq!(finished, 1, "the next is an interval away");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no periodic sync: {:?}",
            seen.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(scheduler.online(), Some(true));
    run.stop.cancel();
    run.timers.await.unwrap();
    core.lock().await;
    sandbox.shutdown().await;
}
