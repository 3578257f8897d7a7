//! A client's event log as the Events page and `pdesk events` show it:
//! filtered in the snapshot (works offline), each event with its sentence,
//! who did it, from which app and address; and the CSV export with
//! Bitwarden's columns.

use super::EventType;
use super::describe::{Subjects, describe};
use super::device::DeviceType;
use crate::core::Core;
use crate::error::AppError;
use crate::lang::Lang;
use crate::members::MemberView;
use crate::time::{iso8601, parse_iso8601_ms};
use bw_api::wire::events::Event;
use desk_cache::EventQuery;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// Events shown per page of the Events page.
pub const PAGE_SIZE: u32 = 100;

/// Rows an export writes at most (a year of a busy client is well below).
pub const EXPORT_CAP: u32 = 1_000_000;

/// Families of event types, for the type filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventCategory {
    /// Sign-ins, password and two-step login changes, exports.
    Account,
    /// Vault items: created, edited, viewed, copied, deleted.
    Item,
    Collection,
    Group,
    Member,
    /// Organization settings, vault access, SSO, invite links.
    Organization,
    Policy,
    /// Provider users and clients.
    Provider,
    Domain,
    SecretsManager,
    Phishing,
    Send,
    /// Types newer than this build.
    Other,
}

impl EventCategory {
    /// Every family, in declaration order: the order the Events page and
    /// `pdesk events` list them in (exported to the UI as
    /// `EVENT_CATEGORY_ORDER`).
    pub const ALL: [EventCategory; 13] = [
        EventCategory::Account,
        EventCategory::Item,
        EventCategory::Collection,
        EventCategory::Group,
        EventCategory::Member,
        EventCategory::Organization,
        EventCategory::Policy,
        EventCategory::Provider,
        EventCategory::Domain,
        EventCategory::SecretsManager,
        EventCategory::Phishing,
        EventCategory::Send,
        EventCategory::Other,
    ];

    pub fn of(event: EventType) -> EventCategory {
        if matches!(event, EventType::Unknown(_)) {
            return EventCategory::Other;
        }
        match event.wire() / 100 {
            10 => EventCategory::Account,
            11 => EventCategory::Item,
            13 => EventCategory::Collection,
            14 => EventCategory::Group,
            15 => EventCategory::Member,
            16 => EventCategory::Organization,
            17 => EventCategory::Policy,
            18 | 19 => EventCategory::Provider,
            20 => EventCategory::Domain,
            21..=23 => EventCategory::SecretsManager,
            24 => EventCategory::Phishing,
            25 => EventCategory::Send,
            _ => EventCategory::Other,
        }
    }
}

/// What the Events page (or `pdesk events`) asks for. Dates are ISO 8601
/// instants or plain days (`2026-12-01`: the whole day, UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EventFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    /// Any of these families (empty: all).
    pub categories: Vec<EventCategory>,
    /// Exact type numbers (empty: all); combined with `categories`.
    pub types: Vec<i32>,
    /// A member (its id): what they did and what was done to them.
    pub member_id: Option<String>,
    pub item_id: Option<String>,
    pub collection_id: Option<String>,
    pub group_id: Option<String>,
    pub device: Option<i32>,
    /// Page number, from 0.
    pub page: u32,
}

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A member of the client (named when the snapshot knows them).
    Member,
    /// A provider user acting in the client (not a member).
    ProviderUser,
    /// Bitwarden itself on behalf of a feature (SCIM, domain verification…).
    System,
    /// A user the snapshot does not know (removed since, or not synced).
    Unknown,
}

/// One event, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    /// As the server sent it (ISO 8601, UTC).
    pub date: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Bitwarden's name of the type (`Cipher_Updated`).
    pub type_name: String,
    pub category: EventCategory,
    pub message: String,
    pub actor: ActorKind,
    pub actor_name: String,
    pub actor_email: Option<String>,
    /// The acting member's id, to filter on them.
    pub actor_member_id: Option<String>,
    pub user_id: Option<String>,
    pub device: Option<DeviceType>,
    pub app_name: String,
    pub ip: Option<String>,
    pub item_id: Option<String>,
    pub item_name: Option<String>,
    pub collection_id: Option<String>,
    pub group_id: Option<String>,
    /// The member acted on.
    pub member_id: Option<String>,
    pub installation_id: Option<String>,
}

