//! The snapshot against real SQLCipher files on disk.

mod common;

use common::{apply, client, key, list, listing, member};
use desk_cache::*;
use std::future::Future;
use std::path::Path;

fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_file() {
            bytes.extend(std::fs::read(entry.path()).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A plain SQLCipher connection to `path` under `key(key_byte)`, past the
/// snapshot's own checks (created when missing).
async fn sqlcipher(path: &Path, key_byte: u8) -> sqlx::SqliteConnection {
    sqlcipher_with(path, key_byte, Some("HMAC_SHA256"))
        .await
        .unwrap()
}

/// A connection to the SQLCipher file at `path` with page HMAC `hmac`
/// (`None`: SQLCipher 4's default, HMAC-SHA512, as earlier versions wrote).
async fn sqlcipher_with(
    path: &Path,
    key_byte: u8,
    hmac: Option<&str>,
) -> Result<sqlx::SqliteConnection, sqlx::Error> {
    use sqlx::ConnectOptions;
    let mut options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .pragma(
            "key",
            format!("\"x'{}'\"", format!("{key_byte:02x}").repeat(32)),
        );
    if let Some(hmac) = hmac {
        options = options.pragma("cipher_hmac_algorithm", hmac.to_owned());
    }
    let mut conn = options.connect().await?;
    // The key and settings are only checked when a page is read.
    sqlx::query("SELECT count(*) FROM sqlite_master")
        .execute(&mut conn)
        .await?;
    Ok(conn)
}

/// Whether the file at `path` reads with that key and page HMAC.
async fn readable(path: &Path, key_byte: u8, hmac: Option<&str>) -> bool {
    use sqlx::Connection;
    match sqlcipher_with(path, key_byte, hmac).await {
        Ok(conn) => {
            conn.close().await.unwrap();
            true
        }
        Err(_) => false,
    }
}

#[tokio::test]
async fn round_trips_and_keeps_every_page_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    let canary = "CanaryClientName-7f3a";
    {
        let snap = Snapshot::open(&path, &key(1)).await.unwrap();
        list(&snap, &[client("org-1", canary, 15, 1)], 1000).await;
        snap.set_meta("refresh_token", "RefreshTokenCanary-91b2")
            .await
            .unwrap();
        // Read while the WAL still holds the pages, then check the files.
        assert_eq!(snap.clients().await.unwrap()[0].list.name, canary);
        let bytes = all_bytes(dir.path());
        assert!(
            !contains(&bytes, canary),
            "client name in plaintext on disk (WAL)"
        );
        snap.close().await;
    }
    let bytes = all_bytes(dir.path());
    assert!(!bytes.is_empty());
    assert!(
        !contains(&bytes, canary),
        "client name in plaintext on disk"
    );
    assert!(
        !contains(&bytes, "RefreshTokenCanary"),
        "meta in plaintext on disk"
    );
    assert!(
        !contains(&bytes, "SQLite format 3"),
        "an unencrypted SQLite header"
    );

    let snap = Snapshot::open(&path, &key(1)).await.unwrap();
    let clients = snap.clients().await.unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].list, client("org-1", canary, 15, 1));
    assert_eq!(clients[0].listed_at, 1000);
    assert_eq!(clients[0].synced_at, None);
    assert_eq!(
        snap.meta("refresh_token").await.unwrap().as_deref(),
        Some("RefreshTokenCanary-91b2")
    );
    assert_eq!(snap.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_wrong_key_is_refused_without_touching_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    let snap = Snapshot::open(&path, &key(1)).await.unwrap();
    snap.set_meta("k", "v").await.unwrap();
    snap.close().await;
    let before = std::fs::read(&path).unwrap();

    let err = Snapshot::open(&path, &key(2))
        .await
        .err()
        .expect("wrong key must fail");
    assert!(matches!(err, CacheError::WrongKey), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let snap = Snapshot::open(&path, &key(1)).await.unwrap();
    assert_eq!(snap.meta("k").await.unwrap().as_deref(), Some("v"));
}

#[tokio::test]
async fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    let snap = Snapshot::open(&path, &key(3)).await.unwrap();
    snap.close().await;
    // What a future Provider Desk would leave behind: a migration we do not know.
    {
        let mut conn = sqlcipher(&path, 3).await;
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99, 'future', 1, x'00', 0)")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let err = Snapshot::open(&path, &key(3))
        .await
        .err()
        .expect("newer schema must fail");
    assert!(
        matches!(
            err,
            CacheError::Incompatible {
                found: 99,
                supported: SCHEMA_VERSION
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_older_snapshot_is_backed_up_encrypted_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.db");
    {
        let mut conn = sqlcipher(&path, 4).await;
        sqlx::query("CREATE TABLE legacy_canary_table (x TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let snap = Snapshot::open(&path, &key(4)).await.unwrap();
    snap.close().await;
    let backup = dir.path().join("snapshot.v0.bak");
    let bytes = std::fs::read(&backup).expect("backup written before the migration");
    assert!(
        !contains(&bytes, "legacy_canary_table"),
        "backup must stay encrypted"
    );
}

/// The snapshot at `path` opened by two tasks at once, both of which must
/// succeed. Two opens in one process stand for two processes: the lock that
/// orders them is taken on an open file of each, not on the process.
async fn open_twice_at_once(path: &Path, key_byte: u8) -> [Snapshot; 2] {
    let open = || {
        let path = path.to_owned();
        tokio::spawn(async move { Snapshot::open(&path, &key(key_byte)).await })
    };
    let (a, b) = tokio::join!(open(), open());
    [a.unwrap().unwrap(), b.unwrap().unwrap()]
}

/// Two opens of a snapshot from an older schema, or of none yet, at once:
/// one migrates it, the other waits and opens it migrated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_opens_of_an_older_schema_at_once_both_open_it() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        if round % 2 == 0 {
            sqlx::Connection::close(sqlcipher(&path, 4).await)
                .await
                .unwrap();
        }
        for snap in open_twice_at_once(&path, 4).await {
            assert!(snap.clients().await.unwrap().is_empty());
            snap.close().await;
        }
        let snap = Snapshot::open(&path, &key(4)).await.unwrap();
        assert_eq!(snap.integrity_check().await.unwrap(), "ok");
        snap.close().await;
    }
}

/// Writes the snapshot at `path` back with SQLCipher's default settings
/// (HMAC-SHA512 pages), as earlier versions wrote every snapshot.
async fn write_back_as_sha512(path: &Path, key_byte: u8) {
    let old = path.with_extension("old");
    let mut conn = sqlcipher(path, key_byte).await;
    sqlx::query("ATTACH DATABASE ?1 AS old KEY ?2")
        .bind(old.to_str().unwrap())
        .bind(format!("x'{}'", format!("{key_byte:02x}").repeat(32)))
        .execute(&mut conn)
        .await
        .unwrap();
    for statement in [
        "PRAGMA old.cipher_hmac_algorithm = HMAC_SHA512",
        "SELECT sqlcipher_export('old')",
        "DETACH DATABASE old",
    ] {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    sqlx::Connection::close(conn).await.unwrap();
    std::fs::rename(&old, path).unwrap();
}

#[tokio::test]
async fn a_snapshot_with_sha512_page_hmacs_moves_to_sha256_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let snap = listing(dir.path(), 6, &[client("org-1", "One", 10, 3)]).await;
    snap.set_meta("k", "v").await.unwrap();
    snap.close().await;
    write_back_as_sha512(&path, 6).await;
    assert!(readable(&path, 6, None).await);
    assert!(!readable(&path, 6, Some("HMAC_SHA256")).await);
    let untouched = std::fs::read(&path).unwrap();

    // The wrong key fails as before, on the old file as on a new one.
    let err = Snapshot::open(&path, &key(7))
        .await
        .err()
        .expect("wrong key");
    assert!(matches!(err, CacheError::WrongKey), "{err:?}");
    assert!(std::fs::read(&path).unwrap() == untouched);

    let snap = Snapshot::open(&path, &key(6)).await.unwrap();
    assert_eq!(snap.clients().await.unwrap()[0].list.name, "One");
    assert_eq!(snap.meta("k").await.unwrap().as_deref(), Some("v"));
    assert_eq!(snap.integrity_check().await.unwrap(), "ok");
    snap.close().await;
    // Now in the current format, the old file kept aside whole.
    assert!(readable(&path, 6, Some("HMAC_SHA256")).await);
    assert!(!readable(&path, 6, None).await);
    let backup = dir.path().join("s.hmac-sha512.bak");
    assert!(readable(&backup, 6, None).await);
    assert!(!contains(&std::fs::read(&backup).unwrap(), "prov-1"));
    assert!(!dir.path().join("s.db-upgrading").exists());
    let snap = Snapshot::open(&path, &key(6)).await.unwrap();
    assert_eq!(snap.clients().await.unwrap().len(), 1);
}

/// The app and pdesk may open the same old snapshot at once: one moves it,
/// the other waits and opens the moved file; neither sees half a copy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_opens_of_an_old_snapshot_at_once_both_open_it() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let snap = listing(dir.path(), 6, &[client("org-1", "One", 10, 3)]).await;
        snap.set_meta("round", &round.to_string()).await.unwrap();
        snap.close().await;
        write_back_as_sha512(&path, 6).await;

        for snap in open_twice_at_once(&path, 6).await {
            assert_eq!(snap.clients().await.unwrap()[0].list.name, "One");
            let meta = snap.meta("round").await.unwrap();
            assert_eq!(meta, Some(round.to_string()));
            snap.close().await;
        }
        assert!(readable(&path, 6, Some("HMAC_SHA256")).await);
        assert!(!dir.path().join("s.db-upgrading").exists());
        let snap = Snapshot::open(&path, &key(6)).await.unwrap();
        assert_eq!(snap.integrity_check().await.unwrap(), "ok");
        snap.close().await;
    }
}

