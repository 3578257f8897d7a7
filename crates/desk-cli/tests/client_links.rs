//! `pdesk client unlink|addable|add-existing` against the sandbox: a
//! client leaves the provider only with its name typed, and an
//! organization the admin owns joins it again (its key wrapped by the
//! provider key, which then opens its items).

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::{Signed, assert_exit, client, serve};

#[test]
fn a_client_is_unlinked_and_an_owned_organization_joins_the_provider() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);
    let clients = cli.json(&["--json", "clients"]);
    assert_eq!(client(&clients, DEMO_DIRECT_ORG_NAME)["source"], "provider");
    let addable = |cli: &Signed| {
        cli.json(&["--json", "client", "addable"])
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == DEMO_DIRECT_ORG_NAME)
    };
    assert!(!addable(&cli), "a client of the provider is not addable");

    // Unlink: the name must be typed exactly.
    let unlink = |confirm: &str| {
        [
            "client",
            "unlink",
            "--client",
            DEMO_DIRECT_ORG_NAME,
            "--confirm",
            confirm,
        ]
        .map(str::to_owned)
    };
    let wrong = unlink("Northwind");
    let wrong: Vec<&str> = wrong.iter().map(String::as_str).collect();
    assert_exit(&cli.run(&[&wrong[..], &["--yes"][..]].concat()), 2);
    let right = unlink(DEMO_DIRECT_ORG_NAME);
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    let plan = cli.dry_run(&right, "Unlink");
    let first = plan["plan"][0]["description"].as_str().unwrap();
    assert!(first.starts_with("Unlink"), "{plan}");
    cli.apply(&right);
    cli.json(&["--json", "sync"]);
    let clients = cli.json(&["--json", "clients"]);
    assert_eq!(client(&clients, DEMO_DIRECT_ORG_NAME)["source"], "direct");

    // Now the admin's own organization may join again.
    assert!(addable(&cli));
    assert_exit(
        &cli.run(&["client", "add-existing", "--org", "No such org", "--yes"]),
        7,
    );
    cli.apply(&["client", "add-existing", "--org", DEMO_DIRECT_ORG_NAME]);
    cli.json(&["--json", "sync"]);
    let clients = cli.json(&["--json", "clients"]);
    assert_eq!(client(&clients, DEMO_DIRECT_ORG_NAME)["source"], "provider");
    // The key we wrapped with the provider key opens its items.
    let items = cli.json(&["--json", "items", "--client", DEMO_DIRECT_ORG_NAME]);
    assert!(!items.as_array().unwrap().is_empty());
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["error"].is_null()),
        "{items}"
    );
}
