//! Seeding with real keys: every EncString the sandbox serves at start is made
//! with bw-crypto, so clients decrypt seeded data normally.
//!
//! Determinism: all ids, keys and IVs come from a ChaCha20 generator seeded
//! with the seed value, RSA key pairs from a fixed pool (`data/rsa-pool.txt`,
//! generating RSA-2048 keys at seed time would be slow and random), and dates
//! are relative to an anchor day. Same seed + same anchor = same database.
//! IVs drawn from the seeded CSPRNG are unique per encryption, which is all
//! AES-CBC needs; the fixed-IV entry point of bw-crypto is used only to feed
//! them in.

pub mod demo;
pub mod scale;

use crate::SandboxError;
use base64::Engine as _;
use bw_crypto::{MasterKey, SecretString, SymmetricKey};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rsa::pkcs8::DecodePublicKey;
use sqlx::SqliteConnection;
use std::sync::{Arc, OnceLock};

pub fn today() -> DateTime<Utc> {
    Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or_else(Utc::now)
}

pub struct PoolKey {
    pub pkcs8_der: Vec<u8>,
    pub spki_b64: String,
    pub public: rsa::RsaPublicKey,
}

/// The fixed RSA-2048 pool, parsed once per process.
pub fn rsa_pool() -> Result<&'static [Arc<PoolKey>], SandboxError> {
    static POOL: OnceLock<Vec<Arc<PoolKey>>> = OnceLock::new();
    if let Some(p) = POOL.get() {
        return Ok(p);
    }
    let mut keys = Vec::new();
    for line in include_str!("../../data/rsa-pool.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let der = base64::engine::general_purpose::STANDARD
            .decode(line.trim())
            .map_err(|e| SandboxError::Seed(format!("RSA pool: {e}")))?;
        let private = bw_crypto::RsaPrivateKey::from_pkcs8_der(&der)
            .map_err(|e| SandboxError::Seed(e.to_string()))?;
        let spki = private
            .public_key()
            .to_spki_der()
            .map_err(|e| SandboxError::Seed(e.to_string()))?;
        let public = rsa::RsaPublicKey::from_public_key_der(&spki)
            .map_err(|e| SandboxError::Seed(e.to_string()))?;
        keys.push(Arc::new(PoolKey {
            pkcs8_der: der,
            spki_b64: base64::engine::general_purpose::STANDARD.encode(&spki),
            public,
        }));
    }
    let _ = POOL.set(keys);
    POOL.get()
        .map(Vec::as_slice)
        .ok_or_else(|| SandboxError::Seed("RSA pool".into()))
}

pub struct Seeder {
    pub rng: ChaCha20Rng,
    pub anchor: DateTime<Utc>,
    next_rsa: usize,
}

pub fn crypto_err(e: bw_crypto::CryptoError) -> SandboxError {
    SandboxError::Seed(e.to_string())
}

impl Seeder {
    pub fn new(seed: u64, anchor: DateTime<Utc>) -> Self {
        Seeder {
            rng: ChaCha20Rng::seed_from_u64(seed),
            anchor,
            next_rsa: 0,
        }
    }

    pub fn id(&mut self) -> String {
        crate::util::id_from_rng(&mut self.rng)
    }

    pub fn sym(&mut self) -> Result<SymmetricKey, SandboxError> {
        let mut bytes = [0u8; 64];
        self.rng.fill_bytes(&mut bytes);
        SymmetricKey::from_bytes(&bytes).map_err(crypto_err)
    }

    pub fn enc_bytes(&mut self, key: &SymmetricKey, plain: &[u8]) -> String {
        let mut iv = [0u8; bw_crypto::IV_LEN];
        self.rng.fill_bytes(&mut iv);
        bw_crypto::hazmat::encrypt_with_iv(key, iv, plain).to_string()
    }

    pub fn enc(&mut self, key: &SymmetricKey, plain: &str) -> String {
        self.enc_bytes(key, plain.as_bytes())
    }

    /// Type-4 EncString (RSA-2048-OAEP-SHA1) of a symmetric key, with seeded padding.
    pub fn rsa_wrap(
        &mut self,
        public: &rsa::RsaPublicKey,
        key: &SymmetricKey,
    ) -> Result<String, SandboxError> {
        let ct = public
            .encrypt(
                &mut self.rng,
                rsa::Oaep::new::<sha1::Sha1>(),
                key.to_bytes().expose(),
            )
            .map_err(|e| SandboxError::Seed(e.to_string()))?;
        Ok(format!(
            "4.{}",
            base64::engine::general_purpose::STANDARD.encode(ct)
        ))
    }

    /// The next pool key (round robin; pairs repeat once the pool is used up).
    pub fn keypair(&mut self) -> Result<Arc<PoolKey>, SandboxError> {
        let pool = rsa_pool()?;
        let k = pool[self.next_rsa % pool.len()].clone();
        self.next_rsa += 1;
        Ok(k)
    }

    pub fn days_ago(&mut self, max_days: i64) -> String {
        let secs = self.rng.gen_range(0..(max_days.max(1) * 86_400));
        crate::util::fmt_date(self.anchor - Duration::seconds(secs))
    }

