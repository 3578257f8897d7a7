//! Decryption with fixed keys never panics on any input, and only
//! authentic data decrypts.
//!
//! The first byte picks a mode:
//! - 0: parse the rest as an EncString and decrypt it with every key kind;
//! - 1: the rest as an EncArrayBuffer;
//! - 2: IV and ciphertext from the input with a *valid* MAC, so CBC
//!   decryption and padding removal see arbitrary data;
//! - 3: the rest is a valid type-2 plaintext that the key, private-key and
//!   Send unwrapping paths must reject or accept without panicking.
#![no_main]

use std::sync::OnceLock;

use base64::Engine as _;
use bw_crypto::{EncString, MasterKey, RsaPrivateKey, SymmetricKey, send};
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;

const KEY: [u8; 64] = {
    let mut k = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        k[i] = i as u8;
        i += 1;
    }
    k
};

// The RSA key of bitwarden-crypto's own type-3/type-4 test (a public test vector).
const PKCS8_B64: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCXRVrCX+2hfOQS8HzYUS2oc/jGVTZpv+/Ryuoh9d8ihYX9dd0cYh2tl6KWdFc88lPUH11Oxqy20Rk2e5r/RF6T9yM0Me3NPnaKt+hlhLtfoc0h86LnhD56A9FDUfuI0dVnPcrwNv0YJIo94LwxtbqBULNvXl6wJ7WAbODrCQy5ZgMVg+iH+gGpwiqsZqHt+KuoHWcN53MSPDfaF4/YMB99U3TziJMOOJask1TEEnakMPln11PczNDazT17DXIxYrbPfutPdh6sLs6AQOajdZijfEvepgnOe7cQ7aeatiOJFrjTApKPGxOVRzEMX4XS4xbyhH0QxQeB6l16l8C0uxIBAgMBAAECggEASaWfeVDA3cVzOPFSpvJm20OTE+R6uGOU+7vh36TX/POq92qBuwbd0h0oMD32FxsXywd2IxtBDUSiFM9699qufTVuM0Q3tZw6lHDTOVG08+tPdr8qSbMtw7PGFxN79fHLBxejjO4IrM9lapjWpxEF+11x7r+wM+0xRZQ8sNFYG46aPfIaty4BGbL0I2DQ2y8I57iBCAy69eht59NLMm27fRWGJIWCuBIjlpfzET1j2HLXUIh5bTBNzqaN039WH49HczGE3mQKVEJZc/efk3HaVd0a1Sjzyn0QY+N1jtZN3jTRbuDWA1AknkX1LX/0tUhuS3/7C3ejHxjw4Dk1ZLo5/QKBgQDIWvqFn0+IKRSu6Ua2hDsufIHHUNLelbfLUMmFthxabcUn4zlvIscJO00Tq/ezopSRRvbGiqnxjv/mYxucvOUBeZtlus0Q9RTACBtw9TGoNTmQbEunJ2FOSlqbQxkBBAjgGEppRPt30iGj/VjAhCATq2MYOa/X4dVR51BqQAFIEwKBgQDBSIfTFKC/hDk6FKZlgwvupWYJyU9RkyfstPErZFmzoKhPkQ3YORo2oeAYmVUbS9I2iIYpYpYQJHX8jMuCbCz4ONxTCuSIXYQYUcUq4PglCKp31xBAE6TN8SvhfME9/MvuDssnQinAHuF0GDAhF646T3LLS1not6Vszv7brwSoGwKBgQC88v/8cGfi80ssQZeMnVvq1UTXIeQcQnoY5lGHJl3K8mbS3TnXE6c9j417Fdz+rj8KWzBzwWXQB5pSPflWcdZO886Xu/mVGmy9RWgLuVFhXwCwsVEPjNX5ramRb0/vY0yzenUCninBsIxFSbIfrPtLUYCc4hpxr+sr2Mg/y6jpvQKBgBezMRRs3xkcuXepuI2R+BCXL1/b02IJTUf1F+1eLLGd7YV0H+J3fgNc7gGWK51hOrF9JBZHBGeOUPlaukmPwiPdtQZpu4QNE3l37VlIpKTF30E6mb+BqR+nht3rUjarnMXgAoEZ18y6/KIjpSMpqC92Nnk/EBM9EYe6Cf4eA9ApAoGAeqEUg46UTlJySkBKURGpIs3v1kkf5I0X8DnOhwb+HPxNaiEdmO7ckm8+tPVgppLcG0+tMdLjigFQiDUQk2y3WjyxP5ZvXu7U96jaJRI8PFMoE06WeVYcdIzrID2HvqH+w0UQJFrLJ/0Mn4stFAEzXKZBokBGnjFnTnKcs7nv/O8=";

fn rsa() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let der = base64::engine::general_purpose::STANDARD
            .decode(PKCS8_B64)
            .expect("test key b64");
        RsaPrivateKey::from_pkcs8_der(&der).expect("test key")
    })
}

fn decrypt_all(key: &SymmetricKey, master: &MasterKey, e: &EncString) {
    let sym = key.decrypt(e);
    let _ = key.unwrap_key(e);
    let _ = master.decrypt_user_key(e);
    if e.is_asymmetric() {
        let _ = rsa().decapsulate(e);
    }
    // Nothing the fuzzer writes can carry a valid MAC under the fixed key.
    if let EncString::AesCbc256HmacSha256B64 { .. } = e {
        assert!(sym.is_err(), "forged type-2 EncString decrypted");
    }
}

fuzz_target!(|data: &[u8]| {
    let key = SymmetricKey::from_bytes(&KEY).expect("64-byte key");
    let master = MasterKey::from_bytes(&KEY[..32]).expect("32-byte key");
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => {
            if let Ok(e) = std::str::from_utf8(rest).map(str::parse::<EncString>) {
                if let Ok(e) = e {
                    decrypt_all(&key, &master, &e);
                }
            }
        }
        1 => {
            let r = key.decrypt_buffer(rest);
            if rest.first() == Some(&2) {
                assert!(r.is_err(), "forged EncArrayBuffer decrypted");
            }
            if let Ok(e) = EncString::from_enc_array_buffer(rest) {
                decrypt_all(&key, &master, &e);
            }
        }
        2 => {
            if rest.len() < 16 {
                return;
            }
            let (iv, ct) = rest.split_at(16);
            let mut mac =
                <Hmac<sha2::Sha256> as Mac>::new_from_slice(&KEY[32..]).expect("hmac key");
            mac.update(iv);
            mac.update(ct);
            let e = EncString::AesCbc256HmacSha256B64 {
                iv: iv.try_into().expect("16 bytes"),
                data: ct.to_vec(),
                mac: mac.finalize().into_bytes().into(),
            };
            // Authentic: must decrypt unless the ciphertext shape or padding is bad.
            if let Ok(pt) = key.decrypt(&e) {
                assert!(pt.len() < ct.len().max(1));
            }
            let _ = key.unwrap_key(&e);
            let _ = key.unwrap_private_key(&e);
        }
        _ => {
            let e = key.encrypt(rest).expect("encrypt");
            let pt = key.decrypt(&e).expect("own ciphertext decrypts");
            assert_eq!(pt.expose(), rest);
            let _ = key.unwrap_key(&e);
            let _ = key.unwrap_private_key(&e);
            let _ = send::SendKey::unwrap(&key, &e);
            let _ = key.decrypt_to_string(&e);
        }
    }
});
