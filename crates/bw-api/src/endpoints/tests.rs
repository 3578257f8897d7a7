//! Each typed route against a scripted server: the method, the path and the
//! exact JSON body it sends, what it makes of the answer, and the fallbacks
//! to older routes.

use crate::client::test_server::{Reply, Seen, Server, json, signed_in};
use crate::client::tokens::unix_now;
use crate::client::{ApiError, BwClient};
use crate::wire::billing::{BillingAddress, SubscriptionUpdateRequest};
use crate::wire::ciphers::{CipherCreateRequest, CipherRequest};
use crate::wire::clients::{
    AddExistingClientRequest, ClientKeyPair, CreateClientRequest, UpdateClientRequest,
};
use crate::wire::collections::{BulkCollectionAccessRequest, CollectionRequest};
use crate::wire::events::EventRange;
use crate::wire::groups::GroupRequest;
use crate::wire::members::{
    BulkRestoreRequest, MemberInviteRequest, MemberUpdateRequest, RecoverAccountRequest,
    ResetPasswordEnrollmentRequest, RestoreRequest,
};
use crate::wire::policies::PolicyRequest;
use crate::wire::providers::ProviderUserInviteRequest;
use crate::wire::sends::{SendFileRequest, SendRequest, SendText};
use crate::wire::{BulkConfirmRequest, ConfirmRequest, IdKey, Selection};
use serde_json::{Value, json};
use std::sync::Mutex;

const BULK: &str = r#"{"object":"list","data":[{"object":"OrganizationBulkConfirmResponseModel","id":"m1","error":""}]}"#;
const CIPHER: &str = r#"{"object":"cipherDetails","id":"i1","type":1,"collectionIds":["c1"]}"#;
const SEND: &str = r#"{"object":"send","id":"s1","accessId":"acc","type":0,"key":"2.k"}"#;

/// A client signed in to a server that answers with `handler`.
async fn scripted(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> (Server, BwClient) {
    let server = Server::start(handler).await;
    let client = server.client();
    signed_in(&client, "a", unix_now() + 3600);
    (server, client)
}

/// A client signed in to a server that answers every request with `answer`.
async fn serve(answer: &'static str) -> (Server, BwClient) {
    scripted(move |_| json("200 OK", answer)).await
}

/// The one request the server saw: method, path (with query) and body.
fn only(server: &Server) -> (String, String, Value) {
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    request(&seen[0])
}

fn request(seen: &Seen) -> (String, String, Value) {
    let body = if seen.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&seen.body).unwrap()
    };
    (seen.method.clone(), seen.path.clone(), body)
}

fn sent(method: &str, path: &str, body: Value) -> (String, String, Value) {
    (method.to_owned(), path.to_owned(), body)
}

/// Every request the server saw, in order: `METHOD path` and the body.
fn requests(server: &Server) -> Vec<(String, Value)> {
    let seen = server.seen();
    let requests = seen.iter().map(request);
    requests
        .map(|(method, path, body)| (format!("{method} {path}"), body))
        .collect()
}

/// Asserts the requests the server saw, in order: `METHOD path` and body.
fn assert_saw(server: &Server, want: &[(&str, Value)]) {
    let want: Vec<(String, Value)> = want
        .iter()
        .map(|(line, body)| (line.to_string(), body.clone()))
        .collect();
    assert_eq!(requests(server), want);
}

fn can_edit(id: &str) -> Selection {
    Selection {
        id: id.into(),
        ..Selection::default()
    }
}

#[tokio::test]
async fn the_profile_comes_from_accounts_profile_with_its_raw_json() {
    let (server, client) = serve(
        r#"{"object":"profile","id":"u1","organizations":[],"providers":[{"id":"p1","key":"4.p","type":0,"status":2,"extra":1}],"providerOrganizations":[]}"#,
    )
    .await;
    let profile = client.profile().await.unwrap();
    assert_eq!(
        only(&server),
        sent("GET", "/api/accounts/profile", Value::Null)
    );
    assert_eq!(profile.value.providers[0].key.as_deref(), Some("4.p"));
    let raw: Value = serde_json::from_str(profile.raw.get()).unwrap();
    assert_eq!(raw["providers"][0]["extra"], 1);
}

