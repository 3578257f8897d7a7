//! What a journal entry looks like to the front ends.

use crate::members::{MemberRole, MemberStatus};
use crate::time::iso8601;
use desk_cache::{ChangeKind as StoredKind, ChangeRow};
use serde::Serialize;
use serde_json::Value;
use specta::Type;

/// What changed. `Unknown` is a kind a newer Provider Desk wrote into the
/// same snapshot: still listed (with its subject and values), not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The client list has a new client.
    ClientAdded,
    /// The client is no longer listed; its details left the snapshot.
    ClientRemoved,
    ClientRenamed,
    /// Assigned seats.
    Seats,
    /// Seats in use.
    SeatsUsed,
    Plan,
    /// The client's details were synced for the first time: where its
    /// history starts (`after` counts what it started with).
    FirstSync,
    MemberAdded,
    MemberRemoved,
    MemberStatus,
    MemberRole,
    PolicyAdded,
    PolicyRemoved,
    PolicyEnabled,
    PolicyDisabled,
    CollectionAdded,
    CollectionRemoved,
    ItemAdded,
    ItemRemoved,
    Unknown,
}

impl ChangeKind {
    fn of(stored: &str) -> Self {
        let Some(kind) = StoredKind::parse(stored) else {
            return ChangeKind::Unknown;
        };
        // Exhaustive on purpose: a kind desk-cache starts writing must get
        // its name here before it builds.
        match kind {
            StoredKind::ClientAdded => ChangeKind::ClientAdded,
            StoredKind::ClientRemoved => ChangeKind::ClientRemoved,
            StoredKind::ClientRenamed => ChangeKind::ClientRenamed,
            StoredKind::Seats => ChangeKind::Seats,
            StoredKind::SeatsUsed => ChangeKind::SeatsUsed,
            StoredKind::Plan => ChangeKind::Plan,
            StoredKind::FirstSync => ChangeKind::FirstSync,
            StoredKind::MemberAdded => ChangeKind::MemberAdded,
            StoredKind::MemberRemoved => ChangeKind::MemberRemoved,
            StoredKind::MemberStatus => ChangeKind::MemberStatus,
            StoredKind::MemberRole => ChangeKind::MemberRole,
            StoredKind::PolicyAdded => ChangeKind::PolicyAdded,
            StoredKind::PolicyRemoved => ChangeKind::PolicyRemoved,
            StoredKind::PolicyEnabled => ChangeKind::PolicyEnabled,
            StoredKind::PolicyDisabled => ChangeKind::PolicyDisabled,
            StoredKind::CollectionAdded => ChangeKind::CollectionAdded,
            StoredKind::CollectionRemoved => ChangeKind::CollectionRemoved,
            StoredKind::ItemAdded => ChangeKind::ItemAdded,
            StoredKind::ItemRemoved => ChangeKind::ItemRemoved,
        }
    }

    /// The snake_case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Unknown => "unknown",
            known => StoredKind::ALL
                .into_iter()
                .find(|k| ChangeKind::of(k.as_str()) == known)
                .map_or("unknown", StoredKind::as_str),
        }
    }
}

/// A value before or after a change; which shape follows from the kind.
/// Untagged, so JSON readers see plain values (`"before": 15`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(untagged)]
pub enum ChangeValue {
    /// A policy's `enabled`.
    Flag(bool),
    /// Seats; a product tier's number for the plan of an organization the
    /// server names no plan for.
    Number(#[specta(type = f64)] i64),
    /// A plan's or a client's name.
    Text(String),
    Role(MemberRole),
    Status(MemberStatus),
    /// A member who joined or left.
    Member {
        role: MemberRole,
        status: MemberStatus,
    },
    /// What a client's first synced details held.
    Counts {
        members: u32,
        collections: u32,
        policies: u32,
        items: u32,
    },
}

impl ChangeValue {
    /// Reads a stored value for `kind`. The journal is ours, but a newer
    /// build (or a damaged row) may hold shapes this one does not expect:
    /// those are shown as their JSON text instead of failing the list.
    fn of(kind: ChangeKind, stored: Option<&str>) -> Option<Self> {
        let stored = stored?;
        let Ok(value) = serde_json::from_str::<Value>(stored) else {
            return Some(ChangeValue::Text(stored.to_owned()));
        };
        let as_number = value.as_i64();
        let specific = match kind {
            ChangeKind::MemberStatus => {
                as_number.map(|n| ChangeValue::Status(MemberStatus::from_wire(n)))
            }
            ChangeKind::MemberRole => {
                as_number.map(|n| ChangeValue::Role(MemberRole::from_wire(n)))
            }
            ChangeKind::MemberAdded | ChangeKind::MemberRemoved => {
                match (value["type"].as_i64(), value["status"].as_i64()) {
                    (Some(role), Some(status)) => Some(ChangeValue::Member {
                        role: MemberRole::from_wire(role),
                        status: MemberStatus::from_wire(status),
                    }),
                    _ => None,
                }
            }
            ChangeKind::FirstSync if value.is_object() => {
                let count = |key: &str| {
                    value[key]
                        .as_u64()
                        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
                };
                Some(ChangeValue::Counts {
                    members: count("members"),
                    collections: count("collections"),
                    policies: count("policies"),
                    items: count("items"),
                })
            }
            _ => None,
        };
        if specific.is_some() {
            return specific;
        }
        match value {
            Value::Null => None,
            Value::Bool(flag) => Some(ChangeValue::Flag(flag)),
            Value::String(text) => Some(ChangeValue::Text(text)),
            Value::Number(n) => match n.as_i64() {
                Some(n) => Some(ChangeValue::Number(n)),
                None => Some(ChangeValue::Text(n.to_string())),
            },
            other => Some(ChangeValue::Text(other.to_string())),
        }
    }
}

impl std::fmt::Display for ChangeValue {
    /// Plain words for a terminal (the UI renders the structure itself).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Flag(true) => f.write_str("enabled"),
            ChangeValue::Flag(false) => f.write_str("disabled"),
            ChangeValue::Number(n) => write!(f, "{n}"),
            ChangeValue::Text(text) => f.write_str(text),
            ChangeValue::Role(role) => write!(f, "{role}"),
            ChangeValue::Status(status) => write!(f, "{status}"),
            ChangeValue::Member { role, status } => write!(f, "{role}, {status}"),
            ChangeValue::Counts {
                members,
                collections,
                policies,
                items,
            } => write!(
                f,
                "members {members}, collections {collections}, policies {policies}, items {items}"
            ),
        }
    }
}