    pub fn date(&self, days_ago: i64) -> String {
        crate::util::fmt_date(self.anchor - Duration::days(days_ago))
    }
}

/// A seeded user whose keys later steps need.
pub struct SeedUser {
    pub id: String,
    pub email: String,
    pub user_key: SymmetricKey,
    pub key: Arc<PoolKey>,
}

pub struct UserSpec<'a> {
    pub email: &'a str,
    pub name: &'a str,
    /// Master key bytes for a user who can log in with [`demo::DEMO_PASSWORD`];
    /// `None` makes an account nobody can log in to (synthetic scale users).
    pub master_key: Option<Vec<u8>>,
    pub premium: bool,
    pub totp_secret: Option<&'a str>,
    pub email_2fa: bool,
    pub days_old: i64,
}

pub async fn insert_user(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    spec: UserSpec<'_>,
) -> Result<SeedUser, SandboxError> {
    let id = s.id();
    let user_key = s.sym()?;
    let kp = s.keypair()?;
    let (hash, protected) = match &spec.master_key {
        Some(bytes) => {
            let mk = MasterKey::from_bytes(bytes).map_err(crypto_err)?;
            let hash = mk.server_hash(&SecretString::from(demo::DEMO_PASSWORD));
            let stretched = mk.stretch().map_err(crypto_err)?;
            let protected = s.enc_bytes(&stretched, user_key.to_bytes().expose());
            (hash, protected)
        }
        None => {
            let lock = s.sym()?;
            let mut hash = [0u8; 32];
            s.rng.fill_bytes(&mut hash);
            (
                crate::util::b64(&hash),
                s.enc_bytes(&lock, user_key.to_bytes().expose()),
            )
        }
    };
    let private = s.enc_bytes(&user_key, &kp.pkcs8_der);
    let created = s.date(spec.days_old);
    let colors = [
        "#2f80ed", "#eb5757", "#27ae60", "#9b51e0", "#f2994a", "#56ccf2",
    ];
    let color = colors[s.rng.gen_range(0..colors.len())];
    let api_key = crate::util::b64url(&s.rng.r#gen::<[u8; 16]>());
    let stamp = s.id();
    sqlx::query(
        "INSERT INTO users (id, email, name, master_password_hash, key, public_key, private_key, security_stamp, premium, \
         totp_secret, email_2fa, api_key, verify_devices, avatar_color, creation_date, revision_date) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
    )
    .bind(&id)
    .bind(spec.email)
    .bind(spec.name)
    .bind(&hash)
    .bind(&protected)
    .bind(&kp.spki_b64)
    .bind(&private)
    .bind(&stamp)
    .bind(spec.premium)
    .bind(spec.totp_secret)
    .bind(spec.email_2fa)
    .bind(&api_key)
    .bind(color)
    .bind(&created)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    Ok(SeedUser {
        id,
        email: spec.email.to_string(),
        user_key,
        key: kp,
    })
}

/// A seeded organization with its key and RSA pair.
pub struct SeedOrg {
    pub id: String,
    pub key: SymmetricKey,
    pub kp: Arc<PoolKey>,
}

pub struct OrgSpec<'a> {
    pub name: &'a str,
    pub billing_email: &'a str,
    pub plan_type: i64,
    pub seats: i64,
    pub status: i64,
    pub days_old: i64,
}

