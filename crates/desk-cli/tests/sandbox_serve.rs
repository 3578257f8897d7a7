//! `pdesk sandbox serve` prints exactly one `listening on` line and serves.

mod common;

use std::io::{Read, Write};
use std::process::Command;

#[test]
fn sandbox_serve_prints_one_line_and_answers() {
    let (server, url) = common::serve();
    let addr = url
        .strip_prefix("http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line: listening on {url:?}"));
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .write_all(b"GET /api/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"object\":\"config\""));
    let rest = server.kill();
    assert!(
        rest.is_empty(),
        "stdout must carry only the listening line, got {rest:?}"
    );
}

#[test]
fn sandbox_serve_rejects_a_bad_fault_spec() {
    let out = Command::new(common::PDESK)
        .args(["sandbox", "serve", "--faults", "500=7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
