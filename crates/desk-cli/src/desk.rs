//! The account, sync and reading commands over desk-core.
//!
//! Conventions follow Bitwarden's own CLI where they fit: `login`, `unlock`
//! printing a session key for `PDESK_SESSION` (like `BW_SESSION`), `lock`,
//! `logout`, `status`, `sync`, `--json` output, passwords from stdin or an
//! environment variable (never from a flag: flags end up in shell history).
//! Reading commands work with no network, from the snapshot.

use bw_api::client::{SecondFactor, TwoFactorMethod};
use bw_crypto::SecretString;
use clap::{Args, Subcommand, ValueEnum};
use desk_core::core::{Core, CoreConfig, Credentials, LoginInput, LoginOutcome, RateLimitChoice};
use desk_core::sync::{SyncOptions, SyncProgress};
use desk_core::{AppError, DataDir, ErrorCode};
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use tokio_util::sync::CancellationToken;

pub const SESSION_ENV: &str = "PDESK_SESSION";

/// Options every desk command shares.
#[derive(Args, Clone, Debug)]
pub struct CoreArgs {
    /// The account (email or id) when several are signed in on this machine.
    #[arg(long, global = true, env = "PDESK_ACCOUNT")]
    pub account: Option<String>,
    /// A PEM file of extra CAs to trust (self-hosted servers, TLS-inspecting proxies).
    #[arg(long, global = true, env = "PDESK_CA_FILE")]
    pub ca_file: Option<PathBuf>,
    /// Request limits: `auto` (the cloud's for bitwarden.com/.eu), `cloud` or `off`.
    #[arg(long, global = true, default_value = "auto", value_parser = ["auto", "cloud", "off"])]
    pub rate_limit: String,
    /// Clients synced at once when the server has no limits.
    #[arg(long, global = true, default_value_t = 6)]
    pub concurrency: usize,
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
    /// The client list with seats, from the snapshot.
    Clients,
    /// A client's members, from the snapshot.
    Members(ClientArg),
    /// A client's vault items (decrypted names, usernames and URIs).
    Items(ItemsArgs),
}

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// `us` (bitwarden.com), `eu` (bitwarden.eu) or a self-hosted base URL.
    #[arg(long)]
    pub server: String,
    #[arg(long)]
    pub email: String,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// A two-step login code (authenticator app, or the emailed code with --method email).
    #[arg(long)]
    pub code: Option<String>,
    #[arg(long, value_enum, default_value_t = Method::Authenticator)]
    pub method: Method,
    /// Remember this device for two-step login.
    #[arg(long)]
    pub remember: bool,
    /// Email the two-step login code now, then exit (run again with --code).
    #[arg(long, conflicts_with = "code")]
    pub send_code: bool,
    /// Email a fresh new-device verification code now, then exit.
    #[arg(long, conflicts_with_all = ["code", "send_code", "new_device_code"])]
    pub resend_device_code: bool,
    /// The new-device verification code the server emailed.
    #[arg(long)]
    pub new_device_code: Option<String>,
    /// Sign in with the personal API key from BW_CLIENTID and BW_CLIENTSECRET.
    #[arg(long)]
    pub apikey: bool,
    /// Accept a plain http:// server that is not on this machine (the
    /// password hash and tokens then cross the network unencrypted).
    /// Remembered with the account.
    #[arg(long)]
    pub allow_http: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Authenticator,
    Email,
}

#[derive(Args, Debug)]
pub struct PasswordArgs {
    /// Read the master password from the first line of stdin.
    #[arg(long)]
    pub password_stdin: bool,
    /// Read the master password from this environment variable.
    #[arg(long, conflicts_with = "password_stdin")]
    pub password_env: Option<String>,
}

#[derive(Args, Debug)]
pub struct UnlockArgs {
    #[command(flatten)]
    pub password: PasswordArgs,
    /// Print only the session key.
    #[arg(long)]
    pub raw: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Also run SQLite's integrity check on the unlocked snapshot (reads every page).
    #[arg(long)]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct LogoutArgs {
    /// Also delete this account's encrypted snapshot and record.
    #[arg(long)]
    pub delete_snapshot: bool,
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Only this client (name, part of a name, or id); all when absent.
    #[arg(long, conflicts_with = "list_only")]
    pub client: Option<String>,
    /// Refresh only the client list (seats, plans, names): a few requests,
    /// no per-client details.
    #[arg(long)]
    pub list_only: bool,
}

#[derive(Args, Debug)]
pub struct ClientArg {
    /// The client: name, unique part of a name, organization id or provider-organization id.
    #[arg(long)]
    pub client: String,
}

#[derive(Args, Debug)]
pub struct ItemsArgs {
    #[command(flatten)]
    pub client: ClientArg,
    /// Include login passwords in the output.
    #[arg(long)]
    pub reveal: bool,
}

