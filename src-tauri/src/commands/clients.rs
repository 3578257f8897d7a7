//! The Provider Portal: the client list, the dashboard and client changes.

use super::{Shl, apply};
use desk_core::AppError;
use desk_core::clients::ClientView;
use desk_core::clients::{
    AddableClient, Dashboard, NewClientInput, UnlinkInput, UpdateClientInput,
};
use desk_core::jobs::Submitted;

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
pub async fn create_client(
    shell: Shl<'_>,
    input: NewClientInput,
) -> Result<Vec<ClientView>, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = core.create_client(input).await;
    shell.note(&result);
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
    shell.note(&result);
    result
}

/// Organizations the user owns that may join the provider.
#[tauri::command]
#[specta::specta]
pub async fn addable_clients(shell: Shl<'_>) -> Result<Vec<AddableClient>, AppError> {
    let core = shell.core()?;
    let result = core.addable_clients().await;
    shell.note(&result);
    result
}

/// Brings an organization the user owns into the provider.
#[tauri::command]
#[specta::specta]
pub async fn add_existing_client(
    shell: Shl<'_>,
    organization_id: String,
) -> Result<Submitted, AppError> {
    let planned = shell
        .core()?
        .add_existing_client_operations(&organization_id)
        .await;
    apply(&shell, planned).await
}

/// Unlinks a client (its name typed again confirms it).
#[tauri::command]
#[specta::specta]
pub async fn unlink_client(shell: Shl<'_>, input: UnlinkInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.unlink_client_operations(input).await;
    apply(&shell, planned).await
}
