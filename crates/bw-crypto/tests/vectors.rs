//! Checks every case of every set of every `*.json` vector file in
//! `$BW_VECTORS_DIR` (default: the shared folder beside the checkout)
//! against this crate, following `shared/vectors/README.md`:
//!
//! - deterministic outputs (KDFs, hashes, HKDF, fingerprints, access ids)
//!   must match exactly;
//! - every EncString decrypts to the given plaintext, parses and formats
//!   back to the same text;
//! - negative cases must return an error (a panic fails the test);
//! - every encrypting function round-trips the vector's inputs.
//!
//! Nothing here depends on a particular seed, set count or array length;
//! an unknown section or known-answer shape fails the run rather than being
//! skipped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bw_crypto::{
    EncString, Kdf, MasterKey, OaepHash, RsaPrivateKey, RsaPublicKey, SecretString, SymmetricKey,
    cipher, client_org, collection, fingerprint, hazmat, normalize_salt, recovery, send,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

type R<T = ()> = Result<T, String>;

const FORMAT: &str = "bitwarden-client-crypto-reference-vectors/1";

#[derive(Default)]
struct Tally {
    cases: usize,
    checks: usize,
    per_section: BTreeMap<String, usize>,
    /// Master keys by (password, salt, kdf): the same account appears in
    /// several sections and each PBKDF2-600k run costs real time in debug.
    master_keys: BTreeMap<(String, String, String), Vec<u8>>,
}

impl Tally {
    fn case(&mut self, section: &str) {
        self.cases += 1;
        *self.per_section.entry(section.to_owned()).or_default() += 1;
    }
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, got: T, want: T) -> R {
        self.checks += 1;
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got:?}, want {want:?}"))
        }
    }
    fn derive(&mut self, password: &str, salt: &str, kdf: &Kdf) -> R<MasterKey> {
        let id = (
            password.to_owned(),
            normalize_salt(salt),
            format!("{kdf:?}"),
        );
        if let Some(bytes) = self.master_keys.get(&id) {
            return MasterKey::from_bytes(bytes).map_err(e("master key"));
        }
        let mk = MasterKey::derive(&pw(password), salt, kdf).map_err(e("derive"))?;
        self.master_keys.insert(id, mk.to_bytes().expose().to_vec());
        Ok(mk)
    }
    fn ok(&mut self, what: &str, cond: bool) -> R {
        self.checks += 1;
        if cond {
            Ok(())
        } else {
            Err(format!("{what}: check failed"))
        }
    }
}

// ---------- JSON and encoding helpers ----------

fn get<'a>(v: &'a Value, key: &str) -> R<&'a Value> {
    v.get(key).ok_or_else(|| format!("missing field `{key}`"))
}
fn st<'a>(v: &'a Value, key: &str) -> R<&'a str> {
    get(v, key)?
        .as_str()
        .ok_or_else(|| format!("`{key}` is not a string"))
}
fn opt_st<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}
fn arr<'a>(v: &'a Value, key: &str) -> R<&'a Vec<Value>> {
    get(v, key)?
        .as_array()
        .ok_or_else(|| format!("`{key}` is not an array"))
}
fn u32_of(v: &Value, key: &str) -> R<Option<u32>> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => x
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| format!("`{key}` is not a u32")),
    }
}
fn b64d(s: &str) -> R<Vec<u8>> {
    STANDARD
        .decode(s)
        .map_err(|e| format!("bad base64 {s:?}: {e}"))
}
fn b64e(b: &[u8]) -> String {
    STANDARD.encode(b)
}
fn enc(s: &str) -> R<EncString> {
    s.parse()
        .map_err(|e| format!("EncString {s:?} does not parse: {e}"))
}
fn key(s: &str) -> R<SymmetricKey> {
    SymmetricKey::from_base64(s).map_err(|e| format!("key: {e}"))
}
fn key_b64(k: &SymmetricKey) -> String {
    k.to_base64().expose().to_owned()
}
fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}
fn e<E: std::fmt::Display>(ctx: &'static str) -> impl Fn(E) -> String {
    move |err| format!("{ctx}: {err}")
}
fn decrypt_str(t: &mut Tally, k: &SymmetricKey, s: &str, want: &str, what: &str) -> R {
    let got = k
        .decrypt_to_string(&enc(s)?)
        .map_err(|err| format!("{what}: {err}"))?;
    t.eq(what, got.expose(), want)
}
fn private_key(der_b64: &str) -> R<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs8_der(&b64d(der_b64)?).map_err(e("private key"))
}
fn public_key(spki_b64: &str) -> R<RsaPublicKey> {
    RsaPublicKey::from_spki_b64(spki_b64).map_err(e("public key"))
}

/// `{key_b64, length, enc_key_b64, mac_key_b64}` → checked key.
fn key_object(t: &mut Tally, v: &Value) -> R<SymmetricKey> {
    let k = key(st(v, "key_b64")?)?;
    let bytes = k.to_bytes();
    if let Some(len) = u32_of(v, "length")? {
        t.eq("key length", bytes.len(), len as usize)?;
    }
    if let Some(enc_half) = opt_st(v, "enc_key_b64") {
        t.eq("enc half", b64e(&bytes.expose()[..32]), enc_half.to_owned())?;
    }
    if let Some(mac_half) = opt_st(v, "mac_key_b64") {
        t.eq("mac half", b64e(&bytes.expose()[32..]), mac_half.to_owned())?;
    }
    Ok(k)
}

fn kdf_of(v: &Value) -> R<Kdf> {
    let kdf_type = get(v, "kdfType")?
        .as_i64()
        .ok_or("kdfType not an integer")?;
    let iterations = u32_of(v, "iterations")?.ok_or("iterations missing")?;
    Kdf::from_prelogin(
        kdf_type,
        iterations,
        u32_of(v, "memory")?,
        u32_of(v, "parallelism")?,
    )
    .map_err(e("kdf"))
}

