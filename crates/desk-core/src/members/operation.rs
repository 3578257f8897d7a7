//! The member changes the write queue carries: what each looks for on the
//! server before it is (re)sent, and the one request that applies it.
//!
//! Bulk changes are one operation over several members: the look sorts
//! them into done, still to send and gone, and only those still to send go
//! out (so a resend after a crash, or after a partial failure, never
//! repeats what already happened). The bulk routes answer per member; the
//! members the server refused are named in the job's error.

use super::access::MemberAccess;
use super::{MemberRole, MemberStatus};
use crate::error::{AppError, ErrorCode};
use crate::jobs::Look;
use bw_api::client::BwClient;
use bw_api::wire::members::{
    BulkRestoreRequest, MasterPasswordAuthenticationData, MasterPasswordUnlockData,
    MemberInviteRequest, MemberUpdateRequest, OrganizationUserDetails, RecoverAccountRequest,
    RestoreRequest,
};
use bw_api::wire::{BulkConfirmRequest, BulkResult, ConfirmRequest, IdKey, KdfSettings, Raw};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A member an operation acts on (the e-mail is for messages only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTarget {
    pub id: String,
    pub email: String,
}

/// A member to confirm: the org key wrapped (type 4) to the public key
/// whose fingerprint the user compared, and that key's hash, so a key
/// that changed since is caught before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmTarget {
    pub id: String,
    pub email: String,
    pub public_key_sha256: String,
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StatusChange {
    Revoke,
    Restore,
    Remove,
}

impl StatusChange {
    fn verb(self) -> &'static str {
        match self {
            StatusChange::Revoke => "Revoke",
            StatusChange::Restore => "Restore",
            StatusChange::Remove => "Remove",
        }
    }
}

/// A credential kept in the (encrypted) queue until it is sent; never
/// printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sealed(pub(crate) String);

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One change to a client's members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum MemberOperation {
    /// `POST organizations/{id}/users/invite` (at most 20 e-mails).
    Invite {
        organization_id: String,
        client_name: String,
        emails: Vec<String>,
        access: MemberAccess,
    },
    /// `POST …/users/{id}/reinvite`, or the bulk route.
    Reinvite {
        organization_id: String,
        client_name: String,
        members: Vec<MemberTarget>,
    },
    /// `POST …/users/{id}/confirm`, or the bulk route.
    Confirm {
        organization_id: String,
        client_name: String,
        members: Vec<ConfirmTarget>,
    },
    /// `PUT …/users/{id}`: role, permissions, collections and groups.
    Edit {
        organization_id: String,
        client_name: String,
        member: MemberTarget,
        /// What the snapshot held (`None`: a role that can no longer be
        /// given, so any current value is a change).
        expected: Option<MemberAccess>,
        wanted: MemberAccess,
    },
    /// Revoke, restore or remove, single or bulk.
    Status {
        organization_id: String,
        client_name: String,
        change: StatusChange,
        members: Vec<MemberTarget>,
    },
    /// `PUT …/users/{id}/recover-account` (else `…/reset-password`): the
    /// member's new master-password hash and their user key wrapped by it,
    /// made with their KDF and salt.
    Recover {
        organization_id: String,
        client_name: String,
        member: MemberTarget,
        reset_two_factor: bool,
        master_password_hash: Sealed,
        key: String,
        kdf: KdfSettings,
        salt: String,
    },
    /// `PUT organizations/{id}/policies/{type}`: the account recovery
    /// administration policy on or off.
    SetRecoveryPolicy {
        organization_id: String,
        client_name: String,
        enabled: bool,
        auto_enroll: bool,
    },
    /// `POST organizations/{id}/seat`: an organization on its own billing.
    AdjustSeats {
        organization_id: String,
        client_name: String,
        expected: i32,
        wanted: i32,
    },
}

/// The members of the clients one apply run touches, read once and read
/// again after each change.
#[derive(Default)]
pub(crate) struct MembersSeen {
    members: HashMap<String, Vec<OrganizationUserDetails>>,
}

