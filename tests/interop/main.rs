//! The official Bitwarden CLI (`@bitwarden/cli`, pinned) against bw-sandbox:
//! if the real client accepts the sandbox, the sandbox is faithful enough.
//!
//! Run: `cargo test --test interop -- --ignored` (about a minute; `bw` is slow;
//! `scripts/dev test` runs it).
//! The CLI comes from `$BW_CLI` (path to a `bw` binary) or is installed once
//! with npm into `<target>/bw-cli-2026.9.0` (`$BW_CLI_CACHE` overrides the folder):
//! `npm install --prefix target/bw-cli-2026.9.0 --no-audit --no-fund @bitwarden/cli@2026.9.0`.

use bw_crypto::{EncString, SymmetricKey};
use bw_sandbox::{
    DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET, DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME, DEMO_PASSWORD,
    Sandbox, SandboxConfig, TlsConfig, demo_direct_org_items,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

mod members;
mod vault;

const CLI_VERSION: &str = "2026.9.0";

fn cli_path() -> PathBuf {
    if let Ok(path) = std::env::var("BW_CLI") {
        return PathBuf::from(path);
    }
    let dir = std::env::var("BW_CLI_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| workspace_root().join("target"));
            target.join(format!("bw-cli-{CLI_VERSION}"))
        });
    let bin = dir.join("node_modules/.bin/bw");
    if !bin.exists() {
        let status = std::process::Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&dir)
            .args([
                "--no-audit",
                "--no-fund",
                &format!("@bitwarden/cli@{CLI_VERSION}"),
            ])
            .status()
            .expect("npm must be installed to fetch the official Bitwarden CLI");
        assert!(
            status.success(),
            "npm install @bitwarden/cli@{CLI_VERSION} failed"
        );
    }
    bin
}

/// The folder holding Cargo.lock (this file is also compiled by crates/bw-sandbox).
fn workspace_root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("Cargo.lock").exists() {
        if !dir.pop() {
            return Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
        }
    }
    dir
}

/// One `bw` profile: its own app-data dir, the sandbox CA, an optional session.
struct Bw {
    bin: PathBuf,
    appdata: PathBuf,
    ca: PathBuf,
    session: Option<String>,
}

impl Bw {
    async fn run(&self, args: &[&str]) -> (bool, String, String) {
        let mut cmd = tokio::process::Command::new(&self.bin);
        cmd.args(args)
            .env("BITWARDENCLI_APPDATA_DIR", &self.appdata)
            .env("NODE_EXTRA_CA_CERTS", &self.ca)
            .env("BW_NOINTERACTION", "true")
            .env_remove("BW_SESSION");
        if let Some(s) = &self.session {
            cmd.env("BW_SESSION", s);
        }
        let out = tokio::time::timeout(std::time::Duration::from_secs(90), cmd.output())
            .await
            .expect("bw timed out")
            .expect("bw runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), stdout, stderr)
    }

    async fn ok(&self, args: &[&str]) -> String {
        let (ok, stdout, stderr) = self.run(args).await;
        assert!(
            ok,
            "bw {args:?} failed:\nstdout: {stdout}\nstderr: {stderr}"
        );
        stdout
    }

    async fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args).await;
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bw {args:?}: not JSON ({e}): {out}"))
    }
}

