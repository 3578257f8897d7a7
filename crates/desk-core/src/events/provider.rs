//! The provider's own event log (its users invited, confirmed, changed,
//! removed; clients created, added, removed, opened), which Bitwarden shows
//! provider admins only: synced with the clients, filtered offline.

use super::device::DeviceType;
use super::log::{
    DeviceChoice, EventCategory, EventGap, EventView, FilterChoice, Names, PAGE_SIZE, Person,
    event_view, events_csv, push_type, type_numbers, window_ms,
};
use crate::clients::ClientSource;
use crate::core::Core;
use crate::error::{AppError, ErrorCode};
use crate::lang::Lang;
use desk_cache::ProviderEventQuery;
use serde::{Deserialize, Serialize};
use specta::Type;

/// What the provider's Event logs page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ProviderEventFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub categories: Vec<EventCategory>,
    pub types: Vec<i32>,
    /// A provider user (its ProviderUser id): what they did and what was
    /// done to them.
    pub provider_user_id: Option<String>,
    /// A client (its provider-organization id, the client list's `id`).
    pub client_id: Option<String>,
    pub device: Option<i32>,
    pub page: u32,
}

/// The provider's Event logs page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderEventsPage {
    pub provider_id: String,
    pub provider_name: String,
    pub events: Vec<EventView>,
    pub total: u32,
    pub page: u32,
    pub page_size: u32,
    pub users: Vec<FilterChoice>,
    pub clients: Vec<FilterChoice>,
    pub devices: Vec<DeviceChoice>,
    pub gaps: Vec<EventGap>,
}

impl ProviderEventFilter {
    /// Adds a type condition from text (see [`super::EventFilter::add_type`]).
    pub fn add_type(&mut self, text: &str) -> Result<(), AppError> {
        push_type(text, &mut self.types, &mut self.categories)
    }

    fn query(
        &self,
        users: &[Person],
        user_ids: &[(String, Option<String>)],
        clients: &[(String, String)],
        limit: i64,
        offset: i64,
    ) -> Result<ProviderEventQuery, AppError> {
        let (since, until) = window_ms(self.since.as_deref(), self.until.as_deref())?;
        let (acting_user_id, provider_user_id) = match &self.provider_user_id {
            None => (None, None),
            Some(id) => {
                if !users.iter().any(|u| &u.id == id) {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        "that provider user is not in the snapshot",
                    ));
                }
                let user = user_ids
                    .iter()
                    .find(|(pu, _)| pu == id)
                    .and_then(|(_, u)| u.clone());
                (user, Some(id.clone()))
            }
        };
        Ok(ProviderEventQuery {
            since_ms: since,
            until_ms: until,
            types: type_numbers(&self.types, &self.categories),
            acting_user_id,
            provider_user_id,
            client: match &self.client_id {
                None => None,
                Some(id) => Some(
                    clients
                        .iter()
                        .find(|(provider_org, _)| provider_org == id)
                        .cloned()
                        .ok_or_else(|| {
                            AppError::new(ErrorCode::NotFound, "that client is not in the snapshot")
                        })?,
                ),
            },
            device_type: self.device.map(i64::from),
            limit,
            offset,
        })
    }
}

