//! Changes to the provider's people in the write queue, each checked
//! against the provider's user list before it is (re)sent.

use crate::error::AppError;
use crate::jobs::Look;
use crate::members::operation::key_hash;
use bw_api::client::BwClient;
use bw_api::wire::Raw;
use bw_api::wire::providers::{ProviderUser, ProviderUserInviteRequest};
use serde::{Deserialize, Serialize};

/// A provider user a change is about: id and e-mail (for the plan's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTarget {
    pub id: String,
    pub email: String,
}

/// A provider user to confirm: the provider key wrapped (type 4) to the
/// key whose fingerprint was compared, and that key's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonConfirm {
    pub id: String,
    pub email: String,
    pub public_key_sha256: String,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum PeopleOperation {
    /// `POST providers/{id}/users/invite` (at most 20 e-mails, one role).
    Invite {
        provider_id: String,
        emails: Vec<String>,
        /// ProviderUserType: 0 admin, 1 service user.
        user_type: i64,
    },
    /// `POST providers/{id}/users/{userId}/reinvite`, each.
    Reinvite {
        provider_id: String,
        people: Vec<PersonTarget>,
    },
    /// `POST providers/{id}/users/{userId}/confirm`, each.
    Confirm {
        provider_id: String,
        people: Vec<PersonConfirm>,
    },
    /// `PUT providers/{id}/users/{userId}`.
    SetRole {
        provider_id: String,
        person: PersonTarget,
        expected: i64,
        wanted: i64,
    },
    /// `DELETE providers/{id}/users/{userId}`, each.
    Remove {
        provider_id: String,
        people: Vec<PersonTarget>,
    },
}

fn role_word(user_type: i64) -> &'static str {
    match user_type {
        0 => "provider admin",
        1 => "service user",
        _ => "another role",
    }
}

fn emails<'a>(people: impl Iterator<Item = &'a str>) -> String {
    people.collect::<Vec<_>>().join(", ")
}

impl PeopleOperation {
    pub fn describe(&self) -> String {
        match self {
            PeopleOperation::Invite {
                emails: list,
                user_type,
                ..
            } => format!(
                "Invite {} to the provider as {}",
                list.join(", "),
                role_word(*user_type)
            ),
            PeopleOperation::Reinvite { people, .. } => format!(
                "Send the provider invitation to {} again",
                emails(people.iter().map(|p| p.email.as_str()))
            ),
            PeopleOperation::Confirm { people, .. } => format!(
                "Confirm {} as provider user{} (fingerprint compared)",
                emails(people.iter().map(|p| p.email.as_str())),
                if people.len() == 1 { "" } else { "s" }
            ),
            PeopleOperation::SetRole {
                person,
                expected,
                wanted,
                ..
            } => format!(
                "Change {} from {} to {}",
                person.email,
                role_word(*expected),
                role_word(*wanted)
            ),
            PeopleOperation::Remove { people, .. } => format!(
                "Remove {} from the provider",
                emails(people.iter().map(|p| p.email.as_str()))
            ),
        }
    }

    fn provider_id(&self) -> &str {
        match self {
            PeopleOperation::Invite { provider_id, .. }
            | PeopleOperation::Reinvite { provider_id, .. }
            | PeopleOperation::Confirm { provider_id, .. }
            | PeopleOperation::SetRole { provider_id, .. }
            | PeopleOperation::Remove { provider_id, .. } => provider_id,
        }
    }

    /// Whether the look can tell a resend is safe: every change but a
    /// reinvite shows in the user list (a second invitation e-mail is
    /// harmless, so a reinvite is resent).
    pub fn look_is_decisive(&self) -> bool {
        true
    }

