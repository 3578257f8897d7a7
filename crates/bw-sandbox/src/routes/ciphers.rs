//! Vault items: personal and org create/update/delete, org listings with the
//! provider-user restriction (providers read, but cannot use `/admin` writes).

use super::account::collection_ids_by_cipher;
use super::rows::{CIPHER_FIELDS, CipherRow, cipher_wire};
use super::{
    AppState, NewEvent, OrgAccess, S, execute_for, log_event, ok_json, org_access, org_access_with,
    path_id,
};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::extract::Query;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use bw_api::wire::ListResponse;
use serde::Deserialize;
use serde_json::Value;

pub fn routes() -> Router<S> {
    Router::new()
        .route("/ciphers", get(list_mine).post(create_personal))
        .route("/ciphers/create", post(create_with_collections))
        .route("/ciphers/admin", post(create_admin))
        .route("/ciphers/organization-details", get(org_details))
        .route(
            "/ciphers/{id}",
            get(get_cipher).put(update_cipher).delete(delete_cipher),
        )
        .route(
            "/ciphers/{id}/admin",
            put(update_admin).delete(delete_admin),
        )
        .route("/ciphers/{id}/delete", put(soft_delete))
        .route("/ciphers/{id}/delete-admin", put(soft_delete_admin))
        .route("/ciphers/{id}/restore", put(restore))
        .route("/ciphers/{id}/restore-admin", put(restore_admin))
        .route(
            "/ciphers/{id}/collections",
            put(collections_member).post(collections_member),
        )
        .route(
            "/ciphers/{id}/collections-admin",
            put(collections_admin).post(collections_admin),
        )
        .route("/ciphers/{id}/details", get(get_cipher))
        .route("/ciphers/{id}/events", get(super::orgs::cipher_events))
}

/// Validates an incoming cipher object and splits it into columns + stored JSON.
struct CipherInput {
    kind: i64,
    organization_id: Option<String>,
    folder_id: Option<String>,
    favorite: bool,
    reprompt: i64,
    key: Option<String>,
    data: String,
}

fn check_enc(field: &str, v: &Value) -> ApiResult<()> {
    match v {
        Value::Null => Ok(()),
        Value::String(s) if crate::util::is_enc_string(s) => Ok(()),
        Value::String(_) => Err(ApiError::field(
            field,
            format!("{field} is not a valid encrypted string."),
        )),
        _ => Err(ApiError::field(
            format!("$.{}", field.to_ascii_lowercase()),
            "The JSON value could not be converted.",
        )),
    }
}

fn parse_cipher(v: &Value) -> ApiResult<CipherInput> {
    let obj = v
        .as_object()
        .ok_or_else(|| ApiError::field("$", "The JSON value could not be converted."))?;
    let kind = obj
        .get("type")
        .and_then(Value::as_i64)
        .ok_or_else(|| ApiError::required("Type"))?;
    if !(1..=8).contains(&kind) {
        return Err(ApiError::field("Type", "The value is not valid for Type."));
    }
    let name = obj.get("name").cloned().unwrap_or(Value::Null);
    if name.is_null() {
        return Err(ApiError::required("Name"));
    }
    check_enc("Name", &name)?;
    check_enc("Notes", obj.get("notes").unwrap_or(&Value::Null))?;
    check_enc("Key", obj.get("key").unwrap_or(&Value::Null))?;
    if let Some(login) = obj.get("login").and_then(Value::as_object) {
        check_enc(
            "Login.Username",
            login.get("username").unwrap_or(&Value::Null),
        )?;
        check_enc(
            "Login.Password",
            login.get("password").unwrap_or(&Value::Null),
        )?;
        if let Some(uris) = login.get("uris").and_then(Value::as_array) {
            for u in uris {
                check_enc("Login.Uris.Uri", u.get("uri").unwrap_or(&Value::Null))?;
            }
        }
    }
    let org = match obj.get("organizationId") {
        Some(Value::String(s)) if !s.is_empty() => Some(
            crate::util::guid(s)
                .ok_or_else(|| ApiError::field("OrganizationId", "Invalid organization id."))?,
        ),
        _ => None,
    };
    let folder = obj
        .get("folderId")
        .and_then(Value::as_str)
        .and_then(crate::util::guid);
    let mut stored = serde_json::Map::new();
    for k in CIPHER_FIELDS {
        if let Some(value) = obj.get(*k) {
            stored.insert((*k).to_string(), value.clone());
        }
    }
    Ok(CipherInput {
        kind,
        organization_id: org,
        folder_id: folder,
        favorite: obj
            .get("favorite")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        reprompt: obj.get("reprompt").and_then(Value::as_i64).unwrap_or(0),
        key: obj.get("key").and_then(Value::as_str).map(String::from),
        data: Value::Object(stored).to_string(),
    })
}

