//! Which clients a sync visits, in which order: a pure function.

use desk_cache::ClientRow;
#[cfg(test)]
use desk_cache::{ClientListRow, ClientSource};

/// One client's place in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedClient {
    pub organization_id: String,
    pub name: String,
}

/// Which clients to sync, in which order: the client on screen (`first`)
/// before all others, then never-synced ones, then the stalest; clients the
/// unfinished previous run already completed are skipped.
pub fn plan(
    clients: &[ClientRow],
    only: &[String],
    resume_after: Option<i64>,
    first: Option<&str>,
) -> Vec<PlannedClient> {
    let mut chosen: Vec<&ClientRow> = clients
        .iter()
        .filter(|c| only.is_empty() || only.contains(&c.list.organization_id))
        .filter(|c| match (resume_after, c.synced_at) {
            (Some(started), Some(synced)) => synced < started,
            _ => true,
        })
        .collect();
    chosen.sort_by_key(|c| {
        (
            Some(c.list.organization_id.as_str()) != first,
            c.synced_at.is_some(),
            c.synced_at.unwrap_or(0),
            c.list.name.to_lowercase(),
        )
    });
    chosen
        .into_iter()
        .map(|c| PlannedClient {
            organization_id: c.list.organization_id.clone(),
            name: c.list.name.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, synced_at: Option<i64>) -> ClientRow {
        ClientRow {
            list: ClientListRow {
                organization_id: id.into(),
                source: ClientSource::Provider,
                provider_id: None,
                provider_organization_id: None,
                name: name.into(),
                plan: None,
                plan_type: None,
                status: None,
                seats: None,
                occupied_seats: None,
                remaining_seats: None,
                user_count: None,
                wrapped_key: None,
                raw: String::new(),
            },
            listed_at: 0,
            synced_at,
            last_error: None,
        }
    }

    fn ids(plan: &[PlannedClient]) -> Vec<&str> {
        plan.iter().map(|p| p.organization_id.as_str()).collect()
    }

    #[test]
    fn never_synced_first_then_stalest() {
        let clients = [
            row("a", "A", Some(300)),
            row("b", "B", None),
            row("c", "C", Some(100)),
            row("d", "D", None),
        ];
        assert_eq!(ids(&plan(&clients, &[], None, None)), ["b", "d", "c", "a"]);
    }

    #[test]
    fn resuming_skips_what_the_unfinished_run_completed() {
        let clients = [
            row("a", "A", Some(500)),
            row("b", "B", Some(100)),
            row("c", "C", None),
        ];
        // The unfinished run started at 400: "a" was done by it.
        assert_eq!(ids(&plan(&clients, &[], Some(400), None)), ["c", "b"]);
    }

    #[test]
    fn only_selects_the_requested_clients() {
        let clients = [row("a", "A", None), row("b", "B", None)];
        assert_eq!(ids(&plan(&clients, &["b".to_owned()], None, None)), ["b"]);
    }

    #[test]
    fn the_client_on_screen_goes_first() {
        let clients = [
            row("a", "A", Some(300)),
            row("b", "B", None),
            row("c", "C", Some(100)),
        ];
        assert_eq!(ids(&plan(&clients, &[], None, Some("a"))), ["a", "b", "c"]);
        // …unless the resumed run already did it.
        assert_eq!(ids(&plan(&clients, &[], Some(200), Some("a"))), ["b", "c"]);
    }
}
