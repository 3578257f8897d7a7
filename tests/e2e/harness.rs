//! Starts Xvfb, tauri-driver (which starts WebKitWebDriver, which starts the
//! app) on free ports, and tears everything down again, also on panic.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const APP: &str = env!("CARGO_BIN_EXE_provider-desk");
const WAIT: Duration = Duration::from_secs(30);

/// A failed step, described for the person reading the CI log.
pub type Outcome<T = ()> = Result<T, String>;

#[derive(Default)]
pub struct AppOptions {
    /// Overrides the data folder (default: a fresh temp folder).
    pub data_dir: Option<PathBuf>,
    /// Where the app finds Have I Been Pwned and 2fa.directory (a sandbox).
    pub public_services: Option<String>,
}

pub struct App {
    name: String,
    client: Option<Client>,
    processes: Processes,
    data_dir: PathBuf,
    home: TempDir,
}

/// What the test body sees.
pub struct Session<'a> {
    client: &'a Client,
    data_dir: &'a Path,
    home: &'a Path,
    artifacts: PathBuf,
    /// tauri-driver's process group: the app and its WebKit processes.
    driver_pid: Option<u32>,
}

struct Processes {
    xvfb: Option<Child>,
    driver: Option<Child>,
}

impl App {
    pub async fn launch(name: &str, options: AppOptions) -> App {
        let home = tempfile::tempdir().expect("temp dir for the app's home");
        let data_dir = options.data_dir.unwrap_or_else(|| home.path().join("data"));
        let mut processes = Processes {
            xvfb: None,
            driver: None,
        };
        let display = start_xvfb(&mut processes);
        let (port, native_port) = (free_port(), free_port());
        let driver = tool("tauri-driver");
        // The app's stdout (WebKit's console messages in debug builds) and
        // stderr (our tracing) go through the driver into this file.
        let artifacts = artifacts_dir(name);
        let driver_log =
            std::fs::File::create(artifacts.join("driver.log")).expect("driver log file");
        let driver_err = driver_log.try_clone().expect("driver log file");
        let mut command = Command::new(&driver);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            // Keep the app and WebKit off the user's real folders.
            .env("XDG_DATA_HOME", home.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", home.path().join("xdg-cache"))
            .env("PROVIDER_DESK_DATA_DIR", &data_dir)
            // Exports land in the home folder (no XDG Downloads folder here).
            .env("HOME", home.path())
            .env("PROVIDER_DESK_LOG", "debug")
            .stdout(Stdio::from(driver_log))
            .stderr(Stdio::from(driver_err))
            // Its own process group, so teardown reaches WebKitWebDriver too.
            .process_group(0);
        if let Some(url) = &options.public_services {
            command.env("PROVIDER_DESK_PUBLIC_SERVICES", url);
        }
        processes.driver = Some(command.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start {}: {e} (cargo install tauri-driver --locked)",
                driver.display()
            )
        }));
        wait_for_port(port);

        let capabilities = json!({"tauri:options": {"application": APP}});
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        // tauri-driver accepts connections before WebKitWebDriver behind it is
        // ready, so the first attempts can fail; and session creation can hang
        // forever when a stale WebKitWebDriver holds the port. Retry within a
        // deadline that turns both into a clear failure.
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = loop {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(capabilities.clone());
            let attempt = builder.connect(&url);
            match tokio::time::timeout(Duration::from_secs(30), attempt).await {
                Ok(Ok(client)) => break client,
                Ok(Err(e)) if Instant::now() < deadline => {
                    eprintln!("WebDriver session not ready yet ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Ok(Err(e)) => panic!("WebDriver session for the app failed: {e}"),
                Err(_) => panic!("WebDriver session for the app timed out"),
            }
        };
        App {
            name: name.to_owned(),
            client: Some(client),
            processes,
            data_dir,
            home,
        }
    }

    /// Runs the test body; on failure saves a screenshot and the app log and
    /// prints them, then fails the test.
    pub async fn run(mut self, body: impl AsyncFnOnce(&Session<'_>) -> Outcome) {
        let Some(client) = self.client.take() else {
            unreachable!()
        };
        let artifacts = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/artifacts")
            .join(&self.name);
        let _ = std::fs::create_dir_all(&artifacts);
        let session = Session {
            client: &client,
            data_dir: &self.data_dir,
            home: self.home.path(),
            artifacts: artifacts.clone(),
            driver_pid: self.processes.driver.as_ref().map(Child::id),
        };
        let result = body(&session).await;
        if let Err(failure) = &result {
            let shot = session.screenshot("failure").await;
            eprintln!("e2e `{}` failed: {failure}", self.name);
            match shot {
                Ok(path) => eprintln!("screenshot: {}", path.display()),
                Err(e) => eprintln!("no screenshot: {e}"),
            }
            if let Ok(html) = client.source().await {
                let _ = std::fs::write(artifacts.join("page.html"), html);
                eprintln!("page source: {}", artifacts.join("page.html").display());
            }
            dump_logs(&self.data_dir, &artifacts);
            if let Ok(text) = std::fs::read_to_string(artifacts.join("driver.log")) {
                eprintln!("----- driver and webview output -----\n{text}\n----- end -----");
            }
        }
        let _ = client.close().await;
        self.processes.stop();
        if let Err(failure) = result {
            panic!("e2e `{}` failed: {failure}", self.name);
        }
    }
}

impl Session<'_> {
    /// The app's home folder (where exports land).
    pub fn home(&self) -> &Path {
        self.home
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir
    }

    /// Resident memory (KiB) of every process below tauri-driver whose
    /// command name contains one of `names`, by name.
    pub fn memory_kib(&self, names: &[&str]) -> Vec<(String, u64)> {
        let Some(root) = self.driver_pid else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut stack = vec![root];
        while let Some(pid) = stack.pop() {
            let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
                .unwrap_or_default();
            stack.extend(
                children
                    .split_whitespace()
                    .filter_map(|c| c.parse::<u32>().ok()),
            );
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            let comm = comm.trim().to_owned();
            if !names.iter().any(|n| comm.contains(n)) {
                continue;
            }
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let rss = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0);
            found.push((comm, rss));
        }
        found
    }

    pub fn check(&self, ok: bool, what: impl Into<String>) -> Outcome {
        if ok { Ok(()) } else { Err(what.into()) }
    }

    pub async fn wait_visible(&self, testid: &str) -> Outcome {
        let element = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&by_testid(testid)))
            .await
            .map_err(|e| format!("[data-testid={testid}] did not appear: {e}"))?;
        let deadline = Instant::now() + WAIT;
        while !element
            .is_displayed()
            .await
            .map_err(|e| format!("{testid}: {e}"))?
        {
            if Instant::now() > deadline {
                return Err(format!("[data-testid={testid}] exists but is not visible"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// The element's text once it is non-empty (data arrives after the first paint).
    pub async fn wait_text(&self, testid: &str) -> Outcome<String> {
        self.wait_visible(testid).await?;
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(testid).await?;
            let text = element.text().await.map_err(|e| format!("{testid}: {e}"))?;
            if !text.trim().is_empty() {
                return Ok(text.trim().to_owned());
            }
            if Instant::now() > deadline {
                return Err(format!("[data-testid={testid}] stayed empty"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until nothing carries this test id (a dialog closed).
    pub async fn wait_gone(&self, testid: &str) -> Outcome {
        self.wait_until(
            &format!("{testid} to close"),
            &format!("!document.querySelector('{}')", by_testid(testid)),
        )
        .await?;
        Ok(())
    }

    pub async fn is_absent(&self, testid: &str) -> Outcome<bool> {
        let found = self
            .client
            .find_all(Locator::Css(&by_testid(testid)))
            .await
            .map_err(|e| format!("{testid}: {e}"))?;
        Ok(found.is_empty())
    }

    pub async fn click(&self, testid: &str) -> Outcome {
        self.wait_visible(testid).await?;
        self.find(testid)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {testid}: {e}"))
    }

    pub async fn attr(&self, testid: &str, name: &str) -> Outcome<Option<String>> {
        self.find(testid)
            .await?
            .attr(name)
            .await
            .map_err(|e| format!("{testid}@{name}: {e}"))
    }

    /// Replaces a field's value by typing, as a person would (the UI sees
    /// real input events).
    pub async fn fill(&self, testid: &str, text: &str) -> Outcome {
        self.wait_visible(testid).await?;
        let field = self.find(testid).await?;
        field
            .clear()
            .await
            .map_err(|e| format!("clear {testid}: {e}"))?;
        field
            .send_keys(text)
            .await
            .map_err(|e| format!("type into {testid}: {e}"))
    }

    /// Chooses the `<option>` with this value in a `<select>`.
    pub async fn select(&self, testid: &str, value: &str) -> Outcome {
        self.wait_visible(testid).await?;
        self.find(testid)
            .await?
            .select_by_value(value)
            .await
            .map_err(|e| format!("select {value} in {testid}: {e}"))
    }

    /// Sends keys to the element that has focus (e.g. `"\u{E009}k\u{E000}"`
    /// for Ctrl+K: WebDriver holds a modifier until the Null key).
    pub async fn press(&self, keys: &str) -> Outcome {
        let active = self
            .client
            .active_element()
            .await
            .map_err(|e| format!("focused element: {e}"))?;
        active
            .send_keys(keys)
            .await
            .map_err(|e| format!("keys {keys:?}: {e}"))
    }

    /// Runs script in the page and returns its value.
    pub async fn eval(&self, script: &str) -> Outcome<Value> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Waits until `script` (a JS expression) is truthy; returns its value.
    pub async fn wait_until(&self, what: &str, script: &str) -> Outcome<Value> {
        let deadline = Instant::now() + WAIT;
        let body = format!("return ({script});");
        loop {
            let value = self.eval(&body).await?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what} ({script} = {value})"));
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The text of every element with this test id, in document order.
    pub async fn texts(&self, testid: &str) -> Outcome<Vec<String>> {
        let value = self
            .eval(&format!(
                "return [...document.querySelectorAll('{}')].map((e) => e.textContent.trim());",
                by_testid(testid).replace('\'', "\\'")
            ))
            .await?;
        serde_json::from_value(value).map_err(|e| format!("{testid} texts: {e}"))
    }

    /// Calls a command the way page script could, bypassing the UI's own
    /// backend: `{ok: value}` or `{err: "message"}`.
    pub async fn invoke(&self, command: &str, args: Value) -> Outcome<Value> {
        let script = r#"
            const [command, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(command, args)
              .then((value) => done({ ok: value ?? null }), (error) => done({ err: String(typeof error === "object" ? JSON.stringify(error) : error) }));
        "#;
        self.client
            .execute_async(script, vec![json!(command), args])
            .await
            .map_err(|e| format!("invoke {command}: {e}"))
    }

    /// Saves a PNG of the window. Waits two animation frames first: WebKit
    /// otherwise can hand back the previous frame.
    pub async fn screenshot(&self, label: &str) -> Outcome<PathBuf> {
        let settle = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = self.client.execute_async(settle, vec![]).await;
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot: {e}"))?;
        let path = self.artifacts.join(format!("{label}.png"));
        std::fs::write(&path, png).map_err(|e| format!("write {}: {e}", path.display()))?;
        Ok(path)
    }

    async fn find(&self, testid: &str) -> Outcome<fantoccini::elements::Element> {
        self.client
            .find(Locator::Css(&by_testid(testid)))
            .await
            .map_err(|e| format!("[data-testid={testid}]: {e}"))
    }
}

fn artifacts_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/artifacts")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tests/artifacts is writable");
    dir
}

pub fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

impl Processes {
    fn stop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let pid = driver.id() as libc::pid_t;
            // SIGTERM lets tauri-driver stop WebKitWebDriver (a SIGKILL would
            // orphan it on its port); then make sure the whole group is gone.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && matches!(driver.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(50));
            }
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            let _ = driver.wait();
        }
        if let Some(mut xvfb) = self.xvfb.take() {
            // SIGTERM: Xvfb then removes its lock file and socket.
            unsafe { libc::kill(xvfb.id() as libc::pid_t, libc::SIGTERM) };
            let _ = xvfb.wait();
        }
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        self.stop();
    }
}

fn start_xvfb(processes: &mut Processes) -> String {
    // Xvfb picks a free display itself and writes its number to fd 1
    // (-displayfd), so parallel runs and leftovers of killed ones never clash.
    let mut child = Command::new(tool("Xvfb"))
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start Xvfb: {e} (apt-get install xvfb)"));
    let stdout = child.stdout.take().expect("Xvfb stdout");
    processes.xvfb = Some(child);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
        .expect("Xvfb display number");
    let number = line.trim();
    assert!(
        !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
        "Xvfb said {line:?}"
    );
    format!(":{number}")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            panic!("tauri-driver did not listen on port {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Finds a tool on PATH or in cargo's bin folder (where tauri-driver lands).
fn tool(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} not found on PATH or in ~/.cargo/bin; scripts/dev test installs it")
        })
}

fn dump_logs(data_dir: &Path, artifacts: &Path) {
    let Ok(entries) = std::fs::read_dir(data_dir.join("logs")) else {
        eprintln!("no app log folder under {}", data_dir.display());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            eprintln!(
                "----- app log {} -----\n{text}\n----- end of app log -----",
                path.display()
            );
            if let Some(name) = path.file_name() {
                let _ = std::fs::write(artifacts.join(name), text);
            }
        }
    }
}