async fn insert_cipher(
    state: &AppState,
    user_id: Option<&str>,
    input: &CipherInput,
) -> ApiResult<String> {
    let id = crate::util::new_id();
    let now = crate::util::now();
    sqlx::query(
        "INSERT INTO ciphers (id, user_id, organization_id, type, data, key, reprompt, folder_id, favorite, creation_date, revision_date) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(if input.organization_id.is_some() { None } else { user_id })
    .bind(&input.organization_id)
    .bind(input.kind)
    .bind(&input.data)
    .bind(&input.key)
    .bind(input.reprompt)
    .bind(&input.folder_id)
    .bind(input.favorite)
    .bind(&now)
    .bind(&now)
    .execute(&state.db)
    .await?;
    Ok(id)
}

/// The collection ids one cipher is in.
async fn collections_of(state: &AppState, cipher_id: &str) -> ApiResult<Vec<String>> {
    let ids = [cipher_id.to_string()];
    Ok(collection_ids_by_cipher(state, &ids)
        .await?
        .remove(cipher_id)
        .unwrap_or_default())
}

async fn cipher_response(state: &AppState, id: &str, details: bool) -> ApiResult<Response> {
    let row = load(state, id).await?;
    let cols = collections_of(state, &row.id).await?;
    let mut wire = cipher_wire(&row, cols, details);
    wire.object = if details { "cipher" } else { "cipherMini" }.into();
    Ok(ok_json(&wire))
}

/// Collections the caller can write to as a confirmed member (not read-only).
async fn writable_collections(
    state: &AppState,
    user_id: &str,
    org_id: &str,
) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT cu.collection_id FROM collection_users cu JOIN organization_users ou ON ou.id = cu.organization_user_id \
         JOIN collections c ON c.id = cu.collection_id \
         WHERE ou.user_id = ?1 AND ou.status = 2 AND c.organization_id = ?2 AND cu.read_only = 0 \
         UNION SELECT cg.collection_id FROM collection_groups cg JOIN group_users gu ON gu.group_id = cg.group_id \
         JOIN organization_users ou ON ou.id = gu.organization_user_id JOIN collections c ON c.id = cg.collection_id \
         WHERE ou.user_id = ?1 AND ou.status = 2 AND c.organization_id = ?2 AND cg.read_only = 0",
    )
    .bind(user_id)
    .bind(org_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

async fn list_mine(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    let rows: Vec<CipherRow> =
        sqlx::query_as("SELECT * FROM ciphers WHERE user_id = ? ORDER BY id")
            .bind(&user.id)
            .fetch_all(&state.db)
            .await?;
    Ok(ok_json(&ListResponse::new(
        rows.iter().map(|r| cipher_wire(r, vec![], true)).collect(),
    )))
}

async fn create_personal(
    State(state): State<S>,
    user: AuthUser,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    let input = parse_cipher(&body)?;
    if input.organization_id.is_some() {
        return Err(ApiError::bad(
            "Use the ciphers/create route to create an organization item.",
        ));
    }
    let id = insert_cipher(&state, Some(&user.id), &input).await?;
    super::bump_user(&state.db, &user.id).await?;
    cipher_response(&state, &id, true).await
}

#[derive(Deserialize)]
struct CreateRequest {
    cipher: Option<Value>,
    #[serde(rename = "collectionIds")]
    collection_ids: Option<Vec<String>>,
}

impl CreateRequest {
    /// The required `cipher` object, validated.
    fn cipher_input(&self) -> ApiResult<CipherInput> {
        parse_cipher(
            self.cipher
                .as_ref()
                .ok_or_else(|| ApiError::required("Cipher"))?,
        )
    }
}

async fn create_with_collections(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<CreateRequest>,
) -> ApiResult<Response> {
    let input = req.cipher_input()?;
    let Some(org_id) = input.organization_id.clone() else {
        let id = insert_cipher(&state, Some(&user.id), &input).await?;
        super::bump_user(&state.db, &user.id).await?;
        return cipher_response(&state, &id, true).await;
    };
    let collections = req.collection_ids.unwrap_or_default();
    if collections.is_empty() {
        return Err(ApiError::bad("You must select at least one collection."));
    }
    let access = org_access(&state, &user, &org_id).await?;
    let id = insert_cipher(&state, Some(&user.id), &input).await?;
    // Only collections the caller can write to as a confirmed member are
    // attached (a provider-only user ends up with an unassigned item).
    let writable = writable_collections(&state, &user.id, &org_id).await?;
    for c in collections.iter().filter_map(|c| crate::util::guid(c)) {
        if writable.contains(&c)
            || (access.is_member() && access.is_admin() && !access.is_provider())
        {
            attach_to_collection(&state.db, &id, &c, &org_id).await?;
        }
    }
    org_cipher_created(&state, &org_id, &id, &user.id, Some(&user.id)).await?;
    let attached: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM collection_ciphers WHERE cipher_id = ? LIMIT 1")
            .bind(&id)
            .fetch_optional(&state.db)
            .await?;
    if attached.is_none() && access.member_id.is_none() {
        return Err(ApiError::NotFound);
    }
    cipher_response(&state, &id, true).await
}

/// Admin routes need an org membership claim with Owner/Admin (and the org
/// setting) or Custom editAnyCollection; provider users are refused (404).
async fn admin_access(state: &AppState, user: &AuthUser, org_id: &str) -> ApiResult<()> {
    let access = org_access(state, user, org_id).await?;
    let member_admin = matches!(access.member_type, Some(0) | Some(1));
    let allow_all: (bool,) =
        sqlx::query_as("SELECT allow_admin_access_all FROM organizations WHERE id = ?")
            .bind(&access.org_id)
            .fetch_one(&state.db)
            .await?;
    let custom = access.member_type == Some(4) && access.permissions.edit_any_collection;
    if (member_admin && allow_all.0) || custom {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

async fn create_admin(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<CreateRequest>,
) -> ApiResult<Response> {
    let input = req.cipher_input()?;
    let org_id = input
        .organization_id
        .clone()
        .ok_or_else(|| ApiError::required("OrganizationId"))?;
    admin_access(&state, &user, &org_id).await?;
    let collections = req.collection_ids.unwrap_or_default();
    if collections.is_empty() {
        return Err(ApiError::bad("You must select at least one collection."));
    }
    let id = insert_cipher(&state, None, &input).await?;
    for c in collections.iter().filter_map(|c| crate::util::guid(c)) {
        attach_to_collection(&state.db, &id, &c, &org_id).await?;
    }
    org_cipher_created(&state, &org_id, &id, &user.id, None).await?;
    cipher_response(&state, &id, false).await
}

/// Logs `Cipher_Created` for a new item of the org and bumps the org's
/// members; `user_id` names the member who created it through
/// `ciphers/create` (the `/admin` route's event has none).
async fn org_cipher_created(
    state: &AppState,
    org_id: &str,
    cipher_id: &str,
    acting_user_id: &str,
    user_id: Option<&str>,
) -> ApiResult<()> {
    log_event(
        &state.db,
        NewEvent {
            kind: 1100,
            organization_id: Some(org_id),
            cipher_id: Some(cipher_id),
            acting_user_id: Some(acting_user_id),
            user_id,
            ..Default::default()
        },
    )
    .await?;
    super::bump_org_members(&state.db, org_id).await?;
    Ok(())
}

async fn load(state: &AppState, id: &str) -> ApiResult<CipherRow> {
    let id = path_id(id)?;
    sqlx::query_as("SELECT * FROM ciphers WHERE id = ?")
        .bind(&id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Loads a cipher the caller can read, else 404.
async fn load_readable(state: &AppState, user: &AuthUser, id: &str) -> ApiResult<CipherRow> {
    let row = load(state, id).await?;
    if !can_read(state, user, &row).await? {
        return Err(ApiError::NotFound);
    }
    Ok(row)
}

/// Loads an org cipher for the `/admin` routes: the row and its org id, else 404.
async fn load_as_admin(
    state: &AppState,
    user: &AuthUser,
    id: &str,
) -> ApiResult<(CipherRow, String)> {
    let row = load(state, id).await?;
    let org = row.organization_id.clone().ok_or(ApiError::NotFound)?;
    admin_access(state, user, &org).await?;
    Ok((row, org))
}

/// For an org cipher: logs the event and bumps the org members' revision dates.
async fn log_org_cipher_event(state: &AppState, kind: i64, row: &CipherRow) -> ApiResult<()> {
    if let Some(org) = &row.organization_id {
        log_event(
            &state.db,
            NewEvent {
                kind,
                organization_id: Some(org),
                cipher_id: Some(&row.id),
                ..Default::default()
            },
        )
        .await?;
        super::bump_org_members(&state.db, org).await?;
    }
    Ok(())
}

/// Puts a cipher in a collection of the org; returns how many rows that added.
async fn attach_to_collection<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    cipher_id: &str,
    collection_id: &str,
    org_id: &str,
) -> ApiResult<u64> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO collection_ciphers (collection_id, cipher_id) \
         SELECT id, ? FROM collections WHERE id = ? AND organization_id = ?",
    )
    .bind(cipher_id)
    .bind(collection_id)
    .bind(org_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Whether the caller reaches the cipher as owner or through a collection.
async fn can_read(state: &AppState, user: &AuthUser, row: &CipherRow) -> ApiResult<bool> {
    if row.user_id.as_deref() == Some(user.id.as_str()) && row.organization_id.is_none() {
        return Ok(true);
    }
    if let Some(org) = &row.organization_id {
        let access = match org_access(state, user, org).await {
            Ok(a) => a,
            Err(_) => return Ok(false),
        };
        if access.is_member() && access.is_admin() {
            return Ok(true);
        }
        let ids = super::account::member_collections(state, &user.id).await?;
        let cols = collections_of(state, &row.id).await?;
        return Ok(ids.iter().any(|c| cols.contains(&c.id)));
    }
    Ok(false)
}

async fn get_cipher(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = load_readable(&state, &user, &id).await?;
    cipher_response(&state, &row.id, true).await
}

async fn write_update(state: &AppState, row: &CipherRow, body: &Value) -> ApiResult<()> {
    let input = parse_cipher(body)?;
    // Bitwarden refuses an edit made from an older copy (a second apart
    // is allowed for rounding).
    if let Some(known) = body
        .get("lastKnownRevisionDate")
        .and_then(Value::as_str)
        .and_then(crate::util::parse_date)
        && let Some(stored) = crate::util::parse_date(&row.revision_date)
        && (stored - known).num_milliseconds().abs() > 1000
    {
        return Err(ApiError::bad(
            "The client copy of this cipher is out of date. Resync the client and try again.",
        ));
    }
    if input.organization_id.is_some() && input.organization_id != row.organization_id {
        return Err(ApiError::bad(
            "Organization mismatch. Re-sync if you recently moved this item, then try again.",
        ));
    }
    sqlx::query(
        "UPDATE ciphers SET type = ?, data = ?, key = ?, reprompt = ?, folder_id = ?, favorite = ?, revision_date = ? WHERE id = ?",
    )
    .bind(input.kind)
    .bind(&input.data)
    .bind(&input.key)
    .bind(input.reprompt)
    .bind(&input.folder_id)
    .bind(input.favorite)
    .bind(crate::util::now())
    .bind(&row.id)
    .execute(&state.db)
    .await?;
    log_org_cipher_event(state, 1101, row).await?;
    Ok(())
}

async fn update_cipher(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    let row = load_readable(&state, &user, &id).await?;
    write_update(&state, &row, &body).await?;
    super::bump_user(&state.db, &user.id).await?;
    cipher_response(&state, &row.id, true).await
}

async fn update_admin(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    let (row, _) = load_as_admin(&state, &user, &id).await?;
    write_update(&state, &row, &body).await?;
    cipher_response(&state, &row.id, false).await
}

async fn remove(state: &AppState, row: &CipherRow) -> ApiResult<()> {
    execute_for(&state.db, "DELETE FROM ciphers WHERE id = ?", &row.id).await?;
    log_org_cipher_event(state, 1102, row).await?;
    Ok(())
}

async fn delete_cipher(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let row = load_readable(&state, &user, &id).await?;
    remove(&state, &row).await?;
    super::bump_user(&state.db, &user.id).await?;
    Ok(StatusCode::OK)
}

async fn delete_admin(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let (row, _) = load_as_admin(&state, &user, &id).await?;
    remove(&state, &row).await?;
    Ok(StatusCode::OK)
}

async fn soft_delete(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let row = load_readable(&state, &user, &id).await?;
    mark_deleted(&state, &row, true).await?;
    super::bump_user(&state.db, &user.id).await?;
    Ok(StatusCode::OK)
}

/// Moves an item to the trash (`deleted`) or out of it; the revision date
/// is the deletion date, one instant as on the server.
async fn mark_deleted(state: &AppState, row: &CipherRow, deleted: bool) -> ApiResult<()> {
    let t = crate::util::now();
    sqlx::query("UPDATE ciphers SET deleted_date = ?, revision_date = ? WHERE id = ?")
        .bind(deleted.then_some(t.clone()))
        .bind(&t)
        .bind(&row.id)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// [`mark_deleted`], logged for an org item (`Cipher_SoftDeleted`, `Cipher_Restored`).
async fn set_deleted(state: &AppState, row: &CipherRow, deleted: bool) -> ApiResult<()> {
    mark_deleted(state, row, deleted).await?;
    log_org_cipher_event(state, if deleted { 1115 } else { 1116 }, row).await?;
    Ok(())
}

async fn soft_delete_admin(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let (row, _) = load_as_admin(&state, &user, &id).await?;
    set_deleted(&state, &row, true).await?;
    Ok(StatusCode::OK)
}

async fn restore(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = load_readable(&state, &user, &id).await?;
    set_deleted(&state, &row, false).await?;
    super::bump_user(&state.db, &user.id).await?;
    cipher_response(&state, &row.id, true).await
}

async fn restore_admin(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (row, _) = load_as_admin(&state, &user, &id).await?;
    set_deleted(&state, &row, false).await?;
    cipher_response(&state, &row.id, false).await
}

#[derive(Deserialize)]
struct CollectionIdsBody {
    #[serde(rename = "collectionIds")]
    collection_ids: Option<Vec<String>>,
}

/// Ends a change of an item's collections: logs `Cipher_UpdatedCollections`
/// in the change's transaction, commits, and bumps the org's members.
async fn collections_updated(
    state: &AppState,
    mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
    org: &str,
    cipher_id: &str,
    acting_user_id: &str,
) -> ApiResult<StatusCode> {
    log_event(
        &mut *tx,
        NewEvent {
            kind: 1106,
            organization_id: Some(org),
            cipher_id: Some(cipher_id),
            acting_user_id: Some(acting_user_id),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    super::bump_org_members(&state.db, org).await?;
    Ok(StatusCode::OK)
}

async fn collections_admin(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<CollectionIdsBody>,
) -> ApiResult<StatusCode> {
    let (row, org) = load_as_admin(&state, &user, &id).await?;
    let ids = body
        .collection_ids
        .ok_or_else(|| ApiError::required("CollectionIds"))?;
    let mut tx = state.db.begin().await?;
    execute_for(
        &mut *tx,
        "DELETE FROM collection_ciphers WHERE cipher_id = ?",
        &row.id,
    )
    .await?;
    for c in ids.iter().filter_map(|c| crate::util::guid(c)) {
        if attach_to_collection(&mut *tx, &row.id, &c, &org).await? == 0 {
            return Err(ApiError::NotFound);
        }
    }
    collections_updated(&state, tx, &org, &row.id, &user.id).await
}

/// `PUT ciphers/{id}/collections`: a member moves an item they reach
/// between collections they can write to; like Bitwarden's, collections
/// the member cannot write to keep the item as they were.
async fn collections_member(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<CollectionIdsBody>,
) -> ApiResult<StatusCode> {
    let row = load_readable(&state, &user, &id).await?;
    let org = row.organization_id.clone().ok_or(ApiError::NotFound)?;
    let wanted: Vec<String> = body
        .collection_ids
        .ok_or_else(|| ApiError::required("CollectionIds"))?
        .iter()
        .filter_map(|c| crate::util::guid(c))
        .collect();
    let writable = writable_collections(&state, &user.id, &org).await?;
    if wanted.iter().any(|c| !writable.contains(c)) {
        return Err(ApiError::bad("You do not have permissions to edit this."));
    }
    let mut tx = state.db.begin().await?;
    for c in &writable {
        sqlx::query("DELETE FROM collection_ciphers WHERE cipher_id = ? AND collection_id = ?")
            .bind(&row.id)
            .bind(c)
            .execute(&mut *tx)
            .await?;
    }
    for c in &wanted {
        attach_to_collection(&mut *tx, &row.id, c, &org).await?;
    }
    collections_updated(&state, tx, &org, &row.id, &user.id).await
}

#[derive(Deserialize)]
struct OrgDetailsQuery {
    #[serde(rename = "organizationId")]
    organization_id: Option<String>,
    #[serde(rename = "includeMemberItems")]
    include_member_items: Option<bool>,
}

async fn org_details(
    State(state): State<S>,
    user: AuthUser,
    Query(q): Query<OrgDetailsQuery>,
) -> ApiResult<Response> {
    let org_id = q.organization_id.ok_or(ApiError::NotFound)?;
    let access = org_access_with(&state, &user, &org_id, OrgAccess::read_all_items).await?;
    // Bitwarden's rule since 2024.7, when a test turns it on: provider users
    // who are not members of the client may not list its items.
    let rule = state
        .provider_items_rule
        .lock()
        .map(|r| *r)
        .unwrap_or(false);
    if rule && !access.is_member() {
        return Err(ApiError::NotFound);
    }
    let rows: Vec<CipherRow> =
        sqlx::query_as("SELECT * FROM ciphers WHERE organization_id = ? ORDER BY id")
            .bind(&access.org_id)
            .fetch_all(&state.db)
            .await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_cipher = collection_ids_by_cipher(&state, &ids).await?;
    let default_cols: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM collections WHERE organization_id = ? AND type = 1")
            .bind(&access.org_id)
            .fetch_all(&state.db)
            .await?;
    let include_member = q.include_member_items.unwrap_or(false);
    let list = rows
        .iter()
        .filter_map(|r| {
            let cols = by_cipher.remove(&r.id).unwrap_or_default();
            let only_default =
                !cols.is_empty() && cols.iter().all(|c| default_cols.iter().any(|d| &d.0 == c));
            (include_member || !only_default).then(|| cipher_wire(r, cols, false))
        })
        .collect();
    Ok(ok_json(&ListResponse::new(list)))
}
