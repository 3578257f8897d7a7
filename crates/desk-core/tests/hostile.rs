//! Hostile and broken servers: whatever a server answers (or whatever sits
//! in front of it: a captive portal, a proxy, a broken load balancer),
//! Provider Desk loses no data, hangs no sync and crashes nothing.
//!
//! A tampering proxy (`common/tamper.rs`) sits between the core and an
//! in-process bw-sandbox and replaces chosen answers with a misbehaviour.
//! Each area (the client list, one client's details, events, sign-in, a
//! write) is a table of cases. Every case gets its own proxy, data directory
//! and core: sign in, sync once cleanly, arm the rules, make the call under
//! a time bound, then check that it did not panic or hang, failed with a
//! clear code (or, where the answer was harmless, succeeded), that the
//! snapshot's data is what it was, that SQLite finds the snapshot intact,
//! and that once the server behaves a clean sync (or sign-in) works again
//! (after a 429 with a huge Retry-After the client may instead keep failing
//! fast with `rate_limited`: a clear answer, noted in the output).
//! Each area prints every case and a line `hostile cases: N kinds, M cases,
//! F failed`, then fails listing the failed cases.
//!
//! `HOSTILE_LONG=1` adds the long variants: the slow misbehaviours with the
//! client's default timeouts, and a soak of random misbehaviours
//! (`HOSTILE_ITERATIONS` runs, default 100; `HOSTILE_SEED`), with figures.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, RunningSandbox, Sandbox, SandboxConfig, Seed};
use common::tamper::{self, Action, Rule, Tamper};
use common::{full_sync, login, run_sync, sign_in};
use desk_cache::{ClientListRow, ClientRow};
use desk_core::clients::UpdateClientInput;
use desk_core::core::{Core, CoreConfig, HttpTuning};
use desk_core::members::MemberView;
use desk_core::session::LoginOutcome;
use desk_core::sync::{SyncOptions, SyncOutcome, SyncSummary};
use desk_core::{AppError, DataDir, ErrorCode};
use futures_util::StreamExt;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Bounds and tuning

/// The request bounds the cases run with (`CoreConfig.http`): shorter than
/// the defaults (30 s a request, 15 s of silence, 120 s of 429s) so the
/// suite is quick; the long variants (`HOSTILE_LONG=1`) use the defaults.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(3);
const RATE_LIMIT_DEADLINE: Duration = Duration::from_secs(10);
/// No core call may take longer than this, whatever the server does.
const HANG_BOUND: Duration = Duration::from_secs(90);
/// The long variants' bound (`HOSTILE_LONG=1`, default client timeouts).
const LONG_BOUND: Duration = Duration::from_secs(15 * 60);
/// Sign-in and the clean sync before each case.
const SETUP_BOUND: Duration = Duration::from_secs(120);
/// Cases run at once within an area (most of them wait on the network).
const CONCURRENCY: usize = 8;
/// The answer-size cap bw-api enforces (`ClientConfig.max_body_bytes`).
const MAX_BODY_BYTES: u64 = 64 << 20;
/// What the gzip bomb inflates to, and the memory growth it may cause.
const BOMB_INFLATED: u64 = 512 << 20;
const BOMB_MEMORY_LIMIT: u64 = 256 << 20;
/// The client the cases aim at (a provider client of the scale seed).
const TARGET: &str = "Client 0002";

/// Codes a server's misbehaviour may end in.
const SERVER_FAULT: &[ErrorCode] = &[
    ErrorCode::ServerError,
    ErrorCode::Offline,
    ErrorCode::RateLimited,
];
const RATE_LIMITED: &[ErrorCode] = &[ErrorCode::RateLimited];
const SERVER_ERROR: &[ErrorCode] = &[ErrorCode::ServerError];

/// The tests of this binary run one at a time: cases measure time and the
/// bomb measures the process's memory.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn new_core(dir: &Path) -> Core {
    let mut config = CoreConfig::new(DataDir::prepare(dir).unwrap());
    if !long_enabled() {
        config.http = HttpTuning {
            request_timeout: REQUEST_TIMEOUT,
            read_timeout: READ_TIMEOUT,
            rate_limit_deadline: RATE_LIMIT_DEADLINE,
            ..HttpTuning::default()
        };
    }
    Core::new(config).unwrap()
}

fn long_enabled() -> bool {
    std::env::var("HOSTILE_LONG").is_ok_and(|v| v == "1")
}

// ---------------------------------------------------------------------------
// The sandbox behind the proxy

/// Where the cases aim.
#[derive(Debug, Clone)]
struct Ids {
    provider: String,
    /// The target client's organization id.
    org: String,
    /// The target client's provider-organization id.
    po: String,
}

struct Env {
    sandbox: RunningSandbox,
    ids: Ids,
}

impl Env {
    /// A small scale seed (three clients of one provider) and the ids of
    /// the target client, read by a clean sign-in and sync.
    async fn start() -> Env {
        let sandbox = common::start(common::scale(3, 3, 2, 3)).await;
        let dir = tempfile::tempdir().unwrap();
        let core = new_core(dir.path());
        sign_in(&core, sandbox.url(), DEMO_ADMIN_EMAIL).await;
        full_sync(&core).await;
        let row = core
            .clients()
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.list.name == TARGET)
            .unwrap_or_else(|| panic!("{TARGET} is not in the scale seed"));
        let ids = Ids {
            provider: row.list.provider_id.clone().unwrap(),
            org: row.list.organization_id.clone(),
            po: row.list.provider_organization_id.clone().unwrap(),
        };
        eprintln!(
            "hostile: sandbox at {}; tuning: request timeout {REQUEST_TIMEOUT:?}, rate-limit deadline {RATE_LIMIT_DEADLINE:?}; bound per call {HANG_BOUND:?}",
            sandbox.url()
        );
        Env { sandbox, ids }
    }

    fn list_path(&self) -> String {
        format!("/api/providers/{}/organizations", self.ids.provider)
    }

    fn org_path(&self, rest: &str) -> String {
        format!("/api/organizations/{}/{rest}", self.ids.org)
    }

    fn write_path(&self) -> String {
        format!(
            "/api/providers/{}/clients/{}",
            self.ids.provider, self.ids.po
        )
    }
}

// ---------------------------------------------------------------------------
// Cases

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    SyncList,
    SyncDetails,
    Events,
    SignIn,
    Write,
}

impl Area {
    fn name(self) -> &'static str {
        match self {
            Area::SyncList => "sync-list",
            Area::SyncDetails => "sync-client-details",
            Area::Events => "events",
            Area::SignIn => "sign-in",
            Area::Write => "write",
        }
    }
}

type RowEdit = Arc<dyn Fn(&mut ClientListRow) + Send + Sync>;

#[derive(Clone)]
enum Expect {
    /// A bad answer: the call fails (for a client's details: that client
    /// fails) with an allowed code, and nothing in the snapshot changes.
    Reject,
    /// Harmless, or ambiguous enough that success is fine; a failure still
    /// needs an allowed code, and nothing in the snapshot changes.
    Tolerate,
    /// Well-formed but absurd: either refused as in `Reject`, or kept
    /// exactly as sent (the target's list row becomes `edit(before)`).
    KeepOrReject(RowEdit),
}