/// A choice in a filter: an id and what to show for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FilterChoice {
    pub id: String,
    pub label: String,
}

/// A device type found in the log: its number (what the filter takes), the
/// type and the app name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceChoice {
    pub number: i32,
    pub device: DeviceType,
    pub app_name: String,
}

/// A range the sync could not read whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventGap {
    pub start: String,
    pub end: String,
}

/// The Events page of one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventsPage {
    pub client_name: String,
    pub as_of: Option<String>,
    pub events: Vec<EventView>,
    /// Events matching the filter, over all pages.
    pub total: u32,
    pub page: u32,
    pub page_size: u32,
    pub members: Vec<FilterChoice>,
    pub collections: Vec<FilterChoice>,
    pub groups: Vec<FilterChoice>,
    /// Devices and categories found in the client's log.
    pub devices: Vec<DeviceChoice>,
    pub categories: Vec<EventCategory>,
    pub gaps: Vec<EventGap>,
}

/// The first instant of a day, or the instant given.
fn since_ms(text: &str) -> Result<i64, AppError> {
    day_or_instant(text, false)
}

/// The last instant of a day, or the instant given.
fn until_ms(text: &str) -> Result<i64, AppError> {
    day_or_instant(text, true)
}

/// A filter's `since` and `until` in ms: from the first instant of the
/// `since` day and to the last of the `until` day (or the instants given).
pub(super) fn window_ms(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    Ok((
        since.map(since_ms).transpose()?,
        until.map(until_ms).transpose()?,
    ))
}

/// The type numbers a filter's types and families stand for. "Other"
/// (types newer than this build) cannot be listed by number ahead of time:
/// asking for it is asking for every type (an empty list).
pub(super) fn type_numbers(types: &[i32], categories: &[EventCategory]) -> Vec<i64> {
    if categories.contains(&EventCategory::Other) {
        return Vec::new();
    }
    let mut numbers: Vec<i64> = types.iter().map(|t| i64::from(*t)).collect();
    for category in categories {
        numbers.extend(
            EventType::KNOWN
                .iter()
                .filter(|t| EventCategory::of(**t) == *category)
                .map(|t| t.wire()),
        );
    }
    numbers
}

/// Adds a type condition given as text to a filter's `types` or
/// `categories`: a number, Bitwarden's name (`Cipher_Updated`), our name
/// (`cipher_updated`) or a family (`item`).
pub(super) fn push_type(
    text: &str,
    types: &mut Vec<i32>,
    categories: &mut Vec<EventCategory>,
) -> Result<(), AppError> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i32>() {
        types.push(n);
        return Ok(());
    }
    let lower = t.to_ascii_lowercase();
    if let Some(known) = EventType::KNOWN
        .iter()
        .find(|e| e.name() == Some(lower.as_str()) || e.bitwarden_name().eq_ignore_ascii_case(t))
    {
        types.push(i32::try_from(known.wire()).unwrap_or(i32::MAX));
        return Ok(());
    }
    let category = match lower.as_str() {
        "account" | "user" => EventCategory::Account,
        "item" | "cipher" => EventCategory::Item,
        "collection" => EventCategory::Collection,
        "group" => EventCategory::Group,
        "member" => EventCategory::Member,
        "organization" => EventCategory::Organization,
        "policy" => EventCategory::Policy,
        "provider" => EventCategory::Provider,
        "domain" => EventCategory::Domain,
        "secrets" | "secrets_manager" => EventCategory::SecretsManager,
        "phishing" => EventCategory::Phishing,
        "send" => EventCategory::Send,
        _ => {
            return Err(AppError::invalid_input(format!(
                "\"{}\" is not an event type: give its number, Bitwarden's name (Cipher_Updated) or a family (item, member, group…)",
                t.chars().take(60).collect::<String>()
            )));
        }
    };
    categories.push(category);
    Ok(())
}

