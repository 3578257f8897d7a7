//! The identity and api routes, their shared state and authorization rules.

mod account;
mod ciphers;
mod identity;
mod orgs;
mod providers;
pub mod public;
mod roster;
pub mod rows;

use crate::auth::AuthUser;
use crate::config::{FaultSpec, RateLimit};
use crate::error::{ApiError, ApiResult};
use crate::server::{Limiter, knobs};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use bw_api::wire::members::Permissions;
use rand_chacha::ChaCha20Rng;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::trace::TraceLayer;

pub struct AppState {
    pub db: SqlitePool,
    pub jwt_secret: [u8; 32],
    /// What clients are told to use: includes the launch secret when guarded.
    pub base_url: String,
    /// `scheme://addr` without the launch secret, for values that are not
    /// followed as URLs (the token issuer).
    pub origin: String,
    /// Started with a launch secret: the guard is on and codes are never logged.
    pub guarded: bool,
    pub brute_force_delay: Duration,
    pub new_device_verification: bool,
    pub rate_limit: RateLimit,
    pub limiter: Mutex<Limiter>,
    pub faults: Option<FaultSpec>,
    pub fault_rng: Mutex<ChaCha20Rng>,
    pub latency: Duration,
    /// Requests received, by method and path (without query), faults and
    /// refusals included: what tests count server-side effects with.
    pub received: Mutex<HashMap<(String, String), u64>>,
    /// Changes the server made, by kind, counted where the change commits
    /// (no await between the two, so a dropped request cannot commit
    /// uncounted): how tests prove a change applied exactly once.
    pub effects: Mutex<HashMap<&'static str, u64>>,
    /// How the event routes page (Bitwarden's way unless a test says).
    pub event_paging: Mutex<crate::config::EventPaging>,
    /// Refuse provider users who are not members the client's item list
    /// (Bitwarden's provider-user rule); off unless a test turns it on.
    pub provider_items_rule: Mutex<bool>,
    /// Answer as a self-hosted Bitwarden server (`GlobalSettings.SelfHosted`):
    /// cloud-only routes refuse, licence-bound names stay. Off (the cloud)
    /// unless a test or the demo turns it on.
    pub self_hosted: AtomicBool,
}

impl AppState {
    /// Whether the server plays a self-hosted installation.
    pub fn self_hosted(&self) -> bool {
        self.self_hosted.load(Ordering::Relaxed)
    }

    /// `[SelfHosted(NotSelfHostedOnly = true)]`: on a self-hosted server the
    /// action filter throws `BadRequestException` before the action runs.
    pub fn cloud_only(&self) -> ApiResult<()> {
        if self.self_hosted() {
            Err(ApiError::bad("Only allowed when not self hosted."))
        } else {
            Ok(())
        }
    }

    /// Counts one committed change of `kind`.
    pub fn note_effect(&self, kind: &'static str) {
        if let Ok(mut effects) = self.effects.lock() {
            *effects.entry(kind).or_insert(0) += 1;
        }
    }
}

pub type S = Arc<AppState>;

pub fn router(state: S) -> Router {
    let api = Router::new()
        .merge(account::routes())
        .merge(providers::routes())
        .merge(orgs::routes())
        .merge(ciphers::routes())
        .fallback(not_found);
    Router::new()
        .nest("/identity", identity::routes().fallback(not_found))
        .nest("/api", api)
        .route("/events/collect", axum::routing::post(|| async { StatusCode::OK }))
        .route("/pwned/range/{prefix}", axum::routing::get(public::pwned_range))
        .route("/2fa-directory/totp.json", axum::routing::get(public::totp_directory))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(crate::extract::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), knobs))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<axum::body::Body>| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(state)
}

/// ASP.NET Core answers unknown routes with an empty 404.
async fn not_found(uri: axum::http::Uri, method: axum::http::Method) -> impl IntoResponse {
    tracing::warn!(%method, %uri, "no such route");
    StatusCode::NOT_FOUND
}

/// A path id that must be a GUID; anything else is the server's 404.
pub fn path_id(id: &str) -> ApiResult<String> {
    crate::util::guid(id).ok_or(ApiError::NotFound)
}

/// What the caller may do in an organization: a confirmed membership and/or
/// being a confirmed user of the org's provider.
#[derive(Debug, Clone)]
pub struct OrgAccess {
    pub org_id: String,
    pub member_id: Option<String>,
    pub member_type: Option<u8>,
    pub permissions: Permissions,
    /// `Some(provider user type)` when the caller reaches the org through its provider.
    pub provider_type: Option<u8>,
    pub provider_id: Option<String>,
}

