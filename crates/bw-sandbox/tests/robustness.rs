//! Bad input never panics and gets the real server's error shape; the knobs
//! (rate limits, faults, TLS) behave; seeding is deterministic.

use axum::body::Body;
use axum::http::Request;
use bw_sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_PASSWORD, FaultSpec, RateLimit, Sandbox, SandboxConfig, TlsConfig,
};
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn demo() -> bw_sandbox::RunningSandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

/// An empty sandbox with fault injection.
async fn start_with_faults(faults: FaultSpec) -> bw_sandbox::RunningSandbox {
    Sandbox::start(SandboxConfig {
        faults: Some(faults),
        seed: bw_sandbox::Seed::Empty,
        ..Default::default()
    })
    .await
    .unwrap()
}

/// A `POST identity/connect/token` with a form body.
fn token_form_request(body: Vec<u8>) -> Request<Body> {
    raw(
        "POST",
        "/identity/connect/token",
        None,
        Some("application/x-www-form-urlencoded"),
        body,
    )
}

async fn post_token_form(
    s: &bw_sandbox::RunningSandbox,
    body: Vec<u8>,
) -> bw_sandbox::testkit::Reply {
    s.call(token_form_request(body)).await
}

/// A raw `POST /api/folders` (for the body-parsing error shapes).
async fn post_folder(
    s: &bw_sandbox::RunningSandbox,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> bw_sandbox::testkit::Reply {
    s.call(raw("POST", "/api/folders", token, content_type, body))
        .await
}

fn raw(
    method: &str,
    path: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    b.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn bad_input_gets_the_servers_error_shapes() {
    let s = demo().await;
    let me = s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap();
    let t = Some(me.access_token.as_str());

    let r = post_folder(&s, t, Some("application/json"), b"{not json".to_vec()).await;
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["object"], "error");
    assert_eq!(v["message"], "The model state is invalid.");
    assert!(v["validationErrors"]["$"].is_array());
    for key in [
        "exceptionMessage",
        "exceptionStackTrace",
        "innerExceptionMessage",
    ] {
        assert!(v.get(key).is_some_and(|x| x.is_null()), "{key}");
    }

    let r = post_folder(&s, t, Some("application/json"), Vec::new()).await;
    assert_eq!(
        r.json()["validationErrors"][""][0],
        "A non-empty request body is required."
    );

    let r = post_folder(&s, t, Some("text/plain"), b"{}".to_vec()).await;
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["title"], "Unsupported Media Type");

    let big = vec![b' '; 10 * 1024 * 1024 + 1];
    let r = post_folder(&s, t, Some("application/json"), big).await;
    assert_eq!(r.status, 413);

    let r = s
        .send(
            "POST",
            "/api/folders",
            t,
            Some(json!({"name": "not an EncString"})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.json()["validationErrors"]["Name"].is_array());

    let r = s
        .send(
            "GET",
            "/api/organizations/7e1f9a63-3f5e-4a43-a1c7-000000000000",
            t,
            None,
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["message"].as_str()),
        (404, Some("Resource not found."))
    );
    let r = s
        .send("GET", "/api/organizations/not-a-guid/users", t, None)
        .await;
    assert_eq!(r.status, 404);
    let r = s
        .send(
            "GET",
            "/api/ciphers/7e1f9a63-3f5e-4a43-a1c7-000000000000",
            t,
            None,
        )
        .await;
    assert_eq!(r.status, 404);

    let r = s.send("GET", "/api/sync", None, None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.headers["www-authenticate"], "Bearer");
    assert!(r.body.is_empty());
    let r = s.send("GET", "/api/sync", Some("a.b.c"), None).await;
    assert_eq!(r.status, 401);

    let r = s.send("GET", "/api/no/such/route", t, None).await;
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());

    let r = s
        .call(raw(
            "POST",
            "/identity/connect/token",
            None,
            Some("application/json"),
            b"{}".to_vec(),
        ))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_request");
    let r = post_token_form(&s, b"grant_type=magic".to_vec()).await;
    assert_eq!(r.json()["error"], "unsupported_grant_type");
}

