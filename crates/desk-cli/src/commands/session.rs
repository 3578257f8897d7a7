//! Sign-in and the session: login (with two-step and new-device steps),
//! unlock (printing a PDESK_SESSION key, like `bw unlock`), lock, logout,
//! status.

use crate::context::{Context, SESSION_ENV, read_password};
use bw_api::client::{SecondFactor, TwoFactorMethod};
use bw_crypto::SecretString;
use clap::{Args, ValueEnum};
use desk_core::session::{Credentials, EmailedCode, LoginInput, LoginOutcome};
use desk_core::{AppError, ErrorCode};

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

pub async fn login(ctx: &Context, args: &LoginArgs) -> Result<(), AppError> {
    let core = ctx.core()?;
    let password = read_password(&args.password)?;
    // These two only ask for a code; the sign-in that uses it is the next run.
    let asked = if args.send_code {
        Some((
            EmailedCode::TwoFactor,
            "The two-step login code was emailed. Run pdesk login again with --method email --code CODE.",
        ))
    } else if args.resend_device_code {
        Some((
            EmailedCode::NewDevice,
            "A new verification code was emailed. Run pdesk login again with --new-device-code CODE.",
        ))
    } else {
        None
    };
    if let Some((code, next)) = asked {
        core.request_emailed_code(code, &args.server, &args.email, password, args.allow_http)
            .await?;
        return ctx.print(&serde_json::json!({"sent": true}), || next.into());
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

pub async fn unlock(ctx: &Context, args: &UnlockArgs) -> Result<(), AppError> {
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

pub async fn lock(ctx: &Context) -> Result<(), AppError> {
    ctx.core()?.forget_sessions()?;
    ctx.print(&serde_json::json!({"locked": true}), || "Locked.".into())
}

pub async fn logout(ctx: &Context, args: &LogoutArgs) -> Result<(), AppError> {
    let core = ctx.unlocked().await?;
    core.logout(args.delete_snapshot).await?;
    ctx.print(
        &serde_json::json!({"loggedOut": true, "snapshotDeleted": args.delete_snapshot}),
        || "Logged out.".into(),
    )
}

pub async fn status(ctx: &Context, args: &StatusArgs) -> Result<(), AppError> {
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