pub struct Context {
    pub data_dir: Option<PathBuf>,
    pub json: bool,
    pub core: CoreArgs,
    /// Every core this command opened, closed before the process exits.
    pub opened: std::sync::Mutex<Vec<std::sync::Arc<Core>>>,
}

impl Context {
    fn core(&self) -> Result<std::sync::Arc<Core>, AppError> {
        let core = std::sync::Arc::new(self.new_core()?);
        self.opened
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(core.clone());
        Ok(core)
    }

    /// Locks every opened core: the snapshot's connections close (and their
    /// SQLite worker threads finish) before the process exits, instead of
    /// racing the C libraries' exit-time cleanup.
    pub async fn close(&self) {
        let opened: Vec<_> =
            std::mem::take(&mut *self.opened.lock().unwrap_or_else(|p| p.into_inner()));
        for core in opened {
            core.lock().await;
        }
    }

    fn new_core(&self) -> Result<Core, AppError> {
        let root = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => DataDir::default_root()?,
        };
        let mut config = CoreConfig::new(DataDir::prepare(root)?);
        if let Some(path) = &self.core.ca_file {
            config.extra_ca_pem = Some(std::fs::read(path).map_err(|e| {
                AppError::invalid_input(format!("cannot read the CA file {}: {e}", path.display()))
            })?);
        }
        config.rate_limits = match self.core.rate_limit.as_str() {
            "cloud" => RateLimitChoice::Cloud,
            "off" => RateLimitChoice::Off,
            _ => RateLimitChoice::Auto,
        };
        config.concurrency = self.core.concurrency.max(1);
        Core::new(config)
    }

    fn account(&self, core: &Core) -> Result<String, AppError> {
        if let Some(account) = &self.core.account {
            return Ok(account.clone());
        }
        let accounts = core.accounts()?;
        match accounts.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(AppError::new(
                ErrorCode::NotFound,
                "No account is signed in: run `pdesk login` first.",
            )),
            _ => Err(AppError::invalid_input(
                "Several accounts are signed in: choose one with --account EMAIL.",
            )),
        }
    }

    /// Unlocks with PDESK_SESSION (or fails with `locked`).
    async fn unlocked(&self) -> Result<std::sync::Arc<Core>, AppError> {
        let core = self.core()?;
        let account = self.account(&core)?;
        let key = std::env::var(SESSION_ENV).map_err(|_| {
            AppError::new(
                ErrorCode::Locked,
                "Locked: run `export PDESK_SESSION=$(pdesk unlock --password-stdin --raw)` first.",
            )
        })?;
        core.unlock_with_session_key(&account, &SecretString::new(key))
            .await?;
        Ok(core)
    }

    fn print<T: Serialize>(
        &self,
        value: &T,
        text: impl FnOnce() -> String,
    ) -> Result<(), AppError> {
        let mut out = std::io::stdout().lock();
        let result = if self.json {
            let json = serde_json::to_string_pretty(value)
                .map_err(|e| AppError::internal(format!("cannot encode JSON: {e}")))?;
            writeln!(out, "{json}")
        } else {
            writeln!(out, "{}", text())
        };
        result.map_err(|e| AppError::internal(format!("cannot write output: {e}")))
    }
}

fn read_password(args: &PasswordArgs) -> Result<SecretString, AppError> {
    if let Some(var) = &args.password_env {
        return std::env::var(var).map(SecretString::new).map_err(|_| {
            AppError::invalid_input(format!("the environment variable {var} is not set"))
        });
    }
    if args.password_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            AppError::invalid_input(format!("cannot read the password from stdin: {e}"))
        })?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        if password.is_empty() {
            return Err(AppError::invalid_input(
                "the master password on stdin is empty",
            ));
        }
        return Ok(SecretString::new(password));
    }
    Err(AppError::invalid_input(
        "Give the master password with --password-stdin or --password-env VAR.",
    ))
}

pub async fn run(ctx: &Context, command: &DeskCommand) -> Result<(), AppError> {
    let result = run_command(ctx, command).await;
    ctx.close().await;
    result
}

