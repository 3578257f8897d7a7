//! Account state: config, profile, sync, revision date, public keys, the key-id
//! backfill, API key, email codes, sends.

use super::rows::{
    CipherRow, OrgRow, UserRow, cipher_wire, parse_permissions, profile_org_base, user_by_email,
    user_by_id,
};
use super::{AppState, S, execute_for, ok_json, path_id};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::extract::Query;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bw_api::wire::account::{
    AccountKeys, ApiKeyResponse, ConfigEnvironment, ConfigResponse, Folder, KeyPair, Profile,
    ProfileProvider, SyncMasterPasswordUnlock, SyncResponse, UserDecryption, UserKeyResponse,
};
use bw_api::wire::collections::CollectionDetails;
use bw_api::wire::policies::Policy;
use bw_api::wire::sends::Send;
use bw_api::wire::{KdfSettings, ListResponse};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<S> {
    Router::new()
        .route("/config", get(config))
        .route("/alive", get(|| async { ok_json(&crate::util::now()) }))
        .route("/accounts/prelogin", post(super::identity::prelogin))
        .route("/accounts/profile", get(profile))
        .route("/accounts/revision-date", get(revision_date))
        .route("/accounts/key-management/user-key-id", post(user_key_id))
        .route("/accounts/api-key", post(api_key))
        .route("/accounts/rotate-api-key", post(rotate_api_key))
        .route(
            "/accounts/resend-new-device-otp",
            post(resend_new_device_otp),
        )
        .route("/accounts/verify-password", post(verify_password))
        .route("/two-factor/send-email-login", post(send_email_login))
        .route("/devices/knowndevice", get(known_device))
        .route("/sync", get(sync))
        .route("/events", get(super::orgs::user_events))
        .route("/users/{id}/public-key", get(public_key))
        .route("/users/{id}/keys", get(public_keys))
        .route("/organizations", get(my_organizations))
        .route("/folders", get(folders).post(create_folder))
        .route("/sends", get(list_sends).post(create_send))
        .route("/sends/file/v2", post(create_file_send))
        .route("/sends/{id}/file/{file_id}", post(upload_send_file))
        .route(
            "/sends/{id}",
            get(get_send).put(update_send).delete(delete_send),
        )
        .route("/sends/access/{access_id}", post(access_send))
        .route("/sends/access", post(access_send_with_token))
        .route(
            "/sends/access/file/{file_id}",
            post(access_send_file_with_token),
        )
        .route(
            "/sends/{access_id}/access/file/{file_id}",
            post(access_send_file),
        )
        .route(
            "/sends/{id}/file/{file_id}/download",
            get(download_send_file),
        )
}

async fn config(State(state): State<S>) -> Response {
    let base = &state.base_url;
    ok_json(&ConfigResponse {
        object: "config".into(),
        version: "2026.8.0".into(),
        git_hash: "sandbox".into(),
        server: Some(bw_api::wire::account::ConfigServer {
            name: "Provider Desk sandbox".into(),
            url: "https://github.com/provider-desk".into(),
        }),
        environment: ConfigEnvironment {
            cloud_region: None,
            vault: base.clone(),
            api: format!("{base}/api"),
            identity: format!("{base}/identity"),
            notifications: format!("{base}/notifications"),
            sso: format!("{base}/sso"),
        },
        // As on Bitwarden's cloud: new items get their own key.
        feature_states: [(
            "cipher-key-encryption".to_owned(),
            serde_json::Value::Bool(true),
        )]
        .into_iter()
        .collect(),
        push: serde_json::json!({"pushTechnology": 0, "vapidPublicKey": null}),
        communication: None,
        settings: serde_json::json!({"disableUserRegistration": true, "suppressOnboardingInterstitials": true}),
    })
}

