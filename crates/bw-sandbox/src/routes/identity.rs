//! Identity host: prelogin and `connect/token` (password, refresh, client
//! credentials) with two-step login and new-device verification.

use super::rows::{UserRow, user_by_email, user_by_id};
use super::{AppState, S, execute_for, ok_json};
use crate::auth::{self, ACCESS_TOKEN_LIFETIME, Claims};
use crate::error::{ApiError, IdentityFailure};
use crate::extract::{Form, Json};
use crate::util::constant_eq;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bw_api::wire::KdfSettings;
use bw_api::wire::identity::{
    IdentityAccountKeys, IdentityKdf, MasterPasswordPolicy, MasterPasswordUnlock, PreloginResponse,
    PublicKeyEncryptionKeyPair, TokenResponse, UserDecryptionOptions,
};
use serde::Deserialize;
use sha2::Digest;
use std::collections::BTreeMap;

pub fn routes() -> Router<S> {
    Router::new()
        .route("/accounts/prelogin", post(prelogin))
        .route("/accounts/prelogin/password", post(prelogin))
        .route("/connect/token", post(token))
}

#[derive(Deserialize)]
pub struct PreloginRequest {
    email: Option<String>,
}

pub async fn prelogin(
    State(state): State<S>,
    Json(req): Json<PreloginRequest>,
) -> Result<Response, ApiError> {
    let email = req
        .email
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| ApiError::required("Email"))?;
    if email.len() > 256 {
        return Err(ApiError::field(
            "Email",
            "The field Email must be a string with a maximum length of 256.",
        ));
    }
    let (kdf, iterations, memory, parallelism) = match user_by_email(&state.db, &email).await? {
        Some(u) => (
            u.kdf as u8,
            u.kdf_iterations as u32,
            u.kdf_memory.map(|m| m as u32),
            u.kdf_parallelism.map(|p| p as u32),
        ),
        None => {
            // Unknown emails get deterministic fake values (anti-enumeration).
            let digest = sha2::Sha256::digest(crate::util::normalize_email(&email).as_bytes());
            if digest[0] % 4 == 0 {
                (1, 3, Some(64), Some(4))
            } else {
                (0, 600_000, None, None)
            }
        }
    };
    Ok(ok_json(&PreloginResponse {
        kdf,
        kdf_iterations: iterations,
        kdf_memory: memory,
        kdf_parallelism: parallelism,
        kdf_settings: Some(KdfSettings {
            kdf_type: i64::from(kdf),
            iterations,
            memory,
            parallelism,
        }),
        salt: None,
    }))
}

async fn token(
    State(state): State<S>,
    headers: HeaderMap,
    form: Result<Form, ApiError>,
) -> Response {
    let form = match form {
        Ok(f) => f,
        Err(ApiError::PayloadTooLarge) => return ApiError::PayloadTooLarge.into_response(),
        Err(_) => return IdentityFailure::bare("invalid_request").into_response(),
    };
    let result = match form.get("grant_type") {
        Some("password") => password_grant(&state, &headers, &form).await,
        Some("refresh_token") => refresh_grant(&state, &form).await,
        Some("client_credentials") => api_key_grant(&state, &headers, &form).await,
        Some("send_access") => Ok(send_access_grant(&state, &form).await),
        Some(_) => Err(IdentityFailure::bare("unsupported_grant_type")),
        None => Err(IdentityFailure::bare("invalid_request")),
    };
    match result {
        Ok(r) => r,
        Err(f) => f.into_response(),
    }
}

