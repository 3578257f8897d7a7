//! `pdesk provider billing|invoices|address|settings` and
//! `pdesk client billing`: read from the snapshot (offline, with the time
//! they were read); changes through the write queue; an invoice's
//! per-client CSV saved as the server sent it.

use super::queue::{WriteArgs, write_through_queue};
use crate::context::{Context, sanitize};
use clap::Args;
use desk_core::AppError;
use desk_core::billing::{
    BillingWarning, ClientBillingInput, ProviderAddress, ProviderBillingPage, ProviderDetailsInput,
};
use std::path::PathBuf;

fn as_of(page_as_of: Option<&str>) -> String {
    match page_as_of {
        Some(t) => format!("(as of {t})"),
        None => "(not read yet: run `pdesk sync` while online)".to_owned(),
    }
}

fn note(text: Option<&str>) -> String {
    format!("  {}", sanitize(text.unwrap_or("not read yet")))
}

fn money(n: f64) -> String {
    format!("${n:.2}")
}

fn warning_text(w: &BillingWarning) -> String {
    match w {
        BillingWarning::Suspended {
            resolution,
            cancels_at,
        } => format!(
            "Warning: the provider's subscription is suspended ({}){}",
            sanitize(&format!("{resolution:?}")),
            cancels_at
                .as_deref()
                .map(|t| format!("; it ends {}", sanitize(t)))
                .unwrap_or_default()
        ),
        BillingWarning::TaxId { problem } => {
            format!("Warning: tax id — {}", sanitize(&format!("{problem:?}")))
        }
    }
}

fn subscription_text(page: &ProviderBillingPage) -> String {
    let mut text = format!(
        "{} — subscription {}",
        sanitize(&page.provider_name),
        as_of(page.as_of.as_deref())
    );
    for w in &page.warnings {
        text.push_str(&format!("\n{}", warning_text(w)));
    }
    match &page.subscription {
        Some(s) => {
            text.push_str(&format!(
                "\nStatus: {:?}   period ends: {}   total: {}{}",
                s.status,
                sanitize(s.current_period_end.as_deref().unwrap_or("—")),
                money(s.total_cost),
                s.discount_percentage
                    .map(|d| format!(" ({d}% discount)"))
                    .unwrap_or_default()
            ));
            text.push_str(&format!(
                "\n{:<28} {:>8} {:>10} {:>9} {:>10} {}",
                "Plan", "Minimum", "Purchased", "Assigned", "Cost", "Cadence"
            ));
            for p in &s.plans {
                text.push_str(&format!(
                    "\n{:<28} {:>8} {:>10} {:>9} {:>10} {:?}",
                    sanitize(&p.plan_name),
                    p.seat_minimum,
                    p.purchased_seats,
                    p.assigned_seats,
                    money(p.cost),
                    p.cadence
                ));
            }
        }
        None => text.push_str(&format!("\n{}", note(page.subscription_note.as_deref()))),
    }
    text
}

/// `pdesk provider billing`.
pub async fn provider_billing(ctx: &Context) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let page = core.provider_billing().await?;
    ctx.print(&page, || subscription_text(&page))
}

#[derive(Args, Debug)]
pub struct InvoicesArgs {
    /// Save this invoice's per-client report (CSV, as Bitwarden sends it).
    #[arg(long, value_name = "INVOICE_ID")]
    pub save: Option<String>,
    /// Where to save it (a file; replaced if it exists). Default: the current
    /// folder, named after the provider and the invoice number.
    #[arg(long, requires = "save")]
    pub out: Option<PathBuf>,
}

