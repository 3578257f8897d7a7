//! The `demo` seed: provider "Demo MSP", the three clients of the Provider
//! Portal screenshot with exactly its figures, and further clients with
//! realistic life in them.

use super::{
    LoginItem, OrgSpec, SeedUser, Seeder, UserSpec, crypto_err, grant, insert_collection,
    insert_event, insert_login, insert_member, insert_note, insert_org, insert_user,
};
use crate::SandboxError;
use bw_crypto::{Kdf, MasterKey, SecretString};
use chrono::{DateTime, Utc};
use rand::Rng;
use sqlx::SqlitePool;

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "Provider-Desk-Demo-1";
/// The provider admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo-msp.example";
/// The provider service user.
pub const DEMO_SERVICE_USER_EMAIL: &str = "tech@demo-msp.example";
/// A provider service user with two-step login (authenticator and email).
pub const DEMO_2FA_EMAIL: &str = "secure@demo-msp.example";
/// Authenticator secret (base32) of [`DEMO_2FA_EMAIL`].
pub const DEMO_2FA_TOTP_SECRET: &str = "PDESKDEMOTOTPSECRETKEY234";
/// The provider.
pub const DEMO_PROVIDER_NAME: &str = "Demo MSP";
/// The client org the demo admin also administers directly (a plain membership).
pub const DEMO_DIRECT_ORG_NAME: &str = "Northwind Traders";
/// The demo MSP's own organization: the admin owns it; it is not a client.
pub const DEMO_INTERNAL_ORG_NAME: &str = "Demo MSP (internal)";

/// A seeded item in plaintext (for tests that check decryption end to end).
#[derive(Debug, Clone, PartialEq)]
pub struct DemoItem {
    /// Item name.
    pub name: &'static str,
    /// Login username.
    pub username: &'static str,
    /// Login password.
    pub password: &'static str,
    /// First URI.
    pub uri: &'static str,
}

const NORTHWIND_ITEMS: &[(&str, &str, &str, &str, usize)] = &[
    // name, username, password, uri, collection index
    (
        "Domain controller",
        "administrator",
        "Nw-DC-2026!vault",
        "https://dc01.northwind.example",
        0,
    ),
    ("Firewall", "admin", "password123", "http://192.0.2.1", 0),
    (
        "Office Wi-Fi",
        "northwind-staff",
        "Summer2026!",
        "http://router.northwind.example",
        0,
    ),
    (
        "Guest Wi-Fi",
        "guest",
        "Summer2026!",
        "http://guest.northwind.example",
        0,
    ),
    (
        "Bank portal",
        "finance@northwind.example",
        "Ledger#Strong#4471",
        "https://bank.example.com",
        1,
    ),
    (
        "Payroll",
        "payroll@northwind.example",
        "qwerty",
        "https://payroll.example.com",
        1,
    ),
    (
        "Social media",
        "marketing@northwind.example",
        "Tw33t!Campaign-88",
        "https://social.example.com",
        2,
    ),
    (
        "Web CMS",
        "webmaster",
        "letmein",
        "http://cms.northwind.example/admin",
        2,
    ),
];

/// The direct org's login items in plaintext.
pub fn demo_direct_org_items() -> Vec<DemoItem> {
    NORTHWIND_ITEMS
        .iter()
        .map(|(name, username, password, uri, _)| DemoItem {
            name,
            username,
            password,
            uri,
        })
        .collect()
}

/// Master keys of the demo accounts, precomputed (PBKDF2-SHA256, 600,000
/// iterations, salt = email) so seeding runs no KDF. Regenerate with
/// `cargo test -p bw-sandbox --release -- --ignored print_demo_master_keys --nocapture`.
/// An account missing from the table is derived at seed time (slow).
const MASTER_KEYS: &str = include_str!("../../data/demo-master-keys.txt");

pub fn master_key(email: &str) -> Result<Vec<u8>, SandboxError> {
    for line in MASTER_KEYS.lines() {
        if let Some((e, hex)) = line.split_once(' ')
            && e == email
        {
            return decode_hex(hex.trim())
                .ok_or_else(|| SandboxError::Seed("bad master key table".into()));
        }
    }
    compute_master_key(email)
}

