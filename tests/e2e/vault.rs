//! Vault items and a one-time Send end to end in the real webview against a
//! bw-sandbox: a login with an authenticator key created in two of
//! Northwind's collections through the item form, its detail (a live
//! six-digit code, the password hidden until Show), renamed, its password
//! copied with the clipboard's countdown; then a one-time text Send created
//! on the Send page and opened through its own link, once only.
//! Screenshots in tests/artifacts/.

use crate::harness::{App, AppOptions, Outcome, Session};
use crate::portal::{demo_sandbox, open_client, sign_in, wait_sync_done};
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use serde_json::Value;

const TOTP_KEY: &str = "JBSWY3DPEHPK3PXP";
const ITEM_NAME: &str = "E2E core router";
const ITEM_RENAMED: &str = "E2E core router (rack 2)";
const USERNAME: &str = "netadmin";
const PASSWORD: &str = "Rtr-e2e-4417!vault";
const SEND_NAME: &str = "E2E guest Wi-Fi";
const SEND_TEXT: &str = "Guest Wi-Fi key: e2e-Blue-Heron-42";

/// JS: the item row whose name is exactly `name`, or undefined.
fn row_js(name: &str) -> String {
    format!(
        r#"[...document.querySelectorAll('[data-testid="item-row"]')]
             .find((r) => r.querySelector('[data-testid="item-open"]')?.textContent.trim() === {name:?})"#
    )
}

