//! Helping a client's users get started — the help page's second table
//! (register, training, import, two-step login, the apps, weekly demos) as
//! resources, and each member's progress: invited → accepted → confirmed,
//! two-step login on, account recovery enrolled (where its policy is on),
//! with the next step, the resource for it and a short message the
//! technician can send (English or Spanish).

use crate::core::Core;
use crate::error::AppError;
use crate::lang::Lang;
use crate::members::{MemberStatus, MemberView};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// A resource for the client's users: a page on bitwarden.com. Only these
/// can be opened from the app, and only in the system browser.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Create a Bitwarden account (accepting an invitation).
    Register,
    /// Bitwarden's recorded trainings.
    TrainingVideos,
    /// Import data from another password manager.
    ImportData,
    /// Set up two-step login.
    TwoStepLogin,
    /// The apps: browser extensions, mobile, desktop.
    Apps,
    /// Bitwarden's weekly live demos and events.
    WeeklyDemos,
    /// Account recovery (enrolling lets an admin reset a forgotten password).
    AccountRecovery,
}

impl Resource {
    /// In the order of the help page's table (account recovery last).
    pub const ALL: &'static [Resource] = &[
        Resource::Register,
        Resource::TrainingVideos,
        Resource::ImportData,
        Resource::TwoStepLogin,
        Resource::Apps,
        Resource::WeeklyDemos,
        Resource::AccountRecovery,
    ];

    /// The page (every one `https://` on bitwarden.com: a test holds it).
    pub fn url(self) -> &'static str {
        match self {
            Resource::Register => "https://bitwarden.com/help/create-bitwarden-account/",
            Resource::TrainingVideos => "https://bitwarden.com/learning/",
            Resource::ImportData => "https://bitwarden.com/help/import-data/",
            Resource::TwoStepLogin => "https://bitwarden.com/help/setup-two-step-login/",
            Resource::Apps => "https://bitwarden.com/download/",
            Resource::WeeklyDemos => "https://bitwarden.com/events/",
            Resource::AccountRecovery => "https://bitwarden.com/help/account-recovery/",
        }
    }

    /// Every resource's page, for the UI to show the address as text (it
    /// never opens one itself: see `open_resource`).
    pub fn urls() -> std::collections::BTreeMap<Resource, &'static str> {
        Resource::ALL.iter().map(|r| (*r, r.url())).collect()
    }

    fn phrase(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Resource::Register, Lang::En) => "how to create your Bitwarden account",
            (Resource::Register, Lang::Es) => "cómo crear su cuenta de Bitwarden",
            (Resource::TrainingVideos, Lang::En) => "Bitwarden's training videos",
            (Resource::TrainingVideos, Lang::Es) => "los vídeos de formación de Bitwarden",
            (Resource::ImportData, Lang::En) => "how to import your passwords",
            (Resource::ImportData, Lang::Es) => "cómo importar sus contraseñas",
            (Resource::TwoStepLogin, Lang::En) => "how to turn on two-step login",
            (Resource::TwoStepLogin, Lang::Es) => "cómo activar el inicio de sesión en dos pasos",
            (Resource::Apps, Lang::En) => "the Bitwarden apps",
            (Resource::Apps, Lang::Es) => "las aplicaciones de Bitwarden",
            (Resource::WeeklyDemos, Lang::En) => "Bitwarden's weekly demos",
            (Resource::WeeklyDemos, Lang::Es) => "las demostraciones semanales de Bitwarden",
            (Resource::AccountRecovery, Lang::En) => "how account recovery works",
            (Resource::AccountRecovery, Lang::Es) => "cómo funciona la recuperación de cuenta",
        }
    }
}

/// What a member has yet to do (or wait for), first thing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    /// Accept the invitation (creating an account if needed).
    AcceptInvite,
    /// Nothing for the user: an admin confirms them (the Members page).
    AwaitConfirmation,
    /// Turn on two-step login.
    TurnOnTwoStep,
    /// Enroll in account recovery (its policy is on).
    EnrollRecovery,
}

impl OnboardingStep {
    /// The resource that helps with this step; none when it is the
    /// technician's to do.
    pub fn resource(self) -> Option<Resource> {
        match self {
            OnboardingStep::AcceptInvite => Some(Resource::Register),
            OnboardingStep::AwaitConfirmation => None,
            OnboardingStep::TurnOnTwoStep => Some(Resource::TwoStepLogin),
            OnboardingStep::EnrollRecovery => Some(Resource::AccountRecovery),
        }
    }
}

