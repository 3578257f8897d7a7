//! What a member may do: role, custom permissions, collection access and
//! groups — as the Admin Console edits them, and as the server's
//! `permissions` / `Selection` shapes carry them.

use bw_api::wire::Selection;
use bw_api::wire::members::Permissions;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::MemberRole;

/// The roles a member can be given (Bitwarden no longer offers Manager).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    User,
    Custom,
}

impl Role {
    pub fn wire(self) -> i64 {
        match self {
            Role::Owner => 0,
            Role::Admin => 1,
            Role::User => 2,
            Role::Custom => 4,
        }
    }

    /// The role a member holds, if it is one that can still be given.
    pub fn of(role: MemberRole) -> Option<Role> {
        match role {
            MemberRole::Owner => Some(Role::Owner),
            MemberRole::Admin => Some(Role::Admin),
            MemberRole::User => Some(Role::User),
            MemberRole::Custom => Some(Role::Custom),
            _ => None,
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "owner" => Some(Role::Owner),
            "admin" => Some(Role::Admin),
            "user" => Some(Role::User),
            "custom" => Some(Role::Custom),
            _ => None,
        }
    }
}

/// The five levels of access to a collection the Admin Console offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CollectionLevel {
    View,
    ViewExceptPasswords,
    Edit,
    EditExceptPasswords,
    Manage,
}

impl CollectionLevel {
    pub const ALL: [CollectionLevel; 5] = [
        CollectionLevel::View,
        CollectionLevel::ViewExceptPasswords,
        CollectionLevel::Edit,
        CollectionLevel::EditExceptPasswords,
        CollectionLevel::Manage,
    ];

    /// The server's three flags for a level.
    pub fn selection(self, id: &str) -> Selection {
        let (read_only, hide_passwords, manage) = match self {
            CollectionLevel::View => (true, false, false),
            CollectionLevel::ViewExceptPasswords => (true, true, false),
            CollectionLevel::Edit => (false, false, false),
            CollectionLevel::EditExceptPasswords => (false, true, false),
            CollectionLevel::Manage => (false, false, true),
        };
        Selection {
            id: id.to_owned(),
            read_only,
            hide_passwords,
            manage,
        }
    }

    /// The level three flags mean; `manage` wins, as in Bitwarden's web.
    pub fn of(selection: &Selection) -> CollectionLevel {
        match (
            selection.manage,
            selection.read_only,
            selection.hide_passwords,
        ) {
            (true, _, _) => CollectionLevel::Manage,
            (false, true, false) => CollectionLevel::View,
            (false, true, true) => CollectionLevel::ViewExceptPasswords,
            (false, false, false) => CollectionLevel::Edit,
            (false, false, true) => CollectionLevel::EditExceptPasswords,
        }
    }

    /// pdesk's names (`view`, `view-except-passwords`, …).
    pub fn cli_name(self) -> &'static str {
        match self {
            CollectionLevel::View => "view",
            CollectionLevel::ViewExceptPasswords => "view-except-passwords",
            CollectionLevel::Edit => "edit",
            CollectionLevel::EditExceptPasswords => "edit-except-passwords",
            CollectionLevel::Manage => "manage",
        }
    }

    pub fn parse(text: &str) -> Option<CollectionLevel> {
        let text = text.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL.into_iter().find(|l| l.cli_name() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            CollectionLevel::View => "Can view",
            CollectionLevel::ViewExceptPasswords => "Can view, except passwords",
            CollectionLevel::Edit => "Can edit",
            CollectionLevel::EditExceptPasswords => "Can edit, except passwords",
            CollectionLevel::Manage => "Can manage",
        }
    }
}

/// One flag of a Custom role (`permissions` in the member).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    AccessEventLogs,
    AccessImportExport,
    AccessReports,
    CreateNewCollections,
    EditAnyCollection,
    DeleteAnyCollection,
    ManageGroups,
    ManagePolicies,
    ManageSso,
    ManageUsers,
    ManageResetPassword,
    ManageScim,
}

impl Permission {
    pub const ALL: [Permission; 12] = [
        Permission::AccessEventLogs,
        Permission::AccessImportExport,
        Permission::AccessReports,
        Permission::CreateNewCollections,
        Permission::EditAnyCollection,
        Permission::DeleteAnyCollection,
        Permission::ManageGroups,
        Permission::ManagePolicies,
        Permission::ManageSso,
        Permission::ManageUsers,
        Permission::ManageResetPassword,
        Permission::ManageScim,
    ];

    fn flag(self, p: &mut Permissions) -> &mut bool {
        match self {
            Permission::AccessEventLogs => &mut p.access_event_logs,
            Permission::AccessImportExport => &mut p.access_import_export,
            Permission::AccessReports => &mut p.access_reports,
            Permission::CreateNewCollections => &mut p.create_new_collections,
            Permission::EditAnyCollection => &mut p.edit_any_collection,
            Permission::DeleteAnyCollection => &mut p.delete_any_collection,
            Permission::ManageGroups => &mut p.manage_groups,
            Permission::ManagePolicies => &mut p.manage_policies,
            Permission::ManageSso => &mut p.manage_sso,
            Permission::ManageUsers => &mut p.manage_users,
            Permission::ManageResetPassword => &mut p.manage_reset_password,
            Permission::ManageScim => &mut p.manage_scim,
        }
    }

