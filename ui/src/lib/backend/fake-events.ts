// The fake backend's event logs: a deterministic log per demo client, and
// the core's filters, sentences (English and Spanish) and paging over it
// (desk-core events/log.rs). For the fake only: the real sentences for every
// Bitwarden event type live in the core.
import type {
  ClientView,
  DeviceType,
  EventCategory,
  EventFilter,
  EventType,
  EventView,
  EventsPage,
  ExportedFile,
  Lang,
  MemberView,
} from "./types";

const PAGE_SIZE = 100;
/** 2026-11-26T12:00:00Z, the fake's now (fake.ts FAKE_NOW). */
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

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
  { type: "organization_user_invited", name: "OrganizationUser_Invited", category: "member", en: "Invited {member}.", es: "Invitó a {member}." },
  { type: "organization_user_confirmed", name: "OrganizationUser_Confirmed", category: "member", en: "Confirmed {member}.", es: "Confirmó a {member}." },
  { type: "policy_updated", name: "Policy_Updated", category: "policy", en: "Edited policy {policy}.", es: "Editó la directiva {policy}." },
  { type: "organization_vault_accessed", name: "Organization_VaultAccessed", category: "organization", en: "Opened the organization's vault.", es: "Accedió a la caja fuerte de la organización." },
];

/** Bitwarden's DeviceType numbers, as the core's filter takes them. */
const DEVICES: { number: number; device: DeviceType; app: string }[] = [
  { number: 8, device: "linux_desktop", app: "Desktop - Linux" },
  { number: 9, device: "chrome_browser", app: "Web vault - Chrome" },
  { number: 6, device: "windows_desktop", app: "Desktop - Windows" },
  { number: 25, device: "linux_cli", app: "CLI - Linux" },
];

const ITEMS = ["a1b2c3d4-0000-4000-8000-000000000001", "b2c3d4e5-0000-4000-8000-000000000002", "c3d4e5f6-0000-4000-8000-000000000003"];
const ITEM_NAMES: Record<string, string> = { [ITEMS[0]]: "Firewall", [ITEMS[1]]: "Payroll", [ITEMS[2]]: "Office Wi-Fi" };

interface FakeEvent {
  at: number;
  kind: Kind;
  actor: MemberView | null;
  target: MemberView | null;
  item: string | null;
  device: (typeof DEVICES)[number];
  ip: string;
}

/** A client's log: 3 events a day for 60 days, newest first, from its members. */
function log(client: ClientView, members: readonly MemberView[]): FakeEvent[] {
  const seed = [...client.organizationId].reduce((a, c) => a + c.charCodeAt(0), 0);
  const active = members.filter((m) => m.userId !== null);
  const events: FakeEvent[] = [];
  for (let i = 0; i < 180; i++) {
    const kind = KINDS[(i * 7 + seed) % KINDS.length];
    const actor = active.length ? active[(i + seed) % active.length] : null;
    events.push({
      at: NOW - i * 8 * 3_600_000 - ((i * 37) % 60) * 60_000,
      kind,
      actor: i % 11 === 5 ? null : actor,
      target: kind.category === "member" && members.length ? members[(i * 3) % members.length] : null,
      item: kind.category === "item" ? ITEMS[i % ITEMS.length] : null,
      device: DEVICES[(i + seed) % DEVICES.length],
      ip: `203.0.113.${(i * 13 + seed) % 250}`,
    });
  }
  return events;
}

function label(m: MemberView): string {
  if (m.name && m.email) return `${m.name} <${m.email}>`;
  return m.email ?? m.name ?? m.id.slice(0, 8);
}

function day(text: string, end: boolean): number {
  const t = text.trim();
  const ms = t.length === 10 ? Date.parse(`${t}T00:00:00Z`) + (end ? 86_400_000 - 1 : 0) : Date.parse(t);
  if (Number.isNaN(ms)) throw Object.assign(new Error(`"${t}" is not a date`), { code: "invalid_input" });
  return ms;
}

function matches(e: FakeEvent, f: EventFilter): boolean {
  if (f.since && e.at < day(f.since, false)) return false;
  if (f.until && e.at > day(f.until, true)) return false;
  if (f.categories && f.categories.length && !f.categories.includes(e.kind.category)) return false;
  if (f.memberId && e.actor?.id !== f.memberId && e.target?.id !== f.memberId) return false;
  if (f.itemId && e.item !== f.itemId) return false;
  if (f.device != null && e.device.number !== f.device) return false;
  return true;
}

function view(e: FakeEvent, lang: Lang): EventView {
  const template = lang === "es" ? e.kind.es : e.kind.en;
  const message = template
    .replace("{item}", e.item ? e.item.slice(0, 8) : "?")
    .replace("{member}", e.target ? label(e.target) : "?")
    .replace("{policy}", "two_factor_authentication");
  return {
    date: new Date(e.at).toISOString(),
    type: e.kind.type,
    typeName: e.kind.name,
    category: e.kind.category,
    message,
    actor: e.actor ? "member" : "provider_user",
    actorName: e.actor ? (e.actor.name ?? e.actor.email ?? e.actor.id) : lang === "es" ? "Usuario del proveedor" : "Provider user",
    actorEmail: e.actor?.email ?? null,
    actorMemberId: e.actor?.id ?? null,
    userId: e.actor?.userId ?? "9f0e0000-0000-4000-8000-00000000beef",
    device: e.device.device,
    appName: e.device.app,
    ip: e.ip,
    itemId: e.item,
    itemName: e.item ? (ITEM_NAMES[e.item] ?? null) : null,
    collectionId: null,
    groupId: null,
    memberId: e.target?.id ?? null,
    installationId: null,
  };
}

/** The core's events_page over the fake log. */
export function fakeEventsPage(client: ClientView, members: readonly MemberView[], filter: EventFilter, lang: Lang): EventsPage {
  const all = log(client, members);
  const hits = all.filter((e) => matches(e, filter));
  const page = filter.page ?? 0;
  return {
    clientName: client.name,
    asOf: client.syncedAt,
    events: hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((e) => view(e, lang)),
    total: hits.length,
    page,
    pageSize: PAGE_SIZE,
    members: members.map((m) => ({ id: m.id, label: label(m) })),
    collections: [],
    groups: [],
    devices: DEVICES.map((d) => ({ number: d.number, device: d.device, appName: d.app })),
    categories: [...new Set(all.map((e) => e.kind.category))],
    gaps: [],
  };
}

/** The core's export_events: how many rows went where. */
export function fakeExportEvents(client: ClientView, members: readonly MemberView[], filter: EventFilter, _lang: Lang): ExportedFile {
  const rows = log(client, members).filter((e) => matches(e, filter)).length;
  const stem = client.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "client";
  return { path: `/home/demo/Downloads/${stem}-events-2026-11-26.csv`, rows };
}