/// Type-2 `parts` object: the parsed EncString has exactly these parts and
/// the EncArrayBuffer form decrypts like the text form.
fn check_parts(t: &mut Tally, parts: &Value, s: &str, k: &SymmetricKey) -> R {
    let parsed = enc(s)?;
    t.eq(
        "enc_type",
        u64::from(parsed.enc_type()),
        get(parts, "enc_type")?.as_u64().unwrap_or(999),
    )?;
    let EncString::AesCbc256HmacSha256B64 { iv, data, mac } = &parsed else {
        return Err("parts given for a non-type-2 EncString".into());
    };
    t.eq("iv", b64e(iv), st(parts, "iv_b64")?.to_owned())?;
    t.eq("ct", b64e(data), st(parts, "ciphertext_b64")?.to_owned())?;
    t.eq("mac", b64e(mac), st(parts, "mac_b64")?.to_owned())?;
    if let Some(buf) = opt_st(parts, "enc_array_buffer_b64") {
        let buf = b64d(buf)?;
        t.eq(
            "to_enc_array_buffer",
            parsed.to_enc_array_buffer().map_err(e("buffer"))?,
            buf.clone(),
        )?;
        let from_buf = k.decrypt_buffer(&buf).map_err(e("decrypt_buffer"))?;
        let from_text = k.decrypt(&parsed).map_err(e("decrypt"))?;
        t.ok(
            "buffer and text decrypt alike",
            from_buf.expose() == from_text.expose(),
        )?;
    }
    Ok(())
}

/// A master-password account (`kdf_and_user_key[]`, recovery `member`, and
/// the KDF-shaped known-answer tests).
fn check_account(t: &mut Tally, a: &Value) -> R {
    let kdf = kdf_of(get(a, "kdf")?)?;
    let password_text = st(a, "password")?;
    if let Some(utf8) = opt_st(a, "password_utf8_b64") {
        t.eq(
            "password bytes",
            b64d(utf8)?,
            password_text.as_bytes().to_vec(),
        )?;
    }
    let password = pw(password_text);
    let salt = match (opt_st(a, "email_input"), opt_st(a, "salt")) {
        (Some(email), Some(salt)) => {
            t.eq("normalised salt", normalize_salt(email), salt.to_owned())?;
            email
        }
        (Some(email), None) => email,
        (None, Some(salt)) => salt,
        (None, None) => return Err("account has neither email_input nor salt".into()),
    };
    if let Some(h) = opt_st(a, "argon2_salt_sha256_b64") {
        t.eq(
            "argon2 salt",
            b64e(&Sha256::digest(normalize_salt(salt).as_bytes())),
            h.to_owned(),
        )?;
    }
    let mk = t.derive(password_text, salt, &kdf)?;
    t.eq(
        "master key",
        b64e(mk.to_bytes().expose()),
        st(a, "master_key_b64")?.to_owned(),
    )?;
    if let Some(h) = opt_st(a, "master_password_hash_server_b64") {
        t.eq("server hash", mk.server_hash(&password), h.to_owned())?;
    }
    if let Some(h) = opt_st(a, "master_password_hash_local_b64") {
        t.eq("local hash", mk.local_hash(&password), h.to_owned())?;
    }
    let stretched = mk.stretch().map_err(e("stretch"))?;
    let sbytes = stretched.to_bytes();
    let (enc_want, mac_want) = match a.get("stretched_master_key") {
        Some(s) => (opt_st(s, "enc_key_b64"), opt_st(s, "mac_key_b64")),
        None => (
            opt_st(a, "stretched_enc_key_b64"),
            opt_st(a, "stretched_mac_key_b64"),
        ),
    };
    if let Some(w) = enc_want {
        t.eq("stretched enc", b64e(&sbytes.expose()[..32]), w.to_owned())?;
    }
    if let Some(w) = mac_want {
        t.eq("stretched mac", b64e(&sbytes.expose()[32..]), w.to_owned())?;
    }
    if let Some(puk) = opt_st(a, "protected_user_key") {
        let user_key = key_object(t, get(a, "user_key")?)?;
        let got = mk
            .decrypt_user_key(&enc(puk)?)
            .map_err(e("decrypt_user_key"))?;
        t.eq("user key", key_b64(&got), key_b64(&user_key))?;
        t.eq(
            "EncString formats back",
            enc(puk)?.to_string(),
            puk.to_owned(),
        )?;
        if let Some(parts) = a.get("protected_user_key_parts") {
            check_parts(t, parts, puk, &stretched)?;
        }
        // Round trip: wrap again and open again.
        let rewrapped = mk.wrap_user_key(&user_key).map_err(e("wrap_user_key"))?;
        t.eq("rewrapped type", rewrapped.enc_type(), 2)?;
        let reopened = mk
            .decrypt_user_key(&rewrapped)
            .map_err(e("decrypt_user_key"))?;
        t.eq(
            "protected user key round trip",
            key_b64(&reopened),
            key_b64(&user_key),
        )?;
        // A different master key (one flipped bit) must not open it.
        let mut wrong_bytes = mk.to_bytes().expose().to_vec();
        wrong_bytes[0] ^= 1;
        let wrong = MasterKey::from_bytes(&wrong_bytes).map_err(e("master key"))?;
        t.ok(
            "wrong master key refused",
            wrong.decrypt_user_key(&enc(puk)?).is_err(),
        )?;
    }
    Ok(())
}

/// A type-2 case with `expect` (or implied success when a plaintext is given).
fn check_type2_case(t: &mut Tally, c: &Value) -> R {
    let k = key(st(c, "key_b64")?)?;
    let s = st(c, "enc_string")?;
    let expect = opt_st(c, "expect").unwrap_or("decrypts to plaintext");
    match expect {
        "error" => {
            // Must be an error, whether at parse time or at decryption, and
            // not a panic.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                s.parse::<EncString>().and_then(|v| k.decrypt(&v)).is_err()
            }));
            t.ok(
                "negative case returned an error (no panic)",
                matches!(result, Ok(true)),
            )?;
        }
        "decrypts to plaintext" => {
            let plaintext = st(c, "plaintext")?;
            if let Some(utf8) = opt_st(c, "plaintext_utf8_b64") {
                t.eq(
                    "plaintext bytes",
                    b64d(utf8)?,
                    plaintext.as_bytes().to_vec(),
                )?;
            }
            decrypt_str(t, &k, s, plaintext, "type-2 decrypt")?;
            t.eq("EncString formats back", enc(s)?.to_string(), s.to_owned())?;
            if let Some(parts) = c.get("parts") {
                check_parts(t, parts, s, &k)?;
                // Fixed IV given: encryption is deterministic and must match.
                let EncString::AesCbc256HmacSha256B64 { iv, .. } = enc(s)? else {
                    return Err("not type 2".into());
                };
                t.eq(
                    "fixed-IV encrypt",
                    hazmat::encrypt_with_iv(&k, iv, plaintext.as_bytes()).to_string(),
                    s.to_owned(),
                )?;
            }
            let fresh = k.encrypt_str(plaintext).map_err(e("encrypt"))?;
            t.eq(
                "round trip",
                k.decrypt_to_string(&fresh).map_err(e("decrypt"))?.expose(),
                plaintext,
            )?;
        }
        other => return Err(format!("unknown expectation {other:?}")),
    }
    Ok(())
}