pub async fn insert_org(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    spec: OrgSpec<'_>,
) -> Result<SeedOrg, SandboxError> {
    let id = s.id();
    let key = s.sym()?;
    let kp = s.keypair()?;
    let private = s.enc_bytes(&key, &kp.pkcs8_der);
    let created = s.date(spec.days_old);
    sqlx::query(
        "INSERT INTO organizations (id, name, billing_email, plan_type, seats, status, public_key, private_key, creation_date, revision_date) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(spec.name)
    .bind(spec.billing_email)
    .bind(spec.plan_type)
    .bind(spec.seats)
    .bind(spec.status)
    .bind(&kp.spki_b64)
    .bind(&private)
    .bind(&created)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    Ok(SeedOrg { id, key, kp })
}

/// Adds a member. `user` = None for an invited address without an account.
#[allow(clippy::too_many_arguments)]
pub async fn insert_member(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    org: &SeedOrg,
    user: Option<&SeedUser>,
    email: &str,
    kind: i64,
    status: i64,
    permissions: Option<&str>,
    enroll_recovery: bool,
) -> Result<String, SandboxError> {
    let id = s.id();
    let key = match (user, status) {
        (Some(u), 2) | (Some(u), -1) => Some(s.rsa_wrap(&u.key.public, &org.key)?),
        _ => None,
    };
    let reset = match (user, enroll_recovery) {
        (Some(u), true) => Some(s.rsa_wrap(&org.kp.public, &u.user_key)?),
        _ => None,
    };
    let created = s.days_ago(120);
    sqlx::query(
        "INSERT INTO organization_users (id, organization_id, user_id, email, type, status, key, reset_password_key, permissions, \
         revocation_reason, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&org.id)
    .bind(user.map(|u| u.id.as_str()))
    .bind(if user.is_some() && status != 0 { None } else { Some(email) })
    .bind(kind)
    .bind(status)
    .bind(key)
    .bind(reset)
    .bind(permissions)
    .bind(if status == -1 { Some(1) } else { None })
    .bind(&created)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn insert_collection(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    org: &SeedOrg,
    name: &str,
) -> Result<String, SandboxError> {
    let id = s.id();
    let enc = s.enc(&org.key, name);
    let created = s.days_ago(150);
    sqlx::query("INSERT INTO collections (id, organization_id, name, creation_date, revision_date) VALUES (?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(&org.id)
        .bind(enc)
        .bind(&created)
        .bind(&created)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

pub async fn grant(
    conn: &mut SqliteConnection,
    collection: &str,
    member: &str,
    read_only: bool,
    manage: bool,
) -> Result<(), SandboxError> {
    sqlx::query("INSERT OR REPLACE INTO collection_users (collection_id, organization_user_id, read_only, manage) VALUES (?, ?, ?, ?)")
        .bind(collection)
        .bind(member)
        .bind(read_only)
        .bind(manage)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A plaintext login item.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginItem<'a> {
    pub name: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    pub uri: &'a str,
    pub notes: Option<&'a str>,
}

pub async fn insert_login(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    owner_key: &SymmetricKey,
    org_id: Option<&str>,
    user_id: Option<&str>,
    collections: &[&str],
    item: &LoginItem<'_>,
) -> Result<String, SandboxError> {
    let id = s.id();
    let checksum = bw_crypto::cipher::uri_checksum(item.uri);
    let data = serde_json::json!({
        "name": s.enc(owner_key, item.name),
        "notes": item.notes.map(|n| s.enc(owner_key, n)),
        "login": {
            "username": s.enc(owner_key, item.username),
            "password": s.enc(owner_key, item.password),
            "totp": null,
            "uris": [{"uri": s.enc(owner_key, item.uri), "uriChecksum": s.enc(owner_key, &checksum), "match": null}],
            "passwordRevisionDate": null,
            "autofillOnPageLoad": null,
            "fido2Credentials": null,
        },
        "fields": null,
        "passwordHistory": null,
    });
    let created = s.days_ago(200);
    write_cipher(
        conn,
        NewCipher {
            id: &id,
            user_id,
            org_id,
            kind: 1,
            data: &data,
            created: &created,
        },
        collections,
    )
    .await?;
    Ok(id)
}

/// The columns of a seeded cipher.
struct NewCipher<'a> {
    id: &'a str,
    user_id: Option<&'a str>,
    org_id: Option<&'a str>,
    kind: i64,
    data: &'a serde_json::Value,
    created: &'a str,
}

/// Inserts a seeded cipher and puts it in its collections.
async fn write_cipher(
    conn: &mut SqliteConnection,
    row: NewCipher<'_>,
    collections: &[&str],
) -> Result<(), SandboxError> {
    sqlx::query(
        "INSERT INTO ciphers (id, user_id, organization_id, type, data, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.id)
    .bind(row.user_id)
    .bind(row.org_id)
    .bind(row.kind)
    .bind(row.data.to_string())
    .bind(row.created)
    .bind(row.created)
    .execute(&mut *conn)
    .await?;
    for c in collections {
        sqlx::query("INSERT INTO collection_ciphers (collection_id, cipher_id) VALUES (?, ?)")
            .bind(c)
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_note(
    conn: &mut SqliteConnection,
    s: &mut Seeder,
    owner_key: &SymmetricKey,
    org_id: Option<&str>,
    user_id: Option<&str>,
    collections: &[&str],
    name: &str,
    notes: &str,
) -> Result<String, SandboxError> {
    let id = s.id();
    let data = serde_json::json!({
        "name": s.enc(owner_key, name),
        "notes": s.enc(owner_key, notes),
        "secureNote": {"type": 0},
        "fields": null,
        "passwordHistory": null,
    });
    let created = s.days_ago(200);
    write_cipher(
        conn,
        NewCipher {
            id: &id,
            user_id,
            org_id,
            kind: 2,
            data: &data,
            created: &created,
        },
        collections,
    )
    .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_event(
    conn: &mut SqliteConnection,
    kind: i64,
    date: &str,
    org_id: Option<&str>,
    provider_id: Option<&str>,
    acting_user: Option<&str>,
    member: Option<&str>,
    cipher: Option<&str>,
    device_type: i64,
) -> Result<(), SandboxError> {
    sqlx::query(
        "INSERT INTO events (type, date, organization_id, provider_id, acting_user_id, user_id, organization_user_id, cipher_id, \
         device_type, ip_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '203.0.113.10')",
    )
    .bind(kind)
    .bind(date)
    .bind(org_id)
    .bind(provider_id)
    .bind(acting_user)
    .bind(acting_user)
    .bind(member)
    .bind(cipher)
    .bind(device_type)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
