//! The provider's people (Manage → People, provider admins): list, invite,
//! reinvite, confirm with the fingerprint step, change role, remove.

use super::{Shl, apply};
use desk_core::AppError;
use desk_core::jobs::Submitted;
use desk_core::members::ConfirmPreview;
use desk_core::people::{PeopleAction, PeopleConfirm, PeopleInvite, PeoplePage, PersonRole};

#[tauri::command]
#[specta::specta]
pub async fn people(shell: Shl<'_>) -> Result<PeoplePage, AppError> {
    shell.core()?.people().await
}

#[tauri::command]
#[specta::specta]
pub async fn invite_people(shell: Shl<'_>, input: PeopleInvite) -> Result<Submitted, AppError> {
    let planned = shell.core()?.people_invite_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn people_action(
    shell: Shl<'_>,
    ids: Vec<String>,
    action: PeopleAction,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.people_action_operations(&ids, action).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_person_role(
    shell: Shl<'_>,
    id: String,
    role: PersonRole,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.people_role_operations(&id, role).await;
    apply(&shell, planned).await
}

/// The fingerprint phrases to compare before confirming.
#[tauri::command]
#[specta::specta]
pub async fn people_confirm_preview(
    shell: Shl<'_>,
    ids: Vec<String>,
) -> Result<Vec<ConfirmPreview>, AppError> {
    let core = shell.core()?;
    let result = core.people_confirm_preview(&ids).await;
    shell.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_people(shell: Shl<'_>, input: PeopleConfirm) -> Result<Submitted, AppError> {
    let planned = shell.core()?.people_confirm_operations(input).await;
    apply(&shell, planned).await
}