#[derive(Clone)]
struct Case {
    kind: &'static str,
    route: &'static str,
    rules: Vec<Rule>,
    expect: Expect,
    codes: &'static [ErrorCode],
    /// Events the target may gain (a hostile page may add its event once);
    /// `None`: not checked (the sandbox logs events as other cases work).
    new_events: Option<u32>,
}

impl Case {
    fn reject(kind: &'static str, route: &'static str, rule: Rule) -> Case {
        Case {
            kind,
            route,
            rules: vec![rule],
            expect: Expect::Reject,
            codes: SERVER_FAULT,
            new_events: None,
        }
    }

    fn tolerate(kind: &'static str, route: &'static str, rule: Rule) -> Case {
        Case {
            expect: Expect::Tolerate,
            ..Case::reject(kind, route, rule)
        }
    }

    fn codes(mut self, codes: &'static [ErrorCode]) -> Case {
        self.codes = codes;
        self
    }

    fn keep_or_reject(mut self, edit: impl Fn(&mut ClientListRow) + Send + Sync + 'static) -> Case {
        self.expect = Expect::KeepOrReject(Arc::new(edit));
        self
    }

    fn new_events(mut self, n: u32) -> Case {
        self.new_events = Some(n);
        self
    }
}

// ---------------------------------------------------------------------------
// Misbehaviours

const HTML_PORTAL: &str = "<!DOCTYPE html><html><head><title>Welcome to CoffeeNet</title></head><body><h1>Sign in to the Wi-Fi</h1><form method=post action=/login><input name=room><button>Connect</button></form></body></html>";

fn html_portal() -> Action {
    tamper::reply(
        200,
        &[("Content-Type", "text/html; charset=utf-8")],
        HTML_PORTAL,
    )
}

fn too_many(retry_after: Option<&str>) -> Action {
    let body = r#"{"message":"Slow down!","object":"error"}"#;
    match retry_after {
        Some(value) => tamper::reply(
            429,
            &[("Content-Type", "application/json"), ("Retry-After", value)],
            body,
        ),
        None => tamper::reply(429, &[("Content-Type", "application/json")], body),
    }
}

fn server_error() -> Action {
    tamper::reply(
        500,
        &[("Content-Type", "application/json")],
        r#"{"message":"An error has occurred.","object":"error"}"#,
    )
}

/// The real answer, as JSON, edited by `f` (left alone if it is not JSON).
fn edit_json(f: impl Fn(&mut Value) + Send + Sync + 'static) -> Action {
    tamper::rewrite(move |body| {
        let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        f(&mut value);
        serde_json::to_vec(&value).unwrap()
    })
}

/// The real answer with `marker` replaced by bytes that are not UTF-8.
fn edit_json_then_bytes(
    f: impl Fn(&mut Value) + Send + Sync + 'static,
    marker: &'static str,
    bytes: &'static [u8],
) -> Action {
    tamper::rewrite(move |body| {
        let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        f(&mut value);
        let text = serde_json::to_vec(&value).unwrap();
        let mut out = Vec::with_capacity(text.len());
        let mut rest = &text[..];
        while let Some(i) = rest
            .windows(marker.len())
            .position(|w| w == marker.as_bytes())
        {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(bytes);
            rest = &rest[i + marker.len()..];
        }
        out.extend_from_slice(rest);
        out
    })
}

/// The list entry whose `field` is `id` (or the first entry, for `None`).
fn entry<'a>(value: &'a mut Value, field: &str, id: Option<&str>) -> &'a mut Map<String, Value> {
    let data = value
        .get_mut("data")
        .and_then(Value::as_array_mut)
        .expect("a list answer");
    let found = data
        .iter_mut()
        .find(|e| id.is_none_or(|id| e.get(field).and_then(Value::as_str) == Some(id)))
        .expect("the entry to edit");
    found.as_object_mut().expect("an object entry")
}

/// The real answer cut in half: a valid prefix of JSON, properly framed.
fn truncated() -> Action {
    tamper::rewrite(|body| body[..body.len() / 2].to_vec())
}

fn many_headers(n: usize) -> Action {
    tamper::extra_headers(
        (0..n)
            .map(|i| (format!("X-Junk-{i}"), "x".repeat(16)))
            .collect(),
    )
}

fn long_header() -> Action {
    tamper::extra_headers(vec![("X-Long".to_owned(), "y".repeat(60 * 1024))])
}

/// Declares a terabyte and sends more than the cap, then closes.
fn flood() -> Action {
    Action::Flood {
        declared: 1 << 40,
        fill: b'[',
        total: MAX_BODY_BYTES + (32 << 20),
    }
}

fn short_body(body: &str) -> Action {
    Action::ShortBody {
        declared: body.len() as u64 + 4096,
        body: body.as_bytes().into(),
    }
}

fn drip() -> Action {
    Action::Drip {
        every: Duration::from_secs(1),
    }
}

fn bomb() -> Action {
    let (body, _) = tamper::gzip_bomb(BOMB_INFLATED);
    tamper::reply(
        200,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Encoding", "gzip"),
        ],
        body,
    )
}

const EVENT: &str = r#"{"object":"event","type":1000,"date":"2025-01-02T03:04:05.000Z","actingUserId":null,"ipAddress":"203.0.113.9"}"#;

/// 429 Retry-After variants.
const RETRY_AFTERS: [(&str, Option<&str>); 5] = [
    ("429-forever-no-retry-after", None),
    (
        "429-forever-retry-after-u64-max",
        Some("18446744073709551615"),
    ),
    ("429-forever-retry-after-1e9", Some("1000000000")),
    (
        "429-forever-retry-after-date-2099",
        Some("Thu, 01 Jan 2099 00:00:00 GMT"),
    ),
    (
        "429-forever-retry-after-garbage",
        Some("soon-ish, maybe \u{1F34C}"),
    ),
];

/// An edit of one entry of a list answer.
type EntryEdit = Box<dyn Fn(&mut Map<String, Value>) + Send + Sync>;

/// Sets `field` of the entry to `value`.
fn set(field: &'static str, value: Value) -> EntryEdit {
    Box::new(move |e| {
        e.insert(field.into(), value.clone());
    })
}

