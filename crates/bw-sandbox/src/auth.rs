//! Access tokens: HS256 JWTs signed with a per-start secret, carrying the
//! claims the real identity server issues (the official clients decode them).

use crate::error::ApiError;
use crate::routes::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Sha256;
use std::sync::Arc;

pub const ACCESS_TOKEN_LIFETIME: i64 = 3600;

/// The claims of an access token (`src/Core/Auth/Identity/Claims.cs` names).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Claims {
    pub nbf: i64,
    pub exp: i64,
    pub iat: i64,
    pub iss: String,
    pub sub: String,
    pub client_id: String,
    pub auth_time: i64,
    pub idp: String,
    pub premium: bool,
    pub email: String,
    pub email_verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub sstamp: String,
    pub device: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devicetype: Option<String>,
    pub jti: String,
    pub scope: Vec<String>,
    pub amr: Vec<String>,
    /// Org and provider claims: one string or an array of ids, like IdentityServer emits them.
    #[serde(flatten)]
    pub memberships: serde_json::Map<String, Value>,
}

impl Claims {
    /// Ids under a membership claim (`providerprovideradmin`, `orgowner`, …).
    pub fn ids(&self, claim: &str) -> Vec<String> {
        match self.memberships.get(claim) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn set_ids(&mut self, claim: &str, ids: Vec<String>) {
        match ids.len() {
            0 => {}
            1 => {
                self.memberships
                    .insert(claim.into(), Value::String(ids[0].clone()));
            }
            _ => {
                self.memberships.insert(
                    claim.into(),
                    Value::Array(ids.into_iter().map(Value::String).collect()),
                );
            }
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn encode(secret: &[u8], claims: &Claims) -> String {
    let header = b64(br#"{"alg":"HS256","kid":"sandbox","typ":"at+jwt"}"#);
    let payload = b64(&serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let signature = sign(secret, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&signature))
}

fn sign(secret: &[u8], data: &[u8]) -> Vec<u8> {
    match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Verifies signature and expiry of an API access token.
pub fn decode(secret: &[u8], token: &str, now: i64) -> Option<Claims> {
    decode_scoped(secret, token, now, "api")
}

/// The Send a Send access token (`send_access` grant) opens: its id.
pub fn decode_send_access(secret: &[u8], token: &str, now: i64) -> Option<String> {
    decode_scoped(secret, token, now, SEND_ACCESS_SCOPE).map(|c| c.sub)
}

/// The scope of a Send access token (Bitwarden's `api.send.access`).
pub const SEND_ACCESS_SCOPE: &str = "api.send.access";

fn decode_scoped(secret: &[u8], token: &str, now: i64, scope: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let expected = sign(secret, format!("{header}.{payload}").as_bytes());
    let given = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .ok()?;
    if !subtle_eq(&expected, &given) {
        return None;
    }
    let claims: Claims = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()?,
    )
    .ok()?;
    if claims.exp < now || !claims.scope.iter().any(|s| s == scope) {
        return None;
    }
    Some(claims)
}

fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The caller of an authenticated api route.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: String,
    pub claims: Claims,
}

impl AuthUser {
    pub fn is_provider_admin(&self, provider_id: &str) -> bool {
        self.claims
            .ids("providerprovideradmin")
            .iter()
            .any(|p| p == provider_id)
    }

    pub fn is_provider_user(&self, provider_id: &str) -> bool {
        self.is_provider_admin(provider_id)
            || self
                .claims
                .ids("providerserviceuser")
                .iter()
                .any(|p| p == provider_id)
    }

    pub fn has_any_provider(&self) -> bool {
        !self.claims.ids("providerprovideradmin").is_empty()
            || !self.claims.ids("providerserviceuser").is_empty()
    }
}

impl FromRequestParts<Arc<AppState>> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiError::Unauthenticated)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or(ApiError::Unauthenticated)?;
        let claims = decode(
            &state.jwt_secret,
            token.trim(),
            chrono::Utc::now().timestamp(),
        )
        .ok_or(ApiError::Unauthenticated)?;
        let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE id = ?")
            .bind(&claims.sub)
            .fetch_optional(&state.db)
            .await?;
        if exists.is_none() {
            return Err(ApiError::Unauthenticated);
        }
        Ok(AuthUser {
            id: claims.sub.clone(),
            claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let mut claims = Claims {
            sub: "u".into(),
            exp: 100,
            scope: vec!["api".into()],
            ..Default::default()
        };
        claims.set_ids("providerprovideradmin", vec!["p1".into()]);
        claims.set_ids("orgowner", vec!["o1".into(), "o2".into()]);
        let token = encode(b"secret", &claims);
        let back = decode(b"secret", &token, 50).unwrap();
        assert_eq!(back.ids("providerprovideradmin"), vec!["p1"]);
        assert_eq!(back.ids("orgowner"), vec!["o1", "o2"]);
        assert!(decode(b"other", &token, 50).is_none());
        assert!(decode(b"secret", &token, 101).is_none());
        assert!(decode(b"secret", "a.b", 50).is_none());
    }
}
