//! Account recovery (admin password reset): the member's user key is
//! opened with the org's private key, a new master password (generated, or
//! typed and measured) is turned into the member's new hash and wrapped
//! user key with their own KDF and salt, and sent through the write path.

use super::operation::{MemberOperation, MemberTarget, Sealed};
use super::{MemberError, MemberStatus};
use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::jobs::Operation;
use bw_api::wire::KdfSettings;
use bw_crypto::{EncString, Kdf, SecretString};
use rand::Rng;
use serde::{Deserialize, Serialize};
use specta::Type;

/// How the member's new master password is chosen.
#[derive(Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(tag = "kind", content = "password", rename_all = "snake_case")]
pub enum NewPassword {
    /// A strong password made here, shown once.
    Generate,
    /// Typed by the admin (measured; a weak one is refused).
    Typed(String),
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewPassword::Generate => f.write_str("Generate"),
            NewPassword::Typed(_) => f.write_str("Typed(<redacted>)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoverInput {
    pub organization_id: String,
    pub member_id: String,
    pub new_password: NewPassword,
    /// Also turn off the member's two-step login (where the server allows).
    #[serde(default)]
    pub reset_two_factor: bool,
}

/// A planned reset: the operation, and the generated password to hand to
/// the member (shown once; never stored).
pub struct RecoverPlan {
    pub operations: Vec<Operation>,
    pub generated: Option<SecretString>,
}

/// A reset as the app shows it: the job's result, and the generated
/// password to hand to the member (shown once, never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoverOutcome {
    pub submitted: crate::jobs::Submitted,
    pub generated_password: Option<String>,
}

/// zxcvbn's estimate, as Bitwarden's strength meter shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordStrength {
    /// 0 (very weak) to 4 (strong).
    pub score: u8,
    pub label: String,
    pub warning: Option<String>,
}

/// The new master password's strength, with the member's e-mail parts as
/// user inputs (as Bitwarden does).
pub fn password_strength(password: &str, email: &str) -> PasswordStrength {
    let mut inputs: Vec<&str> = email
        .trim()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| p.len() >= 3)
        .collect();
    inputs.push("bitwarden");
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    let score = u8::from(estimate.score());
    let label = match score {
        0 | 1 => "Very weak",
        2 => "Weak",
        3 => "Good",
        _ => "Strong",
    };
    PasswordStrength {
        score,
        label: label.to_owned(),
        warning: estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| w.to_string()),
    }
}

/// Bitwarden's minimum for a master password.
const MIN_LENGTH: usize = 12;

/// A 20-character password from letters, digits and symbols, at least one
/// of each, without look-alike characters (it is read aloud or copied).
pub(crate) fn generate_password() -> String {
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    const SYMBOLS: &[u8] = b"!@#$%^&*";
    let mut rng = rand::rngs::OsRng;
    let all: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS].concat();
    let mut chars: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS]
        .iter()
        .map(|set| set[rng.gen_range(0..set.len())])
        .collect();
    while chars.len() < 20 {
        chars.push(all[rng.gen_range(0..all.len())]);
    }
    // Fisher–Yates, so the required characters are not always first.
    for i in (1..chars.len()).rev() {
        chars.swap(i, rng.gen_range(0..=i));
    }
    String::from_utf8(chars).unwrap_or_default()
}

/// The member's KDF, with login's downgrade guard and upper bounds (a
/// hostile server cannot make the reset weak or allocate gigabytes).
fn kdf_of(details: &bw_api::wire::members::ResetPasswordDetails) -> Result<Kdf, MemberError> {
    Kdf::from_prelogin(
        details.kdf,
        details.kdf_iterations,
        details.kdf_memory,
        details.kdf_parallelism,
    )
    .map_err(|e| MemberError::RecoveryDetails(e.to_string()))
}

/// The account recovery administration policy, on or off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryPolicyInput {
    pub organization_id: String,
    pub enabled: bool,
    /// Enrol new members automatically when they join.
    #[serde(default)]
    pub auto_enroll: bool,
}

