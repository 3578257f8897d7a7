//! The password and passphrase generator, with Bitwarden's options and
//! bounds (length 5–128; 3–20 words from the EFF long list).

use crate::error::AppError;
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use specta::Type;

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const SPECIAL: &str = "!@#$%^&*";
/// Bitwarden leaves these out when asked to avoid ambiguous characters.
const AMBIGUOUS: &str = "IOl01";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum GeneratorOptions {
    #[serde(rename_all = "camelCase")]
    Password {
        length: u32,
        uppercase: bool,
        lowercase: bool,
        numbers: bool,
        special: bool,
        min_numbers: u32,
        min_special: u32,
        avoid_ambiguous: bool,
    },
    #[serde(rename_all = "camelCase")]
    Passphrase {
        words: u32,
        separator: String,
        capitalize: bool,
        include_number: bool,
    },
}

impl Default for GeneratorOptions {
    /// Bitwarden's defaults: 14 characters, all sets, at least one digit
    /// and one special character.
    fn default() -> Self {
        GeneratorOptions::Password {
            length: 14,
            uppercase: true,
            lowercase: true,
            numbers: true,
            special: true,
            min_numbers: 1,
            min_special: 1,
            avoid_ambiguous: false,
        }
    }
}

impl GeneratorOptions {
    /// A passphrase with Bitwarden's defaults (three words, dashes).
    pub fn passphrase() -> Self {
        GeneratorOptions::Passphrase {
            words: 3,
            separator: "-".into(),
            capitalize: false,
            include_number: false,
        }
    }
}

/// Generates a password or passphrase from the OS's random source.
pub fn generate(options: &GeneratorOptions) -> Result<String, AppError> {
    let mut rng = rand::rngs::OsRng;
    match options {
        GeneratorOptions::Password {
            length,
            uppercase,
            lowercase,
            numbers,
            special,
            min_numbers,
            min_special,
            avoid_ambiguous,
        } => {
            if !(5..=128).contains(length) {
                return Err(AppError::invalid_input(
                    "A generated password has 5 to 128 characters.",
                ));
            }
            let set = |chars: &str| -> Vec<char> {
                chars
                    .chars()
                    .filter(|c| !*avoid_ambiguous || !AMBIGUOUS.contains(*c))
                    .collect()
            };
            let (upper, lower, digits, specials) =
                (set(UPPER), set(LOWER), set(DIGITS), set(SPECIAL));
            let min_numbers = if *numbers { (*min_numbers).max(1) } else { 0 };
            let min_special = if *special { (*min_special).max(1) } else { 0 };
            let mut slots: Vec<&[char]> = Vec::new();
            if *uppercase {
                slots.push(&upper);
            }
            if *lowercase {
                slots.push(&lower);
            }
            slots.extend(std::iter::repeat_n(digits.as_slice(), min_numbers as usize));
            slots.extend(std::iter::repeat_n(
                specials.as_slice(),
                min_special as usize,
            ));
            if slots.len() > *length as usize {
                return Err(AppError::invalid_input(format!(
                    "{} characters cannot hold the minimums asked for ({}).",
                    length,
                    slots.len()
                )));
            }
            let mut all: Vec<char> = Vec::new();
            for (on, chars) in [
                (*uppercase, &upper),
                (*lowercase, &lower),
                (*numbers, &digits),
                (*special, &specials),
            ] {
                if on {
                    all.extend(chars.iter());
                }
            }
            if all.is_empty() {
                return Err(AppError::invalid_input(
                    "Choose at least one kind of character.",
                ));
            }
            while slots.len() < *length as usize {
                slots.push(&all);
            }
            slots.shuffle(&mut rng);
            Ok(slots
                .iter()
                .map(|chars| chars[rng.gen_range(0..chars.len())])
                .collect())
        }
        GeneratorOptions::Passphrase {
            words,
            separator,
            capitalize,
            include_number,
        } => {
            if !(3..=20).contains(words) {
                return Err(AppError::invalid_input("A passphrase has 3 to 20 words."));
            }
            if separator.chars().count() > 1 {
                return Err(AppError::invalid_input(
                    "The word separator is one character (or none).",
                ));
            }
            let list = bw_crypto::fingerprint::eff_wordlist()
                .map_err(|e| AppError::internal(e.to_string()))?;
            let mut chosen: Vec<String> = (0..*words)
                .map(|_| list[rng.gen_range(0..list.len())].to_owned())
                .collect();
            if *capitalize {
                for w in &mut chosen {
                    let mut cs = w.chars();
                    if let Some(first) = cs.next() {
                        *w = first.to_uppercase().chain(cs).collect();
                    }
                }
            }
            if *include_number {
                let i = rng.gen_range(0..chosen.len());
                chosen[i].push(char::from(b'0' + rng.gen_range(0..10u8)));
            }
            Ok(chosen.join(separator))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_honour_every_option() {
        for _ in 0..200 {
            let p = generate(&GeneratorOptions::Password {
                length: 12,
                uppercase: true,
                lowercase: false,
                numbers: true,
                special: true,
                min_numbers: 3,
                min_special: 2,
                avoid_ambiguous: true,
            })
            .unwrap();
            assert_eq!(p.chars().count(), 12);
            assert!(p.chars().filter(char::is_ascii_digit).count() >= 3, "{p}");
            assert!(
                p.chars().filter(|c| SPECIAL.contains(*c)).count() >= 2,
                "{p}"
            );
            assert!(
                !p.chars()
                    .any(|c| c.is_ascii_lowercase() || AMBIGUOUS.contains(c)),
                "{p}"
            );
        }
        let a = generate(&GeneratorOptions::default()).unwrap();
        let b = generate(&GeneratorOptions::default()).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn impossible_options_are_refused() {
        let mut o = GeneratorOptions::default();
        if let GeneratorOptions::Password { length, .. } = &mut o {
            *length = 4;
        }
        assert!(generate(&o).is_err());
        let none = GeneratorOptions::Password {
            length: 10,
            uppercase: false,
            lowercase: false,
            numbers: false,
            special: false,
            min_numbers: 0,
            min_special: 0,
            avoid_ambiguous: false,
        };
        assert!(generate(&none).is_err());
    }

    #[test]
    fn passphrases_use_the_word_list() {
        let p = generate(&GeneratorOptions::Passphrase {
            words: 5,
            separator: "_".into(),
            capitalize: true,
            include_number: true,
        })
        .unwrap();
        let words: Vec<&str> = p.split('_').collect();
        assert_eq!(words.len(), 5);
        assert!(
            words
                .iter()
                .all(|w| w.chars().next().unwrap().is_uppercase()),
            "{p}"
        );
        assert_eq!(
            words
                .iter()
                .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                .count(),
            1
        );
    }
}
