//! Tests of the client against a raw local HTTP server that misbehaves on
//! purpose: gzip bombs, endless and stalled bodies, 429 storms, untrusted
//! certificates, expiring tokens. The server speaks just enough HTTP/1.1
//! (one request per connection) to script any answer byte for byte.

use super::*;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) authorization: Option<String>,
    pub(crate) body: String,
}

/// What the server does with a request.
pub(crate) enum Reply {
    /// Writes these bytes and closes.
    Raw(Vec<u8>),
    /// Writes a chunked head and then chunks until the client goes away.
    Endless,
    /// Writes these bytes and then sends nothing more, holding the
    /// connection open until the client goes away.
    Stall(Vec<u8>),
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

pub(crate) struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
}

impl Server {
    pub(crate) async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        Self::start_with(None, Arc::new(handler)).await
    }

    /// With `tls`, connections are served over TLS with that config.
    async fn start_with(tls: Option<Arc<rustls::ServerConfig>>, handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (log, count) = (seen.clone(), connections.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let (handler, log, tls) = (handler.clone(), log.clone(), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        Some(config) => {
                            let acceptor = tokio_rustls::TlsAcceptor::from(config);
                            // The client refusing our certificate ends here.
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, &*handler, &log).await;
                            }
                        }
                        None => serve(stream, &*handler, &log).await,
                    }
                });
            }
        });
        Server {
            base: format!("{scheme}://127.0.0.1:{port}/"),
            seen,
            connections,
        }
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn hits(&self, path_prefix: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.path.starts_with(path_prefix))
            .count()
    }

    fn config(&self) -> ClientConfig {
        let urls = ServerUrls::self_hosted(&self.base).unwrap();
        ClientConfig::new(urls, Device::desktop("test-device".into()))
    }

    pub(crate) fn client(&self) -> BwClient {
        BwClient::new(self.config()).unwrap()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    handler: &Handler,
    log: &Mutex<Vec<Seen>>,
) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut byte).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let path = first.next().unwrap_or_default().to_owned();
    let mut length = 0usize;
    let mut authorization = None;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_owned();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().unwrap_or(0),
                "authorization" => authorization = Some(value),
                _ => {}
            }
        }
    }
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        match stream.read(&mut byte).await {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&byte[..n]),
        }
    }
    let seen = Seen {
        method,
        path,
        authorization,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().unwrap().push(seen.clone());
    match handler(&seen) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = [b' '; 64 * 1024];
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            while stream.write_all(&framed).await.is_ok() {}
        }
        Reply::Stall(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            // Hold the connection until the client drops it.
            let mut sink = [0u8; 64];
            while let Ok(n) = stream.read(&mut sink).await {
                if n == 0 {
                    break;
                }
            }
        }
    }
}

/// A complete response with `Content-Length` and `Connection: close`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

pub(crate) fn json(status: &str, body: &str) -> Reply {
    Reply::Raw(response(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    ))
}

fn too_many(retry_after: Option<&str>) -> Reply {
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(value) = retry_after {
        headers.push(("Retry-After", value));
    }
    Reply::Raw(response("429 Too Many Requests", &headers, b"{}"))
}

pub(crate) fn signed_in(client: &BwClient, access: &str, expires_at_unix: i64) {
    client.set_tokens(Some(Tokens {
        access_token: SecretString::from(access),
        refresh_token: Some(SecretString::from("refresh-1")),
        expires_at_unix,
    }));
}

/// A route from a slash-separated path (tests only).
fn at(client: &BwClient, path: &str) -> Route {
    client.route(&path.split('/').collect::<Vec<_>>()).unwrap()
}

/// No body for a write.
const NO_BODY: Option<&()> = None;

fn is_too_large(error: &ApiError) -> bool {
    matches!(error, ApiError::Decode { detail, .. } if detail.contains("larger than"))
}