    pub(crate) async fn look(&self, client: &BwClient) -> Result<Look, AppError> {
        let users: Vec<ProviderUser> = client
            .provider_users(self.provider_id())
            .await?
            .into_iter()
            .map(|Raw { value, .. }| value)
            .collect();
        let find = |id: &str| users.iter().find(|u| u.id == id);
        Ok(match self {
            PeopleOperation::Invite { emails, .. } => {
                let known = |e: &String| {
                    users.iter().any(|u| {
                        u.email
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(e))
                    })
                };
                if emails.iter().all(known) {
                    Look::Applied
                } else if emails.iter().any(known) {
                    Look::Conflict {
                        current: "some of these addresses are provider users already".into(),
                    }
                } else {
                    Look::NotApplied
                }
            }
            PeopleOperation::Reinvite { people, .. } => {
                match people
                    .iter()
                    .find(|p| find(&p.id).is_none_or(|u| u.status != 0))
                {
                    Some(p) => Look::Conflict {
                        current: format!("{} is no longer waiting for an invitation", p.email),
                    },
                    None => Look::NotApplied,
                }
            }
            PeopleOperation::Confirm { people, .. } => {
                if people
                    .iter()
                    .all(|p| find(&p.id).is_some_and(|u| u.status == 2))
                {
                    Look::Applied
                } else if let Some(p) = people
                    .iter()
                    .find(|p| find(&p.id).is_none_or(|u| u.status != 1 && u.status != 2))
                {
                    Look::Conflict {
                        current: format!("{} is no longer waiting for confirmation", p.email),
                    }
                } else {
                    Look::NotApplied
                }
            }
            PeopleOperation::SetRole {
                person,
                expected,
                wanted,
                ..
            } => match find(&person.id) {
                None => Look::Conflict {
                    current: format!("{} is no longer a provider user", person.email),
                },
                Some(u) if u.user_type == *wanted => Look::Applied,
                Some(u) if u.user_type == *expected => Look::NotApplied,
                Some(_) => Look::Conflict {
                    current: format!("{}'s role changed since it was read", person.email),
                },
            },
            PeopleOperation::Remove { people, .. } => {
                if people.iter().all(|p| find(&p.id).is_none()) {
                    Look::Applied
                } else {
                    Look::NotApplied
                }
            }
        })
    }

    pub(crate) async fn send(&self, client: &BwClient) -> Result<(), AppError> {
        match self {
            PeopleOperation::Invite {
                provider_id,
                emails,
                user_type,
            } => {
                client
                    .invite_provider_users(
                        provider_id,
                        &ProviderUserInviteRequest {
                            emails: emails.clone(),
                            user_type: *user_type,
                        },
                    )
                    .await?;
            }
            PeopleOperation::Reinvite {
                provider_id,
                people,
            } => {
                for p in people {
                    client.reinvite_provider_user(provider_id, &p.id).await?;
                }
            }
            PeopleOperation::Confirm {
                provider_id,
                people,
            } => {
                let keys: Vec<(String, String)> = client
                    .provider_user_public_keys(
                        provider_id,
                        &people.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
                    )
                    .await?
                    .into_iter()
                    .map(|k| (k.id, k.key))
                    .collect();
                for p in people {
                    // The key the phrase was of must still be theirs.
                    let current = keys.iter().find(|(id, _)| id == &p.id).map(|(_, k)| k);
                    if current.map(|k| key_hash(k)) != Some(p.public_key_sha256.clone()) {
                        return Err(AppError::new(
                            crate::ErrorCode::Conflict,
                            format!(
                                "{}'s key changed since its fingerprint was compared: compare the new phrase before confirming",
                                p.email
                            ),
                        ));
                    }
                    client
                        .confirm_provider_user(provider_id, &p.id, &p.key)
                        .await?;
                }
            }
            PeopleOperation::SetRole {
                provider_id,
                person,
                wanted,
                ..
            } => {
                client
                    .update_provider_user_type(provider_id, &person.id, *wanted)
                    .await?;
            }
            PeopleOperation::Remove {
                provider_id,
                people,
            } => {
                for p in people {
                    client.remove_provider_user(provider_id, &p.id).await?;
                }
            }
        }
        Ok(())
    }
}
