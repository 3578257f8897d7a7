//! `pdesk groups`: a client's groups — list, create, edit, delete — through
//! the write queue like every other change.

use super::members::collection_grants;
use super::queue::{WriteArgs, write_through_queue};
use crate::context::{Context, sanitize, truncate};
use clap::{Args, Subcommand};
use desk_core::AppError;
use desk_core::groups::{GroupInput, GroupSettings};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct GroupsArgs {
    #[command(subcommand)]
    pub command: Option<GroupsCommand>,
    /// The client (list its groups).
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum GroupsCommand {
    /// The client's groups with members and collections, from the snapshot.
    List {
        #[arg(long)]
        client: String,
    },
    /// Create a group.
    Create(GroupArgs),
    /// Change a group: --name renames; --collection and --member, when given, replace.
    Edit(GroupArgs),
    /// Delete groups (their members stay members).
    Delete {
        #[arg(long)]
        client: String,
        /// A group by name or id (repeatable).
        #[arg(long = "group", required = true)]
        groups: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
}

#[derive(Args, Debug)]
pub struct GroupArgs {
    #[arg(long)]
    pub client: String,
    /// The group to edit (name or id).
    #[arg(long)]
    pub group: Option<String>,
    /// The (new) name.
    #[arg(long)]
    pub name: Option<String>,
    /// Collection access NAME:LEVEL (repeatable).
    #[arg(long = "collection")]
    pub collections: Vec<String>,
    /// A member by e-mail or id (repeatable).
    #[arg(long = "member")]
    pub members: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub async fn groups(ctx: &Context, args: &GroupsArgs) -> Result<(), AppError> {
    let command = match (&args.command, &args.client) {
        (Some(command), _) => command,
        (None, Some(client)) => return list(ctx, client).await,
        (None, None) => {
            return Err(AppError::invalid_input(
                "Name the client: `pdesk groups --client NAME` (or a subcommand, see --help).",
            ));
        }
    };
    let core = ctx.unlocked().await?;
    match command {
        GroupsCommand::List { client } => list(ctx, client).await,
        GroupsCommand::Create(a) | GroupsCommand::Edit(a) => {
            let client = core.find_client(&a.client).await?;
            let org = client.organization_id;
            let page = core.members_page(&org).await?;
            let groups = core.groups(&org).await?;
            let current = match (command, &a.group) {
                (GroupsCommand::Edit(_), Some(name)) => Some(
                    groups
                        .iter()
                        .find(|g| &g.name == name || &g.id == name)
                        .ok_or_else(|| {
                            AppError::new(
                                desk_core::ErrorCode::NotFound,
                                format!("No group of this client is named {name:?}."),
                            )
                        })?,
                ),
                (GroupsCommand::Edit(_), None) => {
                    return Err(AppError::invalid_input(
                        "Name the group to edit with --group.",
                    ));
                }
                _ => None,
            };
            let name = a
                .name
                .clone()
                .or_else(|| current.map(|g| g.name.clone()))
                .ok_or_else(|| AppError::invalid_input("A new group needs --name."))?;
            let collections = if a.collections.is_empty() {
                current.map(|g| g.collections.clone()).unwrap_or_default()
            } else {
                collection_grants(&page, &a.collections)?
            };
            let member_ids = if a.members.is_empty() {
                current.map(|g| g.member_ids.clone()).unwrap_or_default()
            } else {
                core.find_members(&org, &a.members)
                    .await?
                    .into_iter()
                    .map(|m| m.id)
                    .collect()
            };
            let ops = core
                .group_operations(GroupInput {
                    organization_id: org,
                    group_id: current.map(|g| g.id.clone()),
                    settings: GroupSettings {
                        name,
                        collections,
                        member_ids,
                    },
                })
                .await?;
            write_through_queue(ctx, &core, ops, a.write).await
        }
        GroupsCommand::Delete {
            client,
            groups,
            write,
        } => {
            let client = core.find_client(client).await?;
            let ops = core
                .delete_group_operations(&client.organization_id, groups)
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
    }
}

async fn list(ctx: &Context, client: &str) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let client = core.find_client(client).await?;
    let groups = core.groups(&client.organization_id).await?;
    ctx.print(&groups, || {
        let mut text = format!("{:<32} {:>7} {:>11}", "Group", "Members", "Collections");
        for g in &groups {
            text.push_str(&format!(
                "\n{:<32} {:>7} {:>11}",
                truncate(&sanitize(&g.name), 32),
                g.member_ids.len(),
                g.collections.len()
            ));
        }
        text
    })
}
