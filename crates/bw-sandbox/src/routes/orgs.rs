//! Organization routes: organization, members (with bulk variants and the
//! seat rule), account recovery, collections, groups, policies, events.

use super::roster::{self, Roster, log_member_event};
use super::rows::{OrgRow, organization_json, parse_permissions, user_by_id};
use super::{
    AppState, IdsBody, NewEvent, OrgAccess, S, bump_org_members, execute_for, log_event, ok_json,
    org_access, org_access_with, path_id, required_text,
};
use crate::auth::AuthUser;
use crate::config::EventPaging;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::extract::{Json, OptionalJson};
use crate::util::{is_enc_string, new_id, now};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use bw_api::wire::billing::BillingMetadata;
use bw_api::wire::collections::CollectionDetails;
use bw_api::wire::events::Event;
use bw_api::wire::groups::Group;
use bw_api::wire::members::{
    OrganizationPublicKey, OrganizationUserDetails, OrganizationUserMini, Permissions,
    ResetPasswordDetails,
};
use bw_api::wire::policies::Policy;
use bw_api::wire::{ListResponse, Selection};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<S> {
    Router::new()
        .route(
            "/organizations/{oid}",
            get(get_org).put(update_org).post(update_org),
        )
        .route("/organizations/{oid}/seat", post(no_subscription))
        .route(
            "/organizations/{oid}/subscription",
            get(subscription).post(no_subscription),
        )
        .route("/organizations/{oid}/public-key", get(public_key))
        .route("/organizations/{oid}/keys", get(public_key))
        .route(
            "/organizations/{oid}/billing/vnext/metadata",
            get(billing_metadata),
        )
        .route(
            "/organizations/{oid}/users",
            get(list_members).delete(roster::bulk::<OrgMembers>(MemberAction::Remove)),
        )
        .route(
            "/organizations/{oid}/users/remove",
            post(roster::bulk::<OrgMembers>(MemberAction::Remove)),
        )
        .route("/organizations/{oid}/users/mini-details", get(mini_details))
        .route("/organizations/{oid}/users/invite", post(invite))
        .route(
            "/organizations/{oid}/users/reinvite",
            post(roster::bulk::<OrgMembers>(MemberAction::Reinvite)),
        )
        .route(
            "/organizations/{oid}/users/public-keys",
            post(member_public_keys),
        )
        .route(
            "/organizations/{oid}/users/confirm",
            post(roster::bulk_confirm::<OrgMembers>),
        )
        .route(
            "/organizations/{oid}/users/revoke",
            put(roster::bulk::<OrgMembers>(MemberAction::Revoke)),
        )
        .route(
            "/organizations/{oid}/users/restore",
            put(roster::bulk::<OrgMembers>(MemberAction::Restore)),
        )
        .route(
            "/organizations/{oid}/users/account-recovery-details",
            post(bulk_recovery_details),
        )
        .route(
            "/organizations/{oid}/users/{id}",
            get(get_member)
                .put(update_member)
                .post(update_member)
                .delete(roster::single::<OrgMembers>(MemberAction::Remove)),
        )
        .route(
            "/organizations/{oid}/users/{id}/remove",
            post(roster::single::<OrgMembers>(MemberAction::Remove)),
        )
        .route(
            "/organizations/{oid}/users/{id}/reinvite",
            post(roster::single::<OrgMembers>(MemberAction::Reinvite)),
        )
        .route(
            "/organizations/{oid}/users/{id}/confirm",
            post(roster::confirm::<OrgMembers>),
        )
        .route(
            "/organizations/{oid}/users/{id}/revoke",
            put(roster::single::<OrgMembers>(MemberAction::Revoke)).patch(roster::single::<
                OrgMembers,
            >(
                MemberAction::Revoke
            )),
        )
        .route(
            "/organizations/{oid}/users/{id}/restore",
            put(restore).patch(restore),
        )
        .route(
            "/organizations/{oid}/users/{id}/restore/vnext",
            put(restore),
        )
        .route(
            "/organizations/{oid}/users/{id}/reset-password-enrollment",
            put(enroll),
        )
        .route(
            "/organizations/{oid}/users/{id}/reset-password-details",
            get(reset_password_details),
        )
        .route(
            "/organizations/{oid}/users/{id}/recover-account",
            put(recover_account),
        )
        .route("/organizations/{oid}/users/{id}/events", get(member_events))
        .route(
            "/organizations/{oid}/collections",
            get(list_collections)
                .post(create_collection)
                .delete(bulk_delete_collections),
        )
        .route(
            "/organizations/{oid}/collections/bulk-access",
            post(bulk_access),
        )
        .route(
            "/organizations/{oid}/collections/details",
            get(collection_details),
        )
        .route(
            "/organizations/{oid}/collections/{cid}",
            get(get_collection)
                .put(update_collection)
                .post(update_collection)
                .delete(delete_collection),
        )
        .route(
            "/organizations/{oid}/collections/{cid}/details",
            get(get_collection),
        )
        .route(
            "/organizations/{oid}/groups",
            get(list_groups)
                .post(create_group)
                .delete(bulk_delete_groups),
        )
        .route("/organizations/{oid}/groups/details", get(group_details))
        .route(
            "/organizations/{oid}/groups/{gid}",
            get(get_group)
                .put(update_group)
                .post(update_group)
                .delete(delete_group),
        )
        .route("/organizations/{oid}/groups/{gid}/details", get(get_group))
        .route("/organizations/{oid}/groups/{gid}/users", get(group_users))
        .route("/organizations/{oid}/policies", get(list_policies))
        .route(
            "/organizations/{oid}/policies/{ptype}",
            get(get_policy).put(put_policy),
        )
        .route("/organizations/{oid}/events", get(org_events))
}

async fn load_org(state: &AppState, access: &OrgAccess) -> ApiResult<OrgRow> {
    super::rows::org_by_id(&state.db, &access.org_id)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn get_org(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::is_owner).await?;
    Ok(ok_json(&organization_json(
        &load_org(&state, &access).await?,
    )))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateOrgBody {
    name: Option<String>,
    business_name: Option<String>,
    billing_email: Option<String>,
}

/// `PUT organizations/{id}`. Name and billing e-mail are written when sent
/// (the current server skips absent ones); the business name is stored as
/// sent, as servers before v2025.12 did (newer ones ignore it). A
/// self-hosted server keeps all three: they come from the licence.
async fn update_org(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<UpdateOrgBody>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::is_owner).await?;
    let mut model = super::ModelState::default();
    // A name that is sent must not be blank: an empty name would be stored.
    if body.name.is_some() {
        model.required("Name", body.name.as_deref());
    }
    let too_long = |field| format!("The field {field} exceeds the maximum length.");
    model.max_length("Name", body.name.as_deref(), 50, Some(&too_long("Name")));
    model.max_length(
        "BusinessName",
        body.business_name.as_deref(),
        50,
        Some(&too_long("Business Name")),
    );
    model.email("BillingEmail", body.billing_email.as_deref());
    model.max_length("BillingEmail", body.billing_email.as_deref(), 256, None);
    model.finish()?;
    let org = load_org(&state, &access).await?;
    let billing = body
        .billing_email
        .map(|e| e.trim().to_lowercase())
        .unwrap_or_else(|| org.billing_email.clone());
    // Changing the billing email needs subscription rights: the provider for a managed org.
    if billing != org.billing_email && org.status == 2 && !access.is_provider() {
        return Err(ApiError::UnauthorizedEmpty);
    }
    let stored = if state.self_hosted() {
        org
    } else {
        OrgRow {
            name: body.name.unwrap_or_else(|| org.name.clone()),
            business_name: body.business_name.filter(|b| !b.trim().is_empty()),
            billing_email: billing,
            ..org
        }
    };
    sqlx::query(
        "UPDATE organizations SET name = ?, business_name = ?, billing_email = ?, revision_date = ? WHERE id = ?",
    )
    .bind(&stored.name)
    .bind(&stored.business_name)
    .bind(&stored.billing_email)
    .bind(now())
    .bind(&stored.id)
    .execute(&state.db)
    .await?;
    log_event(
        &state.db,
        NewEvent {
            kind: 1600,
            organization_id: Some(&stored.id),
            acting_user_id: Some(&user.id),
            ..Default::default()
        },
    )
    .await?;
    // The response shows no revision date, so the row as written is the row as read.
    Ok(ok_json(&organization_json(&stored)))
}

/// Seat purchases of consolidated-billing clients go through the provider.
/// Cloud only: the `[SelfHosted]` filter refuses before the action checks access.
async fn no_subscription(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    state.cloud_only()?;
    org_access_with(&state, &user, &oid, OrgAccess::is_owner).await?;
    Err(ApiError::bad("No subscription found."))
}

