//! Rows and snapshots shared by the desk-cache integration tests (each test
//! file is its own crate and uses a part of this, hence the `dead_code`
//! allowance).
#![allow(dead_code)]

use desk_cache::{CacheKey, ClientDetails, ClientListRow, ClientSource, MemberRow, Snapshot};
use std::path::Path;

/// A snapshot key made of one repeated byte.
pub fn key(byte: u8) -> CacheKey {
    CacheKey::from_bytes([byte; 32])
}

/// A client of provider `prov-1` with `seats` assigned and `used` in use.
pub fn client(org: &str, name: &str, seats: i64, used: i64) -> ClientListRow {
    ClientListRow {
        organization_id: org.into(),
        source: ClientSource::Provider,
        provider_id: Some("prov-1".into()),
        provider_organization_id: Some(format!("po-{org}")),
        name: name.into(),
        plan: Some("Enterprise (Annually)".into()),
        plan_type: None,
        status: None,
        seats: Some(seats),
        occupied_seats: Some(used),
        remaining_seats: Some(seats - used),
        user_count: Some(used),
        wrapped_key: Some("2.aaaa|bbbb|cccc".into()),
        raw: format!("{{\"organizationName\":\"{name}\"}}"),
    }
}

pub fn member(id: &str, email: &str, member_type: i64, status: i64) -> MemberRow {
    MemberRow {
        id: id.into(),
        user_id: Some(format!("user-{id}")),
        email: Some(email.into()),
        name: None,
        member_type,
        status,
        two_factor: false,
        recovery_enrolled: false,
        raw: "{}".into(),
    }
}

/// Replaces the client list of provider `prov-1` with `clients`, at `at`.
pub async fn list(snap: &Snapshot, clients: &[ClientListRow], at: i64) {
    snap.replace_client_list(ClientSource::Provider, Some("prov-1"), clients, at)
        .await
        .unwrap();
}

/// Applies `details` to the client `org` at `at`, which must succeed.
pub async fn apply(snap: &Snapshot, org: &str, details: &ClientDetails, at: i64) {
    snap.apply_client_details(org, details.clone(), at)
        .await
        .unwrap();
}

/// A new snapshot `s.db` in `dir` (under `key(key_byte)`) that lists
/// `clients`, at time 1.
pub async fn listing(dir: &Path, key_byte: u8, clients: &[ClientListRow]) -> Snapshot {
    let snap = Snapshot::open(&dir.join("s.db"), &key(key_byte))
        .await
        .unwrap();
    list(&snap, clients, 1).await;
    snap
}
