//! A client's Admin Console pages.

use super::Shl;
use desk_core::AppError;
use desk_core::clients::ClientOverview;
use desk_core::members::MemberView;
use desk_core::vault::ItemView;

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