/// One member's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberProgress {
    pub member_id: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub status: MemberStatus,
    pub accepted: bool,
    pub confirmed: bool,
    pub two_step: bool,
    /// `None` where the account recovery policy is off.
    pub recovery_enrolled: Option<bool>,
    /// Days since the invitation, for members still invited.
    pub invited_days: Option<u32>,
    /// Invited more than five days ago: send the invitation again.
    pub stale_invite: bool,
    pub next: Option<OnboardingStep>,
    pub resource: Option<Resource>,
    /// A short message for the member about the next step (none when the
    /// next step is the technician's, or there is none).
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingCounts {
    pub members: u32,
    pub accepted: u32,
    pub confirmed: u32,
    pub two_step: u32,
    pub recovery_enrolled: u32,
    /// Every step done.
    pub complete: u32,
    pub stale_invites: u32,
}

/// A client's onboarding view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingPage {
    pub organization_id: String,
    pub client_name: String,
    pub as_of: Option<String>,
    pub recovery_policy: bool,
    pub members: Vec<MemberProgress>,
    pub counts: OnboardingCounts,
}

const STALE_INVITE_DAYS: i64 = 5;

/// The message for a member's next step (pure).
pub fn message(
    step: OnboardingStep,
    name: Option<&str>,
    client: &str,
    lang: Lang,
) -> Option<String> {
    let resource = step.resource()?;
    let hello = match (lang, name.filter(|n| !n.trim().is_empty())) {
        (Lang::En, Some(n)) => format!("Hello {n},"),
        (Lang::En, None) => "Hello,".to_owned(),
        (Lang::Es, Some(n)) => format!("Hola, {n}:"),
        (Lang::Es, None) => "Hola:".to_owned(),
    };
    let ask = match (step, lang) {
        (OnboardingStep::AcceptInvite, Lang::En) => format!(
            "you have been invited to {client}'s Bitwarden organization. Please accept the invitation in the e-mail from Bitwarden (creating your account if you have none)."
        ),
        (OnboardingStep::AcceptInvite, Lang::Es) => format!(
            "le hemos invitado a la organización de Bitwarden de {client}. Acepte la invitación del correo de Bitwarden (y cree su cuenta si aún no tiene una)."
        ),
        (OnboardingStep::TurnOnTwoStep, Lang::En) => format!(
            "to keep {client}'s passwords safe, please turn on two-step login for your Bitwarden account."
        ),
        (OnboardingStep::TurnOnTwoStep, Lang::Es) => format!(
            "para proteger las contraseñas de {client}, active el inicio de sesión en dos pasos en su cuenta de Bitwarden."
        ),
        (OnboardingStep::EnrollRecovery, Lang::En) => format!(
            "please enroll in account recovery for {client} (Bitwarden → Settings → Organizations), so we can help if you ever forget your master password."
        ),
        (OnboardingStep::EnrollRecovery, Lang::Es) => format!(
            "inscríbase en la recuperación de cuenta de {client} (Bitwarden → Configuración → Organizaciones), para que podamos ayudarle si olvida su contraseña maestra."
        ),
        (OnboardingStep::AwaitConfirmation, _) => return None,
    };
    let see = match lang {
        Lang::En => format!(
            "This page explains {}: {}",
            resource.phrase(lang),
            resource.url()
        ),
        Lang::Es => format!(
            "Esta página explica {}: {}",
            resource.phrase(lang),
            resource.url()
        ),
    };
    Some(format!(
        "{hello}\n\n{} {ask}\n\n{see}",
        match lang {
            Lang::En => "Welcome —",
            Lang::Es => "Bienvenido/a:",
        }
    ))
}

/// A member's progress (pure). `invited_at` in ms, where known.
pub fn progress(
    m: &MemberView,
    recovery_on: bool,
    invited_at: Option<i64>,
    now_ms: i64,
    client: &str,
    lang: Lang,
) -> MemberProgress {
    let accepted = matches!(m.status, MemberStatus::Accepted | MemberStatus::Confirmed);
    let confirmed = m.status == MemberStatus::Confirmed;
    let invited = m.status == MemberStatus::Invited;
    let invited_days = invited
        .then(|| {
            invited_at
                .map(|at| u32::try_from((now_ms - at).max(0) / 86_400_000).unwrap_or(u32::MAX))
        })
        .flatten();
    let stale_invite =
        invited && invited_at.is_some_and(|at| at < now_ms - STALE_INVITE_DAYS * 86_400_000);
    let recovery_enrolled = recovery_on.then_some(m.recovery_enrolled);
    let next = match m.status {
        MemberStatus::Invited => Some(OnboardingStep::AcceptInvite),
        MemberStatus::Accepted => Some(OnboardingStep::AwaitConfirmation),
        MemberStatus::Confirmed if !m.two_factor_enabled => Some(OnboardingStep::TurnOnTwoStep),
        MemberStatus::Confirmed if recovery_enrolled == Some(false) => {
            Some(OnboardingStep::EnrollRecovery)
        }
        // Revoked members and newer statuses: nothing to suggest.
        _ => None,
    };
    MemberProgress {
        member_id: m.id.clone(),
        email: m.email.clone(),
        name: m.name.clone(),
        status: m.status,
        accepted,
        confirmed,
        two_step: m.two_factor_enabled,
        recovery_enrolled,
        invited_days,
        stale_invite,
        resource: next.and_then(OnboardingStep::resource),
        message: next.and_then(|step| message(step, m.name.as_deref(), client, lang)),
        next,
    }
}

