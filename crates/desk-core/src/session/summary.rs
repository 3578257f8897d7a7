//! The session as front ends show it: which accounts exist, which one is
//! unlocked, and the last sync.

use super::AccountSummary;
use crate::clients::count;
use crate::core::Core;
use crate::error::AppError;
use crate::sync::SyncOutcome;
use crate::time::iso8601;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Where an account lives, as sign-in screens offer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServerChoice {
    /// The sandbox built into the desktop app.
    Demo,
    Us,
    Eu,
    SelfHosted {
        url: String,
    },
}

impl ServerChoice {
    /// The `server` text `Core::login` takes.
    pub fn as_server(&self) -> String {
        match self {
            ServerChoice::Demo => crate::core::DEMO_SERVER.to_owned(),
            ServerChoice::Us => "us".to_owned(),
            ServerChoice::Eu => "eu".to_owned(),
            ServerChoice::SelfHosted { url } => url.trim().to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// No account on this machine can be unlocked: sign in.
    SignedOut,
    /// An account's snapshot is on disk; the master password opens it.
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LastSync {
    pub finished_at: String,
    pub outcome: SyncOutcome,
    pub errors: u32,
}

/// Who is signed in and whether the keys are in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub status: SessionStatus,
    /// The unlocked account, else the account the lock screen offers.
    pub account: Option<AccountSummary>,
    /// Every account that can be unlocked on this machine.
    pub accounts: Vec<AccountSummary>,
    /// Known only while unlocked (the run history is inside the snapshot).
    pub last_sync: Option<LastSync>,
}

impl Core {
    /// Signed out, locked or unlocked, and which account.
    pub async fn session_summary(&self) -> Result<SessionSummary, AppError> {
        let accounts: Vec<AccountSummary> = self
            .account_records()?
            .iter()
            .filter(|r| !r.signed_out)
            .map(AccountSummary::of)
            .collect();
        let guard = self.unlocked.read().await;
        if let Some(unlocked) = guard.as_ref() {
            let last_sync = unlocked
                .session
                .snapshot
                .last_finished_run()
                .await?
                .map(|run| LastSync {
                    finished_at: iso8601(run.finished_at),
                    // A run recorded by a newer build with an outcome this one
                    // does not know reads as failed: never as success.
                    outcome: SyncOutcome::parse(&run.outcome).unwrap_or(SyncOutcome::Failed),
                    errors: count(run.errors),
                });
            return Ok(SessionSummary {
                status: SessionStatus::Unlocked,
                account: Some(AccountSummary::of(&unlocked.session.record)),
                accounts,
                last_sync,
            });
        }
        Ok(SessionSummary {
            status: if accounts.is_empty() {
                SessionStatus::SignedOut
            } else {
                SessionStatus::Locked
            },
            account: accounts.first().cloned(),
            accounts,
            last_sync: None,
        })
    }
}
