//! Copies of the two public services the vault health reports use, so tests
//! and the demo need no internet: Have I Been Pwned's password range API
//! (with a known breached set) and 2fa.directory's TOTP list (a few sites).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha1::{Digest, Sha1};

/// Passwords the sandbox's range API reports as breached, with how often.
/// The demo seed's weak passwords are among them; strong ones are not.
pub const BREACHED_PASSWORDS: &[(&str, u64)] = &[
    ("password123", 2_254_650),
    ("qwerty", 10_556_095),
    ("letmein", 539_851),
    ("Summer2026!", 1_234),
    ("Welcome1", 194_812),
    ("password", 52_256_179),
];

/// Sites of the sandbox's 2fa.directory copy that offer TOTP, in its v3
/// shape; `sms.example.com` offers only SMS (not a TOTP site).
pub const TOTP_DIRECTORY: &str = r#"[
  ["Example Bank", {"domain": "bank.example.com", "tfa": ["totp", "sms"], "documentation": "https://bank.example.com/2fa"}],
  ["Example Social", {"domain": "social.example.com", "tfa": ["totp"], "additional-domains": ["social.example.net"]}],
  ["Microsoft", {"domain": "microsoft.com", "tfa": ["totp", "sms", "u2f"], "additional-domains": ["admin.microsoft.com", "outlook.com"]}],
  ["GitHub", {"domain": "github.com", "tfa": ["totp", "u2f"]}],
  ["SMS Only", {"domain": "sms.example.com", "tfa": ["sms"]}]
]"#;

/// The uppercase hex SHA-1 of a password.
pub fn sha1_hex(password: &str) -> String {
    Sha1::digest(password.as_bytes())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// `GET /pwned/range/{prefix}`: the suffixes under a 5-digit prefix, padded
/// with zero-count lines like the real API with `Add-Padding`.
pub async fn pwned_range(Path(prefix): Path<String>) -> Response {
    if prefix.len() != 5 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return (
            StatusCode::BAD_REQUEST,
            "The hash prefix was not in a valid format",
        )
            .into_response();
    }
    let prefix = prefix.to_ascii_uppercase();
    let mut lines: Vec<String> = BREACHED_PASSWORDS
        .iter()
        .map(|(p, n)| (sha1_hex(p), *n))
        .filter(|(h, _)| h.starts_with(&prefix))
        .map(|(h, n)| format!("{}:{n}", &h[5..]))
        .collect();
    // Padding: suffixes derived from the prefix, count 0.
    for i in 0..8 {
        let pad = sha1_hex(&format!("padding-{prefix}-{i}"));
        lines.push(format!("{}:0", &pad[5..]));
    }
    lines.sort();
    ([(header::CONTENT_TYPE, "text/plain")], lines.join("\r\n")).into_response()
}

/// `GET /2fa-directory/totp.json`.
pub async fn totp_directory() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], TOTP_DIRECTORY).into_response()
}
