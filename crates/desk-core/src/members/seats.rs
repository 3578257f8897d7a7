//! Seats inside a client: the seat math the Members page shows and the
//! invite check uses, and seat changes — through the provider's route for
//! consolidated billing (with its rules), through the organization's own
//! subscription otherwise.

use super::{MemberError, MemberStatus, MemberView};
use crate::clients::{ClientError, PlanType, ProductTier, ProviderUserType, UpdateClientInput};
use crate::core::Core;
use crate::error::AppError;
use crate::jobs::Operation;
use desk_cache::{ClientRow, ClientSource, ProviderRow};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Who pays for the client's seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeatBilling {
    /// Consolidated billing: the provider assigns seats to the client.
    Provider,
    /// The organization's own subscription.
    Organization,
}

/// A client's seats as the Admin Console shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeatSummary {
    /// Seats the client has (`None`: unlimited or not known).
    pub assigned: Option<i32>,
    /// Seats taken: invited, accepted and confirmed members.
    pub used: i32,
    /// `assigned - used`, never below zero.
    pub free: Option<i32>,
    /// Invitations not accepted yet (part of `used`: an invite takes its
    /// seat when it is sent).
    pub pending_invites: i32,
    pub billing: SeatBilling,
    /// Under consolidated billing, whether this account is a service user,
    /// who may only use the provider's unassigned seats.
    pub service_user: bool,
}

/// Whether a member takes a seat (Bitwarden counts invited, accepted and
/// confirmed members; revoked and staged ones do not).
pub(crate) fn takes_seat(status: MemberStatus) -> bool {
    matches!(
        status,
        MemberStatus::Invited | MemberStatus::Accepted | MemberStatus::Confirmed
    )
}

pub(crate) fn summary(
    row: &ClientRow,
    members: &[MemberView],
    providers: &[ProviderRow],
) -> SeatSummary {
    let list = &row.list;
    let counted = members.iter().filter(|m| takes_seat(m.status)).count();
    let counted = i32::try_from(counted).unwrap_or(i32::MAX);
    // The provider's list counts seats itself; prefer its figure when the
    // details have not been synced.
    let used = if members.is_empty() {
        list.occupied_seats
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or(0)
    } else {
        counted
    };
    let assigned = list.seats.and_then(|n| i32::try_from(n).ok());
    let pending = members
        .iter()
        .filter(|m| m.status == MemberStatus::Invited)
        .count();
    let billing = match list.source {
        ClientSource::Provider => SeatBilling::Provider,
        ClientSource::Direct => SeatBilling::Organization,
    };
    let service_user = billing == SeatBilling::Provider
        && list.provider_id.as_deref().is_some_and(|pid| {
            providers.iter().any(|p| {
                p.id == pid
                    && ProviderUserType::from_wire(p.user_type) == ProviderUserType::ServiceUser
            })
        });
    SeatSummary {
        assigned,
        used,
        free: assigned.map(|a| (a - used).max(0)),
        pending_invites: i32::try_from(pending).unwrap_or(i32::MAX),
        billing,
        service_user,
    }
}

