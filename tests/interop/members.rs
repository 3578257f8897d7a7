//! Member tasks made by Provider Desk, checked by the official CLI: a
//! member we confirm decrypts the org's items (so the org key we wrapped to
//! their key is right), `bw list org-members` shows the status and role we
//! set, and a member whose password we reset signs in with the new one
//! (and is told to choose their own, as after a reset by an admin).

use super::{Bw, cli_path};
use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD};
use desk_core::members::{
    CollectionGrant, CollectionLevel, ConfirmInput, EditMemberInput, MemberAccess, NewPassword,
    RecoverInput, Role,
};
use serde_json::Value;

/// A new `bw` profile pointed at the sandbox.
async fn bw_profile(
    bin: &std::path::Path,
    dir: &std::path::Path,
    ca: &std::path::Path,
    url: &str,
    name: &str,
) -> Bw {
    let bw = Bw {
        bin: bin.to_path_buf(),
        appdata: dir.join(name),
        ca: ca.to_path_buf(),
        session: None,
    };
    bw.ok(&["config", "server", url]).await;
    bw
}

pub(super) async fn bw_login(
    bin: &std::path::Path,
    dir: &std::path::Path,
    ca: &std::path::Path,
    url: &str,
    email: &str,
    password: &str,
) -> Bw {
    let mut bw = bw_profile(bin, dir, ca, url, email).await;
    let session = bw.ok(&["login", email, password, "--raw"]).await;
    bw.session = Some(session.trim().to_owned());
    bw.ok(&["sync"]).await;
    bw
}

fn done(jobs: &desk_core::jobs::Submitted) {
    assert!(
        jobs.jobs
            .iter()
            .all(|j| j.status == desk_core::jobs::JobStatus::Done),
        "{jobs:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Node and the official Bitwarden CLI; runs ~30 s of `bw` calls"]
async fn official_cli_reads_what_our_member_changes_made() {
    let bin = cli_path();
    let dir = tempfile::tempdir().unwrap();

    // Provider Desk, signed in as the demo admin (an owner of Northwind).
    let super::Desk {
        sandbox: _sandbox,
        ca,
        url,
        core,
        org,
    } = super::desk_on_northwind(dir.path()).await;
    let page = core.members_page(&org).await.unwrap();
    let id = |email: &str| {
        page.members
            .iter()
            .find(|m| m.email.as_deref() == Some(email))
            .unwrap()
            .id
            .clone()
    };
    let infrastructure = page
        .collections
        .iter()
        .find(|c| c.name == "Infrastructure")
        .unwrap()
        .id
        .clone();

    // Bob accepted; we give him Can view on Infrastructure and confirm him
    // after the fingerprint step.
    let bob = id("bob@northwind.example");
    let ops = core
        .edit_member_operations(EditMemberInput {
            organization_id: org.clone(),
            member_id: bob.clone(),
            access: MemberAccess {
                role: Role::User,
                permissions: vec![],
                collections: vec![CollectionGrant {
                    collection_id: infrastructure,
                    level: CollectionLevel::View,
                }],
                groups: vec![],
            },
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let preview = core
        .confirm_preview(&org, std::slice::from_ref(&bob))
        .await
        .unwrap();
    let ops = core
        .confirm_operations(ConfirmInput {
            organization_id: org.clone(),
            members: vec![preview[0].choice()],
            compared: true,
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());

    // Bob, in the official CLI, decrypts the org's items with the org key
    // we wrapped to his public key.
    let bob_cli = bw_login(
        &bin,
        dir.path(),
        &ca,
        &url,
        "bob@northwind.example",
        DEMO_PASSWORD,
    )
    .await;
    let items = bob_cli
        .json(&["list", "items", "--organizationid", &org])
        .await;
    let items = items.as_array().unwrap();
    assert!(!items.is_empty(), "bob sees Infrastructure's items");
    let seeded = bw_sandbox::demo_direct_org_items();
    for item in items {
        let want = seeded
            .iter()
            .find(|d| item["name"] == d.name)
            .unwrap_or_else(|| panic!("{item} is not a seeded item (did it decrypt?)"));
        assert_eq!(item["login"]["password"], want.password, "{item}");
    }

    // The owner's official CLI sees the status and role we set.
    let admin_cli = bw_login(&bin, dir.path(), &ca, &url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD).await;
    let members: Value = admin_cli
        .json(&["list", "org-members", "--organizationid", &org])
        .await;
    let entry = super::entry(&members, "email", "bob@northwind.example");
    assert_eq!(entry["status"], 2, "{entry}");
    assert_eq!(entry["type"], 2, "{entry}");

    // Alice (enrolled in account recovery): reset with a generated password;
    // she signs in with the official CLI and reads her vault.
    let outcome = core
        .recover_account(RecoverInput {
            organization_id: org.clone(),
            member_id: id("alice@northwind.example"),
            new_password: NewPassword::Generate,
            reset_two_factor: false,
        })
        .await
        .unwrap();
    done(&outcome.submitted);
    let password = outcome.generated_password.unwrap();
    let (ok, _, stderr) = bw_profile(&bin, dir.path(), &ca, &url, "alice-old")
        .await
        .run(&["login", "alice@northwind.example", DEMO_PASSWORD, "--raw"])
        .await;
    assert!(
        !ok && stderr.contains("Invalid master password"),
        "the old password no longer works: {stderr}"
    );
    // The new password authenticates; the official CLI then does what
    // Bitwarden's clients do after an admin reset (the server flags the
    // account): it asks for a new master password before opening the vault.
    // That the wrapped user key opens under the new password is shown by
    // Provider Desk's own sign-in in desk-core's members test.
    let (ok, _, stderr) = bw_profile(&bin, dir.path(), &ca, &url, "alice-new")
        .await
        .run(&["login", "alice@northwind.example", &password, "--raw"])
        .await;
    assert!(
        !ok && stderr.contains("administrator recently changed your master password"),
        "the new password is accepted and the reset announced: {stderr}"
    );
}
