//! The Admin Console's member tasks on the command line: list, invite,
//! reinvite, confirm (with the fingerprint step), edit, revoke, restore,
//! remove; a client's seats; account recovery. Every write goes through
//! the queue (`--dry-run`, `--yes`, `--queue-only`).

use super::queue::{WriteArgs, write_through_queue};
use crate::context::{Context, sanitize, truncate};
use clap::{Args, Subcommand, ValueEnum};
use desk_core::core::Core;
use desk_core::members::{
    CollectionGrant, CollectionLevel, ConfirmInput, ConfirmPreview, EditMemberInput, InviteInput,
    MemberAccess, MemberChangeInput, MemberFilter, MembersPage, NewPassword, Permission,
    RecoverInput, RecoveryPolicyInput, Role, SetSeatsInput, StatusChange,
};
use desk_core::{AppError, ErrorCode};
use std::io::{IsTerminal, Read, Write};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MembersArgs {
    #[command(subcommand)]
    pub command: Option<MembersCommand>,
    /// The client (list its members).
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum MembersCommand {
    /// The client's members, from the snapshot.
    List(ListArgs),
    /// Invite people (split in calls of 20), with a role and access.
    Invite(InviteArgs),
    /// Send invitations again.
    Reinvite(TargetArgs),
    /// Confirm members who accepted, after comparing their fingerprint phrase.
    Confirm(TargetArgs),
    /// Replace a member's role, permissions, collections and groups.
    Edit(EditArgs),
    /// Revoke members' access (they keep their account; no seat).
    Revoke(TargetArgs),
    /// Restore revoked members.
    Restore(TargetArgs),
    /// Remove members from the client.
    Remove(TargetArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FilterArg {
    All,
    Invited,
    NeedsConfirmation,
    Revoked,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long)]
    pub client: String,
    #[arg(long, value_enum, default_value = "all")]
    pub filter: FilterArg,
    /// Only members whose name or e-mail contains this.
    #[arg(long)]
    pub search: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    Owner,
    Admin,
    User,
    Custom,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Owner => Role::Owner,
            RoleArg::Admin => Role::Admin,
            RoleArg::User => Role::User,
            RoleArg::Custom => Role::Custom,
        }
    }
}

#[derive(Args, Debug)]
pub struct AccessArgs {
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// A Custom role's permission (repeatable): manage-users, access-event-logs, …
    #[arg(long = "permission")]
    pub permissions: Vec<String>,
    /// Collection access NAME:LEVEL (repeatable); LEVEL is view,
    /// view-except-passwords, edit, edit-except-passwords or manage.
    #[arg(long = "collection")]
    pub collections: Vec<String>,
    /// A group by name (repeatable).
    #[arg(long = "group")]
    pub groups: Vec<String>,
}

#[derive(Args, Debug)]
pub struct InviteArgs {
    #[arg(long)]
    pub client: String,
    /// An e-mail address to invite (repeatable).
    #[arg(long = "email", required = true)]
    pub emails: Vec<String>,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct TargetArgs {
    #[arg(long)]
    pub client: String,
    /// A member by e-mail or id (repeatable for bulk).
    #[arg(long = "member", required = true)]
    pub members: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    #[arg(long)]
    pub client: String,
    #[arg(long)]
    pub member: String,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct SeatsArgs {
    #[arg(long)]
    pub client: String,
    /// The number of seats the client should have.
    #[arg(long)]
    pub set: i32,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Args, Debug)]
pub struct RecoverArgs {
    #[arg(long)]
    pub client: String,
    #[arg(long)]
    pub member: String,
    /// Make a strong password and print it once.
    #[arg(
        long,
        conflicts_with = "password_stdin",
        required_unless_present = "password_stdin"
    )]
    pub generate: bool,
    /// Read the new password from stdin.
    #[arg(long)]
    pub password_stdin: bool,
    /// Also turn off the member's two-step login.
    #[arg(long)]
    pub reset_two_step: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub async fn members(ctx: &Context, args: &MembersArgs) -> Result<(), AppError> {
    match (&args.command, &args.client) {
        (Some(command), _) => command_of(ctx, command).await,
        (None, Some(client)) => {
            list(
                ctx,
                &ListArgs {
                    client: client.clone(),
                    filter: FilterArg::All,
                    search: None,
                },
            )
            .await
        }
        (None, None) => Err(AppError::invalid_input(
            "Name the client: `pdesk members --client NAME` (or a subcommand, see --help).",
        )),
    }
}