/// Refuses an invite of `new` people beyond the free seats, saying who can
/// add seats (the server refuses it too; this says so before sending).
pub(crate) fn check_free(seats: &SeatSummary, new: usize) -> Result<(), MemberError> {
    let (Some(free), Ok(new)) = (seats.free, i32::try_from(new)) else {
        return Ok(());
    };
    if new <= free {
        return Ok(());
    }
    let need = new - free;
    let who = match (seats.billing, seats.service_user) {
        (SeatBilling::Provider, false) => format!(
            "Add at least {need} seats to the client first (Seats, or `pdesk seats --set {}`).",
            seats.assigned.unwrap_or(0) + need
        ),
        (SeatBilling::Provider, true) => format!(
            "Add at least {need} seats first: a service user can assign only the provider's unassigned seats; beyond them a provider admin must add seats."
        ),
        (SeatBilling::Organization, _) => format!(
            "Add at least {need} seats in the organization's subscription first (an owner of the organization can)."
        ),
    };
    Err(MemberError::Seats(format!(
        "This invites {new} people but the client has {free} free seats. {who}"
    )))
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SetSeatsInput {
    pub organization_id: String,
    pub seats: i32,
}

impl Core {
    /// Plans a change of a client's seats: the provider's route under
    /// consolidated billing (a service user only within the provider's
    /// unassigned seats, checked with the server's figures), else the
    /// organization's own seat adjustment.
    pub async fn set_seats_operations(
        &self,
        input: SetSeatsInput,
    ) -> Result<Vec<Operation>, AppError> {
        if input.seats < 0 {
            return Err(ClientError::NegativeSeats.into());
        }
        // Read apart from the guard below: taking the session lock twice
        // in one task can wait forever behind a lock that is queued.
        let members = self.members(&input.organization_id).await?;
        let (row, providers) = {
            let unlocked = self.unlocked().await?;
            let snapshot = &unlocked.session.snapshot;
            let row = crate::clients::stored_client(snapshot, &input.organization_id).await?;
            (row, snapshot.providers().await?)
        };
        let seats = summary(&row, &members, &providers);
        if input.seats < seats.used {
            return Err(ClientError::BelowSeatsInUse { used: seats.used }.into());
        }
        match seats.billing {
            SeatBilling::Provider => {
                let current = seats.assigned.ok_or(MemberError::SeatsUnknown)?;
                if seats.service_user && input.seats > current {
                    self.check_unassigned(&row, input.seats - current).await?;
                }
                self.update_client_operations(UpdateClientInput {
                    organization_id: input.organization_id,
                    name: row.list.name.clone(),
                    assigned_seats: Some(input.seats),
                })
                .await
            }
            SeatBilling::Organization => {
                let current = seats.assigned.ok_or(MemberError::SeatsUnknown)?;
                Ok(vec![Operation::Member(
                    super::MemberOperation::AdjustSeats {
                        organization_id: input.organization_id,
                        client_name: row.list.name.clone(),
                        expected: current,
                        wanted: input.seats,
                    },
                )])
            }
        }
    }

    /// A service user may add seats only from the provider's purchased,
    /// unassigned seats of the client's plan; known only from the server.
    async fn check_unassigned(&self, row: &ClientRow, adding: i32) -> Result<(), AppError> {
        let Some(provider_id) = row.list.provider_id.as_deref() else {
            return Ok(());
        };
        let subscription = {
            let unlocked = self.unlocked().await?;
            unlocked.client.provider_subscription(provider_id).await
        };
        let subscription = match subscription.map_err(AppError::from) {
            Ok(s) => s,
            Err(error) if error.is_transient() => {
                return Err(MemberError::NeedsServer(
                    "a service user can add seats only within the provider's unassigned seats, which only the server knows".into(),
                )
                .into());
            }
            Err(error) => return Err(error),
        };
        // The provider buys seats per product (Teams, Enterprise), whatever
        // the client's cadence.
        let enterprise = |name: Option<&str>| name.is_some_and(|n| n.starts_with("enterprise"));
        let client_enterprise = enterprise(
            row.list
                .plan_type
                .and_then(|t| PlanType::from_wire(t).name()),
        );
        let plan = subscription.plans.iter().find(|p| {
            (ProductTier::from_wire(p.product_tier) == ProductTier::Enterprise) == client_enterprise
        });
        let unassigned = plan.map_or(0, |p| {
            (p.purchased_seats.max(p.seat_minimum) - p.assigned_seats).max(0)
        });
        if i64::from(adding) > unassigned {
            return Err(MemberError::Seats(format!(
                "A service user can add only the provider's {unassigned} unassigned seats of this plan; adding {adding} needs a provider admin."
            ))
            .into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(
        assigned: Option<i32>,
        used: i32,
        billing: SeatBilling,
        service_user: bool,
    ) -> SeatSummary {
        SeatSummary {
            assigned,
            used,
            free: assigned.map(|a| (a - used).max(0)),
            pending_invites: 0,
            billing,
            service_user,
        }
    }

    #[test]
    fn invites_fit_the_free_seats_or_say_who_adds_them() {
        let s = seats(Some(10), 8, SeatBilling::Provider, false);
        assert!(check_free(&s, 2).is_ok());
        let e = check_free(&s, 3).unwrap_err().to_string();
        assert!(
            e.contains("has 2 free seats") && e.contains("--set 11"),
            "{e}"
        );
        let e = check_free(&seats(Some(10), 10, SeatBilling::Provider, true), 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("provider admin"), "{e}");
        let e = check_free(&seats(Some(5), 5, SeatBilling::Organization, false), 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("owner of the organization"), "{e}");
        // Unknown seats (unlimited plans): the server decides.
        assert!(check_free(&seats(None, 50, SeatBilling::Organization, false), 20).is_ok());
    }

    #[test]
    fn revoked_and_staged_members_take_no_seat() {
        assert!(takes_seat(MemberStatus::Invited));
        assert!(takes_seat(MemberStatus::Confirmed));
        assert!(!takes_seat(MemberStatus::Revoked));
        assert!(!takes_seat(MemberStatus::Staged));
    }
}
