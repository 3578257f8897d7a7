// The fake backend's event logs: a deterministic log per demo client, and
// the core's filters, sentences (English and Spanish) and paging over it
// (desk-core events/log.rs). For the fake only: the real sentences for every
// Bitwarden event type live in the core.
//
// Scenarios the Events page is tested with:
// - every synced client: 180 events over 60 days from its members, a
//   provider user, the system (SCIM) and a user the snapshot no longer knows;
// - a client never synced (`syncedAt: null`): no events at all;
// - org-2 ("Second Client's Organization"): synced, but nothing logged;
// - a client whose last sync failed (status "error", org-5): a gap the sync
//   could not read;
// - the hostile clients (org-900 and up, `?fake=hostile`): items named like
//   the client, so hostile names reach the item column.
import { demoOrgMembers } from "./fake-members";
import {
  BackendError,
  EVENT_CATEGORY_ORDER,
  type ActorKind,
  type ClientView,
  type DeviceType,
  type EventCategory,
  type EventFilter,
  type EventType,
  type EventView,
  type EventsPage,
  type ExportedFile,
  type Lang,
  type MemberView,
  type NamedRef,
  type ProviderEventFilter,
  type ProviderEventsPage,
} from "./types";

const PAGE_SIZE = 100;
/** 2026-11-26T12:00:00Z, the fake's now (fake.ts FAKE_NOW). */
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Events in a synced client's log. */
export const FAKE_EVENT_COUNT = 180;

/** Synced, but nothing in its log. */
const NOTHING_LOGGED = new Set(["org-2"]);

interface Kind {
  type: EventType;
  name: string;
  category: EventCategory;
  en: string;
  es: string;
}

const KINDS: Kind[] = [
  { type: "user_logged_in", name: "User_LoggedIn", category: "account", en: "Logged in.", es: "Inició sesión." },
  { type: "user_failed_log_in", name: "User_FailedLogIn", category: "account", en: "Failed to log in: wrong password.", es: "Intento de inicio de sesión fallido: contraseña incorrecta." },
  { type: "cipher_client_viewed", name: "Cipher_ClientViewed", category: "item", en: "Viewed item {item}.", es: "Vio el elemento {item}." },
  { type: "cipher_client_copied_password", name: "Cipher_ClientCopiedPassword", category: "item", en: "Copied the password of item {item}.", es: "Copió la contraseña del elemento {item}." },
  { type: "cipher_updated", name: "Cipher_Updated", category: "item", en: "Edited item {item}.", es: "Editó el elemento {item}." },
  { type: "collection_updated", name: "Collection_Updated", category: "collection", en: "Edited collection {collection}.", es: "Editó la colección {collection}." },
  { type: "group_updated", name: "Group_Updated", category: "group", en: "Edited group {group}.", es: "Editó el grupo {group}." },
  { type: "organization_user_invited", name: "OrganizationUser_Invited", category: "member", en: "Invited {member}.", es: "Invitó a {member}." },
  { type: "organization_user_confirmed", name: "OrganizationUser_Confirmed", category: "member", en: "Confirmed {member}.", es: "Confirmó a {member}." },
  { type: "policy_updated", name: "Policy_Updated", category: "policy", en: "Edited policy {policy}.", es: "Editó la directiva {policy}." },
  { type: "organization_vault_accessed", name: "Organization_VaultAccessed", category: "organization", en: "Opened the organization's vault.", es: "Accedió a la caja fuerte de la organización." },
];

const INVITED = KINDS.find((k) => k.type === "organization_user_invited") as Kind;
const VAULT_ACCESSED = KINDS.find((k) => k.type === "organization_vault_accessed") as Kind;
const LOGGED_IN = KINDS[0];

/** Bitwarden's DeviceType numbers, as the core's filter takes them. */
const DEVICES: { number: number; device: DeviceType; app: string }[] = [
  { number: 8, device: "linux_desktop", app: "Desktop - Linux" },
  { number: 9, device: "chrome_browser", app: "Web vault - Chrome" },
  { number: 6, device: "windows_desktop", app: "Desktop - Windows" },
  { number: 25, device: "linux_cli", app: "CLI - Linux" },
];

