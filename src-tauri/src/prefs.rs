//! Preferences: the only thing kept in tauri-plugin-store.
//!
//! The store file holds plain JSON, so it must never hold a secret: only the
//! choices below (and later server/region, last email, auto-lock minutes).
//! The webview has no store permission; it reads and writes these through the
//! app's own commands, which validate every field.

use desk_core::{AppError, DataDir};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;
use tauri::{AppHandle, Wry};
use tauri_plugin_store::{Store, StoreExt};

const FILE: &str = "preferences.json";
const LANGUAGE: &str = "language";
const LOG_LEVEL: &str = "logLevel";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
}

/// What the UI may read and change. `None` means "follow the OS".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    pub language: Option<Language>,
}

/// Preferences the shell reads itself but does not offer to the UI.
pub struct ShellPreferences {
    pub log_level: Option<String>,
}

fn open(app: &AppHandle, dir: &DataDir) -> Result<Arc<Store<Wry>>, AppError> {
    app.store(dir.root().join(FILE)).map_err(|e| {
        AppError::internal(format!(
            "cannot open the preferences file in {}: {e}",
            dir.root().display()
        ))
    })
}

pub fn load(app: &AppHandle, dir: &DataDir) -> Result<ShellPreferences, AppError> {
    let store = open(app, dir)?;
    Ok(ShellPreferences {
        log_level: store
            .get(LOG_LEVEL)
            .and_then(|v| v.as_str().map(str::to_owned)),
    })
}

pub fn get(app: &AppHandle, dir: &DataDir) -> Result<Preferences, AppError> {
    let store = open(app, dir)?;
    // A hand-edited or older file may hold anything: unknown values fall back
    // to the default instead of failing the whole settings page.
    let language = store
        .get(LANGUAGE)
        .and_then(|v| serde_json::from_value::<Option<Language>>(v).ok())
        .flatten();
    Ok(Preferences { language })
}

pub fn set(app: &AppHandle, dir: &DataDir, prefs: &Preferences) -> Result<(), AppError> {
    let store = open(app, dir)?;
    store.set(
        LANGUAGE,
        serde_json::to_value(prefs.language).unwrap_or_default(),
    );
    store.save().map_err(|e| {
        AppError::internal(format!(
            "cannot save preferences in {}: {e}",
            dir.root().display()
        ))
    })
}
