//! Collections (`organizations/{id}/collections…`).

use super::Selection;
use serde::{Deserialize, Serialize};

/// `collectionDetails` (sync) and `collectionAccessDetails` (admin).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct CollectionDetails {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub organization_id: String,
    /// An org-key EncString.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub external_id: Option<String>,
    /// CollectionType: 0 shared, 1 a member's default "My Items".
    #[serde(default, rename = "type")]
    pub collection_type: i64,
    #[serde(default)]
    pub default_user_collection_email: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub hide_passwords: bool,
    #[serde(default)]
    pub manage: bool,
    /// Admin details only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmanaged: Option<bool>,
    /// Group access (admin details only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Selection>>,
    /// Member access; `id` is the OrganizationUser id (admin details only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Selection>>,
}

/// `POST organizations/{id}/collections` and `PUT …/collections/{id}`: the
/// access lists replace the current ones.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionRequest {
    /// The name encrypted with the org key.
    pub name: String,
    /// For directory sync; usually null.
    pub external_id: Option<String>,
    /// Group access.
    pub groups: Vec<Selection>,
    /// Member access (OrganizationUser ids).
    pub users: Vec<Selection>,
}

/// `POST organizations/{id}/collections/bulk-access`: adds access to
/// several collections at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkCollectionAccessRequest {
    /// The collections.
    pub collection_ids: Vec<String>,
    /// Group access to add.
    pub groups: Vec<Selection>,
    /// Member access to add.
    pub users: Vec<Selection>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collection_bodies_use_the_contract_names() {
        let member = Selection {
            id: "m1".into(),
            read_only: true,
            hide_passwords: true,
            manage: false,
        };
        let request = CollectionRequest {
            name: "2.n".into(),
            external_id: None,
            groups: Vec::new(),
            users: vec![member.clone()],
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"name": "2.n", "externalId": null, "groups": [],
                "users": [{"id": "m1", "readOnly": true, "hidePasswords": true, "manage": false}]})
        );
        let bulk = BulkCollectionAccessRequest {
            collection_ids: vec!["c1".into(), "c2".into()],
            groups: Vec::new(),
            users: vec![member],
        };
        let value = serde_json::to_value(&bulk).unwrap();
        assert_eq!(value["collectionIds"], json!(["c1", "c2"]));
        assert_eq!(value["users"][0]["hidePasswords"], true);
        assert_eq!(value["groups"], json!([]));
    }
}
