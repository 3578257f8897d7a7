//! Helping the client's users get started: a client's onboarding view, and
//! opening one of the resources in the system browser.

use super::Shl;
use desk_core::lang::Lang;
use desk_core::onboarding::{OnboardingPage, Resource};
use desk_core::{AppError, ErrorCode};
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
#[specta::specta]
pub async fn onboarding(
    shell: Shl<'_>,
    organization_id: String,
    lang: Lang,
) -> Result<OnboardingPage, AppError> {
    shell.core()?.onboarding(&organization_id, lang).await
}

/// Opens a resource in the system browser. The webview names the resource;
/// the URL comes from the core's allow-list (every one `https://` on
/// bitwarden.com), so nothing else can be opened from the UI.
#[tauri::command]
#[specta::specta]
pub fn open_resource(app: tauri::AppHandle, resource: Resource) -> Result<(), AppError> {
    app.opener()
        .open_url(resource.url(), None::<&str>)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot open the browser: {e}")))
}