async fn run_command(ctx: &Context, command: &DeskCommand) -> Result<(), AppError> {
    match command {
        DeskCommand::Login(args) => login(ctx, args).await,
        DeskCommand::Unlock(args) => {
            let core = ctx.core()?;
            let account = ctx.account(&core)?;
            let summary = core
                .unlock(&account, read_password(&args.password)?)
                .await?;
            let key = core.export_session_key().await?;
            if args.raw {
                println!("{}", key.expose());
            } else if ctx.json {
                println!(
                    "{}",
                    serde_json::json!({"account": summary, "session": key.expose()})
                );
            } else {
                println!("Unlocked {}. To use it in this shell:", summary.email);
                println!("export {SESSION_ENV}=\"{}\"", key.expose());
            }
            Ok(())
        }
        DeskCommand::Lock => {
            ctx.core()?.forget_sessions()?;
            ctx.print(&serde_json::json!({"locked": true}), || "Locked.".into())
        }
        DeskCommand::Logout(args) => {
            let core = ctx.unlocked().await?;
            core.logout(args.delete_snapshot).await?;
            ctx.print(
                &serde_json::json!({"loggedOut": true, "snapshotDeleted": args.delete_snapshot}),
                || "Logged out.".into(),
            )
        }
        DeskCommand::Status(args) => {
            let core = ctx.core()?;
            let accounts = core.accounts()?;
            let unlocked = match std::env::var(SESSION_ENV) {
                Ok(key) => match ctx.account(&core) {
                    Ok(account) => core
                        .unlock_with_session_key(&account, &SecretString::new(key))
                        .await
                        .is_ok(),
                    Err(_) => false,
                },
                Err(_) => false,
            };
            let status = if unlocked {
                "unlocked"
            } else if accounts.is_empty() {
                "unauthenticated"
            } else {
                "locked"
            };
            // On request, also say whether SQLite finds the snapshot consistent.
            let integrity = if unlocked && args.check {
                Some(core.integrity_check().await?)
            } else {
                None
            };
            ctx.print(
                &serde_json::json!({"status": status, "accounts": accounts, "integrity": integrity}),
                || {
                    let mut text = format!("Status: {status}");
                    if let Some(integrity) = &integrity {
                        text.push_str(&format!(" (snapshot integrity: {integrity})"));
                    }
                    for a in &accounts {
                        text.push_str(&format!("\n  {} on {} (id {})", a.email, a.server, a.id));
                    }
                    text
                },
            )
        }
        DeskCommand::Sync(args) => {
            let core = ctx.unlocked().await?;
            let mut options = SyncOptions {
                list_only: args.list_only,
                ..SyncOptions::default()
            };
            if let Some(client) = &args.client {
                options.only = vec![core.find_client(client).await?.organization_id];
            }
            let cancel = CancellationToken::new();
            let on_ctrl_c = cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    on_ctrl_c.cancel();
                }
            });
            let progress = |p: SyncProgress| {
                let name = p.current.as_deref().map(sanitize).unwrap_or_default();
                eprintln!(
                    "sync: {}/{} {}{}",
                    p.done,
                    p.total,
                    name,
                    if p.errors > 0 {
                        format!(" ({} failed)", p.errors)
                    } else {
                        String::new()
                    }
                );
            };
            let summary = core.sync(options, &progress, cancel).await?;
            let list_only = args.list_only;
            ctx.print(&summary, || {
                if list_only {
                    return format!(
                        "Client list {}: {} clients in {} ms ({} requests).",
                        summary.outcome, summary.clients, summary.duration_ms, summary.requests
                    );
                }
                let mut text = format!(
                    "Sync {}: {} clients, {} members, {} items, {} events in {} ms ({} requests).",
                    summary.outcome,
                    summary.clients,
                    summary.members,
                    summary.items,
                    summary.events,
                    summary.duration_ms,
                    summary.requests
                );
                for e in &summary.errors {
                    text.push_str(&format!(
                        "\n  {}: {} ({})",
                        sanitize(&e.name),
                        e.message,
                        e.code
                    ));
                }
                text
            })?;
            if summary.outcome == "success" {
                Ok(())
            } else if summary.outcome == "cancelled" {
                Err(AppError::new(
                    ErrorCode::Internal,
                    "Sync cancelled; the next sync resumes where it stopped.",
                ))
            } else {
                Err(AppError::new(
                    ErrorCode::ServerError,
                    format!(
                        "{} client(s) failed to sync; their previous data is kept.",
                        summary.errors.len()
                    ),
                ))
            }
        }
        DeskCommand::Clients => {
            let core = ctx.unlocked().await?;
            let clients = core.client_views().await?;
            ctx.print(&clients, || {
                let mut text = format!(
                    "{:<40} {:>8} {:>6} {:>9}  {:<24} {}",
                    "Client", "Assigned", "Used", "Remaining", "Plan", "As of"
                );
                for c in &clients {
                    let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
                    text.push_str(&format!(
                        "\n{:<40} {:>8} {:>6} {:>9}  {:<24} {}",
                        truncate(&sanitize(&c.name), 40),
                        n(c.seats.assigned),
                        n(c.seats.used),
                        n(c.seats.remaining),
                        truncate(&sanitize(c.plan.as_deref().unwrap_or("-")), 24),
                        c.synced_at.as_deref().unwrap_or(&c.listed_at)
                    ));
                }
                text
            })
        }
        DeskCommand::Members(args) => {
            let core = ctx.unlocked().await?;
            let client = core.find_client(&args.client).await?;
            let members = core.members(&client.organization_id).await?;
            ctx.print(&members, || {
                let mut text = String::new();
                for m in &members {
                    text.push_str(&format!(
                        "{:<40} {:<8} {:<10} 2FA:{}\n",
                        truncate(&sanitize(m.email.as_deref().unwrap_or("-")), 40),
                        m.role,
                        m.status,
                        if m.two_factor_enabled { "on" } else { "off" }
                    ));
                }
                text.trim_end().to_owned()
            })
        }
        DeskCommand::Items(args) => {
            let core = ctx.unlocked().await?;
            let client = core.find_client(&args.client.client).await?;
            let items = core.items(&client.organization_id, args.reveal).await?;
            ctx.print(&items, || {
                let mut text = String::new();
                for i in &items {
                    let name = i
                        .name
                        .as_deref()
                        .map(sanitize)
                        .unwrap_or_else(|| "(cannot decrypt)".into());
                    text.push_str(&format!(
                        "{:<32} {:<12} {:<28} {}\n",
                        truncate(&name, 32),
                        i.item_type,
                        truncate(&sanitize(i.username.as_deref().unwrap_or("")), 28),
                        i.uris.first().map(|u| sanitize(u)).unwrap_or_default()
                    ));
                }
                text.trim_end().to_owned()
            })
        }
    }
}