/// A snapshot listing org-1 and org-2.
async fn two_clients(dir: &Path, key_byte: u8) -> Snapshot {
    listing(
        dir,
        key_byte,
        &[client("org-1", "One", 10, 3), client("org-2", "Two", 10, 3)],
    )
    .await
}

/// Details with one member, told apart by `email`.
fn with(email: &str) -> ClientDetails {
    ClientDetails {
        members: vec![member("m1", email, 2, 2)],
        ..Default::default()
    }
}

/// The first member's email, as stored for `org`.
async fn first_email(snap: &Snapshot, org: &str) -> Option<String> {
    snap.members(org)
        .await
        .unwrap()
        .first()
        .and_then(|m| m.email.clone())
}

#[tokio::test]
async fn details_written_together_land_or_fail_each_on_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let snap = two_clients(dir.path(), 8).await;
    // The first takes the writer; the three others queue behind it and are
    // written in one transaction, one of them for a client the snapshot
    // does not list.
    let (a, b, c, d) = tokio::join!(
        snap.apply_client_details("org-1", with("a@x"), 10),
        snap.apply_client_details("org-2", with("b@x"), 10),
        snap.apply_client_details("org-unknown", with("c@x"), 10),
        snap.apply_client_details("org-1", with("d@x"), 11),
    );
    assert!(a.is_ok() && b.is_ok() && d.is_ok(), "{a:?} {b:?} {d:?}");
    assert!(c.is_err());
    assert_eq!(first_email(&snap, "org-1").await.as_deref(), Some("d@x"));
    assert_eq!(first_email(&snap, "org-2").await.as_deref(), Some("b@x"));
    assert!(snap.members("org-unknown").await.unwrap().is_empty());
    let clients = snap.clients().await.unwrap();
    assert!(clients.iter().all(|c| c.synced_at.is_some()), "{clients:?}");
    assert_eq!(snap.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_write_under_way_lands_when_its_caller_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let snap = two_clients(dir.path(), 9).await;
    let (first, second) = (with("a@x"), with("b@x"));
    // Polled once, the first call holds the writer with its client's write
    // under way; then it is dropped, as a cancelled sync drops it. The
    // second client queues behind that write and, once it is done, writes
    // its own.
    let mut gone = Box::pin(snap.apply_client_details("org-1", first, 10));
    let pending =
        std::future::poll_fn(|cx| std::task::Poll::Ready(gone.as_mut().poll(cx).is_pending()))
            .await;
    assert!(pending, "the write has begun, not finished");
    drop(gone);
    snap.apply_client_details("org-2", second, 10)
        .await
        .unwrap();
    assert_eq!(first_email(&snap, "org-1").await.as_deref(), Some("a@x"));
    assert_eq!(first_email(&snap, "org-2").await.as_deref(), Some("b@x"));
    assert_eq!(snap.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn client_details_land_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let snap = listing(dir.path(), 5, &[client("org-1", "One", 10, 3)]).await;
    let good = ClientDetails {
        members: vec![
            member("m1", "a@x", 2, 2),
            member("m2", "b@x", 2, 0),
            member("m3", "c@x", 2, -1),
        ],
        events: vec![EventRow {
            date: "2026-11-01T00:00:00Z".into(),
            event_type: 1000,
            raw: "{\"type\":1000}".into(),
        }],
        events_until: Some("2026-11-02T00:00:00Z".into()),
        ..Default::default()
    };
    apply(&snap, "org-1", &good, 50).await;

    // A duplicate member id violates the key: the whole write must roll back.
    let bad = ClientDetails {
        members: vec![member("m9", "new@x", 2, 2), member("m9", "dup@x", 2, 2)],
        events_until: Some("2030-01-01T00:00:00Z".into()),
        ..Default::default()
    };
    assert!(snap.apply_client_details("org-1", bad, 60).await.is_err());
    let members = snap.members("org-1").await.unwrap();
    assert_eq!(
        members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["m1", "m2", "m3"]
    );
    assert_eq!(
        snap.client("org-1").await.unwrap().unwrap().synced_at,
        Some(50)
    );
    assert_eq!(
        snap.events_until("org-1").await.unwrap().as_deref(),
        Some("2026-11-02T00:00:00Z")
    );
    let counts = snap.member_counts("org-1").await.unwrap();
    assert_eq!(
        (counts.confirmed, counts.invited, counts.revoked),
        (1, 1, 1)
    );

    // Details for a client the list does not have are refused, not orphaned.
    assert!(
        snap.apply_client_details("org-unknown", good, 70)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_same_event_twice_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let snap = listing(dir.path(), 6, &[client("org-1", "One", 10, 3)]).await;
    let event = |t: i64| EventRow {
        date: "2026-11-01T10:00:00Z".into(),
        event_type: t,
        raw: format!("{{\"type\":{t}}}"),
    };
    let page = ClientDetails {
        events: vec![event(1000), event(1100), event(1000)],
        ..Default::default()
    };
    apply(&snap, "org-1", &page, 2).await;
    apply(&snap, "org-1", &page, 3).await;
    assert_eq!(all_events(&snap, "org-1").await, 2);
}

#[tokio::test]
async fn a_client_dropped_from_the_list_goes_with_its_details() {
    let dir = tempfile::tempdir().unwrap();
    let clients = [client("org-1", "One", 10, 1), client("org-2", "Two", 5, 1)];
    let snap = listing(dir.path(), 7, &clients).await;
    let details = ClientDetails {
        members: vec![member("m1", "a@x", 2, 2)],
        ..Default::default()
    };
    apply(&snap, "org-2", &details, 2).await;
    apply(&snap, "org-1", &details, 2).await;

    list(&snap, &clients[..1], 3).await;
    let names: Vec<String> = snap
        .clients()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.list.name)
        .collect();
    assert_eq!(names, ["One"]);
    assert!(snap.members("org-2").await.unwrap().is_empty());
    // The kept client keeps its details and its sync time.
    assert_eq!(snap.members("org-1").await.unwrap().len(), 1);
    assert_eq!(
        snap.client("org-1").await.unwrap().unwrap().synced_at,
        Some(2)
    );
}

/// More rows than one statement may bind go in several statements of the
/// same transaction; none is lost or doubled at the chunk edges.
#[tokio::test]
async fn large_details_cross_the_statement_size_intact() {
    let dir = tempfile::tempdir().unwrap();
    let snap = listing(dir.path(), 7, &[client("org-1", "One", 10_000, 3)]).await;
    let members: Vec<MemberRow> = (0..7_001)
        .map(|i| member(&format!("m{i:05}"), &format!("u{i}@x"), 2, 2))
        .collect();
    let events: Vec<EventRow> = (0..13_000)
        .map(|i| EventRow {
            date: "2026-11-01T10:00:00Z".into(),
            event_type: 1000,
            // Every 1,000th event repeats its neighbour: stored once.
            raw: format!("{{\"n\":{}}}", if i % 1000 == 999 { i - 1 } else { i }),
        })
        .collect();
    let details = ClientDetails {
        members,
        events,
        ..Default::default()
    };
    apply(&snap, "org-1", &details, 2).await;
    let mut ids: Vec<String> = snap
        .members("org-1")
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    let expected: Vec<String> = (0..7_001).map(|i| format!("m{i:05}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(all_events(&snap, "org-1").await, 13_000 - 13);
}

/// How many events the snapshot holds for `org`.
async fn all_events(snap: &Snapshot, org: &str) -> usize {
    let query = EventQuery {
        limit: 1,
        ..EventQuery::default()
    };
    usize::try_from(snap.query_events(org, &query).await.unwrap().0).unwrap()
}
