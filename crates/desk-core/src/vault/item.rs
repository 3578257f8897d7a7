//! A whole vault item in the official CLI's JSON shape (`bw get item`,
//! `bw get template item`), so scripts written for one work with the other:
//! decrypted from a stored cipher, encrypted back into a cipher request.
//!
//! Numbers stay numbers where Bitwarden's format has them (`type`,
//! `reprompt`, a field's `type`, a URI's `match`): that is the shape the
//! official tools read and write.

use bw_api::wire::ciphers::{
    CipherCard, CipherDetails, CipherField, CipherIdentity, CipherLogin, CipherLoginUri,
    CipherRequest, CipherSshKey, PasswordHistoryEntry, SecureNote,
};
use bw_crypto::{EncString, SymmetricKey, cipher};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Bitwarden keeps this many former passwords of a login.
pub const PASSWORD_HISTORY_LEN: usize = 5;

/// A vault item as the official CLI prints and reads it. Holds secrets in
/// memory only: its `Debug` names the item and nothing else.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    pub object: Option<String>,
    pub id: Option<String>,
    pub organization_id: Option<String>,
    pub folder_id: Option<String>,
    /// CipherType: 1 login, 2 secure note, 3 card, 4 identity, 5 SSH key.
    #[serde(rename = "type")]
    pub item_type: i32,
    /// 0 none, 1 ask for the master password before showing it.
    pub reprompt: i32,
    pub name: String,
    pub notes: Option<String>,
    pub favorite: bool,
    pub fields: Vec<Field>,
    pub login: Option<Login>,
    pub secure_note: Option<SecureNoteData>,
    pub card: Option<Card>,
    pub identity: Option<Identity>,
    pub ssh_key: Option<SshKey>,
    pub collection_ids: Option<Vec<String>>,
    pub password_history: Option<Vec<PasswordHistory>>,
    pub revision_date: Option<String>,
    pub creation_date: Option<String>,
    pub deleted_date: Option<String>,
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("id", &self.id)
            .field("type", &self.item_type)
            .finish_non_exhaustive()
    }
}

/// A custom field. `type`: 0 text, 1 hidden, 2 boolean (`"true"`/`"false"`),
/// 3 linked (`linkedId` names the login/card/identity field it shows).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Field {
    pub name: Option<String>,
    pub value: Option<String>,
    #[serde(rename = "type")]
    pub field_type: i32,
    pub linked_id: Option<i32>,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Login {
    pub uris: Vec<LoginUri>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The authenticator key (`otpauth://…` or base32).
    pub totp: Option<String>,
    pub password_revision_date: Option<String>,
}

/// `match`: null for the account default, 0 base domain, 1 host, 2 starts
/// with, 3 exact, 4 regular expression, 5 never.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginUri {
    #[serde(rename = "match")]
    pub match_type: Option<i32>,
    pub uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SecureNoteData {
    #[serde(rename = "type")]
    pub note_type: i32,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Card {
    pub cardholder_name: Option<String>,
    pub brand: Option<String>,
    pub number: Option<String>,
    pub exp_month: Option<String>,
    pub exp_year: Option<String>,
    pub code: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub address3: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ssn: Option<String>,
    pub username: Option<String>,
    pub passport_number: Option<String>,
    pub license_number: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SshKey {
    pub private_key: Option<String>,
    pub public_key: Option<String>,
    pub key_fingerprint: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordHistory {
    pub last_used_date: Option<String>,
    pub password: Option<String>,
}

/// Parts of an item that can hold secrets print as their name only.
macro_rules! redacted_debug {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}(<redacted>)", stringify!($t))
            }
        }
    )*};
}
redacted_debug!(
    Field,
    Login,
    LoginUri,
    Card,
    Identity,
    SshKey,
    PasswordHistory
);

/// Custom field types.
pub const FIELD_HIDDEN: i32 = 1;

/// Why a stored item could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    #[error("the stored item is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "this item was made by a newer Bitwarden (its fields are in one encrypted document), which Provider Desk cannot read yet"
    )]
    NewerFormat,
    #[error("a field is not a valid encrypted string: {0}")]
    Malformed(bw_crypto::CryptoError),
    #[error("the item does not decrypt with the client's key: {0}")]
    Decrypt(bw_crypto::CryptoError),
    #[error("the item has no name")]
    NoName,
}

/// Decrypts a stored cipher (its raw JSON) into the CLI shape.
pub fn decrypt(org_key: &SymmetricKey, raw: &str) -> Result<Item, ItemError> {
    decrypt_with_key(org_key, raw).map(|(item, _)| item)
}

