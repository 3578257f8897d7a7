//! Database rows and their wire forms.

use crate::util::{plan_name, product_tier};
use bw_api::wire::account::ProfileOrganization;
use bw_api::wire::ciphers::CipherDetails;
use bw_api::wire::members::Permissions;
use serde_json::Value;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub kdf: i64,
    pub kdf_iterations: i64,
    pub kdf_memory: Option<i64>,
    pub kdf_parallelism: Option<i64>,
    pub master_password_hash: String,
    pub key: String,
    pub public_key: String,
    pub private_key: String,
    pub security_stamp: String,
    pub premium: bool,
    pub totp_secret: Option<String>,
    pub email_2fa: bool,
    pub api_key: String,
    pub user_key_id: Option<String>,
    pub verify_devices: bool,
    pub force_password_reset: bool,
    pub avatar_color: Option<String>,
    pub creation_date: String,
    pub revision_date: String,
}

impl UserRow {
    pub fn two_factor_enabled(&self) -> bool {
        self.totp_secret.is_some() || self.email_2fa
    }
}

pub async fn user_by_id(db: &sqlx::SqlitePool, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn user_by_email(
    db: &sqlx::SqlitePool,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM users WHERE email = ?")
        .bind(crate::util::normalize_email(email))
        .fetch_optional(db)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub billing_email: String,
    pub plan_type: i64,
    pub seats: Option<i64>,
    pub status: i64,
    pub enabled: bool,
    pub public_key: Option<String>,
    pub private_key: Option<String>,
    pub allow_admin_access_all: bool,
    pub max_collections: Option<i64>,
    pub max_storage_gb: Option<i64>,
    pub business_name: Option<String>,
}

pub async fn org_by_id(db: &sqlx::SqlitePool, id: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM organizations WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// How many confirmed owners an organization has.
pub async fn confirmed_owners(db: &sqlx::SqlitePool, org_id: &str) -> Result<i64, sqlx::Error> {
    let n: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM organization_users WHERE organization_id = ? AND type = 0 AND status = 2",
    )
    .bind(org_id)
    .fetch_one(db)
    .await?;
    Ok(n.0)
}

/// Plan features by product tier (Enterprise has everything, Teams the team features).
#[derive(Debug, Clone, Copy)]
pub struct Features {
    pub enterprise: bool,
    pub teams: bool,
}

impl Features {
    pub fn of(plan_type: i64) -> Self {
        let tier = product_tier(plan_type);
        Features {
            enterprise: tier == 3,
            teams: tier == 2 || tier == 3 || tier == 4,
        }
    }
}

/// Fills the shared base of `profileOrganization` / `profileProviderOrganization` from an org.
pub fn profile_org_base(org: &OrgRow) -> ProfileOrganization {
    let f = Features::of(org.plan_type);
    ProfileOrganization {
        object: "profileOrganization".into(),
        id: org.id.clone(),
        name: org.name.clone(),
        enabled: org.enabled,
        product_tier_type: Some(i64::from(product_tier(org.plan_type))),
        has_public_and_private_keys: org.public_key.is_some() && org.private_key.is_some(),
        seats: org.seats,
        max_collections: org.max_collections,
        max_storage_gb: org.max_storage_gb.or(Some(1)),
        use_policies: f.enterprise,
        use_sso: f.enterprise,
        use_key_connector: f.enterprise,
        use_scim: f.enterprise,
        use_groups: f.teams,
        use_directory: f.teams,
        use_events: f.teams,
        use_totp: true,
        use_2fa: true,
        use_api: f.teams,
        use_reset_password: f.enterprise,
        use_secrets_manager: false,
        use_password_manager: true,
        users_get_premium: true,
        use_custom_permissions: f.enterprise,
        use_activate_autofill_policy: f.enterprise,
        use_risk_insights: f.enterprise,
        use_organization_domains: f.enterprise,
        use_admin_sponsored_families: false,
        use_automatic_user_confirmation: false,
        self_host: false,
        limit_collection_creation: false,
        limit_collection_deletion: false,
        limit_item_deletion: false,
        allow_admin_access_to_all_collection_items: org.allow_admin_access_all,
        ..Default::default()
    }
}

/// `GET organizations/{id}` (`OrganizationResponseModel`).
pub fn organization_json(org: &OrgRow) -> Value {
    let f = Features::of(org.plan_type);
    serde_json::json!({
        "object": "organization",
        "id": org.id,
        "identifier": null,
        "name": org.name,
        "businessName": org.business_name,
        "businessAddress1": null, "businessAddress2": null, "businessAddress3": null,
        "businessCountry": null, "businessTaxNumber": null,
        "billingEmail": org.billing_email,
        "plan": {
            "object": "plan",
            "type": org.plan_type,
            "productTier": product_tier(org.plan_type),
            "name": plan_name(org.plan_type),
            "isAnnual": matches!(org.plan_type, 3 | 5 | 9 | 11 | 13 | 15 | 18 | 20),
        },
        "secretsManagerPlan": null,
        "planType": org.plan_type,
        "seats": org.seats,
        "maxAutoscaleSeats": null,
        "maxCollections": org.max_collections,
        "maxStorageGb": org.max_storage_gb.or(Some(1)),
        "usePolicies": f.enterprise, "useSso": f.enterprise, "useKeyConnector": f.enterprise,
        "useScim": f.enterprise, "useGroups": f.teams, "useDirectory": f.teams, "useEvents": f.teams,
        "useTotp": true, "use2fa": true, "useApi": f.teams, "useResetPassword": f.enterprise,
        "useSecretsManager": false, "usePasswordManager": true, "usersGetPremium": true,
        "useCustomPermissions": f.enterprise, "useActivateAutofillPolicy": f.enterprise,
        "useRiskInsights": f.enterprise, "useOrganizationDomains": f.enterprise,
        "useAdminSponsoredFamilies": false, "useAutomaticUserConfirmation": false,
        "selfHost": false,
        "hasPublicAndPrivateKeys": org.public_key.is_some() && org.private_key.is_some(),
        "smSeats": null, "smServiceAccounts": null,
        "maxAutoscaleSmSeats": null, "maxAutoscaleSmServiceAccounts": null,
        "limitCollectionCreation": false, "limitCollectionDeletion": false, "limitItemDeletion": false,
        "allowAdminAccessToAllCollectionItems": org.allow_admin_access_all,
    })
}

pub fn parse_permissions(text: Option<&str>) -> Permissions {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CipherRow {
    pub id: String,
    pub user_id: Option<String>,
    pub organization_id: Option<String>,
    pub r#type: i64,
    pub data: String,
    pub key: Option<String>,
    pub reprompt: i64,
    pub folder_id: Option<String>,
    pub favorite: bool,
    pub creation_date: String,
    pub revision_date: String,
    pub deleted_date: Option<String>,
}

/// The encrypted fields a cipher keeps in its `data` column.
pub const CIPHER_FIELDS: &[&str] = &[
    "name",
    "notes",
    "login",
    "card",
    "identity",
    "secureNote",
    "sshKey",
    "fields",
    "passwordHistory",
];

pub fn cipher_wire(row: &CipherRow, collection_ids: Vec<String>, details: bool) -> CipherDetails {
    let data: serde_json::Map<String, Value> = serde_json::from_str(&row.data).unwrap_or_default();
    let get = |k: &str| data.get(k).cloned().filter(|v| !v.is_null());
    let str_of = |k: &str| data.get(k).and_then(|v| v.as_str()).map(String::from);
    // `data` carries the type-specific payload plus name/notes/fields, as the server's CipherData.
    let mut payload = serde_json::Map::new();
    let specific = match row.r#type {
        1 => "login",
        2 => "secureNote",
        3 => "card",
        4 => "identity",
        5 => "sshKey",
        _ => "",
    };
    if let Some(Value::Object(obj)) = data.get(specific) {
        for (k, v) in obj {
            payload.insert(k.clone(), v.clone());
        }
    }
    for k in ["name", "notes", "fields", "passwordHistory"] {
        payload.insert(k.into(), data.get(k).cloned().unwrap_or(Value::Null));
    }
    CipherDetails {
        object: if details {
            "cipherDetails"
        } else {
            "cipherMiniDetails"
        }
        .into(),
        id: row.id.clone(),
        organization_id: row.organization_id.clone(),
        cipher_type: row.r#type,
        data: Some(Value::Object(payload).to_string()),
        name: str_of("name"),
        notes: str_of("notes"),
        login: get("login"),
        card: get("card"),
        identity: get("identity"),
        secure_note: get("secureNote"),
        ssh_key: get("sshKey"),
        fields: get("fields"),
        password_history: get("passwordHistory"),
        attachments: None,
        organization_use_totp: true,
        revision_date: Some(row.revision_date.clone()),
        creation_date: row.creation_date.clone(),
        deleted_date: row.deleted_date.clone(),
        archived_date: None,
        reprompt: row.reprompt,
        key: row.key.clone(),
        folder_id: details.then(|| row.folder_id.clone()),
        favorite: details.then_some(row.favorite),
        edit: details.then_some(true),
        view_password: details.then_some(true),
        permissions: details.then(|| serde_json::json!({"delete": true, "restore": true})),
        collection_ids,
    }
}
