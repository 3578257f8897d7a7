export {
  DEFAULT_LOCALE,
  I18n,
  LOCALES,
  i18n,
  interpolate,
  matchLocale,
  t,
  type Locale,
  type MessageKey,
  type MessageParams,
} from "./i18n.svelte";
