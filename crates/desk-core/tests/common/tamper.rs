//! A tampering HTTP/1.1 proxy for hostile-server tests.
//!
//! It listens on `127.0.0.1:0` and forwards every request to an upstream
//! (an in-process bw-sandbox). Requests that match a [`Rule`] (method and a
//! path predicate) get a chosen misbehaviour instead: a canned answer, the
//! real answer rewritten, a body that never ends, a stall, silence, a reset…
//! for a set number of times or forever.
//!
//! Raw tokio TCP on purpose: a well-behaved HTTP library would refuse to
//! send most of what a hostile server sends (short bodies, absurd headers,
//! drips). Requests come from our own client, so the parser is small.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// Request heads larger than this are refused (ours are a few hundred bytes).
const MAX_HEAD: usize = 1 << 20;
/// Request bodies larger than this are refused (ours are a few KB).
const MAX_BODY: usize = 16 << 20;

/// One request as the proxy read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent (`/api/sync?excludeDomains=true`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Rewrites the body of a forwarded answer.
pub type Rewrite = Arc<dyn Fn(Vec<u8>) -> Vec<u8> + Send + Sync>;

/// A canned answer: status, headers and a body sent with its true length.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Arc<[u8]>,
}

/// What the proxy does with a matching request.
#[derive(Clone)]
pub enum Action {
    /// Answer this instead of the server.
    Reply(Reply),
    /// Answer what this function makes of the request (not forwarded).
    Respond(Arc<dyn Fn(&Request) -> Reply + Send + Sync>),
    /// Forward, then rewrite the body (if any) and add headers.
    Forward {
        rewrite: Option<Rewrite>,
        extra_headers: Vec<(String, String)>,
    },
    /// Declare `declared` bytes, send `body` (fewer), then close.
    ShortBody { declared: u64, body: Arc<[u8]> },
    /// Declare `declared` bytes, then send `total` bytes of `fill` and close.
    Flood { declared: u64, fill: u8, total: u64 },
    /// A 200 with a chunked body of one space every `every`, forever.
    Drip { every: Duration },
    /// Send the headers of a 200 with a small body, then nothing, ever.
    Stall,
    /// Read the request and never answer (the connection stays open).
    Silence,
    /// Read the request and reset the connection (RST).
    Reset,
}

/// A misbehaviour for the requests it matches.
#[derive(Clone)]
pub struct Rule {
    /// `GET`, `POST`…, or `*` for any method.
    pub method: &'static str,
    pub path: Arc<dyn Fn(&str) -> bool + Send + Sync>,
    pub action: Action,
    /// How many more requests this rule takes; `None`: forever.
    pub remaining: Option<u64>,
}

impl Rule {
    /// A rule for requests with this method whose path satisfies `path`.
    pub fn new(
        method: &'static str,
        path: impl Fn(&str) -> bool + Send + Sync + 'static,
        action: Action,
    ) -> Self {
        Rule {
            method,
            path: Arc::new(path),
            action,
            remaining: None,
        }
    }

    /// A rule for exactly this path.
    pub fn exact(method: &'static str, path: impl Into<String>, action: Action) -> Self {
        let path = path.into();
        Rule::new(method, move |p| p == path, action)
    }

    /// Only the next `n` matching requests.
    pub fn times(mut self, n: u64) -> Self {
        self.remaining = Some(n);
        self
    }

    fn matches(&self, request: &Request) -> bool {
        (self.method == "*" || self.method.eq_ignore_ascii_case(&request.method))
            && (self.path)(request.path())
            && self.remaining != Some(0)
    }
}

struct Shared {
    upstream: String,
    http: reqwest::Client,
    rules: Mutex<Vec<Rule>>,
    /// Requests a rule took.
    hits: AtomicU64,
    /// Requests forwarded untouched.
    forwarded: AtomicU64,
}

/// The running proxy. Dropping it stops the listener and every connection.
pub struct Tamper {
    url: String,
    shared: Arc<Shared>,
    stop: CancellationToken,
}

