//! A client's event log: a filtered page, and the CSV export saved in the
//! user's Downloads folder (like a browser's download; the path comes back).

use super::{Shl, downloads};
use desk_core::AppError;
use desk_core::events::{
    EventFilter, EventsPage, ExportedFile, ProviderEventFilter, ProviderEventsPage,
};
use desk_core::lang::Lang;

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
    shell
        .core()?
        .export_events_to_dir(&organization_id, &filter, lang, &downloads(&app)?)
        .await
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
    shell
        .core()?
        .export_provider_events_to_dir(&filter, lang, &downloads(&app)?)
        .await
}