pub fn compute_master_key(email: &str) -> Result<Vec<u8>, SandboxError> {
    let mk = MasterKey::derive(
        &SecretString::from(DEMO_PASSWORD),
        email,
        &Kdf::default_pbkdf2(),
    )
    .map_err(crypto_err)?;
    Ok(mk.to_bytes().expose().to_vec())
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

/// Every demo account that can log in: (email, name).
pub const DEMO_USERS: &[(&str, &str)] = &[
    (DEMO_ADMIN_EMAIL, "Alex Admin"),
    (DEMO_SERVICE_USER_EMAIL, "Sam Service"),
    (DEMO_2FA_EMAIL, "Taylor Twofactor"),
    ("it@myclient.example", "Morgan Owner"),
    ("it@secondclient.example", "Jordan Owner"),
    ("it@thirdclient.example", "Casey Owner"),
    ("ceo@northwind.example", "Nancy Davolio"),
    ("it@northwind.example", "Andrew Fuller"),
    ("helpdesk@northwind.example", "Janet Leverling"),
    ("alice@northwind.example", "Alice Peacock"),
    ("bob@northwind.example", "Bob Buchanan"),
    ("dave@northwind.example", "Dave Suyama"),
    ("office@contoso-dental.example", "Olivia Office"),
    ("frontdesk@contoso-dental.example", "Frank Desk"),
    ("partner@fabrikam.example", "Patricia Partner"),
    ("paralegal@fabrikam.example", "Paul Legal"),
    ("former@fabrikam.example", "Fiona Former"),
];

pub async fn seed(pool: &SqlitePool, seed: u64, anchor: DateTime<Utc>) -> Result<(), SandboxError> {
    let mut s = Seeder::new(seed, anchor);
    let mut tx = pool.begin().await?;
    let conn = &mut *tx;

    let mut users: Vec<SeedUser> = Vec::new();
    for (email, name) in DEMO_USERS {
        let two_fa = *email == DEMO_2FA_EMAIL;
        users.push(
            insert_user(
                conn,
                &mut s,
                UserSpec {
                    email,
                    name,
                    master_key: Some(master_key(email)?),
                    premium: true,
                    totp_secret: two_fa.then_some(DEMO_2FA_TOTP_SECRET),
                    email_2fa: two_fa,
                    days_old: 400,
                },
            )
            .await?,
        );
    }
    let user = |email: &str| users.iter().find(|u| u.email == email);
    let admin = user(DEMO_ADMIN_EMAIL).ok_or_else(|| SandboxError::Seed("admin".into()))?;

    // Provider.
    let provider_id = s.id();
    let provider_key = s.sym()?;
    let created = s.date(400);
    let address = serde_json::json!({
        "country": "US", "postalCode": "98052", "line1": "1 Demo Way", "line2": null,
        "city": "Redmond", "state": "WA", "taxId": null,
    });
    sqlx::query(
        "INSERT INTO providers (id, name, business_name, billing_email, type, status, teams_minimum, enterprise_minimum, address, \
         creation_date, revision_date) VALUES (?, ?, ?, ?, 0, 2, 50, 100, ?, ?, ?)",
    )
    .bind(&provider_id)
    .bind(DEMO_PROVIDER_NAME)
    .bind("Demo MSP LLC")
    .bind("billing@demo-msp.example")
    .bind(address.to_string())
    .bind(&created)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    let mut provider_users = Vec::new();
    for (email, kind) in [
        (DEMO_ADMIN_EMAIL, 0),
        (DEMO_SERVICE_USER_EMAIL, 1),
        (DEMO_2FA_EMAIL, 1),
    ] {
        let u = user(email).ok_or_else(|| SandboxError::Seed(email.into()))?;
        let id = s.id();
        let key = s.rsa_wrap(&u.key.public, &provider_key)?;
        sqlx::query(
            "INSERT INTO provider_users (id, provider_id, user_id, type, status, key, creation_date) VALUES (?, ?, ?, ?, 2, ?, ?)",
        )
        .bind(&id)
        .bind(&provider_id)
        .bind(&u.id)
        .bind(kind)
        .bind(&key)
        .bind(&created)
        .execute(&mut *conn)
        .await?;
        provider_users.push((id, u.id.clone()));
    }
    sqlx::query("INSERT INTO provider_users (id, provider_id, email, type, status, creation_date) VALUES (?, ?, ?, 1, 0, ?)")
        .bind(s.id())
        .bind(&provider_id)
        .bind("newtech@demo-msp.example")
        .bind(s.date(3))
        .execute(&mut *conn)
        .await?;

    // Clients: (name, plan, seats, owner email).
    let screenshot = [
        ("My Client's Organization", 20, 15, "it@myclient.example"),
        (
            "Second Client's Organization",
            18,
            20,
            "it@secondclient.example",
        ),
        (
            "Third Client's Organization",
            20,
            10,
            "it@thirdclient.example",
        ),
    ];
    let mut client_orgs = Vec::new();
    for (i, (name, plan, seats, owner)) in screenshot.iter().enumerate() {
        let org = insert_org(
            conn,
            &mut s,
            OrgSpec {
                name,
                billing_email: owner,
                plan_type: *plan,
                seats: *seats,
                status: 2,
                days_old: 300 - i as i64 * 20,
            },
        )
        .await?;
        let owner_user = user(owner).ok_or_else(|| SandboxError::Seed(owner.to_string()))?;
        let ou = insert_member(
            conn,
            &mut s,
            &org,
            Some(owner_user),
            owner,
            0,
            2,
            None,
            false,
        )
        .await?;
        let col = insert_collection(conn, &mut s, &org, "Default collection").await?;
        grant(conn, &col, &ou, false, true).await?;
        let item = LoginItem {
            name: "Microsoft 365 admin",
            username: owner,
            password: "Client-M365-Adm1n!",
            uri: "https://admin.microsoft.com",
            notes: None,
        };
        insert_login(conn, &mut s, &org.key, Some(&org.id), None, &[&col], &item).await?;
        client_orgs.push((org, name.to_string()));
    }

    // Northwind Traders: the direct org, full of life.
    let nw = insert_org(
        conn,
        &mut s,
        OrgSpec {
            name: DEMO_DIRECT_ORG_NAME,
            billing_email: "ceo@northwind.example",
            plan_type: 20,
            seats: 25,
            status: 2,
            days_old: 380,
        },
    )
    .await?;
    let custom = serde_json::json!({"accessEventLogs": true, "manageUsers": true, "manageResetPassword": true, "accessReports": true}).to_string();
    let nw_members: Vec<(&str, i64, i64, Option<&str>, bool)> = vec![
        ("ceo@northwind.example", 0, 2, None, true),
        (DEMO_ADMIN_EMAIL, 0, 2, None, false),
        (DEMO_2FA_EMAIL, 1, 2, None, false),
        ("it@northwind.example", 1, 2, None, true),
        (
            "helpdesk@northwind.example",
            4,
            2,
            Some(custom.as_str()),
            true,
        ),
        ("alice@northwind.example", 2, 2, None, true),
        ("bob@northwind.example", 2, 1, None, false),
        ("carol@northwind.example", 2, 0, None, false),
        ("dave@northwind.example", 2, -1, None, false),
        ("erin@northwind.example", 2, 3, None, false),
    ];
    let mut nw_ids = Vec::new();
    for (email, kind, status, perms, enroll) in &nw_members {
        let id = insert_member(
            conn,
            &mut s,
            &nw,
            user(email),
            email,
            *kind,
            *status,
            *perms,
            *enroll,
        )
        .await?;
        nw_ids.push((email.to_string(), id));
    }
    let nw_cols = [
        insert_collection(conn, &mut s, &nw, "Infrastructure").await?,
        insert_collection(conn, &mut s, &nw, "Finance").await?,
        insert_collection(conn, &mut s, &nw, "Marketing").await?,
    ];
    let member = |email: &str| {
        nw_ids
            .iter()
            .find(|(e, _)| e == email)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    for c in &nw_cols {
        grant(conn, c, &member(DEMO_ADMIN_EMAIL), false, true).await?;
        grant(conn, c, &member("ceo@northwind.example"), false, true).await?;
    }
    grant(
        conn,
        &nw_cols[0],
        &member("it@northwind.example"),
        false,
        true,
    )
    .await?;
    grant(conn, &nw_cols[0], &member(DEMO_2FA_EMAIL), false, false).await?;
    grant(
        conn,
        &nw_cols[1],
        &member("alice@northwind.example"),
        true,
        false,
    )
    .await?;
    // Groups.
    let t = s.date(200);
    let groups = [
        ("IT", &nw_cols[0]),
        ("Finance team", &nw_cols[1]),
        ("Marketing team", &nw_cols[2]),
    ];
    for (gname, col) in groups {
        let gid = s.id();
        sqlx::query("INSERT INTO groups (id, organization_id, name, creation_date, revision_date) VALUES (?, ?, ?, ?, ?)")
            .bind(&gid).bind(&nw.id).bind(gname).bind(&t).bind(&t)
            .execute(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO collection_groups (collection_id, group_id, read_only) VALUES (?, ?, ?)",
        )
        .bind(col)
        .bind(&gid)
        .bind(gname != "IT")
        .execute(&mut *conn)
        .await?;
        let who = match gname {
            "IT" => "it@northwind.example",
            "Finance team" => "alice@northwind.example",
            _ => "bob@northwind.example",
        };
        sqlx::query("INSERT INTO group_users (group_id, organization_user_id) VALUES (?, ?)")
            .bind(&gid)
            .bind(member(who))
            .execute(&mut *conn)
            .await?;
    }
    let mut nw_ciphers = Vec::new();
    for (name, username, password, uri, col) in NORTHWIND_ITEMS {
        let item = LoginItem {
            name,
            username,
            password,
            uri,
            notes: None,
        };
        nw_ciphers.push(
            insert_login(
                conn,
                &mut s,
                &nw.key,
                Some(&nw.id),
                None,
                &[nw_cols[*col].as_str()],
                &item,
            )
            .await?,
        );
    }
    // Policies, including account recovery (which needs single org).
    for (kind, enabled, data) in [
        (0, true, None),
        (
            1,
            true,
            Some(
                r#"{"minComplexity":3,"minLength":12,"requireUpper":true,"requireLower":true,"requireNumbers":true,"requireSpecial":false,"enforceOnLogin":false}"#,
            ),
        ),
        (2, false, None),
        (3, true, None),
        (8, true, Some(r#"{"autoEnrollEnabled":false}"#)),
        (9, true, Some(r#"{"minutes":60,"action":"lock"}"#)),
    ] {
        sqlx::query("INSERT INTO policies (id, organization_id, type, enabled, data, revision_date) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(s.id()).bind(&nw.id).bind(kind).bind(enabled).bind(data).bind(s.date(100))
            .execute(&mut *conn).await?;
    }
    client_orgs.push((nw, DEMO_DIRECT_ORG_NAME.to_string()));

    // Two smaller clients.
    let small = [
        (
            "Contoso Dental",
            17,
            8,
            "office@contoso-dental.example",
            vec![
                ("frontdesk@contoso-dental.example", 2, 2),
                ("hygienist@contoso-dental.example", 2, 0),
            ],
        ),
        (
            "Fabrikam Legal",
            19,
            12,
            "partner@fabrikam.example",
            vec![
                ("paralegal@fabrikam.example", 4, 2),
                ("former@fabrikam.example", 2, -1),
                ("intern@fabrikam.example", 2, 0),
            ],
        ),
    ];
    for (name, plan, seats, owner, members) in small {
        let org = insert_org(
            conn,
            &mut s,
            OrgSpec {
                name,
                billing_email: owner,
                plan_type: plan,
                seats,
                status: 2,
                days_old: 250,
            },
        )
        .await?;
        let ou = insert_member(conn, &mut s, &org, user(owner), owner, 0, 2, None, false).await?;
        let col = insert_collection(conn, &mut s, &org, "Shared logins").await?;
        grant(conn, &col, &ou, false, true).await?;
        for (email, kind, status) in members {
            let perms = (kind == 4).then_some(r#"{"accessEventLogs":true,"accessReports":true}"#);
            let id = insert_member(
                conn,
                &mut s,
                &org,
                user(email),
                email,
                kind,
                status,
                perms,
                false,
            )
            .await?;
            if status == 2 {
                grant(conn, &col, &id, false, false).await?;
            }
        }
        let items = [
            LoginItem {
                name: "Practice software",
                username: owner,
                password: "Welcome1",
                uri: "http://practice.example.net",
                notes: None,
            },
            LoginItem {
                name: "Email",
                username: owner,
                password: "Welcome1",
                uri: "https://mail.example.net",
                notes: None,
            },
            LoginItem {
                name: "Accounting",
                username: "accounts",
                password: "Xq7#kd92!mZp",
                uri: "https://books.example.net",
                notes: Some("Shared with the accountant"),
            },
        ];
        for item in &items {
            insert_login(conn, &mut s, &org.key, Some(&org.id), None, &[&col], item).await?;
        }
        insert_note(
            conn,
            &mut s,
            &org.key,
            Some(&org.id),
            None,
            &[&col],
            "Alarm code",
            "Front door: 4-7-1-1",
        )
        .await?;
        client_orgs.push((org, name.to_string()));
    }

    // Provider organizations, their keys wrapped with the provider key.
    for (org, _) in &client_orgs {
        let po_key = s.enc_bytes(&provider_key, org.key.to_bytes().expose());
        let created = s.date(250);
        sqlx::query("INSERT INTO provider_organizations (id, provider_id, organization_id, key, creation_date, revision_date) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(s.id()).bind(&provider_id).bind(&org.id).bind(po_key).bind(&created).bind(&created)
            .execute(&mut *conn).await?;
    }

    // Events over 90 days.
    let kinds = [
        1000, 1107, 1111, 1114, 1100, 1101, 1500, 1501, 1502, 1300, 1700, 1603,
    ];
    for (org, _) in &client_orgs {
        let n = if org.id == client_orgs[3].0.id {
            240
        } else {
            40
        };
        for _ in 0..n {
            let kind = kinds[s.rng.gen_range(0..kinds.len())];
            let date = s.days_ago(90);
            let actor = users[s.rng.gen_range(0..users.len())].id.clone();
            let cipher = (1100..1200)
                .contains(&kind)
                .then(|| nw_ciphers[s.rng.gen_range(0..nw_ciphers.len())].clone());
            insert_event(
                conn,
                kind,
                &date,
                Some(&org.id),
                None,
                Some(&actor),
                None,
                cipher.as_deref(),
                [6, 8, 9, 10, 25][s.rng.gen_range(0..5)],
            )
            .await?;
        }
    }
    for (i, (pu, uid)) in provider_users.iter().enumerate() {
        let date = s.days_ago(90);
        insert_event(
            conn,
            1801,
            &date,
            None,
            Some(&provider_id),
            Some(&admin.id),
            None,
            None,
            9,
        )
        .await?;
        let _ = (i, pu, uid);
    }
    for _ in 0..30 {
        let date = s.days_ago(90);
        insert_event(
            conn,
            1903,
            &date,
            Some(&client_orgs[s.rng.gen_range(0..client_orgs.len())].0.id),
            Some(&provider_id),
            Some(&admin.id),
            None,
            None,
            8,
        )
        .await?;
    }

    // Invoices: six months, each with Bitwarden's per-client report
    // (ProviderClientInvoiceReportRow) as CSV. The rows are the provider's
    // Managed clients, a client that left after the newest invoice was drawn
    // up (reports keep names as they were; its non-ASCII name is what makes
    // saving the bytes as sent matter) and the seat minimums' unassigned
    // seats. Prices per seat match the provider subscription's.
    let mut lines = Vec::new();
    for (org, name) in &client_orgs {
        let (seats, plan): (i64, i64) =
            sqlx::query_as("SELECT seats, plan_type FROM organizations WHERE id = ?")
                .bind(&org.id)
                .fetch_one(&mut *conn)
                .await?;
        let (used,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM organization_users WHERE organization_id = ? AND status IN (0, 1, 2)",
        )
        .bind(&org.id)
        .fetch_one(&mut *conn)
        .await?;
        lines.push(InvoiceLine {
            client: name.clone(),
            id: Some(org.id.clone()),
            assigned: seats,
            used,
            plan,
        });
    }
    lines.push(InvoiceLine {
        client: DEMO_FORMER_CLIENT_NAME.into(),
        id: Some(FORMER_CLIENT_ID.into()),
        assigned: 8,
        used: 7,
        plan: 17,
    });
    // Seats of a minimum that no client uses are billed too (the server
    // adds these rows while nothing is bought beyond the minimum).
    for (plan, minimum) in [(17, 50), (19, 100)] {
        let tier = crate::util::product_tier(plan);
        let assigned: i64 = lines
            .iter()
            .filter(|l| crate::util::product_tier(l.plan) == tier)
            .map(|l| l.assigned)
            .sum();
        if assigned < minimum {
            lines.push(InvoiceLine {
                client: "Unassigned seats".into(),
                id: None,
                assigned: minimum - assigned,
                used: 0,
                plan,
            });
        }
    }
    let csv = invoice_report_csv(&lines);
    let total: f64 = lines.iter().map(InvoiceLine::total).sum();
    for month in 0..6i64 {
        let id = format!("in_demo{:04}", 6 - month);
        let date = s.date(month * 30 + 5);
        sqlx::query("INSERT INTO invoices (id, provider_id, number, date, total, status, due_date, csv) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(&id).bind(&provider_id).bind(format!("DEMO-{:04}", 6 - month)).bind(&date).bind(total)
            .bind(if month == 0 { "open" } else { "paid" }).bind(s.date(month * 30 - 25)).bind(&csv)
            .execute(&mut *conn).await?;
    }

    // The admin's own vault: a folder, personal items and a Send.
    let folder = s.id();
    let fname = s.enc(&admin.user_key, "Work");
    sqlx::query("INSERT INTO folders (id, user_id, name, revision_date) VALUES (?, ?, ?, ?)")
        .bind(&folder)
        .bind(&admin.id)
        .bind(fname)
        .bind(s.date(30))
        .execute(&mut *conn)
        .await?;
    let item = LoginItem {
        name: "PSA portal",
        username: DEMO_ADMIN_EMAIL,
        password: "Psa-Portal-2026!",
        uri: "https://psa.demo-msp.example",
        notes: None,
    };
    insert_login(
        conn,
        &mut s,
        &admin.user_key,
        None,
        Some(&admin.id),
        &[],
        &item,
    )
    .await?;

    // The MSP's own organization: administered directly, not a provider
    // client, so front ends show their "administered directly" section.
    // Seeded last so that everything above keeps its deterministic ids.
    let internal = insert_org(
        conn,
        &mut s,
        OrgSpec {
            name: DEMO_INTERNAL_ORG_NAME,
            billing_email: "billing@demo-msp.example",
            plan_type: 17,
            seats: 10,
            status: 1,
            days_old: 900,
        },
    )
    .await?;
    let owner = insert_member(
        conn,
        &mut s,
        &internal,
        Some(admin),
        DEMO_ADMIN_EMAIL,
        0,
        2,
        None,
        false,
    )
    .await?;
    let tech = insert_member(
        conn,
        &mut s,
        &internal,
        user(DEMO_SERVICE_USER_EMAIL),
        DEMO_SERVICE_USER_EMAIL,
        2,
        2,
        None,
        false,
    )
    .await?;
    let tools = insert_collection(conn, &mut s, &internal, "MSP tools").await?;
    grant(conn, &tools, &owner, false, true).await?;
    grant(conn, &tools, &tech, false, false).await?;

    tx.commit().await?;
    Ok(())
}

/// A client that left Demo MSP after its newest invoice: found only in the
/// invoice reports.
pub const DEMO_FORMER_CLIENT_NAME: &str = "Café Ñandú";
const FORMER_CLIENT_ID: &str = "6f1c2a9e-4b7d-4e3a-9c55-0d8e2b7a1f34";

/// One row of a provider's per-client invoice report.
struct InvoiceLine {
    client: String,
    /// The client organization; none for unassigned seats.
    id: Option<String>,
    assigned: i64,
    used: i64,
    plan: i64,
}

impl InvoiceLine {
    /// Assigned seats at the provider price of the plan's tier.
    fn total(&self) -> f64 {
        let price = if crate::util::product_tier(self.plan) == 3 {
            6.0
        } else {
            4.0
        };
        self.assigned as f64 * price
    }
}

/// The report as the server writes it (CsvHelper, UTF-8 without BOM): a
/// header, CRLF after every record, fields quoted only when they must be,
/// totals in en-US currency format.
fn invoice_report_csv(lines: &[InvoiceLine]) -> String {
    let mut csv = String::from("Client,Id,Assigned,Used,Remaining,Plan,Estimated total\r\n");
    for l in lines {
        let fields = [
            l.client.clone(),
            l.id.clone().unwrap_or_default(),
            l.assigned.to_string(),
            l.used.to_string(),
            (l.assigned - l.used).to_string(),
            crate::util::plan_name(l.plan).to_owned(),
            usd(l.total()),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&quoted.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// CsvHelper's default quoting: a field with a quote, comma or line break,
/// or with space at either end, is quoted and its quotes doubled.
fn csv_field(field: &str) -> String {
    let must =
        field.contains(['"', ',', '\r', '\n']) || field.starts_with(' ') || field.ends_with(' ');
    if must {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// .NET's `{0:C}` for en-US: `$1,234.50`, `-$3.00`.
fn usd(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let digits = (cents.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${grouped}.{:02}", cents.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prints the master-key table (slow in debug: run with --release).
    #[test]
    #[ignore = "regenerates data/demo-master-keys.txt; run with --release"]
    fn print_demo_master_keys() {
        for (email, _) in DEMO_USERS {
            let key = compute_master_key(email).unwrap();
            println!(
                "{email} {}",
                key.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
        }
    }

    #[test]
    fn invoice_reports_are_written_like_csvhelper_writes_them() {
        assert_eq!(
            [
                usd(0.0),
                usd(90.0),
                usd(1234.5),
                usd(1_000_000.0),
                usd(-3.0)
            ],
            ["$0.00", "$90.00", "$1,234.50", "$1,000,000.00", "-$3.00"]
        );
        let lines = [
            InvoiceLine {
                client: DEMO_FORMER_CLIENT_NAME.into(),
                id: Some(FORMER_CLIENT_ID.into()),
                assigned: 300,
                used: 7,
                plan: 20,
            },
            InvoiceLine {
                client: "Say \"hi\", Ltd ".into(),
                id: None,
                assigned: 2,
                used: 0,
                plan: 17,
            },
        ];
        assert_eq!(
            invoice_report_csv(&lines),
            format!(
                "Client,Id,Assigned,Used,Remaining,Plan,Estimated total\r\n\
                 Café Ñandú,{FORMER_CLIENT_ID},300,7,293,Enterprise (Annually),\"$1,800.00\"\r\n\
                 \"Say \"\"hi\"\", Ltd \",,2,0,2,Teams (Monthly),$8.00\r\n"
            )
        );
    }

    #[test]
    fn the_table_matches_the_kdf_for_the_admin() {
        let table = master_key(DEMO_ADMIN_EMAIL).unwrap();
        assert!(
            MASTER_KEYS.contains(DEMO_ADMIN_EMAIL),
            "master key table is missing the admin"
        );
        assert_eq!(table, compute_master_key(DEMO_ADMIN_EMAIL).unwrap());
    }
}
