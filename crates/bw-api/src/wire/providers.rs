//! Providers and provider users (`providers/{id}`, `providers/{id}/users…`).

use serde::{Deserialize, Serialize};

/// `GET providers/{id}` (`"object":"provider"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Provider {
    #[serde(default)]
    pub object: String,
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub business_address1: Option<String>,
    #[serde(default)]
    pub business_address2: Option<String>,
    #[serde(default)]
    pub business_address3: Option<String>,
    #[serde(default)]
    pub business_country: Option<String>,
    #[serde(default)]
    pub business_tax_number: Option<String>,
    #[serde(default)]
    pub billing_email: Option<String>,
    #[serde(default)]
    pub creation_date: String,
    /// ProviderType: 0 Msp, 1 Reseller, 2 BusinessUnit.
    #[serde(default, rename = "type")]
    pub provider_type: i64,
}

/// `PUT providers/{id}` (ProviderAdmin): name and business name (≤ 50;
/// self-hosted servers take these from the licence) and billing e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ProviderUpdateRequest {
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: String,
}

/// `providerUserUserDetails` (list) / `providerUser` (single).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ProviderUser {
    #[serde(default)]
    pub object: String,
    /// The ProviderUser id.
    pub id: String,
    #[serde(default)]
    pub user_id: Option<String>,
    /// ProviderUserType: 0 ProviderAdmin, 1 ServiceUser.
    #[serde(default, rename = "type")]
    pub user_type: i64,
    /// ProviderUserStatusType: 0 Invited, 1 Accepted, 2 Confirmed.
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub permissions: Option<serde_json::Value>,
    /// Details only (`Some(None)`: the account has no name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    /// Details only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `POST providers/{id}/users/invite`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderUserInviteRequest {
    /// 1 to [`MAX_INVITE_EMAILS`](super::members::MAX_INVITE_EMAILS) addresses.
    pub emails: Vec<String>,
    /// ProviderUserType.
    #[serde(rename = "type")]
    pub user_type: i64,
}

/// `PUT providers/{id}/users/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderUserUpdateRequest {
    /// ProviderUserType.
    #[serde(rename = "type")]
    pub user_type: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn provider_user_bodies_use_the_contract_names() {
        let invite = ProviderUserInviteRequest {
            emails: vec!["a@x".into()],
            user_type: 1,
        };
        assert_eq!(
            serde_json::to_value(&invite).unwrap(),
            json!({"emails": ["a@x"], "type": 1})
        );
        assert_eq!(
            serde_json::to_value(ProviderUserUpdateRequest { user_type: 0 }).unwrap(),
            json!({"type": 0})
        );
    }
}
