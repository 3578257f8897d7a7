//! The change journal: what each sync found changed per client since the
//! previous one — members, policies, collections and items from a client's
//! details; presence, name, seats and plan from the client list.
//!
//! The diff runs inside the transaction that replaces the data, comparing the
//! rows still stored with the incoming ones: the journal and the data cannot
//! disagree, and a sync that fails or is interrupted records nothing. The
//! comparison itself is a pure function of (old, new) per kind, tested below.
//!
//! Entries name their subject by what is stable and safe to keep: a member's
//! email, a policy's type number, a collection's or an item's id. Never a
//! decrypted value, and no item or collection names (ciphertext on the wire,
//! and not ours to keep twice).

use super::Snapshot;
use super::details::insert_rows;
use crate::CacheError;
use crate::rows::{ClientDetails, ClientListRow, ClientSource, MemberRow};
use serde_json::{Value, json};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Entries older than this go as new ones are written: a year and a month,
/// so "since the same review last year" still has its answer, and the
/// journal stays bounded however long the snapshot lives.
pub const RETENTION_MS: i64 = 400 * 24 * 60 * 60 * 1000;

/// What changed. The spelling (`as_str`) is what the snapshot stores: a
/// contract with older and newer builds reading the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// The client list has a client it did not have.
    ClientAdded,
    /// The client list no longer has the client (its details went with it).
    ClientRemoved,
    ClientRenamed,
    /// Assigned seats.
    Seats,
    /// Seats in use.
    SeatsUsed,
    Plan,
    /// The client's details were synced for the first time (counts in `after`).
    FirstSync,
    MemberAdded,
    MemberRemoved,
    MemberStatus,
    MemberRole,
    PolicyAdded,
    PolicyRemoved,
    PolicyEnabled,
    PolicyDisabled,
    CollectionAdded,
    CollectionRemoved,
    ItemAdded,
    ItemRemoved,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 19] = [
        ChangeKind::ClientAdded,
        ChangeKind::ClientRemoved,
        ChangeKind::ClientRenamed,
        ChangeKind::Seats,
        ChangeKind::SeatsUsed,
        ChangeKind::Plan,
        ChangeKind::FirstSync,
        ChangeKind::MemberAdded,
        ChangeKind::MemberRemoved,
        ChangeKind::MemberStatus,
        ChangeKind::MemberRole,
        ChangeKind::PolicyAdded,
        ChangeKind::PolicyRemoved,
        ChangeKind::PolicyEnabled,
        ChangeKind::PolicyDisabled,
        ChangeKind::CollectionAdded,
        ChangeKind::CollectionRemoved,
        ChangeKind::ItemAdded,
        ChangeKind::ItemRemoved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::ClientAdded => "client_added",
            ChangeKind::ClientRemoved => "client_removed",
            ChangeKind::ClientRenamed => "client_renamed",
            ChangeKind::Seats => "seats",
            ChangeKind::SeatsUsed => "seats_used",
            ChangeKind::Plan => "plan",
            ChangeKind::FirstSync => "first_sync",
            ChangeKind::MemberAdded => "member_added",
            ChangeKind::MemberRemoved => "member_removed",
            ChangeKind::MemberStatus => "member_status",
            ChangeKind::MemberRole => "member_role",
            ChangeKind::PolicyAdded => "policy_added",
            ChangeKind::PolicyRemoved => "policy_removed",
            ChangeKind::PolicyEnabled => "policy_enabled",
            ChangeKind::PolicyDisabled => "policy_disabled",
            ChangeKind::CollectionAdded => "collection_added",
            ChangeKind::CollectionRemoved => "collection_removed",
            ChangeKind::ItemAdded => "item_added",
            ChangeKind::ItemRemoved => "item_removed",
        }
    }

    /// `None` for a kind a newer build wrote.
    pub fn parse(text: &str) -> Option<Self> {
        ChangeKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One journal entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChangeRow {
    pub id: i64,
    pub organization_id: String,
    /// The client's name now, or the last one the journal recorded for it
    /// (a client no longer listed); `None` if neither is known.
    pub client_name: Option<String>,
    /// When the sync that saw the change wrote it (Unix ms).
    pub at: i64,
    /// As stored, not parsed: a newer build may have written kinds this one
    /// does not know, and they still belong in the history.
    pub kind: String,
    /// The member id, policy type, collection or item id; `None` when the
    /// change is about the client itself.
    pub subject: Option<String>,
    /// What people know the subject by: an email, a policy type number, an
    /// id; the client's name for changes to the client itself.
    pub label: Option<String>,
    /// JSON.
    pub before: Option<String>,
    /// JSON.
    pub after: Option<String>,
}

impl Snapshot {
    /// Journal entries, newest sync first (in the order each sync wrote
    /// them), of one client or all, at or after `since` (Unix ms).
    pub async fn changes(
        &self,
        organization_id: Option<&str>,
        since: Option<i64>,
    ) -> Result<Vec<ChangeRow>, CacheError> {
        // The name of a client no longer listed comes from the newest entry
        // about the client itself, which always carries it as its label.
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT j.id, j.organization_id,
                    coalesce(c.name, (SELECT l.label FROM changes l
                                      WHERE l.organization_id = j.organization_id
                                        AND l.subject IS NULL AND l.label IS NOT NULL
                                      ORDER BY l.at DESC, l.id DESC LIMIT 1)) AS client_name,
                    j.at, j.kind, j.subject, j.label, j.before, j.after
             FROM changes j LEFT JOIN clients c ON c.organization_id = j.organization_id
             WHERE 1 = 1",
        );
        if let Some(organization_id) = organization_id {
            query
                .push(" AND j.organization_id = ")
                .push_bind(organization_id);
        }
        if let Some(since) = since {
            query.push(" AND j.at >= ").push_bind(since);
        }
        query.push(" ORDER BY j.at DESC, j.id");
        Ok(query
            .build_query_as::<ChangeRow>()
            .fetch_all(&self.pool)
            .await?)
    }
}

