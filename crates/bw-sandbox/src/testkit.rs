//! An in-process client for tests: requests go straight into the router (no
//! sockets), and `login` signs in with real crypto like an official client.
//! A session can also become bw-api's typed client, which goes over the
//! sandbox's socket as the app does.

use crate::RunningSandbox;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use bw_api::client::{BwClient, ClientConfig, Device, ServerUrls, Tokens};
use bw_crypto::{EncString, MasterKey, RsaPrivateKey, SecretString, SymmetricKey};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response: status, content type and body.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: axum::http::HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// A signed-in user: token and unlocked keys.
pub struct Session {
    /// Bearer token.
    pub access_token: String,
    /// Refresh token.
    pub refresh_token: Option<String>,
    /// The user key.
    pub user_key: SymmetricKey,
    /// The RSA private key.
    pub private_key: RsaPrivateKey,
    /// The raw token response.
    pub token_response: serde_json::Value,
}

impl Session {
    /// bw-api's typed client for `sandbox`, signed in with this session's
    /// tokens as the app is after a login (the refresh token too, so it can
    /// ride out a 401); `device_id` is the device identifier it sends.
    pub fn typed_client(
        &self,
        sandbox: &RunningSandbox,
        device_id: &str,
    ) -> Result<BwClient, String> {
        let urls = ServerUrls::self_hosted(sandbox.url()).map_err(|e| e.to_string())?;
        let device = Device::desktop(device_id.into());
        let client = BwClient::new(ClientConfig::new(urls, device)).map_err(|e| e.to_string())?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs() as i64;
        client.set_tokens(Some(Tokens {
            access_token: SecretString::from(self.access_token.as_str()),
            refresh_token: self.refresh_token.as_deref().map(SecretString::from),
            expires_at_unix: now + crate::auth::ACCESS_TOKEN_LIFETIME,
        }));
        Ok(client)
    }
}

/// A date `offset` from now as the clients send one in a query: to the
/// second, in UTC with a `Z`.
pub fn date_from_now(offset: chrono::Duration) -> String {
    (chrono::Utc::now() + offset).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl RunningSandbox {
    /// Sends one request into the router in-process.
    pub async fn call(&self, request: Request<Body>) -> Reply {
        let response = match self.router().oneshot(request).await {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map(|c| c.to_bytes().to_vec())
            .unwrap_or_default();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// `GET` (or any body-less method) with an optional bearer token.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        json: Option<serde_json::Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            builder = builder.header("authorization", format!("Bearer {t}"));
        }
        let body = match json {
            Some(v) => {
                builder = builder.header("content-type", "application/json; charset=utf-8");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        match builder.body(body) {
            Ok(req) => self.call(req).await,
            Err(_) => Reply {
                status: StatusCode::BAD_REQUEST,
                headers: Default::default(),
                body: Vec::new(),
            },
        }
    }

    /// Password grant as the desktop client does it, then unlocks the keys.
    /// Demo accounts use the precomputed master keys (no KDF in tests).
    pub async fn login(&self, email: &str, password: &str) -> Result<Session, String> {
        self.login_with(email, password, &[]).await
    }

    /// Like [`RunningSandbox::login`] with extra form fields (two-step login).
    pub async fn login_with(
        &self,
        email: &str,
        password: &str,
        extra: &[(&str, &str)],
    ) -> Result<Session, String> {
        let secret = SecretString::from(password);
        let master = if password == crate::seed::demo::DEMO_PASSWORD {
            let bytes = crate::seed::demo::master_key(&bw_crypto::normalize_salt(email))
                .map_err(|e| e.to_string())?;
            MasterKey::from_bytes(&bytes).map_err(|e| e.to_string())?
        } else {
            MasterKey::derive(&secret, email, &bw_crypto::Kdf::default_pbkdf2())
                .map_err(|e| e.to_string())?
        };
        let hash = master.server_hash(&secret);
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "password")
            .append_pair("username", email)
            .append_pair("password", &hash)
            .append_pair("scope", "api offline_access")
            .append_pair("client_id", "desktop")
            .append_pair("deviceType", "8")
            .append_pair("deviceIdentifier", "00000000-0000-4000-8000-00000000d35c")
            .append_pair("deviceName", "linux");
        for (k, v) in extra {
            form.append_pair(k, v);
        }
        let request = Request::builder()
            .method("POST")
            .uri("/identity/connect/token")
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .header("bitwarden-client-version", "2026.8.0")
            .header("device-type", "8")
            .body(Body::from(form.finish()))
            .map_err(|e| e.to_string())?;
        let reply = self.call(request).await;
        let body = reply.json();
        if reply.status != StatusCode::OK {
            return Err(format!("{} {}", reply.status, body));
        }
        let key: EncString = body["Key"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .map_err(|e| format!("{e}"))?;
        let user_key = master.decrypt_user_key(&key).map_err(|e| e.to_string())?;
        let private: EncString = body["PrivateKey"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .map_err(|e| format!("{e}"))?;
        let private_key = user_key
            .unwrap_private_key(&private)
            .map_err(|e| e.to_string())?;
        Ok(Session {
            access_token: body["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            refresh_token: body["refresh_token"].as_str().map(String::from),
            user_key,
            private_key,
            token_response: body,
        })
    }
}