async fn command_of(ctx: &Context, command: &MembersCommand) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    match command {
        MembersCommand::List(args) => list(ctx, args).await,
        MembersCommand::Invite(args) => {
            let page = page_of(&core, &args.client).await?;
            let input = InviteInput {
                organization_id: page.organization_id.clone(),
                emails: args.emails.clone(),
                access: access_of(&page, &args.access)?,
            };
            let ops = core.invite_operations(input).await?;
            write_through_queue(ctx, &core, ops, args.write).await
        }
        MembersCommand::Reinvite(args) => {
            let input = change_of(&core, args).await?;
            let ops = core.reinvite_operations(input).await?;
            write_through_queue(ctx, &core, ops, args.write).await
        }
        MembersCommand::Revoke(args)
        | MembersCommand::Restore(args)
        | MembersCommand::Remove(args) => {
            let change = match command {
                MembersCommand::Revoke(_) => StatusChange::Revoke,
                MembersCommand::Restore(_) => StatusChange::Restore,
                _ => StatusChange::Remove,
            };
            let input = change_of(&core, args).await?;
            let ops = core.status_operations(change, input).await?;
            write_through_queue(ctx, &core, ops, args.write).await
        }
        MembersCommand::Edit(args) => {
            let page = page_of(&core, &args.client).await?;
            let member = core
                .find_members(&page.organization_id, std::slice::from_ref(&args.member))
                .await?;
            let input = EditMemberInput {
                organization_id: page.organization_id.clone(),
                member_id: member.first().map(|m| m.id.clone()).unwrap_or_default(),
                access: access_of(&page, &args.access)?,
            };
            let ops = core.edit_member_operations(input).await?;
            write_through_queue(ctx, &core, ops, args.write).await
        }
        MembersCommand::Confirm(args) => confirm(ctx, &core, args).await,
    }
}

async fn page_of(core: &Core, client: &str) -> Result<MembersPage, AppError> {
    let client = core.find_client(client).await?;
    core.members_page(&client.organization_id).await
}

async fn change_of(core: &Core, args: &TargetArgs) -> Result<MemberChangeInput, AppError> {
    let client = core.find_client(&args.client).await?;
    let members = core
        .find_members(&client.organization_id, &args.members)
        .await?;
    Ok(MemberChangeInput {
        organization_id: client.organization_id,
        member_ids: members.into_iter().map(|m| m.id).collect(),
    })
}

