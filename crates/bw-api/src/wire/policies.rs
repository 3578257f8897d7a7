//! Policies (`organizations/{id}/policies…`).

use serde::{Deserialize, Serialize};

/// `policy`. The type is required: a policy of unknown type would be stored
/// as the wrong one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Policy {
    #[serde(default)]
    pub object: String,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub organization_id: String,
    /// PolicyType.
    #[serde(rename = "type")]
    pub policy_type: i64,
    /// Type-specific settings; keys keep whatever was stored.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_toggle_state: Option<bool>,
}

/// A policy's new state: the whole body before v2026.4.1, `policy` inside
/// [`PolicyUpdateRequest`] since.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRequest {
    /// On or off.
    pub enabled: bool,
    /// Type-specific settings (e.g. `{"autoEnrollEnabled":false}`), or null.
    pub data: Option<serde_json::Value>,
}

/// `PolicyType.ResetPassword`: the account recovery administration policy.
pub const ACCOUNT_RECOVERY_POLICY: i64 = 8;

/// The account recovery policy's `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRecoveryPolicyData {
    /// Enrol members automatically when they join.
    pub auto_enroll_enabled: bool,
}

/// `PUT organizations/{id}/policies/{type}` (v2026.4.1+).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdateRequest {
    /// The new state.
    pub policy: PolicyRequest,
    /// Per-policy extras some types take; usually none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn account_recovery_data_uses_the_contract_name() {
        assert_eq!(
            serde_json::to_value(AccountRecoveryPolicyData {
                auto_enroll_enabled: true
            })
            .unwrap(),
            json!({"autoEnrollEnabled": true})
        );
    }

    #[test]
    fn policy_bodies_in_both_shapes() {
        let inner = PolicyRequest {
            enabled: true,
            data: Some(json!({"autoEnrollEnabled": false})),
        };
        assert_eq!(
            serde_json::to_value(&inner).unwrap(),
            json!({"enabled": true, "data": {"autoEnrollEnabled": false}})
        );
        let wrapped = PolicyUpdateRequest {
            policy: inner,
            metadata: None,
        };
        assert_eq!(
            serde_json::to_value(&wrapped).unwrap(),
            json!({"policy": {"enabled": true, "data": {"autoEnrollEnabled": false}}})
        );
    }

    #[test]
    fn a_policy_needs_its_type() {
        assert!(serde_json::from_value::<Policy>(json!({"enabled": true})).is_err());
        let policy: Policy = serde_json::from_value(json!({"type": 99, "enabled": true})).unwrap();
        assert_eq!(policy.policy_type, 99);
    }
}