/// 10,000 mixed valid and invalid requests, then the server still answers correctly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_requests_leave_the_server_healthy() {
    let s = demo().await;
    let me = s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap();
    let sync = s
        .send("GET", "/api/sync", Some(&me.access_token), None)
        .await
        .json();
    let first_id = |list: &str| sync["profile"][list][0]["id"].as_str().unwrap().to_string();
    let (org, pid) = (first_id("providerOrganizations"), first_id("providers"));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let paths = [
        "/api/sync".to_string(),
        "/api/config".into(),
        "/api/accounts/profile".into(),
        "/api/accounts/revision-date".into(),
        format!("/api/providers/{pid}/organizations"),
        format!("/api/organizations/{org}/users?includeGroups=true&includeCollections=true"),
        format!("/api/organizations/{org}/collections/details"),
        format!("/api/organizations/{org}/events"),
        format!("/api/organizations/{org}/policies"),
        format!("/api/ciphers/organization-details?organizationId={org}"),
        "/api/organizations/%ZZ/users".into(),
        "/api/providers/x/organizations".into(),
        "/identity/connect/token".into(),
        "/identity/accounts/prelogin".into(),
        format!("/api/organizations/{org}/users/invite"),
        format!("/api/organizations/{org}/collections"),
        "/api/folders".into(),
        "/api/ciphers".into(),
        "/api/sends".into(),
        format!("/api/organizations/{org}/policies/99"),
    ];
    let bodies: [&[u8]; 8] = [
        b"",
        b"{",
        b"null",
        b"[]",
        b"{\"name\":\"2.AAAA|BBBB|CCCC\"}",
        b"{\"emails\":[\"x\"],\"type\":9}",
        b"{\"email\":\"admin@demo-msp.example\"}",
        b"\xff\xfe\x00garbage",
    ];
    let methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    let cts = [
        None,
        Some("application/json"),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ];
    // Draw all 10,000 requests first (deterministic), then send them 16 at a time.
    let mut plan = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let path = paths[rng.gen_range(0..paths.len())].clone();
        let method = methods[rng.gen_range(0..methods.len())];
        let body = bodies[rng.gen_range(0..bodies.len())].to_vec();
        let token = match rng.gen_range(0..4) {
            0 => None,
            1 => Some("garbage".to_string()),
            _ => Some(me.access_token.clone()),
        };
        let ct = cts[rng.gen_range(0..cts.len())];
        plan.push((method, path, token, ct, body));
    }
    use futures_util::StreamExt as _;
    let s_ref = &s;
    let results: Vec<(String, u16)> = futures_util::stream::iter(plan)
        .map(|(method, path, token, ct, body)| async move {
            let r = s_ref
                .call(raw(method, &path, token.as_deref(), ct, body))
                .await;
            (format!("{method} {path}"), r.status.as_u16())
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let mut statuses = std::collections::BTreeMap::new();
    for (what, status) in results {
        assert!(status < 500, "{what} → {status}");
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert!(
        statuses.contains_key(&200) && statuses.contains_key(&400) && statuses.contains_key(&401)
    );
    let r = s
        .send("GET", "/api/sync", Some(&me.access_token), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["profile"]["email"], DEMO_ADMIN_EMAIL);
    assert!(s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn cloud_rate_limits_answer_429_with_retry_after() {
    let s = Sandbox::start(SandboxConfig {
        rate_limit: RateLimit::Cloud,
        ..Default::default()
    })
    .await
    .unwrap();
    let mut last = None;
    for i in 0..12 {
        let mut req = token_form_request(b"grant_type=password".to_vec());
        // A fresh per-second window: the identity host also allows only 5/s.
        req.headers_mut()
            .insert("x-connecting-ip", "198.51.100.7".parse().unwrap());
        if i > 0 && i % 5 == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(1050)).await;
        }
        last = Some(s.call(req).await);
        if last.as_ref().unwrap().status == 429 {
            assert_eq!(i, 10, "the 11th token request is refused");
            break;
        }
    }
    let r = last.unwrap();
    assert_eq!(r.status, 429);
    assert!(
        r.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(
        r.json()["message"],
        "Slow down! Too many requests. Try again in 1m."
    );
    // Another IP is unaffected.
    let mut req = raw("GET", "/api/config", None, None, Vec::new());
    req.headers_mut()
        .insert("x-connecting-ip", "198.51.100.8".parse().unwrap());
    assert_eq!(s.call(req).await.status, 200);
}

async fn http_get(addr: std::net::SocketAddr, path: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await?;
    Ok(out)
}

#[tokio::test]
async fn faults_are_injected_per_request() {
    let cases = [
        ("500=1", "500 Internal Server Error"),
        ("502=1", "502 Bad Gateway"),
        ("429=1,retry-after=7", "429 Too Many Requests"),
    ];
    for (spec, status_line) in cases {
        let faults: FaultSpec = spec.parse().unwrap();
        let s = start_with_faults(faults).await;
        let out =
            String::from_utf8_lossy(&http_get(s.addr(), "/api/config").await.unwrap()).into_owned();
        assert!(
            out.starts_with(&format!("HTTP/1.1 {status_line}")),
            "{spec}: {out}"
        );
        if spec.starts_with("429") {
            assert!(out.to_ascii_lowercase().contains("retry-after: 7"));
        }
        s.shutdown().await;
    }
    // Connection reset: no response at all.
    let s = start_with_faults("reset=1".parse().unwrap()).await;
    match http_get(s.addr(), "/api/config").await {
        Ok(bytes) => assert!(bytes.is_empty(), "got {}", String::from_utf8_lossy(&bytes)),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset),
    }
    s.shutdown().await;
    // Truncated body: fewer bytes than Content-Length announces.
    let s = start_with_faults("truncate=1".parse().unwrap()).await;
    let out = http_get(s.addr(), "/api/config").await.unwrap_or_default();
    let text = String::from_utf8_lossy(&out);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{text}"));
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("{text}"));
    assert!(body.len() < len, "{} < {len}", body.len());
    s.shutdown().await;
    // A seeded spec is deterministic: the same requests fail the same way.
    let spec: FaultSpec = "seed=9,500=0.5".parse().unwrap();
    let mut runs = Vec::new();
    for _ in 0..2 {
        let s = start_with_faults(spec.clone()).await;
        let mut seq = Vec::new();
        for _ in 0..20 {
            seq.push(
                s.send("GET", "/api/config", None, None)
                    .await
                    .status
                    .as_u16(),
            );
        }
        runs.push(seq);
        s.shutdown().await;
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].contains(&500) && runs[0].contains(&200));
}

