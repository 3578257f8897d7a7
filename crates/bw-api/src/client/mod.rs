//! The HTTP client for a Bitwarden server's identity and api hosts.
//!
//! It sends what Bitwarden's own desktop client sends (client name, a real
//! client version, device type, device fields on grants), reads both JSON
//! casings on the identity host and both error shapes on the api host,
//! refreshes the access token before it expires and once on 401, honours
//! `Retry-After`, and draws every request from one [`RateBudget`]. It stores
//! nothing.
//!
//! Whatever a server sends is bounded: every body by a size cap (before and
//! after decompression), every request by a total and a read timeout, every
//! `Retry-After` by a maximum and the client's 429 deadline, every message
//! that reaches an error by length and character set, and every list is
//! checked as a whole (an envelope without its data is not an empty list).

pub(crate) mod body;
mod budget;
mod error;
pub(crate) mod identity;
mod list;
pub(crate) mod tokens;
mod urls;

#[cfg(test)]
pub(crate) mod test_server;

pub use body::ERROR_BODY_CAP;
pub use budget::{
    MAX_BLOCK, MAX_PAUSE, RateBudget, RateLimits, RequestClass, Rule, THROTTLE_QUIET_RESET,
    Throttle, ThrottlePolicy,
};
pub use error::{ApiError, MAX_MESSAGE_CHARS, TwoFactorMethod};
pub use identity::{Device, EmailedCode, KdfParams, LoginSuccess, Prelogin, SecondFactor};
pub use tokens::{MAX_TOKEN_LIFETIME_SECS, REFRESH_MARGIN_SECS, Tokens};
pub use urls::ServerUrls;

use crate::wire::Raw;
use crate::wire::events::EventPage;
use body::{BodyError, parse_json, read_capped, read_truncated};
use bw_crypto::SecretString;
use error::clean_server_text;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};
use tokens::unix_now;

/// The client version we announce. The server requires a parseable
/// `major.minor.patch` and hides item types from clients older than it knows.
pub const CLIENT_VERSION: &str = "2026.8.0";
/// Official client names are web, browser, desktop, cli, mobile, connector.
pub const CLIENT_NAME: &str = "desktop";

/// The default cap on one answer's body, after decompression. The largest
/// real answers (`sync` of a big vault, a page of ciphers) stay far below.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// The longest `Retry-After` waited out in place; a longer one fails the
/// request at once and holds its class until then.
pub const MAX_INLINE_WAIT: Duration = Duration::from_secs(60);
/// The wait after a 429 without a usable `Retry-After`.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(10);
/// The shortest wait after a 429, so `Retry-After: 0` cannot make a tight
/// loop and every 429 counts toward the deadline.
pub const MIN_RETRY_AFTER: Duration = Duration::from_secs(1);
/// The default total of 429 waiting per client before 429s fail fast.
pub const DEFAULT_RATE_LIMIT_DEADLINE: Duration = Duration::from_secs(120);
/// Tries per request (the first included) for transient failures.
const MAX_ATTEMPTS: u32 = 3;
/// The longest events continuation token passed back to the server.
const MAX_CONTINUATION_TOKEN_CHARS: usize = 4096;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub urls: ServerUrls,
    pub device: Device,
    /// PEM of an extra CA to trust besides the OS store (self-hosted, proxies).
    pub extra_ca_pem: Option<Vec<u8>>,
    pub limits: RateLimits,
    /// The most one request may take, connecting to last body byte.
    pub timeout: Duration,
    /// The longest the server may stay silent while we wait for an answer
    /// or the rest of one (a stalled or slow-drip body fails, as Offline).
    pub read_timeout: Duration,
    /// The cap on one answer's body after decompression; over it the
    /// request fails with a permanent [`ApiError::Decode`].
    pub max_body_bytes: usize,
    /// Once 429 waits add up to this, further 429s fail fast (see
    /// [`ThrottlePolicy::deadline`]).
    pub rate_limit_deadline: Duration,
}

impl ClientConfig {
    pub fn new(urls: ServerUrls, device: Device) -> Self {
        ClientConfig {
            urls,
            device,
            extra_ca_pem: None,
            limits: RateLimits::unlimited(),
            timeout: Duration::from_secs(30),
            read_timeout: Duration::from_secs(15),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            rate_limit_deadline: DEFAULT_RATE_LIMIT_DEADLINE,
        }
    }