impl Tamper {
    /// Starts a proxy in front of `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> std::io::Result<Tamper> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .no_gzip()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            http,
            rules: Mutex::new(Vec::new()),
            hits: AtomicU64::new(0),
            forwarded: AtomicU64::new(0),
        });
        let stop = CancellationToken::new();
        tokio::spawn(accept_loop(listener, shared.clone(), stop.clone()));
        Ok(Tamper {
            url: format!("http://{addr}"),
            shared,
            stop,
        })
    }

    /// The base URL to give the client (a self-hosted server's base).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn add(&self, rule: Rule) {
        self.rules().push(rule);
    }

    /// Removes every rule: from now on everything is forwarded.
    pub fn clear(&self) {
        self.rules().clear();
    }

    /// Requests a rule has taken so far.
    pub fn hits(&self) -> u64 {
        self.shared.hits.load(Ordering::Relaxed)
    }

    /// Requests forwarded untouched so far.
    pub fn forwarded(&self) -> u64 {
        self.shared.forwarded.load(Ordering::Relaxed)
    }

    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.shared
            .rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Tamper {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Shared {
    /// The action of the first rule that matches, counting the hit.
    fn pick(&self, request: &Request) -> Option<Action> {
        let mut rules = self
            .rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let rule = rules.iter_mut().find(|r| r.matches(request))?;
        if let Some(n) = rule.remaining.as_mut() {
            *n -= 1;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(rule.action.clone())
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let shared = shared.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = serve(stream, shared) => {}
            }
        });
    }
}

/// Whether the connection can take another request after an answer.
enum Next {
    KeepAlive,
    Close,
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buf).await {
            Ok(Some(request)) => request,
            Ok(None) | Err(_) => return,
        };
        let next = match shared.pick(&request) {
            None => {
                shared.forwarded.fetch_add(1, Ordering::Relaxed);
                forward(&mut stream, &shared, &request, None, &[]).await
            }
            Some(action) => act(&mut stream, &shared, &request, action).await,
        };
        match next {
            Ok(Next::KeepAlive) => continue,
            Ok(Next::Close) | Err(_) => return,
        }
    }
}

async fn act(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &Request,
    action: Action,
) -> std::io::Result<Next> {
    match action {
        Action::Reply(reply) => {
            write_reply(stream, reply.status, &reply.headers, &reply.body).await?;
            Ok(Next::KeepAlive)
        }
        Action::Respond(make) => {
            let reply = make(request);
            write_reply(stream, reply.status, &reply.headers, &reply.body).await?;
            Ok(Next::KeepAlive)
        }
        Action::Forward {
            rewrite,
            extra_headers,
        } => forward(stream, shared, request, rewrite, &extra_headers).await,
        Action::ShortBody { declared, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.flush().await?;
            // Let the bytes leave before the FIN.
            tokio::time::sleep(Duration::from_millis(50)).await;
            stream.shutdown().await?;
            Ok(Next::Close)
        }
        Action::Flood {
            declared,
            fill,
            total,
        } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![fill; 64 * 1024];
            let mut sent = 0u64;
            while sent < total {
                let n = chunk
                    .len()
                    .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                stream.write_all(&chunk[..n]).await?;
                sent += n as u64;
            }
            stream.shutdown().await?;
            Ok(Next::Close)
        }
        Action::Drip { every } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            loop {
                stream.write_all(b"1\r\n \r\n").await?;
                stream.flush().await?;
                tokio::time::sleep(every).await;
            }
        }
        Action::Stall => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            hold(stream).await;
            Ok(Next::Close)
        }
        Action::Silence => {
            hold(stream).await;
            Ok(Next::Close)
        }
        Action::Reset => {
            stream.set_zero_linger()?;
            Ok(Next::Close)
        }
    }
}

