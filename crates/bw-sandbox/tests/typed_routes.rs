//! bw-api's typed routes against the sandbox: every body the client sends is
//! one this Bitwarden-compatible server accepts, and every answer parses
//! into the shared wire types.

use bw_api::client::BwClient;
use bw_api::wire::billing::BillingAddress;
use bw_api::wire::ciphers::{CipherCreateRequest, CipherRequest, SecureNote};
use bw_api::wire::clients::UpdateClientRequest;
use bw_api::wire::collections::{BulkCollectionAccessRequest, CollectionRequest};
use bw_api::wire::events::EventRange;
use bw_api::wire::groups::GroupRequest;
use bw_api::wire::members::{
    BulkRestoreRequest, MemberInviteRequest, MemberUpdateRequest, RestoreRequest,
};
use bw_api::wire::policies::PolicyRequest;
use bw_api::wire::providers::ProviderUserInviteRequest;
use bw_api::wire::sends::{SendFileRequest, SendRequest, SendText};
use bw_api::wire::{Raw, Selection};
use bw_sandbox::testkit::date_from_now;
use bw_sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, DEMO_PASSWORD, RunningSandbox, Sandbox, SandboxConfig,
};

/// The sandbox and a client signed in as the demo provider admin.
async fn admin() -> (RunningSandbox, BwClient) {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let session = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let client = session
        .typed_client(&sandbox, "00000000-0000-4000-8000-0000000071e5")
        .unwrap();
    (sandbox, client)
}

/// The provider id and the first client of its list (ProviderOrganization
/// id, org id, name).
async fn first_client(client: &BwClient) -> (String, String, String, String) {
    let profile = client.profile().await.unwrap().value;
    let provider = profile.providers[0].id.clone();
    let clients = client.provider_clients(&provider).await.unwrap();
    let Raw { value: row, .. } = clients
        .into_iter()
        .find(|c| c.value.organization_name == "My Client's Organization")
        .unwrap();
    (provider, row.id, row.organization_id, row.organization_name)
}

/// A real EncString from the org (any will do where the server only checks
/// the format).
async fn enc_string(client: &BwClient, org: &str) -> String {
    client.collection_details(org).await.unwrap()[0]
        .value
        .name
        .clone()
}

#[tokio::test]
async fn member_routes() {
    let (_sandbox, client) = admin().await;
    let (_, _, org, _) = first_client(&client).await;
    let invite = |email: &str| MemberInviteRequest {
        emails: vec![email.into()],
        member_type: 2,
        ..MemberInviteRequest::default()
    };
    client
        .invite_members(&org, &invite("typed-1@example.com"))
        .await
        .unwrap();
    client
        .invite_members(&org, &invite("typed-2@example.com"))
        .await
        .unwrap();
    let find = |members: &[Raw<bw_api::wire::members::OrganizationUserDetails>], email: &str| {
        members
            .iter()
            .find(|m| m.value.email.as_deref() == Some(email))
            .map(|m| m.value.clone())
    };
    let members = client.members(&org).await.unwrap();
    let one = find(&members, "typed-1@example.com").unwrap();
    let two = find(&members, "typed-2@example.com").unwrap();
    assert_eq!((one.status, one.member_type), (0, 2));

    client.reinvite_member(&org, &one.id).await.unwrap();
    let results = client
        .reinvite_members(&org, &[one.id.clone(), two.id.clone()])
        .await
        .unwrap();
    assert!(results.iter().all(|r| r.succeeded()), "{results:?}");

    let collection = client.collection_details(&org).await.unwrap()[0]
        .value
        .id
        .clone();
    let update = MemberUpdateRequest {
        member_type: 1,
        permissions: None,
        collections: vec![Selection {
            id: collection.clone(),
            read_only: true,
            ..Selection::default()
        }],
        groups: Vec::new(),
        access_secrets_manager: false,
    };
    client.update_member(&org, &one.id, &update).await.unwrap();
    let updated = client.member(&org, &one.id).await.unwrap().value;
    assert_eq!(updated.member_type, 1);
    let with_access = find(&client.members(&org).await.unwrap(), "typed-1@example.com").unwrap();
    assert_eq!(with_access.collections[0].id, collection);

    client.revoke_member(&org, &one.id).await.unwrap();
    assert_eq!(client.member(&org, &one.id).await.unwrap().value.status, -1);
    client
        .restore_member(&org, &one.id, &RestoreRequest::default())
        .await
        .unwrap();
    assert_eq!(client.member(&org, &one.id).await.unwrap().value.status, 0);

    let ids = [one.id.clone(), two.id.clone()];
    let revoked = client.revoke_members(&org, &ids).await.unwrap();
    assert!(revoked.iter().all(|r| r.succeeded()), "{revoked:?}");
    let restored = client
        .restore_members(
            &org,
            &BulkRestoreRequest {
                ids: ids.to_vec(),
                default_user_collection_name: None,
            },
        )
        .await
        .unwrap();
    assert!(restored.iter().all(|r| r.succeeded()), "{restored:?}");

    // Public keys are answered only for accepted members: none here.
    assert!(
        client
            .member_public_keys(&org, &ids)
            .await
            .unwrap()
            .is_empty()
    );

    client.remove_member(&org, &one.id).await.unwrap();
    let removed = client
        .remove_members(&org, std::slice::from_ref(&two.id))
        .await
        .unwrap();
    assert!(removed[0].succeeded(), "{removed:?}");
    let members = client.members(&org).await.unwrap();
    assert!(find(&members, "typed-1@example.com").is_none());
    assert!(find(&members, "typed-2@example.com").is_none());
}