impl Core {
    /// The provider the account administers (its first, by name), or why
    /// there is none.
    pub(crate) async fn administered_provider(&self) -> Result<(String, String), AppError> {
        let unlocked = self.unlocked().await?;
        let providers = unlocked.session.snapshot.providers().await?;
        crate::clients::providers::administered(&providers)
            .map(|p| (p.id.clone(), p.name.clone()))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Forbidden,
                    "Bitwarden shows a provider's event log to its provider admins only.",
                )
            })
    }

    /// Who the provider's people and clients are, for names and filters.
    async fn provider_names(
        &self,
        provider_id: &str,
    ) -> Result<
        (
            Names,
            Vec<Person>,
            Vec<(String, Option<String>)>,
            Vec<FilterChoice>,
            Vec<(String, String)>,
        ),
        AppError,
    > {
        let unlocked = self.unlocked().await?;
        let rows = unlocked
            .session
            .snapshot
            .provider_users(provider_id)
            .await?;
        drop(unlocked);
        let people: Vec<Person> = rows
            .iter()
            .map(|u| Person {
                id: u.id.clone(),
                name: u.name.clone(),
                email: u.email.clone(),
            })
            .collect();
        let user_ids: Vec<(String, Option<String>)> = rows
            .iter()
            .map(|u| (u.id.clone(), u.user_id.clone()))
            .collect();
        let views: Vec<_> = self
            .client_views()
            .await?
            .into_iter()
            .filter(|c| c.source == ClientSource::Provider)
            .collect();
        let ids: Vec<(String, String)> = views
            .iter()
            .map(|c| (c.id.clone(), c.organization_id.clone()))
            .collect();
        let clients: Vec<FilterChoice> = views
            .iter()
            .map(|c| FilterChoice {
                id: c.id.clone(),
                label: c.name.clone(),
            })
            .collect();
        let names = Names {
            by_user: rows
                .iter()
                .zip(&people)
                .filter_map(|(u, p)| Some((u.user_id.clone()?, p.clone())))
                .collect(),
            by_member: people.iter().map(|p| (p.id.clone(), p.clone())).collect(),
            people: Some(super::ActorKind::ProviderUser),
            // Events name a client by either id.
            clients: views
                .iter()
                .flat_map(|c| {
                    [
                        (c.id.clone(), c.name.clone()),
                        (c.organization_id.clone(), c.name.clone()),
                    ]
                })
                .collect(),
            ..Names::default()
        };
        Ok((names, people, user_ids, clients, ids))
    }

    /// One page of the provider's event log, from the snapshot.
    #[tracing::instrument(skip_all)]
    pub async fn provider_events_page(
        &self,
        filter: &ProviderEventFilter,
        lang: Lang,
    ) -> Result<ProviderEventsPage, AppError> {
        let (provider_id, provider_name) = self.administered_provider().await?;
        let (names, people, user_ids, clients, ids) = self.provider_names(&provider_id).await?;
        let offset = i64::from(filter.page) * i64::from(PAGE_SIZE);
        let query = filter.query(&people, &user_ids, &ids, i64::from(PAGE_SIZE), offset)?;
        let unlocked = self.unlocked().await?;
        let snapshot = &unlocked.session.snapshot;
        let (total, rows) = snapshot.query_provider_events(&provider_id, &query).await?;
        let gaps = snapshot.provider_event_gaps(&provider_id).await?;
        drop(unlocked);
        let events: Vec<EventView> = rows
            .iter()
            .map(|r| event_view(&r.date, r.event_type, &r.raw, &names, lang))
            .collect();
        let mut devices: Vec<DeviceChoice> = Vec::new();
        for e in &events {
            if let Some(d) = e.device
                && !devices.iter().any(|c| c.device == d)
            {
                devices.push(DeviceChoice {
                    number: i32::try_from(d.wire()).unwrap_or(i32::MAX),
                    device: d,
                    app_name: DeviceType::app(d).0,
                });
            }
        }
        Ok(ProviderEventsPage {
            provider_id,
            provider_name,
            events,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            page: filter.page,
            page_size: PAGE_SIZE,
            users: people
                .iter()
                .map(|p| FilterChoice {
                    id: p.id.clone(),
                    label: p.label(),
                })
                .collect(),
            clients,
            devices,
            gaps: gaps
                .into_iter()
                .map(|g| EventGap {
                    start: g.start,
                    end: g.end,
                })
                .collect(),
        })
    }

    /// Every provider event matching `filter`, as Bitwarden's CSV, and how
    /// many rows.
    pub async fn provider_events_csv(
        &self,
        filter: &ProviderEventFilter,
        lang: Lang,
    ) -> Result<(u32, String), AppError> {
        let (provider_id, _) = self.administered_provider().await?;
        let (names, people, user_ids, _, ids) = self.provider_names(&provider_id).await?;
        let query = filter.query(&people, &user_ids, &ids, i64::from(super::EXPORT_CAP), 0)?;
        let unlocked = self.unlocked().await?;
        let (_, rows) = unlocked
            .session
            .snapshot
            .query_provider_events(&provider_id, &query)
            .await?;
        drop(unlocked);
        let events: Vec<EventView> = rows
            .iter()
            .map(|r| event_view(&r.date, r.event_type, &r.raw, &names, lang))
            .collect();
        Ok((
            u32::try_from(events.len()).unwrap_or(u32::MAX),
            events_csv(&events),
        ))
    }

    /// Writes the provider's events CSV to `path` (owner-only).
    pub async fn export_provider_events(
        &self,
        filter: &ProviderEventFilter,
        lang: Lang,
        path: &std::path::Path,
    ) -> Result<u32, AppError> {
        let (count, csv) = self.provider_events_csv(filter, lang).await?;
        super::log::write_export(path, &csv)?;
        Ok(count)
    }

    /// [`Self::export_provider_events`] into `dir` as
    /// `<provider>-events-<date>.csv`.
    pub async fn export_provider_events_to_dir(
        &self,
        filter: &ProviderEventFilter,
        lang: Lang,
        dir: &std::path::Path,
    ) -> Result<super::log::ExportedFile, AppError> {
        let (_, name) = self.administered_provider().await?;
        let path = super::log::export_path(dir, &name);
        let rows = self.export_provider_events(filter, lang, &path).await?;
        Ok(super::log::ExportedFile {
            path: path.display().to_string(),
            rows,
        })
    }
}