/// Why a member's password cannot be reset, if it cannot: Bitwarden's own
/// conditions, checked before the server is asked.
fn recoverable(policy_on: bool, member: &super::MemberView) -> Result<(), MemberError> {
    let email = member.email.clone().unwrap_or_else(|| member.id.clone());
    if !policy_on {
        return Err(MemberError::RecoveryPolicyOff);
    }
    if member.status != MemberStatus::Confirmed {
        return Err(MemberError::RecoveryNeedsConfirmed(email));
    }
    if member.uses_key_connector || !member.has_master_password {
        return Err(MemberError::KeyConnector(email));
    }
    if !member.recovery_enrolled {
        return Err(MemberError::NotEnrolled(email));
    }
    Ok(())
}

impl Core {
    /// Plans turning the account recovery policy on or off. It needs the
    /// Single organization policy on; that one is not turned on from here
    /// (it removes members who belong to other organizations).
    pub async fn recovery_policy_operations(
        &self,
        input: RecoveryPolicyInput,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.members_page(&input.organization_id).await?;
        if input.enabled && !page.recovery.single_org {
            return Err(MemberError::SingleOrgOff.into());
        }
        Ok(vec![Operation::Member(
            MemberOperation::SetRecoveryPolicy {
                organization_id: input.organization_id,
                client_name: page.client_name,
                enabled: input.enabled,
                auto_enroll: input.auto_enroll,
            },
        )])
    }

    /// Resets a member's master password now, through the write path.
    pub async fn recover_account(&self, input: RecoverInput) -> Result<RecoverOutcome, AppError> {
        let plan = self.recover_operations(input).await?;
        let submitted = self.submit(plan.operations, true).await?;
        Ok(RecoverOutcome {
            submitted,
            generated_password: plan.generated.map(|p| p.expose().to_owned()),
        })
    }

