//! Contract tests: status, casing and shape of every route the app uses,
//! checked against shared/reference/bitwarden-api.md, plus the seat and
//! authorization rules and the demo seed's figures.

use bw_crypto::{EncString, SymmetricKey};
use bw_sandbox::testkit::{Reply, Session};
use bw_sandbox::{
    DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL,
    RunningSandbox, Sandbox, SandboxConfig,
};
use serde_json::{Value, json};

/// The member with `email` in an organization's user list.
fn member_by_email<'a>(members: &'a Value, email: &str) -> &'a Value {
    members["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {members}"))
}

async fn demo() -> RunningSandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

/// A signed-in user of one sandbox: its requests carry its token, and its
/// session (keys, tokens) is at hand.
struct User<'a> {
    s: &'a RunningSandbox,
    session: Session,
}

impl std::ops::Deref for User<'_> {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

impl User<'_> {
    /// One request made as this user.
    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.s
            .send(method, path, Some(&self.session.access_token), body)
            .await
    }

    /// A `GET` that must answer 200; its JSON.
    async fn get(&self, path: &str) -> Value {
        let r = self.send("GET", path, None).await;
        assert_eq!(
            r.status,
            200,
            "GET {path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()
    }

    /// A 200 `GET` whose body must parse into the bw-api wire type `T`.
    async fn get_parsed<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        parse(&self.get(path).await)
    }

    /// The provider's id and its client list.
    async fn clients(&self) -> (String, Value) {
        let pid = self.provider_id().await;
        let list = self
            .get(&format!("/api/providers/{pid}/organizations"))
            .await;
        (pid, list)
    }

    /// The provider's id and the organization id of its client `name`.
    async fn client_org_id(&self, name: &str) -> (String, String) {
        let (pid, list) = self.clients().await;
        (pid, text(&org_by_name(&list, name)["organizationId"]))
    }

    /// Northwind, a direct membership of the admin, from `/api/sync` (the
    /// profile lists the MSP's own organization too): its id and org key.
    async fn northwind(&self) -> (String, SymmetricKey) {
        let sync = self.get("/api/sync").await;
        let org = sync["profile"]["organizations"]
            .as_array()
            .and_then(|orgs| {
                orgs.iter()
                    .find(|o| o["name"] == bw_sandbox::DEMO_DIRECT_ORG_NAME)
            })
            .expect("Northwind among the organizations");
        let key = self.private_key.decapsulate(&enc_at(&org["key"])).unwrap();
        (text(&org["id"]), key)
    }

    async fn provider_id(&self) -> String {
        let sync = self.get("/api/sync?excludeDomains=true").await;
        sync["profile"]["providers"][0]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

async fn user<'a>(s: &'a RunningSandbox, email: &str) -> User<'a> {
    let session = s.login(email, DEMO_PASSWORD).await.unwrap();
    User { s, session }
}

async fn admin(s: &RunningSandbox) -> User<'_> {
    user(s, DEMO_ADMIN_EMAIL).await
}

/// A JSON string field, owned.
fn text(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

/// A JSON string field holding an EncString.
fn enc_at(v: &Value) -> EncString {
    v.as_str().unwrap().parse().unwrap()
}

fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

fn org_by_name<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organizationName"] == name || o["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))
}

fn token_form(email: &str, hash: &str, extra: &str) -> String {
    format!(
        "grant_type=password&username={}&password={}&scope=api%20offline_access&client_id=desktop&deviceType=8&deviceIdentifier=dev-1&deviceName=linux{extra}",
        email.replace('@', "%40"),
        hash.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    )
}

async fn token(s: &RunningSandbox, body: String, version: bool) -> (u16, Value) {
    let mut b = axum::http::Request::builder()
        .method("POST")
        .uri("/identity/connect/token")
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        );
    if version {
        b = b.header("bitwarden-client-version", "2026.8.0");
    }
    let r = s.call(b.body(axum::body::Body::from(body)).unwrap()).await;
    (r.status.as_u16(), r.json())
}

/// A password grant (with the version header) for the two-step demo
/// account, with `extra` form fields.
async fn token_2fa(s: &RunningSandbox, hash: &str, extra: &str) -> (u16, Value) {
    token(s, token_form(DEMO_2FA_EMAIL, hash, extra), true).await
}

/// Asks for a code by mail (an anonymous `POST` to `route`, which must
/// answer 200) and reads it from the sandbox's outbox.
async fn emailed_code(
    s: &RunningSandbox,
    route: &str,
    email: &str,
    hash: &str,
    kind: &str,
) -> String {
    let body = json!({"email": email, "masterPasswordHash": hash});
    let r = s.send("POST", route, None, Some(body)).await;
    assert_eq!(r.status, 200, "{route}");
    s.email_code(email, kind).await.unwrap()
}

fn hash_of(email: &str) -> String {
    // Only for tests: the demo table avoids running PBKDF2 here.
    let mk = bw_crypto::MasterKey::from_bytes(&demo_master_key(email)).unwrap();
    mk.server_hash(&bw_crypto::SecretString::from(DEMO_PASSWORD))
}