const ITEMS = ["a1b2c3d4-0000-4000-8000-000000000001", "b2c3d4e5-0000-4000-8000-000000000002", "c3d4e5f6-0000-4000-8000-000000000003"];
const ITEM_NAMES: Record<string, string> = { [ITEMS[0]]: "Firewall", [ITEMS[1]]: "Payroll", [ITEMS[2]]: "Office Wi-Fi" };
/** A user the snapshot does not know (removed since the event). */
const UNKNOWN_USER = "9f0e0000-0000-4000-8000-00000000beef";

interface FakeEvent {
  at: number;
  kind: Kind;
  actorKind: ActorKind;
  actor: MemberView | null;
  target: MemberView | null;
  item: string | null;
  collection: NamedRef | null;
  group: NamedRef | null;
  device: (typeof DEVICES)[number];
  ip: string;
}

/** The hostile clients `?fake=hostile` adds (org-900 and up). */
function hostile(client: ClientView): boolean {
  const n = Number(client.organizationId.replace(/^org-/, ""));
  return Number.isInteger(n) && n >= 900;
}

/**
 * A client's log, newest first: 3 events a day for 60 days, from its
 * members, a provider user (every 11th), the system (every 17th) and a
 * removed user (every 29th); none when never synced or in NOTHING_LOGGED.
 */
function log(client: ClientView, members: readonly MemberView[]): FakeEvent[] {
  if (client.syncedAt === null || NOTHING_LOGGED.has(client.organizationId)) return [];
  const seed = [...client.organizationId].reduce((a, c) => a + c.charCodeAt(0), 0);
  const { collections, groups } = demoOrgMembers(client);
  const active = members.filter((m) => m.userId !== null);
  const events: FakeEvent[] = [];
  for (let i = 0; i < FAKE_EVENT_COUNT; i++) {
    let kind = KINDS[(i * 7 + seed) % KINDS.length];
    if ((kind.category === "collection" && !collections.length) || (kind.category === "group" && !groups.length)) kind = LOGGED_IN;
    let actorKind: ActorKind = "member";
    if (i % 17 === 3) {
      actorKind = "system";
      kind = INVITED;
    } else if (i % 11 === 5) {
      actorKind = "provider_user";
      kind = VAULT_ACCESSED;
    } else if (i % 29 === 13) {
      actorKind = "unknown";
    }
    const actor = actorKind === "member" && active.length ? active[(i + seed) % active.length] : null;
    if (actorKind === "member" && !actor) actorKind = "unknown";
    events.push({
      at: NOW - i * 8 * HOUR - ((i * 37) % 60) * 60_000,
      kind,
      actorKind,
      actor,
      target: kind.category === "member" && members.length ? members[(i * 3) % members.length] : null,
      item: kind.category === "item" ? ITEMS[i % ITEMS.length] : null,
      collection: kind.category === "collection" ? collections[i % collections.length] : null,
      group: kind.category === "group" ? groups[i % groups.length] : null,
      device: DEVICES[(i + seed) % DEVICES.length],
      ip: `203.0.113.${(i * 13 + seed) % 250}`,
    });
  }
  return events;
}

/** The core's member_label. */
function label(m: MemberView): string {
  if (m.name && m.email) return `${m.name} <${m.email}>`;
  return m.email ?? m.name ?? m.id.slice(0, 8);
}

function day(text: string, end: boolean): number {
  const t = text.trim();
  const ms = t.length === 10 ? Date.parse(`${t}T00:00:00Z`) + (end ? DAY - 1 : 0) : Date.parse(t);
  if (Number.isNaN(ms)) {
    throw new BackendError("invalid_input", `"${t.slice(0, 40)}" is not a date: write 2026-12-01 or 2026-12-01T08:30:00Z`);
  }
  return ms;
}