impl Core {
    /// A client's onboarding view, from the snapshot (works offline).
    #[tracing::instrument(skip_all)]
    pub async fn onboarding(
        &self,
        organization_id: &str,
        lang: Lang,
    ) -> Result<OnboardingPage, AppError> {
        let page = self.members_page(organization_id).await?;
        let invited: HashMap<String, i64> = self.member_creation_times(organization_id).await?;
        let now = crate::time::now_ms();
        let recovery_on = page.recovery.enabled;
        let members: Vec<MemberProgress> = page
            .members
            .iter()
            .filter(|m| m.status != MemberStatus::Revoked)
            .map(|m| {
                progress(
                    m,
                    recovery_on,
                    invited.get(&m.id).copied(),
                    now,
                    &page.client_name,
                    lang,
                )
            })
            .collect();
        let n = |f: &dyn Fn(&MemberProgress) -> bool| {
            u32::try_from(members.iter().filter(|m| f(m)).count()).unwrap_or(u32::MAX)
        };
        let counts = OnboardingCounts {
            members: n(&|_| true),
            accepted: n(&|m| m.accepted),
            confirmed: n(&|m| m.confirmed),
            two_step: n(&|m| m.two_step),
            recovery_enrolled: n(&|m| m.recovery_enrolled == Some(true)),
            complete: n(&|m| m.next.is_none() && m.confirmed),
            stale_invites: n(&|m| m.stale_invite),
        };
        Ok(OnboardingPage {
            organization_id: organization_id.to_owned(),
            client_name: page.client_name,
            as_of: page.as_of,
            recovery_policy: recovery_on,
            members,
            counts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::MemberRole;

    fn member(status: MemberStatus, two_step: bool, enrolled: bool) -> MemberView {
        MemberView {
            id: "m1".into(),
            user_id: Some("u1".into()),
            email: Some("ana@client.example".into()),
            name: Some("Ana".into()),
            role: MemberRole::User,
            status,
            two_factor_enabled: two_step,
            recovery_enrolled: enrolled,
            permissions: Vec::new(),
            collections: Vec::new(),
            groups: Vec::new(),
            uses_key_connector: false,
            has_master_password: true,
        }
    }

    #[test]
    fn every_resource_is_https_on_bitwarden_com() {
        for r in Resource::ALL {
            let url = url::Url::parse(r.url()).unwrap();
            assert_eq!(url.scheme(), "https", "{r:?}");
            assert_eq!(url.host_str(), Some("bitwarden.com"), "{r:?}");
            assert!(url.username().is_empty() && url.password().is_none() && url.query().is_none());
        }
    }

    #[test]
    fn the_next_step_follows_the_member() {
        let now = 100 * 86_400_000;
        let day = 86_400_000;
        let p = progress(
            &member(MemberStatus::Invited, false, false),
            true,
            Some(now - 8 * day),
            now,
            "Acme",
            Lang::En,
        );
        assert_eq!(
            (p.next, p.resource, p.stale_invite, p.invited_days),
            (
                Some(OnboardingStep::AcceptInvite),
                Some(Resource::Register),
                true,
                Some(8)
            )
        );
        assert!(
            p.message
                .as_deref()
                .unwrap()
                .contains(Resource::Register.url())
        );
        let p = progress(
            &member(MemberStatus::Invited, false, false),
            true,
            Some(now - 2 * day),
            now,
            "Acme",
            Lang::En,
        );
        assert!(!p.stale_invite);
        let p = progress(
            &member(MemberStatus::Accepted, false, false),
            true,
            None,
            now,
            "Acme",
            Lang::En,
        );
        assert_eq!(
            (p.next, p.message),
            (Some(OnboardingStep::AwaitConfirmation), None)
        );
        let p = progress(
            &member(MemberStatus::Confirmed, false, false),
            true,
            None,
            now,
            "Acme",
            Lang::Es,
        );
        assert_eq!(p.next, Some(OnboardingStep::TurnOnTwoStep));
        assert!(p.message.as_deref().unwrap().starts_with("Hola, Ana:"));
        let p = progress(
            &member(MemberStatus::Confirmed, true, false),
            true,
            None,
            now,
            "Acme",
            Lang::En,
        );
        assert_eq!(p.next, Some(OnboardingStep::EnrollRecovery));
        let p = progress(
            &member(MemberStatus::Confirmed, true, false),
            false,
            None,
            now,
            "Acme",
            Lang::En,
        );
        assert_eq!((p.next, p.recovery_enrolled), (None, None));
        let p = progress(
            &member(MemberStatus::Confirmed, true, true),
            true,
            None,
            now,
            "Acme",
            Lang::En,
        );
        assert_eq!(p.next, None);
    }
}