// ---- size caps ----------------------------------------------------------

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_cap_and_is_not_retried() {
    // 32 MiB of spaces compress to ~32 KiB; the cap is 1 MiB.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..32 {
        encoder.write_all(&block).unwrap();
    }
    let bomb = Arc::new(encoder.finish().unwrap());
    assert!(bomb.len() < 256 * 1024, "{}", bomb.len());
    let server = Server::start({
        let bomb = bomb.clone();
        move |_| {
            Reply::Raw(response(
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Encoding", "gzip"),
                ],
                &bomb,
            ))
        }
    })
    .await;
    let mut config = server.config();
    config.max_body_bytes = 1024 * 1024;
    let client = BwClient::new(config).unwrap();
    signed_in(&client, "a", unix_now() + 3600);
    let error = client.get_value(&at(&client, "sync")).await.unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
    assert!(error.to_string().contains("larger than 1 MiB"), "{error}");
    assert!(!error.is_transient());
    assert_eq!(server.hits("/api/sync"), 1);
}

#[tokio::test]
async fn an_announced_oversize_body_is_refused_before_reading() {
    let server = Server::start(|_| {
        Reply::Stall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n[".to_vec(),
        )
    })
    .await;
    let client = server.client();
    signed_in(&client, "a", unix_now() + 3600);
    let started = Instant::now();
    let error = client.get_value(&at(&client, "sync")).await.unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
    assert!(error.to_string().contains("64 MiB"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.hits("/api/sync"), 1);
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let server = Server::start(|_| Reply::Endless).await;
    let mut config = server.config();
    config.max_body_bytes = 2 * 1024 * 1024;
    let client = BwClient::new(config).unwrap();
    signed_in(&client, "a", unix_now() + 3600);
    let error = client.get_value(&at(&client, "sync")).await.unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
    // Writes and the identity host have the same cap.
    let error = client
        .write(
            Method::POST,
            &at(&client, "ciphers"),
            Some(&serde_json::json!({})),
        )
        .await
        .unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
    let error = client
        .login_api_key("user.x", &SecretString::from("s"))
        .await
        .unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
}

#[tokio::test]
async fn error_messages_are_capped_and_cleaned() {
    let message = format!("Bad\u{202E}thing\u{1b}[2J\n{}", "x".repeat(50_000));
    let json_body = serde_json::json!({ "message": message }).to_string();
    // Four MiB of non-JSON: only the first 64 KiB are read.
    let html = format!("<html>\u{2066}{}", "y".repeat(4 * 1024 * 1024));
    let server = Server::start(move |seen| {
        if seen.path == "/api/json" {
            json("400 Bad Request", &json_body)
        } else {
            Reply::Raw(response("502 Bad Gateway", &[], html.as_bytes()))
        }
    })
    .await;
    let client = server.client();
    signed_in(&client, "a", unix_now() + 3600);
    match client
        .write(Method::POST, &at(&client, "json"), NO_BODY)
        .await
    {
        Err(ApiError::BadRequest(message)) => {
            assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
            assert!(message.starts_with("Badthing[2J xxx"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match client
        .write(Method::POST, &at(&client, "html"), NO_BODY)
        .await
    {
        Err(ApiError::Server {
            status: 502,
            message,
        }) => {
            assert!(
                message.starts_with("unexpected answer: <html>yyy"),
                "{message}"
            );
            assert!(message.chars().count() <= MAX_MESSAGE_CHARS + 30);
        }
        other => panic!("{other:?}"),
    }
}

// ---- time caps ----------------------------------------------------------

#[tokio::test]
async fn a_stalled_body_is_offline_and_retried_a_bounded_number_of_times() {
    let server = Server::start(|_| {
        Reply::Stall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":".to_vec(),
        )
    })
    .await;
    let mut config = server.config();
    config.read_timeout = Duration::from_millis(300);
    let client = BwClient::new(config).unwrap();
    signed_in(&client, "a", unix_now() + 3600);
    let started = Instant::now();
    match client.get_value(&at(&client, "sync")).await {
        Err(ApiError::Offline(message)) => {
            assert!(message.contains("did not arrive in time"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits("/api/sync"), 3);
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---- rate limits --------------------------------------------------------

#[tokio::test]
async fn a_huge_or_far_retry_after_fails_at_once_and_blocks_the_class() {
    for value in [
        "18446744073709551615",
        "99999999999999999999999999",
        "1000000000",
        "Thu, 01 Jan 2099 00:00:00 GMT",
    ] {
        let server = Server::start(move |_| too_many(Some(value))).await;
        let client = server.client();
        signed_in(&client, "a", unix_now() + 3600);
        let started = Instant::now();
        match client.get_value(&at(&client, "sync")).await {
            Err(ApiError::RateLimited {
                retry_after: Some(wait),
            }) => assert!(
                wait > MAX_INLINE_WAIT && wait <= MAX_BLOCK,
                "{value}: {wait:?}"
            ),
            other => panic!("{value}: {other:?}"),
        }
        // Later reads fail without asking the server again.
        assert!(matches!(
            client.get_value(&at(&client, "sync")).await,
            Err(ApiError::RateLimited {
                retry_after: Some(_)
            })
        ));
        assert_eq!(server.hits("/api/sync"), 1, "{value}");
        assert!(started.elapsed() < Duration::from_secs(2), "{value}");
        // Writes are another class and still go.
        let _ = client.write(Method::POST, &at(&client, "x"), NO_BODY).await;
        assert_eq!(server.hits("/api/x"), 1, "{value}");
    }
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out_in_place() {
    let answered = AtomicUsize::new(0);
    let server = Server::start(move |_| {
        if answered.fetch_add(1, Ordering::SeqCst) == 0 {
            too_many(Some("1"))
        } else {
            json(
                "200 OK",
                r#"{"object":"list","data":[{"id":"g1","name":"G"}]}"#,
            )
        }
    })
    .await;
    let client = server.client();
    signed_in(&client, "a", unix_now() + 3600);
    let started = Instant::now();
    let groups = client
        .get_list::<crate::wire::groups::Group>(&at(&client, "groups"))
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(
        (server.hits("/api/groups"), client.throttled_count()),
        (2, 1)
    );
}

#[tokio::test]
async fn a_server_that_always_answers_429_is_given_up_on_by_the_deadline() {
    let server = Server::start(|_| too_many(Some("1"))).await;
    let mut config = server.config();
    config.rate_limit_deadline = Duration::from_secs(2);
    let client = Arc::new(BwClient::new(config).unwrap());
    signed_in(&client, "a", unix_now() + 3600);
    let started = Instant::now();
    // A sync's worth of reads, four at a time.
    let mut tasks = Vec::new();
    for i in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut results = Vec::new();
            for j in 0..25 {
                results.push(client.get_value(&at(&client, &format!("r/{i}/{j}"))).await);
            }
            results
        }));
    }
    for task in tasks {
        for result in task.await.unwrap() {
            assert!(
                matches!(
                    result,
                    Err(ApiError::RateLimited {
                        retry_after: Some(_)
                    })
                ),
                "{result:?}"
            );
        }
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(8), "{elapsed:?}");
    // The blocked class did not keep asking: a few tries per second of
    // deadline plus one per block period, not 100 × 3.
    let hits = server.hits("/api/r/");
    assert!(hits <= 30, "{hits} requests");
}

#[tokio::test]
async fn a_429_without_retry_after_uses_the_short_default() {
    let server = Server::start(|_| too_many(None)).await;
    let mut config = server.config();
    // With a deadline shorter than the default wait the client gives up at
    // once and says how long the default is.
    config.rate_limit_deadline = Duration::from_secs(2);
    let client = BwClient::new(config).unwrap();
    signed_in(&client, "a", unix_now() + 3600);
    match client.get_value(&at(&client, "sync")).await {
        Err(ApiError::RateLimited {
            retry_after: Some(wait),
        }) => assert_eq!(wait, DEFAULT_RETRY_AFTER),
        other => panic!("{other:?}"),
    }
}

// ---- TLS ----------------------------------------------------------------

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error_naming_the_fix() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let mut tls = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .unwrap();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let server = Server::start_with(
        Some(Arc::new(tls)),
        Arc::new(|_: &Seen| json("200 OK", "{}")),
    )
    .await;
    let client = server.client();
    let error = client.prelogin("a@example.com").await.unwrap_err();
    match &error {
        ApiError::Tls(message) => {
            assert!(message.contains("not trusted"), "{message}");
            assert!(message.contains("--ca-file"), "{message}");
            assert!(message.to_lowercase().contains("certificate"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_transient());
    // Not retried: one handshake only.
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

// ---- tokens -------------------------------------------------------------

/// An identity + api pair: the token endpoint hands out `new-N`, the api
/// accepts only the newest token.
async fn token_server() -> Server {
    let issued = Arc::new(AtomicUsize::new(0));
    Server::start(move |seen| {
        if seen.path == "/identity/connect/token" {
            assert!(
                seen.body.contains("grant_type=refresh_token"),
                "{}",
                seen.body
            );
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            return json(
                "200 OK",
                &format!(r#"{{"access_token":"new-{n}","expires_in":3600,"token_type":"Bearer"}}"#),
            );
        }
        let current = format!("Bearer new-{}", issued.load(Ordering::SeqCst));
        if seen.path.starts_with("/api/refuses") {
            return json("401 Unauthorized", "");
        }
        if seen.authorization.as_deref() == Some(current.as_str()) {
            json("200 OK", r#"{"ok":true}"#)
        } else {
            json("401 Unauthorized", "")
        }
    })
    .await
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_once_before_the_requests() {
    let server = token_server().await;
    let client = Arc::new(server.client());
    // As a resumed session: no access token, only a refresh token.
    client.set_tokens(Some(Tokens {
        access_token: SecretString::new(String::new()),
        refresh_token: Some(SecretString::from("refresh-1")),
        expires_at_unix: 0,
    }));
    let generation = client.token_generation();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.get_value(&at(&client, &format!("x/{i}"))).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.hits("/identity/connect/token"), 1);
    // Nothing was sent with a stale token.
    assert_eq!(server.hits("/api/x/"), 6);
    assert_eq!(client.token_generation(), generation + 1);
    let tokens = client.tokens().unwrap();
    assert_eq!(tokens.access_token.expose(), "new-1");
    // The server sent no new refresh token: the old one stays.
    assert_eq!(
        tokens.refresh_token.as_ref().map(SecretString::expose),
        Some("refresh-1")
    );
    let expected = unix_now() + 3600;
    assert!((expected - 5..=expected).contains(&tokens.expires_at_unix));

    // Close to expiry refreshes again, ahead of time.
    signed_in(&client, "new-1", unix_now() + 30);
    client.get_value(&at(&client, "y")).await.unwrap();
    assert_eq!(server.hits("/identity/connect/token"), 2);
}

#[tokio::test]
async fn a_401_to_a_token_just_refreshed_is_a_refusal_not_an_expired_session() {
    let server = token_server().await;
    let client = Arc::new(server.client());
    signed_in(&client, "revoked", unix_now() + 3600);
    match client.get_value(&at(&client, "refuses")).await {
        Err(ApiError::Refused) => {}
        other => panic!("{other:?}"),
    }
    // One refresh, one retry with the new token; the session stays usable.
    assert_eq!(server.hits("/identity/connect/token"), 1);
    assert_eq!(server.hits("/api/refuses"), 2);
    client.get_value(&at(&client, "x")).await.unwrap();
    assert_eq!(server.hits("/identity/connect/token"), 1);
}

#[tokio::test]
async fn a_fresh_token_is_not_refreshed_and_a_401_refreshes_once() {
    let server = token_server().await;
    let client = Arc::new(server.client());
    // Fresh by its expiry, but the server no longer accepts it.
    signed_in(&client, "revoked", unix_now() + 3600);
    let mut tasks = Vec::new();
    for i in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.get_value(&at(&client, &format!("x/{i}"))).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    // Concurrent 401s refreshed once between them.
    assert_eq!(server.hits("/identity/connect/token"), 1);
    let rejected = server
        .seen()
        .iter()
        .filter(|s| s.authorization.as_deref() == Some("Bearer revoked"))
        .count();
    assert!((1..=4).contains(&rejected), "{rejected}");
    // With a fresh, accepted token nothing is refreshed.
    client.get_value(&at(&client, "z")).await.unwrap();
    assert_eq!(server.hits("/identity/connect/token"), 1);
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.method == "GET" || s.method == "POST")
    );
}