    fn throttle_policy(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            max_inline_wait: MAX_INLINE_WAIT,
            deadline: self.rate_limit_deadline,
        }
    }
}

/// The tokens and a counter bumped whenever they change, under one lock so
/// a request knows which tokens it sent.
#[derive(Default)]
struct TokenState {
    tokens: Option<Tokens>,
    generation: u64,
}

/// The client of one server. Its public methods are the typed routes (one
/// per Bitwarden route, in `crate::endpoints`); the generic requests below
/// are the building blocks they share.
pub struct BwClient {
    pub(crate) http: reqwest::Client,
    pub(crate) config: ClientConfig,
    budget: RateBudget,
    tokens: Mutex<TokenState>,
    /// Serialises refreshes so concurrent callers refresh once.
    pub(crate) refresh_lock: tokio::sync::Mutex<()>,
    requests: AtomicU64,
    /// 429 answers received (the budget should keep this at zero).
    throttled: AtomicU64,
}

impl std::fmt::Debug for BwClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BwClient")
            // The host only: a path can carry the demo's launch secret.
            .field("api", &self.config.urls.api.host_str())
            .finish_non_exhaustive()
    }
}

impl BwClient {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .timeout(config.timeout)
            .read_timeout(config.read_timeout)
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
            tokens: Mutex::new(TokenState::default()),
            refresh_lock: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
            throttled: AtomicU64::new(0),
        })
    }

    /// The web vault of this server (Send links point into it).
    pub fn web_vault(&self) -> &url::Url {
        &self.config.urls.web_vault
    }

    /// Requests sent so far (every attempt counts).
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// 429 answers received so far.
    pub fn throttled_count(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }

    fn token_state(&self) -> std::sync::MutexGuard<'_, TokenState> {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the tokens (a sign-in, a resumed session, a sign-out).
    pub fn set_tokens(&self, tokens: Option<Tokens>) {
        let mut state = self.token_state();
        state.tokens = tokens;
        state.generation = state.generation.wrapping_add(1);
    }

    pub fn tokens(&self) -> Option<Tokens> {
        self.token_state().tokens.clone()
    }

    /// Changes whenever the tokens do (set or refreshed): a caller that
    /// persists tokens compares it with the value it saw when it last saved.
    pub fn token_generation(&self) -> u64 {
        self.token_state().generation
    }

    /// The access token to send and the generation it belongs to.
    fn bearer(&self) -> Result<(SecretString, u64), ApiError> {
        let state = self.token_state();
        match &state.tokens {
            Some(tokens) if !tokens.access_token.is_empty() => {
                Ok((tokens.access_token.clone(), state.generation))
            }
            _ => Err(ApiError::AuthExpired),
        }
    }

    fn tokens_satisfy(&self, test: impl Fn(&Tokens) -> bool) -> bool {
        self.token_state().tokens.as_ref().is_some_and(test)
    }

    /// Refreshes before an authed request when the access token is missing
    /// or about to expire. A failure that may pass (offline, rate limited)
    /// still lets the request go with the current token while it is valid.
    async fn refresh_if_due(&self) -> Result<(), ApiError> {
        if !self.tokens_satisfy(|t| t.should_refresh(unix_now())) {
            return Ok(());
        }
        let _guard = self.refresh_lock.lock().await;
        // Whoever held the lock before us may have refreshed already.
        if !self.tokens_satisfy(|t| t.should_refresh(unix_now())) {
            return Ok(());
        }
        match self.refresh_locked().await {
            Ok(()) => Ok(()),
            Err(error)
                if error.is_transient() && self.tokens_satisfy(|t| t.access_usable(unix_now())) =>
            {
                tracing::warn!(%error, "token refresh failed; using the current token meanwhile");
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Refreshes after the server rejected the token of `rejected`
    /// generation, unless another caller has replaced it since.
    async fn refresh_after_rejection(&self, rejected: u64) -> Result<(), ApiError> {
        let _guard = self.refresh_lock.lock().await;
        if self.token_generation() != rejected {
            return Ok(());
        }
        self.refresh_locked().await
    }

    fn common_headers(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("Bitwarden-Client-Name", CLIENT_NAME)
            .header("Bitwarden-Client-Version", CLIENT_VERSION)
            .header("Device-Type", self.config.device.device_type.to_string())
            .header("Accept", "application/json")
    }

    /// Sends with the budget, a proactive refresh, one refresh-and-retry on
    /// 401, `Retry-After` on 429 (within the client's bounds) and a couple
    /// of retries for idempotent requests that met a transient failure.
    pub(crate) async fn send(
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
            if let Err(left) = self.budget.admit(class).await {
                return Err(ApiError::RateLimited {
                    retry_after: Some(left),
                });
            }
            let mut request = self.common_headers(build());
            let mut generation = 0;
            if authed {
                // Boxed: a refresh sends (unauthenticated) requests itself.
                Box::pin(self.refresh_if_due()).await?;
                let (token, sent_generation) = self.bearer()?;
                generation = sent_generation;
                request = request.bearer_auth(token.expose());
            }
            self.requests.fetch_add(1, Ordering::Relaxed);
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let error = network_error(&error);
                    if idempotent && error.is_transient() && attempt < MAX_ATTEMPTS {
                        backoff(attempt).await;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                self.throttled.fetch_add(1, Ordering::Relaxed);
                let asked = retry_after(response.headers(), SystemTime::now());
                let wait = asked.unwrap_or(DEFAULT_RETRY_AFTER).max(MIN_RETRY_AFTER);
                let decision = self.budget.throttled(
                    class,
                    wait,
                    self.config.throttle_policy(),
                    Instant::now(),
                );
                tracing::warn!(?asked, ?decision, "server rate limit hit");
                match decision {
                    // `admit` waits the pause out before the next try.
                    Throttle::Wait(_) if attempt < MAX_ATTEMPTS => continue,
                    Throttle::Wait(left) | Throttle::FailFast(left) => {
                        return Err(ApiError::RateLimited {
                            retry_after: Some(left),
                        });
                    }
                }
            }
            if status == StatusCode::UNAUTHORIZED && authed {
                if !refreshed {
                    refreshed = true;
                    Box::pin(self.refresh_after_rejection(generation)).await?;
                    continue;
                }
                // Rejected again, with a token the identity server has just
                // issued: the session is good and this request is refused
                // (Bitwarden's consolidated-billing routes answer a provider
                // without consolidated billing with a bare 401).
                return Err(match api_error(status, &error_text(response).await) {
                    ApiError::AuthExpired => ApiError::Refused,
                    other => other,
                });
            }
            if status.is_server_error() && idempotent && attempt < MAX_ATTEMPTS {
                backoff(attempt).await;
                continue;
            }
            return Ok(response);
        }
    }

    /// A route on the api host: each segment (ids included) is
    /// percent-encoded on its own, so an id can never reach another route.
    pub(crate) fn route(&self, segments: &[&str]) -> Result<Route, ApiError> {
        let mut url = self.config.urls.api.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| ApiError::InvalidUrl("the api URL cannot take a path".into()))?;
            path.pop_if_empty();
            for segment in segments {
                // An empty id or a dot segment would name a different route.
                if segment.is_empty() || *segment == "." || *segment == ".." {
                    return Err(ApiError::InvalidUrl(
                        "an id in the request is empty or not a path segment".into(),
                    ));
                }
                path.push(segment);
            }
        }
        Ok(Route {
            url,
            what: segments.join("/"),
        })
    }

    /// `organizations/{id}/…`, where most of the Admin Console's routes live.
    pub(crate) fn org_route(
        &self,
        organization_id: &str,
        rest: &[&str],
    ) -> Result<Route, ApiError> {
        self.route(&[&["organizations", organization_id][..], rest].concat())
    }

    /// `providers/{id}/…`, the Provider Portal's routes.
    pub(crate) fn provider_route(
        &self,
        provider_id: &str,
        rest: &[&str],
    ) -> Result<Route, ApiError> {
        self.route(&[&["providers", provider_id][..], rest].concat())
    }

    /// A GET's JSON answer, whatever its shape.
    #[tracing::instrument(skip_all, fields(path = %route.what))]
    pub(crate) async fn get_value(&self, route: &Route) -> Result<Value, ApiError> {
        self.get_json_at(&route.what, route.url.clone()).await
    }

    /// A GET's answer decoded as one object.
    pub(crate) async fn get<T: DeserializeOwned>(&self, route: &Route) -> Result<T, ApiError> {
        decode(&route.what, self.get_value(route).await?)
    }

    /// A GET's answer decoded as one object, with the JSON text it came as.
    pub(crate) async fn get_raw<T: DeserializeOwned>(
        &self,
        route: &Route,
    ) -> Result<Raw<T>, ApiError> {
        let body = self.get_text_at(&route.what, route.url.clone()).await?;
        list::one_with_raw(&route.what, body)
    }

    /// GET and read the JSON body; a body cut short or garbled in transit is
    /// fetched again (GETs are idempotent), like a failed connection. One
    /// over the size cap is not: it would be just as large again.
    async fn get_json_at(&self, what: &str, url: url::Url) -> Result<Value, ApiError> {
        self.get_parsed_at(what, url, parse_json).await
    }

    /// [`get_json_at`](Self::get_json_at) for answers kept as text: the
    /// JSON is checked, no tree is built.
    async fn get_text_at(&self, what: &str, url: url::Url) -> Result<Box<RawValue>, ApiError> {
        self.get_parsed_at(what, url, parse_json).await
    }

    async fn get_parsed_at<J>(
        &self,
        what: &str,
        url: url::Url,
        parse: fn(&[u8]) -> Result<J, serde_json::Error>,
    ) -> Result<J, ApiError> {
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
            match self.read_parsed(what, response, parse).await {
                Ok(value) => return Ok(value),
                Err(failure) if failure.again && attempt < MAX_ATTEMPTS => {
                    tracing::debug!(error = %failure.error, "retrying a GET whose body did not arrive whole");
                    backoff(attempt).await;
                }
                Err(failure) => return Err(failure.error),
            }
        }
    }

    /// A GET's answer as the bytes sent (the invoice CSV, kept exactly as
    /// the server made it), retried like JSON GETs.
    #[tracing::instrument(skip_all, fields(path = %route.what))]
    pub(crate) async fn get_bytes(&self, route: &Route) -> Result<Vec<u8>, ApiError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = self
                .send(RequestClass::Read, true, true, || {
                    self.http
                        .get(route.url.clone())
                        .header("Cache-Control", "no-store")
                })
                .await?;
            let status = response.status();
            if !status.is_success() {
                return Err(api_error(status, &error_text(response).await));
            }
            let cap = self.config.max_body_bytes;
            match read_capped(response, cap).await {
                Ok(bytes) => return Ok(bytes),
                Err(e) if !matches!(e, BodyError::TooLarge) && attempt < MAX_ATTEMPTS => {
                    backoff(attempt).await;
                }
                Err(e) => return Err(e.into_api_error(&route.what, cap)),
            }
        }
    }

    /// A list response: the `{"object":"list","data":[…]}` envelope or, on
    /// newer endpoints, a bare array, checked as a whole. Each item keeps
    /// its raw JSON.
    pub(crate) async fn get_list<T: DeserializeOwned>(
        &self,
        route: &Route,
    ) -> Result<Vec<Raw<T>>, ApiError> {
        let body = self
            .get_parsed_at(&route.what, route.url.clone(), parse_json::<list::ListBody>)
            .await?;
        let (items, _) = list::list_items(&route.what, body)?;
        list::items_with_raw(&route.what, items)
    }

    /// One page of an events route.
    pub(crate) async fn events_page(
        &self,
        route: Route,
        start: &str,
        end: &str,
        continuation: Option<&str>,
    ) -> Result<EventPage, ApiError> {
        let Route { mut url, what } = route;
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("start", start).append_pair("end", end);
            if let Some(token) = continuation {
                query.append_pair("continuationToken", token);
            }
        }
        let body = self
            .get_parsed_at(&what, url, parse_json::<list::ListBody>)
            .await?;
        let (items, token) = list::list_items(&what, body)?;
        Ok(EventPage {
            events: list::items_with_raw(&what, items)?,
            continuation_token: token,
        })
    }

    /// Takes one request of `class` from the budget without waiting (the
    /// invitation limit): a full window is `RateLimited` with the time left,
    /// which the write queue turns into a countdown.
    pub(crate) fn reserve(&self, class: RequestClass) -> Result<(), ApiError> {
        self.budget
            .reserve(class)
            .map_err(|left| ApiError::RateLimited {
                retry_after: Some(left),
            })
    }

    /// POST/PUT/DELETE with an optional JSON body on the api host. Returns
    /// the JSON answer, or `Value::Null` for the many routes that answer 200
    /// empty. Writes are not retried after a failure that may have reached
    /// the server (the write queue decides that, knowing the operation).
    #[tracing::instrument(skip_all, fields(path = %route.what, method = %method))]
    pub(crate) async fn write<B: Serialize + ?Sized>(
        &self,
        method: Method,
        route: &Route,
        body: Option<&B>,
    ) -> Result<Value, ApiError> {
        let response = self
            .send(RequestClass::Write, true, false, || {
                let request = self.http.request(method.clone(), route.url.clone());
                match body {
                    Some(body) => request.json(body),
                    None => request,
                }
            })
            .await?;
        self.write_answer(&route.what, response).await
    }

    /// A write whose answer is not needed (most answer 200 empty).
    pub(crate) async fn write_empty<B: Serialize + ?Sized>(
        &self,
        method: Method,
        route: &Route,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        self.write(method, route, body).await.map(drop)
    }

    /// A write whose answer is one object.
    pub(crate) async fn write_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        route: &Route,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        decode(&route.what, self.write(method, route, body).await?)
    }

    /// A write whose answer is a list (the bulk routes' per-id results),
    /// checked as a whole like a read.
    pub(crate) async fn write_list<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        route: &Route,
        body: Option<&B>,
    ) -> Result<Vec<T>, ApiError> {
        let answer = list::from_value(&route.what, &self.write(method, route, body).await?)?;
        let (items, _) = list::list_items(&route.what, answer)?;
        Ok(list::items_with_raw(&route.what, items)?
            .into_iter()
            .map(|item| item.value)
            .collect())
    }

    /// A write with a body that is not JSON (a file upload).
    pub(crate) async fn write_bytes(
        &self,
        method: Method,
        route: &Route,
        content_type: &str,
        body: bytes::Bytes,
    ) -> Result<Value, ApiError> {
        let response = self
            .send(RequestClass::Write, true, false, || {
                self.http
                    .request(method.clone(), route.url.clone())
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body.clone())
            })
            .await?;
        self.write_answer(&route.what, response).await
    }

    /// An unauthenticated POST on the api host (the sign-in helpers, a Send
    /// access), through the same budget, headers and 429 handling as every
    /// other request.
    pub(crate) async fn anonymous_post<B: Serialize + ?Sized>(
        &self,
        route: &Route,
        body: &B,
    ) -> Result<Value, ApiError> {
        let response = self
            .send(RequestClass::Write, false, false, || {
                self.http.post(route.url.clone()).json(body)
            })
            .await?;
        self.write_answer(&route.what, response).await
    }

    /// The bytes at a URL the server handed out (a Send's file in its
    /// storage): no bearer token goes with it, https only (or this
    /// machine), at most `cap` bytes.
    pub(crate) async fn anonymous_download(
        &self,
        url: &str,
        what: &str,
        cap: usize,
    ) -> Result<Vec<u8>, ApiError> {
        let url =
            url::Url::parse(url).map_err(|e| ApiError::decode(what, "url", &e.to_string()))?;
        let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if url.scheme() != "https" && !(url.scheme() == "http" && local) {
            return Err(ApiError::decode(what, "url", "not an https:// address"));
        }
        let response = self
            .send(RequestClass::Read, false, true, || {
                self.http.get(url.clone())
            })
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(api_error(status, &error_text(response).await));
        }
        read_capped(response, cap)
            .await
            .map_err(|e| e.into_api_error(what, cap))
    }

    /// The answer to a write: the error its status means, `Null` for an
    /// empty body, else its JSON (a 200 that is not JSON, e.g. a captive
    /// portal's page, did not come from the server and is an error).
    async fn write_answer(&self, what: &str, response: Response) -> Result<Value, ApiError> {
        let status = response.status();
        if !status.is_success() {
            return Err(api_error(status, &error_text(response).await));
        }
        let cap = self.config.max_body_bytes;
        let bytes = read_capped(response, cap)
            .await
            .map_err(|e| e.into_api_error(what, cap))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        parse_json(&bytes).map_err(|e| ApiError::decode(what, "$", &e.to_string()))
    }

    /// The JSON of a successful answer, or the error its status means.
    async fn read_json(&self, what: &str, response: Response) -> Result<Value, BodyFailure> {
        self.read_parsed(what, response, parse_json).await
    }

    async fn read_parsed<J>(
        &self,
        what: &str,
        response: Response,
        parse: fn(&[u8]) -> Result<J, serde_json::Error>,
    ) -> Result<J, BodyFailure> {
        let status = response.status();
        if !status.is_success() {
            return Err(BodyFailure {
                error: api_error(status, &error_text(response).await),
                again: false,
            });
        }
        let cap = self.config.max_body_bytes;
        let bytes = read_capped(response, cap).await.map_err(|e| BodyFailure {
            again: !matches!(e, BodyError::TooLarge),
            error: e.into_api_error(what, cap),
        })?;
        parse(&bytes).map_err(|e| BodyFailure {
            error: ApiError::decode(
                what,
                &format!("line {} column {}", e.line(), e.column()),
                &e.to_string(),
            ),
            // Garbled in transit (a proxy cut it, a byte flipped): worth
            // one more look.
            again: true,
        })
    }

    /// [`read_json`](Self::read_json) for callers that do not retry.
    pub(crate) async fn json_body(
        &self,
        what: &str,
        response: Response,
    ) -> Result<Value, ApiError> {
        self.read_json(what, response)
            .await
            .map_err(|failure| failure.error)
    }
}

