// The Bitwarden server's own messages, shown as they are and translated
// where they are ones we know. Errors reach the UI as the core's `{code,
// message}`, and the message is often the server's English text, alone or
// inside a longer sentence ("The server refused 1 of 2: bob@x.example:
// Already revoked."). In a language other than English each known server
// sentence inside the message is replaced by its translation; everything
// else (unknown text, e-mails, names) is left exactly as it is. Pure: no
// state, no DOM; the result is shown as text like any server message.
//
// The translations live in `server-messages.<locale>.json`, keyed by the
// server's exact English wording (English itself needs no catalog). The
// files are named so that the area catalogs' test (`i18n.*.json`) does not
// take them for an area's messages.
import type { Locale } from "./i18n.svelte";
import es from "./server-messages.es.json";

/** Each non-English locale's translations of known server sentences, keyed by the exact English. */
export const SERVER_MESSAGES: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = { es };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One pattern per locale matching any known sentence: the longest first, so
 * "Seat limit has been reached. Please contact…" wins over its first
 * sentence, and only where a sentence starts (not after a letter or digit,
 * so "User not valid." is not found inside "Organization User not valid.").
 */
const patterns = new Map<Locale, RegExp | null>();

function patternFor(locale: Exclude<Locale, "en">): RegExp | null {
  if (patterns.has(locale)) return patterns.get(locale) ?? null;
  const sentences = Object.keys(SERVER_MESSAGES[locale]).sort((a, b) => b.length - a.length);
  const pattern = sentences.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${sentences.map(escape).join("|")})`, "gu") : null;
  patterns.set(locale, pattern);
  return pattern;
}

/**
 * `message` for `locale`: in English as it is; otherwise with each known
 * Bitwarden server sentence in it replaced by its translation and the rest
 * untouched.
 */
export function translateServerMessage(message: string, locale: Locale): string {
  if (locale === "en" || !message) return message;
  const catalog = SERVER_MESSAGES[locale];
  const pattern = patternFor(locale);
  if (!pattern) return message;
  // A replacer function: a translation is inserted as it is (no `$&` patterns).
  return message.replace(pattern, (sentence) => catalog[sentence] ?? sentence);
}
