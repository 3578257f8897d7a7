//! The identity host (prelogin, the password and API-key grants, refresh)
//! and the two anonymous api calls that belong to sign-in.
//!
//! | route | function |
//! |---|---|
//! | `[I] POST accounts/prelogin` | [`BwClient::prelogin`] |
//! | `[I] POST connect/token` (password) | [`BwClient::login_password`] |
//! | `[I] POST connect/token` (client_credentials) | [`BwClient::login_api_key`] |
//! | `[I] POST connect/token` (refresh_token) | [`BwClient::refresh`] |
//! | `POST two-factor/send-email-login` | [`BwClient::request_emailed_code`] |
//! | `POST accounts/resend-new-device-otp` | [`BwClient::request_emailed_code`] |

use crate::client::body::{parse_json, read_capped};
use crate::client::identity::{
    Form, identity_error, parse_login_success, parse_prelogin, parse_tokens,
};
use crate::client::tokens::unix_now;
use crate::client::{
    ApiError, BwClient, EmailedCode, LoginSuccess, Prelogin, RequestClass, SecondFactor, error_text,
};
use crate::wire::identity::{EmailLoginRequest, PreloginRequest};
use base64::Engine;
use bw_crypto::SecretString;
use serde_json::Value;

impl BwClient {
    fn identity_url(&self, path: &str) -> Result<url::Url, ApiError> {
        self.config
            .urls
            .identity
            .join(path)
            .map_err(|e| ApiError::InvalidUrl(e.to_string()))
    }

    /// `POST accounts/prelogin`: the account's KDF and salt. Unknown emails
    /// get plausible fake values from the server (anti-enumeration).
    #[tracing::instrument(skip_all)]
    pub async fn prelogin(&self, email: &str) -> Result<Prelogin, ApiError> {
        let url = self.identity_url("accounts/prelogin")?;
        let body = PreloginRequest {
            email: email.trim().to_owned(),
        };
        let response = self
            .send(RequestClass::Identity, false, true, || {
                self.http.post(url.clone()).json(&body)
            })
            .await?;
        let value = self.json_body("accounts/prelogin", response).await?;
        parse_prelogin(&value)
    }

    /// The password grant. `password_hash` is the master-password *hash*; the
    /// password itself never leaves the process.
    #[tracing::instrument(skip_all)]
    pub async fn login_password(
        &self,
        email: &str,
        password_hash: &SecretString,
        second: &SecondFactor,
    ) -> Result<LoginSuccess, ApiError> {
        let email = email.trim().to_lowercase();
        let mut form = Form(vec![
            ("grant_type", "password".into()),
            ("username", email.clone()),
            ("password", password_hash.expose().to_owned()),
            ("scope", "api offline_access".into()),
            ("client_id", crate::client::CLIENT_NAME.into()),
        ]);
        self.push_device(&mut form);
        match second {
            SecondFactor::None => {}
            SecondFactor::TwoFactor {
                method,
                code,
                remember,
            } => {
                form.push(("twoFactorProvider", method.wire().to_string()));
                form.push(("twoFactorToken", code.expose().trim().to_owned()));
                form.push((
                    "twoFactorRemember",
                    if *remember { "1" } else { "0" }.into(),
                ));
            }
            SecondFactor::Remembered(token) => {
                form.push(("twoFactorProvider", "5".into()));
                form.push(("twoFactorToken", token.expose().to_owned()));
                form.push(("twoFactorRemember", "0".into()));
            }
            SecondFactor::NewDeviceOtp(code) => {
                form.push(("newDeviceOtp", code.expose().trim().to_owned()))
            }
        }
        // Servers older than v2025.5.2 require Auth-Email; newer ones ignore it.
        let auth_email = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(email.as_bytes());
        let value = self.token_request(&form, Some(&auth_email)).await?;
        parse_login_success(&value)
    }

