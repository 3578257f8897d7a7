//! Groups (`organizations/{id}/groups…`).

use super::Selection;
use serde::{Deserialize, Serialize};

/// `group` / `groupDetails` (the latter with `collections`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Group {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub organization_id: String,
    /// Plain text (groups are not encrypted).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub external_id: Option<String>,
    /// `groupDetails` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<Vec<Selection>>,
}

/// `POST organizations/{id}/groups` and `PUT …/groups/{id}`: the lists
/// replace the group's current ones.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRequest {
    /// Plain text.
    pub name: String,
    /// For directory sync; usually none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Collection access of the group.
    pub collections: Vec<Selection>,
    /// OrganizationUser ids of its members.
    pub users: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn group_body_uses_the_contract_names() {
        let request = GroupRequest {
            name: "Support".into(),
            external_id: None,
            collections: vec![Selection {
                id: "c1".into(),
                manage: true,
                ..Selection::default()
            }],
            users: vec!["m1".into()],
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"name": "Support",
                "collections": [{"id": "c1", "readOnly": false, "hidePasswords": false, "manage": true}],
                "users": ["m1"]})
        );
    }
}
