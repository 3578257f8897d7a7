// A deliberately tiny i18n runtime: flat JSON catalogs, `{name}` parameters,
// Intl for numbers and dates. The locale follows the OS (navigator.languages)
// unless the user's saved preference names one.
import { en, es } from "./catalogs";
import { translateServerMessage } from "./server-messages";

export type MessageKey = keyof typeof en;
export type Locale = "en" | "es";
export type MessageParams = Record<string, string | number>;

/** Supported locales, in the order the UI lists them. */
export const LOCALES: readonly Locale[] = ["en", "es"];
export const DEFAULT_LOCALE: Locale = "en";

// Typing `es` against en's keys makes svelte-check fail on a missing key too;
// the catalog test also checks the reverse direction and the parameters.
const catalogs: Record<Locale, Record<MessageKey, string>> = { en, es };

/** The first supported locale among BCP 47 tags (e.g. "es-MX" → "es"), else English. */
export function matchLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return DEFAULT_LOCALE;
}

function systemLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

/** Replaces `{name}` with params.name; numbers are formatted for the locale. */
export function interpolate(
  template: string,
  params: MessageParams | undefined,
  formatNumber: (n: number) => string,
): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

export class I18n {
  /** The saved preference; null means "follow the system". */
  preference = $state<Locale | null>(null);
  /** The OS's preferred languages; refreshed on the window's `languagechange`. */
  system = $state<readonly string[]>(systemLanguages());
  readonly locale: Locale = $derived(this.preference ?? matchLocale(this.system));

  setPreference = (preference: Locale | null): void => {
    this.preference = preference;
  };

  refreshSystem = (): void => {
    this.system = systemLanguages();
  };

  /** The message for `key` in the current locale (English if missing, the key as a last resort). */
  t = (key: MessageKey, params?: MessageParams): string => {
    const template = catalogs[this.locale][key] ?? catalogs.en[key] ?? key;
    return interpolate(template, params, this.formatNumber);
  };

  /**
   * A message from the core or the server, for the current locale: the
   * Bitwarden server sentences we know translated, the rest as it is.
   */
  serverMessage = (message: string): string => translateServerMessage(message, this.locale);

  formatNumber = (value: number, options?: Intl.NumberFormatOptions): string =>
    new Intl.NumberFormat(this.locale, options).format(value);

  formatDate = (
    value: Date | number,
    options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
  ): string => new Intl.DateTimeFormat(this.locale, options).format(value);
}

/** The app-wide instance; components read it through `t`. */
export const i18n = new I18n();
export const t = i18n.t;
export const serverMessage = i18n.serverMessage;