/// Names on the command line to ids, as the snapshot knows them.
fn access_of(page: &MembersPage, args: &AccessArgs) -> Result<MemberAccess, AppError> {
    let role = Role::from(args.access_role());
    if role != Role::Custom && !args.permissions.is_empty() {
        return Err(AppError::invalid_input(
            "--permission goes with --role custom.",
        ));
    }
    let permissions = args
        .permissions
        .iter()
        .map(|p| {
            Permission::parse(p).ok_or_else(|| {
                let known: Vec<String> = Permission::ALL.iter().map(|p| p.cli_name()).collect();
                AppError::invalid_input(format!(
                    "Unknown permission {p:?}; one of: {}.",
                    known.join(", ")
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let collections = collection_grants(page, &args.collections)?;
    let groups = args
        .groups
        .iter()
        .map(|name| {
            page.groups
                .iter()
                .find(|g| &g.name == name || &g.id == name)
                .map(|g| g.id.clone())
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        format!("No group of this client is named {name:?}."),
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(MemberAccess {
        role,
        permissions,
        collections,
        groups,
    })
}

/// `NAME:LEVEL` specs to grants, names as the snapshot knows them.
pub(crate) fn collection_grants(
    page: &MembersPage,
    specs: &[String],
) -> Result<Vec<CollectionGrant>, AppError> {
    specs
        .iter()
        .map(|spec| {
            let (name, level) = spec.rsplit_once(':').ok_or_else(|| {
                AppError::invalid_input(format!("--collection takes NAME:LEVEL, not {spec:?}."))
            })?;
            let level = CollectionLevel::parse(level).ok_or_else(|| {
                AppError::invalid_input(format!(
                    "Unknown level {level:?}; one of: view, view-except-passwords, edit, edit-except-passwords, manage."
                ))
            })?;
            let collection = page
                .collections
                .iter()
                .find(|c| c.name == name || c.id == name)
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        format!("No collection of this client is named {name:?}."),
                    )
                })?;
            Ok(CollectionGrant {
                collection_id: collection.id.clone(),
                level,
            })
        })
        .collect()
}

impl AccessArgs {
    fn access_role(&self) -> RoleArg {
        self.role
    }
}

async fn list(ctx: &Context, args: &ListArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let page = page_of(&core, &args.client).await?;
    let filter = match args.filter {
        FilterArg::All => MemberFilter::All,
        FilterArg::Invited => MemberFilter::Invited,
        FilterArg::NeedsConfirmation => MemberFilter::NeedsConfirmation,
        FilterArg::Revoked => MemberFilter::Revoked,
    };
    let needle = args.search.as_deref().unwrap_or("").to_lowercase();
    let members: Vec<_> = page
        .members
        .iter()
        .filter(|m| filter.matches(m.status))
        .filter(|m| {
            needle.is_empty()
                || [m.name.as_deref(), m.email.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|t| t.to_lowercase().contains(&needle))
        })
        .collect();
    ctx.print(&members, || {
        let mut text = format!(
            "{:<36} {:<8} {:<10} {:<4} {:<8} {}\n",
            "Member", "Role", "Status", "2FA", "Recovery", "Collections"
        );
        for m in &members {
            text.push_str(&format!(
                "{:<36} {:<8} {:<10} {:<4} {:<8} {}\n",
                truncate(&sanitize(m.email.as_deref().unwrap_or("-")), 36),
                m.role,
                m.status,
                if m.two_factor_enabled { "on" } else { "off" },
                if m.recovery_enrolled { "yes" } else { "no" },
                m.collections.len()
            ));
        }
        let s = &page.seats;
        text.push_str(&format!(
            "{} members · seats {} used of {} ({} free, {} pending invites) · as of {}",
            page.counts.all,
            s.used,
            s.assigned.map_or("-".to_owned(), |n| n.to_string()),
            s.free.map_or("-".to_owned(), |n| n.to_string()),
            s.pending_invites,
            page.as_of.as_deref().unwrap_or("never")
        ));
        text
    })
}

/// Confirm: the fingerprint phrases first. `--dry-run` prints them; `--yes`
/// states they were compared out of band; otherwise each is asked about.
async fn confirm(ctx: &Context, core: &Core, args: &TargetArgs) -> Result<(), AppError> {
    let input = change_of(core, args).await?;
    let previews = core
        .confirm_preview(&input.organization_id, &input.member_ids)
        .await?;
    let choices = previews.iter().map(ConfirmPreview::choice).collect();
    let ops = core
        .confirm_operations(ConfirmInput {
            organization_id: input.organization_id,
            members: choices,
            compared: true,
        })
        .await?;
    if !fingerprints_compared(ctx, core, &ops, &previews, args.write, "member")? {
        return Ok(());
    }
    let write = WriteArgs {
        yes: true,
        ..args.write
    };
    write_through_queue(ctx, core, ops, write).await
}

/// The fingerprint step of a confirm: `--dry-run` prints the plan and the
/// phrases (false: stop); `--yes` states they were compared out of band;
/// otherwise a terminal asks whether each matches.
pub(crate) fn fingerprints_compared(
    ctx: &Context,
    core: &Core,
    ops: &[desk_core::jobs::Operation],
    previews: &[ConfirmPreview],
    write: WriteArgs,
    who: &str,
) -> Result<bool, AppError> {
    if write.dry_run {
        let plan = core.describe(ops);
        ctx.print(
            &serde_json::json!({"dryRun": true, "plan": plan, "fingerprints": previews}),
            || {
                let mut text = String::from("Plan (nothing was changed):");
                for change in &plan {
                    text.push_str(&format!("\n  {}", sanitize(&change.description)));
                }
                text.push_str(&format!(
                    "\nFingerprint phrases to compare with each {who}:"
                ));
                for p in previews {
                    text.push_str(&format!("\n  {:<36} {}", sanitize(&p.email), p.fingerprint));
                }
                text
            },
        )?;
        return Ok(false);
    }
    if !write.yes {
        if !std::io::stdin().is_terminal() {
            return Err(AppError::invalid_input(
                "Confirming needs the fingerprint phrases compared: run it in a terminal, or add --yes to state that you compared them out of band (--dry-run prints them).",
            ));
        }
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "Ask each {who} for the fingerprint phrase their app shows, and compare:"
        );
        for p in previews {
            let _ = writeln!(err, "  {:<36} {}", sanitize(&p.email), p.fingerprint);
        }
        let _ = write!(err, "Do all the phrases match? [y/N] ");
        let _ = err.flush();
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .map_err(|e| AppError::internal(format!("cannot read the answer: {e}")))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            return Err(AppError::invalid_input("Nothing was changed."));
        }
    }
    Ok(true)
}

#[derive(Args, Debug)]
pub struct RecoveryPolicyArgs {
    #[arg(long)]
    pub client: String,
    /// Turn the account recovery administration policy on.
    #[arg(long, conflicts_with = "off", required_unless_present = "off")]
    pub on: bool,
    /// Turn it off.
    #[arg(long)]
    pub off: bool,
    /// With --on: enrol new members automatically.
    #[arg(long, requires = "on")]
    pub auto_enroll: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub async fn recovery_policy(ctx: &Context, args: &RecoveryPolicyArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    let ops = core
        .recovery_policy_operations(RecoveryPolicyInput {
            organization_id: client.organization_id,
            enabled: args.on,
            auto_enroll: args.auto_enroll,
        })
        .await?;
    write_through_queue(ctx, &core, ops, args.write).await
}

pub async fn seats(ctx: &Context, args: &SeatsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    let ops = core
        .set_seats_operations(SetSeatsInput {
            organization_id: client.organization_id,
            seats: args.set,
        })
        .await?;
    write_through_queue(ctx, &core, ops, args.write).await
}

pub async fn recover(ctx: &Context, args: &RecoverArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(&args.client).await?;
    let new_password = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| AppError::internal(format!("cannot read the password from stdin: {e}")))?;
        NewPassword::Typed(text.trim_end_matches(['\r', '\n']).to_owned())
    } else {
        NewPassword::Generate
    };
    let plan = core
        .recover_operations(RecoverInput {
            organization_id: client.organization_id,
            member_id: args.member.clone(),
            new_password,
            reset_two_factor: args.reset_two_step,
        })
        .await?;
    if args.write.dry_run {
        return write_through_queue(ctx, &core, plan.operations, args.write).await;
    }
    if !args.write.yes {
        let lines: Vec<String> = core
            .describe(&plan.operations)
            .iter()
            .map(|c| sanitize(&c.description))
            .collect();
        super::queue::confirm(&lines)?;
    }
    let submitted = core.submit(plan.operations, !args.write.queue_only).await?;
    let after = "The member's sessions end; they sign in with the new password and must change it at their next login.";
    let applied = submitted.error().is_none();
    // One document: the jobs, and the generated password once it applied
    // (a reset left pending prints none: it is made again when retried).
    let password = plan.generated.filter(|_| applied);
    ctx.print(
        &serde_json::json!({
            "batch": submitted.batch,
            "jobs": submitted.jobs,
            "password": password.as_ref().map(|p| p.expose()),
            "next": applied.then_some(after),
        }),
        || {
            let mut text = submitted
                .jobs
                .iter()
                .map(super::queue::job_line)
                .collect::<Vec<_>>()
                .join("\n");
            if let Some(p) = &password {
                text.push_str(&format!(
                    "\nNew master password (shown once): {}\n{after}",
                    p.expose()
                ));
            }
            text
        },
    )?;
    match submitted.error() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
