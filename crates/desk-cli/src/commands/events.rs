//! `pdesk events`: a client's event log from the snapshot (works offline),
//! filtered like the app's Events page; `--csv` writes Bitwarden's export
//! columns (to stdout or `--out FILE`).

use crate::context::{Context, sanitize, truncate};
use clap::Args;
use desk_core::AppError;
use desk_core::events::{
    EventFilter, EventGap, EventView, EventsPage, FilterChoice, ProviderEventFilter,
    ProviderEventsPage,
};
use desk_core::lang::Lang;

/// What both logs (a client's, the provider's) take: the window, the types
/// and how to print.
#[derive(Args, Debug)]
pub struct LogArgs {
    /// From this day or instant (2026-12-01 or 2026-12-01T08:00:00Z).
    #[arg(long)]
    pub since: Option<String>,
    /// Until this day (inclusive) or instant.
    #[arg(long)]
    pub until: Option<String>,
    /// A type: its number, Bitwarden's name (Cipher_Updated), or a family
    /// (account, item, collection, group, member, organization, policy,
    /// provider, domain, send…). Repeatable.
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// A device type number (8 = Linux desktop, 9 = Chrome web vault, …).
    #[arg(long)]
    pub device: Option<i32>,
    /// Page of 100, from 0 (table and JSON output).
    #[arg(long, default_value_t = 0)]
    pub page: u32,
    /// Every matching event as CSV with Bitwarden's columns.
    #[arg(long)]
    pub csv: bool,
    /// Write the CSV here (readable by you only) instead of stdout.
    #[arg(long, requires = "csv")]
    pub out: Option<std::path::PathBuf>,
    /// Language of the descriptions: en or es (default: from LANG).
    #[arg(long)]
    pub lang: Option<String>,
}

impl LogArgs {
    fn lang(&self) -> Lang {
        match &self.lang {
            Some(tag) => Lang::from_tag(tag),
            None => Lang::from_tag(&std::env::var("LANG").unwrap_or_default()),
        }
    }

    /// `--csv` to `--out` or stdout, else one page.
    async fn print<P: serde::Serialize>(
        &self,
        ctx: &Context,
        export: impl AsyncFnOnce(&std::path::Path) -> Result<u32, AppError>,
        csv: impl AsyncFnOnce() -> Result<String, AppError>,
        page: impl AsyncFnOnce() -> Result<P, AppError>,
        text: fn(&P) -> String,
    ) -> Result<(), AppError> {
        if !self.csv {
            let page = page().await?;
            return ctx.print(&page, || text(&page));
        }
        match &self.out {
            Some(path) => {
                let n = export(path).await?;
                ctx.print(&serde_json::json!({ "events": n, "file": path }), || {
                    format!("{n} events written to {}", path.display())
                })
            }
            None => {
                print!("{}", csv().await?);
                Ok(())
            }
        }
    }
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    #[arg(long)]
    pub client: String,
    /// What a member did and what was done to them (e-mail, name or id).
    #[arg(long)]
    pub member: Option<String>,
    /// An item by id.
    #[arg(long)]
    pub item: Option<String>,
    /// A collection by name or id.
    #[arg(long)]
    pub collection: Option<String>,
    /// A group by name or id.
    #[arg(long)]
    pub group: Option<String>,
    #[command(flatten)]
    pub log: LogArgs,
}

