//! The operations the queue carries: what each changes, what the server
//! looked like when it was planned, how to tell whether it already happened,
//! and the one request that applies it.
//!
//! An operation is stored as JSON in the encrypted snapshot, so it holds
//! only what may rest there: ids, names, numbers, and key material that is
//! ciphertext (wrapped keys) or public.

use crate::billing::BillingOperation;
use crate::clients::PlanType;
use crate::error::AppError;
use crate::groups::GroupOperation;
use crate::members::operation::MembersSeen;
use crate::members::{MemberOperation, StatusChange};
use crate::people::PeopleOperation;
use crate::sends::SendOperation;
use crate::vault::VaultOperation;
use crate::vault::operation::VaultSeen;
use bw_api::client::BwClient;
use bw_api::wire::Raw;
use bw_api::wire::clients::{
    AddExistingClientRequest, ClientKeyPair, CreateClientRequest, ProviderOrganization,
    UpdateClientRequest,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// What kind of change a job makes (the queue view groups and labels by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    CreateClient,
    UpdateClient,
    AddExistingClient,
    UnlinkClient,
    InviteMembers,
    ReinviteMembers,
    ConfirmMembers,
    EditMember,
    RevokeMembers,
    RestoreMembers,
    RemoveMembers,
    RecoverAccount,
    AdjustSeats,
    CreateGroup,
    UpdateGroup,
    DeleteGroup,
    SetRecoveryPolicy,
    CreateItem,
    EditItem,
    MoveItem,
    TrashItem,
    RestoreItem,
    DeleteItem,
    CreateCollection,
    UpdateCollection,
    DeleteCollection,
    CreateSend,
    UpdateSend,
    DeleteSend,
    RemoveSendPassword,
    InvitePeople,
    ReinvitePeople,
    ConfirmPeople,
    SetPersonRole,
    RemovePeople,
    SetProviderDetails,
    SetProviderAddress,
    SetClientBilling,
}

/// One change to send to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Operation {
    /// `POST providers/{providerId}/clients` with key material made at plan
    /// time, so a resend sends the same organization.
    CreateClient {
        provider_id: String,
        name: String,
        owner_email: String,
        plan_type: i32,
        seats: i32,
        /// The new org key wrapped by the provider key (EncString).
        key: String,
        public_key: String,
        /// The org's private key encrypted by its org key (EncString).
        encrypted_private_key: String,
        /// The default collection's name, encrypted by the org key.
        collection_name: String,
        /// Clients of the provider that had this name when planned: more
        /// later means this one was created.
        same_name_before: u32,
    },
    /// `PUT providers/{providerId}/clients/{providerOrganizationId}`: the
    /// server takes name and seats together.
    UpdateClient {
        provider_id: String,
        provider_organization_id: String,
        organization_id: String,
        client_name: String,
        /// What the snapshot held when the change was planned.
        expected: ClientSettings,
        wanted: ClientSettings,
    },
    /// `POST providers/{providerId}/clients/existing`: an organization the
    /// user owns joins the provider, its org key wrapped by the provider key.
    /// A provider without consolidated billing uses the legacy
    /// `POST providers/{providerId}/organizations/add` (`legacy`), as the
    /// web portal does.
    AddExistingClient {
        provider_id: String,
        organization_id: String,
        name: String,
        key: String,
        #[serde(default)]
        legacy: bool,
    },
    /// `DELETE providers/{providerId}/organizations/{providerOrganizationId}`.
    UnlinkClient {
        provider_id: String,
        provider_organization_id: String,
        organization_id: String,
        client_name: String,
    },
    /// A change to a client's members (`{"kind":"member","action":…}`).
    Member(MemberOperation),
    /// A change to a client's groups (`{"kind":"group","action":…}`).
    Group(GroupOperation),
    /// A change to a client's items or collections
    /// (`{"kind":"vault","action":…}`).
    Vault(VaultOperation),
    /// A change to the user's own Sends (`{"kind":"send","action":…}`).
    Send(SendOperation),
    /// A change to the provider's people (`{"kind":"people","action":…}`).
    People(PeopleOperation),
    /// A change to billing details (`{"kind":"billing","action":…}`).
    Billing(BillingOperation),
}

/// A provider client's settings the portal changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientSettings {
    pub name: String,
    pub assigned_seats: i32,
}

/// What the server shows about an operation before it is (re)sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Look {
    /// The server already shows the change: done, nothing to send.
    Applied,
    /// The server is as planned: send.
    NotApplied,
    /// The server changed since the plan, in another way: nothing is sent.
    Conflict { current: String },
}

/// Server state read once per apply run and kept current as jobs apply.
#[derive(Default)]
pub(crate) struct ServerView {
    provider_clients: HashMap<String, Vec<ProviderOrganization>>,
    members: MembersSeen,
    vault: VaultSeen,
}