#[tokio::test]
async fn group_and_collection_routes() {
    let (_sandbox, client) = admin().await;
    let (_, _, org, _) = first_client(&client).await;
    let collections = client.collection_details(&org).await.unwrap();
    let collection = collections[0].value.clone();
    let member = client.members(&org).await.unwrap()[0].value.id.clone();

    let mut request = GroupRequest {
        name: "Typed group".into(),
        external_id: None,
        collections: vec![Selection {
            id: collection.id.clone(),
            manage: true,
            ..Selection::default()
        }],
        users: vec![member.clone()],
    };
    let group = client.create_group(&org, &request).await.unwrap();
    assert_eq!(group.name, "Typed group");
    assert_eq!(
        client.group_users(&org, &group.id).await.unwrap(),
        std::slice::from_ref(&member)
    );
    request.name = "Typed group, renamed".into();
    client
        .update_group(&org, &group.id, &request)
        .await
        .unwrap();
    let details = client.group_details(&org).await.unwrap();
    let stored = details.iter().find(|g| g.value.id == group.id).unwrap();
    assert_eq!(stored.value.name, "Typed group, renamed");
    assert_eq!(
        stored.value.collections.as_ref().unwrap()[0].id,
        collection.id
    );
    let second = client.create_group(&org, &request).await.unwrap();
    client.delete_group(&org, &group.id).await.unwrap();
    let rest = [second.id.clone()];
    client.delete_groups(&org, &rest).await.unwrap();
    let left = client.groups(&org).await.unwrap();
    assert!(
        left.iter()
            .all(|g| g.value.id != group.id && g.value.id != second.id)
    );

    let new = CollectionRequest {
        name: collection.name.clone(),
        external_id: None,
        groups: Vec::new(),
        users: vec![Selection {
            id: member.clone(),
            read_only: true,
            ..Selection::default()
        }],
    };
    let created = client.create_collection(&org, &new).await.unwrap();
    client
        .update_collection(&org, &created.id, &new)
        .await
        .unwrap();
    let other = client.create_collection(&org, &new).await.unwrap();
    client
        .collections_bulk_access(
            &org,
            &BulkCollectionAccessRequest {
                collection_ids: vec![created.id.clone(), other.id.clone()],
                groups: Vec::new(),
                users: vec![Selection {
                    id: member.clone(),
                    hide_passwords: true,
                    ..Selection::default()
                }],
            },
        )
        .await
        .unwrap();
    client.delete_collection(&org, &created.id).await.unwrap();
    let rest = [other.id.clone()];
    client.delete_collections(&org, &rest).await.unwrap();
    assert_eq!(
        client.collection_details(&org).await.unwrap().len(),
        collections.len()
    );
}

#[tokio::test]
async fn item_routes_as_a_member_of_the_direct_org() {
    let (_sandbox, client) = admin().await;
    let profile = client.profile().await.unwrap().value;
    let org = profile
        .organizations
        .iter()
        .find(|o| o.name == DEMO_DIRECT_ORG_NAME)
        .unwrap()
        .id
        .clone();
    let name = enc_string(&client, &org).await;
    let collections: Vec<String> = client
        .collection_details(&org)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.value.id)
        .collect();
    let cipher = CipherRequest {
        cipher_type: 2,
        organization_id: Some(org.clone()),
        name,
        secure_note: Some(SecureNote::default()),
        ..CipherRequest::default()
    };
    let created = client
        .create_cipher(&CipherCreateRequest {
            cipher: cipher.clone(),
            collection_ids: vec![collections[0].clone()],
        })
        .await
        .unwrap();
    assert_eq!(created.collection_ids, collections[..1]);
    let updated = client.update_cipher(&created.id, &cipher).await.unwrap();
    assert_eq!(updated.cipher_type, 2);
    client.soft_delete_cipher(&created.id).await.unwrap();
    let restored = client.restore_cipher(&created.id).await.unwrap();
    assert!(restored.deleted_date.is_none());
    client
        .update_cipher_collections_admin(&created.id, &collections[..2])
        .await
        .unwrap();
    let listed = client.organization_ciphers(&org).await.unwrap();
    let item = listed.iter().find(|c| c.value.id == created.id).unwrap();
    assert_eq!(item.value.collection_ids.len(), 2);
    client.delete_cipher(&created.id).await.unwrap();
    let left = client.organization_ciphers(&org).await.unwrap();
    assert!(left.iter().all(|c| c.value.id != created.id));
}