/// A change a diff found, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub kind: ChangeKind,
    pub subject: Option<String>,
    pub label: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    fn new(kind: ChangeKind) -> Self {
        Entry {
            kind,
            subject: None,
            label: None,
            before: None,
            after: None,
        }
    }

    fn subject(mut self, subject: impl Into<String>, label: Option<String>) -> Self {
        self.subject = Some(subject.into());
        self.label = label;
        self
    }

    fn label(mut self, label: &str) -> Self {
        self.label = Some(label.to_owned());
        self
    }

    fn before(mut self, value: Value) -> Self {
        self.before = Some(value);
        self
    }

    fn after(mut self, value: Value) -> Self {
        self.after = Some(value);
        self
    }
}

/// A client row as stored before a list refresh: what the list diff compares.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct ListedClient {
    pub organization_id: String,
    pub source: String,
    pub provider_id: Option<String>,
    pub name: String,
    pub plan: Option<String>,
    pub plan_type: Option<i64>,
    pub seats: Option<i64>,
    pub occupied_seats: Option<i64>,
}

/// Every stored client: a client the list refresh adds may already be
/// stored under another source (a direct org a provider now manages), and
/// that is a change of its figures, not a new client.
pub(super) async fn listed_clients(
    conn: &mut SqliteConnection,
) -> Result<Vec<ListedClient>, CacheError> {
    Ok(sqlx::query_as::<_, ListedClient>(
        "SELECT organization_id, source, provider_id, name, plan, plan_type, seats, occupied_seats
         FROM clients ORDER BY organization_id",
    )
    .fetch_all(conn)
    .await?)
}