/** The core's EventFilter::query over the fake log (it checks dates and the member first). */
function matcher(filter: EventFilter, members: readonly MemberView[]): (e: FakeEvent) => boolean {
  const since = filter.since ? day(filter.since, false) : null;
  const until = filter.until ? day(filter.until, true) : null;
  if (filter.memberId && !members.some((m) => m.id === filter.memberId)) {
    throw new BackendError("not_found", "that member is not in this client's snapshot");
  }
  // "Other" cannot be listed by number ahead of time: asking for it is asking for every type.
  const categories = filter.categories?.includes("other") ? [] : (filter.categories ?? []);
  return (e) => {
    if (since !== null && e.at < since) return false;
    if (until !== null && e.at > until) return false;
    if (categories.length && !categories.includes(e.kind.category)) return false;
    if (filter.memberId && e.actor?.id !== filter.memberId && e.target?.id !== filter.memberId) return false;
    if (filter.itemId && e.item !== filter.itemId) return false;
    if (filter.collectionId && e.collection?.id !== filter.collectionId) return false;
    if (filter.groupId && e.group?.id !== filter.groupId) return false;
    if (filter.device != null && e.device.number !== filter.device) return false;
    return true;
  };
}

function actorName(e: FakeEvent, lang: Lang): string {
  switch (e.actorKind) {
    case "member":
      return e.actor?.name || e.actor?.email || (e.actor?.id.slice(0, 8) ?? "—");
    case "provider_user":
      return lang === "es" ? "Usuario del proveedor" : "Provider user";
    case "system":
      return lang === "es" ? "Sistema (SCIM)" : "System (SCIM)";
    default:
      return UNKNOWN_USER.slice(0, 8);
  }
}

function view(e: FakeEvent, lang: Lang, client: ClientView): EventView {
  const template = lang === "es" ? e.kind.es : e.kind.en;
  const message = template
    .replace("{item}", e.item ? e.item.slice(0, 8) : "?")
    .replace("{member}", e.target ? label(e.target) : "?")
    .replace("{collection}", e.collection?.name ?? "?")
    .replace("{group}", e.group?.name ?? "?")
    .replace("{policy}", "two_factor_authentication");
  return {
    date: new Date(e.at).toISOString(),
    type: e.kind.type,
    typeName: e.kind.name,
    category: e.kind.category,
    message,
    actor: e.actorKind,
    actorName: actorName(e, lang),
    actorEmail: e.actor?.email ?? null,
    actorMemberId: e.actor?.id ?? null,
    userId: e.actorKind === "system" ? null : (e.actor?.userId ?? UNKNOWN_USER),
    device: e.device.device,
    appName: e.device.app,
    ip: e.ip,
    itemId: e.item,
    itemName: e.item ? (hostile(client) ? client.name : (ITEM_NAMES[e.item] ?? null)) : null,
    collectionId: e.collection?.id ?? null,
    groupId: e.group?.id ?? null,
    memberId: e.target?.id ?? null,
    installationId: null,
  };
}

/** A sync that failed left part of the log unread (the core's event_gaps). */
function gaps(client: ClientView): EventsPage["gaps"] {
  if (client.status !== "error" || client.syncedAt === null) return [];
  return [{ start: new Date(NOW - 12 * DAY).toISOString(), end: new Date(NOW - 10 * DAY).toISOString() }];
}

/** The core's events_page over the fake log. */
export function fakeEventsPage(client: ClientView, members: readonly MemberView[], filter: EventFilter, lang: Lang): EventsPage {
  const all = log(client, members);
  const hits = all.filter(matcher(filter, members));
  const page = filter.page ?? 0;
  const { collections, groups } = demoOrgMembers(client);
  const used = new Set(all.map((e) => e.device.number));
  const present = new Set(all.map((e) => e.kind.category));
  return {
    clientName: client.name,
    asOf: client.syncedAt,
    events: hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((e) => view(e, lang, client)),
    total: hits.length,
    page,
    pageSize: PAGE_SIZE,
    members: members.map((m) => ({ id: m.id, label: label(m) })),
    collections: collections.map((c) => ({ id: c.id, label: c.name })),
    groups: groups.map((g) => ({ id: g.id, label: g.name })),
    devices: DEVICES.filter((d) => used.has(d.number))
      .sort((a, b) => a.number - b.number)
      .map((d) => ({ number: d.number, device: d.device, appName: d.app })),
    categories: EVENT_CATEGORY_ORDER.filter((c) => present.has(c)),
    gaps: gaps(client),
  };
}