/// One change, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeView {
    /// When the sync that saw it ran (ISO 8601).
    pub at: String,
    pub organization_id: String,
    /// The client's name now, or the last one recorded for a client no
    /// longer listed (text as the server sent it).
    pub client_name: Option<String>,
    pub kind: ChangeKind,
    /// The member id, policy type, collection or item id; `None` when the
    /// change is about the client itself.
    pub subject: Option<String>,
    /// What people know the subject by: a member's email, a policy's type
    /// number, a collection's or an item's id (never a decrypted name).
    pub label: Option<String>,
    pub before: Option<ChangeValue>,
    pub after: Option<ChangeValue>,
}

impl ChangeView {
    pub(crate) fn of(row: ChangeRow) -> Self {
        let kind = ChangeKind::of(&row.kind);
        ChangeView {
            at: iso8601(row.at),
            organization_id: row.organization_id,
            client_name: row.client_name,
            kind,
            subject: row.subject,
            label: row.label,
            before: ChangeValue::of(kind, row.before.as_deref()),
            after: ChangeValue::of(kind, row.after.as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, before: Option<&str>, after: Option<&str>) -> ChangeRow {
        ChangeRow {
            id: 1,
            organization_id: "org-1".into(),
            client_name: Some("Acme".into()),
            at: 1_795_676_400_000,
            kind: kind.into(),
            subject: Some("m1".into()),
            label: Some("a@x".into()),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn every_stored_kind_has_a_name_of_its_own() {
        for stored in StoredKind::ALL {
            let kind = ChangeKind::of(stored.as_str());
            assert_ne!(kind, ChangeKind::Unknown, "{}", stored.as_str());
            assert_eq!(kind.as_str(), stored.as_str());
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(Value::String(stored.as_str().into()))
            );
        }
    }

    #[test]
    fn a_kind_from_a_newer_build_is_unknown_but_kept() {
        let view = ChangeView::of(row("sso_changed", Some("\"off\""), Some("{\"x\":1}")));
        assert_eq!(view.kind, ChangeKind::Unknown);
        assert_eq!(view.before, Some(ChangeValue::Text("off".into())));
        assert_eq!(view.after, Some(ChangeValue::Text("{\"x\":1}".into())));
        assert_eq!(
            serde_json::to_value(&view).ok().map(|v| v["kind"].clone()),
            Some(Value::String("unknown".into()))
        );
    }

    #[test]
    fn member_values_read_as_roles_and_statuses() {
        let view = ChangeView::of(row("member_status", Some("0"), Some("-1")));
        assert_eq!(
            view.before,
            Some(ChangeValue::Status(MemberStatus::Invited))
        );
        assert_eq!(view.after, Some(ChangeValue::Status(MemberStatus::Revoked)));
        assert_eq!(view.at, "2026-11-26T07:00:00.000Z");
        let view = ChangeView::of(row("member_role", Some("2"), Some("1")));
        assert_eq!(view.after, Some(ChangeValue::Role(MemberRole::Admin)));
        let view = ChangeView::of(row("member_added", None, Some(r#"{"type":2,"status":0}"#)));
        assert_eq!(view.before, None);
        assert_eq!(
            view.after,
            Some(ChangeValue::Member {
                role: MemberRole::User,
                status: MemberStatus::Invited
            })
        );
        let json = serde_json::to_value(&view).ok();
        assert_eq!(
            json.map(|v| v["after"].clone()),
            Some(serde_json::json!({"role": "user", "status": "invited"}))
        );
    }

    #[test]
    fn plain_values_stay_plain() {
        let view = ChangeView::of(row("seats", Some("15"), Some("20")));
        assert_eq!(
            (view.before, view.after),
            (Some(ChangeValue::Number(15)), Some(ChangeValue::Number(20)))
        );
        let view = ChangeView::of(row("policy_enabled", Some("false"), Some("true")));
        assert_eq!(view.after, Some(ChangeValue::Flag(true)));
        assert_eq!(
            view.after.map(|v| v.to_string()).as_deref(),
            Some("enabled")
        );
        let view = ChangeView::of(row("seats", Some("null"), Some("not json")));
        assert_eq!(view.before, None);
        assert_eq!(view.after, Some(ChangeValue::Text("not json".into())));
        let view = ChangeView::of(row(
            "first_sync",
            None,
            Some(r#"{"members":3,"collections":1,"policies":0,"items":7}"#),
        ));
        assert_eq!(
            view.after.map(|v| v.to_string()).as_deref(),
            Some("members 3, collections 1, policies 0, items 7")
        );
    }
}