/// `GET organizations/{id}/subscription`. The cloud answers from Stripe (a
/// consolidated-billing client has no subscription of its own); a
/// self-hosted server answers from the organization's licence: no plan, no
/// subscription, the licence's expiry.
async fn subscription(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::is_owner).await?;
    let org = load_org(&state, &access).await?;
    let mut body = organization_json(&org);
    if let Some(map) = body.as_object_mut() {
        map.insert("object".into(), "organizationSubscription".into());
        map.insert("storageName".into(), serde_json::Value::Null);
        map.insert("storageGb".into(), serde_json::json!(0.0));
        map.insert("customerDiscount".into(), serde_json::Value::Null);
        // Consolidated-billing clients have no org subscription of their own.
        map.insert("subscription".into(), serde_json::Value::Null);
        map.insert("upcomingInvoice".into(), serde_json::Value::Null);
        let (expiration, without_grace) = if state.self_hosted() {
            // A licence runs a year; its expiry includes the 60-day grace period.
            let expires = chrono::Utc::now() + chrono::Duration::days(365);
            (
                serde_json::json!(crate::util::fmt_date(expires)),
                serde_json::json!(crate::util::fmt_date(expires - chrono::Duration::days(60))),
            )
        } else {
            (serde_json::Value::Null, serde_json::Value::Null)
        };
        if state.self_hosted() {
            map.insert("plan".into(), serde_json::Value::Null);
        }
        map.insert("expiration".into(), expiration);
        map.insert("expirationWithoutGracePeriod".into(), without_grace);
    }
    Ok(ok_json(&body))
}

async fn public_key(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let org = load_org(&state, &access).await?;
    Ok(ok_json(&OrganizationPublicKey {
        object: "organizationPublicKey".into(),
        public_key: org.public_key.unwrap_or_default(),
    }))
}

async fn occupied(state: &AppState, org_id: &str) -> ApiResult<i64> {
    let n: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM organization_users WHERE organization_id = ? AND status IN (0, 1, 2)",
    )
    .bind(org_id)
    .fetch_one(&state.db)
    .await?;
    Ok(n.0)
}

async fn billing_metadata(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    Ok(ok_json(&BillingMetadata {
        is_on_secrets_manager_standalone: false,
        organization_occupied_seats: occupied(&state, &access.org_id).await?,
    }))
}

// ---- members ----

#[derive(sqlx::FromRow, Clone)]
struct MemberRow {
    id: String,
    user_id: Option<String>,
    r#type: i64,
    status: i64,
    permissions: Option<String>,
    external_id: Option<String>,
    access_sm: bool,
    reset_password_key: Option<String>,
    revocation_reason: Option<i64>,
    creation_date: String,
    name: Option<String>,
    email: Option<String>,
    avatar_color: Option<String>,
    two_factor: bool,
}

const MEMBER_SQL: &str = "SELECT ou.id, ou.user_id, ou.type, ou.status, ou.permissions, ou.external_id, ou.access_sm, \
     ou.reset_password_key, ou.revocation_reason, ou.creation_date, u.name, COALESCE(u.email, ou.email) AS email, \
     u.avatar_color, (u.totp_secret IS NOT NULL OR COALESCE(u.email_2fa, 0) = 1) AS two_factor \
     FROM organization_users ou LEFT JOIN users u ON u.id = ou.user_id WHERE ou.organization_id = ?";

fn member_wire(
    m: &MemberRow,
    collections: Vec<Selection>,
    groups: Vec<String>,
    details: bool,
) -> OrganizationUserDetails {
    OrganizationUserDetails {
        object: if details {
            "organizationUserDetails"
        } else {
            "organizationUserUserDetails"
        }
        .into(),
        id: m.id.clone(),
        user_id: m.user_id.clone(),
        member_type: m.r#type,
        status: m.status,
        external_id: m.external_id.clone(),
        access_secrets_manager: m.access_sm,
        access_pam: false,
        permissions: Some(parse_permissions(m.permissions.as_deref())),
        reset_password_enrolled: m.reset_password_key.is_some(),
        uses_key_connector: false,
        has_master_password: m.user_id.is_some(),
        name: m.name.clone(),
        email: m.email.clone(),
        avatar_color: m.avatar_color.clone(),
        two_factor_enabled: m.two_factor,
        sso_bound: false,
        claimed_by_organization: false,
        collections,
        groups,
        revocation_reason: m.revocation_reason,
        creation_date: m.creation_date.clone(),
    }
}

/// (grouping key, selection id, read only, hide passwords, manage)
type SelectionRow = (String, String, bool, bool, bool);

/// Groups access rows by their first column into selections of the second.
fn selections_by_key(rows: Vec<SelectionRow>) -> HashMap<String, Vec<Selection>> {
    let mut map: HashMap<String, Vec<Selection>> = HashMap::new();
    for r in rows {
        map.entry(r.0).or_default().push(Selection {
            id: r.1,
            read_only: r.2,
            hide_passwords: r.3,
            manage: r.4,
        });
    }
    map
}

async fn member_collections(
    state: &AppState,
    org_id: &str,
) -> ApiResult<HashMap<String, Vec<Selection>>> {
    let rows: Vec<SelectionRow> = sqlx::query_as(
        "SELECT cu.organization_user_id, cu.collection_id, cu.read_only, cu.hide_passwords, cu.manage \
         FROM collection_users cu JOIN collections c ON c.id = cu.collection_id WHERE c.organization_id = ?",
    )
    .bind(org_id)
    .fetch_all(&state.db)
    .await?;
    Ok(selections_by_key(rows))
}

async fn member_groups(state: &AppState, org_id: &str) -> ApiResult<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT gu.organization_user_id, gu.group_id FROM group_users gu JOIN groups g ON g.id = gu.group_id WHERE g.organization_id = ?",
    )
    .bind(org_id)
    .fetch_all(&state.db)
    .await?;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for r in rows {
        map.entry(r.0).or_default().push(r.1);
    }
    Ok(map)
}

#[derive(Deserialize, Default)]
struct IncludeQuery {
    #[serde(rename = "includeGroups")]
    include_groups: Option<bool>,
    #[serde(rename = "includeCollections")]
    include_collections: Option<bool>,
}

async fn list_members(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let only_enrolled = !access.manage_users();
    if only_enrolled && !access.manage_reset_password() {
        return Err(ApiError::NotFound);
    }
    let rows: Vec<MemberRow> = sqlx::query_as(&format!("{MEMBER_SQL} ORDER BY email"))
        .bind(&access.org_id)
        .fetch_all(&state.db)
        .await?;
    let cols = if q.include_collections.unwrap_or(false) {
        member_collections(&state, &access.org_id).await?
    } else {
        HashMap::new()
    };
    let groups = if q.include_groups.unwrap_or(false) {
        member_groups(&state, &access.org_id).await?
    } else {
        HashMap::new()
    };
    let list = rows
        .iter()
        .filter(|m| !only_enrolled || m.reset_password_key.is_some())
        .map(|m| {
            member_wire(
                m,
                cols.get(&m.id).cloned().unwrap_or_default(),
                groups.get(&m.id).cloned().unwrap_or_default(),
                false,
            )
        })
        .collect();
    Ok(ok_json(&ListResponse::new(list)))
}

async fn load_member(state: &AppState, org_id: &str, id: &str) -> ApiResult<MemberRow> {
    super::scoped_row(state, &format!("{MEMBER_SQL} AND ou.id = ?"), org_id, id).await
}

async fn get_member(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
    Query(q): Query<IncludeQuery>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_users).await?;
    let m = load_member(&state, &access.org_id, &id).await?;
    let cols = member_collections(&state, &access.org_id).await?;
    let groups = if q.include_groups.unwrap_or(false) {
        member_groups(&state, &access.org_id).await?
    } else {
        HashMap::new()
    };
    Ok(ok_json(&member_wire(
        &m,
        cols.get(&m.id).cloned().unwrap_or_default(),
        groups.get(&m.id).cloned().unwrap_or_default(),
        true,
    )))
}