    /// pdesk's names: the server's, in kebab case (`manage-users`).
    pub fn cli_name(self) -> String {
        let json = serde_json::to_value(self).ok();
        json.as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .replace('_', "-")
    }

    pub fn parse(text: &str) -> Option<Permission> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL.into_iter().find(|p| p.cli_name() == wanted)
    }

    pub fn to_wire(set: &[Permission]) -> Permissions {
        let mut p = Permissions::default();
        for flag in set {
            *flag.flag(&mut p) = true;
        }
        p
    }

    pub fn of_wire(wire: &Permissions) -> Vec<Permission> {
        let mut copy = wire.clone();
        Self::ALL
            .into_iter()
            .filter(|flag| *flag.flag(&mut copy))
            .collect()
    }
}

/// Access to one collection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CollectionGrant {
    pub collection_id: String,
    pub level: CollectionLevel,
}

// Ordered by Bitwarden's order of the levels (for the normal form below).
impl PartialOrd for CollectionLevel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CollectionLevel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |l: &CollectionLevel| CollectionLevel::ALL.iter().position(|x| x == l);
        rank(self).cmp(&rank(other))
    }
}

/// Everything the member edit dialog sets, in one comparable value (the
/// conflict check compares the server's with what was planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberAccess {
    pub role: Role,
    /// Only for `custom`; ignored (and sent as none) otherwise.
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub collections: Vec<CollectionGrant>,
    /// Group ids.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl MemberAccess {
    /// Sorted, deduplicated, and without permissions unless Custom: the
    /// form two accesses are compared in.
    pub fn normalized(mut self) -> Self {
        if self.role != Role::Custom {
            self.permissions.clear();
        }
        self.permissions.sort();
        self.permissions.dedup();
        self.collections.sort();
        self.collections
            .dedup_by(|a, b| a.collection_id == b.collection_id);
        self.groups.sort();
        self.groups.dedup();
        self
    }

    /// What the server holds for a member (`None`: a role that can no longer
    /// be given, e.g. Manager — any edit is then a change).
    pub fn of_member(member: &bw_api::wire::members::OrganizationUserDetails) -> Option<Self> {
        let role = Role::of(MemberRole::from_wire(member.member_type))?;
        Some(
            MemberAccess {
                role,
                permissions: member
                    .permissions
                    .as_ref()
                    .map(Permission::of_wire)
                    .unwrap_or_default(),
                collections: member
                    .collections
                    .iter()
                    .map(|s| CollectionGrant {
                        collection_id: s.id.clone(),
                        level: CollectionLevel::of(s),
                    })
                    .collect(),
                groups: member.groups.clone(),
            }
            .normalized(),
        )
    }

    pub fn wire_permissions(&self) -> Option<Permissions> {
        (self.role == Role::Custom).then(|| Permission::to_wire(&self.permissions))
    }

    pub fn wire_collections(&self) -> Vec<Selection> {
        self.collections
            .iter()
            .map(|g| g.level.selection(&g.collection_id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_levels_round_trip_through_the_servers_flags() {
        for level in CollectionLevel::ALL {
            assert_eq!(CollectionLevel::of(&level.selection("c")), level);
            assert_eq!(CollectionLevel::parse(level.cli_name()), Some(level));
        }
        let view = CollectionLevel::View.selection("c");
        assert!(view.read_only && !view.hide_passwords && !view.manage);
        // A server that sets manage with read-only means manage.
        let odd = Selection {
            id: "c".into(),
            read_only: true,
            hide_passwords: true,
            manage: true,
        };
        assert_eq!(CollectionLevel::of(&odd), CollectionLevel::Manage);
    }

    #[test]
    fn permissions_map_one_to_one_onto_the_servers_flags() {
        for flag in Permission::ALL {
            let wire = Permission::to_wire(&[flag]);
            assert_eq!(Permission::of_wire(&wire), vec![flag]);
            assert_eq!(Permission::parse(&flag.cli_name()), Some(flag));
        }
        assert_eq!(Permission::ManageUsers.cli_name(), "manage-users");
        assert_eq!(
            serde_json::to_value(Permission::to_wire(&[Permission::ManageResetPassword])).unwrap()
                ["manageResetPassword"],
            true
        );
    }

    #[test]
    fn accesses_compare_in_normal_form() {
        let a = MemberAccess {
            role: Role::User,
            permissions: vec![Permission::ManageUsers],
            collections: vec![
                CollectionGrant {
                    collection_id: "b".into(),
                    level: CollectionLevel::Edit,
                },
                CollectionGrant {
                    collection_id: "a".into(),
                    level: CollectionLevel::View,
                },
            ],
            groups: vec!["g2".into(), "g1".into(), "g1".into()],
        }
        .normalized();
        assert!(a.permissions.is_empty(), "only Custom keeps permissions");
        assert_eq!(a.collections[0].collection_id, "a");
        assert_eq!(a.groups, ["g1", "g2"]);
        assert_eq!(a.wire_permissions(), None);
    }
}
