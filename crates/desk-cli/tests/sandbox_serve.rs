//! `pdesk sandbox serve` prints exactly one `listening on` line and serves.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn sandbox_serve_prints_one_line_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdesk"))
        .args([
            "sandbox",
            "serve",
            "--seed",
            "demo",
            "--addr",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"));
    let addr = url.unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .write_all(b"GET /api/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"object\":\"config\""));
    child.kill().unwrap();
    let _ = child.wait();
    let mut rest = String::new();
    let _ = stdout.read_to_string(&mut rest);
    assert!(
        rest.is_empty(),
        "stdout must carry only the listening line, got {rest:?}"
    );
}

#[test]
fn sandbox_serve_rejects_a_bad_fault_spec() {
    let out = Command::new(env!("CARGO_BIN_EXE_pdesk"))
        .args(["sandbox", "serve", "--faults", "500=7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