/// A sandbox on TLS, and the CA file clients trust it with.
async fn tls_sandbox(dir: &Path) -> (bw_sandbox::RunningSandbox, PathBuf) {
    let ca = dir.join("ca.pem");
    let sandbox = Sandbox::start(SandboxConfig {
        tls: Some(TlsConfig {
            ca_out: Some(ca.clone()),
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    (sandbox, ca)
}

/// Where the member and vault round trips start: a TLS sandbox, the CA
/// file that trusts it, and Provider Desk signed in as the demo admin and
/// synced, with the id of Northwind (an org the admin owns directly).
struct Desk {
    sandbox: bw_sandbox::RunningSandbox,
    ca: PathBuf,
    url: String,
    core: desk_core::core::Core,
    org: String,
}

async fn desk_on_northwind(dir: &Path) -> Desk {
    use desk_core::core::{Core, CoreConfig};
    let (sandbox, ca) = tls_sandbox(dir).await;
    let url = sandbox.url().to_owned();
    let mut config = CoreConfig::new(desk_core::app::DataDir::prepare(dir.join("desk")).unwrap());
    config.extra_ca_pem = Some(std::fs::read(&ca).unwrap());
    let core = Core::new(config).unwrap();
    core.login(desk_core::session::LoginInput {
        server: url.clone(),
        email: DEMO_ADMIN_EMAIL.to_owned(),
        password: DEMO_PASSWORD.into(),
        credentials: desk_core::session::Credentials::Password {
            second: bw_api::client::SecondFactor::None,
        },
        allow_http: false,
    })
    .await
    .unwrap();
    core.sync(
        desk_core::sync::SyncOptions::default(),
        &|_| {},
        tokio_util::sync::CancellationToken::new(),
    )
    .await
    .unwrap();
    let org = core
        .find_client(DEMO_DIRECT_ORG_NAME)
        .await
        .unwrap()
        .organization_id;
    Desk {
        sandbox,
        ca,
        url,
        core,
        org,
    }
}

/// The demo admin's `GET sync`, straight from the sandbox (what the server
/// stores, whoever wrote it), and the session with the admin's keys.
async fn admin_sync(sandbox: &bw_sandbox::RunningSandbox) -> (bw_sandbox::testkit::Session, Value) {
    let me = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let sync = sandbox
        .send(
            "GET",
            "/api/sync?excludeDomains=true",
            Some(&me.access_token),
            None,
        )
        .await
        .json();
    (me, sync)
}

fn decrypt(key: &SymmetricKey, value: &Value) -> String {
    let enc: EncString = value
        .as_str()
        .expect("an EncString")
        .parse()
        .expect("a valid EncString");
    String::from_utf8(key.decrypt(&enc).expect("decrypts").expose().to_vec()).expect("UTF-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Node and the official Bitwarden CLI (npm install, ~15 s) and runs ~1 min of `bw` calls"]
async fn official_cli_logs_in_syncs_reads_and_writes() {
    let bin = cli_path();
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, ca) = tls_sandbox(dir.path()).await;
    assert!(sandbox.url().starts_with("https://127.0.0.1:"));

    // --- the demo admin ---
    let mut admin = Bw {
        bin: bin.clone(),
        appdata: dir.path().join("admin"),
        ca: ca.clone(),
        session: None,
    };
    admin.ok(&["config", "server", sandbox.url()]).await;
    let session = admin
        .ok(&["login", DEMO_ADMIN_EMAIL, DEMO_PASSWORD, "--raw"])
        .await;
    assert!(!session.trim().is_empty(), "bw login printed no session");
    admin.session = Some(session.trim().to_string());
    admin.ok(&["sync"]).await;

    let orgs = admin.json(&["list", "organizations"]).await;
    let direct = entry(&orgs, "name", DEMO_DIRECT_ORG_NAME);
    let org_id = direct["id"].as_str().unwrap().to_string();

    let items = admin
        .json(&["list", "items", "--organizationid", &org_id])
        .await;
    let mut got: Vec<(String, String, String, String)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["login"]["username"].as_str().unwrap().to_string(),
                i["login"]["password"].as_str().unwrap().to_string(),
                i["login"]["uris"][0]["uri"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want: Vec<(String, String, String, String)> = demo_direct_org_items()
        .into_iter()
        .map(|d| {
            (
                d.name.into(),
                d.username.into(),
                d.password.into(),
                d.uri.into(),
            )
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(
        got, want,
        "every seeded item decrypts to its plaintext in the official client"
    );

    let collections = admin
        .json(&["list", "org-collections", "--organizationid", &org_id])
        .await;
    // Found by name: the collection's name decrypts.
    let collection = entry(&collections, "name", "Infrastructure");
    let collection_id = collection["id"].as_str().unwrap().to_string();

    let template = serde_json::json!({
        "type": 1, "name": "Created by the official CLI", "notes": "interop", "favorite": false,
        "organizationId": org_id, "collectionIds": [collection_id], "folderId": null, "reprompt": 0, "fields": [],
        "login": {"username": "cli-user", "password": "cli-pass-9!", "totp": null,
                  "uris": [{"uri": "https://cli.example", "match": null}]},
    });
    let encoded = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(template.to_string())
    };
    let created = admin.json(&["create", "item", &encoded]).await;
    let cipher_id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["collectionIds"][0], collection_id.as_str());

    let send = admin
        .json(&[
            "send",
            "-n",
            "Interop send",
            "secret text from the official CLI",
        ])
        .await;
    let send_id = send["id"].as_str().unwrap().to_string();

    let members = admin
        .json(&["list", "org-members", "--organizationid", &org_id])
        .await;
    let emails: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert!(
        emails.contains(&"alice@northwind.example") && emails.contains(&DEMO_ADMIN_EMAIL),
        "{emails:?}"
    );

    admin.ok(&["lock"]).await;
    let unlocked = admin.ok(&["unlock", DEMO_PASSWORD, "--raw"]).await;
    assert!(!unlocked.trim().is_empty(), "bw unlock printed no session");
    admin.session = Some(unlocked.trim().to_string());
    admin.ok(&["logout"]).await;

    // --- the sandbox stored what the official client encrypted; bw-crypto opens it ---
    let (me, sync) = admin_sync(&sandbox).await;
    let org_key_enc: EncString = entry(&sync["profile"]["organizations"], "id", &org_id)["key"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let org_key = me.private_key.decapsulate(&org_key_enc).unwrap();
    let cipher = entry(&sync["ciphers"], "id", &cipher_id);
    let item_key: Option<EncString> = cipher["key"].as_str().map(|k| k.parse().unwrap());
    let field_key = bw_crypto::cipher::field_key(&org_key, item_key.as_ref()).unwrap();
    assert_eq!(
        decrypt(&field_key, &cipher["name"]),
        "Created by the official CLI"
    );
    assert_eq!(
        decrypt(&field_key, &cipher["login"]["password"]),
        "cli-pass-9!"
    );
    assert_eq!(cipher["collectionIds"][0], collection_id.as_str());

    let stored_send = entry(&sync["sends"], "id", &send_id);
    let send_key_enc: EncString = stored_send["key"].as_str().unwrap().parse().unwrap();
    let send_key = bw_crypto::send::SendKey::unwrap(&me.user_key, &send_key_enc).unwrap();
    assert_eq!(
        decrypt(send_key.key(), &stored_send["name"]),
        "Interop send"
    );
    assert_eq!(
        decrypt(send_key.key(), &stored_send["text"]["text"]),
        "secret text from the official CLI"
    );

    // --- a user with two-step login (authenticator) ---
    let secure = Bw {
        bin,
        appdata: dir.path().join("secure"),
        ca: ca.clone(),
        session: None,
    };
    secure.ok(&["config", "server", sandbox.url()]).await;
    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    let (ok, _, stderr) = secure
        .run(&[
            "login",
            DEMO_2FA_EMAIL,
            DEMO_PASSWORD,
            "--method",
            "0",
            "--code",
            "000000",
            "--raw",
        ])
        .await;
    assert!(!ok, "a wrong authenticator code must be refused: {stderr}");
    let session = secure
        .ok(&[
            "login",
            DEMO_2FA_EMAIL,
            DEMO_PASSWORD,
            "--method",
            "0",
            "--code",
            &code,
            "--raw",
        ])
        .await;
    assert!(!session.trim().is_empty());
    secure.ok(&["logout"]).await;

    sandbox.shutdown().await;
}

/// The object of a JSON list whose `field` is `value`; the test fails,
/// showing the list, when there is none.
fn entry<'a>(list: &'a Value, field: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|o| o[field] == value))
        .unwrap_or_else(|| panic!("no {field} {value:?} in {list}"))
}
