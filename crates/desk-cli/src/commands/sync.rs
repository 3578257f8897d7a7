//! `pdesk sync`: the client list first, then every client; progress on stderr.

use crate::context::{Context, sanitize};
use clap::Args;
use desk_core::sync::{SyncOptions, SyncProgress};
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
}

pub async fn sync(ctx: &Context, args: &SyncArgs) -> Result<(), AppError> {
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
    if summary.outcome == "success" {
        Ok(())
    } else if summary.outcome == "cancelled" {
        Err(AppError::new(
            ErrorCode::Internal,
            "Sync cancelled; the next sync resumes where it stopped.",
        ))
    } else {
        Err(AppError::new(
            ErrorCode::ServerError,
            format!(
                "{} client(s) failed to sync; their previous data is kept.",
                summary.errors.len()
            ),
        ))
    }
}
