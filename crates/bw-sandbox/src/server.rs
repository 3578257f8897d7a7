//! Start-up, the accept loop (plain or TLS) and the knobs that act below the
//! routes: latency, fault injection and the cloud's per-IP rate limits.

use crate::config::{FaultSpec, LaunchSecret, RateLimit, SandboxConfig, Seed};
use crate::error::{ApiError, too_many_requests};
use crate::guard::AccessGuard;
use crate::routes::{self, AppState};
use crate::{SandboxError, db, seed, tls};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower::ServiceExt as _;

/// Per-connection facts the middleware needs.
#[derive(Clone)]
pub struct ConnInfo {
    pub peer: SocketAddr,
    /// Notified to reset the TCP connection (fault injection).
    pub reset: Arc<Notify>,
}

/// Entry point.
pub struct Sandbox;

/// A started sandbox; dropping it without [`RunningSandbox::shutdown`] stops
/// the accept loop as well.
pub struct RunningSandbox {
    url: String,
    addr: SocketAddr,
    ca_pem: Option<String>,
    shutdown_tx: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    state: Arc<AppState>,
    app: axum::Router,
    _temp: Option<tempfile::TempDir>,
    seed_time: Duration,
}

impl Sandbox {
    /// Opens (or creates and seeds) the database, binds and starts serving.
    /// Anyone who can reach the port can use it: for tests and development.
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
        Self::start_with(config, None).await
    }

    /// Like [`Sandbox::start`], with the access guard on: routes are served
    /// only under `/<secret>/` (what [`RunningSandbox::url`] includes), a
    /// request whose `Host` is not this listener (`127.0.0.1:PORT`,
    /// `localhost:PORT`, `[::1]:PORT`) gets 421, one outside the secret 404,
    /// and emailed codes are never logged. For a sandbox inside an app that
    /// other local users and web pages (DNS rebinding) must not reach.
    pub async fn start_guarded(
        config: SandboxConfig,
        secret: LaunchSecret,
    ) -> Result<RunningSandbox, SandboxError> {
        Self::start_with(config, Some(secret)).await
    }

    async fn start_with(
        config: SandboxConfig,
        secret: Option<LaunchSecret>,
    ) -> Result<RunningSandbox, SandboxError> {
        if !config.addr.ip().is_loopback() && !config.allow_non_loopback {
            return Err(SandboxError::NotLoopback(config.addr));
        }
        let (temp, dir): (Option<tempfile::TempDir>, PathBuf) = match &config.data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| SandboxError::Io {
                    what: format!("creating {}", dir.display()),
                    source,
                })?;
                (None, dir.clone())
            }
            None => {
                let t = tempfile::Builder::new()
                    .prefix("bw-sandbox-")
                    .tempdir()
                    .map_err(|source| SandboxError::Io {
                        what: "creating a temp dir".into(),
                        source,
                    })?;
                let p = t.path().to_path_buf();
                (Some(t), p)
            }
        };
        let pool = db::open(&dir.join("sandbox.db")).await?;
        let started = Instant::now();
        if db::meta(&pool, "seed").await?.is_none() {
            let anchor = config.anchor.unwrap_or_else(seed::today);
            match &config.seed {
                Seed::Demo => seed::demo::seed(&pool, config.seed_value, anchor).await?,
                Seed::Scale {
                    clients,
                    members,
                    items,
                    events,
                } => {
                    seed::scale::seed(
                        &pool,
                        config.seed_value,
                        anchor,
                        *clients,
                        *members,
                        *items,
                        *events,
                    )
                    .await?
                }
                Seed::Empty => {}
            }
            db::set_meta(
                &pool,
                "seed",
                &format!("{:?}/{}", config.seed, config.seed_value),
            )
            .await?;
        }
        let seed_time = started.elapsed();

        let tls = match &config.tls {
            Some(tls_config) => {
                let material = tls::make()?;
                if let Some(path) = &tls_config.ca_out {
                    std::fs::write(path, &material.ca_pem).map_err(|source| SandboxError::Io {
                        what: format!("writing {}", path.display()),
                        source,
                    })?;
                }
                Some(material)
            }
            None => None,
        };

        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| SandboxError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let origin = format!("{scheme}://{addr}");
        // Clients follow the URLs the sandbox hands out (config, sends), so
        // they carry the secret too; `origin` never does and is what gets logged.
        let url = match &secret {
            Some(secret) => format!("{origin}/{}", secret.as_str()),
            None => origin.clone(),
        };
        let guarded = secret.is_some();
        let guard = secret.map(|secret| Arc::new(AccessGuard::new(secret, addr)));

        let state = Arc::new(AppState {
            db: pool,
            jwt_secret: rand::random(),
            base_url: url.clone(),
            origin: origin.clone(),
            guarded,
            brute_force_delay: config.brute_force_delay,
            new_device_verification: config.new_device_verification,
            rate_limit: config.rate_limit,
            limiter: Mutex::new(HashMap::new()),
            fault_rng: Mutex::new(ChaCha20Rng::seed_from_u64(
                config.faults.as_ref().map_or(0, |f| f.seed),
            )),
            faults: config.faults.clone().filter(FaultSpec::is_active),
            latency: config.latency,
            received: Mutex::new(HashMap::new()),
            effects: Mutex::new(HashMap::new()),
            event_paging: Mutex::new(crate::config::EventPaging::default()),
            provider_items_rule: Mutex::new(false),
            self_hosted: std::sync::atomic::AtomicBool::new(false),
        });
        let app = routes::router(state.clone());
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let ca_pem = tls.as_ref().map(|m| m.ca_pem.clone());
        let acceptor = tls.map(|m| tokio_rustls::TlsAcceptor::from(m.server_config));
        let task = tokio::spawn(accept_loop(
            listener,
            app.clone(),
            guard,
            acceptor,
            shutdown_rx,
        ));
        tracing::info!(
            url = %origin,
            guarded,
            seed_ms = seed_time.as_millis() as u64,
            "sandbox listening"
        );
        Ok(RunningSandbox {
            url,
            addr,
            ca_pem,
            shutdown_tx,
            task: Some(task),
            state,
            app,
            _temp: temp,
            seed_time,
        })
    }
}

