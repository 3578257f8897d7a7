//! Items and Sends both ways with the official CLI: every type and field
//! we create reads back equal in `bw get item`; items `bw create item`
//! makes read back equal in ours; a one-time Send we make opens once in
//! `bw receive`, and a Send `bw send` makes opens in ours.

use super::cli_path;
use super::members::bw_login;
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD};
use desk_core::jobs::{JobStatus, Operation, Submitted};
use desk_core::sends::SendInput;
use desk_core::sync::SyncOptions;
use desk_core::vault::{Item, ItemInput};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

fn done(jobs: &Submitted) {
    assert!(
        jobs.jobs.iter().all(|j| j.status == JobStatus::Done),
        "{jobs:#?}"
    );
}

/// Nulls dropped everywhere: the official CLI leaves them out where we
/// print them (both tools read absent and null alike).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The fields both tools must agree on (dates, ids and the wrapped item
/// key, which `bw` prints, aside).
fn comparable(item: &Value) -> Value {
    let mut v = without_nulls(item);
    let obj = v.as_object_mut().unwrap();
    obj.remove("key");
    for k in [
        "id",
        "object",
        "revisionDate",
        "creationDate",
        "deletedDate",
        "archivedDate",
        "attachments",
        "folderId",
        "organizationId",
        "passwordHistory",
        "collectionIds",
    ] {
        obj.remove(k);
    }
    // The official CLI prints an empty list of passkeys and the URI's
    // checksum helper fields differently; compare what users enter.
    if let Some(login) = obj.get_mut("login").and_then(Value::as_object_mut) {
        login.remove("fido2Credentials");
        login.remove("passwordRevisionDate");
        if let Some(uris) = login.get_mut("uris").and_then(Value::as_array_mut) {
            for u in uris {
                if let Some(u) = u.as_object_mut() {
                    u.retain(|k, _| k == "uri" || k == "match");
                }
            }
        }
    }
    if obj
        .get("fields")
        .is_some_and(|f| f.as_array().is_some_and(Vec::is_empty))
    {
        obj.remove("fields");
    }
    v
}