async fn me(state: &AppState, user: &AuthUser) -> ApiResult<UserRow> {
    user_by_id(&state.db, &user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    #[sqlx(flatten)]
    org: OrgRow,
    ou_id: String,
    ou_type: i64,
    ou_status: i64,
    ou_key: Option<String>,
    ou_permissions: Option<String>,
    ou_reset_key: Option<String>,
    ou_access_sm: bool,
    provider_id: Option<String>,
    provider_name: Option<String>,
    provider_type: Option<i64>,
}

async fn build_profile(state: &AppState, user: &UserRow) -> ApiResult<Profile> {
    let memberships: Vec<MembershipRow> = sqlx::query_as(
        "SELECT o.*, ou.id AS ou_id, ou.type AS ou_type, ou.status AS ou_status, ou.key AS ou_key, \
         ou.permissions AS ou_permissions, ou.reset_password_key AS ou_reset_key, ou.access_sm AS ou_access_sm, \
         p.id AS provider_id, p.name AS provider_name, p.type AS provider_type \
         FROM organization_users ou JOIN organizations o ON o.id = ou.organization_id \
         LEFT JOIN provider_organizations po ON po.organization_id = o.id \
         LEFT JOIN providers p ON p.id = po.provider_id \
         WHERE ou.user_id = ? AND ou.status = 2 ORDER BY o.name",
    )
    .bind(&user.id)
    .fetch_all(&state.db)
    .await?;
    let organizations = memberships
        .iter()
        .map(|m| {
            let mut o = profile_org_base(&m.org);
            o.user_id = Some(user.id.clone());
            o.member_type = m.ou_type;
            o.status = m.ou_status;
            o.permissions = parse_permissions(m.ou_permissions.as_deref());
            o.organization_user_id = Some(m.ou_id.clone());
            o.key = m.ou_key.clone();
            o.reset_password_enrolled = m.ou_reset_key.is_some();
            o.access_secrets_manager = m.ou_access_sm;
            o.provider_id = m.provider_id.clone();
            o.provider_name = m.provider_name.clone();
            o.provider_type = m.provider_type;
            o
        })
        .collect();

    let providers: Vec<ProviderMembership> =
        sqlx::query_as(
            "SELECT p.id, p.name, pu.key, pu.status, pu.type, pu.permissions, p.enabled, p.use_events, p.status, p.type \
             FROM provider_users pu JOIN providers p ON p.id = pu.provider_id \
             WHERE pu.user_id = ? AND pu.status = 2 ORDER BY p.name",
        )
        .bind(&user.id)
        .fetch_all(&state.db)
        .await?;
    let provider_list: Vec<ProfileProvider> = providers
        .iter()
        .map(|p| ProfileProvider {
            object: "profileProvider".into(),
            id: p.0.clone(),
            name: p.1.clone(),
            key: p.2.clone(),
            status: p.3,
            user_type: p.4,
            enabled: p.6,
            permissions: parse_permissions(p.5.as_deref()),
            user_id: user.id.clone(),
            use_events: p.7,
            provider_status: p.8,
            provider_type: p.9,
        })
        .collect();

    let mut provider_organizations = Vec::new();
    for p in &providers {
        let rows: Vec<ProviderOrgRow> = sqlx::query_as(
            "SELECT o.*, po.key AS po_key FROM provider_organizations po JOIN organizations o ON o.id = po.organization_id \
             WHERE po.provider_id = ? ORDER BY o.name",
        )
        .bind(&p.0)
        .fetch_all(&state.db)
        .await?;
        for r in rows {
            let mut o = profile_org_base(&r.org);
            o.object = "profileProviderOrganization".into();
            o.user_id = Some(user.id.clone());
            o.status = 2;
            o.member_type = 0;
            o.key = r.po_key.clone();
            o.provider_id = Some(p.0.clone());
            o.provider_name = Some(p.1.clone());
            o.provider_type = Some(p.9);
            provider_organizations.push(o);
        }
    }

    Ok(Profile {
        object: "profile".into(),
        id: user.id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        email_verified: true,
        premium: user.premium,
        premium_from_organization: false,
        culture: "en-US".into(),
        two_factor_enabled: user.two_factor_enabled(),
        key: Some(user.key.clone()),
        private_key: Some(user.private_key.clone()),
        account_keys: Some(AccountKeys {
            public_key_encryption_key_pair: KeyPair {
                wrapped_private_key: user.private_key.clone(),
                public_key: user.public_key.clone(),
                signed_public_key: None,
                object: "publicKeyEncryptionKeyPair".into(),
            },
            signature_key_pair: None,
            security_state: None,
            object: "privateKeys".into(),
        }),
        security_stamp: user.security_stamp.clone(),
        force_password_reset: user.force_password_reset,
        uses_key_connector: false,
        avatar_color: user.avatar_color.clone(),
        creation_date: user.creation_date.clone(),
        verify_devices: user.verify_devices,
        organizations,
        providers: provider_list,
        provider_organizations,
    })
}

/// (id, name, key, status, type, permissions, enabled, use_events, provider status, provider type)
type ProviderMembership = (
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
    bool,
    bool,
    i64,
    i64,
);

/// (id, org id, name, external id, type, default user email, read only, hide passwords, manage)
type CollectionAccessRow = (
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    i64,
    i64,
    i64,
);

#[derive(sqlx::FromRow)]
struct ProviderOrgRow {
    #[sqlx(flatten)]
    org: OrgRow,
    po_key: Option<String>,
}

async fn profile(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    let me = me(&state, &user).await?;
    Ok(ok_json(&build_profile(&state, &me).await?))
}

async fn my_organizations(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    let me = me(&state, &user).await?;
    Ok(ok_json(&ListResponse::new(
        build_profile(&state, &me).await?.organizations,
    )))
}

async fn revision_date(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    let me = me(&state, &user).await?;
    Ok(ok_json(&crate::util::epoch_millis(&me.revision_date)))
}

#[derive(Deserialize)]
struct UserKeyIdRequest {
    #[serde(rename = "userKeyId")]
    user_key_id: Option<String>,
}

async fn user_key_id(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<UserKeyIdRequest>,
) -> ApiResult<StatusCode> {
    let id = req
        .user_key_id
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::required("UserKeyId"))?;
    if id.len() != 32
        || !id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(ApiError::field(
            "UserKeyId",
            "UserKeyId is not a valid key id.",
        ));
    }
    let me = me(&state, &user).await?;
    if me.user_key_id.is_some() {
        return Err(ApiError::bad("User key id is already set."));
    }
    sqlx::query("UPDATE users SET user_key_id = ?, revision_date = ? WHERE id = ?")
        .bind(&id)
        .bind(crate::util::now())
        .bind(&me.id)
        .execute(&state.db)
        .await?;
    Ok(StatusCode::OK)
}