fn pick(choices: &[FilterChoice], query: &str, what: &str) -> Result<String, AppError> {
    let q = query.trim().to_lowercase();
    let found: Vec<&FilterChoice> = choices
        .iter()
        .filter(|c| {
            c.id.to_lowercase() == q
                || c.label.to_lowercase() == q
                || c.label.to_lowercase().contains(&format!("<{q}>"))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(AppError::new(
            desk_core::ErrorCode::NotFound,
            format!(
                "no {what} \"{}\" in this client's snapshot",
                sanitize(query)
            ),
        )),
        _ => Err(AppError::invalid_input(format!(
            "\"{}\" names more than one {what}: use its id",
            sanitize(query)
        ))),
    }
}

pub async fn events(ctx: &Context, args: &EventsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    let org = client.organization_id.as_str();
    let lang = args.log.lang();
    let mut filter = EventFilter {
        since: args.log.since.clone(),
        until: args.log.until.clone(),
        item_id: args.item.clone(),
        device: args.log.device,
        page: args.log.page,
        ..EventFilter::default()
    };
    for t in &args.log.types {
        filter.add_type(t)?;
    }
    if args.member.is_some() || args.collection.is_some() || args.group.is_some() {
        let choices = core.events_page(org, &EventFilter::default(), lang).await?;
        if let Some(m) = &args.member {
            filter.member_id = Some(pick(&choices.members, m, "member")?);
        }
        if let Some(c) = &args.collection {
            filter.collection_id = Some(pick(&choices.collections, c, "collection")?);
        }
        if let Some(g) = &args.group {
            filter.group_id = Some(pick(&choices.groups, g, "group")?);
        }
    }
    let filter = &filter;
    args.log
        .print(
            ctx,
            async |path| core.export_events(org, filter, lang, path).await,
            async || Ok(core.events_csv(org, filter, lang).await?.1),
            async || core.events_page(org, filter, lang).await,
            text,
        )
        .await
}

fn text(p: &EventsPage) -> String {
    let as_of = format!(", as of {}", p.as_of.as_deref().unwrap_or("never"));
    let client = sanitize(&p.client_name);
    log_text(
        &client,
        &as_of,
        p.page * p.page_size,
        p.total,
        &p.events,
        &p.gaps,
    )
}

fn provider_text(p: &ProviderEventsPage) -> String {
    let provider = format!("{} (provider)", sanitize(&p.provider_name));
    log_text(
        &provider,
        "",
        p.page * p.page_size,
        p.total,
        &p.events,
        &p.gaps,
    )
}

/// A page of an event log as text: whose log and which of its events
/// (`first` counts from 0), the ranges that may be missing, the rows.
fn log_text(
    whose: &str,
    suffix: &str,
    first: u32,
    total: u32,
    events: &[EventView],
    gaps: &[EventGap],
) -> String {
    let mut out = format!(
        "{whose} — events {}–{} of {total}{suffix}",
        if events.is_empty() { 0 } else { first + 1 },
        first + u32::try_from(events.len()).unwrap_or(0),
    );
    for g in gaps {
        out.push_str(&format!(
            "\n! events between {} and {} may be missing (the server could not page through them)",
            sanitize(&g.start),
            sanitize(&g.end)
        ));
    }
    rows(&mut out, events);
    out
}

/// `pdesk provider events`: the provider's own log (provider admins).
#[derive(Args, Debug)]
pub struct ProviderEventsArgs {
    /// A provider user (e-mail, name or id): what they did and what was done to them.
    #[arg(long)]
    pub user: Option<String>,
    /// A client (name or id).
    #[arg(long)]
    pub client: Option<String>,
    #[command(flatten)]
    pub log: LogArgs,
}

pub async fn provider_events(ctx: &Context, args: &ProviderEventsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let lang = args.log.lang();
    let mut filter = ProviderEventFilter {
        since: args.log.since.clone(),
        until: args.log.until.clone(),
        device: args.log.device,
        page: args.log.page,
        ..ProviderEventFilter::default()
    };
    for t in &args.log.types {
        filter.add_type(t)?;
    }
    if args.user.is_some() || args.client.is_some() {
        let choices = core
            .provider_events_page(&ProviderEventFilter::default(), lang)
            .await?;
        if let Some(u) = &args.user {
            filter.provider_user_id = Some(pick(&choices.users, u, "provider user")?);
        }
        if let Some(c) = &args.client {
            filter.client_id = Some(pick(&choices.clients, c, "client")?);
        }
    }
    let filter = &filter;
    args.log
        .print(
            ctx,
            async |path| core.export_provider_events(filter, lang, path).await,
            async || Ok(core.provider_events_csv(filter, lang).await?.1),
            async || core.provider_events_page(filter, lang).await,
            provider_text,
        )
        .await
}

fn rows(out: &mut String, events: &[EventView]) {
    for e in events {
        out.push_str(&format!(
            "\n{:<24} {:<28} {:<52} {:<20} {}",
            truncate(&sanitize(&e.date), 24),
            truncate(&sanitize(&e.actor_name), 28),
            truncate(&sanitize(&e.message), 52),
            truncate(&e.app_name, 20),
            e.ip.as_deref().map(sanitize).unwrap_or_default()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_page_says_whose_it_is_which_events_and_what_may_be_missing() {
        let gap = EventGap {
            start: "2026-11-01T00:00:00Z".into(),
            end: "2026-11-02T00:00:00\u{1b}[31mZ".into(),
        };
        let text = log_text("Acme", ", as of never", 100, 120, &[], &[gap]);
        assert_eq!(
            text,
            "Acme — events 0–100 of 120, as of never\n! events between \
             2026-11-01T00:00:00Z and 2026-11-02T00:00:00?[31mZ may be missing \
             (the server could not page through them)"
        );
    }
}
