//! A provider's client organizations (`providers/{id}/organizations`,
//! `providers/{id}/clients…`).

use serde::{Deserialize, Serialize};

/// `providerOrganizationOrganizationDetail` of `GET providers/{id}/organizations`:
/// one row of the client list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ProviderOrganization {
    #[serde(default)]
    pub object: String,
    /// The ProviderOrganization relationship id (remove and update routes).
    pub id: String,
    #[serde(default)]
    pub provider_id: String,
    /// The client org id (every `organizations/{id}` route).
    pub organization_id: String,
    #[serde(default)]
    pub organization_name: String,
    /// Org key wrapped by the provider key (type 2).
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub settings: Option<String>,
    #[serde(default)]
    pub creation_date: String,
    #[serde(default)]
    pub revision_date: String,
    /// Confirmed members.
    #[serde(default)]
    pub user_count: Option<i64>,
    /// Invited + Accepted + Confirmed (older servers omit it).
    #[serde(default)]
    pub occupied_seats: Option<i64>,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub remaining_seats: Option<i64>,
    /// The plan's display name.
    #[serde(default)]
    pub plan: Option<String>,
}

/// An item of `GET providers/{id}/clients/addable` (a bare array).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct AddableOrganization {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub plan: String,
    #[serde(default)]
    pub seats: Option<i64>,
    #[serde(default)]
    pub disabled: bool,
}

/// The new org's RSA key pair in [`CreateClientRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientKeyPair {
    /// Base64 SPKI DER.
    pub public_key: String,
    /// The private key encrypted with the new org key (type 2).
    pub encrypted_private_key: String,
}

/// `POST providers/{id}/clients` (consolidated billing). All fields are
/// required; the server answers 200 empty (no ids).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClientRequest {
    /// The client's name (≤ 50 characters).
    pub name: String,
    /// Invited as the org's Owner.
    pub owner_email: String,
    /// PlanType: 17 TeamsMonthly, 19 EnterpriseMonthly or 20 EnterpriseAnnually.
    pub plan_type: i64,
    /// At least 1.
    pub seats: i64,
    /// The new org key wrapped by the provider key (type 2).
    pub key: String,
    /// The new org's key pair.
    pub key_pair: ClientKeyPair,
    /// "Default collection" encrypted with the new org key.
    pub collection_name: String,
}

/// `PUT providers/{id}/clients/{providerOrganizationId}`: both fields are
/// required and the name is always written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClientRequest {
    /// Seats assigned to the client (≥ 0).
    pub assigned_seats: i64,
    /// The client's name.
    pub name: String,
}

/// `POST providers/{id}/clients/existing`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddExistingClientRequest {
    /// An org the caller owns.
    pub organization_id: String,
    /// Its org key wrapped by the provider key (type 2).
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_bodies_use_the_contract_names() {
        let create = CreateClientRequest {
            name: "Acme Ltd".into(),
            owner_email: "it@acme.example".into(),
            plan_type: 20,
            seats: 10,
            key: "2.k".into(),
            key_pair: ClientKeyPair {
                public_key: "MIIB".into(),
                encrypted_private_key: "2.p".into(),
            },
            collection_name: "2.c".into(),
        };
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            json!({"name": "Acme Ltd", "ownerEmail": "it@acme.example", "planType": 20,
                "seats": 10, "key": "2.k",
                "keyPair": {"publicKey": "MIIB", "encryptedPrivateKey": "2.p"},
                "collectionName": "2.c"})
        );
        assert_eq!(
            serde_json::to_value(UpdateClientRequest {
                assigned_seats: 15,
                name: "Acme Ltd".into()
            })
            .unwrap(),
            json!({"assignedSeats": 15, "name": "Acme Ltd"})
        );
        assert_eq!(
            serde_json::to_value(AddExistingClientRequest {
                organization_id: "o".into(),
                key: "2.k".into()
            })
            .unwrap(),
            json!({"organizationId": "o", "key": "2.k"})
        );
    }

    #[test]
    fn a_client_row_needs_both_ids() {
        let row: ProviderOrganization =
            serde_json::from_value(json!({"id": "po", "organizationId": "o", "userCount": 3}))
                .unwrap();
        assert_eq!((row.user_count, row.occupied_seats), (Some(3), None));
        assert!(serde_json::from_value::<ProviderOrganization>(json!({"id": "po"})).is_err());
    }
}
