//! The provider's people (Provider Portal → Manage → People, provider
//! admins only): provider admins and service users with their status;
//! invite, send the invitation again, confirm with the fingerprint step
//! (the provider key wrapped to the user's public key), change the role,
//! remove — each through the write path.

pub mod operation;

pub use operation::PeopleOperation;

use crate::clients::ProviderUserType;
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use crate::members::operation::key_hash;
use crate::members::{ConfirmPreview, MemberError};
use bw_crypto::RsaPublicKey;
use operation::{PersonConfirm, PersonTarget};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Why a service user cannot see this page.
const PEOPLE_FORBIDDEN: &str =
    "Bitwarden lets only the provider's admins see and manage its people.";

/// Bitwarden takes at most 20 addresses per invite call.
const INVITE_BATCH: usize = 20;

crate::wire_enum::wire_enum! {
    /// A provider user's status (Bitwarden's `ProviderUserStatusType`).
    pub enum PersonStatus {
        Invited = 0 => "invited",
        Accepted = 1 => "accepted",
        Confirmed = 2 => "confirmed",
    }
}

/// A provider user as the People page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: ProviderUserType,
    pub status: PersonStatus,
}

/// The provider's people, from the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PeoplePage {
    pub provider_id: String,
    pub provider_name: String,
    pub people: Vec<PersonView>,
    /// When the provider's data was last synced.
    pub as_of: Option<String>,
}

/// The role a provider user is given (the two Bitwarden has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    ProviderAdmin,
    ServiceUser,
}

impl PersonRole {
    fn wire(self) -> i64 {
        match self {
            PersonRole::ProviderAdmin => 0,
            PersonRole::ServiceUser => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PeopleInvite {
    pub emails: Vec<String>,
    pub role: PersonRole,
}

/// What happens to provider users as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PeopleAction {
    Reinvite,
    Remove,
}

/// Provider users to confirm with the keys whose phrases were compared.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PeopleConfirm {
    pub people: Vec<crate::members::ConfirmChoice>,
    /// The user says each phrase was compared out of band.
    pub compared: bool,
}

impl Core {
    /// The provider's people as the last sync saw them (provider admins:
    /// Bitwarden shows this list to them only).
    pub async fn people(&self) -> Result<PeoplePage, AppError> {
        let (provider_id, provider_name) =
            self.administered_provider()
                .await
                .map_err(|e| match e.code {
                    crate::ErrorCode::Forbidden => AppError::new(e.code, PEOPLE_FORBIDDEN),
                    _ => e,
                })?;
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let rows = snapshot.provider_users(&provider_id).await?;
        // The provider's data is read with its event log: the log's end is
        // when its users were read too.
        let as_of = snapshot.provider_events_until(&provider_id).await?;
        Ok(PeoplePage {
            provider_id,
            provider_name,
            people: rows
                .into_iter()
                .map(|r| PersonView {
                    id: r.id,
                    user_id: r.user_id,
                    email: r.email,
                    name: r.name,
                    role: ProviderUserType::from_wire(r.user_type),
                    status: PersonStatus::from_wire(r.status),
                })
                .collect(),
            as_of,
        })
    }

    /// Provider users by id or e-mail, each found once.
    pub async fn find_people(&self, wanted: &[String]) -> Result<Vec<PersonView>, AppError> {
        let page = self.people().await?;
        wanted
            .iter()
            .map(|w| {
                page.people
                    .iter()
                    .find(|p| {
                        &p.id == w
                            || p.email
                                .as_deref()
                                .is_some_and(|e| e.eq_ignore_ascii_case(w))
                    })
                    .cloned()
                    .ok_or_else(|| MemberError::NoSuchMember(w.clone()).into())
            })
            .collect()
    }

