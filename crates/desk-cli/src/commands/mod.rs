//! pdesk's commands over desk-core, one file per area.
//!
//! Conventions follow Bitwarden's own CLI where they fit: `login`, `unlock`
//! printing a session key for `PDESK_SESSION` (like `BW_SESSION`), `lock`,
//! `logout`, `status`, `sync`, `--json` output, passwords from stdin or an
//! environment variable (never from a flag: flags end up in shell history).
//! Reading commands work with no network, from the snapshot.

pub mod billing;
pub mod changes;
pub mod clients;
pub mod events;
pub mod groups;
pub mod members;
pub mod onboarding;
pub mod people;
pub mod queue;
pub mod reports;
pub mod sends;
pub mod session;
pub mod sync;
pub mod vault;

use crate::context::Context;
use clap::Subcommand;
use clients::ItemsArgs;
use desk_core::AppError;
use session::{LoginArgs, LogoutArgs, StatusArgs, UnlockArgs};
use sync::SyncArgs;

#[derive(Subcommand, Debug)]
pub enum ProviderCommand {
    /// The provider's event log from the snapshot (its users; clients created, added,
    /// removed, opened), filtered; --csv for Bitwarden's export columns.
    Events(events::ProviderEventsArgs),
    /// The provider's people (provider admins): list, invite, reinvite, confirm
    /// (fingerprint step), edit (role), remove.
    Users(people::PeopleArgs),
    /// The provider's subscription: plans with minimum, purchased and assigned
    /// seats, cost and cadence, and Bitwarden's warnings (from the snapshot).
    Billing,
    /// The provider's invoices (provider admins); --save ID [--out FILE] saves one
    /// invoice's per-client CSV exactly as Bitwarden sends it.
    Invoices(billing::InvoicesArgs),
    /// The billing address and tax id (provider admins); with --country and
    /// --postal-code, replace it.
    Address(billing::AddressArgs),
    /// The provider's name, business name and billing e-mail; with flags, change them.
    Settings(billing::SettingsArgs),
}

#[derive(Subcommand, Debug)]
pub enum DeskCommand {
    /// Sign in to a Bitwarden server as a provider user.
    Login(LoginArgs),
    /// Unlock with the master password (offline) and print a session key.
    Unlock(UnlockArgs),
    /// Forget every session key (PDESK_SESSION stops working).
    Lock,
    /// Sign out: forget the tokens (and with --delete-snapshot the local data).
    Logout(LogoutArgs),
    /// Signed-in accounts and whether PDESK_SESSION unlocks one.
    Status(StatusArgs),
    /// Sync the client list and every client's details (or with --list-only, the list alone).
    Sync(SyncArgs),
    /// The client list with seats, from the snapshot; with a verb, change a
    /// client: create, update (seats, name), addable, add-existing, unlink, billing
    /// (`pdesk client …` is the same command).
    #[command(visible_alias = "client")]
    Clients {
        #[command(subcommand)]
        command: Option<queue::ClientCommand>,
    },
    /// A client's members: list (from the snapshot), invite, reinvite, confirm, edit,
    /// revoke, restore, remove.
    Members(members::MembersArgs),
    /// Change a client's seats (the provider's route, or the organization's own billing).
    Seats(members::SeatsArgs),
    /// Reset a member's master password (account recovery).
    Recover(members::RecoverArgs),
    /// Turn a client's account recovery administration policy on or off.
    RecoveryPolicy(members::RecoveryPolicyArgs),
    /// Each member's progress (invited, accepted, confirmed, two-step login, account
    /// recovery) with the next step, its resource and (--messages) the text to send.
    Onboarding(onboarding::OnboardingArgs),
    /// A client's groups: list (from the snapshot), create, edit, delete.
    Groups(groups::GroupsArgs),
    /// Reports from the snapshot: `report health --client X | --all [--csv]`.
    Report {
        #[command(subcommand)]
        command: reports::ReportCommand,
    },
    /// A client's event log from the snapshot, filtered; --csv for Bitwarden's export columns.
    Events(events::EventsArgs),
    /// The provider's own data: users, events, billing, invoices, address, settings.
    Provider {
        #[command(subcommand)]
        command: ProviderCommand,
    },
    /// A client's vault items (decrypted names, usernames and URIs).
    Items(ItemsArgs),
    /// One item in the official CLI's JSON: get, template, create, edit, move,
    /// delete (trash; --permanent), restore.
    Item {
        #[command(subcommand)]
        command: vault::ItemCommand,
    },
    /// A client's collections as a tree (list), create, rename, delete.
    Collections(vault::CollectionsArgs),
    /// One-time shares: create (prints the link), list, delete, remove-password, receive.
    Send {
        #[command(subcommand)]
        command: sends::SendCommand,
    },
    /// A password or passphrase with Bitwarden's options.
    Generate(vault::GenerateArgs),
    /// What syncs found changed per client (members, policies, seats...), newest first.
    Changes(changes::ChangesArgs),
    /// The queue of changes sent to the server: list, apply, retry, discard.
    Queue {
        #[command(subcommand)]
        command: Option<queue::QueueCommand>,
    },
}