/// The `send_access` grant newer clients open a Send with: a short token
/// for one Send, after its password (hash) when it has one. Refusals carry
/// `send_access_error_type`, which the clients read.
async fn send_access_grant(state: &AppState, form: &Form) -> Response {
    use super::account::SendRefusal;
    let refuse = |error: &str, kind: &str, description: &str| {
        (
            axum::http::StatusCode::BAD_REQUEST,
            axum::Json(serde_json::json!({
                "error": error,
                "error_description": description,
                "send_access_error_type": kind,
            })),
        )
            .into_response()
    };
    let Some(access_id) = form.get("send_id") else {
        return refuse(
            "invalid_request",
            "send_id_required",
            "send_id is required.",
        );
    };
    match super::account::check_send_access(state, access_id, form.get("password_hash_b64")).await {
        Ok(send_id) => {
            let now = chrono::Utc::now().timestamp();
            let claims = auth::Claims {
                nbf: now,
                iat: now,
                exp: now + SEND_ACCESS_LIFETIME,
                iss: state.base_url.clone(),
                sub: send_id,
                client_id: "send".into(),
                scope: vec![auth::SEND_ACCESS_SCOPE.into()],
                ..Default::default()
            };
            axum::Json(serde_json::json!({
                "access_token": auth::encode(&state.jwt_secret, &claims),
                "expires_in": SEND_ACCESS_LIFETIME,
                "token_type": "Bearer",
                "scope": auth::SEND_ACCESS_SCOPE,
            }))
            .into_response()
        }
        Err(SendRefusal::Invalid) => {
            refuse("invalid_grant", "send_id_invalid", "send_id is invalid.")
        }
        Err(SendRefusal::PasswordRequired) => refuse(
            "invalid_request",
            "password_hash_b64_required",
            "password_hash_b64 is required.",
        ),
        Err(SendRefusal::PasswordInvalid) => refuse(
            "invalid_grant",
            "password_hash_b64_invalid",
            "password_hash_b64 is invalid.",
        ),
        Err(SendRefusal::Db) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Seconds a Send access token lasts.
const SEND_ACCESS_LIFETIME: i64 = 300;

const CLIENTS: &[&str] = &["web", "browser", "desktop", "cli", "mobile", "connector"];

fn client_version_ok(headers: &HeaderMap) -> bool {
    let Some(v) = headers
        .get("bitwarden-client-version")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    // .NET Version.TryParse: 2–4 numeric components.
    let parts: Vec<&str> = v.trim().split('.').collect();
    (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.parse::<u32>().is_ok())
}

fn version_failure() -> IdentityFailure {
    let message = "No client version header found, required to prevent encryption errors. Please confirm your client is supplying the header: \"Bitwarden-Client-Version\"";
    IdentityFailure::new("version_header_missing", Some(message), Some(message))
}

struct Device<'a> {
    identifier: &'a str,
    name: &'a str,
    kind: i64,
}

fn device_fields(form: &Form) -> Result<Device<'_>, IdentityFailure> {
    let failure = || {
        IdentityFailure::new(
            "device_error",
            Some("No device information provided"),
            Some("no device information provided"),
        )
    };
    let identifier = form.get("deviceidentifier").ok_or_else(failure)?;
    let name = form.get("devicename").ok_or_else(failure)?;
    let kind = form
        .get("devicetype")
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|t| (0..=26).contains(t));
    let kind = kind.ok_or_else(failure)?;
    Ok(Device {
        identifier,
        name,
        kind,
    })
}

async fn delay(state: &AppState) {
    if !state.brute_force_delay.is_zero() {
        tokio::time::sleep(state.brute_force_delay).await;
    }
}

async fn password_grant(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
) -> Result<Response, IdentityFailure> {
    let client_id = form.get("client_id").filter(|c| CLIENTS.contains(c));
    let Some(client_id) = client_id else {
        return Err(IdentityFailure::bare("invalid_client"));
    };
    let scope = form.get("scope").unwrap_or("api");
    if !scope
        .split(' ')
        .all(|s| s == "api" || s == "offline_access")
    {
        return Err(IdentityFailure::bare("invalid_scope"));
    }
    let (Some(username), Some(password)) = (form.get("username"), form.get("password")) else {
        return Err(IdentityFailure::bare("invalid_grant"));
    };
    let user = user_by_email(&state.db, username).await?;
    let user = match user {
        Some(u) if constant_eq(&u.master_password_hash, password) => u,
        _ => {
            delay(state).await;
            return Err(IdentityFailure::invalid_grant(
                "Username or password is incorrect. Try again.",
            ));
        }
    };
    if !client_version_ok(headers) {
        return Err(version_failure());
    }
    let device = device_fields(form)?;

    let mut remember_token = None;
    if user.two_factor_enabled() {
        remember_token = two_factor(state, &user, form).await?;
    } else if state.new_device_verification {
        new_device(state, &user, form, &device).await?;
    }
    register_device(state, &user, &device).await?;
    let refresh = if scope.split(' ').any(|s| s == "offline_access") {
        Some(new_refresh_token(state, &user, client_id, device.identifier).await?)
    } else {
        None
    };
    let response = token_response(
        state,
        &user,
        client_id,
        &device,
        refresh,
        true,
        remember_token,
    )
    .await?;
    Ok(response)
}

