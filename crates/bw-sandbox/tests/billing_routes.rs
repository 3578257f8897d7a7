//! Billing, self-hosted mode and the ways to add a client, through bw-api's
//! typed client: the refusals are the real server's (status, sentence) and
//! what is stored reads back the same way.

use bw_api::client::{ApiError, BwClient};
use bw_api::wire::billing::{
    BillingAddress, OrganizationUpdateRequest, ProviderWarnings, SubscriptionUpdateRequest, TaxId,
    TaxIdWarning,
};
use bw_api::wire::clients::{
    AddExistingClientRequest, ClientKeyPair, CreateClientRequest, UpdateClientRequest,
};
use bw_api::wire::events::EventRange;
use bw_api::wire::providers::ProviderUpdateRequest;
use bw_sandbox::testkit::{Reply, date_from_now};
use bw_sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, DEMO_FORMER_CLIENT_NAME, DEMO_INTERNAL_ORG_NAME,
    DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL, RunningSandbox, Sandbox, SandboxConfig,
};
use serde_json::{Value, json};

const SELF_HOSTED: &str = "Only allowed when not self hosted.";
const WENT_WRONG: &str =
    "Something went wrong with your request. Please contact support for assistance.";

/// A demo user signed in twice: a typed client (with a refresh token, so
/// it can ride out a 401 as the app does) and the bearer token for raw
/// requests that check exact statuses and bodies.
struct Signed {
    client: BwClient,
    token: String,
}

async fn sign_in(sandbox: &RunningSandbox, email: &str) -> Signed {
    let session = sandbox.login(email, DEMO_PASSWORD).await.unwrap();
    let client = session
        .typed_client(sandbox, "00000000-0000-4000-8000-00000000b111")
        .unwrap();
    Signed {
        client,
        token: session.access_token,
    }
}

impl Signed {
    async fn raw(
        &self,
        sandbox: &RunningSandbox,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        sandbox
            .send(method, &format!("/api/{path}"), Some(&self.token), body)
            .await
    }

    async fn provider_id(&self) -> String {
        self.client.profile().await.unwrap().value.providers[0]
            .id
            .clone()
    }

    /// The id of an organization the user is a member of.
    async fn org_id(&self, name: &str) -> String {
        let profile = self.client.profile().await.unwrap().value;
        profile
            .organizations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name} is not in the profile"))
            .id
            .clone()
    }

    /// The provider's client row `name`: (ProviderOrganization id, org id).
    async fn client_row(&self, provider: &str, name: &str) -> Option<(String, String)> {
        self.client
            .provider_clients(provider)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.value.organization_name == name)
            .map(|c| (c.value.id, c.value.organization_id))
    }

    /// A real EncString (where the server only checks the format).
    async fn enc_string(&self) -> String {
        let org = self.org_id(DEMO_DIRECT_ORG_NAME).await;
        self.client.collection_details(&org).await.unwrap()[0]
            .value
            .name
            .clone()
    }
}

async fn demo() -> RunningSandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

/// The status and the error body's `message` of a raw reply.
fn refusal(reply: &Reply) -> (u16, Option<String>) {
    (
        reply.status.as_u16(),
        reply.json()["message"].as_str().map(String::from),
    )
}

