//! Benchmark: the admin side of an account-recovery reset (open the
//! member's user key with the org private key, derive the new master key
//! with the member's KDF, hash and re-wrap), for Bitwarden's default
//! PBKDF2 (600,000) and Argon2id (3 iterations, 64 MiB, 4 lanes).
//!
//! `cargo run --release -p bw-crypto --example reset_kdf` — prints the
//! median of 5 runs of each; figures, not assertions.

use bw_crypto::{Kdf, SecretString, SymmetricKey, recovery};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let org_key = SymmetricKey::generate()?;
    let org_pair = bw_crypto::account::make_key_pair(&org_key)?;
    let org_public = bw_crypto::RsaPublicKey::from_spki_b64(&org_pair.public_key_b64)?;
    let user_key = SymmetricKey::generate()?;
    let reset_key = recovery::enrollment_key(&user_key, &org_public)?;
    let password = SecretString::from("correct horse battery staple galaxy");
    for (label, kdf) in [
        (
            "PBKDF2-SHA256 600,000",
            Kdf::from_prelogin(0, 600_000, None, None)?,
        ),
        (
            "Argon2id t=3 m=64 MiB p=4",
            Kdf::from_prelogin(1, 3, Some(64), Some(4))?,
        ),
    ] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            recovery::recover_account(
                &org_key,
                &org_pair.encrypted_private_key,
                &reset_key,
                &password,
                &kdf,
                "alice@northwind.example",
            )?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label}: median {:.0} ms (min {:.0}, max {:.0})",
            times[2], times[0], times[4]
        );
    }
    Ok(())
}