async fn register_device(
    state: &AppState,
    user: &UserRow,
    device: &Device<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO devices (id, user_id, identifier, name, type, creation_date) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT(user_id, identifier) DO UPDATE SET name = excluded.name, type = excluded.type",
    )
    .bind(crate::util::new_id())
    .bind(&user.id)
    .bind(device.identifier)
    .bind(device.name)
    .bind(device.kind)
    .bind(crate::util::now())
    .execute(&state.db)
    .await?;
    Ok(())
}

fn redact_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!(
                "{first}{}@{domain}",
                "*".repeat(local.chars().count().saturating_sub(1).max(1))
            )
        }
        None => email.to_string(),
    }
}

/// Two-step login. Returns a new remember token when one was asked for.
async fn two_factor(
    state: &AppState,
    user: &UserRow,
    form: &Form,
) -> Result<Option<String>, IdentityFailure> {
    let now = chrono::Utc::now().timestamp();
    let provider = form
        .get("twofactorprovider")
        .and_then(|p| p.parse::<i64>().ok());
    let token = form.get("twofactortoken");
    let required = || {
        let mut providers2 = BTreeMap::new();
        let mut providers = Vec::new();
        if user.totp_secret.is_some() {
            providers.push("0".to_string());
            providers2.insert("0".to_string(), None);
        }
        if user.email_2fa {
            providers.push("1".to_string());
            providers2.insert(
                "1".to_string(),
                Some(serde_json::json!({"Email": redact_email(&user.email)})),
            );
        }
        let mut f = IdentityFailure::new("invalid_grant", Some("Two factor required."), None);
        f.0.two_factor_providers = Some(providers);
        f.0.two_factor_providers2 = Some(providers2);
        if user.email_2fa {
            f.0.sso_email2fa_session_token = Some(crate::util::random_token(24));
            f.0.email = Some(user.email.clone());
        }
        f.0.master_password_policy = Some(MasterPasswordPolicy {
            object: "masterPasswordPolicy".into(),
            ..Default::default()
        });
        f
    };
    let (Some(provider), Some(token)) = (provider, token) else {
        return Err(required());
    };
    let valid = match provider {
        0 => user
            .totp_secret
            .as_deref()
            .map(|s| crate::totp::verify(s, token, now.max(0) as u64))
            .unwrap_or(false),
        1 if user.email_2fa => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT code, expires_at FROM otps WHERE user_id = ? AND purpose = 'two-factor'",
            )
            .bind(&user.id)
            .fetch_optional(&state.db)
            .await?;
            matches!(row, Some((code, exp)) if exp >= now && constant_eq(&code, token.trim()))
        }
        5 => {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT expires_at FROM remember_tokens WHERE token = ? AND user_id = ?",
            )
            .bind(token)
            .bind(&user.id)
            .fetch_optional(&state.db)
            .await?;
            // An expired or unknown remember token asks for two-step login again.
            if !matches!(row, Some((exp,)) if exp >= now) {
                return Err(required());
            }
            return Ok(None);
        }
        _ => false,
    };
    if !valid {
        delay(state).await;
        return Err(IdentityFailure::invalid_grant(
            "Two-step token is invalid. Try again.",
        ));
    }
    if provider == 1 {
        execute_for(
            &state.db,
            "DELETE FROM otps WHERE user_id = ? AND purpose = 'two-factor'",
            &user.id,
        )
        .await?;
    }
    if form.get("twofactorremember") == Some("1") {
        let remember = crate::util::random_token(32);
        sqlx::query("INSERT INTO remember_tokens (token, user_id, expires_at) VALUES (?, ?, ?)")
            .bind(&remember)
            .bind(&user.id)
            .bind(now + 30 * 86_400)
            .execute(&state.db)
            .await?;
        return Ok(Some(remember));
    }
    Ok(None)
}

