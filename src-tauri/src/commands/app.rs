//! The app itself: facts about this installation and the preferences.

use super::Shl;
use crate::prefs::{self, Preferences};
use desk_core::{AppError, AppInfo};
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub fn app_info(shell: Shl<'_>) -> Result<AppInfo, AppError> {
    shell.app_info()
}

#[tauri::command]
#[specta::specta]
pub fn get_preferences(app: AppHandle, shell: Shl<'_>) -> Result<Preferences, AppError> {
    prefs::get(&app, shell.data_dir()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_preferences(app: AppHandle, shell: Shl<'_>, prefs: Preferences) -> Result<(), AppError> {
    let settings = crate::runtime::settings(&prefs);
    prefs::set(&app, shell.data_dir()?, prefs)?;
    if let Ok(scheduler) = shell.scheduler() {
        scheduler.set_settings(settings);
    }
    Ok(())
}