#[tokio::test]
async fn tls_serves_a_certificate_from_the_throwaway_ca() {
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("ca.pem");
    let s = Sandbox::start(SandboxConfig {
        tls: Some(TlsConfig {
            ca_out: Some(ca_path.clone()),
        }),
        seed: bw_sandbox::Seed::Empty,
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(s.url().starts_with("https://127.0.0.1:"));
    let pem = std::fs::read_to_string(&ca_path).unwrap();
    assert_eq!(Some(pem.as_str()), s.ca_pem());
    let mut roots = rustls::RootCertStore::empty();
    let der = {
        use base64::Engine as _;
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    };
    roots
        .add(rustls::pki_types::CertificateDer::from(der))
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    for name in ["127.0.0.1", "localhost"] {
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config.clone()));
        let tcp = tokio::net::TcpStream::connect(s.addr()).await.unwrap();
        let server_name = rustls::pki_types::ServerName::try_from(name.to_string()).unwrap();
        let mut tls = connector.connect(server_name, tcp).await.unwrap();
        tls.write_all(b"GET /api/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut out = Vec::new();
        let _ = tls.read_to_end(&mut out).await;
        assert!(
            String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200 OK"),
            "{name}"
        );
    }
    s.shutdown().await;
}

#[tokio::test]
async fn seeding_is_deterministic_for_a_seed_value() {
    let anchor = chrono::DateTime::parse_from_rfc3339("2026-09-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut dumps = Vec::new();
    for _ in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let s = Sandbox::start(SandboxConfig {
            data_dir: Some(dir.path().to_path_buf()),
            anchor: Some(anchor),
            ..Default::default()
        })
        .await
        .unwrap();
        let me = s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap();
        let mut sync = s
            .send("GET", "/api/sync", Some(&me.access_token), None)
            .await
            .json();
        // Revision dates of the login's device/user bump are not seed data.
        sync["profile"]["securityStamp"] = json!(null);
        dumps.push((
            sync["ciphers"].clone(),
            sync["profile"]["providerOrganizations"].clone(),
            sync["collections"].clone(),
        ));
        s.shutdown().await;
    }
    assert_eq!(dumps[0], dumps[1]);
}

#[tokio::test]
async fn refuses_a_non_loopback_address_unless_allowed() {
    let err = Sandbox::start(SandboxConfig {
        addr: "0.0.0.0:0".parse().unwrap(),
        seed: bw_sandbox::Seed::Empty,
        ..Default::default()
    })
    .await;
    assert!(matches!(err, Err(bw_sandbox::SandboxError::NotLoopback(_))));
}

#[tokio::test]
async fn a_data_dir_keeps_state_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        data_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let s = Sandbox::start(config.clone()).await.unwrap();
    let me = s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap();
    let name = me.user_key.encrypt_str("Kept").unwrap().to_string();
    let r = s
        .send(
            "POST",
            "/api/folders",
            Some(&me.access_token),
            Some(json!({"name": name})),
        )
        .await;
    assert_eq!(r.status, 200);
    let refresh = me.refresh_token.clone().unwrap();
    s.shutdown().await;

    let s = Sandbox::start(config).await.unwrap();
    // Access tokens die with the per-start signing secret; refresh tokens live in the database.
    let old = s
        .send("GET", "/api/folders", Some(&me.access_token), None)
        .await;
    assert_eq!(old.status, 401);
    let form = format!("grant_type=refresh_token&client_id=desktop&refresh_token={refresh}");
    let r = post_token_form(&s, form.into_bytes()).await;
    assert_eq!(r.status, 200);
    let token = r.json()["access_token"].as_str().unwrap().to_string();
    let folders = s
        .send("GET", "/api/folders", Some(&token), None)
        .await
        .json();
    assert!(
        folders["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == name.as_str())
    );
    s.shutdown().await;
}