impl MembersSeen {
    async fn of(
        &mut self,
        client: &BwClient,
        organization_id: &str,
    ) -> Result<&[OrganizationUserDetails], AppError> {
        if !self.members.contains_key(organization_id) {
            let list = client
                .members(organization_id)
                .await?
                .into_iter()
                .map(|Raw { value, .. }| value)
                .collect();
            self.members.insert(organization_id.to_owned(), list);
        }
        Ok(self
            .members
            .get(organization_id)
            .map(Vec::as_slice)
            .unwrap_or_default())
    }

    pub(crate) fn forget(&mut self, organization_id: &str) {
        self.members.remove(organization_id);
    }
}

/// Where a member of a bulk change stands on the server.
#[derive(Debug, PartialEq, Eq)]
enum Stand {
    Done,
    ToSend,
    Gone,
}

fn stand_of(change: Option<StatusChange>, member: Option<&OrganizationUserDetails>) -> Stand {
    let Some(member) = member else {
        return if change == Some(StatusChange::Remove) {
            Stand::Done
        } else {
            Stand::Gone
        };
    };
    let status = MemberStatus::from_wire(member.status);
    match change {
        Some(StatusChange::Revoke) if status == MemberStatus::Revoked => Stand::Done,
        Some(StatusChange::Restore) if status != MemberStatus::Revoked => Stand::Done,
        Some(_) => Stand::ToSend,
        // Reinvite: only members still invited need it.
        None if status == MemberStatus::Invited => Stand::ToSend,
        None => Stand::Done,
    }
}

fn find<'a>(list: &'a [OrganizationUserDetails], id: &str) -> Option<&'a OrganizationUserDetails> {
    list.iter().find(|m| m.id == id)
}

/// The look of a bulk change from where its members stand.
fn look_of(stands: &[(Stand, &str)]) -> Look {
    if stands.iter().any(|(s, _)| *s == Stand::ToSend) {
        return Look::NotApplied;
    }
    let gone: Vec<&str> = stands
        .iter()
        .filter(|(s, _)| *s == Stand::Gone)
        .map(|(_, e)| *e)
        .collect();
    if !gone.is_empty() && gone.len() == stands.len() {
        return Look::Conflict {
            current: format!("no longer members: {}", gone.join(", ")),
        };
    }
    Look::Applied
}

pub(crate) fn key_hash(public_key_b64: &str) -> String {
    hex::encode(Sha256::digest(public_key_b64.trim().as_bytes()))
}

/// The members a bulk route refused, as one error naming each.
fn refused(results: &[BulkResult], emails: &HashMap<&str, &str>) -> Result<(), AppError> {
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.succeeded())
        .map(|r| {
            let who = emails.get(r.id.as_str()).copied().unwrap_or(r.id.as_str());
            format!("{who}: {}", r.error.trim())
        })
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::Forbidden,
        format!(
            "The server refused {} of {}: {}",
            failed.len(),
            results.len(),
            failed.join("; ")
        ),
    ))
}