/// `pdesk provider invoices [--save ID [--out FILE]]`.
pub async fn provider_invoices(ctx: &Context, args: &InvoicesArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    if let Some(id) = &args.save {
        let (path, replace) = match &args.out {
            Some(path) => (path.clone(), true),
            None => (
                core.invoice_csv_path(id, std::path::Path::new(".")).await?,
                false,
            ),
        };
        let saved = core.save_invoice_csv(id, &path, replace).await?;
        return ctx.print(&saved, || {
            format!("Saved {} ({} bytes)", sanitize(&saved.path), saved.bytes)
        });
    }
    let page = core.provider_billing().await?;
    ctx.print(&page.invoices, || {
        let mut text = format!("Invoices {}", as_of(page.as_of.as_deref()));
        match &page.invoices {
            Some(list) if list.is_empty() => text.push_str("\n  No invoices yet."),
            Some(list) => {
                text.push_str(&format!(
                    "\n{:<30} {:<16} {:<12} {:>11} {:<14} {}",
                    "Id", "Number", "Date", "Total", "Status", "Due"
                ));
                for i in list {
                    text.push_str(&format!(
                        "\n{:<30} {:<16} {:<12} {:>11} {:<14} {}",
                        sanitize(&i.id),
                        sanitize(&i.number),
                        sanitize(&i.date.chars().take(10).collect::<String>()),
                        money(i.total),
                        format!("{:?}", i.status),
                        sanitize(
                            &i.due_date
                                .as_deref()
                                .unwrap_or("—")
                                .chars()
                                .take(10)
                                .collect::<String>()
                        )
                    ));
                }
            }
            None => text.push_str(&format!("\n{}", note(page.invoices_note.as_deref()))),
        }
        text
    })
}

