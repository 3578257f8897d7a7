//! Policies (ManagePolicies; provider users may).
//!
//! | route | function |
//! |---|---|
//! | `GET organizations/{id}/policies` | [`BwClient::policies`] |
//! | `PUT organizations/{id}/policies/{type}` | [`BwClient::update_policy`] |

use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::policies::{Policy, PolicyRequest, PolicyUpdateRequest};
use reqwest::Method;

impl BwClient {
    /// Every policy the organization has set.
    pub async fn policies(&self, organization_id: &str) -> Result<Vec<Raw<Policy>>, ApiError> {
        self.get_list(&self.route(&["organizations", organization_id, "policies"])?)
            .await
    }

    /// Turns a policy on or off with its settings. Servers since v2026.4.1
    /// take `{"policy":{…}}`, older ones the bare `{enabled,data}`, and each
    /// refuses the other shape as invalid (400, nothing changed), so the
    /// bare shape is tried when the wrapped one fails validation.
    pub async fn update_policy(
        &self,
        organization_id: &str,
        policy_type: i64,
        policy: &PolicyRequest,
    ) -> Result<Policy, ApiError> {
        let policy_type = policy_type.to_string();
        let route = self.route(&["organizations", organization_id, "policies", &policy_type])?;
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