fn bad_request(result: Result<impl std::fmt::Debug, ApiError>) -> String {
    match result {
        Err(ApiError::BadRequest(message)) => message,
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[tokio::test]
async fn provider_warnings_follow_the_billing_address_and_the_caller() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let tech = sign_in(&s, DEMO_SERVICE_USER_EMAIL).await;
    let pid = admin.provider_id().await;
    let path = format!("providers/{pid}/billing/vnext/warnings");

    // The demo provider is billed in the US, where no tax id is asked for.
    let none = ProviderWarnings::default();
    assert_eq!(
        admin.client.provider_billing_warnings(&pid).await.unwrap(),
        none
    );
    let raw = admin.raw(&s, "GET", &path, None).await;
    assert_eq!(
        (raw.status.as_u16(), raw.json()),
        (200, json!({"suspension": null, "taxId": null}))
    );

    let mut address = BillingAddress {
        country: "NL".into(),
        postal_code: "1011 AB".into(),
        line1: Some("Dam 1".into()),
        city: Some("Amsterdam".into()),
        ..BillingAddress::default()
    };
    admin
        .client
        .update_provider_billing_address(&pid, &address)
        .await
        .unwrap();
    let missing = ProviderWarnings {
        suspension: None,
        tax_id: Some(TaxIdWarning {
            warning_type: "tax_id_missing".into(),
        }),
    };
    assert_eq!(
        admin.client.provider_billing_warnings(&pid).await.unwrap(),
        missing
    );
    assert_eq!(
        admin.raw(&s, "GET", &path, None).await.json(),
        json!({"suspension": null, "taxId": {"type": "tax_id_missing"}})
    );
    // Service users may read the warnings, but the tax id one is the admins'.
    assert_eq!(
        tech.client.provider_billing_warnings(&pid).await.unwrap(),
        none
    );

    address.tax_id = Some(TaxId {
        code: "eu_vat".into(),
        value: "NL123456789B01".into(),
    });
    admin
        .client
        .update_provider_billing_address(&pid, &address)
        .await
        .unwrap();
    assert_eq!(
        admin.client.provider_billing_warnings(&pid).await.unwrap(),
        none
    );

    // Without consolidated billing there is no subscription to warn about.
    address.tax_id = None;
    admin
        .client
        .update_provider_billing_address(&pid, &address)
        .await
        .unwrap();
    s.set_provider_billable(&pid, false).await.unwrap();
    assert_eq!(
        admin.client.provider_billing_warnings(&pid).await.unwrap(),
        none
    );

    // Someone outside the provider: `[InjectProvider]`'s 401.
    let outsider = sign_in(&s, "ceo@northwind.example").await;
    assert_eq!(
        refusal(&outsider.raw(&s, "GET", &path, None).await),
        (401, Some("Unauthorized.".into()))
    );
}

#[tokio::test]
async fn self_hosted_mode_refuses_the_cloud_only_routes() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let pid = admin.provider_id().await;
    let enc = admin.enc_string().await;
    let (poid, client_org) = admin
        .client_row(&pid, "My Client's Organization")
        .await
        .unwrap();
    let internal = admin.org_id(DEMO_INTERNAL_ORG_NAME).await;
    let c = &admin.client;
    s.set_self_hosted(true);

    assert_eq!(
        bad_request(c.provider_billing_warnings(&pid).await),
        SELF_HOSTED
    );
    assert_eq!(
        bad_request(c.provider_billing_address(&pid).await),
        SELF_HOSTED
    );
    let address = BillingAddress {
        country: "NL".into(),
        postal_code: "1011 AB".into(),
        ..BillingAddress::default()
    };
    assert_eq!(
        bad_request(c.update_provider_billing_address(&pid, &address).await),
        SELF_HOSTED
    );
    let create = CreateClientRequest {
        name: "Self-hosted client".into(),
        owner_email: "it@selfhosted.example".into(),
        plan_type: 20,
        seats: 5,
        key: enc.clone(),
        key_pair: ClientKeyPair {
            public_key: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".into(),
            encrypted_private_key: enc.clone(),
        },
        collection_name: enc.clone(),
    };
    assert_eq!(
        bad_request(c.create_client(&pid, &create).await),
        SELF_HOSTED
    );
    let seats = UpdateClientRequest {
        assigned_seats: 16,
        name: "My Client's Organization".into(),
    };
    assert_eq!(
        bad_request(c.update_client(&pid, &poid, &seats).await),
        SELF_HOSTED
    );
    assert_eq!(bad_request(c.addable_clients(&pid).await), SELF_HOSTED);
    let existing = AddExistingClientRequest {
        organization_id: internal.clone(),
        key: enc.clone(),
    };
    assert_eq!(
        bad_request(c.add_existing_client(&pid, &existing).await),
        SELF_HOSTED
    );
    assert_eq!(
        bad_request(c.adjust_organization_seats(&client_org, 5).await),
        SELF_HOSTED
    );
    let subscription = SubscriptionUpdateRequest {
        seat_adjustment: 5,
        max_autoscale_seats: None,
    };
    assert_eq!(
        bad_request(
            c.update_organization_subscription(&client_org, &subscription)
                .await
        ),
        SELF_HOSTED
    );
    // The body is the standard error model.
    let raw = admin
        .raw(&s, "GET", &format!("providers/{pid}/clients/addable"), None)
        .await;
    assert_eq!(raw.json()["object"], "error");
    assert_eq!(refusal(&raw), (400, Some(SELF_HOSTED.into())));

    // The authorization requirement comes before the filter.
    let tech = sign_in(&s, DEMO_SERVICE_USER_EMAIL).await;
    let raw = tech
        .raw(
            &s,
            "POST",
            &format!("providers/{pid}/clients"),
            Some(serde_json::to_value(&create).unwrap()),
        )
        .await;
    assert_eq!(raw.status, 403);

    // Subscription and invoices carry no `[SelfHosted]` filter: they fail
    // because a self-hosted provider has no Stripe set-up.
    for path in ["subscription", "invoices", "invoices/in_demo0006"] {
        let raw = admin
            .raw(&s, "GET", &format!("providers/{pid}/billing/{path}"), None)
            .await;
        assert_eq!(refusal(&raw), (500, Some(WENT_WRONG.into())), "{path}");
    }
    // Reading an organization's subscription works: from its licence.
    let sub = c.organization_subscription(&client_org).await.unwrap();
    assert_eq!(
        (sub.value.subscription, sub.value.expiration.is_some()),
        (None, true)
    );
    let raw: serde_json::Value = serde_json::from_str(sub.raw.get()).unwrap();
    assert!(raw["plan"].is_null());

    // Back to the cloud.
    s.set_self_hosted(false);
    assert_eq!(
        c.provider_billing_warnings(&pid).await.unwrap(),
        ProviderWarnings::default()
    );
    assert!(c.addable_clients(&pid).await.is_ok());
}