/** The core's export_events: how many rows went where. */
export function fakeExportEvents(client: ClientView, members: readonly MemberView[], filter: EventFilter, _lang: Lang): ExportedFile {
  const rows = log(client, members).filter(matcher(filter, members)).length;
  const stem = client.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "client";
  return { path: `/home/demo/Downloads/${stem}-events-2026-11-26.csv`, rows };
}

// ---------------------------------------------------------------------------
// The provider's own log: its users invited, confirmed, edited and removed,
// clients created, added, removed and opened (desk-core events/provider.rs),
// for the provider's admins only (`?fake=service_user` makes the fake's user
// a service user, refused as the core refuses them). About 140 events over
// 90 days, newest first, so the page has a second page:
// - three provider users (pu-1 the admin), and one removed since: what they
//   did shows as an unknown user (the snapshot no longer knows them);
// - every provider client created (the third one added), and its vault opened
//   24 times (the first 20 clients; once for the rest, so thousands stay
//   cheap) by the three users in turn, from three apps;
// - a client removed since, named by its short id.

/** The core's refusal for a provider user who is not a provider admin. */
export const PROVIDER_EVENTS_FORBIDDEN = "Bitwarden shows a provider's event log to its provider admins only.";

interface ProviderUser {
  id: string;
  userId: string;
  name: string;
  email: string;
  label: string;
}

const PROVIDER_USERS: ProviderUser[] = [
  { id: "pu-1", userId: "u-admin", name: "Alex Admin", email: "admin@demo-msp.example", label: "Alex Admin <admin@demo-msp.example>" },
  { id: "pu-2", userId: "u-tech", name: "Sam Service", email: "tech@demo-msp.example", label: "Sam Service <tech@demo-msp.example>" },
  { id: "pu-3", userId: "u-secure", name: "Taylor Twofactor", email: "secure@demo-msp.example", label: "Taylor Twofactor <secure@demo-msp.example>" },
];
/** A provider user removed since: the snapshot knows neither them nor their user. */
const REMOVED_USER = { id: "5eed0000-0000-4000-8000-0000000000aa", userId: "5eed0000-0000-4000-8000-0000000000bb" };
/** A client removed since (its provider-organization id). */
const REMOVED_CLIENT = "c0ffee00-0000-4000-8000-000000000001";

const PROVIDER_DEVICES = [DEVICES[1], DEVICES[0], DEVICES[3]];

interface ProviderKind {
  type: EventType;
  name: string;
  en: string;
  es: string;
}

const PROVIDER_KINDS = {
  invited: { type: "provider_user_invited", name: "ProviderUser_Invited", en: "Invited provider user {user}.", es: "Invitó al usuario del proveedor {user}." },
  confirmed: { type: "provider_user_confirmed", name: "ProviderUser_Confirmed", en: "Confirmed provider user {user}.", es: "Confirmó al usuario del proveedor {user}." },
  updated: { type: "provider_user_updated", name: "ProviderUser_Updated", en: "Edited provider user {user}.", es: "Editó al usuario del proveedor {user}." },
  removed: { type: "provider_user_removed", name: "ProviderUser_Removed", en: "Removed provider user {user}.", es: "Quitó al usuario del proveedor {user}." },
  created: { type: "provider_organization_created", name: "ProviderOrganization_Created", en: "Created client {client}.", es: "Creó el cliente {client}." },
  added: { type: "provider_organization_added", name: "ProviderOrganization_Added", en: "Added client {client}.", es: "Añadió el cliente {client}." },
  dropped: { type: "provider_organization_removed", name: "ProviderOrganization_Removed", en: "Removed client {client}.", es: "Quitó el cliente {client}." },
  opened: {
    type: "provider_organization_vault_accessed",
    name: "ProviderOrganization_VaultAccessed",
    en: "Opened the vault of client {client}.",
    es: "Accedió a la caja fuerte del cliente {client}.",
  },
} satisfies Record<string, ProviderKind>;

