//! `pdesk sync`: the client list first, then every client; progress on stderr.

use crate::context::{Context, sanitize};
use clap::Args;
use desk_core::schedule::{ScheduleSettings, Scheduler, SchedulerEvent};
use desk_core::sync::{SyncOptions, SyncOutcome, SyncProgress};
use desk_core::{AppError, ErrorCode};
use tokio_util::sync::CancellationToken;

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Only this client (name, part of a name, or id); all when absent.
    #[arg(long, conflicts_with = "list_only")]
    pub client: Option<String>,
    /// Refresh only the client list (seats, plans, names): a few requests,
    /// no per-client details.
    #[arg(long)]
    pub list_only: bool,
    /// Keep running: sync now, then every --interval minutes (backing off
    /// after failures), one line per sync, until Ctrl-C.
    #[arg(long, conflicts_with_all = ["client", "list_only"])]
    pub watch: bool,
    /// Minutes between syncs with --watch.
    #[arg(long, default_value_t = 30, requires = "watch")]
    pub interval: u32,
}

pub async fn sync(ctx: &Context, args: &SyncArgs) -> Result<(), AppError> {
    if args.watch {
        return watch(ctx, args.interval).await;
    }
    let core = ctx.unlocked().await?;
    let mut options = SyncOptions {
        list_only: args.list_only,
        ..SyncOptions::default()
    };
    if let Some(client) = &args.client {
        options.only = vec![core.find_client(client).await?.organization_id];
    }
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let progress = |p: SyncProgress| {
        let name = p.current.as_deref().map(sanitize).unwrap_or_default();
        eprintln!(
            "sync: {}/{} {}{}",
            p.done,
            p.total,
            name,
            if p.errors > 0 {
                format!(" ({} failed)", p.errors)
            } else {
                String::new()
            }
        );
    };
    let summary = core.sync(options, &progress, cancel).await?;
    let list_only = args.list_only;
    ctx.print(&summary, || {
        if list_only {
            return format!(
                "Client list {}: {} clients in {} ms ({} requests).",
                summary.outcome, summary.clients, summary.duration_ms, summary.requests
            );
        }
        let mut text = format!(
            "Sync {}: {} clients, {} members, {} items, {} events in {} ms ({} requests).",
            summary.outcome,
            summary.clients,
            summary.members,
            summary.items,
            summary.events,
            summary.duration_ms,
            summary.requests
        );
        for e in &summary.errors {
            text.push_str(&format!(
                "\n  {}: {} ({})",
                sanitize(&e.name),
                e.message,
                e.code
            ));
        }
        text
    })?;
    match summary.outcome {
        SyncOutcome::Success => Ok(()),
        SyncOutcome::Cancelled => Err(AppError::new(
            ErrorCode::Internal,
            "Sync cancelled; the next sync resumes where it stopped.",
        )),
        SyncOutcome::Partial | SyncOutcome::Failed => Err(AppError::new(
            ErrorCode::ServerError,
            format!(
                "{} client(s) failed to sync; their previous data is kept.",
                summary.errors.len()
            ),
        )),
    }
}

/// `pdesk sync --watch`: desk-core's scheduler, as the app runs it, with its
/// events printed (one JSON object a line with --json). The process holds
/// the keys while it runs, so it does not lock by itself.
async fn watch(ctx: &Context, interval: u32) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let json = ctx.json;
    let settings = ScheduleSettings {
        auto_lock: None,
        sync_interval: Some(std::time::Duration::from_secs(
            u64::from(interval.max(1)) * 60,
        )),
    };
    let scheduler = Scheduler::new(core, settings, move |event| {
        if json {
            if let Ok(line) = serde_json::to_string(&event) {
                println!("{line}");
            }
            return;
        }
        match event {
            SchedulerEvent::SyncFinished { summary } => println!(
                "{} sync {}: {} clients, {} errors, {} ms",
                desk_core::time::iso8601(desk_core::time::now_ms()),
                summary.outcome,
                summary.clients,
                summary.errors.len(),
                summary.duration_ms
            ),
            SchedulerEvent::SyncFailed { error } => println!(
                "{} sync failed: {} ({})",
                desk_core::time::iso8601(desk_core::time::now_ms()),
                sanitize(&error.message),
                error.code
            ),
            _ => {}
        }
    });
    let stop = CancellationToken::new();
    let on_ctrl_c = (stop.clone(), scheduler.clone());
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.1.cancel_sync();
            on_ctrl_c.0.cancel();
        }
    });
    // The loop's first tick is at once, and nothing has synced in this
    // process yet: the first sync starts now, the next after the interval.
    scheduler.run(stop).await;
    Ok(())
}
