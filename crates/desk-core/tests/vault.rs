//! A client's vault items from the snapshot: an item in the trash is listed
//! as trashed (it is not a live item), decrypted like the rest.

mod common;

use bw_sandbox::DEMO_ADMIN_EMAIL;
use common::demo_synced;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_in_the_trash_is_listed_as_trashed() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = core
        .find_client(bw_sandbox::DEMO_DIRECT_ORG_NAME)
        .await
        .unwrap()
        .organization_id;
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