/// A route on the api host (built by [`BwClient::route`]) and how errors
/// name it (its path without the query).
#[derive(Debug, Clone)]
pub(crate) struct Route {
    url: url::Url,
    what: String,
}

impl Route {
    /// Adds a query parameter (encoded).
    pub(crate) fn query(mut self, key: &str, value: &str) -> Self {
        self.url.query_pairs_mut().append_pair(key, value);
        self
    }

    /// How errors name this route.
    pub(crate) fn what(&self) -> &str {
        &self.what
    }
}

/// An answer whose body could not be used, and whether asking again may help.
struct BodyFailure {
    error: ApiError,
    again: bool,
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

/// The server's `Retry-After`, if it sent one we can read.
fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, now)
}

/// `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 §10.2.3),
/// clamped to [`MAX_BLOCK`]: a number too long for any integer means "very
/// long", a date in the past means "now", anything else is ignored.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so the only possible parse failure is overflow.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_BLOCK));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_BLOCK),
    )
}

pub(crate) fn network_error(error: &reqwest::Error) -> ApiError {
    // The URL may carry a query; the host is enough to say what failed.
    let host = error
        .url()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let chain = reqwest_error_text(error);
    if is_certificate_problem(&chain) {
        return ApiError::Tls(format!(
            "the server's certificate is not trusted ({host}: {}). If this is your own server, \
             add the certificate of its CA (--ca-file, or the self-hosted CA setting).",
            clean_server_text(&chain, MAX_MESSAGE_CHARS)
        ));
    }
    if error.is_timeout() {
        ApiError::Offline(format!("{host} did not answer in time"))
    } else if error.is_connect() {
        ApiError::Offline(format!("cannot connect to {host}"))
    } else {
        ApiError::Offline(format!(
            "request to {host} failed: {}",
            clean_server_text(&chain, MAX_MESSAGE_CHARS)
        ))
    }
}