impl OrgAccess {
    pub fn is_provider(&self) -> bool {
        self.provider_type.is_some()
    }
    pub fn is_owner(&self) -> bool {
        self.is_provider() || self.member_type == Some(0)
    }
    pub fn is_admin(&self) -> bool {
        self.is_owner() || self.member_type == Some(1)
    }
    fn custom(&self, f: impl Fn(&Permissions) -> bool) -> bool {
        self.is_admin() || (self.member_type == Some(4) && f(&self.permissions))
    }
    pub fn manage_users(&self) -> bool {
        self.custom(|p| p.manage_users)
    }
    pub fn manage_groups(&self) -> bool {
        self.custom(|p| p.manage_groups)
    }
    pub fn manage_policies(&self) -> bool {
        self.custom(|p| p.manage_policies)
    }
    pub fn access_events(&self) -> bool {
        self.custom(|p| p.access_event_logs)
    }
    pub fn manage_reset_password(&self) -> bool {
        self.custom(|p| p.manage_reset_password)
    }
    pub fn manage_collections(&self) -> bool {
        self.custom(|p| {
            p.create_new_collections || p.edit_any_collection || p.delete_any_collection
        })
    }
    pub fn read_all_items(&self) -> bool {
        self.custom(|p| p.access_import_export || p.edit_any_collection || p.access_reports)
    }
    pub fn is_member(&self) -> bool {
        self.member_id.is_some()
    }
}

/// Resolves the caller's access, or 404 when the org is unknown or out of reach.
pub async fn org_access(state: &AppState, user: &AuthUser, org_id: &str) -> ApiResult<OrgAccess> {
    let org_id = path_id(org_id)?;
    let member: Option<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, type, permissions FROM organization_users WHERE organization_id = ? AND user_id = ? AND status = 2",
    )
    .bind(&org_id)
    .bind(&user.id)
    .fetch_optional(&state.db)
    .await?;
    let provider: Option<(String, i64)> = if user.has_any_provider() {
        sqlx::query_as(
            "SELECT pu.provider_id, pu.type FROM provider_organizations po \
             JOIN provider_users pu ON pu.provider_id = po.provider_id \
             WHERE po.organization_id = ? AND pu.user_id = ? AND pu.status = 2",
        )
        .bind(&org_id)
        .bind(&user.id)
        .fetch_optional(&state.db)
        .await?
    } else {
        None
    };
    // Provider access needs the claim in the token, as on the real server.
    let provider = provider.filter(|(pid, _)| user.is_provider_user(pid));
    if member.is_none() && provider.is_none() {
        return Err(ApiError::NotFound);
    }
    let permissions = rows::parse_permissions(member.as_ref().and_then(|m| m.2.as_deref()));
    Ok(OrgAccess {
        org_id,
        member_id: member.as_ref().map(|m| m.0.clone()),
        member_type: member.as_ref().map(|m| m.1 as u8),
        permissions,
        provider_type: provider.as_ref().map(|p| p.1 as u8),
        provider_id: provider.map(|p| p.0),
    })
}

/// [`org_access`] when the caller also holds the permission `allowed` checks
/// (e.g. `OrgAccess::manage_users`); 404 otherwise, as the server answers.
pub async fn org_access_with(
    state: &AppState,
    user: &AuthUser,
    org_id: &str,
    allowed: fn(&OrgAccess) -> bool,
) -> ApiResult<OrgAccess> {
    let access = org_access(state, user, org_id).await?;
    if allowed(&access) {
        Ok(access)
    } else {
        Err(ApiError::NotFound)
    }
}

/// `{"ids": [...]}`, the body of the bulk member routes.
#[derive(serde::Deserialize)]
pub struct IdsBody {
    pub ids: Option<Vec<String>>,
}

/// `{"key": ...}`, the body of the confirm routes.
#[derive(serde::Deserialize)]
pub struct KeyBody {
    pub key: Option<String>,
}

/// `{"keys": [{"id", "key"}]}`, the body of the bulk confirm routes.
#[derive(serde::Deserialize)]
pub struct BulkConfirmBody {
    pub keys: Option<Vec<IdKey>>,
}

#[derive(serde::Deserialize)]
pub struct IdKey {
    pub id: Option<String>,
    pub key: Option<String>,
}

/// "Load row or 404": the row `sql` finds when bound to a scope id (org,
/// provider or user) and then a path id; 404 when there is none or the path
/// id is not a GUID.
pub async fn scoped_row<T>(state: &AppState, sql: &str, scope_id: &str, id: &str) -> ApiResult<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let id = path_id(id)?;
    sqlx::query_as(sql)
        .bind(scope_id)
        .bind(&id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Appends an event.
#[derive(Default)]
pub struct NewEvent<'a> {
    pub kind: i64,
    pub user_id: Option<&'a str>,
    pub organization_id: Option<&'a str>,
    pub provider_id: Option<&'a str>,
    pub cipher_id: Option<&'a str>,
    pub collection_id: Option<&'a str>,
    pub group_id: Option<&'a str>,
    pub policy_id: Option<&'a str>,
    pub organization_user_id: Option<&'a str>,
    pub provider_user_id: Option<&'a str>,
    pub provider_organization_id: Option<&'a str>,
    pub acting_user_id: Option<&'a str>,
}

