//! `pdesk provider users …`: the provider's people (provider admins only),
//! with the verbs of `pdesk members`: list, invite, reinvite, confirm (the
//! fingerprint step), edit (role), remove.

use super::members::fingerprints_compared;
use super::queue::{WriteArgs, write_through_queue};
use crate::context::{Context, sanitize};
use clap::{Args, Subcommand, ValueEnum};
use desk_core::AppError;
use desk_core::members::ConfirmPreview;
use desk_core::people::{PeopleAction, PeopleConfirm, PeopleInvite, PersonRole};

#[derive(Args, Debug)]
pub struct PeopleArgs {
    #[command(subcommand)]
    pub command: Option<PeopleCommand>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    Admin,
    ServiceUser,
}

impl From<RoleArg> for PersonRole {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Admin => PersonRole::ProviderAdmin,
            RoleArg::ServiceUser => PersonRole::ServiceUser,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum PeopleCommand {
    /// The provider's users with role and status (from the snapshot).
    List,
    /// Invite people (20 per request) as admins or service users.
    Invite {
        #[arg(long = "email", required = true)]
        emails: Vec<String>,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Send invitations again.
    Reinvite {
        #[arg(long = "user", required = true)]
        users: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Confirm people who accepted, after comparing their fingerprint phrase.
    Confirm {
        #[arg(long = "user", required = true)]
        users: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Change someone's role.
    Edit {
        #[arg(long)]
        user: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Remove people from the provider.
    Remove {
        #[arg(long = "user", required = true)]
        users: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
}

pub async fn people(ctx: &Context, args: &PeopleArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    match args.command.as_ref().unwrap_or(&PeopleCommand::List) {
        PeopleCommand::List => {
            let page = core.people().await?;
            ctx.print(&page, || {
                let mut text = format!("{:<40} {:<15} {}", "Person", "Role", "Status");
                for p in &page.people {
                    let who = p.name.as_deref().or(p.email.as_deref()).unwrap_or(&p.id);
                    text.push_str(&format!(
                        "\n{:<40} {:<15} {}",
                        sanitize(who),
                        p.role.name().unwrap_or("unknown"),
                        p.status.name().unwrap_or("unknown")
                    ));
                }
                text
            })
        }
        PeopleCommand::Invite {
            emails,
            role,
            write,
        } => {
            let ops = core
                .people_invite_operations(PeopleInvite {
                    emails: emails.clone(),
                    role: (*role).into(),
                })
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        PeopleCommand::Reinvite { users, write } => {
            let ops = core
                .people_action_operations(users, PeopleAction::Reinvite)
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        PeopleCommand::Remove { users, write } => {
            let ops = core
                .people_action_operations(users, PeopleAction::Remove)
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        PeopleCommand::Edit { user, role, write } => {
            let ops = core.people_role_operations(user, (*role).into()).await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        PeopleCommand::Confirm { users, write } => {
            let ids: Vec<String> = core
                .find_people(users)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect();
            let previews = core.people_confirm_preview(&ids).await?;
            let ops = core
                .people_confirm_operations(PeopleConfirm {
                    people: previews.iter().map(ConfirmPreview::choice).collect(),
                    compared: true,
                })
                .await?;
            if !fingerprints_compared(ctx, &core, &ops, &previews, *write, "person")? {
                return Ok(());
            }
            let write = WriteArgs {
                yes: true,
                ..*write
            };
            write_through_queue(ctx, &core, ops, write).await
        }
    }
}
