//! The shell's side of scheduling. desk-core's `Scheduler` runs the syncs
//! (one at a time, with progress), the periodic sync and auto-lock; this
//! only forwards its events to the window and answers what the window asks.

use crate::events::{SessionChanged, SessionState, SyncEvent};
use crate::prefs::Preferences;
use desk_core::core::Core;
use desk_core::schedule::{ScheduleSettings, Scheduler, SchedulerEvent};
use desk_core::session::SessionSummary;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;
use tauri::{AppHandle, Runtime as TauriRuntime};
use tauri_specta::Event;

/// The scheduler's settings from the app's preferences (0 = off).
pub fn settings(prefs: &Preferences) -> ScheduleSettings {
    let minutes = |n: u32| (n > 0).then(|| Duration::from_secs(u64::from(n) * 60));
    ScheduleSettings {
        auto_lock: minutes(prefs.auto_lock_minutes),
        sync_interval: minutes(prefs.sync_interval_minutes),
    }
}

/// Makes the scheduler whose events go to the window.
pub fn scheduler<R: TauriRuntime>(
    app: &AppHandle<R>,
    core: Arc<Core>,
    settings: ScheduleSettings,
) -> Arc<Scheduler> {
    // The listener needs the scheduler (for the session it announces) and
    // the scheduler needs the listener: a weak link closes the circle.
    let me: Arc<OnceLock<Weak<Scheduler>>> = Arc::new(OnceLock::new());
    let (link, app) = (me.clone(), app.clone());
    let scheduler = Scheduler::new(core, settings, move |event| {
        let announce = !matches!(
            event,
            SchedulerEvent::SyncStarted | SchedulerEvent::SyncProgress { .. }
        );
        let sync_event = match event {
            SchedulerEvent::SyncStarted => Some(SyncEvent::Started),
            SchedulerEvent::SyncProgress { progress } => Some(SyncEvent::Progress { progress }),
            SchedulerEvent::SyncFinished { summary } => Some(SyncEvent::Finished { summary }),
            SchedulerEvent::SyncFailed { error } => Some(SyncEvent::Failed { error }),
            SchedulerEvent::Locked { .. } => None,
        };
        if let Some(event) = sync_event
            && let Err(error) = event.emit(&app)
        {
            tracing::warn!(%error, "could not send sync progress to the window");
        }
        if announce && let Some(scheduler) = link.get().and_then(Weak::upgrade) {
            let app = app.clone();
            tauri::async_runtime::spawn(async move { announce_to(&app, &scheduler).await });
        }
    });
    let _ = me.set(Arc::downgrade(&scheduler));
    scheduler
}

/// The session as the window shows it.
pub fn state(scheduler: &Scheduler, summary: SessionSummary) -> SessionState {
    SessionState {
        status: summary.status,
        account: summary.account,
        accounts: summary.accounts,
        online: scheduler.online(),
        last_sync: summary.last_sync,
        sync: scheduler.progress(),
    }
}

/// Tells the window the session changed without it asking.
pub async fn announce_to<R: TauriRuntime>(app: &AppHandle<R>, scheduler: &Scheduler) {
    match scheduler.core().session_summary().await {
        Ok(summary) => {
            if let Err(error) = SessionChanged(state(scheduler, summary)).emit(app) {
                tracing::warn!(%error, "could not send the session to the window");
            }
        }
        Err(error) => tracing::warn!(%error, "could not read the session"),
    }
}
