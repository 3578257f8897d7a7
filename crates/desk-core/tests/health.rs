//! Vault health reports against the demo seed, with exact expectations:
//! every seeded weak, reused, `http://`, breached and TOTP-less item of
//! Northwind is found and nothing else; member health figures; trashed items
//! are not counted; one breach request per distinct prefix, answers kept for
//! offline use; the heatmap's change since the previous sync.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::demo_synced;
use desk_core::health::{
    BreachCheck, Finding, HealthKind, HealthOptions, HealthReport, TotpSource, sha1_hex,
};
use std::collections::BTreeSet;

fn names(report: &HealthReport, finding: Finding) -> BTreeSet<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.finding == finding)
        .map(|f| f.name.as_str())
        .collect()
}

const ONLINE: HealthOptions = HealthOptions {
    breaches: BreachCheck::Online,
    online: true,
};

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn northwinds_report_finds_every_seeded_problem_and_nothing_else() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = common::client_id(&core, DEMO_DIRECT_ORG_NAME).await;
    let report = core.health_report(&org, ONLINE).await.unwrap();
    assert_eq!(report.items_checked, 8);
    assert_eq!(
        names(&report, Finding::VeryWeak),
        set(&["Firewall", "Payroll", "Web CMS"])
    );
    assert_eq!(
        names(&report, Finding::Weak),
        set(&["Office Wi-Fi", "Guest Wi-Fi"])
    );
    assert_eq!(
        names(&report, Finding::Reused),
        set(&["Office Wi-Fi", "Guest Wi-Fi"])
    );
    assert_eq!(
        names(&report, Finding::Unsecured),
        set(&["Firewall", "Office Wi-Fi", "Guest Wi-Fi", "Web CMS"])
    );
    assert_eq!(
        names(&report, Finding::Exposed),
        set(&[
            "Firewall",
            "Office Wi-Fi",
            "Guest Wi-Fi",
            "Payroll",
            "Web CMS"
        ])
    );
    let seen = |name: &str| {
        report
            .findings
            .iter()
            .find(|f| f.finding == Finding::Exposed && f.name == name)
            .and_then(|f| f.detail.clone())
    };
    assert_eq!(seen("Payroll").as_deref(), Some("10556095"));
    assert_eq!(
        names(&report, Finding::InactiveTwoStep),
        set(&["Bank portal", "Social media"])
    );
    assert_eq!(report.totp_sites.source, TotpSource::Directory);
    assert_eq!(report.totp_sites.sites, 7);

    // k-anonymity: one request per distinct 5-digit prefix of the seven
    // distinct passwords, each naming 5 hex digits and nothing more.
    let prefixes: BTreeSet<String> = bw_sandbox::demo_direct_org_items()
        .iter()
        .map(|i| sha1_hex(i.password)[..5].to_owned())
        .collect();
    let b = &report.breaches;
    assert_eq!((b.passwords, b.checked), (7, 7), "{b:?}");
    assert_eq!(b.requests as usize, prefixes.len());
    let asked = sandbox.received(|_, path| path.contains("/pwned/range/"));
    assert_eq!(asked as usize, prefixes.len());
    for prefix in &prefixes {
        let path = format!("/pwned/range/{prefix}");
        assert_eq!(sandbox.received(|_, p| p.ends_with(&path)), 1, "{path}");
    }
    // A second report uses the kept answers and scores: no request, no
    // strength estimate (the first made one per distinct password and
    // username: the two Wi-Fi logins share a password, not a username).
    assert_eq!(report.strength_estimates, 8);
    let again = core.health_report(&org, ONLINE).await.unwrap();
    assert_eq!(again.breaches.requests, 0);
    assert_eq!(again.strength_estimates, 0);
    assert_eq!(
        names(&again, Finding::VeryWeak),
        names(&report, Finding::VeryWeak)
    );
    assert_eq!(names(&again, Finding::Exposed).len(), 5);
    // Off: not checked at all.
    let off = core
        .health_report(
            &org,
            HealthOptions {
                breaches: BreachCheck::Off,
                online: false,
            },
        )
        .await
        .unwrap();
    assert!(names(&off, Finding::Exposed).is_empty());
    assert_eq!(off.breaches.checked, 0);

    // No password in any finding.
    let text = serde_json::to_string(&report).unwrap();
    for password in ["password123", "Summer2026!", "qwerty", "letmein"] {
        assert!(!text.contains(password), "{password} in the report");
    }
    let m = &report.members;
    assert_eq!(m.owners, 2);
    assert_eq!(m.awaiting_confirmation, ["bob@northwind.example"]);
    assert_eq!(m.stale_invites, ["carol@northwind.example"]);
    assert_eq!(
        m.not_enrolled.as_deref(),
        Some(
            &[
                "admin@demo-msp.example".to_owned(),
                "secure@demo-msp.example".to_owned()
            ][..]
        )
    );
    assert!(
        !m.without_two_step
            .contains(&"secure@demo-msp.example".to_owned())
    );
    assert_eq!(m.without_two_step.len(), 6, "{m:?}");

    // An item in the trash is no longer counted.
    trash_firewall(&core, &sandbox, &org).await;
    common::full_sync(&core).await;
    let report = core.health_report(&org, ONLINE).await.unwrap();
    assert_eq!(report.items_checked, 7);
    assert!(!names(&report, Finding::Exposed).contains("Firewall"));
    assert!(!names(&report, Finding::VeryWeak).contains("Firewall"));
    assert!(!names(&report, Finding::Unsecured).contains("Firewall"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_has_a_report_offline_too() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let online = core.health_reports(ONLINE).await.unwrap();
    sandbox.shutdown().await;
    // Offline, the kept breach answers still find the exposed passwords.
    let all = core.health_reports(ONLINE).await.unwrap();
    for (a, b) in online.iter().zip(&all) {
        if let (Ok(a), Ok(b)) = (a, b) {
            assert_eq!(
                a.count(Finding::Exposed),
                b.count(Finding::Exposed),
                "{}",
                a.client_name
            );
            assert_eq!(b.breaches.requests, 0);
        }
    }
    assert!(all.len() >= 5, "{}", all.len());
    for report in &all {
        let report = report
            .as_ref()
            .map_err(|(name, e)| format!("{name}: {e:?}"))
            .unwrap();
        assert!(report.as_of.is_some(), "{report:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heatmap_shows_counts_and_their_change_since_the_previous_sync() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = common::client_id(&core, DEMO_DIRECT_ORG_NAME).await;
    // Breach answers fetched once online; the heatmap itself never asks.
    core.health_report(&org, ONLINE).await.unwrap();
    let asked = sandbox.received(|_, path| path.contains("/pwned/range/"));
    let map = core.health_heatmap().await.unwrap();
    assert_eq!(map.kinds.len(), HealthKind::ALL.len());
    let row = map.rows.iter().find(|r| r.organization_id == org).unwrap();
    assert_eq!(row.problem, None);
    let cell = |row: &desk_core::health::HeatmapRow, kind: HealthKind| {
        let c = row.cells.iter().find(|c| c.kind == kind).unwrap();
        (c.count, c.change)
    };
    assert_eq!(cell(row, HealthKind::Exposed), (Some(5), None));
    assert_eq!(cell(row, HealthKind::Weak), (Some(5), None));
    assert_eq!(cell(row, HealthKind::Unsecured), (Some(4), None));
    assert_eq!(cell(row, HealthKind::InactiveTwoStep), (Some(2), None));
    assert_eq!(cell(row, HealthKind::PendingMembers), (Some(2), None));
    // Every synced client has a row with figures.
    assert!(
        map.rows
            .iter()
            .all(|r| r.problem.is_none() && !r.cells.is_empty()),
        "{map:?}"
    );

    // The firewall goes to the trash; after the next sync the heatmap says
    // what changed.
    trash_firewall(&core, &sandbox, &org).await;
    common::full_sync(&core).await;
    let map = core.health_heatmap().await.unwrap();
    let row = map.rows.iter().find(|r| r.organization_id == org).unwrap();
    assert_eq!(cell(row, HealthKind::Exposed), (Some(4), Some(-1)));
    assert_eq!(cell(row, HealthKind::Weak), (Some(4), Some(-1)));
    assert_eq!(cell(row, HealthKind::Unsecured), (Some(3), Some(-1)));
    assert_eq!(cell(row, HealthKind::Reused), (Some(2), Some(0)));
    assert_eq!(
        sandbox.received(|_, path| path.contains("/pwned/range/")),
        asked,
        "the heatmap made breach requests"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_whose_items_the_provider_user_may_not_read_says_so() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    // A provider client the admin is not a member of, with items.
    let mut provider_client = None;
    for client in core.client_views().await.unwrap() {
        let members = core.members(&client.organization_id).await.unwrap();
        let member = members
            .iter()
            .any(|m| m.email.as_deref() == Some(DEMO_ADMIN_EMAIL));
        let items = core.items(&client.organization_id, false).await.unwrap();
        if !member && !items.is_empty() {
            provider_client = Some(client.organization_id);
            break;
        }
    }
    let provider_client = provider_client.expect("a provider client without the admin as member");
    let items_before = core.items(&provider_client, false).await.unwrap().len();
    sandbox.set_provider_items_rule(true);
    common::full_sync(&core).await;
    let error = core
        .health_report(&provider_client, HealthOptions::OFFLINE)
        .await
        .unwrap_err();
    assert_eq!(error.code, desk_core::ErrorCode::Forbidden);
    assert!(error.message.contains("members"), "{}", error.message);
    let map = core.health_heatmap().await.unwrap();
    let row = map
        .rows
        .iter()
        .find(|r| r.organization_id == provider_client)
        .unwrap();
    assert!(row.cells.is_empty());
    assert!(
        row.problem
            .as_deref()
            .is_some_and(|p| p.contains("members")),
        "{row:?}"
    );
    // Its members still synced; the items kept are the ones from before.
    assert_eq!(
        core.items(&provider_client, false).await.unwrap().len(),
        items_before
    );
    // A client the account is a member of is unaffected.
    let org = common::client_id(&core, DEMO_DIRECT_ORG_NAME).await;
    assert!(
        core.health_report(&org, HealthOptions::OFFLINE)
            .await
            .is_ok()
    );
}

/// Moves the demo client's "Firewall" item to the trash, as another client
/// of the server would.
async fn trash_firewall(
    core: &desk_core::core::Core,
    sandbox: &bw_sandbox::RunningSandbox,
    org: &str,
) {
    let items = core.items(org, false).await.unwrap();
    let firewall = items
        .iter()
        .find(|i| i.name.as_deref() == Some("Firewall"))
        .unwrap();
    common::trash_item(sandbox, &firewall.id).await;
}
