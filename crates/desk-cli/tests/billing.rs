//! `pdesk provider billing|invoices|address|settings` and `pdesk client
//! billing` against the sandbox: read from the snapshot, an invoice's CSV
//! saved byte for byte, changes planned (dry run changes nothing) and
//! applied through the queue, a service user refused with the exit code
//! for "forbidden".

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_SERVICE_USER_EMAIL};
use common::{Signed, assert_exit, serve};

#[test]
fn the_providers_billing_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);

    let billing = cli.json(&["--json", "provider", "billing"]);
    assert_eq!(billing["subscription"]["status"], "active", "{billing}");
    assert!(billing["asOf"].is_string());
    let plans = billing["subscription"]["plans"].as_array().unwrap();
    assert!(!plans.is_empty());
    let text = String::from_utf8(cli.run(&["provider", "billing"]).stdout).unwrap();
    assert!(text.contains("Seat") || text.contains("Minimum"), "{text}");

    let invoices = cli.json(&["--json", "provider", "invoices"]);
    let id = invoices[0]["id"].as_str().unwrap().to_owned();
    let out = data.path().join("invoice.csv");
    let saved = cli.json(&[
        "--json",
        "provider",
        "invoices",
        "--save",
        &id,
        "--out",
        out.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(saved["bytes"], bytes.len());
    assert!(
        String::from_utf8_lossy(&bytes).lines().count() > 1,
        "a header and rows"
    );

    let address = [
        "provider",
        "address",
        "--country",
        "de",
        "--postal-code",
        "10115",
        "--city",
        "Berlin",
        "--tax-id-type",
        "eu_vat",
        "--tax-id",
        "DE123456789",
    ];
    cli.dry_run(&address, "Berlin");
    assert_ne!(
        cli.json(&["--json", "provider", "address"])["city"],
        "Berlin",
        "the dry run changed nothing"
    );
    cli.apply(&address);
    let stored = cli.json(&["--json", "provider", "address"]);
    assert_eq!(
        (&stored["country"], &stored["taxId"]),
        (&"DE".into(), &"DE123456789".into())
    );

    cli.apply(&["provider", "settings", "--business-name", "Demo MSP GmbH"]);
    assert_eq!(
        cli.json(&["--json", "provider", "settings"])["businessName"],
        "Demo MSP GmbH"
    );
    // Nothing to change: refused as invalid input.
    assert_exit(
        &cli.run(&[
            "provider",
            "settings",
            "--business-name",
            "Demo MSP GmbH",
            "--yes",
        ]),
        2,
    );

    let clients = cli.json(&["--json", "clients"]);
    let client = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == "provider")
        .unwrap()["organizationId"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = cli.json(&["--json", "client", "billing", "--client", &client]);
    assert!(
        page["subscriptionNote"]
            .as_str()
            .unwrap()
            .contains("consolidated"),
        "{page}"
    );
    cli.apply(&[
        "client",
        "billing",
        "--client",
        &client,
        "--billing-email",
        "ap@client.example",
    ]);
    assert_eq!(
        cli.json(&["--json", "client", "billing", "--client", &client])["billingEmail"],
        "ap@client.example"
    );
}

#[test]
fn a_service_user_sees_why_not() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_SERVICE_USER_EMAIL);
    cli.json(&["--json", "sync"]);
    let text = String::from_utf8(cli.run(&["provider", "invoices"]).stdout).unwrap();
    assert!(text.contains("provider admins"), "{text}");
    assert_exit(
        &cli.run(&[
            "provider",
            "invoices",
            "--save",
            "in_x",
            "--out",
            "/tmp/x.csv",
        ]),
        7,
    );
    assert_exit(
        &cli.run(&["provider", "settings", "--name", "Mine", "--yes"]),
        7,
    );
}
