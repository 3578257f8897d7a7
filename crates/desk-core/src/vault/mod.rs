//! A client's vault: items listed and read whole (decrypted in memory
//! only), created and changed through the write path; collections; the
//! password generator.

pub mod collections;
pub mod generate;
pub mod item;
pub mod operation;
pub mod write;

pub use collections::{AccessEntry, CollectionInput, CollectionView};
pub use generate::{GeneratorOptions, generate};
pub use item::Item;
pub use operation::{CollectionAccess, VaultOperation};
pub use write::{ItemAction, ItemInput, TotpCode};

use crate::ErrorCode;
use crate::core::Core;
use crate::error::AppError;
use crate::wire_enum::wire_enum;
use bw_crypto::{EncString, SymmetricKey, cipher};
use serde::Serialize;
use serde_json::Value;
use specta::Type;

wire_enum! {
    /// What kind of vault item (Bitwarden's `CipherType`).
    pub enum CipherType {
        Login = 1 => "login",
        SecureNote = 2 => "secure_note",
        Card = 3 => "card",
        Identity = 4 => "identity",
        SshKey = 5 => "ssh_key",
        /// The three newest types, each with its own payload field
        /// (`bankAccount`, `driversLicense`, `passport`).
        BankAccount = 6 => "bank_account",
        DriversLicense = 7 => "drivers_license",
        Passport = 8 => "passport",
    }
}

/// Why a vault change cannot be planned or sent.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("No item of this client has the id {0:?} (sync if it was just made).")]
    NoSuchItem(String),
    #[error("No collection of this client matches {0:?}.")]
    NoSuchCollection(String),
    #[error("An item of a client goes in at least one collection: choose one.")]
    NoCollection,
    #[error("This item cannot be opened: {0}")]
    Unreadable(String),
    #[error("An item's type cannot change; create a new item instead.")]
    TypeChange,
    #[error(
        "Items of type {0} cannot be made here (1 login, 2 secure note, 3 card, 4 identity, 5 SSH key)."
    )]
    UnsupportedType(i32),
    #[error("This login has no authenticator key.")]
    NoTotp,
    #[error(
        "The authenticator key is not one Bitwarden reads (a base32 key, an otpauth:// URI or steam://)."
    )]
    BadTotp,
    #[error("\u{201c}{0}\u{201d} is already in the trash.")]
    AlreadyTrashed(String),
    #[error("\u{201c}{0}\u{201d} is not in the trash (move it there first).")]
    NotTrashed(String),
    #[error(
        "Bitwarden lets only members of a client reach its items, and you are a provider user who is not one: invite yourself to the client (Members \u{2192} Invite, or `pdesk members invite`), accept the e-mail, confirm yourself here, give yourself \u{201c}Can edit\u{201d} on the collections, then try again."
    )]
    ProviderRule,
}

impl VaultError {
    pub fn code(&self) -> ErrorCode {
        use VaultError::*;
        match self {
            NoSuchItem(_) | NoSuchCollection(_) => ErrorCode::NotFound,
            NoCollection | TypeChange | UnsupportedType(_) | BadTotp | NoTotp => {
                ErrorCode::InvalidInput
            }
            AlreadyTrashed(_) | NotTrashed(_) => ErrorCode::Conflict,
            Unreadable(_) => ErrorCode::ServerError,
            ProviderRule => ErrorCode::Forbidden,
        }
    }
}

crate::error::into_app_error!(VaultError);

/// A vault item, decrypted for display. Passwords only when asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: String,
    #[serde(rename = "type")]
    pub item_type: CipherType,
    pub name: Option<String>,
    pub username: Option<String>,
    pub uris: Vec<String>,
    pub password: Option<String>,
    /// Whether the login holds an authenticator key (TOTP); read without
    /// decrypting it.
    pub has_totp: bool,
    /// When the item was moved to the trash (ISO 8601): it still exists
    /// and can be restored, but it is not a live item (reports skip it).
    pub trashed_at: Option<String>,
    /// The collections it is in (read without decrypting).
    pub collection_ids: Vec<String>,
    /// Why the item could not be decrypted (the list still shows the rest).
    pub error: Option<String>,
}

