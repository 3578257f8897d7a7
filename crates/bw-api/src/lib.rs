//! Typed client for Bitwarden's identity and api hosts: wire types, auth
//! headers, token refresh, error mapping and the rate budget. No storage.
//!
//! - [`wire`]: the JSON shapes of requests and answers, one module per
//!   area, used by the client and by the sandbox alike.
//! - [`client`]: the HTTP client ([`client::BwClient`]): headers, tokens,
//!   the rate budget, error mapping and the generic requests.
//! - [`endpoints`]: one typed `BwClient` function per route the desk calls;
//!   the only place route strings and request bodies are written.
//!
//! Field names follow the contract (`shared/reference/bitwarden-api.md`):
//! camelCase on the api host, snake_case OAuth fields plus PascalCase extras
//! on the identity host.

#![forbid(unsafe_code)]

pub mod wire;

/// The HTTP client for the identity and api hosts (used by desk-core).
pub mod client;

pub mod endpoints;

/// Have I Been Pwned's range API and 2fa.directory (the reports' public services).
pub mod public;