impl RunningSandbox {
    /// Base URL (`http(s)://127.0.0.1:PORT`, plus `/<secret>` when started
    /// with [`Sandbox::start_guarded`]), what `bw config server` takes.
    /// Guarded, it is a credential: do not log it.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// `…/identity`.
    pub fn identity_url(&self) -> String {
        format!("{}/identity", self.url)
    }
    /// `…/api`.
    pub fn api_url(&self) -> String {
        format!("{}/api", self.url)
    }
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// The throw-away CA (PEM) when serving HTTPS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }
    /// How many requests arrived whose method and path (no query; as the
    /// routes see it, so without a launch secret) `matches` accepts.
    pub fn received(&self, matches: impl Fn(&str, &str) -> bool) -> u64 {
        self.state.received.lock().map_or(0, |received| {
            received
                .iter()
                .filter(|((method, path), _)| matches(method, path))
                .map(|(_, n)| *n)
                .sum()
        })
    }
    /// How many changes of `kind` the server committed (`create_client`,
    /// `update_client`, `add_organization`).
    pub fn effects(&self, kind: &str) -> u64 {
        self.state
            .effects
            .lock()
            .map_or(0, |effects| effects.get(kind).copied().unwrap_or(0))
    }
    /// Makes the event routes page the way some servers do (tests of
    /// clients' paging).
    pub fn set_event_paging(&self, paging: crate::config::EventPaging) {
        if let Ok(mut mode) = self.state.event_paging.lock() {
            *mode = paging;
        }
    }
    /// Applies Bitwarden's provider-user rule to item lists: provider users
    /// who are not members of a client may not list its items.
    pub fn set_provider_items_rule(&self, on: bool) {
        if let Ok(mut rule) = self.state.provider_items_rule.lock() {
            *rule = on;
        }
    }
    /// Plays a self-hosted installation (on) or Bitwarden's cloud (off, the
    /// default). Self-hosted, the routes Bitwarden marks
    /// `[SelfHosted(NotSelfHostedOnly = true)]` (consolidated-billing client
    /// routes, provider billing `vnext`, organization seat and subscription
    /// purchases) answer 400 "Only allowed when not self hosted.", the
    /// provider billing routes find no Stripe set-up (500),
    /// `GET organizations/{id}/subscription` answers from the licence, and
    /// names and billing e-mails that come from the licence are not changed
    /// by `PUT organizations/{id}` or `PUT providers/{id}`.
    pub fn set_self_hosted(&self, on: bool) {
        self.state
            .self_hosted
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }
    /// Makes a provider billable (status 2, consolidated billing) or not
    /// (status 1, created: clients keep their own subscriptions). What the
    /// consolidated-billing routes require and what the profile reports as
    /// `providers[].providerStatus`. The provider's users are told to sync
    /// (revision date bumped), as after any change of their provider.
    pub async fn set_provider_billable(
        &self,
        provider_id: &str,
        on: bool,
    ) -> Result<(), SandboxError> {
        let id = crate::util::guid(provider_id).ok_or_else(|| {
            SandboxError::InvalidOption(format!("not a provider id: {provider_id}"))
        })?;
        let t = crate::util::now();
        let mut tx = self.state.db.begin().await?;
        let changed =
            sqlx::query("UPDATE providers SET status = ?, revision_date = ? WHERE id = ?")
                .bind(if on { 2 } else { 1 })
                .bind(&t)
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if changed == 0 {
            return Err(SandboxError::InvalidOption(format!(
                "no provider {provider_id}"
            )));
        }
        sqlx::query(
            "UPDATE users SET revision_date = ? WHERE id IN \
             (SELECT user_id FROM provider_users WHERE provider_id = ? AND user_id IS NOT NULL)",
        )
        .bind(&t)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
    /// The provider invitation sent to `invited_email` accepted by the
    /// existing user `user_email`, as if they had followed the e-mail's
    /// link (for tests of the confirm step). Their provider is told to sync.
    pub async fn accept_provider_invite(
        &self,
        invited_email: &str,
        user_email: &str,
    ) -> Result<(), SandboxError> {
        let t = crate::util::now();
        let changed = sqlx::query(
            "UPDATE provider_users SET status = 1, email = NULL, \
             user_id = (SELECT id FROM users WHERE email = ?) \
             WHERE email = ? AND status = 0 AND EXISTS (SELECT 1 FROM users WHERE email = ?)",
        )
        .bind(user_email)
        .bind(invited_email)
        .bind(user_email)
        .execute(&self.state.db)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(SandboxError::InvalidOption(format!(
                "no open provider invitation to {invited_email} for an existing {user_email}"
            )));
        }
        sqlx::query("UPDATE users SET revision_date = ?")
            .bind(&t)
            .execute(&self.state.db)
            .await?;
        Ok(())
    }
    /// How long opening and seeding the database took.
    pub fn seed_time(&self) -> Duration {
        self.seed_time
    }
    /// The last code "emailed" to a user (`two-factor` or `new-device`), for tests and the demo.
    pub async fn email_code(&self, email: &str, purpose: &str) -> Option<String> {
        sqlx::query_as::<_, (String,)>(
            "SELECT o.code FROM otps o JOIN users u ON u.id = o.user_id WHERE u.email = ? AND o.purpose = ?",
        )
        .bind(crate::util::normalize_email(email))
        .bind(purpose)
        .fetch_optional(&self.state.db)
        .await
        .ok()
        .flatten()
        .map(|r| r.0)
    }
    /// The in-process router (no sockets), for fast tests. Its paths have
    /// no secret prefix and it checks no Host even when guarded: the guard
    /// keeps out other processes, and this caller is already inside.
    pub fn router(&self) -> axum::Router {
        self.app.clone()
    }
    /// Stops accepting, closes connections and removes a temp database.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown_tx.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.state.db.close().await;
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.shutdown_tx.send(true);
    }
}