/// An RSA key pair object `{public_key_spki_der_b64, private_key_pkcs8_der_b64,
/// encrypted_private_key?}`; `wrapping` opens `encrypted_private_key`.
fn check_keypair(t: &mut Tally, kp: &Value, wrapping: Option<&SymmetricKey>) -> R<RsaPrivateKey> {
    let pkcs8_b64 = st(kp, "private_key_pkcs8_der_b64")?;
    let spki_b64 = st(kp, "public_key_spki_der_b64")?;
    let private = private_key(pkcs8_b64)?;
    t.eq(
        "PKCS#8 re-encodes identically",
        b64e(private.to_pkcs8_der().map_err(e("pkcs8"))?.expose()),
        pkcs8_b64.to_owned(),
    )?;
    t.eq(
        "public key of private key",
        private.public_key().to_spki_b64().map_err(e("spki"))?,
        spki_b64.to_owned(),
    )?;
    t.eq(
        "SPKI round trip",
        public_key(spki_b64)?.to_spki_b64().map_err(e("spki"))?,
        spki_b64.to_owned(),
    )?;
    if let (Some(w), Some(epk)) = (wrapping, opt_st(kp, "encrypted_private_key")) {
        let opened = w
            .unwrap_private_key(&enc(epk)?)
            .map_err(e("unwrap_private_key"))?;
        t.eq(
            "encrypted private key",
            b64e(opened.to_pkcs8_der().map_err(e("pkcs8"))?.expose()),
            pkcs8_b64.to_owned(),
        )?;
        let rewrapped = w
            .wrap_private_key(&private)
            .map_err(e("wrap_private_key"))?;
        let again = w
            .unwrap_private_key(&rewrapped)
            .map_err(e("unwrap_private_key"))?;
        t.eq(
            "private key round trip",
            b64e(again.to_pkcs8_der().map_err(e("pkcs8"))?.expose()),
            pkcs8_b64.to_owned(),
        )?;
    }
    Ok(private)
}

/// A type-4 wrap: opens with `private`, equals `want`, and re-wraps.
fn check_type4(
    t: &mut Tally,
    private: &RsaPrivateKey,
    s: &str,
    want: &SymmetricKey,
    what: &str,
) -> R {
    let parsed = enc(s)?;
    t.eq("EncString formats back", parsed.to_string(), s.to_owned())?;
    let got = private
        .decapsulate(&parsed)
        .map_err(|err| format!("{what}: {err}"))?;
    t.eq(what, key_b64(&got), key_b64(want))?;
    let rewrapped = private
        .public_key()
        .encapsulate(want)
        .map_err(e("encapsulate"))?;
    t.eq("encapsulate type", rewrapped.enc_type(), 4)?;
    let again = private.decapsulate(&rewrapped).map_err(e("decapsulate"))?;
    t.eq("type-4 round trip", key_b64(&again), key_b64(want))
}

// ---------- known-answer tests (recognised by shape) ----------

fn check_known_answer(t: &mut Tally, c: &Value) -> R<&'static str> {
    if c.get("kdf").is_some() && c.get("password").is_some() {
        check_account(t, c)?;
        return Ok("kat:kdf");
    }
    if c.get("enc_string").is_some() && c.get("key_b64").is_some() {
        check_type2_case(t, c)?;
        return Ok("kat:type2");
    }
    if let Some(cases) = c.get("cases").and_then(Value::as_array) {
        for sc in cases {
            let secret = st(sc, "secret_utf8")?;
            let k =
                send::derive_shareable_key(secret.as_bytes(), st(sc, "name")?, opt_st(sc, "info"))
                    .map_err(e("derive_shareable_key"))?;
            t.eq("shareable key", key_b64(&k), st(sc, "key_b64")?.to_owned())?;
        }
        return Ok("kat:shareable_key");
    }
    if c.get("phrase").is_some() && c.get("fingerprint_material").is_some() {
        let spki = b64d(st(c, "public_key_spki_der_b64")?)?;
        let got = fingerprint::fingerprint_phrase(st(c, "fingerprint_material")?, &spki)
            .map_err(e("fingerprint"))?;
        t.eq("fingerprint", got, st(c, "phrase")?.to_owned())?;
        return Ok("kat:fingerprint");
    }
    if c.get("private_key_pkcs8_der_b64").is_some() && c.get("unwrapped_key").is_some() {
        let private = check_keypair(t, c, None)?;
        let want = key_object(t, get(c, "unwrapped_key")?)?;
        let mut seen = 0;
        for (field, value) in c.as_object().into_iter().flatten() {
            let Some(s) = value.as_str() else { continue };
            if !field.starts_with("type") {
                continue;
            }
            seen += 1;
            let parsed = enc(s)?;
            t.eq("EncString formats back", parsed.to_string(), s.to_owned())?;
            let got = private
                .decapsulate(&parsed)
                .map_err(|err| format!("{field}: {err}"))?;
            t.eq(field, key_b64(&got), key_b64(&want))?;
            // Re-encrypt with the same OAEP hash and open again.
            let hash = if matches!(parsed.enc_type(), 3 | 5) {
                OaepHash::Sha256
            } else {
                OaepHash::Sha1
            };
            let again = private
                .public_key()
                .encrypt(want.to_bytes().expose(), hash)
                .map_err(e("rsa encrypt"))?;
            t.eq("same type", again.enc_type() % 2, parsed.enc_type() % 2)?;
            t.eq(
                "rsa round trip",
                key_b64(&private.decapsulate(&again).map_err(e("decapsulate"))?),
                key_b64(&want),
            )?;
        }
        t.ok("RSA case has type* ciphertexts", seen > 0)?;
        return Ok("kat:rsa");
    }
    Err("unrecognised known-answer test shape".into())
}

