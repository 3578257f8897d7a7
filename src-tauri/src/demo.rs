//! The built-in demo sandbox: bw-sandbox with the demo seed, in this
//! process, on loopback. A newcomer signs in to it without an account
//! anywhere; its database lives in the data folder, so the demo's server
//! state (and with it the demo account's tokens) survives restarts.

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL};
use bw_sandbox::{RunningSandbox, Sandbox, SandboxConfig, Seed};
use desk_core::{AppError, DataDir};
use serde::Serialize;
use specta::Type;
use tokio::sync::Mutex;

/// The demo's public credentials, shown on the sign-in screen. They open
/// only the sandbox's made-up data, so they are not secrets.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoCredentials {
    pub email: String,
    pub service_user_email: String,
    pub password: String,
}

pub fn credentials() -> DemoCredentials {
    DemoCredentials {
        email: DEMO_ADMIN_EMAIL.to_owned(),
        service_user_email: DEMO_SERVICE_USER_EMAIL.to_owned(),
        password: DEMO_PASSWORD.to_owned(),
    }
}

#[derive(Default)]
pub struct DemoServer {
    running: Mutex<Option<RunningSandbox>>,
}

impl DemoServer {
    /// Starts the sandbox once and returns its base URL.
    #[tracing::instrument(skip_all)]
    pub async fn ensure(&self, data: &DataDir) -> Result<String, AppError> {
        let mut running = self.running.lock().await;
        if let Some(sandbox) = running.as_ref() {
            return Ok(sandbox.url().to_string());
        }
        let config = SandboxConfig {
            seed: Seed::Demo,
            data_dir: Some(data.root().join("demo-server")),
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(config).await.map_err(|e| {
            AppError::internal(format!("the built-in demo sandbox did not start: {e}"))
        })?;
        let url = sandbox.url().to_string();
        tracing::info!(%url, "demo sandbox listening");
        *running = Some(sandbox);
        Ok(url)
    }

    pub async fn stop(&self) {
        if let Some(sandbox) = self.running.lock().await.take() {
            sandbox.shutdown().await;
        }
    }
}
