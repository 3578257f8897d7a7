//! A client's vault: whole items (secrets only when the user asks), live
//! authenticator codes, item and collection changes through the write
//! path, the generator.

use super::input::Secret;
use super::{Shl, apply};
use desk_core::AppError;
use desk_core::jobs::Submitted;
use desk_core::vault::{
    CollectionInput, CollectionView, GeneratorOptions, Item, ItemAction, ItemInput, TotpCode,
};

/// One item whole; passwords and other secrets only with `reveal` (the
/// user pressed "show" or "copy").
#[tauri::command]
#[specta::specta]
pub async fn item(
    shell: Shl<'_>,
    organization_id: String,
    item_id: String,
    reveal: bool,
) -> Result<Item, AppError> {
    let core = shell.core()?;
    core.touch();
    core.item(&organization_id, &item_id, reveal).await
}

#[tauri::command]
#[specta::specta]
pub async fn item_totp(
    shell: Shl<'_>,
    organization_id: String,
    item_id: String,
) -> Result<TotpCode, AppError> {
    shell.core()?.item_totp(&organization_id, &item_id).await
}

/// Creates (`itemId` null) or replaces an item.
#[tauri::command]
#[specta::specta]
pub async fn save_item(shell: Shl<'_>, input: ItemInput) -> Result<Submitted, AppError> {
    let planned = shell.core()?.item_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn item_action(
    shell: Shl<'_>,
    organization_id: String,
    item_ids: Vec<String>,
    action: ItemAction,
) -> Result<Submitted, AppError> {
    let planned = shell
        .core()?
        .item_action_operations(&organization_id, &item_ids, action)
        .await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_item_collections(
    shell: Shl<'_>,
    organization_id: String,
    item_id: String,
    collection_ids: Vec<String>,
) -> Result<Submitted, AppError> {
    let planned = shell
        .core()?
        .item_collections_operations(&organization_id, &item_id, collection_ids)
        .await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn collections(
    shell: Shl<'_>,
    organization_id: String,
) -> Result<Vec<CollectionView>, AppError> {
    shell.core()?.collections(&organization_id).await
}

/// Creates (`collectionId` null) or changes a collection.
#[tauri::command]
#[specta::specta]
pub async fn save_collection(
    shell: Shl<'_>,
    input: CollectionInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.collection_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_collections(
    shell: Shl<'_>,
    organization_id: String,
    collection_ids: Vec<String>,
) -> Result<Submitted, AppError> {
    let planned = shell
        .core()?
        .delete_collection_operations(&organization_id, &collection_ids)
        .await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub fn generate_password(options: GeneratorOptions) -> Result<String, AppError> {
    desk_core::vault::generate(&options)
}

/// Asks the master password again before an item with "master password
/// re-prompt" shows or copies a secret (checked offline).
#[tauri::command]
#[specta::specta]
pub async fn verify_master_password(shell: Shl<'_>, password: Secret) -> Result<(), AppError> {
    let core = shell.core()?;
    core.touch();
    core.verify_master_password(password.into_secret()).await
}