/// Stores a 6-digit code "emailed" to the user, readable through
/// `RunningSandbox::email_code` and, on an unguarded sandbox, the debug log.
pub async fn issue_code(
    state: &AppState,
    user: &UserRow,
    purpose: &str,
) -> Result<String, sqlx::Error> {
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    sqlx::query(
        "INSERT INTO otps (user_id, purpose, code, expires_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT(user_id, purpose) DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
    )
    .bind(&user.id)
    .bind(purpose)
    .bind(&code)
    .bind(chrono::Utc::now().timestamp() + 15 * 60)
    .execute(&state.db)
    .await?;
    if state.guarded {
        // A guarded sandbox runs inside the app, whose log others may read
        // (bug reports, shared machines): the code would be a way in.
        tracing::debug!(purpose, "sandbox mail: verification code issued");
    } else {
        tracing::debug!(email = %user.email, purpose, code = %code, "sandbox mail: verification code");
    }
    Ok(code)
}

async fn new_device(
    state: &AppState,
    user: &UserRow,
    form: &Form,
    device: &Device<'_>,
) -> Result<(), IdentityFailure> {
    if !user.verify_devices {
        return Ok(());
    }
    let known: Vec<(String,)> = sqlx::query_as("SELECT identifier FROM devices WHERE user_id = ?")
        .bind(&user.id)
        .fetch_all(&state.db)
        .await?;
    if known.is_empty() || known.iter().any(|(i,)| i == device.identifier) {
        return Ok(());
    }
    match form.get("newdeviceotp") {
        Some(otp) => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT code, expires_at FROM otps WHERE user_id = ? AND purpose = 'new-device'",
            )
            .bind(&user.id)
            .fetch_optional(&state.db)
            .await?;
            let now = chrono::Utc::now().timestamp();
            if matches!(row, Some((code, exp)) if exp >= now && constant_eq(&code, otp.trim())) {
                execute_for(
                    &state.db,
                    "DELETE FROM otps WHERE user_id = ? AND purpose = 'new-device'",
                    &user.id,
                )
                .await?;
                Ok(())
            } else {
                delay(state).await;
                Err(IdentityFailure::new(
                    "device_error",
                    Some("Invalid new device otp"),
                    Some("invalid new device otp"),
                ))
            }
        }
        None => {
            issue_code(state, user, "new-device").await?;
            Err(IdentityFailure::new(
                "device_error",
                Some("New device verification required"),
                Some("new device verification required"),
            ))
        }
    }
}

