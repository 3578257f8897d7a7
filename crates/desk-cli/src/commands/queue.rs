//! The write path on the command line: `pdesk client create|update` plan a
//! change (`--dry-run` prints the plan, `--yes` applies without asking) and
//! `pdesk queue` shows, applies, retries or discards what is queued.

use crate::context::{Context, sanitize};
use clap::{Args, Subcommand, ValueEnum};
use desk_core::clients::{ClientPlan, NewClientInput, UpdateClientInput};
use desk_core::core::Core;
use desk_core::jobs::{JobStatus, JobView, Operation, Submitted};
use desk_core::{AppError, ErrorCode};
use std::io::{BufRead, IsTerminal, Write};
use tokio_util::sync::CancellationToken;

/// What every write command takes.
#[derive(Args, Debug, Clone, Copy)]
pub struct WriteArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking.
    #[arg(long, conflicts_with = "dry_run")]
    pub yes: bool,
    /// Queue the change without sending it now (`pdesk queue apply` sends it).
    #[arg(long, conflicts_with = "dry_run")]
    pub queue_only: bool,
}

#[derive(Subcommand, Debug)]
pub enum ClientCommand {
    /// Create a client organization (consolidated billing).
    Create(CreateArgs),
    /// Change a client's assigned seats and/or name.
    Update(UpdateArgs),
    /// Organizations you own that may join the provider (asks the server).
    Addable,
    /// Bring an organization you own into the provider as a client.
    AddExisting {
        /// Its name or organization id (see `pdesk client addable`).
        #[arg(long)]
        org: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Unlink a client from the provider: it keeps its data and, under
    /// consolidated billing, gets its own subscription. Needs --confirm with
    /// the client's exact name, and a confirmed owner in the client.
    Unlink {
        #[arg(long)]
        client: String,
        /// The client's name, typed again.
        #[arg(long)]
        confirm: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// A client's Billing page (plan, seats, its own subscription); with
    /// --business-name or --billing-email, change them.
    Billing(super::billing::ClientBillingArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Plan {
    Teams,
    Enterprise,
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub owner_email: String,
    #[arg(long, value_enum)]
    pub plan: Plan,
    #[arg(long)]
    pub seats: i32,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// The client (name or part of it, or its organization id).
    #[arg(long)]
    pub client: String,
    /// The new number of assigned seats.
    #[arg(long)]
    pub seats: Option<i32>,
    /// The new name.
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Subcommand, Debug)]
pub enum QueueCommand {
    /// Every queued change with its state (the default).
    List,
    /// Send the pending changes now.
    Apply,
    /// Queue a failed or conflicting change again (it is checked first).
    Retry { id: u32 },
    /// Drop a change that was not applied.
    Discard { id: u32 },
}

pub async fn client(ctx: &Context, command: &ClientCommand) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let (operations, write) = match command {
        ClientCommand::Create(args) => {
            let input = NewClientInput {
                name: args.name.clone(),
                owner_email: args.owner_email.clone(),
                seats: args.seats,
                plan: match args.plan {
                    Plan::Teams => ClientPlan::Teams,
                    Plan::Enterprise => ClientPlan::Enterprise,
                },
            };
            (core.create_client_operations(input).await?, args.write)
        }
        ClientCommand::Update(args) => {
            let client = core.find_client(&args.client).await?;
            let input = UpdateClientInput {
                organization_id: client.organization_id.clone(),
                name: args.name.clone().unwrap_or_else(|| client.name.clone()),
                assigned_seats: args.seats,
            };
            (core.update_client_operations(input).await?, args.write)
        }
        ClientCommand::Addable => {
            let list = core.addable_clients().await?;
            return ctx.print(&list, || {
                if list.is_empty() {
                    return "No organization you own can join the provider.".to_owned();
                }
                list.iter()
                    .map(|o| {
                        format!(
                            "{}  {} ({}, {} seats){}",
                            o.organization_id,
                            sanitize(&o.name),
                            sanitize(&o.plan),
                            o.seats.map_or_else(|| "?".to_owned(), |n| n.to_string()),
                            if o.disabled { ", disabled" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ClientCommand::AddExisting { org, write } => {
            (core.add_existing_client_operations(org).await?, *write)
        }
        ClientCommand::Unlink {
            client,
            confirm,
            write,
        } => {
            let client = core.find_client(client).await?;
            let input = desk_core::clients::UnlinkInput {
                organization_id: client.organization_id,
                confirm_name: confirm.clone(),
            };
            (core.unlink_client_operations(input).await?, *write)
        }
        ClientCommand::Billing(args) => return super::billing::client_billing(ctx, args).await,
    };
    write_through_queue(ctx, &core, operations, write).await
}

/// The shared end of every write command: print the plan, stop there on
/// `--dry-run`, ask unless `--yes`, then submit and report each job.
pub async fn write_through_queue(
    ctx: &Context,
    core: &Core,
    operations: Vec<Operation>,
    args: WriteArgs,
) -> Result<(), AppError> {
    if !plan_or_confirm(ctx, core, &operations, args)? {
        return Ok(());
    }
    let submitted = core.submit(operations, !args.queue_only).await?;
    report(ctx, &submitted, args.queue_only)
}

/// `--dry-run` prints the plan (false: stop here); otherwise asks in a
/// terminal unless `--yes` (true: go on).
pub(crate) fn plan_or_confirm(
    ctx: &Context,
    core: &Core,
    operations: &[Operation],
    args: WriteArgs,
) -> Result<bool, AppError> {
    let plan = core.describe(operations);
    if args.dry_run {
        ctx.print(&serde_json::json!({"dryRun": true, "plan": plan}), || {
            let mut text = String::from("Plan (nothing was changed):");
            for change in &plan {
                text.push_str(&format!("\n  {}", sanitize(&change.description)));
            }
            text
        })?;
        return Ok(false);
    }
    if !args.yes {
        confirm(
            &plan
                .iter()
                .map(|c| sanitize(&c.description))
                .collect::<Vec<_>>(),
        )?;
    }
    Ok(true)
}

pub(crate) fn confirm(lines: &[String]) -> Result<(), AppError> {
    if !std::io::stdin().is_terminal() {
        return Err(AppError::invalid_input(
            "This changes the server: add --yes to apply it without asking (or --dry-run to see the plan).",
        ));
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "This will:");
    for line in lines {
        let _ = writeln!(err, "  {line}");
    }
    let _ = write!(err, "Apply? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| AppError::internal(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(AppError::invalid_input("Nothing was changed."))
    }
}

/// Prints each job; the exit status is the batch's worst outcome (a job
/// queued on purpose with --queue-only is no failure).
pub(crate) fn report(
    ctx: &Context,
    submitted: &Submitted,
    queue_only: bool,
) -> Result<(), AppError> {
    ctx.print(submitted, || {
        submitted
            .jobs
            .iter()
            .map(job_line)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let all_queued = submitted
        .jobs
        .iter()
        .all(|j| j.status == JobStatus::Pending);
    match submitted.error() {
        Some(_) if queue_only && all_queued => Ok(()),
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn status_word(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Pending => "pending",
        JobStatus::Applying => "applying",
        JobStatus::Done => "done",
        JobStatus::Failed => "failed",
        JobStatus::Conflict => "conflict",
        JobStatus::Discarded => "discarded",
    }
}

pub(crate) fn job_line(job: &JobView) -> String {
    let mut line = format!(
        "#{:<5} {:<9} {}",
        job.id,
        status_word(job.status),
        sanitize(&job.description)
    );
    if let Some(error) = &job.error {
        line.push_str(&format!("\n        {}", sanitize(&error.message)));
    }
    line
}

pub async fn queue(ctx: &Context, command: &QueueCommand) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    match command {
        QueueCommand::List => {}
        QueueCommand::Apply => {
            let summary = core.apply_queue(None, CancellationToken::new()).await?;
            ctx.print(&summary, || {
                format!(
                    "{} applied, {} failed, {} conflicts, {} still pending.",
                    summary.done, summary.failed, summary.conflicts, summary.pending
                )
            })?;
            return if summary.failed > 0 || summary.conflicts > 0 {
                Err(AppError::new(
                    ErrorCode::Conflict,
                    "Some changes did not apply: see `pdesk queue`.",
                ))
            } else if summary.pending > 0 {
                Err(AppError::new(
                    ErrorCode::Offline,
                    "Some changes are still pending: the server could not take them now.",
                ))
            } else {
                Ok(())
            };
        }
        QueueCommand::Retry { id } => core.retry_job(*id).await?,
        QueueCommand::Discard { id } => core.discard_job(*id).await?,
    }
    let jobs = core.queue().await?;
    ctx.print(&jobs, || {
        if jobs.is_empty() {
            "The queue is empty.".to_owned()
        } else {
            jobs.iter().map(job_line).collect::<Vec<_>>().join("\n")
        }
    })
}
