// The Events page's pure parts: the filters it keeps and the EventFilter the
// core is asked with, the families' labels and order, and the paging figures
// (the provider's Event logs page, features/provider-events, uses the same
// date range, paging and id helpers).
import { EVENT_CATEGORY_ORDER, type ActorKind, type EventCategory, type EventFilter, type EventsPage, type FilterChoice } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";

/** What the filter bar holds; "" / null is "any". */
export interface Filters {
  /** A plain day (2026-12-01), as a date input gives it. */
  since: string;
  until: string;
  category: EventCategory | null;
  memberId: string | null;
  itemId: string | null;
  collectionId: string | null;
  groupId: string | null;
  /** Bitwarden's DeviceType number. */
  device: number | null;
}

export const NO_FILTERS: Readonly<Filters> = {
  since: "",
  until: "",
  category: null,
  memberId: null,
  itemId: null,
  collectionId: null,
  groupId: null,
  device: null,
};

/**
 * The EventFilter for the core: only the conditions set, and the page when
 * given (an export takes every page, so it passes none).
 */
export function toEventFilter(filters: Filters, page?: number): EventFilter {
  const out: EventFilter = dateRange(filters);
  if (filters.category) out.categories = [filters.category];
  if (filters.memberId) out.memberId = filters.memberId;
  if (filters.itemId) out.itemId = filters.itemId;
  if (filters.collectionId) out.collectionId = filters.collectionId;
  if (filters.groupId) out.groupId = filters.groupId;
  if (filters.device !== null) out.device = filters.device;
  if (page !== undefined) out.page = page;
  return out;
}

/** The date conditions set (a date input's plain day), for any log's filter. */
export function dateRange(filters: { since: string; until: string }): { since?: string; until?: string } {
  const out: { since?: string; until?: string } = {};
  const since = filters.since.trim();
  const until = filters.until.trim();
  if (since) out.since = since;
  if (until) out.until = until;
  return out;
}

/** Whether any condition is set. */
export function isFiltered(filters: Filters): boolean {
  return Object.keys(toEventFilter(filters)).length > 0;
}

/** Every family's label: a family added in Rust fails svelte-check until it has one. */
export const CATEGORY_KEYS: Record<EventCategory, MessageKey> = {
  account: "events.category.account",
  item: "events.category.item",
  collection: "events.category.collection",
  group: "events.category.group",
  member: "events.category.member",
  organization: "events.category.organization",
  policy: "events.category.policy",
  provider: "events.category.provider",
  domain: "events.category.domain",
  secrets_manager: "events.category.secrets_manager",
  phishing: "events.category.phishing",
  send: "events.category.send",
  other: "events.category.other",
};

/** The families the log holds, in the core's order; a value this build does not know goes last. */
export function orderedCategories(present: readonly EventCategory[]): EventCategory[] {
  const known = EVENT_CATEGORY_ORDER.filter((c) => present.includes(c));
  const unknown = [...new Set(present.filter((c) => !EVENT_CATEGORY_ORDER.includes(c)))];
  return [...known, ...unknown];
}

/** The apps a log holds as a filter's choices (Bitwarden's DeviceType number as the id). */
export function deviceChoices(devices: readonly EventsPage["devices"][number][]): FilterChoice[] {
  return devices.map((d) => ({ id: String(d.number), label: d.appName }));
}

/** How a non-member actor is named beside their name ("Provider user", "System"). */
export const ACTOR_KEYS: Record<Exclude<ActorKind, "member">, MessageKey> = {
  provider_user: "events.actor.provider_user",
  system: "events.actor.system",
  unknown: "events.actor.unknown",
};

/** The first and last event shown, counted from 1 ("events 101–180 of 180"). */
export function pageRange(page: number, pageSize: number, shown: number): { from: number; to: number } {
  const first = page * pageSize;
  return shown > 0 ? { from: first + 1, to: first + shown } : { from: 0, to: 0 };
}

/** How many pages `total` events take (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** The first 8 characters of an id, as the core shortens ids in its sentences. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * The instant of an ISO 8601 date the core sent, or null when it is not one
 * (the engine's Date.parse also "reads" arbitrary text, e.g. as 2001).
 */
export function isoTime(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]|$)/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}