fn demo_master_key(email: &str) -> Vec<u8> {
    let table = include_str!("../data/demo-master-keys.txt");
    let hex = table
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{email} ")))
        .unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[tokio::test]
async fn demo_seed_shows_the_screenshot_figures() {
    let s = demo().await;
    let me = admin(&s).await;
    let (_, list) = me.clients().await;
    assert_eq!(list["object"], "list");
    assert!(list["continuationToken"].is_null());
    for (name, seats, used, remaining, plan) in [
        (
            "My Client's Organization",
            15,
            1,
            14,
            "Enterprise (Annually)",
        ),
        (
            "Second Client's Organization",
            20,
            1,
            19,
            "Teams (Annually)",
        ),
        (
            "Third Client's Organization",
            10,
            1,
            9,
            "Enterprise (Annually)",
        ),
    ] {
        let o = org_by_name(&list, name);
        assert_eq!(o["object"], "providerOrganizationOrganizationDetail");
        assert_eq!(
            (
                o["seats"].as_i64(),
                o["occupiedSeats"].as_i64(),
                o["remainingSeats"].as_i64()
            ),
            (Some(seats), Some(used), Some(remaining)),
            "{name}"
        );
        assert_eq!(o["userCount"], 1);
        assert_eq!(o["plan"], plan);
        assert_ne!(
            o["id"], o["organizationId"],
            "id is the ProviderOrganization id"
        );
        assert!(o["key"].as_str().unwrap().starts_with("2."));
        assert!(o.get("planType").is_none() && o.get("status").is_none());
    }
    // Northwind: invited + accepted + confirmed occupy seats; revoked and staged do not.
    let nw = org_by_name(&list, "Northwind Traders");
    assert_eq!(nw["occupiedSeats"], 8);
    assert_eq!(nw["userCount"], 6);
    drop(me);
    s.shutdown().await;
}

#[tokio::test]
async fn prelogin_has_flat_fields_and_kdf_settings() {
    let s = demo().await;
    for path in [
        "/identity/accounts/prelogin",
        "/identity/accounts/prelogin/password",
        "/api/accounts/prelogin",
    ] {
        let r = s
            .send("POST", path, None, Some(json!({"email": DEMO_ADMIN_EMAIL})))
            .await;
        assert_eq!(r.status, 200);
        let v = r.json();
        assert_eq!(v["kdf"], 0);
        assert_eq!(v["kdfIterations"], 600000);
        assert!(v["kdfMemory"].is_null() && v.get("kdfMemory").is_some());
        assert_eq!(
            v["kdfSettings"],
            json!({"kdfType": 0, "iterations": 600000, "memory": null, "parallelism": null})
        );
        assert!(v["salt"].is_null());
    }
    // Unknown emails get a deterministic answer, not an error.
    let mut answers = Vec::new();
    for _ in 0..2 {
        let body = json!({"email": "nobody@x.example"});
        let r = s
            .send("POST", "/identity/accounts/prelogin", None, Some(body))
            .await;
        answers.push(r.json());
    }
    assert_eq!(answers[0], answers[1]);
    let r = s
        .send("POST", "/identity/accounts/prelogin", None, Some(json!({})))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["validationErrors"]["Email"][0],
        "The Email field is required."
    );
}

