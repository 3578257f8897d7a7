//! What front ends show, read from the snapshot (online or not). Plain data:
//! never a key, token or password unless the caller asked to reveal one.

use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::portal::{SeatLevel, is_stale, seat_level, seat_percent};
use crate::time::{iso8601, now_ms};
use bw_crypto::{EncString, SymmetricKey, cipher};
use desk_cache::{ClientRow, ClientSource};
use serde::Serialize;
use serde_json::Value;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Seats {
    // i32: seat counts fit, and JavaScript numbers hold them exactly.
    pub assigned: Option<i32>,
    pub used: Option<i32>,
    pub remaining: Option<i32>,
}

/// Bitwarden's product tiers (`productTierType`).
fn tier_name(tier: i64) -> Option<&'static str> {
    match tier {
        0 => Some("Free"),
        1 => Some("Families"),
        2 => Some("Teams"),
        3 => Some("Enterprise"),
        4 => Some("Teams Starter"),
        _ => None,
    }
}

fn seat_count(n: Option<i64>) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX }))
}

/// One row of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientView {
    /// The provider-organization id (the provider routes' id); the
    /// organization id for organizations administered directly.
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub plan: Option<String>,
    pub seats: Seats,
    /// `provider` or `direct`.
    pub source: String,
    /// Sync health: `synced`, `error` (previous data kept) or `never_synced`.
    pub status: String,
    /// When the details were last synced in full (ISO 8601), if ever.
    pub synced_at: Option<String>,
    /// When the client list last contained this client (ISO 8601).
    pub listed_at: String,
    pub last_error: Option<String>,
    /// Not synced in full for more than a week (or never): the dashboard's rule.
    pub stale: bool,
    /// Used of assigned, whole percent; `None` without both figures.
    pub seat_percent: Option<u32>,
    pub seat_level: SeatLevel,
}

impl ClientView {
    pub(crate) fn of(row: &ClientRow, now: i64) -> Self {
        let list = &row.list;
        let mut view = ClientView {
            id: list
                .provider_organization_id
                .clone()
                .unwrap_or_else(|| list.organization_id.clone()),
            organization_id: list.organization_id.clone(),
            name: list.name.clone(),
            // Direct orgs come from the profile, which names the product
            // tier rather than the plan.
            plan: list
                .plan
                .clone()
                .or_else(|| match (&list.source, list.plan_type) {
                    (ClientSource::Direct, Some(tier)) => tier_name(tier).map(str::to_owned),
                    _ => None,
                }),
            seats: Seats {
                assigned: seat_count(list.seats),
                used: seat_count(list.occupied_seats),
                remaining: seat_count(list.remaining_seats),
            },
            source: match list.source {
                ClientSource::Provider => "provider",
                ClientSource::Direct => "direct",
            }
            .to_owned(),
            status: match (&row.last_error, row.synced_at) {
                (Some(_), _) => "error",
                (None, Some(_)) => "synced",
                (None, None) => "never_synced",
            }
            .to_owned(),
            synced_at: row.synced_at.map(iso8601),
            listed_at: iso8601(row.listed_at),
            last_error: row.last_error.as_ref().map(|e| e.message.clone()),
            stale: is_stale(row.synced_at, now),
            seat_percent: None,
            seat_level: SeatLevel::Unknown,
        };
        view.rate_seats();
        view
    }

    /// Derives the percent and level from `seats` (again after they change).
    fn rate_seats(&mut self) {
        self.seat_percent = seat_percent(self.seats.assigned, self.seats.used);
        self.seat_level = seat_level(self.seats.assigned, self.seats.used);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// owner, admin, user, custom (or `type_<n>` for values newer than us).
    pub role: String,
    /// invited, accepted, confirmed, revoked, staged (or `status_<n>`).
    pub status: String,
    pub two_factor_enabled: bool,
    pub recovery_enrolled: bool,
}

fn role_name(n: i64) -> String {
    match n {
        0 => "owner".into(),
        1 => "admin".into(),
        2 => "user".into(),
        4 => "custom".into(),
        other => format!("type_{other}"),
    }
}

fn status_name(n: i64) -> String {
    match n {
        -1 => "revoked".into(),
        0 => "invited".into(),
        1 => "accepted".into(),
        2 => "confirmed".into(),
        3 => "staged".into(),
        other => format!("status_{other}"),
    }
}

/// A vault item, decrypted for display. Passwords only when asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: String,
    /// login, secure_note, card, identity, ssh_key (or `type_<n>`).
    #[serde(rename = "type")]
    pub item_type: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub uris: Vec<String>,
    pub password: Option<String>,
    /// Why the item could not be decrypted (the list still shows the rest).
    pub error: Option<String>,
}

fn item_type_name(n: i64) -> String {
    match n {
        1 => "login".into(),
        2 => "secure_note".into(),
        3 => "card".into(),
        4 => "identity".into(),
        5 => "ssh_key".into(),
        other => format!("type_{other}"),
    }
}

impl Core {
    pub async fn client_views(&self) -> Result<Vec<ClientView>, AppError> {
        let rows = self.clients().await?;
        let now = now_ms();
        let mut views: Vec<ClientView> = rows.iter().map(|r| ClientView::of(r, now)).collect();
        // The profile gives directly administered orgs their seats but not
        // the seats in use: count them from the synced members (Bitwarden
        // counts every member who is not revoked).
        let guard = self.unlocked.read().await;
        let unlocked = guard.as_ref().ok_or_else(locked)?;
        for (view, row) in views.iter_mut().zip(&rows) {
            if row.list.source != ClientSource::Direct
                || view.seats.used.is_some()
                || row.synced_at.is_none()
            {
                continue;
            }
            let counts = unlocked
                .session
                .snapshot
                .member_counts(&row.list.organization_id)
                .await?;
            let used = seat_count(Some(
                counts.invited + counts.accepted + counts.confirmed + counts.other,
            ));
            view.seats.used = used;
            view.seats.remaining = match (view.seats.assigned, used) {
                (Some(assigned), Some(used)) => Some(assigned.saturating_sub(used)),
                _ => None,
            };
            view.rate_seats();
        }
        Ok(views)
    }

