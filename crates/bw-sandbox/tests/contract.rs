//! Contract tests: status, casing and shape of every route the app uses,
//! checked against shared/reference/bitwarden-api.md, plus the seat and
//! authorization rules and the demo seed's figures.

use bw_crypto::EncString;
use bw_sandbox::testkit::{Reply, Session};
use bw_sandbox::{
    DEMO_2FA_EMAIL, DEMO_2FA_TOTP_SECRET, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SERVICE_USER_EMAIL,
    RunningSandbox, Sandbox, SandboxConfig,
};
use serde_json::{Value, json};

/// Northwind's entry among the admin's organizations (the profile lists the
/// MSP's own organization too).
fn northwind(sync: &Value) -> &Value {
    sync["profile"]["organizations"]
        .as_array()
        .and_then(|orgs| {
            orgs.iter()
                .find(|o| o["name"] == bw_sandbox::DEMO_DIRECT_ORG_NAME)
        })
        .expect("Northwind among the organizations")
}

async fn demo() -> RunningSandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

async fn admin(s: &RunningSandbox) -> Session {
    s.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await.unwrap()
}

async fn get(s: &RunningSandbox, session: &Session, path: &str) -> Value {
    let r = s.send("GET", path, Some(&session.access_token), None).await;
    assert_eq!(
        r.status,
        200,
        "GET {path}: {}",
        String::from_utf8_lossy(&r.body)
    );
    r.json()
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

/// A 200 `GET` whose body must parse into the bw-api wire type `T`.
async fn get_parsed<T: serde::de::DeserializeOwned>(
    s: &RunningSandbox,
    session: &Session,
    path: &str,
) -> T {
    parse(&get(s, session, path).await)
}

async fn provider_id(s: &RunningSandbox, session: &Session) -> String {
    let sync = get(s, session, "/api/sync?excludeDomains=true").await;
    sync["profile"]["providers"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// One request made as `session`.
async fn send_as(
    s: &RunningSandbox,
    session: &Session,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Reply {
    s.send(method, path, Some(&session.access_token), body)
        .await
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
    let pid = provider_id(&s, &me).await;
    let list = get(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
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
    let a = s
        .send(
            "POST",
            "/identity/accounts/prelogin",
            None,
            Some(json!({"email": "nobody@x.example"})),
        )
        .await
        .json();
    let b = s
        .send(
            "POST",
            "/identity/accounts/prelogin",
            None,
            Some(json!({"email": "nobody@x.example"})),
        )
        .await
        .json();
    assert_eq!(a, b);
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
    let (status, v) = token(&s, token_form(DEMO_2FA_EMAIL, &hash, ""), true).await;
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

    let (status, v) = token(
        &s,
        token_form(
            DEMO_2FA_EMAIL,
            &hash,
            "&twoFactorProvider=0&twoFactorToken=000000",
        ),
        true,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        v["ErrorModel"]["Message"],
        "Two-step token is invalid. Try again."
    );

    let code = bw_sandbox::totp::code_now(DEMO_2FA_TOTP_SECRET).unwrap();
    let (status, v) = token(
        &s,
        token_form(
            DEMO_2FA_EMAIL,
            &hash,
            &format!("&twoFactorProvider=0&twoFactorToken={code}&twoFactorRemember=1"),
        ),
        true,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let remember = v["TwoFactorToken"].as_str().unwrap().to_string();
    let (status, _) = token(
        &s,
        token_form(
            DEMO_2FA_EMAIL,
            &hash,
            &format!("&twoFactorProvider=5&twoFactorToken={remember}"),
        ),
        true,
    )
    .await;
    assert_eq!(status, 200);
    let (status, v) = token(
        &s,
        token_form(
            DEMO_2FA_EMAIL,
            &hash,
            "&twoFactorProvider=5&twoFactorToken=stale",
        ),
        true,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        v["TwoFactorProviders2"].is_object(),
        "an unknown remember token asks again"
    );

    // Email: the code is sent by two-factor/send-email-login, not by connect/token.
    let r = s
        .send(
            "POST",
            "/api/two-factor/send-email-login",
            None,
            Some(json!({"email": DEMO_2FA_EMAIL, "masterPasswordHash": hash})),
        )
        .await;
    assert_eq!(r.status, 200);
    let code = s.email_code(DEMO_2FA_EMAIL, "two-factor").await.unwrap();
    let (status, _) = token(
        &s,
        token_form(
            DEMO_2FA_EMAIL,
            &hash,
            &format!("&twoFactorProvider=1&twoFactorToken={code}"),
        ),
        true,
    )
    .await;
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
    let r = s
        .send(
            "POST",
            "/api/accounts/resend-new-device-otp",
            None,
            Some(json!({"email": DEMO_ADMIN_EMAIL, "masterPasswordHash": hash})),
        )
        .await;
    assert_eq!(r.status, 200);
    let otp = s.email_code(DEMO_ADMIN_EMAIL, "new-device").await.unwrap();
    let (status, _) = token(&s, format!("{other}&newDeviceOtp={otp}"), true).await;
    assert_eq!(status, 200);

    let key = send_as(
        &s,
        &me,
        "POST",
        "/api/accounts/api-key",
        Some(json!({"masterPasswordHash": hash})),
    )
    .await
    .json();
    assert_eq!(key["object"], "apiKey");
    let sub = get(&s, &me, "/api/accounts/profile").await["id"]
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
    let sync = get(&s, &me, "/api/sync?excludeDomains=true").await;
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
    let cols = get(
        &s,
        &me,
        &format!("/api/organizations/{oid}/collections/details"),
    )
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
    let rev = get(&s, &me, "/api/accounts/revision-date").await;
    assert!(rev.as_i64().unwrap() > 0);
    let uid = profile["id"].as_str().unwrap();
    let pk = get(&s, &me, &format!("/api/users/{uid}/public-key")).await;
    assert_eq!(pk["object"], "userKey");
    assert_eq!(
        pk["publicKey"],
        profile["accountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"]
    );
    // The key-id backfill, once.
    let body = json!({"userKeyId": "0123456789abcdef0123456789abcdef"});
    assert_eq!(
        send_as(
            &s,
            &me,
            "POST",
            "/api/accounts/key-management/user-key-id",
            Some(body.clone())
        )
        .await
        .status,
        200
    );
    let again = send_as(
        &s,
        &me,
        "POST",
        "/api/accounts/key-management/user-key-id",
        Some(body),
    )
    .await;
    assert_eq!(
        (again.status.as_u16(), again.json()["message"].as_str()),
        (400, Some("User key id is already set."))
    );
    let sync = get(&s, &me, "/api/sync").await;
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
    let pid = provider_id(&s, &me).await;
    let list = get(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
    let third = org_by_name(&list, "Third Client's Organization").clone();
    let oid = third["organizationId"].as_str().unwrap();
    let poid = third["id"].as_str().unwrap();

    // Members of Northwind in every status, with collections and groups.
    let nw = org_by_name(&list, "Northwind Traders")["organizationId"]
        .as_str()
        .unwrap()
        .to_string();
    let members = get(
        &s,
        &me,
        &format!("/api/organizations/{nw}/users?includeCollections=true&includeGroups=true"),
    )
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
    let r = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/organizations/{oid}/users/invite"),
        Some(json!({"emails": emails, "type": 2})),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Seat limit has been reached. Please contact your provider to add more seats."
    );
    let r = send_as(&s, &me, "POST", &format!("/api/organizations/{oid}/users/invite"), Some(json!({"emails": ["one@thirdclient.example"], "type": 2, "collections": [], "groups": []}))).await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let after = get(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
    let t = org_by_name(&after, "Third Client's Organization");
    assert_eq!(
        (
            t["occupiedSeats"].as_i64(),
            t["remainingSeats"].as_i64(),
            t["userCount"].as_i64()
        ),
        (Some(2), Some(8), Some(1))
    );

    // Assigned seats below used are refused; both fields required.
    let r = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/providers/{pid}/clients/{poid}"),
        Some(json!({"assignedSeats": 1, "name": "Third Client's Organization"})),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/providers/{pid}/clients/{poid}"),
        Some(json!({"assignedSeats": 12})),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["validationErrors"]["Name"][0],
        "The Name field is required."
    );
    let r = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/providers/{pid}/clients/{poid}"),
        Some(json!({"assignedSeats": 12, "name": "Third Client's Organization"})),
    )
    .await;
    assert_eq!(r.status, 200);

    // A service user may shrink, but not buy seats past the provider minimum.
    let tech = s
        .login(DEMO_SERVICE_USER_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let r = send_as(
        &s,
        &tech,
        "PUT",
        &format!("/api/providers/{pid}/clients/{poid}"),
        Some(json!({"assignedSeats": 500, "name": "Third Client's Organization"})),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["message"],
        "Service users cannot purchase additional seats."
    );
    let r = send_as(
        &s,
        &tech,
        "PUT",
        &format!("/api/providers/{pid}/clients/{poid}"),
        Some(json!({"assignedSeats": 11, "name": "Third Client's Organization"})),
    )
    .await;
    assert_eq!(r.status, 200);
    // Provider-admin-only routes: 403 for a service user, events hidden with 404.
    assert_eq!(
        send_as(
            &s,
            &tech,
            "GET",
            &format!("/api/providers/{pid}/users"),
            None
        )
        .await
        .status,
        403
    );
    assert_eq!(
        send_as(
            &s,
            &tech,
            "GET",
            &format!("/api/providers/{pid}/events"),
            None
        )
        .await
        .status,
        404
    );

    // Outsiders: 403 on provider routes, 404 on org routes.
    let outsider = s
        .login("ceo@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        send_as(
            &s,
            &outsider,
            "GET",
            &format!("/api/providers/{pid}/organizations"),
            None
        )
        .await
        .status,
        403
    );
    assert_eq!(
        send_as(
            &s,
            &outsider,
            "GET",
            &format!("/api/organizations/{oid}/users"),
            None
        )
        .await
        .status,
        404
    );

    // Provider users read client items but cannot use the admin write routes.
    let items = get(
        &s,
        &me,
        &format!("/api/ciphers/organization-details?organizationId={oid}"),
    )
    .await;
    assert_eq!(items["data"][0]["object"], "cipherMiniDetails");
    let id = items["data"][0]["id"].as_str().unwrap();
    let r = send_as(&s, &me, "DELETE", &format!("/api/ciphers/{id}/admin"), None).await;
    assert_eq!(r.status, 404);

    // Billing records are raw (no envelope, no object).
    let sub = get(
        &s,
        &me,
        &format!("/api/providers/{pid}/billing/subscription"),
    )
    .await;
    assert!(sub.get("object").is_none());
    assert_eq!(sub["plans"].as_array().unwrap().len(), 2);
    let inv = get(&s, &me, &format!("/api/providers/{pid}/billing/invoices")).await;
    let first = inv["invoices"][0]["id"].as_str().unwrap();
    let csv = send_as(
        &s,
        &me,
        "GET",
        &format!("/api/providers/{pid}/billing/invoices/{first}"),
        None,
    )
    .await;
    assert_eq!(csv.headers["content-type"], "text/csv");
    assert!(String::from_utf8(csv.body).unwrap().starts_with("Client,"));
    let addable = get(&s, &me, &format!("/api/providers/{pid}/clients/addable")).await;
    assert!(addable.is_array());
}

#[tokio::test]
async fn events_page_by_continuation_token_and_policies_take_both_shapes() {
    let s = demo().await;
    let me = admin(&s).await;
    let pid = provider_id(&s, &me).await;
    let list = get(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
    let nw = org_by_name(&list, "Northwind Traders")["organizationId"]
        .as_str()
        .unwrap()
        .to_string();
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
        let page = get(&s, &me, &path).await;
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
    let r = send_as(
        &s,
        &me,
        "GET",
        &format!(
            "/api/organizations/{nw}/events?start=2020-01-01T00:00:00Z&end=2026-01-01T00:00:00Z"
        ),
        None,
    )
    .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["message"].as_str()),
        (400, Some("Range too large."))
    );

    let policies = get(&s, &me, &format!("/api/organizations/{nw}/policies")).await;
    assert!(
        policies["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["type"] == 8 && p["enabled"] == true)
    );
    let legacy = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/organizations/{nw}/policies/6"),
        Some(json!({"enabled": true, "data": null})),
    )
    .await;
    assert_eq!(legacy.status, 200);
    assert_eq!(legacy.json()["object"], "policy");
    let vnext = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/organizations/{nw}/policies/6"),
        Some(json!({"policy": {"enabled": false, "data": {}}, "metadata": {}})),
    )
    .await;
    assert_eq!(vnext.status, 200);
    assert_eq!(vnext.json()["enabled"], false);
    let refused = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/organizations/{nw}/policies/3"),
        Some(json!({"enabled": false})),
    )
    .await;
    assert_eq!(refused.status, 400);
}

#[tokio::test]
async fn account_recovery_with_the_new_body() {
    let s = demo().await;
    let me = admin(&s).await;
    let sync = get(&s, &me, "/api/sync").await;
    let nw = text(&northwind(&sync)["id"]);
    let members = get(&s, &me, &format!("/api/organizations/{nw}/users")).await;
    let alice = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "alice@northwind.example")
        .unwrap();
    assert_eq!(alice["resetPasswordEnrolled"], true);
    let aid = alice["id"].as_str().unwrap();
    let details = get(
        &s,
        &me,
        &format!("/api/organizations/{nw}/users/{aid}/reset-password-details"),
    )
    .await;
    assert_eq!(details["object"], "organizationUserResetPasswordDetails");
    assert_eq!(details["masterPasswordSalt"], "alice@northwind.example");
    // org key → org private key → alice's user key.
    let org_key = me
        .private_key
        .decapsulate(&enc_at(&northwind(&sync)["key"]))
        .unwrap();
    let org_private = org_key
        .unwrap_private_key(&enc_at(&details["encryptedPrivateKey"]))
        .unwrap();
    let user_key = org_private
        .decapsulate(&enc_at(&details["resetPasswordKey"]))
        .unwrap();
    assert_eq!(user_key.to_bytes().len(), 64);
    let r = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/organizations/{nw}/users/{aid}/recover-account"),
        Some(json!({"resetMasterPassword": false, "resetTwoFactor": false})),
    )
    .await;
    assert_eq!(
        r.json()["message"],
        "At least one recovery action must be requested."
    );
    let kdf = json!({"kdfType": 0, "iterations": 600000, "memory": null, "parallelism": null});
    let new_key = user_key
        .encrypt(b"not really a key but an EncString")
        .unwrap()
        .to_string();
    let r = send_as(&s, &me, "PUT", &format!("/api/organizations/{nw}/users/{aid}/recover-account"), Some(json!({
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
    let sync = get(&s, &me, "/api/sync").await;
    let nw = text(&northwind(&sync)["id"]);
    let org_key = me
        .private_key
        .decapsulate(&enc_at(&northwind(&sync)["key"]))
        .unwrap();
    let name = org_key.encrypt_str("Engineering").unwrap().to_string();
    let r = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/organizations/{nw}/collections"),
        Some(json!({"name": name, "groups": [], "users": []})),
    )
    .await;
    assert_eq!(r.status, 200);
    let created = r.json();
    assert_eq!(created["object"], "collectionAccessDetails");
    let cid = created["id"].as_str().unwrap();
    let r = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/organizations/{nw}/collections"),
        Some(json!({"name": "plain text"})),
    )
    .await;
    assert_eq!(r.status, 400);
    let g = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/organizations/{nw}/groups"),
        Some(json!({"name": "Ops", "collections": [{"id": cid, "readOnly": true}], "users": []})),
    )
    .await;
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["collections"][0]["id"], cid);
    let cipher = json!({"cipher": {"type": 1, "organizationId": nw, "name": org_key.encrypt_str("API").unwrap().to_string(),
        "login": {"username": org_key.encrypt_str("u").unwrap().to_string(), "password": org_key.encrypt_str("p").unwrap().to_string(), "uris": []}},
        "collectionIds": [cid]});
    let r = send_as(&s, &me, "POST", "/api/ciphers/admin", Some(cipher)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["collectionIds"][0], cid);
    let r = send_as(
        &s,
        &me,
        "DELETE",
        &format!("/api/organizations/{nw}/collections/{cid}"),
        None,
    )
    .await;
    assert_eq!(r.status, 200);
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
    let r = send_as(&s, &me, "POST", "/api/sends", Some(text)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let sent = r.json();
    assert_eq!(sent["object"], "send");
    let access_id = sent["accessId"].as_str().unwrap();
    assert_eq!(
        access_id,
        bw_crypto::send::access_id(sent["id"].as_str().unwrap()).unwrap()
    );
    let r = s
        .send(
            "POST",
            &format!("/api/sends/access/{access_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["text"]["text"], sent["text"]["text"]);
    let far = (chrono::Utc::now() + chrono::Duration::days(40)).to_rfc3339();
    let r = send_as(&s, &me, "POST", "/api/sends", Some(json!({"type": 0, "key": sent["key"], "text": {"text": sent["text"]["text"]}, "deletionDate": far}))).await;
    assert_eq!(r.status, 400);
    let file = json!({"type": 1, "name": k.encrypt_str("report.pdf").unwrap().to_string(), "key": sent["key"],
        "file": {"fileName": k.encrypt_str("report.pdf").unwrap().to_string(), "fileLength": 2048}, "deletionDate": deletion, "disabled": false});
    let r = send_as(&s, &me, "POST", "/api/sends/file/v2", Some(file)).await;
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
    let pid = provider_id(&s, &me).await;
    let list = get(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
    let oid = org_by_name(&list, "My Client's Organization")["organizationId"]
        .as_str()
        .unwrap()
        .to_string();
    let org = get(&s, &me, &format!("/api/organizations/{oid}")).await;
    assert_eq!(
        (
            org["object"].as_str(),
            org["planType"].as_i64(),
            org["seats"].as_i64()
        ),
        (Some("organization"), Some(20), Some(15))
    );
    let r = send_as(
        &s,
        &me,
        "PUT",
        &format!("/api/organizations/{oid}"),
        Some(
            json!({"name": "My Client's Organization", "billingEmail": "billing@myclient.example"}),
        ),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/organizations/{oid}/seat"),
        Some(json!({"seatAdjustment": 5})),
    )
    .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["message"].as_str()),
        (400, Some("No subscription found."))
    );
    let sub = get(&s, &me, &format!("/api/organizations/{oid}/subscription")).await;
    assert!(sub["subscription"].is_null());
    let meta = get(
        &s,
        &me,
        &format!("/api/organizations/{oid}/billing/vnext/metadata"),
    )
    .await;
    assert_eq!(
        meta,
        json!({"isOnSecretsManagerStandalone": false, "organizationOccupiedSeats": 1})
    );
    let key = get(&s, &me, &format!("/api/organizations/{oid}/public-key")).await;
    assert_eq!(key["object"], "organizationPublicKey");
    let mini = get(
        &s,
        &me,
        &format!("/api/organizations/{oid}/users/mini-details"),
    )
    .await;
    assert_eq!(mini["data"][0]["object"], "organizationUserUserMiniDetails");

    let users = get(&s, &me, &format!("/api/providers/{pid}/users")).await;
    assert_eq!(users["data"].as_array().unwrap().len(), 4);
    assert_eq!(users["data"][0]["object"], "providerUserUserDetails");
    let r = send_as(
        &s,
        &me,
        "POST",
        &format!("/api/providers/{pid}/users/invite"),
        Some(json!({"emails": ["new@demo-msp.example"], "type": 1})),
    )
    .await;
    assert_eq!(r.status, 200);
    let events = get(&s, &me, &format!("/api/providers/{pid}/events")).await;
    assert!(!events["data"].as_array().unwrap().is_empty());
    let provider = get(&s, &me, &format!("/api/providers/{pid}")).await;
    assert_eq!(
        (
            provider["object"].as_str(),
            provider["name"].as_str(),
            provider["type"].as_i64()
        ),
        (Some("provider"), Some("Demo MSP"), Some(0))
    );
    let address = get(
        &s,
        &me,
        &format!("/api/providers/{pid}/billing/vnext/address"),
    )
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
    use bw_api::wire::{ErrorResponse, ListResponse, account, identity, org, provider, vault};
    let s = demo().await;
    let me = admin(&s).await;
    let _: identity::TokenResponse = parse(&me.token_response);
    let pid = provider_id(&s, &me).await;
    let sync: account::SyncResponse = get_parsed(&s, &me, "/api/sync").await;
    assert_eq!(sync.profile.provider_organizations.len(), 6);
    let clients: ListResponse<provider::ProviderOrganization> =
        get_parsed(&s, &me, &format!("/api/providers/{pid}/organizations")).await;
    let oid = &clients.data[0].organization_id;
    let _: ListResponse<org::OrganizationUserDetails> = get_parsed(
        &s,
        &me,
        &format!("/api/organizations/{oid}/users?includeCollections=true"),
    )
    .await;
    let _: ListResponse<vault::CollectionDetails> = get_parsed(
        &s,
        &me,
        &format!("/api/organizations/{oid}/collections/details"),
    )
    .await;
    let _: ListResponse<vault::CipherDetails> = get_parsed(
        &s,
        &me,
        &format!("/api/ciphers/organization-details?organizationId={oid}"),
    )
    .await;
    let _: ListResponse<org::Event> =
        get_parsed(&s, &me, &format!("/api/organizations/{oid}/events")).await;
    let _: ListResponse<vault::Policy> =
        get_parsed(&s, &me, &format!("/api/organizations/{oid}/policies")).await;
    let _: ListResponse<org::Group> =
        get_parsed(&s, &me, &format!("/api/organizations/{oid}/groups")).await;
    let _: ListResponse<provider::ProviderUser> =
        get_parsed(&s, &me, &format!("/api/providers/{pid}/users")).await;
    let _: provider::ProviderSubscription = get_parsed(
        &s,
        &me,
        &format!("/api/providers/{pid}/billing/subscription"),
    )
    .await;
    let _: provider::Invoices =
        get_parsed(&s, &me, &format!("/api/providers/{pid}/billing/invoices")).await;
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
        &send_as(
            &s,
            &me,
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
    let sync = get(&s, &me, "/api/sync").await;
    let nw = text(&northwind(&sync)["id"]);
    let cols = get(
        &s,
        &me,
        &format!("/api/organizations/{nw}/collections/details"),
    )
    .await;
    let ids: Vec<String> = cols["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let items = get(
        &s,
        &me,
        &format!("/api/ciphers/organization-details?organizationId={nw}"),
    )
    .await;
    let cid = items["data"][0]["id"].as_str().unwrap().to_string();
    let t = Some(me.access_token.as_str());
    assert_eq!(
        s.send("PUT", &format!("/api/ciphers/{cid}/delete-admin"), t, None)
            .await
            .status,
        200
    );
    let restored = s
        .send("PUT", &format!("/api/ciphers/{cid}/restore-admin"), t, None)
        .await;
    assert_eq!(restored.status, 200);
    assert!(restored.json()["deletedDate"].is_null());
    let r = s
        .send(
            "PUT",
            &format!("/api/ciphers/{cid}/collections-admin"),
            t,
            Some(json!({"collectionIds": [ids[0], ids[1]]})),
        )
        .await;
    assert_eq!(r.status, 200);
    let one = get(&s, &me, &format!("/api/ciphers/{cid}")).await;
    assert_eq!(one["collectionIds"].as_array().unwrap().len(), 2);

    let members = get(&s, &me, &format!("/api/organizations/{nw}/users")).await;
    let bob = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "bob@northwind.example")
        .unwrap()["id"]
        .clone();
    let r = s
        .send("POST", &format!("/api/organizations/{nw}/collections/bulk-access"), t, Some(json!({"collectionIds": ids, "users": [{"id": bob, "readOnly": true}], "groups": []})))
        .await;
    assert_eq!(r.status, 200);
    let details = get(
        &s,
        &me,
        &format!("/api/organizations/{nw}/collections/details"),
    )
    .await;
    assert!(details["data"].as_array().unwrap().iter().all(|c| {
        c["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == bob)
    }));

    let pid = sync["profile"]["providers"][0]["id"].as_str().unwrap();
    let r = s
        .send(
            "PUT",
            &format!("/api/providers/{pid}"),
            t,
            Some(json!({"name": "Demo MSP", "billingEmail": "ap@demo-msp.example"})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["billingEmail"].as_str()),
        (200, Some("ap@demo-msp.example"))
    );
    let mine = get(&s, &me, "/api/events").await;
    assert_eq!(mine["object"], "list");
    let r = s
        .send(
            "GET",
            &format!("/api/organizations/{nw}/users?includeGroups=maybe"),
            t,
            None,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "The model state is invalid.");
}