/// What replacing the list of one source (`source`, `provider_id`) with `new`
/// changes, per organization id.
pub(super) fn client_list_changes(
    old: &[ListedClient],
    source: ClientSource,
    provider_id: Option<&str>,
    new: &[ClientListRow],
) -> Vec<(String, Entry)> {
    let stored: HashMap<&str, &ListedClient> = old
        .iter()
        .map(|c| (c.organization_id.as_str(), c))
        .collect();
    let mut changes = Vec::new();
    for row in new {
        let org = &row.organization_id;
        let Some(before) = stored.get(org.as_str()) else {
            changes.push((
                org.clone(),
                Entry::new(ChangeKind::ClientAdded).label(&row.name),
            ));
            continue;
        };
        let mut push = |entry: Entry| changes.push((org.clone(), entry.label(&row.name)));
        if before.name != row.name {
            push(
                Entry::new(ChangeKind::ClientRenamed)
                    .before(json!(before.name))
                    .after(json!(row.name)),
            );
        }
        if before.seats != row.seats {
            push(
                Entry::new(ChangeKind::Seats)
                    .before(json!(before.seats))
                    .after(json!(row.seats)),
            );
        }
        if before.occupied_seats != row.occupied_seats {
            push(
                Entry::new(ChangeKind::SeatsUsed)
                    .before(json!(before.occupied_seats))
                    .after(json!(row.occupied_seats)),
            );
        }
        // A list without a plan type keeps the stored one (the upsert's
        // coalesce): only a type it does send can differ.
        let plan_type = row.plan_type.or(before.plan_type);
        if before.plan != row.plan || before.plan_type != plan_type {
            push(
                Entry::new(ChangeKind::Plan)
                    .before(plan_value(before.plan.as_deref(), before.plan_type))
                    .after(plan_value(row.plan.as_deref(), plan_type)),
            );
        }
    }
    let listed: BTreeSet<&str> = new.iter().map(|r| r.organization_id.as_str()).collect();
    for before in old {
        let same_list =
            before.source == source.as_str() && before.provider_id.as_deref() == provider_id;
        if same_list && !listed.contains(before.organization_id.as_str()) {
            changes.push((
                before.organization_id.clone(),
                Entry::new(ChangeKind::ClientRemoved).label(&before.name),
            ));
        }
    }
    changes
}

/// The plan's display name; the product tier's number for organizations the
/// server names no plan for (direct memberships).
fn plan_value(plan: Option<&str>, plan_type: Option<i64>) -> Value {
    match (plan, plan_type) {
        (Some(plan), _) => json!(plan),
        (None, Some(tier)) => json!(tier),
        (None, None) => Value::Null,
    }
}

/// A member as stored before a detail sync.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct StoredMember {
    pub id: String,
    pub email: Option<String>,
    #[sqlx(rename = "type")]
    pub member_type: i64,
    pub status: i64,
}

/// A client's details as stored before a detail sync, reduced to what the
/// journal compares (no raw JSON, no ciphertext).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct StoredDetails {
    pub members: Vec<StoredMember>,
    /// (type, enabled)
    pub policies: Vec<(i64, bool)>,
    pub collections: Vec<String>,
    pub items: Vec<String>,
}

/// The client before a detail sync: its name, and its details unless it was
/// never synced in full.
pub(super) struct Prior {
    pub name: String,
    pub details: Option<StoredDetails>,
}

/// What a detail sync changes, given what was stored before it.
pub(super) fn details_changes(prior: &Prior, new: &ClientDetails) -> Vec<Entry> {
    match &prior.details {
        Some(old) => detail_changes(old, new),
        // Nothing to compare with: every member, policy, collection and item
        // would be "added" — hundreds of entries per client on an account's
        // first sync, burying the changes people look for. One entry says
        // when the history starts and what it started with.
        None => vec![
            Entry::new(ChangeKind::FirstSync)
                .label(&prior.name)
                .after(json!({
                    "members": new.members.len(),
                    "collections": new.collections.len(),
                    "policies": new.policies.len(),
                    "items": new.items.len(),
                })),
        ],
    }
}

/// The changes between two syncs of one client's details.
pub(super) fn detail_changes(old: &StoredDetails, new: &ClientDetails) -> Vec<Entry> {
    let mut changes = member_changes(&old.members, &new.members);
    changes.extend(policy_changes(
        &old.policies,
        &new.policies
            .iter()
            .map(|p| (p.policy_type, p.enabled))
            .collect::<Vec<_>>(),
    ));
    changes.extend(id_changes(
        ChangeKind::CollectionAdded,
        ChangeKind::CollectionRemoved,
        &old.collections,
        new.collections.iter().map(|c| c.id.as_str()),
    ));
    // Items the server refused to list are kept as they were: nothing to
    // compare.
    if !new.items_refused {
        changes.extend(id_changes(
            ChangeKind::ItemAdded,
            ChangeKind::ItemRemoved,
            &old.items,
            new.items.iter().map(|i| i.id.as_str()),
        ));
    }
    changes
}