#[tokio::test]
async fn token_success_carries_pascal_case_extras_and_real_claims() {
    let s = demo().await;
    let me = admin(&s).await;
    let t = &me.token_response;
    for key in [
        "access_token",
        "expires_in",
        "token_type",
        "refresh_token",
        "scope",
        "Key",
        "PrivateKey",
        "AccountKeys",
        "Kdf",
        "KdfIterations",
        "UserDecryptionOptions",
        "ForcePasswordReset",
        "MasterPasswordPolicy",
    ] {
        assert!(t.get(key).is_some(), "missing {key} in {t}");
    }
    assert_eq!(t["expires_in"], 3600);
    assert_eq!(t["token_type"], "Bearer");
    assert!(t.get("KdfMemory").is_some() && t["KdfMemory"].is_null());
    assert_eq!(
        t["AccountKeys"]["publicKeyEncryptionKeyPair"]["Object"],
        "publicKeyEncryptionKeyPair"
    );
    assert!(
        t["AccountKeys"]["publicKeyEncryptionKeyPair"]["wrappedPrivateKey"]
            .as_str()
            .unwrap()
            .starts_with("2.")
    );
    assert_eq!(t["UserDecryptionOptions"]["HasMasterPassword"], true);
    assert_eq!(
        t["UserDecryptionOptions"]["MasterPasswordUnlock"]["Kdf"]["KdfType"],
        0
    );
    assert_eq!(
        t["UserDecryptionOptions"]["MasterPasswordUnlock"]["Salt"],
        DEMO_ADMIN_EMAIL
    );
    // The JWT carries the claims the official clients decode.
    let payload = me.access_token.split('.').nth(1).unwrap();
    let claims: Value = {
        use base64::Engine as _;
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    for claim in [
        "sub",
        "email",
        "premium",
        "sstamp",
        "device",
        "exp",
        "providerprovideradmin",
        "orgowner",
    ] {
        assert!(
            claims.get(claim).is_some(),
            "claim {claim} missing: {claims}"
        );
    }

    // Refresh: same refresh token back, no extras.
    let refresh = me.refresh_token.clone().unwrap();
    let (status, v) = token(
        &s,
        format!("grant_type=refresh_token&client_id=desktop&refresh_token={refresh}"),
        false,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["refresh_token"], refresh.as_str());
    assert!(v.get("Key").is_none() && v.get("Kdf").is_none());
    let (status, v) = token(
        &s,
        "grant_type=refresh_token&client_id=desktop&refresh_token=nope".into(),
        false,
    )
    .await;
    assert_eq!((status, v), (400, json!({"error": "invalid_grant"})));
}

#[tokio::test]
async fn identity_errors_have_the_real_bodies() {
    let s = demo().await;
    let hash = hash_of(DEMO_ADMIN_EMAIL);
    let (status, v) = token(&s, token_form(DEMO_ADMIN_EMAIL, "d3Jvbmc=", ""), true).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"], "invalid_grant");
    assert_eq!(
        v["ErrorModel"],
        json!({"Message": "Username or password is incorrect. Try again.", "Object": "error"})
    );

    let (status, v) = token(&s, token_form(DEMO_ADMIN_EMAIL, &hash, ""), false).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"], "version_header_missing");
    assert!(
        v["ErrorModel"]["Message"]
            .as_str()
            .unwrap()
            .starts_with("No client version header found")
    );

    let body = token_form(DEMO_ADMIN_EMAIL, &hash, "").replace("&deviceIdentifier=dev-1", "");
    let (status, v) = token(&s, body, true).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"], "device_error");
    assert_eq!(v["ErrorModel"]["Message"], "no device information provided");
}

#[tokio::test]
async fn two_step_login_authenticator_email_and_remember() {
    let s = demo().await;
    let hash = hash_of(DEMO_2FA_EMAIL);
    let (status, v) = token_2fa(&s, &hash, "").await;
    assert_eq!(status, 400);
    assert_eq!(v["error"], "invalid_grant");
    assert_eq!(v["error_description"], "Two factor required.");
    assert_eq!(v["TwoFactorProviders"], json!(["0", "1"]));
    assert!(v["TwoFactorProviders2"]["0"].is_null());
    assert_eq!(
        v["TwoFactorProviders2"]["1"]["Email"],
        "s*****@demo-msp.example"
    );
    assert_eq!(v["Email"], DEMO_2FA_EMAIL);
    assert!(v["SsoEmail2faSessionToken"].is_string());

    let (status, v) = token_2fa(&s, &hash, "&twoFactorProvider=0&twoFactorToken=000000").await;
    assert_eq!(status, 400);
    assert_eq!(
        v["ErrorModel"]["Message"],
        "Two-step token is invalid. Try again."
    );

    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    let remember = format!("&twoFactorProvider=0&twoFactorToken={code}&twoFactorRemember=1");
    let (status, v) = token_2fa(&s, &hash, &remember).await;
    assert_eq!(status, 200, "{v}");
    let remember = v["TwoFactorToken"].as_str().unwrap().to_string();
    let with_remember = format!("&twoFactorProvider=5&twoFactorToken={remember}");
    let (status, _) = token_2fa(&s, &hash, &with_remember).await;
    assert_eq!(status, 200);
    let (status, v) = token_2fa(&s, &hash, "&twoFactorProvider=5&twoFactorToken=stale").await;
    assert_eq!(status, 400);
    assert!(
        v["TwoFactorProviders2"].is_object(),
        "an unknown remember token asks again"
    );

    // Email: the code is sent by two-factor/send-email-login, not by connect/token.
    let route = "/api/two-factor/send-email-login";
    let code = emailed_code(&s, route, DEMO_2FA_EMAIL, &hash, "two-factor").await;
    let emailed = format!("&twoFactorProvider=1&twoFactorToken={code}");
    let (status, _) = token_2fa(&s, &hash, &emailed).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn new_device_verification_and_personal_api_key() {
    let s = Sandbox::start(SandboxConfig {
        new_device_verification: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let me = admin(&s).await; // first device: no check
    let hash = hash_of(DEMO_ADMIN_EMAIL);
    let other = token_form(DEMO_ADMIN_EMAIL, &hash, "").replace("dev-1", "dev-2");
    let (status, v) = token(&s, other.clone(), true).await;
    assert_eq!((status, v["error"].as_str()), (400, Some("device_error")));
    assert_eq!(
        v["ErrorModel"]["Message"],
        "new device verification required"
    );
    let (status, v) = token(&s, format!("{other}&newDeviceOtp=123"), true).await;
    assert_eq!(
        (status, v["ErrorModel"]["Message"].as_str()),
        (400, Some("invalid new device otp"))
    );
    let route = "/api/accounts/resend-new-device-otp";
    let otp = emailed_code(&s, route, DEMO_ADMIN_EMAIL, &hash, "new-device").await;
    let (status, _) = token(&s, format!("{other}&newDeviceOtp={otp}"), true).await;
    assert_eq!(status, 200);

    let body = json!({"masterPasswordHash": hash});
    let key = me
        .send("POST", "/api/accounts/api-key", Some(body))
        .await
        .json();
    assert_eq!(key["object"], "apiKey");
    let sub = me.get("/api/accounts/profile").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let form = format!(
        "grant_type=client_credentials&scope=api&client_id=user.{sub}&client_secret={}&deviceType=8&deviceIdentifier=dev-3&deviceName=linux",
        key["apiKey"].as_str().unwrap()
    );
    let (status, v) = token(&s, form, true).await;
    assert_eq!(status, 200, "{v}");
    assert!(v.get("refresh_token").is_none());
    assert!(v["Key"].is_string());
}

#[tokio::test]
async fn sync_profile_and_the_key_chain_to_client_orgs() {
    let s = demo().await;
    let me = admin(&s).await;
    let sync = me.get("/api/sync?excludeDomains=true").await;
    assert_eq!(sync["object"], "sync");
    assert!(sync["domains"].is_null());
    let profile = &sync["profile"];
    assert_eq!(profile["object"], "profile");
    assert_eq!(profile["email"], DEMO_ADMIN_EMAIL);
    let provider = &profile["providers"][0];
    assert_eq!(provider["object"], "profileProvider");
    assert_eq!(provider["type"], 0);
    let provider_key: EncString = provider["key"].as_str().unwrap().parse().unwrap();
    assert_eq!(provider_key.enc_type(), 4);
    let provider_key = me.private_key.decapsulate(&provider_key).unwrap();
    let pos = profile["providerOrganizations"].as_array().unwrap();
    assert_eq!(pos.len(), 6);
    let my_client = pos
        .iter()
        .find(|o| o["name"] == "My Client's Organization")
        .unwrap();
    assert_eq!(my_client["object"], "profileProviderOrganization");
    assert!(my_client.get("organizationUserId").is_none());
    assert_eq!(
        (my_client["status"].as_i64(), my_client["type"].as_i64()),
        (Some(2), Some(0))
    );
    let org_key_enc: EncString = my_client["key"].as_str().unwrap().parse().unwrap();
    let org_key = bw_crypto::client_org::unwrap_org_key(&provider_key, &org_key_enc).unwrap();
    let oid = my_client["id"].as_str().unwrap();
    let cols = me
        .get(&format!("/api/organizations/{oid}/collections/details"))
        .await;
    let name: EncString = cols["data"][0]["name"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        bw_crypto::collection::decrypt_name(&org_key, &name)
            .unwrap()
            .expose(),
        "Default collection"
    );
    // Direct membership: type-4 org key; only the direct org's items are in sync.
    let orgs = profile["organizations"].as_array().unwrap();
    let names: Vec<&str> = orgs.iter().filter_map(|o| o["name"].as_str()).collect();
    assert_eq!(names.len(), 2, "Northwind and the MSP's own org: {names:?}");
    for name in [
        bw_sandbox::DEMO_DIRECT_ORG_NAME,
        bw_sandbox::DEMO_INTERNAL_ORG_NAME,
    ] {
        let org = orgs.iter().find(|o| o["name"] == name).unwrap();
        assert_eq!(org["object"], "profileOrganization");
        assert!(org["key"].as_str().unwrap().starts_with("4."));
    }
    let org_items = sync["ciphers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["organizationId"].is_null())
        .count();
    assert_eq!(org_items, 8);
    assert_eq!(sync["ciphers"][0]["object"], "cipherDetails");
    assert!(sync["userDecryption"]["masterPasswordUnlock"]["kdf"]["kdfType"] == 0);
    let rev = me.get("/api/accounts/revision-date").await;
    assert!(rev.as_i64().unwrap() > 0);
    let uid = profile["id"].as_str().unwrap();
    let pk = me.get(&format!("/api/users/{uid}/public-key")).await;
    assert_eq!(pk["object"], "userKey");
    assert_eq!(
        pk["publicKey"],
        profile["accountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"]
    );
    // The key-id backfill, once.
    let body = json!({"userKeyId": "0123456789abcdef0123456789abcdef"});
    let key_id = "/api/accounts/key-management/user-key-id";
    let first = me.send("POST", key_id, Some(body.clone())).await;
    assert_eq!(first.status, 200);
    let again = me.send("POST", key_id, Some(body)).await;
    assert_eq!(
        (again.status.as_u16(), again.json()["message"].as_str()),
        (400, Some("User key id is already set."))
    );
    let sync = me.get("/api/sync").await;
    assert_eq!(
        sync["userDecryption"]["userKeyId"],
        "0123456789abcdef0123456789abcdef"
    );
    let config = s.send("GET", "/api/config", None, None).await.json();
    assert_eq!(config["object"], "config");
    assert_eq!(config["environment"]["api"], format!("{}/api", s.url()));
}

#[tokio::test]
async fn members_seats_and_provider_rules() {
    let s = demo().await;
    let me = admin(&s).await;
    let (pid, list) = me.clients().await;
    let third = org_by_name(&list, "Third Client's Organization").clone();
    let oid = third["organizationId"].as_str().unwrap();
    let poid = third["id"].as_str().unwrap();

    // Members of Northwind in every status, with collections and groups.
    let nw = text(&org_by_name(&list, "Northwind Traders")["organizationId"]);
    let members = me
        .get(&format!(
            "/api/organizations/{nw}/users?includeCollections=true&includeGroups=true"
        ))
        .await;
    let statuses: std::collections::BTreeSet<i64> = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_i64().unwrap())
        .collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        vec![-1, 0, 1, 2, 3]
    );
    assert_eq!(members["data"][0]["object"], "organizationUserUserDetails");
    assert!(
        members["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["type"] == 4 && m["permissions"]["manageUsers"] == true)
    );
    assert!(
        members["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| !m["groups"].as_array().unwrap().is_empty())
    );

    // Inviting past the seats fails with the provider message.
    let emails: Vec<String> = (0..10)
        .map(|i| format!("new{i}@thirdclient.example"))
        .collect();
    let invite = format!("/api/organizations/{oid}/users/invite");
    let r = me
        .send("POST", &invite, Some(json!({"emails": emails, "type": 2})))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Seat limit has been reached. Please contact your provider to add more seats."
    );
    let one =
        json!({"emails": ["one@thirdclient.example"], "type": 2, "collections": [], "groups": []});
    let r = me.send("POST", &invite, Some(one)).await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let (_, after) = me.clients().await;
    let t = org_by_name(&after, "Third Client's Organization");
    assert_eq!(
        (
            t["occupiedSeats"].as_i64(),
            t["remainingSeats"].as_i64(),
            t["userCount"].as_i64()
        ),
        (Some(2), Some(8), Some(1))
    );

    // Assigned seats below used are refused; both fields required. A service
    // user may shrink, but not buy seats past the provider minimum.
    let tech = user(&s, DEMO_SERVICE_USER_EMAIL).await;
    let seats = format!("/api/providers/{pid}/clients/{poid}");
    let third = "Third Client's Organization";
    for (who, body, status, error) in [
        (&me, json!({"assignedSeats": 1, "name": third}), 400, None),
        (
            &me,
            json!({"assignedSeats": 12}),
            400,
            Some(("/validationErrors/Name/0", "The Name field is required.")),
        ),
        (&me, json!({"assignedSeats": 12, "name": third}), 200, None),
        (
            &tech,
            json!({"assignedSeats": 500, "name": third}),
            401,
            Some((
                "/message",
                "Service users cannot purchase additional seats.",
            )),
        ),
        (
            &tech,
            json!({"assignedSeats": 11, "name": third}),
            200,
            None,
        ),
    ] {
        let r = who.send("PUT", &seats, Some(body.clone())).await;
        assert_eq!(r.status, status, "{body}");
        if let Some((pointer, message)) = error {
            assert_eq!(r.json().pointer(pointer).unwrap(), message, "{body}");
        }
    }
    // Provider users read client items but cannot use the admin write routes.
    let items = me
        .get(&format!(
            "/api/ciphers/organization-details?organizationId={oid}"
        ))
        .await;
    assert_eq!(items["data"][0]["object"], "cipherMiniDetails");
    let id = items["data"][0]["id"].as_str().unwrap();
    let outsider = user(&s, "ceo@northwind.example").await;
    for (who, method, path, status) in [
        // Provider-admin-only routes: 403 for a service user, events hidden with 404.
        (&tech, "GET", format!("/api/providers/{pid}/users"), 403),
        (&tech, "GET", format!("/api/providers/{pid}/events"), 404),
        // Outsiders: 403 on provider routes, 404 on org routes.
        (
            &outsider,
            "GET",
            format!("/api/providers/{pid}/organizations"),
            403,
        ),
        (
            &outsider,
            "GET",
            format!("/api/organizations/{oid}/users"),
            404,
        ),
        (&me, "DELETE", format!("/api/ciphers/{id}/admin"), 404),
    ] {
        let r = who.send(method, &path, None).await;
        assert_eq!(r.status, status, "{method} {path}");
    }

    // Billing records are raw (no envelope, no object).
    let sub = me
        .get(&format!("/api/providers/{pid}/billing/subscription"))
        .await;
    assert!(sub.get("object").is_none());
    assert_eq!(sub["plans"].as_array().unwrap().len(), 2);
    let inv = me
        .get(&format!("/api/providers/{pid}/billing/invoices"))
        .await;
    let first = inv["invoices"][0]["id"].as_str().unwrap();
    let invoice = format!("/api/providers/{pid}/billing/invoices/{first}");
    let csv = me.send("GET", &invoice, None).await;
    assert_eq!(csv.headers["content-type"], "text/csv");
    assert!(String::from_utf8(csv.body).unwrap().starts_with("Client,"));
    let addable = me
        .get(&format!("/api/providers/{pid}/clients/addable"))
        .await;
    assert!(addable.is_array());
}

#[tokio::test]
async fn events_page_by_continuation_token_and_policies_take_both_shapes() {
    let s = demo().await;
    let me = admin(&s).await;
    let (_, nw) = me.client_org_id("Northwind Traders").await;
    let end = chrono::Utc::now() + chrono::Duration::days(1);
    let start = end - chrono::Duration::days(100);
    let mut seen = 0;
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!(
            "/api/organizations/{nw}/events?start={}&end={}",
            start.format("%Y-%m-%dT%H:%M:%SZ"),
            end.format("%Y-%m-%dT%H:%M:%SZ")
        );
        if let Some(t) = &token {
            path.push_str(&format!(
                "&continuationToken={}",
                t.replace('|', "%7C").replace(':', "%3A")
            ));
        }
        let page = me.get(&path).await;
        let n = page["data"].as_array().unwrap().len();
        assert!(n <= 50);
        if n > 0 {
            assert_eq!(page["data"][0]["object"], "event");
        }
        seen += n;
        pages += 1;
        match page["continuationToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert!(seen >= 240 && pages >= 5, "{seen} events in {pages} pages");
    let years = "start=2020-01-01T00:00:00Z&end=2026-01-01T00:00:00Z";
    let r = me
        .send(
            "GET",
            &format!("/api/organizations/{nw}/events?{years}"),
            None,
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["message"].as_str()),
        (400, Some("Range too large."))
    );

    let policies = me.get(&format!("/api/organizations/{nw}/policies")).await;
    assert!(
        policies["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["type"] == 8 && p["enabled"] == true)
    );
    // The legacy body and the vNext one both apply; policy 3 may not be off.
    for (policy, body, status, field) in [
        (
            6,
            json!({"enabled": true, "data": null}),
            200,
            Some(("/object", json!("policy"))),
        ),
        (
            6,
            json!({"policy": {"enabled": false, "data": {}}, "metadata": {}}),
            200,
            Some(("/enabled", json!(false))),
        ),
        (3, json!({"enabled": false}), 400, None),
    ] {
        let path = format!("/api/organizations/{nw}/policies/{policy}");
        let r = me.send("PUT", &path, Some(body.clone())).await;
        assert_eq!(r.status, status, "{body}");
        if let Some((pointer, expected)) = field {
            assert_eq!(r.json().pointer(pointer), Some(&expected), "{body}");
        }
    }
}

#[tokio::test]
async fn account_recovery_with_the_new_body() {
    let s = demo().await;
    let me = admin(&s).await;
    let (nw, org_key) = me.northwind().await;
    let members = me.get(&format!("/api/organizations/{nw}/users")).await;
    let alice = member_by_email(&members, "alice@northwind.example");
    assert_eq!(alice["resetPasswordEnrolled"], true);
    let aid = alice["id"].as_str().unwrap();
    let details = me
        .get(&format!(
            "/api/organizations/{nw}/users/{aid}/reset-password-details"
        ))
        .await;
    assert_eq!(details["object"], "organizationUserResetPasswordDetails");
    assert_eq!(details["masterPasswordSalt"], "alice@northwind.example");
    // org key → org private key → alice's user key.
    let org_private = org_key
        .unwrap_private_key(&enc_at(&details["encryptedPrivateKey"]))
        .unwrap();
    let user_key = org_private
        .decapsulate(&enc_at(&details["resetPasswordKey"]))
        .unwrap();
    assert_eq!(user_key.to_bytes().len(), 64);
    let recover = format!("/api/organizations/{nw}/users/{aid}/recover-account");
    let nothing = json!({"resetMasterPassword": false, "resetTwoFactor": false});
    let r = me.send("PUT", &recover, Some(nothing)).await;
    assert_eq!(
        r.json()["message"],
        "At least one recovery action must be requested."
    );
    let kdf = json!({"kdfType": 0, "iterations": 600000, "memory": null, "parallelism": null});
    let new_key = user_key
        .encrypt(b"not really a key but an EncString")
        .unwrap()
        .to_string();
    let r = me.send("PUT", &recover, Some(json!({
        "resetMasterPassword": true, "resetTwoFactor": false,
        "authenticationData": {"kdf": kdf, "masterPasswordAuthenticationHash": "aGFzaA==", "salt": "alice@northwind.example"},
        "unlockData": {"kdf": kdf, "masterKeyWrappedUserKey": new_key, "salt": "alice@northwind.example"},
    }))).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn collections_groups_and_items_round_trip() {
    let s = demo().await;
    let me = admin(&s).await;
    let (nw, org_key) = me.northwind().await;
    let name = org_key.encrypt_str("Engineering").unwrap().to_string();
    let collections = format!("/api/organizations/{nw}/collections");
    let body = json!({"name": name, "groups": [], "users": []});
    let r = me.send("POST", &collections, Some(body)).await;
    assert_eq!(r.status, 200);
    let created = r.json();
    assert_eq!(created["object"], "collectionAccessDetails");
    let cid = created["id"].as_str().unwrap();
    let plain = json!({"name": "plain text"});
    let r = me.send("POST", &collections, Some(plain)).await;
    assert_eq!(r.status, 400);
    let group = json!({"name": "Ops", "collections": [{"id": cid, "readOnly": true}], "users": []});
    let groups = format!("/api/organizations/{nw}/groups");
    let g = me.send("POST", &groups, Some(group)).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["collections"][0]["id"], cid);
    let cipher = json!({"cipher": {"type": 1, "organizationId": nw, "name": org_key.encrypt_str("API").unwrap().to_string(),
        "login": {"username": org_key.encrypt_str("u").unwrap().to_string(), "password": org_key.encrypt_str("p").unwrap().to_string(), "uris": []}},
        "collectionIds": [cid]});
    let r = me.send("POST", "/api/ciphers/admin", Some(cipher)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["collectionIds"][0], cid);
    let r = me
        .send("DELETE", &format!("{collections}/{cid}"), None)
        .await;
    assert_eq!(r.status, 200);
}

/// The first validation error of a 400 on `field`.
fn field_error(r: &Reply, field: &str) -> (u16, Option<String>) {
    let error = r.json()["validationErrors"][field][0]
        .as_str()
        .map(String::from);
    (r.status.as_u16(), error)
}

/// Org and provider invites refuse addresses by the same rules, each route
/// with its own sentence for more than 20; the bulk deletes pass over ids
/// that are not the organization's.
#[tokio::test]
async fn invite_refusals_and_bulk_group_deletes() {
    let s = demo().await;
    let me = admin(&s).await;
    let (nw, _) = me.northwind().await;
    let pid = me.provider_id().await;
    let many: Vec<String> = (0..21).map(|i| format!("u{i}@x.example")).collect();
    for (invite, too_many) in [
        (
            format!("/api/organizations/{nw}/users/invite"),
            "You can only submit up to 20 emails at a time.",
        ),
        (
            format!("/api/providers/{pid}/users/invite"),
            "You can only invite up to 20 users at a time.",
        ),
    ] {
        let r = me.send("POST", &invite, Some(json!({"type": 1}))).await;
        assert_eq!(
            field_error(&r, "Emails"),
            (400, Some("The Emails field is required.".into())),
            "{invite}"
        );
        let r = me
            .send("POST", &invite, Some(json!({"emails": many, "type": 1})))
            .await;
        assert_eq!(field_error(&r, "Emails"), (400, Some(too_many.into())));
        let body = json!({"emails": ["ok@x.example", " No-At.Example "], "type": 1});
        let r = me.send("POST", &invite, Some(body)).await;
        assert_eq!(
            field_error(&r, "Emails"),
            (
                400,
                Some("no-at.example is not a valid email address.".into())
            ),
            "{invite}"
        );
    }

    let groups = format!("/api/organizations/{nw}/groups");
    let g = me
        .send("POST", &groups, Some(json!({"name": "Short-lived"})))
        .await;
    assert_eq!(g.status, 200);
    let gid = text(&g.json()["id"]);
    let ids = json!({"ids": [gid, "00000000-0000-4000-8000-000000000000", "no guid"]});
    let r = me.send("DELETE", &groups, Some(ids)).await;
    assert_eq!(r.status, 200);
    let left = me.get(&groups).await;
    assert!(
        left["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["id"] != gid.as_str()),
        "{left}"
    );
    let r = me.send("DELETE", &groups, Some(json!({}))).await;
    assert_eq!(
        field_error(&r, "Ids"),
        (400, Some("The Ids field is required.".into()))
    );
}

#[tokio::test]
async fn sends_text_file_and_anonymous_access() {
    let s = demo().await;
    let me = admin(&s).await;
    let send_key = bw_crypto::send::SendKey::generate().unwrap();
    let k = send_key.key();
    let deletion = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let text = json!({"type": 0, "name": k.encrypt_str("note").unwrap().to_string(), "key": send_key.wrap(&me.user_key).unwrap().to_string(),
        "text": {"text": k.encrypt_str("hello").unwrap().to_string(), "hidden": false}, "deletionDate": deletion, "disabled": false});
    let r = me.send("POST", "/api/sends", Some(text)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let sent = r.json();
    assert_eq!(sent["object"], "send");
    let access_id = sent["accessId"].as_str().unwrap();
    assert_eq!(
        access_id,
        bw_crypto::send::access_id(sent["id"].as_str().unwrap()).unwrap()
    );
    let access = format!("/api/sends/access/{access_id}");
    let r = s.send("POST", &access, None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["text"]["text"], sent["text"]["text"]);
    let far = (chrono::Utc::now() + chrono::Duration::days(40)).to_rfc3339();
    let r = me.send("POST", "/api/sends", Some(json!({"type": 0, "key": sent["key"], "text": {"text": sent["text"]["text"]}, "deletionDate": far}))).await;
    assert_eq!(r.status, 400);
    let file = json!({"type": 1, "name": k.encrypt_str("report.pdf").unwrap().to_string(), "key": sent["key"],
        "file": {"fileName": k.encrypt_str("report.pdf").unwrap().to_string(), "fileLength": 2048}, "deletionDate": deletion, "disabled": false});
    let r = me.send("POST", "/api/sends/file/v2", Some(file)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let upload = r.json();
    assert_eq!(upload["sendResponse"]["type"], 1);
    assert_eq!(upload["sendResponse"]["file"]["size"], "2048");
    assert!(upload["url"].as_str().unwrap().starts_with(s.url()));
}

#[tokio::test]
async fn organization_and_provider_user_routes() {
    let s = demo().await;
    let me = admin(&s).await;
    let (pid, oid) = me.client_org_id("My Client's Organization").await;
    let org = me.get(&format!("/api/organizations/{oid}")).await;
    assert_eq!(
        (
            org["object"].as_str(),
            org["planType"].as_i64(),
            org["seats"].as_i64()
        ),
        (Some("organization"), Some(20), Some(15))
    );
    let r = me.send("PUT",
        &format!("/api/organizations/{oid}"),
        Some(
            json!({"name": "My Client's Organization", "billingEmail": "billing@myclient.example"}),
        ),
    )
    .await;
    assert_eq!(r.status, 200);
    let seat = format!("/api/organizations/{oid}/seat");
    let r = me
        .send("POST", &seat, Some(json!({"seatAdjustment": 5})))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["message"].as_str()),
        (400, Some("No subscription found."))
    );
    let sub = me
        .get(&format!("/api/organizations/{oid}/subscription"))
        .await;
    assert!(sub["subscription"].is_null());
    let meta = me
        .get(&format!("/api/organizations/{oid}/billing/vnext/metadata"))
        .await;
    assert_eq!(
        meta,
        json!({"isOnSecretsManagerStandalone": false, "organizationOccupiedSeats": 1})
    );
    let key = me
        .get(&format!("/api/organizations/{oid}/public-key"))
        .await;
    assert_eq!(key["object"], "organizationPublicKey");
    let mini = me
        .get(&format!("/api/organizations/{oid}/users/mini-details"))
        .await;
    assert_eq!(mini["data"][0]["object"], "organizationUserUserMiniDetails");

    let users = me.get(&format!("/api/providers/{pid}/users")).await;
    assert_eq!(users["data"].as_array().unwrap().len(), 4);
    assert_eq!(users["data"][0]["object"], "providerUserUserDetails");
    let invite = format!("/api/providers/{pid}/users/invite");
    let body = json!({"emails": ["new@demo-msp.example"], "type": 1});
    let r = me.send("POST", &invite, Some(body)).await;
    assert_eq!(r.status, 200);
    let events = me.get(&format!("/api/providers/{pid}/events")).await;
    assert!(!events["data"].as_array().unwrap().is_empty());
    let provider = me.get(&format!("/api/providers/{pid}")).await;
    assert_eq!(
        (
            provider["object"].as_str(),
            provider["name"].as_str(),
            provider["type"].as_i64()
        ),
        (Some("provider"), Some("Demo MSP"), Some(0))
    );
    let address = me
        .get(&format!("/api/providers/{pid}/billing/vnext/address"))
        .await;
    assert_eq!(address["country"], "US");
}

#[tokio::test]
async fn latency_knob_delays_every_request() {
    let s = Sandbox::start(SandboxConfig {
        latency: std::time::Duration::from_millis(120),
        seed: bw_sandbox::Seed::Empty,
        ..Default::default()
    })
    .await
    .unwrap();
    let t = std::time::Instant::now();
    assert_eq!(s.send("GET", "/api/config", None, None).await.status, 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(120));
}

/// What the sandbox emits parses back into bw-api's wire types (the client's side of the contract).
#[tokio::test]
async fn responses_parse_into_the_bw_api_wire_types() {
    use bw_api::wire::{
        ErrorResponse, ListResponse, account, billing, ciphers, clients, collections, events,
        groups, identity, members, policies, providers,
    };
    let s = demo().await;
    let me = admin(&s).await;
    let _: identity::TokenResponse = parse(&me.token_response);
    let pid = me.provider_id().await;
    let sync: account::SyncResponse = me.get_parsed("/api/sync").await;
    assert_eq!(sync.profile.provider_organizations.len(), 6);
    let profile: account::Profile = me.get_parsed("/api/accounts/profile").await;
    assert_eq!(profile, sync.profile);
    let clients: ListResponse<clients::ProviderOrganization> = me
        .get_parsed(&format!("/api/providers/{pid}/organizations"))
        .await;
    let oid = &clients.data[0].organization_id;
    let org = |rest: &str| format!("/api/organizations/{oid}/{rest}");
    let provider = |rest: &str| format!("/api/providers/{pid}/{rest}");
    let items = format!("/api/ciphers/organization-details?organizationId={oid}");
    let _: ListResponse<members::OrganizationUserDetails> =
        me.get_parsed(&org("users?includeCollections=true")).await;
    let _: ListResponse<collections::CollectionDetails> =
        me.get_parsed(&org("collections/details")).await;
    let _: ListResponse<ciphers::CipherDetails> = me.get_parsed(&items).await;
    let _: ListResponse<events::Event> = me.get_parsed(&org("events")).await;
    let _: ListResponse<policies::Policy> = me.get_parsed(&org("policies")).await;
    let _: ListResponse<groups::Group> = me.get_parsed(&org("groups")).await;
    let _: ListResponse<providers::ProviderUser> = me.get_parsed(&provider("users")).await;
    let _: billing::ProviderSubscription = me.get_parsed(&provider("billing/subscription")).await;
    let _: billing::Invoices = me.get_parsed(&provider("billing/invoices")).await;
    let _: account::ConfigResponse = parse(&s.send("GET", "/api/config", None, None).await.json());
    let _: identity::PreloginResponse = parse(
        &s.send(
            "POST",
            "/identity/accounts/prelogin",
            None,
            Some(json!({"email": "a@b.c"})),
        )
        .await
        .json(),
    );
    let _: ErrorResponse = parse(
        &me.send(
            "GET",
            &format!("/api/organizations/{oid}/users/{oid}"),
            None,
        )
        .await
        .json(),
    );
    let (_, v) = token(&s, token_form(DEMO_ADMIN_EMAIL, "eA==", ""), true).await;
    let _: identity::IdentityError = parse(&v);
}

#[tokio::test]
async fn admin_item_routes_bulk_access_and_user_events() {
    let s = demo().await;
    let me = admin(&s).await;
    let (nw, _) = me.northwind().await;
    let cols = me
        .get(&format!("/api/organizations/{nw}/collections/details"))
        .await;
    let ids: Vec<String> = cols["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let items = me
        .get(&format!(
            "/api/ciphers/organization-details?organizationId={nw}"
        ))
        .await;
    let cipher = format!("/api/ciphers/{}", text(&items["data"][0]["id"]));
    let deleted = me
        .send("PUT", &format!("{cipher}/delete-admin"), None)
        .await;
    assert_eq!(deleted.status, 200);
    let restored = me
        .send("PUT", &format!("{cipher}/restore-admin"), None)
        .await;
    assert_eq!(restored.status, 200);
    assert!(restored.json()["deletedDate"].is_null());
    let two = json!({"collectionIds": [ids[0], ids[1]]});
    let r = me
        .send("PUT", &format!("{cipher}/collections-admin"), Some(two))
        .await;
    assert_eq!(r.status, 200);
    let one = me.get(&cipher).await;
    assert_eq!(one["collectionIds"].as_array().unwrap().len(), 2);

    let members = me.get(&format!("/api/organizations/{nw}/users")).await;
    let bob = member_by_email(&members, "bob@northwind.example")["id"].clone();
    let access =
        json!({"collectionIds": ids, "users": [{"id": bob, "readOnly": true}], "groups": []});
    let bulk = format!("/api/organizations/{nw}/collections/bulk-access");
    let r = me.send("POST", &bulk, Some(access)).await;
    assert_eq!(r.status, 200);
    let details = me
        .get(&format!("/api/organizations/{nw}/collections/details"))
        .await;
    assert!(details["data"].as_array().unwrap().iter().all(|c| {
        c["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == bob)
    }));

    let pid = me.provider_id().await;
    let body = json!({"name": "Demo MSP", "billingEmail": "ap@demo-msp.example"});
    let r = me
        .send("PUT", &format!("/api/providers/{pid}"), Some(body))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["billingEmail"].as_str()),
        (200, Some("ap@demo-msp.example"))
    );
    let mine = me.get("/api/events").await;
    assert_eq!(mine["object"], "list");
    let maybe = format!("/api/organizations/{nw}/users?includeGroups=maybe");
    let r = me.send("GET", &maybe, None).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "The model state is invalid.");
}