/// [`decrypt`], and the item's own key as stored (wrapped), which an edit
/// keeps.
pub fn decrypt_with_key(
    org_key: &SymmetricKey,
    raw: &str,
) -> Result<(Item, Option<EncString>), ItemError> {
    let c: CipherDetails = serde_json::from_str(raw)?;
    if c.data.as_deref().is_some_and(cipher::is_blob_cipher_data) && c.name.is_none() {
        return Err(ItemError::NewerFormat);
    }
    let wrapped = parse(c.key.as_deref())?;
    let key = cipher::field_key(org_key, wrapped.as_ref()).map_err(ItemError::Decrypt)?;
    let text = |value: &Option<String>| -> Result<Option<String>, ItemError> {
        match parse(value.as_deref())? {
            None => Ok(None),
            Some(e) => key
                .decrypt_to_string(&e)
                .map(|s| Some(s.expose().to_owned()))
                .map_err(ItemError::Decrypt),
        }
    };
    let name = text(&c.name)?.ok_or(ItemError::NoName)?;
    let login = match obj::<CipherLogin>(&c.login)? {
        None => None,
        Some(l) => {
            let mut uris = Vec::new();
            for u in &l.uris {
                let Some(enc) = parse(u.uri.as_deref())? else {
                    continue;
                };
                let sum = parse(u.uri_checksum.as_deref())?;
                // A URI whose checksum does not match was altered: dropped,
                // as Bitwarden's clients drop it.
                if let Some(plain) =
                    cipher::decrypt_uri(&key, &enc, sum.as_ref()).map_err(ItemError::Decrypt)?
                {
                    uris.push(LoginUri {
                        match_type: u.match_type.and_then(|m| i32::try_from(m).ok()),
                        uri: Some(plain.expose().to_owned()),
                    });
                }
            }
            Some(Login {
                uris,
                username: text(&l.username)?,
                password: text(&l.password)?,
                totp: text(&l.totp)?,
                password_revision_date: l.password_revision_date.clone(),
            })
        }
    };
    let card = match obj::<CipherCard>(&c.card)? {
        None => None,
        Some(v) => Some(Card {
            cardholder_name: text(&v.cardholder_name)?,
            brand: text(&v.brand)?,
            number: text(&v.number)?,
            exp_month: text(&v.exp_month)?,
            exp_year: text(&v.exp_year)?,
            code: text(&v.code)?,
        }),
    };
    let identity = match obj::<CipherIdentity>(&c.identity)? {
        None => None,
        Some(v) => Some(Identity {
            title: text(&v.title)?,
            first_name: text(&v.first_name)?,
            middle_name: text(&v.middle_name)?,
            last_name: text(&v.last_name)?,
            address1: text(&v.address1)?,
            address2: text(&v.address2)?,
            address3: text(&v.address3)?,
            city: text(&v.city)?,
            state: text(&v.state)?,
            postal_code: text(&v.postal_code)?,
            country: text(&v.country)?,
            company: text(&v.company)?,
            email: text(&v.email)?,
            phone: text(&v.phone)?,
            ssn: text(&v.ssn)?,
            username: text(&v.username)?,
            passport_number: text(&v.passport_number)?,
            license_number: text(&v.license_number)?,
        }),
    };
    let ssh_key = match obj::<CipherSshKey>(&c.ssh_key)? {
        None => None,
        Some(v) => Some(SshKey {
            private_key: text(&v.private_key)?,
            public_key: text(&v.public_key)?,
            key_fingerprint: text(&v.key_fingerprint)?,
        }),
    };
    let secure_note = obj::<SecureNote>(&c.secure_note)?.map(|n| SecureNoteData {
        note_type: i32::try_from(n.note_type).unwrap_or(0),
    });
    let mut fields = Vec::new();
    for f in obj::<Vec<CipherField>>(&c.fields)?.unwrap_or_default() {
        fields.push(Field {
            name: text(&f.name)?,
            value: text(&f.value)?,
            field_type: i32::try_from(f.field_type).unwrap_or(0),
            linked_id: f.linked_id.and_then(|n| i32::try_from(n).ok()),
        });
    }
    let history = match obj::<Vec<PasswordHistoryEntry>>(&c.password_history)? {
        None => None,
        Some(list) => {
            let mut out = Vec::new();
            for h in list {
                out.push(PasswordHistory {
                    last_used_date: Some(h.last_used_date),
                    password: text(&Some(h.password))?,
                });
            }
            // None rather than empty, as `bw get item` prints it.
            (!out.is_empty()).then_some(out)
        }
    };
    let item = Item {
        object: Some("item".to_owned()),
        id: Some(c.id),
        organization_id: c.organization_id,
        folder_id: c.folder_id.flatten(),
        item_type: i32::try_from(c.cipher_type).unwrap_or(0),
        reprompt: i32::try_from(c.reprompt).unwrap_or(0),
        name,
        notes: text(&c.notes)?,
        favorite: c.favorite.unwrap_or(false),
        fields,
        login,
        secure_note,
        card,
        identity,
        ssh_key,
        collection_ids: Some(c.collection_ids),
        password_history: history,
        revision_date: c.revision_date,
        creation_date: Some(c.creation_date).filter(|d| !d.is_empty()),
        deleted_date: c.deleted_date,
    };
    Ok((item, wrapped))
}

