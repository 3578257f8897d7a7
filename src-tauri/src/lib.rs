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

pub fn run() {
    let builder = specta_builder();
    let mut context = tauri::generate_context!("tauri.conf.json");
    // Dev and test builds get their own identifier, and with it their own data
    // and WebKit folders, so they never touch a real installation's snapshot.
    context.config_mut().identifier = BuildKind::current().identifier().to_owned();

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let shell = shell::Shell::start(app.handle());
            if let (Ok(core), Ok(data)) = (shell.core(), shell.data_dir()) {
                let (handle, data) = (app.handle().clone(), data.clone());
                let minutes = move || {
                    prefs::get(&handle, &data)
                        .map_or((15, 30), |p| (p.auto_lock_minutes, p.sync_interval_minutes))
                };
                tauri::async_runtime::spawn(shell.runtime.clone().run_timers(
                    app.handle().clone(),
                    core.clone(),
                    minutes,
                ));
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
                        shell.runtime.cancel_sync();
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

    /// The UI's types come from Rust. Regenerate with
    /// `UPDATE_BINDINGS=1 cargo test --lib typescript_bindings`; CI fails when
    /// the committed file differs from what the Rust code generates.
    #[test]
    fn typescript_bindings_are_current() {
        let out = tempfile::NamedTempFile::new().unwrap();
        specta_builder()
            .export(
                specta_typescript::Typescript::default()
                    .header("// Generated from the Rust commands by tauri-specta. Do not edit:\n// run `UPDATE_BINDINGS=1 cargo test --lib typescript_bindings`."),
                out.path(),
            )
            .unwrap();
        let fresh = std::fs::read_to_string(out.path()).unwrap();
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "{BINDINGS} is out of date with the Rust commands; run `UPDATE_BINDINGS=1 cargo test --lib typescript_bindings` and commit it"
        );
        for command in commands::COMMANDS {
            assert!(
                fresh.contains(&format!("\"{command}\"")),
                "{command} missing from the bindings"
            );
        }
    }

    #[test]
    fn the_main_window_is_granted_exactly_the_apps_commands() {
        let capability = json("src-tauri/capabilities/main-window.json");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_str()
                    .expect("permissions are plain identifiers")
                    .to_owned()
            })
            .collect();
        granted.sort();
        let mut expected: Vec<String> = commands::COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        // The app's typed events (sync progress, session changes) need these.
        expected.extend([
            "core:event:allow-listen".into(),
            "core:event:allow-unlisten".into(),
        ]);
        expected.sort();
        assert_eq!(
            granted, expected,
            "one allow-* per app command and event listening, nothing else (no fs, sql, store)"
        );
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