#[tokio::test]
async fn legacy_add_keeps_the_client_on_its_own_subscription() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let pid = admin.provider_id().await;
    let enc = admin.enc_string().await;
    let internal = admin.org_id(DEMO_INTERNAL_ORG_NAME).await;
    let c = &admin.client;
    let add = |organization_id: &str| AddExistingClientRequest {
        organization_id: organization_id.into(),
        key: enc.clone(),
    };

    // The legacy route is for providers without consolidated billing.
    s.set_provider_billable(&pid, false).await.unwrap();
    let provider = c.provider(&pid).await.unwrap();
    c.update_provider(
        &pid,
        &ProviderUpdateRequest {
            name: provider.name.clone(),
            business_name: provider.business_name.clone(),
            billing_email: "ap@demo-msp.example".into(),
        },
    )
    .await
    .unwrap();
    let raw = admin
        .raw(
            &s,
            "POST",
            &format!("providers/{pid}/organizations/add"),
            Some(json!({"organizationId": internal, "key": enc})),
        )
        .await;
    assert_eq!((raw.status.as_u16(), raw.body.is_empty()), (200, true));
    let (poid, org) = admin
        .client_row(&pid, DEMO_INTERNAL_ORG_NAME)
        .await
        .expect("the organization is a client now");
    assert_eq!(org, internal);
    // It takes the provider's billing e-mail.
    let billing = c.organization(&internal).await.unwrap().value;
    assert_eq!(
        billing.billing_email.as_deref(),
        Some("ap@demo-msp.example")
    );
    // Logged as ProviderOrganization_Added.
    let (start, end) = (
        date_from_now(-chrono::Duration::hours(1)),
        date_from_now(chrono::Duration::hours(1)),
    );
    let range = EventRange {
        start: &start,
        end: &end,
        continuation: None,
    };
    let events = c.provider_events(&pid, range).await.unwrap().events;
    assert!(
        events.iter().any(|e| e.value.event_type == 1901
            && e.value.organization_id.as_deref() == Some(internal.as_str())
            && e.value.provider_organization_id.as_deref() == Some(poid.as_str())),
        "{events:?}"
    );

    // Not Managed: its seats are not the provider's to assign.
    s.set_provider_billable(&pid, true).await.unwrap();
    let seats = UpdateClientRequest {
        assigned_seats: 10,
        name: DEMO_INTERNAL_ORG_NAME.into(),
    };
    match c.update_client(&pid, &poid, &seats).await {
        Err(ApiError::Server {
            status: 500,
            message,
        }) => assert_eq!(message, WENT_WRONG),
        other => panic!("expected a 500, got {other:?}"),
    }

    // Once is enough.
    assert_eq!(
        bad_request(c.add_organization_legacy(&pid, &add(&internal)).await),
        "Organization already belongs to a provider."
    );

    // The real route has no billable check: a billable provider may use it too.
    c.remove_client(&pid, &poid).await.unwrap();
    c.add_organization_legacy(&pid, &add(&internal))
        .await
        .unwrap();

    // The caller must own the organization: a former client the admin only
    // reached through the provider is out of reach (the legacy 404).
    let (my_poid, my_org) = admin
        .client_row(&pid, "My Client's Organization")
        .await
        .unwrap();
    c.remove_client(&pid, &my_poid).await.unwrap();
    let raw = admin
        .raw(
            &s,
            "POST",
            &format!("providers/{pid}/organizations/add"),
            Some(json!({"organizationId": my_org, "key": enc})),
        )
        .await;
    assert_eq!(refusal(&raw), (404, Some("Resource not found.".into())));
    assert!(matches!(
        c.add_organization_legacy(&pid, &add(&my_org)).await,
        Err(ApiError::NotFound(_))
    ));

    // An MSP takes only Teams (Monthly) and Enterprise (Monthly) this way.
    let (nw_poid, nw) = admin.client_row(&pid, DEMO_DIRECT_ORG_NAME).await.unwrap();
    c.remove_client(&pid, &nw_poid).await.unwrap();
    assert_eq!(
        bad_request(c.add_organization_legacy(&pid, &add(&nw)).await),
        "Managed Service Providers cannot manage organizations with the plan type \
         EnterpriseAnnually. Only Teams (Monthly) and Enterprise (Monthly) are allowed."
    );

    // Provider admins only.
    let tech = sign_in(&s, DEMO_SERVICE_USER_EMAIL).await;
    let raw = tech
        .raw(
            &s,
            "POST",
            &format!("providers/{pid}/organizations/add"),
            Some(json!({"organizationId": nw, "key": enc})),
        )
        .await;
    assert_eq!(raw.status, 403);
    // The key is required.
    let raw = admin
        .raw(
            &s,
            "POST",
            &format!("providers/{pid}/organizations/add"),
            Some(json!({"organizationId": nw})),
        )
        .await;
    assert_eq!(
        (
            raw.status.as_u16(),
            raw.json()["validationErrors"]["Key"][0].clone()
        ),
        (400, json!("The Key field is required."))
    );
}

