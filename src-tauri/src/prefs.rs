//! Preferences: the only thing kept in tauri-plugin-store.
//!
//! The store file holds plain JSON, so it must never hold a secret: only the
//! choices below. The webview has no store permission; it reads and writes
//! these through the app's own commands, which validate every field.

use desk_core::session::ServerChoice;
use desk_core::{AppError, DataDir};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{Store, StoreExt};

const FILE: &str = "preferences.json";
const KEY: &str = "preferences";
const LOG_LEVEL: &str = "logLevel";
/// Bitwarden's clients default to 15 minutes too.
const DEFAULT_AUTO_LOCK_MINUTES: u32 = 15;
const DEFAULT_SYNC_INTERVAL_MINUTES: u32 = 30;
const MAX_MINUTES: u32 = 7 * 24 * 60;
const RECENT_CLIENTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
}

/// What the UI may read and change. Fields left out take their defaults, so
/// the UI sends the whole object back (read, change, write).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// `None` follows the OS.
    pub language: Option<Language>,
    /// Lock after this many idle minutes; 0 = never.
    pub auto_lock_minutes: u32,
    /// Sync every this many minutes while unlocked; 0 = only on demand.
    pub sync_interval_minutes: u32,
    /// Preselected on the sign-in screen.
    pub last_server: Option<ServerChoice>,
    pub last_email: Option<String>,
    /// Organization ids of the last clients opened, newest first.
    pub recent_clients: Vec<String>,
    /// Check passwords against Have I Been Pwned (only the first five hex
    /// digits of each SHA-1 leave the machine). Off: the exposed-passwords
    /// report is not made.
    pub check_exposed_passwords: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            language: None,
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            sync_interval_minutes: DEFAULT_SYNC_INTERVAL_MINUTES,
            last_server: None,
            last_email: None,
            recent_clients: Vec::new(),
            check_exposed_passwords: true,
        }
    }
}

impl Preferences {
    fn validate(mut self) -> Result<Self, AppError> {
        if self.auto_lock_minutes > MAX_MINUTES || self.sync_interval_minutes > MAX_MINUTES {
            return Err(AppError::invalid_input(format!(
                "Choose at most {MAX_MINUTES} minutes."
            )));
        }
        if let Some(email) = &self.last_email
            && (email.len() > 256 || email.chars().any(char::is_control))
        {
            return Err(AppError::invalid_input("That is not an email address."));
        }
        if let Some(ServerChoice::SelfHosted { url }) = &self.last_server
            && url.len() > 2048
        {
            return Err(AppError::invalid_input("The server address is too long."));
        }
        // Ids only (never names): the store is plain text on disk.
        self.recent_clients.retain(|id| {
            id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        let mut seen = std::collections::HashSet::new();
        self.recent_clients.retain(|id| seen.insert(id.clone()));
        self.recent_clients.truncate(RECENT_CLIENTS);
        Ok(self)
    }
}

/// Preferences the shell reads itself but does not offer to the UI.
pub struct ShellPreferences {
    pub log_level: Option<String>,
}

fn open<R: Runtime>(app: &AppHandle<R>, dir: &DataDir) -> Result<Arc<Store<R>>, AppError> {
    app.store(dir.root().join(FILE)).map_err(|e| {
        AppError::internal(format!(
            "cannot open the preferences file in {}: {e}",
            dir.root().display()
        ))
    })
}

pub fn load<R: Runtime>(app: &AppHandle<R>, dir: &DataDir) -> Result<ShellPreferences, AppError> {
    let store = open(app, dir)?;
    Ok(ShellPreferences {
        log_level: store
            .get(LOG_LEVEL)
            .and_then(|v| v.as_str().map(str::to_owned)),
    })
}

pub fn get<R: Runtime>(app: &AppHandle<R>, dir: &DataDir) -> Result<Preferences, AppError> {
    let store = open(app, dir)?;
    // A hand-edited or older file may hold anything: what does not read
    // back falls to the defaults instead of failing the settings page.
    Ok(store
        .get(KEY)
        .and_then(|v| serde_json::from_value::<Preferences>(v).ok())
        .and_then(|p| p.validate().ok())
        .unwrap_or_default())
}

pub fn set<R: Runtime>(
    app: &AppHandle<R>,
    dir: &DataDir,
    prefs: Preferences,
) -> Result<(), AppError> {
    let prefs = prefs.validate()?;
    let store = open(app, dir)?;
    let value = serde_json::to_value(&prefs)
        .map_err(|e| AppError::internal(format!("cannot write preferences: {e}")))?;
    store.set(KEY, value);
    store.save().map_err(|e| {
        AppError::internal(format!(
            "cannot save preferences in {}: {e}",
            dir.root().display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_clients_keep_five_unique_ids_and_never_names() {
        let prefs = Preferences {
            recent_clients: ["a", "b", "a", "My <b>Client</b>", "c", "d", "e", "f"]
                .map(String::from)
                .to_vec(),
            ..Preferences::default()
        }
        .validate()
        .unwrap();
        assert_eq!(prefs.recent_clients, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn missing_fields_take_defaults_and_limits_hold() {
        let prefs: Preferences = serde_json::from_str(r#"{"language":"es"}"#).unwrap();
        assert_eq!(prefs.language, Some(Language::Es));
        assert_eq!(prefs.auto_lock_minutes, 15);
        assert_eq!(prefs.sync_interval_minutes, 30);
        assert!(prefs.check_exposed_passwords, "on unless turned off");
        let too_long = Preferences {
            auto_lock_minutes: MAX_MINUTES + 1,
            ..Preferences::default()
        };
        assert!(too_long.validate().is_err());
    }
}
