// The Admin Console's pages as the sidebar lists them: each page's name (also
// its heading) and icon. A new page adds its entry here and to ADMIN_PAGES
// in $lib/navigation.
import type { MessageKey } from "$lib/i18n";
import type { AdminPage } from "$lib/navigation";
import type { IconName } from "$lib/ui/Icon.svelte";

export const ADMIN_TABS: Record<AdminPage, { key: MessageKey; icon: IconName }> = {
  members: { key: "admin.nav.members", icon: "members" },
  items: { key: "admin.nav.items", icon: "items" },
  reports: { key: "admin.nav.reports", icon: "reports" },
  onboarding: { key: "admin.nav.onboarding", icon: "check" },
  events: { key: "admin.nav.events", icon: "events" },
  billing: { key: "admin.nav.billing", icon: "billing" },
};
