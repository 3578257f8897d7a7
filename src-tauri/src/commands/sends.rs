//! The user's Sends: list, create (the answer carries the share link),
//! change, delete, and open a Send link inside the app.

use super::{Shl, apply, downloads};
use desk_core::AppError;
use desk_core::jobs::Submitted;
use desk_core::sends::{ReceivedSend, SavedFile, SendInput, SendSaved, SendView};

#[tauri::command]
#[specta::specta]
pub async fn sends(shell: Shl<'_>) -> Result<Vec<SendView>, AppError> {
    let core = shell.core()?;
    let result = core.sends(false).await;
    shell.note(&result);
    result
}

/// Creates (`sendId` null) or changes a Send; a new one comes back with
/// its link.
#[tauri::command]
#[specta::specta]
pub async fn save_send(shell: Shl<'_>, input: SendInput) -> Result<SendSaved, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = match core.send_operations(input).await {
        Ok(operations) => core.submit_sends(operations, true).await,
        Err(error) => Err(error),
    };
    shell.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn delete_sends(shell: Shl<'_>, send_ids: Vec<String>) -> Result<Submitted, AppError> {
    let planned = shell.core()?.send_delete_operations(&send_ids, false).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_send_password(shell: Shl<'_>, send_id: String) -> Result<Submitted, AppError> {
    let planned = shell.core()?.send_delete_operations(&[send_id], true).await;
    apply(&shell, planned).await
}

/// Opens a Send link (counts as one access).
#[tauri::command]
#[specta::specta]
pub async fn receive_send(
    shell: Shl<'_>,
    link: String,
    password: Option<String>,
) -> Result<ReceivedSend, AppError> {
    let core = shell.core()?;
    let result = core.receive_send(&link, password.as_deref()).await;
    shell.note(&result);
    result
}

/// Opens a file Send's link and saves its file in the user's Downloads
/// folder under its own name (made safe); the path comes back.
#[tauri::command]
#[specta::specta]
pub async fn receive_send_file(
    app: tauri::AppHandle,
    shell: Shl<'_>,
    link: String,
    password: Option<String>,
) -> Result<SavedFile, AppError> {
    let dir = downloads(&app)?;
    let core = shell.core()?;
    let result = core
        .receive_send_file(&link, password.as_deref(), &dir)
        .await;
    shell.note(&result);
    result
}
