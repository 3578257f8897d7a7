//! Typed client for Bitwarden's identity and api hosts: wire types, auth
//! headers, token refresh, error mapping and the rate budget. No storage.
//!
//! [`wire`] holds the JSON shapes exactly as the real server emits them (the
//! sandbox serializes these; the client parses them). Field names follow the
//! contract (`shared/reference/bitwarden-api.md`): camelCase on the api host,
//! snake_case OAuth fields plus PascalCase extras on the identity host.

#![forbid(unsafe_code)]

pub mod wire;

/// The HTTP client for the identity and api hosts (used by desk-core).
pub mod client;