async fn new_refresh_token(
    state: &AppState,
    user: &UserRow,
    client_id: &str,
    device: &str,
) -> Result<String, sqlx::Error> {
    let token = crate::util::random_token(48);
    sqlx::query(
        "INSERT INTO refresh_tokens (token, user_id, client_id, device_identifier, security_stamp, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&token)
    .bind(&user.id)
    .bind(client_id)
    .bind(device)
    .bind(&user.security_stamp)
    .bind(chrono::Utc::now().timestamp() + sliding_lifetime(client_id))
    .execute(&state.db)
    .await?;
    Ok(token)
}

fn sliding_lifetime(client_id: &str) -> i64 {
    86_400
        * match client_id {
            "web" => 7,
            "mobile" => 60,
            _ => 30,
        }
}

/// Builds the access token with the org and provider claims of the moment.
pub async fn access_token(
    state: &AppState,
    user: &UserRow,
    client_id: &str,
    device_id: &str,
    device_type: Option<i64>,
) -> Result<String, sqlx::Error> {
    let now = chrono::Utc::now().timestamp();
    let mut claims = Claims {
        nbf: now,
        iat: now,
        exp: now + ACCESS_TOKEN_LIFETIME,
        // The origin, not the base URL: a token copied somewhere (a log, a
        // bug report) must not carry the launch secret with it.
        iss: format!("{}/identity", state.origin),
        sub: user.id.clone(),
        client_id: client_id.into(),
        auth_time: now,
        idp: "bitwarden".into(),
        premium: user.premium,
        email: user.email.clone(),
        email_verified: true,
        name: user.name.clone(),
        sstamp: user.security_stamp.clone(),
        device: device_id.into(),
        devicetype: device_type.map(|t| t.to_string()),
        jti: crate::util::random_token(16),
        scope: vec!["api".into(), "offline_access".into()],
        amr: vec!["Application".into()],
        memberships: Default::default(),
    };
    let orgs: Vec<(String, i64)> = sqlx::query_as(
        "SELECT organization_id, type FROM organization_users WHERE user_id = ? AND status = 2",
    )
    .bind(&user.id)
    .fetch_all(&state.db)
    .await?;
    for (claim, kind) in [
        ("orgowner", 0),
        ("orgadmin", 1),
        ("orguser", 2),
        ("orgcustom", 4),
    ] {
        claims.set_ids(claim, ids_of_type(&orgs, kind));
    }
    let providers: Vec<(String, i64)> = sqlx::query_as(
        "SELECT provider_id, type FROM provider_users WHERE user_id = ? AND status = 2",
    )
    .bind(&user.id)
    .fetch_all(&state.db)
    .await?;
    for (claim, kind) in [("providerprovideradmin", 0), ("providerserviceuser", 1)] {
        claims.set_ids(claim, ids_of_type(&providers, kind));
    }
    Ok(auth::encode(&state.jwt_secret, &claims))
}

/// The ids of the (id, membership type) rows with type `kind`.
fn ids_of_type(rows: &[(String, i64)], kind: i64) -> Vec<String> {
    rows.iter()
        .filter(|r| r.1 == kind)
        .map(|r| r.0.clone())
        .collect()
}

async fn master_password_policy(
    state: &AppState,
    user: &UserRow,
) -> Result<MasterPasswordPolicy, sqlx::Error> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT p.data FROM policies p JOIN organization_users ou ON ou.organization_id = p.organization_id \
         WHERE ou.user_id = ? AND ou.status = 2 AND p.type = 1 AND p.enabled = 1",
    )
    .bind(&user.id)
    .fetch_all(&state.db)
    .await?;
    let mut policy = MasterPasswordPolicy {
        object: "masterPasswordPolicy".into(),
        ..Default::default()
    };
    for (data,) in rows {
        let v: serde_json::Value = data
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or_default();
        if let Some(n) = v.get("minComplexity").and_then(|x| x.as_u64()) {
            policy.min_complexity = Some(policy.min_complexity.unwrap_or(0).max(n as u8));
        }
        if let Some(n) = v.get("minLength").and_then(|x| x.as_u64()) {
            policy.min_length = Some(policy.min_length.unwrap_or(0).max(n as u32));
        }
        if v.get("requireUpper").and_then(|x| x.as_bool()) == Some(true) {
            policy.require_upper = Some(true);
        }
        if let Some(b) = v.get("enforceOnLogin").and_then(|x| x.as_bool()) {
            policy.enforce_on_login = Some(policy.enforce_on_login.unwrap_or(false) || b);
        }
    }
    Ok(policy)
}

