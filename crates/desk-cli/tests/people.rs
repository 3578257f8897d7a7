//! `pdesk provider users` against the sandbox: the provider's people
//! listed, invited (the dry run changes nothing), re-invited, given another
//! role and removed, each through the queue.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_SERVICE_USER_EMAIL};
use common::{Signed, assert_exit, serve};
use serde_json::Value;

fn person<'a>(page: &'a Value, email: &str) -> Option<&'a Value> {
    page["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
}

#[test]
fn the_providers_people_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);
    let list = || cli.json(&["--json", "provider", "users"]);
    let page = list();
    assert_eq!(
        person(&page, DEMO_SERVICE_USER_EMAIL).unwrap()["role"],
        "service_user"
    );
    assert_eq!(
        person(&page, DEMO_ADMIN_EMAIL).unwrap()["status"],
        "confirmed"
    );

    let invite = [
        "provider",
        "users",
        "invite",
        "--email",
        "Helper@Demo-MSP.example",
        "--role",
        "service-user",
    ];
    cli.dry_run(&invite, "helper@demo-msp.example");
    cli.apply(&invite);
    // Already there: refused before anything is sent.
    assert_exit(&cli.run(&[&invite[..], &["--yes"][..]].concat()), 8);
    cli.json(&["--json", "sync"]);
    assert_eq!(
        person(&list(), "helper@demo-msp.example").unwrap()["status"],
        "invited"
    );

    let who = ["--user", "helper@demo-msp.example"];
    for verb in [&["reinvite"][..], &["edit", "--role", "admin"][..]] {
        cli.apply(&[&["provider", "users"][..], verb, &who[..]].concat());
    }
    cli.json(&["--json", "sync"]);
    assert_eq!(
        person(&list(), "helper@demo-msp.example").unwrap()["role"],
        "provider_admin"
    );
    // Confirming someone who has not accepted: refused.
    assert_exit(
        &cli.run(
            &[
                &["provider", "users", "confirm"][..],
                &who[..],
                &["--yes"][..],
            ]
            .concat(),
        ),
        8,
    );
    cli.apply(&[&["provider", "users", "remove"][..], &who[..]].concat());
    cli.json(&["--json", "sync"]);
    assert!(person(&list(), "helper@demo-msp.example").is_none());
}