async fn mini_details(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let rows: Vec<MemberRow> = sqlx::query_as(&format!("{MEMBER_SQL} ORDER BY email"))
        .bind(&access.org_id)
        .fetch_all(&state.db)
        .await?;
    Ok(ok_json(&ListResponse::new(
        rows.into_iter()
            .map(|m| OrganizationUserMini {
                object: "organizationUserUserMiniDetails".into(),
                id: m.id,
                user_id: m.user_id,
                member_type: m.r#type,
                status: m.status,
                name: m.name,
                email: m.email,
            })
            .collect(),
    )))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InviteBody {
    emails: Option<Vec<String>>,
    #[serde(rename = "type")]
    kind: Option<i64>,
    access_secrets_manager: Option<bool>,
    permissions: Option<Permissions>,
    collections: Option<Vec<Selection>>,
    groups: Option<Vec<String>>,
}

fn check_type(kind: Option<i64>) -> ApiResult<i64> {
    let kind = kind.ok_or_else(|| ApiError::required("Type"))?;
    if matches!(kind, 0 | 1 | 2 | 4) {
        Ok(kind)
    } else {
        Err(ApiError::field("Type", "The value is not valid for Type."))
    }
}

async fn set_access(
    tx: &mut sqlx::SqliteConnection,
    org_id: &str,
    member_id: &str,
    collections: &[Selection],
    groups: &[String],
) -> ApiResult<()> {
    execute_for(&mut *tx, "DELETE FROM collection_users WHERE organization_user_id = ? AND collection_id IN (SELECT id FROM collections WHERE type = 0)", member_id).await?;
    for c in collections {
        let done = sqlx::query(
            "INSERT OR REPLACE INTO collection_users (collection_id, organization_user_id, read_only, hide_passwords, manage) \
             SELECT id, ?, ?, ?, ? FROM collections WHERE id = ? AND organization_id = ? AND type = 0",
        )
        .bind(member_id).bind(c.read_only).bind(c.hide_passwords).bind(c.manage)
        .bind(crate::util::guid(&c.id).unwrap_or_default()).bind(org_id)
        .execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::NotFound);
        }
    }
    execute_for(
        &mut *tx,
        "DELETE FROM group_users WHERE organization_user_id = ?",
        member_id,
    )
    .await?;
    for g in groups {
        let done = sqlx::query("INSERT OR IGNORE INTO group_users (group_id, organization_user_id) SELECT id, ? FROM groups WHERE id = ? AND organization_id = ?")
            .bind(member_id).bind(crate::util::guid(g).unwrap_or_default()).bind(org_id)
            .execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::NotFound);
        }
    }
    Ok(())
}

async fn invite(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<InviteBody>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_users).await?;
    let emails = roster::invite_emails(
        body.emails,
        "You can only submit up to 20 emails at a time.",
    )?;
    let kind = check_type(body.kind)?;
    if kind == 0 && !access.is_owner() {
        return Err(ApiError::bad(
            "Only an Owner can configure another Owner's account.",
        ));
    }
    let org = load_org(&state, &access).await?;
    let emails = emails
        .iter()
        .map(|e| roster::invite_address(e))
        .collect::<ApiResult<Vec<String>>>()?;
    if let Some(seats) = org.seats
        && occupied(&state, &org.id).await? + emails.len() as i64 > seats
    {
        let managed: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM provider_organizations WHERE organization_id = ?")
                .bind(&org.id)
                .fetch_optional(&state.db)
                .await?;
        return Err(ApiError::bad(if managed.is_some() {
            "Seat limit has been reached. Please contact your provider to add more seats."
        } else {
            "Seat limit has been reached."
        }));
    }
    let mut tx = state.db.begin().await?;
    for email in &emails {
        let exists: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM organization_users ou LEFT JOIN users u ON u.id = ou.user_id \
             WHERE ou.organization_id = ? AND COALESCE(u.email, ou.email) = ?",
        )
        .bind(&org.id)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            return Err(ApiError::bad(format!(
                "{email} is already a member of this organization."
            )));
        }
        let id = new_id();
        let t = now();
        sqlx::query(
            "INSERT INTO organization_users (id, organization_id, email, type, status, permissions, access_sm, creation_date, revision_date) \
             VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
        )
        .bind(&id).bind(&org.id).bind(email).bind(kind)
        .bind(body.permissions.as_ref().filter(|_| kind == 4).map(|p| serde_json::to_string(p).unwrap_or_default()))
        .bind(body.access_secrets_manager.unwrap_or(false)).bind(&t).bind(&t)
        .execute(&mut *tx).await?;
        set_access(
            &mut tx,
            &org.id,
            &id,
            body.collections.as_deref().unwrap_or_default(),
            body.groups.as_deref().unwrap_or_default(),
        )
        .await?;
        log_member_event::<OrgMembers>(&mut *tx, 1500, &org.id, &id, &user.id).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::OK)
}

async fn reinvite_one(state: &AppState, org_id: &str, id: &str) -> ApiResult<()> {
    let m = load_member(state, org_id, id).await?;
    if m.status != 0 {
        Err(ApiError::bad("User invalid."))
    } else {
        Ok(())
    }
}

/// The member operations that have both a single and a bulk route.
#[derive(Clone, Copy)]
enum MemberAction {
    Reinvite,
    Revoke,
    Restore,
    Remove,
}

/// An organization's members, for the routes shared with provider users.
struct OrgMembers;

impl Roster for OrgMembers {
    type Access = OrgAccess;
    type Action = MemberAction;
    const BULK_OBJECT: &'static str = "OrganizationBulkConfirmResponseModel";

    async fn authorize(state: &AppState, user: &AuthUser, oid: &str) -> ApiResult<OrgAccess> {
        org_access_with(state, user, oid, OrgAccess::manage_users).await
    }

    async fn apply(
        action: MemberAction,
        state: &AppState,
        user: &AuthUser,
        access: &OrgAccess,
        id: &str,
    ) -> ApiResult<()> {
        match action {
            MemberAction::Reinvite => reinvite_one(state, &access.org_id, id).await,
            MemberAction::Revoke => revoke_one(state, user, access, id).await,
            MemberAction::Restore => restore_one(state, user, access, id).await,
            MemberAction::Remove => remove_one(state, user, access, id).await,
        }
    }

    async fn confirm(
        state: &AppState,
        user: &AuthUser,
        access: &OrgAccess,
        id: &str,
        key: Option<&str>,
    ) -> ApiResult<()> {
        confirm_one(state, user, &access.org_id, id, key).await
    }

    fn bulk_ids(_: MemberAction, body: IdsBody) -> ApiResult<Vec<String>> {
        body.ids.ok_or_else(|| ApiError::required("Ids"))
    }

    fn failure(_: Option<MemberAction>, error: &ApiError) -> &'static str {
        match error {
            ApiError::NotFound => "User not found.",
            _ => "Invalid user.",
        }
    }

    fn event_subject<'a>(org_id: &'a str, member_id: &'a str) -> NewEvent<'a> {
        NewEvent {
            organization_id: Some(org_id),
            organization_user_id: Some(member_id),
            ..Default::default()
        }
    }
}

async fn member_public_keys(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<IdsBody>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_users).await?;
    let ids = body.ids.ok_or_else(|| ApiError::required("Ids"))?;
    let keys = super::public_keys_of(
        &state,
        "SELECT ou.id, u.id, u.public_key FROM organization_users ou JOIN users u ON u.id = ou.user_id \
         WHERE ou.organization_id = ? AND ou.id = ? AND ou.status = 1",
        &access.org_id,
        ids,
        "organizationUserPublicKeyResponseModel",
    )
    .await?;
    Ok(ok_json(&ListResponse::new(keys)))
}