pub async fn log_event<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    e: NewEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (type, date, user_id, organization_id, provider_id, cipher_id, collection_id, group_id, \
         policy_id, organization_user_id, provider_user_id, provider_organization_id, acting_user_id, device_type, ip_address) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 8, '127.0.0.1')",
    )
    .bind(e.kind)
    .bind(crate::util::now())
    .bind(e.user_id)
    .bind(e.organization_id)
    .bind(e.provider_id)
    .bind(e.cipher_id)
    .bind(e.collection_id)
    .bind(e.group_id)
    .bind(e.policy_id)
    .bind(e.organization_user_id)
    .bind(e.provider_user_id)
    .bind(e.provider_organization_id)
    .bind(e.acting_user_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Runs `sql` with `id` as its one parameter; returns how many rows it changed.
pub async fn execute_for<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    sql: &str,
    id: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(sql).bind(id).execute(db).await?.rows_affected())
}

/// Bumps a user's revision date (what `accounts/revision-date` reports).
pub async fn bump_user(db: &SqlitePool, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET revision_date = ? WHERE id = ?")
        .bind(crate::util::now())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Bumps the revision date of every confirmed member of an org.
pub async fn bump_org_members(db: &SqlitePool, org_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET revision_date = ? WHERE id IN \
         (SELECT user_id FROM organization_users WHERE organization_id = ? AND user_id IS NOT NULL)",
    )
    .bind(crate::util::now())
    .bind(org_id)
    .execute(db)
    .await?;
    Ok(())
}

/// A required text field that must not be blank; the server's "required" error otherwise.
pub fn required_text(value: Option<String>, field: &str) -> ApiResult<String> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::required(field))
}

/// Model-state errors collected field by field and answered together, as
/// ASP.NET Core validates a whole request model before the action runs.
#[derive(Default)]
pub struct ModelState(Vec<(String, String)>);

impl ModelState {
    /// `[Required]` on a string: absent, empty or white space fails.
    pub fn required(&mut self, field: &str, value: Option<&str>) {
        if value.is_none_or(|v| v.trim().is_empty()) {
            self.0
                .push((field.into(), format!("The {field} field is required.")));
        }
    }

    /// `[StringLength(max)]`, counted in UTF-16 code units like a .NET
    /// string; `message` is the attribute's own `ErrorMessage`, if any.
    pub fn max_length(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
        message: Option<&str>,
    ) {
        if value.is_some_and(|v| v.encode_utf16().count() > max) {
            let message = message.map_or_else(
                || format!("The field {field} must be a string with a maximum length of {max}."),
                str::to_owned,
            );
            self.0.push((field.into(), message));
        }
    }

    /// `[EmailAddress]` (null passes; `[Required]` is a separate check).
    pub fn email(&mut self, field: &str, value: Option<&str>) {
        if value.is_some_and(|v| !is_email_address(v)) {
            self.0.push((
                field.into(),
                format!("The {field} field is not a valid e-mail address."),
            ));
        }
    }

    /// 400 "The model state is invalid." with every error, or `Ok`.
    pub fn finish(self) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

/// .NET's `EmailAddressAttribute`: exactly one `@`, neither first nor last,
/// and no line break. It is that lenient on purpose, so is this.
pub fn is_email_address(value: &str) -> bool {
    if value.contains(['\r', '\n']) {
        return false;
    }
    match (value.find('@'), value.rfind('@')) {
        (Some(first), Some(last)) => first > 0 && first == last && last + 1 < value.len(),
        _ => false,
    }
}

/// The `users/public-keys` answer: for each id that `sql` (bound to the org or
/// provider id, then the member id) finds, its id, user id and public key.
pub async fn public_keys_of(
    state: &AppState,
    sql: &str,
    scope_id: &str,
    ids: Vec<String>,
    object: &str,
) -> ApiResult<Vec<bw_api::wire::MemberPublicKey>> {
    let mut out = Vec::new();
    for id in ids {
        let row: Option<(String, String, String)> = sqlx::query_as(sql)
            .bind(scope_id)
            .bind(crate::util::guid(&id).unwrap_or_default())
            .fetch_optional(&state.db)
            .await?;
        if let Some((id, user_id, key)) = row {
            out.push(bw_api::wire::MemberPublicKey {
                object: object.into(),
                id,
                user_id,
                key,
            });
        }
    }
    Ok(out)
}

/// Plain JSON 200 with the server's content type.
pub fn ok_json<T: serde::Serialize>(value: &T) -> axum::response::Response {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut r = (StatusCode::OK, bytes).into_response();
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}
