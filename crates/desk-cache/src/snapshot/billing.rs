//! Billing: the provider's (business details, subscription, invoices,
//! address, warnings) and each client's own subscription.

use super::Snapshot;
use crate::CacheError;
use crate::rows::{Fetched, ProviderBillingRow};

#[derive(sqlx::FromRow)]
struct StoredProviderBilling {
    details: Option<String>,
    details_error: Option<String>,
    subscription: Option<String>,
    subscription_error: Option<String>,
    invoices: Option<String>,
    invoices_error: Option<String>,
    address: Option<String>,
    address_error: Option<String>,
    warnings: Option<String>,
    warnings_error: Option<String>,
    synced_at: i64,
}

fn fetched(raw: Option<String>, error: Option<String>) -> Fetched {
    Fetched { raw, error }
}

impl Snapshot {
    /// Replaces what is stored of a provider's billing with one sync's read.
    pub async fn apply_provider_billing(
        &self,
        provider_id: &str,
        row: &ProviderBillingRow,
    ) -> Result<(), CacheError> {
        sqlx::query(
            "INSERT OR REPLACE INTO provider_billing (provider_id, details, details_error, \
             subscription, subscription_error, invoices, invoices_error, address, address_error, \
             warnings, warnings_error, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(provider_id)
        .bind(&row.details.raw)
        .bind(&row.details.error)
        .bind(&row.subscription.raw)
        .bind(&row.subscription.error)
        .bind(&row.invoices.raw)
        .bind(&row.invoices.error)
        .bind(&row.address.raw)
        .bind(&row.address.error)
        .bind(&row.warnings.raw)
        .bind(&row.warnings.error)
        .bind(row.synced_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// A provider's billing as the last sync that read it stored it.
    pub async fn provider_billing(
        &self,
        provider_id: &str,
    ) -> Result<Option<ProviderBillingRow>, CacheError> {
        let stored: Option<StoredProviderBilling> =
            sqlx::query_as("SELECT * FROM provider_billing WHERE provider_id = ?")
                .bind(provider_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(stored.map(|s| ProviderBillingRow {
            details: fetched(s.details, s.details_error),
            subscription: fetched(s.subscription, s.subscription_error),
            invoices: fetched(s.invoices, s.invoices_error),
            address: fetched(s.address, s.address_error),
            warnings: fetched(s.warnings, s.warnings_error),
            synced_at: s.synced_at,
        }))
    }

    /// A client's own subscription as last synced: the raw answer (`None`
    /// when the server gave none) and why not; `None` when never read.
    pub async fn client_billing(
        &self,
        organization_id: &str,
    ) -> Result<Option<Fetched>, CacheError> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT raw, error FROM billing WHERE organization_id = ?")
                .bind(organization_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(raw, error)| Fetched {
            raw: (raw != "null").then_some(raw),
            error,
        }))
    }
}