fn parse(value: Option<&str>) -> Result<Option<EncString>, ItemError> {
    match value {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(ItemError::Malformed),
    }
}

/// A type-specific object of a stored cipher (absent and null are `None`).
fn obj<T: serde::de::DeserializeOwned>(
    value: &Option<serde_json::Value>,
) -> Result<Option<T>, ItemError> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => Ok(Some(T::deserialize(v)?)),
    }
}

/// Which of an item's values are secrets: shown only when asked for.
impl Item {
    /// Blanks every secret value (passwords, TOTP keys, hidden fields, card
    /// number and code, identity numbers, SSH private key, old passwords).
    pub fn redact(&mut self) {
        if let Some(l) = &mut self.login {
            l.password = None;
            l.totp = None;
        }
        for f in &mut self.fields {
            if f.field_type == FIELD_HIDDEN {
                f.value = None;
            }
        }
        if let Some(c) = &mut self.card {
            c.number = None;
            c.code = None;
        }
        if let Some(i) = &mut self.identity {
            i.ssn = None;
            i.passport_number = None;
            i.license_number = None;
        }
        if let Some(k) = &mut self.ssh_key {
            k.private_key = None;
        }
        for h in self.password_history.iter_mut().flatten() {
            h.password = None;
        }
    }

    /// An edit leaves a secret it does not give (null) as it was, so an
    /// item read without its secrets can be edited and sent back without
    /// wiping them. An empty string clears a value.
    pub fn keep_secrets_from(&mut self, stored: &Item) {
        fn keep(new: &mut Option<String>, old: &Option<String>) {
            if new.is_none() {
                new.clone_from(old);
            }
            if new.as_deref() == Some("") {
                *new = None;
            }
        }
        if let (Some(l), Some(old)) = (&mut self.login, &stored.login) {
            keep(&mut l.password, &old.password);
            keep(&mut l.totp, &old.totp);
        }
        let mut used = vec![false; stored.fields.len()];
        for f in self
            .fields
            .iter_mut()
            .filter(|f| f.field_type == FIELD_HIDDEN)
        {
            let old = stored
                .fields
                .iter()
                .enumerate()
                .find(|(i, o)| !used[*i] && o.field_type == FIELD_HIDDEN && o.name == f.name);
            if let Some((i, o)) = old {
                used[i] = true;
                keep(&mut f.value, &o.value);
            }
        }
        if let (Some(c), Some(old)) = (&mut self.card, &stored.card) {
            keep(&mut c.number, &old.number);
            keep(&mut c.code, &old.code);
        }
        if let (Some(i), Some(old)) = (&mut self.identity, &stored.identity) {
            keep(&mut i.ssn, &old.ssn);
            keep(&mut i.passport_number, &old.passport_number);
            keep(&mut i.license_number, &old.license_number);
        }
        if let (Some(k), Some(old)) = (&mut self.ssh_key, &stored.ssh_key) {
            keep(&mut k.private_key, &old.private_key);
        }
    }

    /// The password history after an edit: the stored one, plus the old
    /// password when it changed (newest first, at most five), as
    /// Bitwarden's clients keep it; the password's revision date moves.
    pub fn carry_history(&mut self, stored: &Item, now: &str) {
        let mut history = stored.password_history.clone().unwrap_or_default();
        let old = stored.login.as_ref().and_then(|l| l.password.clone());
        if let Some(login) = &mut self.login {
            login.password_revision_date.clone_from(
                &stored
                    .login
                    .as_ref()
                    .and_then(|l| l.password_revision_date.clone()),
            );
            if let Some(old) = old.filter(|o| !o.is_empty())
                && login.password.as_ref() != Some(&old)
            {
                history.insert(
                    0,
                    PasswordHistory {
                        last_used_date: Some(now.to_owned()),
                        password: Some(old),
                    },
                );
                login.password_revision_date = Some(now.to_owned());
            }
        }
        history.truncate(PASSWORD_HISTORY_LEN);
        self.password_history = (!history.is_empty()).then_some(history);
    }
}

