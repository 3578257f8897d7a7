//! `pdesk report health`: a client's vault and member health, or every
//! client's in one table, from the snapshot (works offline). `--csv` for
//! spreadsheets; findings name items, never passwords.

use crate::context::{Context, sanitize, truncate};
use clap::{Args, Subcommand};
use desk_core::AppError;
use desk_core::health::{Finding, HealthReport};

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
}

pub async fn report(ctx: &Context, command: &ReportCommand) -> Result<(), AppError> {
    let ReportCommand::Health(args) = command;
    let core = ctx.unlocked().await?;
    if let Some(client) = &args.client {
        let client = core.find_client(client).await?;
        let report = core.health_report(&client.organization_id).await?;
        if args.csv {
            print!("{}", findings_csv(&report));
            return Ok(());
        }
        return ctx.print(&report, || client_text(&report));
    }
    let all = core.health_reports().await?;
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
            "{:<32} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
            "Client", "Items", "Weak", "Reused", "http", "No 2FA", "Pending"
        );
        for r in &all {
            match r {
                Ok(r) => text.push_str(&format!(
                    "\n{:<32} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
                    truncate(&sanitize(&r.client_name), 32),
                    r.items_checked,
                    r.count(Finding::VeryWeak) + r.count(Finding::Weak),
                    r.count(Finding::Reused),
                    r.count(Finding::Unsecured),
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

/// One CSV field: quoted when needed, and text a spreadsheet would run as
/// a formula (`=`, `+`, `-`, `@` first) kept as text.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

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
        "client,as_of,items_checked,very_weak,weak,reused,unsecured,without_two_step,not_enrolled,owners,stale_invites,awaiting_confirmation,error\n",
    );
    for r in all {
        match r {
            Ok(r) => {
                let m = &r.members;
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{},\n",
                    field(&r.client_name),
                    r.as_of.as_deref().unwrap_or(""),
                    r.items_checked,
                    r.count(Finding::VeryWeak),
                    r.count(Finding::Weak),
                    r.count(Finding::Reused),
                    r.count(Finding::Unsecured),
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
                "{},,,,,,,,,,,,{}\n",
                field(name),
                field(&e.message)
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
    }
}