// ---------- set sections ----------

/// Every private key in a set, to open type-4 values whose recipient is
/// named only in prose.
fn private_keys_of_set(set: &Value) -> R<Vec<RsaPrivateKey>> {
    let mut found = Vec::new();
    collect_private_keys(set, &mut found);
    found.sort();
    found.dedup();
    found.iter().map(|s| private_key(s)).collect()
}
fn collect_private_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k.ends_with("private_key_pkcs8_der_b64") {
                    if let Some(s) = x.as_str() {
                        out.push(s.to_owned());
                    }
                } else {
                    collect_private_keys(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_private_keys(x, out)),
        _ => {}
    }
}

fn open_with_any(keys: &[RsaPrivateKey], s: &str) -> R<SymmetricKey> {
    let parsed = enc(s)?;
    keys.iter()
        .find_map(|k| k.decapsulate(&parsed).ok())
        .ok_or_else(|| "no private key of the set opens this type-4 value".to_owned())
}

fn check_user_rsa_keypair(t: &mut Tally, v: &Value) -> R {
    let user_key = key(st(v, "user_key_b64")?)?;
    let kp = get(v, "keypair")?;
    let private = check_keypair(t, kp, Some(&user_key))?;
    let phrase = private
        .public_key()
        .fingerprint(st(v, "fingerprint_material")?)
        .map_err(e("fingerprint"))?;
    t.eq(
        "user fingerprint",
        phrase,
        st(v, "fingerprint_phrase")?.to_owned(),
    )
}

fn check_org_key_delivery(t: &mut Tally, v: &Value) -> R {
    let org_key = key_object(t, get(v, "org_key")?)?;
    let private = private_key(st(v, "user_private_key_pkcs8_der_b64")?)?;
    t.eq(
        "user public key",
        private.public_key().to_spki_b64().map_err(e("spki"))?,
        st(v, "user_public_key_spki_der_b64")?.to_owned(),
    )?;
    check_type4(
        t,
        &private,
        st(v, "profile_organizations_key")?,
        &org_key,
        "org key (type 4)",
    )
}

fn check_provider(t: &mut Tally, v: &Value, set_keys: &[RsaPrivateKey]) -> R {
    let provider_key = key_object(t, get(v, "provider_key")?)?;
    let wrapped = st(v, "profile_providers_key")?;
    let got = open_with_any(set_keys, wrapped)?;
    t.eq(
        "provider key (type 4)",
        key_b64(&got),
        key_b64(&provider_key),
    )?;
    t.eq(
        "EncString formats back",
        enc(wrapped)?.to_string(),
        wrapped.to_owned(),
    )?;
    let po = get(v, "provider_organization")?;
    let org_key = key_object(t, get(po, "org_key")?)?;
    let s = st(po, "profile_provider_organizations_key")?;
    let got = client_org::unwrap_org_key(&provider_key, &enc(s)?).map_err(e("unwrap_org_key"))?;
    t.eq(
        "provider org key (type 2)",
        key_b64(&got),
        key_b64(&org_key),
    )?;
    if let Some(parts) = po.get("parts") {
        check_parts(t, parts, s, &provider_key)?;
    }
    let rewrapped =
        client_org::wrap_for_provider(&provider_key, &org_key).map_err(e("wrap_for_provider"))?;
    let again = client_org::unwrap_org_key(&provider_key, &rewrapped).map_err(e("unwrap"))?;
    t.eq(
        "provider org key round trip",
        key_b64(&again),
        key_b64(&org_key),
    )
}

fn check_create_client_org(t: &mut Tally, v: &Value) -> R {
    let org_key = key_object(t, get(v, "org_key")?)?;
    let provider_key = key(st(v, "provider_key_b64")?)?;
    let private = check_keypair(t, get(v, "org_keypair")?, Some(&org_key))?;
    let body = get(v, "request_body")?;
    let got =
        client_org::unwrap_org_key(&provider_key, &enc(st(body, "key")?)?).map_err(e("key"))?;
    t.eq("request key", key_b64(&got), key_b64(&org_key))?;
    let kp = get(body, "keyPair")?;
    t.eq(
        "keyPair.publicKey",
        private.public_key().to_spki_b64().map_err(e("spki"))?,
        st(kp, "publicKey")?.to_owned(),
    )?;
    let opened = org_key
        .unwrap_private_key(&enc(st(kp, "encryptedPrivateKey")?)?)
        .map_err(e("keyPair"))?;
    t.eq(
        "keyPair.encryptedPrivateKey",
        b64e(opened.to_pkcs8_der().map_err(e("pkcs8"))?.expose()),
        b64e(private.to_pkcs8_der().map_err(e("pkcs8"))?.expose()),
    )?;
    let name = st(v, "collectionName_plaintext")?;
    decrypt_str(
        t,
        &org_key,
        st(body, "collectionName")?,
        name,
        "collectionName",
    )?;
    if let Some(material) = opt_st(v, "org_fingerprint_material") {
        let phrase = private
            .public_key()
            .fingerprint(material)
            .map_err(e("fingerprint"))?;
        t.eq(
            "org fingerprint",
            phrase,
            st(v, "org_fingerprint_phrase")?.to_owned(),
        )?;
    }
    // Round trip: create fresh client-org material under the same provider key.
    let created = client_org::create(&provider_key, name).map_err(e("create"))?;
    let k = client_org::unwrap_org_key(&provider_key, &created.key).map_err(e("unwrap"))?;
    t.eq("created key", key_b64(&k), key_b64(&created.org_key))?;
    let p = k
        .unwrap_private_key(&created.key_pair.encrypted_private_key)
        .map_err(e("private"))?;
    t.eq(
        "created public key",
        p.public_key().to_spki_b64().map_err(e("spki"))?,
        created.key_pair.public_key_b64.clone(),
    )?;
    t.eq(
        "created collection",
        collection::decrypt_name(&k, &created.collection_name)
            .map_err(e("name"))?
            .expose(),
        name,
    )
}

