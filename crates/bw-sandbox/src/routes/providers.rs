//! Provider routes: provider, client organizations (consolidated billing),
//! provider users, provider events, billing.

use super::roster::{self, Roster, log_member_event};
use super::rows::{OrgRow, org_by_id};
use super::{AppState, IdsBody, NewEvent, S, execute_for, log_event, ok_json, required_text};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::util::{is_enc_string, new_id, now, plan_name};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use bw_api::wire::ListResponse;
use bw_api::wire::billing::{
    BillingAddress, Invoice, Invoices, ProviderPlan, ProviderSubscription, ProviderWarnings,
    TaxIdWarning, TaxInformation,
};
use bw_api::wire::clients::{AddableOrganization, ProviderOrganization};
use bw_api::wire::providers::{Provider, ProviderUser};
use serde::Deserialize;

pub fn routes() -> Router<S> {
    Router::new()
        .route(
            "/providers/{pid}",
            get(get_provider).put(update_provider).post(update_provider),
        )
        .route("/providers/{pid}/organizations", get(organizations))
        .route(
            "/providers/{pid}/organizations/{poid}",
            axum::routing::delete(remove_client),
        )
        .route(
            "/providers/{pid}/organizations/{poid}/delete",
            post(remove_client),
        )
        .route("/providers/{pid}/organizations/add", post(add_legacy))
        .route("/providers/{pid}/clients", post(create_client))
        .route("/providers/{pid}/clients/{poid}", put(update_client))
        .route("/providers/{pid}/clients/addable", get(addable))
        .route("/providers/{pid}/clients/existing", post(add_existing))
        .route(
            "/providers/{pid}/users",
            get(list_users).delete(roster::bulk::<ProviderUsers>(UserAction::Remove)),
        )
        .route(
            "/providers/{pid}/users/delete",
            post(roster::bulk::<ProviderUsers>(UserAction::Remove)),
        )
        .route("/providers/{pid}/users/invite", post(invite_users))
        .route(
            "/providers/{pid}/users/reinvite",
            post(roster::bulk::<ProviderUsers>(UserAction::Reinvite)),
        )
        .route("/providers/{pid}/users/public-keys", post(user_public_keys))
        .route(
            "/providers/{pid}/users/confirm",
            post(roster::bulk_confirm::<ProviderUsers>),
        )
        .route(
            "/providers/{pid}/users/{id}",
            get(get_user)
                .put(update_user)
                .post(update_user)
                .delete(roster::single::<ProviderUsers>(UserAction::Remove)),
        )
        .route(
            "/providers/{pid}/users/{id}/delete",
            post(roster::single::<ProviderUsers>(UserAction::Remove)),
        )
        .route(
            "/providers/{pid}/users/{id}/reinvite",
            post(roster::single::<ProviderUsers>(UserAction::Reinvite)),
        )
        .route(
            "/providers/{pid}/users/{id}/confirm",
            post(roster::confirm::<ProviderUsers>),
        )
        .route(
            "/providers/{pid}/users/{id}/events",
            get(super::orgs::provider_user_events),
        )
        .route("/providers/{pid}/events", get(super::orgs::provider_events))
        .route("/providers/{pid}/billing/subscription", get(subscription))
        .route("/providers/{pid}/billing/invoices", get(invoices))
        .route("/providers/{pid}/billing/invoices/{iid}", get(invoice_csv))
        .route(
            "/providers/{pid}/billing/vnext/address",
            get(get_address).put(put_address),
        )
        .route("/providers/{pid}/billing/vnext/warnings", get(warnings))
}

/// `[Authorize<ProviderUserRequirement>]`: any confirmed provider user, else 403.
pub fn provider_user(user: &AuthUser, pid: &str) -> ApiResult<String> {
    crate::util::guid(pid)
        .filter(|pid| user.is_provider_user(pid))
        .ok_or(ApiError::Forbidden)
}

/// `[Authorize<ProviderAdminRequirement>]`.
pub fn provider_admin(user: &AuthUser, pid: &str) -> ApiResult<String> {
    crate::util::guid(pid)
        .filter(|pid| user.is_provider_admin(pid))
        .ok_or(ApiError::Forbidden)
}

#[derive(sqlx::FromRow)]
struct ProviderRow {
    id: String,
    name: String,
    business_name: Option<String>,
    billing_email: Option<String>,
    r#type: i64,
    status: i64,
    teams_minimum: i64,
    enterprise_minimum: i64,
    address: String,
    creation_date: String,
}

async fn load_provider(state: &AppState, pid: &str) -> ApiResult<ProviderRow> {
    sqlx::query_as(
        "SELECT id, name, business_name, billing_email, type, status, teams_minimum, enterprise_minimum, address, creation_date \
         FROM providers WHERE id = ?",
    )
    .bind(pid)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound)
}

