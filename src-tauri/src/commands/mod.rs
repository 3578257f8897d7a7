//! The app's IPC commands. Each is a few lines: reach the state, call the
//! core, return its result. `AppError` serializes as `{code, message}`.

// Also included by build.rs; here only the tests read it.
#[cfg(test)]
mod names;

use crate::prefs::{self, Preferences};
use crate::shell::Shell;
use desk_core::{AppError, AppInfo};
use tauri::{AppHandle, State};

#[cfg(test)]
pub use names::COMMANDS;

/// The command and event set, shared by the running app and the test that
/// regenerates `ui/src/lib/backend/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        app_info,
        get_preferences,
        set_preferences
    ])
}

#[tauri::command]
#[specta::specta]
pub fn app_info(shell: State<'_, Shell>) -> Result<AppInfo, AppError> {
    shell.app_info()
}

#[tauri::command]
#[specta::specta]
pub fn get_preferences(app: AppHandle, shell: State<'_, Shell>) -> Result<Preferences, AppError> {
    prefs::get(&app, shell.data_dir()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_preferences(
    app: AppHandle,
    shell: State<'_, Shell>,
    prefs: Preferences,
) -> Result<(), AppError> {
    prefs::set(&app, shell.data_dir()?, &prefs)
}