fn check_collection_name(t: &mut Tally, c: &Value) -> R {
    let org_key = key(st(c, "org_key_b64")?)?;
    let name = st(c, "plaintext")?;
    let s = st(c, "enc_string")?;
    decrypt_str(t, &org_key, s, name, "collection name")?;
    t.eq("EncString formats back", enc(s)?.to_string(), s.to_owned())?;
    let again = collection::encrypt_name(&org_key, name).map_err(e("encrypt_name"))?;
    t.eq(
        "collection round trip",
        collection::decrypt_name(&org_key, &again)
            .map_err(e("decrypt"))?
            .expose(),
        name,
    )
}

/// Every EncString inside a request cipher decrypts with the field key
/// (the `key` field itself with the owner key); the known fields equal the
/// plaintexts.
fn check_request_cipher(
    t: &mut Tally,
    rc: &Value,
    org_key: &SymmetricKey,
    plain: &Value,
    checksum: &str,
) -> R<SymmetricKey> {
    let cipher_key = match rc.get("key") {
        Some(Value::String(s)) => Some(enc(s)?),
        _ => None,
    };
    let fk = cipher::field_key(org_key, cipher_key.as_ref()).map_err(e("field_key"))?;
    // Generic walk: every EncString field (except `key`) opens with the field key.
    let mut count = 0;
    walk_strings(rc, "", &mut |path, s| {
        if path == ".key" || !looks_like_enc_string(s) {
            return Ok(());
        }
        count += 1;
        fk.decrypt_to_string(&enc(s)?)
            .map(|_| ())
            .map_err(|err| format!("{path}: {err}"))
    })?;
    t.ok("cipher has encrypted fields", count > 0)?;
    t.checks += count;
    let p = |k: &str| st(plain, k);
    let login = get(rc, "login")?;
    let expected: Vec<(&str, &Value, &str)> = vec![
        ("name", get(rc, "name")?, p("name")?),
        ("notes", get(rc, "notes")?, p("notes")?),
        ("login.username", get(login, "username")?, p("username")?),
        ("login.password", get(login, "password")?, p("password")?),
        ("login.totp", get(login, "totp")?, p("totp")?),
    ];
    for (what, v, want) in expected {
        let s = v
            .as_str()
            .ok_or_else(|| format!("{what} is not a string"))?;
        decrypt_str(t, &fk, s, want, what)?;
        let again = fk.encrypt_str(want).map_err(e("encrypt"))?;
        t.eq(
            "field round trip",
            fk.decrypt_to_string(&again).map_err(e("decrypt"))?.expose(),
            want,
        )?;
    }
    for u in arr(login, "uris")? {
        let uri = enc(st(u, "uri")?)?;
        let sum = enc(st(u, "uriChecksum")?)?;
        decrypt_str(t, &fk, st(u, "uriChecksum")?, checksum, "uriChecksum")?;
        let got = cipher::decrypt_uri(&fk, &uri, Some(&sum)).map_err(e("decrypt_uri"))?;
        t.eq(
            "uri (checksum verified)",
            got.as_ref().map(|s| s.expose()),
            Some(p("uri")?),
        )?;
        let (u2, s2) = cipher::encrypt_uri(&fk, p("uri")?).map_err(e("encrypt_uri"))?;
        let back = cipher::decrypt_uri(&fk, &u2, Some(&s2)).map_err(e("decrypt_uri"))?;
        t.eq(
            "uri round trip",
            back.as_ref().map(|s| s.expose()),
            Some(p("uri")?),
        )?;
    }
    for f in arr(rc, "fields")? {
        decrypt_str(t, &fk, st(f, "name")?, p("field_name")?, "fields[].name")?;
        decrypt_str(t, &fk, st(f, "value")?, p("field_value")?, "fields[].value")?;
    }
    for h in arr(rc, "passwordHistory")? {
        decrypt_str(
            t,
            &fk,
            st(h, "password")?,
            p("history_password")?,
            "passwordHistory[].password",
        )?;
    }
    SymmetricKey::from_bytes(fk.to_bytes().expose()).map_err(e("key"))
}

fn check_cipher_login(t: &mut Tally, v: &Value) -> R {
    let org_key = key(st(v, "org_key_b64")?)?;
    let plain = get(v, "plaintext")?;
    let uri = st(plain, "uri")?;
    let checksum = cipher::uri_checksum(uri);
    let mut variants = 0;
    for (name, variant) in v.as_object().into_iter().flatten() {
        if !name.starts_with("with") {
            continue;
        }
        variants += 1;
        // `without_cipher_key` holds the cipher directly, `with_cipher_key`
        // under `cipher` next to the key material.
        let body = variant.get("cipher").unwrap_or(variant);
        t.eq(
            "uri checksum",
            checksum.clone(),
            st(body, "uri_checksum_plaintext_b64")?.to_owned(),
        )?;
        let rc = get(body, "request_cipher")?;
        let field_key = check_request_cipher(t, rc, &org_key, plain, &checksum)?;
        if let Some(ck) = variant.get("cipher_key") {
            let ck = key_object(t, ck)?;
            t.eq(
                "field key is the cipher key",
                key_b64(&field_key),
                key_b64(&ck),
            )?;
            let wrapped = st(variant, "cipher_key_wrapped_with_org_key")?;
            t.eq("request key field", get(rc, "key")?.as_str(), Some(wrapped))?;
            let (fresh, fresh_wrapped) =
                cipher::new_cipher_key(&org_key).map_err(e("new_cipher_key"))?;
            let opened =
                cipher::field_key(&org_key, Some(&fresh_wrapped)).map_err(e("field_key"))?;
            t.eq("cipher key round trip", key_b64(&opened), key_b64(&fresh))?;
        } else {
            t.eq(
                "no cipher key: fields under org key",
                key_b64(&field_key),
                key_b64(&org_key),
            )?;
        }
    }
    t.ok("cipher_login has variants", variants > 0)
}