pub async fn run(ctx: &Context, command: &DeskCommand) -> Result<(), AppError> {
    let result = run_command(ctx, command).await;
    ctx.close().await;
    result
}

async fn run_command(ctx: &Context, command: &DeskCommand) -> Result<(), AppError> {
    match command {
        DeskCommand::Login(args) => session::login(ctx, args).await,
        DeskCommand::Unlock(args) => session::unlock(ctx, args).await,
        DeskCommand::Lock => session::lock(ctx).await,
        DeskCommand::Logout(args) => session::logout(ctx, args).await,
        DeskCommand::Status(args) => session::status(ctx, args).await,
        DeskCommand::Sync(args) => sync::sync(ctx, args).await,
        DeskCommand::Clients { command: None } => clients::clients(ctx).await,
        DeskCommand::Clients {
            command: Some(command),
        } => queue::client(ctx, command).await,
        DeskCommand::Members(args) => members::members(ctx, args).await,
        DeskCommand::Seats(args) => members::seats(ctx, args).await,
        DeskCommand::Recover(args) => members::recover(ctx, args).await,
        DeskCommand::RecoveryPolicy(args) => members::recovery_policy(ctx, args).await,
        DeskCommand::Groups(args) => groups::groups(ctx, args).await,
        DeskCommand::Onboarding(args) => onboarding::onboarding(ctx, args).await,
        DeskCommand::Report { command } => reports::report(ctx, command).await,
        DeskCommand::Events(args) => events::events(ctx, args).await,
        DeskCommand::Provider {
            command: ProviderCommand::Events(args),
        } => events::provider_events(ctx, args).await,
        DeskCommand::Provider {
            command: ProviderCommand::Users(args),
        } => people::people(ctx, args).await,
        DeskCommand::Provider {
            command: ProviderCommand::Billing,
        } => billing::provider_billing(ctx).await,
        DeskCommand::Provider {
            command: ProviderCommand::Invoices(args),
        } => billing::provider_invoices(ctx, args).await,
        DeskCommand::Provider {
            command: ProviderCommand::Address(args),
        } => billing::provider_address(ctx, args).await,
        DeskCommand::Provider {
            command: ProviderCommand::Settings(args),
        } => billing::provider_settings(ctx, args).await,
        DeskCommand::Items(args) => clients::items(ctx, args).await,
        DeskCommand::Item { command } => vault::item(ctx, command).await,
        DeskCommand::Collections(args) => vault::collections(ctx, args).await,
        DeskCommand::Send { command } => sends::send(ctx, command).await,
        DeskCommand::Generate(args) => vault::generate(ctx, args),
        DeskCommand::Changes(args) => changes::changes(ctx, args).await,
        DeskCommand::Queue { command } => {
            queue::queue(ctx, command.as_ref().unwrap_or(&queue::QueueCommand::List)).await
        }
    }
}
