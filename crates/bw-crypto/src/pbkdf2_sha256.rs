//! PBKDF2-HMAC-SHA256 with a 32-byte output, which is every PBKDF2 use in
//! Bitwarden (master key, password hashes, Send password hash).
//!
//! The iteration loop works on SHA-256 states directly: the HMAC pad states
//! are computed once and each iteration is exactly two `compress256` calls
//! (SHA-NI where the CPU has it). That is the same work OpenSSL does, and
//! unlike the generic `pbkdf2` crate it stays fast in debug builds because
//! the hot code is `sha2`'s own, non-generic function. The unit tests and
//! the property tests check it against the `pbkdf2` crate.

use hmac::{Hmac, Mac};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

const BLOCK: usize = 64;
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    sha2::compress256(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// Writes a digest state big-endian into the first half of a padded block.
/// Written without iterator adaptors so that it stays cheap in debug builds.
#[inline(always)]
fn put_state(block: &mut [u8; BLOCK], state: &[u32; 8]) {
    block[..32].copy_from_slice(state.map(u32::to_be_bytes).as_flattened());
}

/// PBKDF2-HMAC-SHA256(password, salt, rounds) with dkLen = 32.
/// `rounds` = 0 is treated as 1 (callers validate counts beforehand).
pub(crate) fn pbkdf2_sha256(password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8; 32]) {
    // U1 = HMAC(P, S || INT(1)) through the general HMAC code (runs once).
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(password) {
        Ok(m) => m,
        Err(_) => <Hmac<Sha256> as Mac>::new(&Default::default()),
    };
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let mut u: [u8; 32] = mac.finalize().into_bytes().into();

    // HMAC key block, then the inner and outer pad states.
    let mut key = [0u8; BLOCK];
    if password.len() > BLOCK {
        key[..32].copy_from_slice(&Sha256::digest(password));
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let mut pad = [0u8; BLOCK];
    let mut inner = IV;
    let mut outer = IV;
    for (p, k) in pad.iter_mut().zip(&key) {
        *p = k ^ 0x36;
    }
    compress(&mut inner, &pad);
    for (p, k) in pad.iter_mut().zip(&key) {
        *p = k ^ 0x5c;
    }
    compress(&mut outer, &pad);

    // Every later message is 32 bytes after a 64-byte pad block: one block
    // with fixed SHA-256 padding (0x80 … bit length 768). The running XOR is
    // kept as state words, so the loop is two compressions and little else.
    let mut block = [0u8; BLOCK];
    block[..32].copy_from_slice(&u);
    block[32] = 0x80;
    block[62] = 0x03;
    let mut acc = [0u32; 8];
    for (a, chunk) in acc.iter_mut().zip(u.chunks_exact(4)) {
        *a = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    let mut state = [0u32; 8];
    for _ in 1..rounds {
        state = inner;
        compress(&mut state, &block);
        put_state(&mut block, &state);
        state = outer;
        compress(&mut state, &block);
        put_state(&mut block, &state);
        acc[0] ^= state[0];
        acc[1] ^= state[1];
        acc[2] ^= state[2];
        acc[3] ^= state[3];
        acc[4] ^= state[4];
        acc[5] ^= state[5];
        acc[6] ^= state[6];
        acc[7] ^= state[7];
    }
    out.copy_from_slice(acc.map(u32::to_be_bytes).as_flattened());

    acc.zeroize();
    key.zeroize();
    pad.zeroize();
    block.zeroize();
    u.zeroize();
    state.zeroize();
    inner.zeroize();
    outer.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn rfc_style_vectors() {
        let mut out = [0u8; 32];
        pbkdf2_sha256(b"password", b"salt", 1, &mut out);
        assert_eq!(
            hex(&out),
            "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"
        );
        pbkdf2_sha256(b"password", b"salt", 2, &mut out);
        assert_eq!(
            hex(&out),
            "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"
        );
        pbkdf2_sha256(b"password", b"salt", 4096, &mut out);
        assert_eq!(
            hex(&out),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"
        );
    }

    #[test]
    fn matches_the_pbkdf2_crate() {
        for (pw_len, salt_len, rounds) in [
            (0, 0, 1),
            (1, 3, 2),
            (63, 20, 3),
            (64, 64, 5),
            (65, 100, 7),
            (200, 1, 1000),
        ] {
            let pw: Vec<u8> = (0..pw_len).map(|i| (i * 7 + 1) as u8).collect();
            let salt: Vec<u8> = (0..salt_len).map(|i| (i * 13 + 5) as u8).collect();
            let mut ours = [0u8; 32];
            let mut theirs = [0u8; 32];
            pbkdf2_sha256(&pw, &salt, rounds, &mut ours);
            pbkdf2::pbkdf2_hmac::<Sha256>(&pw, &salt, rounds, &mut theirs);
            assert_eq!(ours, theirs, "{pw_len} {salt_len} {rounds}");
        }
    }
}
