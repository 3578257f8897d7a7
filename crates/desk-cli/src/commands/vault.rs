//! `pdesk item …`, `pdesk collections …` and `pdesk generate`: a client's
//! items in the official CLI's JSON shape (`bw get item`, `bw get template
//! item`), so scripts written for one work with the other.

use super::queue::{WriteArgs, write_through_queue};
use crate::context::{Context, sanitize};
use clap::{Args, Subcommand};
use desk_core::core::Core;
use desk_core::vault::{
    CollectionAccess, CollectionInput, GeneratorOptions, Item, ItemAction, ItemInput,
};
use desk_core::{AppError, ErrorCode};
use std::io::Read;

#[derive(Subcommand, Debug)]
pub enum ItemCommand {
    /// One item as `bw get item` prints it (secrets only with --reveal).
    Get {
        /// The item's id or exact name.
        item: String,
        #[arg(long)]
        client: String,
        /// Include passwords, TOTP keys, hidden fields, card numbers.
        #[arg(long)]
        reveal: bool,
    },
    /// An empty item of a type, as `bw get template item` gives it.
    Template {
        /// login, note, card, identity or ssh-key.
        #[arg(default_value = "login")]
        kind: String,
    },
    /// Create an item from the official CLI's JSON: an argument (plain or
    /// base64, as `bw create item` takes it) or stdin.
    Create {
        /// The item JSON, plain or base64; read from stdin when absent.
        #[arg(value_name = "JSON")]
        item_json: Option<String>,
        #[arg(long)]
        client: String,
        /// Collections by name or id (else the JSON's collectionIds).
        #[arg(long = "collection")]
        collections: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Replace an item with the given JSON; secrets left null keep their
    /// value, an empty string clears one.
    Edit {
        item: String,
        #[arg(value_name = "JSON")]
        item_json: Option<String>,
        #[arg(long)]
        client: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Put an item in exactly these collections.
    Move {
        item: String,
        #[arg(long)]
        client: String,
        #[arg(long = "collection", required = true)]
        collections: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Move an item to the trash (with --permanent: delete a trashed item
    /// for good), as `bw delete item` does.
    Delete {
        item: String,
        #[arg(long)]
        client: String,
        #[arg(long, short = 'p')]
        permanent: bool,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Take an item out of the trash.
    Restore {
        item: String,
        #[arg(long)]
        client: String,
        #[command(flatten)]
        write: WriteArgs,
    },
}

#[derive(Args, Debug)]
pub struct CollectionsArgs {
    #[command(subcommand)]
    pub command: Option<CollectionsCommand>,
    /// List this client's collections.
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum CollectionsCommand {
    /// Create a collection (`Parent/Child` nests it).
    Create {
        #[arg(long)]
        client: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Rename a collection (its access stays).
    Rename {
        /// Its id or whole name.
        collection: String,
        #[arg(long)]
        client: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Delete collections (their items stay in the client).
    Delete {
        #[arg(long)]
        client: String,
        #[arg(required = true)]
        collections: Vec<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
}

/// `bw generate`'s options: -u -l -n -s (all when none is given),
/// --length, or -p for a passphrase.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(short = 'u', long)]
    pub uppercase: bool,
    #[arg(short = 'l', long)]
    pub lowercase: bool,
    #[arg(short = 'n', long)]
    pub number: bool,
    #[arg(short = 's', long)]
    pub special: bool,
    #[arg(long, default_value_t = 14)]
    pub length: u32,
    #[arg(long, default_value_t = 1)]
    pub min_number: u32,
    #[arg(long, default_value_t = 1)]
    pub min_special: u32,
    #[arg(long)]
    pub ambiguous: bool,
    /// A passphrase instead of a password.
    #[arg(short = 'p', long)]
    pub passphrase: bool,
    #[arg(long, default_value_t = 3)]
    pub words: u32,
    #[arg(long, default_value = "-")]
    pub separator: String,
    #[arg(short = 'c', long)]
    pub capitalize: bool,
    #[arg(long)]
    pub include_number: bool,
}

pub async fn item(ctx: &Context, command: &ItemCommand) -> Result<(), AppError> {
    if let ItemCommand::Template { kind } = command {
        return print_json(&template(kind)?);
    }
    let core = ctx.unlocked().await?;
    let (ops, write) = match command {
        ItemCommand::Template { .. } => return Ok(()),
        ItemCommand::Get {
            item,
            client,
            reveal,
        } => {
            let (org, id) = find_item(&core, client, item).await?;
            return print_json(&core.item(&org, &id, *reveal).await?);
        }
        ItemCommand::Create {
            item_json: json,
            client,
            collections,
            write,
        } => {
            let org = core.find_client(client).await?.organization_id;
            let mut item = read_item(json.as_deref())?;
            if !collections.is_empty() {
                item.collection_ids = Some(collection_ids(&core, &org, collections).await?);
            }
            let input = ItemInput {
                organization_id: org,
                item_id: None,
                item,
            };
            (core.item_operations(input).await?, write)
        }
        ItemCommand::Edit {
            item,
            item_json: json,
            client,
            write,
        } => {
            let (org, id) = find_item(&core, client, item).await?;
            let input = ItemInput {
                organization_id: org,
                item_id: Some(id),
                item: read_item(json.as_deref())?,
            };
            (core.item_operations(input).await?, write)
        }
        ItemCommand::Move {
            item,
            client,
            collections,
            write,
        } => {
            let (org, id) = find_item(&core, client, item).await?;
            let ids = collection_ids(&core, &org, collections).await?;
            (
                core.item_collections_operations(&org, &id, ids).await?,
                write,
            )
        }
        ItemCommand::Delete {
            item,
            client,
            permanent,
            write,
        } => {
            let action = if *permanent {
                ItemAction::Delete
            } else {
                ItemAction::Trash
            };
            let (org, id) = find_item(&core, client, item).await?;
            (
                core.item_action_operations(&org, &[id], action).await?,
                write,
            )
        }
        ItemCommand::Restore {
            item,
            client,
            write,
        } => {
            let (org, id) = find_item(&core, client, item).await?;
            let action = ItemAction::Restore;
            (
                core.item_action_operations(&org, &[id], action).await?,
                write,
            )
        }
    };
    write_through_queue(ctx, &core, ops, *write).await
}

pub async fn collections(ctx: &Context, args: &CollectionsArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    let Some(command) = &args.command else {
        let client = args.client.as_deref().ok_or_else(|| {
            AppError::invalid_input("Name the client: `pdesk collections --client NAME`.")
        })?;
        let org = core.find_client(client).await?.organization_id;
        let list = core.collections(&org).await?;
        return ctx.print(&list, || {
            let mut text = format!("{:<40} {:>6}  Access", "Collection", "Items");
            for c in &list {
                let name = format!(
                    "{}{}",
                    "  ".repeat(c.depth as usize),
                    c.name
                        .as_ref()
                        .map_or("(does not decrypt)", |_| c.label.as_str())
                );
                text.push_str(&format!(
                    "\n{:<40} {:>6}  {} groups, {} members",
                    sanitize(&name),
                    c.item_count,
                    c.groups.len(),
                    c.members.len()
                ));
            }
            text
        });
    };
    let (ops, write) = match command {
        CollectionsCommand::Create {
            client,
            name,
            write,
        } => {
            let input = CollectionInput {
                organization_id: core.find_client(client).await?.organization_id,
                collection_id: None,
                name: name.clone(),
                access: CollectionAccess::default(),
            };
            (core.collection_operations(input).await?, write)
        }
        CollectionsCommand::Rename {
            collection,
            client,
            name,
            write,
        } => {
            let org = core.find_client(client).await?.organization_id;
            let list = core.collections(&org).await?;
            let c = list
                .iter()
                .find(|c| &c.id == collection || c.name.as_ref() == Some(collection))
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        format!("No collection of this client matches {collection:?}."),
                    )
                })?;
            let grant = |e: &desk_core::vault::AccessEntry| desk_core::members::CollectionGrant {
                collection_id: e.id.clone(),
                level: e.level,
            };
            // A rename sends the whole collection: its access goes back as it is.
            let input = CollectionInput {
                organization_id: org.clone(),
                collection_id: Some(c.id.clone()),
                name: name.clone(),
                access: CollectionAccess {
                    groups: c.groups.iter().map(grant).collect(),
                    members: c.members.iter().map(grant).collect(),
                },
            };
            (core.collection_operations(input).await?, write)
        }
        CollectionsCommand::Delete {
            client,
            collections,
            write,
        } => {
            let org = core.find_client(client).await?.organization_id;
            (
                core.delete_collection_operations(&org, collections).await?,
                write,
            )
        }
    };
    write_through_queue(ctx, &core, ops, *write).await
}

pub fn generate(ctx: &Context, args: &GenerateArgs) -> Result<(), AppError> {
    let options = if args.passphrase {
        GeneratorOptions::Passphrase {
            words: args.words,
            separator: args.separator.clone(),
            capitalize: args.capitalize,
            include_number: args.include_number,
        }
    } else {
        let none = !(args.uppercase || args.lowercase || args.number || args.special);
        GeneratorOptions::Password {
            length: args.length,
            uppercase: none || args.uppercase,
            lowercase: none || args.lowercase,
            numbers: none || args.number,
            special: none || args.special,
            min_numbers: args.min_number,
            min_special: args.min_special,
            avoid_ambiguous: !args.ambiguous,
        }
    };
    let value = desk_core::vault::generate(&options)?;
    ctx.print(&value, || value.clone())
}

/// Items print as JSON whatever `--json` says, as `bw get item` does.
fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| AppError::internal(format!("cannot encode JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// The item JSON from the argument (plain or base64, like `bw create item`)
/// or stdin.
fn read_item(arg: Option<&str>) -> Result<Item, AppError> {
    let text = match arg {
        Some(a) => a.to_owned(),
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| AppError::invalid_input(format!("cannot read stdin: {e}")))?;
            s
        }
    };
    let trimmed = text.trim();
    let json = if trimmed.starts_with('{') {
        trimmed.to_owned()
    } else {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(trimmed)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                AppError::invalid_input("The item is neither JSON nor base64-encoded JSON.")
            })?
    };
    serde_json::from_str(&json)
        .map_err(|e| AppError::invalid_input(format!("The item JSON is not an item: {e}")))
}

/// The client's organization id and the id of its item `query` names (an
/// id, or a name no other item of the client has).
async fn find_item(core: &Core, client: &str, query: &str) -> Result<(String, String), AppError> {
    let org = core.find_client(client).await?.organization_id;
    let items = core.items(&org, false).await?;
    if let Some(i) = items.iter().find(|i| i.id == query) {
        return Ok((org, i.id.clone()));
    }
    let named: Vec<_> = items
        .iter()
        .filter(|i| i.name.as_deref() == Some(query))
        .collect();
    match named.as_slice() {
        [one] => Ok((org, one.id.clone())),
        [] => Err(AppError::new(
            ErrorCode::NotFound,
            format!("No item of this client has the id or name {query:?}."),
        )),
        _ => Err(AppError::invalid_input(format!(
            "{} items are named {query:?}: use the id.",
            named.len()
        ))),
    }
}

async fn collection_ids(
    core: &Core,
    org: &str,
    wanted: &[String],
) -> Result<Vec<String>, AppError> {
    Ok(core
        .find_collections(org, wanted)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

fn template(kind: &str) -> Result<Item, AppError> {
    use desk_core::vault::item::{Card, Identity, Login, SecureNoteData, SshKey};
    let mut item = Item {
        name: "Item name".into(),
        notes: Some("Some notes about this item.".into()),
        ..Item::default()
    };
    match kind {
        "login" | "item" => {
            item.item_type = 1;
            item.login = Some(Login::default());
        }
        "note" | "secure-note" | "securenote" => {
            item.item_type = 2;
            item.secure_note = Some(SecureNoteData::default());
        }
        "card" => {
            item.item_type = 3;
            item.card = Some(Card::default());
        }
        "identity" => {
            item.item_type = 4;
            item.identity = Some(Identity::default());
        }
        "ssh-key" | "sshkey" => {
            item.item_type = 5;
            item.ssh_key = Some(SshKey::default());
        }
        other => {
            return Err(AppError::invalid_input(format!(
                "No template for {other:?}: login, note, card, identity or ssh-key."
            )));
        }
    }
    Ok(item)
}
