//! The identity host: prelogin, the password and API-key grants, refresh,
//! and the two anonymous api calls that belong to sign-in.

use super::body::{parse_json, read_capped};
use super::error::{ApiError, MAX_MESSAGE_CHARS, TwoFactorMethod, clean_server_text};
use super::models::{KdfParams, LoginSuccess, Prelogin, Profile, Tokens, expiry_from, unix_now};
use super::{BwClient, RequestClass, decode};
use base64::Engine;
use bw_crypto::SecretString;
use reqwest::StatusCode;
use serde_json::{Map, Value, json};

/// This installation as the server sees it. `identifier` must be stable per
/// installation: a new one triggers new-device verification on every login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub identifier: String,
    /// Bitwarden's DeviceType: 6 Windows, 7 macOS, 8 Linux desktop.
    pub device_type: u8,
    pub name: String,
}

impl Device {
    /// The desktop device of the OS we run on.
    pub fn desktop(identifier: String) -> Self {
        let (device_type, name) = if cfg!(target_os = "windows") {
            (6, "windows")
        } else if cfg!(target_os = "macos") {
            (7, "macos")
        } else {
            (8, "linux")
        };
        Device {
            identifier,
            device_type,
            name: name.to_owned(),
        }
    }
}

/// What answers the server's second question, if it asked one.
#[derive(Debug, Clone, Default)]
pub enum SecondFactor {
    #[default]
    None,
    /// A two-step login code (`remember` asks for a remember-me token).
    TwoFactor {
        method: TwoFactorMethod,
        code: SecretString,
        remember: bool,
    },
    /// A remember-me token from an earlier two-step login (provider 5).
    Remembered(SecretString),
    /// The emailed new-device verification code.
    NewDeviceOtp(SecretString),
}

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
        let body = json!({ "email": email.trim() });
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
            ("client_id", super::CLIENT_NAME.into()),
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
    pub(super) async fn refresh_locked(&self) -> Result<(), ApiError> {
        let Some(current) = self.tokens() else {
            return Err(ApiError::AuthExpired);
        };
        let Some(refresh_token) = current.refresh_token else {
            return Err(ApiError::AuthExpired);
        };
        let form = Form(vec![
            ("grant_type", "refresh_token".into()),
            ("client_id", super::CLIENT_NAME.into()),
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

    /// Asks the server to email the two-step login code.
    pub async fn send_email_login(
        &self,
        email: &str,
        password_hash: &SecretString,
    ) -> Result<(), ApiError> {
        let body = json!({"email": email.trim(), "masterPasswordHash": password_hash.expose()});
        self.anonymous_post("two-factor/send-email-login", &body)
            .await
    }

    /// Asks the server to email a new new-device verification code.
    pub async fn resend_new_device_otp(
        &self,
        email: &str,
        password_hash: &SecretString,
    ) -> Result<(), ApiError> {
        let body = json!({"email": email.trim(), "masterPasswordHash": password_hash.expose()});
        self.anonymous_post("accounts/resend-new-device-otp", &body)
            .await
    }

    /// The profile part of `GET sync`: keys, organizations, providers and
    /// provider organizations.
    pub async fn profile(&self) -> Result<(Profile, Value), ApiError> {
        let mut value = self.get_value("sync?excludeDomains=true").await?;
        let raw = value
            .get_mut("profile")
            .map(Value::take)
            .unwrap_or(Value::Null);
        let profile = decode("sync.profile", raw.clone())?;
        Ok((profile, raw))
    }

    /// An unauthenticated POST on the api host (answers 200 empty), through
    /// the same budget, headers and 429 handling as every other request.
    async fn anonymous_post(&self, path: &str, body: &Value) -> Result<(), ApiError> {
        let url = self.api_url(path)?;
        let response = self
            .send(RequestClass::Write, false, false, || {
                self.http.post(url.clone()).json(body)
            })
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        Err(super::api_error(status, &super::error_text(response).await))
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
            return match parse_json(&bytes) {
                Ok(value) if value.is_object() => Ok(value),
                _ => Err(ApiError::decode("connect/token", "$", "not a JSON object")),
            };
        }
        // Error answers are read only as far as a message can go.
        let text = super::error_text(response).await;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Err(identity_error(status, &value, &text))
    }
}

/// Case-insensitive field lookup: the identity host mixes snake_case,
/// PascalCase and camelCase, and servers differ.
fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    object
        .get(name)
        .or_else(|| {
            object
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn field_str(value: &Value, name: &str) -> Option<String> {
    field(value, name)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn field_u32(value: &Value, name: &str) -> Option<u32> {
    field(value, name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

fn kdf_from(
    object: &Value,
    type_key: &str,
    iter_key: &str,
    mem_key: &str,
    par_key: &str,
) -> Option<KdfParams> {
    Some(KdfParams {
        kdf_type: field(object, type_key)?.as_i64()?,
        iterations: field_u32(object, iter_key)?,
        memory: field_u32(object, mem_key),
        parallelism: field_u32(object, par_key),
    })
}

pub(super) fn parse_prelogin(value: &Value) -> Result<Prelogin, ApiError> {
    // Newer servers: kdfSettings + salt; the flat fields are being removed.
    let kdf = field(value, "kdfSettings")
        .and_then(|s| kdf_from(s, "kdfType", "iterations", "memory", "parallelism"))
        .or_else(|| kdf_from(value, "kdf", "kdfIterations", "kdfMemory", "kdfParallelism"))
        .ok_or_else(|| ApiError::Decode {
            what: "accounts/prelogin".into(),
            path: "kdfSettings".into(),
            detail: "no KDF parameters".into(),
        })?;
    Ok(Prelogin {
        kdf,
        salt: field_str(value, "salt").filter(|s| !s.trim().is_empty()),
    })
}

/// The lifetime assumed when a token answer has no readable `expires_in`
/// (Bitwarden's access tokens live an hour).
const DEFAULT_TOKEN_LIFETIME_SECS: i64 = 3600;

/// The tokens of a grant answered at `now_unix`.
fn parse_tokens(value: &Value, now_unix: i64) -> Result<Tokens, ApiError> {
    let access_token = field_str(value, "access_token")
        .filter(|token| !token.is_empty())
        .ok_or_else(|| ApiError::decode("connect/token", "access_token", "missing"))?;
    let expires_in = field(value, "expires_in")
        .and_then(lifetime_secs)
        .unwrap_or(DEFAULT_TOKEN_LIFETIME_SECS);
    Ok(Tokens {
        access_token: SecretString::new(access_token),
        refresh_token: field_str(value, "refresh_token")
            .filter(|token| !token.is_empty())
            .map(SecretString::new),
        expires_at_unix: expiry_from(now_unix, expires_in),
    })
}

/// `expires_in` as whole seconds, saturating (clamped later): a number in
/// any JSON form, or a string of one.
fn lifetime_secs(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().map(|_| i64::MAX))
            // `as` saturates (NaN cannot occur in JSON).
            .or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

pub(super) fn parse_login_success(value: &Value) -> Result<LoginSuccess, ApiError> {
    let tokens = parse_tokens(value, unix_now())?;
    let unlock =
        field(value, "UserDecryptionOptions").and_then(|o| field(o, "MasterPasswordUnlock"));
    let protected_user_key = field_str(value, "Key")
        .or_else(|| unlock.and_then(|u| field_str(u, "MasterKeyEncryptedUserKey")));
    let encrypted_private_key = field_str(value, "PrivateKey").or_else(|| {
        field(value, "AccountKeys")
            .and_then(|k| field(k, "publicKeyEncryptionKeyPair"))
            .and_then(|p| field_str(p, "wrappedPrivateKey"))
    });
    let kdf = unlock
        .and_then(|u| field(u, "Kdf"))
        .and_then(|k| kdf_from(k, "KdfType", "Iterations", "Memory", "Parallelism"))
        .or_else(|| kdf_from(value, "Kdf", "KdfIterations", "KdfMemory", "KdfParallelism"));
    if field(value, "ApiUseKeyConnector").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::Unsupported(
            "This account unlocks with Key Connector, which Provider Desk does not support yet."
                .into(),
        ));
    }
    Ok(LoginSuccess {
        tokens,
        protected_user_key,
        encrypted_private_key,
        kdf,
        salt: unlock.and_then(|u| field_str(u, "Salt")),
        remember_token: field_str(value, "TwoFactorToken"),
        force_password_reset: field(value, "ForcePasswordReset")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// Maps a failed `connect/token` answer. The `device_error` messages are
/// documented as brittle flow control on the server: match them loosely.
pub(super) fn identity_error(status: StatusCode, value: &Value, text: &str) -> ApiError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        return ApiError::RateLimited { retry_after: None };
    }
    if status.is_server_error() {
        return ApiError::Server {
            status: status.as_u16(),
            message: field_str(value, "error_description")
                .map(|m| clean_server_text(&m, MAX_MESSAGE_CHARS))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the sign-in service failed".into()),
        };
    }
    if let Some(providers) = field(value, "TwoFactorProviders2")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    {
        return two_factor_required(providers);
    }
    let error = field_str(value, "error").unwrap_or_default();
    let message = field(value, "ErrorModel")
        .and_then(|m| field_str(m, "Message"))
        .or_else(|| field_str(value, "error_description"))
        .map(|m| clean_server_text(&m, MAX_MESSAGE_CHARS))
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| {
            let snippet = clean_server_text(text, MAX_MESSAGE_CHARS);
            if snippet.is_empty() {
                format!("sign-in failed (HTTP {})", status.as_u16())
            } else {
                format!("sign-in failed: {snippet}")
            }
        });
    let lower = message.to_lowercase();
    match error.as_str() {
        "device_error" if lower.contains("new device verification required") => ApiError::NewDeviceOtpRequired,
        "device_error" if lower.contains("invalid new device otp") => {
            ApiError::InvalidCredentials("The new-device verification code is not valid. Check the latest email and try again.".into())
        }
        "invalid_grant" if lower.contains("sso authentication is required") => ApiError::Unsupported(
            "Your organization requires single sign-on, which Provider Desk does not support yet. Use the personal API key option.".into(),
        ),
        "invalid_grant" | "invalid_client" | "device_error" => ApiError::InvalidCredentials(message),
        "version_header_missing" | "invalid_client_version" => ApiError::Unsupported(format!(
            "The server refused this client version: {message}"
        )),
        _ => ApiError::BadRequest(message),
    }
}

fn two_factor_required(providers: &Map<String, Value>) -> ApiError {
    let mut methods: Vec<TwoFactorMethod> = providers
        .keys()
        .filter_map(|k| k.parse::<u8>().ok())
        .map(TwoFactorMethod::from_wire)
        .collect();
    methods.sort();
    let email_hint = providers
        .get("1")
        .and_then(|p| field_str(p, "Email"))
        .map(|hint| clean_server_text(&hint, MAX_MESSAGE_CHARS));
    ApiError::TwoFactorRequired {
        methods,
        email_hint,
    }
}

/// The fields of a token request. They hold the password hash, two-step
/// codes, remember tokens and API-key secrets, so they are wiped on drop.
struct Form(Vec<(&'static str, String)>);

impl std::ops::Deref for Form {
    type Target = Vec<(&'static str, String)>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Form {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for Form {
    fn drop(&mut self) {
        for (_, value) in &mut self.0 {
            zeroize::Zeroize::zeroize(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelogin_prefers_kdf_settings_and_falls_back_to_flat_fields() {
        let new = json!({"kdf":0,"kdfIterations":600000,"kdfSettings":{"kdfType":1,"iterations":6,"memory":32,"parallelism":4},"salt":"x@y"});
        let p = parse_prelogin(&new).unwrap();
        assert_eq!(
            p.kdf,
            KdfParams {
                kdf_type: 1,
                iterations: 6,
                memory: Some(32),
                parallelism: Some(4)
            }
        );
        assert_eq!(p.salt.as_deref(), Some("x@y"));
        let old = json!({"Kdf":0,"KdfIterations":100000});
        let p = parse_prelogin(&old).unwrap();
        assert_eq!(
            (p.kdf.kdf_type, p.kdf.iterations, p.salt),
            (0, 100000, None)
        );
        assert!(parse_prelogin(&json!({"x":1})).is_err());
    }

    #[test]
    fn token_extras_are_read_in_either_casing() {
        let pascal = json!({"access_token":"a","refresh_token":"r","expires_in":3600,"Key":"2.k","PrivateKey":"2.p",
            "UserDecryptionOptions":{"MasterPasswordUnlock":{"Kdf":{"KdfType":0,"Iterations":600000},"MasterKeyEncryptedUserKey":"2.k","Salt":"a@b"}},
            "TwoFactorToken":"remember"});
        let s = parse_login_success(&pascal).unwrap();
        assert_eq!(s.protected_user_key.as_deref(), Some("2.k"));
        assert_eq!(s.encrypted_private_key.as_deref(), Some("2.p"));
        assert_eq!(s.kdf.unwrap().iterations, 600000);
        assert_eq!(s.salt.as_deref(), Some("a@b"));
        assert_eq!(s.remember_token.as_deref(), Some("remember"));
        let camel = json!({"access_token":"a","key":"2.k2","accountKeys":{"publicKeyEncryptionKeyPair":{"wrappedPrivateKey":"2.p2"}},
            "kdf":1,"kdfIterations":3,"kdfMemory":64,"kdfParallelism":4});
        let s = parse_login_success(&camel).unwrap();
        assert_eq!(s.protected_user_key.as_deref(), Some("2.k2"));
        assert_eq!(s.encrypted_private_key.as_deref(), Some("2.p2"));
        assert_eq!(s.kdf.unwrap().memory, Some(64));
    }

    #[test]
    fn identity_errors_are_classified() {
        let two_factor = json!({"error":"invalid_grant","error_description":"Two factor required.",
            "TwoFactorProviders":["0","1"],"TwoFactorProviders2":{"0":null,"1":{"Email":"a***@example.com"}}});
        match identity_error(StatusCode::BAD_REQUEST, &two_factor, "") {
            ApiError::TwoFactorRequired {
                methods,
                email_hint,
            } => {
                assert_eq!(
                    methods,
                    [TwoFactorMethod::Authenticator, TwoFactorMethod::Email]
                );
                assert_eq!(email_hint.as_deref(), Some("a***@example.com"));
            }
            other => panic!("{other:?}"),
        }
        let device = json!({"error":"device_error","error_description":"New device verification required","ErrorModel":{"Message":"new device verification required","Object":"error"}});
        assert!(matches!(
            identity_error(StatusCode::BAD_REQUEST, &device, ""),
            ApiError::NewDeviceOtpRequired
        ));
        let wrong = json!({"error":"invalid_grant","ErrorModel":{"Message":"Username or password is incorrect. Try again.","Object":"error"}});
        match identity_error(StatusCode::BAD_REQUEST, &wrong, "") {
            ApiError::InvalidCredentials(m) => {
                assert_eq!(m, "Username or password is incorrect. Try again.")
            }
            other => panic!("{other:?}"),
        }
        let camel_wrong = json!({"error":"invalid_grant","errorModel":{"message":"Two-step token is invalid. Try again."}});
        match identity_error(StatusCode::BAD_REQUEST, &camel_wrong, "") {
            ApiError::InvalidCredentials(m) => {
                assert_eq!(m, "Two-step token is invalid. Try again.")
            }
            other => panic!("{other:?}"),
        }
        let sso = json!({"error":"invalid_grant","ErrorModel":{"Message":"Sso authentication is required."}});
        assert!(matches!(
            identity_error(StatusCode::BAD_REQUEST, &sso, ""),
            ApiError::Unsupported(_)
        ));
        assert!(matches!(
            identity_error(StatusCode::BAD_REQUEST, &Value::Null, "<html>"),
            ApiError::BadRequest(_)
        ));
    }
}
