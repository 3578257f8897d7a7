//! The HTTP client for a Bitwarden server's identity and api hosts.
//!
//! It sends what Bitwarden's own desktop client sends (client name, a real
//! client version, device type, device fields on grants), reads both JSON
//! casings on the identity host and both error shapes on the api host,
//! refreshes the access token once on 401, honours `Retry-After`, and draws
//! every request from one [`RateBudget`]. It stores nothing.

mod budget;
mod error;
mod identity;
mod models;
mod urls;

pub use budget::{RateBudget, RateLimits, RequestClass, Rule};
pub use error::{ApiError, TwoFactorMethod};
pub use identity::{Device, SecondFactor};
pub use models::*;
/// The HTTP method of [`BwClient::write`].
pub use reqwest::Method;
pub use urls::ServerUrls;

use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The client version we announce. The server requires a parseable
/// `major.minor.patch` and hides item types from clients older than it knows.
pub const CLIENT_VERSION: &str = "2026.8.0";
/// Official client names are web, browser, desktop, cli, mobile, connector.
pub const CLIENT_NAME: &str = "desktop";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub urls: ServerUrls,
    pub device: Device,
    /// PEM of an extra CA to trust besides the OS store (self-hosted, proxies).
    pub extra_ca_pem: Option<Vec<u8>>,
    pub limits: RateLimits,
    pub timeout: Duration,
}

impl ClientConfig {
    pub fn new(urls: ServerUrls, device: Device) -> Self {
        ClientConfig {
            urls,
            device,
            extra_ca_pem: None,
            limits: RateLimits::unlimited(),
            timeout: Duration::from_secs(30),
        }
    }
}

pub struct BwClient {
    http: reqwest::Client,
    config: ClientConfig,
    budget: RateBudget,
    tokens: Mutex<Option<Tokens>>,
    /// Serialises refreshes so concurrent 401s refresh once.
    refresh_lock: tokio::sync::Mutex<()>,
    requests: AtomicU64,
    /// 429 answers received (the budget should keep this at zero).
    throttled: AtomicU64,
}

impl std::fmt::Debug for BwClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BwClient")
            .field("api", &self.config.urls.api.as_str())
            .finish_non_exhaustive()
    }
}

impl BwClient {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(10))
            // The API never redirects; following one could hand our bearer
            // token to another origin.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(format!(
                "ProviderDesk/{} ({})",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS
            ));
        if let Some(pem) = &config.extra_ca_pem {
            for cert in reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| ApiError::Tls(format!("extra CA file: {e}")))?
            {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| ApiError::Tls(e.to_string()))?;
        Ok(BwClient {
            http,
            budget: RateBudget::new(config.limits.clone()),
            config,
            tokens: Mutex::new(None),
            refresh_lock: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
        })
    }

    /// Requests sent so far (every attempt counts).
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// 429 answers received so far.
    pub fn throttled_count(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }

    pub fn set_tokens(&self, tokens: Option<Tokens>) {
        *self.tokens.lock().unwrap_or_else(|p| p.into_inner()) = tokens;
    }

    pub fn tokens(&self) -> Option<Tokens> {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn access_token(&self) -> Option<String> {
        self.tokens().map(|t| t.access_token)
    }

    fn common_headers(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("Bitwarden-Client-Name", CLIENT_NAME)
            .header("Bitwarden-Client-Version", CLIENT_VERSION)
            .header("Device-Type", self.config.device.device_type.to_string())
            .header("Accept", "application/json")
    }

    /// Sends with the budget, one refresh-and-retry on 401, `Retry-After`
    /// on 429 and a couple of retries for idempotent requests that met a
    /// transient failure.
    async fn send(
        &self,
        class: RequestClass,
        authed: bool,
        idempotent: bool,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<Response, ApiError> {
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.budget.acquire(class).await;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let mut request = self.common_headers(build());
            if authed {
                let token = self.access_token().ok_or(ApiError::AuthExpired)?;
                request = request.bearer_auth(token);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let error = network_error(&error);
                    if idempotent && attempt < 3 {
                        backoff(attempt).await;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = retry_after(&response).unwrap_or(Duration::from_secs(60));
                self.throttled.fetch_add(1, Ordering::Relaxed);
                self.budget.pause(class, wait);
                tracing::warn!(?wait, "server rate limit hit");
                if attempt < 3 {
                    continue;
                }
                return Err(ApiError::RateLimited {
                    retry_after: Some(wait),
                });
            }
            if status == StatusCode::UNAUTHORIZED && authed && !refreshed {
                refreshed = true;
                // Boxed: refresh itself sends (unauthenticated) requests.
                Box::pin(self.refresh()).await?;
                continue;
            }
            if status.is_server_error() && idempotent && attempt < 3 {
                backoff(attempt).await;
                continue;
            }
            return Ok(response);
        }
    }

    fn api_url(&self, path: &str) -> Result<url::Url, ApiError> {
        self.config
            .urls
            .api
            .join(path)
            .map_err(|e| ApiError::InvalidUrl(e.to_string()))
    }

    #[tracing::instrument(skip(self), fields(path = path))]
    pub async fn get_value(&self, path: &str) -> Result<Value, ApiError> {
        let url = self.api_url(path)?;
        self.get_json_at(path, url).await
    }

    /// GET and read the JSON body; a body cut short or garbled in transit is
    /// fetched again (GETs are idempotent), like a failed connection.
    async fn get_json_at(&self, what: &str, url: url::Url) -> Result<Value, ApiError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = self
                .send(RequestClass::Read, true, true, || {
                    self.http
                        .get(url.clone())
                        .header("Cache-Control", "no-store")
                })
                .await?;
            match json_body(what, response).await {
                Err(error @ (ApiError::Offline(_) | ApiError::Decode { .. })) if attempt < 3 => {
                    tracing::debug!(%error, "retrying a GET whose body did not arrive whole");
                    backoff(attempt).await;
                }
                other => return other,
            }
        }
    }

    /// A list response: the `{"object":"list","data":[…]}` envelope or, on
    /// newer endpoints, a bare array. Each item keeps its raw JSON.
    pub async fn get_list<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<Raw<T>>, ApiError> {
        let value = self.get_value(path).await?;
        let (items, _) = list_items(path, value)?;
        items_with_raw(path, items)
    }

    /// One page of an events route.
    pub async fn events_page(
        &self,
        path: &str,
        start: &str,
        end: &str,
        continuation: Option<&str>,
    ) -> Result<EventPage, ApiError> {
        let mut url = self.api_url(path)?;
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("start", start).append_pair("end", end);
            if let Some(token) = continuation {
                query.append_pair("continuationToken", token);
            }
        }
        let value = self.get_json_at(path, url).await?;
        let (items, token) = list_items(path, value)?;
        Ok(EventPage {
            events: items_with_raw(path, items)?,
            continuation_token: token,
        })
    }

    /// POST/PUT/DELETE with a JSON body on the api host. Returns the JSON
    /// answer, or `Value::Null` for the many routes that answer 200 empty.
    #[tracing::instrument(skip(self, body), fields(path = path))]
    pub async fn write(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let url = self.api_url(path)?;
        let response = self
            .send(RequestClass::Write, true, false, || {
                let request = self.http.request(method.clone(), url.clone());
                match body {
                    Some(body) => request.json(body),
                    None => request,
                }
            })
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(api_error(status, &response_text(response).await));
        }
        let text = response_text(response).await;
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| ApiError::Decode {
            what: path.to_owned(),
            path: "$".to_owned(),
            detail: e.to_string(),
        })
    }
}

