// The resources a service user shares to get a client's users started: the
// help page's table (register, training videos, import data, two-step login,
// the apps, weekly demos) and account recovery. The app opens them through
// the core (`openResource`), which keeps its own allow-list; the page shows
// their addresses (RESOURCE_URLS, from $lib/backend) as text only.
import type { Resource } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";

/** Each resource's task (its title) and what it is for. */
export const RESOURCE_TEXT: Readonly<Record<Resource, { title: MessageKey; description: MessageKey }>> = {
  register: { title: "resources.register.title", description: "resources.register.description" },
  training_videos: { title: "resources.training_videos.title", description: "resources.training_videos.description" },
  import_data: { title: "resources.import_data.title", description: "resources.import_data.description" },
  two_step_login: { title: "resources.two_step_login.title", description: "resources.two_step_login.description" },
  apps: { title: "resources.apps.title", description: "resources.apps.description" },
  weekly_demos: { title: "resources.weekly_demos.title", description: "resources.weekly_demos.description" },
  account_recovery: { title: "resources.account_recovery.title", description: "resources.account_recovery.description" },
};

/** The order the Resources page lists them in: the help page's, then account recovery. */
export const RESOURCES: readonly Resource[] = [
  "register",
  "training_videos",
  "import_data",
  "two_step_login",
  "apps",
  "weekly_demos",
  "account_recovery",
];
