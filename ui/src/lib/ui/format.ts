// Small pure helpers the portal screens share: the clock ages are measured
// against, accent/case-folding for search, and "as of" ages.
import { FAKE_NOW } from "$lib/backend";

export const DAY_MS = 24 * 3_600_000;

// The fake backend's data is dated around FAKE_NOW; measuring it against the
// real clock would make every age drift with the calendar.
let clock: () => number = import.meta.env.VITE_BACKEND === "fake" ? () => FAKE_NOW : () => Date.now();

/** Now, in milliseconds (tests pin it). */
export function now(): number {
  return clock();
}

export function setClock(next: () => number): void {
  clock = next;
}

/** Lower case without diacritics, so "cafe" finds "Café" and "ÑANDÚ" finds "nandu". */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** The time a client's figures are as of: the details' sync, else the list's. */
export function asOf(client: { syncedAt: string | null; listedAt: string }): string {
  return client.syncedAt ?? client.listedAt;
}

// Each unit applies from its threshold up: "36 hours ago" reads better than
// "yesterday" for data ages, and "9 days ago" better than "last week".
const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ["year", 365 * DAY_MS, 365 * DAY_MS],
  ["month", 45 * DAY_MS, 30 * DAY_MS],
  ["day", 2 * DAY_MS, DAY_MS],
  ["hour", 3_600_000, 3_600_000],
  ["minute", 60_000, 60_000],
];

/** "2 hours ago" / "hace 2 horas" in the given locale. */
export function relativeAge(iso: string, locale: string, at: number = now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const diff = time - at;
  const format = relativeFormat(locale);
  for (const [unit, from, size] of UNITS) {
    if (Math.abs(diff) >= from) return format.format(Math.round(diff / size), unit);
  }
  return format.format(0, "minute");
}

// Intl constructors cost far more than formatting; a virtualized table
// renders rows on every scroll and keystroke, so keep one per locale.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const countFormats = new Map<string, Intl.NumberFormat>();

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" })));
  return format;
}

/** A whole number for the locale (the same as i18n.formatNumber, without a new formatter per call). */
export function formatCount(value: number, locale: string): string {
  let format = countFormats.get(locale);
  if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(value);
}

function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Every portal screen shows an organization's name; keep a runaway one readable. */
const NAME_LIMIT = 200;

export function shortName(name: string): string {
  return cut(name, NAME_LIMIT);
}

/** A job's description or a server's message only a hostile server could make this long. */
const TEXT_LIMIT = 400;

export function clip(text: string): string {
  return cut(text, TEXT_LIMIT);
}