async fn login(ctx: &Context, args: &LoginArgs) -> Result<(), AppError> {
    let core = ctx.core()?;
    let password = read_password(&args.password)?;
    if args.send_code {
        core.send_login_email(&args.server, &args.email, password, args.allow_http)
            .await?;
        return ctx.print(&serde_json::json!({"sent": true}), || {
            "The two-step login code was emailed. Run pdesk login again with --method email --code CODE.".into()
        });
    }
    if args.resend_device_code {
        core.resend_new_device_code(&args.server, &args.email, password, args.allow_http)
            .await?;
        return ctx.print(&serde_json::json!({"sent": true}), || {
            "A new verification code was emailed. Run pdesk login again with --new-device-code CODE.".into()
        });
    }
    let credentials = if args.apikey {
        let id = std::env::var("BW_CLIENTID").map_err(|_| {
            AppError::invalid_input("--apikey needs BW_CLIENTID (user.<id>) in the environment")
        })?;
        let secret = std::env::var("BW_CLIENTSECRET").map_err(|_| {
            AppError::invalid_input("--apikey needs BW_CLIENTSECRET in the environment")
        })?;
        Credentials::ApiKey {
            client_id: id,
            client_secret: SecretString::new(secret),
        }
    } else {
        let second = match (&args.code, &args.new_device_code) {
            (Some(code), _) => SecondFactor::TwoFactor {
                method: match args.method {
                    Method::Authenticator => TwoFactorMethod::Authenticator,
                    Method::Email => TwoFactorMethod::Email,
                },
                code: SecretString::new(code.clone()),
                remember: args.remember,
            },
            (None, Some(code)) => SecondFactor::NewDeviceOtp(SecretString::new(code.clone())),
            (None, None) => SecondFactor::None,
        };
        Credentials::Password { second }
    };
    let outcome = core
        .login(LoginInput {
            server: args.server.clone(),
            email: args.email.clone(),
            password,
            credentials,
            allow_http: args.allow_http,
        })
        .await?;
    match outcome {
        LoginOutcome::SignedIn { account } => {
            let key = core.export_session_key().await?;
            ctx.print(&serde_json::json!({"account": account, "session": key.expose()}), || {
                format!(
                    "Logged in as {}. To use the session in this shell:\nexport {SESSION_ENV}=\"{}\"",
                    account.email,
                    key.expose()
                )
            })
        }
        LoginOutcome::TwoFactorRequired {
            methods,
            email_hint,
        } => {
            let hint = email_hint
                .map(|h| format!(" (email goes to {h})"))
                .unwrap_or_default();
            Err(AppError::new(
                ErrorCode::TwoFactorRequired,
                format!(
                    "Two-step login required; methods: {}{hint}. Run again with --code CODE (and --method email after --send-code).",
                    methods.join(", ")
                ),
            ))
        }
        LoginOutcome::NewDeviceOtpRequired => Err(AppError::new(
            ErrorCode::NewDeviceOtpRequired,
            "The server emailed a verification code for this new device. Run again with --new-device-code CODE.",
        )),
    }
}

/// Server strings are hostile: no control characters (terminal escapes,
/// right-to-left overrides) reach the terminal.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
            {
                '?'
            } else {
                c
            }
        })
        .collect()
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