async fn confirm_one(
    state: &AppState,
    user: &AuthUser,
    org_id: &str,
    id: &str,
    key: Option<&str>,
) -> ApiResult<()> {
    let key = key.ok_or_else(|| ApiError::required("Key"))?;
    if !is_enc_string(key) {
        return Err(ApiError::field(
            "Key",
            "Key is not a valid encrypted string.",
        ));
    }
    let m = load_member(state, org_id, id).await?;
    if m.status != 1 || m.user_id.is_none() {
        return Err(ApiError::bad("User not valid."));
    }
    sqlx::query(
        "UPDATE organization_users SET status = 2, key = ?, revision_date = ? WHERE id = ?",
    )
    .bind(key)
    .bind(now())
    .bind(&m.id)
    .execute(&state.db)
    .await?;
    if let Some(uid) = &m.user_id {
        super::bump_user(&state.db, uid).await?;
    }
    log_member_event::<OrgMembers>(&state.db, 1501, org_id, &m.id, &user.id).await?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateBody {
    #[serde(rename = "type")]
    kind: Option<i64>,
    permissions: Option<Permissions>,
    collections: Option<Vec<Selection>>,
    groups: Option<Vec<String>>,
    access_secrets_manager: Option<bool>,
}

async fn update_member(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
    Json(body): Json<UpdateBody>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_users).await?;
    let kind = check_type(body.kind)?;
    let m = load_member(&state, &access.org_id, &id).await?;
    if (kind == 0 || m.r#type == 0) && !access.is_owner() {
        return Err(ApiError::bad(
            "Only an Owner can configure another Owner's account.",
        ));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE organization_users SET type = ?, permissions = ?, access_sm = ?, revision_date = ? WHERE id = ?")
        .bind(kind)
        .bind(body.permissions.as_ref().filter(|_| kind == 4).map(|p| serde_json::to_string(p).unwrap_or_default()))
        .bind(body.access_secrets_manager.unwrap_or(false))
        .bind(now())
        .bind(&m.id)
        .execute(&mut *tx).await?;
    set_access(
        &mut tx,
        &access.org_id,
        &m.id,
        body.collections.as_deref().unwrap_or_default(),
        body.groups.as_deref().unwrap_or_default(),
    )
    .await?;
    log_member_event::<OrgMembers>(&mut *tx, 1502, &access.org_id, &m.id, &user.id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

async fn revoke_one(
    state: &AppState,
    user: &AuthUser,
    access: &OrgAccess,
    id: &str,
) -> ApiResult<()> {
    let m = load_member(state, &access.org_id, id).await?;
    if m.user_id.as_deref() == Some(user.id.as_str()) {
        return Err(ApiError::bad("You cannot revoke yourself."));
    }
    if m.r#type == 0 && !access.is_owner() {
        return Err(ApiError::bad("Only owners can revoke other owners."));
    }
    if m.status == -1 {
        return Err(ApiError::bad("Already revoked."));
    }
    // Revoked members keep their previous status in the sign bit, as the server does.
    sqlx::query("UPDATE organization_users SET status = -1, revocation_reason = 1, revision_date = ? WHERE id = ?")
        .bind(now()).bind(&m.id).execute(&state.db).await?;
    crate::db::set_meta(
        &state.db,
        &format!("revoked-status:{}", m.id),
        &m.status.to_string(),
    )
    .await?;
    log_member_event::<OrgMembers>(&state.db, 1511, &access.org_id, &m.id, &user.id).await?;
    Ok(())
}

async fn restore_one(
    state: &AppState,
    user: &AuthUser,
    access: &OrgAccess,
    id: &str,
) -> ApiResult<()> {
    let m = load_member(state, &access.org_id, id).await?;
    if m.status != -1 {
        return Err(ApiError::bad("Already active."));
    }
    let org = load_org(state, access).await?;
    if let Some(seats) = org.seats
        && occupied(state, &org.id).await? + 1 > seats
    {
        return Err(ApiError::bad("Seat limit has been reached."));
    }
    let previous = crate::db::meta(&state.db, &format!("revoked-status:{}", m.id)).await?;
    let status = previous
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(if m.user_id.is_some() { 2 } else { 0 });
    sqlx::query("UPDATE organization_users SET status = ?, revocation_reason = NULL, revision_date = ? WHERE id = ?")
        .bind(status).bind(now()).bind(&m.id).execute(&state.db).await?;
    log_member_event::<OrgMembers>(&state.db, 1512, &access.org_id, &m.id, &user.id).await?;
    Ok(())
}

/// `restore` also takes (and ignores) an optional JSON body.
async fn restore(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
    _body: OptionalJson<serde_json::Value>,
) -> ApiResult<StatusCode> {
    roster::apply_one::<OrgMembers>(&state, &user, &oid, &id, MemberAction::Restore).await
}

async fn remove_one(
    state: &AppState,
    user: &AuthUser,
    access: &OrgAccess,
    id: &str,
) -> ApiResult<()> {
    let m = load_member(state, &access.org_id, id).await?;
    if m.user_id.as_deref() == Some(user.id.as_str()) {
        return Err(ApiError::bad("You cannot remove yourself."));
    }
    if m.r#type == 0 && !access.is_owner() {
        return Err(ApiError::bad("Only owners can delete other owners."));
    }
    if m.r#type == 0
        && m.status == 2
        && super::rows::confirmed_owners(&state.db, &access.org_id).await? <= 1
    {
        return Err(ApiError::bad(
            "Organization must have at least one confirmed owner.",
        ));
    }
    execute_for(
        &state.db,
        "DELETE FROM organization_users WHERE id = ?",
        &m.id,
    )
    .await?;
    if let Some(uid) = &m.user_id {
        super::bump_user(&state.db, uid).await?;
    }
    log_member_event::<OrgMembers>(&state.db, 1503, &access.org_id, &m.id, &user.id).await?;
    Ok(())
}

// ---- account recovery ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnrollBody {
    reset_password_key: Option<String>,
    master_password_hash: Option<String>,
}

/// `{id}` is the *User* id here.
async fn enroll(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, uid)): Path<(String, String)>,
    Json(body): Json<EnrollBody>,
) -> ApiResult<StatusCode> {
    let org_id = path_id(&oid)?;
    let uid = path_id(&uid)?;
    if uid != user.id {
        return Err(ApiError::Unauthenticated);
    }
    let me = user_by_id(&state.db, &user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if let Some(key) = &body.reset_password_key {
        if body.master_password_hash.as_deref() != Some(me.master_password_hash.as_str()) {
            return Err(ApiError::field("MasterPasswordHash", "Invalid password."));
        }
        if !is_enc_string(key) {
            return Err(ApiError::field(
                "ResetPasswordKey",
                "ResetPasswordKey is not a valid encrypted string.",
            ));
        }
    }
    let done = sqlx::query("UPDATE organization_users SET reset_password_key = ? WHERE organization_id = ? AND user_id = ? AND status IN (1, 2)")
        .bind(&body.reset_password_key).bind(&org_id).bind(&uid)
        .execute(&state.db).await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    log_event(
        &state.db,
        NewEvent {
            kind: if body.reset_password_key.is_some() {
                1506
            } else {
                1507
            },
            organization_id: Some(&org_id),
            user_id: Some(&uid),
            acting_user_id: Some(&uid),
            ..Default::default()
        },
    )
    .await?;
    Ok(StatusCode::OK)
}

fn recovery_allowed(access: &OrgAccess, m: &MemberRow) -> ApiResult<()> {
    if !access.manage_reset_password() {
        return Err(ApiError::NotFound);
    }
    if !access.is_provider() {
        let caller = access.member_type.unwrap_or(2);
        let ok = match m.r#type {
            0 => caller == 0,
            1 => matches!(caller, 0 | 1),
            _ => true,
        };
        if !ok {
            return Err(ApiError::bad(
                "You are not permitted to recover this user's account.",
            ));
        }
    }
    Ok(())
}

fn details_wire(m: &MemberRow, u: &super::rows::UserRow, org: &OrgRow) -> ResetPasswordDetails {
    ResetPasswordDetails {
        object: "organizationUserResetPasswordDetails".into(),
        organization_user_id: m.id.clone(),
        kdf: u.kdf,
        kdf_iterations: u.kdf_iterations as u32,
        kdf_memory: u.kdf_memory.map(|x| x as u32),
        kdf_parallelism: u.kdf_parallelism.map(|x| x as u32),
        master_password_salt: Some(crate::util::normalize_email(&u.email)),
        reset_password_key: m.reset_password_key.clone(),
        encrypted_private_key: org.private_key.clone(),
    }
}

async fn reset_password_details(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let m = load_member(&state, &access.org_id, &id).await?;
    recovery_allowed(&access, &m)?;
    let uid = m
        .user_id
        .clone()
        .filter(|_| m.reset_password_key.is_some())
        .ok_or(ApiError::NotFound)?;
    let u = user_by_id(&state.db, &uid)
        .await?
        .ok_or(ApiError::NotFound)?;
    let org = load_org(&state, &access).await?;
    Ok(ok_json(&details_wire(&m, &u, &org)))
}

