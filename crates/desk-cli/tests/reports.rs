//! `pdesk report health` from the snapshot: one client as JSON (with the
//! sandbox's copies of Have I Been Pwned and 2fa.directory), every client as
//! CSV, offline with the kept breach answers.

mod common;

use bw_sandbox::{DEMO_ADMIN_EMAIL, DEMO_DIRECT_ORG_NAME};
use common::{Signed, serve};

#[test]
fn health_reports_for_one_client_and_for_all_as_csv() {
    let data = tempfile::tempdir().unwrap();
    let (server, url) = serve();
    let cli = Signed::login(data.path(), &url, DEMO_ADMIN_EMAIL);
    cli.json(&["--json", "sync"]);

    let report = cli.json(&[
        "--json",
        "--public-services",
        &url,
        "report",
        "health",
        "--client",
        DEMO_DIRECT_ORG_NAME,
    ]);
    server.kill();
    assert_eq!(report["itemsChecked"], 8, "{report}");
    let findings = report["findings"].as_array().unwrap();
    let count = |kind: &str| findings.iter().filter(|f| f["finding"] == kind).count();
    assert_eq!(
        (
            count("very_weak"),
            count("weak"),
            count("reused"),
            count("unsecured"),
            count("exposed"),
            count("inactive_two_step")
        ),
        (3, 2, 2, 4, 5, 2)
    );
    assert_eq!(report["breaches"]["checked"], 7, "{report}");
    assert!(!report.to_string().contains("password123"));

    let out = cli.run(&["report", "health", "--all", "--csv", "--breaches", "cached"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with(
        "client,as_of,items_checked,exposed,very_weak,weak,reused,unsecured,inactive_two_step"
    ));
    let northwind = lines
        .find(|l| l.starts_with("Northwind Traders,"))
        .unwrap_or_else(|| panic!("{csv}"));
    let cells: Vec<&str> = northwind.split(',').collect();
    assert_eq!(
        &cells[2..9],
        ["8", "5", "3", "2", "2", "4", "2"],
        "{northwind}"
    );
}