async fn backoff(attempt: u32) {
    // 0.5 s, 1 s … with up to 50 % jitter so parallel workers spread out.
    let base = 250u64 << attempt.min(5);
    let jitter = rand_jitter(base / 2);
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}

fn rand_jitter(max: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    if max == 0 {
        return 0;
    }
    // RandomState's per-instance keys are random: enough for jitter.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(max);
    hasher.finish() % max
}

fn retry_after(response: &Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn network_error(error: &reqwest::Error) -> ApiError {
    // The URL may carry a query; the host is enough to say what failed.
    let host = error
        .url()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    if error.is_timeout() {
        ApiError::Offline(format!("{host} did not answer in time"))
    } else if error.is_connect() {
        ApiError::Offline(format!("cannot connect to {host}"))
    } else {
        ApiError::Offline(format!("request to {host} failed: {}", error_chain(error)))
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

async fn response_text(response: Response) -> String {
    response.text().await.unwrap_or_default()
}

async fn json_body(what: &str, response: Response) -> Result<Value, ApiError> {
    let status = response.status();
    let text = match response.text().await {
        Ok(text) => text,
        Err(e) => {
            return Err(ApiError::Offline(format!(
                "the answer to {what} was cut off: {}",
                error_chain(&e)
            )));
        }
    };
    if !status.is_success() {
        return Err(api_error(status, &text));
    }
    serde_json::from_str(&text).map_err(|e| ApiError::Decode {
        what: what.to_owned(),
        path: format!("line {} column {}", e.line(), e.column()),
        detail: e.to_string(),
    })
}

fn decode<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| ApiError::Decode {
        what: what.to_owned(),
        path: e.path().to_string(),
        detail: e.inner().to_string(),
    })
}

fn list_items(what: &str, value: Value) -> Result<(Vec<Value>, Option<String>), ApiError> {
    match value {
        Value::Array(items) => Ok((items, None)),
        Value::Object(mut object) => {
            let token = object
                .get("continuationToken")
                .and_then(Value::as_str)
                .map(str::to_owned);
            match object.remove("data") {
                Some(Value::Array(items)) => Ok((items, token)),
                Some(Value::Null) | None => Ok((Vec::new(), token)),
                Some(_) => Err(ApiError::Decode {
                    what: what.to_owned(),
                    path: "data".to_owned(),
                    detail: "expected an array".to_owned(),
                }),
            }
        }
        _ => Err(ApiError::Decode {
            what: what.to_owned(),
            path: "$".to_owned(),
            detail: "expected a list".to_owned(),
        }),
    }
}

fn items_with_raw<T: DeserializeOwned>(
    what: &str,
    items: Vec<Value>,
) -> Result<Vec<Raw<T>>, ApiError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let value = serde_path_to_error::deserialize(&raw).map_err(|e| ApiError::Decode {
                what: what.to_owned(),
                path: format!("data[{i}].{}", e.path()),
                detail: e.inner().to_string(),
            })?;
            Ok(Raw { value, raw })
        })
        .collect()
}

