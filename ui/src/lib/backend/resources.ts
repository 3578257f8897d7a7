// The core's allow-list of resource pages (desk-core onboarding/mod.rs),
// kept by hand: the Resources page shows the addresses as text and the
// fake's onboarding messages link them. The webview never navigates to
// them; the core opens a resource by name (`openResource`).
import type { Resource } from "./types";

/** The page each resource opens (every one https:// on bitwarden.com). */
export const RESOURCE_URLS: Readonly<Record<Resource, string>> = {
  register: "https://bitwarden.com/help/create-bitwarden-account/",
  training_videos: "https://bitwarden.com/learning/",
  import_data: "https://bitwarden.com/help/import-data/",
  two_step_login: "https://bitwarden.com/help/setup-two-step-login/",
  apps: "https://bitwarden.com/download/",
  weekly_demos: "https://bitwarden.com/events/",
  account_recovery: "https://bitwarden.com/help/account-recovery/",
};