fn check_send(t: &mut Tally, v: &Value) -> R {
    let user_key = key(st(v, "user_key_b64")?)?;
    let seed = b64d(st(v, "send_seed_b64")?)?;
    let want_key = key_object(t, get(v, "send_key")?)?;
    let sk = send::SendKey::unwrap(&user_key, &enc(st(v, "send_key_enc_string_user_key")?)?)
        .map_err(e("unwrap"))?;
    t.eq("seed", sk.seed().expose().to_vec(), seed.clone())?;
    t.eq("send key", key_b64(sk.key()), key_b64(&want_key))?;
    decrypt_str(
        t,
        sk.key(),
        st(v, "name_enc")?,
        st(v, "name_plaintext")?,
        "send name",
    )?;
    decrypt_str(
        t,
        sk.key(),
        st(v, "text_enc")?,
        st(v, "text_plaintext")?,
        "send text",
    )?;
    let fragment = st(v, "url_fragment_key_b64url")?;
    t.eq("fragment", sk.url_fragment().expose(), fragment)?;
    t.eq(
        "fragment is b64url(seed)",
        URL_SAFE_NO_PAD.encode(&seed),
        fragment.to_owned(),
    )?;
    let access = send::access_id(st(v, "example_send_id")?).map_err(e("access_id"))?;
    t.eq("access id", access.as_str(), st(v, "example_access_id")?)?;
    let self_hosted = st(v, "share_url_self_hosted")?;
    let base = self_hosted.split("/#/send/").next().unwrap_or_default();
    t.eq(
        "self-hosted URL",
        send::share_url(base, &access, fragment),
        self_hosted.to_owned(),
    )?;
    t.eq(
        "cloud URL",
        send::cloud_share_url(&access, fragment),
        st(v, "share_url_bitwarden_cloud")?.to_owned(),
    )?;
    t.eq(
        "password hash",
        sk.password_hash(&pw(st(v, "password")?)),
        st(v, "password_hash_b64")?.to_owned(),
    )?;
    // Round trips: the link alone rebuilds the key; the seed re-wraps.
    let from_link = send::SendKey::from_url_fragment(fragment).map_err(e("fragment"))?;
    t.eq(
        "key from link",
        key_b64(from_link.key()),
        key_b64(&want_key),
    )?;
    let rewrapped = sk.wrap(&user_key).map_err(e("wrap"))?;
    let again = send::SendKey::unwrap(&user_key, &rewrapped).map_err(e("unwrap"))?;
    t.eq("seed round trip", again.seed().expose().to_vec(), seed)?;
    let name = st(v, "name_plaintext")?;
    let ename = sk.key().encrypt_str(name).map_err(e("encrypt"))?;
    t.eq(
        "send name round trip",
        from_link
            .key()
            .decrypt_to_string(&ename)
            .map_err(e("decrypt"))?
            .expose(),
        name,
    )
}

fn check_confirm_member(t: &mut Tally, v: &Value) -> R {
    let private = private_key(st(v, "member_private_key_pkcs8_der_b64")?)?;
    let spki = st(v, "member_public_key_spki_der_b64")?;
    t.eq(
        "member public key",
        private.public_key().to_spki_b64().map_err(e("spki"))?,
        spki.to_owned(),
    )?;
    let org_key = key(st(v, "org_key_b64")?)?;
    check_type4(
        t,
        &private,
        st(get(v, "confirm_request")?, "key")?,
        &org_key,
        "confirm key",
    )?;
    let phrase = public_key(spki)?
        .fingerprint(st(v, "fingerprint_material")?)
        .map_err(e("fingerprint"))?;
    t.eq(
        "member fingerprint",
        phrase,
        st(v, "fingerprint_phrase")?.to_owned(),
    )?;
    if let Some(pc) = v.get("provider_confirm") {
        let provider_key = key(st(pc, "provider_key_b64")?)?;
        check_type4(
            t,
            &private,
            st(get(pc, "request")?, "key")?,
            &provider_key,
            "provider confirm key",
        )?;
    }
    Ok(())
}

