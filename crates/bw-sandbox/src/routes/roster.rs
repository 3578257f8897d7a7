//! The member routes organizations and providers share: each per-member
//! operation (re-invite, confirm, remove; revoke and restore for org
//! members) has a route for one member and a bulk route that answers with
//! one result per id, a failing id not stopping the rest, as the server's
//! bulk commands do.

use super::{AppState, BulkConfirmBody, IdsBody, KeyBody, NewEvent, S, log_event, ok_json};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use bw_api::wire::{BulkResult, ListResponse};
use futures_util::future::BoxFuture;
use std::future::Future;

/// What the route handlers built here answer with: a boxed, sendable future.
type Reply<T> = BoxFuture<'static, ApiResult<T>>;

/// A list of members under a scope: an organization's members or a
/// provider's users.
pub trait Roster: Send + Sync + 'static {
    /// What authorizing the caller yields for the operations.
    type Access: Send + Sync;
    /// The operations that have a single and a bulk route.
    type Action: Copy + Send + Sync + 'static;
    /// The `object` of a bulk result.
    const BULK_OBJECT: &'static str;

    /// The member routes' authorization of the caller for `scope` (the path's org or provider id).
    fn authorize(
        state: &AppState,
        user: &AuthUser,
        scope: &str,
    ) -> impl Future<Output = ApiResult<Self::Access>> + Send;

    /// `action` on member `id`.
    fn apply(
        action: Self::Action,
        state: &AppState,
        user: &AuthUser,
        access: &Self::Access,
        id: &str,
    ) -> impl Future<Output = ApiResult<()>> + Send;

    /// Confirms member `id` with its encrypted `key`.
    fn confirm(
        state: &AppState,
        user: &AuthUser,
        access: &Self::Access,
        id: &str,
        key: Option<&str>,
    ) -> impl Future<Output = ApiResult<()>> + Send;

    /// The ids of a bulk `action`'s body.
    fn bulk_ids(action: Self::Action, body: IdsBody) -> ApiResult<Vec<String>>;

    /// A bulk result's error text for a failure that is not a bad request
    /// (whose message is the text), in `action` (`None`: confirming).
    fn failure(action: Option<Self::Action>, error: &ApiError) -> &'static str;

    /// The event fields naming the scope and the member.
    fn event_subject<'a>(scope_id: &'a str, member_id: &'a str) -> NewEvent<'a>;
}

/// Logs an event of `kind` about a member, acted on by `acting_user_id`.
pub async fn log_member_event<'e, R: Roster>(
    db: impl sqlx::SqliteExecutor<'e>,
    kind: i64,
    scope_id: &str,
    member_id: &str,
    acting_user_id: &str,
) -> ApiResult<()> {
    let event = NewEvent {
        kind,
        acting_user_id: Some(acting_user_id),
        ..R::event_subject(scope_id, member_id)
    };
    log_event(db, event).await?;
    Ok(())
}

/// The `Emails` of an invite: there and not empty, and at most 20 of them
/// (`too_many` is the route's own refusal of more).
pub fn invite_emails(emails: Option<Vec<String>>, too_many: &str) -> ApiResult<Vec<String>> {
    let emails = emails
        .filter(|e| !e.is_empty())
        .ok_or_else(|| ApiError::required("Emails"))?;
    if emails.len() > 20 {
        return Err(ApiError::field("Emails", too_many));
    }
    Ok(emails)
}

/// One invited address, trimmed and lower-cased; the `Emails` error when it
/// has no `@` or is longer than the 256 characters an e-mail column holds.
pub fn invite_address(email: &str) -> ApiResult<String> {
    let email = crate::util::normalize_email(email);
    if !email.contains('@') || email.len() > 256 {
        return Err(ApiError::field(
            "Emails",
            format!("{email} is not a valid email address."),
        ));
    }
    Ok(email)
}

/// One entry of a bulk response: the id and the error text ("" on success).
fn bulk_row<R: Roster>(id: String, result: ApiResult<()>, action: Option<R::Action>) -> BulkResult {
    let error = match result {
        Ok(()) => String::new(),
        Err(ApiError::BadRequest(m)) => m,
        Err(e) => R::failure(action, &e).into(),
    };
    BulkResult {
        object: R::BULK_OBJECT.into(),
        id,
        error,
    }
}

/// Authorizes, then applies `action` to member `id`: 200 with no body.
pub async fn apply_one<R: Roster>(
    state: &AppState,
    user: &AuthUser,
    scope: &str,
    id: &str,
    action: R::Action,
) -> ApiResult<StatusCode> {
    let access = R::authorize(state, user, scope).await?;
    R::apply(action, state, user, &access, id).await?;
    Ok(StatusCode::OK)
}

/// Authorizes, then applies `action` to each id of `body`.
async fn apply_bulk<R: Roster>(
    state: &AppState,
    user: &AuthUser,
    scope: &str,
    body: IdsBody,
    action: R::Action,
) -> ApiResult<Response> {
    let access = R::authorize(state, user, scope).await?;
    let mut out = Vec::new();
    for id in R::bulk_ids(action, body)? {
        let r = R::apply(action, state, user, &access, &id).await;
        out.push(bulk_row::<R>(id, r, Some(action)));
    }
    Ok(ok_json(&ListResponse::new(out)))
}

/// The handler of `…/users/{id}/<action>`.
pub fn single<R: Roster>(
    action: R::Action,
) -> impl Fn(State<S>, AuthUser, Path<(String, String)>) -> Reply<StatusCode>
+ Clone
+ Send
+ Sync
+ 'static {
    move |State(state), user, Path((scope, id))| {
        Box::pin(async move { apply_one::<R>(&state, &user, &scope, &id, action).await })
    }
}

/// The handler of the bulk `…/users/<action>`, with `{"ids": [...]}`.
pub fn bulk<R: Roster>(
    action: R::Action,
) -> impl Fn(State<S>, AuthUser, Path<String>, Json<IdsBody>) -> Reply<Response>
+ Clone
+ Send
+ Sync
+ 'static {
    move |State(state), user, Path(scope), Json(body)| {
        Box::pin(async move { apply_bulk::<R>(&state, &user, &scope, body, action).await })
    }
}

/// `…/users/{id}/confirm`.
pub async fn confirm<R: Roster>(
    State(state): State<S>,
    user: AuthUser,
    Path((scope, id)): Path<(String, String)>,
    Json(body): Json<KeyBody>,
) -> ApiResult<StatusCode> {
    let access = R::authorize(&state, &user, &scope).await?;
    R::confirm(&state, &user, &access, &id, body.key.as_deref()).await?;
    Ok(StatusCode::OK)
}

/// `…/users/confirm`, with `{"keys": [{"id", "key"}]}`.
pub async fn bulk_confirm<R: Roster>(
    State(state): State<S>,
    user: AuthUser,
    Path(scope): Path<String>,
    Json(body): Json<BulkConfirmBody>,
) -> ApiResult<Response> {
    let access = R::authorize(&state, &user, &scope).await?;
    let mut out = Vec::new();
    for k in body.keys.ok_or_else(|| ApiError::required("Keys"))? {
        let id = k.id.unwrap_or_default();
        let r = R::confirm(&state, &user, &access, &id, k.key.as_deref()).await;
        out.push(bulk_row::<R>(id, r, None));
    }
    Ok(ok_json(&ListResponse::new(out)))
}
