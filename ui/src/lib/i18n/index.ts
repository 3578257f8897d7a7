export {
  DEFAULT_LOCALE,
  I18n,
  LOCALES,
  i18n,
  interpolate,
  matchLocale,
  serverMessage,
  t,
  type Locale,
  type MessageKey,
  type MessageParams,
} from "./i18n.svelte";
export { SERVER_MESSAGES, translateServerMessage } from "./server-messages";