fn check_account_recovery(t: &mut Tally, v: &Value) -> R {
    let org_key = key(st(v, "org_key_b64")?)?;
    let org_private = check_keypair(t, get(v, "org_keypair")?, Some(&org_key))?;
    let member = get(v, "member")?;
    check_account(t, member)?;
    let member_user_key = key_object(t, get(member, "user_key")?)?;
    let member_kdf = kdf_of(get(member, "kdf")?)?;
    if let Some(kp) = v.get("member_keypair") {
        check_keypair(t, kp, Some(&member_user_key))?;
    }
    // Enrolment.
    let er = get(v, "enrollment_request")?;
    let member_pw = pw(st(member, "password")?);
    let member_salt = opt_st(member, "salt")
        .or(opt_st(member, "email_input"))
        .ok_or("member salt")?;
    let member_mk = t.derive(member_pw.expose(), member_salt, &member_kdf)?;
    t.eq(
        "enrolment masterPasswordHash",
        member_mk.server_hash(&member_pw),
        st(er, "masterPasswordHash")?.to_owned(),
    )?;
    check_type4(
        t,
        &org_private,
        st(er, "resetPasswordKey")?,
        &member_user_key,
        "resetPasswordKey",
    )?;
    let enrolled = recovery::enrollment_key(&member_user_key, &org_private.public_key())
        .map_err(e("enrollment_key"))?;
    let back = org_private
        .decapsulate(&enrolled)
        .map_err(e("decapsulate"))?;
    t.eq(
        "enrolment round trip",
        key_b64(&back),
        key_b64(&member_user_key),
    )?;
    // Admin side, from the reset-password-details response only.
    let d = get(v, "reset_password_details_response")?;
    let kdf_type = get(d, "kdf")?.as_i64().ok_or("kdf")?;
    let kdf = Kdf::from_prelogin(
        kdf_type,
        u32_of(d, "kdfIterations")?.ok_or("kdfIterations")?,
        u32_of(d, "kdfMemory")?,
        u32_of(d, "kdfParallelism")?,
    )
    .map_err(e("details kdf"))?;
    t.eq("details kdf is the member's", kdf, member_kdf)?;
    let salt = st(d, "masterPasswordSalt")?;
    let epk = enc(st(d, "encryptedPrivateKey")?)?;
    let rpk = enc(st(d, "resetPasswordKey")?)?;
    let recovered =
        recovery::recover_user_key(&org_key, &epk, &rpk).map_err(e("recover_user_key"))?;
    let want_recovered = key(st(v, "recovered_user_key_b64")?)?;
    t.eq(
        "recovered user key",
        key_b64(&recovered),
        key_b64(&want_recovered),
    )?;
    t.eq(
        "recovered is the member's",
        key_b64(&recovered),
        key_b64(&member_user_key),
    )?;
    let new_pw = pw(st(v, "new_password")?);
    let new_mk = t.derive(new_pw.expose(), salt, &kdf)?;
    t.eq(
        "new master key",
        b64e(new_mk.to_bytes().expose()),
        st(v, "new_master_key_b64")?.to_owned(),
    )?;
    let stretched = new_mk.stretch().map_err(e("stretch"))?.to_bytes();
    t.eq(
        "new stretched enc",
        b64e(&stretched.expose()[..32]),
        st(v, "new_stretched_enc_key_b64")?.to_owned(),
    )?;
    t.eq(
        "new stretched mac",
        b64e(&stretched.expose()[32..]),
        st(v, "new_stretched_mac_key_b64")?.to_owned(),
    )?;
    let new_hash = st(v, "new_master_password_hash_b64")?;
    t.eq("new hash", new_mk.server_hash(&new_pw), new_hash.to_owned())?;
    let npk = st(v, "new_protected_user_key")?;
    let opened = new_mk
        .decrypt_user_key(&enc(npk)?)
        .map_err(e("new protected user key"))?;
    t.eq(
        "new protected user key",
        key_b64(&opened),
        key_b64(&member_user_key),
    )?;
    // Both payload shapes as published.
    let legacy = get(v, "recover_account_request_legacy_fields")?;
    t.eq(
        "legacy hash",
        st(legacy, "newMasterPasswordHash")?,
        new_hash,
    )?;
    let lk = new_mk
        .decrypt_user_key(&enc(st(legacy, "key")?)?)
        .map_err(e("legacy key"))?;
    t.eq("legacy key", key_b64(&lk), key_b64(&member_user_key))?;
    let nf = get(v, "recover_account_request_new_fields")?;
    let auth = get(nf, "authenticationData")?;
    let unlock = get(nf, "unlockData")?;
    t.eq(
        "auth hash",
        st(auth, "masterPasswordAuthenticationHash")?,
        new_hash,
    )?;
    t.eq("auth kdf", kdf_of(get(auth, "kdf")?)?, kdf)?;
    t.eq("unlock kdf", kdf_of(get(unlock, "kdf")?)?, kdf)?;
    t.eq("auth salt", st(auth, "salt")?, salt)?;
    t.eq("unlock salt", st(unlock, "salt")?, salt)?;
    let uk = new_mk
        .decrypt_user_key(&enc(st(unlock, "masterKeyWrappedUserKey")?)?)
        .map_err(e("unlock key"))?;
    t.eq("unlockData key", key_b64(&uk), key_b64(&member_user_key))?;
    // Round trip through the crate's own flow: same deterministic hash, a
    // protected key that opens, and payloads shaped like the published ones.
    let reset_two_factor = get(legacy, "resetTwoFactor")?
        .as_bool()
        .ok_or("resetTwoFactor")?;
    let (uk2, new) = recovery::recover_account(&org_key, &epk, &rpk, &new_pw, &kdf, salt)
        .map_err(e("recover_account"))?;
    t.eq("flow user key", key_b64(&uk2), key_b64(&member_user_key))?;
    t.eq("flow hash", new.master_password_hash.as_str(), new_hash)?;
    let lr = new.legacy_request(reset_two_factor);
    t.eq(
        "legacy resetMasterPassword",
        Some(lr.reset_master_password),
        get(legacy, "resetMasterPassword")?.as_bool(),
    )?;
    t.eq(
        "legacy resetTwoFactor",
        lr.reset_two_factor,
        reset_two_factor,
    )?;
    t.eq(
        "legacy request hash",
        lr.new_master_password_hash.as_str(),
        new_hash,
    )?;
    let k2 = new_mk.decrypt_user_key(&lr.key).map_err(e("flow key"))?;
    t.eq(
        "legacy request key",
        key_b64(&k2),
        key_b64(&member_user_key),
    )?;
    let nr = new.request(reset_two_factor);
    let want_kdf = get(auth, "kdf")?;
    for kr in [&nr.authentication_data.kdf, &nr.unlock_data.kdf] {
        t.eq(
            "kdfType",
            Some(u64::from(kr.kdf_type)),
            get(want_kdf, "kdfType")?.as_u64(),
        )?;
        t.eq(
            "iterations",
            Some(kr.iterations),
            u32_of(want_kdf, "iterations")?,
        )?;
        t.eq("memory", kr.memory, u32_of(want_kdf, "memory")?)?;
        t.eq(
            "parallelism",
            kr.parallelism,
            u32_of(want_kdf, "parallelism")?,
        )?;
    }
    t.eq(
        "request auth hash",
        nr.authentication_data
            .master_password_authentication_hash
            .as_str(),
        new_hash,
    )?;
    t.eq(
        "request salts",
        (
            nr.authentication_data.salt.as_str(),
            nr.unlock_data.salt.as_str(),
        ),
        (salt, salt),
    )?;
    let k3 = new_mk
        .decrypt_user_key(&nr.unlock_data.master_key_wrapped_user_key)
        .map_err(e("flow unlock"))?;
    t.eq(
        "request unlock key",
        key_b64(&k3),
        key_b64(&member_user_key),
    )
}

// ---------- generic walk ----------

fn looks_like_enc_string(s: &str) -> bool {
    let Some((header, body)) = s.split_once('.') else {
        return false;
    };
    !header.is_empty()
        && header.bytes().all(|b| b.is_ascii_digit())
        && body.len() >= 4
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=|".contains(&b))
}

fn walk_strings(v: &Value, path: &str, f: &mut dyn FnMut(&str, &str) -> R) -> R {
    match v {
        Value::String(s) => f(path, s),
        Value::Object(m) => m
            .iter()
            .try_for_each(|(k, x)| walk_strings(x, &format!("{path}.{k}"), f)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| walk_strings(x, &format!("{path}[{i}]"), f)),
        _ => Ok(()),
    }
}

/// Every EncString-looking value anywhere in the file parses and formats
/// back to the identical text (except values the file says must fail).
fn check_all_enc_strings(t: &mut Tally, doc: &Value) -> R {
    walk_strings(doc, "", &mut |path, s| {
        if !looks_like_enc_string(s) || path.contains("negative") {
            return Ok(());
        }
        let parsed = enc(s).map_err(|err| format!("{path}: {err}"))?;
        t.eq(path, parsed.to_string(), s.to_owned())?;
        t.case("any:enc_string_format");
        Ok(())
    })
}

