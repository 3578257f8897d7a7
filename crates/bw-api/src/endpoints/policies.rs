//! Policies (ManagePolicies; provider users may).
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/policies` | [`BwClient::policies`] |
//! | `PUT organizations/{id}/policies/{type}` | [`BwClient::update_policy`] |
//! | `PUT organizations/{id}/policies/8` | [`BwClient::set_account_recovery_policy`] |

use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::policies::{
    ACCOUNT_RECOVERY_POLICY, AccountRecoveryPolicyData, Policy, PolicyRequest, PolicyUpdateRequest,
};
use reqwest::Method;

impl BwClient {
    /// Every policy the organization has set.
    pub async fn policies(&self, organization_id: &str) -> Result<Vec<Raw<Policy>>, ApiError> {
        self.get_list(&self.org_route(organization_id, &["policies"])?)
            .await
    }

    /// Turns a policy on or off with its settings. Servers since v2026.4.1
    /// take `{"policy":{…}}`, older ones the bare `{enabled,data}`, and each
    /// refuses the other shape as invalid (400, nothing changed), so the
    /// bare shape is tried when the wrapped one fails validation.
    /// Turns the account recovery administration policy on (with or
    /// without automatic enrolment) or off.
    pub async fn set_account_recovery_policy(
        &self,
        organization_id: &str,
        enabled: bool,
        auto_enroll: bool,
    ) -> Result<Policy, ApiError> {
        let data = enabled
            .then(|| {
                serde_json::to_value(AccountRecoveryPolicyData {
                    auto_enroll_enabled: auto_enroll,
                })
            })
            .transpose()
            .map_err(|e| ApiError::Unsupported(format!("policy data: {e}")))?;
        self.update_policy(
            organization_id,
            ACCOUNT_RECOVERY_POLICY,
            &PolicyRequest { enabled, data },
        )
        .await
    }

    pub async fn update_policy(
        &self,
        organization_id: &str,
        policy_type: i64,
        policy: &PolicyRequest,
    ) -> Result<Policy, ApiError> {
        let policy_type = policy_type.to_string();
        let route = self.org_route(organization_id, &["policies", &policy_type])?;
        let wrapped = PolicyUpdateRequest {
            policy: policy.clone(),
            metadata: None,
        };
        match self.write_json(Method::PUT, &route, Some(&wrapped)).await {
            Err(ApiError::BadRequest(message)) if is_shape_refusal(&message) => {
                tracing::debug!("the server refused the wrapped policy body; sending the bare one");
                self.write_json(Method::PUT, &route, Some(policy)).await
            }
            other => other,
        }
    }
}

/// A model-validation failure (the body's shape), as opposed to a refusal
/// of the change itself, which names a reason.
fn is_shape_refusal(message: &str) -> bool {
    message.starts_with("The model state is invalid.")
        || message.starts_with("One or more validation errors occurred.")
}
