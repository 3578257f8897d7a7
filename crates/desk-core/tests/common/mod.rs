//! Setup shared by the desk-core integration tests (each test file is its
//! own crate and uses a part of this, hence the `dead_code` allowance).
#![allow(dead_code)]

pub mod tamper;

use bw_api::client::{SecondFactor, TwoFactorMethod};
use bw_crypto::SecretString;
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, RunningSandbox, Sandbox, SandboxConfig, Seed};
use desk_core::clients::UpdateClientInput;
use desk_core::core::{Core, CoreConfig};
use desk_core::session::{AccountSummary, Credentials, LoginInput, LoginOutcome};
use desk_core::sync::{SyncOptions, SyncOutcome, SyncSummary};
use desk_core::{AppError, DataDir};
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

/// The demo accounts' master password.
/// The organization id of the client the snapshot lists under `name`.
pub async fn client_id(core: &Core, name: &str) -> String {
    core.find_client(name)
        .await
        .unwrap_or_else(|e| panic!("{name:?}: {e:?}"))
        .organization_id
}

/// The error of a submission's first job, which must have failed.
pub fn failed_first(submitted: &desk_core::jobs::Submitted) -> AppError {
    let job = &submitted.jobs[0];
    assert_eq!(
        job.status,
        desk_core::jobs::JobStatus::Failed,
        "{submitted:#?}"
    );
    job.error
        .clone()
        .unwrap_or_else(|| panic!("a failed job without its error: {job:?}"))
}

pub fn password() -> SecretString {
    SecretString::new(DEMO_PASSWORD.to_owned())
}

/// A sandbox started with `config`, on loopback.
pub async fn start(config: SandboxConfig) -> RunningSandbox {
    Sandbox::start(config).await.unwrap()
}

/// A sandbox with the demo seed.
pub async fn sandbox() -> RunningSandbox {
    start(SandboxConfig::default()).await
}

/// The scale seed: `clients` clients of one provider, each with `members`
/// members, `items` items and `events` events.
pub fn scale(clients: usize, members: usize, items: usize, events: usize) -> SandboxConfig {
    SandboxConfig {
        seed: Seed::Scale {
            clients,
            members,
            items,
            events,
        },
        ..SandboxConfig::default()
    }
}

/// A demo sandbox and a core over a new data directory (which lives as
/// long as the `TempDir`).
/// The core uses the sandbox's copies of Have I Been Pwned and
/// 2fa.directory.
pub async fn demo() -> (RunningSandbox, tempfile::TempDir, Core) {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = CoreConfig::new(DataDir::prepare(dir.path()).unwrap());
    config.public_urls = Some(bw_api::public::PublicUrls::under(sandbox.url()).unwrap());
    let core = Core::new(config).unwrap();
    (sandbox, dir, core)
}

/// [`demo`] with the core signed in as `email`.
pub async fn demo_signed_in(email: &str) -> (RunningSandbox, tempfile::TempDir, Core) {
    let (sandbox, dir, core) = demo().await;
    sign_in(&core, sandbox.url(), email).await;
    (sandbox, dir, core)
}

/// [`demo`] with the core signed in as `email` and synced once, in full.
pub async fn demo_synced(email: &str) -> (RunningSandbox, tempfile::TempDir, Core) {
    let (sandbox, dir, core) = demo_signed_in(email).await;
    full_sync(&core).await;
    (sandbox, dir, core)
}

/// The demo seed with the server's database in `dir` (to read it, or to
/// start the server again on it).
pub fn kept_in(dir: &Path) -> SandboxConfig {
    SandboxConfig {
        data_dir: Some(dir.to_owned()),
        ..SandboxConfig::default()
    }
}

/// The server's own database in `dir` (see [`kept_in`]).
pub async fn sandbox_db(dir: &Path) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join("sandbox.db").display()))
        .await
        .unwrap()
}

/// The code the sandbox last mailed to `email` for `purpose`.
pub async fn mailed_code(sandbox: &RunningSandbox, email: &str, purpose: &str) -> String {
    let code = sandbox.email_code(email, purpose).await;
    code.unwrap_or_else(|| panic!("no {purpose} code mailed to {email}"))
}

/// An access token for the demo provider admin, for the server's own routes
/// (a change made the way another admin or the portal makes it).
pub async fn admin_token(sandbox: &RunningSandbox) -> String {
    sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap()
        .access_token
}