    /// The personal API key grant (`client_credentials`): no two-step login,
    /// no refresh token; the master password is still needed to unlock.
    #[tracing::instrument(skip_all)]
    pub async fn login_api_key(
        &self,
        client_id: &str,
        client_secret: &SecretString,
    ) -> Result<LoginSuccess, ApiError> {
        let mut form = Form(vec![
            ("grant_type", "client_credentials".into()),
            ("scope", "api".into()),
            ("client_id", client_id.trim().to_owned()),
            ("client_secret", client_secret.expose().trim().to_owned()),
        ]);
        self.push_device(&mut form);
        let value = self.token_request(&form, None).await?;
        parse_login_success(&value)
    }

    /// Trades the refresh token for a new access token (and keeps the tokens).
    #[tracing::instrument(skip_all)]
    pub async fn refresh(&self) -> Result<(), ApiError> {
        let _guard = self.refresh_lock.lock().await;
        self.refresh_locked().await
    }

    /// [`refresh`](Self::refresh) for a caller that holds `refresh_lock`.
    pub(crate) async fn refresh_locked(&self) -> Result<(), ApiError> {
        let Some(current) = self.tokens() else {
            return Err(ApiError::AuthExpired);
        };
        let Some(refresh_token) = current.refresh_token else {
            return Err(ApiError::AuthExpired);
        };
        let form = Form(vec![
            ("grant_type", "refresh_token".into()),
            ("client_id", crate::client::CLIENT_NAME.into()),
            ("refresh_token", refresh_token.expose().to_owned()),
        ]);
        let value = match self.token_request(&form, None).await {
            Ok(value) => value,
            // An expired, revoked or rotated refresh token: sign in again.
            Err(ApiError::InvalidCredentials(_)) | Err(ApiError::BadRequest(_)) => {
                return Err(ApiError::AuthExpired);
            }
            Err(other) => return Err(other),
        };
        let mut tokens = parse_tokens(&value, unix_now())?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token);
        }
        self.set_tokens(Some(tokens));
        Ok(())
    }

    /// Asks the server to email a code; the master password hash proves
    /// who asks.
    pub async fn request_emailed_code(
        &self,
        code: EmailedCode,
        email: &str,
        password_hash: &SecretString,
    ) -> Result<(), ApiError> {
        let body = EmailLoginRequest {
            email: email.trim(),
            master_password_hash: password_hash.expose(),
        };
        let route = match code {
            EmailedCode::TwoFactor => self.route(&["two-factor", "send-email-login"])?,
            EmailedCode::NewDevice => self.route(&["accounts", "resend-new-device-otp"])?,
        };
        self.anonymous_post(&route, &body).await.map(drop)
    }

    fn push_device(&self, form: &mut Form) {
        let device = &self.config.device;
        form.push(("deviceType", device.device_type.to_string()));
        form.push(("deviceIdentifier", device.identifier.clone()));
        form.push(("deviceName", device.name.clone()));
    }

    async fn token_request(
        &self,
        form: &[(&str, String)],
        auth_email: Option<&str>,
    ) -> Result<Value, ApiError> {
        let url = self.identity_url("connect/token")?;
        // The form carries the password hash, codes and secrets: encoded into
        // a buffer that is wiped when the request body is dropped, and the
        // fields themselves wiped by the caller's `Form` guard.
        let encoded = zeroize::Zeroizing::new(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
                .finish()
                .into_bytes(),
        );
        let response = self
            .send(RequestClass::Token, false, false, || {
                let body = bytes::Bytes::from_owner(encoded.clone());
                let mut request = self
                    .http
                    .post(url.clone())
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .body(body);
                if let Some(email) = auth_email {
                    request = request.header("Auth-Email", email);
                }
                request
            })
            .await?;
        let status = response.status();
        if status.is_success() {
            let cap = self.config.max_body_bytes;
            let bytes = read_capped(response, cap)
                .await
                .map_err(|e| e.into_api_error("connect/token", cap))?;
            return match parse_json::<serde_json::Value>(&bytes) {
                Ok(value) if value.is_object() => Ok(value),
                _ => Err(ApiError::decode("connect/token", "$", "not a JSON object")),
            };
        }
        // Error answers are read only as far as a message can go.
        let text = error_text(response).await;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Err(identity_error(status, &value, &text))
    }
}
