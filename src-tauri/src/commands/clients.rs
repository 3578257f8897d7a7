//! The Provider Portal: the client list, the dashboard and client changes.

use super::Shl;
use desk_core::AppError;
use desk_core::clients::ClientView;
use desk_core::clients::{Dashboard, NewClientInput, UpdateClientInput};

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