async fn accept_loop(
    listener: TcpListener,
    app: axum::Router,
    guard: Option<Arc<AccessGuard>>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => break,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(err) => {
                tracing::warn!(error = %err, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        // A duplicate handle lets a "connection reset" fault set SO_LINGER 0
        // on the socket that hyper owns.
        let (stream, dup) = match stream.into_std().and_then(|s| {
            let dup = s.try_clone()?;
            Ok((tokio::net::TcpStream::from_std(s)?, dup))
        }) {
            Ok(pair) => pair,
            Err(_) => continue,
        };
        let app = app.clone();
        let guard = guard.clone();
        let acceptor = acceptor.clone();
        let reset = Arc::new(Notify::new());
        let info = ConnInfo {
            peer,
            reset: reset.clone(),
        };
        connections.spawn(async move {
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(info.clone());
                    // The guard runs before the router (and its request log),
                    // so routes and logs only ever see the path without the secret.
                    let admitted = match &guard {
                        Some(guard) => guard.admit(req.map(Body::new)),
                        None => Ok(req.map(Body::new)),
                    };
                    let app = app.clone();
                    async move {
                        match admitted {
                            Ok(req) => app.oneshot(req).await,
                            Err(refusal) => Ok(refusal),
                        }
                    }
                },
            );
            let builder = hyper::server::conn::http1::Builder::new();
            let serve = async {
                match acceptor {
                    Some(acceptor) => {
                        if let Ok(Ok(tls_stream)) =
                            tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream))
                                .await
                        {
                            let _ = builder
                                .serve_connection(TokioIo::new(tls_stream), service)
                                .await;
                        }
                    }
                    None => {
                        let _ = builder
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    }
                }
            };
            tokio::select! {
                _ = serve => {}
                _ = reset.notified() => {
                    let _ = socket2::SockRef::from(&dup).set_linger(Some(Duration::ZERO));
                }
            }
            drop(dup);
        });
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Latency, then faults, then rate limits, then the routes.
pub async fn knobs(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Ok(mut received) = state.received.lock() {
        let key = (
            req.method().as_str().to_owned(),
            req.uri().path().to_owned(),
        );
        *received.entry(key).or_insert(0) += 1;
    }
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    if let Some(faults) = &state.faults {
        let draw: f64 = match state.fault_rng.lock() {
            Ok(mut rng) => rng.r#gen(),
            Err(_) => 1.0,
        };
        let mut edge = 0.0;
        let mut hit = |p: f64| {
            edge += p;
            draw < edge
        };
        if hit(faults.p500) {
            return ApiError::Internal.into_response();
        }
        if hit(faults.p502) {
            let mut r = (
                StatusCode::BAD_GATEWAY,
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("text/html"),
            );
            return r;
        }
        if hit(faults.p429) {
            return too_many_requests(faults.retry_after, &format!("{}s", faults.retry_after));
        }
        if hit(faults.reset) {
            if let Some(info) = req.extensions().get::<ConnInfo>() {
                info.reset.notify_one();
                std::future::pending::<()>().await;
            }
            return ApiError::Internal.into_response();
        }
        if hit(faults.truncate) {
            let response = next.run(req).await;
            return truncate(response).await;
        }
        if hit(faults.stall) {
            tokio::time::sleep(faults.stall_for).await;
        }
    }
    if state.rate_limit == RateLimit::Cloud {
        let ip = client_ip(&req);
        if let Some((retry_after, period)) =
            check_rate(&state, ip, req.method().as_str(), req.uri().path())
        {
            return too_many_requests(retry_after, period);
        }
    }
    next.run(req).await
}