#[derive(Args, Debug)]
pub struct AddressArgs {
    /// Two-letter country code; giving it (with --postal-code) replaces the
    /// address, leaving it out shows the stored one.
    #[arg(long, requires = "postal_code")]
    pub country: Option<String>,
    #[arg(long)]
    pub postal_code: Option<String>,
    #[arg(long)]
    pub line1: Option<String>,
    #[arg(long)]
    pub line2: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub state: Option<String>,
    /// Stripe's tax id type, e.g. eu_vat, us_ein, gb_vat.
    #[arg(long, requires = "tax_id")]
    pub tax_id_type: Option<String>,
    #[arg(long)]
    pub tax_id: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `pdesk provider address [--country … --postal-code … ]`.
pub async fn provider_address(ctx: &Context, args: &AddressArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let Some(country) = &args.country else {
        let page = core.provider_billing().await?;
        return ctx.print(&page.address, || {
            let mut text = format!("Billing address {}", as_of(page.as_of.as_deref()));
            match &page.address {
                Some(a) => {
                    for line in [&a.line1, &a.line2, &a.city, &a.state]
                        .into_iter()
                        .flatten()
                    {
                        text.push_str(&format!("\n  {}", sanitize(line)));
                    }
                    text.push_str(&format!(
                        "\n  {} {}",
                        sanitize(&a.postal_code),
                        sanitize(&a.country)
                    ));
                    if let (Some(kind), Some(id)) = (&a.tax_id_type, &a.tax_id) {
                        text.push_str(&format!(
                            "\n  Tax id: {} ({})",
                            sanitize(id),
                            sanitize(kind)
                        ));
                    }
                }
                None => text.push_str(&format!("\n{}", note(page.address_note.as_deref()))),
            }
            text
        });
    };
    let ops = core
        .provider_address_operations(ProviderAddress {
            country: country.clone(),
            postal_code: args.postal_code.clone().unwrap_or_default(),
            line1: args.line1.clone(),
            line2: args.line2.clone(),
            city: args.city.clone(),
            state: args.state.clone(),
            tax_id_type: args.tax_id_type.clone(),
            tax_id: args.tax_id.clone(),
        })
        .await?;
    write_through_queue(ctx, &core, ops, args.write).await
}

/// The business name and billing e-mail a provider and a client share.
#[derive(Args, Debug)]
pub struct DetailsArgs {
    /// The business name ("" clears it).
    #[arg(long)]
    pub business_name: Option<String>,
    #[arg(long)]
    pub billing_email: Option<String>,
}

impl DetailsArgs {
    fn given(&self) -> bool {
        self.business_name.is_some() || self.billing_email.is_some()
    }
}

#[derive(Args, Debug)]
pub struct SettingsArgs {
    /// The provider's new name.
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub details: DetailsArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `pdesk provider settings [--name …] [--business-name …] [--billing-email …]`.
pub async fn provider_settings(ctx: &Context, args: &SettingsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    if args.name.is_none() && !args.details.given() {
        let page = core.provider_billing().await?;
        return ctx.print(&page.details, || {
            let mut text = format!("Provider details {}", as_of(page.as_of.as_deref()));
            match &page.details {
                Some(d) => {
                    let field = |label: &str, v: Option<&str>| {
                        format!("\n  {label:<16} {}", sanitize(v.unwrap_or("—")))
                    };
                    text.push_str(&field("Name", Some(&d.name)));
                    text.push_str(&field("Business name", d.business_name.as_deref()));
                    text.push_str(&field("Billing e-mail", d.billing_email.as_deref()));
                    for line in &d.business_address {
                        text.push_str(&field("Address", Some(line)));
                    }
                    text.push_str(&field("Country", d.business_country.as_deref()));
                    text.push_str(&field("Tax number", d.business_tax_number.as_deref()));
                }
                None => text.push_str(&format!("\n{}", note(page.details_note.as_deref()))),
            }
            text
        });
    }
    let ops = core
        .provider_details_operations(ProviderDetailsInput {
            name: args.name.clone(),
            business_name: args.details.business_name.clone(),
            billing_email: args.details.billing_email.clone(),
        })
        .await?;
    write_through_queue(ctx, &core, ops, args.write).await
}

#[derive(Args, Debug)]
pub struct ClientBillingArgs {
    /// The client (name or part of it, or its organization id).
    #[arg(long)]
    pub client: String,
    #[command(flatten)]
    pub details: DetailsArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `pdesk client billing --client X [--business-name …] [--billing-email …]`.
pub async fn client_billing(ctx: &Context, args: &ClientBillingArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    if !args.details.given() {
        let page = core.client_billing(&client.organization_id).await?;
        return ctx.print(&page, || {
            let seat = |n: Option<i32>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
            let mut text = format!(
                "{} — billing {}\n  Plan: {}\n  Seats: {} assigned, {} used, {} free",
                sanitize(&page.name),
                as_of(page.as_of.as_deref()),
                sanitize(page.plan.as_deref().unwrap_or("—")),
                seat(page.seats.assigned),
                page.seats.used,
                seat(page.seats.free)
            );
            text.push_str(&format!(
                "\n  Business name: {}\n  Billing e-mail: {}",
                sanitize(page.business_name.as_deref().unwrap_or("—")),
                sanitize(page.billing_email.as_deref().unwrap_or("—"))
            ));
            match &page.subscription {
                Some(s) => {
                    text.push_str(&format!(
                        "\n  Subscription: {:?}, period {} – {}",
                        s.status,
                        sanitize(s.period_start.as_deref().unwrap_or("?")),
                        sanitize(s.period_end.as_deref().unwrap_or("?"))
                    ));
                    for i in &s.items {
                        text.push_str(&format!(
                            "\n    {} × {} at {} {}",
                            i.quantity,
                            sanitize(&i.name),
                            money(i.amount),
                            sanitize(i.interval.as_deref().unwrap_or(""))
                        ));
                    }
                }
                None => text.push_str(&format!("\n{}", note(page.subscription_note.as_deref()))),
            }
            if let Some(u) = &page.upcoming_invoice {
                text.push_str(&format!(
                    "\n  Upcoming invoice: {} on {}",
                    money(u.amount),
                    sanitize(u.date.as_deref().unwrap_or("?"))
                ));
            }
            text
        });
    }
    let ops = core
        .client_billing_operations(ClientBillingInput {
            organization_id: client.organization_id,
            business_name: args.details.business_name.clone(),
            billing_email: args.details.billing_email.clone(),
        })
        .await?;
    write_through_queue(ctx, &core, ops, args.write).await
}
