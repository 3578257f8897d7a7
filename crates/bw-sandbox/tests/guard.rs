//! The access guard of a sandbox started with a launch secret: over real
//! sockets, only requests under `/<secret>/` whose Host names the listener
//! reach the routes; real clients work through `url()`; the secret and the
//! emailed codes stay out of the log.

use bw_api::client::{BwClient, ClientConfig, Device, EmailedCode, SecondFactor, ServerUrls};
use bw_crypto::{MasterKey, SecretString};
use bw_sandbox::{
    DEMO_2FA_EMAIL, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, LaunchSecret, RunningSandbox, Sandbox,
    SandboxConfig,
};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn guarded() -> RunningSandbox {
    Sandbox::start_guarded(SandboxConfig::default(), LaunchSecret::random())
        .await
        .unwrap()
}

/// The secret, as the last segment of the base URL.
fn secret_of(s: &RunningSandbox) -> String {
    s.url().rsplit('/').next().unwrap().to_owned()
}

/// A raw HTTP/1.1 request with exactly the Host and target given; the status
/// and body of the answer.
async fn raw(
    s: &RunningSandbox,
    method: &str,
    host: &str,
    target: &str,
    json: Option<&str>,
) -> (u16, String) {
    let mut tcp = tokio::net::TcpStream::connect(s.addr()).await.unwrap();
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    match json {
        Some(body) => write!(
            request,
            "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap(),
        None => request.push_str("\r\n"),
    }
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tcp.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn demo_master_key(email: &str) -> MasterKey {
    // The precomputed table keeps PBKDF2 out of the test.
    let table = include_str!("../data/demo-master-keys.txt");
    let hex = table
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{email} ")))
        .unwrap();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    MasterKey::from_bytes(&bytes).unwrap()
}

fn demo_hash(email: &str) -> SecretString {
    SecretString::new(demo_master_key(email).server_hash(&SecretString::from(DEMO_PASSWORD)))
}

fn client(base: &str) -> BwClient {
    let urls = ServerUrls::self_hosted(base).unwrap();
    let device = Device::desktop("00000000-0000-4000-8000-00000000a11d".into());
    BwClient::new(ClientConfig::new(urls, device)).unwrap()
}

/// Every span and event of this thread's tracing as text lines, `LEVEL
/// field=value …`. `#[tokio::test]` runs the sandbox's tasks on the test's
/// own thread, so a thread-local subscriber sees all of its log.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn push(&self, level: &tracing::Level, record: impl FnOnce(&mut Fields<'_>)) {
        let mut line = level.to_string();
        record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.push(span.metadata().level(), |f| span.record(f));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        self.push(&tracing::Level::TRACE, |f| values.record(f));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        self.push(event.metadata().level(), |f| event.record(f));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn only_the_secret_path_and_our_host_reach_the_routes() {
    let s = guarded().await;
    let secret = secret_of(&s);
    let port = s.addr().port();
    let ours = format!("127.0.0.1:{port}");
    assert_eq!(s.url(), format!("http://{ours}/{secret}"));
    assert_eq!(secret.len(), 43);

    // No prefix: not routed, an empty 404.
    let (status, body) = raw(&s, "GET", &ours, "/api/config", None).await;
    assert_eq!((status, body.as_str()), (404, ""));
    let (status, _) = raw(&s, "POST", &ours, "/identity/accounts/prelogin", Some("{}")).await;
    assert_eq!(status, 404);

    // A rebinding page's host name, even with the secret: 421.
    let config = format!("/{secret}/api/config");
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_owned(),
    ] {
        let (status, _) = raw(&s, "GET", &host, &config, None).await;
        assert_eq!(status, 421, "Host {host}");
    }

    // Our host names with the secret: served, and the advertised URLs carry the secret.
    for host in [
        ours.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = raw(&s, "GET", &host, &config, None).await;
        assert_eq!(status, 200, "Host {host}");
        let config: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(config["environment"]["api"], format!("{}/api", s.url()));
    }

    // A wrong secret of the same length, and near misses: 404.
    let mut wrong = secret.clone().into_bytes();
    wrong[10] = if wrong[10] == b'x' { b'y' } else { b'x' };
    let wrong = String::from_utf8(wrong).unwrap();
    for target in [
        format!("/{wrong}/api/config"),
        format!("/{secret}x/api/config"),
        format!("/{}/api/config", &secret[1..]),
    ] {
        let (status, _) = raw(&s, "GET", &ours, &target, None).await;
        assert_eq!(status, 404, "{target}");
    }

    // Routing below the prefix works as without the guard.
    let (status, _) = raw(&s, "GET", &ours, &format!("/{secret}/api/nope"), None).await;
    assert_eq!(status, 404);
    s.shutdown().await;
}

#[tokio::test]
async fn the_bw_api_client_signs_in_and_syncs_through_the_guarded_url() {
    let s = guarded().await;
    let client = client(s.url());
    let prelogin = client.prelogin(DEMO_ADMIN_EMAIL).await.unwrap();
    assert_eq!(prelogin.kdf.iterations, 600_000);
    let login = client
        .login_password(
            DEMO_ADMIN_EMAIL,
            &demo_hash(DEMO_ADMIN_EMAIL),
            &SecondFactor::None,
        )
        .await
        .unwrap();
    assert!(login.protected_user_key.is_some());
    client.set_tokens(Some(login.tokens));
    let profile = client.profile().await.unwrap().value;
    assert!(!profile.provider_organizations.is_empty());

    // The port alone (the base URL without the secret) is not enough.
    let origin = format!("http://{}", s.addr());
    assert!(client_fails(&origin).await);
    s.shutdown().await;
}

async fn client_fails(base: &str) -> bool {
    client(base).prelogin(DEMO_ADMIN_EMAIL).await.is_err()
}

#[tokio::test]
async fn tokens_and_the_log_never_carry_the_secret_or_a_code() {
    let capture = Capture::default();
    let _log = tracing::subscriber::set_default(capture.clone());
    let s = guarded().await;
    let secret = secret_of(&s);
    let ours = format!("127.0.0.1:{}", s.addr().port());

    // Served, refused and unknown paths, all of which hold the secret.
    for target in [
        format!("/{secret}/api/config"),
        format!("/{secret}/api/no-such-route"),
        format!("/{secret}x/api/config"),
    ] {
        raw(&s, "GET", &ours, &target, None).await;
    }
    raw(
        &s,
        "GET",
        "evil.example",
        &format!("/{secret}/api/config"),
        None,
    )
    .await;

    // A two-step email code, sent through the guarded URL: readable for
    // tests, never logged.
    let code = mailed_two_factor_code(&s).await;

    // The token's issuer names the origin, not the secret.
    let me = s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap();
    let payload = me.access_token.split('.').nth(1).unwrap();
    let claims = {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap()
    };
    let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
    assert_eq!(
        claims["iss"],
        format!("http://{}/identity", s.addr()),
        "{claims}"
    );
    s.shutdown().await;

    let lines = capture.lines();
    assert!(lines.iter().any(|l| l.contains("sandbox listening")));
    assert!(lines.iter().any(|l| l.contains("/api/no-such-route")));
    let leaks: Vec<&String> = lines.iter().filter(|l| l.contains(&secret)).collect();
    assert!(leaks.is_empty(), "the secret in the log: {leaks:?}");
    let mail = the_one_mail(&lines);
    assert!(!mail.contains("code=") && !mail.contains(&code), "{mail:?}");
}

#[tokio::test]
async fn an_unguarded_sandbox_logs_codes_at_debug_only() {
    let capture = Capture::default();
    let _log = tracing::subscriber::set_default(capture.clone());
    let s = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert_eq!(s.url(), format!("http://{}", s.addr()));
    let code = mailed_two_factor_code(&s).await;
    s.shutdown().await;
    let lines = capture.lines();
    let mail = the_one_mail(&lines);
    assert!(
        mail.starts_with("DEBUG") && mail.contains(&code),
        "{mail:?}"
    );
}

/// Has the sandbox mail the demo two-step user a login code, asked for by a
/// real client through `url()`; the code it sent.
async fn mailed_two_factor_code(s: &RunningSandbox) -> String {
    client(s.url())
        .request_emailed_code(
            EmailedCode::TwoFactor,
            DEMO_2FA_EMAIL,
            &demo_hash(DEMO_2FA_EMAIL),
        )
        .await
        .unwrap();
    s.email_code(DEMO_2FA_EMAIL, "two-factor").await.unwrap()
}

/// The one log line about a mail the sandbox sent.
fn the_one_mail(lines: &[String]) -> &String {
    let mail: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("sandbox mail"))
        .collect();
    assert_eq!(mail.len(), 1, "{lines:?}");
    mail[0]
}