interface ProviderEvent {
  at: number;
  kind: ProviderKind;
  /** Who acted: a provider user, or the user id of one removed since. */
  actor: ProviderUser | { userId: string };
  /** The provider user acted on (its ProviderUser id). */
  user: string | null;
  /** The client acted on (its provider-organization id) and its name. */
  client: { id: string; name: string } | null;
  device: (typeof DEVICES)[number];
  ip: string;
}

const known = (actor: ProviderEvent["actor"]): actor is ProviderUser => "id" in actor;

function providerLog(clients: readonly ClientView[]): ProviderEvent[] {
  const provider = clients.filter((c) => c.source === "provider");
  const [admin] = PROVIDER_USERS;
  const events: ProviderEvent[] = [];
  const push = (at: number, kind: ProviderKind, actor: ProviderEvent["actor"], subject: Partial<Pick<ProviderEvent, "user" | "client">>, n = 0) =>
    events.push({
      at,
      kind,
      actor,
      user: subject.user ?? null,
      client: subject.client ?? null,
      device: PROVIDER_DEVICES[n % PROVIDER_DEVICES.length],
      ip: `198.51.100.${(n * 7 + 10) % 250}`,
    });
  PROVIDER_USERS.forEach((u, i) => {
    push(NOW - (90 - 2 * i) * DAY, PROVIDER_KINDS.invited, admin, { user: u.id }, i);
    push(NOW - (89 - 2 * i) * DAY + 3 * HOUR, PROVIDER_KINDS.confirmed, admin, { user: u.id }, i);
  });
  push(NOW - 45 * DAY, PROVIDER_KINDS.updated, admin, { user: "pu-2" });
  push(NOW - 70 * DAY, PROVIDER_KINDS.invited, admin, { user: REMOVED_USER.id });
  push(NOW - 69 * DAY, PROVIDER_KINDS.confirmed, admin, { user: REMOVED_USER.id });
  for (let k = 0; k < 3; k++) {
    push(NOW - (40 - k * 5) * DAY, PROVIDER_KINDS.opened, { userId: REMOVED_USER.userId }, { client: provider[k] ? { id: provider[k].id, name: provider[k].name } : null }, k + 1);
  }
  push(NOW - 20 * DAY, PROVIDER_KINDS.removed, admin, { user: REMOVED_USER.id });
  push(NOW - 50 * DAY, PROVIDER_KINDS.dropped, admin, { client: { id: REMOVED_CLIENT, name: REMOVED_CLIENT.slice(0, 8) } });
  provider.forEach((c, i) => {
    const client = { id: c.id, name: c.name };
    push(NOW - (60 - (i % 50)) * DAY - i * 60_000, i === 2 ? PROVIDER_KINDS.added : PROVIDER_KINDS.created, admin, { client }, i);
    const opened = i < 20 ? 24 : 1;
    for (let k = 0; k < opened; k++) {
      const n = i * 24 + k;
      push(NOW - k * 29 * HOUR - i * 97 * 60_000 - 30 * 60_000, PROVIDER_KINDS.opened, PROVIDER_USERS[n % PROVIDER_USERS.length], { client }, n);
    }
  });
  return events.sort((a, b) => b.at - a.at);
}