impl Core {
    /// The client's vault items, decrypted with its org key. Items that do
    /// not decrypt (hostile or newer formats) come back with `error` set.
    pub async fn items(
        &self,
        organization_id: &str,
        reveal_passwords: bool,
    ) -> Result<Vec<ItemView>, AppError> {
        let key = self.org_key(organization_id).await?;
        let unlocked = self.unlocked().await?;
        let rows = unlocked.session.snapshot.items(organization_id).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                // One parse per item: where it is and what it says.
                let parsed = parse_stored(&row.raw);
                let mut view = ItemView::blank(&row.id, row.item_type);
                if let Ok(item) = &parsed {
                    (view.trashed_at, view.collection_ids) = placement(item);
                }
                if let Err(message) =
                    parsed.and_then(|item| decrypt_item(&key, &item, reveal_passwords, &mut view))
                {
                    view.error = Some(message);
                }
                view
            })
            .collect::<Vec<_>>())
        .map(|mut views| {
            // By name, as Bitwarden lists a vault; items that do not
            // decrypt last.
            views.sort_by_cached_key(|v| {
                (v.name.is_none(), v.name.as_deref().map(str::to_lowercase))
            });
            views
        })
    }
}

impl Core {
    /// The names of these items, decrypted (items that do not decrypt are
    /// left out).
    pub async fn item_names(
        &self,
        organization_id: &str,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, String>, AppError> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let key = self.org_key(organization_id).await?;
        let unlocked = self.unlocked().await?;
        let rows = unlocked
            .session
            .snapshot
            .items_by_id(organization_id, ids)
            .await?;
        drop(unlocked);
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let mut view = ItemView::blank(&row.id, row.item_type);
                decrypt_item(&key, &parse_stored(&row.raw).ok()?, false, &mut view).ok()?;
                Some((row.id, view.name?))
            })
            .collect())
    }
}

impl ItemView {
    /// A row with nothing decrypted yet.
    fn blank(id: &str, item_type: i64) -> Self {
        ItemView {
            id: id.to_owned(),
            item_type: CipherType::from_wire(item_type),
            name: None,
            username: None,
            uris: Vec::new(),
            password: None,
            has_totp: false,
            trashed_at: None,
            collection_ids: Vec::new(),
            error: None,
        }
    }
}

fn parse_stored(raw: &str) -> Result<Value, String> {
    serde_json::from_str(raw).map_err(|e| format!("stored item is not JSON: {e}"))
}

/// `deletedDate` and `collectionIds` of a stored item, read apart from
/// decryption (an item that does not decrypt is still known to be in the
/// trash, and where it is).
fn placement(item: &Value) -> (Option<String>, Vec<String>) {
    let deleted = item
        .get("deletedDate")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    let collections = item
        .get("collectionIds")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    (deleted, collections)
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
    item: &Value,
    reveal: bool,
    view: &mut ItemView,
) -> Result<(), String> {
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
        view.has_totp = login
            .get("totp")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn placement_of(raw: &str) -> (Option<String>, Vec<String>) {
        parse_stored(raw).map(|v| placement(&v)).unwrap_or_default()
    }
    use serde_json::json;

    #[test]
    fn cipher_types_keep_bitwardens_numbers() {
        let numbers: Vec<i64> = CipherType::KNOWN.iter().map(|t| t.wire()).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
        for kind in CipherType::KNOWN {
            assert_eq!(CipherType::from_wire(kind.wire()), *kind);
        }
        assert_eq!(CipherType::SshKey.name(), Some("ssh_key"));
    }

    #[test]
    fn an_unknown_cipher_type_keeps_its_number() {
        assert_eq!(CipherType::from_wire(0), CipherType::Unknown(0));
        assert_eq!(CipherType::from_wire(42).wire(), 42);
        assert_eq!(
            serde_json::to_value(CipherType::from_wire(42)).unwrap(),
            json!({ "unknown": 42 })
        );
    }

    #[test]
    fn trashed_items_are_known_without_decrypting_them() {
        assert_eq!(
            placement_of(
                r#"{"deletedDate":"2026-12-01T10:00:00Z","name":"not an EncString","collectionIds":["c1"]}"#
            ),
            (
                Some("2026-12-01T10:00:00Z".to_owned()),
                vec!["c1".to_owned()]
            )
        );
        assert_eq!(placement_of(r#"{"deletedDate":null}"#).0, None);
        assert_eq!(placement_of(r#"{"deletedDate":""}"#).0, None);
        assert_eq!(
            placement_of(r#"{"collectionIds":null}"#).1,
            Vec::<String>::new()
        );
        assert_eq!(placement_of("not json"), (None, Vec::new()));
    }

    #[test]
    fn the_item_type_is_serialized_as_type() {
        let view = ItemView::blank("i", 2);
        assert_eq!(view.item_type, CipherType::SecureNote);
        assert_eq!(
            serde_json::to_value(&view).unwrap()["type"],
            json!("secure_note")
        );
    }
}