/// `Provider.IsBillable()`: an MSP or business unit with consolidated
/// billing (status 2, Billable).
fn is_billable(p: &ProviderRow) -> bool {
    matches!(p.r#type, 0 | 2) && p.status == 2
}

/// ProviderClientsController's `TryGetBillableProviderAsync`, after the
/// `[Authorize]` (403) and `[SelfHosted]` (400) checks: 404 for an unknown
/// provider, an empty 401 for one without consolidated billing. (It would
/// be a 500 without Stripe, which the sandbox's cloud always has.)
async fn billable_for_clients(state: &AppState, pid: &str) -> ApiResult<ProviderRow> {
    let provider = load_provider(state, pid).await?;
    if !is_billable(&provider) {
        return Err(ApiError::UnauthorizedEmpty);
    }
    Ok(provider)
}

/// Who may call a provider billing route.
#[derive(Clone, Copy)]
enum BillingRole {
    /// Provider admins only.
    Admin,
    /// Any confirmed provider user (service users too).
    AnyUser,
}

impl BillingRole {
    fn allows(self, user: &AuthUser, pid: &str) -> bool {
        match self {
            BillingRole::Admin => user.is_provider_admin(pid),
            BillingRole::AnyUser => user.is_provider_user(pid),
        }
    }
}

/// ProviderBillingController's routes (subscription, invoices) go through
/// `BaseProviderController.TryGetBillableProviderAsync`, with no
/// `[Authorize]` requirement and no `[SelfHosted]` filter: 404 for an
/// unknown provider, 401 "Unauthorized." for a caller without the role or a
/// provider without consolidated billing, 500 when the provider has no
/// Stripe customer and subscription, which is always so self-hosted.
async fn billable_for_billing(
    state: &AppState,
    user: &AuthUser,
    pid: &str,
    role: BillingRole,
) -> ApiResult<ProviderRow> {
    let pid = crate::util::guid(pid).ok_or(ApiError::NotFound)?;
    let provider = load_provider(state, &pid).await?;
    if !role.allows(user, &pid) || !is_billable(&provider) {
        return Err(ApiError::Unauthorized("Unauthorized.".into()));
    }
    if state.self_hosted() {
        return Err(ApiError::something_went_wrong());
    }
    Ok(provider)
}

/// ProviderBillingVNextController's routes: the controller's `[SelfHosted]`
/// filter (400) runs before the action's `[InjectProvider]`, which answers
/// 404 "Provider not found." and 401 "Unauthorized.". No billable check.
async fn vnext_provider(
    state: &AppState,
    user: &AuthUser,
    pid: &str,
    role: BillingRole,
) -> ApiResult<ProviderRow> {
    state.cloud_only()?;
    let pid = crate::util::guid(pid).ok_or(ApiError::NotFound)?;
    let provider = match load_provider(state, &pid).await {
        Err(ApiError::NotFound) => {
            return Err(ApiError::NotFoundMessage("Provider not found.".into()));
        }
        other => other?,
    };
    if !role.allows(user, &pid) {
        return Err(ApiError::Unauthorized("Unauthorized.".into()));
    }
    Ok(provider)
}

async fn get_provider(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let pid = provider_user(&user, &pid)?;
    let p = load_provider(&state, &pid).await?;
    Ok(ok_json(&Provider {
        object: "provider".into(),
        id: p.id,
        name: p.name,
        business_name: p.business_name,
        billing_email: p.billing_email,
        creation_date: p.creation_date,
        provider_type: p.r#type,
        ..Default::default()
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateProviderBody {
    name: Option<String>,
    business_name: Option<String>,
    billing_email: Option<String>,
}

/// `PUT providers/{id}` (`ProviderUpdateRequestModel`): the whole model is
/// validated first. The cloud then writes all three fields (a missing
/// business name clears it, as the model's `ToProvider` does); a
/// self-hosted server writes none of them, they come from the licence.
async fn update_provider(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<UpdateProviderBody>,
) -> ApiResult<Response> {
    let pid = provider_admin(&user, &pid)?;
    let mut model = super::ModelState::default();
    let (name, business, email) = (
        body.name.as_deref(),
        body.business_name.as_deref(),
        body.billing_email.as_deref(),
    );
    model.required("Name", name);
    model.max_length(
        "Name",
        name,
        50,
        Some("The field Name exceeds the maximum length."),
    );
    model.max_length(
        "BusinessName",
        business,
        50,
        Some("The field Business Name exceeds the maximum length."),
    );
    model.email("BillingEmail", email);
    model.required("BillingEmail", email);
    model.max_length("BillingEmail", email, 256, None);
    model.finish()?;
    load_provider(&state, &pid).await?;
    if !state.self_hosted() {
        sqlx::query(
            "UPDATE providers SET name = ?, business_name = ?, billing_email = ?, revision_date = ? WHERE id = ?",
        )
        .bind(name)
        .bind(business)
        .bind(email.map(|e| e.trim().to_lowercase()))
        .bind(now())
        .bind(&pid)
        .execute(&state.db)
        .await?;
    }
    get_provider(State(state), user, Path(pid)).await
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    po_id: String,
    provider_id: String,
    organization_id: String,
    name: String,
    key: Option<String>,
    settings: Option<String>,
    creation_date: String,
    revision_date: String,
    seats: Option<i64>,
    plan_type: i64,
    user_count: i64,
    occupied: i64,
}

const CLIENTS_SQL: &str = "SELECT po.id AS po_id, po.provider_id, po.organization_id, o.name, po.key, po.settings, \
     po.creation_date, po.revision_date, o.seats, o.plan_type, \
     (SELECT COUNT(*) FROM organization_users ou WHERE ou.organization_id = o.id AND ou.status = 2) AS user_count, \
     (SELECT COUNT(*) FROM organization_users ou WHERE ou.organization_id = o.id AND ou.status IN (0, 1, 2)) AS occupied \
     FROM provider_organizations po JOIN organizations o ON o.id = po.organization_id WHERE po.provider_id = ?";

async fn organizations(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let pid = provider_user(&user, &pid)?;
    let rows: Vec<ClientRow> = sqlx::query_as(&format!("{CLIENTS_SQL} ORDER BY o.name"))
        .bind(&pid)
        .fetch_all(&state.db)
        .await?;
    let data = rows
        .into_iter()
        .map(|r| ProviderOrganization {
            object: "providerOrganizationOrganizationDetail".into(),
            id: r.po_id,
            provider_id: r.provider_id,
            organization_id: r.organization_id,
            organization_name: r.name,
            key: r.key,
            settings: r.settings,
            creation_date: r.creation_date,
            revision_date: r.revision_date,
            user_count: Some(r.user_count),
            occupied_seats: Some(r.occupied),
            remaining_seats: r.seats.map(|s| s - r.occupied),
            seats: r.seats,
            plan: Some(plan_name(r.plan_type).to_string()),
        })
        .collect();
    Ok(ok_json(&ListResponse::new(data)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyPairBody {
    public_key: Option<String>,
    encrypted_private_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateClientBody {
    name: Option<String>,
    owner_email: Option<String>,
    plan_type: Option<i64>,
    seats: Option<i64>,
    key: Option<String>,
    key_pair: Option<KeyPairBody>,
    collection_name: Option<String>,
}

async fn create_client(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<CreateClientBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let name = required_text(body.name, "Name")?;
    if name.len() > 50 {
        return Err(ApiError::field(
            "Name",
            "The field Name must be a string with a maximum length of 50.",
        ));
    }
    let owner = body
        .owner_email
        .filter(|e| e.contains('@'))
        .ok_or_else(|| ApiError::required("OwnerEmail"))?;
    let plan = body
        .plan_type
        .ok_or_else(|| ApiError::required("PlanType"))?;
    if ![17, 19, 20].contains(&plan) {
        return Err(ApiError::field(
            "PlanType",
            "Only Teams (Monthly) and Enterprise plans are allowed for clients.",
        ));
    }
    let seats = body.seats.ok_or_else(|| ApiError::required("Seats"))?;
    if seats < 1 {
        return Err(ApiError::field(
            "Seats",
            "The field Seats must be between 1 and 2147483647.",
        ));
    }
    let key = body
        .key
        .filter(|k| is_enc_string(k))
        .ok_or_else(|| ApiError::required("Key"))?;
    let kp = body.key_pair.ok_or_else(|| ApiError::required("KeyPair"))?;
    let public_key = kp
        .public_key
        .ok_or_else(|| ApiError::required("KeyPair.PublicKey"))?;
    let private_key = kp
        .encrypted_private_key
        .filter(|k| is_enc_string(k))
        .ok_or_else(|| ApiError::required("KeyPair.EncryptedPrivateKey"))?;
    let collection_name = body
        .collection_name
        .filter(|k| is_enc_string(k))
        .ok_or_else(|| ApiError::required("CollectionName"))?;
    // Model validation runs before the `[SelfHosted]` filter, the billable check after it.
    state.cloud_only()?;
    let provider = billable_for_clients(&state, &pid).await?;
    let (org_id, ou_id, col_id, t) = (new_id(), new_id(), new_id(), now());
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO organizations (id, name, billing_email, plan_type, seats, status, public_key, private_key, creation_date, revision_date) \
         VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?)",
    )
    .bind(&org_id).bind(&name).bind(provider.billing_email.as_deref().unwrap_or(&owner)).bind(plan).bind(seats)
    .bind(&public_key).bind(&private_key).bind(&t).bind(&t)
    .execute(&mut *tx).await?;
    let po_id = insert_client_link(&mut tx, &pid, &org_id, &key, &t).await?;
    sqlx::query("INSERT INTO collections (id, organization_id, name, creation_date, revision_date) VALUES (?, ?, ?, ?, ?)")
        .bind(&col_id).bind(&org_id).bind(&collection_name).bind(&t).bind(&t)
        .execute(&mut *tx).await?;
    sqlx::query("INSERT INTO organization_users (id, organization_id, email, type, status, creation_date, revision_date) VALUES (?, ?, ?, 0, 0, ?, ?)")
        .bind(&ou_id).bind(&org_id).bind(crate::util::normalize_email(&owner)).bind(&t).bind(&t)
        .execute(&mut *tx).await?;
    sqlx::query("INSERT INTO collection_users (collection_id, organization_user_id, manage) VALUES (?, ?, 1)")
        .bind(&col_id).bind(&ou_id)
        .execute(&mut *tx).await?;
    log_client_event(&mut *tx, 1900, &pid, &org_id, &po_id, &user.id).await?;
    tx.commit().await?;
    state.note_effect("create_client");
    Ok(StatusCode::OK)
}

/// Makes organization `org_id` a client of provider `pid` (a new
/// `provider_organizations` row holding the org key wrapped by the provider
/// key); returns the new row's id.
async fn insert_client_link(
    tx: &mut sqlx::SqliteConnection,
    pid: &str,
    org_id: &str,
    key: &str,
    t: &str,
) -> ApiResult<String> {
    let po_id = new_id();
    sqlx::query("INSERT INTO provider_organizations (id, provider_id, organization_id, key, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&po_id).bind(pid).bind(org_id).bind(key).bind(t).bind(t)
        .execute(tx).await?;
    Ok(po_id)
}

/// Logs an event about a provider's client organization.
async fn log_client_event<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    kind: i64,
    pid: &str,
    org_id: &str,
    provider_org_id: &str,
    acting_user_id: &str,
) -> ApiResult<()> {
    log_event(
        db,
        NewEvent {
            kind,
            provider_id: Some(pid),
            organization_id: Some(org_id),
            provider_organization_id: Some(provider_org_id),
            acting_user_id: Some(acting_user_id),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

async fn client_by_po(state: &AppState, pid: &str, poid: &str) -> ApiResult<ClientRow> {
    super::scoped_row(state, &format!("{CLIENTS_SQL} AND po.id = ?"), pid, poid).await
}

/// Seats assigned across the provider's active clients, per tier: (Teams, Enterprise).
async fn assigned_seats(state: &AppState, pid: &str) -> ApiResult<(i64, i64)> {
    let rows: Vec<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT o.seats, o.plan_type FROM provider_organizations po JOIN organizations o ON o.id = po.organization_id \
         WHERE po.provider_id = ? AND o.status = 2",
    )
    .bind(pid)
    .fetch_all(&state.db)
    .await?;
    let mut seats = (0, 0);
    for (assigned, plan) in rows {
        if crate::util::product_tier(plan) == 3 {
            seats.1 += assigned.unwrap_or(0);
        } else {
            seats.0 += assigned.unwrap_or(0);
        }
    }
    Ok(seats)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateClientBody {
    assigned_seats: Option<i64>,
    name: Option<String>,
}

async fn update_client(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, poid)): Path<(String, String)>,
    Json(body): Json<UpdateClientBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_user(&user, &pid)?;
    let seats = body
        .assigned_seats
        .ok_or_else(|| ApiError::required("AssignedSeats"))?;
    let name = required_text(body.name, "Name")?;
    if seats < 0 {
        return Err(ApiError::field(
            "AssignedSeats",
            "You cannot assign negative seats to a client.",
        ));
    }
    state.cloud_only()?;
    let provider = billable_for_clients(&state, &pid).await?;
    let client = client_by_po(&state, &pid, &poid).await?;
    let org = org_by_id(&state.db, &client.organization_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Only a Managed client has its seats on the provider's subscription.
    if org.status != 2 {
        return Err(ApiError::something_went_wrong());
    }
    if seats < client.occupied {
        return Err(ApiError::bad(format!(
            "You cannot reduce the number of seats below the {} seats in use by this client.",
            client.occupied
        )));
    }
    let enterprise = crate::util::product_tier(org.plan_type) == 3;
    let minimum = if enterprise {
        provider.enterprise_minimum
    } else {
        provider.teams_minimum
    };
    let current = org.seats.unwrap_or(0);
    let (teams_assigned, enterprise_assigned) = assigned_seats(&state, &pid).await?;
    let assigned = if enterprise {
        enterprise_assigned
    } else {
        teams_assigned
    };
    let after = assigned - current + seats;
    // Growing past the purchased minimum buys seats, which a service user may not do.
    if seats > current && after > minimum.max(assigned) && !user.is_provider_admin(&pid) {
        return Err(ApiError::Unauthorized(
            "Service users cannot purchase additional seats.".into(),
        ));
    }
    let t = now();
    sqlx::query("UPDATE organizations SET seats = ?, name = ?, revision_date = ? WHERE id = ?")
        .bind(seats)
        .bind(&name)
        .bind(&t)
        .bind(&org.id)
        .execute(&state.db)
        .await?;
    state.note_effect("update_client");
    sqlx::query("UPDATE provider_organizations SET revision_date = ? WHERE id = ?")
        .bind(&t)
        .bind(&client.po_id)
        .execute(&state.db)
        .await?;
    Ok(StatusCode::OK)
}

/// The organizations `user` could add to a provider of `provider_type`
/// (`Organization_ReadAddableToProviderByUserId`): confirmed Owner, enabled,
/// with seats and its own subscription (status Created), no provider yet,
/// and a Teams or Enterprise plan (Enterprise only for a business unit).
async fn addable_orgs(
    state: &AppState,
    user_id: &str,
    provider_type: i64,
) -> ApiResult<Vec<OrgRow>> {
    let plans = if provider_type == 2 {
        "4, 5, 10, 11, 14, 15, 19, 20"
    } else {
        "2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20"
    };
    let rows = sqlx::query_as(&format!(
        "SELECT o.* FROM organizations o JOIN organization_users ou ON ou.organization_id = o.id \
         WHERE ou.user_id = ? AND ou.status = 2 AND ou.type = 0 AND o.enabled = 1 AND o.seats > 0 AND o.status = 1 \
         AND o.id NOT IN (SELECT organization_id FROM provider_organizations) AND o.plan_type IN ({plans}) ORDER BY o.name",
    ))
    .bind(user_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows)
}

async fn addable(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let pid = provider_user(&user, &pid)?;
    state.cloud_only()?;
    let provider = billable_for_clients(&state, &pid).await?;
    let list: Vec<AddableOrganization> = addable_orgs(&state, &user.id, provider.r#type)
        .await?
        .into_iter()
        .map(|o| AddableOrganization {
            id: o.id,
            name: o.name,
            plan: plan_name(o.plan_type).into(),
            seats: o.seats,
            disabled: !o.enabled,
        })
        .collect();
    Ok(ok_json(&list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddExistingBody {
    organization_id: Option<String>,
    key: Option<String>,
}

/// `POST providers/{id}/clients/existing` (consolidated billing): the
/// caller must own the organization (else an empty 401) and it must be
/// addable (else 404); it becomes a Managed client.
async fn add_existing(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<AddExistingBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let org_id = body
        .organization_id
        .and_then(|o| crate::util::guid(&o))
        .ok_or_else(|| ApiError::required("OrganizationId"))?;
    let key = body
        .key
        .filter(|k| is_enc_string(k))
        .ok_or_else(|| ApiError::required("Key"))?;
    state.cloud_only()?;
    let provider = billable_for_clients(&state, &pid).await?;
    let owner: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM organization_users WHERE organization_id = ? AND user_id = ? AND status = 2 AND type = 0",
    )
    .bind(&org_id).bind(&user.id)
    .fetch_optional(&state.db).await?;
    if owner.is_none() {
        return Err(ApiError::UnauthorizedEmpty);
    }
    // An organization that already has a provider is not addable either.
    let addable = addable_orgs(&state, &user.id, provider.r#type).await?;
    if !addable.iter().any(|o| o.id == org_id) {
        return Err(ApiError::NotFound);
    }
    let t = now();
    let mut tx = state.db.begin().await?;
    let po_id = insert_client_link(&mut tx, &pid, &org_id, &key, &t).await?;
    execute_for(
        &mut *tx,
        "UPDATE organizations SET status = 2 WHERE id = ?",
        &org_id,
    )
    .await?;
    log_client_event(&mut *tx, 1901, &pid, &org_id, &po_id, &user.id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

/// `POST providers/{id}/organizations/add`, the pre-consolidated-billing
/// way (ProviderOrganizationsController.Add, ProviderService.AddOrganization):
/// the caller must be an owner of the organization (404 otherwise, the
/// legacy "not allowed"), which must have no provider and a plan the
/// provider type may manage. The organization keeps its status and its own
/// subscription and takes the provider's billing e-mail. The real route has
/// no `[SelfHosted]` filter and no billable check, so neither has this one.
async fn add_legacy(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<AddExistingBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let mut model = super::ModelState::default();
    model.required("Key", body.key.as_deref());
    model.finish()?;
    let Some(key) = body.key else {
        return Err(ApiError::required("Key"));
    };
    // `OrganizationId` is a Guid: a missing one binds as Guid.Empty, which
    // nobody owns (404); text that is no GUID fails JSON conversion (400).
    let org_id = match body.organization_id.as_deref() {
        None => return Err(ApiError::NotFound),
        Some(text) => crate::util::guid(text).ok_or_else(|| {
            ApiError::field(
                "$.organizationId",
                "The JSON value could not be converted to System.Guid. Path: $.organizationId.",
            )
        })?,
    };
    let access = super::org_access(&state, &user, &org_id).await?;
    if !access.is_owner() {
        return Err(ApiError::NotFound);
    }
    let has_provider: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM provider_organizations WHERE organization_id = ?")
            .bind(&org_id)
            .fetch_optional(&state.db)
            .await?;
    if has_provider.is_some() {
        return Err(ApiError::bad("Organization already belongs to a provider."));
    }
    let org = org_by_id(&state.db, &org_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let provider = load_provider(&state, &pid).await?;
    check_plan_for_provider(provider.r#type, org.plan_type)?;
    // (Refused next on the real server: an organization subscribed to
    // Secrets Manager. The sandbox has none.)
    let t = now();
    let mut tx = state.db.begin().await?;
    let po_id = insert_client_link(&mut tx, &pid, &org_id, &key, &t).await?;
    sqlx::query(
        "UPDATE organizations SET billing_email = COALESCE(?, billing_email), revision_date = ? WHERE id = ?",
    )
    .bind(&provider.billing_email)
    .bind(&t)
    .bind(&org_id)
    .execute(&mut *tx)
    .await?;
    log_client_event(&mut *tx, 1901, &pid, &org_id, &po_id, &user.id).await?;
    tx.commit().await?;
    state.note_effect("add_organization");
    Ok(StatusCode::OK)
}

/// `ProviderService.ThrowOnInvalidPlanType`: the plans each provider type
/// may take on through the legacy add route, refused with the server's
/// sentences (which name the `PlanType` enum member).
fn check_plan_for_provider(provider_type: i64, plan_type: i64) -> ApiResult<()> {
    let plan = crate::util::plan_type_enum_name(plan_type);
    let refusal = match provider_type {
        0 if !matches!(plan_type, 17 | 19) => format!(
            "Managed Service Providers cannot manage organizations with the plan type {plan}. \
             Only Teams (Monthly) and Enterprise (Monthly) are allowed."
        ),
        2 if !matches!(plan_type, 19 | 20) => format!(
            "Business Unit Providers cannot manage organizations with the plan type {plan}. \
             Only Enterprise (Monthly) and Enterprise (Annually) are allowed."
        ),
        1 if matches!(plan_type, 0 | 1 | 7 | 22) => format!(
            "Providers cannot manage organizations with the requested plan type ({plan}). \
             Only Teams and Enterprise accounts are allowed."
        ),
        0..=2 => return Ok(()),
        other => format!("Unsupported provider type {other}."),
    };
    Err(ApiError::bad(refusal))
}

async fn remove_client(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, poid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let client = client_by_po(&state, &pid, &poid).await?;
    if super::rows::confirmed_owners(&state.db, &client.organization_id).await? == 0 {
        return Err(ApiError::bad(
            "Organization must have at least one confirmed owner.",
        ));
    }
    execute_for(
        &state.db,
        "DELETE FROM provider_organizations WHERE id = ?",
        &client.po_id,
    )
    .await?;
    execute_for(
        &state.db,
        "UPDATE organizations SET status = 1 WHERE id = ?",
        &client.organization_id,
    )
    .await?;
    log_client_event(
        &state.db,
        1902,
        &pid,
        &client.organization_id,
        &client.po_id,
        &user.id,
    )
    .await?;
    Ok(StatusCode::OK)
}

// ---- provider users ----

#[derive(sqlx::FromRow)]
struct ProviderUserRow {
    id: String,
    user_id: Option<String>,
    r#type: i64,
    status: i64,
    permissions: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

const PU_SQL: &str = "SELECT pu.id, pu.user_id, pu.type, pu.status, pu.permissions, u.name, COALESCE(u.email, pu.email) AS email \
     FROM provider_users pu LEFT JOIN users u ON u.id = pu.user_id WHERE pu.provider_id = ?";

fn pu_wire(r: ProviderUserRow, details: bool) -> ProviderUser {
    ProviderUser {
        object: if details {
            "providerUserUserDetails"
        } else {
            "providerUser"
        }
        .into(),
        id: r.id,
        user_id: r.user_id,
        user_type: r.r#type,
        status: r.status,
        permissions: r.permissions.and_then(|p| serde_json::from_str(&p).ok()),
        name: details.then_some(r.name),
        email: if details { r.email } else { None },
    }
}

async fn list_users(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let pid = provider_admin(&user, &pid)?;
    let rows: Vec<ProviderUserRow> = sqlx::query_as(&format!("{PU_SQL} ORDER BY email"))
        .bind(&pid)
        .fetch_all(&state.db)
        .await?;
    Ok(ok_json(&ListResponse::new(
        rows.into_iter().map(|r| pu_wire(r, true)).collect(),
    )))
}

async fn load_pu(state: &AppState, pid: &str, id: &str) -> ApiResult<ProviderUserRow> {
    super::scoped_row(state, &format!("{PU_SQL} AND pu.id = ?"), pid, id).await
}

async fn get_user(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let pid = provider_admin(&user, &pid)?;
    Ok(ok_json(&pu_wire(load_pu(&state, &pid, &id).await?, false)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InviteBody {
    emails: Option<Vec<String>>,
    #[serde(rename = "type")]
    kind: Option<i64>,
}

async fn invite_users(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<InviteBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let emails =
        roster::invite_emails(body.emails, "You can only invite up to 20 users at a time.")?;
    let kind = body
        .kind
        .filter(|k| matches!(k, 0 | 1))
        .ok_or_else(|| ApiError::required("Type"))?;
    for email in emails {
        let email = roster::invite_address(&email)?;
        let id = new_id();
        sqlx::query("INSERT INTO provider_users (id, provider_id, email, type, status, creation_date) VALUES (?, ?, ?, ?, 0, ?)")
            .bind(&id).bind(&pid).bind(&email).bind(kind).bind(now())
            .execute(&state.db).await?;
        log_member_event::<ProviderUsers>(&state.db, 1800, &pid, &id, &user.id).await?;
    }
    Ok(StatusCode::OK)
}

/// Refuses to demote or remove the provider's last confirmed ProviderAdmin.
async fn ensure_another_admin(state: &AppState, pid: &str) -> ApiResult<()> {
    let admins: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM provider_users WHERE provider_id = ? AND type = 0 AND status = 2",
    )
    .bind(pid)
    .fetch_one(&state.db)
    .await?;
    if admins.0 <= 1 {
        return Err(ApiError::bad(
            "Provider must have at least one confirmed ProviderAdmin.",
        ));
    }
    Ok(())
}

/// Only invited (not yet accepted) provider users can be re-invited.
async fn reinvite_one(state: &AppState, pid: &str, id: &str) -> ApiResult<()> {
    let pu = load_pu(state, pid, id).await?;
    if pu.status != 0 {
        return Err(ApiError::bad("User invalid."));
    }
    Ok(())
}

/// The provider-user operations that have both a single and a bulk route.
#[derive(Clone, Copy)]
enum UserAction {
    Reinvite,
    Remove,
}

/// A provider's users, for the routes shared with organization members.
struct ProviderUsers;

impl Roster for ProviderUsers {
    /// The provider id.
    type Access = String;
    type Action = UserAction;
    const BULK_OBJECT: &'static str = "providerUserBulkResponseModel";

    async fn authorize(_: &AppState, user: &AuthUser, pid: &str) -> ApiResult<String> {
        provider_admin(user, pid)
    }

    async fn apply(
        action: UserAction,
        state: &AppState,
        user: &AuthUser,
        pid: &String,
        id: &str,
    ) -> ApiResult<()> {
        match action {
            UserAction::Reinvite => reinvite_one(state, pid, id).await,
            UserAction::Remove => remove_one(state, user, pid, id).await,
        }
    }

    async fn confirm(
        state: &AppState,
        user: &AuthUser,
        pid: &String,
        id: &str,
        key: Option<&str>,
    ) -> ApiResult<()> {
        confirm_one(state, user, pid, id, key).await
    }

    /// Bulk re-invite takes absent ids as none; bulk removal requires them.
    fn bulk_ids(action: UserAction, body: IdsBody) -> ApiResult<Vec<String>> {
        match action {
            UserAction::Reinvite => Ok(body.ids.unwrap_or_default()),
            UserAction::Remove => body.ids.ok_or_else(|| ApiError::required("Ids")),
        }
    }

    fn failure(action: Option<UserAction>, _: &ApiError) -> &'static str {
        match action {
            Some(UserAction::Remove) => "Invalid user.",
            Some(UserAction::Reinvite) | None => "User invalid.",
        }
    }

    fn event_subject<'a>(pid: &'a str, provider_user_id: &'a str) -> NewEvent<'a> {
        NewEvent {
            provider_id: Some(pid),
            provider_user_id: Some(provider_user_id),
            ..Default::default()
        }
    }
}

async fn user_public_keys(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<IdsBody>,
) -> ApiResult<Response> {
    let pid = provider_admin(&user, &pid)?;
    let keys = super::public_keys_of(
        &state,
        "SELECT pu.id, u.id, u.public_key FROM provider_users pu JOIN users u ON u.id = pu.user_id \
         WHERE pu.provider_id = ? AND pu.id = ? AND pu.status = 1",
        &pid,
        body.ids.unwrap_or_default(),
        "providerUserPublicKeyResponseModel",
    )
    .await?;
    Ok(ok_json(&ListResponse::new(keys)))
}

async fn confirm_one(
    state: &AppState,
    user: &AuthUser,
    pid: &str,
    id: &str,
    key: Option<&str>,
) -> ApiResult<()> {
    let key = key
        .filter(|k| is_enc_string(k))
        .ok_or_else(|| ApiError::required("Key"))?;
    let pu = load_pu(state, pid, id).await?;
    if pu.status != 1 || pu.user_id.is_none() {
        return Err(ApiError::bad("User invalid."));
    }
    sqlx::query("UPDATE provider_users SET status = 2, key = ? WHERE id = ?")
        .bind(key)
        .bind(&pu.id)
        .execute(&state.db)
        .await?;
    log_member_event::<ProviderUsers>(&state.db, 1801, pid, &pu.id, &user.id).await?;
    Ok(())
}

#[derive(Deserialize)]
struct TypeBody {
    #[serde(rename = "type")]
    kind: Option<i64>,
}

async fn update_user(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, id)): Path<(String, String)>,
    Json(body): Json<TypeBody>,
) -> ApiResult<StatusCode> {
    let pid = provider_admin(&user, &pid)?;
    let kind = body
        .kind
        .filter(|k| matches!(k, 0 | 1))
        .ok_or_else(|| ApiError::required("Type"))?;
    let pu = load_pu(&state, &pid, &id).await?;
    if pu.r#type == 0 && kind != 0 {
        ensure_another_admin(&state, &pid).await?;
    }
    sqlx::query("UPDATE provider_users SET type = ? WHERE id = ?")
        .bind(kind)
        .bind(&pu.id)
        .execute(&state.db)
        .await?;
    log_member_event::<ProviderUsers>(&state.db, 1802, &pid, &pu.id, &user.id).await?;
    Ok(StatusCode::OK)
}

async fn remove_one(state: &AppState, user: &AuthUser, pid: &str, id: &str) -> ApiResult<()> {
    let pu = load_pu(state, pid, id).await?;
    if pu.user_id.as_deref() == Some(user.id.as_str()) {
        return Err(ApiError::bad("Invalid user."));
    }
    if pu.r#type == 0 && pu.status == 2 {
        ensure_another_admin(state, pid).await?;
    }
    execute_for(&state.db, "DELETE FROM provider_users WHERE id = ?", &pu.id).await?;
    log_member_event::<ProviderUsers>(&state.db, 1803, pid, &pu.id, &user.id).await?;
    Ok(())
}

// ---- billing ----

async fn subscription(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let p = billable_for_billing(&state, &user, &pid, BillingRole::AnyUser).await?;
    let pid = p.id.clone();
    let (teams_assigned, enterprise_assigned) = assigned_seats(&state, &pid).await?;
    let mut plans = Vec::new();
    for (enterprise, plan_type, minimum, assigned, cost) in [
        (true, 20i64, p.enterprise_minimum, enterprise_assigned, 6.0),
        (false, 17, p.teams_minimum, teams_assigned, 4.0),
    ] {
        let purchased = (assigned - minimum).max(0);
        plans.push(ProviderPlan {
            plan_name: plan_name(plan_type).into(),
            plan_type,
            product_tier: if enterprise { 3 } else { 2 },
            seat_minimum: minimum,
            purchased_seats: purchased,
            assigned_seats: assigned,
            cost: cost * (minimum + purchased) as f64,
            cadence: "Monthly".into(),
        });
    }
    let address: BillingAddress = serde_json::from_str(&p.address).unwrap_or_default();
    Ok(ok_json(&ProviderSubscription {
        status: "active".into(),
        current_period_end_date: Some(crate::util::fmt_date(
            chrono::Utc::now() + chrono::Duration::days(20),
        )),
        discount_percentage: None,
        collection_method: "send_invoice".into(),
        plans,
        account_credit: 0.0,
        tax_information: Some(TaxInformation {
            country: Some(address.country),
            postal_code: Some(address.postal_code),
            tax_id: address.tax_id.as_ref().map(|t| t.value.clone()),
            tax_id_type: address.tax_id.map(|t| t.code),
            line1: address.line1,
            line2: address.line2,
            city: address.city,
            state: address.state,
        }),
        cancel_at: None,
        suspension: None,
        provider_type: p.r#type,
        payment_source: None,
    }))
}

async fn invoices(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let pid = billable_for_billing(&state, &user, &pid, BillingRole::Admin)
        .await?
        .id;
    let rows: Vec<(String, String, String, f64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, number, date, total, status, due_date FROM invoices WHERE provider_id = ? ORDER BY date DESC",
    )
    .bind(&pid)
    .fetch_all(&state.db)
    .await?;
    let base = state.base_url.clone();
    Ok(ok_json(&Invoices {
        invoices: rows
            .into_iter()
            .map(|r| Invoice {
                url: format!("{base}/invoices/{}", r.0),
                id: r.0,
                number: r.1,
                date: r.2,
                total: r.3,
                status: r.4,
                due_date: r.5,
            })
            .collect(),
    }))
}

/// One invoice's per-client report, as the bytes stored: `text/csv` with
/// no file name (the server answers `TypedResults.File(bytes, "text/csv")`),
/// 404 "Resource not found." for an invoice that is not this provider's.
async fn invoice_csv(
    State(state): State<S>,
    user: AuthUser,
    Path((pid, iid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let pid = billable_for_billing(&state, &user, &pid, BillingRole::Admin)
        .await?
        .id;
    let row: (String,) =
        sqlx::query_as("SELECT csv FROM invoices WHERE provider_id = ? AND id = ?")
            .bind(&pid)
            .bind(&iid)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound)?;
    let mut r = (StatusCode::OK, row.0).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv"));
    Ok(r)
}

async fn get_address(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let p = vnext_provider(&state, &user, &pid, BillingRole::Admin).await?;
    let address: BillingAddress = serde_json::from_str(&p.address).unwrap_or_default();
    Ok(ok_json(&address))
}

async fn put_address(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
    Json(body): Json<BillingAddress>,
) -> ApiResult<Response> {
    // The request model's `[Required]` fields are checked before the filters run.
    let mut model = super::ModelState::default();
    model.required("Country", Some(&body.country));
    model.required("PostalCode", Some(&body.postal_code));
    model.finish()?;
    let pid = vnext_provider(&state, &user, &pid, BillingRole::Admin)
        .await?
        .id;
    sqlx::query("UPDATE providers SET address = ? WHERE id = ?")
        .bind(serde_json::to_string(&body).unwrap_or_default())
        .bind(&pid)
        .execute(&state.db)
        .await?;
    Ok(ok_json(&body))
}

/// `GET providers/{id}/billing/vnext/warnings` (any provider user), as
/// `GetProviderWarningsQuery` decides:
/// - no subscription (a provider without consolidated billing): no warnings;
/// - suspension: only for a disabled provider, and sandbox providers are
///   never disabled for non-payment, so none;
/// - tax id: for provider admins only, never for a US customer (tax is
///   collected there without one), `tax_id_missing` when the billing
///   address has no tax id. Bitwarden warns only where it is registered for
///   tax; the sandbox takes it to be registered in every other country, and
///   a stored tax id as verified.
async fn warnings(
    State(state): State<S>,
    user: AuthUser,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let p = vnext_provider(&state, &user, &pid, BillingRole::AnyUser).await?;
    let mut warnings = ProviderWarnings::default();
    if !is_billable(&p) {
        return Ok(ok_json(&warnings));
    }
    let address: BillingAddress = serde_json::from_str(&p.address).unwrap_or_default();
    let country = address.country.trim();
    let taxed_elsewhere = !country.is_empty() && !country.eq_ignore_ascii_case("US");
    if taxed_elsewhere
        && user.is_provider_admin(&p.id)
        && address
            .tax_id
            .as_ref()
            .is_none_or(|t| t.value.trim().is_empty())
    {
        warnings.tax_id = Some(TaxIdWarning {
            warning_type: "tax_id_missing".into(),
        });
    }
    Ok(ok_json(&warnings))
}
