//! `pdesk members|seats|recover` against the sandbox: the dry run changes
//! nothing (and for confirm prints each fingerprint phrase), `--yes`
//! applies through the queue, refusals exit with their error code.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::{Signed, assert_exit, serve};
use serde_json::Value;

fn member<'a>(members: &'a Value, email: &str) -> Option<&'a Value> {
    members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
}

#[test]
fn members_are_invited_confirmed_edited_revoked_and_recovered_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);
    let list = |filter: &str| {
        cli.json(&[
            "--json",
            "members",
            "list",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--filter",
            filter,
        ])
    };
    let all = list("all");
    assert_eq!(all.as_array().unwrap().len(), 10);
    assert_eq!(list("needs-confirmation").as_array().unwrap().len(), 1);
    // The old form still lists.
    let old = cli.json(&["--json", "members", "--client", DEMO_DIRECT_ORG_NAME]);
    assert_eq!(old.as_array().unwrap().len(), 10);

    // Invite: the dry run plans and changes nothing.
    let invite = [
        "members",
        "invite",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--email",
        "zoe@northwind.example",
        "--role",
        "custom",
        "--permission",
        "manage-users",
        "--collection",
        "Finance:view-except-passwords",
    ];
    let plan = cli.json(&[&["--json"][..], &invite[..], &["--dry-run"][..]].concat());
    assert_eq!(plan["dryRun"], true);
    assert!(
        plan["plan"][0]["description"]
            .as_str()
            .unwrap()
            .contains("zoe@northwind.example"),
        "{plan}"
    );
    assert!(member(&list("all"), "zoe@northwind.example").is_none());
    // Without --yes and no terminal: refused, nothing changed (exit 2).
    assert_exit(&cli.run(&invite), 2);
    cli.apply(&invite);
    let zoe = member(&list("invited"), "zoe@northwind.example")
        .cloned()
        .unwrap();
    assert_eq!(zoe["role"], "custom");
    assert_eq!(zoe["permissions"], serde_json::json!(["manage_users"]));
    assert_eq!(zoe["collections"][0]["level"], "view_except_passwords");
    // An unknown collection: not found (exit 7) before anything is sent.
    assert_exit(
        &cli.run(&[
            "members",
            "invite",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--email",
            "x@northwind.example",
            "--role",
            "user",
            "--collection",
            "Nope:view",
            "--yes",
        ]),
        7,
    );

    // Confirm: the dry run prints the fingerprint phrase to compare.
    let confirm = [
        "members",
        "confirm",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--member",
        "bob@northwind.example",
    ];
    let plan = cli.json(&[&["--json"][..], &confirm[..], &["--dry-run"][..]].concat());
    let phrase = plan["fingerprints"][0]["fingerprint"].as_str().unwrap();
    assert_eq!(phrase.split('-').count(), 5, "{plan}");
    let text = cli.run(&[&confirm[..], &["--dry-run"][..]].concat());
    assert!(String::from_utf8_lossy(&text.stdout).contains(phrase));
    cli.apply(&confirm);
    assert_eq!(
        member(&list("all"), "bob@northwind.example").unwrap()["status"],
        "confirmed"
    );
    // Confirming again: bob is no longer waiting (conflict, exit 8).
    assert_exit(&cli.run(&[&confirm[..], &["--yes"][..]].concat()), 8);

    // Edit, then revoke and restore two members at once.
    cli.apply(&[
        "members",
        "edit",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--member",
        "bob@northwind.example",
        "--role",
        "admin",
    ]);
    assert_eq!(
        member(&list("all"), "bob@northwind.example").unwrap()["role"],
        "admin"
    );
    let pair = [
        "--member",
        "bob@northwind.example",
        "--member",
        "alice@northwind.example",
    ];
    cli.apply(
        &[
            &["members", "revoke", "--client", DEMO_DIRECT_ORG_NAME][..],
            &pair[..],
        ]
        .concat(),
    );
    assert_eq!(list("revoked").as_array().unwrap().len(), 3);
    cli.apply(
        &[
            &["members", "restore", "--client", DEMO_DIRECT_ORG_NAME][..],
            &pair[..],
        ]
        .concat(),
    );
    assert_eq!(list("revoked").as_array().unwrap().len(), 1);

    // Recover: a generated password, printed once.
    let out = cli.run(&[
        "--json",
        "recover",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--member",
        "alice@northwind.example",
        "--generate",
        "--yes",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reset: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(reset["jobs"][0]["status"], "done", "{reset}");
    assert_eq!(
        reset["password"].as_str().unwrap().chars().count(),
        20,
        "{reset}"
    );
    // Not enrolled: refused (exit 7).
    assert_exit(
        &cli.run(&[
            "recover",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--member",
            "secure@demo-msp.example",
            "--generate",
            "--yes",
        ]),
        7,
    );

    // Seats of a provider client, planned and applied.
    cli.apply(&["seats", "--client", "Third Client", "--set", "12"]);

    // Groups: create with a member and a collection, list, rename, delete.
    cli.apply(&[
        "groups",
        "create",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--name",
        "Helpdesk",
        "--member",
        "alice@northwind.example",
        "--collection",
        "Marketing:edit",
    ]);
    let groups = cli.json(&["--json", "groups", "--client", DEMO_DIRECT_ORG_NAME]);
    let helpdesk = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Helpdesk")
        .unwrap();
    assert_eq!(
        helpdesk["memberIds"].as_array().unwrap().len(),
        1,
        "{helpdesk}"
    );
    assert_eq!(helpdesk["collections"][0]["level"], "edit", "{helpdesk}");
    cli.apply(&[
        "groups",
        "edit",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--group",
        "Helpdesk",
        "--name",
        "Service desk",
    ]);
    cli.apply(&[
        "groups",
        "delete",
        "--client",
        DEMO_DIRECT_ORG_NAME,
        "--group",
        "Service desk",
    ]);

    // The recovery policy: off, then on again.
    for flag in ["--off", "--on"] {
        cli.apply(&["recovery-policy", "--client", DEMO_DIRECT_ORG_NAME, flag]);
    }
}
