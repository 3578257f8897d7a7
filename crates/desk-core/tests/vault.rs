//! A client's vault items from the snapshot: an item in the trash is listed
//! as trashed (it is not a live item), decrypted like the rest.

mod common;

use bw_sandbox::DEMO_ADMIN_EMAIL;
use common::demo_synced;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_in_the_trash_is_listed_as_trashed() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = common::client_id(&core, bw_sandbox::DEMO_DIRECT_ORG_NAME).await;
    let items = core.items(&org, false).await.unwrap();
    assert!(items.iter().all(|i| i.trashed_at.is_none()), "{items:?}");
    // Another client moves one to the trash.
    common::trash_item(&sandbox, &items[0].id).await;
    common::full_sync(&core).await;
    let items = core.items(&org, false).await.unwrap();
    let trashed: Vec<_> = items.iter().filter(|i| i.trashed_at.is_some()).collect();
    assert_eq!(trashed.len(), 1, "{items:?}");
    assert!(trashed[0].name.is_some(), "still decrypted: {trashed:?}");
}

/// Bitwarden's provider-user rule: a provider user who is not a member of
/// a client may not reach its items. Nothing is sent, the job says why and
/// what to do, and the item is not made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_user_who_is_not_a_member_is_told_to_join_the_client() {
    use desk_core::vault::{Item, ItemInput, item::Login};
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    // A provider client the admin is not a member of, with a collection.
    let mut target = None;
    for client in core.client_views().await.unwrap() {
        let page = core.members_page(&client.organization_id).await.unwrap();
        let member = page
            .members
            .iter()
            .any(|m| m.email.as_deref() == Some(DEMO_ADMIN_EMAIL));
        let collections = core.collections(&client.organization_id).await.unwrap();
        if !member && !collections.is_empty() {
            target = Some((client.organization_id, collections[0].id.clone()));
            break;
        }
    }
    let (org, collection) = target.expect("a provider client without the admin as member");
    sandbox.set_provider_items_rule(true);
    let before = core.items(&org, false).await.unwrap().len();
    let ops = core
        .item_operations(ItemInput {
            organization_id: org.clone(),
            item_id: None,
            item: Item {
                item_type: 1,
                name: "Needs membership".into(),
                login: Some(Login::default()),
                collection_ids: Some(vec![collection]),
                ..Item::default()
            },
        })
        .await
        .unwrap();
    let submitted = core.submit(ops, true).await.unwrap();
    let error = common::failed_first(&submitted);
    assert_eq!(error.code, desk_core::ErrorCode::Forbidden);
    assert!(
        error.message.contains("invite yourself"),
        "{}",
        error.message
    );
    sandbox.set_provider_items_rule(false);
    common::full_sync(&core).await;
    assert_eq!(core.items(&org, false).await.unwrap().len(), before);
}

/// The Disable Send policy refuses a member's new Send with Bitwarden's
/// sentence; owners and admins are exempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_disable_send_policy_refuses_a_members_send() {
    use desk_core::jobs::JobStatus;
    use desk_core::sends::SendInput;
    let (sandbox, dir, admin) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = common::client_id(&admin, bw_sandbox::DEMO_DIRECT_ORG_NAME).await;
    let token = common::admin_token(&sandbox).await;
    let put = sandbox
        .send(
            "PUT",
            &format!("/api/organizations/{org}/policies/6"),
            Some(&token),
            Some(serde_json::json!({"enabled": true, "data": null})),
        )
        .await;
    assert!(put.status.is_success(), "{}", put.status);
    let input = || SendInput {
        send_id: None,
        name: "Door code".into(),
        notes: None,
        text: Some("2468".into()),
        hidden: false,
        file: None,
        max_access_count: Some(1),
        expiration_date: None,
        deletion_date: None,
        password: None,
        hide_email: false,
        disabled: false,
    };
    // A plain member of Northwind.
    let alice = common::synced(
        sandbox.url(),
        &dir.path().join("alice"),
        "alice@northwind.example",
    )
    .await;
    let submitted = alice
        .submit(alice.send_operations(input()).await.unwrap(), true)
        .await
        .unwrap();
    let error = common::failed_first(&submitted);
    assert!(
        error
            .message
            .contains("Due to an Enterprise Policy, you are only able to delete an existing Send."),
        "{error:?}"
    );
    assert!(alice.sends(false).await.unwrap().is_empty());
    // The owner is exempt.
    let submitted = admin
        .submit(admin.send_operations(input()).await.unwrap(), true)
        .await
        .unwrap();
    assert_eq!(submitted.jobs[0].status, JobStatus::Done, "{submitted:?}");
}
