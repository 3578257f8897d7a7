//! `pdesk send …`: one-time shares, as `bw send` makes them. `create`
//! prints the share link (with `--json`, the Send with its `accessUrl`, as
//! the official CLI's JSON has it).

use super::queue::{WriteArgs, plan_or_confirm, report, write_through_queue};
use crate::context::{Context, env_value, sanitize};
use clap::Subcommand;
use desk_core::AppError;
use desk_core::sends::{SendFile, SendInput, SendView};

#[derive(Subcommand, Debug)]
pub enum SendCommand {
    /// Create a text Send (the text as an argument, or --file PATH). One
    /// access by default: the link works once.
    Create {
        /// The text to share.
        text: Option<String>,
        #[arg(long, short = 'n')]
        name: Option<String>,
        /// Share this file instead of a text.
        #[arg(long, short = 'f', conflicts_with = "text")]
        file: Option<std::path::PathBuf>,
        /// How many times it may be opened (0: no limit).
        #[arg(long = "max-access-count", short = 'a', default_value_t = 1)]
        max_access_count: u32,
        /// Days until the server deletes it (at most 31).
        #[arg(long = "delete-in-days", short = 'd', default_value_t = 7)]
        delete_in_days: u32,
        /// Days until it stops opening.
        #[arg(long = "expire-in-days")]
        expire_in_days: Option<u32>,
        /// The access password from this environment variable.
        #[arg(long)]
        password_env: Option<String>,
        #[arg(long)]
        hidden: bool,
        #[arg(long)]
        hide_email: bool,
        #[arg(long)]
        notes: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Change a Send; what is not given stays as it is.
    Edit {
        id: String,
        #[arg(long, short = 'n')]
        name: Option<String>,
        /// New text (text Sends).
        #[arg(long)]
        text: Option<String>,
        /// How many times it may be opened (0: no limit).
        #[arg(long = "max-access-count", short = 'a')]
        max_access_count: Option<u32>,
        /// Days from now until the server deletes it (at most 31).
        #[arg(long = "delete-in-days", short = 'd')]
        delete_in_days: Option<u32>,
        /// A new access password from this environment variable.
        #[arg(long)]
        password_env: Option<String>,
        /// Stop (true) or allow (false) opening it.
        #[arg(long)]
        disabled: Option<bool>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// The user's Sends with their links.
    List,
    /// Delete Sends.
    Delete {
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Remove a Send's access password.
    RemovePassword {
        id: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Open a Send link (it counts as an access), as `bw receive` does: a
    /// text is printed, a file saved in --output (a folder; default here).
    Receive {
        link: String,
        /// The Send's password from this environment variable.
        #[arg(long)]
        password_env: Option<String>,
        /// The folder a file Send's file is saved in.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

/// A Send as the official CLI prints it: with its link as `accessUrl`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Printed<'a> {
    #[serde(flatten)]
    send: &'a SendView,
    access_url: &'a str,
}

pub async fn send(ctx: &Context, command: &SendCommand) -> Result<(), AppError> {
    if let SendCommand::Receive {
        link,
        password_env,
        output,
    } = command
    {
        // Anyone with the link may open a Send: no account needed.
        return receive(ctx, link, password_env.as_deref(), output.as_deref()).await;
    }
    let core = ctx.unlocked().await?;
    match command {
        SendCommand::Create {
            text,
            name,
            file,
            max_access_count,
            delete_in_days,
            expire_in_days,
            password_env,
            hidden,
            hide_email,
            notes,
            write,
        } => {
            let day = 86_400_000;
            let now = desk_core::time::now_ms();
            let file = match file {
                None => None,
                Some(path) => {
                    use base64::Engine as _;
                    let bytes = std::fs::read(path).map_err(|e| {
                        AppError::invalid_input(format!("cannot read {}: {e}", path.display()))
                    })?;
                    Some(SendFile {
                        file_name: path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_else(|| "file".into()),
                        data: base64::engine::general_purpose::STANDARD.encode(bytes),
                    })
                }
            };
            let text = match (&file, text) {
                (Some(_), _) => None,
                (None, Some(t)) => Some(t.clone()),
                (None, None) => {
                    return Err(AppError::invalid_input(
                        "Give the text to share, or --file PATH.",
                    ));
                }
            };
            let name = name.clone().unwrap_or_else(|| {
                file.as_ref()
                    .map(|f| f.file_name.clone())
                    .unwrap_or_else(|| "Send".into())
            });
            let password = password_env.as_deref().map(env_value).transpose()?;
            let ops = core
                .send_operations(SendInput {
                    send_id: None,
                    name,
                    notes: notes.clone(),
                    text,
                    hidden: *hidden,
                    file,
                    max_access_count: (*max_access_count > 0).then_some(*max_access_count),
                    expiration_date: expire_in_days
                        .map(|d| desk_core::time::iso8601(now + i64::from(d) * day)),
                    deletion_date: Some(desk_core::time::iso8601(
                        now + i64::from(*delete_in_days) * day,
                    )),
                    password,
                    hide_email: *hide_email,
                    disabled: false,
                })
                .await?;
            if !plan_or_confirm(ctx, &core, &ops, *write)? {
                return Ok(());
            }
            let saved = core.submit_sends(ops, !write.queue_only).await?;
            let (submitted, created) = (saved.submitted, saved.send);
            match created {
                Some(send) => ctx.print(
                    &Printed {
                        send: &send,
                        access_url: &send.link,
                    },
                    || send.link.clone(),
                ),
                None => report(ctx, &submitted, write.queue_only),
            }
        }
        SendCommand::Edit {
            id,
            name,
            text,
            max_access_count,
            delete_in_days,
            password_env,
            disabled,
            write,
        } => {
            let current = core
                .sends(true)
                .await?
                .into_iter()
                .find(|s| &s.id == id)
                .ok_or_else(|| {
                    AppError::new(
                        desk_core::ErrorCode::NotFound,
                        format!("You have no Send with the id {id:?}."),
                    )
                })?;
            let password = password_env.as_deref().map(env_value).transpose()?;
            let now = desk_core::time::now_ms();
            let ops = core
                .send_operations(SendInput {
                    send_id: Some(current.id.clone()),
                    name: name.clone().or(current.name.clone()).unwrap_or_default(),
                    notes: current.notes.clone(),
                    text: text.clone().or(current.text.clone()),
                    hidden: current.hidden,
                    file: None,
                    max_access_count: match max_access_count {
                        Some(0) => None,
                        Some(n) => Some(*n),
                        None => current.max_access_count,
                    },
                    expiration_date: current.expiration_date.clone(),
                    deletion_date: Some(match delete_in_days {
                        Some(d) => desk_core::time::iso8601(now + i64::from(*d) * 86_400_000),
                        None => current.deletion_date.clone(),
                    }),
                    password,
                    hide_email: current.hide_email,
                    disabled: disabled.unwrap_or(current.disabled),
                })
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        SendCommand::List => {
            let list = core.sends(false).await?;
            let printed: Vec<Printed> = list
                .iter()
                .map(|s| Printed {
                    send: s,
                    access_url: &s.link,
                })
                .collect();
            ctx.print(&printed, || {
                list.iter()
                    .map(|s| {
                        format!(
                            "{}  {:<30} {:?} {}/{} {}",
                            s.id,
                            sanitize(s.name.as_deref().unwrap_or("?")),
                            s.status,
                            s.access_count,
                            s.max_access_count
                                .map_or_else(|| "\u{221e}".to_owned(), |m| m.to_string()),
                            s.link
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        SendCommand::Delete { ids, write } => {
            let ops = core.send_delete_operations(ids, false).await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        SendCommand::RemovePassword { id, write } => {
            let ops = core
                .send_delete_operations(std::slice::from_ref(id), true)
                .await?;
            write_through_queue(ctx, &core, ops, *write).await
        }
        SendCommand::Receive { .. } => Ok(()),
    }
}

async fn receive(
    ctx: &Context,
    link: &str,
    password_env: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<(), AppError> {
    let core = ctx.core()?;
    let password = password_env.map(env_value).transpose()?;
    let received = core.receive_send(link, password.as_deref()).await?;
    if received.kind == desk_core::sends::SendKind::File {
        let dir = output.unwrap_or(std::path::Path::new("."));
        let saved = core
            .receive_send_file(link, password.as_deref(), dir)
            .await?;
        return ctx.print(&saved, || {
            format!("Saved {} ({} bytes)", saved.path, saved.bytes)
        });
    }
    ctx.print(&received, || match &received.text {
        // Line by line: the text keeps its lines, never a terminal escape.
        Some(text) => text.lines().map(sanitize).collect::<Vec<_>>().join("\n"),
        None => String::new(),
    })
}