#[tokio::test]
async fn a_profile_without_its_lists_is_an_error() {
    let (_server, client) = serve(r#"{"object":"profile","id":"u1"}"#).await;
    match client.profile().await {
        Err(ApiError::Decode { what, .. }) => assert_eq!(what, "accounts/profile"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn reads_build_their_paths_and_queries() {
    let (server, client) = serve(r#"{"object":"list","data":[]}"#).await;
    client.members("o1").await.unwrap();
    client.organization_ciphers("o1").await.unwrap();
    client.collection_details("o1").await.unwrap();
    client.groups("o1").await.unwrap();
    client.policies("o1").await.unwrap();
    client.provider_clients("p1").await.unwrap();
    client
        .organization_events(
            "o1",
            EventRange {
                start: "2026-01-01T00:00:00Z",
                end: "2026-02-01T00:00:00Z",
                continuation: Some("a b&c"),
            },
        )
        .await
        .unwrap();
    let paths: Vec<String> = server.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/api/organizations/o1/users?includeGroups=true&includeCollections=true",
            "/api/ciphers/organization-details?organizationId=o1",
            "/api/organizations/o1/collections/details",
            "/api/organizations/o1/groups",
            "/api/organizations/o1/policies",
            "/api/providers/p1/organizations",
            "/api/organizations/o1/events?start=2026-01-01T00%3A00%3A00Z&end=2026-02-01T00%3A00%3A00Z&continuationToken=a+b%26c",
        ]
    );
}

#[tokio::test]
async fn an_id_cannot_reach_another_route() {
    let (server, client) = serve(r#"{"object":"list","data":[]}"#).await;
    client.members("a/../b?x=1").await.unwrap();
    assert_eq!(
        only(&server).1,
        "/api/organizations/a%2F..%2Fb%3Fx=1/users?includeGroups=true&includeCollections=true"
    );
    for bad in ["", ".", ".."] {
        assert!(matches!(
            client.members(bad).await,
            Err(ApiError::InvalidUrl(_))
        ));
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn client_writes_send_the_contract_bodies() {
    let (server, client) = serve("").await;
    let create = CreateClientRequest {
        name: "Acme".into(),
        owner_email: "it@acme.example".into(),
        plan_type: 19,
        seats: 10,
        key: "2.k".into(),
        key_pair: ClientKeyPair {
            public_key: "MIIB".into(),
            encrypted_private_key: "2.p".into(),
        },
        collection_name: "2.c".into(),
    };
    client.create_client("p1", &create).await.unwrap();
    let update = UpdateClientRequest {
        assigned_seats: 15,
        name: "Acme".into(),
    };
    client.update_client("p1", "po1", &update).await.unwrap();
    let add = AddExistingClientRequest {
        organization_id: "o9".into(),
        key: "2.k".into(),
    };
    client.add_existing_client("p1", &add).await.unwrap();
    client.remove_client("p1", "po1").await.unwrap();
    assert_saw(
        &server,
        &[
            (
                "POST /api/providers/p1/clients",
                json!({"name": "Acme", "ownerEmail": "it@acme.example", "planType": 19, "seats": 10,
                    "key": "2.k", "keyPair": {"publicKey": "MIIB", "encryptedPrivateKey": "2.p"},
                    "collectionName": "2.c"}),
            ),
            (
                "PUT /api/providers/p1/clients/po1",
                json!({"assignedSeats": 15, "name": "Acme"}),
            ),
            (
                "POST /api/providers/p1/clients/existing",
                json!({"organizationId": "o9", "key": "2.k"}),
            ),
            ("DELETE /api/providers/p1/organizations/po1", Value::Null),
        ],
    );
}

#[tokio::test]
async fn member_writes_send_the_contract_bodies() {
    // Writes answered with nothing.
    let (server, client) = serve("").await;
    let invite = MemberInviteRequest {
        emails: vec!["bob@acme.example".into()],
        member_type: 2,
        access_secrets_manager: false,
        permissions: None,
        collections: vec![can_edit("c1")],
        groups: vec!["g1".into()],
    };
    client.invite_members("o1", &invite).await.unwrap();
    client.reinvite_member("o1", "m1").await.unwrap();
    let confirm = ConfirmRequest {
        key: "4.k".into(),
        default_user_collection_name: None,
    };
    client.confirm_member("o1", "m1", &confirm).await.unwrap();
    let update = MemberUpdateRequest {
        member_type: 1,
        permissions: None,
        collections: vec![can_edit("c1")],
        groups: Vec::new(),
        access_secrets_manager: false,
    };
    client.update_member("o1", "m1", &update).await.unwrap();
    client.revoke_member("o1", "m1").await.unwrap();
    let restore = RestoreRequest {
        default_user_collection_name: Some("2.my".into()),
    };
    client.restore_member("o1", "m1", &restore).await.unwrap();
    client.remove_member("o1", "m1").await.unwrap();
    assert_saw(
        &server,
        &[
            (
                "POST /api/organizations/o1/users/invite",
                json!({"emails": ["bob@acme.example"], "type": 2, "accessSecretsManager": false,
                    "collections": [{"id": "c1", "readOnly": false, "hidePasswords": false, "manage": false}],
                    "groups": ["g1"]}),
            ),
            ("POST /api/organizations/o1/users/m1/reinvite", Value::Null),
            (
                "POST /api/organizations/o1/users/m1/confirm",
                json!({"key": "4.k"}),
            ),
            (
                "PUT /api/organizations/o1/users/m1",
                json!({"type": 1,
                    "collections": [{"id": "c1", "readOnly": false, "hidePasswords": false, "manage": false}],
                    "groups": [], "accessSecretsManager": false}),
            ),
            ("PUT /api/organizations/o1/users/m1/revoke", Value::Null),
            (
                "PUT /api/organizations/o1/users/m1/restore/vnext",
                json!({"defaultUserCollectionName": "2.my"}),
            ),
            ("DELETE /api/organizations/o1/users/m1", Value::Null),
        ],
    );

    // Bulk writes, answered with a result per member.
    let (server, client) = serve(BULK).await;
    let ids = ["m1".to_owned()];
    let results = client.reinvite_members("o1", &ids).await.unwrap();
    assert!(results[0].succeeded());
    let bulk = BulkConfirmRequest {
        keys: vec![IdKey {
            id: "m1".into(),
            key: "4.k".into(),
        }],
        default_user_collection_name: Some("2.my".into()),
    };
    client.confirm_members("o1", &bulk).await.unwrap();
    client.revoke_members("o1", &ids).await.unwrap();
    let bulk_restore = BulkRestoreRequest {
        ids: ids.to_vec(),
        default_user_collection_name: None,
    };
    client.restore_members("o1", &bulk_restore).await.unwrap();
    client.remove_members("o1", &ids).await.unwrap();
    let m1 = || json!({"ids": ["m1"]});
    assert_saw(
        &server,
        &[
            ("POST /api/organizations/o1/users/reinvite", m1()),
            (
                "POST /api/organizations/o1/users/confirm",
                json!({"keys": [{"id": "m1", "key": "4.k"}], "defaultUserCollectionName": "2.my"}),
            ),
            ("PUT /api/organizations/o1/users/revoke", m1()),
            ("PUT /api/organizations/o1/users/restore", m1()),
            ("DELETE /api/organizations/o1/users", m1()),
        ],
    );

    let (server, client) = serve(
        r#"{"object":"list","data":[{"object":"organizationUserPublicKeyResponseModel","id":"m1","userId":"u1","key":"MIIB"}]}"#,
    )
    .await;
    let keys = client.member_public_keys("o1", &ids).await.unwrap();
    assert_eq!(
        (keys[0].user_id.as_str(), keys[0].key.as_str()),
        ("u1", "MIIB")
    );
    assert_eq!(
        only(&server),
        sent("POST", "/api/organizations/o1/users/public-keys", m1())
    );
}

#[tokio::test]
async fn an_invite_of_too_many_or_no_addresses_is_refused_before_sending() {
    let (server, client) = serve("").await;
    for count in [0, 21] {
        let invite = MemberInviteRequest {
            emails: (0..count).map(|i| format!("u{i}@x.example")).collect(),
            member_type: 2,
            ..MemberInviteRequest::default()
        };
        assert!(matches!(
            client.invite_members("o1", &invite).await,
            Err(ApiError::Unsupported(_))
        ));
        let providers = ProviderUserInviteRequest {
            emails: invite.emails.clone(),
            user_type: 1,
        };
        assert!(
            client
                .invite_provider_users("p1", &providers)
                .await
                .is_err()
        );
    }
    assert!(server.seen().is_empty());
}

/// A server that answers `missing` (status line) to paths ending in
/// `missing_suffix` and 200 empty to the rest.
async fn without(missing_suffix: &'static str, missing: &'static str) -> (Server, BwClient) {
    scripted(move |seen: &Seen| {
        if seen.path.ends_with(missing_suffix) {
            json(missing, "")
        } else {
            json("200 OK", "")
        }
    })
    .await
}

#[tokio::test]
async fn restore_falls_back_to_the_older_route_on_404_or_405() {
    for status in ["404 Not Found", "405 Method Not Allowed"] {
        let (server, client) = without("/vnext", status).await;
        client
            .restore_member("o1", "m1", &RestoreRequest::default())
            .await
            .unwrap();
        let seen: Vec<_> = server.seen().iter().map(request).collect();
        assert_eq!(
            seen,
            [
                sent(
                    "PUT",
                    "/api/organizations/o1/users/m1/restore/vnext",
                    json!({})
                ),
                sent("PUT", "/api/organizations/o1/users/m1/restore", Value::Null),
            ],
            "{status}"
        );
    }
    // Refused on both: the first answer is the one reported.
    let (_server, client) = scripted(|_| {
        json(
            "404 Not Found",
            r#"{"object":"error","message":"User not found."}"#,
        )
    })
    .await;
    match client
        .restore_member("o1", "m1", &RestoreRequest::default())
        .await
    {
        Err(ApiError::NotFound(message)) => assert_eq!(message, "User not found."),
        other => panic!("{other:?}"),
    }
    // Any other failure is not retried elsewhere.
    let (server, client) = without("/vnext", "400 Bad Request").await;
    assert!(
        client
            .restore_member("o1", "m1", &RestoreRequest::default())
            .await
            .is_err()
    );
    assert_eq!(server.seen().len(), 1);
}

fn recovery<'a>(legacy: bool) -> RecoverAccountRequest<'a> {
    RecoverAccountRequest {
        reset_master_password: true,
        reset_two_factor: false,
        new_master_password_hash: legacy.then_some("hash"),
        key: legacy.then_some("2.k"),
        authentication_data: None,
        unlock_data: None,
    }
}

#[tokio::test]
async fn account_recovery_uses_recover_account_then_reset_password() {
    let (server, client) = serve("").await;
    client
        .recover_account("o1", "m1", &recovery(true))
        .await
        .unwrap();
    let enroll = ResetPasswordEnrollmentRequest {
        reset_password_key: Some("4.r"),
        master_password_hash: "hash",
    };
    client
        .enroll_account_recovery("o1", "u1", &enroll)
        .await
        .unwrap();
    assert_saw(
        &server,
        &[
            (
                "PUT /api/organizations/o1/users/m1/recover-account",
                json!({"resetMasterPassword": true, "resetTwoFactor": false,
                    "newMasterPasswordHash": "hash", "key": "2.k"}),
            ),
            (
                "PUT /api/organizations/o1/users/u1/reset-password-enrollment",
                json!({"resetPasswordKey": "4.r", "masterPasswordHash": "hash"}),
            ),
        ],
    );

    let (server, client) = without("/recover-account", "405 Method Not Allowed").await;
    client
        .recover_account("o1", "m1", &recovery(true))
        .await
        .unwrap();
    let seen: Vec<_> = server.seen().iter().map(request).collect();
    assert_eq!(
        seen[1],
        sent(
            "PUT",
            "/api/organizations/o1/users/m1/reset-password",
            json!({"newMasterPasswordHash": "hash", "key": "2.k"})
        )
    );

    // Without the legacy pair the older route cannot help.
    let (server, client) = without("/recover-account", "404 Not Found").await;
    assert!(matches!(
        client.recover_account("o1", "m1", &recovery(false)).await,
        Err(ApiError::NotFound(_))
    ));
    assert_eq!(server.seen().len(), 1);

    let (server, client) = serve(
        r#"{"object":"list","data":[{"object":"organizationUserResetPasswordDetails","organizationUserId":"m1","kdf":0,"kdfIterations":600000,"resetPasswordKey":"4.r","encryptedPrivateKey":"2.p"}]}"#,
    )
    .await;
    let details = client
        .account_recovery_details_of("o1", &["m1".into()])
        .await
        .unwrap();
    assert_eq!(details[0].kdf_iterations, 600_000);
    assert_eq!(
        only(&server),
        sent(
            "POST",
            "/api/organizations/o1/users/account-recovery-details",
            json!({"ids": ["m1"]})
        )
    );
}

#[tokio::test]
async fn provider_user_writes_send_the_contract_bodies() {
    let invite = ProviderUserInviteRequest {
        emails: vec!["a@x.example".into()],
        user_type: 1,
    };
    let (server, client) = serve("").await;
    client.invite_provider_users("p1", &invite).await.unwrap();
    client.reinvite_provider_user("p1", "pu1").await.unwrap();
    client
        .confirm_provider_user("p1", "pu1", "4.k")
        .await
        .unwrap();
    client
        .update_provider_user_type("p1", "pu1", 0)
        .await
        .unwrap();
    client.remove_provider_user("p1", "pu1").await.unwrap();
    assert_saw(
        &server,
        &[
            (
                "POST /api/providers/p1/users/invite",
                json!({"emails": ["a@x.example"], "type": 1}),
            ),
            ("POST /api/providers/p1/users/pu1/reinvite", Value::Null),
            (
                "POST /api/providers/p1/users/pu1/confirm",
                json!({"key": "4.k"}),
            ),
            ("PUT /api/providers/p1/users/pu1", json!({"type": 0})),
            ("DELETE /api/providers/p1/users/pu1", Value::Null),
        ],
    );

    // Bulk writes, answered with a result per user.
    let pu1 = || json!({"ids": ["pu1"]});
    let ids = ["pu1".to_owned()];
    let (server, client) = serve(BULK).await;
    client.reinvite_provider_users("p1", &ids).await.unwrap();
    let keys = [IdKey {
        id: "pu1".into(),
        key: "4.k".into(),
    }];
    client.confirm_provider_users("p1", &keys).await.unwrap();
    client.remove_provider_users("p1", &ids).await.unwrap();
    assert_saw(
        &server,
        &[
            ("POST /api/providers/p1/users/reinvite", pu1()),
            (
                "POST /api/providers/p1/users/confirm",
                json!({"keys": [{"id": "pu1", "key": "4.k"}]}),
            ),
            ("DELETE /api/providers/p1/users", pu1()),
        ],
    );

    let (server, client) = serve(r#"{"object":"list","data":[]}"#).await;
    client.provider_user_public_keys("p1", &ids).await.unwrap();
    assert_eq!(
        only(&server),
        sent("POST", "/api/providers/p1/users/public-keys", pu1())
    );
}

#[tokio::test]
async fn group_and_collection_writes_send_the_contract_bodies() {
    let group_answer = r#"{"object":"group","id":"g1","organizationId":"o1","name":"Support"}"#;
    let request = GroupRequest {
        name: "Support".into(),
        external_id: None,
        collections: vec![can_edit("c1")],
        users: vec!["m1".into()],
    };
    let group_body = json!({"name": "Support",
        "collections": [{"id": "c1", "readOnly": false, "hidePasswords": false, "manage": false}],
        "users": ["m1"]});
    let (server, client) = serve(group_answer).await;
    assert_eq!(client.create_group("o1", &request).await.unwrap().id, "g1");
    client.update_group("o1", "g1", &request).await.unwrap();
    assert_saw(
        &server,
        &[
            ("POST /api/organizations/o1/groups", group_body.clone()),
            ("PUT /api/organizations/o1/groups/g1", group_body),
        ],
    );
    let (server, client) = serve(r#"["m1","m2"]"#).await;
    assert_eq!(client.group_users("o1", "g1").await.unwrap(), ["m1", "m2"]);
    assert_eq!(only(&server).1, "/api/organizations/o1/groups/g1/users");

    let collection_answer =
        r#"{"object":"collectionAccessDetails","id":"c1","organizationId":"o1","name":"2.n"}"#;
    let collection = CollectionRequest {
        name: "2.n".into(),
        external_id: None,
        groups: vec![can_edit("g1")],
        users: Vec::new(),
    };
    let collection_body = json!({"name": "2.n", "externalId": null,
        "groups": [{"id": "g1", "readOnly": false, "hidePasswords": false, "manage": false}],
        "users": []});
    let (server, client) = serve(collection_answer).await;
    let created = client.create_collection("o1", &collection).await.unwrap();
    let updated = client.update_collection("o1", "c1", &collection).await;
    assert_eq!(
        (created.id.as_str(), updated.unwrap().id.as_str()),
        ("c1", "c1")
    );
    assert_saw(
        &server,
        &[
            (
                "POST /api/organizations/o1/collections",
                collection_body.clone(),
            ),
            ("PUT /api/organizations/o1/collections/c1", collection_body),
        ],
    );

    // Deletes and access changes, answered with nothing.
    let (server, client) = serve("").await;
    client.delete_group("o1", "g1").await.unwrap();
    client.delete_groups("o1", &["g1".into()]).await.unwrap();
    client.delete_collection("o1", "c1").await.unwrap();
    client
        .delete_collections("o1", &["c1".into()])
        .await
        .unwrap();
    let access = BulkCollectionAccessRequest {
        collection_ids: vec!["c1".into()],
        groups: Vec::new(),
        users: vec![can_edit("m1")],
    };
    client.collections_bulk_access("o1", &access).await.unwrap();
    assert_saw(
        &server,
        &[
            ("DELETE /api/organizations/o1/groups/g1", Value::Null),
            (
                "DELETE /api/organizations/o1/groups",
                json!({"ids": ["g1"]}),
            ),
            ("DELETE /api/organizations/o1/collections/c1", Value::Null),
            (
                "DELETE /api/organizations/o1/collections",
                json!({"ids": ["c1"]}),
            ),
            (
                "POST /api/organizations/o1/collections/bulk-access",
                json!({"collectionIds": ["c1"], "groups": [],
                    "users": [{"id": "m1", "readOnly": false, "hidePasswords": false, "manage": false}]}),
            ),
        ],
    );
}

#[tokio::test]
async fn cipher_writes_send_the_contract_bodies() {
    let cipher = CipherRequest {
        organization_id: Some("o1".into()),
        cipher_type: 2,
        name: "2.n".into(),
        ..CipherRequest::default()
    };
    let cipher_json = serde_json::to_value(&cipher).unwrap();
    assert_eq!(cipher_json["type"], 2);
    assert_eq!(cipher_json["organizationId"], "o1");
    let (server, client) = serve(CIPHER).await;
    let created = client
        .create_cipher(&CipherCreateRequest {
            cipher: cipher.clone(),
            collection_ids: vec!["c1".into()],
        })
        .await
        .unwrap();
    assert_eq!(created.collection_ids, ["c1"]);
    client.update_cipher("i1", &cipher).await.unwrap();
    client.restore_cipher("i1").await.unwrap();
    assert_saw(
        &server,
        &[
            (
                "POST /api/ciphers/create",
                json!({"cipher": cipher_json.clone(), "collectionIds": ["c1"]}),
            ),
            ("PUT /api/ciphers/i1", cipher_json),
            ("PUT /api/ciphers/i1/restore", Value::Null),
        ],
    );
    let (server, client) = serve("").await;
    client.soft_delete_cipher("i1").await.unwrap();
    client.delete_cipher("i1").await.unwrap();
    let c1 = ["c1".to_owned()];
    client.update_cipher_collections("i1", &c1).await.unwrap();
    client
        .update_cipher_collections_admin("i1", &c1)
        .await
        .unwrap();
    assert_saw(
        &server,
        &[
            ("PUT /api/ciphers/i1/delete", Value::Null),
            ("DELETE /api/ciphers/i1", Value::Null),
            (
                "PUT /api/ciphers/i1/collections",
                json!({"collectionIds": ["c1"]}),
            ),
            (
                "PUT /api/ciphers/i1/collections-admin",
                json!({"collectionIds": ["c1"]}),
            ),
        ],
    );
}

#[tokio::test]
async fn send_writes_send_the_contract_bodies() {
    let text = SendRequest {
        send_type: 0,
        name: Some("2.n".into()),
        key: "2.k".into(),
        text: Some(SendText {
            text: Some("2.t".into()),
            hidden: true,
        }),
        deletion_date: "2026-09-01T00:00:00Z".into(),
        ..SendRequest::default()
    };
    let text_json = serde_json::to_value(&text).unwrap();
    let (server, client) = serve(SEND).await;
    assert_eq!(client.create_text_send(&text).await.unwrap().id, "s1");
    client.update_send("s1", &text).await.unwrap();
    client.remove_send_password("s1").await.unwrap();
    assert_saw(
        &server,
        &[
            ("POST /api/sends", text_json.clone()),
            ("PUT /api/sends/s1", text_json),
            ("PUT /api/sends/s1/remove-password", Value::Null),
        ],
    );
    let (server, client) = serve("").await;
    client.delete_send("s1").await.unwrap();
    assert_eq!(only(&server), sent("DELETE", "/api/sends/s1", Value::Null));

    let upload = r#"{"object":"send-fileUpload","url":"https://elsewhere.example/x","fileUploadType":0,
        "sendResponse":{"object":"send","id":"s2","type":1,"key":"2.k","file":{"id":"f1","fileName":"2.f"}}}"#;
    let file = SendRequest {
        send_type: 1,
        key: "2.k".into(),
        file: Some(SendFileRequest {
            file_name: "2.f".into(),
        }),
        file_length: Some(5),
        deletion_date: "2026-09-01T00:00:00Z".into(),
        ..SendRequest::default()
    };
    let (server, client) = serve(upload).await;
    let created = client.create_file_send(&file).await.unwrap();
    let (method, path, body) = only(&server);
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("POST", "/api/sends/file/v2")
    );
    assert_eq!(body["fileLength"], 5);
    assert_eq!(body["file"], json!({"fileName": "2.f"}));
    // The upload goes to the api host by ids, not to the answer's URL.
    let (server, client) = serve("").await;
    client
        .upload_send_file(&created, "2.f", b"bytes")
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/api/sends/s2/file/f1")
    );
    assert!(seen[0].body.contains("bytes"));

    let (server, client) = serve(r#"{"object":"send-access","id":"acc","type":0}"#).await;
    client.access_send("acc", Some("hash")).await.unwrap();
    let seen = server.seen();
    assert_eq!(
        request(&seen[0]),
        sent("POST", "/api/sends/access/acc", json!({"password": "hash"}))
    );
    assert_eq!(seen[0].authorization, None, "a Send access is anonymous");
}

#[tokio::test]
async fn billing_and_policy_writes_send_the_contract_bodies() {
    let (server, client) = serve(r#"{"success":true,"paymentIntentClientSecret":null}"#).await;
    assert!(
        client
            .adjust_organization_seats("o1", 5)
            .await
            .unwrap()
            .success
    );
    assert_eq!(
        only(&server),
        sent(
            "POST",
            "/api/organizations/o1/seat",
            json!({"seatAdjustment": 5})
        )
    );
    let (server, client) = serve("").await;
    let subscription = SubscriptionUpdateRequest {
        seat_adjustment: 2,
        max_autoscale_seats: None,
    };
    client
        .update_organization_subscription("o1", &subscription)
        .await
        .unwrap();
    let address = BillingAddress {
        country: "US".into(),
        postal_code: "10001".into(),
        ..BillingAddress::default()
    };
    client
        .update_provider_billing_address("p1", &address)
        .await
        .unwrap();
    assert_saw(
        &server,
        &[
            (
                "POST /api/organizations/o1/subscription",
                json!({"seatAdjustment": 2, "maxAutoscaleSeats": null}),
            ),
            (
                "PUT /api/providers/p1/billing/vnext/address",
                json!({"country": "US", "postalCode": "10001", "line1": null, "line2": null,
                    "city": null, "state": null, "taxId": null}),
            ),
        ],
    );
    let (server, client) = scripted(|_| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: 10\r\n\r\na,b\r\n1,2\r\n"
                .to_vec(),
        )
    })
    .await;
    assert_eq!(
        client.provider_invoice_csv("p1", "in_1").await.unwrap(),
        b"a,b\r\n1,2\r\n"
    );
    assert_eq!(only(&server).1, "/api/providers/p1/billing/invoices/in_1");

    let policy_answer = r#"{"object":"policy","id":"x","organizationId":"o1","type":8,"enabled":true,"data":{"autoEnrollEnabled":false}}"#;
    let policy = PolicyRequest {
        enabled: true,
        data: Some(json!({"autoEnrollEnabled": false})),
    };
    let (server, client) = serve(policy_answer).await;
    assert_eq!(
        client
            .update_policy("o1", 8, &policy)
            .await
            .unwrap()
            .policy_type,
        8
    );
    assert_eq!(
        only(&server),
        sent(
            "PUT",
            "/api/organizations/o1/policies/8",
            json!({"policy": {"enabled": true, "data": {"autoEnrollEnabled": false}}})
        )
    );
}

#[tokio::test]
async fn a_server_before_the_wrapped_policy_body_gets_the_bare_one() {
    let answered = Mutex::new(0);
    let (server, client) = scripted(move |_| {
        let mut n = answered.lock().unwrap();
        *n += 1;
        if *n == 1 {
            json(
                "400 Bad Request",
                r#"{"object":"error","message":"The model state is invalid.","validationErrors":{"Enabled":["The Enabled field is required."]}}"#,
            )
        } else {
            json(
                "200 OK",
                r#"{"object":"policy","type":3,"enabled":true}"#,
            )
        }
    })
    .await;
    let policy = PolicyRequest {
        enabled: true,
        data: None,
    };
    client.update_policy("o1", 3, &policy).await.unwrap();
    let seen: Vec<_> = server.seen().iter().map(request).collect();
    assert_eq!(
        seen[0].2,
        json!({"policy": {"enabled": true, "data": null}})
    );
    assert_eq!(seen[1].2, json!({"enabled": true, "data": null}));

    // A refusal of the change itself is not retried in the other shape.
    let (server, client) = scripted(|_| {
        json(
            "400 Bad Request",
            r#"{"object":"error","message":"Turn on the Single organization policy because it is required for the Account recovery administration policy."}"#,
        )
    })
    .await;
    assert!(client.update_policy("o1", 8, &policy).await.is_err());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn bulk_answers_are_checked_as_lists() {
    let (_server, client) = serve(r#"{"object":"list"}"#).await;
    assert!(matches!(
        client.revoke_members("o1", &["m1".into()]).await,
        Err(ApiError::Decode { .. })
    ));
}
