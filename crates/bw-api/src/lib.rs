//! Typed client for Bitwarden's identity and api hosts: wire types, auth
//! headers, token refresh, error mapping and the rate budget. No storage.