/// Whether a transport error's text (the whole source chain) is rustls
/// refusing the server's certificate: not transient, and fixed by trusting
/// the right CA rather than by waiting.
fn is_certificate_problem(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    ["certificate", "unknownissuer", "unknown issuer"]
        .iter()
        .any(|marker| lower.contains(marker))
}

/// A reqwest error's text without its URL: the path can carry a credential
/// (the demo sandbox's launch secret) and the query ids; the host is enough
/// to say what failed.
fn reqwest_error_text(error: &reqwest::Error) -> String {
    let text = error_chain(error);
    match error.url() {
        Some(url) => {
            let host = url.host_str().unwrap_or("the server");
            text.replace(url.as_str(), host)
        }
        None => text,
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        // reqwest and hyper often repeat their source's text in their own.
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}

/// An error answer's text, bounded by [`ERROR_BODY_CAP`].
pub(crate) async fn error_text(response: Response) -> String {
    read_truncated(response, ERROR_BODY_CAP).await
}

pub(crate) fn decode<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| ApiError::decode(what, &e.path().to_string(), &e.inner().to_string()))
}

/// Maps an api-host error response (either shape, or not JSON at all).
pub(crate) fn api_error(status: StatusCode, body: &str) -> ApiError {
    let server_message = error_message(body);
    let has_message = server_message.is_some();
    let message = server_message.unwrap_or_else(|| match status {
        StatusCode::NOT_FOUND => "Resource not found.".to_owned(),
        _ => format!("HTTP {}", status.as_u16()),
    });
    match status.as_u16() {
        400 | 413 | 422 => ApiError::BadRequest(message),
        // Billing and provider routes answer 401 with a reason ("Service users
        // cannot purchase additional seats."): a refusal, not an expired session.
        401..=403 if has_message => ApiError::Forbidden(message),
        401 => ApiError::AuthExpired,
        402 | 403 => ApiError::Refused,
        404 => ApiError::NotFound(message),
        409 => ApiError::Conflict(message),
        429 => ApiError::RateLimited { retry_after: None },
        status => ApiError::Server { status, message },
    }
}

