//! Property tests: round trips for random keys and plaintexts, a parser
//! that never panics, and tampering that is always detected.

use bw_crypto::{CryptoError, EncString, Kdf, SecretString, SymmetricKey, account, send};
use proptest::prelude::*;

fn key_from(bytes: &[u8; 64]) -> SymmetricKey {
    SymmetricKey::from_bytes(bytes).expect("64-byte key")
}

fn any_key() -> impl Strategy<Value = [u8; 64]> {
    proptest::array::uniform32(any::<u8>())
        .prop_flat_map(|a| proptest::array::uniform32(any::<u8>()).prop_map(move |b| (a, b)))
        .prop_map(|(a, b)| {
            let mut k = [0u8; 64];
            k[..32].copy_from_slice(&a);
            k[32..].copy_from_slice(&b);
            k
        })
}

/// Any EncString of any type with plausible part lengths.
fn any_enc_string() -> impl Strategy<Value = EncString> {
    let bytes = |max| proptest::collection::vec(any::<u8>(), 1..max);
    let iv = proptest::array::uniform16(any::<u8>());
    let mac = proptest::array::uniform32(any::<u8>());
    prop_oneof![
        (iv, bytes(80)).prop_map(|(iv, data)| EncString::AesCbc256B64 { iv, data }),
        (iv, bytes(80), mac).prop_map(|(iv, data, mac)| EncString::AesCbc128HmacSha256B64 {
            iv,
            data,
            mac
        }),
        (iv, bytes(80), mac).prop_map(|(iv, data, mac)| EncString::AesCbc256HmacSha256B64 {
            iv,
            data,
            mac
        }),
        bytes(300).prop_map(|data| EncString::Rsa2048OaepSha256B64 { data }),
        bytes(300).prop_map(|data| EncString::Rsa2048OaepSha1B64 { data }),
        (bytes(300), bytes(40))
            .prop_map(|(data, mac)| EncString::Rsa2048OaepSha256HmacSha256B64 { data, mac }),
        (bytes(300), bytes(40))
            .prop_map(|(data, mac)| EncString::Rsa2048OaepSha1HmacSha256B64 { data, mac }),
        bytes(200).prop_map(|data| EncString::CoseEncrypt0B64 { data }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn encrypt_decrypt_round_trip(k in any_key(), pt in proptest::collection::vec(any::<u8>(), 0..300)) {
        let key = key_from(&k);
        let e = key.encrypt(&pt).unwrap();
        prop_assert_eq!(e.enc_type(), 2);
        prop_assert_eq!(key.decrypt(&e).unwrap().expose().to_vec(), pt.clone());
        // Through the text form and the binary form too.
        let text: EncString = e.to_string().parse().unwrap();
        prop_assert_eq!(key.decrypt(&text).unwrap().expose().to_vec(), pt.clone());
        let buf = key.encrypt_buffer(&pt).unwrap();
        prop_assert_eq!(key.decrypt_buffer(&buf).unwrap().expose().to_vec(), pt.clone());
    }

    #[test]
    fn string_round_trip(k in any_key(), s in ".{0,120}") {
        let key = key_from(&k);
        let e = key.encrypt_str(&s).unwrap();
        prop_assert_eq!(key.decrypt_to_string(&e).unwrap().expose().to_owned(), s);
    }

    #[test]
    fn wrap_unwrap_round_trip(wrapping in any_key(), inner in any_key()) {
        let wrapping = key_from(&wrapping);
        let inner_key = key_from(&inner);
        let wrapped = wrapping.wrap_key(&inner_key).unwrap();
        prop_assert_eq!(wrapping.unwrap_key(&wrapped).unwrap().to_bytes().expose().to_vec(), inner.to_vec());
    }

    #[test]
    fn wrong_key_is_rejected(a in any_key(), b in any_key(), pt in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assume!(a[32..] != b[32..]);
        let e = key_from(&a).encrypt(&pt).unwrap();
        prop_assert_eq!(key_from(&b).decrypt(&e).unwrap_err(), CryptoError::DecryptionFailed);
    }

    #[test]
    fn any_tampering_is_rejected(
        k in any_key(),
        pt in proptest::collection::vec(any::<u8>(), 0..100),
        part in 0usize..3,
        position in any::<usize>(),
        bit in 0u8..8,
    ) {
        let key = key_from(&k);
        let EncString::AesCbc256HmacSha256B64 { mut iv, mut data, mut mac } = key.encrypt(&pt).unwrap() else {
            unreachable!()
        };
        let flip = |bytes: &mut [u8]| {
            let i = position % bytes.len();
            bytes[i] ^= 1 << bit;
        };
        match part {
            0 => flip(&mut iv),
            1 => flip(&mut data),
            _ => flip(&mut mac),
        }
        let tampered = EncString::AesCbc256HmacSha256B64 { iv, data, mac };
        prop_assert_eq!(key.decrypt(&tampered).unwrap_err(), CryptoError::DecryptionFailed);
        // The same through the text form.
        let text: EncString = tampered.to_string().parse().unwrap();
        prop_assert!(key.decrypt(&text).is_err());
    }

    #[test]
    fn truncated_or_extended_ciphertext_is_rejected(k in any_key(), pt in proptest::collection::vec(any::<u8>(), 1..100), cut in 1usize..16) {
        let key = key_from(&k);
        let EncString::AesCbc256HmacSha256B64 { iv, data, mac } = key.encrypt(&pt).unwrap() else { unreachable!() };
        let shorter = EncString::AesCbc256HmacSha256B64 { iv, data: data[..data.len().saturating_sub(cut)].to_vec(), mac };
        prop_assert!(key.decrypt(&shorter).is_err());
        let mut longer_data = data.clone();
        longer_data.extend(std::iter::repeat_n(0u8, cut));
        let longer = EncString::AesCbc256HmacSha256B64 { iv, data: longer_data, mac };
        prop_assert!(key.decrypt(&longer).is_err());
    }

    #[test]
    fn parser_never_panics_on_arbitrary_text(s in "\\PC{0,200}") {
        let _ = s.parse::<EncString>();
    }

    #[test]
    fn parser_never_panics_on_enc_string_like_text(s in "[0-9]{0,3}\\.?[A-Za-z0-9+/=|.]{0,120}") {
        if let Ok(e) = s.parse::<EncString>() {
            // Whatever parses formats back to an equal value.
            prop_assert_eq!(e.to_string().parse::<EncString>().unwrap(), e);
        }
    }

    #[test]
    fn buffer_parser_never_panics(b in proptest::collection::vec(any::<u8>(), 0..120)) {
        if let Ok(e) = EncString::from_enc_array_buffer(&b) {
            prop_assert_eq!(e.to_enc_array_buffer().unwrap(), b);
        }
    }

    #[test]
    fn every_type_formats_and_parses_back(e in any_enc_string()) {
        let text = e.to_string();
        let back: EncString = text.parse().unwrap();
        prop_assert_eq!(&back, &e);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn decrypting_any_type_with_any_key_never_panics(k in any_key(), e in any_enc_string()) {
        let key = key_from(&k);
        prop_assert!(key.decrypt(&e).is_err());
    }

    #[test]
    fn send_inputs_never_panic(s in "\\PC{0,60}") {
        let _ = send::SendKey::from_url_fragment(&s);
        let _ = send::access_id(&s);
    }

    #[test]
    fn prelogin_never_panics(t in any::<i64>(), i in any::<u32>(), m in any::<Option<u32>>(), p in any::<Option<u32>>()) {
        if let Ok(kdf) = Kdf::from_prelogin(t, i, m, p) {
            prop_assert!(kdf.check_login_limits().is_ok());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The whole V1 account flow with a cheap (but accepted) KDF.
    #[test]
    fn new_account_then_unlock(pw in "\\PC{1,24}", email in "[A-Za-z0-9.]{1,12}@[a-z]{1,8}\\.[a-z]{2,3}") {
        let password = SecretString::from(pw.as_str());
        let kdf = Kdf::Pbkdf2 { iterations: 5_000 };
        let salt = bw_crypto::normalize_salt(&email);
        let master = bw_crypto::MasterKey::derive(&password, &email, &kdf).unwrap();
        let user_key = SymmetricKey::generate().unwrap();
        let protected = master.wrap_user_key(&user_key).unwrap();
        let unlocked = account::unlock(&password, &format!("  {}  ", email.to_uppercase()), &kdf, &protected, None).unwrap();
        prop_assert_eq!(unlocked.user_key.to_bytes(), user_key.to_bytes());
        let wrong = SecretString::from(format!("{pw}!"));
        prop_assert!(account::unlock(&wrong, &salt, &kdf, &protected, None).is_err());
    }
}

#[test]
fn new_account_has_a_working_key_chain() {
    // Below the server's range: refused for new accounts.
    assert!(
        account::new_account(
            &SecretString::from("pw"),
            "a@b.c",
            Kdf::Pbkdf2 { iterations: 5_000 }
        )
        .is_err()
    );
    let password = SecretString::from("correct horse");
    let acct = account::new_account(&password, " New@Example.com", Kdf::default_pbkdf2()).unwrap();
    assert_eq!(acct.salt, "new@example.com");
    let unlocked = account::unlock(
        &password,
        &acct.salt,
        &acct.kdf,
        &acct.protected_user_key,
        Some(&acct.key_pair.encrypted_private_key),
    )
    .unwrap();
    assert_eq!(unlocked.user_key.to_bytes(), acct.user_key.to_bytes());
    let private = unlocked.private_key.unwrap();
    assert_eq!(
        private.public_key().to_spki_b64().unwrap(),
        acct.key_pair.public_key_b64
    );
    assert_eq!(
        acct.master_password_hash,
        acct.master_key.server_hash(&password)
    );
}