/// List answers that are not lists, on `route`.
fn not_a_list(route: &'static str, on: &dyn Fn(Action) -> Rule) -> Vec<Case> {
    [
        ("envelope {}", "{}"),
        ("envelope {\"data\":null}", r#"{"data":null}"#),
        ("envelope {\"data\":{}}", r#"{"object":"list","data":{}}"#),
        ("json \"text\"", r#""text""#),
        ("json null", "null"),
    ]
    .into_iter()
    .map(|(kind, body)| Case::reject(kind, route, on(tamper::json_200(body))))
    .collect()
}

/// List answers whose entries break the wire type: `wrong_type` (kind,
/// field) holds a string, the id a number, the `required` field is gone, an
/// entry comes twice, and each of `absurd` (kind, field, value) is set.
/// `entry` edits the entry the case aims at.
fn bad_entries(
    route: &'static str,
    on: &dyn Fn(Action) -> Rule,
    entry: &dyn Fn(EntryEdit) -> Action,
    wrong_type: (&'static str, &'static str),
    required: &'static str,
    absurd: Vec<(&'static str, &'static str, Value)>,
) -> Vec<Case> {
    let mut cases = vec![
        Case::reject(
            wrong_type.0,
            route,
            on(entry(set(wrong_type.1, json!("many")))),
        ),
        Case::reject("id as number", route, on(entry(set("id", json!(12345))))),
        Case::reject(
            "missing required field",
            route,
            on(entry(Box::new(move |e| {
                e.remove(required);
            }))),
        ),
        Case::reject(
            "duplicate ids",
            route,
            on(edit_json(|v| {
                let data = v["data"].as_array_mut().unwrap();
                let first = data[0].clone();
                data.push(first);
            })),
        ),
    ];
    for (kind, field, value) in absurd {
        cases.push(Case::reject(kind, route, on(entry(set(field, value)))));
    }
    cases
}

/// Answers cut short or never finished, on `route`.
fn broken_transfers(route: &'static str, on: &dyn Fn(Action) -> Rule) -> Vec<Case> {
    vec![
        Case::reject("truncated json", route, on(truncated())),
        Case::reject("huge content-length", route, on(flood())),
        Case::reject(
            "short body",
            route,
            on(short_body(r#"{"object":"list","data":[{"id":"#)),
        ),
        Case::reject("slow drip", route, on(drip())),
        Case::reject("stall after headers", route, on(Action::Stall)),
        Case::reject("no answer", route, on(Action::Silence)),
    ]
}

/// A server error that lasts, and headers too many or too long, on `route`.
fn server_trouble(route: &'static str, on: &dyn Fn(Action) -> Rule) -> Vec<Case> {
    vec![
        Case::reject("500 forever", route, on(server_error())).codes(SERVER_ERROR),
        Case::tolerate("200 headers", route, on(many_headers(200))),
        Case::tolerate("60 KB header", route, on(long_header())),
    ]
}

/// 429 forever on `route`, with each of these Retry-After variants.
fn rate_limited(
    route: &'static str,
    on: &dyn Fn(Action) -> Rule,
    variants: &[(&'static str, Option<&'static str>)],
) -> Vec<Case> {
    variants
        .iter()
        .map(|&(kind, retry_after)| {
            Case::reject(kind, route, on(too_many(retry_after))).codes(RATE_LIMITED)
        })
        .collect()
}

const TWO_TO_THE_63: u64 = 9_223_372_036_854_775_808;

fn sync_list_cases(env: &Env) -> Vec<Case> {
    let list = env.list_path();
    let on_list = |action: Action| Rule::exact("GET", list.clone(), action);
    let on_profile = |action: Action| Rule::exact("GET", "/api/accounts/profile", action);
    let org = env.ids.org.clone();
    let edit_target = |f: EntryEdit| {
        let org = org.clone();
        edit_json(move |v| f(entry(v, "organizationId", Some(&org))))
    };
    let big_name = Arc::new("A".repeat(1 << 20));
    let mut cases = not_a_list("client list", &on_list);
    cases.extend([
        Case::reject(
            "array for object []",
            "profile",
            on_profile(tamper::json_200("[]")),
        ),
        Case::reject("envelope {}", "profile", on_profile(tamper::json_200("{}"))),
    ]);
    cases.extend(bad_entries(
        "client list",
        &on_list,
        &edit_target,
        ("wrong type \"seats\":\"many\"", "seats"),
        "organizationId",
        vec![
            ("absurd number 1e300", "seats", json!(1e300)),
            ("absurd number -1", "seats", json!(-1)),
            ("absurd number 2^63", "seats", json!(TWO_TO_THE_63)),
        ],
    ));
    let name = big_name.clone();
    cases.extend([
        Case::reject(
            "1 MB string",
            "client list",
            on_list(edit_target(set("organizationName", json!(name.as_str())))),
        )
        .keep_or_reject(move |row| row.name = big_name.as_str().to_owned()),
        Case::reject("html captive portal", "client list", on_list(html_portal())),
        Case::reject("html captive portal", "profile", on_profile(html_portal())),
        Case::reject(
            "invalid utf-8",
            "client list",
            on_list(edit_json_then_bytes(
                move |v| {
                    entry(v, "organizationId", Some(&org))
                        .insert("organizationName".into(), json!("BADUTF8"));
                },
                "BADUTF8",
                b"\xff\xfe\xc3(",
            )),
        ),
    ]);
    cases.extend(broken_transfers("client list", &on_list));
    cases.extend([
        Case::reject("connection reset", "client list", on_list(Action::Reset)),
        Case::reject("connection reset", "profile", on_profile(Action::Reset)),
    ]);
    cases.extend(server_trouble("client list", &on_list));
    cases.extend([
        Case::tolerate(
            "transient: 500 twice",
            "client list",
            on_list(server_error()).times(2),
        ),
        Case::tolerate(
            "transient: html portal once",
            "client list",
            on_list(html_portal()).times(1),
        ),
        Case::tolerate(
            "transient: reset once",
            "client list",
            on_list(Action::Reset).times(1),
        ),
    ]);
    cases.extend(rate_limited("client list", &on_list, &RETRY_AFTERS));
    cases
}

fn sync_details_cases(env: &Env) -> Vec<Case> {
    let users = env.org_path("users");
    let on_users = |action: Action| Rule::exact("GET", users.clone(), action);
    let edit_first = |f: EntryEdit| edit_json(move |v| f(entry(v, "id", None)));
    let mut cases = not_a_list("members", &on_users);
    cases.extend(bad_entries(
        "members",
        &on_users,
        &edit_first,
        ("wrong type \"status\":\"many\"", "status"),
        "id",
        vec![
            ("absurd number 1e300", "type", json!(1e300)),
            ("absurd number 2^63", "status", json!(TWO_TO_THE_63)),
        ],
    ));
    cases.extend([
        Case::reject("html captive portal", "members", on_users(html_portal())),
        Case::reject(
            "invalid utf-8",
            "members",
            on_users(edit_json_then_bytes(
                |v| {
                    entry(v, "id", None).insert("name".into(), json!("BADUTF8"));
                },
                "BADUTF8",
                b"\xff\xfe\xc3(",
            )),
        ),
    ]);
    cases.extend(broken_transfers("members", &on_users));
    cases.push(Case::reject(
        "connection reset",
        "members",
        on_users(Action::Reset),
    ));
    cases.extend(server_trouble("members", &on_users));
    // The other detail routes, one misbehaviour each.
    cases.extend([
        Case::reject(
            "envelope {\"data\":{}}",
            "groups",
            Rule::exact(
                "GET",
                env.org_path("groups/details"),
                tamper::json_200(r#"{"object":"list","data":{}}"#),
            ),
        ),
        Case::reject(
            "html captive portal",
            "collections",
            Rule::exact("GET", env.org_path("collections/details"), html_portal()),
        ),
        Case::reject(
            "envelope {\"data\":null}",
            "policies",
            Rule::exact(
                "GET",
                env.org_path("policies"),
                tamper::json_200(r#"{"data":null}"#),
            ),
        ),
        Case::reject(
            "truncated json",
            "items (every client)",
            Rule::exact("GET", "/api/ciphers/organization-details", truncated()),
        ),
        Case::reject(
            "500 forever",
            "subscription",
            Rule::exact("GET", env.org_path("subscription"), server_error()),
        )
        .codes(SERVER_ERROR),
    ]);
    let variants = [RETRY_AFTERS[0], RETRY_AFTERS[3]];
    cases.extend(rate_limited("members", &on_users, &variants));
    cases
}

fn events_cases(env: &Env) -> Vec<Case> {
    let events = env.org_path("events");
    let on_events = |action: Action| Rule::exact("GET", events.clone(), action);
    let page = |token: &str| {
        format!(r#"{{"object":"list","data":[{EVENT}],"continuationToken":"{token}"}}"#)
    };
    let fresh = Arc::new(AtomicU64::new(0));
    let mut cases = vec![
        Case::tolerate(
            "cyclic continuation token",
            "events",
            on_events(tamper::json_200(page("same-token-every-time"))),
        )
        .new_events(1),
        Case::tolerate(
            "endless fresh continuation tokens",
            "events",
            on_events(tamper::respond(move |_| {
                let n = fresh.fetch_add(1, Ordering::Relaxed);
                page(&format!("token-{n}"))
            })),
        )
        .new_events(1),
    ];
    cases.extend(not_a_list("events", &on_events).into_iter().take(3));
    cases.extend([
        Case::reject(
            "missing required field",
            "events",
            on_events(tamper::json_200(
                r#"{"object":"list","data":[{"type":1000}],"continuationToken":null}"#,
            )),
        ),
        Case::reject("html captive portal", "events", on_events(html_portal())),
        Case::reject("truncated json", "events", on_events(truncated())),
        Case::reject("stall after headers", "events", on_events(Action::Stall)),
        Case::reject("connection reset", "events", on_events(Action::Reset)),
    ]);
    cases.extend(rate_limited("events", &on_events, &[RETRY_AFTERS[2]]));
    cases
        .push(Case::reject("500 forever", "events", on_events(server_error())).codes(SERVER_ERROR));
    cases
        .into_iter()
        // The target's events come from this route alone: a failed page adds none.
        .map(|case| match case.new_events {
            Some(_) => case,
            None => case.new_events(0),
        })
        .collect()
}

fn sign_in_cases() -> Vec<Case> {
    let prelogin = |action: Action| Rule::exact("POST", "/identity/accounts/prelogin", action);
    let token = |action: Action| Rule::exact("POST", "/identity/connect/token", action);
    let json = |body: &str| tamper::json_200(body);
    let mut cases = vec![
        Case::reject("envelope {}", "prelogin", prelogin(json("{}"))),
        Case::reject("array for object []", "prelogin", prelogin(json("[]"))),
        Case::reject("json \"text\"", "prelogin", prelogin(json(r#""text""#))),
        Case::reject("json null", "prelogin", prelogin(json("null"))),
        Case::reject(
            "wrong type",
            "prelogin",
            prelogin(json(r#"{"kdf":"pbkdf2","kdfIterations":"many"}"#)),
        ),
        Case::reject(
            "absurd number 2^32-1 iterations",
            "prelogin",
            prelogin(json(r#"{"kdf":0,"kdfIterations":4294967295}"#)),
        ),
        Case::reject(
            "absurd number 1e300",
            "prelogin",
            prelogin(json(r#"{"kdf":0,"kdfIterations":1e300}"#)),
        ),
        Case::reject(
            "absurd number -1",
            "prelogin",
            prelogin(json(
                r#"{"kdf":1,"kdfIterations":3,"kdfMemory":-1,"kdfParallelism":4}"#,
            )),
        ),
        Case::reject(
            "absurd argon2 memory",
            "prelogin",
            prelogin(json(
                r#"{"kdf":1,"kdfIterations":3,"kdfMemory":4294967295,"kdfParallelism":4}"#,
            )),
        ),
        Case::reject("html captive portal", "prelogin", prelogin(html_portal())),
        Case::reject("truncated json", "prelogin", prelogin(truncated())),
        Case::reject("huge content-length", "prelogin", prelogin(flood())),
        Case::reject("slow drip", "prelogin", prelogin(drip())),
        Case::reject("stall after headers", "prelogin", prelogin(Action::Stall)),
        Case::reject("no answer", "prelogin", prelogin(Action::Silence)),
        Case::reject("connection reset", "prelogin", prelogin(Action::Reset)),
    ];
    cases.extend(rate_limited("prelogin", &prelogin, &RETRY_AFTERS[..2]));
    cases.extend([
        Case::reject("500 forever", "prelogin", prelogin(server_error())).codes(SERVER_ERROR),
        Case::reject("envelope {}", "token", token(json("{}"))),
        Case::reject("array for object []", "token", token(json("[]"))),
        Case::reject("json null", "token", token(json("null"))),
        Case::reject(
            "wrong type",
            "token",
            token(json(
                r#"{"access_token":12345,"expires_in":"soon","token_type":"Bearer"}"#,
            )),
        ),
        Case::reject("html captive portal", "token", token(html_portal())),
        Case::reject("truncated json", "token", token(truncated())),
        Case::reject(
            "short body",
            "token",
            token(short_body(r#"{"access_token":"eyJ"#)),
        ),
        Case::reject("no answer", "token", token(Action::Silence)),
        Case::reject("connection reset", "token", token(Action::Reset)),
    ]);
    cases.extend(rate_limited(
        "token",
        &token,
        &[RETRY_AFTERS[2], RETRY_AFTERS[4]],
    ));
    cases.extend([
        Case::reject("500 forever", "token", token(server_error())).codes(SERVER_ERROR),
        Case::tolerate("200 headers", "token", token(many_headers(200))),
    ]);
    cases
}

fn write_cases(env: &Env) -> Vec<Case> {
    // Writes are never forwarded: the sandbox must stay as it was for the
    // other cases, and "nothing changed" is then what the snapshot shows.
    let path = env.write_path();
    let on_put = |action: Action| Rule::exact("PUT", path.clone(), action);
    let json = |body: &str| tamper::json_200(body);
    let mut cases = vec![
        Case::reject(
            "html captive portal",
            "update client",
            on_put(html_portal()),
        ),
        Case::reject(
            "truncated json",
            "update client",
            on_put(json(r#"{"object":"providerOrganization","id":""#)),
        ),
        Case::reject(
            "short body",
            "update client",
            on_put(short_body(r#"{"object":"providerOrganization","id":""#)),
        ),
        Case::reject("huge content-length", "update client", on_put(flood())),
        Case::reject("slow drip", "update client", on_put(drip())),
        Case::reject(
            "stall after headers",
            "update client",
            on_put(Action::Stall),
        ),
        Case::reject("no answer", "update client", on_put(Action::Silence)),
        Case::reject("connection reset", "update client", on_put(Action::Reset)),
        Case::reject("500 forever", "update client", on_put(server_error())).codes(SERVER_ERROR),
        // A write's answer is free-form: any JSON (or none) after a 200 is
        // acceptance. The list is read again right after.
        Case::tolerate("envelope {}", "update client", on_put(json("{}"))),
        Case::tolerate("json null", "update client", on_put(json("null"))),
        Case::tolerate("json \"text\"", "update client", on_put(json(r#""text""#))),
        Case::tolerate(
            "invalid utf-8",
            "update client",
            on_put(tamper::json_200(b"{\"name\":\"\xff\xfe\"}".to_vec())),
        ),
        Case::tolerate(
            "200 headers",
            "update client",
            on_put(tamper::reply_with(
                200,
                (0..200)
                    .map(|i| (format!("X-Junk-{i}"), "x".repeat(16)))
                    .collect(),
                "",
            )),
        ),
        Case::tolerate(
            "60 KB header",
            "update client",
            on_put(tamper::reply_with(
                200,
                vec![("X-Long".to_owned(), "y".repeat(60 * 1024))],
                "",
            )),
        ),
    ];
    let variants = [RETRY_AFTERS[0], RETRY_AFTERS[1], RETRY_AFTERS[3]];
    cases.extend(rate_limited("update client", &on_put, &variants));
    cases
}

// ---------------------------------------------------------------------------
// Running a case

enum Ran<T> {
    Finished(T),
    Panicked(String),
    Hung,
}

/// Runs `future` on its own task (a panic is caught, not fatal) for at
/// most `bound`.
async fn bounded<T: Send + 'static>(
    bound: Duration,
    future: impl Future<Output = T> + Send + 'static,
) -> (Ran<T>, Duration) {
    let started = Instant::now();
    let mut task = tokio::spawn(future);
    let ran = match tokio::time::timeout(bound, &mut task).await {
        Err(_) => {
            task.abort();
            Ran::Hung
        }
        Ok(Ok(value)) => Ran::Finished(value),
        Ok(Err(error)) => match error.try_into_panic() {
            Ok(payload) => Ran::Panicked(
                payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a non-text panic".to_owned()),
            ),
            Err(error) => Ran::Panicked(format!("task failed: {error}")),
        },
    };
    (ran, started.elapsed())
}

enum Done {
    Synced(SyncSummary),
    SignedIn(LoginOutcome),
    Wrote,
}

/// The call an area makes against the hostile server.
async fn operate(area: Area, core: Arc<Core>, url: String, org: String) -> Result<Done, AppError> {
    match area {
        Area::SyncList | Area::SyncDetails | Area::Events => {
            run_sync(&core, SyncOptions::default())
                .await
                .map(Done::Synced)
        }
        Area::SignIn => core
            .login(login(&url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
            .await
            .map(Done::SignedIn),
        Area::Write => core
            .update_client(UpdateClientInput {
                organization_id: org,
                name: "Renamed by a hostile test".to_owned(),
                assigned_seats: None,
            })
            .await
            .map(|_| Done::Wrote),
    }
}

/// What the snapshot holds that a bad answer must not change.
#[derive(Debug, Clone)]
struct Snap {
    clients: Vec<ClientRow>,
    members: Vec<MemberView>,
    events: u32,
    accounts: usize,
}

async fn snap(core: &Core, org: &str) -> Result<Snap, AppError> {
    let mut clients = core.clients().await?;
    clients.sort_by(|a, b| a.list.organization_id.cmp(&b.list.organization_id));
    let mut members = core.members(org).await?;
    members.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Snap {
        clients,
        members,
        events: core.client_overview(org).await?.events,
        accounts: core.accounts()?.len(),
    })
}

fn short(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}… ({} bytes)", text.len())
    }
}

/// Whether two JSON texts hold the same value (text compared when either is
/// not JSON).
fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// How `after` differs from `before`: every field of every client row as
/// the server sent it (seats, name, plan, key, raw JSON…), sync times that
/// must not disappear or go back, the target's members (and events, where
/// checked) and the accounts. `listed_at` and `last_error` are bookkeeping
/// a failed run is meant to update. `ignore_raw_of` skips one client's raw
/// JSON (a kept absurd value changes it too).
fn differences(
    before: &Snap,
    after: &Snap,
    ignore_raw_of: Option<&str>,
    new_events: Option<u32>,
) -> Vec<String> {
    let mut out = Vec::new();
    for old in &before.clients {
        let id = &old.list.organization_id;
        let Some(new) = after.clients.iter().find(|c| &c.list.organization_id == id) else {
            out.push(format!("client {} ({id}) was lost", short(&old.list.name)));
            continue;
        };
        let (a, b) = (&old.list, &new.list);
        let mut changed = Vec::new();
        macro_rules! field {
            ($name:ident) => {
                if a.$name != b.$name {
                    changed.push(format!(
                        "{}: {} -> {}",
                        stringify!($name),
                        short(&format!("{:?}", a.$name)),
                        short(&format!("{:?}", b.$name))
                    ));
                }
            };
        }
        field!(name);
        field!(seats);
        field!(occupied_seats);
        field!(remaining_seats);
        field!(user_count);
        field!(plan);
        field!(plan_type);
        field!(status);
        field!(source);
        field!(provider_id);
        field!(provider_organization_id);
        field!(wrapped_key);
        // The raw JSON is kept as the server wrote it: the same object with
        // its keys in another order (the tampering proxy re-serialises every
        // answer it edits) is no change.
        if ignore_raw_of != Some(id.as_str()) && !same_json(&a.raw, &b.raw) {
            field!(raw);
        }
        if !changed.is_empty() {
            out.push(format!(
                "client {} changed: {}",
                short(&a.name),
                changed.join("; ")
            ));
        }
        match (old.synced_at, new.synced_at) {
            (Some(_), None) => out.push(format!("client {} lost its sync time", short(&a.name))),
            (Some(t0), Some(t1)) if t1 < t0 => {
                out.push(format!("client {} sync time went back", short(&a.name)))
            }
            _ => {}
        }
    }
    for new in &after.clients {
        if !before
            .clients
            .iter()
            .any(|c| c.list.organization_id == new.list.organization_id)
        {
            out.push(format!("client {} appeared", short(&new.list.name)));
        }
    }
    if before.members != after.members {
        out.push(format!(
            "the target's members changed: {} -> {} ({})",
            before.members.len(),
            after.members.len(),
            short(&format!("{:?}", after.members))
        ));
    }
    if let Some(new_events) = new_events
        && (after.events < before.events || after.events > before.events + new_events)
    {
        out.push(format!(
            "the target's events went from {} to {} (at most {new_events} new allowed)",
            before.events, after.events
        ));
    }
    if before.accounts != after.accounts {
        out.push(format!(
            "accounts on this machine: {} -> {}",
            before.accounts, after.accounts
        ));
    }
    out
}

struct Report {
    area: Area,
    kind: &'static str,
    route: &'static str,
    took: Duration,
    outcome: String,
    problems: Vec<String>,
    /// Peak memory growth during the call, when measured.
    memory_growth: Option<u64>,
}

impl Report {
    fn label(&self) -> String {
        format!("{} / {} @ {}", self.area.name(), self.kind, self.route)
    }
}

fn describe(ran: &Ran<Result<Done, AppError>>, bound: Duration) -> String {
    match ran {
        Ran::Hung => format!("still running after {bound:?}"),
        Ran::Panicked(message) => format!("PANIC: {}", short(message)),
        Ran::Finished(Err(e)) => format!("error {}: {}", e.code, short(&e.message)),
        Ran::Finished(Ok(Done::Synced(s))) => {
            let errors: Vec<String> = s
                .errors
                .iter()
                .map(|e| format!("{} {}: {}", e.name, e.code, short(&e.message)))
                .collect();
            format!("sync {} [{}]", s.outcome, errors.join(" | "))
        }
        Ran::Finished(Ok(Done::SignedIn(outcome))) => format!("signed in: {outcome:?}"),
        Ran::Finished(Ok(Done::Wrote)) => "write accepted".to_owned(),
    }
}

struct Limits {
    bound: Duration,
    measure_memory: bool,
}

const NORMAL: Limits = Limits {
    bound: HANG_BOUND,
    measure_memory: false,
};

async fn run_case(env: &Env, area: Area, case: Case, limits: &Limits) -> Report {
    let mut report = Report {
        area,
        kind: case.kind,
        route: case.route,
        took: Duration::ZERO,
        outcome: String::new(),
        problems: Vec::new(),
        memory_growth: None,
    };
    let tamper = Tamper::start(env.sandbox.url()).await.unwrap();
    let url = tamper.url().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(new_core(dir.path()));
    let org = env.ids.org.clone();

    // A clean sign-in and sync through the proxy: the data to keep.
    let setup = {
        let (core, url) = (core.clone(), url.clone());
        bounded(SETUP_BOUND, async move {
            core.login(login(&url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
                .await?;
            run_sync(&core, SyncOptions::default()).await
        })
    };
    match setup.await.0 {
        Ran::Finished(Ok(summary)) if summary.outcome == SyncOutcome::Success => {}
        Ran::Finished(Ok(summary)) => {
            report
                .problems
                .push(format!("setup sync was not clean: {summary:?}"));
            return report;
        }
        Ran::Finished(Err(e)) => {
            report.problems.push(format!("setup failed: {e}"));
            return report;
        }
        Ran::Panicked(m) => {
            report.problems.push(format!("setup panicked: {m}"));
            return report;
        }
        Ran::Hung => {
            report.problems.push("setup hung".to_owned());
            return report;
        }
    }
    let before = match snap(&core, &org).await {
        Ok(snap) => snap,
        Err(e) => {
            report
                .problems
                .push(format!("reading the snapshot before: {e}"));
            return report;
        }
    };

    for rule in case.rules.iter().cloned() {
        tamper.add(rule);
    }
    let memory_before = limits.measure_memory.then(reset_peak_memory);
    let (ran, took) = bounded(
        limits.bound,
        operate(area, core.clone(), url.clone(), org.clone()),
    )
    .await;
    if let Some(before) = memory_before {
        report.memory_growth = Some(peak_memory().saturating_sub(before));
    }
    tamper.clear();
    report.took = took;
    report.outcome = describe(&ran, limits.bound);

    // The call: no panic, no hang, a clear code.
    let allowed = |code: ErrorCode| case.codes.contains(&code);
    let wanted = || {
        case.codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join("/")
    };
    let must_fail = matches!(case.expect, Expect::Reject);
    match &ran {
        Ran::Hung => report
            .problems
            .push(format!("did not finish within {:?} (hung)", limits.bound)),
        Ran::Panicked(m) => report.problems.push(format!("panicked: {}", short(m))),
        Ran::Finished(Err(e)) if !allowed(e.code) => report.problems.push(format!(
            "failed with code {} (want {}): {}",
            e.code,
            wanted(),
            short(&e.message)
        )),
        Ran::Finished(Err(_)) => {}
        Ran::Finished(Ok(Done::Synced(summary))) => {
            for e in &summary.errors {
                if !allowed(e.code) {
                    report.problems.push(format!(
                        "client {} failed with code {} (want {}): {}",
                        e.name,
                        e.code,
                        wanted(),
                        short(&e.message)
                    ));
                }
            }
            if must_fail {
                let target_failed = summary.errors.iter().any(|e| e.organization_id == org);
                match area {
                    Area::SyncList if summary.outcome == SyncOutcome::Success => report
                        .problems
                        .push("sync reported success although the client list was bad".to_owned()),
                    Area::SyncDetails | Area::Events if !target_failed => {
                        report.problems.push(format!(
                            "sync reported {} without an error for {TARGET}, whose answer was bad",
                            summary.outcome
                        ))
                    }
                    _ => {}
                }
                if summary.outcome == SyncOutcome::Success && !summary.errors.is_empty() {
                    report
                        .problems
                        .push("sync reported success with client errors".to_owned());
                }
            }
        }
        Ran::Finished(Ok(_)) if must_fail => report
            .problems
            .push("the call succeeded although the answer was bad".to_owned()),
        Ran::Finished(Ok(_)) => {}
    }
    if tamper.hits() == 0 {
        report
            .problems
            .push("the rule never fired: the route was not reached (test bug?)".to_owned());
    }

    // The snapshot: intact, and holding what it held.
    match core.integrity_check().await {
        Ok(text) if text == "ok" => {}
        Ok(text) => report
            .problems
            .push(format!("integrity check: {}", short(&text))),
        Err(e) => report.problems.push(format!("integrity check failed: {e}")),
    }
    match snap(&core, &org).await {
        Err(e) => report
            .problems
            .push(format!("reading the snapshot after: {e}")),
        Ok(after) => {
            let mut diff = differences(&before, &after, None, case.new_events);
            if let (false, Expect::KeepOrReject(edit)) = (diff.is_empty(), &case.expect) {
                let mut kept = before.clone();
                for row in &mut kept.clients {
                    if row.list.organization_id == org {
                        edit(&mut row.list);
                    }
                }
                if differences(&kept, &after, Some(org.as_str()), case.new_events).is_empty() {
                    diff.clear();
                }
            }
            report.problems.extend(diff);
        }
    }

    // Once the server behaves, everything works again. After a 429 the
    // client may keep failing fast (it honours a long Retry-After, within
    // its bound): that is a clear answer, not a hang, and is noted.
    let throttled = case.codes == RATE_LIMITED;
    if !matches!(ran, Ran::Hung) {
        let recovery = {
            let (core, url) = (core.clone(), url.clone());
            bounded(limits.bound, async move {
                match area {
                    Area::SignIn => core
                        .login(login(&url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
                        .await
                        .map(|_| "signed in".to_owned()),
                    _ => run_sync(&core, SyncOptions::default())
                        .await
                        .map(|s| s.outcome.to_string()),
                }
            })
        };
        match recovery.await {
            (Ran::Finished(Ok(outcome)), _) if outcome == "success" || outcome == "signed in" => {}
            (Ran::Finished(Err(e)), took)
                if throttled && e.code == ErrorCode::RateLimited && took < Duration::from_secs(5) =>
            {
                report.outcome.push_str(&format!(
                    " | afterwards the client still fails fast: {}",
                    short(&e.message)
                ));
            }
            (Ran::Finished(Ok(outcome)), _) => report
                .problems
                .push(format!("after the server recovered, sync was {outcome}")),
            (Ran::Finished(Err(e)), _) => report
                .problems
                .push(format!("after the server recovered: {e}")),
            (Ran::Panicked(m), _) => report
                .problems
                .push(format!("after the server recovered: panicked: {m}")),
            (Ran::Hung, took) => report.problems.push(format!(
                "after the server recovered, the next call still hung ({took:?}): the client stayed wedged"
            )),
        }
    }
    report
}

/// Runs the cases of one area, a few at once, in table order.
async fn run_table(env: &Env, area: Area, cases: Vec<Case>) -> Vec<Report> {
    futures_util::stream::iter(cases)
        .map(|case| run_case(env, area, case, &NORMAL))
        .buffered(CONCURRENCY)
        .collect()
        .await
}

/// Prints every case and the summary line; fails listing the failed cases.
fn conclude(title: &str, reports: &[Report]) {
    let kinds: BTreeSet<&str> = reports.iter().map(|r| r.kind).collect();
    let failed: Vec<&Report> = reports.iter().filter(|r| !r.problems.is_empty()).collect();
    eprintln!("--- {title}");
    for r in reports {
        eprintln!(
            "{} [{:>6.1} s] {}: {}",
            if r.problems.is_empty() {
                "  ok  "
            } else {
                " FAIL "
            },
            r.took.as_secs_f64(),
            r.label(),
            r.outcome
        );
        for p in &r.problems {
            eprintln!("         - {p}");
        }
    }
    eprintln!(
        "hostile cases: {} kinds, {} cases, {} failed ({title})",
        kinds.len(),
        reports.len(),
        failed.len()
    );
    if !failed.is_empty() {
        let list: Vec<String> = failed
            .iter()
            .map(|r| {
                format!(
                    "{} [{:.1} s]: {}\n    happened: {}",
                    r.label(),
                    r.took.as_secs_f64(),
                    r.problems.join("; "),
                    r.outcome
                )
            })
            .collect();
        panic!(
            "{} of {} hostile cases failed ({title}):\n{}",
            failed.len(),
            reports.len(),
            list.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// Memory

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The process's peak resident memory (VmHWM), in bytes.
fn peak_memory() -> u64 {
    status_kb("VmHWM:") * 1024
}

/// Resets the peak to the current resident size where the kernel allows
/// it (so earlier tests do not hide this one's growth); returns the peak
/// to measure from.
fn reset_peak_memory() -> u64 {
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        eprintln!("hostile: cannot reset VmHWM; measuring from the current peak");
    }
    peak_memory()
}

// ---------------------------------------------------------------------------
// The tests

/// Runs one area's table against a fresh sandbox (one test at a time);
/// `figures` prints what the reports measured, then the area concludes.
async fn run_area(
    area: Area,
    cases: impl FnOnce(&Env) -> Vec<Case>,
    figures: impl FnOnce(&[Report]),
) {
    let _serial = SERIAL.lock().await;
    let env = Env::start().await;
    let reports = run_table(&env, area, cases(&env)).await;
    figures(&reports);
    env.sandbox.shutdown().await;
    conclude(area.name(), &reports);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_client_list() {
    run_area(Area::SyncList, sync_list_cases, |reports| {
        for r in reports.iter().filter(|r| r.kind.starts_with("429")) {
            eprintln!(
                "figure: {} on the client list: the sync gave up after {:.1} s ({})",
                r.kind,
                r.took.as_secs_f64(),
                r.outcome
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_client_details() {
    run_area(Area::SyncDetails, sync_details_cases, |_| {}).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_events() {
    run_area(Area::Events, events_cases, |_| {}).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_sign_in() {
    run_area(Area::SignIn, |_| sign_in_cases(), |_| {}).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_write() {
    run_area(Area::Write, write_cases, |_| {}).await;
}

/// A gzip bomb (~0.5 MB inflating to 512 MiB of spaces) is refused without
/// the process's memory growing by more than 256 MiB. One case at a time,
/// alone in the process, so the peak is this case's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_gzip_bomb_in_bounded_memory() {
    let _serial = SERIAL.lock().await;
    let env = Env::start().await;
    let (body, inflated) = tamper::gzip_bomb(BOMB_INFLATED);
    eprintln!(
        "gzip bomb: {} bytes inflating to {} bytes ({}:1)",
        body.len(),
        inflated,
        inflated / body.len() as u64
    );
    let cases = [
        (
            Area::SyncList,
            Case::reject(
                "gzip bomb",
                "client list",
                Rule::exact("GET", env.list_path(), bomb()),
            ),
        ),
        (
            Area::SyncDetails,
            Case::reject(
                "gzip bomb",
                "members",
                Rule::exact("GET", env.org_path("users"), bomb()),
            ),
        ),
        (
            Area::SignIn,
            Case::reject(
                "gzip bomb",
                "prelogin",
                Rule::exact("POST", "/identity/accounts/prelogin", bomb()),
            ),
        ),
        (
            Area::Write,
            Case::reject(
                "gzip bomb",
                "update client",
                Rule::exact("PUT", env.write_path(), bomb()),
            ),
        ),
    ];
    let limits = Limits {
        bound: HANG_BOUND,
        measure_memory: true,
    };
    let mut reports = Vec::new();
    for (area, case) in cases {
        let mut report = run_case(&env, area, case, &limits).await;
        let growth = report.memory_growth.unwrap_or(0);
        eprintln!(
            "figure: gzip bomb @ {}: peak memory grew by {} MiB in {:.1} s ({})",
            report.route,
            growth >> 20,
            report.took.as_secs_f64(),
            report.outcome
        );
        if growth >= BOMB_MEMORY_LIMIT {
            report.problems.push(format!(
                "peak memory grew by {} MiB (limit {} MiB)",
                growth >> 20,
                BOMB_MEMORY_LIMIT >> 20
            ));
        }
        reports.push(report);
    }
    env.sandbox.shutdown().await;
    conclude("gzip bomb", &reports);
}

/// The proxy itself: forwards, misbehaves for as many requests as told, and
/// its gzip bomb is a valid gzip stream of spaces.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tamper_proxy_forwards_misbehaves_and_bombs_correctly() {
    let _serial = SERIAL.lock().await;
    let sandbox = Sandbox::start(SandboxConfig {
        seed: Seed::Empty,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let proxy = Tamper::start(sandbox.url()).await.unwrap();
    let http = reqwest::Client::builder()
        .no_proxy()
        .gzip(true)
        .build()
        .unwrap();
    let prelogin = || async {
        let response = http
            .post(format!("{}/identity/accounts/prelogin", proxy.url()))
            .json(&json!({"email": "nobody@example.com"}))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let (status, text) = prelogin().await;
    assert_eq!(status, 200, "{text}");
    assert!(text.to_lowercase().contains("kdf"), "{text}");

    proxy.add(
        Rule::exact(
            "POST",
            "/identity/accounts/prelogin",
            tamper::json_200("{}"),
        )
        .times(2),
    );
    assert_eq!(prelogin().await, (200, "{}".to_owned()));
    assert_eq!(prelogin().await, (200, "{}".to_owned()));
    assert!(prelogin().await.1.to_lowercase().contains("kdf"));
    assert_eq!(proxy.hits(), 2);

    // A small bomb decodes (CRC and length included) to exactly its spaces.
    let (body, inflated) = tamper::gzip_bomb(1_000_000);
    proxy.add(Rule::exact(
        "GET",
        "/bomb",
        tamper::reply(200, &[("Content-Encoding", "gzip")], body),
    ));
    let text = http
        .get(format!("{}/bomb", proxy.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text.len() as u64, inflated);
    assert!(inflated >= 1_000_000 && text.bytes().all(|b| b == b' '));
    let (big, big_inflated) = tamper::gzip_bomb(BOMB_INFLATED);
    assert!(big_inflated >= BOMB_INFLATED);
    assert!(big.len() < 1 << 20, "{} bytes", big.len());

    // Resets and short bodies are errors for a plain client too.
    proxy.add(Rule::exact("GET", "/reset", Action::Reset));
    assert!(
        http.get(format!("{}/reset", proxy.url()))
            .send()
            .await
            .is_err()
    );
    proxy.add(Rule::exact("GET", "/short", short_body("{\"a\":")));
    let short = http.get(format!("{}/short", proxy.url())).send().await;
    assert!(short.is_err() || short.unwrap().text().await.is_err());
    sandbox.shutdown().await;
}

// ---------------------------------------------------------------------------
// Long variants (HOSTILE_LONG=1)

/// The slow misbehaviours against the client's defaults: how long until it
/// gives up, with a 15-minute bound; then a soak of random misbehaviours.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_long_variants() {
    if !long_enabled() {
        eprintln!("hostile: long variants skipped (set HOSTILE_LONG=1)");
        return;
    }
    let _serial = SERIAL.lock().await;
    let env = Env::start().await;
    let list = env.list_path();
    let on_list = |action: Action| Rule::exact("GET", list.clone(), action);
    let mut slow = vec![
        Case::reject("slow drip", "client list", on_list(drip())),
        Case::reject("stall after headers", "client list", on_list(Action::Stall)),
        Case::reject("no answer", "client list", on_list(Action::Silence)),
    ];
    for (kind, retry_after) in RETRY_AFTERS {
        slow.push(
            Case::reject(kind, "client list", on_list(too_many(retry_after))).codes(RATE_LIMITED),
        );
    }
    let limits = Limits {
        bound: LONG_BOUND,
        measure_memory: false,
    };
    let mut reports: Vec<Report> = futures_util::stream::iter(slow)
        .map(|case| run_case(&env, Area::SyncList, case, &limits))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    for r in &reports {
        eprintln!(
            "figure: long {}: gave up after {:.1} s ({})",
            r.kind,
            r.took.as_secs_f64(),
            r.outcome
        );
    }
    reports.push(soak(&env).await);
    env.sandbox.shutdown().await;
    conclude("long variants", &reports);
}

/// A named misbehaviour for the soak.
type Misbehaviour = (&'static str, fn() -> Action);

/// Many syncs, each with a random misbehaviour on a random route for a
/// random number of requests: no panic, no hang, allowed codes only, the
/// snapshot intact and never losing data (the server's data does not
/// change, so no client, member or seat count may either).
async fn soak(env: &Env) -> Report {
    use rand::{Rng, SeedableRng};
    let iterations: usize = std::env::var("HOSTILE_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let seed: u64 = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut report = Report {
        area: Area::SyncDetails,
        kind: "soak",
        route: "random routes",
        took: Duration::ZERO,
        outcome: String::new(),
        problems: Vec::new(),
        memory_growth: None,
    };
    let tamper = Tamper::start(env.sandbox.url()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(new_core(dir.path()));
    core.login(login(tamper.url(), DEMO_ADMIN_EMAIL, DEMO_PASSWORD))
        .await
        .unwrap();
    let clean = run_sync(&core, SyncOptions::default()).await.unwrap();
    assert_eq!(clean.outcome, SyncOutcome::Success);
    let mut baseline = Vec::new();
    for client in core.clients().await.unwrap() {
        let members = core.members(&client.list.organization_id).await.unwrap();
        baseline.push((client, members));
    }
    let routes: Vec<String> = vec![
        "/api/accounts/profile".to_owned(),
        env.list_path(),
        env.org_path("users"),
        env.org_path("groups/details"),
        env.org_path("collections/details"),
        env.org_path("policies"),
        env.org_path("events"),
        env.org_path("subscription"),
        "/api/ciphers/organization-details".to_owned(),
    ];
    let actions: Vec<Misbehaviour> = vec![
        ("{}", || tamper::json_200("{}")),
        ("{\"data\":{}}", || tamper::json_200(r#"{"data":{}}"#)),
        ("null", || tamper::json_200("null")),
        ("html", html_portal),
        ("truncated", truncated),
        ("reset", || Action::Reset),
        ("500", server_error),
        ("429 1s", || too_many(Some("1"))),
        ("short body", || short_body("{\"data\":[")),
    ];
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut outcomes: std::collections::BTreeMap<String, usize> = Default::default();
    for run in 0..iterations {
        let route = routes[rng.gen_range(0..routes.len())].clone();
        let (name, action) = actions[rng.gen_range(0..actions.len())];
        let times = rng.gen_range(1..=4u64);
        tamper.add(Rule::exact("GET", route.clone(), action()).times(times));
        let (ran, took) = {
            let core = core.clone();
            bounded(HANG_BOUND, async move {
                run_sync(&core, SyncOptions::default()).await
            })
            .await
        };
        tamper.clear();
        slowest = slowest.max(took);
        let label = format!("run {run}: {name} x{times} on {route}");
        let outcome = match ran {
            Ran::Hung => {
                report.problems.push(format!("{label}: hung"));
                "hung".to_owned()
            }
            Ran::Panicked(m) => {
                report.problems.push(format!("{label}: panicked: {m}"));
                "panic".to_owned()
            }
            Ran::Finished(Err(e)) => {
                if !SERVER_FAULT.contains(&e.code) {
                    report.problems.push(format!(
                        "{label}: code {}: {}",
                        e.code,
                        short(&e.message)
                    ));
                }
                format!("error {}", e.code)
            }
            Ran::Finished(Ok(s)) => {
                for e in &s.errors {
                    if !SERVER_FAULT.contains(&e.code) {
                        report.problems.push(format!(
                            "{label}: client code {}: {}",
                            e.code,
                            short(&e.message)
                        ));
                    }
                }
                s.outcome.to_string()
            }
        };
        *outcomes.entry(outcome).or_default() += 1;
        match core.integrity_check().await {
            Ok(text) if text == "ok" => {}
            other => report
                .problems
                .push(format!("{label}: integrity {other:?}")),
        }
        let now = core.clients().await.unwrap();
        for (old, old_members) in &baseline {
            let Some(new) = now
                .iter()
                .find(|c| c.list.organization_id == old.list.organization_id)
            else {
                report
                    .problems
                    .push(format!("{label}: client {} lost", old.list.name));
                continue;
            };
            if new.list != old.list {
                report
                    .problems
                    .push(format!("{label}: client {} changed", old.list.name));
            }
            if old.synced_at.is_some() && new.synced_at.is_none() {
                report.problems.push(format!(
                    "{label}: client {} lost its sync time",
                    old.list.name
                ));
            }
            let members = core.members(&old.list.organization_id).await.unwrap();
            if &members != old_members {
                report
                    .problems
                    .push(format!("{label}: members of {} changed", old.list.name));
            }
        }
    }
    report.took = started.elapsed();
    report.outcome = format!("{iterations} syncs (seed {seed}): {outcomes:?}");
    eprintln!(
        "figure: soak of {iterations} syncs in {:.1} s (slowest {:.1} s): {outcomes:?}",
        report.took.as_secs_f64(),
        slowest.as_secs_f64()
    );
    report
}
