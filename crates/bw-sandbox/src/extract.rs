//! Request body extractors with the real server's failures: 415 for a
//! non-JSON content type, 413 over 10 MB, model-state 400s for bad JSON.
//! Property names match case-insensitively like ASP.NET Core's.

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

pub const BODY_LIMIT: usize = 10 * 1024 * 1024;

/// A JSON body decoded into `T`.
pub struct Json<T>(pub T);

pub async fn read_body(req: Request) -> Result<bytes::Bytes, ApiError> {
    if let Some(len) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        && len
            .parse::<usize>()
            .map(|n| n > BODY_LIMIT)
            .unwrap_or(false)
    {
        return Err(ApiError::PayloadTooLarge);
    }
    let limited = http_body_util::Limited::new(req.into_body(), BODY_LIMIT);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.is::<http_body_util::LengthLimitError>() => Err(ApiError::PayloadTooLarge),
        Err(_) => Err(ApiError::bad("The request body could not be read.")),
    }
}

fn is_json(req: &Request) -> Option<bool> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .to_ascii_lowercase();
    let mime = ct.split(';').next().unwrap_or("").trim().to_string();
    Some(mime == "application/json" || mime == "text/json" || mime.ends_with("+json"))
}

/// PascalCase (or any case) keys → camelCase-by-first-letter, recursively, so
/// `{"Name":…}` binds like `{"name":…}` as it does on the real server.
pub fn normalize_keys(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut chars = k.chars();
                    let key = match chars.next() {
                        Some(first) => first.to_lowercase().collect::<String>() + chars.as_str(),
                        None => k,
                    };
                    (key, normalize_keys(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_keys).collect()),
        other => other,
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::field("", "A non-empty request body is required."));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::field("$", format!("The JSON could not be parsed: {e}")))?;
    serde_json::from_value(normalize_keys(value))
        .map_err(|e| ApiError::field("$", format!("The JSON value could not be converted: {e}")))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        match is_json(&req) {
            Some(true) => {}
            _ => return Err(ApiError::UnsupportedMediaType),
        }
        let bytes = read_body(req).await?;
        parse_json(&bytes).map(Json)
    }
}

/// An optional JSON body: absent/empty is `None` (for routes whose body is optional).
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(&req);
        let bytes = read_body(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if json != Some(true) {
            return Err(ApiError::UnsupportedMediaType);
        }
        parse_json(&bytes).map(|v| OptionalJson(Some(v)))
    }
}

/// A form body with lower-cased keys (the identity server reads fields case-insensitively).
pub struct Form(pub HashMap<String, String>);

impl Form {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            })
            .unwrap_or(false);
        if !ok {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(req).await?;
        let pairs: Vec<(String, String)> = serde_urlencoded_pairs(&bytes)
            .ok_or_else(|| ApiError::bad("The form body could not be read."))?;
        Ok(Form(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        ))
    }
}

fn serde_urlencoded_pairs(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    Some(url::form_urlencoded::parse(bytes).into_owned().collect())
}

/// A query string decoded into `T`; a bad value is a model-state 400 naming
/// the parameter, as on the real server (not the framework's plain-text 400).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| Query(q.0))
            .map_err(|e| ApiError::field("query", format!("The query string is not valid: {e}")))
    }
}
