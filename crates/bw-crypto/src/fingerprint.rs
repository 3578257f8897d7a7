//! Fingerprint phrases: five EFF words that two people compare to make sure
//! a public key really belongs to the member (or org) they are trusting.

use std::sync::OnceLock;

use hkdf::Hkdf;
use sha2::{Digest, Sha256};

use crate::{CryptoError, Result};

const WORDLIST_FILE: &str = include_str!("../data/eff_large_wordlist.txt");
/// Number of words in the EFF long list.
pub const WORD_COUNT: usize = 7776;
const PHRASE_WORDS: usize = 5;

/// The EFF long word list (7,776 words) Bitwarden's fingerprint phrases
/// and passphrases draw from.
pub fn eff_wordlist() -> Result<&'static [&'static str]> {
    static WORDS: OnceLock<Option<Vec<&'static str>>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let words: Vec<&'static str> = WORDLIST_FILE
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.rsplit('\t').next().unwrap_or(l).trim())
            .collect();
        (words.len() == WORD_COUNT).then_some(words)
    });
    words.as_deref().ok_or(CryptoError::InvalidKey {
        reason: "the bundled EFF word list is damaged (expected 7,776 words)",
    })
}

/// Divides a big-endian unsigned integer in place by `divisor`, returning
/// the remainder.
fn div_rem(number: &mut [u8; 32], divisor: u32) -> u32 {
    let mut rem: u32 = 0;
    for byte in number.iter_mut() {
        let acc = (rem << 8) | u32::from(*byte);
        // acc < divisor * 256 fits in u32 for divisor = 7776.
        *byte = (acc / divisor) as u8;
        rem = acc % divisor;
    }
    rem
}

/// The phrase for `material` (a member's user id, or an organization id for
/// account-recovery trust) and a public key as SPKI DER.
///
/// `SHA-256(spki)` is the HKDF PRK, expanded with info = material to 32
/// bytes; that number, read big-endian, picks five words (least significant
/// "digit" base 7776 first), joined with `-`.
pub fn fingerprint_phrase(material: &str, public_key_spki_der: &[u8]) -> Result<String> {
    let words = eff_wordlist()?;
    let prk = Sha256::digest(public_key_spki_der);
    let hk = Hkdf::<Sha256>::from_prk(&prk).map_err(|_| CryptoError::InvalidKey {
        reason: "fingerprint PRK too short",
    })?;
    let mut number = [0u8; 32];
    hk.expand(material.as_bytes(), &mut number)
        .map_err(|_| CryptoError::InvalidKey {
            reason: "HKDF expand failed",
        })?;
    let mut phrase = Vec::with_capacity(PHRASE_WORDS);
    for _ in 0..PHRASE_WORDS {
        let index = div_rem(&mut number, WORD_COUNT as u32) as usize;
        phrase.push(*words.get(index).ok_or(CryptoError::InvalidKey {
            reason: "word index out of range",
        })?);
    }
    Ok(phrase.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordlist_is_the_eff_long_list() {
        let digest = Sha256::digest(WORDLIST_FILE.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "addd35536511597a02fa0a9ff1e5284677b8883b83e986e43f15a3db996b903e"
        );
        let words = eff_wordlist().unwrap();
        assert_eq!(words.len(), WORD_COUNT);
        assert_eq!(words[0], "abacus");
        assert_eq!(words[WORD_COUNT - 1], "zoom");
    }

    #[test]
    fn div_rem_matches_u128_arithmetic() {
        let mut n = [0u8; 32];
        n[16..].copy_from_slice(&0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128.to_be_bytes());
        let mut v = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128;
        for _ in 0..5 {
            assert_eq!(u128::from(div_rem(&mut n, 7776)), v % 7776);
            v /= 7776;
        }
    }
}
