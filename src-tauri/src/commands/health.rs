//! Vault health: one client's reports, and the dashboard's heatmap.

use super::Shl;
use desk_core::AppError;
use desk_core::health::{BreachCheck, HealthHeatmap, HealthOptions, HealthReport};

/// A client's vault and member health, from the snapshot, Have I Been
/// Pwned (k-anonymity; unless the setting turns it off) and 2fa.directory.
/// Offline, the answers kept in the snapshot are used.
#[tauri::command]
#[specta::specta]
pub async fn health_report(
    app: tauri::AppHandle,
    shell: Shl<'_>,
    organization_id: String,
) -> Result<HealthReport, AppError> {
    let prefs = crate::prefs::get(&app, shell.data_dir()?)?;
    let options = HealthOptions {
        breaches: if prefs.check_exposed_passwords {
            BreachCheck::Online
        } else {
            BreachCheck::Off
        },
        online: true,
    };
    shell.core()?.health_report(&organization_id, options).await
}

/// Every client's health counts with their change since the previous sync.
#[tauri::command]
#[specta::specta]
pub async fn health_heatmap(shell: Shl<'_>) -> Result<HealthHeatmap, AppError> {
    shell.core()?.health_heatmap().await
}