/// Role (`type`) and status as the server numbers them.
fn member_value(member_type: i64, status: i64) -> Value {
    json!({ "type": member_type, "status": status })
}

fn member_changes(old: &[StoredMember], new: &[MemberRow]) -> Vec<Entry> {
    let old: BTreeMap<&str, &StoredMember> = old.iter().map(|m| (m.id.as_str(), m)).collect();
    let new: BTreeMap<&str, &MemberRow> = new.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut changes = Vec::new();
    for (id, m) in &new {
        let entry = |kind| Entry::new(kind).subject(*id, m.email.clone());
        match old.get(id) {
            None => changes
                .push(entry(ChangeKind::MemberAdded).after(member_value(m.member_type, m.status))),
            Some(before) => {
                if before.status != m.status {
                    changes.push(
                        entry(ChangeKind::MemberStatus)
                            .before(json!(before.status))
                            .after(json!(m.status)),
                    );
                }
                if before.member_type != m.member_type {
                    changes.push(
                        entry(ChangeKind::MemberRole)
                            .before(json!(before.member_type))
                            .after(json!(m.member_type)),
                    );
                }
            }
        }
    }
    for (id, before) in &old {
        if !new.contains_key(id) {
            changes.push(
                Entry::new(ChangeKind::MemberRemoved)
                    .subject(*id, before.email.clone())
                    .before(member_value(before.member_type, before.status)),
            );
        }
    }
    changes
}

fn policy_changes(old: &[(i64, bool)], new: &[(i64, bool)]) -> Vec<Entry> {
    let old: BTreeMap<i64, bool> = old.iter().copied().collect();
    let new: BTreeMap<i64, bool> = new.iter().copied().collect();
    let entry = |kind, policy_type: i64| {
        Entry::new(kind).subject(policy_type.to_string(), Some(policy_type.to_string()))
    };
    let mut changes = Vec::new();
    for (&policy_type, &enabled) in &new {
        match old.get(&policy_type) {
            None => changes.push(entry(ChangeKind::PolicyAdded, policy_type).after(json!(enabled))),
            Some(&was) if was != enabled => {
                let kind = if enabled {
                    ChangeKind::PolicyEnabled
                } else {
                    ChangeKind::PolicyDisabled
                };
                changes.push(
                    entry(kind, policy_type)
                        .before(json!(was))
                        .after(json!(enabled)),
                );
            }
            Some(_) => {}
        }
    }
    for (&policy_type, &was) in &old {
        if !new.contains_key(&policy_type) {
            changes.push(entry(ChangeKind::PolicyRemoved, policy_type).before(json!(was)));
        }
    }
    changes
}

/// Things compared by id alone (collections, items): their names are
/// ciphertext, so "changed" would only mean "re-encrypted" to the journal.
fn id_changes<'a>(
    added: ChangeKind,
    removed: ChangeKind,
    old: &'a [String],
    new: impl Iterator<Item = &'a str>,
) -> Vec<Entry> {
    let old: BTreeSet<&str> = old.iter().map(String::as_str).collect();
    let new: BTreeSet<&str> = new.collect();
    let entry = |kind, id: &str| Entry::new(kind).subject(id, Some(id.to_owned()));
    new.difference(&old)
        .map(|id| entry(added, id))
        .chain(old.difference(&new).map(|id| entry(removed, id)))
        .collect()
}

/// Records what a detail sync changed, in its transaction: nothing for a
/// client the snapshot does not have (`prior` is `None`; the write fails).
pub(super) async fn record_details(
    conn: &mut SqliteConnection,
    organization_id: &str,
    prior: Option<&Prior>,
    details: &ClientDetails,
    now: i64,
) -> Result<(), CacheError> {
    let Some(prior) = prior else {
        return Ok(());
    };
    let entries: Vec<(String, Entry)> = details_changes(prior, details)
        .into_iter()
        .map(|e| (organization_id.to_owned(), e))
        .collect();
    record(conn, &entries, now).await
}