/// Keeps the connection open, reading and dropping whatever comes, until
/// the peer goes away.
async fn hold(stream: &mut TcpStream) {
    let mut sink = [0u8; 4096];
    loop {
        match stream.read(&mut sink).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Headers that belong to one hop, not to the message.
fn hop_by_hop(name: &str) -> bool {
    [
        "host",
        "connection",
        "keep-alive",
        "content-length",
        "transfer-encoding",
        "accept-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authorization",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

async fn forward(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &Request,
    rewrite: Option<Rewrite>,
    extra_headers: &[(String, String)],
) -> std::io::Result<Next> {
    let answer = async {
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut outgoing = shared
            .http
            .request(method, format!("{}{}", shared.upstream, request.target));
        for (name, value) in &request.headers {
            if !hop_by_hop(name) {
                outgoing = outgoing.header(name, value);
            }
        }
        let response = outgoing
            .body(request.body.clone())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| !hop_by_hop(name.as_str()))
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response.bytes().await.map_err(|e| e.to_string())?.to_vec();
        Ok::<_, String>((status, headers, body))
    };
    let (status, mut headers, mut body) = match answer.await {
        Ok(answer) => answer,
        Err(error) => (
            502,
            vec![("Content-Type".to_owned(), "text/plain".to_owned())],
            format!("tamper proxy: upstream failed: {error}").into_bytes(),
        ),
    };
    if let Some(rewrite) = rewrite {
        body = rewrite(body);
    }
    headers.extend(extra_headers.iter().cloned());
    write_reply(stream, status, &headers, &body).await?;
    Ok(Next::KeepAlive)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

async fn write_reply(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status)).into_bytes();
    for (name, value) in headers {
        head.extend_from_slice(name.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    stream.write_all(&head).await?;
    stream.write_all(body).await?;
    stream.flush().await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn bad(what: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.into())
}

/// Reads more bytes into `buf`; false at end of stream.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

/// Reads until `buf` holds a CRLF; where it starts. `inside` names what is
/// being read, for the error when the peer closes first.
async fn line_end(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    inside: &str,
) -> std::io::Result<usize> {
    loop {
        if let Some(i) = find(buf, b"\r\n") {
            return Ok(i);
        }
        if !fill(stream, buf).await? {
            return Err(bad(format!("connection closed inside {inside}")));
        }
    }
}

/// Reads until `buf` holds at least `len` bytes (see [`line_end`]).
async fn at_least(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    len: usize,
    inside: &str,
) -> std::io::Result<()> {
    while buf.len() < len {
        if !fill(stream, buf).await? {
            return Err(bad(format!("connection closed inside {inside}")));
        }
    }
    Ok(())
}

/// Reads one request; `None` when the peer closed between requests.
async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Request>> {
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(bad("request head too large"));
        }
        if !fill(stream, buf).await? {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(bad("connection closed inside a request head"))
            };
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    if method.is_empty() || !target.starts_with('/') {
        return Err(bad(format!("not a request line: {head:?}")));
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    buf.drain(..head_end + 4);
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        request.body = read_chunked(stream, buf).await?;
    } else {
        let length: usize = match request.header("content-length") {
            Some(v) => v.parse().map_err(|_| bad("bad Content-Length"))?,
            None => 0,
        };
        if length > MAX_BODY {
            return Err(bad("request body too large"));
        }
        at_least(stream, buf, length, "a request body").await?;
        request.body = buf.drain(..length).collect();
    }
    Ok(Some(request))
}

async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_end = line_end(stream, buf, "a chunk size").await?;
        let size_text = String::from_utf8_lossy(&buf[..size_end]).into_owned();
        let size_hex = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
        buf.drain(..size_end + 2);
        if size == 0 {
            // Trailers (none from our client), then the empty line.
            loop {
                let end = line_end(stream, buf, "trailers").await?;
                buf.drain(..end + 2);
                if end == 0 {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(bad("request body too large"));
        }
        at_least(stream, buf, size + 2, "a chunk").await?;
        body.extend(buf.drain(..size));
        buf.drain(..2);
    }
}

// ---------------------------------------------------------------------------
// Answers

/// A canned answer.
pub fn reply(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Action {
    Action::Reply(Reply {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.into().into(),
    })
}

/// A canned answer with owned headers.
pub fn reply_with(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Action {
    Action::Reply(Reply {
        status,
        headers,
        body: body.into().into(),
    })
}

/// A 200 with a JSON content type and this body (JSON or not).
pub fn json_200(body: impl Into<Vec<u8>>) -> Action {
    reply(
        200,
        &[("Content-Type", "application/json; charset=utf-8")],
        body,
    )
}

/// A 200 JSON answer made from each request (e.g. a new page every time).
pub fn respond(make: impl Fn(&Request) -> String + Send + Sync + 'static) -> Action {
    Action::Respond(Arc::new(move |request| Reply {
        status: 200,
        headers: vec![(
            "Content-Type".to_owned(),
            "application/json; charset=utf-8".to_owned(),
        )],
        body: make(request).into_bytes().into(),
    }))
}

/// The real answer, with its body rewritten.
pub fn rewrite(f: impl Fn(Vec<u8>) -> Vec<u8> + Send + Sync + 'static) -> Action {
    Action::Forward {
        rewrite: Some(Arc::new(f)),
        extra_headers: Vec::new(),
    }
}

/// The real answer, with these headers added.
pub fn extra_headers(headers: Vec<(String, String)>) -> Action {
    Action::Forward {
        rewrite: None,
        extra_headers: headers,
    }
}

// ---------------------------------------------------------------------------
// Gzip bomb

/// Writes bits least-significant first, as DEFLATE packs them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u32,
    len: u32,
}

impl Bits {
    /// `count` bits of `value`, least significant first (header fields,
    /// extra bits).
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.bit((value >> i) & 1);
        }
    }

    /// A Huffman code of `count` bits, most significant first.
    fn code(&mut self, value: u32, count: u32) {
        for i in (0..count).rev() {
            self.bit((value >> i) & 1);
        }
    }

    fn bit(&mut self, bit: u32) {
        self.acc |= bit << self.len;
        self.len += 1;
        if self.len == 8 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.len = 0;
        }
    }

    /// `count` zero bits (byte-wise where aligned: bombs are mostly zeros).
    fn zeros(&mut self, mut count: u64) {
        while count > 0 && self.len != 0 {
            self.bit(0);
            count -= 1;
        }
        let bytes = usize::try_from(count / 8).unwrap_or(usize::MAX);
        self.out.resize(self.out.len() + bytes, 0);
        for _ in 0..count % 8 {
            self.bit(0);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.len > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A gzip member that inflates to at least `inflated` spaces (exactly the
/// returned length), at DEFLATE's best ratio (~1:1030): one dynamic-Huffman
/// block whose only codes are a literal space, "repeat 258 bytes at distance
/// 1" (one bit) and distance 1 (one bit), so each 258 bytes cost two zero
/// bits. Written by hand: compressing 512 MiB in a debug build would take
/// minutes.
pub fn gzip_bomb(inflated: u64) -> (Vec<u8>, u64) {
    let repeats = inflated.saturating_sub(1).div_ceil(258).max(1);
    let total = 1 + 258 * repeats;
    let mut bits = Bits::default();
    bits.put(1, 1); // BFINAL
    bits.put(2, 2); // BTYPE: dynamic Huffman
    bits.put(286 - 257, 5); // HLIT: literal/length codes 0..=285
    bits.put(2 - 1, 5); // HDIST: distance codes 0 and 1
    bits.put(18 - 4, 4); // HCLEN: 18 code-length codes
    // Code-length code lengths, in the format's order: 18 gets one bit,
    // 1 and 2 get two; canonical codes: 18 = 0, 1 = 10, 2 = 11.
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        let length = match symbol {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        bits.put(length, 3);
    }
    let zeros = |bits: &mut Bits, mut n: u32| {
        while n > 0 {
            let run = n.min(138);
            assert!(run >= 11, "runs of zero lengths are 11..=138 long");
            bits.code(0b0, 1); // symbol 18
            bits.put(run - 11, 7);
            n -= run;
        }
    };
    let length_1 = |bits: &mut Bits| bits.code(0b10, 2);
    let length_2 = |bits: &mut Bits| bits.code(0b11, 2);
    // Literal/length code lengths: ' ' (32) and end-of-block (256) two bits,
    // length 258 (285) one bit; canonical codes: 285 = 0, 32 = 10, 256 = 11.
    zeros(&mut bits, 32);
    length_2(&mut bits);
    zeros(&mut bits, 256 - 33);
    length_2(&mut bits);
    zeros(&mut bits, 285 - 257);
    length_1(&mut bits);
    // Distance code lengths: codes 0 and 1, one bit each (0 = distance 1).
    length_1(&mut bits);
    length_1(&mut bits);
    // The data: a space, then "258 more at distance 1" as often as needed.
    bits.code(0b10, 2);
    bits.zeros(2 * repeats);
    bits.code(0b11, 2); // end of block

    let mut crc = crc32fast::Hasher::new();
    crc.update(b" ");
    let mut block = crc32fast::Hasher::new();
    block.update(&[b' '; 258]);
    let mut n = repeats;
    while n > 0 {
        if n & 1 == 1 {
            crc.combine(&block);
        }
        let twice = block.clone();
        block.combine(&twice);
        n >>= 1;
    }
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend_from_slice(&bits.finish());
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    (out, total)
}
