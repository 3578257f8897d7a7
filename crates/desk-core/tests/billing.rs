//! Billing against the sandbox: the provider's subscription, invoices,
//! address and details synced and readable offline; the invoice CSV saved
//! byte for byte; changes through the write path with their conflict
//! check; the refusals (a service user, a self-hosted server) shown in the
//! server's words instead of a blank page; a client's own billing.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PROVIDER_NAME, DEMO_SERVICE_USER_EMAIL};
use common::tamper::{self, Rule, Tamper};
use desk_core::ErrorCode;
use desk_core::billing::{
    ClientBillingInput, ProviderAddress, ProviderDetailsInput, SubscriptionStatus,
};
use desk_core::jobs::{JobStatus, Submitted};

fn done(s: &Submitted) {
    assert!(s.jobs.iter().all(|j| j.status == JobStatus::Done), "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_billing_is_synced_saved_and_changed() {
    let (sandbox, dir, core) = common::demo_synced(DEMO_ADMIN_EMAIL).await;
    let page = core.provider_billing().await.unwrap();
    assert!(page.as_of.is_some());
    assert!(page.can_edit);
    assert_eq!(page.provider_name, DEMO_PROVIDER_NAME);
    let subscription = page.subscription.clone().expect("subscription");
    assert_eq!(subscription.status, SubscriptionStatus::Active);
    assert!(!subscription.plans.is_empty());
    let invoices = page.invoices.clone().expect("invoices");
    assert!(!invoices.is_empty(), "the demo provider has invoices");
    assert!(page.address.is_some(), "{:?}", page.address_note);

    // The invoice CSV, exactly the bytes the server sends.
    let invoice = &invoices[0];
    let expected = {
        let token = common::admin_token(&sandbox).await;
        let provider = common::provider_id(&sandbox, &token).await;
        reqwest::Client::new()
            .get(format!(
                "{}/api/providers/{provider}/billing/invoices/{}",
                sandbox.url(),
                invoice.id
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    };
    assert!(!expected.is_empty());
    let default = core
        .invoice_csv_path(&invoice.id, dir.path())
        .await
        .unwrap();
    assert!(
        default
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with(".csv")
    );
    let saved = core
        .save_invoice_csv(&invoice.id, &default, false)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&saved.path).unwrap(), expected.to_vec());
    // Not replaced unless asked.
    let again = core.save_invoice_csv(&invoice.id, &default, false).await;
    assert_eq!(again.unwrap_err().code, ErrorCode::Conflict);

    // The address: checked first, then through the write path.
    let bad = core
        .provider_address_operations(ProviderAddress {
            country: "Netherlands".into(),
            postal_code: "1011".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidInput);
    let ops = core
        .provider_address_operations(ProviderAddress {
            country: "nl".into(),
            postal_code: "1011 AB".into(),
            line1: Some("Damrak 1".into()),
            city: Some("Amsterdam".into()),
            tax_id_type: Some("eu_vat".into()),
            tax_id: Some("NL123456789B01".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(core.describe(&ops)[0].description.contains("Damrak 1"));
    done(&core.submit(ops, true).await.unwrap());
    let address = core.provider_billing().await.unwrap().address.unwrap();
    assert_eq!(
        (address.country.as_str(), address.tax_id.as_deref()),
        ("NL", Some("NL123456789B01"))
    );

    // Details: a change made elsewhere meanwhile is a conflict, not overwritten.
    let ops = core
        .provider_details_operations(ProviderDetailsInput {
            billing_email: Some("accounts@demo-msp.example".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    // Another admin changes the billing e-mail in the web portal meanwhile.
    let token = common::admin_token(&sandbox).await;
    let provider = common::provider_id(&sandbox, &token).await;
    let reply = sandbox
        .send(
            "PUT",
            &format!("/api/providers/{provider}"),
            Some(&token),
            Some(serde_json::json!({"name": DEMO_PROVIDER_NAME,
                "billingEmail": "someone-else@demo-msp.example"})),
        )
        .await;
    assert!(reply.status.is_success(), "{reply:?}");
    let submitted = core.submit(ops, true).await.unwrap();
    assert_eq!(
        submitted.jobs[0].status,
        JobStatus::Conflict,
        "{submitted:?}"
    );
    // The user reads the provider again and changes what they meant to.
    common::full_sync(&core).await;
    let ops = core
        .provider_details_operations(ProviderDetailsInput {
            business_name: Some("Demo MSP B.V.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let details = core.provider_billing().await.unwrap().details.unwrap();
    assert_eq!(details.business_name.as_deref(), Some("Demo MSP B.V."));
    assert_eq!(
        details.billing_email.as_deref(),
        Some("someone-else@demo-msp.example")
    );

    // Offline: the last read still opens.
    drop(sandbox);
    let offline = core.provider_billing().await.unwrap();
    assert_eq!(offline.invoices.unwrap().len(), invoices.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_user_is_told_why_and_cannot_change_billing() {
    let (_sandbox, _dir, core) = common::demo_synced(DEMO_SERVICE_USER_EMAIL).await;
    let page = core.provider_billing().await.unwrap();
    assert!(!page.can_edit);
    assert!(page.subscription.is_some(), "{:?}", page.subscription_note);
    assert_eq!(page.invoices, None);
    assert!(page.invoices_note.unwrap().contains("provider admins"));
    assert_eq!(page.address, None);
    let refused = core
        .provider_details_operations(ProviderDetailsInput {
            name: Some("Mine now".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
    let clients = core.client_views().await.unwrap();
    let client = clients
        .iter()
        .find(|c| c.source == desk_core::clients::ClientSource::Provider)
        .expect("a provider client");
    let page = core.client_billing(&client.organization_id).await.unwrap();
    assert!(!page.can_edit);
    assert!(page.edit_note.unwrap().contains("service user"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_hosted_server_answers_in_its_own_words() {
    let (sandbox, _dir, core) = common::demo_signed_in(DEMO_ADMIN_EMAIL).await;
    sandbox.set_self_hosted(true);
    common::full_sync(&core).await;
    let page = core.provider_billing().await.unwrap();
    for note in [
        &page.subscription_note,
        &page.invoices_note,
        &page.address_note,
    ] {
        assert_eq!(note.as_deref(), Some("Only allowed when not self hosted."));
    }
    assert!(page.details.is_some(), "the provider itself still reads");
    let refused = core
        .provider_address_operations(ProviderAddress {
            country: "US".into(),
            postal_code: "10001".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(
        refused.unwrap_err().message,
        "Only allowed when not self hosted."
    );
    let clients = core.client_views().await.unwrap();
    let client = clients
        .iter()
        .find(|c| c.source == desk_core::clients::ClientSource::Provider)
        .expect("a provider client");
    let billing = core.client_billing(&client.organization_id).await.unwrap();
    assert_eq!(billing.subscription, None);
    assert!(billing.licence_expires.is_some());
    assert!(billing.subscription_note.unwrap().contains("licence"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clients_billing_details_are_shown_and_changed() {
    let (_sandbox, _dir, core) = common::demo_synced(DEMO_ADMIN_EMAIL).await;
    let clients = core.client_views().await.unwrap();
    let client = clients
        .iter()
        .find(|c| c.source == desk_core::clients::ClientSource::Provider)
        .expect("a provider client");
    let page = core.client_billing(&client.organization_id).await.unwrap();
    assert!(page.as_of.is_some());
    assert!(page.can_edit, "{:?}", page.edit_note);
    // Consolidated billing: no subscription of its own, and the page says so.
    assert_eq!(page.subscription, None);
    assert!(page.subscription_note.unwrap().contains("consolidated"));
    let ops = core
        .client_billing_operations(ClientBillingInput {
            organization_id: client.organization_id.clone(),
            business_name: Some("Acme Holdings Ltd".into()),
            billing_email: Some("finance@acme.example".into()),
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let page = core.client_billing(&client.organization_id).await.unwrap();
    assert_eq!(page.business_name.as_deref(), Some("Acme Holdings Ltd"));
    assert_eq!(page.billing_email.as_deref(), Some("finance@acme.example"));
    let invalid = core
        .client_billing_operations(ClientBillingInput {
            organization_id: client.organization_id.clone(),
            billing_email: Some("finance at acme".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(invalid.unwrap_err().code, ErrorCode::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_consolidated_billing_an_owned_organization_joins_by_the_legacy_route() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = common::start(common::kept_in(&dir.path().join("server"))).await;
    let core = common::synced(sandbox.url(), &dir.path().join("desk"), DEMO_ADMIN_EMAIL).await;
    let clients = core.client_views().await.unwrap();
    let northwind = clients
        .iter()
        .find(|c| c.name == bw_sandbox::DEMO_DIRECT_ORG_NAME)
        .unwrap()
        .organization_id
        .clone();
    let ops = core
        .unlink_client_operations(desk_core::clients::UnlinkInput {
            organization_id: northwind.clone(),
            confirm_name: bw_sandbox::DEMO_DIRECT_ORG_NAME.into(),
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());

    // The provider bills no client itself any more.
    let token = common::admin_token(&sandbox).await;
    let provider = common::provider_id(&sandbox, &token).await;
    sandbox
        .set_provider_billable(&provider, false)
        .await
        .unwrap();
    common::full_sync(&core).await;
    let addable = core.addable_clients().await.unwrap();
    assert!(
        addable.iter().any(|o| o.organization_id == northwind),
        "the owned organization is offered from the profile: {addable:?}"
    );
    let ops = core
        .add_existing_client_operations(&northwind)
        .await
        .unwrap();
    assert!(matches!(
        &ops[0],
        desk_core::jobs::Operation::AddExistingClient { legacy: true, .. }
    ));
    // Bitwarden's own rule, in its words: an MSP manages monthly plans only.
    let refused = core.submit(ops.clone(), true).await.unwrap();
    let error = refused.error().unwrap();
    assert!(
        error
            .message
            .contains("Only Teams (Monthly) and Enterprise (Monthly)"),
        "{error:?}"
    );
    let db = common::sandbox_db(&dir.path().join("server")).await;
    sqlx::query("UPDATE organizations SET plan_type = 19 WHERE id = ?")
        .bind(&northwind)
        .execute(&db)
        .await
        .unwrap();
    let ops = core
        .add_existing_client_operations(&northwind)
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    assert_eq!(
        sandbox.received(|method, path| method == "POST" && path.ends_with("/organizations/add")),
        2
    );
    common::full_sync(&core).await;
    let clients = core.client_views().await.unwrap();
    let back = clients
        .iter()
        .find(|c| c.organization_id == northwind)
        .unwrap();
    assert_eq!(back.source, desk_core::clients::ClientSource::Provider);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lying_billing_answer_never_replaces_the_stored_billing() {
    let sandbox = common::sandbox().await;
    let proxy = Tamper::start(sandbox.url()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = common::synced(proxy.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let good = core.provider_billing().await.unwrap();
    assert!(good.subscription.is_some() && good.invoices.is_some());
    for (route, action) in [
        // A captive portal's page where JSON should be.
        (
            "/billing/subscription",
            tamper::reply(
                200,
                &[("Content-Type", "text/html")],
                "<html>Sign in to Wi-Fi</html>",
            ),
        ),
        // A list answer without its list.
        ("/billing/invoices", tamper::json_200(r#"{"data": []}"#)),
        // Fields of the wrong kind.
        (
            "/billing/vnext/address",
            tamper::json_200(r#"{"country": 7, "postalCode": ["x"]}"#),
        ),
        // A server failure.
        (
            "/billing/vnext/warnings",
            tamper::reply(
                500,
                &[("Content-Type", "application/json")],
                r#"{"message":"boom"}"#,
            ),
        ),
    ] {
        proxy.clear();
        proxy.add(Rule::new("GET", move |p| p.ends_with(route), action));
        // The sync ends (its clients synced), noting the provider's failure.
        let summary = common::run_sync(&core, desk_core::sync::SyncOptions::default())
            .await
            .unwrap();
        assert_ne!(summary.outcome, desk_core::sync::SyncOutcome::Cancelled);
        let after = core.provider_billing().await.unwrap();
        assert_eq!(after.subscription, good.subscription, "{route}");
        assert_eq!(after.invoices, good.invoices, "{route}");
        assert_eq!(after.address, good.address, "{route}");
        assert_eq!(after.as_of, good.as_of, "{route}: nothing was stored");
    }
}