/// Maps an api-host error response (either shape, or not JSON at all).
fn api_error(status: StatusCode, body: &str) -> ApiError {
    let message = error_message(body).unwrap_or_else(|| match status {
        StatusCode::UNAUTHORIZED => "not signed in".to_owned(),
        StatusCode::FORBIDDEN => "access denied".to_owned(),
        StatusCode::NOT_FOUND => "Resource not found.".to_owned(),
        _ => format!("HTTP {}", status.as_u16()),
    });
    match status.as_u16() {
        400 | 413 | 422 => ApiError::BadRequest(message),
        // Billing and provider routes answer 401 with a reason ("Service users
        // cannot purchase additional seats."): a refusal, not an expired session.
        401 if error_message(body).is_some() => ApiError::Forbidden(message),
        401 => ApiError::AuthExpired,
        402 | 403 => ApiError::Forbidden(message),
        404 => ApiError::NotFound(message),
        409 => ApiError::Conflict(message),
        429 => ApiError::RateLimited { retry_after: None },
        status => ApiError::Server { status, message },
    }
}

/// The human message of an error body: `message` (+ validation errors) or an
/// RFC 7807 problem's `title`/`errors`; a short, cleaned snippet of non-JSON.
fn error_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
        let snippet: String = trimmed
            .chars()
            .filter(|c| !c.is_control())
            .take(160)
            .collect();
        return Some(format!("unexpected answer: {snippet}"));
    };
    let object = value.as_object()?;
    let mut message = object
        .get("message")
        .or_else(|| object.get("Message"))
        .or_else(|| object.get("title"))
        .and_then(Value::as_str)
        .map(str::to_owned)?;
    let details = object
        .get("validationErrors")
        .or_else(|| object.get("errors"))
        .and_then(Value::as_object)
        .map(|errors| {
            errors
                .values()
                .flat_map(|v| v.as_array().cloned().unwrap_or_default())
                .filter_map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .or_else(|| v.get("detail").and_then(Value::as_str).map(str::to_owned))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if !details.is_empty() {
        message = format!("{message} {}", details.join(" "));
    }
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_both_shapes_and_none() {
        let classic = r#"{"object":"error","message":"The model state is invalid.","validationErrors":{"Emails":["You can only submit up to 20 emails at a time."]}}"#;
        assert_eq!(
            error_message(classic).unwrap(),
            "The model state is invalid. You can only submit up to 20 emails at a time."
        );
        let problem = r#"{"type":"validation_error","title":"One or more validation errors occurred.","status":400,"errors":{"name":[{"type":"x","detail":"Name is required."}]}}"#;
        assert_eq!(
            error_message(problem).unwrap(),
            "One or more validation errors occurred. Name is required."
        );
        assert_eq!(
            error_message("<html>blocked</html>").unwrap(),
            "unexpected answer: <html>blocked</html>"
        );
        assert!(error_message("").is_none());
    }

    #[test]
    fn status_codes_map_to_kinds() {
        assert!(matches!(
            api_error(StatusCode::NOT_FOUND, ""),
            ApiError::NotFound(_)
        ));
        assert!(matches!(
            api_error(StatusCode::UNAUTHORIZED, ""),
            ApiError::AuthExpired
        ));
        let seats =
            r#"{"object":"error","message":"Service users cannot purchase additional seats."}"#;
        match api_error(StatusCode::UNAUTHORIZED, seats) {
            ApiError::Forbidden(m) => {
                assert_eq!(m, "Service users cannot purchase additional seats.")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            api_error(StatusCode::BAD_GATEWAY, "oops"),
            ApiError::Server { status: 502, .. }
        ));
    }

    #[test]
    fn lists_in_envelopes_and_bare_arrays() {
        let (items, token) = list_items(
            "x",
            serde_json::json!({"object":"list","data":[1,2],"continuationToken":"t"}),
        )
        .unwrap();
        assert_eq!((items.len(), token.as_deref()), (2, Some("t")));
        let (items, token) = list_items("x", serde_json::json!([1])).unwrap();
        assert_eq!((items.len(), token), (1, None));
        assert!(list_items("x", serde_json::json!("nope")).is_err());
    }

    #[test]
    fn decode_errors_name_the_field() {
        let err = items_with_raw::<Member>(
            "organizations/o/users",
            vec![serde_json::json!({"id": "m1", "status": "x"})],
        )
        .unwrap_err();
        match err {
            ApiError::Decode { path, .. } => assert_eq!(path, "data[0].status"),
            other => panic!("{other:?}"),
        }
    }
}
