//! The built-in demo sandbox: bw-sandbox with the demo seed, in this
//! process, on loopback. A newcomer signs in to it without an account
//! anywhere; its database lives in the data folder, so the demo's server
//! state (and with it the demo account's tokens) survives restarts.
//!
//! The sandbox runs with its access guard on: a new random secret each
//! launch, which only this process knows (it is in the base URL handed to
//! the core), and a Host check against DNS rebinding. Without it, another
//! local user or any web page could sign in with the public demo
//! credentials and change what the app syncs.

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL};
use bw_sandbox::{LaunchSecret, RunningSandbox, Sandbox, SandboxConfig, Seed};
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
    /// Starts the sandbox once and returns its base URL, which includes the
    /// launch secret: never log it.
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
        let sandbox = Sandbox::start_guarded(config, LaunchSecret::random())
            .await
            .map_err(|e| {
                AppError::internal(format!("the built-in demo sandbox did not start: {e}"))
            })?;
        let url = sandbox.url().to_string();
        // The port only: the URL carries the launch secret.
        tracing::info!(port = sandbox.addr().port(), "demo sandbox listening");
        *running = Some(sandbox);
        Ok(url)
    }

    pub async fn stop(&self) {
        if let Some(sandbox) = self.running.lock().await.take() {
            sandbox.shutdown().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bw_api::client::SecondFactor;
    use bw_crypto::SecretString;
    use desk_core::core::{Core, CoreConfig, DEMO_SERVER};
    use desk_core::session::{Credentials, LoginInput, LoginOutcome};

    /// The app's own path: the guarded demo sandbox, its URL handed to the
    /// core, a password sign-in with the public demo credentials.
    #[tokio::test]
    async fn the_demo_account_signs_in_through_the_guarded_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::prepare(dir.path()).unwrap();
        let demo = DemoServer::default();
        let url = demo.ensure(&data).await.unwrap();
        // `http://127.0.0.1:PORT/<secret>`, the same on every call of one launch.
        let (origin, secret) = url.rsplit_once('/').unwrap();
        assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
        assert_eq!(secret.len(), 43);
        assert_eq!(demo.ensure(&data).await.unwrap(), url);

        let core = Core::new(CoreConfig::new(data)).unwrap();
        core.set_demo_server(Some(url));
        let outcome = core
            .login(LoginInput {
                server: DEMO_SERVER.to_owned(),
                email: DEMO_ADMIN_EMAIL.to_owned(),
                password: SecretString::new(DEMO_PASSWORD.to_owned()),
                credentials: Credentials::Password {
                    second: SecondFactor::None,
                },
                allow_http: false,
            })
            .await
            .unwrap();
        assert!(
            matches!(outcome, LoginOutcome::SignedIn { .. }),
            "{outcome:?}"
        );
        demo.stop().await;
    }
}