async fn truncate(response: Response) -> Response {
    use http_body_util::BodyExt;
    let (mut parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let full = bytes.len().max(2);
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, header::HeaderValue::from(full));
    // Send the first half, give hyper time to flush it, then fail the body:
    // the client sees fewer bytes than Content-Length and a closed connection.
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<_, std::io::Error>(half), 1)),
                1 => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let err = std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "truncated by fault injection",
                    );
                    Some((Err(err), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

fn client_ip(req: &Request) -> IpAddr {
    req.headers()
        .get("x-connecting-ip")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .or_else(|| req.extensions().get::<ConnInfo>().map(|c| c.peer.ip()))
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

pub type Limiter = HashMap<(IpAddr, &'static str), (Instant, u32)>;

struct Rule {
    name: &'static str,
    limit: u32,
    period: Duration,
    text: &'static str,
}

const fn rule(name: &'static str, limit: u32, secs: u64, text: &'static str) -> Rule {
    Rule {
        name,
        limit,
        period: Duration::from_secs(secs),
        text,
    }
}

/// The cloud's rules (contract §12) that match a request.
fn rules_for(method: &str, path: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    if let Some(rest) = path.strip_prefix("/identity") {
        rules.push(rule("identity-min", 60, 60, "1m"));
        rules.push(rule("identity-sec", 5, 1, "1s"));
        if method == "POST"
            && rest
                .trim_end_matches('/')
                .eq_ignore_ascii_case("/connect/token")
        {
            rules.push(rule("token", 10, 60, "1m"));
        }
        return rules;
    }
    let rest = path
        .strip_prefix("/api")
        .unwrap_or(path)
        .to_ascii_lowercase();
    match method {
        "GET" => rules.push(rule("get-min", 200, 60, "1m")),
        "POST" => {
            rules.push(rule("post-min", 60, 60, "1m"));
            rules.push(rule("post-sec", 5, 1, "1s"));
        }
        "PUT" => {
            rules.push(rule("put-min", 60, 60, "1m"));
            rules.push(rule("put-sec", 5, 1, "1s"));
        }
        "DELETE" => {
            rules.push(rule("delete-min", 60, 60, "1m"));
            rules.push(rule("delete-sec", 5, 1, "1s"));
        }
        _ => {}
    }
    let segs: Vec<&str> = rest.trim_matches('/').split('/').collect();
    if method == "POST" {
        let invite = matches!(segs.as_slice(), ["organizations", _, "users", "invite"])
            || matches!(
                segs.as_slice(),
                ["organizations", _, "users", _, "reinvite"]
            );
        if invite {
            rules.push(rule("invite-min", 5, 60, "1m"));
            rules.push(rule("invite-day", 300, 86_400, "1d"));
        }
        match segs.as_slice() {
            ["two-factor", "send-email-login"] => {
                rules.push(rule("2fa-email-login", 10, 600, "10m"))
            }
            ["two-factor", "send-email"] => rules.push(rule("2fa-email", 5, 600, "10m")),
            ["accounts", "prelogin"] => rules.push(rule("prelogin", 10, 60, "1m")),
            ["accounts", "password-hint"] => rules.push(rule("hint", 5, 3600, "1h")),
            [
                "accounts",
                "email-token" | "verify-email-token" | "delete-recover-token",
            ] => rules.push(rule("email-token", 2, 60, "1m")),
            _ => {}
        }
    }
    rules
}

fn check_rate(
    state: &AppState,
    ip: IpAddr,
    method: &str,
    path: &str,
) -> Option<(u64, &'static str)> {
    let rules = rules_for(method, path);
    let now = Instant::now();
    let mut limiter = state.limiter.lock().ok()?;
    for r in &rules {
        if let Some((start, count)) = limiter.get(&(ip, r.name)) {
            let elapsed = now.duration_since(*start);
            if elapsed < r.period && *count >= r.limit {
                let retry = (r.period - elapsed).as_secs().max(1);
                return Some((retry, r.text));
            }
        }
    }
    // Forget finished windows now and then so many client IPs cannot grow the map without bound.
    if limiter.len() > 10_000 {
        limiter.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(86_400));
    }
    for r in &rules {
        let entry = limiter.entry((ip, r.name)).or_insert((now, 0));
        if now.duration_since(entry.0) >= r.period {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_rules_match_the_contract() {
        let names = |m, p| {
            rules_for(m, p)
                .into_iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("POST", "/identity/connect/token"),
            ["identity-min", "identity-sec", "token"]
        );
        assert_eq!(names("GET", "/api/sync"), ["get-min"]);
        assert!(names("POST", "/api/organizations/x/users/invite").contains(&"invite-day"));
        assert!(names("POST", "/api/organizations/x/users/y/reinvite").contains(&"invite-min"));
        assert!(names("POST", "/api/two-factor/send-email-login").contains(&"2fa-email-login"));
    }
}
