//! The one write path against a real server: a change prepared offline
//! waits and applies when the server is back (after its conflict check); a
//! change the server overtook is a conflict and overwrites nothing; the dry
//! run stores nothing.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, RunningSandbox, SandboxConfig};
use common::{kept_in, list_only, run_sync, start as start_with, synced, update_input};
use desk_core::ErrorCode;
use desk_core::clients::UpdateClientInput;
use desk_core::core::Core;
use desk_core::jobs::JobStatus;
use tokio_util::sync::CancellationToken;

const CLIENT: &str = "Second Client's Organization";

async fn seats(core: &Core) -> i32 {
    core.find_client(CLIENT)
        .await
        .unwrap()
        .seats
        .assigned
        .unwrap()
}

async fn start(server_dir: &std::path::Path, addr: std::net::SocketAddr) -> RunningSandbox {
    start_with(SandboxConfig {
        addr,
        ..kept_in(server_dir)
    })
    .await
}

async fn signed_in(sandbox: &RunningSandbox, dir: &std::path::Path) -> Core {
    synced(sandbox.url(), dir, DEMO_ADMIN_EMAIL).await
}

fn update(organization_id: &str, seats: i32) -> UpdateClientInput {
    update_input(organization_id, CLIENT, Some(seats))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_prepared_offline_waits_then_applies() {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = start(server_dir.path(), "127.0.0.1:0".parse().unwrap()).await;
    let addr = sandbox.addr();
    let dir = tempfile::tempdir().unwrap();
    let core = signed_in(&sandbox, dir.path()).await;
    let before = seats(&core).await;
    let id = common::client_id(&core, CLIENT).await;
    sandbox.shutdown().await;

    // Offline: the change is kept, pending, and says so.
    let error = core
        .update_client(update(&id, before + 3))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Offline, "{error:?}");
    assert!(error.message.starts_with("Saved in the queue"), "{error:?}");
    let queue = core.queue().await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].status, JobStatus::Pending);
    assert_eq!(seats(&core).await, before, "nothing applied locally");
    // Applying while the server is gone says it was not reached.
    let summary = core
        .apply_queue(None, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(summary.pending, 1, "{summary:?}");
    assert!(
        matches!(&summary.reached, Some(Err(e)) if e.code == ErrorCode::Offline),
        "{summary:?}"
    );

    // The server is back: the queue applies it after its check.
    let sandbox = start(server_dir.path(), addr).await;
    let summary = core
        .apply_queue(None, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!((summary.done, summary.pending), (1, 0), "{summary:?}");
    assert_eq!(summary.reached, Some(Ok(())));
    assert_eq!(core.queue().await.unwrap()[0].status, JobStatus::Done);
    assert_eq!(seats(&core).await, before + 3, "the list was read again");
    core.lock().await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_server_overtook_is_a_conflict_and_overwrites_nothing() {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = start(server_dir.path(), "127.0.0.1:0".parse().unwrap()).await;
    let (mine, theirs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let me = signed_in(&sandbox, mine.path()).await;
    let colleague = signed_in(&sandbox, theirs.path()).await;
    let before = seats(&me).await;
    let id = common::client_id(&me, CLIENT).await;

    // Planned and queued against what my snapshot shows…
    let operations = me
        .update_client_operations(update(&id, before + 5))
        .await
        .unwrap();
    let plan = me.describe(&operations);
    assert!(
        plan[0]
            .description
            .contains(&format!("{before} \u{2192} {}", before + 5)),
        "{plan:?}"
    );
    assert!(
        me.queue().await.unwrap().is_empty(),
        "describing stores nothing"
    );
    me.submit(operations, false).await.unwrap();
    // …while a colleague changes the same client.
    colleague
        .update_client(update(&id, before + 9))
        .await
        .unwrap();

    let summary = me
        .apply_queue(None, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(summary.conflicts, 1, "{summary:?}");
    let job = &me.queue().await.unwrap()[0];
    assert_eq!(job.status, JobStatus::Conflict);
    let error = job.error.as_ref().unwrap();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(
        error.message.contains(&(before + 9).to_string()),
        "{error:?}"
    );
    run_sync(&me, list_only()).await.unwrap();
    assert_eq!(
        seats(&me).await,
        before + 9,
        "the colleague's change stands"
    );
    assert_eq!(
        sandbox.effects("update_client"),
        1,
        "only the colleague's was applied"
    );

    // Retry after a look: it is checked again and still a conflict; discard.
    me.retry_job(job.id).await.unwrap();
    let again = me
        .apply_queue(None, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(again.conflicts, 1);
    me.discard_job(job.id).await.unwrap();
    assert_eq!(me.queue().await.unwrap()[0].status, JobStatus::Discarded);
    me.lock().await;
    colleague.lock().await;
    sandbox.shutdown().await;
}