async fn bulk_recovery_details(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<IdsBody>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let org = load_org(&state, &access).await?;
    let mut out = Vec::new();
    for id in body.ids.ok_or_else(|| ApiError::required("Ids"))? {
        let Ok(m) = load_member(&state, &access.org_id, &id).await else {
            continue;
        };
        if recovery_allowed(&access, &m).is_err() || m.reset_password_key.is_none() {
            continue;
        }
        if let Some(u) = match &m.user_id {
            Some(uid) => user_by_id(&state.db, uid).await?,
            None => None,
        } {
            out.push(details_wire(&m, &u, &org));
        }
    }
    Ok(ok_json(&ListResponse::new(out)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecoverBody {
    reset_master_password: Option<bool>,
    reset_two_factor: Option<bool>,
    new_master_password_hash: Option<String>,
    key: Option<String>,
    authentication_data: Option<AuthData>,
    unlock_data: Option<UnlockData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfBody {
    kdf_type: Option<i64>,
    iterations: Option<i64>,
    memory: Option<i64>,
    parallelism: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthData {
    kdf: Option<KdfBody>,
    master_password_authentication_hash: Option<String>,
    salt: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UnlockData {
    kdf: Option<KdfBody>,
    master_key_wrapped_user_key: Option<String>,
    salt: Option<String>,
}

async fn recover_account(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
    Json(body): Json<RecoverBody>,
) -> ApiResult<StatusCode> {
    let access = org_access(&state, &user, &oid).await?;
    let reset_pw = body.reset_master_password.unwrap_or(false);
    let reset_2fa = body.reset_two_factor.unwrap_or(false);
    if !reset_pw && !reset_2fa {
        return Err(ApiError::bad(
            "At least one recovery action must be requested.",
        ));
    }
    let org = load_org(&state, &access).await?;
    if !super::rows::Features::of(org.plan_type).enterprise {
        return Err(ApiError::bad("Organization does not allow password reset."));
    }
    if !policy_enabled(&state, &org.id, 8).await? {
        return Err(ApiError::bad(
            "Organization does not have the password reset policy enabled.",
        ));
    }
    let m = load_member(&state, &access.org_id, &id).await?;
    recovery_allowed(&access, &m)?;
    if m.reset_password_key.is_none() || !matches!(m.status, 1 | 2 | -1) {
        return Err(ApiError::bad("Organization User not valid."));
    }
    let uid = m
        .user_id
        .clone()
        .ok_or_else(|| ApiError::NotFoundMessage("User not found.".into()))?;
    let stamp = new_id();
    if reset_pw {
        let (hash, key, kdf) = match (&body.authentication_data, &body.unlock_data) {
            (Some(a), Some(u)) => {
                let agree = a.salt == u.salt
                    && a.kdf
                        .as_ref()
                        .map(|k| (k.kdf_type, k.iterations, k.memory, k.parallelism))
                        == u.kdf
                            .as_ref()
                            .map(|k| (k.kdf_type, k.iterations, k.memory, k.parallelism));
                if !agree {
                    return Err(ApiError::bad(
                        "KDF settings and salt must match between authentication and unlock data.",
                    ));
                }
                (
                    a.master_password_authentication_hash.clone(),
                    u.master_key_wrapped_user_key.clone(),
                    u.kdf.as_ref(),
                )
            }
            _ => (
                body.new_master_password_hash.clone(),
                body.key.clone(),
                None,
            ),
        };
        let (Some(hash), Some(key)) = (hash, key) else {
            return Err(ApiError::bad(
                "Master password hash and key are required when resetting master password.",
            ));
        };
        if hash.len() > 300 {
            return Err(ApiError::field(
                "NewMasterPasswordHash",
                "The field NewMasterPasswordHash must be a string with a maximum length of 300.",
            ));
        }
        if !is_enc_string(&key) {
            return Err(ApiError::field(
                "Key",
                "Key is not a valid encrypted string.",
            ));
        }
        sqlx::query(
            "UPDATE users SET master_password_hash = ?, key = ?, force_password_reset = 1, security_stamp = ?, \
             kdf = COALESCE(?, kdf), kdf_iterations = COALESCE(?, kdf_iterations), kdf_memory = ?, kdf_parallelism = ?, revision_date = ? WHERE id = ?",
        )
        .bind(&hash).bind(&key).bind(&stamp)
        .bind(kdf.and_then(|k| k.kdf_type)).bind(kdf.and_then(|k| k.iterations))
        .bind(kdf.and_then(|k| k.memory)).bind(kdf.and_then(|k| k.parallelism))
        .bind(now()).bind(&uid)
        .execute(&state.db).await?;
        execute_for(
            &state.db,
            "DELETE FROM refresh_tokens WHERE user_id = ?",
            &uid,
        )
        .await?;
        log_member_event::<OrgMembers>(&state.db, 1508, &org.id, &m.id, &user.id).await?;
    }
    if reset_2fa {
        sqlx::query(
            "UPDATE users SET totp_secret = NULL, email_2fa = 0, security_stamp = ? WHERE id = ?",
        )
        .bind(&stamp)
        .bind(&uid)
        .execute(&state.db)
        .await?;
        log_member_event::<OrgMembers>(&state.db, 1519, &org.id, &m.id, &user.id).await?;
    }
    Ok(StatusCode::OK)
}

// ---- collections ----

/// The org-scoped tables that the delete routes remove rows from.
#[derive(Clone, Copy)]
enum OrgTable {
    Collections,
    Groups,
}

impl OrgTable {
    fn delete_sql(self) -> &'static str {
        match self {
            OrgTable::Collections => "DELETE FROM collections WHERE id = ? AND organization_id = ?",
            OrgTable::Groups => "DELETE FROM groups WHERE id = ? AND organization_id = ?",
        }
    }

    fn name(self) -> &'static str {
        match self {
            OrgTable::Collections => "collections",
            OrgTable::Groups => "groups",
        }
    }

    /// The event about row `id`: `change` 0 created, 1 updated, 2 deleted
    /// (Collection_Created is 1300, Group_Created 1400).
    fn event<'a>(self, change: i64, org_id: &'a str, id: &'a str) -> NewEvent<'a> {
        let event = NewEvent {
            organization_id: Some(org_id),
            ..Default::default()
        };
        match self {
            OrgTable::Collections => NewEvent {
                kind: 1300 + change,
                collection_id: Some(id),
                ..event
            },
            OrgTable::Groups => NewEvent {
                kind: 1400 + change,
                group_id: Some(id),
                ..event
            },
        }
    }

    /// The "deleted" event for a row of this table.
    fn deleted_event<'a>(
        self,
        org_id: &'a str,
        id: &'a str,
        acting_user_id: &'a str,
    ) -> NewEvent<'a> {
        NewEvent {
            acting_user_id: Some(acting_user_id),
            ..self.event(2, org_id, id)
        }
    }

    /// Opens a write's transaction and in it creates row `id` or, when
    /// `create` is false, renames it; the "created" or "updated" event is
    /// for the caller to log.
    async fn write_named(
        self,
        state: &AppState,
        org_id: &str,
        id: &str,
        name: &str,
        external_id: Option<&str>,
        create: bool,
    ) -> ApiResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        let mut tx = state.db.begin().await?;
        let t = now();
        let table = self.name();
        if create {
            sqlx::query(&format!("INSERT INTO {table} (id, organization_id, name, external_id, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?)"))
                .bind(id).bind(org_id).bind(name).bind(external_id).bind(&t).bind(&t)
                .execute(&mut *tx).await?;
        } else {
            sqlx::query(&format!(
                "UPDATE {table} SET name = ?, external_id = ?, revision_date = ? WHERE id = ?"
            ))
            .bind(name)
            .bind(external_id)
            .bind(&t)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        Ok(tx)
    }
}

/// Deletes one row of an org-scoped table; returns how many rows went (0 or 1).
async fn delete_in_org(
    state: &AppState,
    table: OrgTable,
    org_id: &str,
    id: &str,
) -> ApiResult<u64> {
    let done = sqlx::query(table.delete_sql())
        .bind(id)
        .bind(org_id)
        .execute(&state.db)
        .await?;
    Ok(done.rows_affected())
}

/// The bulk delete routes: deletes each of `body`'s ids from an org-scoped
/// table; an id that is no GUID or not the org's is passed over, not refused.
async fn delete_listed_in_org(
    state: &AppState,
    table: OrgTable,
    org_id: &str,
    body: IdsBody,
) -> ApiResult<()> {
    for id in body.ids.ok_or_else(|| ApiError::required("Ids"))? {
        let id = crate::util::guid(&id).unwrap_or_default();
        delete_in_org(state, table, org_id, &id).await?;
    }
    Ok(())
}

/// Deletes one row of an org-scoped table and logs its event; 404 when there is no such row.
async fn delete_in_org_logged(
    state: &AppState,
    user: &AuthUser,
    table: OrgTable,
    org_id: &str,
    id: &str,
) -> ApiResult<()> {
    if delete_in_org(state, table, org_id, id).await? == 0 {
        return Err(ApiError::NotFound);
    }
    log_event(&state.db, table.deleted_event(org_id, id, &user.id)).await?;
    Ok(())
}

async fn collection_access(
    state: &AppState,
    org_id: &str,
) -> ApiResult<(
    HashMap<String, Vec<Selection>>,
    HashMap<String, Vec<Selection>>,
)> {
    let users: Vec<SelectionRow> = sqlx::query_as(
        "SELECT cu.collection_id, cu.organization_user_id, cu.read_only, cu.hide_passwords, cu.manage FROM collection_users cu \
         JOIN collections c ON c.id = cu.collection_id WHERE c.organization_id = ?",
    )
    .bind(org_id).fetch_all(&state.db).await?;
    let groups: Vec<SelectionRow> = sqlx::query_as(
        "SELECT cg.collection_id, cg.group_id, cg.read_only, cg.hide_passwords, cg.manage FROM collection_groups cg \
         JOIN collections c ON c.id = cg.collection_id WHERE c.organization_id = ?",
    )
    .bind(org_id).fetch_all(&state.db).await?;
    Ok((selections_by_key(users), selections_by_key(groups)))
}

#[derive(sqlx::FromRow)]
struct CollectionRow {
    id: String,
    organization_id: String,
    name: String,
    external_id: Option<String>,
    r#type: i64,
    default_user_collection_email: Option<String>,
}

async fn collection_wires(
    state: &AppState,
    access: &OrgAccess,
    only: Option<&str>,
) -> ApiResult<Vec<CollectionDetails>> {
    let rows: Vec<CollectionRow> = sqlx::query_as(
        "SELECT id, organization_id, name, external_id, type, default_user_collection_email FROM collections \
         WHERE organization_id = ? AND (? IS NULL OR id = ?) ORDER BY name",
    )
    .bind(&access.org_id).bind(only).bind(only)
    .fetch_all(&state.db).await?;
    let (users, groups) = collection_access(state, &access.org_id).await?;
    let mine = access.member_id.clone().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|c| {
            let u = users.get(&c.id).cloned().unwrap_or_default();
            let own = u.iter().find(|s| s.id == mine);
            let manage_any = u.iter().any(|s| s.manage)
                || groups
                    .get(&c.id)
                    .is_some_and(|g| g.iter().any(|s| s.manage));
            CollectionDetails {
                object: "collectionAccessDetails".into(),
                assigned: Some(own.is_some()),
                read_only: own.is_some_and(|s| s.read_only),
                hide_passwords: own.is_some_and(|s| s.hide_passwords),
                manage: own.is_some_and(|s| s.manage),
                unmanaged: Some(!manage_any),
                groups: Some(groups.get(&c.id).cloned().unwrap_or_default()),
                users: Some(u),
                id: c.id,
                organization_id: c.organization_id,
                name: c.name,
                external_id: c.external_id,
                collection_type: c.r#type,
                default_user_collection_email: c.default_user_collection_email,
            }
        })
        .collect())
}

