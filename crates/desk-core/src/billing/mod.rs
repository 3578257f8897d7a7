//! Billing: the provider's (Provider Portal → Billing and Settings) and each
//! client's (Admin Console → Billing).
//!
//! Everything here is read from the snapshot, so it opens offline with the
//! time it was read; a sync reads it again ([`sync_provider_billing`] and
//! the client sync). What Bitwarden refuses — a service user's invoices, a
//! self-hosted server's billing — is stored as the refusal and shown in the
//! server's own words, never as an empty page. Changes (business details,
//! billing address, a client's billing e-mail) are operations in the one
//! write path; saving an invoice's per-client CSV is a download, online only.

pub mod operation;
mod view;
mod write;

pub use operation::BillingOperation;
pub use view::*;
pub use write::{ClientBillingInput, ProviderDetailsInput};

use crate::clients::providers;
use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::sends::SavedFile;
use crate::sync::fetch::refusal;
use bw_api::client::{ApiError, BwClient};
use desk_cache::{Fetched, ProviderBillingRow, ProviderRow};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why a service user sees no invoices or address (Bitwarden answers 403
/// without a word).
const ADMINS_ONLY: &str =
    "Bitwarden shows the provider's invoices and billing address to its provider admins only.";

/// Why a provider without consolidated billing has no subscription here.
const NOT_CONSOLIDATED: &str = "This provider has no consolidated billing: each client pays its own subscription (see the client's Billing page).";

/// Reads one part of the provider's billing: its raw answer, or the
/// server's refusal (kept: the page says it). Anything else — the network,
/// a 5xx, an answer that does not decode — fails the read so the stored
/// billing stays as it was.
async fn part<T, F>(read: F, admin_only: bool, admin: bool) -> Result<Fetched, AppError>
where
    T: Serialize,
    F: std::future::Future<Output = Result<T, ApiError>>,
{
    if admin_only && !admin {
        return Ok(Fetched {
            raw: None,
            error: Some(ADMINS_ONLY.to_owned()),
        });
    }
    match read.await {
        Ok(value) => Ok(Fetched {
            raw: Some(serde_json::to_string(&value).map_err(|e| {
                AppError::new(ErrorCode::Internal, format!("billing not stored: {e}"))
            })?),
            error: None,
        }),
        // Bitwarden's 403 says no word; say what it means here.
        Err(ApiError::Refused) => Ok(Fetched {
            raw: None,
            error: Some(if admin {
                "The server does not let this account read it.".to_owned()
            } else {
                ADMINS_ONLY.to_owned()
            }),
        }),
        Err(error) => match refusal(&error) {
            Some(reason) => Ok(Fetched {
                raw: None,
                error: Some(reason),
            }),
            None => Err(error.into()),
        },
    }
}

/// Reads the provider's business details and billing (each part its own
/// route) and stores them together; nothing is stored when one part fails
/// for a reason other than a refusal.
#[tracing::instrument(skip_all, fields(provider = %provider.id))]
pub(crate) async fn sync_provider_billing(
    session: &crate::session::Session,
    client: &BwClient,
    provider: &ProviderRow,
) -> Result<(), AppError> {
    let admin = providers::is_admin(provider);
    let id = provider.id.as_str();
    // The warnings route carries the `[SelfHosted]` filter, so it is read
    // first: a self-hosted server says "Only allowed when not self hosted."
    // there, while its subscription and invoice routes fail with a bare 500
    // (no Stripe). Its words then stand for every billing part.
    let warnings = part(client.provider_billing_warnings(id), false, admin).await?;
    let self_hosted = warnings
        .error
        .as_deref()
        .filter(|e| e.contains("not self hosted"))
        .map(str::to_owned);
    let said = |text: &str| Fetched {
        raw: None,
        error: Some(text.to_owned()),
    };
    let (subscription, invoices) = if let Some(words) = &self_hosted {
        (said(words), said(words))
    } else if !providers::consolidated(provider) {
        // Without consolidated billing Bitwarden keeps no provider
        // subscription (its routes answer a bare "Unauthorized.").
        (said(NOT_CONSOLIDATED), said(NOT_CONSOLIDATED))
    } else {
        (
            part(client.provider_subscription(id), false, admin).await?,
            part(client.provider_invoices(id), true, admin).await?,
        )
    };
    let address = match &self_hosted {
        Some(words) => said(words),
        None => part(client.provider_billing_address(id), true, admin).await?,
    };
    let row = ProviderBillingRow {
        details: part(client.provider(id), false, admin).await?,
        subscription,
        invoices,
        address,
        warnings,
        synced_at: crate::time::now_ms(),
    };
    session.snapshot.apply_provider_billing(id, &row).await?;
    Ok(())
}

impl Core {
    /// The provider this account works for: the one it administers, else
    /// the first it is a confirmed service user of.
    pub(crate) async fn billing_provider(&self) -> Result<ProviderRow, AppError> {
        let unlocked = self.unlocked().await?;
        let providers = unlocked.session.snapshot.providers().await?;
        providers::portal(&providers).cloned().ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "This account is not a confirmed member of a provider.",
            )
        })
    }

    /// The provider's billing and business details as the last sync read
    /// them (Provider Portal → Billing and Settings; `pdesk provider billing`).
    pub async fn provider_billing(&self) -> Result<ProviderBillingPage, AppError> {
        let provider = self.billing_provider().await?;
        let stored = {
            let unlocked = self.unlocked().await?;
            unlocked
                .session
                .snapshot
                .provider_billing(&provider.id)
                .await?
        };
        Ok(view::provider_page(&provider, stored.as_ref()))
    }

    /// A client's Billing page: plan, seats, its own subscription (or why
    /// it has none) and its billing details, from the snapshot.
    pub async fn client_billing(
        &self,
        organization_id: &str,
    ) -> Result<ClientBillingPage, AppError> {
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let row = crate::clients::stored_client(snapshot, organization_id).await?;
        let members = crate::members::member_views(snapshot, organization_id).await?;
        let providers = snapshot.providers().await?;
        let seats = crate::members::seats::summary(&row, &members, &providers);
        let stored = snapshot.client_billing(organization_id).await?;
        Ok(view::client_page(&row, seats, stored.as_ref()))
    }

    /// The default place for an invoice's CSV: `dir/<provider>-invoice-<number>.csv`,
    /// numbered when taken.
    pub async fn invoice_csv_path(
        &self,
        invoice_id: &str,
        dir: &Path,
    ) -> Result<PathBuf, AppError> {
        let page = self.provider_billing().await?;
        let number = page
            .invoices
            .iter()
            .flatten()
            .find(|i| i.id == invoice_id)
            .map(|i| i.number.clone())
            .unwrap_or_else(|| invoice_id.to_owned());
        let stem = format!(
            "{}-invoice-{}",
            crate::private_fs::file_stem(&page.provider_name),
            crate::private_fs::file_stem(&number)
        );
        Ok(crate::private_fs::unused_path(dir, &stem, "csv"))
    }

    /// Fetches one invoice's per-client report and writes it to `path`
    /// exactly as the server sent it (provider admins; online). An existing
    /// file is replaced only when `replace` says so.
    #[tracing::instrument(skip_all)]
    pub async fn save_invoice_csv(
        &self,
        invoice_id: &str,
        path: &Path,
        replace: bool,
    ) -> Result<SavedFile, AppError> {
        let provider = self.billing_provider().await?;
        if !providers::is_admin(&provider) {
            return Err(AppError::new(ErrorCode::Forbidden, ADMINS_ONLY));
        }
        if path.is_dir() {
            return Err(AppError::invalid_input(format!(
                "{} is a folder; give the file's name too.",
                path.display()
            )));
        }
        if !replace && path.exists() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("{} exists already; choose another name.", path.display()),
            ));
        }
        let bytes = {
            let unlocked = self.unlocked().await?;
            unlocked
                .client
                .provider_invoice_csv(&provider.id, invoice_id)
                .await?
        };
        SavedFile::write(path, &bytes)
    }
}
