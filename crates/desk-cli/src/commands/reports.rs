//! `pdesk report health`: a client's vault and member health, or every
//! client's in one table, from the snapshot (works offline). `--csv` for
//! spreadsheets; findings name items, never passwords.

use crate::context::{Context, sanitize, truncate};
use clap::{Args, Subcommand};
use desk_core::AppError;
use desk_core::health::{BreachCheck, Finding, HealthOptions, HealthReport};

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Weak, reused and http:// passwords, and member health.
    Health(HealthArgs),
}

#[derive(Args, Debug)]
pub struct HealthArgs {
    /// One client.
    #[arg(long, conflicts_with = "all", required_unless_present = "all")]
    pub client: Option<String>,
    /// Every client, one row each.
    #[arg(long)]
    pub all: bool,
    /// Comma-separated values instead of a table.
    #[arg(long)]
    pub csv: bool,
    /// Exposed passwords: `online` asks Have I Been Pwned (only the first
    /// 5 hex digits of each password's SHA-1 leave the machine), `cached`
    /// uses the answers kept in the snapshot, `off` skips the check.
    #[arg(long, value_enum, default_value_t = Breaches::Online)]
    pub breaches: Breaches,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaches {
    Online,
    Cached,
    Off,
}

impl HealthArgs {
    fn options(&self) -> HealthOptions {
        let breaches = match self.breaches {
            Breaches::Online => BreachCheck::Online,
            Breaches::Cached => BreachCheck::Cached,
            Breaches::Off => BreachCheck::Off,
        };
        HealthOptions {
            breaches,
            online: breaches == BreachCheck::Online,
        }
    }
}

pub async fn report(ctx: &Context, command: &ReportCommand) -> Result<(), AppError> {
    let ReportCommand::Health(args) = command;
    let core = ctx.unlocked().await?;
    if let Some(client) = &args.client {
        let client = core.find_client(client).await?;
        let report = core
            .health_report(&client.organization_id, args.options())
            .await?;
        if args.csv {
            print!("{}", findings_csv(&report));
            return Ok(());
        }
        return ctx.print(&report, || client_text(&report));
    }
    let all = core.health_reports(args.options()).await?;
    if args.csv {
        print!("{}", summary_csv(&all));
        return Ok(());
    }
    let json: Vec<serde_json::Value> = all
        .iter()
        .map(|r| match r {
            Ok(report) => serde_json::to_value(report).unwrap_or_default(),
            Err((name, error)) => serde_json::json!({"clientName": name, "error": error}),
        })
        .collect();
    ctx.print(&json, || {
        let mut text = format!(
            "{:<32} {:>6} {:>7} {:>6} {:>6} {:>6} {:>8} {:>6} {:>8}",
            "Client", "Items", "Exposed", "Weak", "Reused", "http", "No TOTP", "No 2FA", "Pending"
        );
        for r in &all {
            match r {
                Ok(r) => text.push_str(&format!(
                    "\n{:<32} {:>6} {:>7} {:>6} {:>6} {:>6} {:>8} {:>6} {:>8}",
                    truncate(&sanitize(&r.client_name), 32),
                    r.items_checked,
                    r.count(Finding::Exposed),
                    r.count(Finding::VeryWeak) + r.count(Finding::Weak),
                    r.count(Finding::Reused),
                    r.count(Finding::Unsecured),
                    r.count(Finding::InactiveTwoStep),
                    r.members.without_two_step.len(),
                    r.members.awaiting_confirmation.len() + r.members.stale_invites.len(),
                )),
                Err((name, e)) => text.push_str(&format!(
                    "\n{:<32} {}",
                    truncate(&sanitize(name), 32),
                    sanitize(&e.message)
                )),
            }
        }
        text
    })
}

fn finding_word(f: Finding) -> &'static str {
    match f {
        Finding::VeryWeak => "very weak",
        Finding::Weak => "weak",
        Finding::Reused => "reused",
        Finding::Unsecured => "unsecured",
        Finding::Exposed => "exposed",
        Finding::InactiveTwoStep => "no TOTP",
    }
}

fn client_text(r: &HealthReport) -> String {
    let mut text = format!(
        "{} — {} live logins checked, as of {}",
        sanitize(&r.client_name),
        r.items_checked,
        r.as_of.as_deref().unwrap_or("never")
    );
    for f in &r.findings {
        text.push_str(&format!(
            "\n  {:<10} {:<32} {}",
            finding_word(f.finding),
            truncate(&sanitize(&f.name), 32),
            f.detail.as_deref().map(sanitize).unwrap_or_default()
        ));
    }
    let b = &r.breaches;
    text.push_str(&match b.check {
        BreachCheck::Off => "\nExposed passwords: not checked (--breaches off)".to_owned(),
        _ => format!(
            "\nExposed passwords: {} of {} distinct passwords checked ({} requests; breach data as of {}){}",
            b.checked,
            b.passwords,
            b.requests,
            b.oldest_answer.as_deref().unwrap_or("—"),
            b.error
                .as_deref()
                .map(|e| format!("; {}", sanitize(e)))
                .unwrap_or_default()
        ),
    });
    let t = &r.totp_sites;
    text.push_str(&format!(
        "\nTOTP sites: {} ({})",
        t.sites,
        t.as_of
            .as_deref()
            .map(|a| format!("2fa.directory as of {a}"))
            .unwrap_or_else(|| "the list shipped with Provider Desk".to_owned())
    ));
    let m = &r.members;
    text.push_str(&format!(
        "\nMembers: {} owners; without two-step login: {}; awaiting confirmation: {}; invitations older than 5 days: {}",
        m.owners,
        m.without_two_step.len(),
        m.awaiting_confirmation.len(),
        m.stale_invites.len()
    ));
    if let Some(not) = &m.not_enrolled {
        text.push_str(&format!(
            "; not enrolled in account recovery: {}",
            not.len()
        ));
    }
    text
}

use desk_core::csv::field;

fn findings_csv(r: &HealthReport) -> String {
    let mut out = String::from("client,item_id,item,finding,detail\n");
    for f in &r.findings {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            field(&r.client_name),
            field(&f.item_id),
            field(&f.name),
            finding_word(f.finding),
            field(f.detail.as_deref().unwrap_or(""))
        ));
    }
    out
}

fn summary_csv(all: &[Result<HealthReport, (String, AppError)>]) -> String {
    let mut out = String::from(
        "client,as_of,items_checked,exposed,very_weak,weak,reused,unsecured,inactive_two_step,without_two_step,not_enrolled,owners,stale_invites,awaiting_confirmation,error\n",
    );
    for r in all {
        match r {
            Ok(r) => {
                let m = &r.members;
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{},{},{},\n",
                    field(&r.client_name),
                    r.as_of.as_deref().unwrap_or(""),
                    r.items_checked,
                    r.count(Finding::Exposed),
                    r.count(Finding::VeryWeak),
                    r.count(Finding::Weak),
                    r.count(Finding::Reused),
                    r.count(Finding::Unsecured),
                    r.count(Finding::InactiveTwoStep),
                    m.without_two_step.len(),
                    m.not_enrolled
                        .as_ref()
                        .map_or(String::new(), |n| n.len().to_string()),
                    m.owners,
                    m.stale_invites.len(),
                    m.awaiting_confirmation.len()
                ));
            }
            Err((name, e)) => out.push_str(&format!(
                "{},,,,,,,,,,,,,,{}\n",
                field(name),
                field(&e.message)
            )),
        }
    }
    out
}
