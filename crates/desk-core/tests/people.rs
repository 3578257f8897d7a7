//! The provider's people against the sandbox: invite, reinvite, change a
//! role, remove, and confirm with the fingerprint step — the provider key
//! wrapped to the person's key opens to the provider key itself.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD};
use desk_core::jobs::JobStatus;
use desk_core::members::ConfirmPreview;
use desk_core::people::{PeopleAction, PeopleConfirm, PeopleInvite, PersonRole, PersonStatus};

fn done(s: &desk_core::jobs::Submitted) {
    assert!(s.jobs.iter().all(|j| j.status == JobStatus::Done), "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_are_invited_changed_confirmed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = common::start(common::kept_in(&dir.path().join("server"))).await;
    let core = common::synced(sandbox.url(), &dir.path().join("desk"), DEMO_ADMIN_EMAIL).await;
    let page = core.people().await.unwrap();
    assert!(page.as_of.is_some());
    let emails: Vec<_> = page.people.iter().filter_map(|p| p.email.clone()).collect();
    assert!(emails.contains(&DEMO_ADMIN_EMAIL.to_owned()), "{emails:?}");

    // Invite: checked first (an existing person, a bad address).
    let invite = |emails: &[&str]| PeopleInvite {
        emails: emails.iter().map(|e| e.to_string()).collect(),
        role: PersonRole::ServiceUser,
    };
    assert!(
        core.people_invite_operations(invite(&[DEMO_ADMIN_EMAIL]))
            .await
            .is_err()
    );
    assert!(
        core.people_invite_operations(invite(&["not-an-address"]))
            .await
            .is_err()
    );
    let ops = core
        .people_invite_operations(invite(&["helper@demo-msp.example"]))
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    common::full_sync(&core).await;
    let invited = core
        .find_people(&["helper@demo-msp.example".to_owned()])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(invited.status, PersonStatus::Invited);

    let ops = core
        .people_action_operations(std::slice::from_ref(&invited.id), PeopleAction::Reinvite)
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let ops = core
        .people_role_operations(&invited.id, PersonRole::ProviderAdmin)
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let ops = core
        .people_action_operations(std::slice::from_ref(&invited.id), PeopleAction::Remove)
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    common::full_sync(&core).await;
    assert!(
        core.find_people(std::slice::from_ref(&invited.id))
            .await
            .is_err()
    );

    // Confirm: Alice accepted an invitation to the provider.
    let db = common::sandbox_db(&dir.path().join("server")).await;
    sqlx::query(
        "UPDATE provider_users SET status = 1, email = NULL, \
         user_id = (SELECT id FROM users WHERE email = 'alice@northwind.example') \
         WHERE email = 'newtech@demo-msp.example'",
    )
    .execute(&db)
    .await
    .unwrap();
    common::full_sync(&core).await;
    let alice = core
        .find_people(&["alice@northwind.example".to_owned()])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(alice.status, PersonStatus::Accepted);
    let previews = core
        .people_confirm_preview(std::slice::from_ref(&alice.id))
        .await
        .unwrap();
    assert_eq!(
        previews[0].fingerprint.split('-').count(),
        5,
        "{previews:?}"
    );
    let choose = |compared| PeopleConfirm {
        people: previews.iter().map(ConfirmPreview::choice).collect(),
        compared,
    };
    assert!(core.people_confirm_operations(choose(false)).await.is_err());
    let ops = core.people_confirm_operations(choose(true)).await.unwrap();
    done(&core.submit(ops, true).await.unwrap());

    // What Alice got opens to the provider's key.
    let (wrapped,): (String,) = sqlx::query_as("SELECT key FROM provider_users WHERE id = ?")
        .bind(&alice.id)
        .fetch_one(&db)
        .await
        .unwrap();
    let alice_session = sandbox
        .login("alice@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let hers = alice_session
        .private_key
        .decapsulate(&wrapped.parse().unwrap())
        .unwrap();
    let admin = sandbox
        .login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    let profile = sandbox
        .send(
            "GET",
            "/api/accounts/profile",
            Some(&admin.access_token),
            None,
        )
        .await
        .json();
    let provider_key: bw_crypto::EncString = profile["providers"][0]["key"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let theirs = admin.private_key.decapsulate(&provider_key).unwrap();
    assert_eq!(hers.to_bytes().expose(), theirs.to_bytes().expose());
}