/// The human message of an error body: `message` (+ validation errors) or an
/// RFC 7807 problem's `title`/`errors`; a short snippet of non-JSON. Always
/// cleaned of control and bidi characters and at most
/// [`MAX_MESSAGE_CHARS`] long.
fn error_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
        let snippet = clean_server_text(trimmed, MAX_MESSAGE_CHARS);
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
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|v| {
                    v.as_str()
                        .or_else(|| v.get("detail").and_then(Value::as_str))
                })
                // Enough to fill the cap; the rest would be cut anyway.
                .take(MAX_MESSAGE_CHARS)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if !details.is_empty() {
        message = format!("{message} {}", details.join(" "));
    }
    let message = clean_server_text(&message, MAX_MESSAGE_CHARS);
    (!message.is_empty()).then_some(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        assert!(error_message("{\"message\":\"\\u0000\\u202e\"}").is_none());
    }

    #[test]
    fn server_messages_are_capped_and_cleaned() {
        let flood = json!({"message": format!("Denied\u{2067}\n{}", "w".repeat(100_000)),
            "validationErrors": {"a": ["x".repeat(100_000)]}})
        .to_string();
        let message = error_message(&flood).unwrap();
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(message.starts_with("Denied www"), "{message}");
        let snippet = error_message(&format!("<h1>\u{202D}{}</h1>", "v".repeat(10_000))).unwrap();
        assert!(
            snippet.starts_with("unexpected answer: <h1>vvv"),
            "{snippet}"
        );
        assert!(snippet.chars().count() <= MAX_MESSAGE_CHARS + 20);
        match api_error(StatusCode::CONFLICT, &flood) {
            ApiError::Conflict(m) => assert_eq!(m, message),
            other => panic!("{other:?}"),
        }
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
        // A bare 403 is a refusal without a reason, kept apart from one
        // with the server's words.
        assert!(matches!(
            api_error(StatusCode::FORBIDDEN, ""),
            ApiError::Refused
        ));
        match api_error(StatusCode::FORBIDDEN, r#"{"message":"Not a member."}"#) {
            ApiError::Forbidden(m) => assert_eq!(m, "Not a member."),
            other => panic!("{other:?}"),
        }
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
    fn retry_after_is_bounded() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let parse = |v: &str| parse_retry_after(v, now);
        assert_eq!(parse("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse("18446744073709551615"), Some(MAX_BLOCK));
        assert_eq!(parse("184467440737095516150000"), Some(MAX_BLOCK));
        assert_eq!(parse("1000000000"), Some(MAX_BLOCK));
        // HTTP-dates: ahead, far ahead, past.
        let ahead = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(parse(&ahead), Some(Duration::from_secs(90)));
        assert_eq!(parse("Thu, 01 Jan 2099 00:00:00 GMT"), Some(MAX_BLOCK));
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(
            parse("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        // Garbage is ignored (the short default applies).
        for garbage in ["", "-5", "1.5", "soon", "0x10", "Thu, 99 Foo 2099"] {
            assert_eq!(parse(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn certificate_failures_are_recognised() {
        assert!(is_certificate_problem(
            "error sending request: client error (Connect): invalid peer certificate: UnknownIssuer"
        ));
        assert!(is_certificate_problem("invalid peer certificate: Expired"));
        assert!(!is_certificate_problem(
            "error sending request: connection refused"
        ));
    }
}