/// Deletes entries past retention: one client's (indexed, cheap enough for
/// every detail write) or everyone's (once per list refresh, which also
/// reaches clients no longer listed). Run first in its transaction, it also
/// takes the write lock before the diff reads: a transaction that read first
/// could not upgrade once another writer committed in between.
pub(super) async fn prune(
    conn: &mut SqliteConnection,
    organization_id: Option<&str>,
    now: i64,
) -> Result<(), CacheError> {
    let cutoff = now.saturating_sub(RETENTION_MS);
    match organization_id {
        Some(org) => {
            sqlx::query("DELETE FROM changes WHERE organization_id = ? AND at < ?")
                .bind(org)
                .bind(cutoff)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query("DELETE FROM changes WHERE at < ?")
                .bind(cutoff)
                .execute(conn)
                .await?
        }
    };
    Ok(())
}

/// Writes entries (organization id, change) seen at `now`.
pub(super) async fn record(
    conn: &mut SqliteConnection,
    entries: &[(String, Entry)],
    now: i64,
) -> Result<(), CacheError> {
    insert_rows(
        conn,
        "INSERT INTO changes (organization_id, at, kind, subject, label, before, after) ",
        "",
        entries,
        7,
        |mut b, (org, e)| {
            b.push_bind(org)
                .push_bind(now)
                .push_bind(e.kind.as_str())
                .push_bind(&e.subject)
                .push_bind(&e.label)
                .push_bind(e.before.as_ref().map(Value::to_string))
                .push_bind(e.after.as_ref().map(Value::to_string));
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::{ItemRow, NamedRow, PolicyRow};

    fn member(id: &str, email: &str, member_type: i64, status: i64) -> MemberRow {
        MemberRow {
            id: id.into(),
            user_id: None,
            email: Some(email.into()),
            name: None,
            member_type,
            status,
            two_factor: false,
            recovery_enrolled: false,
            raw: "{}".into(),
        }
    }

    fn stored(m: &MemberRow) -> StoredMember {
        StoredMember {
            id: m.id.clone(),
            email: m.email.clone(),
            member_type: m.member_type,
            status: m.status,
        }
    }

    fn named(id: &str) -> NamedRow {
        NamedRow {
            id: id.into(),
            name: "2.iv|ct|mac".into(),
            raw: "{}".into(),
        }
    }

    fn item(id: &str) -> ItemRow {
        ItemRow {
            id: id.into(),
            item_type: 1,
            revision_date: None,
            raw: "{}".into(),
        }
    }

    fn policy(policy_type: i64, enabled: bool) -> PolicyRow {
        PolicyRow {
            policy_type,
            enabled,
            raw: "{}".into(),
        }
    }

    fn kinds(entries: &[Entry]) -> Vec<(&'static str, Option<&str>)> {
        entries
            .iter()
            .map(|e| (e.kind.as_str(), e.subject.as_deref()))
            .collect()
    }

    #[test]
    fn kinds_round_trip_and_unknown_ones_stay_unknown() {
        for kind in ChangeKind::ALL {
            assert_eq!(ChangeKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ChangeKind::parse("sso_changed"), None);
    }

    #[test]
    fn the_same_details_change_nothing() {
        let new = ClientDetails {
            members: vec![member("m1", "a@x", 2, 2)],
            collections: vec![named("c1")],
            policies: vec![policy(0, true)],
            items: vec![item("i1")],
            ..Default::default()
        };
        let old = StoredDetails {
            members: new.members.iter().map(stored).collect(),
            policies: vec![(0, true)],
            collections: vec!["c1".into()],
            items: vec!["i1".into()],
        };
        assert_eq!(detail_changes(&old, &new), []);
    }

    #[test]
    fn members_added_removed_and_changed_are_labelled_by_email() {
        let old = [
            member("m1", "stays@x", 2, 2),
            member("m2", "leaves@x", 2, 0),
            member("m3", "revoked@x", 2, 2),
            member("m4", "promoted@x", 2, 2),
        ];
        let new = [
            member("m1", "stays@x", 2, 2),
            member("m3", "revoked@x", 2, -1),
            member("m4", "promoted@x", 1, 2),
            member("m5", "joins@x", 2, 0),
        ];
        let old: Vec<StoredMember> = old.iter().map(stored).collect();
        let changes = member_changes(&old, &new);
        assert_eq!(
            kinds(&changes),
            [
                ("member_status", Some("m3")),
                ("member_role", Some("m4")),
                ("member_added", Some("m5")),
                ("member_removed", Some("m2")),
            ]
        );
        assert_eq!(changes[0].label.as_deref(), Some("revoked@x"));
        assert_eq!(
            (changes[0].before.clone(), changes[0].after.clone()),
            (Some(json!(2)), Some(json!(-1)))
        );
        assert_eq!(
            (changes[1].before.clone(), changes[1].after.clone()),
            (Some(json!(2)), Some(json!(1)))
        );
        assert_eq!(changes[2].label.as_deref(), Some("joins@x"));
        assert_eq!(changes[2].after, Some(json!({"type": 2, "status": 0})));
        assert_eq!(changes[3].label.as_deref(), Some("leaves@x"));
        assert_eq!(changes[3].before, Some(json!({"type": 2, "status": 0})));
        assert_eq!(changes[3].after, None);
    }

    #[test]
    fn a_member_whose_status_and_role_change_gets_both() {
        let old = [stored(&member("m1", "a@x", 2, 0))];
        let changes = member_changes(&old, &[member("m1", "a@x", 0, 2)]);
        assert_eq!(
            kinds(&changes),
            [("member_status", Some("m1")), ("member_role", Some("m1"))]
        );
    }

    #[test]
    fn policies_added_removed_enabled_and_disabled() {
        let old = [(0, true), (1, false), (2, true), (3, false)];
        let new = [(0, true), (1, true), (2, false), (5, false)];
        let changes = policy_changes(&old, &new);
        assert_eq!(
            kinds(&changes),
            [
                ("policy_enabled", Some("1")),
                ("policy_disabled", Some("2")),
                ("policy_added", Some("5")),
                ("policy_removed", Some("3")),
            ]
        );
        assert!(changes.iter().all(|e| e.label == e.subject));
        assert_eq!(
            (changes[0].before.clone(), changes[0].after.clone()),
            (Some(json!(false)), Some(json!(true)))
        );
        assert_eq!(changes[2].after, Some(json!(false)));
        assert_eq!(changes[3].before, Some(json!(false)));
    }

    #[test]
    fn collections_and_items_by_id_only() {
        let old = StoredDetails {
            collections: vec!["c1".into(), "c2".into()],
            items: vec!["i1".into(), "i2".into()],
            ..Default::default()
        };
        let new = ClientDetails {
            collections: vec![named("c2"), named("c3")],
            items: vec![item("i3"), item("i1")],
            ..Default::default()
        };
        let changes = detail_changes(&old, &new);
        assert_eq!(
            kinds(&changes),
            [
                ("collection_added", Some("c3")),
                ("collection_removed", Some("c1")),
                ("item_added", Some("i3")),
                ("item_removed", Some("i2")),
            ]
        );
        // The id is the label: the name is ciphertext and stays out.
        assert!(changes.iter().all(|e| e.label == e.subject));
        assert!(
            changes
                .iter()
                .all(|e| e.before.is_none() && e.after.is_none())
        );
    }

    #[test]
    fn a_first_sync_is_one_entry_with_counts() {
        let prior = Prior {
            name: "Acme".into(),
            details: None,
        };
        let new = ClientDetails {
            members: vec![member("m1", "a@x", 2, 2), member("m2", "b@x", 2, 0)],
            collections: vec![named("c1")],
            items: vec![item("i1"), item("i2"), item("i3")],
            ..Default::default()
        };
        let changes = details_changes(&prior, &new);
        assert_eq!(kinds(&changes), [("first_sync", None)]);
        assert_eq!(changes[0].label.as_deref(), Some("Acme"));
        assert_eq!(
            changes[0].after,
            Some(json!({"members": 2, "collections": 1, "policies": 0, "items": 3}))
        );
    }

    fn listed(org: &str, source: &str, provider: Option<&str>, seats: i64) -> ListedClient {
        ListedClient {
            organization_id: org.into(),
            source: source.into(),
            provider_id: provider.map(str::to_owned),
            name: format!("Client {org}"),
            plan: Some("Teams (Monthly)".into()),
            plan_type: Some(17),
            seats: Some(seats),
            occupied_seats: Some(1),
        }
    }

    fn row(c: &ListedClient) -> ClientListRow {
        ClientListRow {
            organization_id: c.organization_id.clone(),
            source: ClientSource::parse(&c.source).unwrap_or(ClientSource::Provider),
            provider_id: c.provider_id.clone(),
            provider_organization_id: None,
            name: c.name.clone(),
            plan: c.plan.clone(),
            plan_type: c.plan_type,
            status: None,
            seats: c.seats,
            occupied_seats: c.occupied_seats,
            remaining_seats: None,
            user_count: None,
            wrapped_key: None,
            raw: "{}".into(),
        }
    }

    #[test]
    fn the_client_list_records_seats_plan_names_and_presence() {
        let old = [
            listed("a", "provider", Some("p1"), 10),
            listed("b", "provider", Some("p1"), 10),
            listed("gone", "provider", Some("p1"), 5),
            // Another provider's client: not this list's to remove.
            listed("other", "provider", Some("p2"), 5),
            listed("direct", "direct", None, 5),
        ];
        let mut a = row(&old[0]);
        a.seats = Some(12);
        a.occupied_seats = Some(3);
        let mut b = row(&old[1]);
        b.plan = Some("Enterprise (Monthly)".into());
        b.plan_type = None; // kept as stored: not a change by itself
        b.name = "Client b, renamed".into();
        let mut fresh = row(&listed("new", "provider", Some("p1"), 5));
        fresh.name = "Newcomer".into();
        // A direct org the provider now manages: not new to the snapshot.
        let mut moved = row(&old[4]);
        moved.source = ClientSource::Provider;
        moved.provider_id = Some("p1".into());
        let new = [a, b, fresh, moved];
        let changes = client_list_changes(&old, ClientSource::Provider, Some("p1"), &new);
        let seen: Vec<(&str, &str, Option<&str>)> = changes
            .iter()
            .map(|(org, e)| (org.as_str(), e.kind.as_str(), e.label.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("a", "seats", Some("Client a")),
                ("a", "seats_used", Some("Client a")),
                ("b", "client_renamed", Some("Client b, renamed")),
                ("b", "plan", Some("Client b, renamed")),
                ("new", "client_added", Some("Newcomer")),
                ("gone", "client_removed", Some("Client gone")),
            ]
        );
        assert!(changes.iter().all(|(_, e)| e.subject.is_none()));
        let (_, seats) = &changes[0];
        assert_eq!(
            (seats.before.clone(), seats.after.clone()),
            (Some(json!(10)), Some(json!(12)))
        );
        let (_, plan) = &changes[3];
        assert_eq!(
            (plan.before.clone(), plan.after.clone()),
            (
                Some(json!("Teams (Monthly)")),
                Some(json!("Enterprise (Monthly)"))
            )
        );
    }

    #[test]
    fn the_same_client_list_changes_nothing_and_direct_tiers_compare() {
        let mut direct = listed("d", "direct", None, 5);
        direct.plan = None;
        direct.plan_type = Some(2);
        let old = [direct.clone()];
        assert_eq!(
            client_list_changes(&old, ClientSource::Direct, None, &[row(&direct)]),
            []
        );
        let mut upgraded = row(&direct);
        upgraded.plan_type = Some(3);
        let changes = client_list_changes(&old, ClientSource::Direct, None, &[upgraded]);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].1.before.clone(), changes[0].1.after.clone()),
            (Some(json!(2)), Some(json!(3)))
        );
        // An empty list removes every client of its source.
        let changes = client_list_changes(&old, ClientSource::Direct, None, &[]);
        assert_eq!(changes[0].1.kind, ChangeKind::ClientRemoved);
    }
}
