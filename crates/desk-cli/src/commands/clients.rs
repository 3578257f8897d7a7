//! Reading commands over the snapshot (no network needed): the client list
//! and a client's vault items.

use crate::context::{Context, sanitize, truncate};
use clap::Args;
use desk_core::AppError;

#[derive(Args, Debug)]
pub struct ClientArg {
    /// The client: name, unique part of a name, organization id or provider-organization id.
    #[arg(long)]
    pub client: String,
}

#[derive(Args, Debug)]
pub struct ItemsArgs {
    #[command(flatten)]
    pub client: ClientArg,
    /// Include login passwords in the output.
    #[arg(long)]
    pub reveal: bool,
}

pub async fn clients(ctx: &Context) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let clients = core.client_views().await?;
    ctx.print(&clients, || {
        let mut text = format!(
            "{:<40} {:>8} {:>6} {:>9}  {:<24} {}",
            "Client", "Assigned", "Used", "Remaining", "Plan", "As of"
        );
        for c in &clients {
            let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
            text.push_str(&format!(
                "\n{:<40} {:>8} {:>6} {:>9}  {:<24} {}",
                truncate(&sanitize(&c.name), 40),
                n(c.seats.assigned),
                n(c.seats.used),
                n(c.seats.remaining),
                truncate(&sanitize(c.plan.as_deref().unwrap_or("-")), 24),
                c.synced_at.as_deref().unwrap_or(&c.listed_at)
            ));
        }
        text
    })
}

pub async fn items(ctx: &Context, args: &ItemsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client.client).await?;
    let items = core.items(&client.organization_id, args.reveal).await?;
    ctx.print(&items, || {
        let mut text = String::new();
        for i in &items {
            let mut name = i
                .name
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "(cannot decrypt)".into());
            if i.trashed_at.is_some() {
                name.push_str(" (in trash)");
            }
            text.push_str(&format!(
                "{:<32} {:<15} {:<28} {}\n",
                truncate(&name, 32),
                i.item_type,
                truncate(&sanitize(i.username.as_deref().unwrap_or("")), 28),
                i.uris.first().map(|u| sanitize(u)).unwrap_or_default()
            ));
        }
        text.trim_end().to_owned()
    })
}
