//! What every pdesk command shares: the options, the core it opens (and
//! closes before exit), the session from PDESK_SESSION, output as text or
//! JSON, and how hostile server strings reach a terminal.

use crate::commands::session::PasswordArgs;
use bw_crypto::SecretString;
use clap::Args;
use desk_core::core::{Core, CoreConfig, RateLimitChoice};
use desk_core::{AppError, DataDir, ErrorCode};
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

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
    /// Where copies of Have I Been Pwned's range API and 2fa.directory are
    /// served (`<URL>/pwned/range/`, `<URL>/2fa-directory/totp.json`, as the
    /// sandbox does); default: the real services.
    #[arg(long, global = true, env = "PDESK_PUBLIC_SERVICES")]
    pub public_services: Option<String>,
    /// Request limits: `auto` (the cloud's for bitwarden.com/.eu), `cloud` or `off`.
    #[arg(long, global = true, default_value = "auto", value_parser = ["auto", "cloud", "off"])]
    pub rate_limit: String,
    /// Clients synced at once when the server has no limits.
    #[arg(long, global = true, default_value_t = 6)]
    pub concurrency: usize,
}

pub struct Context {
    pub data_dir: Option<PathBuf>,
    pub json: bool,
    pub core: CoreArgs,
    /// Every core this command opened, closed before the process exits.
    pub opened: std::sync::Mutex<Vec<std::sync::Arc<Core>>>,
}

impl Context {
    pub fn core(&self) -> Result<std::sync::Arc<Core>, AppError> {
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
        if let Some(base) = &self.core.public_services {
            config.public_urls = Some(bw_api::public::PublicUrls::under(base)?);
        }
        Core::new(config)
    }

    pub fn account(&self, core: &Core) -> Result<String, AppError> {
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
    pub async fn unlocked(&self) -> Result<std::sync::Arc<Core>, AppError> {
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

    pub fn print<T: Serialize>(
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

/// The value of an environment variable a `--…-env VAR` option names (a
/// secret passed without the command line showing it).
pub fn env_value(var: &str) -> Result<String, AppError> {
    std::env::var(var)
        .map_err(|_| AppError::invalid_input(format!("the environment variable {var} is not set")))
}

pub fn read_password(args: &PasswordArgs) -> Result<SecretString, AppError> {
    if let Some(var) = &args.password_env {
        return env_value(var).map(SecretString::new);
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

/// Server strings are hostile: no control characters (terminal escapes,
/// right-to-left overrides) reach the terminal.
pub fn sanitize(text: &str) -> String {
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

pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
