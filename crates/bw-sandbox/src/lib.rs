//! A Bitwarden-compatible provider backend (identity and api routes) that
//! seeds real encrypted data, for the demo, training and every test.
//!
//! It answers the routes of `shared/reference/bitwarden-api.md` with the real
//! server's paths, casing, envelopes, status codes and error bodies, stores
//! ciphertext like the real server and is accepted by the official Bitwarden
//! CLI (`tests/interop`). Layout is a self-hosted server's: one base URL with
//! `/identity` and `/api` prefixes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), bw_sandbox::SandboxError> {
//! let sandbox = bw_sandbox::Sandbox::start(bw_sandbox::SandboxConfig::default()).await?;
//! println!("{}", sandbox.url());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![recursion_limit = "256"]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod auth;
mod config;
mod db;
mod error;
mod extract;
mod guard;
mod routes;
mod seed;
mod server;
pub mod testkit;
mod tls;
pub mod totp;
mod util;

pub use config::{EventPaging, FaultSpec, LaunchSecret, RateLimit, SandboxConfig, Seed, TlsConfig};
pub use seed::demo::{
    DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET, DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME,
    DEMO_FORMER_CLIENT_NAME, DEMO_INTERNAL_ORG_NAME, DEMO_PASSWORD, DEMO_PROVIDER_NAME,
    DEMO_SERVICE_USER_EMAIL, DemoItem, demo_direct_org_items,
};
pub use server::{RunningSandbox, Sandbox};

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The address is not loopback and `allow_non_loopback` is off.
    #[error(
        "refusing to bind {0}: the sandbox only binds loopback unless allow_non_loopback is set"
    )]
    NotLoopback(std::net::SocketAddr),
    /// The database could not be opened, migrated or seeded.
    #[error("sandbox database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migration failed.
    #[error("sandbox migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Seeding needed crypto that failed.
    #[error("seeding failed: {0}")]
    Seed(String),
    /// TLS setup failed.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// Files (data dir, CA output).
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A knob had an invalid value.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}
