//! The Admin Console's member tasks against the sandbox, through the write
//! path: invite, confirm with the fingerprint step, edit, revoke, restore,
//! remove, seats and account recovery — and each refusal.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_SERVICE_USER_EMAIL};
use common::{demo_synced, login, sign_in_with};
use desk_core::ErrorCode;
use desk_core::core::Core;
use desk_core::groups::{GroupInput, GroupSettings};
use desk_core::jobs::{JobStatus, Submitted};
use desk_core::members::{
    CollectionGrant, CollectionLevel, ConfirmChoice, ConfirmInput, EditMemberInput, InviteInput,
    MemberAccess, MemberChangeInput, MemberStatus, MembersPage, NewPassword, Permission,
    RecoverInput, RecoveryPolicyInput, Role, SetSeatsInput, StatusChange,
};

const NORTHWIND: &str = "Northwind Traders";

async fn page(core: &Core) -> MembersPage {
    let id = common::client_id(core, NORTHWIND).await;
    core.members_page(&id).await.unwrap()
}

fn member_id(page: &MembersPage, email: &str) -> String {
    page.members
        .iter()
        .find(|m| m.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("{email} not in the page"))
        .id
        .clone()
}

fn collection_id(page: &MembersPage, name: &str) -> String {
    page.collections
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no collection {name:?} in the page"))
        .id
        .clone()
}

fn status_of(page: &MembersPage, email: &str) -> Option<MemberStatus> {
    page.members
        .iter()
        .find(|m| m.email.as_deref() == Some(email))
        .map(|m| m.status)
}

fn done(submitted: &Submitted) {
    assert!(
        submitted.jobs.iter().all(|j| j.status == JobStatus::Done),
        "{submitted:#?}"
    );
}

fn user() -> MemberAccess {
    MemberAccess {
        role: Role::User,
        permissions: vec![],
        collections: vec![],
        groups: vec![],
    }
}