/// One collection's access details as the response, or `missing` when it is not there.
async fn collection_response(
    state: &AppState,
    access: &OrgAccess,
    id: &str,
    missing: ApiError,
) -> ApiResult<Response> {
    let mut list = collection_wires(state, access, Some(id)).await?;
    list.pop().map(|c| ok_json(&c)).ok_or(missing)
}

async fn list_collections(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let list = collection_wires(&state, &access, None)
        .await?
        .into_iter()
        .filter(|c| c.collection_type == 0)
        .map(|c| CollectionDetails {
            object: "collection".into(),
            read_only: false,
            hide_passwords: false,
            manage: false,
            assigned: None,
            unmanaged: None,
            groups: None,
            users: None,
            ..c
        })
        .collect();
    Ok(ok_json(&ListResponse::new(list)))
}

async fn collection_details(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    if !access.is_admin() && !access.manage_collections() {
        return Err(ApiError::NotFound);
    }
    if access.is_provider() {
        log_event(
            &state.db,
            NewEvent {
                kind: 1903,
                organization_id: Some(&access.org_id),
                provider_id: access.provider_id.as_deref(),
                acting_user_id: Some(&user.id),
                ..Default::default()
            },
        )
        .await?;
        log_event(
            &state.db,
            NewEvent {
                kind: 1603,
                organization_id: Some(&access.org_id),
                acting_user_id: Some(&user.id),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(ok_json(&ListResponse::new(
        collection_wires(&state, &access, None).await?,
    )))
}

async fn get_collection(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, cid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let cid = path_id(&cid)?;
    collection_response(&state, &access, &cid, ApiError::NotFound).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CollectionBody {
    name: Option<String>,
    external_id: Option<String>,
    groups: Option<Vec<Selection>>,
    users: Option<Vec<Selection>>,
}

/// Who a collection grant is for: a member (`collection_users`) or a group (`collection_groups`).
#[derive(Clone, Copy)]
enum Grantee {
    Member,
    Group,
}

/// Gives a member or group of the org access to a collection; returns how many
/// rows that wrote (0 when the member or group is not in the org).
async fn grant_access(
    tx: &mut sqlx::SqliteConnection,
    collection_id: &str,
    grantee: Grantee,
    selection: &Selection,
    org_id: &str,
) -> ApiResult<u64> {
    let sql = match grantee {
        Grantee::Member => {
            "INSERT OR REPLACE INTO collection_users (collection_id, organization_user_id, read_only, hide_passwords, manage) \
             SELECT ?, id, ?, ?, ? FROM organization_users WHERE id = ? AND organization_id = ?"
        }
        Grantee::Group => {
            "INSERT OR REPLACE INTO collection_groups (collection_id, group_id, read_only, hide_passwords, manage) \
             SELECT ?, id, ?, ?, ? FROM groups WHERE id = ? AND organization_id = ?"
        }
    };
    let done = sqlx::query(sql)
        .bind(collection_id)
        .bind(selection.read_only)
        .bind(selection.hide_passwords)
        .bind(selection.manage)
        .bind(crate::util::guid(&selection.id).unwrap_or_default())
        .bind(org_id)
        .execute(tx)
        .await?;
    Ok(done.rows_affected())
}

async fn write_collection(
    state: &AppState,
    org_id: &str,
    id: &str,
    body: &CollectionBody,
    create: bool,
) -> ApiResult<()> {
    let name = body
        .name
        .clone()
        .ok_or_else(|| ApiError::required("Name"))?;
    if !is_enc_string(&name) {
        return Err(ApiError::field(
            "Name",
            "Name is not a valid encrypted string.",
        ));
    }
    if name.len() > 1000 {
        return Err(ApiError::field(
            "Name",
            "The field Name exceeds the maximum encrypted value length of 1000 characters.",
        ));
    }
    let table = OrgTable::Collections;
    let mut tx = table
        .write_named(
            state,
            org_id,
            id,
            &name,
            body.external_id.as_deref(),
            create,
        )
        .await?;
    if !create {
        execute_for(
            &mut *tx,
            "DELETE FROM collection_users WHERE collection_id = ?",
            id,
        )
        .await?;
        execute_for(
            &mut *tx,
            "DELETE FROM collection_groups WHERE collection_id = ?",
            id,
        )
        .await?;
    }
    for u in body.users.as_deref().unwrap_or_default() {
        if grant_access(&mut tx, id, Grantee::Member, u, org_id).await? == 0 {
            return Err(ApiError::NotFound);
        }
    }
    for g in body.groups.as_deref().unwrap_or_default() {
        if grant_access(&mut tx, id, Grantee::Group, g, org_id).await? == 0 {
            return Err(ApiError::NotFound);
        }
    }
    log_event(&mut *tx, table.event(i64::from(!create), org_id, id)).await?;
    tx.commit().await?;
    bump_org_members(&state.db, org_id).await?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BulkAccessBody {
    collection_ids: Option<Vec<String>>,
    groups: Option<Vec<Selection>>,
    users: Option<Vec<Selection>>,
}

/// Adds access (never removes) to several collections at once.
async fn bulk_access(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<BulkAccessBody>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_collections).await?;
    let ids = body
        .collection_ids
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::required("CollectionIds"))?;
    let mut tx = state.db.begin().await?;
    for cid in &ids {
        let cid = crate::util::guid(cid).ok_or(ApiError::NotFound)?;
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM collections WHERE id = ? AND organization_id = ?")
                .bind(&cid)
                .bind(&access.org_id)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            return Err(ApiError::NotFound);
        }
        for u in body.users.as_deref().unwrap_or_default() {
            grant_access(&mut tx, &cid, Grantee::Member, u, &access.org_id).await?;
        }
        for g in body.groups.as_deref().unwrap_or_default() {
            grant_access(&mut tx, &cid, Grantee::Group, g, &access.org_id).await?;
        }
    }
    tx.commit().await?;
    bump_org_members(&state.db, &access.org_id).await?;
    Ok(StatusCode::OK)
}

async fn create_collection(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<CollectionBody>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_collections).await?;
    let id = new_id();
    write_collection(&state, &access.org_id, &id, &body, true).await?;
    collection_response(&state, &access, &id, ApiError::Internal).await
}

async fn update_collection(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, cid)): Path<(String, String)>,
    Json(body): Json<CollectionBody>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let cid = path_id(&cid)?;
    if !access.manage_collections()
        || collection_wires(&state, &access, Some(&cid))
            .await?
            .is_empty()
    {
        return Err(ApiError::NotFound);
    }
    write_collection(&state, &access.org_id, &cid, &body, false).await?;
    collection_response(&state, &access, &cid, ApiError::Internal).await
}

