//! Sign-in as the client sees it: the device it announces, the second
//! factor it answers with, and what it reads from the identity host's
//! answers (prelogin, grants, errors). The identity host mixes snake_case,
//! PascalCase and camelCase, and servers differ, so answers are read field
//! by field in any casing rather than through fixed serde names. The routes
//! themselves are in `endpoints::identity`.

use super::error::{ApiError, MAX_MESSAGE_CHARS, TwoFactorMethod, clean_server_text};
use super::tokens::{Tokens, expiry_from, unix_now};
use bw_crypto::SecretString;
use reqwest::StatusCode;
use serde_json::{Map, Value};

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

/// A code the server emails only when asked, before the sign-in that needs
/// it: the failed grant itself sends none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailedCode {
    /// The two-step login code of the email method.
    TwoFactor,
    /// A fresh new-device verification code.
    NewDevice,
}

/// The KDF an account uses, from prelogin or the token response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    pub kdf_type: i64,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prelogin {
    pub kdf: KdfParams,
    /// The server's explicit salt; `None` means "the normalised email".
    pub salt: Option<String>,
}

/// A successful password or API-key grant: tokens plus the account's keys.
#[derive(Clone)]
pub struct LoginSuccess {
    pub tokens: Tokens,
    /// `Key`: the protected user key.
    pub protected_user_key: Option<String>,
    /// `PrivateKey` / `AccountKeys…wrappedPrivateKey`.
    pub encrypted_private_key: Option<String>,
    pub kdf: Option<KdfParams>,
    /// `MasterPasswordUnlock.Salt`, when the server sends it.
    pub salt: Option<String>,
    /// `TwoFactorToken` when "remember this device" was accepted. A credential.
    pub remember_token: Option<String>,
    pub force_password_reset: bool,
}

impl std::fmt::Debug for LoginSuccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSuccess").finish_non_exhaustive()
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

pub(crate) fn parse_prelogin(value: &Value) -> Result<Prelogin, ApiError> {
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
pub(crate) fn parse_tokens(value: &Value, now_unix: i64) -> Result<Tokens, ApiError> {
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

pub(crate) fn parse_login_success(value: &Value) -> Result<LoginSuccess, ApiError> {
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
pub(crate) fn identity_error(status: StatusCode, value: &Value, text: &str) -> ApiError {
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
pub(crate) struct Form(pub(crate) Vec<(&'static str, String)>);

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
    use serde_json::json;

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