// ---------- driver ----------

const SET_METADATA: &[&str] = &["seed", "rng_seed32_hex"];

fn check_set(t: &mut Tally, set: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let keys = match private_keys_of_set(set) {
        Ok(k) => k,
        Err(err) => return vec![format!("private keys: {err}")],
    };
    let Some(obj) = set.as_object() else {
        return vec!["set is not an object".into()];
    };
    for (section, value) in obj {
        if SET_METADATA.contains(&section.as_str()) {
            continue;
        }
        // Array sections: every element is a case.
        let items: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for (i, item) in items.into_iter().enumerate() {
            let result = match section.as_str() {
                "kdf_and_user_key" => check_account(t, item),
                "enc_string_type2" | "enc_string_type2_negative" => check_type2_case(t, item),
                "user_rsa_keypair" => check_user_rsa_keypair(t, item),
                "org_key_delivery" => check_org_key_delivery(t, item),
                "provider" => check_provider(t, item, &keys),
                "create_client_organization" => check_create_client_org(t, item),
                "collection_names" => check_collection_name(t, item),
                "cipher_login" => check_cipher_login(t, item),
                "send" => check_send(t, item),
                "confirm_member" => check_confirm_member(t, item),
                "account_recovery" => check_account_recovery(t, item),
                _ => Err("unknown section: teach tests/vectors.rs what to check".into()),
            };
            match result {
                Ok(()) => t.case(section),
                Err(err) => failures.push(format!("{section}[{i}]: {err}")),
            }
        }
    }
    failures
}

fn vectors_dir() -> PathBuf {
    match std::env::var_os("BW_VECTORS_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/vectors"
        )),
    }
}

#[test]
fn every_vector_file_set_and_case() {
    let dir = vectors_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| {
            panic!(
                "cannot read vectors dir {}: {err} (set BW_VECTORS_DIR)",
                dir.display()
            )
        })
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.json vector files in {}",
        dir.display()
    );

    let mut t = Tally::default();
    let mut failures = Vec::new();
    let mut sets_total = 0;
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(file).unwrap_or_else(|err| panic!("{name}: {err}"));
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("{name}: invalid JSON: {err}"));
        assert_eq!(
            doc.get("format").and_then(Value::as_str),
            Some(FORMAT),
            "{name}: unexpected format"
        );

        let kats = doc
            .get("known_answer_tests")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, c) in kats.iter().enumerate() {
            match check_known_answer(&mut t, c) {
                Ok(kind) => t.case(kind),
                Err(err) => failures.push(format!(
                    "{name}: known_answer_tests[{i}] ({}): {err}",
                    opt_st(c, "name").unwrap_or("?")
                )),
            }
        }
        let sets = doc
            .get("sets")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(
            !sets.is_empty() || !kats.is_empty(),
            "{name}: no sets and no known-answer tests"
        );
        for (i, set) in sets.iter().enumerate() {
            sets_total += 1;
            let seed = opt_st(set, "seed").unwrap_or("?");
            for f in check_set(&mut t, set) {
                failures.push(format!("{name}: sets[{i}] (seed {seed}): {f}"));
            }
        }
        if let Err(err) = check_all_enc_strings(&mut t, &doc) {
            failures.push(format!("{name}: {err}"));
        }
    }

    println!(
        "bw-crypto vectors: {} files, {} sets, {} cases, {} checks",
        files.len(),
        sets_total,
        t.cases,
        t.checks
    );
    for (section, n) in &t.per_section {
        println!("  {section}: {n}");
    }
    assert!(
        failures.is_empty(),
        "{} vector failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(t.cases > 0, "no vector cases were checked");
}

/// The checker itself must notice wrong values and must walk every set:
/// feed it a copy of the shared file with altered and duplicated parts.
#[test]
fn checker_rejects_altered_vectors_and_sees_every_set() {
    let dir = vectors_dir();
    let file = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "json"));
    let Some(file) = file else {
        panic!("no vector file in {}", dir.display());
    };
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let set = doc["sets"][0].clone();

    // Cheap sections only (no KDF): each alteration must be reported.
    let mut altered = Vec::new();
    let mut t2 = set["enc_string_type2"][0].clone();
    t2["plaintext"] = Value::String("not the plaintext".into());
    altered.push(("enc_string_type2", t2));
    let mut neg = set["enc_string_type2_negative"][1].clone();
    neg["enc_string"] = set["enc_string_type2_negative"][0]["enc_string"].clone();
    altered.push(("enc_string_type2_negative", neg));
    let mut send = set["send"].clone();
    send["example_access_id"] = Value::String("AAAAAAAAAAAAAAAAAAAAAA".into());
    altered.push(("send", send));
    let mut fp = set["confirm_member"].clone();
    fp["fingerprint_phrase"] = Value::String("abacus-abacus-abacus-abacus-abacus".into());
    altered.push(("confirm_member", fp));

    for (section, value) in altered {
        let mut one = serde_json::Map::new();
        one.insert(section.to_owned(), Value::Array(vec![value]));
        let failures = check_set(&mut Tally::default(), &Value::Object(one));
        assert_eq!(failures.len(), 1, "{section}: alteration not detected");
    }

    // Two sets with their cheap sections: both are counted.
    let mut cheap = serde_json::Map::new();
    for section in [
        "enc_string_type2",
        "enc_string_type2_negative",
        "collection_names",
        "send",
    ] {
        cheap.insert(section.to_owned(), set[section].clone());
    }
    let mut t = Tally::default();
    for _ in 0..2 {
        assert!(check_set(&mut t, &Value::Object(cheap.clone())).is_empty());
    }
    let per_set = set["enc_string_type2"].as_array().map_or(0, Vec::len)
        + set["enc_string_type2_negative"]
            .as_array()
            .map_or(0, Vec::len)
        + set["collection_names"].as_array().map_or(0, Vec::len)
        + 1;
    assert_eq!(t.cases, 2 * per_set);

    // An unknown section is a failure, not a silent skip.
    let mut unknown = serde_json::Map::new();
    unknown.insert("brand_new_section".into(), Value::Array(vec![Value::Null]));
    assert_eq!(
        check_set(&mut Tally::default(), &Value::Object(unknown)).len(),
        1
    );
}