/// Encrypts an item into the request the server takes. `key` is the
/// item's own key (wrapped by the org key) when it has one; the fields are
/// then encrypted with it.
pub fn encrypt(
    item: &Item,
    org_key: &SymmetricKey,
    wrapped_item_key: Option<&EncString>,
    organization_id: &str,
    last_known_revision_date: Option<String>,
) -> Result<CipherRequest, bw_crypto::CryptoError> {
    let key = cipher::field_key(org_key, wrapped_item_key)?;
    let enc = |v: &Option<String>| -> Result<Option<String>, bw_crypto::CryptoError> {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| key.encrypt_str(s).map(|e| e.to_string()))
            .transpose()
    };
    let login = match &item.login {
        None => None,
        Some(l) => {
            let mut uris = Vec::new();
            for u in &l.uris {
                let Some(uri) = u.uri.as_deref().filter(|s| !s.is_empty()) else {
                    continue;
                };
                let (uri, sum) = cipher::encrypt_uri(&key, uri)?;
                uris.push(CipherLoginUri {
                    uri: Some(uri.to_string()),
                    uri_checksum: Some(sum.to_string()),
                    match_type: u.match_type.map(i64::from),
                });
            }
            Some(CipherLogin {
                username: enc(&l.username)?,
                password: enc(&l.password)?,
                totp: enc(&l.totp)?,
                uris,
                password_revision_date: l.password_revision_date.clone(),
                autofill_on_page_load: None,
                fido2_credentials: None,
            })
        }
    };
    let card = match &item.card {
        None => None,
        Some(c) => Some(CipherCard {
            cardholder_name: enc(&c.cardholder_name)?,
            brand: enc(&c.brand)?,
            number: enc(&c.number)?,
            exp_month: enc(&c.exp_month)?,
            exp_year: enc(&c.exp_year)?,
            code: enc(&c.code)?,
        }),
    };
    let identity = match &item.identity {
        None => None,
        Some(i) => Some(CipherIdentity {
            title: enc(&i.title)?,
            first_name: enc(&i.first_name)?,
            middle_name: enc(&i.middle_name)?,
            last_name: enc(&i.last_name)?,
            address1: enc(&i.address1)?,
            address2: enc(&i.address2)?,
            address3: enc(&i.address3)?,
            city: enc(&i.city)?,
            state: enc(&i.state)?,
            postal_code: enc(&i.postal_code)?,
            country: enc(&i.country)?,
            company: enc(&i.company)?,
            email: enc(&i.email)?,
            phone: enc(&i.phone)?,
            ssn: enc(&i.ssn)?,
            username: enc(&i.username)?,
            passport_number: enc(&i.passport_number)?,
            license_number: enc(&i.license_number)?,
        }),
    };
    let ssh_key = match &item.ssh_key {
        None => None,
        Some(k) => Some(CipherSshKey {
            private_key: enc(&k.private_key)?,
            public_key: enc(&k.public_key)?,
            key_fingerprint: enc(&k.key_fingerprint)?,
        }),
    };
    let mut fields = Vec::new();
    for f in &item.fields {
        fields.push(CipherField {
            field_type: i64::from(f.field_type),
            name: enc(&f.name)?,
            value: enc(&f.value)?,
            linked_id: f.linked_id.map(i64::from),
        });
    }
    let mut password_history = Vec::new();
    for h in item.password_history.iter().flatten() {
        if let (Some(p), Some(date)) = (enc(&h.password)?, h.last_used_date.clone()) {
            password_history.push(PasswordHistoryEntry {
                password: p,
                last_used_date: date,
            });
        }
    }
    Ok(CipherRequest {
        cipher_type: i64::from(item.item_type),
        organization_id: Some(organization_id.to_owned()),
        folder_id: None,
        favorite: item.favorite,
        reprompt: i64::from(item.reprompt),
        key: wrapped_item_key.map(ToString::to_string),
        name: key.encrypt_str(&item.name)?.to_string(),
        notes: enc(&item.notes)?,
        login,
        card,
        identity,
        secure_note: (item.item_type == 2).then(|| SecureNote {
            note_type: item
                .secure_note
                .as_ref()
                .map_or(0, |n| i64::from(n.note_type)),
        }),
        ssh_key,
        fields,
        password_history,
        last_known_revision_date,
        encrypted_for: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login_item() -> Item {
        Item {
            item_type: 1,
            name: "Router".into(),
            notes: Some("rack 2".into()),
            fields: vec![
                Field {
                    name: Some("PIN".into()),
                    value: Some("4242".into()),
                    field_type: FIELD_HIDDEN,
                    linked_id: None,
                },
                Field {
                    name: Some("Site".into()),
                    value: Some("HQ".into()),
                    field_type: 0,
                    linked_id: None,
                },
            ],
            login: Some(Login {
                uris: vec![
                    LoginUri {
                        match_type: None,
                        uri: Some("https://router.example".into()),
                    },
                    LoginUri {
                        match_type: Some(3),
                        uri: Some("https://admin.router.example/login".into()),
                    },
                ],
                username: Some("admin".into()),
                password: Some("s3cret-Pass".into()),
                totp: Some("JBSWY3DPEHPK3PXP".into()),
                password_revision_date: None,
            }),
            ..Item::default()
        }
    }

    fn stored(request: &CipherRequest, id: &str) -> String {
        let mut value = serde_json::to_value(request).unwrap();
        value["id"] = id.into();
        value["collectionIds"] = serde_json::json!(["c1"]);
        value["revisionDate"] = "2026-12-01T00:00:00Z".into();
        value.to_string()
    }

    #[test]
    fn an_item_round_trips_with_and_without_its_own_key() {
        let org = SymmetricKey::generate().unwrap();
        let (_, wrapped) = cipher::new_cipher_key(&org).unwrap();
        for item_key in [None, Some(&wrapped)] {
            let request = encrypt(&login_item(), &org, item_key, "o", None).unwrap();
            assert!(request.name.starts_with("2."));
            let back = decrypt(&org, &stored(&request, "i1")).unwrap();
            assert_eq!(back.name, "Router");
            assert_eq!(back.login, login_item().login);
            assert_eq!(back.fields, login_item().fields);
            assert_eq!(back.collection_ids, Some(vec!["c1".to_owned()]));
            assert_eq!(back.organization_id.as_deref(), Some("o"));
        }
    }

    #[test]
    fn redacted_items_keep_their_secrets_on_edit() {
        let old = login_item();
        let mut edited = old.clone();
        edited.redact();
        assert_eq!(edited.login.as_ref().unwrap().password, None);
        assert_eq!(edited.fields[0].value, None);
        assert_eq!(edited.fields[1].value.as_deref(), Some("HQ"));
        edited.name = "Router 2".into();
        edited.keep_secrets_from(&old);
        assert_eq!(edited.login, old.login);
        assert_eq!(edited.fields, old.fields);
        // An empty string clears.
        let mut cleared = old.clone();
        cleared.login.as_mut().unwrap().totp = Some(String::new());
        cleared.keep_secrets_from(&old);
        assert_eq!(cleared.login.unwrap().totp, None);
    }

    #[test]
    fn a_changed_password_goes_to_the_history() {
        let old = login_item();
        let mut new = old.clone();
        new.login.as_mut().unwrap().password = Some("n3w-Pass".into());
        new.carry_history(&old, "2026-12-07T10:00:00Z");
        let history = new.password_history.clone().unwrap();
        assert_eq!(history[0].password.as_deref(), Some("s3cret-Pass"));
        assert_eq!(
            new.login.unwrap().password_revision_date.as_deref(),
            Some("2026-12-07T10:00:00Z")
        );
        let mut same = old.clone();
        same.carry_history(&old, "2026-12-07T10:00:00Z");
        assert_eq!(same.password_history, None);
    }

    #[test]
    fn hostile_items_are_errors_not_panics() {
        let org = SymmetricKey::generate().unwrap();
        assert!(matches!(decrypt(&org, "[]"), Err(ItemError::Json(_))));
        assert!(matches!(
            decrypt(&org, r#"{"id":"x","name":"<b>not enc</b>"}"#),
            Err(ItemError::Malformed(_))
        ));
        assert!(matches!(
            decrypt(
                &org,
                r#"{"id":"x","data":"{\"format_version\":2}","name":null}"#
            ),
            Err(ItemError::NewerFormat)
        ));
        let other = SymmetricKey::generate().unwrap();
        let request = encrypt(&login_item(), &other, None, "o", None).unwrap();
        assert!(matches!(
            decrypt(&org, &stored(&request, "i")),
            Err(ItemError::Decrypt(_))
        ));
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let text = format!("{:?}", login_item());
        assert!(!text.contains("s3cret"), "{text}");
    }
}