#[derive(Deserialize)]
struct SecretVerification {
    #[serde(rename = "masterPasswordHash")]
    master_password_hash: Option<String>,
}

fn check_hash(user: &UserRow, given: Option<&str>) -> ApiResult<()> {
    match given {
        Some(h) if h == user.master_password_hash => Ok(()),
        _ => Err(ApiError::field("MasterPasswordHash", "Invalid password.")),
    }
}

/// The caller's row, once the request's master password hash matches it.
async fn me_verified(
    state: &AppState,
    user: &AuthUser,
    req: &SecretVerification,
) -> ApiResult<UserRow> {
    let me = me(state, user).await?;
    check_hash(&me, req.master_password_hash.as_deref())?;
    Ok(me)
}

async fn api_key(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<SecretVerification>,
) -> ApiResult<Response> {
    let me = me_verified(&state, &user, &req).await?;
    Ok(ok_json(&ApiKeyResponse {
        object: "apiKey".into(),
        api_key: me.api_key,
        revision_date: me.revision_date,
    }))
}

async fn rotate_api_key(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<SecretVerification>,
) -> ApiResult<Response> {
    let me = me_verified(&state, &user, &req).await?;
    let key = crate::util::random_token(22);
    let now = crate::util::now();
    sqlx::query("UPDATE users SET api_key = ?, revision_date = ? WHERE id = ?")
        .bind(&key)
        .bind(&now)
        .bind(&me.id)
        .execute(&state.db)
        .await?;
    Ok(ok_json(&ApiKeyResponse {
        object: "apiKey".into(),
        api_key: key,
        revision_date: now,
    }))
}

async fn verify_password(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<SecretVerification>,
) -> ApiResult<Response> {
    me_verified(&state, &user, &req).await?;
    Ok(ok_json(
        &serde_json::json!({"object": "masterPasswordPolicy"}),
    ))
}

#[derive(Deserialize)]
struct EmailAndHash {
    email: Option<String>,
    #[serde(rename = "masterPasswordHash")]
    master_password_hash: Option<String>,
}

async fn send_email_login(
    State(state): State<S>,
    Json(req): Json<EmailAndHash>,
) -> ApiResult<StatusCode> {
    let email = req.email.ok_or_else(|| ApiError::required("Email"))?;
    let user = user_by_email(&state.db, &email).await?;
    match user {
        Some(u)
            if u.email_2fa
                && req.master_password_hash.as_deref() == Some(u.master_password_hash.as_str()) =>
        {
            super::identity::issue_code(&state, &u, "two-factor").await?;
            Ok(StatusCode::OK)
        }
        _ => Err(ApiError::bad("Cannot send two-factor email.")),
    }
}

async fn resend_new_device_otp(
    State(state): State<S>,
    Json(req): Json<EmailAndHash>,
) -> ApiResult<StatusCode> {
    if let Some(email) = req.email
        && let Some(u) = user_by_email(&state.db, &email).await?
        && req.master_password_hash.as_deref() == Some(u.master_password_hash.as_str())
    {
        super::identity::issue_code(&state, &u, "new-device").await?;
    }
    Ok(StatusCode::OK)
}

async fn known_device(State(state): State<S>, headers: HeaderMap) -> ApiResult<Response> {
    let email = headers
        .get("x-request-email")
        .and_then(|v| v.to_str().ok())
        .and_then(crate::util::b64url_decode)
        .and_then(|b| String::from_utf8(b).ok());
    let device = headers
        .get("x-device-identifier")
        .and_then(|v| v.to_str().ok());
    let (Some(email), Some(device)) = (email, device) else {
        return Err(ApiError::bad(
            "X-Request-Email and X-Device-Identifier headers are required.",
        ));
    };
    let known: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id WHERE u.email = ? AND d.identifier = ?",
    )
    .bind(crate::util::normalize_email(&email))
    .bind(device)
    .fetch_optional(&state.db)
    .await?;
    Ok(ok_json(&known.is_some()))
}

/// A user by a path id, else 404.
async fn load_user(state: &AppState, id: &str) -> ApiResult<UserRow> {
    let id = path_id(id)?;
    user_by_id(&state.db, &id).await?.ok_or(ApiError::NotFound)
}

async fn public_key(
    State(state): State<S>,
    _user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let u = load_user(&state, &id).await?;
    Ok(ok_json(&UserKeyResponse {
        object: "userKey".into(),
        user_id: u.id,
        public_key: u.public_key,
    }))
}

async fn public_keys(
    State(state): State<S>,
    _user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let u = load_user(&state, &id).await?;
    Ok(ok_json(&serde_json::json!({
        "object": "publicKeys", "publicKey": u.public_key, "signedPublicKey": null, "verifyingKey": null,
    })))
}