/// The provider status the profile reports (2 billable, 1 created).
async fn provider_status(signed: &Signed) -> i64 {
    signed.client.profile().await.unwrap().value.providers[0].provider_status
}

#[tokio::test]
async fn existing_clients_need_a_billable_provider() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let pid = admin.provider_id().await;
    let enc = admin.enc_string().await;
    let internal = admin.org_id(DEMO_INTERNAL_ORG_NAME).await;
    let body = json!({"organizationId": internal, "key": enc});
    let existing = format!("providers/{pid}/clients/existing");
    assert_eq!(provider_status(&admin).await, 2);

    s.set_provider_billable(&pid, false).await.unwrap();
    assert_eq!(provider_status(&admin).await, 1);
    // BaseProviderController's refusal: 401 with nothing in it.
    for (method, path, body) in [
        ("POST", existing.clone(), Some(body.clone())),
        ("GET", format!("providers/{pid}/clients/addable"), None),
    ] {
        let raw = admin.raw(&s, method, &path, body).await;
        assert_eq!((raw.status.as_u16(), raw.body.len()), (401, 0), "{path}");
    }
    // The billing routes say why.
    let raw = admin
        .raw(
            &s,
            "GET",
            &format!("providers/{pid}/billing/subscription"),
            None,
        )
        .await;
    assert_eq!(refusal(&raw), (401, Some("Unauthorized.".into())));
    assert!(
        admin
            .client_row(&pid, DEMO_INTERNAL_ORG_NAME)
            .await
            .is_none()
    );

    s.set_provider_billable(&pid, true).await.unwrap();
    assert_eq!(provider_status(&admin).await, 2);
    let addable = admin.client.addable_clients(&pid).await.unwrap();
    assert!(addable.iter().any(|o| o.value.id == internal));
    admin
        .client
        .add_existing_client(
            &pid,
            &AddExistingClientRequest {
                organization_id: internal.clone(),
                key: admin.enc_string().await,
            },
        )
        .await
        .unwrap();
    assert!(
        admin
            .client_row(&pid, DEMO_INTERNAL_ORG_NAME)
            .await
            .is_some()
    );

    // Bitwarden's bare 401: the client refreshes once, is refused again with
    // a fresh token, and reads it as a refusal, not as a lost session.
    s.set_provider_billable(&pid, false).await.unwrap();
    assert!(matches!(
        admin
            .client
            .add_existing_client(
                &pid,
                &AddExistingClientRequest {
                    organization_id: internal,
                    key: admin.enc_string().await,
                },
            )
            .await,
        Err(ApiError::Refused)
    ));
}

