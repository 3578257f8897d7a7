//! Confirming members: the member's public key is fetched, its fingerprint
//! phrase shown for comparison out of band, and the org key wrapped (type
//! 4) to that very key — a key that changed in between is a conflict.

use super::operation::{ConfirmTarget, MemberOperation, key_hash};
use super::{MemberError, MemberStatus};
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use bw_crypto::RsaPublicKey;
use serde::{Deserialize, Serialize};
use specta::Type;

/// What the user compares with the member before confirming them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmPreview {
    pub member_id: String,
    pub email: String,
    pub name: Option<String>,
    /// Five words, Bitwarden's fingerprint phrase of the member's key.
    pub fingerprint: String,
    /// Names the key the phrase is of; confirming checks it is still the
    /// member's key.
    pub public_key_sha256: String,
    /// The key as the last sync saw it (the server could not be reached);
    /// it is checked against the server before the confirm is sent.
    pub from_snapshot: bool,
}

impl ConfirmPreview {
    /// Confirming this member with the key the shown phrase is of.
    pub fn choice(&self) -> ConfirmChoice {
        ConfirmChoice {
            member_id: self.member_id.clone(),
            public_key_sha256: self.public_key_sha256.clone(),
        }
    }
}

/// A member's public key: `(member id, user id, SPKI base64)`.
struct SeenKey {
    member_id: String,
    user_id: String,
    key: String,
}

/// One member to confirm with the key whose fingerprint was shown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmChoice {
    pub member_id: String,
    pub public_key_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmInput {
    pub organization_id: String,
    pub members: Vec<ConfirmChoice>,
    /// The user says each phrase was compared with the member out of band.
    pub compared: bool,
}

impl Core {
    /// Members' public keys from the server, or — when it cannot be
    /// reached — as the last sync saw them (`true`).
    async fn member_keys(
        &self,
        organization_id: &str,
        ids: &[String],
    ) -> Result<(Vec<SeenKey>, bool), AppError> {
        let unlocked = self.unlocked().await?;
        match unlocked
            .client
            .member_public_keys(organization_id, ids)
            .await
        {
            Ok(keys) => Ok((
                keys.into_iter()
                    .map(|k| SeenKey {
                        member_id: k.id,
                        user_id: k.user_id,
                        key: k.key,
                    })
                    .collect(),
                false,
            )),
            Err(error) => {
                let error = AppError::from(error);
                if !error.is_transient() {
                    return Err(error);
                }
                let stored = unlocked
                    .session
                    .snapshot
                    .member_keys(organization_id)
                    .await?;
                if stored.is_empty() {
                    return Err(MemberError::NeedsServer(format!(
                        "the members' keys were not seen at the last sync ({})",
                        error.message
                    ))
                    .into());
                }
                Ok((
                    stored
                        .into_iter()
                        .filter(|k| ids.contains(&k.member_id))
                        .map(|k| SeenKey {
                            member_id: k.member_id,
                            user_id: k.user_id,
                            key: k.public_key,
                        })
                        .collect(),
                    true,
                ))
            }
        }
    }

    /// The fingerprint phrases of members waiting for confirmation, from
    /// their public keys as the server has them now.
    #[tracing::instrument(skip_all, fields(members = member_ids.len()))]
    pub async fn confirm_preview(
        &self,
        organization_id: &str,
        member_ids: &[String],
    ) -> Result<Vec<ConfirmPreview>, AppError> {
        let members = self.find_members(organization_id, member_ids).await?;
        for m in &members {
            if m.status != MemberStatus::Accepted {
                return Err(MemberError::NotAccepted {
                    email: m.email.clone().unwrap_or_else(|| m.id.clone()),
                    status: m.status.to_string(),
                }
                .into());
            }
        }
        let ids: Vec<String> = members.iter().map(|m| m.id.clone()).collect();
        let (keys, from_snapshot) = self.member_keys(organization_id, &ids).await?;
        members
            .iter()
            .map(|m| {
                let email = m.email.clone().unwrap_or_else(|| m.id.clone());
                let key = keys
                    .iter()
                    .find(|k| k.member_id == m.id && !k.key.trim().is_empty())
                    .ok_or_else(|| MemberError::NoPublicKey(email.clone()))?;
                let public = RsaPublicKey::from_spki_b64(key.key.trim())
                    .map_err(|_| MemberError::NoPublicKey(email.clone()))?;
                let der = public
                    .to_spki_der()
                    .map_err(|_| MemberError::NoPublicKey(email.clone()))?;
                // Bitwarden's member fingerprint: the member's user id as
                // the material, their public key.
                let user_id = m.user_id.clone().unwrap_or_else(|| key.user_id.clone());
                let fingerprint = bw_crypto::fingerprint::fingerprint_phrase(&user_id, &der)
                    .map_err(|e| AppError::from_error(crate::error::ErrorCode::Internal, &e))?;
                Ok(ConfirmPreview {
                    member_id: m.id.clone(),
                    email,
                    name: m.name.clone(),
                    fingerprint,
                    public_key_sha256: key_hash(&key.key),
                    from_snapshot,
                })
            })
            .collect()
    }

    /// Plans confirming members whose fingerprints the user compared: the
    /// org key wrapped to each member's current key, which must be the key
    /// whose phrase was shown.
    pub async fn confirm_operations(
        &self,
        input: ConfirmInput,
    ) -> Result<Vec<Operation>, AppError> {
        let ids: Vec<String> = input.members.iter().map(|c| c.member_id.clone()).collect();
        let previews = self.confirm_preview(&input.organization_id, &ids).await?;
        if !input.compared {
            let who = previews
                .first()
                .map(|p| p.email.clone())
                .unwrap_or_default();
            return Err(MemberError::FingerprintNotCompared(who).into());
        }
        let org_key = self
            .org_key(&input.organization_id)
            .await
            .map_err(|_| MemberError::OrgKeyMissing)?;
        let (keys, _) = self.member_keys(&input.organization_id, &ids).await?;
        let name = self.client_name(&input.organization_id).await?;
        let mut targets = Vec::new();
        for choice in &input.members {
            let Some(preview) = previews.iter().find(|p| p.member_id == choice.member_id) else {
                continue;
            };
            let key = keys
                .iter()
                .find(|k| k.member_id == choice.member_id)
                .ok_or_else(|| MemberError::NoPublicKey(preview.email.clone()))?;
            if key_hash(&key.key) != choice.public_key_sha256 {
                return Err(MemberError::KeyChanged(preview.email.clone()).into());
            }
            let public = RsaPublicKey::from_spki_b64(key.key.trim())
                .map_err(|_| MemberError::NoPublicKey(preview.email.clone()))?;
            let wrapped = public
                .encapsulate(&org_key)
                .map_err(|e| AppError::from_error(crate::error::ErrorCode::Internal, &e))?;
            targets.push(ConfirmTarget {
                id: choice.member_id.clone(),
                email: preview.email.clone(),
                public_key_sha256: choice.public_key_sha256.clone(),
                key: wrapped.to_string(),
            });
        }
        if targets.is_empty() {
            return Err(MemberError::NoSuchMember(String::new()).into());
        }
        Ok(vec![Operation::Member(MemberOperation::Confirm {
            organization_id: input.organization_id,
            client_name: name,
            members: targets,
        })])
    }
}
