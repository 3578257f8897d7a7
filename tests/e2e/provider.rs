//! The Provider Portal's own pages end to end in the real webview against a
//! bw-sandbox: a client unlinked (its name typed) and brought back as an
//! existing organization; a provider user invited, and one who accepted
//! confirmed after the fingerprint step; the provider's invoices with one
//! per-client CSV saved where the user said, byte for byte as the server
//! sent it. Screenshots in tests/artifacts/.

use crate::harness::{App, AppOptions, Outcome, Session, by_testid};
use crate::portal::{demo_sandbox, sign_in, wait_sync_done};
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, DEMO_PASSWORD};
use serde_json::Value;

const INVITEE: &str = "e2e-helper@demo-msp.example";

/// JS: the element with `testid` inside the row (`row_testid`) whose
/// `name_testid` reads exactly `name`.
fn in_row(row_testid: &str, name_testid: &str, name: &str, testid: &str) -> String {
    format!(
        r#"[...document.querySelectorAll('[data-testid="{row_testid}"]')]
             .find((r) => r.querySelector('[data-testid="{name_testid}"]')?.textContent.trim() === {name:?})
             ?.querySelector('[data-testid="{testid}"]')"#
    )
}

async fn click_in_row(s: &Session<'_>, rows: (&str, &str), name: &str, testid: &str) -> Outcome {
    let clicked = s
        .eval(&format!(
            "const el = {}; el?.click(); return !!el;",
            in_row(rows.0, rows.1, name, testid)
        ))
        .await?;
    s.check(
        clicked == Value::Bool(true),
        format!("{testid} in the row of {name:?}"),
    )
}

/// Whether the clients list shows `name` among the provider's clients (not
/// among the organizations administered directly, below them).
fn provider_client_js(name: &str) -> String {
    format!(
        r#"!![...document.querySelectorAll('[data-testid="clients-table"] [data-testid="client-row"]')]
             .find((r) => r.querySelector('[data-testid="client-name"]')?.textContent.trim() === {name:?})"#
    )
}

