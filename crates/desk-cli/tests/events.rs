//! `pdesk events` from the snapshot, offline: a filtered page as JSON, the
//! CSV export (stdout and --out, owner-only), names given by e-mail, and a
//! bad date refused with the invalid-input exit status.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::{Signed, assert_exit, serve};

#[test]
fn events_are_filtered_and_exported_offline() {
    let data = tempfile::tempdir().unwrap();
    let (server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);
    server.kill();

    let all = cli.json(&["--json", "events", "--client", DEMO_DIRECT_ORG_NAME]);
    let total = all["total"].as_u64().unwrap();
    assert!(total > 0, "{all}");
    assert!(all["events"].as_array().unwrap().len() <= 100);

    let items = cli.json(&[
        "--json",
        "events",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--type",
        "item",
    ]);
    let events = items["events"].as_array().unwrap();
    assert!(!events.is_empty() && items["total"].as_u64().unwrap() < total);
    assert!(events.iter().all(|e| e["category"] == "item"), "{items}");

    let by_admin = cli.json(&[
        "--json",
        "events",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--member",
        DEMO_ADMIN_EMAIL,
        "--lang",
        "es",
    ]);
    let mine = by_admin["events"].as_array().unwrap();
    assert!(
        mine.iter()
            .all(|e| e["actorEmail"] == DEMO_ADMIN_EMAIL || e["memberId"].is_string())
    );

    let out = cli.run(&["events", "--client", DEMO_DIRECT_ORG_NAME, "--csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with(
        "message,appIcon,appName,userId,userName,userEmail,date,ip,type,installationId\r\n"
    ));
    assert_eq!(csv.lines().count() as u64, total + 1);

    let file = data.path().join("events.csv");
    let written = cli.json(&[
        "--json",
        "events",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--csv",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(written["events"].as_u64(), Some(total));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    assert_exit(
        &cli.run(&[
            "events",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--since",
            "yesterday",
        ]),
        2,
    );
    assert_exit(
        &cli.run(&[
            "events",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--type",
            "nonsense",
        ]),
        2,
    );
}

/// `pdesk provider events`: the provider's own log, offline, with the same
/// window, type, page and CSV options as a client's.
#[test]
fn the_providers_log_is_filtered_and_exported_offline() {
    let data = tempfile::tempdir().unwrap();
    let (server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);
    server.kill();

    let all = cli.json(&["--json", "provider", "events"]);
    let total = all["total"].as_u64().unwrap();
    assert!(total > 0, "{all}");

    let mine = cli.json(&[
        "--json",
        "provider",
        "events",
        "--user",
        DEMO_ADMIN_EMAIL,
        "--since",
        "2000-01-01",
    ]);
    assert!(mine["total"].as_u64().unwrap() <= total, "{mine}");

    let out = cli.run(&["provider", "events", "--csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count() as u64, total + 1, "{csv}");

    let file = data.path().join("provider-events.csv");
    let written = cli.json(&[
        "--json",
        "provider",
        "events",
        "--csv",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(written["events"].as_u64(), Some(total));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);

    assert_exit(&cli.run(&["provider", "events", "--until", "tomorrow"]), 2);
}