    /// Plans a reset of a member's master password. Needs the server (the
    /// member's wrapped user key and KDF are read at this moment).
    #[tracing::instrument(skip_all)]
    pub async fn recover_operations(&self, input: RecoverInput) -> Result<RecoverPlan, AppError> {
        let page = self.members_page(&input.organization_id).await?;
        let member = page
            .members
            .iter()
            .find(|m| {
                m.id == input.member_id
                    || m.email
                        .as_deref()
                        .is_some_and(|e| e.eq_ignore_ascii_case(&input.member_id))
            })
            .ok_or_else(|| MemberError::NoSuchMember(input.member_id.clone()))?;
        let email = member.email.clone().unwrap_or_else(|| member.id.clone());
        recoverable(page.recovery.enabled, member)?;
        let (password, generated) = match &input.new_password {
            NewPassword::Generate => {
                let p = SecretString::from(generate_password());
                (p.clone(), Some(p))
            }
            NewPassword::Typed(text) => {
                if text.chars().count() < MIN_LENGTH {
                    return Err(MemberError::WeakPassword(format!(
                        "a master password needs at least {MIN_LENGTH} characters."
                    ))
                    .into());
                }
                let strength = password_strength(text, &email);
                if strength.score < 3 {
                    return Err(MemberError::WeakPassword(format!(
                        "{} ({}).",
                        strength.label.to_lowercase(),
                        strength
                            .warning
                            .unwrap_or_else(|| "add words or characters".to_owned())
                    ))
                    .into());
                }
                (SecretString::from(text.clone()), None)
            }
        };
        let org_key = self
            .org_key(&input.organization_id)
            .await
            .map_err(|_| MemberError::OrgKeyMissing)?;
        let details = {
            let unlocked = self.unlocked().await?;
            unlocked
                .client
                .account_recovery_details(&input.organization_id, &member.id)
                .await?
        };
        let parse = |text: Option<&String>, what: &str| -> Result<EncString, MemberError> {
            text.and_then(|t| t.parse().ok())
                .ok_or_else(|| MemberError::RecoveryDetails(format!("no usable {what}")))
        };
        let reset_key = parse(details.reset_password_key.as_ref(), "resetPasswordKey")?;
        let private_key = parse(
            details.encrypted_private_key.as_ref(),
            "encryptedPrivateKey",
        )?;
        let kdf = kdf_of(&details)?;
        // The salt: `masterPasswordSalt` where the server sends it, else
        // the e-mail trimmed and lower-cased (Bitwarden's older rule).
        let salt = details
            .master_password_salt
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| email.trim().to_lowercase());
        // KDF work (up to seconds with Argon2id) off the async threads.
        let made = tokio::task::spawn_blocking(move || {
            bw_crypto::recovery::recover_account(
                &org_key,
                &private_key,
                &reset_key,
                &password,
                &kdf,
                &salt,
            )
            .map(|(_, new)| new)
        })
        .await
        .map_err(|e| AppError::internal(format!("the key derivation stopped: {e}")))?
        .map_err(|e| {
            AppError::from_error(
                ErrorCode::ServerError,
                &MemberError::RecoveryDetails(e.to_string()),
            )
        })?;
        let operation = Operation::Member(MemberOperation::Recover {
            organization_id: input.organization_id.clone(),
            client_name: page.client_name.clone(),
            member: MemberTarget {
                id: member.id.clone(),
                email,
            },
            reset_two_factor: input.reset_two_factor,
            master_password_hash: Sealed(made.master_password_hash.clone()),
            key: made.protected_user_key.to_string(),
            kdf: KdfSettings {
                kdf_type: i64::from(made.kdf.kdf_type()),
                iterations: made.kdf.iterations(),
                memory: made.kdf.memory_mib(),
                parallelism: made.kdf.parallelism(),
            },
            salt: made.salt.clone(),
        });
        Ok(RecoverPlan {
            operations: vec![operation],
            generated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member() -> crate::members::MemberView {
        crate::members::MemberView {
            id: "m".into(),
            user_id: Some("u".into()),
            email: Some("m@x.example".into()),
            name: None,
            role: crate::members::MemberRole::User,
            status: MemberStatus::Confirmed,
            two_factor_enabled: false,
            recovery_enrolled: true,
            permissions: vec![],
            collections: vec![],
            groups: vec![],
            uses_key_connector: false,
            has_master_password: true,
        }
    }

    #[test]
    fn only_enrolled_confirmed_members_with_a_master_password_are_recovered() {
        assert!(recoverable(true, &member()).is_ok());
        assert!(matches!(
            recoverable(false, &member()),
            Err(MemberError::RecoveryPolicyOff)
        ));
        let kc = crate::members::MemberView {
            uses_key_connector: true,
            ..member()
        };
        assert!(matches!(
            recoverable(true, &kc),
            Err(MemberError::KeyConnector(_))
        ));
        let tde = crate::members::MemberView {
            has_master_password: false,
            ..member()
        };
        assert!(matches!(
            recoverable(true, &tde),
            Err(MemberError::KeyConnector(_))
        ));
        let invited = crate::members::MemberView {
            status: MemberStatus::Invited,
            ..member()
        };
        assert!(matches!(
            recoverable(true, &invited),
            Err(MemberError::RecoveryNeedsConfirmed(_))
        ));
        let not_enrolled = crate::members::MemberView {
            recovery_enrolled: false,
            ..member()
        };
        assert!(matches!(
            recoverable(true, &not_enrolled),
            Err(MemberError::NotEnrolled(_))
        ));
    }

    #[test]
    fn generated_passwords_are_strong_and_differ() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.chars().count(), 20);
        assert_ne!(a, b);
        assert!(a.chars().any(|c| c.is_ascii_digit()));
        assert!(a.chars().any(|c| c.is_ascii_uppercase()));
        assert!(a.chars().any(|c| !c.is_ascii_alphanumeric()));
        assert!(password_strength(&a, "bob@acme.example").score >= 3);
    }

    #[test]
    fn the_meter_knows_weak_passwords_and_the_members_own_name() {
        assert!(password_strength("password123", "x@y.example").score <= 1);
        // The member's own e-mail parts count against the password.
        let own = password_strength("Buchanan.Northwind", "bob.buchanan@northwind.example");
        let other = password_strength("Buchanan.Northwind", "x@y.example");
        assert!(own.score < other.score, "{own:?} vs {other:?}");
        assert_eq!(
            password_strength("correct horse battery staple galaxy", "x@y.example").score,
            4
        );
    }
}
