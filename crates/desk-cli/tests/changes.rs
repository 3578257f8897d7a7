//! `pdesk changes` as a script reads it: sync, a member invited on the
//! server, sync again, and the journal says so (JSON and one line a change).

mod common;

use common::{PASSWORD, Signed, assert_exit, client, ok, pdesk};
use serde_json::{Value, json};

const EMAIL: &str = bw_sandbox::DEMO_SERVICE_USER_EMAIL;
const CLIENT: &str = "My Client's Organization";
const NEW_MEMBER: &str = "new.hire@changes.example";

fn entries(changes: &Value) -> &Vec<Value> {
    changes
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {changes}"))
}

#[test]
fn changes_lists_what_the_second_sync_found() {
    // The sandbox in this process: the test changes its data between the
    // two syncs through the server's own routes, as another admin would.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime
        .block_on(bw_sandbox::Sandbox::start(
            bw_sandbox::SandboxConfig::default(),
        ))
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let cli = Signed::login(data.path(), sandbox.url(), EMAIL);
    ok(cli.run(&["sync"]));

    // The first sync: clients join, each history starts with one entry.
    let first = cli.json(&["--json", "changes"]);
    let kinds: Vec<&str> = entries(&first)
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"first_sync"), "{first}");
    assert!(
        kinds
            .iter()
            .all(|k| ["client_added", "first_sync"].contains(k)),
        "{first}"
    );

    let clients = cli.json(&["--json", "clients"]);
    let org = client(&clients, CLIENT)["organizationId"]
        .as_str()
        .unwrap_or_else(|| panic!("{CLIENT} has no organizationId in {clients}"))
        .to_owned();
    let invited = runtime.block_on(async {
        let admin = sandbox
            .login(bw_sandbox::DEMO_ADMIN_EMAIL, PASSWORD)
            .await
            .unwrap();
        sandbox
            .send(
                "POST",
                &format!("/api/organizations/{org}/users/invite"),
                Some(&admin.access_token),
                Some(json!({ "emails": [NEW_MEMBER], "type": 2 })),
            )
            .await
    });
    assert!(invited.status.is_success(), "{invited:?}");
    ok(cli.run(&["sync"]));

    let changes = cli.json(&["--json", "changes", "--client", CLIENT, "--since", "1d"]);
    let added = entries(&changes)
        .iter()
        .find(|c| c["kind"] == "member_added")
        .unwrap_or_else(|| panic!("no member_added in {changes}"));
    assert_eq!(added["organizationId"], org.as_str());
    assert_eq!(added["clientName"], CLIENT);
    assert_eq!(added["label"], NEW_MEMBER);
    assert_eq!(added["before"], Value::Null);
    assert_eq!(
        added["after"],
        json!({ "role": "user", "status": "invited" })
    );
    assert!(
        added["at"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z') && at.len() == 24),
        "{added}"
    );
    let used = entries(&changes)
        .iter()
        .find(|c| c["kind"] == "seats_used")
        .unwrap_or_else(|| panic!("no seats_used in {changes}"));
    assert_eq!(
        (used["before"].as_i64(), used["after"].as_i64()),
        (Some(1), Some(2))
    );
    assert!(
        entries(&changes)
            .iter()
            .all(|c| c["organizationId"] == org.as_str())
    );

    // Text: one change a line.
    let text = ok(cli.run(&["changes", "--since", "1d"]));
    let text = String::from_utf8(text.stdout).unwrap();
    println!("{text}");
    let line = text
        .lines()
        .find(|l| l.contains("member_added"))
        .unwrap_or_else(|| panic!("no member_added line in {text}"));
    assert!(line.contains(NEW_MEMBER) && line.contains(CLIENT), "{line}");
    assert!(line.contains("(user, invited)"), "{line}");

    // A date in the future: nothing yet, said in words.
    let none = ok(cli.run(&["changes", "--since", "2999-01-01"]));
    assert_eq!(
        String::from_utf8_lossy(&none.stdout).trim(),
        "No changes recorded."
    );
    // A malformed --since is the user's to fix (exit 2), before any unlock.
    let bad = pdesk(
        data.path(),
        None,
        None,
        &["changes", "--since", "last week"],
    );
    assert_exit(&bad, 2);

    runtime.block_on(sandbox.shutdown());
}
