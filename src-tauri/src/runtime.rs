//! What the shell keeps while the app runs: whether the server answered,
//! the running sync (one at a time, cancellable, with progress events), and
//! the timers for auto-lock and periodic sync.

use crate::events::{SessionChanged, SessionState, SyncEvent};
use desk_core::core::Core;
use desk_core::schedule::SleepDetector;
use desk_core::session::SessionSummary;
use desk_core::sync::{SyncOptions, SyncProgress, SyncSummary};
use desk_core::{AppError, ErrorCode};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Runtime as TauriRuntime};
use tauri_specta::Event;
use tokio_util::sync::CancellationToken;

/// How often the timers look at the clock; auto-lock and the sync interval
/// are whole minutes, so this is precise enough and costs nothing.
const TICK: Duration = Duration::from_secs(20);

#[derive(Default)]
pub struct Runtime {
    /// `None` until a request was made; then whether the server answered.
    online: Mutex<Option<bool>>,
    sync: Mutex<Option<RunningSync>>,
    /// When the last sync ended (for the sync interval).
    last_sync_end: Mutex<Option<std::time::Instant>>,
}

struct RunningSync {
    cancel: CancellationToken,
    progress: SyncProgress,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Runtime {
    pub fn online(&self) -> Option<bool> {
        *lock(&self.online)
    }

    /// Learns connectivity from a result that needed the server: any answer
    /// (even a refusal) means online; `offline` means it could not be reached.
    pub fn note<T>(&self, result: &Result<T, AppError>) {
        let online = match result {
            Ok(_) => true,
            Err(error) => error.code != ErrorCode::Offline,
        };
        *lock(&self.online) = Some(online);
    }

    pub fn progress(&self) -> Option<SyncProgress> {
        lock(&self.sync).as_ref().map(|s| s.progress.clone())
    }

    pub fn state(&self, summary: SessionSummary) -> SessionState {
        SessionState {
            status: summary.status,
            account: summary.account,
            accounts: summary.accounts,
            online: self.online(),
            last_sync: summary.last_sync,
            sync: self.progress(),
        }
    }

    /// Cancels the running sync, if any (before locking: a sync holds the
    /// core's read lock until it stops).
    pub fn cancel_sync(&self) {
        if let Some(running) = lock(&self.sync).as_ref() {
            running.cancel.cancel();
        }
    }

    /// Runs one sync, reporting progress as events. Only one runs at a time.
    pub async fn sync<R: TauriRuntime>(
        &self,
        app: &AppHandle<R>,
        core: &Core,
        options: SyncOptions,
    ) -> Result<SyncSummary, AppError> {
        let cancel = CancellationToken::new();
        {
            let mut slot = lock(&self.sync);
            if slot.is_some() {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "A sync is already running; wait for it or cancel it.",
                ));
            }
            *slot = Some(RunningSync {
                cancel: cancel.clone(),
                progress: SyncProgress {
                    done: 0,
                    total: 0,
                    current: None,
                    errors: 0,
                },
            });
        }
        // Clears the slot even if the sync panics or its future is dropped,
        // so a failed sync never leaves the app believing one still runs.
        let slot = ClearOnDrop(&self.sync);
        emit(app, SyncEvent::Started);
        let report = |progress: SyncProgress| {
            if let Some(running) = lock(&self.sync).as_mut() {
                running.progress = progress.clone();
            }
            emit(app, SyncEvent::Progress { progress });
        };
        let result = core.sync(options, &report, cancel).await;
        drop(slot);
        *lock(&self.last_sync_end) = Some(std::time::Instant::now());
        self.note(&result);
        match &result {
            Ok(summary) => emit(
                app,
                SyncEvent::Finished {
                    summary: summary.clone(),
                },
            ),
            Err(error) => emit(
                app,
                SyncEvent::Failed {
                    error: error.clone(),
                },
            ),
        }
        self.announce(app, core).await;
        result
    }

    /// Tells the UI the session changed without it asking.
    pub async fn announce<R: TauriRuntime>(&self, app: &AppHandle<R>, core: &Core) {
        match core.session_summary().await {
            Ok(summary) => {
                if let Err(error) = SessionChanged(self.state(summary)).emit(app) {
                    tracing::warn!(%error, "could not send the session to the window");
                }
            }
            Err(error) => tracing::warn!(%error, "could not read the session"),
        }
    }

    /// Auto-lock, lock on sleep and periodic sync. `minutes` reads the
    /// current settings (auto-lock, sync interval; 0 = off) on every tick.
    ///
    /// The periodic sync runs in a task of its own: nothing a sync does
    /// (a long rate-limit wait, a stalled server, a panic) can hold up this
    /// loop, so auto-lock always fires on time; locking cancels the sync.
    pub async fn run_timers<R: TauriRuntime>(
        self: Arc<Self>,
        app: AppHandle<R>,
        core: Arc<Core>,
        minutes: impl Fn() -> (u32, u32) + Send + 'static,
    ) {
        let mut ticker = tokio::time::interval(TICK);
        let mut sleep = SleepDetector::new();
        loop {
            ticker.tick().await;
            let (auto_lock, interval) = minutes();
            core.set_auto_lock((auto_lock > 0).then(|| minutes_to(auto_lock)));
            // Waking from sleep locks as Bitwarden's desktop app does,
            // unless the user chose never to lock.
            if sleep.slept() && auto_lock > 0 && core.is_unlocked().await {
                tracing::info!("the computer slept; locking");
                core.lock().await;
                self.announce(&app, &core).await;
                continue;
            }
            if core.idle_past_limit() && core.lock_if_idle().await {
                self.announce(&app, &core).await;
                continue;
            }
            if interval == 0 || !core.is_unlocked().await || self.progress().is_some() {
                continue;
            }
            let due =
                lock(&self.last_sync_end).is_none_or(|end| end.elapsed() >= minutes_to(interval));
            if due {
                tracing::info!(interval, "periodic sync");
                let (runtime, app, core) = (self.clone(), app.clone(), core.clone());
                tauri::async_runtime::spawn(async move {
                    // Errors are reported through the sync events already.
                    let _ = runtime.sync(&app, &core, SyncOptions::default()).await;
                });
            }
        }
    }
}

struct ClearOnDrop<'a>(&'a Mutex<Option<RunningSync>>);

impl Drop for ClearOnDrop<'_> {
    fn drop(&mut self) {
        *lock(self.0) = None;
    }
}

fn minutes_to(n: u32) -> Duration {
    Duration::from_secs(u64::from(n) * 60)
}

fn emit<R: TauriRuntime>(app: &AppHandle<R>, event: SyncEvent) {
    if let Err(error) = event.emit(app) {
        tracing::warn!(%error, "could not send sync progress to the window");
    }
}
