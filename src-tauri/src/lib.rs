//! The desktop shell: window, IPC commands, preferences and logging.
//!
//! Everything with logic lives in `desk-core`; this crate wires it to Tauri.
//! Commands are a few lines each: call the core, return its result.

mod commands;
mod demo;
mod events;
mod logging;
mod prefs;
mod runtime;
mod shell;

use desk_core::BuildKind;
use tauri::Manager;

pub use commands::specta_builder;

/// Environment variable that points the app at another data folder (tests,
/// portable installs). Takes precedence over the OS default.
pub const DATA_DIR_ENV: &str = "PROVIDER_DESK_DATA_DIR";

/// Environment variable with the base URL of copies of Have I Been Pwned's
/// range API and 2fa.directory (`<URL>/pwned/range/`, `<URL>/2fa-directory/
/// totp.json`, as bw-sandbox serves them): tests and offline installs.
pub const PUBLIC_SERVICES_ENV: &str = "PROVIDER_DESK_PUBLIC_SERVICES";

pub fn run() {
    let builder = specta_builder();
    let mut context = tauri::generate_context!("tauri.conf.json");
    // Dev and test builds get their own identifier, and with it their own data
    // and WebKit folders, so they never touch a real installation's snapshot.
    context.config_mut().identifier = BuildKind::current().identifier().to_owned();

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let shell = shell::Shell::start(app.handle());
            if let Ok(scheduler) = shell.scheduler() {
                // Ends with the process; the core's lock on exit stops its sync.
                tauri::async_runtime::spawn(
                    scheduler
                        .clone()
                        .run(tokio_util::sync::CancellationToken::new()),
                );
            }
            app.manage(shell);
            Ok(())
        })
        .build(context)
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    // Close the snapshot and stop the demo server before the
                    // process exits: SQLCipher's pool and OpenSSL must not be
                    // torn down by exit handlers while still in use.
                    let shell = handle.state::<shell::Shell>();
                    tauri::async_runtime::block_on(async {
                        if let Ok(core) = shell.core() {
                            core.lock().await;
                        }
                        shell.demo.stop().await;
                    });
                }
            })
        });
    if let Err(error) = result {
        tracing::error!(%error, "the app stopped with an error");
        eprintln!("Provider Desk could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::Path;

    fn read(relative: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn json(relative: &str) -> Value {
        serde_json::from_str(&read(relative)).unwrap()
    }

    const BINDINGS: &str = "ui/src/lib/backend/bindings.ts";

    /// `UPDATE_BINDINGS=1 cargo test --lib generated` rewrites the generated
    /// files (bindings, capability); CI fails when a committed one differs.
    fn update_generated() -> bool {
        std::env::var_os("UPDATE_BINDINGS").is_some()
    }

    /// The UI's types come from Rust.
    #[test]
    fn generated_typescript_bindings_are_current() {
        let out = tempfile::NamedTempFile::new().unwrap();
        specta_builder()
            .export(
                specta_typescript::Typescript::default()
                    .header("// Generated from the Rust commands by tauri-specta. Do not edit:\n// run `UPDATE_BINDINGS=1 cargo test --lib generated`."),
                out.path(),
            )
            .unwrap();
        let fresh = std::fs::read_to_string(out.path()).unwrap();
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS);
        if update_generated() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "{BINDINGS} is out of date with the Rust commands; run `UPDATE_BINDINGS=1 cargo test --lib generated` and commit it"
        );
        // build.rs found exactly the commands the builder registers: one
        // forgotten in `collect_commands!` (or marked twice) shows here.
        let mut invoked: Vec<&str> = fresh
            .split("__TAURI_INVOKE")
            .skip(1)
            .filter(|rest| rest.starts_with(['(', '<']))
            .filter_map(|rest| rest.split('"').nth(1))
            .collect();
        invoked.sort();
        let mut declared: Vec<&str> = commands::COMMANDS.to_vec();
        declared.sort();
        assert_eq!(invoked, declared);
    }

    const CAPABILITY: &str = "src-tauri/capabilities/main-window.json";

    /// The main window may invoke the app's commands, one `allow-*` each,
    /// and listen to its events; nothing else (no fs, sql, store, shell).
    /// Generated from the command list build.rs finds.
    #[test]
    fn generated_capability_grants_exactly_the_apps_commands() {
        let mut permissions: Vec<String> = commands::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        permissions.extend([
            "core:event:allow-listen".into(),
            "core:event:allow-unlisten".into(),
        ]);
        let fresh = serde_json::json!({
            "identifier": "main-window",
            "description": "What the main window's UI may invoke: only the app's own commands, one by one, and listening to the app's events (sync progress, session changes). No fs, sql, store or shell permissions: preferences go through our own commands, and secrets never reach the webview. Generated: `UPDATE_BINDINGS=1 cargo test --lib generated`.",
            "windows": ["main"],
            "permissions": permissions,
        });
        let text = serde_json::to_string_pretty(&fresh).unwrap() + "\n";
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CAPABILITY);
        if update_generated() {
            std::fs::write(&path, &text).unwrap();
        }
        assert!(
            read(CAPABILITY) == text,
            "{CAPABILITY} does not grant exactly the app's commands; run `UPDATE_BINDINGS=1 cargo test --lib generated` and commit it"
        );
        // No plugin permission besides event listening: no fs, sql, store.
        for permission in json(CAPABILITY)["permissions"].as_array().unwrap() {
            let permission = permission.as_str().unwrap();
            assert!(
                !permission.contains(':') || permission.starts_with("core:event:allow-"),
                "{permission}"
            );
        }
    }

    #[test]
    fn config_keeps_the_security_baseline() {
        let config = json("tauri.conf.json");
        assert_eq!(config["identifier"], desk_core::app::RELEASE_IDENTIFIER);
        let app = &config["app"];
        assert_eq!(app["withGlobalTauri"], false);
        assert_eq!(app["security"]["freezePrototype"], true);
        let csp = app["security"]["csp"]
            .as_object()
            .expect("CSP as a directive map");
        assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
        assert_eq!(
            csp["script-src"], "'self'",
            "no remote or inline-eval scripts"
        );
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(app["windows"][0]["label"], "main");
        assert_eq!(app["windows"][0]["title"], "Provider Desk");
    }
}
