//! `pdesk` as a user runs it: a real `pdesk sandbox serve` process, then
//! login, sync, lock, and reading the clients offline with the server gone.

mod common;

use common::{
    PASSWORD, Signed, assert_exit, client, env_count, pdesk, serve, serve_with, spawn_quiet,
};
use serde_json::Value;

const EMAIL: &str = bw_sandbox::DEMO_SERVICE_USER_EMAIL;

fn seats(clients: &Value, name: &str) -> (i64, i64, i64, String) {
    let c = client(clients, name);
    (
        c["seats"]["assigned"].as_i64().unwrap(),
        c["seats"]["used"].as_i64().unwrap(),
        c["seats"]["remaining"].as_i64().unwrap(),
        c["plan"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn login_sync_lock_and_read_offline() {
    let data = tempfile::tempdir().unwrap();
    let (server, url) = serve();
    let password_line = format!("{PASSWORD}\n");

    let cli = Signed::login(data.path(), &url, EMAIL);

    let sync = cli.json(&["--json", "sync"]);
    assert_eq!(sync["outcome"], "success", "{sync}");
    assert!(sync["clients"].as_u64().unwrap() >= 3);

    let before = cli.json(&["--json", "clients"]);
    let (a, u, r, plan) = seats(&before, "My Client's Organization");
    assert_eq!((a, u, r), (15, 1, 14));
    assert!(plan.starts_with("Enterprise"), "{plan}");

    // Lock: the session key stops working.
    assert!(pdesk(data.path(), None, None, &["lock"]).status.success());
    let locked = cli.run(&["--json", "clients"]);
    assert_exit(&locked, 3);
    let error: Value = serde_json::from_slice(&locked.stderr).expect("JSON error on stderr");
    assert_eq!(error["code"], "locked");

    // Offline: stop the server, unlock with the master password alone.
    drop(server);
    let unlocked = pdesk(
        data.path(),
        None,
        Some(&password_line),
        &["unlock", "--password-stdin", "--raw"],
    );
    assert!(
        unlocked.status.success(),
        "{}",
        String::from_utf8_lossy(&unlocked.stderr)
    );
    let session = String::from_utf8(unlocked.stdout)
        .unwrap()
        .trim()
        .to_owned();
    let cli = Signed::new(data.path(), session);
    let offline = cli.json(&["--json", "clients"]);
    for (name, expect, plan) in [
        ("My Client's Organization", (15, 1, 14), "Enterprise"),
        ("Second Client's Organization", (20, 1, 19), "Teams"),
        ("Third Client's Organization", (10, 1, 9), "Enterprise"),
    ] {
        let (a, u, r, p) = seats(&offline, name);
        assert_eq!((a, u, r), expect, "{name}");
        assert!(p.starts_with(plan), "{name}: {p}");
    }
    let members = cli.json(&["--json", "members", "--client", "Second Client"]);
    assert!(!members.as_array().unwrap().is_empty());

    // Items decrypt offline in a process that never synced: the client's key
    // is opened from the snapshot. Passwords only with --reveal.
    let items = cli.json(&[
        "--json",
        "items",
        "--client",
        bw_sandbox::DEMO_DIRECT_ORG_NAME,
        "--reveal",
    ]);
    for expected in bw_sandbox::demo_direct_org_items() {
        let item = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == expected.name)
            .unwrap_or_else(|| panic!("{} missing from {items}", expected.name));
        assert_eq!(item["username"], expected.username, "{item}");
        assert_eq!(item["password"], expected.password, "{item}");
    }
    let hidden = cli.json(&["--json", "items", "--client", "My Client's Organization"]);
    let hidden = hidden.as_array().unwrap();
    assert!(!hidden.is_empty());
    assert!(
        hidden
            .iter()
            .all(|i| i["name"].is_string() && i["error"].is_null() && i["password"].is_null()),
        "{hidden:?}"
    );

    // Sync needs the server: a clear offline error, exit code 5.
    assert_exit(&cli.run(&["sync"]), 5);

    let status = cli.json(&["--json", "status"]);
    assert_eq!(status["status"], "unlocked");
}

#[test]
fn a_wrong_password_exits_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let out = pdesk(
        data.path(),
        None,
        Some("wrong password\n"),
        &[
            "login",
            "--server",
            &url,
            "--email",
            EMAIL,
            "--password-stdin",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Username or password is incorrect"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("wrong password"),
        "the password must not be echoed"
    );
}

/// `kill -9` of `pdesk sync` at random moments: the next open always works,
/// SQLite finds the snapshot consistent, and no client is half written (each
/// has either all of its members or none). `KILL_SYNCS` sets the count (CI: 8;
/// the long run: 50).
#[test]
fn a_killed_sync_loses_nothing_and_leaves_no_half_written_client() {
    let kills = env_count("KILL_SYNCS", 8);
    let members_per_client = 6;
    let members = members_per_client.to_string();
    let (_server, url) = serve_with(&[
        "--seed",
        "scale",
        "--clients",
        "40",
        "--members",
        &members,
        "--items",
        "4",
        "--events",
        "10",
        "--latency",
        "3",
    ]);
    let data = tempfile::tempdir().unwrap();
    let cli = Signed::login(data.path(), &url, bw_sandbox::DEMO_ADMIN_EMAIL);

    // A simple deterministic spread of kill moments (no RNG dependency).
    let mut moment = 137u64;
    for round in 0..kills {
        moment = (moment * 7919 + 104_729) % 1_900;
        let mut sync = spawn_quiet(data.path(), &cli.session, &["sync"]);
        std::thread::sleep(std::time::Duration::from_millis(100 + moment));
        let _ = sync.kill(); // SIGKILL
        let _ = sync.wait();

        let status = cli.json(&["--json", "status", "--check"]);
        assert_eq!(status["integrity"], "ok", "round {round}: {status}");
        let clients = cli.json(&["--json", "clients"]);
        for client in clients.as_array().unwrap() {
            let name = client["name"].as_str().unwrap();
            let members = cli.json(&[
                "--json",
                "members",
                "--client",
                client["organizationId"].as_str().unwrap(),
            ]);
            let count = members.as_array().unwrap().len();
            if client["syncedAt"].is_null() {
                assert_eq!(
                    count, 0,
                    "round {round}: {name} has members but was never synced"
                );
            } else if name.starts_with("Client ") {
                assert_eq!(
                    count, members_per_client,
                    "round {round}: {name} is half written"
                );
            }
        }
    }
    // And a sync after all that completes and resumes rather than restarting.
    let done = cli.json(&["--json", "sync"]);
    assert_eq!(done["outcome"], "success", "{done}");
}

#[test]
fn sync_list_only_lists_clients_without_their_details() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, EMAIL);

    let sync = cli.json(&["--json", "sync", "--list-only"]);
    assert_eq!(sync["outcome"], "success", "{sync}");
    // The profile and the provider's client list, nothing per client. A new
    // process holds no access token yet: add one 401 and the token refresh.
    assert!(sync["requests"].as_u64().unwrap() <= 4, "{sync}");
    assert_eq!(sync["members"], 0, "{sync}");
    let clients = cli.json(&["--json", "clients"]);
    assert_eq!(
        sync["clients"].as_u64(),
        Some(clients.as_array().unwrap().len() as u64)
    );
    let (a, u, r, _) = seats(&clients, "Second Client's Organization");
    assert_eq!((a, u, r), (20, 1, 19));
    assert!(
        clients
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["syncedAt"].is_null()),
        "{clients}"
    );
    let members = cli.json(&["--json", "members", "--client", "Second Client"]);
    assert_eq!(members, serde_json::json!([]));

    // Text output says what was done.
    let text = cli.run(&["sync", "--list-only"]);
    assert!(text.status.success());
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.starts_with("Client list success: "), "{stdout}");

    // A list-only refresh is always of the whole list.
    let both = cli.run(&["sync", "--list-only", "--client", "Second Client"]);
    assert_eq!(both.status.code(), Some(2));
}
