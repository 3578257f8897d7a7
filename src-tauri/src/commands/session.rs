//! Sign-in, unlock, lock and log out, and the session's state.

use super::Shl;
use super::input::{Secret, SignInInput};
use crate::demo::{self, DemoCredentials};
use crate::events::SessionState;
use desk_core::AppError;
use desk_core::session::{AccountSummary, EmailedCode, LoginOutcome};

#[tauri::command]
#[specta::specta]
pub async fn session_state(shell: Shl<'_>) -> Result<SessionState, AppError> {
    let summary = shell.core()?.session_summary().await?;
    Ok(crate::runtime::state(shell.scheduler()?, summary))
}

#[tauri::command]
#[specta::specta]
pub fn demo_credentials() -> DemoCredentials {
    demo::credentials()
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(shell: Shl<'_>, input: SignInInput) -> Result<LoginOutcome, AppError> {
    let login = input.into_login();
    shell.ensure_demo_for(&login.server).await?;
    let result = shell.core()?.login(login).await;
    shell.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn send_login_email(shell: Shl<'_>, input: SignInInput) -> Result<(), AppError> {
    request_emailed_code(shell, input, EmailedCode::TwoFactor).await
}

#[tauri::command]
#[specta::specta]
pub async fn resend_device_code(shell: Shl<'_>, input: SignInInput) -> Result<(), AppError> {
    request_emailed_code(shell, input, EmailedCode::NewDevice).await
}

async fn request_emailed_code(
    shell: Shl<'_>,
    input: SignInInput,
    code: EmailedCode,
) -> Result<(), AppError> {
    let server = input.server.as_server();
    shell.ensure_demo_for(&server).await?;
    let result = shell
        .core()?
        .request_emailed_code(
            code,
            &server,
            &input.email,
            input.password.into_secret(),
            input.allow_http,
        )
        .await;
    shell.note(&result);
    result
}

/// Works offline: the master password opens the snapshot on this machine.
#[tauri::command]
#[specta::specta]
pub async fn unlock(
    shell: Shl<'_>,
    account_id: String,
    password: Secret,
) -> Result<AccountSummary, AppError> {
    let core = shell.core()?;
    if let Some(account) = core.accounts()?.iter().find(|a| a.id == account_id) {
        // The demo server only matters for the next sync; unlock itself
        // must not fail because it could not start.
        if let Err(error) = shell.ensure_demo_for(&account.server).await {
            tracing::warn!(%error, "demo sandbox unavailable; unlocking offline");
        }
    }
    core.unlock(&account_id, password.into_secret()).await
}

#[tauri::command]
#[specta::specta]
pub async fn lock(shell: Shl<'_>) -> Result<(), AppError> {
    // The core stops a running sync first.
    shell.core()?.lock().await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn logout(shell: Shl<'_>, delete_snapshot: bool) -> Result<(), AppError> {
    shell.core()?.logout(delete_snapshot).await
}

/// User activity: restarts the auto-lock timer.
#[tauri::command]
#[specta::specta]
pub fn touch(shell: Shl<'_>) -> Result<(), AppError> {
    shell.core()?.touch();
    Ok(())
}