fn day_or_instant(text: &str, end_of_day: bool) -> Result<i64, AppError> {
    let text = text.trim();
    let parsed = if text.len() == 10 {
        parse_iso8601_ms(&format!("{text}T00:00:00Z"))
            .map(|ms| if end_of_day { ms + 86_400_000 - 1 } else { ms })
    } else {
        parse_iso8601_ms(text)
    };
    parsed.ok_or_else(|| {
        AppError::invalid_input(format!(
            "\"{}\" is not a date: write 2026-12-01 or 2026-12-01T08:30:00Z",
            text.chars().take(40).collect::<String>()
        ))
    })
}

impl EventFilter {
    /// Adds a type condition from text (see [`push_type`]).
    pub fn add_type(&mut self, text: &str) -> Result<(), AppError> {
        push_type(text, &mut self.types, &mut self.categories)
    }

    /// The snapshot query for this filter; `members` maps a member id to
    /// their user id (what `actingUserId` holds).
    fn query(
        &self,
        members: &[MemberView],
        limit: i64,
        offset: i64,
    ) -> Result<EventQuery, AppError> {
        let (since, until) = window_ms(self.since.as_deref(), self.until.as_deref())?;
        let (acting_user_id, member_id) = match &self.member_id {
            None => (None, None),
            Some(id) => {
                let member = members.iter().find(|m| &m.id == id).ok_or_else(|| {
                    AppError::new(
                        crate::error::ErrorCode::NotFound,
                        "that member is not in this client's snapshot",
                    )
                })?;
                (member.user_id.clone(), Some(member.id.clone()))
            }
        };
        Ok(EventQuery {
            since_ms: since,
            until_ms: until,
            types: type_numbers(&self.types, &self.categories),
            acting_user_id,
            member_id,
            cipher_id: self.item_id.clone(),
            collection_id: self.collection_id.clone(),
            group_id: self.group_id.clone(),
            device_type: self.device.map(i64::from),
            limit,
            offset,
        })
    }
}

/// Someone the snapshot knows: a member of the client, or a provider user
/// in the provider's own log.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl Person {
    fn of(m: &MemberView) -> Person {
        Person {
            id: m.id.clone(),
            name: m.name.clone(),
            email: m.email.clone(),
        }
    }

    /// "Name <e-mail>", or what is known.
    pub(super) fn label(&self) -> String {
        match (&self.name, &self.email) {
            (Some(name), Some(email)) if !name.is_empty() => format!("{name} <{email}>"),
            (_, Some(email)) => email.clone(),
            (Some(name), None) => name.clone(),
            (None, None) => short(&self.id).to_owned(),
        }
    }

    fn display_name(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| self.email.clone())
            .unwrap_or_else(|| short(&self.id).to_owned())
    }
}

/// Names the snapshot knows, to turn ids into words.
#[derive(Default)]
pub(super) struct Names {
    /// By user id (what `actingUserId` holds).
    pub by_user: HashMap<String, Person>,
    /// By member id (a client's log) or provider-user id (the provider's).
    pub by_member: HashMap<String, Person>,
    /// Who the people above are to the log's owner.
    pub people: Option<ActorKind>,
    /// Client names by provider-organization id (the provider's log).
    pub clients: HashMap<String, String>,
    pub collections: HashMap<String, String>,
    pub groups: HashMap<String, String>,
    pub items: HashMap<String, String>,
}