    /// Finds a client by organization id, provider-organization id, or a
    /// case-insensitive name (exact first, then a unique part of the name).
    pub async fn find_client(&self, query: &str) -> Result<ClientView, AppError> {
        let clients = self.client_views().await?;
        let q = query.trim();
        let lower = q.to_lowercase();
        if let Some(c) = clients
            .iter()
            .find(|c| c.organization_id == q || c.id == q || c.name.to_lowercase() == lower)
        {
            return Ok(c.clone());
        }
        let partial: Vec<&ClientView> = clients
            .iter()
            .filter(|c| c.name.to_lowercase().contains(&lower))
            .collect();
        match partial.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(AppError::new(
                ErrorCode::NotFound,
                format!("No client matches {q:?}."),
            )),
            many => Err(AppError::invalid_input(format!(
                "{} clients match {q:?}; be more specific or use the organization id.",
                many.len()
            ))),
        }
    }

    pub async fn members(&self, organization_id: &str) -> Result<Vec<MemberView>, AppError> {
        let guard = self.unlocked.read().await;
        let unlocked = guard.as_ref().ok_or_else(locked)?;
        let rows = unlocked.session.snapshot.members(organization_id).await?;
        Ok(rows
            .into_iter()
            .map(|m| MemberView {
                id: m.id,
                user_id: m.user_id,
                email: m.email,
                name: m.name,
                role: role_name(m.member_type),
                status: status_name(m.status),
                two_factor_enabled: m.two_factor,
                recovery_enrolled: m.recovery_enrolled,
            })
            .collect())
    }

    /// The client's vault items, decrypted with its org key. Items that do
    /// not decrypt (hostile or newer formats) come back with `error` set.
    pub async fn items(
        &self,
        organization_id: &str,
        reveal_passwords: bool,
    ) -> Result<Vec<ItemView>, AppError> {
        // After an offline unlock the key ring is empty until a sync; open
        // the keys the snapshot keeps wrapped (once) before giving up.
        let missing = {
            let guard = self.unlocked.read().await;
            let unlocked = guard.as_ref().ok_or_else(locked)?;
            unlocked
                .session
                .keys
                .organization(organization_id)
                .is_none()
        };
        if missing {
            self.open_snapshot_keys().await?;
        }
        let guard = self.unlocked.read().await;
        let unlocked = guard.as_ref().ok_or_else(locked)?;
        let key = unlocked
            .session
            .keys
            .organization(organization_id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Locked,
                    "This client's key is not available yet: sync once online to unlock its items.",
                )
            })?;
        let rows = unlocked.session.snapshot.items(organization_id).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let mut view = ItemView {
                    id: row.id.clone(),
                    item_type: item_type_name(row.item_type),
                    name: None,
                    username: None,
                    uris: Vec::new(),
                    password: None,
                    error: None,
                };
                if let Err(message) = decrypt_item(&key, &row.raw, reveal_passwords, &mut view) {
                    view.error = Some(message);
                }
                view
            })
            .collect())
    }
}

pub(crate) fn locked() -> AppError {
    AppError::new(ErrorCode::Locked, "Unlock Provider Desk first.")
}

fn enc(value: &Value) -> Result<Option<EncString>, String> {
    match value.as_str() {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|e| format!("malformed field: {e}")),
    }
}

fn decrypt_item(
    org_key: &SymmetricKey,
    raw: &str,
    reveal: bool,
    view: &mut ItemView,
) -> Result<(), String> {
    let item: Value =
        serde_json::from_str(raw).map_err(|e| format!("stored item is not JSON: {e}"))?;
    if item
        .get("data")
        .and_then(Value::as_str)
        .is_some_and(cipher::is_blob_cipher_data)
        && item.get("name").is_none_or(Value::is_null)
    {
        return Err("this item uses Bitwarden's newer encrypted format, which Provider Desk cannot read yet".into());
    }
    let cipher_key = enc(item.get("key").unwrap_or(&Value::Null))?;
    let field_key =
        cipher::field_key(org_key, cipher_key.as_ref()).map_err(|e| format!("item key: {e}"))?;
    let text = |value: &Value| -> Result<Option<String>, String> {
        match enc(value)? {
            None => Ok(None),
            Some(e) => field_key
                .decrypt_to_string(&e)
                .map(|s| Some(s.expose().to_owned()))
                .map_err(|e| format!("cannot decrypt: {e}")),
        }
    };
    view.name = text(item.get("name").unwrap_or(&Value::Null))?;
    if let Some(login) = item.get("login").filter(|l| l.is_object()) {
        view.username = text(login.get("username").unwrap_or(&Value::Null))?;
        if reveal {
            view.password = text(login.get("password").unwrap_or(&Value::Null))?;
        }
        for uri in login
            .get("uris")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(u) = enc(uri.get("uri").unwrap_or(&Value::Null))? else {
                continue;
            };
            let checksum = enc(uri.get("uriChecksum").unwrap_or(&Value::Null))?;
            if let Some(plain) = cipher::decrypt_uri(&field_key, &u, checksum.as_ref())
                .map_err(|e| format!("cannot decrypt: {e}"))?
            {
                view.uris.push(plain.expose().to_owned());
            }
        }
    }
    Ok(())
}