/// Collections the user reaches as a confirmed member (direct or through groups).
pub async fn member_collections(
    state: &AppState,
    user_id: &str,
) -> ApiResult<Vec<CollectionDetails>> {
    let rows: Vec<CollectionAccessRow> = sqlx::query_as(
        "SELECT c.id, c.organization_id, c.name, c.external_id, c.type, c.default_user_collection_email, \
         MIN(a.read_only), MIN(a.hide_passwords), MAX(a.manage) FROM collections c JOIN ( \
           SELECT cu.collection_id, cu.read_only, cu.hide_passwords, cu.manage FROM collection_users cu \
             JOIN organization_users ou ON ou.id = cu.organization_user_id WHERE ou.user_id = ?1 AND ou.status = 2 \
           UNION ALL \
           SELECT cg.collection_id, cg.read_only, cg.hide_passwords, cg.manage FROM collection_groups cg \
             JOIN group_users gu ON gu.group_id = cg.group_id \
             JOIN organization_users ou ON ou.id = gu.organization_user_id WHERE ou.user_id = ?1 AND ou.status = 2 \
         ) a ON a.collection_id = c.id GROUP BY c.id ORDER BY c.name",
    )
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CollectionDetails {
            object: "collectionDetails".into(),
            id: r.0,
            organization_id: r.1,
            name: r.2,
            external_id: r.3,
            collection_type: r.4,
            default_user_collection_email: r.5,
            read_only: r.6 != 0,
            hide_passwords: r.7 != 0,
            manage: r.8 != 0,
            ..Default::default()
        })
        .collect())
}

pub async fn collection_ids_by_cipher(
    state: &AppState,
    cipher_ids: &[String],
) -> ApiResult<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in cipher_ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "SELECT cipher_id, collection_id FROM collection_ciphers WHERE cipher_id IN ({placeholders})"
        );
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for (cipher, collection) in q.fetch_all(&state.db).await? {
            map.entry(cipher).or_default().push(collection);
        }
    }
    Ok(map)
}

#[derive(Deserialize)]
struct SyncQuery {
    #[serde(rename = "excludeDomains")]
    _exclude_domains: Option<String>,
}

async fn sync(
    State(state): State<S>,
    user: AuthUser,
    Query(_q): Query<SyncQuery>,
) -> ApiResult<Response> {
    let me = me(&state, &user).await?;
    let profile = build_profile(&state, &me).await?;
    let collections = member_collections(&state, &me.id).await?;
    let collection_ids: Vec<String> = collections.iter().map(|c| c.id.clone()).collect();

    let mut ciphers: Vec<CipherRow> =
        sqlx::query_as("SELECT * FROM ciphers WHERE user_id = ? AND organization_id IS NULL")
            .bind(&me.id)
            .fetch_all(&state.db)
            .await?;
    for chunk in collection_ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "SELECT DISTINCT c.* FROM ciphers c JOIN collection_ciphers cc ON cc.cipher_id = c.id \
             WHERE cc.collection_id IN ({placeholders})"
        );
        let mut q = sqlx::query_as::<_, CipherRow>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        ciphers.extend(q.fetch_all(&state.db).await?);
    }
    ciphers.sort_by(|a, b| a.id.cmp(&b.id));
    ciphers.dedup_by(|a, b| a.id == b.id);
    let ids: Vec<String> = ciphers.iter().map(|c| c.id.clone()).collect();
    let by_cipher = collection_ids_by_cipher(&state, &ids).await?;
    let visible: std::collections::HashSet<&String> = collection_ids.iter().collect();
    let cipher_list = ciphers
        .iter()
        .map(|c| {
            let cols = by_cipher
                .get(&c.id)
                .map(|v| {
                    v.iter()
                        .filter(|id| visible.contains(id))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            cipher_wire(c, cols, true)
        })
        .collect();

    let folders = user_folders(&state, &me.id).await?;
    let policies = user_policies(&state, &me.id).await?;
    let sends = user_sends(&state, &me.id).await?;
    let body = SyncResponse {
        object: "sync".into(),
        profile,
        folders,
        collections,
        ciphers: cipher_list,
        domains: None,
        policies,
        sends,
        user_decryption: Some(UserDecryption {
            master_password_unlock: Some(SyncMasterPasswordUnlock {
                kdf: KdfSettings {
                    kdf_type: me.kdf,
                    iterations: me.kdf_iterations as u32,
                    memory: me.kdf_memory.map(|m| m as u32),
                    parallelism: me.kdf_parallelism.map(|p| p as u32),
                },
                master_key_encrypted_user_key: me.key.clone(),
                salt: crate::util::normalize_email(&me.email),
            }),
            user_key_id: me.user_key_id.clone(),
        }),
    };
    Ok(ok_json(&body))
}

async fn user_policies(state: &AppState, user_id: &str) -> ApiResult<Vec<Policy>> {
    let rows: Vec<(String, String, i64, bool, Option<String>, String)> = sqlx::query_as(
        "SELECT p.id, p.organization_id, p.type, p.enabled, p.data, p.revision_date FROM policies p \
         JOIN organization_users ou ON ou.organization_id = p.organization_id \
         WHERE ou.user_id = ? AND ou.status IN (1, 2) AND p.enabled = 1",
    )
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Policy {
            object: "policy".into(),
            id: r.0,
            organization_id: r.1,
            policy_type: r.2,
            enabled: r.3,
            data: r.4.and_then(|d| serde_json::from_str(&d).ok()),
            revision_date: Some(r.5),
            can_toggle_state: None,
        })
        .collect())
}

// ---- folders ----

