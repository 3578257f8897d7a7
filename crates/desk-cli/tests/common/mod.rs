//! `pdesk` as the integration tests run it: a `pdesk sandbox serve` process,
//! one `pdesk` command at a time, sign-in with the password on stdin (each
//! test file is its own crate and uses a part of this, hence the `dead_code`
//! allowance).
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

pub const PDESK: &str = env!("CARGO_BIN_EXE_pdesk");
pub const PASSWORD: &str = bw_sandbox::DEMO_PASSWORD;

/// A `pdesk sandbox serve` process, killed when dropped.
pub struct Server {
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Kills the server, which must still be running; what it printed
    /// after its `listening on` line.
    pub fn kill(mut self) -> String {
        self.child.kill().unwrap();
        let _ = self.child.wait();
        let mut rest = String::new();
        let _ = self.stdout.read_to_string(&mut rest);
        rest
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `pdesk sandbox serve ARGS` and waits for its one `listening on` line.
pub fn serve_with(args: &[&str]) -> (Server, String) {
    let mut child = Command::new(PDESK)
        .args(["sandbox", "serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("pdesk sandbox serve starts");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut server = Server { child, stdout };
    let mut line = String::new();
    server
        .stdout
        .read_line(&mut line)
        .expect("a line on stdout");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (server, url)
}

/// `pdesk sandbox serve --seed demo`.
pub fn serve() -> (Server, String) {
    serve_with(&["--seed", "demo"])
}

/// Runs `pdesk --data-dir DATA ARGS` to the end, with `PDESK_SESSION` set
/// only when `session` is given and `stdin` written to it.
pub fn pdesk(data: &Path, session: Option<&str>, stdin: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(PDESK);
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("PDESK_SESSION")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(session) = session {
        command.env("PDESK_SESSION", session);
    }
    let mut child = command.spawn().expect("pdesk runs");
    if let Some(input) = stdin {
        child
            .stdin
            .as_mut()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("pdesk finishes")
}

/// Starts `pdesk --data-dir DATA ARGS` with the session and no output, to be
/// killed (`kill -9`) at some moment.
pub fn spawn_quiet(data: &Path, session: &str, args: &[&str]) -> Child {
    Command::new(PDESK)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("PDESK_SESSION", session)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The output of a run that succeeded (else a panic with its stderr).
pub fn ok(output: Output) -> Output {
    assert_success(&output);
    output
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "pdesk failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The JSON a successful run printed.
pub fn json(output: &Output) -> Value {
    assert_success(output);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Asserts the exit code, showing stderr when it is another.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `pdesk --json login` with the password on stdin; returns the session key.
pub fn login(data: &Path, url: &str, email: &str) -> String {
    let login = json(&pdesk(
        data,
        None,
        Some(&format!("{PASSWORD}\n")),
        &[
            "--json",
            "login",
            "--server",
            url,
            "--email",
            email,
            "--password-stdin",
        ],
    ));
    login["session"].as_str().expect("a session key").to_owned()
}

/// The entry named `name` in a `pdesk --json clients` list.
pub fn client<'a>(clients: &'a Value, name: &str) -> &'a Value {
    clients
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {clients}"))
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing in {clients}"))
}

/// A whole number from the environment variable `name`, else `default`.
pub fn env_count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `pdesk` over one data folder with one session key.
#[derive(Clone)]
pub struct Signed {
    pub data: PathBuf,
    pub session: String,
}

impl Signed {
    pub fn new(data: &Path, session: String) -> Self {
        Self {
            data: data.to_owned(),
            session,
        }
    }

    /// Signs in with `pdesk login` (see [`login`]).
    pub fn login(data: &Path, url: &str, email: &str) -> Self {
        Self::new(data, login(data, url, email))
    }

    pub fn run(&self, args: &[&str]) -> Output {
        pdesk(&self.data, Some(&self.session), None, args)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        json(&self.run(args))
    }

    /// A write's `--dry-run --json`: its plan, whose first line must mention
    /// `expected`.
    pub fn dry_run(&self, write: &[&str], expected: &str) -> Value {
        let plan = self.json(&[&["--json"][..], write, &["--dry-run"][..]].concat());
        let first = plan["plan"][0]["description"].as_str().unwrap_or_default();
        assert!(first.contains(expected), "{expected:?} not in {plan}");
        plan
    }

    /// A write's `--yes --json`, which must have applied every job.
    pub fn apply(&self, write: &[&str]) -> Value {
        let done = self.json(&[&["--json"][..], write, &["--yes"][..]].concat());
        let jobs = done["jobs"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert!(
            !jobs.is_empty() && jobs.iter().all(|j| j["status"] == "done"),
            "{done}"
        );
        done
    }

    /// [`Signed::run`] on a blocking thread, for async tests.
    pub async fn run_async(&self, args: &[&str]) -> Output {
        let me = self.clone();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            me.run(&args)
        })
        .await
        .unwrap()
    }

    pub async fn json_async(&self, args: &[&str]) -> Value {
        json(&self.run_async(args).await)
    }
}
