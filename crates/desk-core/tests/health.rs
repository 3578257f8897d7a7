//! Vault health reports against the demo seed, with exact expectations:
//! every seeded weak, reused and `http://` item of Northwind is found and
//! nothing else; member health figures; trashed items are not counted.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::demo_synced;
use desk_core::health::{Finding, HealthReport};
use std::collections::BTreeSet;

fn names(report: &HealthReport, finding: Finding) -> BTreeSet<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.finding == finding)
        .map(|f| f.name.as_str())
        .collect()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn northwinds_report_finds_every_seeded_problem_and_nothing_else() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    let org = core
        .find_client(DEMO_DIRECT_ORG_NAME)
        .await
        .unwrap()
        .organization_id;
    let report = core.health_report(&org).await.unwrap();
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
    let items = core.items(&org, false).await.unwrap();
    let firewall = items
        .iter()
        .find(|i| i.name.as_deref() == Some("Firewall"))
        .unwrap();
    common::trash_item(&sandbox, &firewall.id).await;
    common::full_sync(&core).await;
    let report = core.health_report(&org).await.unwrap();
    assert_eq!(report.items_checked, 7);
    assert!(!names(&report, Finding::VeryWeak).contains("Firewall"));
    assert!(!names(&report, Finding::Unsecured).contains("Firewall"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_has_a_report_offline_too() {
    let (sandbox, _dir, core) = demo_synced(DEMO_ADMIN_EMAIL).await;
    sandbox.shutdown().await;
    let all = core.health_reports().await.unwrap();
    assert!(all.len() >= 5, "{}", all.len());
    for report in &all {
        let report = report
            .as_ref()
            .map_err(|(name, e)| format!("{name}: {e:?}"))
            .unwrap();
        assert!(report.as_of.is_some(), "{report:?}");
    }
}
