//! Planning member changes: inputs checked against the snapshot (members,
//! collections, groups, seats) before anything is queued.

use super::access::MemberAccess;
use super::operation::{MemberOperation, MemberTarget, StatusChange};
use super::seats::check_free;
use super::{MemberError, MemberStatus, MemberView};
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use bw_api::wire::members::MAX_INVITE_EMAILS;
use serde::Deserialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InviteInput {
    pub organization_id: String,
    pub emails: Vec<String>,
    pub access: MemberAccess,
}

/// Members to reinvite, revoke, restore or remove.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberChangeInput {
    pub organization_id: String,
    pub member_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EditMemberInput {
    pub organization_id: String,
    pub member_id: String,
    pub access: MemberAccess,
}

fn checked_email(text: &str) -> Result<String, MemberError> {
    let email = text.trim();
    let ok = email.len() <= 256
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.')
        })
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',');
    if ok {
        Ok(email.to_owned())
    } else {
        Err(MemberError::BadEmail(email.to_owned()))
    }
}

fn target(m: &MemberView) -> MemberTarget {
    MemberTarget {
        id: m.id.clone(),
        email: m.email.clone().unwrap_or_else(|| m.id.clone()),
    }
}

impl Core {
    /// The client's members by id or e-mail (case-insensitive), each query
    /// matching exactly one.
    pub async fn find_members(
        &self,
        organization_id: &str,
        queries: &[String],
    ) -> Result<Vec<MemberView>, AppError> {
        let members = self.members(organization_id).await?;
        queries
            .iter()
            .map(|q| {
                let q = q.trim();
                members
                    .iter()
                    .find(|m| {
                        m.id == q
                            || m.email
                                .as_deref()
                                .is_some_and(|e| e.eq_ignore_ascii_case(q))
                    })
                    .cloned()
                    .ok_or_else(|| MemberError::NoSuchMember(q.to_owned()).into())
            })
            .collect()
    }

    /// Checks the collections and groups an access names exist.
    async fn check_access(
        &self,
        organization_id: &str,
        access: &MemberAccess,
    ) -> Result<(), AppError> {
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let collections = snapshot.collections(organization_id).await?;
        for grant in &access.collections {
            if !collections.iter().any(|c| c.id == grant.collection_id) {
                return Err(MemberError::NoSuchCollection(grant.collection_id.clone()).into());
            }
        }
        let groups = snapshot.groups(organization_id).await?;
        for id in &access.groups {
            if !groups.iter().any(|g| &g.id == id) {
                return Err(MemberError::NoSuchGroup(id.clone()).into());
            }
        }
        Ok(())
    }