    /// Plans inviting people (valid, new addresses; 20 per call).
    pub async fn people_invite_operations(
        &self,
        input: PeopleInvite,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.people().await?;
        let mut emails: Vec<String> = input
            .emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        emails.sort();
        emails.dedup();
        if emails.is_empty() {
            return Err(MemberError::NoEmails.into());
        }
        for e in &emails {
            let (local, domain) = e.split_once('@').unwrap_or_default();
            if local.is_empty() || !domain.contains('.') || e.len() > 256 {
                return Err(MemberError::BadEmail(e.clone()).into());
            }
            if page.people.iter().any(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(e))
            }) {
                return Err(MemberError::AlreadyMember(e.clone()).into());
            }
        }
        let user_type = input.role.wire();
        Ok(emails
            .chunks(INVITE_BATCH)
            .map(|chunk| {
                Operation::People(PeopleOperation::Invite {
                    provider_id: page.provider_id.clone(),
                    emails: chunk.to_vec(),
                    user_type,
                })
            })
            .collect())
    }

    /// Plans sending invitations again (invited people only) or removing.
    pub async fn people_action_operations(
        &self,
        ids: &[String],
        action: PeopleAction,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.people().await?;
        let people = self.find_people(ids).await?;
        let targets: Vec<PersonTarget> = people
            .iter()
            .map(|p| {
                if action == PeopleAction::Reinvite && p.status != PersonStatus::Invited {
                    return Err(MemberError::NotInvited {
                        email: label(p),
                        status: p.status.name().unwrap_or("unknown").to_owned(),
                    }
                    .into());
                }
                Ok(PersonTarget {
                    id: p.id.clone(),
                    email: label(p),
                })
            })
            .collect::<Result<_, AppError>>()?;
        Ok(vec![Operation::People(match action {
            PeopleAction::Reinvite => PeopleOperation::Reinvite {
                provider_id: page.provider_id,
                people: targets,
            },
            PeopleAction::Remove => PeopleOperation::Remove {
                provider_id: page.provider_id,
                people: targets,
            },
        })])
    }

    /// Plans changing a provider user's role.
    pub async fn people_role_operations(
        &self,
        id: &str,
        role: PersonRole,
    ) -> Result<Vec<Operation>, AppError> {
        let page = self.people().await?;
        let person = self.find_people(&[id.to_owned()]).await?.remove(0);
        let wanted = role.wire();
        Ok(vec![Operation::People(PeopleOperation::SetRole {
            provider_id: page.provider_id,
            person: PersonTarget {
                id: person.id.clone(),
                email: label(&person),
            },
            expected: person.role.wire(),
            wanted,
        })])
    }

    /// The fingerprint phrases of accepted provider users, from their keys
    /// as the server has them now.
    pub async fn people_confirm_preview(
        &self,
        ids: &[String],
    ) -> Result<Vec<ConfirmPreview>, AppError> {
        let page = self.people().await?;
        let people = self.find_people(ids).await?;
        for p in &people {
            if p.status != PersonStatus::Accepted {
                return Err(MemberError::NotAccepted {
                    email: label(p),
                    status: p.status.name().unwrap_or("unknown").to_owned(),
                }
                .into());
            }
        }
        let keys = {
            let unlocked = self.unlocked().await?;
            unlocked
                .client
                .provider_user_public_keys(
                    &page.provider_id,
                    &people.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
                )
                .await?
        };
        people
            .iter()
            .map(|p| {
                let key = keys
                    .iter()
                    .find(|k| k.id == p.id && !k.key.trim().is_empty())
                    .ok_or_else(|| MemberError::NoPublicKey(label(p)))?;
                let der = RsaPublicKey::from_spki_b64(key.key.trim())
                    .and_then(|k| k.to_spki_der())
                    .map_err(|_| MemberError::NoPublicKey(label(p)))?;
                let user_id = p.user_id.clone().unwrap_or_else(|| key.user_id.clone());
                let fingerprint = bw_crypto::fingerprint::fingerprint_phrase(&user_id, &der)
                    .map_err(|e| AppError::from_error(crate::ErrorCode::Internal, &e))?;
                Ok(ConfirmPreview {
                    member_id: p.id.clone(),
                    email: label(p),
                    name: p.name.clone(),
                    fingerprint,
                    public_key_sha256: key_hash(&key.key),
                    from_snapshot: false,
                })
            })
            .collect()
    }

    /// Plans confirming provider users whose phrases were compared: the
    /// provider key wrapped to each one's key, which must be the key whose
    /// phrase was shown (checked again when sent).
    pub async fn people_confirm_operations(
        &self,
        input: PeopleConfirm,
    ) -> Result<Vec<Operation>, AppError> {
        let ids: Vec<String> = input.people.iter().map(|c| c.member_id.clone()).collect();
        let previews = self.people_confirm_preview(&ids).await?;
        if !input.compared {
            return Err(MemberError::FingerprintNotCompared(
                previews
                    .first()
                    .map(|p| p.email.clone())
                    .unwrap_or_default(),
            )
            .into());
        }
        self.open_snapshot_keys().await?;
        let (provider_id, _) = self.administered_provider().await?;
        let (provider_key, keys) = {
            let unlocked = self.unlocked().await?;
            let key = unlocked
                .session
                .keys
                .provider(&provider_id)
                .ok_or(crate::clients::ClientError::ProviderKeyMissing)?;
            let keys = unlocked
                .client
                .provider_user_public_keys(&provider_id, &ids)
                .await?;
            (key, keys)
        };
        let mut people = Vec::new();
        for choice in &input.people {
            let Some(preview) = previews.iter().find(|p| p.member_id == choice.member_id) else {
                continue;
            };
            let key = keys
                .iter()
                .find(|k| k.id == choice.member_id)
                .ok_or_else(|| MemberError::NoPublicKey(preview.email.clone()))?;
            if key_hash(&key.key) != choice.public_key_sha256 {
                return Err(MemberError::KeyChanged(preview.email.clone()).into());
            }
            let wrapped = RsaPublicKey::from_spki_b64(key.key.trim())
                .map_err(|_| MemberError::NoPublicKey(preview.email.clone()))?
                .encapsulate(&provider_key)
                .map_err(|e| AppError::from_error(crate::ErrorCode::Internal, &e))?;
            people.push(PersonConfirm {
                id: choice.member_id.clone(),
                email: preview.email.clone(),
                public_key_sha256: choice.public_key_sha256.clone(),
                key: wrapped.to_string(),
            });
        }
        if people.is_empty() {
            return Err(MemberError::NoSuchMember(String::new()).into());
        }
        Ok(vec![Operation::People(PeopleOperation::Confirm {
            provider_id,
            people,
        })])
    }
}

fn label(p: &PersonView) -> String {
    p.email.clone().unwrap_or_else(|| p.id.clone())
}