/// Waits for the row of `name`; on a timeout says what the change's jobs said.
async fn expect_row(s: &Session<'_>, name: &str) -> Outcome {
    let found = s
        .wait_until(
            &format!("a row named {name:?}"),
            &format!("!!{}", row_js(name)),
        )
        .await;
    if let Err(failure) = found {
        let jobs = s
            .eval(r#"return document.querySelector('[data-testid="vault-results"]')?.textContent.trim() ?? null;"#)
            .await?;
        return Err(format!("{failure}; the change's jobs: {jobs}"));
    }
    Ok(())
}

/// Opens the detail of the item named `name` from its row.
async fn open_detail(s: &Session<'_>, name: &str) -> Outcome {
    let opened = s
        .eval(&format!(
            r#"const row = {};
               row?.querySelector('[data-testid="item-open"]')?.click();
               return !!row;"#,
            row_js(name)
        ))
        .await?;
    s.check(opened == Value::Bool(true), format!("a row for {name:?}"))?;
    s.wait_visible("item-detail").await?;
    let shown = s.wait_text("item-detail-name").await?;
    s.check(
        shown == name,
        format!("detail of {shown:?}, expected {name:?}"),
    )
}

/// The test id of the item form's checkbox for the collection labelled `label`.
async fn collection_box(s: &Session<'_>, label: &str) -> Outcome<String> {
    let testid = s
        .eval(&format!(
            r#"const box = [...document.querySelectorAll('[data-testid="item-collections"] label')]
                 .find((l) => l.querySelector('bdi')?.textContent.trim() === {label:?})
                 ?.querySelector('input[type="checkbox"]');
               return box ? box.dataset.testid : null;"#
        ))
        .await?;
    match testid {
        Value::String(id) => Ok(id),
        other => Err(format!("no checkbox for the collection {label:?}: {other}")),
    }
}

/// The text of one element (hidden parts included), or null.
async fn text_of(s: &Session<'_>, testid: &str) -> Outcome<Value> {
    s.eval(&format!(
        r#"return document.querySelector('[data-testid="{testid}"]')?.textContent.trim() ?? null;"#
    ))
    .await
}

/// The first number in the clipboard status ("… cleared in 30 s."), if any.
async fn clipboard_seconds(s: &Session<'_>) -> Outcome<Option<u64>> {
    let text = text_of(s, "item-clipboard").await?;
    Ok(text.as_str().and_then(|t| {
        t.split(|c: char| !c.is_ascii_digit())
            .find(|part| !part.is_empty())
            .and_then(|n| n.parse().ok())
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn items_and_a_one_time_send_in_the_webview() {
    let (sandbox, url) = demo_sandbox().await;
    let app = App::launch("vault-sends", AppOptions::default()).await;
    app.run(async |s| {
        sign_in(s, &url, DEMO_ADMIN_EMAIL).await?;
        wait_sync_done(s).await?;
        open_client(s, "northwind").await?;
        let client = s.wait_text("admin-client-name").await?;
        s.check(
            client == DEMO_DIRECT_ORG_NAME,
            format!("admin console opened {client:?}"),
        )?;
        s.click("admin-nav-items").await?;
        s.wait_visible("items-table").await?;

        // A login with an authenticator key, in two of the three collections.
        s.click("item-new").await?;
        s.wait_visible("item-form").await?;
        s.select("item-type", "1").await?;
        s.fill("item-name", ITEM_NAME).await?;
        s.fill("item-username", USERNAME).await?;
        s.fill("item-password", PASSWORD).await?;
        s.fill("item-totp-key", TOTP_KEY).await?;
        for label in ["Infrastructure", "Finance"] {
            let testid = collection_box(s, label).await?;
            s.click(&testid).await?;
        }
        let checked = s
            .eval(
                r#"return [...document.querySelectorAll('[data-testid="item-collections"] label')]
                     .filter((l) => l.querySelector('input[type="checkbox"]')?.checked)
                     .map((l) => l.querySelector('bdi')?.textContent.trim()).sort();"#,
            )
            .await?;
        s.check(
            checked == serde_json::json!(["Finance", "Infrastructure"]),
            format!("collections ticked: {checked}"),
        )?;
        s.screenshot("item-form").await?;
        s.click("item-save").await?;
        s.wait_gone("item-form").await?;
        expect_row(s, ITEM_NAME).await?;

        // Its detail: the collections, a live code, the password hidden until Show.
        open_detail(s, ITEM_NAME).await?;
        let username = s.wait_text("item-detail-username").await?;
        s.check(username == USERNAME, format!("username {username:?}"))?;
        let collections = s.wait_text("item-detail-collections").await?;
        s.check(
            collections.contains("Infrastructure")
                && collections.contains("Finance")
                && !collections.contains("Marketing"),
            format!("collections shown: {collections:?}"),
        )?;
        s.wait_visible("item-totp").await?;
        let code = s.wait_text("item-totp-code").await?.replace(' ', "");
        s.check(
            code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
            format!("a six-digit code, not {code:?}"),
        )?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| format!("clock: {e}"))?
            .as_secs();
        s.check(
            bw_sandbox::totp::verify(TOTP_KEY, &code, now),
            format!("{code} is not the key's code now"),
        )?;
        let hidden = text_of(s, "item-secret-password").await?;
        let hidden = hidden.as_str().unwrap_or_default();
        s.check(
            hidden.contains("••••") && !hidden.contains(PASSWORD),
            format!("password before Show: {hidden:?}"),
        )?;
        let page = s.eval("return document.body.textContent;").await?;
        s.check(
            !page.as_str().unwrap_or_default().contains(PASSWORD),
            "the password reached the page before Show",
        )?;
        s.click("item-show-password").await?;
        s.wait_until(
            "the password to show",
            &format!(
                r#"document.querySelector('[data-testid="item-secret-password"]')?.textContent.trim() === {PASSWORD:?}"#
            ),
        )
        .await?;
        s.screenshot("item-detail").await?;

        // Renamed through the form opened from the detail.
        s.click("item-detail-edit").await?;
        s.wait_visible("item-form").await?;
        let before = s
            .eval(r#"return document.querySelector('[data-testid="item-name"]').value;"#)
            .await?;
        s.check(before == ITEM_NAME, format!("the form starts from {before}"))?;
        s.fill("item-name", ITEM_RENAMED).await?;
        s.click("item-save").await?;
        s.wait_gone("item-form").await?;
        expect_row(s, ITEM_RENAMED).await?;
        s.wait_until(
            "the old name to leave the list",
            &format!("!{}", row_js(ITEM_NAME)),
        )
        .await?;
        s.screenshot("item-renamed").await?;

        // The rename kept the password and the collections; copy the password.
        open_detail(s, ITEM_RENAMED).await?;
        let collections = s.wait_text("item-detail-collections").await?;
        s.check(
            collections.contains("Infrastructure") && collections.contains("Finance"),
            format!("collections after the rename: {collections:?}"),
        )?;
        s.click("item-show-password").await?;
        s.wait_until(
            "the kept password to show",
            &format!(
                r#"document.querySelector('[data-testid="item-secret-password"]')?.textContent.trim() === {PASSWORD:?}"#
            ),
        )
        .await?;
        s.click("item-copy-password").await?;
        let status = s.wait_text("item-clipboard").await?;
        let first = clipboard_seconds(s).await?;
        s.check(
            first.is_some_and(|n| n > 0 && n <= 30),
            format!("copy status with a countdown: {status:?}"),
        )?;
        // What the clipboard holds, if the page may read it (WebKitGTK can
        // refuse or ask the user to paste): a settled promise within 3 s.
        s.eval(
            r#"window.__e2eClipboard = null;
               const read = navigator.clipboard?.readText
                 ? navigator.clipboard.readText().then((text) => ({ text }), (e) => ({ error: String(e) }))
                 : Promise.resolve({ error: "no navigator.clipboard.readText" });
               Promise.race([read, new Promise((done) => setTimeout(() => done({ error: "no answer within 3 s" }), 3000))])
                 .then((answer) => { window.__e2eClipboard = answer; });
               return true;"#,
        )
        .await?;
        let clip = s
            .wait_until("the clipboard read to settle", "window.__e2eClipboard")
            .await?;
        match clip.get("text").and_then(Value::as_str) {
            Some(text) => s.check(
                text == PASSWORD,
                format!("the clipboard holds {} characters, not the password", text.chars().count()),
            )?,
            None => eprintln!(
                "vault e2e: the page cannot read the clipboard ({}); the copy is checked by its status",
                clip.get("error").unwrap_or(&Value::Null)
            ),
        }
        // The countdown runs.
        let first = first.unwrap_or_default();
        s.wait_until(
            "the clipboard countdown to run",
            &format!(
                r#"(() => {{ const m = /(\d+)/.exec(document.querySelector('[data-testid="item-clipboard"]')?.textContent ?? "");
                   return !!m && Number(m[1]) < {first}; }})()"#
            ),
        )
        .await?;
        s.screenshot("item-copied").await?;
        s.click("dialog-close").await?;
        s.wait_gone("item-detail").await?;

        // The Send page: a one-time text Send (the dialog's default).
        s.click("product-provider").await?;
        s.click("nav-sends").await?;
        s.wait_visible("sends-page").await?;
        s.wait_until(
            "the Sends to load",
            r#"document.querySelector('[data-testid="sends-empty"], [data-testid="sends-table"]')"#,
        )
        .await?;
        s.click("send-create").await?;
        s.wait_visible("send-dialog").await?;
        let defaults = s
            .eval(
                r#"return {
                     text: document.querySelector('[data-testid="send-kind-text"]')?.checked ?? null,
                     max: document.querySelector('[data-testid="send-max-access"]')?.value ?? null,
                   };"#,
            )
            .await?;
        s.check(
            defaults["text"] == true && defaults["max"] == "1",
            format!("a new Send is one-time text: {defaults}"),
        )?;
        // "send-name" is also each listed Send's name: type into the dialog's.
        let named = s
            .eval(&format!(
                r#"const field = document.querySelector('[data-testid="send-dialog"] [data-testid="send-name"]');
                   if (!field) return null;
                   field.focus();
                   field.value = {SEND_NAME:?};
                   field.dispatchEvent(new Event("input", {{ bubbles: true }}));
                   return field.value;"#
            ))
            .await?;
        s.check(named == SEND_NAME, format!("the Send's name field: {named}"))?;
        s.fill("send-text", SEND_TEXT).await?;
        s.screenshot("send-form").await?;
        s.click("send-save").await?;
        s.wait_gone("send-dialog").await?;
        s.wait_visible("send-created").await?;
        s.wait_visible("send-created-one-time").await?;
        let link = s
            .eval(
                r#"return document.querySelector('[data-testid="send-created"] [data-testid="send-link"]')?.value ?? null;"#,
            )
            .await?;
        let link = link.as_str().unwrap_or_default().to_owned();
        s.check(
            link.starts_with("http") && link.contains("#/send/"),
            format!("the new Send's link: {link:?}"),
        )?;
        s.wait_until(
            "the new Send in the list",
            &format!(
                r#"[...document.querySelectorAll('[data-testid="send-row"]')]
                     .some((r) => r.querySelector('[data-testid="send-name"]')?.textContent.trim() === {SEND_NAME:?})"#
            ),
        )
        .await?;
        s.screenshot("send-created").await?;

        // Opened through its link as a recipient would: the text, once.
        s.click("send-receive-open").await?;
        s.wait_visible("send-receive-dialog").await?;
        s.fill("send-receive-link", &link).await?;
        s.click("send-receive-submit").await?;
        let text = s.wait_text("send-received-text").await?;
        s.check(text == SEND_TEXT, format!("received text {text:?}"))?;
        let name = s.wait_text("send-received-name").await?;
        s.check(name == SEND_NAME, format!("received name {name:?}"))?;
        s.screenshot("send-received").await?;

        s.click("send-receive-submit").await?;
        let refused = s.wait_text("dialog-error").await?;
        s.check(
            s.is_absent("send-received-text").await?,
            format!("the one-time Send opened twice (error shown: {refused:?})"),
        )?;
        s.screenshot("send-second-open").await?;
        Ok(())
    })
    .await;
    sandbox.shutdown().await;
}
