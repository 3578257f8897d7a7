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

/** The core's order of the families (EventCategory's declaration order). */
const CATEGORY_ORDER: readonly EventCategory[] = [
  "account",
  "item",
  "collection",
  "group",
  "member",
  "organization",
  "policy",
  "provider",
  "domain",
  "secrets_manager",
  "phishing",
  "send",
  "other",
];

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
    categories: CATEGORY_ORDER.filter((c) => present.has(c)),
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
// The provider's own log: its users confirmed and changed, clients created,
// added and opened (desk-core events/provider.rs). Three provider users.

const PROVIDER_USERS = [
  { id: "pu-1", userId: "u-admin", label: "Alex Admin <admin@demo-msp.example>", name: "Alex Admin", email: "admin@demo-msp.example" },
  { id: "pu-2", userId: "u-tech", label: "Sam Service <tech@demo-msp.example>", name: "Sam Service", email: "tech@demo-msp.example" },
  { id: "pu-3", userId: "u-secure", label: "Taylor Twofactor <secure@demo-msp.example>", name: "Taylor Twofactor", email: "secure@demo-msp.example" },
];

interface ProviderEvent {
  at: number;
  type: EventType;
  name: string;
  en: string;
  es: string;
  actor: (typeof PROVIDER_USERS)[number];
  subject: string;
  clientId: string | null;
  userId: string | null;
}

function providerLog(clients: readonly ClientView[]): ProviderEvent[] {
  const provider = clients.filter((c) => c.source === "provider");
  const events: ProviderEvent[] = [];
  PROVIDER_USERS.forEach((u, i) => {
    events.push({
      at: NOW - (80 - i) * 86_400_000,
      type: "provider_user_confirmed",
      name: "ProviderUser_Confirmed",
      en: `Confirmed provider user ${u.label}.`,
      es: `Confirmó al usuario del proveedor ${u.label}.`,
      actor: PROVIDER_USERS[0],
      subject: u.label,
      clientId: null,
      userId: u.id,
    });
  });
  provider.forEach((c, i) => {
    events.push({
      at: NOW - (60 - i) * 86_400_000,
      type: "provider_organization_created",
      name: "ProviderOrganization_Created",
      en: `Created client ${c.name}.`,
      es: `Creó el cliente ${c.name}.`,
      actor: PROVIDER_USERS[0],
      subject: c.name,
      clientId: c.id,
      userId: null,
    });
    for (let k = 0; k < 4; k++) {
      const actor = PROVIDER_USERS[(i + k) % 2];
      events.push({
        at: NOW - (i * 5 + k) * 3_600_000,
        type: "provider_organization_vault_accessed",
        name: "ProviderOrganization_VaultAccessed",
        en: `Opened the vault of client ${c.name}.`,
        es: `Accedió a la caja fuerte del cliente ${c.name}.`,
        actor,
        subject: c.name,
        clientId: c.id,
        userId: null,
      });
    }
  });
  return events.sort((a, b) => b.at - a.at);
}

function providerMatches(e: ProviderEvent, f: ProviderEventFilter): boolean {
  if (f.since && e.at < day(f.since, false)) return false;
  if (f.until && e.at > day(f.until, true)) return false;
  if (f.categories && f.categories.length && !f.categories.includes("provider")) return false;
  if (f.providerUserId && e.actor.id !== f.providerUserId && e.userId !== f.providerUserId) return false;
  if (f.clientId && e.clientId !== f.clientId) return false;
  if (f.device != null && f.device !== 9) return false;
  return true;
}

function providerView(e: ProviderEvent, lang: Lang): EventView {
  return {
    date: new Date(e.at).toISOString(),
    type: e.type,
    typeName: e.name,
    category: "provider",
    message: lang === "es" ? e.es : e.en,
    actor: "provider_user",
    actorName: e.actor.name,
    actorEmail: e.actor.email,
    actorMemberId: e.actor.id,
    userId: e.actor.userId,
    device: "chrome_browser",
    appName: "Web vault - Chrome",
    ip: "203.0.113.7",
    itemId: null,
    itemName: null,
    collectionId: null,
    groupId: null,
    memberId: e.userId,
    installationId: null,
  };
}

/** The core's provider_events_page over the fake provider log. */
export function fakeProviderEventsPage(clients: readonly ClientView[], filter: ProviderEventFilter, lang: Lang): ProviderEventsPage {
  const hits = providerLog(clients).filter((e) => providerMatches(e, filter));
  const page = filter.page ?? 0;
  return {
    providerId: "p-1",
    providerName: "Demo MSP",
    events: hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((e) => providerView(e, lang)),
    total: hits.length,
    page,
    pageSize: PAGE_SIZE,
    users: PROVIDER_USERS.map((u) => ({ id: u.id, label: u.label })),
    clients: clients.filter((c) => c.source === "provider").map((c) => ({ id: c.id, label: c.name })),
    devices: [{ number: 9, device: "chrome_browser", appName: "Web vault - Chrome" }],
    gaps: [],
  };
}

export function fakeExportProviderEvents(clients: readonly ClientView[], filter: ProviderEventFilter, _lang: Lang): ExportedFile {
  const rows = providerLog(clients).filter((e) => providerMatches(e, filter)).length;
  return { path: "/home/demo/Downloads/Demo-MSP-events-2026-11-26.csv", rows };
}
