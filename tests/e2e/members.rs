//! The Members page end to end in the real webview against a bw-sandbox:
//! invite two people, confirm one through the fingerprint step, give one a
//! Custom role with collection access, revoke and restore, reset a
//! password. Screenshots in tests/artifacts/.

use crate::harness::{App, AppOptions, Outcome, Session};
use crate::portal::{demo_sandbox, open_client, sign_in, wait_sync_done};
use bw_sandbox::DEMO_ADMIN_EMAIL;
use serde_json::Value;

/// Clicks the row menu of the member with this e-mail (shown under the
/// name, or as the name when there is none), then `action`.
async fn row_action(s: &Session<'_>, email: &str, action: &str) -> Outcome {
    let script = format!(
        r#"const row = [...document.querySelectorAll('[data-testid="member-row"]')]
             .find((r) => r.textContent.includes({email:?}));
           row?.querySelector('[data-testid="member-actions"]')?.click();
           return !!row;"#
    );
    let found = s.eval(&script).await?;
    s.check(found == Value::Bool(true), format!("a row for {email}"))?;
    // The menu is placed by the row, possibly below the fold: click it from
    // the page once it is there.
    let item = format!(r#"document.querySelector('[data-testid="member-action-{action}"]')"#);
    s.wait_until(&format!("the {action} menu item"), &format!("!!{item}"))
        .await?;
    s.eval(&format!("{item}.click(); return true;")).await?;
    Ok(())
}

/// Waits until the row of `email` has `data-status` = `status`.
async fn expect_status(s: &Session<'_>, email: &str, status: &str) -> Outcome {
    s.wait_until(
        &format!("{email} to be {status}"),
        &format!(
            r#"(() => {{ const row = [...document.querySelectorAll('[data-testid="member-row"]')]
                 .find((r) => r.textContent.includes({email:?}));
               return row?.dataset.status === {status:?}; }})()"#
        ),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end to end: needs Xvfb, tauri-driver and WebKitWebDriver (scripts/dev test runs it)"]
async fn invite_confirm_edit_revoke_restore_and_reset_in_the_members_page() {
    let (sandbox, url) = demo_sandbox().await;
    let app = App::launch("members-flow", AppOptions::default()).await;
    app.run(async |s| {
        sign_in(s, &url, DEMO_ADMIN_EMAIL).await?;
        wait_sync_done(s).await?;
        open_client(s, "northwind").await?;
        s.click("admin-nav-members").await?;
        s.wait_visible("members-table").await?;
        s.screenshot("members").await?;

        // Invite two people as users.
        s.click("members-invite").await?;
        s.wait_visible("invite-dialog").await?;
        s.fill("invite-emails", "frank@northwind.example, grace@northwind.example")
            .await?;
        s.wait_until(
            "the seat math to count two invitations",
            r#"/^2\b/.test(document.querySelector('[data-testid="invite-seat-math"]')?.textContent.trim() ?? "")"#,
        )
        .await?;
        s.click("invite-submit").await?;
        s.wait_gone("invite-dialog").await?;
        expect_status(s, "frank@northwind.example", "invited").await?;
        expect_status(s, "grace@northwind.example", "invited").await?;
        s.screenshot("members-invited").await?;

        // Confirm Bob after comparing his fingerprint phrase.
        row_action(s, "bob@northwind.example", "confirm").await?;
        let phrase = s.wait_text("confirm-phrase").await?;
        s.check(
            phrase.split('-').count() == 5,
            format!("a five-word phrase {phrase:?}"),
        )?;
        let disabled = s.attr("confirm-submit", "disabled").await?;
        s.check(disabled.is_some(), "confirm waits for the comparison")?;
        s.screenshot("confirm-fingerprint").await?;
        s.click("confirm-compared").await?;
        s.click("confirm-submit").await?;
        expect_status(s, "bob@northwind.example", "confirmed").await?;

        // Alice gets a Custom role with Manage users and access to one
        // collection.
        row_action(s, "alice@northwind.example", "edit").await?;
        s.wait_visible("edit-member-dialog").await?;
        s.select("edit-role", "custom").await?;
        s.click("edit-permission-manage_users").await?;
        let ticked = s
            .eval(
                r#"const box = document.querySelector('[data-testid^="edit-collection-"]');
                   if (box && !box.checked) box.click();
                   return !!box;"#,
            )
            .await?;
        s.check(ticked == Value::Bool(true), "a collection to grant")?;
        s.screenshot("edit-custom-role").await?;
        s.click("edit-member-submit").await?;
        s.wait_gone("edit-member-dialog").await?;
        s.wait_until(
            "alice's role to read Custom",
            r#"(() => { const row = [...document.querySelectorAll('[data-testid="member-row"]')]
                 .find((r) => r.textContent.includes("alice@northwind.example"));
               return /custom/i.test(row?.querySelector('[data-testid="member-role"]')?.textContent ?? ""); })()"#,
        )
        .await?;

        // Revoke and restore her.
        row_action(s, "alice@northwind.example", "revoke").await?;
        s.click("status-confirm").await?;
        expect_status(s, "alice@northwind.example", "revoked").await?;
        row_action(s, "alice@northwind.example", "restore").await?;
        s.click("status-confirm").await?;
        expect_status(s, "alice@northwind.example", "confirmed").await?;

        // Reset her master password with a generated one, shown once.
        row_action(s, "alice@northwind.example", "recover").await?;
        s.click("recover-generate").await?;
        s.click("recover-submit").await?;
        let generated = s.wait_text("recover-generated").await?;
        s.check(
            generated.trim().chars().count() == 20,
            format!("a generated password ({} chars)", generated.trim().chars().count()),
        )?;
        let next = s.wait_text("recover-next").await?;
        s.check(!next.is_empty(), "what follows for the member is said")?;
        s.screenshot("recover-done").await?;
        s.click("recover-close").await?;
        s.wait_gone("recover-generated").await?;
        Ok(())
    })
    .await;
    sandbox.shutdown().await;
}
