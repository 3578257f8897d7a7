//! Key derivation settings (PBKDF2-SHA256, Argon2id), their limits, and the
//! salt rule.

use crate::{CryptoError, Result};

/// The KDF of an account, as returned by prelogin and stored on the server.
///
/// Argon2id memory is in MiB, as on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kdf {
    /// `kdfType` 0.
    Pbkdf2 {
        /// PBKDF2-HMAC-SHA256 iteration count.
        iterations: u32,
    },
    /// `kdfType` 1 (Argon2id, version 0x13).
    Argon2id {
        /// Passes over memory (t).
        iterations: u32,
        /// Memory in MiB (m).
        memory_mib: u32,
        /// Lanes (p).
        parallelism: u32,
    },
}

/// Inclusive limits for one parameter.
struct Range {
    name: &'static str,
    min: u32,
    max: u32,
}

// PBKDF2's lowest iterations Bitwarden clients accept at login (TS
// prelogin check and the SDK's hard minimum): a downgrade guard. The maximum
// is the server's own, so a hostile server cannot make us spin forever.
const LOGIN_PBKDF2: Range = Range {
    name: "PBKDF2 iterations",
    min: 5_000,
    max: 2_000_000,
};

// PBKDF2's range the server accepts when a KDF is set or changed
// (KdfConstants.cs).
const SET_PBKDF2: Range = Range {
    name: "PBKDF2 iterations",
    min: 600_000,
    max: 2_000_000,
};

// Argon2id's ranges, the same at login and when a KDF is set: the SDK's
// minima and the server's maxima (KdfConstants.cs), so a hostile server
// cannot make us allocate or spin forever. The server's memory minimum is
// 15 MiB, but the SDK refuses anything under 16, so 16 is the usable one.
const ARGON_T: Range = Range {
    name: "Argon2 iterations",
    min: 2,
    max: 10,
};
const ARGON_M: Range = Range {
    name: "Argon2 memory (MiB)",
    min: 16,
    max: 1024,
};
const ARGON_P: Range = Range {
    name: "Argon2 parallelism",
    min: 1,
    max: 16,
};

fn check(range: &Range, value: u32, below_is_downgrade: bool) -> Result<()> {
    if value < range.min && below_is_downgrade {
        return Err(CryptoError::KdfBelowMinimum {
            parameter: range.name,
            value,
            minimum: range.min,
        });
    }
    if value < range.min || value > range.max {
        return Err(CryptoError::KdfOutOfRange {
            parameter: range.name,
            value,
            minimum: range.min,
            maximum: range.max,
        });
    }
    Ok(())
}

impl Kdf {
    /// Bitwarden's default for new accounts: PBKDF2 with 600,000 iterations.
    pub const fn default_pbkdf2() -> Self {
        Self::Pbkdf2 {
            iterations: 600_000,
        }
    }

    /// The server and SDK 4.0 Argon2id default (6 iterations, 32 MiB, 4 lanes).
    pub const fn default_argon2id() -> Self {
        Self::Argon2id {
            iterations: 6,
            memory_mib: 32,
            parallelism: 4,
        }
    }

    /// Builds a KDF from the wire fields (`kdf`/`kdfType`, `kdfIterations`,
    /// `kdfMemory`, `kdfParallelism`) and applies the login downgrade guard.
    pub fn from_prelogin(
        kdf_type: i64,
        iterations: u32,
        memory_mib: Option<u32>,
        parallelism: Option<u32>,
    ) -> Result<Self> {
        let kdf = match kdf_type {
            0 => Self::Pbkdf2 { iterations },
            1 => Self::Argon2id {
                iterations,
                memory_mib: memory_mib.ok_or(CryptoError::InvalidKdf {
                    reason: "Argon2id needs a memory value",
                })?,
                parallelism: parallelism.ok_or(CryptoError::InvalidKdf {
                    reason: "Argon2id needs a parallelism value",
                })?,
            },
            _ => {
                return Err(CryptoError::InvalidKdf {
                    reason: "unknown KDF type (expected 0 = PBKDF2 or 1 = Argon2id)",
                });
            }
        };
        kdf.check_login_limits()?;
        Ok(kdf)
    }

