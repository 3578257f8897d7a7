//! Setup shared by the desk-core integration tests (each test file is its
//! own crate and uses a part of this, hence the `dead_code` allowance).
#![allow(dead_code)]

pub mod tamper;

use bw_api::client::SecondFactor;
use bw_crypto::SecretString;
use desk_core::core::{Core, CoreConfig};
use desk_core::session::{Credentials, LoginInput};
use desk_core::sync::{SyncOptions, SyncSummary};
use desk_core::{AppError, DataDir};
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;

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