async fn delete_collection(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, cid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_collections).await?;
    let cid = path_id(&cid)?;
    delete_in_org_logged(&state, &user, OrgTable::Collections, &access.org_id, &cid).await?;
    bump_org_members(&state.db, &access.org_id).await?;
    Ok(StatusCode::OK)
}

async fn bulk_delete_collections(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<IdsBody>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_collections).await?;
    delete_listed_in_org(&state, OrgTable::Collections, &access.org_id, body).await?;
    bump_org_members(&state.db, &access.org_id).await?;
    Ok(StatusCode::OK)
}

// ---- groups ----

async fn group_wires(
    state: &AppState,
    org_id: &str,
    details: bool,
    only: Option<&str>,
) -> ApiResult<Vec<Group>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, organization_id, name, external_id FROM groups WHERE organization_id = ? AND (? IS NULL OR id = ?) ORDER BY name",
    )
    .bind(org_id).bind(only).bind(only)
    .fetch_all(&state.db).await?;
    let access = if details {
        Some(collection_access(state, org_id).await?.1)
    } else {
        None
    };
    Ok(rows
        .into_iter()
        .map(|g| {
            let collections = access.as_ref().map(|by_col| {
                by_col
                    .iter()
                    .flat_map(|(cid, sels)| {
                        sels.iter().filter(|s| s.id == g.0).map(move |s| Selection {
                            id: cid.clone(),
                            ..s.clone()
                        })
                    })
                    .collect()
            });
            Group {
                object: if details { "groupDetails" } else { "group" }.into(),
                id: g.0,
                organization_id: g.1,
                name: g.2,
                external_id: g.3,
                collections,
            }
        })
        .collect())
}

/// One group's details as the response, or `missing` when it is not there.
async fn group_response(
    state: &AppState,
    org_id: &str,
    id: &str,
    missing: ApiError,
) -> ApiResult<Response> {
    group_wires(state, org_id, true, Some(id))
        .await?
        .pop()
        .map(|g| ok_json(&g))
        .ok_or(missing)
}

async fn list_groups(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    Ok(ok_json(&ListResponse::new(
        group_wires(&state, &access.org_id, false, None).await?,
    )))
}

async fn group_details(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    if !access.manage_groups() && !access.manage_users() {
        return Err(ApiError::NotFound);
    }
    Ok(ok_json(&ListResponse::new(
        group_wires(&state, &access.org_id, true, None).await?,
    )))
}

async fn get_group(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, gid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let gid = path_id(&gid)?;
    group_response(&state, &access.org_id, &gid, ApiError::NotFound).await
}

async fn group_users(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, gid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let gid = path_id(&gid)?;
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT gu.organization_user_id FROM group_users gu JOIN groups g ON g.id = gu.group_id WHERE g.id = ? AND g.organization_id = ?",
    )
    .bind(&gid).bind(&access.org_id).fetch_all(&state.db).await?;
    Ok(ok_json(&rows.into_iter().map(|r| r.0).collect::<Vec<_>>()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupBody {
    name: Option<String>,
    external_id: Option<String>,
    collections: Option<Vec<Selection>>,
    users: Option<Vec<String>>,
}

async fn write_group(
    state: &AppState,
    org_id: &str,
    id: &str,
    body: &GroupBody,
    create: bool,
) -> ApiResult<()> {
    let name = required_text(body.name.clone(), "Name")?;
    if name.len() > 100 {
        return Err(ApiError::field(
            "Name",
            "The field Name must be a string with a maximum length of 100.",
        ));
    }
    let table = OrgTable::Groups;
    let mut tx = table
        .write_named(
            state,
            org_id,
            id,
            &name,
            body.external_id.as_deref(),
            create,
        )
        .await?;
    if !create {
        execute_for(
            &mut *tx,
            "DELETE FROM collection_groups WHERE group_id = ?",
            id,
        )
        .await?;
        if body.users.is_some() {
            execute_for(&mut *tx, "DELETE FROM group_users WHERE group_id = ?", id).await?;
        }
    }
    for c in body.collections.as_deref().unwrap_or_default() {
        sqlx::query(
            "INSERT OR REPLACE INTO collection_groups (collection_id, group_id, read_only, hide_passwords, manage) \
             SELECT id, ?, ?, ?, ? FROM collections WHERE id = ? AND organization_id = ?",
        )
        .bind(id).bind(c.read_only).bind(c.hide_passwords).bind(c.manage)
        .bind(crate::util::guid(&c.id).unwrap_or_default()).bind(org_id)
        .execute(&mut *tx).await?;
    }
    for u in body.users.as_deref().unwrap_or_default() {
        sqlx::query("INSERT OR IGNORE INTO group_users (group_id, organization_user_id) SELECT ?, id FROM organization_users WHERE id = ? AND organization_id = ?")
            .bind(id).bind(crate::util::guid(u).unwrap_or_default()).bind(org_id)
            .execute(&mut *tx).await?;
    }
    log_event(&mut *tx, table.event(i64::from(!create), org_id, id)).await?;
    tx.commit().await?;
    Ok(())
}

async fn create_group(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<GroupBody>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_groups).await?;
    let id = new_id();
    write_group(&state, &access.org_id, &id, &body, true).await?;
    group_response(&state, &access.org_id, &id, ApiError::Internal).await
}

async fn update_group(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, gid)): Path<(String, String)>,
    Json(body): Json<GroupBody>,
) -> ApiResult<Response> {
    let access = org_access(&state, &user, &oid).await?;
    let gid = path_id(&gid)?;
    if !access.manage_groups()
        || group_wires(&state, &access.org_id, false, Some(&gid))
            .await?
            .is_empty()
    {
        return Err(ApiError::NotFound);
    }
    write_group(&state, &access.org_id, &gid, &body, false).await?;
    group_response(&state, &access.org_id, &gid, ApiError::Internal).await
}

async fn delete_group(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, gid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_groups).await?;
    let gid = path_id(&gid)?;
    delete_in_org_logged(&state, &user, OrgTable::Groups, &access.org_id, &gid).await?;
    Ok(StatusCode::OK)
}

async fn bulk_delete_groups(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Json(body): Json<IdsBody>,
) -> ApiResult<StatusCode> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_groups).await?;
    delete_listed_in_org(&state, OrgTable::Groups, &access.org_id, body).await?;
    Ok(StatusCode::OK)
}

// ---- policies ----

/// (id, org id, type, enabled, data, revision date)
type PolicyRow = (String, String, i64, bool, Option<String>, String);

const POLICY_SQL: &str = "SELECT id, organization_id, type, enabled, data, revision_date FROM policies WHERE organization_id = ?";

async fn policy_by_type(state: &AppState, org_id: &str, kind: i64) -> ApiResult<Option<PolicyRow>> {
    Ok(sqlx::query_as(&format!("{POLICY_SQL} AND type = ?"))
        .bind(org_id)
        .bind(kind)
        .fetch_optional(&state.db)
        .await?)
}

/// Whether the org has a policy of this type turned on.
async fn policy_enabled(state: &AppState, org_id: &str, kind: i64) -> ApiResult<bool> {
    Ok(policy_by_type(state, org_id, kind)
        .await?
        .is_some_and(|r| r.3))
}

fn policy_wire(r: PolicyRow, with_toggle: bool) -> Policy {
    Policy {
        object: "policy".into(),
        id: r.0,
        organization_id: r.1,
        policy_type: r.2,
        data: Some(
            r.4.and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or_else(|| serde_json::json!({})),
        ),
        enabled: r.3,
        revision_date: Some(r.5),
        can_toggle_state: with_toggle.then_some(true),
    }
}

async fn list_policies(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_policies).await?;
    let rows: Vec<PolicyRow> = sqlx::query_as(&format!("{POLICY_SQL} ORDER BY type"))
        .bind(&access.org_id)
        .fetch_all(&state.db)
        .await?;
    Ok(ok_json(&ListResponse::new(
        rows.into_iter().map(|r| policy_wire(r, true)).collect(),
    )))
}

fn policy_type(t: &str) -> ApiResult<i64> {
    t.parse::<i64>()
        .ok()
        .filter(|t| (0..=22).contains(t))
        .ok_or(ApiError::NotFound)
}

async fn get_policy(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, ptype)): Path<(String, String)>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_policies).await?;
    let kind = policy_type(&ptype)?;
    let row = policy_by_type(&state, &access.org_id, kind)
        .await?
        .unwrap_or_else(|| (new_id(), access.org_id.clone(), kind, false, None, now()));
    Ok(ok_json(&policy_wire(row, true)))
}