#[tokio::test]
async fn send_policy_billing_event_and_provider_routes() {
    let (_sandbox, client) = admin().await;
    let (provider, provider_org, org, name) = first_client(&client).await;
    let enc = enc_string(&client, &org).await;
    let deletion = date_from_now(chrono::Duration::days(7));

    let text = SendRequest {
        send_type: 0,
        name: Some(enc.clone()),
        key: enc.clone(),
        text: Some(SendText {
            text: Some(enc.clone()),
            hidden: false,
        }),
        deletion_date: deletion.clone(),
        ..SendRequest::default()
    };
    let send = client.create_text_send(&text).await.unwrap();
    assert!(!send.access_id.is_empty());
    let again = client.update_send(&send.id, &text).await.unwrap();
    assert_eq!(again.id, send.id);
    let access = client.access_send(&send.access_id, None).await.unwrap();
    assert_eq!(access.send_type, 0);
    let file = SendRequest {
        send_type: 1,
        name: Some(enc.clone()),
        key: enc.clone(),
        file: Some(SendFileRequest {
            file_name: enc.clone(),
        }),
        file_length: Some(5),
        deletion_date: deletion,
        ..SendRequest::default()
    };
    let upload = client.create_file_send(&file).await.unwrap();
    client
        .upload_send_file(&upload, &enc, b"12345")
        .await
        .unwrap();
    assert_eq!(client.sends().await.unwrap().len(), 2);
    client.delete_send(&send.id).await.unwrap();
    client.delete_send(&upload.send_response.id).await.unwrap();
    assert!(client.sends().await.unwrap().is_empty());

    let policy = client
        .update_policy(
            &org,
            0,
            &PolicyRequest {
                enabled: true,
                data: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((policy.policy_type, policy.enabled), (0, true));
    assert!(
        client
            .policies(&org)
            .await
            .unwrap()
            .iter()
            .any(|p| p.value.policy_type == 0 && p.value.enabled)
    );

    let row = client
        .provider_clients(&provider)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.value.id == provider_org)
        .unwrap()
        .value;
    let seats = row.seats.unwrap();
    client
        .update_client(
            &provider,
            &provider_org,
            &UpdateClientRequest {
                assigned_seats: seats + 1,
                name: name.clone(),
            },
        )
        .await
        .unwrap();
    let subscription = client.organization_subscription(&org).await.unwrap();
    assert_eq!(subscription.value.seats, Some(seats + 1));
    assert!(subscription.raw.get().starts_with('{'));

    let plans = client.provider_subscription(&provider).await.unwrap();
    assert!(!plans.plans.is_empty());
    let invoices = client.provider_invoices(&provider).await.unwrap();
    if let Some(invoice) = invoices.invoices.first() {
        let csv = client
            .provider_invoice_csv(&provider, &invoice.id)
            .await
            .unwrap();
        assert!(!csv.is_empty());
    }
    let address = BillingAddress {
        country: "NL".into(),
        postal_code: "1011 AB".into(),
        line1: Some("Dam 1".into()),
        ..BillingAddress::default()
    };
    client
        .update_provider_billing_address(&provider, &address)
        .await
        .unwrap();
    assert_eq!(
        client
            .provider_billing_address(&provider)
            .await
            .unwrap()
            .line1,
        address.line1
    );

    // The server refuses ranges over 367 days.
    let (start, end) = (
        date_from_now(-chrono::Duration::days(300)),
        date_from_now(chrono::Duration::days(1)),
    );
    let range = EventRange {
        start: &start,
        end: &end,
        continuation: None,
    };
    assert!(
        !client
            .organization_events(&org, range)
            .await
            .unwrap()
            .events
            .is_empty()
    );
    client.provider_events(&provider, range).await.unwrap();

    client
        .invite_provider_users(
            &provider,
            &ProviderUserInviteRequest {
                emails: vec!["typed-tech@example.com".into()],
                user_type: 1,
            },
        )
        .await
        .unwrap();
    let invited = client
        .provider_users(&provider)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.value.email.as_deref() == Some("typed-tech@example.com"))
        .unwrap()
        .value;
    client
        .reinvite_provider_user(&provider, &invited.id)
        .await
        .unwrap();
    client
        .update_provider_user_type(&provider, &invited.id, 0)
        .await
        .unwrap();
    client
        .remove_provider_user(&provider, &invited.id)
        .await
        .unwrap();
    let left = client.provider_users(&provider).await.unwrap();
    assert!(left.iter().all(|u| u.value.id != invited.id));
}
