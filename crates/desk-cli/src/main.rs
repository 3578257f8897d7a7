//! `pdesk`: the same core as the desktop app, as a command line.

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the version, build kind and data folder.
    Info,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    match cli.command {
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