    /// The wire `kdfType`.
    pub fn kdf_type(&self) -> u8 {
        match self {
            Self::Pbkdf2 { .. } => 0,
            Self::Argon2id { .. } => 1,
        }
    }

    /// The wire `iterations` value.
    pub fn iterations(&self) -> u32 {
        match self {
            Self::Pbkdf2 { iterations } | Self::Argon2id { iterations, .. } => *iterations,
        }
    }

    /// The wire `memory` value (MiB), `None` for PBKDF2.
    pub fn memory_mib(&self) -> Option<u32> {
        match self {
            Self::Pbkdf2 { .. } => None,
            Self::Argon2id { memory_mib, .. } => Some(*memory_mib),
        }
    }

    /// The wire `parallelism` value, `None` for PBKDF2.
    pub fn parallelism(&self) -> Option<u32> {
        match self {
            Self::Pbkdf2 { .. } => None,
            Self::Argon2id { parallelism, .. } => Some(*parallelism),
        }
    }

    /// The check to run on values a server sends at login: refuses values
    /// below what Bitwarden clients accept (a downgrade) and values above the
    /// server's maxima (a denial of service on this machine).
    /// [`MasterKey::derive`](crate::MasterKey::derive) runs it too.
    pub fn check_login_limits(&self) -> Result<()> {
        self.check_ranges(&LOGIN_PBKDF2, true)
    }

    /// The check for choosing a KDF (registration, KDF change): the ranges
    /// the Bitwarden server accepts for new settings.
    pub fn check_server_range(&self) -> Result<()> {
        self.check_ranges(&SET_PBKDF2, false)
    }

    fn check_ranges(&self, pbkdf2: &Range, below_is_downgrade: bool) -> Result<()> {
        match *self {
            Self::Pbkdf2 { iterations } => check(pbkdf2, iterations, below_is_downgrade),
            Self::Argon2id {
                iterations,
                memory_mib,
                parallelism,
            } => {
                check(&ARGON_T, iterations, below_is_downgrade)?;
                check(&ARGON_M, memory_mib, below_is_downgrade)?;
                check(&ARGON_P, parallelism, below_is_downgrade)
            }
        }
    }
}

/// Bitwarden's salt rule: leading and trailing whitespace removed, then
/// lower-cased. The SDK applies it to every salt, including an explicit
/// server-provided one, so [`MasterKey::derive`](crate::MasterKey::derive)
/// does too; use this to show or send the salt that was actually used.
pub fn normalize_salt(email_or_salt: &str) -> String {
    email_or_salt.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelogin_guard_refuses_downgrades_and_absurd_values() {
        assert!(Kdf::from_prelogin(0, 100_000, None, None).is_ok());
        assert!(matches!(
            Kdf::from_prelogin(0, 4_999, None, None),
            Err(CryptoError::KdfBelowMinimum { minimum: 5_000, .. })
        ));
        assert!(Kdf::from_prelogin(1, 3, Some(64), Some(4)).is_ok());
        assert!(Kdf::from_prelogin(1, 1, Some(64), Some(4)).is_err());
        assert!(Kdf::from_prelogin(1, 3, Some(15), Some(4)).is_err());
        assert!(Kdf::from_prelogin(1, 3, Some(u32::MAX), Some(4)).is_err());
        assert!(Kdf::from_prelogin(1, 3, None, Some(4)).is_err());
        assert!(Kdf::from_prelogin(2, 3, None, None).is_err());
    }

    #[test]
    fn server_range_is_stricter_than_login() {
        assert!(
            Kdf::Pbkdf2 {
                iterations: 100_000
            }
            .check_server_range()
            .is_err()
        );
        assert!(Kdf::default_pbkdf2().check_server_range().is_ok());
        assert!(Kdf::default_argon2id().check_server_range().is_ok());
        assert!(
            Kdf::Argon2id {
                iterations: 11,
                memory_mib: 64,
                parallelism: 4
            }
            .check_server_range()
            .is_err()
        );
    }

    #[test]
    fn salt_is_trimmed_and_lowercased() {
        assert_eq!(
            normalize_salt("  Provider.Admin+X@Example.COM "),
            "provider.admin+x@example.com"
        );
    }
}
