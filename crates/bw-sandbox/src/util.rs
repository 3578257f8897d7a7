//! Small helpers: ids, dates, encodings.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};

pub fn new_id() -> String {
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string()
}

pub fn id_from_rng(rng: &mut impl rand::RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Lower-cased hyphenated form, or `None` for a non-GUID.
pub fn guid(s: &str) -> Option<String> {
    uuid::Uuid::try_parse(s)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

pub fn fmt_date(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn now() -> String {
    fmt_date(Utc::now())
}

pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    // Offset-less timestamps are UTC (as with the server's EF providers).
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(|n| n.and_utc())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|n| n.and_utc())
        })
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}

pub fn random_token(len: usize) -> String {
    let bytes: Vec<u8> = (0..len).map(|_| rand::random::<u8>()).collect();
    b64url(&bytes)
}

/// Compares secrets without an early exit, so the time taken does not tell
/// how many leading characters of a guess were right. Only the length may
/// leak, and the lengths of what is compared here are public.
pub fn constant_eq(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a
        .bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimiser from turning the fold back into an early exit.
    std::hint::black_box(diff) == 0
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whether a string parses as an EncString (any type the server accepts).
pub fn is_enc_string(s: &str) -> bool {
    s.parse::<bw_crypto::EncString>().is_ok()
}

/// Unix milliseconds of a stored date.
pub fn epoch_millis(s: &str) -> Option<i64> {
    parse_date(s).map(|d| d.timestamp_millis())
}

/// Plan display names (`PlanType` → the server's `Plan.Name`).
pub fn plan_name(plan_type: i64) -> &'static str {
    match plan_type {
        0 => "Free",
        1 | 7 | 22 => "Families",
        2 | 8 | 12 | 17 => "Teams (Monthly)",
        3 | 9 | 13 | 18 => "Teams (Annually)",
        4 | 10 | 14 | 19 => "Enterprise (Monthly)",
        5 | 11 | 15 | 20 => "Enterprise (Annually)",
        16 | 21 => "Teams Starter",
        6 => "Custom",
        _ => "Unknown",
    }
}

/// The `PlanType` enum member's name, as the server's messages print it
/// (.NET prints the number of a value the enum does not define).
pub fn plan_type_enum_name(plan_type: i64) -> String {
    const NAMES: [&str; 23] = [
        "Free",
        "FamiliesAnnually2019",
        "TeamsMonthly2019",
        "TeamsAnnually2019",
        "EnterpriseMonthly2019",
        "EnterpriseAnnually2019",
        "Custom",
        "FamiliesAnnually2025",
        "TeamsMonthly2020",
        "TeamsAnnually2020",
        "EnterpriseMonthly2020",
        "EnterpriseAnnually2020",
        "TeamsMonthly2023",
        "TeamsAnnually2023",
        "EnterpriseMonthly2023",
        "EnterpriseAnnually2023",
        "TeamsStarter2023",
        "TeamsMonthly",
        "TeamsAnnually",
        "EnterpriseMonthly",
        "EnterpriseAnnually",
        "TeamsStarter",
        "FamiliesAnnually",
    ];
    usize::try_from(plan_type)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or_else(|| plan_type.to_string(), |name| (*name).to_owned())
}

/// `ProductTierType` of a plan.
pub fn product_tier(plan_type: i64) -> u8 {
    match plan_type {
        0 => 0,
        1 | 7 | 22 => 1,
        2 | 3 | 8 | 9 | 12 | 13 | 17 | 18 => 2,
        4 | 5 | 10 | 11 | 14 | 15 | 19 | 20 => 3,
        16 | 21 => 4,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_eq_needs_equal_bytes_and_length() {
        assert!(constant_eq("abc", "abc"));
        assert!(!constant_eq("abd", "abc"));
        assert!(!constant_eq("ab", "abc"));
        assert!(!constant_eq("", "abc"));
    }
}
