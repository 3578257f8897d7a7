//! A client's event log: a filtered page, and the CSV export saved in the
//! user's Downloads folder (like a browser's download; the path comes back).

use super::Shl;
use desk_core::events::{EventFilter, EventsPage, ProviderEventFilter, ProviderEventsPage};
use desk_core::lang::Lang;
use desk_core::{AppError, ErrorCode};
use serde::Serialize;
use specta::Type;
use tauri::Manager;

#[tauri::command]
#[specta::specta]
pub async fn events_page(
    shell: Shl<'_>,
    organization_id: String,
    filter: EventFilter,
    lang: Lang,
) -> Result<EventsPage, AppError> {
    shell
        .core()?
        .events_page(&organization_id, &filter, lang)
        .await
}

/// Where an export went.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub rows: u32,
}

/// Every event matching the filter, as Bitwarden's CSV, written to
/// `Downloads/<client>-events-<date>.csv` (a number added when taken).
#[tauri::command]
#[specta::specta]
pub async fn export_events(
    app: tauri::AppHandle,
    shell: Shl<'_>,
    organization_id: String,
    filter: EventFilter,
    lang: Lang,
) -> Result<ExportedFile, AppError> {
    let core = shell.core()?;
    let client = core.client_overview(&organization_id).await?;
    let path = download_path(&app, &client.client.name)?;
    let rows = core
        .export_events(&organization_id, &filter, lang, &path)
        .await?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        rows,
    })
}

/// One page of the provider's own event log (provider admins).
#[tauri::command]
#[specta::specta]
pub async fn provider_events_page(
    shell: Shl<'_>,
    filter: ProviderEventFilter,
    lang: Lang,
) -> Result<ProviderEventsPage, AppError> {
    shell.core()?.provider_events_page(&filter, lang).await
}

/// The provider's events matching the filter, as Bitwarden's CSV, written to
/// `Downloads/<provider>-events-<date>.csv`.
#[tauri::command]
#[specta::specta]
pub async fn export_provider_events(
    app: tauri::AppHandle,
    shell: Shl<'_>,
    filter: ProviderEventFilter,
    lang: Lang,
) -> Result<ExportedFile, AppError> {
    let core = shell.core()?;
    let page = core
        .provider_events_page(&ProviderEventFilter::default(), lang)
        .await?;
    let path = download_path(&app, &page.provider_name)?;
    let rows = core.export_provider_events(&filter, lang, &path).await?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        rows,
    })
}

/// `Downloads/<name>-events-<date>.csv`, numbered when taken.
fn download_path(app: &tauri::AppHandle, name: &str) -> Result<std::path::PathBuf, AppError> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("no Downloads folder: {e}")))?;
    let stem = format!(
        "{}-events-{}",
        desk_core::private_fs::file_stem(name),
        desk_core::events::today()
    );
    Ok(desk_core::private_fs::unused_path(&dir, &stem, "csv"))
}