async fn put_policy(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, ptype)): Path<(String, String)>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::manage_policies).await?;
    let kind = policy_type(&ptype)?;
    // Both shapes: `{"policy":{enabled,data},"metadata":…}` (v2026.4.1+) and the bare `{enabled,data}`.
    let inner = body
        .get("policy")
        .filter(|p| p.is_object())
        .unwrap_or(&body);
    let enabled = inner
        .get("enabled")
        .and_then(|v| v.as_bool())
        .ok_or_else(|| ApiError::required("Enabled"))?;
    let data = inner
        .get("data")
        .filter(|d| !d.is_null())
        .map(|d| d.to_string());
    if kind == 8 && enabled && !policy_enabled(&state, &access.org_id, 3).await? {
        return Err(ApiError::bad(
            "Turn on the Single organization policy because it is required for the Account recovery administration policy.",
        ));
    }
    if kind == 3 && !enabled && policy_enabled(&state, &access.org_id, 8).await? {
        return Err(ApiError::bad(
            "Turn off the Account recovery administration policy before turning off the Single organization policy.",
        ));
    }
    let t = now();
    sqlx::query(
        "INSERT INTO policies (id, organization_id, type, enabled, data, revision_date) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT(organization_id, type) DO UPDATE SET enabled = excluded.enabled, data = excluded.data, revision_date = excluded.revision_date",
    )
    .bind(new_id()).bind(&access.org_id).bind(kind).bind(enabled).bind(&data).bind(&t)
    .execute(&state.db).await?;
    let row = policy_by_type(&state, &access.org_id, kind)
        .await?
        .ok_or(ApiError::Internal)?;
    log_event(
        &state.db,
        NewEvent {
            kind: 1700,
            organization_id: Some(&access.org_id),
            policy_id: Some(&row.0),
            acting_user_id: Some(&user.id),
            ..Default::default()
        },
    )
    .await?;
    bump_org_members(&state.db, &access.org_id).await?;
    Ok(ok_json(&policy_wire(row, false)))
}

// ---- events ----

#[derive(Deserialize, Default)]
pub struct EventQuery {
    start: Option<String>,
    end: Option<String>,
    #[serde(rename = "continuationToken")]
    continuation_token: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    r#type: i64,
    date: String,
    user_id: Option<String>,
    organization_id: Option<String>,
    provider_id: Option<String>,
    cipher_id: Option<String>,
    collection_id: Option<String>,
    group_id: Option<String>,
    policy_id: Option<String>,
    organization_user_id: Option<String>,
    provider_user_id: Option<String>,
    provider_organization_id: Option<String>,
    acting_user_id: Option<String>,
    device_type: Option<i64>,
    ip_address: Option<String>,
    system_user: Option<i64>,
}

const PAGE: i64 = 50;

/// Pages events newest first; the token is `<date>|<seq>` of the last item, opaque to clients.
async fn events(
    state: &AppState,
    column: &str,
    value: &str,
    extra: Option<(&str, &str)>,
    q: EventQuery,
) -> ApiResult<Response> {
    let start = match q.start.as_deref() {
        Some(text) => Some(crate::util::parse_date(text).ok_or_else(|| {
            ApiError::field("start", format!("The value '{text}' is not valid."))
        })?),
        None => None,
    };
    let today = chrono::Utc::now().date_naive();
    let (mut start, mut end) = match (start, q.end.as_deref().and_then(crate::util::parse_date)) {
        (Some(s), Some(e)) => (s, e),
        _ => (
            (today - chrono::Duration::days(30))
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
                .unwrap_or_default(),
            today
                .and_hms_milli_opt(23, 59, 59, 999)
                .map(|d| d.and_utc())
                .unwrap_or_default(),
        ),
    };
    if start > end {
        std::mem::swap(&mut start, &mut end);
    }
    if end - start > chrono::Duration::days(367) {
        return Err(ApiError::bad("Range too large."));
    }
    let paging = state.event_paging.lock().map(|p| *p).unwrap_or_default();
    let token_in = match paging {
        EventPaging::SamePage => None,
        _ => q.continuation_token.as_deref(),
    };
    let (cursor_date, cursor_seq) = match token_in {
        Some(t) if paging == EventPaging::DateOnly => (t.to_string(), i64::MAX),
        Some(t) => {
            let (d, s) = t
                .split_once('|')
                .ok_or_else(|| ApiError::bad("Invalid continuation token."))?;
            (
                d.to_string(),
                s.parse::<i64>()
                    .map_err(|_| ApiError::bad("Invalid continuation token."))?,
            )
        }
        None => (crate::util::fmt_date(end), i64::MAX),
    };
    let extra_sql = extra
        .map(|(c, _)| format!(" AND {c} = ?"))
        .unwrap_or_default();
    let sql = format!(
        "SELECT * FROM events WHERE {column} = ?{extra_sql} AND date >= ? AND date <= ? \
         AND (date < ? OR (date = ? AND seq < ?)) ORDER BY date DESC, seq DESC LIMIT ?"
    );
    let mut query = sqlx::query_as::<_, EventRow>(&sql).bind(value);
    if let Some((_, v)) = extra {
        query = query.bind(v);
    }
    let rows = query
        .bind(crate::util::fmt_date(start))
        .bind(crate::util::fmt_date(end))
        .bind(&cursor_date)
        .bind(&cursor_date)
        .bind(cursor_seq)
        .bind(PAGE + 1)
        .fetch_all(&state.db)
        .await?;
    let more = rows.len() as i64 > PAGE;
    let page: Vec<&EventRow> = rows.iter().take(PAGE as usize).collect();
    let token = if more {
        page.last().map(|r| match paging {
            EventPaging::Exact => format!("{}|{}", r.date, r.seq),
            EventPaging::DateOnly => r.date.clone(),
            EventPaging::SamePage => format!("fresh-{}", rand::random::<u32>()),
        })
    } else {
        None
    };
    let data = page
        .into_iter()
        .map(|r| Event {
            object: "event".into(),
            event_type: r.r#type,
            user_id: r.user_id.clone(),
            organization_id: r.organization_id.clone(),
            provider_id: r.provider_id.clone(),
            cipher_id: r.cipher_id.clone(),
            collection_id: r.collection_id.clone(),
            group_id: r.group_id.clone(),
            policy_id: r.policy_id.clone(),
            organization_user_id: r.organization_user_id.clone(),
            provider_user_id: r.provider_user_id.clone(),
            provider_organization_id: r.provider_organization_id.clone(),
            acting_user_id: r.acting_user_id.clone(),
            date: r.date.clone(),
            device_type: r.device_type,
            ip_address: r.ip_address.clone(),
            system_user: r.system_user,
            ..Default::default()
        })
        .collect();
    let mut list = ListResponse::new(data);
    list.continuation_token = token;
    Ok(ok_json(&list))
}

/// The provider id for the provider event routes: provider admins only, else 404.
fn provider_event_reader(user: &AuthUser, pid: &str) -> ApiResult<String> {
    crate::util::guid(pid)
        .filter(|pid| user.is_provider_admin(pid))
        .ok_or(ApiError::NotFound)
}

async fn org_events(
    State(state): State<S>,
    user: AuthUser,
    Path(oid): Path<String>,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::access_events).await?;
    events(&state, "organization_id", &access.org_id, None, q).await
}

async fn member_events(
    State(state): State<S>,
    user: AuthUser,
    Path((oid, id)): Path<(String, String)>,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    let access = org_access_with(&state, &user, &oid, OrgAccess::access_events).await?;
    let m = load_member(&state, &access.org_id, &id).await?;
    let acting = m.user_id.clone().unwrap_or_else(|| m.id.clone());
    events(
        &state,
        "organization_id",
        &access.org_id,
        Some(("acting_user_id", &acting)),
        q,
    )
    .await
}

pub async fn provider_events(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    let pid = provider_event_reader(&user, &pid)?;
    events(&state, "provider_id", &pid, None, q).await
}

pub async fn provider_user_events(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, id)): Path<(String, String)>,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    let pid = provider_event_reader(&user, &pid)?;
    let id = path_id(&id)?;
    events(
        &state,
        "provider_id",
        &pid,
        Some(("provider_user_id", &id)),
        q,
    )
    .await
}

/// `GET events`: the caller's own events.
pub async fn user_events(
    State(state): State<S>,
    user: AuthUser,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    events(&state, "acting_user_id", &user.id, None, q).await
}

pub async fn cipher_events(
    State(state): State<S>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
    let id = path_id(&id)?;
    let org: Option<(Option<String>,)> =
        sqlx::query_as("SELECT organization_id FROM ciphers WHERE id = ?")
            .bind(&id)
            .fetch_optional(&state.db)
            .await?;
    let org = org.and_then(|o| o.0).ok_or(ApiError::NotFound)?;
    let access = org_access_with(&state, &user, &org, OrgAccess::access_events).await?;
    events(
        &state,
        "organization_id",
        &access.org_id,
        Some(("cipher_id", &id)),
        q,
    )
    .await
}