/// The status cell of the person whose e-mail is `email`.
fn person_status_js(email: &str) -> String {
    format!(
        "return {}?.textContent.trim() ?? null;",
        in_row("person-row", "person-email", email, "person-status")
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn clients_people_and_invoices_of_the_provider_portal() {
    let (sandbox, url) = demo_sandbox().await;
    let app = App::launch("provider-portal", AppOptions::default()).await;
    let sandbox = &sandbox;
    app.run(async move |s| {
        let saved = s.home().join("e2e-invoice.csv");
        sign_in(s, &url, DEMO_ADMIN_EMAIL).await?;
        wait_sync_done(s).await?;

        // Unlink Northwind: the warning, the name typed, then gone from the list.
        s.click("nav-clients").await?;
        s.wait_visible("clients-table").await?;
        click_in_row(
            s,
            ("client-row", "client-name"),
            DEMO_DIRECT_ORG_NAME,
            "client-actions",
        )
        .await?;
        s.click("client-unlink").await?;
        s.wait_visible("client-unlink-dialog").await?;
        let warning = s.wait_text("client-unlink-warning").await?;
        s.check(!warning.is_empty(), "the unlink warning")?;
        s.fill("client-unlink-confirm", DEMO_DIRECT_ORG_NAME).await?;
        s.screenshot("unlink").await?;
        s.click("client-unlink-submit").await?;
        s.wait_gone("client-unlink-dialog").await?;
        s.wait_until(
            "Northwind to leave the provider's clients",
            &format!("!{}", provider_client_js(DEMO_DIRECT_ORG_NAME)),
        )
        .await?;

        // Add it back as an existing organization the admin owns.
        s.click("client-add-existing").await?;
        s.wait_visible("client-add-existing-dialog").await?;
        s.wait_visible("client-add-existing-option").await?;
        let picked = s
            .eval(&format!(
                r#"const option = [...document.querySelectorAll('[data-testid="client-add-existing-option"]')]
                     .find((o) => o.textContent.includes({DEMO_DIRECT_ORG_NAME:?}));
                   option?.querySelector('[data-testid="client-add-existing-radio"]')?.click();
                   return !!option;"#
            ))
            .await?;
        s.check(picked == Value::Bool(true), "Northwind among the addable organizations")?;
        s.screenshot("add-existing").await?;
        s.click("client-add-existing-submit").await?;
        s.wait_gone("client-add-existing-dialog").await?;
        s.wait_until(
            "Northwind to be the provider's client again",
            &provider_client_js(DEMO_DIRECT_ORG_NAME),
        )
        .await?;

        // People: invite a service user.
        s.click("nav-people").await?;
        s.wait_visible("people-page").await?;
        s.click("people-invite").await?;
        s.wait_visible("people-invite-dialog").await?;
        s.fill("people-invite-emails", INVITEE).await?;
        s.select("people-invite-role", "service_user").await?;
        s.click("people-invite-submit").await?;
        s.wait_gone("people-invite-dialog").await?;
        s.wait_until(
            "the invited person to be listed",
            &format!("!!{}", in_row("person-row", "person-email", INVITEE, "person-status")),
        )
        .await?;
        let status = s.eval(&person_status_js(INVITEE)).await?;
        s.check(status.as_str().is_some_and(|t| !t.is_empty()), format!("status {status}"))?;

        // The invited person accepts (in their own Bitwarden), then is confirmed here.
        sandbox
            .accept_provider_invite(INVITEE, "alice@northwind.example")
            .await
            .map_err(|e| format!("accept: {e}"))?;
        s.click("sync-now").await?;
        wait_sync_done(s).await?;
        s.wait_until(
            "the person to wait for confirmation",
            &format!(
                "!!{}",
                in_row("person-row", "person-email", "alice@northwind.example", "person-confirm"),
            ),
        )
        .await?;
        click_in_row(
            s,
            ("person-row", "person-email"),
            "alice@northwind.example",
            "person-confirm",
        )
        .await?;
        s.wait_visible("person-confirm-dialog").await?;
        let phrase = s.wait_text("person-confirm-phrase").await?;
        s.check(
            phrase.split('-').count() == 5,
            format!("a five-word fingerprint phrase, not {phrase:?}"),
        )?;
        s.screenshot("confirm-person").await?;
        s.click("person-confirm-compared").await?;
        s.click("person-confirm-submit").await?;
        s.wait_gone("person-confirm-dialog").await?;
        s.wait_until(
            "the person to be confirmed",
            &format!(
                "!{}",
                in_row("person-row", "person-email", "alice@northwind.example", "person-confirm")
            ),
        )
        .await?;

        // Billing: the invoices, one saved where the user says.
        s.click("nav-provider-billing").await?;
        s.wait_visible("billing-invoice").await?;
        s.screenshot("provider-billing").await?;
        s.eval(&format!(
            r#"document.querySelector('{}')?.click(); return true;"#,
            by_testid("billing-invoice-save")
        ))
        .await?;
        s.wait_visible("invoice-csv-dialog").await?;
        let suggested = s
            .eval(r#"return document.querySelector('[data-testid="invoice-csv-path"]').value;"#)
            .await?;
        s.check(
            suggested.as_str().is_some_and(|p| p.ends_with(".csv")),
            format!("a suggested .csv path: {suggested}"),
        )?;
        s.fill("invoice-csv-path", &saved.display().to_string())
            .await?;
        s.click("invoice-csv-submit").await?;
        let said = s.wait_text("invoice-csv-saved").await?;
        s.check(
            said.contains("e2e-invoice.csv"),
            format!("where it was saved: {said:?}"),
        )?;
        s.screenshot("invoice-saved").await?;

        // Byte for byte what the server sends for one of the invoices.
        let written = std::fs::read(&saved).map_err(|e| format!("the saved invoice: {e}"))?;
        let token = sandbox
            .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
            .await
            .map_err(|e| format!("token: {e}"))?
            .access_token;
        let profile = sandbox
            .send("GET", "/api/accounts/profile", Some(&token), None)
            .await
            .json();
        let provider = profile["providers"][0]["id"].as_str().unwrap_or_default().to_owned();
        let route = format!("/api/providers/{provider}/billing/invoices");
        let invoices = sandbox.send("GET", &route, Some(&token), None).await.json();
        let ids: Vec<String> = invoices["invoices"]
            .as_array()
            .map(|list| list.iter().filter_map(|i| i["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let mut same = false;
        for id in &ids {
            let csv = sandbox.send("GET", &format!("{route}/{id}"), Some(&token), None).await;
            same |= csv.body == written;
        }
        s.check(same, format!("the saved file is none of the {} invoices as sent", ids.len()))
    })
    .await;
}
