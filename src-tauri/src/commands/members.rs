//! A client's Members page and its tasks: invite, reinvite, confirm with
//! the fingerprint step, edit, revoke/restore/remove, seats, account
//! recovery. Every change goes through the core's write path and comes
//! back as the jobs it made.

use super::{Shl, apply};
use desk_core::AppError;
use desk_core::groups::{GroupInput, GroupView};
use desk_core::jobs::Submitted;
use desk_core::members::{
    ConfirmInput, ConfirmPreview, EditMemberInput, InviteInput, MemberChangeInput, MembersPage,
    PasswordStrength, RecoverInput, RecoverOutcome, RecoveryPolicyInput, SetSeatsInput,
    StatusChange,
};

#[tauri::command]
#[specta::specta]
pub async fn members_page(
    shell: Shl<'_>,
    organization_id: String,
) -> Result<MembersPage, AppError> {
    shell.core()?.members_page(&organization_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn invite_members(shell: Shl<'_>, input: InviteInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.invite_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn reinvite_members(
    shell: Shl<'_>,
    input: MemberChangeInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.reinvite_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_member_status(
    shell: Shl<'_>,
    change: StatusChange,
    input: MemberChangeInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.status_operations(change, input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_member(shell: Shl<'_>, input: EditMemberInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.edit_member_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_preview(
    shell: Shl<'_>,
    organization_id: String,
    member_ids: Vec<String>,
) -> Result<Vec<ConfirmPreview>, AppError> {
    let result = shell
        .core()?
        .confirm_preview(&organization_id, &member_ids)
        .await;
    shell.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_members(shell: Shl<'_>, input: ConfirmInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.confirm_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_seats(shell: Shl<'_>, input: SetSeatsInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.set_seats_operations(input).await;
    apply(&shell, planned).await
}

/// The generated password (if asked for) comes back once, to be handed
/// to the member; it is not kept anywhere.
#[tauri::command]
#[specta::specta]
pub async fn recover_account(
    shell: Shl<'_>,
    input: RecoverInput,
) -> Result<RecoverOutcome, AppError> {
    let core = shell.core()?;
    core.touch();
    let result = core.recover_account(input).await;
    shell.note(&result);
    result
}

#[tauri::command]
#[specta::specta]
pub fn password_strength(password: String, email: String) -> PasswordStrength {
    desk_core::members::password_strength(&password, &email)
}

/// Turns the account recovery administration policy on or off.
#[tauri::command]
#[specta::specta]
pub async fn set_recovery_policy(
    shell: Shl<'_>,
    input: RecoveryPolicyInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.recovery_policy_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn groups(shell: Shl<'_>, organization_id: String) -> Result<Vec<GroupView>, AppError> {
    shell.core()?.groups(&organization_id).await
}

/// Creates a group (`groupId` null) or changes one.
#[tauri::command]
#[specta::specta]
pub async fn save_group(shell: Shl<'_>, input: GroupInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.group_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_groups(
    shell: Shl<'_>,
    organization_id: String,
    group_ids: Vec<String>,
) -> Result<Submitted, AppError> {
    let planned = shell
        .core()?
        .delete_group_operations(&organization_id, &group_ids)
        .await;
    apply(&shell, planned).await
}