/** The core's ProviderEventFilter::query over the fake log (it checks dates, the user and the client first). */
function providerMatcher(f: ProviderEventFilter, clients: readonly ClientView[]): (e: ProviderEvent) => boolean {
  const since = f.since ? day(f.since, false) : null;
  const until = f.until ? day(f.until, true) : null;
  const user = f.providerUserId ? PROVIDER_USERS.find((u) => u.id === f.providerUserId) : null;
  if (f.providerUserId && !user) throw new BackendError("not_found", "that provider user is not in the snapshot");
  if (f.clientId && !clients.some((c) => c.source === "provider" && c.id === f.clientId)) {
    throw new BackendError("not_found", "that client is not in the snapshot");
  }
  const categories = f.categories?.includes("other") ? [] : (f.categories ?? []);
  return (e) => {
    if (since !== null && e.at < since) return false;
    if (until !== null && e.at > until) return false;
    if (categories.length && !categories.includes("provider")) return false;
    if (f.types?.length && !f.types.some((t) => PROVIDER_TYPE_NUMBERS[e.kind.type as string] === t)) return false;
    if (user && e.actor.userId !== user.userId && e.user !== user.id) return false;
    if (f.clientId && e.client?.id !== f.clientId) return false;
    if (f.device != null && e.device.number !== f.device) return false;
    return true;
  };
}

/** Bitwarden's numbers of the provider's event types (for `types`). */
const PROVIDER_TYPE_NUMBERS: Record<string, number> = {
  provider_user_invited: 1800,
  provider_user_confirmed: 1801,
  provider_user_updated: 1802,
  provider_user_removed: 1803,
  provider_organization_created: 1900,
  provider_organization_added: 1901,
  provider_organization_removed: 1902,
  provider_organization_vault_accessed: 1903,
};

function providerView(e: ProviderEvent, lang: Lang): EventView {
  const user = e.user ? (PROVIDER_USERS.find((u) => u.id === e.user)?.label ?? e.user.slice(0, 8)) : "?";
  const message = (lang === "es" ? e.kind.es : e.kind.en).replace("{user}", user).replace("{client}", e.client?.name ?? "?");
  const actor = known(e.actor) ? e.actor : null;
  return {
    date: new Date(e.at).toISOString(),
    type: e.kind.type,
    typeName: e.kind.name,
    category: "provider",
    message,
    actor: actor ? "provider_user" : "unknown",
    actorName: actor ? actor.name : e.actor.userId.slice(0, 8),
    actorEmail: actor?.email ?? null,
    actorMemberId: actor?.id ?? null,
    userId: e.actor.userId,
    device: e.device.device,
    appName: e.device.app,
    ip: e.ip,
    itemId: null,
    itemName: null,
    collectionId: null,
    groupId: null,
    // Provider events name no client member (the user acted on is in the sentence).
    memberId: null,
    installationId: null,
  };
}

/** The core's provider_events_page over the fake provider log. */
export function fakeProviderEventsPage(clients: readonly ClientView[], filter: ProviderEventFilter, lang: Lang): ProviderEventsPage {
  const hits = providerLog(clients).filter(providerMatcher(filter, clients));
  const page = filter.page ?? 0;
  const events = hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((e) => providerView(e, lang));
  // Like the core: the apps found in the page's events.
  const devices = PROVIDER_DEVICES.filter((d) => events.some((e) => e.device === d.device));
  return {
    providerId: "p-1",
    providerName: "Demo MSP",
    events,
    total: hits.length,
    page,
    pageSize: PAGE_SIZE,
    users: PROVIDER_USERS.map((u) => ({ id: u.id, label: u.label })),
    clients: clients.filter((c) => c.source === "provider").map((c) => ({ id: c.id, label: c.name })),
    devices: devices.map((d) => ({ number: d.number, device: d.device, appName: d.app })),
    gaps: [],
  };
}

/** The core's export_provider_events: how many rows went where. */
export function fakeExportProviderEvents(clients: readonly ClientView[], filter: ProviderEventFilter, _lang: Lang): ExportedFile {
  const rows = providerLog(clients).filter(providerMatcher(filter, clients)).length;
  return { path: "/home/demo/Downloads/Demo-MSP-events-2026-11-26.csv", rows };
}
