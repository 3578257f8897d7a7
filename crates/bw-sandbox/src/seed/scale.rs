//! The `scale` seed: N synthetic clients × members × items × events under one
//! provider, for benchmarks. The provider admin is the demo admin (same
//! credentials), and also the Owner of `Client 0001` directly, like the
//! demo's Northwind: Bitwarden's own clients see an organization's items only
//! through a membership, so this is the org the official CLI can be compared
//! on (`--clients 1 --items 5000` makes it a 5,000-item org). The admin takes
//! the place of that client's first member, so every client keeps exactly
//! `members` members. Synthetic members reuse the RSA pairs of the fixed pool
//! (round robin), so 1,000 clients need no RSA key generation at all; their
//! accounts have random master keys and cannot be logged in to.

use super::{
    LoginItem, OrgSpec, Seeder, UserSpec, insert_event, insert_login, insert_member, insert_org,
    insert_user,
};
use crate::SandboxError;
use chrono::{DateTime, Utc};
use rand::Rng;
use sqlx::SqlitePool;

#[allow(clippy::too_many_arguments)]
pub async fn seed(
    pool: &SqlitePool,
    seed: u64,
    anchor: DateTime<Utc>,
    clients: usize,
    members: usize,
    items: usize,
    events: usize,
) -> Result<(), SandboxError> {
    let mut s = Seeder::new(seed, anchor);
    let mut tx = pool.begin().await?;
    let conn = &mut *tx;
    let admin = insert_user(
        conn,
        &mut s,
        UserSpec {
            email: super::demo::DEMO_ADMIN_EMAIL,
            name: "Alex Admin",
            master_key: Some(super::demo::master_key(super::demo::DEMO_ADMIN_EMAIL)?),
            premium: true,
            totp_secret: None,
            email_2fa: false,
            days_old: 400,
        },
    )
    .await?;
    let provider_id = s.id();
    let provider_key = s.sym()?;
    let t = s.date(400);
    sqlx::query(
        "INSERT INTO providers (id, name, billing_email, type, status, teams_minimum, enterprise_minimum, creation_date, revision_date) \
         VALUES (?, 'Scale MSP', 'billing@scale-msp.example', 0, 2, 1000, 5000, ?, ?)",
    )
    .bind(&provider_id).bind(&t).bind(&t)
    .execute(&mut *conn).await?;
    let pkey = s.rsa_wrap(&admin.key.public, &provider_key)?;
    sqlx::query("INSERT INTO provider_users (id, provider_id, user_id, type, status, key, creation_date) VALUES (?, ?, ?, 0, 2, ?, ?)")
        .bind(s.id()).bind(&provider_id).bind(&admin.id).bind(&pkey).bind(&t)
        .execute(&mut *conn).await?;

    for c in 0..clients {
        let name = format!("Client {:04}", c + 1);
        let billing = format!("it@client{:04}.example", c + 1);
        let plan = if c % 3 == 1 { 17 } else { 20 };
        let seats = (members + 5) as i64;
        let org = insert_org(
            conn,
            &mut s,
            OrgSpec {
                name: &name,
                billing_email: &billing,
                plan_type: plan,
                seats,
                status: 2,
                days_old: 300,
            },
        )
        .await?;
        let col = super::insert_collection(conn, &mut s, &org, "Default collection").await?;
        let mut acting = Vec::new();
        for m in 0..members {
            let email = format!("user{m:03}@client{:04}.example", c + 1);
            let status = match m % 10 {
                0..=6 => 2,
                7 => 1,
                8 => 0,
                _ => -1,
            };
            let kind = if m == 0 {
                0
            } else if m == 1 {
                1
            } else {
                2
            };
            let admin_owns = c == 0 && m == 0;
            let synthetic = if status == 0 || admin_owns {
                None
            } else {
                Some(
                    insert_user(
                        conn,
                        &mut s,
                        UserSpec {
                            email: &email,
                            name: &email,
                            master_key: None,
                            premium: false,
                            totp_secret: None,
                            email_2fa: false,
                            days_old: 200,
                        },
                    )
                    .await?,
                )
            };
            let user = if admin_owns {
                Some(&admin)
            } else {
                synthetic.as_ref()
            };
            let id = insert_member(
                conn,
                &mut s,
                &org,
                user,
                user.map_or(email.as_str(), |u| u.email.as_str()),
                kind,
                status,
                None,
                false,
            )
            .await?;
            if status == 2 {
                super::grant(conn, &col, &id, false, m == 0).await?;
            }
            if let Some(u) = user {
                acting.push(u.id.clone());
            }
        }
        let mut cipher_ids = Vec::new();
        for i in 0..items {
            let name = format!("Login {i:03}");
            let username = format!("svc{i:03}");
            let weak = i % 7 == 0;
            let password = if weak {
                "password1".to_string()
            } else {
                format!("S{}-{:08x}!", i, s.rng.r#gen::<u32>())
            };
            let uri = format!(
                "{}://app{i}.client{:04}.example",
                if i % 5 == 0 { "http" } else { "https" },
                c + 1
            );
            let item = LoginItem {
                name: &name,
                username: &username,
                password: &password,
                uri: &uri,
                notes: None,
            };
            cipher_ids.push(
                insert_login(conn, &mut s, &org.key, Some(&org.id), None, &[&col], &item).await?,
            );
        }
        for _ in 0..events {
            let kind = [1000, 1107, 1111, 1100, 1500, 1501][s.rng.gen_range(0..6)];
            let date = s.days_ago(90);
            let actor = if acting.is_empty() {
                None
            } else {
                Some(acting[s.rng.gen_range(0..acting.len())].clone())
            };
            let cipher = if (1100..1200).contains(&kind) && !cipher_ids.is_empty() {
                Some(cipher_ids[s.rng.gen_range(0..cipher_ids.len())].clone())
            } else {
                None
            };
            insert_event(
                conn,
                kind,
                &date,
                Some(&org.id),
                None,
                actor.as_deref(),
                None,
                cipher.as_deref(),
                8,
            )
            .await?;
        }
        let po_key = s.enc_bytes(&provider_key, org.key.to_bytes().expose());
        sqlx::query("INSERT INTO provider_organizations (id, provider_id, organization_id, key, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(s.id()).bind(&provider_id).bind(&org.id).bind(po_key).bind(&t).bind(&t)
            .execute(&mut *conn).await?;
    }
    tx.commit().await?;
    Ok(())
}
