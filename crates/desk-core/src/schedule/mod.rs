//! Scheduling, in the core so that the app and `pdesk sync --watch` behave
//! alike: one sync at a time with its progress, the periodic sync (backing
//! off with jitter after failures, the client on screen first), auto-lock
//! after inactivity and lock on waking from sleep, whatever a sync is doing.
//!
//! The front end owns a [`Scheduler`], runs [`Scheduler::run`] in a task of
//! its own and forwards the [`SchedulerEvent`]s it is given. The timer loop
//! never awaits a sync: syncs run in their own tasks, so no sync, wait on a
//! rate limit or panic can hold up auto-lock; locking cancels the sync.

mod sleep;

pub use sleep::{SLEEP_THRESHOLD, SleepDetector, slept_between};

use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::sync::{SyncOptions, SyncOutcome, SyncProgress, SyncSummary};
use serde::Serialize;
use specta::Type;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How often the loop looks at the clock: auto-lock and the sync interval
/// are whole minutes, so this is precise enough and costs nothing.
pub const TICK: Duration = Duration::from_secs(20);
/// The first wait after a failed periodic sync; it doubles per failure up
/// to the interval itself.
pub const FIRST_RETRY: Duration = Duration::from_secs(60);

/// Why the session locked by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Inactivity,
    Sleep,
}

/// What the scheduler tells the front end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchedulerEvent {
    SyncStarted,
    SyncProgress { progress: SyncProgress },
    SyncFinished { summary: SyncSummary },
    SyncFailed { error: AppError },
    Locked { reason: LockReason },
}

/// The settings the loop reads on every tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScheduleSettings {
    /// `None`: never lock by itself (nor on sleep).
    pub auto_lock: Option<Duration>,
    /// `None`: sync only on demand.
    pub sync_interval: Option<Duration>,
}

type Listener = dyn Fn(SchedulerEvent) + Send + Sync;

#[derive(Default)]
struct State {
    /// The running sync's progress (and that one runs).
    running: Option<SyncProgress>,
    last_end: Option<Instant>,
    /// Periodic syncs failed in a row (for the back-off).
    failures: u32,
    /// `None` until a request was made; then whether the server answered.
    online: Option<bool>,
}