impl Names {
    fn of_members(members: &[MemberView]) -> Names {
        Names {
            by_user: members
                .iter()
                .filter_map(|m| Some((m.user_id.clone()?, Person::of(m))))
                .collect(),
            by_member: members
                .iter()
                .map(|m| (m.id.clone(), Person::of(m)))
                .collect(),
            people: Some(ActorKind::Member),
            ..Names::default()
        }
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn member_label(m: &MemberView) -> String {
    Person::of(m).label()
}

fn system_user(n: i64, lang: Lang) -> String {
    let what = match n {
        1 => "SCIM",
        2 => match lang {
            Lang::En => "domain verification",
            Lang::Es => "verificación de dominio",
        },
        3 => match lang {
            Lang::En => "public API",
            Lang::Es => "API pública",
        },
        4 => match lang {
            Lang::En => "two-step login policy",
            Lang::Es => "directiva de dos pasos",
        },
        5 => match lang {
            Lang::En => "Bitwarden portal",
            Lang::Es => "portal de Bitwarden",
        },
        _ => "?",
    };
    match lang {
        Lang::En => format!("System ({what})"),
        Lang::Es => format!("Sistema ({what})"),
    }
}

/// Turns a stored event into its view; an event whose JSON no longer reads
/// (it was checked at sync) still shows its type and date.
pub(super) fn event_view(
    date: &str,
    event_type: i64,
    raw: &str,
    names: &Names,
    lang: Lang,
) -> EventView {
    let e: Event = serde_json::from_str(raw).unwrap_or_else(|_| Event {
        date: date.to_owned(),
        event_type,
        ..Event::default()
    });
    let kind = EventType::from_wire(event_type);
    let acting = e
        .acting_user_id
        .as_deref()
        .and_then(|u| names.by_user.get(u));
    let (actor, actor_name) = if let Some(m) = acting {
        (names.people.unwrap_or(ActorKind::Member), m.display_name())
    } else if let Some(system) = e.system_user.filter(|s| *s > 0) {
        (ActorKind::System, system_user(system, lang))
    } else if e.acting_user_id.is_some() && e.provider_id.is_some() {
        // Bitwarden marks what a provider user did in a client with the
        // provider's id; a user who is not a member of a direct org is
        // someone removed since (below).
        (
            ActorKind::ProviderUser,
            match lang {
                Lang::En => "Provider user".to_owned(),
                Lang::Es => "Usuario del proveedor".to_owned(),
            },
        )
    } else {
        (
            ActorKind::Unknown,
            e.acting_user_id
                .as_deref()
                .map(short)
                .unwrap_or("—")
                .to_owned(),
        )
    };
    let member = e
        .organization_user_id
        .as_deref()
        .and_then(|id| names.by_member.get(id))
        .map(Person::label);
    let provider_user = e.provider_user_id.as_deref().map(|id| {
        names
            .by_member
            .get(id)
            .map(Person::label)
            .unwrap_or_else(|| short(id).to_owned())
    });
    let client_name = e
        .provider_organization_id
        .as_deref()
        .or(e.organization_id.as_deref())
        .map(|id| {
            names
                .clients
                .get(id)
                .cloned()
                .unwrap_or_else(|| short(id).to_owned())
        });
    let collection = e.collection_id.as_deref().map(|id| {
        names
            .collections
            .get(id)
            .cloned()
            .unwrap_or_else(|| short(id).to_owned())
    });
    let group = e.group_id.as_deref().map(|id| {
        names
            .groups
            .get(id)
            .cloned()
            .unwrap_or_else(|| short(id).to_owned())
    });
    let item = e.cipher_id.as_deref().map(short);
    let subjects = Subjects {
        item,
        collection: collection.as_deref(),
        group: group.as_deref(),
        member: member
            .as_deref()
            .or(e.organization_user_id.as_deref().map(short)),
        policy: e.policy_id.as_deref().map(short),
        client: client_name
            .as_deref()
            .or(e.organization_id.as_deref().map(short)),
        provider_user: provider_user.as_deref(),
        domain: e.domain_name.as_deref(),
        send: e.send_id.as_deref().map(short),
        secret: e.secret_id.as_deref().map(short),
        project: e.project_id.as_deref().map(short),
        service_account: e
            .service_account_id
            .as_deref()
            .or(e.granted_service_account_id.as_deref())
            .map(short),
    };
    let device = e.device_type.map(DeviceType::from_wire);
    EventView {
        date: e.date.clone(),
        event_type: kind,
        type_name: kind.bitwarden_name(),
        category: EventCategory::of(kind),
        message: describe(kind, lang, &subjects),
        actor,
        actor_name,
        actor_email: acting.and_then(|m| m.email.clone()),
        actor_member_id: acting.map(|m| m.id.clone()),
        user_id: e.acting_user_id.clone(),
        app_name: device.map(|d| d.app().0).unwrap_or_default(),
        device,
        ip: e.ip_address.clone(),
        item_name: e
            .cipher_id
            .as_deref()
            .and_then(|id| names.items.get(id).cloned()),
        item_id: e.cipher_id,
        collection_id: e.collection_id,
        group_id: e.group_id,
        member_id: e.organization_user_id,
        installation_id: e.installation_id,
    }
}

/// Bitwarden's event CSV: `message, appIcon, appName, userId, userName,
/// userEmail, date, ip, type, installationId`, one row per event, fields
/// quoted as RFC 4180 wants and spreadsheet formulas neutralised.
pub fn events_csv(events: &[EventView]) -> String {
    let mut out = String::with_capacity(events.len() * 160 + 100);
    out.push_str(
        "message,appIcon,appName,userId,userName,userEmail,date,ip,type,installationId\r\n",
    );
    for e in events {
        let icon = e.device.map(|d| d.app().1).unwrap_or("");
        let fields = [
            e.message.as_str(),
            icon,
            e.app_name.as_str(),
            e.user_id.as_deref().unwrap_or(""),
            e.actor_name.as_str(),
            e.actor_email.as_deref().unwrap_or(""),
            e.date.as_str(),
            e.ip.as_deref().unwrap_or(""),
            e.type_name.as_str(),
            e.installation_id.as_deref().unwrap_or(""),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            crate::csv::push_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

impl Core {
    /// One page of a client's event log, filtered, from the snapshot.
    #[tracing::instrument(skip_all)]
    pub async fn events_page(
        &self,
        organization_id: &str,
        filter: &EventFilter,
        lang: Lang,
    ) -> Result<EventsPage, AppError> {
        let members_page = self.members_page(organization_id).await?;
        let offset = i64::from(filter.page) * i64::from(PAGE_SIZE);
        let query = filter.query(&members_page.members, i64::from(PAGE_SIZE), offset)?;
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let (total, rows) = snapshot.query_events(organization_id, &query).await?;
        let (devices, types) = snapshot.event_facets(organization_id).await?;
        let gaps = snapshot.event_gaps(organization_id).await?;
        let provider_org = snapshot
            .client(organization_id)
            .await?
            .and_then(|c| c.list.provider_organization_id);
        drop(unlocked);
        // Item names only for the items this page mentions.
        let mut wanted: Vec<String> = rows
            .iter()
            .filter_map(|r| serde_json::from_str::<Event>(&r.raw).ok()?.cipher_id)
            .collect();
        wanted.sort();
        wanted.dedup();
        let items = self
            .item_names(organization_id, &wanted)
            .await
            .unwrap_or_default();
        let mut names = Names::of_members(&members_page.members);
        names.collections = members_page
            .collections
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect();
        names.groups = members_page
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect();
        names.items = items;
        // A provider's events in a client's log ("opened the vault of
        // client …") name the client itself.
        names
            .clients
            .insert(organization_id.to_owned(), members_page.client_name.clone());
        if let Some(provider_org) = provider_org {
            names
                .clients
                .insert(provider_org, members_page.client_name.clone());
        }
        let events = rows
            .iter()
            .map(|r| event_view(&r.date, r.event_type, &r.raw, &names, lang))
            .collect();
        let mut categories: Vec<EventCategory> = types
            .into_iter()
            .map(|t| EventCategory::of(EventType::from_wire(t)))
            .collect();
        categories.dedup();
        categories.sort_by_key(|c| *c as u8);
        categories.dedup();
        Ok(EventsPage {
            client_name: members_page.client_name.clone(),
            as_of: members_page.as_of.clone(),
            events,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            page: filter.page,
            page_size: PAGE_SIZE,
            members: members_page
                .members
                .iter()
                .map(|m| FilterChoice {
                    id: m.id.clone(),
                    label: member_label(m),
                })
                .collect(),
            collections: members_page
                .collections
                .iter()
                .map(|c| FilterChoice {
                    id: c.id.clone(),
                    label: c.name.clone(),
                })
                .collect(),
            groups: members_page
                .groups
                .iter()
                .map(|g| FilterChoice {
                    id: g.id.clone(),
                    label: g.name.clone(),
                })
                .collect(),
            devices: devices
                .into_iter()
                .map(|n| {
                    let device = DeviceType::from_wire(n);
                    DeviceChoice {
                        number: i32::try_from(n).unwrap_or(i32::MAX),
                        device,
                        app_name: device.app().0,
                    }
                })
                .collect(),
            categories,
            gaps: gaps
                .into_iter()
                .map(|g| EventGap {
                    start: g.start,
                    end: g.end,
                })
                .collect(),
        })
    }

    /// Every event matching `filter` (its page ignored), newest first, as
    /// Bitwarden's CSV; with how many rows it holds.
    #[tracing::instrument(skip_all)]
    pub async fn events_csv(
        &self,
        organization_id: &str,
        filter: &EventFilter,
        lang: Lang,
    ) -> Result<(u32, String), AppError> {
        let events = self.all_events(organization_id, filter, lang).await?;
        Ok((
            u32::try_from(events.len()).unwrap_or(u32::MAX),
            events_csv(&events),
        ))
    }

    /// Every event matching `filter`, newest first (up to [`EXPORT_CAP`]).
    pub async fn all_events(
        &self,
        organization_id: &str,
        filter: &EventFilter,
        lang: Lang,
    ) -> Result<Vec<EventView>, AppError> {
        let members = self.members(organization_id).await?;
        let query = filter.query(&members, i64::from(EXPORT_CAP), 0)?;
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let (_, rows) = snapshot.query_events(organization_id, &query).await?;
        drop(unlocked);
        // The export names items and collections by id, as Bitwarden's
        // does: nothing decrypted goes into the file but member names.
        let mut names = Names::of_members(&members);
        if let Some(client) = self
            .unlocked()
            .await?
            .session
            .snapshot
            .client(organization_id)
            .await?
        {
            names
                .clients
                .insert(organization_id.to_owned(), client.list.name.clone());
            if let Some(provider_org) = client.list.provider_organization_id {
                names.clients.insert(provider_org, client.list.name);
            }
        }
        Ok(rows
            .iter()
            .map(|r| event_view(&r.date, r.event_type, &r.raw, &names, lang))
            .collect())
    }

    /// Writes the CSV of `filter`'s events to `path` (readable by this user
    /// only); returns the number of events written.
    pub async fn export_events(
        &self,
        organization_id: &str,
        filter: &EventFilter,
        lang: Lang,
        path: &std::path::Path,
    ) -> Result<u32, AppError> {
        let (count, csv) = self.events_csv(organization_id, filter, lang).await?;
        write_export(path, &csv)?;
        Ok(count)
    }

    /// [`Self::export_events`] into `dir` as `<client>-events-<date>.csv`
    /// (numbered when taken), like a browser's download.
    pub async fn export_events_to_dir(
        &self,
        organization_id: &str,
        filter: &EventFilter,
        lang: Lang,
        dir: &std::path::Path,
    ) -> Result<ExportedFile, AppError> {
        let path = export_path(dir, &self.client_name(organization_id).await?);
        let rows = self
            .export_events(organization_id, filter, lang, &path)
            .await?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            rows,
        })
    }
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub rows: u32,
}

/// `<dir>/<name>-events-<date>.csv`, numbered when taken.
pub(crate) fn export_path(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let stem = format!("{}-events-{}", crate::private_fs::file_stem(name), today());
    crate::private_fs::unused_path(dir, &stem, "csv")
}

/// Writes an export readable by this user only.
pub(crate) fn write_export(path: &std::path::Path, csv: &str) -> Result<(), AppError> {
    crate::private_fs::write_private(path, csv.as_bytes()).map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::Internal,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

/// Today's date, for file names.
pub fn today() -> String {
    iso8601(crate::time::now_ms()).chars().take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::default()
    }

    #[test]
    fn all_categories_are_listed_once_in_declaration_order() {
        // A fieldless enum's `as` value is its place in the declaration;
        // `Other` (types newer than this build) stays the last one.
        let places: Vec<usize> = EventCategory::ALL.iter().map(|c| *c as usize).collect();
        let count = EventCategory::Other as usize + 1;
        assert_eq!(places, (0..count).collect::<Vec<_>>());
    }

    #[test]
    fn categories_follow_the_hundreds() {
        assert_eq!(
            EventCategory::of(EventType::UserLoggedIn),
            EventCategory::Account
        );
        assert_eq!(
            EventCategory::of(EventType::CipherClientViewed),
            EventCategory::Item
        );
        assert_eq!(
            EventCategory::of(EventType::ProviderOrganizationVaultAccessed),
            EventCategory::Provider
        );
        assert_eq!(
            EventCategory::of(EventType::from_wire(9999)),
            EventCategory::Other
        );
    }

    #[test]
    fn type_conditions_become_type_numbers() {
        let (mut types, mut categories) = (Vec::new(), Vec::new());
        for text in ["1000", "Cipher_Updated", "group_created", "send"] {
            push_type(text, &mut types, &mut categories).unwrap();
        }
        assert_eq!(types, [1000, 1101, 1400]);
        assert_eq!(categories, [EventCategory::Send]);
        let numbers = type_numbers(&types, &categories);
        assert_eq!(numbers[..3], [1000, 1101, 1400]);
        assert!(numbers[3..].iter().all(|n| (2500..2600).contains(n)));
        assert!(numbers.len() > 4, "{numbers:?}");
        // Asking for newer types too means asking for every type.
        categories.push(EventCategory::Other);
        assert!(type_numbers(&types, &categories).is_empty());
        assert!(push_type("cipher_frobbed", &mut types, &mut categories).is_err());
    }

    #[test]
    fn days_cover_the_whole_day_and_bad_dates_are_refused() {
        assert_eq!(
            since_ms("2026-12-01").unwrap(),
            parse_iso8601_ms("2026-12-01T00:00:00Z").unwrap()
        );
        assert_eq!(
            until_ms("2026-12-01").unwrap(),
            parse_iso8601_ms("2026-12-02T00:00:00Z").unwrap() - 1
        );
        assert!(since_ms("yesterday").is_err());
    }

    #[test]
    fn a_provider_user_and_the_system_are_named() {
        let raw = r#"{"type":1603,"date":"2026-12-01T10:00:00Z","actingUserId":"u9","providerId":"p1","deviceType":9,"ipAddress":"203.0.113.9"}"#;
        let v = event_view("2026-12-01T10:00:00Z", 1603, raw, &names(), Lang::En);
        assert_eq!(v.actor, ActorKind::ProviderUser);
        assert_eq!(v.app_name, "Web vault - Chrome");
        assert_eq!(v.message, "Opened the organization's vault.");
        let raw = r#"{"type":1500,"date":"2026-12-01T10:00:00Z","systemUser":1,"organizationUserId":"m1234567890"}"#;
        let v = event_view("2026-12-01T10:00:00Z", 1500, raw, &names(), Lang::Es);
        assert_eq!(v.actor, ActorKind::System);
        assert_eq!(v.actor_name, "Sistema (SCIM)");
        assert_eq!(v.message, "Invitó a m1234567.");
    }

    #[test]
    fn the_csv_has_bitwardens_columns_and_neutralises_formulas() {
        let member = MemberView {
            id: "m1".into(),
            user_id: Some("u1".into()),
            email: Some("eve@example.com".into()),
            name: Some("=HYPERLINK(\"http://x\",\"a\")".into()),
            role: crate::members::MemberRole::User,
            status: crate::members::MemberStatus::Confirmed,
            two_factor_enabled: false,
            recovery_enrolled: false,
            permissions: Vec::new(),
            collections: Vec::new(),
            groups: Vec::new(),
            uses_key_connector: false,
            has_master_password: true,
        };
        let mut names = names();
        names.by_user.insert("u1".into(), Person::of(&member));
        let raw = r#"{"type":1101,"date":"2026-12-01T10:00:00Z","cipherId":"c0ffee00-1","actingUserId":"u1","deviceType":8,"ipAddress":"1.2.3.4"}"#;
        let v = event_view("2026-12-01T10:00:00Z", 1101, raw, &names, Lang::En);
        let csv = events_csv(&[v]);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("message,appIcon,appName,userId,userName,userEmail,date,ip,type,installationId")
        );
        assert_eq!(
            lines.next(),
            Some(
                "Edited item c0ffee00.,bwi-linux,Desktop - Linux,u1,\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\",eve@example.com,2026-12-01T10:00:00Z,1.2.3.4,Cipher_Updated,"
            )
        );
    }
}
