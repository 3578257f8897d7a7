//! `pdesk changes`: what syncs found changed per client (the change journal),
//! newest first, from the snapshot (no network needed).

use crate::context::{Context, sanitize, truncate};
use clap::Args;
use desk_core::journal::{ChangeView, parse_since};
use desk_core::time::now_ms;
use desk_core::{AppError, ErrorCode};

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// Only this client: name, unique part of a name, or id (a client no
    /// longer listed by its organization id).
    #[arg(long)]
    pub client: Option<String>,
    /// Only changes since a day (2026-12-01, UTC) or a number of days back (7d).
    #[arg(long)]
    pub since: Option<String>,
}

pub async fn changes(ctx: &Context, args: &ChangesArgs) -> Result<(), AppError> {
    // Checked before unlocking: a typo should not cost a key derivation.
    let since = args
        .since
        .as_deref()
        .map(|text| parse_since(text, now_ms()))
        .transpose()?;
    let core = ctx.unlocked().await?;
    let client = match &args.client {
        None => None,
        Some(query) => match core.find_client(query).await {
            Ok(client) => Some(client.organization_id),
            // The journal outlives the client list: a removed client's
            // history is still there under its organization id.
            Err(error) if error.code == ErrorCode::NotFound => Some(query.trim().to_owned()),
            Err(error) => return Err(error),
        },
    };
    let changes = core.changes(client.as_deref(), since).await?;
    ctx.print(&changes, || {
        if changes.is_empty() {
            return "No changes recorded.".to_owned();
        }
        changes.iter().map(line).collect::<Vec<_>>().join("\n")
    })
}

/// One change a line: when, client, kind, what, and the values.
fn line(c: &ChangeView) -> String {
    let client = c.client_name.as_deref().unwrap_or(&c.organization_id);
    let mut text = format!(
        "{}  {:<30}  {:<18}",
        c.at,
        truncate(&sanitize(client), 30),
        c.kind.as_str()
    );
    // The client's own entries carry its name as the label: said already.
    if c.subject.is_some()
        && let Some(label) = &c.label
    {
        text.push_str(&format!("  {}", sanitize(label)));
    }
    match (&c.before, &c.after) {
        (Some(before), Some(after)) => text.push_str(&format!(
            "  {} → {}",
            sanitize(&before.to_string()),
            sanitize(&after.to_string())
        )),
        (Some(before), None) => {
            text.push_str(&format!("  (was {})", sanitize(&before.to_string())))
        }
        (None, Some(after)) => text.push_str(&format!("  ({})", sanitize(&after.to_string()))),
        (None, None) => {}
    }
    text.trim_end().to_owned()
}
