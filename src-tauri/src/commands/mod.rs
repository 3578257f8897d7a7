//! The app's IPC commands. Each is a few lines: reach the state, call the
//! core, return its result. `AppError` serializes as `{code, message}`.
//! Commands that need the server tell the runtime whether it answered.

// Also included by build.rs; here only the tests read it.
mod input;
#[cfg(test)]
mod names;

use crate::demo::{self, DemoCredentials};
use crate::events::{SessionChanged, SessionState, SyncEvent};
use crate::prefs::{self, Preferences};
use crate::shell::Shell;
use desk_core::core::{AccountSummary, LoginOutcome};
use desk_core::portal::{ClientOverview, Dashboard, NewClientInput, UpdateClientInput};
use desk_core::sync::{SyncOptions, SyncSummary};
use desk_core::views::{ClientView, ItemView, MemberView};
use desk_core::{AppError, AppInfo};
use input::{Secret, SignInInput};
use tauri::{AppHandle, State};

#[cfg(test)]
pub use names::COMMANDS;

/// The command and event set, shared by the running app and the test that
/// regenerates `ui/src/lib/backend/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            app_info,
            get_preferences,
            set_preferences,
            session_state,
            demo_credentials,
            sign_in,
            send_login_email,
            resend_device_code,
            unlock,
            lock,
            logout,
            touch,
            clients,
            dashboard,
            client_overview,
            members,
            items,
            create_client,
            update_client,
            start_sync,
            cancel_sync,
        ])
        .events(tauri_specta::collect_events![SyncEvent, SessionChanged])
}

type Shl<'a> = State<'a, Shell>;

#[tauri::command]
#[specta::specta]
pub fn app_info(shell: Shl<'_>) -> Result<AppInfo, AppError> {
    shell.app_info()
}

#[tauri::command]
#[specta::specta]
pub fn get_preferences(app: AppHandle, shell: Shl<'_>) -> Result<Preferences, AppError> {
    prefs::get(&app, shell.data_dir()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_preferences(app: AppHandle, shell: Shl<'_>, prefs: Preferences) -> Result<(), AppError> {
    prefs::set(&app, shell.data_dir()?, prefs)
}

#[tauri::command]
#[specta::specta]
pub async fn session_state(shell: Shl<'_>) -> Result<SessionState, AppError> {
    let summary = shell.core()?.session_summary().await?;
    Ok(shell.runtime.state(summary))
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
    shell.runtime.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn send_login_email(shell: Shl<'_>, input: SignInInput) -> Result<(), AppError> {
    let server = input.server.as_server();
    shell.ensure_demo_for(&server).await?;
    let result = shell
        .core()?
        .send_login_email(&server, &input.email, input.password.into_secret())
        .await;
    shell.runtime.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn resend_device_code(shell: Shl<'_>, input: SignInInput) -> Result<(), AppError> {
    let server = input.server.as_server();
    shell.ensure_demo_for(&server).await?;
    let result = shell
        .core()?
        .resend_new_device_code(&server, &input.email, input.password.into_secret())
        .await;
    shell.runtime.note(&result);
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
    // A running sync holds the session until it stops: stop it first.
    shell.runtime.cancel_sync();
    shell.core()?.lock().await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn logout(shell: Shl<'_>, delete_snapshot: bool) -> Result<(), AppError> {
    shell.runtime.cancel_sync();
    shell.core()?.logout(delete_snapshot).await
}

/// User activity: restarts the auto-lock timer.
#[tauri::command]
#[specta::specta]
pub fn touch(shell: Shl<'_>) -> Result<(), AppError> {
    shell.core()?.touch();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn clients(shell: Shl<'_>) -> Result<Vec<ClientView>, AppError> {
    shell.core()?.client_views().await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(shell: Shl<'_>) -> Result<Dashboard, AppError> {
    shell.core()?.dashboard().await
}

#[tauri::command]
#[specta::specta]
pub async fn client_overview(
    shell: Shl<'_>,
    organization_id: String,
) -> Result<ClientOverview, AppError> {
    shell.core()?.client_overview(&organization_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn members(shell: Shl<'_>, organization_id: String) -> Result<Vec<MemberView>, AppError> {
    shell.core()?.members(&organization_id).await
}

/// Never with passwords: revealing one is a separate, later action.
#[tauri::command]
#[specta::specta]
pub async fn items(shell: Shl<'_>, organization_id: String) -> Result<Vec<ItemView>, AppError> {
    shell.core()?.items(&organization_id, false).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_client(
    shell: Shl<'_>,
    input: NewClientInput,
) -> Result<Vec<ClientView>, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = core.create_client(input).await;
    shell.runtime.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn update_client(
    shell: Shl<'_>,
    input: UpdateClientInput,
) -> Result<Vec<ClientView>, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = core.update_client(input).await;
    shell.runtime.note(&result);
    result
}

/// Syncs everything, or only `only` (organization ids: "retry this client").
/// Progress arrives as `SyncEvent`s; the summary is also the answer.
#[tauri::command]
#[specta::specta]
pub async fn start_sync(
    app: AppHandle,
    shell: Shl<'_>,
    only: Option<Vec<String>>,
) -> Result<SyncSummary, AppError> {
    let core = shell.core()?;
    if let Some(account) = core.unlocked_account().await {
        shell.ensure_demo_for(&account.server).await?;
    }
    let options = SyncOptions {
        only: only.unwrap_or_default(),
        ..SyncOptions::default()
    };
    shell.runtime.sync(&app, core, options).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_sync(shell: Shl<'_>) {
    shell.runtime.cancel_sync();
}