#[tokio::test]
async fn organization_business_name_and_billing_email_round_trip() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let pid = admin.provider_id().await;
    let (_, org) = admin
        .client_row(&pid, "My Client's Organization")
        .await
        .unwrap();
    let c = &admin.client;
    let mut update = OrganizationUpdateRequest {
        name: "My Client's Organization".into(),
        business_name: Some("Café Ñandú S.L.".into()),
        billing_email: "Billing@MyClient.example ".into(),
    };
    c.update_organization(&org, &update).await.unwrap();
    let read = c.organization(&org).await.unwrap().value;
    assert_eq!(
        (read.business_name.as_deref(), read.billing_email.as_deref()),
        (Some("Café Ñandú S.L."), Some("billing@myclient.example"))
    );
    let sub = c.organization_subscription(&org).await.unwrap().value;
    assert_eq!(
        (sub.business_name.as_deref(), sub.billing_email.as_deref()),
        (Some("Café Ñandú S.L."), Some("billing@myclient.example"))
    );

    // 50 characters (UTF-16 units) at most.
    update.business_name = Some("ñ".repeat(51));
    assert!(
        bad_request(c.update_organization(&org, &update).await)
            .contains("The field Business Name exceeds the maximum length.")
    );
    update.business_name = Some("ñ".repeat(50));
    c.update_organization(&org, &update).await.unwrap();

    // The client's own owner may not move a managed client's billing e-mail.
    let owner = sign_in(&s, "it@myclient.example").await;
    let raw = owner
        .raw(
            &s,
            "PUT",
            &format!("organizations/{org}"),
            Some(json!({"name": "Mine", "billingEmail": "me@myclient.example"})),
        )
        .await;
    assert_eq!((raw.status.as_u16(), raw.body.len()), (401, 0));

    // Self-hosted, name, business name and billing e-mail come from the licence.
    s.set_self_hosted(true);
    let before = c.organization(&org).await.unwrap().value;
    c.update_organization(
        &org,
        &OrganizationUpdateRequest {
            name: "Renamed".into(),
            business_name: None,
            billing_email: "other@myclient.example".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(c.organization(&org).await.unwrap().value, before);
}

#[tokio::test]
async fn provider_update_validates_like_the_request_model() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let pid = admin.provider_id().await;
    let c = &admin.client;

    let raw = admin
        .raw(
            &s,
            "PUT",
            &format!("providers/{pid}"),
            Some(json!({"name": "n".repeat(51), "businessName": "b".repeat(51), "billingEmail": "billing.example"})),
        )
        .await;
    assert_eq!(raw.status, 400);
    assert_eq!(
        raw.json()["validationErrors"],
        json!({
            "Name": ["The field Name exceeds the maximum length."],
            "BusinessName": ["The field Business Name exceeds the maximum length."],
            "BillingEmail": ["The BillingEmail field is not a valid e-mail address."],
        })
    );
    let raw = admin
        .raw(
            &s,
            "PUT",
            &format!("providers/{pid}"),
            Some(json!({"name": " "})),
        )
        .await;
    assert_eq!(
        raw.json()["validationErrors"],
        json!({
            "Name": ["The Name field is required."],
            "BillingEmail": ["The BillingEmail field is required."],
        })
    );
    let long_email = format!("{}@demo-msp.example", "a".repeat(240));
    let message = bad_request(
        c.update_provider(
            &pid,
            &ProviderUpdateRequest {
                name: "Demo MSP".into(),
                business_name: None,
                billing_email: long_email,
            },
        )
        .await,
    );
    assert!(
        message.contains("The field BillingEmail must be a string with a maximum length of 256."),
        "{message}"
    );

    c.update_provider(
        &pid,
        &ProviderUpdateRequest {
            name: "Demo MSP Europe".into(),
            business_name: Some("Demo MSP B.V.".into()),
            billing_email: " AP@Demo-MSP.example".into(),
        },
    )
    .await
    .unwrap();
    let read = c.provider(&pid).await.unwrap();
    assert_eq!(
        (
            read.name.as_str(),
            read.business_name.as_deref(),
            read.billing_email.as_deref()
        ),
        (
            "Demo MSP Europe",
            Some("Demo MSP B.V."),
            Some("ap@demo-msp.example")
        )
    );

    // Self-hosted, all three come from the licence; the request is still checked.
    s.set_self_hosted(true);
    c.update_provider(
        &pid,
        &ProviderUpdateRequest {
            name: "Renamed".into(),
            business_name: None,
            billing_email: "new@demo-msp.example".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(c.provider(&pid).await.unwrap(), read);
    assert_eq!(
        bad_request(
            c.update_provider(
                &pid,
                &ProviderUpdateRequest {
                    name: String::new(),
                    business_name: None,
                    billing_email: "new@demo-msp.example".into(),
                },
            )
            .await
        ),
        "The model state is invalid. The Name field is required."
    );
}

#[tokio::test]
async fn invoices_are_for_provider_admins_and_keep_their_bytes() {
    let s = demo().await;
    let admin = sign_in(&s, DEMO_ADMIN_EMAIL).await;
    let tech = sign_in(&s, DEMO_SERVICE_USER_EMAIL).await;
    let pid = admin.provider_id().await;

    let invoices = admin.client.provider_invoices(&pid).await.unwrap().invoices;
    assert!(invoices.len() >= 2, "{invoices:?}");
    for invoice in &invoices[..2] {
        let csv = admin
            .client
            .provider_invoice_csv(&pid, &invoice.id)
            .await
            .unwrap();
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(
            text.starts_with("Client,Id,Assigned,Used,Remaining,Plan,Estimated total\r\n"),
            "{text}"
        );
        assert!(
            text.contains(&format!("\r\n{DEMO_FORMER_CLIENT_NAME},")),
            "{text}"
        );
        assert!(text.contains("\r\nUnassigned seats,,"), "{text}");
        // The bytes are the UTF-8 the server stored, not a lossy re-encoding.
        let needle = "Café Ñandú".as_bytes();
        assert!(csv.windows(needle.len()).any(|w| w == needle));
        let raw = admin
            .raw(
                &s,
                "GET",
                &format!("providers/{pid}/billing/invoices/{}", invoice.id),
                None,
            )
            .await;
        assert_eq!(
            (raw.headers["content-type"].to_str().unwrap(), raw.body),
            ("text/csv", csv)
        );
    }

    // Service users: BaseProviderController's 401 "Unauthorized.", which the
    // client reports as a refusal, not as a lost session.
    let invoice = &invoices[0].id;
    for path in [
        "billing/invoices".to_owned(),
        format!("billing/invoices/{invoice}"),
        "billing/vnext/address".to_owned(),
    ] {
        let raw = tech
            .raw(&s, "GET", &format!("providers/{pid}/{path}"), None)
            .await;
        assert_eq!(refusal(&raw), (401, Some("Unauthorized.".into())), "{path}");
    }
    for result in [
        tech.client.provider_invoices(&pid).await.map(drop),
        tech.client
            .provider_invoice_csv(&pid, invoice)
            .await
            .map(drop),
        tech.client.provider_billing_address(&pid).await.map(drop),
    ] {
        assert!(
            matches!(&result, Err(ApiError::Forbidden(m)) if m == "Unauthorized."),
            "{result:?}"
        );
    }
    // An invoice that is not this provider's.
    let raw = admin
        .raw(
            &s,
            "GET",
            &format!("providers/{pid}/billing/invoices/in_other"),
            None,
        )
        .await;
    assert_eq!(refusal(&raw), (404, Some("Resource not found.".into())));
}