fn same_email(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn names(list: &[MemberTarget]) -> String {
    let mut names: Vec<&str> = list.iter().map(|m| m.email.as_str()).take(3).collect();
    if list.len() > 3 {
        names.push("…");
    }
    names.join(", ")
}

/// The look of a reinvite (`change` = `None`) or a status change: where
/// each member stands now.
async fn look_bulk(
    client: &BwClient,
    server: &mut MembersSeen,
    organization_id: &str,
    change: Option<StatusChange>,
    members: &[MemberTarget],
) -> Result<Look, AppError> {
    let list = server.of(client, organization_id).await?;
    let stands: Vec<(Stand, &str)> = members
        .iter()
        .map(|t| (stand_of(change, find(list, &t.id)), t.email.as_str()))
        .collect();
    Ok(look_of(&stands))
}

/// Sends a reinvite or status change for the members still to do: the
/// single route for one, the bulk route (answers per member) for several.
async fn send_bulk(
    client: &BwClient,
    server: &mut MembersSeen,
    organization_id: &str,
    change: Option<StatusChange>,
    members: &[MemberTarget],
) -> Result<(), AppError> {
    let list = server.of(client, organization_id).await?;
    let to_send: Vec<&MemberTarget> = members
        .iter()
        .filter(|t| stand_of(change, find(list, &t.id)) == Stand::ToSend)
        .collect();
    let emails: HashMap<&str, &str> = to_send
        .iter()
        .map(|t| (t.id.as_str(), t.email.as_str()))
        .collect();
    let ids: Vec<String> = to_send.iter().map(|t| t.id.clone()).collect();
    match (change, ids.as_slice()) {
        (_, []) => {}
        (None, [one]) => client.reinvite_member(organization_id, one).await?,
        (None, _) => refused(
            &client.reinvite_members(organization_id, &ids).await?,
            &emails,
        )?,
        (Some(StatusChange::Revoke), [one]) => client.revoke_member(organization_id, one).await?,
        (Some(StatusChange::Revoke), _) => refused(
            &client.revoke_members(organization_id, &ids).await?,
            &emails,
        )?,
        (Some(StatusChange::Restore), [one]) => {
            client
                .restore_member(organization_id, one, &RestoreRequest::default())
                .await?
        }
        (Some(StatusChange::Restore), _) => {
            let request = BulkRestoreRequest {
                ids: ids.clone(),
                default_user_collection_name: None,
            };
            refused(
                &client.restore_members(organization_id, &request).await?,
                &emails,
            )?
        }
        (Some(StatusChange::Remove), [one]) => client.remove_member(organization_id, one).await?,
        (Some(StatusChange::Remove), _) => refused(
            &client.remove_members(organization_id, &ids).await?,
            &emails,
        )?,
    }
    Ok(())
}

impl MemberOperation {
    pub fn organization_id(&self) -> &str {
        match self {
            MemberOperation::Invite {
                organization_id, ..
            }
            | MemberOperation::Reinvite {
                organization_id, ..
            }
            | MemberOperation::Confirm {
                organization_id, ..
            }
            | MemberOperation::Edit {
                organization_id, ..
            }
            | MemberOperation::Status {
                organization_id, ..
            }
            | MemberOperation::Recover {
                organization_id, ..
            }
            | MemberOperation::SetRecoveryPolicy {
                organization_id, ..
            }
            | MemberOperation::AdjustSeats {
                organization_id, ..
            } => organization_id,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            MemberOperation::Invite {
                client_name,
                emails,
                access,
                ..
            } => format!(
                "Invite {} to \u{201c}{client_name}\u{201d} as {:?}",
                emails.join(", "),
                access.role
            ),
            MemberOperation::Reinvite {
                client_name,
                members,
                ..
            } => format!(
                "Send the invitation to {} again (\u{201c}{client_name}\u{201d})",
                names(members)
            ),
            MemberOperation::Confirm {
                client_name,
                members,
                ..
            } => {
                let list: Vec<MemberTarget> = members
                    .iter()
                    .map(|m| MemberTarget {
                        id: m.id.clone(),
                        email: m.email.clone(),
                    })
                    .collect();
                format!("Confirm {} in \u{201c}{client_name}\u{201d}", names(&list))
            }
            MemberOperation::Edit {
                client_name,
                member,
                wanted,
                ..
            } => format!(
                "Change {}'s access in \u{201c}{client_name}\u{201d}: {:?}, {} collections, {} groups",
                member.email,
                wanted.role,
                wanted.collections.len(),
                wanted.groups.len()
            ),
            MemberOperation::Status {
                client_name,
                change,
                members,
                ..
            } => format!(
                "{} {} in \u{201c}{client_name}\u{201d}",
                change.verb(),
                names(members)
            ),
            MemberOperation::Recover {
                client_name,
                member,
                reset_two_factor,
                ..
            } => format!(
                "Reset the master password of {} in \u{201c}{client_name}\u{201d}{}",
                member.email,
                if *reset_two_factor {
                    " and turn off their two-step login"
                } else {
                    ""
                }
            ),
            MemberOperation::SetRecoveryPolicy {
                client_name,
                enabled,
                ..
            } => format!(
                "Turn {} the account recovery policy of \u{201c}{client_name}\u{201d}",
                if *enabled { "on" } else { "off" }
            ),
            MemberOperation::AdjustSeats {
                client_name,
                expected,
                wanted,
                ..
            } => {
                format!("Change \u{201c}{client_name}\u{201d}'s seats {expected} \u{2192} {wanted}")
            }
        }
    }

    /// A reset cannot be seen on the server, so one cut off while sending
    /// is never sent again blindly (the user resets again, knowingly).
    pub fn look_is_decisive(&self) -> bool {
        !matches!(self, MemberOperation::Recover { .. })
    }

    pub(crate) async fn look(
        &self,
        client: &BwClient,
        server: &mut MembersSeen,
    ) -> Result<Look, AppError> {
        match self {
            MemberOperation::Invite {
                organization_id,
                emails,
                ..
            } => {
                let list = server.of(client, organization_id).await?;
                let present: Vec<&str> = emails
                    .iter()
                    .filter(|e| {
                        list.iter()
                            .any(|m| m.email.as_deref().is_some_and(|x| same_email(x, e)))
                    })
                    .map(String::as_str)
                    .collect();
                Ok(if present.len() == emails.len() {
                    Look::Applied
                } else if present.is_empty() {
                    Look::NotApplied
                } else {
                    Look::Conflict {
                        current: format!("already members: {}", present.join(", ")),
                    }
                })
            }
            MemberOperation::Reinvite {
                organization_id,
                members,
                ..
            } => look_bulk(client, server, organization_id, None, members).await,
            MemberOperation::Status {
                organization_id,
                change,
                members,
                ..
            } => look_bulk(client, server, organization_id, Some(*change), members).await,
            MemberOperation::Confirm {
                organization_id,
                members,
                ..
            } => {
                let list = server.of(client, organization_id).await?;
                let mut stands = Vec::new();
                let mut to_send = Vec::new();
                for t in members {
                    let stand = match find(list, &t.id).map(|m| MemberStatus::from_wire(m.status)) {
                        Some(MemberStatus::Accepted) => Stand::ToSend,
                        Some(MemberStatus::Confirmed) => Stand::Done,
                        _ => Stand::Gone,
                    };
                    if stand == Stand::ToSend {
                        to_send.push(t);
                    }
                    stands.push((stand, t.email.as_str()));
                }
                if to_send.is_empty() {
                    return Ok(look_of(&stands));
                }
                // The key the server has now must be the one whose
                // fingerprint was compared.
                let ids: Vec<String> = to_send.iter().map(|t| t.id.clone()).collect();
                let keys = client.member_public_keys(organization_id, &ids).await?;
                for t in to_send {
                    let now = keys.iter().find(|k| k.id == t.id).map(|k| key_hash(&k.key));
                    if now.as_deref() != Some(t.public_key_sha256.as_str()) {
                        return Ok(Look::Conflict {
                            current: format!(
                                "the key of {} changed since its fingerprint was shown; look at the new fingerprint before confirming",
                                t.email
                            ),
                        });
                    }
                }
                Ok(Look::NotApplied)
            }
            MemberOperation::Edit {
                organization_id,
                member,
                expected,
                wanted,
                ..
            } => {
                let list = server.of(client, organization_id).await?;
                let Some(current) = find(list, &member.id) else {
                    return Ok(Look::Conflict {
                        current: format!("{} is no longer a member", member.email),
                    });
                };
                let now = MemberAccess::of_member(current);
                Ok(if now.as_ref() == Some(wanted) {
                    Look::Applied
                } else if now == *expected {
                    Look::NotApplied
                } else {
                    Look::Conflict {
                        current: now
                            .map(|a| serde_json::to_string(&a).unwrap_or_default())
                            .unwrap_or_else(|| {
                                format!("role {}", MemberRole::from_wire(current.member_type))
                            }),
                    }
                })
            }
            MemberOperation::Recover {
                organization_id,
                member,
                ..
            } => {
                let list = server.of(client, organization_id).await?;
                Ok(match find(list, &member.id) {
                    Some(m) if m.reset_password_enrolled => Look::NotApplied,
                    Some(_) => Look::Conflict {
                        current: format!(
                            "{} is no longer enrolled in account recovery",
                            member.email
                        ),
                    },
                    None => Look::Conflict {
                        current: format!("{} is no longer a member", member.email),
                    },
                })
            }
            MemberOperation::SetRecoveryPolicy {
                organization_id,
                enabled,
                ..
            } => {
                let policies = client.policies(organization_id).await?;
                let wanted = crate::clients::PolicyType::ResetPassword.wire();
                let now = policies
                    .iter()
                    .find(|p| p.value.policy_type == wanted)
                    .is_some_and(|p| p.value.enabled);
                Ok(if now == *enabled {
                    Look::Applied
                } else {
                    Look::NotApplied
                })
            }
            MemberOperation::AdjustSeats {
                organization_id,
                expected,
                wanted,
                ..
            } => {
                let seats = client
                    .organization_subscription(organization_id)
                    .await?
                    .value
                    .seats
                    .and_then(|n| i32::try_from(n).ok());
                Ok(match seats {
                    Some(n) if n == *wanted => Look::Applied,
                    Some(n) if n == *expected => Look::NotApplied,
                    other => Look::Conflict {
                        current: format!(
                            "the organization has {} seats now",
                            other.map_or("an unknown number of".to_owned(), |n| n.to_string())
                        ),
                    },
                })
            }
        }
    }

    pub(crate) async fn send(
        &self,
        client: &BwClient,
        server: &mut MembersSeen,
    ) -> Result<(), AppError> {
        let org = self.organization_id();
        let result = self.send_inner(client, server).await;
        // Whatever happened, the next look reads the members again.
        server.forget(org);
        result
    }

    async fn send_inner(
        &self,
        client: &BwClient,
        server: &mut MembersSeen,
    ) -> Result<(), AppError> {
        match self {
            MemberOperation::Invite {
                organization_id,
                emails,
                access,
                ..
            } => {
                let request = MemberInviteRequest {
                    emails: emails.clone(),
                    member_type: access.role.wire(),
                    access_secrets_manager: false,
                    permissions: access.wire_permissions(),
                    collections: access.wire_collections(),
                    groups: access.groups.clone(),
                };
                client.invite_members(organization_id, &request).await?;
            }
            MemberOperation::Reinvite {
                organization_id,
                members,
                ..
            } => send_bulk(client, server, organization_id, None, members).await?,
            MemberOperation::Status {
                organization_id,
                change,
                members,
                ..
            } => send_bulk(client, server, organization_id, Some(*change), members).await?,
            MemberOperation::Confirm {
                organization_id,
                members,
                ..
            } => {
                let list = server.of(client, organization_id).await?;
                let to_send: Vec<&ConfirmTarget> = members
                    .iter()
                    .filter(|t| {
                        find(list, &t.id).is_some_and(|m| {
                            MemberStatus::from_wire(m.status) == MemberStatus::Accepted
                        })
                    })
                    .collect();
                match to_send.as_slice() {
                    [] => {}
                    [one] => {
                        let request = ConfirmRequest {
                            key: one.key.clone(),
                            default_user_collection_name: None,
                        };
                        client
                            .confirm_member(organization_id, &one.id, &request)
                            .await?;
                    }
                    many => {
                        let emails: HashMap<&str, &str> = many
                            .iter()
                            .map(|t| (t.id.as_str(), t.email.as_str()))
                            .collect();
                        let request = BulkConfirmRequest {
                            keys: many
                                .iter()
                                .map(|t| IdKey {
                                    id: t.id.clone(),
                                    key: t.key.clone(),
                                })
                                .collect(),
                            default_user_collection_name: None,
                        };
                        refused(
                            &client.confirm_members(organization_id, &request).await?,
                            &emails,
                        )?;
                    }
                }
            }
            MemberOperation::Edit {
                organization_id,
                member,
                wanted,
                ..
            } => {
                let request = MemberUpdateRequest {
                    member_type: wanted.role.wire(),
                    permissions: wanted.wire_permissions(),
                    collections: wanted.wire_collections(),
                    groups: wanted.groups.clone(),
                    access_secrets_manager: false,
                };
                client
                    .update_member(organization_id, &member.id, &request)
                    .await?;
            }
            MemberOperation::Recover {
                organization_id,
                member,
                reset_two_factor,
                master_password_hash,
                key,
                kdf,
                salt,
                ..
            } => {
                // Both forms in one body: servers before the new shape read
                // the legacy fields, newer ones the authentication and
                // unlock data; bw-api falls back to `reset-password` on
                // servers without `recover-account`.
                let request = RecoverAccountRequest {
                    reset_master_password: true,
                    reset_two_factor: *reset_two_factor,
                    new_master_password_hash: Some(&master_password_hash.0),
                    key: Some(key),
                    authentication_data: Some(MasterPasswordAuthenticationData {
                        kdf: kdf.clone(),
                        master_password_authentication_hash: &master_password_hash.0,
                        salt,
                    }),
                    unlock_data: Some(MasterPasswordUnlockData {
                        kdf: kdf.clone(),
                        master_key_wrapped_user_key: key,
                        salt,
                    }),
                };
                client
                    .recover_account(organization_id, &member.id, &request)
                    .await?;
            }
            MemberOperation::SetRecoveryPolicy {
                organization_id,
                enabled,
                auto_enroll,
                ..
            } => {
                client
                    .set_account_recovery_policy(organization_id, *enabled, *auto_enroll)
                    .await?;
            }
            MemberOperation::AdjustSeats {
                organization_id,
                expected,
                wanted,
                ..
            } => {
                client
                    .adjust_organization_seats(organization_id, i64::from(wanted - expected))
                    .await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, status: i64) -> OrganizationUserDetails {
        OrganizationUserDetails {
            id: id.into(),
            status,
            ..OrganizationUserDetails::default()
        }
    }

    #[test]
    fn bulk_changes_send_only_what_is_still_to_do() {
        let revoked = member("a", -1);
        let confirmed = member("b", 2);
        let invited = member("c", 0);
        use StatusChange::*;
        assert_eq!(stand_of(Some(Revoke), Some(&revoked)), Stand::Done);
        assert_eq!(stand_of(Some(Revoke), Some(&confirmed)), Stand::ToSend);
        assert_eq!(stand_of(Some(Restore), Some(&revoked)), Stand::ToSend);
        assert_eq!(stand_of(Some(Restore), Some(&confirmed)), Stand::Done);
        assert_eq!(stand_of(Some(Remove), None), Stand::Done);
        assert_eq!(stand_of(Some(Revoke), None), Stand::Gone);
        assert_eq!(stand_of(None, Some(&invited)), Stand::ToSend);
        assert_eq!(stand_of(None, Some(&confirmed)), Stand::Done);
        assert_eq!(
            look_of(&[(Stand::Done, "a"), (Stand::ToSend, "b")]),
            Look::NotApplied
        );
        assert_eq!(
            look_of(&[(Stand::Done, "a"), (Stand::Gone, "b")]),
            Look::Applied
        );
        assert!(matches!(
            look_of(&[(Stand::Gone, "a")]),
            Look::Conflict { .. }
        ));
    }

    #[test]
    fn refusals_name_each_member() {
        let results = vec![
            BulkResult {
                object: String::new(),
                id: "1".into(),
                error: String::new(),
            },
            BulkResult {
                object: String::new(),
                id: "2".into(),
                error: "Already revoked.".into(),
            },
        ];
        let emails = HashMap::from([("2", "bob@x.example")]);
        let e = refused(&results, &emails).unwrap_err();
        assert_eq!(
            e.message,
            "The server refused 1 of 2: bob@x.example: Already revoked."
        );
    }

    #[test]
    fn a_recovery_prints_no_credential() {
        let op = MemberOperation::Recover {
            organization_id: "o".into(),
            client_name: "c".into(),
            member: MemberTarget {
                id: "m".into(),
                email: "m@x".into(),
            },
            reset_two_factor: false,
            master_password_hash: Sealed("SECRET-HASH".into()),
            key: "2.k".into(),
            kdf: KdfSettings {
                kdf_type: 0,
                iterations: 600_000,
                memory: None,
                parallelism: None,
            },
            salt: "m@x".into(),
        };
        assert!(!format!("{op:?}").contains("SECRET-HASH"));
        assert!(!op.describe().contains("SECRET-HASH"));
        assert!(!op.look_is_decisive());
    }
}
