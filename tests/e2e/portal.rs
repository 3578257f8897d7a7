//! The Provider Portal end to end: the real app against a bw-sandbox this
//! test starts (so it can stop it to go offline), driven like a person would.

use crate::harness::{App, AppOptions, Outcome, Session};
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, RunningSandbox, Sandbox, SandboxConfig};
use serde_json::Value;

/// Ctrl+K: WebDriver holds Control until the Null key.
pub const CTRL_K: &str = "\u{E009}k\u{E000}";
pub const ENTER: &str = "\u{E007}";

/// Every client row as `[name, assigned, used, remaining, plan, as of]`.
pub const ROWS_JS: &str = r#"
    const cell = (row, id) => row.querySelector(`[data-testid="${id}"]`)?.textContent.trim() ?? null;
    return [...document.querySelectorAll('[data-testid="client-row"]')].map((row) =>
      ["client-name", "seats-assigned", "seats-used", "seats-remaining", "client-plan", "client-asof"].map((id) => cell(row, id)));
"#;

pub async fn rows(s: &Session<'_>) -> Outcome<Vec<Vec<Option<String>>>> {
    let value = s.eval(ROWS_JS).await?;
    serde_json::from_value(value).map_err(|e| format!("client rows: {e}"))
}

/// Waits until a row named `name` shows these seats and a plan starting with `plan`.
pub async fn expect_client(
    s: &Session<'_>,
    name: &str,
    seats: (u32, u32, u32),
    plan: &str,
) -> Outcome {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let all = rows(s).await?;
        let row = all.iter().find(|r| r[0].as_deref() == Some(name));
        if let Some(row) = row {
            let num = |i: usize| {
                row[i]
                    .as_deref()
                    .map(|t| t.chars().filter(char::is_ascii_digit).collect::<String>())
                    .and_then(|t| t.parse::<u32>().ok())
            };
            let got = (num(1), num(2), num(3));
            let plan_ok = row[4].as_deref().is_some_and(|p| p.starts_with(plan));
            if got == (Some(seats.0), Some(seats.1), Some(seats.2)) && plan_ok {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("{name}: row {row:?}, expected {seats:?} {plan}"));
            }
        } else if std::time::Instant::now() > deadline {
            return Err(format!("no row named {name:?} among {all:?}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Waits for the sync that is running (or about to start) to end.
pub async fn wait_sync_done(s: &Session<'_>) -> Outcome {
    // The last-sync time is set, and no progress bar remains.
    s.wait_text("status-last-sync").await?;
    s.wait_until(
        "the sync to finish",
        r#"!document.querySelector('[data-testid="sync-progress"]')"#,
    )
    .await?;
    Ok(())
}

/// The built-in demo sandbox, and its URL to sign in to.
pub async fn demo_sandbox() -> (RunningSandbox, String) {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let url = sandbox.url().to_owned();
    (sandbox, url)
}

/// Opens a client's Admin Console through the command palette, by part of
/// its name.
pub async fn open_client(s: &Session<'_>, query: &str) -> Outcome {
    s.press(CTRL_K).await?;
    s.wait_visible("command-palette").await?;
    s.fill("palette-input", query).await?;
    s.press(ENTER).await?;
    s.wait_visible("admin-console").await
}

pub async fn sign_in(s: &Session<'_>, url: &str, email: &str) -> Outcome {
    s.wait_visible("signin-page").await?;
    s.select("signin-server", "self_hosted").await?;
    s.fill("signin-server-url", url).await?;
    s.fill("signin-email", email).await?;
    s.fill("signin-password", DEMO_PASSWORD).await?;
    s.click("signin-submit").await?;
    s.wait_visible("portal-frame").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn sign_in_review_clients_change_seats_palette_then_work_offline() {
    let (sandbox, url) = demo_sandbox().await;
    let mut sandbox = Some(sandbox);
    let app = App::launch("portal-flow", AppOptions::default()).await;
    app.run(async |s| {
        // A newcomer lands on sign-in with the built-in demo chosen and its
        // credentials shown.
        s.wait_visible("signin-page").await?;
        let server = s
            .eval(r#"return document.querySelector('[data-testid="signin-server"]').value;"#)
            .await?;
        s.check(server == "demo", format!("preselected server {server}"))?;
        let demo = s.wait_text("demo-credentials").await?;
        s.check(
            demo.contains(DEMO_ADMIN_EMAIL) && demo.contains(DEMO_PASSWORD),
            format!("demo credentials shown: {demo:?}"),
        )?;
        s.screenshot("sign-in").await?;

        sign_in(s, &url, DEMO_ADMIN_EMAIL).await?;
        // Sign-in starts a sync; the clients page shows the seed's figures.
        wait_sync_done(s).await?;
        s.click("nav-clients").await?;
        s.wait_visible("clients-table").await?;
        expect_client(s, "My Client's Organization", (15, 1, 14), "Enterprise").await?;
        expect_client(s, "Second Client's Organization", (20, 1, 19), "Teams").await?;
        expect_client(s, "Third Client's Organization", (10, 1, 9), "Enterprise").await?;
        s.screenshot("clients").await?;

        // Manage subscription: 20 → 25 seats for the second client.
        let opened = s
            .eval(
                r#"const row = [...document.querySelectorAll('[data-testid="client-row"]')]
                     .find((r) => r.querySelector('[data-testid="client-name"]')?.textContent.trim() === "Second Client's Organization");
                   row?.querySelector('[data-testid="client-actions"]')?.click();
                   return !!row;"#,
            )
            .await?;
        s.check(opened == Value::Bool(true), "second client's row")?;
        s.click("client-action-manage").await?;
        s.wait_visible("manage-dialog").await?;
        s.fill("manage-seats", "25").await?;
        s.click("manage-submit").await?;
        s.wait_gone("manage-dialog").await?;
        s.click("sync-now").await?;
        wait_sync_done(s).await?;
        expect_client(s, "Second Client's Organization", (25, 1, 24), "Teams").await?;

        // The palette jumps to a client by part of its name.
        open_client(s, "third").await?;
        let name = s.wait_text("admin-client-name").await?;
        s.check(
            name == "Third Client's Organization",
            format!("admin console opened {name:?}"),
        )?;

        s.click("product-provider").await?;
        s.click("nav-dashboard").await?;
        s.wait_visible("dashboard-page").await?;
        let total = s.wait_text("total-clients").await?;
        s.check(
            total.chars().any(|c| c.is_ascii_digit()),
            format!("total clients {total:?}"),
        )?;
        s.screenshot("dashboard").await?;

        // Offline: the server goes away; lock, unlock from the snapshot.
        if let Some(sandbox) = sandbox.take() {
            sandbox.shutdown().await;
        }
        s.click("lock-button").await?;
        s.wait_visible("lock-screen").await?;
        s.fill("unlock-password", DEMO_PASSWORD).await?;
        s.click("unlock-submit").await?;
        s.wait_visible("portal-frame").await?;
        s.click("sync-now").await?;
        s.wait_until(
            "the app to notice it is offline",
            r#"document.querySelector('[data-testid="status-online"]')?.dataset.online === "false""#,
        )
        .await?;
        s.wait_visible("offline-banner").await?;
        s.click("nav-clients").await?;
        expect_client(s, "My Client's Organization", (15, 1, 14), "Enterprise").await?;
        expect_client(s, "Second Client's Organization", (25, 1, 24), "Teams").await?;
        let ages = rows(s).await?;
        s.check(
            ages.iter()
                .all(|r| r[5].as_deref().is_some_and(|a| !a.is_empty())),
            format!("every row says how old its data is: {ages:?}"),
        )?;
        s.screenshot("offline-clients").await?;

        // Vault items decrypt offline too: the client keys come from the
        // snapshot, no sync needed after the unlock.
        open_client(s, "northwind").await?;
        s.click("admin-nav-items").await?;
        s.wait_visible("item-row").await?;
        let items = s.texts("item-row").await?;
        s.check(
            items.iter().any(|i| i.contains("Domain controller")),
            format!("Northwind's items decrypted offline: {items:?}"),
        )?;
        let page = s.eval("return document.body.textContent;").await?;
        s.check(
            !page.as_str().unwrap_or_default().contains("Nw-DC-2026!vault"),
            "an item password reached the page",
        )?;
        Ok(())
    })
    .await;
}

/// Names a hostile server could send. The sandbox stores what it is given.
const HOSTILE: [&str; 3] = [
    r#"<img src=x onerror="window.__pwned=1">"#,
    "{{constructor.constructor('window.__pwned=1')()}}",
    "\u{202E}gnp.exe\u{202C} RTL override",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn hostile_names_render_as_inert_text() {
    let (sandbox, url) = demo_sandbox().await;
    rename_clients(&sandbox).await;
    let app = App::launch("hostile-names", AppOptions::default()).await;
    app.run(async |s| {
        // Record every command the page invokes from now on.
        s.eval(
            r#"const internals = window.__TAURI_INTERNALS__;
               const original = internals.invoke.bind(internals);
               window.__invoked = [];
               internals.invoke = (cmd, ...rest) => { window.__invoked.push(cmd); return original(cmd, ...rest); };
               window.alert = window.confirm = window.prompt = () => { window.__pwned = "dialog"; };"#,
        )
        .await?;
        sign_in(s, &url, DEMO_ADMIN_EMAIL).await?;
        wait_sync_done(s).await?;
        s.click("nav-clients").await?;
        s.wait_visible("clients-table").await?;
        let names = s.texts("client-name").await?;
        for hostile in HOSTILE {
            s.check(
                names.iter().any(|n| n == hostile),
                format!("{hostile:?} not shown as text among {names:?}"),
            )?;
        }
        let long = names.iter().find(|n| n.len() >= 10_000);
        s.check(long.is_some(), "the 10,000-character name is listed")?;
        // Open the hostile clients' Admin Console through the palette too.
        open_client(s, "onerror").await?;
        let verdict = s
            .eval(
                r#"return {
                     pwned: window.__pwned ?? null,
                     images: document.querySelectorAll('main img').length,
                     invoked: [...new Set(window.__invoked)],
                   };"#,
            )
            .await?;
        s.check(verdict["pwned"].is_null(), format!("script ran: {verdict}"))?;
        s.check(verdict["images"] == 0, format!("markup became elements: {verdict}"))?;
        let allowed: Vec<String> = crate::COMMANDS.iter().map(|c| c.to_string()).collect();
        let unexpected: Vec<&Value> = verdict["invoked"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|c| {
                        let c = c.as_str().unwrap_or_default();
                        !allowed.iter().any(|a| a == c) && !c.starts_with("plugin:event|")
                    })
                    .collect()
            })
            .unwrap_or_default();
        s.check(
            unexpected.is_empty(),
            format!("unexpected commands invoked: {unexpected:?}"),
        )?;
        s.screenshot("hostile-clients").await?;
        Ok(())
    })
    .await;
    sandbox.shutdown().await;
}

/// Gives four demo clients hostile names through the server's own route,
/// as a compromised or malicious server could.
async fn rename_clients(sandbox: &bw_sandbox::RunningSandbox) {
    let session = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .expect("admin login");
    let token = Some(session.access_token.as_str());
    let profile = sandbox
        .send("GET", "/api/accounts/profile", token, None)
        .await
        .json();
    let provider = profile["providers"][0]["id"]
        .as_str()
        .expect("provider id")
        .to_owned();
    let list = sandbox
        .send(
            "GET",
            &format!("/api/providers/{provider}/organizations"),
            token,
            None,
        )
        .await
        .json();
    let clients = list["data"].as_array().expect("client list").clone();
    let long = "x".repeat(10_000);
    let names: Vec<&str> = HOSTILE.iter().copied().chain([long.as_str()]).collect();
    assert!(
        clients.len() >= names.len(),
        "too few demo clients to rename"
    );
    for (client, name) in clients.iter().zip(names) {
        let id = client["id"].as_str().expect("provider organization id");
        let seats = client["seats"].as_i64().unwrap_or(10);
        let reply = sandbox
            .send(
                "PUT",
                &format!("/api/providers/{provider}/clients/{id}"),
                token,
                Some(serde_json::json!({"assignedSeats": seats, "name": name})),
            )
            .await;
        assert!(reply.status.is_success(), "rename: {}", reply.status);
    }
}
