//! End to end: the real Provider Desk binary in a real WebKit webview, under
//! Xvfb, driven through tauri-driver and WebKitWebDriver.
//!
//! These tests are `#[ignore]`d in a plain `cargo test` because they need
//! Xvfb, `tauri-driver` and `WebKitWebDriver`; `scripts/dev test` (and so CI)
//! runs them with `--ignored`. On failure each test saves a screenshot and the
//! app's log under `tests/artifacts/` and prints the log.

mod bench;
mod harness;
mod health;
mod members;
mod portal;
mod provider;
mod vault;

use harness::{App, AppOptions};

// The app's own commands (what the window may invoke), as build.rs found them.
include!(concat!(env!("OUT_DIR"), "/commands.rs"));

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn a_newcomer_signs_in_to_the_built_in_demo_and_sees_the_portal() {
    let app = App::launch("newcomer-demo", AppOptions::default()).await;
    app.run(async |s| {
        // What `scripts/dev run` shows first: sign-in, the demo chosen, its
        // credentials one click away. The app starts the sandbox itself.
        s.wait_visible("signin-page").await?;
        s.click("demo-fill").await?;
        s.click("signin-submit").await?;
        s.wait_visible("portal-frame").await?;
        portal::wait_sync_done(s).await?;
        s.click("nav-clients").await?;
        portal::expect_client(s, "My Client's Organization", (15, 1, 14), "Enterprise").await?;
        portal::expect_client(s, "Second Client's Organization", (20, 1, 19), "Teams").await?;
        portal::expect_client(s, "Third Client's Organization", (10, 1, 9), "Enterprise").await?;
        // The MSP's own organization is in its own section, not a client.
        let direct = s.wait_text("direct-orgs").await?;
        s.check(
            direct.contains(bw_sandbox::DEMO_INTERNAL_ORG_NAME),
            format!("directly administered section: {direct:?}"),
        )?;
        s.screenshot("demo-clients").await?;

        // app_info answered through the real IPC: the values are the binary's own.
        s.click("nav-settings").await?;
        let version = s.wait_text("app-version").await?;
        s.check(
            version.contains(env!("CARGO_PKG_VERSION")),
            format!("version shown: {version:?}"),
        )?;
        let data_dir = s.wait_text("app-data-dir").await?;
        let expected = s.data_dir().display().to_string();
        s.check(
            data_dir == expected,
            format!("data dir shown {data_dir:?}, expected {expected:?}"),
        )?;

        // The product switcher moves between the two products and says which is active.
        s.click("product-admin").await?;
        s.wait_visible("admin-console").await?;
        let pressed = s.attr("product-admin", "aria-pressed").await?;
        s.check(
            pressed.as_deref() == Some("true"),
            format!("admin aria-pressed = {pressed:?}"),
        )?;
        s.click("product-provider").await?;
        s.wait_visible("dashboard-page").await?;
        s.screenshot("demo-dashboard").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn unusable_data_dir_shows_an_error_screen_with_the_path() {
    // A folder below a regular file cannot be created, not even by root.
    let blocker = tempfile::NamedTempFile::new().expect("temp file");
    let bad = blocker.path().join("data");
    let app = App::launch(
        "unusable-data-dir",
        AppOptions {
            data_dir: Some(bad.clone()),
            ..AppOptions::default()
        },
    )
    .await;
    app.run(async |s| {
        s.wait_visible("startup-error").await?;
        let code = s.wait_text("startup-error-code").await?;
        s.check(code.contains("internal"), format!("code shown: {code:?}"))?;
        let message = s.wait_text("startup-error-message").await?;
        let path = bad.display().to_string();
        s.check(
            message.contains(&path),
            format!("message {message:?} does not name {path:?}"),
        )?;
        s.check(
            s.is_absent("portal-frame").await?,
            "portal shown despite the startup error",
        )?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn the_acl_refuses_commands_the_window_was_not_granted() {
    let app = App::launch("acl", AppOptions::default()).await;
    app.run(async |s| {
        s.wait_visible("signin-page").await?;
        // Positive control: a granted command answers, so a refusal below is the ACL.
        let granted = s.invoke("app_info", serde_json::json!({})).await?;
        s.check(
            granted.get("ok").is_some(),
            format!("app_info was refused: {granted}"),
        )?;

        for (command, args) in [
            ("not_a_command", serde_json::json!({})),
            // A registered plugin the main window has no permission for.
            (
                "plugin:store|load",
                serde_json::json!({"path": "stolen.json"}),
            ),
            (
                "plugin:store|get",
                serde_json::json!({"rid": 0, "key": "language"}),
            ),
        ] {
            let answer = s.invoke(command, args).await?;
            let error = answer
                .get("err")
                .and_then(|e| e.as_str())
                .unwrap_or_default()
                .to_lowercase();
            s.check(
                answer.get("ok").is_none()
                    && (error.contains("not allowed") || error.contains("not found")),
                format!("{command} was not refused by the ACL: {answer}"),
            )?;
        }
        Ok(())
    })
    .await;
}