/// Moves an item to the trash as another client of the server would (the
/// demo admin, the admin route).
pub async fn trash_item(sandbox: &RunningSandbox, item_id: &str) {
    let token = admin_token(sandbox).await;
    let response = reqwest::Client::new()
        .put(format!(
            "{}/api/ciphers/{item_id}/delete-admin",
            sandbox.url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{response:?}");
}

/// The id of the first provider in `token`'s profile.
pub async fn provider_id(sandbox: &RunningSandbox, token: &str) -> String {
    let profile = sandbox
        .send("GET", "/api/accounts/profile", Some(token), None)
        .await
        .json();
    profile["providers"][0]["id"].as_str().unwrap().to_owned()
}

/// A core over a fresh data directory (or an existing one, to reopen it).
pub fn core(dir: &Path) -> Core {
    Core::new(CoreConfig::new(DataDir::prepare(dir).unwrap())).unwrap()
}

/// A password sign-in with no second factor.
pub fn login(server: &str, email: &str, password: &str) -> LoginInput {
    LoginInput {
        server: server.to_owned(),
        email: email.to_owned(),
        password: SecretString::new(password.to_owned()),
        credentials: Credentials::Password {
            second: SecondFactor::None,
        },
        allow_http: false,
    }
}

/// Signs `core` in with `input`, which needs no further step.
pub async fn sign_in_with(core: &Core, input: LoginInput) -> AccountSummary {
    match core.login(input).await.unwrap() {
        LoginOutcome::SignedIn { account } => account,
        other => panic!("not signed in: {other:?}"),
    }
}

/// Signs `core` in to `server` as `email` with the demo password.
pub async fn sign_in(core: &Core, server: &str, email: &str) -> AccountSummary {
    sign_in_with(core, login(server, email, DEMO_PASSWORD)).await
}

/// A core over `dir` signed in to `server` as `email` (demo password).
pub async fn signed_in(server: &str, dir: &Path, email: &str) -> Core {
    let core = core(dir);
    sign_in(&core, server, email).await;
    core
}

/// A core over `dir` signed in as `email` and synced once, in full.
pub async fn synced(server: &str, dir: &Path, email: &str) -> Core {
    let core = signed_in(server, dir, email).await;
    full_sync(&core).await;
    core
}

/// The session as a command-line session key: exported, then the core
/// locked (a later process unlocks with the key).
pub async fn session_key(core: &Core) -> SecretString {
    let key = core.export_session_key().await.unwrap();
    core.lock().await;
    key
}

/// Unlocks `core` (a later process) with a session key of `account`.
pub async fn unlock_with(core: &Core, account: &str, key: &SecretString) {
    core.unlock_with_session_key(account, key).await.unwrap();
}

/// A full sync that succeeds for every client.
pub async fn full_sync(core: &Core) -> SyncSummary {
    let summary = run_sync(core, SyncOptions::default()).await.unwrap();
    assert_eq!(summary.outcome, SyncOutcome::Success, "{summary:?}");
    summary
}

/// A refresh of the client list alone.
pub fn list_only() -> SyncOptions {
    SyncOptions {
        list_only: true,
        ..SyncOptions::default()
    }
}

/// A change of a client's name and seats (`None` keeps the seats).
pub fn update_input(organization_id: &str, name: &str, seats: Option<i32>) -> UpdateClientInput {
    UpdateClientInput {
        organization_id: organization_id.to_owned(),
        name: name.to_owned(),
        assigned_seats: seats,
    }
}

/// A password sign-in (demo password) with a two-step code.
pub fn two_step(
    server: &str,
    email: &str,
    method: TwoFactorMethod,
    code: &str,
    remember: bool,
) -> LoginInput {
    LoginInput {
        credentials: Credentials::Password {
            second: SecondFactor::TwoFactor {
                method,
                code: SecretString::new(code.to_owned()),
                remember,
            },
        },
        ..login(server, email, DEMO_PASSWORD)
    }
}

/// A sync run without progress reports or cancellation.
pub async fn run_sync(core: &Core, options: SyncOptions) -> Result<SyncSummary, AppError> {
    core.sync(options, &|_| {}, CancellationToken::new()).await
}

/// Every file under `dir` with its bytes. SQLite may delete `-wal`/`-shm`
/// as a pool finishes closing; a file that is gone holds nothing.
pub fn file_contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths = Vec::new();
    files_under(dir, &mut paths);
    paths
        .into_iter()
        .filter_map(|path| match std::fs::read(&path) {
            Ok(bytes) => Some((path, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => panic!("{}: {e}", path.display()),
        })
        .collect()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Whether `needle` appears anywhere in `bytes`.
pub fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}