async fn user_folders(state: &AppState, user_id: &str) -> ApiResult<Vec<Folder>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, revision_date FROM folders WHERE user_id = ? ORDER BY id")
            .bind(user_id)
            .fetch_all(&state.db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|f| Folder {
            object: "folder".into(),
            id: f.0,
            name: f.1,
            revision_date: f.2,
        })
        .collect())
}

async fn folders(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    Ok(ok_json(&ListResponse::new(
        user_folders(&state, &user.id).await?,
    )))
}

#[derive(Deserialize)]
struct FolderRequest {
    name: Option<String>,
}

async fn create_folder(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<FolderRequest>,
) -> ApiResult<Response> {
    let name = req.name.ok_or_else(|| ApiError::required("Name"))?;
    if !crate::util::is_enc_string(&name) {
        return Err(ApiError::field(
            "Name",
            "Name is not a valid encrypted string.",
        ));
    }
    let id = crate::util::new_id();
    let now = crate::util::now();
    sqlx::query("INSERT INTO folders (id, user_id, name, revision_date) VALUES (?, ?, ?, ?)")
        .bind(&id)
        .bind(&user.id)
        .bind(&name)
        .bind(&now)
        .execute(&state.db)
        .await?;
    super::bump_user(&state.db, &user.id).await?;
    Ok(ok_json(&Folder {
        object: "folder".into(),
        id,
        name,
        revision_date: now,
    }))
}

// ---- sends ----

#[derive(Clone, sqlx::FromRow)]
struct SendRow {
    id: String,
    user_id: String,
    r#type: i64,
    auth_type: i64,
    data: String,
    key: String,
    password: Option<String>,
    emails: Option<String>,
    max_access_count: Option<i64>,
    access_count: i64,
    disabled: bool,
    hide_email: bool,
    expiration_date: Option<String>,
    deletion_date: String,
    revision_date: String,
}

fn send_wire(row: &SendRow) -> Send {
    let data: serde_json::Value = serde_json::from_str(&row.data).unwrap_or_default();
    let str_of = |k: &str| data.get(k).and_then(|v| v.as_str()).map(String::from);
    Send {
        object: "send".into(),
        id: row.id.clone(),
        access_id: bw_crypto::send::access_id(&row.id).unwrap_or_default(),
        send_type: row.r#type,
        auth_type: row.auth_type,
        name: str_of("name"),
        notes: str_of("notes"),
        file: data.get("file").cloned().filter(|v| !v.is_null()),
        text: data.get("text").cloned().filter(|v| !v.is_null()),
        key: row.key.clone(),
        max_access_count: row.max_access_count,
        access_count: row.access_count,
        password: row.password.clone(),
        emails: row.emails.clone(),
        disabled: row.disabled,
        revision_date: row.revision_date.clone(),
        expiration_date: row.expiration_date.clone(),
        deletion_date: row.deletion_date.clone(),
        hide_email: row.hide_email,
    }
}

async fn user_sends(state: &AppState, user_id: &str) -> ApiResult<Vec<Send>> {
    let rows: Vec<SendRow> = sqlx::query_as("SELECT * FROM sends WHERE user_id = ? ORDER BY id")
        .bind(user_id)
        .fetch_all(&state.db)
        .await?;
    Ok(rows.iter().map(send_wire).collect())
}

/// The caller's own Send by a path id, else 404.
async fn load_own_send(state: &AppState, user: &AuthUser, id: &str) -> ApiResult<SendRow> {
    super::scoped_row(
        state,
        "SELECT * FROM sends WHERE user_id = ? AND id = ?",
        &user.id,
        id,
    )
    .await
}

/// A Send that was just written.
async fn send_by_id(state: &AppState, id: &str) -> ApiResult<SendRow> {
    Ok(sqlx::query_as("SELECT * FROM sends WHERE id = ?")
        .bind(id)
        .fetch_one(&state.db)
        .await?)
}

async fn list_sends(State(state): State<S>, user: AuthUser) -> ApiResult<Response> {
    Ok(ok_json(&ListResponse::new(
        user_sends(&state, &user.id).await?,
    )))
}