fn change(page: &MembersPage, emails: &[&str]) -> MemberChangeInput {
    MemberChangeInput {
        organization_id: page.organization_id.clone(),
        member_ids: emails.iter().map(|e| member_id(page, e)).collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_members_page_reads_the_snapshot_with_counts_seats_and_recovery() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let page = page(&core).await;
    assert_eq!(page.counts.all, 10);
    assert_eq!(page.counts.invited, 1);
    assert_eq!(page.counts.needs_confirmation, 1);
    assert_eq!(page.counts.revoked, 1);
    let names: Vec<&str> = page.collections.iter().map(|c| c.name.as_str()).collect();
    for name in ["Infrastructure", "Finance", "Marketing"] {
        assert!(names.contains(&name), "{names:?}");
    }
    assert!(
        page.recovery.enabled && page.recovery.single_org,
        "{:?}",
        page.recovery
    );
    assert_eq!(page.recovery.enrolled, 4);
    // 6 confirmed, 1 accepted, 1 invited take seats; revoked and staged do not.
    assert_eq!(page.seats.used, 8, "{:?}", page.seats);
    assert_eq!(page.seats.assigned, Some(25));
    assert_eq!(page.seats.free, Some(17));
    assert_eq!(page.seats.pending_invites, 1);
    let helpdesk = page
        .members
        .iter()
        .find(|m| m.email.as_deref() == Some("helpdesk@northwind.example"))
        .unwrap();
    assert!(
        helpdesk.permissions.contains(&Permission::ManageUsers),
        "{helpdesk:?}"
    );
    assert!(page.as_of.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_check_seats_and_membership_then_apply() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let before = page(&core).await;
    let infrastructure = collection_id(&before, "Infrastructure");
    // Beyond the 17 free seats: refused before anything is sent.
    let many: Vec<String> = (0..18)
        .map(|i| format!("new{i}@northwind.example"))
        .collect();
    let error = core
        .invite_operations(InviteInput {
            organization_id: before.organization_id.clone(),
            emails: many,
            access: user(),
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error:?}");
    assert!(error.message.contains("17 free seats"), "{error:?}");
    // An existing member.
    let error = core
        .invite_operations(InviteInput {
            organization_id: before.organization_id.clone(),
            emails: vec!["Alice@Northwind.example".into()],
            access: user(),
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");

    let access = MemberAccess {
        collections: vec![CollectionGrant {
            collection_id: infrastructure.clone(),
            level: CollectionLevel::ViewExceptPasswords,
        }],
        ..user()
    };
    let ops = core
        .invite_operations(InviteInput {
            organization_id: before.organization_id.clone(),
            emails: vec![
                "frank@northwind.example".into(),
                "grace@northwind.example".into(),
            ],
            access,
        })
        .await
        .unwrap();
    assert_eq!(ops.len(), 1);
    done(&core.submit(ops, true).await.unwrap());
    let after = page(&core).await;
    assert_eq!(
        status_of(&after, "frank@northwind.example"),
        Some(MemberStatus::Invited)
    );
    let grace = after
        .members
        .iter()
        .find(|m| m.email.as_deref() == Some("grace@northwind.example"))
        .unwrap();
    assert_eq!(
        grace.collections,
        [CollectionGrant {
            collection_id: infrastructure,
            level: CollectionLevel::ViewExceptPasswords
        }]
    );
    assert_eq!(after.seats.free, Some(15));
    // Reinvite them both at once (the bulk route).
    let ops = core
        .reinvite_operations(change(
            &after,
            &["frank@northwind.example", "grace@northwind.example"],
        ))
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    // A confirmed member is not reinvited.
    let error = core
        .reinvite_operations(change(&after, &["alice@northwind.example"]))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_of_more_than_twenty_are_split() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    // Raise the seats first (the organization's own billing is not in the
    // sandbox, so use a provider client).
    let client = core.find_client("My Client's Organization").await.unwrap();
    let ops = core
        .set_seats_operations(SetSeatsInput {
            organization_id: client.organization_id.clone(),
            seats: 60,
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let emails: Vec<String> = (0..45)
        .map(|i| format!("user{i}@myclient.example"))
        .collect();
    let ops = core
        .invite_operations(InviteInput {
            organization_id: client.organization_id.clone(),
            emails,
            access: user(),
        })
        .await
        .unwrap();
    assert_eq!(ops.len(), 3, "20 + 20 + 5");
    done(&core.submit(ops, true).await.unwrap());
    let after = core.members_page(&client.organization_id).await.unwrap();
    assert_eq!(after.counts.invited, 45);
    drop(p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirming_shows_the_fingerprint_and_refuses_a_changed_key() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let bob = member_id(&p, "bob@northwind.example");
    let previews = core
        .confirm_preview(&p.organization_id, std::slice::from_ref(&bob))
        .await
        .unwrap();
    assert_eq!(previews.len(), 1);
    assert_eq!(
        previews[0].fingerprint.split('-').count(),
        5,
        "{previews:?}"
    );
    // Only accepted members can be confirmed.
    let alice = member_id(&p, "alice@northwind.example");
    let error = core
        .confirm_preview(&p.organization_id, &[alice])
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    // Not compared: refused.
    let choice = ConfirmChoice {
        member_id: bob.clone(),
        public_key_sha256: previews[0].public_key_sha256.clone(),
    };
    let error = core
        .confirm_operations(ConfirmInput {
            organization_id: p.organization_id.clone(),
            members: vec![choice.clone()],
            compared: false,
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    // A key other than the one shown: a conflict, never a silent confirm.
    let error = core
        .confirm_operations(ConfirmInput {
            organization_id: p.organization_id.clone(),
            members: vec![ConfirmChoice {
                public_key_sha256: "0".repeat(64),
                ..choice.clone()
            }],
            compared: true,
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    let ops = core
        .confirm_operations(ConfirmInput {
            organization_id: p.organization_id.clone(),
            members: vec![choice],
            compared: true,
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    assert_eq!(
        status_of(&page(&core).await, "bob@northwind.example"),
        Some(MemberStatus::Confirmed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_apply_and_a_server_change_since_the_plan_is_a_conflict() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let finance = collection_id(&p, "Finance");
    let alice = member_id(&p, "alice@northwind.example");
    let custom = MemberAccess {
        role: Role::Custom,
        permissions: vec![Permission::ManageUsers, Permission::AccessReports],
        collections: vec![CollectionGrant {
            collection_id: finance.clone(),
            level: CollectionLevel::Manage,
        }],
        groups: vec![],
    };
    let edit = |access: MemberAccess| EditMemberInput {
        organization_id: p.organization_id.clone(),
        member_id: alice.clone(),
        access,
    };
    // Two plans from the same snapshot: the first applies, the second finds
    // the server changed since it was planned.
    let first = core
        .edit_member_operations(edit(custom.clone()))
        .await
        .unwrap();
    let second = core
        .edit_member_operations(edit(MemberAccess {
            role: Role::Admin,
            ..user()
        }))
        .await
        .unwrap();
    done(&core.submit(first, true).await.unwrap());
    let after = page(&core).await;
    let a = after.members.iter().find(|m| m.id == alice).unwrap();
    assert_eq!(a.role, desk_core::members::MemberRole::Custom);
    assert_eq!(
        a.permissions,
        [Permission::AccessReports, Permission::ManageUsers]
    );
    assert_eq!(a.collections[0].level, CollectionLevel::Manage);
    let submitted = core.submit(second, true).await.unwrap();
    assert_eq!(
        submitted.jobs[0].status,
        JobStatus::Conflict,
        "{submitted:#?}"
    );
    let still = page(&core).await;
    assert_eq!(
        still.members.iter().find(|m| m.id == alice).unwrap().role,
        desk_core::members::MemberRole::Custom,
        "nothing overwritten"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoke_restore_and_remove_single_and_bulk_with_the_servers_rules() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let pair = ["alice@northwind.example", "it@northwind.example"];
    let ops = core
        .status_operations(StatusChange::Revoke, change(&p, &pair))
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let p = page(&core).await;
    for email in pair {
        assert_eq!(status_of(&p, email), Some(MemberStatus::Revoked));
    }
    // Already revoked: refused locally.
    let error = core
        .status_operations(StatusChange::Revoke, change(&p, &pair[..1]))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    let ops = core
        .status_operations(StatusChange::Restore, change(&p, &pair))
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let p = page(&core).await;
    assert_eq!(
        status_of(&p, "alice@northwind.example"),
        Some(MemberStatus::Confirmed)
    );
    let ops = core
        .status_operations(
            StatusChange::Remove,
            change(&p, &["carol@northwind.example"]),
        )
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    assert_eq!(
        status_of(&page(&core).await, "carol@northwind.example"),
        None
    );
    // The server's own rule: the account cannot revoke itself; its message
    // is what the job says.
    let p = page(&core).await;
    let ops = core
        .status_operations(StatusChange::Revoke, change(&p, &[DEMO_ADMIN_EMAIL]))
        .await
        .unwrap();
    let submitted = core.submit(ops, true).await.unwrap();
    let error = common::failed_first(&submitted);
    assert!(
        error.message.contains("cannot revoke yourself"),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_resets_the_password_and_the_member_signs_in_with_it() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let input = |email: &str, password: NewPassword| RecoverInput {
        organization_id: p.organization_id.clone(),
        member_id: member_id(&p, email),
        new_password: password,
        reset_two_factor: false,
    };
    // Refusals: not enrolled, not confirmed, a weak password.
    let error = core
        .recover_operations(input("secure@demo-msp.example", NewPassword::Generate))
        .await
        .err()
        .unwrap();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error:?}");
    assert!(error.message.contains("not enrolled"), "{error:?}");
    let error = core
        .recover_operations(input("bob@northwind.example", NewPassword::Generate))
        .await
        .err()
        .unwrap();
    assert!(error.message.contains("confirmed"), "{error:?}");
    let error = core
        .recover_operations(input(
            "alice@northwind.example",
            NewPassword::Typed("password1234".into()),
        ))
        .await
        .err()
        .unwrap();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");

    let outcome = core
        .recover_account(input("alice@northwind.example", NewPassword::Generate))
        .await
        .unwrap();
    done(&outcome.submitted);
    let password = outcome.generated_password.unwrap();
    // Alice signs in with the new password: the hash was made with her KDF
    // and salt, and her user key (unchanged) opens under the new master key
    // (sign-in fails if it does not).
    let dir = tempfile::tempdir().unwrap();
    let alice = common::core(dir.path());
    sign_in_with(
        &alice,
        login(sandbox.url(), "alice@northwind.example", &password),
    )
    .await;
    let clients = alice
        .sync(
            desk_core::sync::SyncOptions::default(),
            &|_| {},
            tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(clients.errors.len(), 0, "{clients:?}");
    // (Alice is a plain user of Northwind: the desk lists only what she
    // administers. Sign-in opened her unchanged user key, and the sync her
    // private key with it; the interop test reads her vault with the
    // official CLI.)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_user_adds_seats_only_within_the_providers_unassigned_seats() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_SERVICE_USER_EMAIL).await;
    let client = core.find_client("My Client's Organization").await.unwrap();
    let error = core
        .set_seats_operations(SetSeatsInput {
            organization_id: client.organization_id.clone(),
            seats: 5_000,
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error:?}");
    assert!(error.message.contains("provider admin"), "{error:?}");
    // Fewer seats than in use: refused for anyone.
    let error = core
        .set_seats_operations(SetSeatsInput {
            organization_id: client.organization_id.clone(),
            seats: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_are_created_edited_and_deleted_with_members_and_collections() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let org = p.organization_id.clone();
    let before = core.groups(&org).await.unwrap();
    let it = before
        .iter()
        .find(|g| g.name == "IT")
        .expect("the seeded IT group");
    assert!(
        !it.collections.is_empty(),
        "groups come with their collections: {it:?}"
    );
    let marketing = collection_id(&p, "Marketing");
    let settings = GroupSettings {
        name: "Helpdesk".into(),
        collections: vec![CollectionGrant {
            collection_id: marketing.clone(),
            level: CollectionLevel::Edit,
        }],
        member_ids: vec![member_id(&p, "alice@northwind.example")],
    };
    let ops = core
        .group_operations(GroupInput {
            organization_id: org.clone(),
            group_id: None,
            settings: settings.clone(),
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let groups = core.groups(&org).await.unwrap();
    let made = groups.iter().find(|g| g.name == "Helpdesk").unwrap();
    assert_eq!(made.member_ids, settings.member_ids);
    assert_eq!(made.collections, settings.collections);
    // Edit: a new name and a second member.
    let mut wanted = settings.clone();
    wanted.name = "Service desk".into();
    wanted
        .member_ids
        .push(member_id(&p, "it@northwind.example"));
    let ops = core
        .group_operations(GroupInput {
            organization_id: org.clone(),
            group_id: Some(made.id.clone()),
            settings: wanted,
        })
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let edited = core
        .groups(&org)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.id == made.id)
        .unwrap();
    assert_eq!(edited.name, "Service desk");
    assert_eq!(edited.member_ids.len(), 2);
    // The member page shows the membership too.
    let alice = page(&core)
        .await
        .members
        .into_iter()
        .find(|m| m.email.as_deref() == Some("alice@northwind.example"))
        .unwrap();
    assert!(alice.groups.contains(&made.id), "{alice:?}");
    let ops = core
        .delete_group_operations(&org, std::slice::from_ref(&made.id))
        .await
        .unwrap();
    done(&core.submit(ops, true).await.unwrap());
    assert!(
        core.groups(&org)
            .await
            .unwrap()
            .iter()
            .all(|g| g.id != made.id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recovery_policy_turns_off_and_on_and_recovery_follows_it() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = page(&core).await.organization_id;
    let set = |enabled| RecoveryPolicyInput {
        organization_id: org.clone(),
        enabled,
        auto_enroll: false,
    };
    let ops = core.recovery_policy_operations(set(false)).await.unwrap();
    done(&core.submit(ops, true).await.unwrap());
    let p = page(&core).await;
    assert!(!p.recovery.enabled);
    // Policy off: no reset.
    let error = core
        .recover_operations(RecoverInput {
            organization_id: org.clone(),
            member_id: member_id(&p, "alice@northwind.example"),
            new_password: NewPassword::Generate,
            reset_two_factor: false,
        })
        .await
        .err()
        .unwrap();
    assert_eq!(error.code, ErrorCode::Forbidden, "{error:?}");
    assert!(
        error.message.contains("Account recovery is off"),
        "{error:?}"
    );
    let ops = core.recovery_policy_operations(set(true)).await.unwrap();
    done(&core.submit(ops, true).await.unwrap());
    assert!(page(&core).await.recovery.enabled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirming_offline_shows_the_key_seen_at_the_last_sync_and_checks_it_when_back() {
    let server_dir = tempfile::tempdir().unwrap();
    let sandbox = common::start(common::kept_in(server_dir.path())).await;
    let addr = sandbox.addr();
    let dir = tempfile::tempdir().unwrap();
    let core = common::synced(sandbox.url(), dir.path(), DEMO_ADMIN_EMAIL).await;
    let p = page(&core).await;
    let bob = member_id(&p, "bob@northwind.example");
    let online = core
        .confirm_preview(&p.organization_id, std::slice::from_ref(&bob))
        .await
        .unwrap();
    assert!(!online[0].from_snapshot);
    sandbox.shutdown().await;

    // Offline: the phrase of the key the last sync saw, the same phrase.
    let offline = core
        .confirm_preview(&p.organization_id, std::slice::from_ref(&bob))
        .await
        .unwrap();
    assert!(offline[0].from_snapshot);
    assert_eq!(offline[0].fingerprint, online[0].fingerprint);
    let ops = core
        .confirm_operations(ConfirmInput {
            organization_id: p.organization_id.clone(),
            members: vec![offline[0].choice()],
            compared: true,
        })
        .await
        .unwrap();
    let submitted = core.submit(ops, true).await.unwrap();
    assert_eq!(
        submitted.jobs[0].status,
        JobStatus::Pending,
        "{submitted:#?}"
    );

    // Back online: checked against the server's key, then applied.
    let _sandbox = common::start(bw_sandbox::SandboxConfig {
        addr,
        ..common::kept_in(server_dir.path())
    })
    .await;
    let summary = core
        .apply_queue(None, tokio_util::sync::CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(summary.done, 1, "{summary:?}");
    assert_eq!(
        status_of(&page(&core).await, "bob@northwind.example"),
        Some(MemberStatus::Confirmed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clouds_invite_limit_queues_the_sixth_invitation_with_its_time() {
    let sandbox = common::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config =
        desk_core::core::CoreConfig::new(desk_core::DataDir::prepare(dir.path()).unwrap());
    config.rate_limits = desk_core::core::RateLimitChoice::Cloud;
    let core = Core::new(config).unwrap();
    common::sign_in(&core, sandbox.url(), DEMO_ADMIN_EMAIL).await;
    common::full_sync(&core).await;
    let org = page(&core).await.organization_id;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let ops = core
            .invite_operations(InviteInput {
                organization_id: org.clone(),
                emails: vec![format!("limit{i}@northwind.example")],
                access: user(),
            })
            .await
            .unwrap();
        let submitted = core.submit(ops, true).await.unwrap();
        statuses.push(submitted.jobs[0].clone());
    }
    for job in &statuses[..5] {
        assert_eq!(job.status, JobStatus::Done, "{job:?}");
    }
    let sixth = &statuses[5];
    assert_eq!(sixth.status, JobStatus::Pending, "{sixth:?}");
    assert_eq!(sixth.error.as_ref().unwrap().code, ErrorCode::RateLimited);
    // It waits for the minute to pass: the queue's countdown.
    let until = sixth.not_before.as_deref().expect("a time to wait for");
    assert!(until > sixth.updated_at.as_str(), "{sixth:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_owner_stays_and_the_servers_words_say_why() {
    let (_sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let client = core.find_client("My Client's Organization").await.unwrap();
    let p = core.members_page(&client.organization_id).await.unwrap();
    let ops = core
        .status_operations(StatusChange::Remove, change(&p, &["it@myclient.example"]))
        .await
        .unwrap();
    let submitted = core.submit(ops, true).await.unwrap();
    let error = common::failed_first(&submitted);
    assert!(
        error.message.contains("at least one confirmed owner"),
        "{error:?}"
    );
    let after = core.members_page(&client.organization_id).await.unwrap();
    assert_eq!(
        status_of(&after, "it@myclient.example"),
        Some(MemberStatus::Confirmed)
    );
}
