//! `pdesk`: the same core as the desktop app, as a command line.

mod commands;
mod context;

use clap::{Parser, Subcommand};
use desk_core::{AppError, DataDir};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pdesk", version, about = "Provider Desk on the command line")]
struct Cli {
    /// Where the snapshot, settings and logs live (default: the desktop app's data folder).
    #[arg(long, global = true, env = "PDESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(flatten)]
    core: context::CoreArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the version, build kind and data folder.
    Info,
    #[command(flatten)]
    Desk(commands::DeskCommand),
    /// A local Bitwarden-compatible provider backend (demo, training, tests).
    Sandbox {
        #[command(subcommand)]
        command: SandboxCommand,
    },
}

#[derive(Subcommand)]
enum SandboxCommand {
    /// Serve until stopped; prints exactly one line `listening on <url>` when ready.
    Serve(ServeArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum SeedKind {
    /// Provider "Demo MSP" with the Provider Portal's clients and realistic data.
    Demo,
    /// Synthetic clients (--clients, --members, --items, --events) of one provider whose
    /// admin (the demo admin) also owns "Client 0001" directly, so the official CLI can
    /// read that org (e.g. `--clients 1 --items 5000` for a 5,000-item org).
    Scale,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Initial data.
    #[arg(long, value_enum, default_value = "demo")]
    seed: SeedKind,
    /// Seed value of the deterministic generator.
    #[arg(long, default_value_t = 1)]
    seed_value: u64,
    /// Scale seed: number of client organizations.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Scale seed: members per client.
    #[arg(long, default_value_t = 10)]
    members: usize,
    /// Scale seed: items per client.
    #[arg(long, default_value_t = 20)]
    items: usize,
    /// Scale seed: events per client.
    #[arg(long, default_value_t = 50)]
    events: usize,
    /// Listen address (loopback only unless --allow-remote).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: std::net::SocketAddr,
    /// Allow a non-loopback listen address.
    #[arg(long)]
    allow_remote: bool,
    /// Keep the database in this folder (reused on restart); default: a temp folder.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Per-IP rate limits: `cloud` (the cloud's limits) or `off`.
    #[arg(long, default_value = "off")]
    rate_limit: String,
    /// Fault injection, e.g. `seed=7,500=0.05,502=0.02,429=0.02,reset=0.01,truncate=0.01,stall=0.01:3`.
    #[arg(long)]
    faults: Option<String>,
    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency: u64,
    /// Delay after a failed login or two-step code, in milliseconds (the cloud waits 2000).
    #[arg(long, default_value_t = 0)]
    brute_force_delay: u64,
    /// Ask for an emailed code on logins from unknown devices (cloud behaviour).
    #[arg(long)]
    new_device_verification: bool,
    /// Serve HTTPS with a throw-away CA.
    #[arg(long)]
    tls: bool,
    /// Write the CA certificate (PEM) here (with --tls).
    #[arg(long, requires = "tls")]
    ca_out: Option<PathBuf>,
}

/// Log directives, as `PROVIDER_DESK_LOG` takes them (`debug`, `desk_core=trace`…).
const LOG_ENV: &str = "PDESK_LOG";
/// `stderr` (the default) or `file`: the data folder's `logs/pdesk.<date>.log`.
const LOG_TO_ENV: &str = "PDESK_LOG_TO";

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `sandbox serve` has its own logging (its stdout is a protocol).
    let _log_guard = match &cli.command {
        Command::Sandbox { .. } => None,
        _ => init_logging(cli.data_dir.as_deref()),
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if cli.json {
                eprintln!(
                    "{}",
                    serde_json::json!({"code": err.code, "message": err.message})
                );
            } else {
                eprintln!("pdesk: {}", err.message);
            }
            ExitCode::from(exit_code(&err))
        }
    }
}

fn run(cli: &Cli) -> Result<(), AppError> {
    match &cli.command {
        Command::Desk(command) => {
            let ctx = context::Context {
                data_dir: cli.data_dir.clone(),
                json: cli.json,
                core: cli.core.clone(),
                opened: Default::default(),
            };
            runtime()?.block_on(commands::run(&ctx, command))
        }
        Command::Sandbox {
            command: SandboxCommand::Serve(args),
        } => serve(args),
        Command::Info => {
            let root = match &cli.data_dir {
                Some(dir) => dir.clone(),
                None => DataDir::default_root()?,
            };
            let info = DataDir::prepare(root)?.info(env!("CARGO_PKG_VERSION"));
            if cli.json {
                let text = serde_json::to_string_pretty(&info)
                    .map_err(|e| AppError::internal(format!("cannot encode JSON: {e}")))?;
                println!("{text}");
            } else {
                println!("version:    {}", info.version);
                println!("build:      {}", info.build_kind.as_str());
                println!("data dir:   {}", info.data_dir);
                println!("log dir:    {}", info.log_dir);
            }
            Ok(())
        }
    }
}

