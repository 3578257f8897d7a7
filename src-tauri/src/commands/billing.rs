//! Billing: the provider's (Billing and Settings pages) and each client's
//! (Admin Console → Billing); changes through the write path; an invoice's
//! per-client CSV saved where the user says.

use super::{Shl, apply, downloads};
use desk_core::AppError;
use desk_core::billing::{
    ClientBillingInput, ClientBillingPage, ProviderAddress, ProviderBillingPage,
    ProviderDetailsInput,
};
use desk_core::jobs::Submitted;
use desk_core::sends::SavedFile;

#[tauri::command]
#[specta::specta]
pub async fn provider_billing(shell: Shl<'_>) -> Result<ProviderBillingPage, AppError> {
    shell.core()?.provider_billing().await
}

#[tauri::command]
#[specta::specta]
pub async fn client_billing(
    shell: Shl<'_>,
    organization_id: String,
) -> Result<ClientBillingPage, AppError> {
    shell.core()?.client_billing(&organization_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_provider_details(
    shell: Shl<'_>,
    input: ProviderDetailsInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.provider_details_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_provider_address(
    shell: Shl<'_>,
    input: ProviderAddress,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.provider_address_operations(input).await;
    apply(&shell, planned).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_client_billing(
    shell: Shl<'_>,
    input: ClientBillingInput,
) -> Result<Submitted, AppError> {
    let planned = shell.core()?.client_billing_operations(input).await;
    apply(&shell, planned).await
}

/// Where an invoice's CSV goes unless the user says otherwise: Downloads,
/// named after the provider and the invoice number.
#[tauri::command]
#[specta::specta]
pub async fn invoice_csv_path(
    app: tauri::AppHandle,
    shell: Shl<'_>,
    invoice_id: String,
) -> Result<String, AppError> {
    let dir = downloads(&app)?;
    let path = shell.core()?.invoice_csv_path(&invoice_id, &dir).await?;
    Ok(path.display().to_string())
}

/// Saves an invoice's per-client CSV at the path the user gave: an absolute
/// path to a new `.csv` file (never replacing one: the webview cannot
/// overwrite other files through this).
#[tauri::command]
#[specta::specta]
pub async fn save_invoice_csv(
    shell: Shl<'_>,
    invoice_id: String,
    path: String,
) -> Result<SavedFile, AppError> {
    let target = std::path::PathBuf::from(path.trim());
    let is_csv = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !target.is_absolute() || !is_csv {
        return Err(AppError::invalid_input(
            "Give the full path of a .csv file, e.g. /home/you/Downloads/invoice.csv.",
        ));
    }
    let core = shell.core()?;
    let result = core.save_invoice_csv(&invoice_id, &target, false).await;
    shell.note(&result);
    result
}