/// One per front end and core; see the module comment.
pub struct Scheduler {
    core: Arc<Core>,
    listener: Box<Listener>,
    settings: Mutex<ScheduleSettings>,
    state: Mutex<State>,
    tick: Mutex<Duration>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Scheduler {
    pub fn new(
        core: Arc<Core>,
        settings: ScheduleSettings,
        listener: impl Fn(SchedulerEvent) + Send + Sync + 'static,
    ) -> Arc<Self> {
        core.set_auto_lock(settings.auto_lock);
        Arc::new(Scheduler {
            core,
            listener: Box::new(listener),
            settings: Mutex::new(settings),
            state: Mutex::new(State::default()),
            tick: Mutex::new(TICK),
        })
    }

    /// How often [`Self::run`] looks at the clock ([`TICK`]); tests shorten it.
    pub fn set_tick(&self, tick: Duration) {
        *lock(&self.tick) = tick.max(Duration::from_millis(10));
    }

    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    pub fn set_settings(&self, settings: ScheduleSettings) {
        self.core.set_auto_lock(settings.auto_lock);
        *lock(&self.settings) = settings;
    }

    /// The running sync's progress, if one runs.
    pub fn progress(&self) -> Option<SyncProgress> {
        lock(&self.state).running.clone()
    }

    /// Whether the server answered the last request (`None` before any).
    pub fn online(&self) -> Option<bool> {
        lock(&self.state).online
    }

    /// Learns connectivity from a result that needed the server: any
    /// answer (even a refusal) means online; `offline` means unreachable.
    pub fn note<T>(&self, result: &Result<T, AppError>) {
        let online = match result {
            Ok(_) => true,
            Err(error) => error.code != ErrorCode::Offline,
        };
        lock(&self.state).online = Some(online);
    }

    /// Stops the running sync, if any (it ends as cancelled and the next
    /// one resumes it).
    pub fn cancel_sync(&self) {
        self.core.cancel_sync();
    }

    /// Runs one sync now, reporting progress as events. One at a time: a
    /// second caller gets `conflict`.
    pub async fn sync_now(&self, options: SyncOptions) -> Result<SyncSummary, AppError> {
        {
            let mut state = lock(&self.state);
            if state.running.is_some() || self.core.sync_running() {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "A sync is already running; wait for it or cancel it.",
                ));
            }
            state.running = Some(SyncProgress {
                done: 0,
                total: 0,
                current: None,
                errors: 0,
            });
        }
        // Clears the slot even if the sync panics or its future is dropped.
        let _slot = ClearOnDrop(&self.state);
        (self.listener)(SchedulerEvent::SyncStarted);
        let report = |progress: SyncProgress| {
            if let Some(running) = lock(&self.state).running.as_mut() {
                *running = progress.clone();
            }
            (self.listener)(SchedulerEvent::SyncProgress { progress });
        };
        let result = self
            .core
            .sync(options, &report, CancellationToken::new())
            .await;
        {
            let mut state = lock(&self.state);
            state.last_end = Some(Instant::now());
            state.running = None;
            let failed = match &result {
                Ok(summary) => summary.outcome == SyncOutcome::Failed,
                Err(_) => true,
            };
            state.failures = if failed {
                state.failures.saturating_add(1)
            } else {
                0
            };
        }
        self.note(&result);
        // The server answered: changes that waited for it go now.
        if result.is_ok() && self.core.has_pending_changes().await {
            match self.core.apply_queue(None, CancellationToken::new()).await {
                Ok(summary) => tracing::info!(?summary, "applied the changes that waited"),
                Err(error) => tracing::warn!(%error, "could not apply the waiting changes"),
            }
        }
        (self.listener)(match &result {
            Ok(summary) => SchedulerEvent::SyncFinished {
                summary: summary.clone(),
            },
            Err(error) => SchedulerEvent::SyncFailed {
                error: error.clone(),
            },
        });
        result
    }

    /// The timer loop: until `stop`, every [`TICK`] — lock on sleep, lock
    /// after inactivity, start a periodic sync when one is due.
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        let mut ticker = tokio::time::interval(*lock(&self.tick));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut sleep = SleepDetector::new();
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = ticker.tick() => {}
            }
            self.tick(&mut sleep).await;
        }
    }

    async fn tick(self: &Arc<Self>, sleep: &mut SleepDetector) {
        let settings = *lock(&self.settings);
        if sleep.slept() && settings.auto_lock.is_some() && self.core.is_unlocked().await {
            tracing::info!("the computer slept; locking");
            self.core.lock().await;
            (self.listener)(SchedulerEvent::Locked {
                reason: LockReason::Sleep,
            });
            return;
        }
        if self.core.idle_past_limit() && self.core.lock_if_idle().await {
            (self.listener)(SchedulerEvent::Locked {
                reason: LockReason::Inactivity,
            });
            return;
        }
        let Some(interval) = settings.sync_interval else {
            return;
        };
        if !self.core.is_unlocked().await || self.progress().is_some() {
            return;
        }
        let (last_end, failures) = {
            let state = lock(&self.state);
            (state.last_end, state.failures)
        };
        let wait = next_wait(interval, failures, jitter_fraction());
        if last_end.is_none_or(|end| end.elapsed() >= wait) {
            tracing::info!(?wait, failures, "periodic sync");
            let this = self.clone();
            // Its own task: the loop goes on ticking (and locking) meanwhile.
            tokio::spawn(async move {
                let _ = this.sync_now(SyncOptions::default()).await;
            });
        }
    }
}

/// How long after the last sync the next periodic one starts: the interval
/// after a success; after failures [`FIRST_RETRY`] doubling per failure, at
/// most the interval; plus up to 20 % jitter so many installations behind
/// one address do not retry in step.
pub fn next_wait(interval: Duration, failures: u32, jitter: f64) -> Duration {
    let base = if failures == 0 {
        interval
    } else {
        let doubled = FIRST_RETRY.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
        doubled.min(interval)
    };
    base.mul_f64(1.0 + jitter.clamp(0.0, 0.2))
}

fn jitter_fraction() -> f64 {
    use rand::Rng;
    rand::rngs::OsRng.gen_range(0.0..0.2)
}

struct ClearOnDrop<'a>(&'a Mutex<State>);

impl Drop for ClearOnDrop<'_> {
    fn drop(&mut self) {
        lock(self.0).running = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_backs_off_after_failures_up_to_the_interval() {
        let min = |m: u64| Duration::from_secs(60 * m);
        assert_eq!(next_wait(min(30), 0, 0.0), min(30));
        assert_eq!(next_wait(min(30), 1, 0.0), min(1));
        assert_eq!(next_wait(min(30), 2, 0.0), min(2));
        assert_eq!(next_wait(min(30), 4, 0.0), min(8));
        assert_eq!(
            next_wait(min(30), 6, 0.0),
            min(30),
            "capped at the interval"
        );
        assert_eq!(next_wait(min(30), u32::MAX, 0.0), min(30));
        assert_eq!(next_wait(min(10), 0, 0.1), min(11));
        assert_eq!(next_wait(min(10), 0, 5.0), min(12), "jitter is bounded");
    }
}