async fn token_response(
    state: &AppState,
    user: &UserRow,
    client_id: &str,
    device: &Device<'_>,
    refresh_token: Option<String>,
    password_grant: bool,
    two_factor_token: Option<String>,
) -> Result<Response, IdentityFailure> {
    let access = access_token(state, user, client_id, device.identifier, Some(device.kind)).await?;
    let policy = if password_grant {
        Some(master_password_policy(state, user).await?)
    } else {
        None
    };
    let memory = user.kdf_memory.map(|m| m as u32);
    let parallelism = user.kdf_parallelism.map(|p| p as u32);
    let body = TokenResponse {
        access_token: access,
        expires_in: ACCESS_TOKEN_LIFETIME as u64,
        token_type: "Bearer".into(),
        scope: if refresh_token.is_some() {
            "api offline_access"
        } else {
            "api"
        }
        .into(),
        refresh_token,
        key: Some(user.key.clone()),
        private_key: Some(user.private_key.clone()),
        account_keys: Some(IdentityAccountKeys {
            public_key_encryption_key_pair: PublicKeyEncryptionKeyPair {
                wrapped_private_key: user.private_key.clone(),
                public_key: user.public_key.clone(),
                signed_public_key: None,
                object: "publicKeyEncryptionKeyPair".into(),
            },
            signature_key_pair: None,
            security_state: None,
            object: "privateKeys".into(),
        }),
        master_password_policy: policy,
        force_password_reset: Some(user.force_password_reset),
        kdf: Some(user.kdf as u8),
        kdf_iterations: Some(user.kdf_iterations as u32),
        kdf_memory: memory,
        kdf_parallelism: parallelism,
        user_decryption_options: Some(UserDecryptionOptions {
            has_master_password: true,
            master_password_unlock: Some(MasterPasswordUnlock {
                kdf: IdentityKdf {
                    kdf_type: user.kdf as u8,
                    iterations: user.kdf_iterations as u32,
                    memory,
                    parallelism,
                },
                master_key_encrypted_user_key: user.key.clone(),
                salt: crate::util::normalize_email(&user.email),
            }),
            object: "userDecryptionOptions".into(),
        }),
        two_factor_token,
        api_use_key_connector: None,
    };
    let mut r = ok_json(&body);
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

async fn refresh_grant(state: &AppState, form: &Form) -> Result<Response, IdentityFailure> {
    let Some(token) = form.get("refresh_token") else {
        return Err(IdentityFailure::bare("invalid_request"));
    };
    let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT user_id, client_id, device_identifier, security_stamp, expires_at FROM refresh_tokens WHERE token = ?",
    )
    .bind(token)
    .fetch_optional(&state.db)
    .await?;
    let now = chrono::Utc::now().timestamp();
    let Some((user_id, client_id, device, stamp, expires)) = row else {
        return Err(IdentityFailure::bare("invalid_grant"));
    };
    let user = user_by_id(&state.db, &user_id).await?;
    let Some(user) = user.filter(|u| u.security_stamp == stamp && expires >= now) else {
        return Err(IdentityFailure::bare("invalid_grant"));
    };
    if let Some(given) = form.get("client_id")
        && given != client_id
    {
        return Err(IdentityFailure::bare("invalid_grant"));
    }
    // Sliding expiry, token reused.
    sqlx::query("UPDATE refresh_tokens SET expires_at = ? WHERE token = ?")
        .bind(now + sliding_lifetime(&client_id))
        .bind(token)
        .execute(&state.db)
        .await?;
    let access = access_token(state, &user, &client_id, &device, None).await?;
    let body = serde_json::json!({
        "access_token": access,
        "expires_in": ACCESS_TOKEN_LIFETIME,
        "token_type": "Bearer",
        "refresh_token": token,
        "scope": "api offline_access",
    });
    Ok(ok_json(&body))
}

async fn api_key_grant(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
) -> Result<Response, IdentityFailure> {
    let user_id = form
        .get("client_id")
        .and_then(|c| c.strip_prefix("user."))
        .map(String::from);
    let Some(user_id) = user_id else {
        return Err(IdentityFailure::bare("invalid_client"));
    };
    if form.get("scope") != Some("api") {
        return Err(IdentityFailure::bare("invalid_scope"));
    }
    let user = user_by_id(&state.db, &user_id).await?;
    let secret = form.get("client_secret").unwrap_or_default();
    let Some(user) = user.filter(|u| constant_eq(&u.api_key, secret)) else {
        delay(state).await;
        return Err(IdentityFailure::bare("invalid_client"));
    };
    if !client_version_ok(headers) {
        return Err(version_failure());
    }
    let device = device_fields(form)?;
    register_device(state, &user, &device).await?;
    token_response(state, &user, "cli", &device, None, false, None).await
}
