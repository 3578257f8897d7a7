//! Account state.
//!
//! | route | function |
//! |---|---|
//! | `GET accounts/profile` | [`BwClient::profile`] |
//! | `GET accounts/revision-date` | [`BwClient::revision_date`] |
//! | `GET users/{id}/public-key` | [`BwClient::user_public_key`] |
//! | `GET config` | [`BwClient::server_features`] |
//!
//! `GET sync` is not called: it downloads the whole personal vault and every
//! org item the user is a member for, while the profile is all the desk needs
//! from it (client items come from the org routes).

use crate::client::{ApiError, BwClient};
use crate::wire::Raw;
use crate::wire::account::{Profile, ServerFeatures, UserKeyResponse};
use serde_json::Value;

impl BwClient {
    /// The signed-in user's profile: keys, direct memberships (with org keys
    /// wrapped to the user), confirmed providers (with provider keys) and
    /// the providers' client organizations. The raw JSON is kept so each
    /// entry can be stored as the server sent it.
    #[tracing::instrument(skip_all)]
    pub async fn profile(&self) -> Result<Raw<Profile>, ApiError> {
        self.get_raw(&self.route(&["accounts", "profile"])?).await
    }

    /// When the user's own vault or memberships last changed (Unix ms), or
    /// `None` when the server has no date. Client orgs reached only through
    /// a provider do not move it.
    pub async fn revision_date(&self) -> Result<Option<i64>, ApiError> {
        let route = self.route(&["accounts", "revision-date"])?;
        match self.get_value(&route).await? {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| ApiError::decode(route.what(), "$", "not a whole number")),
            _ => Err(ApiError::decode(route.what(), "$", "expected a number")),
        }
    }

    /// A user's public key (to confirm them or share a key with them).
    pub async fn user_public_key(&self, user_id: &str) -> Result<UserKeyResponse, ApiError> {
        self.get(&self.route(&["users", user_id, "public-key"])?)
            .await
    }

    /// The server's version and feature flags (anonymous; e.g. whether new
    /// items get their own key: `cipher-key-encryption`).
    pub async fn server_features(&self) -> Result<ServerFeatures, ApiError> {
        self.get(&self.route(&["config"])?).await
    }
}