fn serve(args: &ServeArgs) -> Result<(), AppError> {
    use bw_sandbox::{FaultSpec, RateLimit, SandboxConfig, Seed, TlsConfig};
    let invalid = |e: bw_sandbox::SandboxError| AppError::invalid_input(e.to_string());
    let config = SandboxConfig {
        seed: match args.seed {
            SeedKind::Demo => Seed::Demo,
            SeedKind::Scale => Seed::Scale {
                clients: args.clients,
                members: args.members,
                items: args.items,
                events: args.events,
            },
        },
        seed_value: args.seed_value,
        addr: args.addr,
        allow_non_loopback: args.allow_remote,
        data_dir: args.data.clone(),
        rate_limit: args.rate_limit.parse::<RateLimit>().map_err(invalid)?,
        faults: args
            .faults
            .as_deref()
            .map(str::parse::<FaultSpec>)
            .transpose()
            .map_err(invalid)?,
        latency: std::time::Duration::from_millis(args.latency),
        tls: args.tls.then(|| TlsConfig {
            ca_out: args.ca_out.clone(),
        }),
        brute_force_delay: std::time::Duration::from_millis(args.brute_force_delay),
        new_device_verification: args.new_device_verification,
        anchor: None,
    };
    // Logs go to stderr so stdout carries only the `listening on` line.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,bw_sandbox=info")),
        )
        .try_init();
    runtime()?.block_on(async {
        let sandbox = bw_sandbox::Sandbox::start(config)
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "listening on {}", sandbox.url());
            let _ = out.flush();
        }
        wait_for_stop().await;
        sandbox.shutdown().await;
        Ok(())
    })
}

/// Logging like the app's, only when asked: `PDESK_LOG` holds the directives;
/// without it pdesk writes nothing but its own output. Secrets cannot reach a
/// log at any level (they live in types that do not print).
fn init_logging(
    data_dir: Option<&std::path::Path>,
) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let directive = std::env::var(LOG_ENV).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_new(&directive).unwrap_or_else(|error| {
        eprintln!("pdesk: {LOG_ENV}={directive:?} is not a valid filter ({error}); using `info`");
        tracing_subscriber::EnvFilter::new("info")
    });
    let to_file = std::env::var(LOG_TO_ENV).is_ok_and(|to| to.eq_ignore_ascii_case("file"));
    if !to_file {
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_env_filter(filter)
            .try_init();
        return None;
    }
    let root = match data_dir {
        Some(dir) => dir.to_owned(),
        None => DataDir::default_root().ok()?,
    };
    // `prepare` makes the folder and its `logs/` owner-only.
    let logs = match DataDir::prepare(root) {
        Ok(dir) => dir.log_dir(),
        Err(error) => {
            eprintln!(
                "pdesk: logging to stderr, the log folder is unusable: {}",
                error.message
            );
            let _ = tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_env_filter(filter)
                .try_init();
            return None;
        }
    };
    let appender = tracing_appender::rolling::RollingFileAppender::builder()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("pdesk")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&logs);
    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let _ = tracing_subscriber::fmt()
                .with_ansi(false)
                .with_writer(writer)
                .with_env_filter(filter)
                .try_init();
            Some(guard)
        }
        Err(error) => {
            eprintln!(
                "pdesk: logging to stderr, cannot open a log file in {}: {error}",
                logs.display()
            );
            let _ = tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_env_filter(filter)
                .try_init();
            None
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::internal(format!("cannot start the async runtime: {e}")))
}

/// Ctrl-C, or SIGTERM on Unix (how scripts and test harnesses stop it).
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// One exit status per error code, so scripts can branch without parsing text.
fn exit_code(err: &AppError) -> u8 {
    use desk_core::ErrorCode::*;
    match err.code {
        InvalidInput => 2,
        Locked => 3,
        AuthExpired | TwoFactorRequired | NewDeviceOtpRequired => 4,
        Offline => 5,
        RateLimited => 6,
        Forbidden | NotFound => 7,
        Conflict => 8,
        ServerError => 9,
        CacheIncompatible => 10,
        Internal => 1,
    }
}
