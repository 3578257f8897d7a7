//! The onboarding view against the demo seed: Northwind's invited member
//! with a stale invitation, the accepted one awaiting confirmation, members
//! without two-step login, account recovery enrolment where its policy is
//! on; messages in English and Spanish name the right resource.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::demo_synced;
use desk_core::lang::Lang;
use desk_core::onboarding::{OnboardingStep, Resource};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn northwinds_members_and_their_next_steps() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = common::client_id(&core, DEMO_DIRECT_ORG_NAME).await;
    let page = core.onboarding(&org, Lang::En).await.unwrap();
    let by = |email: &str| {
        page.members
            .iter()
            .find(|m| m.email.as_deref() == Some(email))
            .unwrap_or_else(|| panic!("{email} missing"))
    };
    let carol = by("carol@northwind.example");
    assert_eq!(carol.next, Some(OnboardingStep::AcceptInvite));
    assert!(carol.stale_invite, "{carol:?}");
    assert_eq!(carol.resource, Some(Resource::Register));
    assert!(
        carol
            .message
            .as_deref()
            .unwrap()
            .contains(Resource::Register.url())
    );
    let bob = by("bob@northwind.example");
    assert_eq!(bob.next, Some(OnboardingStep::AwaitConfirmation));
    assert_eq!(bob.message, None, "the technician's step");
    assert!(page.recovery_policy);
    let admin = by(DEMO_ADMIN_EMAIL);
    assert_eq!(admin.recovery_enrolled, Some(false));
    assert!(matches!(
        admin.next,
        Some(OnboardingStep::TurnOnTwoStep | OnboardingStep::EnrollRecovery)
    ));
    assert_eq!(page.counts.stale_invites, 1);
    assert_eq!(page.counts.members as usize, page.members.len());
    assert!(page.counts.complete <= page.counts.confirmed);

    let es = core.onboarding(&org, Lang::Es).await.unwrap();
    let carol = es
        .members
        .iter()
        .find(|m| m.email.as_deref() == Some("carol@northwind.example"))
        .unwrap();
    assert!(carol.message.as_deref().unwrap().contains("invitación"));
}