fn items_of_every_type() -> Vec<Value> {
    vec![
        json!({"type": 1, "name": "VPN gateway", "notes": "edge, rack 1", "favorite": false, "reprompt": 0,
            "fields": [{"name": "PIN", "value": "8812", "type": 1, "linkedId": null},
                       {"name": "Site", "value": "HQ", "type": 0, "linkedId": null},
                       {"name": "Managed", "value": "true", "type": 2, "linkedId": null}],
            "login": {"username": "vpnadmin", "password": "Gw-Pass-7781!", "totp": "otpauth://totp/VPN?secret=JBSWY3DPEHPK3PXP&issuer=Edge",
                      "uris": [{"uri": "https://vpn.northwind.example", "match": null},
                               {"uri": "https://vpn2.northwind.example/admin", "match": 2}]}}),
        json!({"type": 2, "name": "Alarm codes", "notes": "front door 2468", "favorite": false, "reprompt": 1,
            "fields": [], "secureNote": {"type": 0}}),
        json!({"type": 3, "name": "Company card", "notes": null, "favorite": true, "reprompt": 0, "fields": [],
            "card": {"cardholderName": "Northwind Traders", "brand": "Visa", "number": "4111111111111111",
                     "expMonth": "12", "expYear": "2029", "code": "123"}}),
        json!({"type": 4, "name": "CEO identity", "notes": null, "favorite": false, "reprompt": 0, "fields": [],
            "identity": {"title": "Ms", "firstName": "Ana", "middleName": null, "lastName": "Ruiz",
                "address1": "1 Main St", "address2": null, "address3": null, "city": "Seattle", "state": "WA",
                "postalCode": "98101", "country": "US", "company": "Northwind", "email": "ana@northwind.example",
                "phone": "555-0100", "ssn": "123-45-6789", "username": "aruiz", "passportNumber": "X1234567",
                "licenseNumber": "D7654321"}}),
        json!({"type": 5, "name": "Deploy key", "notes": null, "favorite": false, "reprompt": 0, "fields": [],
            "sshKey": {"privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
                       "publicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOk deploy", "keyFingerprint": "SHA256:abc123"}}),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Node and the official Bitwarden CLI; runs ~40 s of `bw` calls"]
async fn items_and_sends_round_trip_with_the_official_cli() {
    let bin = cli_path();
    let dir = tempfile::tempdir().unwrap();

    let super::Desk {
        sandbox,
        ca,
        url,
        core,
        org,
    } = super::desk_on_northwind(dir.path()).await;
    let collections = core.collections(&org).await.unwrap();
    let col = |name: &str| {
        collections
            .iter()
            .find(|c| c.name.as_deref() == Some(name))
            .unwrap()
            .id
            .clone()
    };
    let (infra, finance) = (col("Infrastructure"), col("Finance"));

    // --- ours → theirs: every type, every field ---
    let mut ours = Vec::new();
    for want in items_of_every_type() {
        let mut item: Item = serde_json::from_value(want.clone()).unwrap();
        item.collection_ids = Some(vec![infra.clone(), finance.clone()]);
        let ops = core
            .item_operations(ItemInput {
                organization_id: org.clone(),
                item_id: None,
                item,
            })
            .await
            .unwrap();
        done(&core.submit(ops, true).await.unwrap());
        ours.push(want);
    }
    let admin = bw_login(&bin, dir.path(), &ca, &url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await;
    for want in &ours {
        let name = want["name"].as_str().unwrap();
        let got = admin.json(&["get", "item", name]).await;
        assert_eq!(comparable(&got), comparable(want), "bw get item {name}");
        let mut cols: Vec<String> = got["collectionIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        cols.sort();
        let mut expected = vec![infra.clone(), finance.clone()];
        expected.sort();
        assert_eq!(cols, expected, "{name}");
    }
    // New items carry their own key, as the server asks (cloud's flag).
    let (_, synced) = super::admin_sync(&sandbox).await;
    let vpn = synced["ciphers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["organizationId"] == org.as_str()
                && c["key"].is_string()
                && c["type"] == 1
                && c["reprompt"] == 0
                && c["fields"].as_array().is_some_and(|f| f.len() == 3)
        })
        .expect("our new login has a per-item key");
    assert!(vpn["login"]["uris"][0]["uriChecksum"].is_string());

    // An edit through the official CLI, read back by us (the item key kept).
    let mut edited = admin.json(&["get", "item", "VPN gateway"]).await;
    let id = edited["id"].as_str().unwrap().to_owned();
    edited["login"]["password"] = json!("Changed-By-bw-42!");
    let encoded = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(edited.to_string())
    };
    admin.ok(&["edit", "item", &id, &encoded]).await;
    core.sync(SyncOptions::default(), &|_| {}, CancellationToken::new())
        .await
        .unwrap();
    let ours_now = core.item(&org, &id, true).await.unwrap();
    let login = ours_now.login.clone().unwrap();
    assert_eq!(login.password.as_deref(), Some("Changed-By-bw-42!"));
    assert_eq!(
        ours_now.password_history.unwrap()[0].password.as_deref(),
        Some("Gw-Pass-7781!")
    );

    // --- theirs → ours: every type the official CLI creates ---
    for mut want in items_of_every_type() {
        let name = format!("{} (bw)", want["name"].as_str().unwrap());
        want["name"] = json!(name);
        want["organizationId"] = json!(org);
        want["collectionIds"] = json!([infra]);
        let encoded = {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(want.to_string())
        };
        admin.json(&["create", "item", &encoded]).await;
    }
    core.sync(SyncOptions::default(), &|_| {}, CancellationToken::new())
        .await
        .unwrap();
    let list = core.items(&org, false).await.unwrap();
    for mut want in items_of_every_type() {
        let name = format!("{} (bw)", want["name"].as_str().unwrap());
        want["name"] = json!(name);
        let id = &list
            .iter()
            .find(|i| i.name.as_deref() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("{name} missing"))
            .id;
        let got = serde_json::to_value(core.item(&org, id, true).await.unwrap()).unwrap();
        // Favourites are each user's own; the org listing we read has none.
        want["favorite"] = json!(false);
        assert_eq!(comparable(&got), comparable(&want), "our item get {name}");
    }

    // --- Sends: ours opened by `bw receive`, once ---
    let create = |text: &str, password: Option<&str>, max: Option<u32>| SendInput {
        send_id: None,
        name: format!("interop {text}"),
        notes: None,
        text: Some(text.to_owned()),
        hidden: false,
        file: None,
        max_access_count: max,
        expiration_date: None,
        deletion_date: None,
        password: password.map(str::to_owned),
        hide_email: false,
        disabled: false,
    };
    let make = |input: SendInput| {
        let core = &core;
        async move {
            let ops = core.send_operations(input).await.unwrap();
            let key = ops
                .iter()
                .find_map(|op| match op {
                    Operation::Send(s) => s.created_key().map(str::to_owned),
                    _ => None,
                })
                .unwrap();
            done(&core.submit(ops, true).await.unwrap());
            core.send_with_key(&key).await.unwrap().unwrap().link
        }
    };
    let link = make(create("one-time secret", None, Some(1))).await;
    let receiver = super::Bw {
        bin: bin.clone(),
        appdata: dir.path().join("receiver"),
        ca: ca.clone(),
        session: None,
    };
    // A recipient's CLI knows the server (it refuses links to another).
    receiver.ok(&["config", "server", &url]).await;
    let got = receiver.ok(&["receive", &link]).await;
    assert_eq!(got.trim(), "one-time secret");
    let (ok, _, _) = receiver.run(&["receive", &link]).await;
    assert!(!ok, "a one-time Send must not open twice");

    let link = make(create("with a password", Some("open sesame"), None)).await;
    let (ok, _, _) = receiver
        .run(&["receive", &link, "--password", "wrong"])
        .await;
    assert!(!ok, "a wrong Send password must be refused");
    let got = receiver
        .ok(&["receive", &link, "--password", "open sesame"])
        .await;
    assert_eq!(got.trim(), "with a password");

    // A file Send we make: `bw receive` downloads and decrypts it.
    let ops = core
        .send_operations(SendInput {
            name: "interop file".into(),
            text: None,
            file: Some(desk_core::sends::SendFile {
                file_name: "notes.txt".into(),
                data: {
                    use base64::Engine as _;
                    base64::engine::general_purpose::STANDARD.encode(b"file body \x00\x01 end")
                },
            }),
            ..create("unused", None, Some(1))
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let file_link = core
        .sends(false)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name.as_deref() == Some("interop file"))
        .unwrap()
        .link;
    let out = dir.path().join("received.txt");
    receiver
        .ok(&["receive", &file_link, "--output", out.to_str().unwrap()])
        .await;
    assert_eq!(std::fs::read(&out).unwrap(), b"file body \x00\x01 end");

    // --- theirs opened by ours ---
    let theirs = admin
        .json(&[
            "send",
            "-n",
            "from bw",
            "--maxAccessCount",
            "1",
            "text made by the official CLI",
        ])
        .await;
    let their_link = theirs["accessUrl"].as_str().unwrap().to_owned();
    let opened = core.receive_send(&their_link, None).await.unwrap();
    assert_eq!(
        opened.text.as_deref(),
        Some("text made by the official CLI")
    );
    assert!(core.receive_send(&their_link, None).await.is_err());
    // A file Send the official CLI makes: ours saves the same bytes.
    let their_file = dir.path().join("handover.txt");
    std::fs::write(&their_file, b"handover notes \x00\xff end").unwrap();
    let theirs = admin
        .json(&[
            "send",
            "-n",
            "file from bw",
            "--maxAccessCount",
            "1",
            "-f",
            their_file.to_str().unwrap(),
        ])
        .await;
    let file_link = theirs["accessUrl"].as_str().unwrap().to_owned();
    let into = dir.path().join("ours");
    std::fs::create_dir(&into).unwrap();
    let saved = core
        .receive_send_file(&file_link, None, &into)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&saved.path).unwrap(),
        b"handover notes \x00\xff end"
    );
    assert!(
        core.receive_send_file(&file_link, None, &into)
            .await
            .is_err()
    );
    // And our list reads the Send the official CLI made.
    let mine = core.sends(true).await.unwrap();
    let listed = mine
        .iter()
        .find(|s| s.name.as_deref() == Some("from bw"))
        .unwrap();
    assert_eq!(
        listed.text.as_deref(),
        Some("text made by the official CLI")
    );
    assert_eq!(listed.link, their_link);

    sandbox.shutdown().await;
}