    /// Plans an invitation: e-mails checked and deduplicated, none already
    /// a member, collections and groups known, enough free seats; split in
    /// calls of at most 20 e-mails (Bitwarden's limit).
    pub async fn invite_operations(&self, input: InviteInput) -> Result<Vec<Operation>, AppError> {
        let mut emails: Vec<String> = Vec::new();
        for text in &input.emails {
            let email = checked_email(text)?;
            if !emails.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
                emails.push(email);
            }
        }
        if emails.is_empty() {
            return Err(MemberError::NoEmails.into());
        }
        let page = self.members_page(&input.organization_id).await?;
        for email in &emails {
            if page.members.iter().any(|m| {
                m.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            }) {
                return Err(MemberError::AlreadyMember(email.clone()).into());
            }
        }
        let access = input.access.normalized();
        self.check_access(&input.organization_id, &access).await?;
        check_free(&page.seats, emails.len())?;
        Ok(emails
            .chunks(MAX_INVITE_EMAILS)
            .map(|chunk| {
                Operation::Member(MemberOperation::Invite {
                    organization_id: input.organization_id.clone(),
                    client_name: page.client_name.clone(),
                    emails: chunk.to_vec(),
                    access: access.clone(),
                })
            })
            .collect())
    }

    /// Plans sending invitations again (members still invited only).
    pub async fn reinvite_operations(
        &self,
        input: MemberChangeInput,
    ) -> Result<Vec<Operation>, AppError> {
        let (name, members) = self.targets(&input).await?;
        for m in &members {
            if m.status != MemberStatus::Invited {
                return Err(MemberError::NotInvited {
                    email: target(m).email,
                    status: m.status.to_string(),
                }
                .into());
            }
        }
        Ok(vec![Operation::Member(MemberOperation::Reinvite {
            organization_id: input.organization_id,
            client_name: name,
            members: members.iter().map(target).collect(),
        })])
    }

    /// Plans revoking, restoring or removing members (restoring takes seats
    /// again, so it is checked against the free ones).
    pub async fn status_operations(
        &self,
        change: StatusChange,
        input: MemberChangeInput,
    ) -> Result<Vec<Operation>, AppError> {
        let (name, members) = self.targets(&input).await?;
        for m in &members {
            let wrong = match change {
                StatusChange::Revoke => m.status == MemberStatus::Revoked,
                StatusChange::Restore => m.status != MemberStatus::Revoked,
                StatusChange::Remove => false,
            };
            if wrong {
                return Err(MemberError::AlreadyInState {
                    email: target(m).email,
                    status: if change == StatusChange::Restore {
                        "active".to_owned()
                    } else {
                        m.status.to_string()
                    },
                }
                .into());
            }
        }
        if change == StatusChange::Restore {
            let page = self.members_page(&input.organization_id).await?;
            check_free(&page.seats, members.len())?;
        }
        Ok(vec![Operation::Member(MemberOperation::Status {
            organization_id: input.organization_id,
            client_name: name,
            change,
            members: members.iter().map(target).collect(),
        })])
    }

    /// Plans a change of a member's role, permissions, collections and groups.
    pub async fn edit_member_operations(
        &self,
        input: EditMemberInput,
    ) -> Result<Vec<Operation>, AppError> {
        let change = MemberChangeInput {
            organization_id: input.organization_id.clone(),
            member_ids: vec![input.member_id.clone()],
        };
        let (name, members) = self.targets(&change).await?;
        let member = members
            .first()
            .ok_or(MemberError::NoSuchMember(input.member_id.clone()))?;
        let wanted = input.access.normalized();
        self.check_access(&input.organization_id, &wanted).await?;
        let row = {
            let unlocked = self.unlocked().await?;
            unlocked
                .session
                .snapshot
                .members(&input.organization_id)
                .await?
                .into_iter()
                .find(|r| r.id == member.id)
        };
        let expected = row
            .and_then(|r| serde_json::from_str(&r.raw).ok())
            .and_then(|details| MemberAccess::of_member(&details));
        Ok(vec![Operation::Member(MemberOperation::Edit {
            organization_id: input.organization_id,
            client_name: name,
            member: target(member),
            expected,
            wanted,
        })])
    }

    /// A client's name as the snapshot has it.
    pub(crate) async fn client_name(&self, organization_id: &str) -> Result<String, AppError> {
        let unlocked = self.unlocked().await?;
        Ok(
            crate::clients::stored_client(&unlocked.session.snapshot, organization_id)
                .await?
                .list
                .name,
        )
    }

    /// The client's name and the members an input names, each found once.
    async fn targets(
        &self,
        input: &MemberChangeInput,
    ) -> Result<(String, Vec<MemberView>), AppError> {
        if input.member_ids.is_empty() {
            return Err(MemberError::NoSuchMember(String::new()).into());
        }
        let name = self.client_name(&input.organization_id).await?;
        let mut members = self
            .find_members(&input.organization_id, &input.member_ids)
            .await?;
        // The same member named twice (by e-mail and by id) is one target.
        let mut seen = std::collections::HashSet::new();
        members.retain(|m| seen.insert(m.id.clone()));
        Ok((name, members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_not_guessed() {
        assert_eq!(
            checked_email(" bob@acme.example ").unwrap(),
            "bob@acme.example"
        );
        for bad in [
            "",
            "bob",
            "@acme.example",
            "bob@acme",
            "a b@acme.example",
            "a@b.example,c@d.example",
        ] {
            assert!(checked_email(bad).is_err(), "{bad:?}");
        }
    }
}
