//! Benchmarks of the operations whose cost users feel: login KDFs, field
//! decryption (one and a whole vault), and RSA key unwrapping.
//!
//! `benches/compare.sh` runs these together with the same operations in
//! OpenSSL (through Python) and prints the ratios.

use std::hint::black_box;
use std::time::Duration;

use bw_crypto::{EncString, Kdf, MasterKey, RsaPrivateKey, SecretString, SymmetricKey};
use criterion::{Criterion, criterion_group, criterion_main};

fn kdfs(c: &mut Criterion) {
    let mut g = c.benchmark_group("kdf");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    let password = SecretString::from("correct horse battery staple");
    g.bench_function("pbkdf2_sha256_600000", |b| {
        b.iter(|| {
            MasterKey::derive(
                black_box(&password),
                "user@example.com",
                &Kdf::default_pbkdf2(),
            )
        })
    });
    g.bench_function("argon2id_6_32MiB_4", |b| {
        b.iter(|| {
            MasterKey::derive(
                black_box(&password),
                "user@example.com",
                &Kdf::default_argon2id(),
            )
        })
    });
    g.finish();
}

fn symmetric(c: &mut Criterion) {
    let key = SymmetricKey::generate().expect("key");
    let field = key.encrypt(&[b'x'; 100]).expect("encrypt");
    let text = field.to_string();
    let mut g = c.benchmark_group("type2");
    g.bench_function("decrypt_100B", |b| {
        b.iter(|| key.decrypt(black_box(&field)))
    });
    g.bench_function("parse_and_decrypt_100B", |b| {
        b.iter(|| {
            let e: EncString = black_box(&text).parse().expect("parse");
            key.decrypt_to_string(&e)
        })
    });
    g.bench_function("encrypt_100B", |b| {
        b.iter(|| key.encrypt(black_box(&[b'x'; 100])))
    });
    g.finish();

    // A vault's worth of fields as they arrive from sync: strings of mixed
    // length (names, usernames, passwords, URIs, notes).
    let fields: Vec<String> = (0..10_000)
        .map(|i| {
            let len = [12, 24, 40, 64, 200][i % 5];
            let plaintext: String = std::iter::repeat_n('a', len).collect();
            key.encrypt_str(&plaintext).expect("encrypt").to_string()
        })
        .collect();
    let mut g = c.benchmark_group("vault");
    g.sample_size(20);
    g.bench_function("parse_and_decrypt_10000_fields", |b| {
        b.iter(|| {
            let mut total = 0;
            for f in &fields {
                let e: EncString = f.parse().expect("parse");
                total += key.decrypt_to_string(&e).expect("decrypt").len();
            }
            total
        })
    });
    g.finish();
}

fn rsa(c: &mut Criterion) {
    let private = RsaPrivateKey::generate().expect("rsa");
    let org_key = SymmetricKey::generate().expect("key");
    let wrapped = private.public_key().encapsulate(&org_key).expect("wrap");
    let mut g = c.benchmark_group("rsa");
    g.bench_function("oaep_sha1_unwrap_type4", |b| {
        b.iter(|| private.decapsulate(black_box(&wrapped)))
    });
    g.bench_function("oaep_sha1_wrap_type4", |b| {
        let public = private.public_key();
        b.iter(|| public.encapsulate(black_box(&org_key)))
    });
    g.finish();
}

criterion_group!(benches, kdfs, symmetric, rsa);
criterion_main!(benches);
