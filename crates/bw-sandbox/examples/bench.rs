//! Benchmarks for the issue note: demo seed time, scale seed time, latency of
//! `providers/{id}/organizations` with 1,000 clients, member-list requests per
//! second. Run: `cargo run --release -p bw-sandbox --example bench [-- CLIENTS]`.

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, Sandbox, SandboxConfig, Seed};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Empty<bytes::Bytes>>;

async fn get(client: &HttpClient, url: &str, token: &str) -> (u16, usize) {
    let req = hyper::Request::get(url)
        .header("authorization", format!("Bearer {token}"))
        .body(Empty::new())
        .expect("request");
    let res = client.request(req).await.expect("response");
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, body.len())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let clients: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);

    let t = Instant::now();
    let demo = Sandbox::start(SandboxConfig::default())
        .await
        .expect("demo sandbox");
    println!(
        "demo seed: {:?} (start incl. seed: {:?})",
        demo.seed_time(),
        t.elapsed()
    );
    demo.shutdown().await;

    let t = Instant::now();
    let seed = Seed::Scale {
        clients,
        members: 10,
        items: 20,
        events: 50,
    };
    let s = Sandbox::start(SandboxConfig {
        seed: seed.clone(),
        ..Default::default()
    })
    .await
    .expect("scale sandbox");
    println!(
        "scale seed ({seed:?}): {:?} (start incl. seed: {:?})",
        s.seed_time(),
        t.elapsed()
    );

    let me = s
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .expect("login");
    let sync = s
        .send("GET", "/api/sync", Some(&me.access_token), None)
        .await
        .json();
    let pid = sync["profile"]["providers"][0]["id"]
        .as_str()
        .expect("provider")
        .to_string();
    let orgs: Vec<String> = sync["profile"]["providerOrganizations"]
        .as_array()
        .expect("orgs")
        .iter()
        .filter_map(|o| o["id"].as_str().map(String::from))
        .collect();

    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let url = format!("{}/api/providers/{pid}/organizations", s.url());
    let (status, bytes) = get(&client, &url, &me.access_token).await;
    assert_eq!(status, 200);
    let mut samples = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let _ = get(&client, &url, &me.access_token).await;
        samples.push(t.elapsed());
    }
    samples.sort();
    println!(
        "GET providers/{{id}}/organizations ({} clients, {bytes} bytes): p50 {:?}, p95 {:?}, max {:?}",
        orgs.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        samples[samples.len() - 1]
    );

    let duration = Duration::from_secs(5);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let client = client.clone();
        let token = me.access_token.clone();
        let base = s.url().to_string();
        let orgs = orgs.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            let mut i = worker;
            while start.elapsed() < duration {
                let org = &orgs[i % orgs.len()];
                let url = format!("{base}/api/organizations/{org}/users?includeGroups=true&includeCollections=true");
                let (status, _) = get(&client, &url, &token).await;
                assert_eq!(status, 200);
                n += 1;
                i += 8;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("worker");
    }
    println!(
        "member list (organizations/{{id}}/users?includeGroups&includeCollections, 8 concurrent): {:.0} requests/s",
        total as f64 / start.elapsed().as_secs_f64()
    );
    s.shutdown().await;
}