impl ServerView {
    async fn provider_clients(
        &mut self,
        client: &BwClient,
        provider_id: &str,
    ) -> Result<&mut Vec<ProviderOrganization>, AppError> {
        if !self.provider_clients.contains_key(provider_id) {
            let list = client
                .provider_clients(provider_id)
                .await?
                .into_iter()
                .map(|Raw { value, .. }| value)
                .collect();
            self.provider_clients.insert(provider_id.to_owned(), list);
        }
        Ok(self
            .provider_clients
            .entry(provider_id.to_owned())
            .or_default())
    }
}

fn same_name(list: &[ProviderOrganization], name: &str) -> u32 {
    let n = list.iter().filter(|o| o.organization_name == name).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Operation {
    pub fn kind(&self) -> OperationKind {
        match self {
            Operation::CreateClient { .. } => OperationKind::CreateClient,
            Operation::UpdateClient { .. } => OperationKind::UpdateClient,
            Operation::AddExistingClient { .. } => OperationKind::AddExistingClient,
            Operation::UnlinkClient { .. } => OperationKind::UnlinkClient,
            Operation::Member(op) => match op {
                MemberOperation::Invite { .. } => OperationKind::InviteMembers,
                MemberOperation::Reinvite { .. } => OperationKind::ReinviteMembers,
                MemberOperation::Confirm { .. } => OperationKind::ConfirmMembers,
                MemberOperation::Edit { .. } => OperationKind::EditMember,
                MemberOperation::Status { change, .. } => match change {
                    StatusChange::Revoke => OperationKind::RevokeMembers,
                    StatusChange::Restore => OperationKind::RestoreMembers,
                    StatusChange::Remove => OperationKind::RemoveMembers,
                },
                MemberOperation::Recover { .. } => OperationKind::RecoverAccount,
                MemberOperation::AdjustSeats { .. } => OperationKind::AdjustSeats,
                MemberOperation::SetRecoveryPolicy { .. } => OperationKind::SetRecoveryPolicy,
            },
            Operation::Group(op) => match op {
                GroupOperation::Create { .. } => OperationKind::CreateGroup,
                GroupOperation::Update { .. } => OperationKind::UpdateGroup,
                GroupOperation::Delete { .. } => OperationKind::DeleteGroup,
            },
            Operation::Vault(op) => match op {
                VaultOperation::CreateItem { .. } => OperationKind::CreateItem,
                VaultOperation::EditItem { .. } => OperationKind::EditItem,
                VaultOperation::SetItemCollections { .. } => OperationKind::MoveItem,
                VaultOperation::TrashItem { .. } => OperationKind::TrashItem,
                VaultOperation::RestoreItem { .. } => OperationKind::RestoreItem,
                VaultOperation::DeleteItem { .. } => OperationKind::DeleteItem,
                VaultOperation::CreateCollection { .. } => OperationKind::CreateCollection,
                VaultOperation::UpdateCollection { .. } => OperationKind::UpdateCollection,
                VaultOperation::DeleteCollection { .. } => OperationKind::DeleteCollection,
            },
            Operation::Send(op) => match op {
                SendOperation::Create { .. } => OperationKind::CreateSend,
                SendOperation::Update { .. } => OperationKind::UpdateSend,
                SendOperation::Delete { .. } => OperationKind::DeleteSend,
                SendOperation::RemovePassword { .. } => OperationKind::RemoveSendPassword,
            },
            Operation::People(op) => match op {
                PeopleOperation::Invite { .. } => OperationKind::InvitePeople,
                PeopleOperation::Reinvite { .. } => OperationKind::ReinvitePeople,
                PeopleOperation::Confirm { .. } => OperationKind::ConfirmPeople,
                PeopleOperation::SetRole { .. } => OperationKind::SetPersonRole,
                PeopleOperation::Remove { .. } => OperationKind::RemovePeople,
            },
            Operation::Billing(op) => match op {
                BillingOperation::SetProviderDetails { .. } => OperationKind::SetProviderDetails,
                BillingOperation::SetProviderAddress { .. } => OperationKind::SetProviderAddress,
                BillingOperation::SetClientDetails { .. } => OperationKind::SetClientBilling,
            },
        }
    }

    /// The client it touches (`None`: a new client, not known yet).
    pub fn organization_id(&self) -> Option<&str> {
        match self {
            Operation::CreateClient { .. } | Operation::Send(_) | Operation::People(_) => None,
            Operation::UpdateClient {
                organization_id, ..
            }
            | Operation::AddExistingClient {
                organization_id, ..
            }
            | Operation::UnlinkClient {
                organization_id, ..
            } => Some(organization_id),
            Operation::Member(op) => Some(op.organization_id()),
            Operation::Group(op) => Some(op.organization_id()),
            Operation::Vault(op) => Some(op.organization_id()),
            Operation::Billing(op) => op.organization_id(),
        }
    }

    /// The plan in plain words (server strings are text, shown as such).
    pub fn describe(&self) -> String {
        match self {
            Operation::CreateClient {
                name,
                owner_email,
                plan_type,
                seats,
                ..
            } => {
                let plan = match PlanType::from_wire(i64::from(*plan_type)) {
                    PlanType::TeamsMonthly | PlanType::TeamsAnnually => "Teams",
                    PlanType::EnterpriseMonthly | PlanType::EnterpriseAnnually => "Enterprise",
                    _ => "the chosen plan",
                };
                format!(
                    "Create the client \u{201c}{name}\u{201d} on {plan} with {seats} seats, owned by {owner_email}"
                )
            }
            Operation::UpdateClient {
                client_name,
                expected,
                wanted,
                ..
            } => {
                let mut parts = Vec::new();
                if expected.assigned_seats != wanted.assigned_seats {
                    parts.push(format!(
                        "assigned seats {} \u{2192} {}",
                        expected.assigned_seats, wanted.assigned_seats
                    ));
                }
                if expected.name != wanted.name {
                    parts.push(format!(
                        "name \u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
                        expected.name, wanted.name
                    ));
                }
                if parts.is_empty() {
                    parts.push("no change".to_owned());
                }
                format!("Change \u{201c}{client_name}\u{201d}: {}", parts.join(", "))
            }
            Operation::AddExistingClient { name, .. } => {
                format!("Add \u{201c}{name}\u{201d} to the provider as a client")
            }
            Operation::UnlinkClient { client_name, .. } => format!(
                "Unlink \u{201c}{client_name}\u{201d} from the provider (it keeps its data and gets its own billing)"
            ),
            Operation::Member(op) => op.describe(),
            Operation::Group(op) => op.describe(),
            Operation::Vault(op) => op.describe(),
            Operation::Send(op) => op.describe(),
            Operation::People(op) => op.describe(),
            Operation::Billing(op) => op.describe(),
        }
    }

    /// Whether [`Self::look`] can tell for sure that it was not applied, so
    /// a job interrupted while sending may be sent again. Both of today's
    /// operations can (a client's settings, a count of same-named clients);
    /// one that cannot is never resent blindly after a crash.
    pub fn look_is_decisive(&self) -> bool {
        match self {
            Operation::CreateClient { .. }
            | Operation::UpdateClient { .. }
            | Operation::AddExistingClient { .. }
            | Operation::UnlinkClient { .. } => true,
            Operation::Member(op) => op.look_is_decisive(),
            // Items: a create is found by its encrypted name (a fresh IV
            // each time), the rest by the item's state.
            Operation::Group(_) | Operation::Vault(_) | Operation::Send(_) => true,
            Operation::People(op) => op.look_is_decisive(),
            Operation::Billing(op) => op.look_is_decisive(),
        }
    }

    /// Compares the server with the plan: the conflict check before the
    /// first send, and the look before a resend after a crash.
    pub(crate) async fn look(
        &self,
        client: &BwClient,
        server: &mut ServerView,
    ) -> Result<Look, AppError> {
        match self {
            Operation::CreateClient {
                provider_id,
                name,
                same_name_before,
                ..
            } => {
                let list = server.provider_clients(client, provider_id).await?;
                Ok(if same_name(list, name) > *same_name_before {
                    Look::Applied
                } else {
                    Look::NotApplied
                })
            }
            Operation::UpdateClient {
                provider_id,
                provider_organization_id,
                expected,
                wanted,
                ..
            } => {
                let list = server.provider_clients(client, provider_id).await?;
                let Some(entry) = list.iter().find(|o| &o.id == provider_organization_id) else {
                    return Ok(Look::Conflict {
                        current: "the client is no longer the provider's".to_owned(),
                    });
                };
                let current = ClientSettings {
                    name: entry.organization_name.clone(),
                    assigned_seats: entry
                        .seats
                        .and_then(|n| i32::try_from(n).ok())
                        .unwrap_or(-1),
                };
                Ok(if &current == wanted {
                    Look::Applied
                } else if &current == expected {
                    Look::NotApplied
                } else {
                    Look::Conflict {
                        current: serde_json::to_string(&current).unwrap_or_default(),
                    }
                })
            }
            Operation::AddExistingClient {
                provider_id,
                organization_id,
                ..
            } => {
                let list = server.provider_clients(client, provider_id).await?;
                Ok(
                    if list.iter().any(|o| &o.organization_id == organization_id) {
                        Look::Applied
                    } else {
                        Look::NotApplied
                    },
                )
            }
            Operation::UnlinkClient {
                provider_id,
                provider_organization_id,
                ..
            } => {
                let list = server.provider_clients(client, provider_id).await?;
                Ok(if list.iter().any(|o| &o.id == provider_organization_id) {
                    Look::NotApplied
                } else {
                    Look::Applied
                })
            }
            Operation::Member(op) => op.look(client, &mut server.members).await,
            Operation::Group(op) => op.look(client).await,
            Operation::Vault(op) => op.look(client, &mut server.vault).await,
            Operation::Send(op) => op.look(client).await,
            Operation::People(op) => op.look(client).await,
            Operation::Billing(op) => op.look(client).await,
        }
    }

    /// Sends the one request that applies it, and updates `server` to match.
    pub(crate) async fn send(
        &self,
        client: &BwClient,
        server: &mut ServerView,
    ) -> Result<(), AppError> {
        match self {
            Operation::CreateClient {
                provider_id,
                name,
                owner_email,
                plan_type,
                seats,
                key,
                public_key,
                encrypted_private_key,
                collection_name,
                ..
            } => {
                let request = CreateClientRequest {
                    name: name.clone(),
                    owner_email: owner_email.clone(),
                    plan_type: i64::from(*plan_type),
                    seats: i64::from(*seats),
                    key: key.clone(),
                    key_pair: ClientKeyPair {
                        public_key: public_key.clone(),
                        encrypted_private_key: encrypted_private_key.clone(),
                    },
                    collection_name: collection_name.clone(),
                };
                client.create_client(provider_id, &request).await?;
                // The new client's ids are learnt at the next list read.
                server.provider_clients.remove(provider_id);
            }
            Operation::UpdateClient {
                provider_id,
                provider_organization_id,
                wanted,
                ..
            } => {
                let request = UpdateClientRequest {
                    assigned_seats: i64::from(wanted.assigned_seats),
                    name: wanted.name.clone(),
                };
                client
                    .update_client(provider_id, provider_organization_id, &request)
                    .await?;
                if let Some(entry) = server
                    .provider_clients
                    .get_mut(provider_id)
                    .and_then(|list| list.iter_mut().find(|o| &o.id == provider_organization_id))
                {
                    entry.organization_name = wanted.name.clone();
                    entry.seats = Some(i64::from(wanted.assigned_seats));
                }
            }
            Operation::AddExistingClient {
                provider_id,
                organization_id,
                key,
                legacy,
                ..
            } => {
                let request = AddExistingClientRequest {
                    organization_id: organization_id.clone(),
                    key: key.clone(),
                };
                if *legacy {
                    client
                        .add_organization_legacy(provider_id, &request)
                        .await?;
                } else {
                    client.add_existing_client(provider_id, &request).await?;
                }
                server.provider_clients.remove(provider_id);
            }
            Operation::UnlinkClient {
                provider_id,
                provider_organization_id,
                ..
            } => {
                client
                    .remove_client(provider_id, provider_organization_id)
                    .await?;
                server.provider_clients.remove(provider_id);
            }
            Operation::Member(op) => op.send(client, &mut server.members).await?,
            Operation::Group(op) => {
                op.send(client).await?;
                // Group membership shows in the members' own lists.
                server.members.forget(op.organization_id());
            }
            Operation::Vault(op) => op.send(client, &mut server.vault).await?,
            Operation::Send(op) => op.send(client).await?,
            Operation::People(op) => op.send(client).await?,
            Operation::Billing(op) => op.send(client).await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(expected: (i32, &str), wanted: (i32, &str)) -> Operation {
        Operation::UpdateClient {
            provider_id: "p".into(),
            provider_organization_id: "po".into(),
            organization_id: "o".into(),
            client_name: "Northwind".into(),
            expected: ClientSettings {
                name: expected.1.into(),
                assigned_seats: expected.0,
            },
            wanted: ClientSettings {
                name: wanted.1.into(),
                assigned_seats: wanted.0,
            },
        }
    }

    #[test]
    fn descriptions_say_what_changes() {
        assert_eq!(
            update((20, "Northwind"), (25, "Northwind")).describe(),
            "Change \u{201c}Northwind\u{201d}: assigned seats 20 \u{2192} 25"
        );
        assert_eq!(
            update((20, "Northwind"), (20, "Northwind Traders")).describe(),
            "Change \u{201c}Northwind\u{201d}: name \u{201c}Northwind\u{201d} \u{2192} \u{201c}Northwind Traders\u{201d}"
        );
    }

    #[test]
    fn operations_round_trip_through_their_stored_form() {
        let op = update((1, "a"), (2, "b"));
        let text = serde_json::to_string(&op).unwrap();
        assert!(text.starts_with(r#"{"kind":"update_client""#), "{text}");
        assert_eq!(serde_json::from_str::<Operation>(&text).unwrap(), op);
        assert_eq!(op.kind(), OperationKind::UpdateClient);
        assert!(op.look_is_decisive());
    }
}