async fn get_send(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = load_own_send(&state, &user, &id).await?;
    Ok(ok_json(&send_wire(&row)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendRequest {
    #[serde(rename = "type")]
    kind: Option<i64>,
    auth_type: Option<i64>,
    name: Option<String>,
    notes: Option<String>,
    key: Option<String>,
    text: Option<serde_json::Value>,
    file: Option<serde_json::Value>,
    /// File Sends: the size hint, top level as the real server reads it.
    file_length: Option<i64>,
    max_access_count: Option<i64>,
    expiration_date: Option<String>,
    deletion_date: Option<String>,
    password: Option<String>,
    emails: Option<String>,
    disabled: Option<bool>,
    hide_email: Option<bool>,
}

fn validate_send(req: &SendRequest) -> ApiResult<(i64, String, String)> {
    let kind = req.kind.ok_or_else(|| ApiError::required("Type"))?;
    if !(0..=2).contains(&kind) {
        return Err(ApiError::field("Type", "The value is not valid for Type."));
    }
    let key = req.key.clone().ok_or_else(|| ApiError::required("Key"))?;
    for (field, value) in [
        ("Key", Some(&key)),
        ("Name", req.name.as_ref()),
        ("Notes", req.notes.as_ref()),
    ] {
        if let Some(v) = value
            && !crate::util::is_enc_string(v)
        {
            return Err(ApiError::field(
                field,
                format!("{field} is not a valid encrypted string."),
            ));
        }
    }
    let deletion = req
        .deletion_date
        .clone()
        .ok_or_else(|| ApiError::required("DeletionDate"))?;
    let when = crate::util::parse_date(&deletion)
        .ok_or_else(|| ApiError::field("DeletionDate", "Invalid date."))?;
    if when > chrono::Utc::now() + chrono::Duration::days(31) {
        return Err(ApiError::bad(
            "You cannot have a Send with a deletion date that far into the future. Adjust the Deletion Date to a value less than 31 days from now and try again.",
        ));
    }
    if kind == 0 && req.text.is_none() {
        return Err(ApiError::bad("Send text is required."));
    }
    Ok((kind, key, crate::util::fmt_date(when)))
}

fn send_data(req: &SendRequest) -> String {
    serde_json::json!({"name": req.name, "notes": req.notes, "text": req.text, "file": req.file})
        .to_string()
}

async fn create_send(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<SendRequest>,
) -> ApiResult<Response> {
    Ok(ok_json(&send_wire(
        &insert_send(&state, &user, &req).await?,
    )))
}

/// Validates and stores a new Send of the caller; the row as written.
/// Bitwarden's Send policies for this user: Disable Send (6) refuses
/// creating and changing Sends; Send options (7) with `disableHideEmail`
/// refuses hiding the address. Owners and admins are exempt, as on
/// Bitwarden.
async fn check_send_policies(state: &AppState, user_id: &str, hide_email: bool) -> ApiResult<()> {
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT p.type, p.data FROM policies p \
         JOIN organization_users ou ON ou.organization_id = p.organization_id \
         WHERE ou.user_id = ? AND ou.status IN (1, 2) AND ou.type NOT IN (0, 1) \
         AND p.enabled = 1 AND p.type IN (6, 7)",
    )
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    for (kind, data) in rows {
        if kind == 6 {
            return Err(ApiError::bad(
                "Due to an Enterprise Policy, you are only able to delete an existing Send.",
            ));
        }
        let no_hiding = data
            .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
            .and_then(|d| {
                d.get("disableHideEmail")
                    .and_then(serde_json::Value::as_bool)
            })
            .unwrap_or(false);
        if hide_email && no_hiding {
            return Err(ApiError::bad(
                "Due to an Enterprise Policy, you are not allowed to hide your email address from recipients when creating or editing a Send.",
            ));
        }
    }
    Ok(())
}

async fn insert_send(state: &AppState, user: &AuthUser, req: &SendRequest) -> ApiResult<SendRow> {
    check_send_policies(state, &user.id, req.hide_email.unwrap_or(false)).await?;
    let (kind, key, deletion) = validate_send(req)?;
    let id = crate::util::new_id();
    let now = crate::util::now();
    let password = req
        .password
        .as_ref()
        .map(|p| crate::util::b64(&sha2_digest(p.as_bytes())));
    sqlx::query(
        "INSERT INTO sends (id, user_id, type, auth_type, data, key, password, emails, max_access_count, disabled, \
         hide_email, expiration_date, deletion_date, revision_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&user.id)
    .bind(kind)
    .bind(req.auth_type.unwrap_or(if password.is_some() { 1 } else { 2 }))
    .bind(send_data(req))
    .bind(&key)
    .bind(&password)
    .bind(&req.emails)
    .bind(req.max_access_count)
    .bind(req.disabled.unwrap_or(false))
    .bind(req.hide_email.unwrap_or(false))
    .bind(req.expiration_date.as_deref().and_then(crate::util::parse_date).map(crate::util::fmt_date))
    .bind(&deletion)
    .bind(&now)
    .execute(&state.db)
    .await?;
    super::bump_user(&state.db, &user.id).await?;
    send_by_id(state, &id).await
}

/// File Sends: metadata now, the upload URL points back at the sandbox
/// (which accepts and discards the bytes).
async fn create_file_send(
    State(state): State<S>,
    user: AuthUser,
    Json(req): Json<SendRequest>,
) -> ApiResult<Response> {
    let file_length = req.file_length.or_else(|| {
        req.file
            .as_ref()
            .and_then(|f| f.get("fileLength").or(f.get("size")))
            .and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
    });
    if req.kind != Some(1) {
        return Err(ApiError::bad("Send content is not a file."));
    }
    let size =
        file_length.ok_or_else(|| ApiError::bad("Invalid content. File size hint is required."))?;
    if !(0..=500 * 1024 * 1024).contains(&size) {
        return Err(ApiError::bad("Max file size is 500 MB."));
    }
    let file_name = req
        .file
        .as_ref()
        .and_then(|f| f.get("fileName"))
        .cloned()
        .unwrap_or_default();
    let file_id = crate::util::random_token(16).to_ascii_lowercase();
    let mut req = req;
    req.file = Some(serde_json::json!({
        "id": file_id, "fileName": file_name, "size": size.to_string(), "sizeName": format!("{:.1} KB", size as f64 / 1024.0),
    }));
    let row = insert_send(&state, &user, &req).await?;
    Ok(ok_json(&serde_json::json!({
        "object": "send-fileUpload",
        "url": format!("{}/api/sends/{}/file/{file_id}", state.base_url, row.id),
        "fileUploadType": 0,
        "sendResponse": send_wire(&row),
    })))
}

async fn upload_send_file(
    State(state): State<S>,
    user: AuthUser,
    Path((id, file_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM sends WHERE id = ? AND user_id = ? AND type = 1")
            .bind(&id)
            .bind(&user.id)
            .fetch_optional(&state.db)
            .await?;
    if found.is_none() {
        return Err(ApiError::NotFound);
    }
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let data = multipart_part(content_type, &body)
        .ok_or_else(|| ApiError::bad("The upload is not a multipart file."))?;
    sqlx::query("INSERT OR REPLACE INTO send_files (send_id, file_id, data) VALUES (?, ?, ?)")
        .bind(&id)
        .bind(&file_id)
        .bind(data)
        .execute(&state.db)
        .await?;
    Ok(StatusCode::OK)
}

/// The content of the first part of a `multipart/form-data` body.
fn multipart_part<'a>(content_type: &str, body: &'a [u8]) -> Option<&'a [u8]> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let start = find(body, delimiter.as_bytes(), 0)?;
    let headers_end = find(body, b"\r\n\r\n", start)? + 4;
    let end = find(body, format!("\r\n{delimiter}").as_bytes(), headers_end)?;
    body.get(headers_end..end)
}

/// Opens a Send for a recipient: it must exist and be live, and the
/// password (its hash, as clients send it) must match.
async fn open_send(
    state: &AppState,
    access_id: &str,
    password: Option<String>,
) -> ApiResult<SendRow> {
    let bytes: [u8; 16] = crate::util::b64url_decode(access_id)
        .and_then(|b| b.try_into().ok())
        .ok_or(ApiError::NotFound)?;
    // The access id is the GUID's .NET byte layout (little-endian first fields).
    let id = uuid::Uuid::from_bytes_le(bytes).hyphenated().to_string();
    let row: SendRow = sqlx::query_as("SELECT * FROM sends WHERE id = ?")
        .bind(&id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = chrono::Utc::now();
    let expired = row
        .expiration_date
        .as_deref()
        .and_then(crate::util::parse_date)
        .is_some_and(|d| d < now)
        || crate::util::parse_date(&row.deletion_date).is_some_and(|d| d < now)
        || row.max_access_count.is_some_and(|m| row.access_count >= m)
        || row.disabled;
    if expired {
        return Err(ApiError::NotFound);
    }
    if let Some(hash) = &row.password {
        let given = password.map(|p| crate::util::b64(&sha2_digest(p.as_bytes())));
        match given {
            Some(g) if &g == hash => {}
            Some(_) => return Err(ApiError::bad("Invalid password.")),
            None => return Err(ApiError::Unauthorized("Password required.".into())),
        }
    }
    Ok(row)
}

/// Why a Send cannot be opened (the `send_access` grant's refusals).
pub(super) enum SendRefusal {
    Invalid,
    PasswordRequired,
    PasswordInvalid,
    Db,
}

/// The Send an access id opens with this password hash, for the
/// `send_access` grant.
pub(super) async fn check_send_access(
    state: &AppState,
    access_id: &str,
    password_hash: Option<&str>,
) -> Result<String, SendRefusal> {
    match open_send(state, access_id, password_hash.map(str::to_owned)).await {
        Ok(row) => Ok(row.id),
        Err(ApiError::NotFound) => Err(SendRefusal::Invalid),
        Err(ApiError::Unauthorized(_)) => Err(SendRefusal::PasswordRequired),
        Err(ApiError::BadRequest(_)) => Err(SendRefusal::PasswordInvalid),
        Err(_) => Err(SendRefusal::Db),
    }
}

/// The Send a Send access token opens, still live.
async fn send_of_token(state: &AppState, headers: &HeaderMap) -> ApiResult<SendRow> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthenticated)?;
    let id = crate::auth::decode_send_access(
        &state.jwt_secret,
        token.trim(),
        chrono::Utc::now().timestamp(),
    )
    .ok_or(ApiError::Unauthenticated)?;
    let row = send_by_id(state, &id)
        .await
        .map_err(|_| ApiError::NotFound)?;
    let access_id = crate::util::b64url(
        &uuid::Uuid::parse_str(&row.id)
            .map_err(|_| ApiError::NotFound)?
            .to_bytes_le(),
    );
    // Still live (the password was checked when the token was made).
    open_send(state, &access_id, None)
        .await
        .or_else(|e| match e {
            ApiError::Unauthorized(_) | ApiError::BadRequest(_) => Ok(row.clone()),
            other => Err(other),
        })
}

/// `POST sends/access` with a Send access token (newer clients).
async fn access_send_with_token(State(state): State<S>, headers: HeaderMap) -> ApiResult<Response> {
    let row = send_of_token(&state, &headers).await?;
    if row.r#type != 1 {
        count_access(&state, &row.id).await?;
    }
    let access_id = crate::util::b64url(
        &uuid::Uuid::parse_str(&row.id)
            .map_err(|_| ApiError::NotFound)?
            .to_bytes_le(),
    );
    send_access_answer(&state, &row, &access_id).await
}

/// `POST sends/access/file/{fileId}` with a Send access token.
async fn access_send_file_with_token(
    State(state): State<S>,
    headers: HeaderMap,
    Path(file_id): Path<String>,
) -> ApiResult<Response> {
    let row = send_of_token(&state, &headers).await?;
    file_download(&state, &row, file_id).await
}

async fn count_access(state: &AppState, id: &str) -> ApiResult<()> {
    execute_for(
        &state.db,
        "UPDATE sends SET access_count = access_count + 1 WHERE id = ?",
        id,
    )
    .await?;
    Ok(())
}

/// `POST sends/{accessId}/access/file/{fileId}`: where to download a file
/// Send's encrypted file; this (not the metadata read) counts the access.
async fn access_send_file(
    State(state): State<S>,
    Path((access_id, file_id)): Path<(String, String)>,
    body: crate::extract::OptionalJson<SendAccessRequest>,
) -> ApiResult<Response> {
    let row = open_send(&state, &access_id, body.0.and_then(|b| b.password)).await?;
    file_download(&state, &row, file_id).await
}

async fn file_download(state: &AppState, row: &SendRow, file_id: String) -> ApiResult<Response> {
    let stored: Option<(String,)> =
        sqlx::query_as("SELECT file_id FROM send_files WHERE send_id = ?")
            .bind(&row.id)
            .fetch_optional(&state.db)
            .await?;
    if stored.map(|s| s.0) != Some(file_id.clone()) {
        return Err(ApiError::NotFound);
    }
    count_access(state, &row.id).await?;
    Ok(ok_json(&serde_json::json!({
        "object": "send-fileDownload",
        "id": file_id,
        "url": format!("{}/api/sends/{}/file/{file_id}/download", state.base_url, row.id),
    })))
}

/// The encrypted file (anonymous, as Bitwarden's storage URLs are).
async fn download_send_file(
    State(state): State<S>,
    Path((id, file_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = path_id(&id)?;
    let data: (Vec<u8>,) =
        sqlx::query_as("SELECT data FROM send_files WHERE send_id = ? AND file_id = ?")
            .bind(&id)
            .bind(&file_id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound)?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        data.0,
    )
        .into_response())
}

fn sha2_digest(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

async fn update_send(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(req): Json<SendRequest>,
) -> ApiResult<Response> {
    let existing = load_own_send(&state, &user, &id).await?;
    check_send_policies(&state, &user.id, req.hide_email.unwrap_or(false)).await?;
    let id = existing.id.clone();
    let (kind, key, deletion) = validate_send(&req)?;
    if kind != existing.r#type {
        return Err(ApiError::bad("Sends cannot have their type changed."));
    }
    sqlx::query(
        "UPDATE sends SET data = ?, key = ?, max_access_count = ?, disabled = ?, hide_email = ?, expiration_date = ?, \
         deletion_date = ?, revision_date = ? WHERE id = ?",
    )
    .bind(send_data(&req))
    .bind(&key)
    .bind(req.max_access_count)
    .bind(req.disabled.unwrap_or(false))
    .bind(req.hide_email.unwrap_or(false))
    .bind(req.expiration_date.as_deref().and_then(crate::util::parse_date).map(crate::util::fmt_date))
    .bind(&deletion)
    .bind(crate::util::now())
    .bind(&id)
    .execute(&state.db)
    .await?;
    let row = send_by_id(&state, &id).await?;
    Ok(ok_json(&send_wire(&row)))
}

async fn delete_send(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id)?;
    let done = sqlx::query("DELETE FROM sends WHERE id = ? AND user_id = ?")
        .bind(&id)
        .bind(&user.id)
        .execute(&state.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    super::bump_user(&state.db, &user.id).await?;
    Ok(StatusCode::OK)
}

#[derive(Deserialize)]
struct SendAccessRequest {
    password: Option<String>,
}

/// Anonymous access by access id (`sends/access/{accessId}`): counts the access.
async fn access_send(
    State(state): State<S>,
    Path(access_id): Path<String>,
    body: crate::extract::OptionalJson<SendAccessRequest>,
) -> ApiResult<Response> {
    let row = open_send(&state, &access_id, body.0.and_then(|b| b.password)).await?;
    // A file Send counts when its file is fetched, as on Bitwarden.
    if row.r#type != 1 {
        count_access(&state, &row.id).await?;
    }
    send_access_answer(&state, &row, &access_id).await
}

/// What a recipient gets (`send-access`): the encrypted content.
async fn send_access_answer(
    state: &AppState,
    row: &SendRow,
    access_id: &str,
) -> ApiResult<Response> {
    let wire = send_wire(row);
    Ok(ok_json(&serde_json::json!({
        "object": "send-access",
        "id": access_id,
        "type": wire.send_type,
        "name": wire.name,
        "file": wire.file,
        "text": wire.text,
        "expirationDate": wire.expiration_date,
        "creatorIdentifier": if row.hide_email { None } else { user_by_id(&state.db, &row.user_id).await?.map(|u| u.email) },
    })))
}
