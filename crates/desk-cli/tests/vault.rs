//! `pdesk item|collections|send|generate` against the sandbox: items in the
//! official CLI's JSON shape go through the queue and read back equal;
//! secrets stay out unless revealed and survive an edit that leaves them
//! out; a one-time Send opens once.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::{Signed, assert_exit, serve};
use serde_json::{Value, json};

const C: &str = DEMO_DIRECT_ORG_NAME;

fn login_item() -> Value {
    json!({
        "type": 1, "name": "Core switch", "notes": "rack 4", "favorite": false, "reprompt": 0,
        "fields": [
            {"name": "PIN", "value": "4321", "type": 1, "linkedId": null},
            {"name": "Site", "value": "HQ", "type": 0, "linkedId": null}
        ],
        "login": {
            "username": "netadmin", "password": "Sw1tch-Pass!", "totp": "JBSWY3DPEHPK3PXP",
            "uris": [{"uri": "https://switch.northwind.example", "match": null},
                     {"uri": "ssh://10.0.0.2", "match": 3}]
        }
    })
}

#[test]
fn items_collections_and_sends_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let (_server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);

    // Collections: a tree with item counts; create and rename.
    let cols = cli.json(&["--json", "collections", "--client", C]);
    assert!(
        cols.as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Infrastructure"),
        "{cols}"
    );
    cli.apply(&[
        "collections",
        "create",
        "--client",
        C,
        "--name",
        "Infrastructure/Network",
    ]);
    let cols = cli.json(&["--json", "collections", "--client", C]);
    let nested = cols
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Infrastructure/Network")
        .unwrap_or_else(|| panic!("{cols}"));
    assert_eq!(nested["depth"], 1);
    assert_eq!(nested["label"], "Network");

    // Create: the dry run sends nothing; --yes applies and re-reads the client.
    let body = login_item().to_string();
    let create = [
        "item",
        "create",
        &body,
        "--client",
        C,
        "--collection",
        "Infrastructure",
        "--collection",
        "Infrastructure/Network",
    ];
    cli.dry_run(&create, "Core switch");
    assert_exit(&cli.run(&["item", "get", "Core switch", "--client", C]), 7);
    cli.apply(&create);

    // Read back: secrets only with --reveal, every field equal.
    let hidden = cli.json(&["item", "get", "Core switch", "--client", C]);
    assert_eq!(hidden["object"], "item");
    assert_eq!(hidden["login"]["username"], "netadmin");
    assert_eq!(hidden["login"]["password"], Value::Null);
    assert_eq!(hidden["fields"][0]["value"], Value::Null);
    assert_eq!(hidden["fields"][1]["value"], "HQ");
    assert_eq!(hidden["collectionIds"].as_array().unwrap().len(), 2);
    let shown = cli.json(&["item", "get", "Core switch", "--client", C, "--reveal"]);
    assert_eq!(shown["login"]["password"], "Sw1tch-Pass!");
    assert_eq!(shown["login"]["totp"], "JBSWY3DPEHPK3PXP");
    assert_eq!(shown["login"]["uris"], login_item()["login"]["uris"]);
    assert_eq!(shown["fields"], login_item()["fields"]);
    assert_eq!(shown["notes"], "rack 4");

    // Edit what `get` printed without secrets: they are kept.
    let mut edited = hidden.clone();
    edited["name"] = json!("Core switch A");
    cli.apply(&[
        "item",
        "edit",
        "Core switch",
        &edited.to_string(),
        "--client",
        C,
    ]);
    let after = cli.json(&["item", "get", "Core switch A", "--client", C, "--reveal"]);
    assert_eq!(after["login"]["password"], "Sw1tch-Pass!");
    assert_eq!(after["fields"][0]["value"], "4321");
    assert_eq!(after["passwordHistory"], Value::Null);
    // A new password: the old one goes to the history.
    let mut changed = after.clone();
    changed["login"]["password"] = json!("N3w-Sw1tch-Pass!");
    cli.apply(&[
        "item",
        "edit",
        "Core switch A",
        &changed.to_string(),
        "--client",
        C,
    ]);
    let after = cli.json(&["item", "get", "Core switch A", "--client", C, "--reveal"]);
    assert_eq!(after["login"]["password"], "N3w-Sw1tch-Pass!");
    assert_eq!(after["passwordHistory"][0]["password"], "Sw1tch-Pass!");
    // A stale edit (planned against an older revision) is a conflict.
    let stale = cli.json(&[
        "--json",
        "item",
        "edit",
        "Core switch A",
        &changed.to_string(),
        "--client",
        C,
        "--queue-only",
        "--yes",
    ]);
    assert_eq!(stale["jobs"][0]["status"], "pending", "{stale}");
    let mut other = after.clone();
    other["notes"] = json!("changed meanwhile");
    cli.apply(&[
        "item",
        "edit",
        "Core switch A",
        &other.to_string(),
        "--client",
        C,
    ]);
    let applied = cli.run(&["--json", "queue", "apply"]);
    assert!(
        String::from_utf8_lossy(&applied.stdout).contains("conflict"),
        "{}",
        String::from_utf8_lossy(&applied.stdout)
    );

    // Move, trash, restore, delete for good.
    cli.apply(&[
        "item",
        "move",
        "Core switch A",
        "--client",
        C,
        "--collection",
        "Finance",
    ]);
    assert_eq!(
        cli.json(&["item", "get", "Core switch A", "--client", C])["collectionIds"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_exit(
        &cli.run(&[
            "item",
            "delete",
            "Core switch A",
            "--client",
            C,
            "--permanent",
            "--yes",
        ]),
        8,
    );
    cli.apply(&["item", "delete", "Core switch A", "--client", C]);
    assert!(cli.json(&["item", "get", "Core switch A", "--client", C])["deletedDate"].is_string());
    cli.apply(&["item", "restore", "Core switch A", "--client", C]);
    assert!(cli.json(&["item", "get", "Core switch A", "--client", C])["deletedDate"].is_null());
    cli.apply(&["item", "delete", "Core switch A", "--client", C]);
    cli.apply(&[
        "item",
        "delete",
        "Core switch A",
        "--client",
        C,
        "--permanent",
    ]);
    assert_exit(
        &cli.run(&["item", "get", "Core switch A", "--client", C]),
        7,
    );

    // Every type from its template.
    for kind in ["note", "card", "identity", "ssh-key"] {
        let mut t = cli.json(&["item", "template", kind]);
        t["name"] = json!(format!("Template {kind}"));
        let item = t.to_string();
        cli.apply(&[
            "item",
            "create",
            &item,
            "--client",
            C,
            "--collection",
            "Finance",
        ]);
        let back = cli.json(&["item", "get", &format!("Template {kind}"), "--client", C]);
        assert_eq!(back["type"], t["type"], "{kind}");
    }
    // No collection: refused before anything is sent.
    assert_exit(
        &cli.run(&[
            "item",
            "create",
            &login_item().to_string(),
            "--client",
            C,
            "--yes",
        ]),
        2,
    );

    // A one-time Send: the link opens once.
    let send = cli.json(&[
        "--json",
        "send",
        "create",
        "the wifi key is hunter2",
        "--name",
        "Wifi",
        "--yes",
    ]);
    let link = send["accessUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{send}"))
        .to_owned();
    assert!(
        link.starts_with(&format!("{}/#/send/", url.trim_end_matches('/'))),
        "{link}"
    );
    assert_eq!(send["maxAccessCount"], 1);
    let got = cli.json(&["--json", "send", "receive", &link]);
    assert_eq!(got["text"], "the wifi key is hunter2");
    assert_exit(&cli.run(&["send", "receive", &link]), 7);
    let list = cli.json(&["--json", "send", "list"]);
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Wifi")
        .unwrap();
    assert_eq!(mine["status"], "max_accessed");
    assert_eq!(mine["accessCount"], 1);
    // Edit: more accesses and a new text open it again.
    let id = mine["id"].as_str().unwrap().to_owned();
    cli.apply(&[
        "send",
        "edit",
        &id,
        "--max-access-count",
        "2",
        "--text",
        "now it is hunter3",
    ]);
    assert_eq!(
        cli.json(&["--json", "send", "receive", &link])["text"],
        "now it is hunter3"
    );
    cli.json(&["--json", "send", "delete", &id, "--yes"]);
    assert!(
        !cli.json(&["--json", "send", "list"])
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id.as_str())
    );

    // With a password: refused without it, opened with it.
    let send = pdesk_with_env(
        &cli,
        &[
            "--json",
            "send",
            "create",
            "vpn psk",
            "--password-env",
            "SEND_PW",
            "--max-access-count",
            "3",
            "--yes",
        ],
    );
    let link = send["accessUrl"].as_str().unwrap().to_owned();
    assert_exit(&cli.run(&["send", "receive", &link]), 7);
    let got = pdesk_with_env(
        &cli,
        &[
            "--json",
            "send",
            "receive",
            &link,
            "--password-env",
            "SEND_PW",
        ],
    );
    assert_eq!(got["text"], "vpn psk");

    // A file Send: the file comes back byte for byte, under a safe name.
    let file = data.path().join("runbook.txt");
    std::fs::write(&file, b"step 1\x00\x01 step 2\n").unwrap();
    let send = cli.json(&[
        "--json",
        "send",
        "create",
        "--file",
        file.to_str().unwrap(),
        "--yes",
    ]);
    let link = send["accessUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{send}"))
        .to_owned();
    let out = data.path().join("received");
    std::fs::create_dir(&out).unwrap();
    let saved = cli.json(&[
        "--json",
        "send",
        "receive",
        &link,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(out.join("runbook.txt")).unwrap(),
        b"step 1\x00\x01 step 2\n",
        "{saved}"
    );
    // One-time: the file was the access.
    assert_exit(
        &cli.run(&["send", "receive", &link, "--output", out.to_str().unwrap()]),
        7,
    );

    // Too late a deletion date: refused.
    assert_exit(
        &cli.run(&["send", "create", "x", "--delete-in-days", "40", "--yes"]),
        2,
    );

    let generated = cli.json(&["--json", "generate", "--length", "24"]);
    assert_eq!(generated.as_str().unwrap().chars().count(), 24);
    let phrase = cli.json(&["--json", "generate", "-p", "--words", "4"]);
    assert_eq!(phrase.as_str().unwrap().split('-').count(), 4);
}

fn pdesk_with_env(cli: &Signed, args: &[&str]) -> Value {
    // SAFETY of the test: only this test's child processes read it.
    // (set before spawning; pdesk reads the named variable)
    unsafe { std::env::set_var("SEND_PW", "correct horse") };
    cli.json(args)
}
