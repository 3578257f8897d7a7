// axe-core over every screen of the UI with the fake backend, in headless
// Chromium, under the app's own CSP. Exits 1 on any serious or critical
// violation, on a CSP violation or a page error, or if hostile names run code.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildFake, launch, onlyAnnouncerStyles, openPage, serve } from "./common.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const byTestId = (id) => `[data-testid="${id}"]`;
const memberRow = (id) => `[data-testid="member-row"][data-member-id="${id}"]`;
const groupRow = (id) => `[data-testid="group-row"][data-group-id="${id}"]`;

/** Opens a table row's actions menu and chooses `item` in it. */
async function rowAction(page, row, button, item) {
  await page.locator(`${row} ${byTestId(button)}`).click();
  await page.click(byTestId(item));
}

/** The Members page's Groups tab, once its table (or empty state) shows. */
async function groupsTab(page, wait = "groups-table") {
  await page.click(byTestId("members-tab-groups"));
  await page.waitForSelector(byTestId(wait));
}

/**
 * An act that clicks `button` (the first, where every row has one) and waits
 * for `until`: a dialog, a menu, a tab's table, an export's note.
 */
const clickThenWait = (button, until) => async (page) => {
  await page.locator(byTestId(button)).first().click();
  await page.waitForSelector(byTestId(until));
};

/**
 * An act that sends a form dialog: opens it with `open` (and waits for
 * `dialog` when named), fills each [field, value], submits it, and waits for
 * `until` (the dialog's error, or the results once it is done).
 */
const submitDialog = ({ open, dialog, fill = [], submit, until }) => async (page) => {
  await page.click(byTestId(open));
  if (dialog) await page.waitForSelector(byTestId(dialog));
  for (const [field, value] of fill) await page.fill(byTestId(field), value);
  await page.click(byTestId(submit));
  await page.waitForSelector(byTestId(until));
};

/** Each screen: where to go, what to wait for, and what to do before checking. */
const SCREENS = [
  { name: "sign-in", path: "/provider/dashboard?fake=signed_out", wait: "signin-page" },
  {
    name: "sign-in, two-step step",
    path: "/provider/dashboard?fake=signed_out,two_factor",
    wait: "signin-page",
    async act(page) {
      if (await page.locator(byTestId("demo-fill")).count()) await page.click(byTestId("demo-fill"));
      await page.click(byTestId("signin-submit"));
      await page.waitForSelector(byTestId("twofactor-step"));
    },
  },
  {
    name: "sign-in with an http:// server",
    path: "/provider/dashboard?fake=signed_out",
    wait: "signin-page",
    async act(page) {
      await page.selectOption(byTestId("signin-server"), "self_hosted");
      await page.fill(byTestId("signin-server-url"), "http://vault.example.com");
      await page.waitForSelector(byTestId("signin-allow-http"));
    },
  },
  { name: "lock screen", path: "/provider/dashboard?fake=locked", wait: "lock-screen" },
  { name: "dashboard", path: "/provider/dashboard", wait: "seat-chart" },
  { name: "dashboard (dark)", path: "/provider/dashboard", wait: "seat-chart", colorScheme: "dark" },
  { name: "dashboard heatmap", path: "/provider/dashboard", wait: "health-heatmap" },
  {
    name: "dashboard heatmap (dark, Spanish), sorted by exposed passwords",
    path: "/provider/dashboard",
    wait: "health-heatmap",
    colorScheme: "dark",
    locale: "es-ES",
    async act(page) {
      await page.click(byTestId("heatmap-sort-exposed"));
      await page.waitForSelector(`th[aria-sort="descending"] ${byTestId("heatmap-sort-exposed")}`);
    },
  },
  { name: "hostile names: dashboard heatmap", path: "/provider/dashboard?fake=hostile", wait: "health-heatmap", hostile: true },
  {
    // No ?fake= option turns the check off: turn it off in Settings, then go
    // to the reports through the app (a reload would start a new fake).
    name: "admin reports, breach check off",
    path: "/provider/settings",
    wait: "settings-page",
    async act(page) {
      await page.waitForSelector(`${byTestId("settings-check-exposed")}:checked`);
      await page.click(byTestId("settings-check-exposed"));
      await page.waitForSelector(`${byTestId("settings-check-exposed")}:not(:checked)`);
      await page.waitForFunction(() => document.querySelector('[data-testid="settings-status"]')?.textContent?.includes("Saved"));
      await page.click(byTestId("nav-dashboard"));
      await page.locator(`[data-testid="heatmap-row"][data-org="org-6"] ${byTestId("heatmap-client")}`).click();
      await page.waitForSelector(byTestId("health-breaches-off"));
    },
  },
  { name: "clients", path: "/provider/clients", wait: "clients-table" },
  { name: "clients (dark)", path: "/provider/clients", wait: "clients-table", colorScheme: "dark" },
  { name: "clients (Spanish)", path: "/provider/clients", wait: "clients-table", locale: "es-ES" },
  { name: "clients, offline", path: "/provider/clients?fake=offline", wait: "clients-offline-reason" },
  {
    name: "clients, no match",
    path: "/provider/clients",
    wait: "clients-table",
    async act(page) {
      await page.fill(byTestId("clients-search"), "no such client");
      await page.waitForSelector(byTestId("clients-no-match"));
    },
  },
  {
    name: "clients, command palette open",
    path: "/provider/clients",
    wait: "clients-table",
    async act(page) {
      await page.keyboard.press("Control+k");
      await page.waitForSelector(byTestId("command-palette"));
      await page.keyboard.type("client");
    },
  },
  {
    name: "clients, actions menu open",
    path: "/provider/clients",
    wait: "clients-table",
    act: clickThenWait("client-actions", "client-actions-menu"),
  },
  {
    name: "new client dialog with an error",
    path: "/provider/clients",
    wait: "clients-table",
    act: submitDialog({ open: "add-client", dialog: "new-client-dialog", submit: "new-client-submit", until: "dialog-error" }),
  },
  {
    name: "manage subscription dialog with the server's message",
    path: "/provider/clients",
    wait: "clients-table",
    async act(page) {
      await page.locator(`[data-testid="client-row"][data-org-id="org-4"] ${byTestId("client-actions")}`).click();
      await page.click(byTestId("client-action-manage"));
      await page.fill(byTestId("manage-seats"), "2");
      await page.click(byTestId("manage-submit"));
      await page.waitForSelector(byTestId("dialog-error"));
    },
  },
  {
    name: "update name dialog",
    path: "/provider/clients",
    wait: "clients-table",
    async act(page) {
      await page.locator(byTestId("client-actions")).first().click();
      await page.click(byTestId("client-action-rename"));
      await page.waitForSelector(byTestId("rename-dialog"));
    },
  },
  { name: "changes", path: "/provider/changes", wait: "changes-table" },
  { name: "changes (dark)", path: "/provider/changes", wait: "changes-table", colorScheme: "dark" },
  { name: "changes (Spanish)", path: "/provider/changes", wait: "changes-table", locale: "es-ES" },
  { name: "changes, offline", path: "/provider/changes?fake=offline", wait: "changes-offline-reason" },
  { name: "changes, empty", path: "/provider/changes?fake=no_changes", wait: "changes-empty" },
  {
    name: "changes, needs attention, after a retry",
    path: "/provider/changes",
    wait: "changes-table",
    async act(page) {
      await page.click(byTestId("queue-filter-attention"));
      await page.locator(byTestId("job-retry")).first().click();
      await page.waitForSelector(`${byTestId("changes-notice")}[data-kind="ok"]`);
    },
  },
  {
    name: "changes, discard confirmation",
    path: "/provider/changes",
    wait: "changes-table",
    act: clickThenWait("job-discard", "discard-dialog"),
  },
  {
    name: "changes, after applying",
    path: "/provider/changes",
    wait: "changes-table",
    colorScheme: "dark",
    async act(page) {
      await page.click(byTestId("apply-queue"));
      await page.waitForSelector(`${byTestId("changes-notice")}[data-kind="ok"]`);
    },
  },
  { name: "admin console, no client", path: "/admin", wait: "admin-empty" },
  { name: "admin members", path: "/admin/members?org=org-1", wait: "members-table" },
  { name: "admin members (dark, Spanish)", path: "/admin/members?org=org-6", wait: "members-table", colorScheme: "dark", locale: "es-ES" },
  { name: "admin members, 5,000", path: "/admin/members?org=org-1&fake=members5000", wait: "members-show-more" },
  {
    name: "admin members, invite dialog",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await page.click(byTestId("members-invite"));
      await page.fill(byTestId("invite-emails"), "a@new.example, b@new.example");
      await page.selectOption(byTestId("invite-role"), "custom");
      await page.waitForSelector(byTestId("invite-permissions"));
    },
  },
  {
    name: "admin members, confirm dialog",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await page.click(byTestId("members-filter-needs_confirmation"));
      await page.click(byTestId("members-select-all"));
      await page.click(byTestId("bulk-confirm"));
      await page.waitForSelector(byTestId("confirm-phrase"));
    },
  },
  {
    name: "admin members, confirm dialog offline (phrases from the last sync)",
    path: "/admin/members?org=org-6&fake=offline",
    wait: "members-table",
    async act(page) {
      await rowAction(page, memberRow("m-6-6"), "member-actions", "member-action-confirm");
      await page.waitForSelector(byTestId("confirm-from-snapshot"));
    },
  },
  {
    // The last row: clicking its button scrolls the page, and that scroll's
    // event arrives once the menu is open (it used to close the menu).
    name: "admin members, recover dialog",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await rowAction(page, memberRow("m-6-3"), "member-actions", "member-action-recover");
      await page.waitForSelector(byTestId("recover-dialog"));
      await page.click(byTestId("recover-typed"));
      await page.fill(byTestId("recover-password"), "Correct-Horse-Battery-9");
      await page.waitForSelector(`${byTestId("recover-strength")}[data-score="4"]`);
    },
  },
  {
    name: "admin members, recovery policy off, Single organization on",
    path: "/admin/members?org=org-4",
    wait: "recovery-turn-on",
  },
  {
    name: "admin members, turn on account recovery",
    path: "/admin/members?org=org-4",
    wait: "recovery-turn-on",
    act: clickThenWait("recovery-turn-on", "recovery-policy-auto-enroll"),
  },
  {
    name: "admin members, turn off account recovery (dark)",
    path: "/admin/members?org=org-6",
    wait: "recovery-turn-off",
    colorScheme: "dark",
    act: clickThenWait("recovery-turn-off", "recovery-policy-off-body"),
  },
  {
    name: "admin members, groups",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await groupsTab(page);
    },
  },
  {
    name: "admin members, groups (dark, Spanish), actions menu open",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    colorScheme: "dark",
    locale: "es-ES",
    async act(page) {
      await groupsTab(page);
      await page.locator(`${groupRow("g-6-2")} ${byTestId("group-actions")}`).click();
      await page.waitForSelector(byTestId("group-action-edit"));
    },
  },
  {
    name: "admin members, groups, none yet",
    path: "/admin/members?org=org-2",
    wait: "members-table",
    async act(page) {
      await groupsTab(page, "groups-empty");
    },
  },
  {
    name: "admin members, group dialog",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await groupsTab(page);
      await rowAction(page, groupRow("g-6-2"), "group-actions", "group-action-edit");
      await page.waitForSelector(byTestId("group-dialog"));
      await page.fill(byTestId("group-member-search"), "north");
      await page.click(byTestId("group-member-m-6-6"));
    },
  },
  {
    name: "admin members, new group dialog with an error, 5,000 members",
    path: "/admin/members?org=org-1&fake=members5000",
    wait: "members-show-more",
    async act(page) {
      await groupsTab(page);
      await page.click(byTestId("groups-new"));
      await page.waitForSelector(byTestId("group-members-more"));
      await page.click(byTestId("group-submit"));
      await page.waitForSelector(byTestId("dialog-error"));
    },
  },
  {
    name: "admin members, delete group confirmation",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await groupsTab(page);
      await rowAction(page, groupRow("g-6-1"), "group-actions", "group-action-delete");
      await page.waitForSelector(byTestId("delete-group-dialog"));
    },
  },
  {
    name: "admin members, group created",
    path: "/admin/members?org=org-6",
    wait: "members-table",
    async act(page) {
      await groupsTab(page);
      await page.click(byTestId("groups-new"));
      await page.fill(byTestId("group-name-input"), "Drivers");
      await page.click(byTestId("group-collection-c-6-3"));
      await page.click(byTestId("group-submit"));
      await page.waitForSelector(byTestId("group-results"));
    },
  },
  { name: "admin vault items", path: "/admin/items?org=org-1", wait: "items-table" },
  { name: "admin reports", path: "/admin/reports?org=org-6", wait: "health-weak-row" },
  { name: "admin reports (dark, Spanish)", path: "/admin/reports?org=org-6", wait: "health-weak-row", colorScheme: "dark", locale: "es-ES" },
  { name: "admin reports, nothing found", path: "/admin/reports?org=org-1", wait: "health-weak-empty" },
  { name: "admin onboarding", path: "/admin/onboarding?org=org-6", wait: "onboarding-table" },
  {
    name: "admin onboarding (dark, Spanish)",
    path: "/admin/onboarding?org=org-6",
    wait: "onboarding-table",
    colorScheme: "dark",
    locale: "es-ES",
    act: async (page) => {
      // A message opened to read, and a job result from sending an invitation again.
      await page.locator(`${byTestId("onboarding-row")}[data-member-id="m-6-3"] ${byTestId("onboarding-view-message")} summary`).click();
      await page.click(byTestId("onboarding-reinvite"));
      await page.waitForSelector(byTestId("onboarding-results"));
    },
  },
  { name: "admin events, the log", path: "/admin/events?org=org-6", wait: "events-table" },
  { name: "admin events (dark, Spanish)", path: "/admin/events?org=org-6", wait: "events-table", colorScheme: "dark", locale: "es-ES" },
  {
    name: "admin events, filtered to nothing",
    path: "/admin/events?org=org-6",
    wait: "events-table",
    async act(page) {
      await page.fill(byTestId("events-filter-from"), "2030-01-01");
      await page.waitForSelector(`${byTestId("events-empty")}[data-kind="no_match"]`);
    },
  },
  {
    name: "admin events, filtered by an item, last page (dark)",
    path: "/admin/events?org=org-6",
    wait: "events-table",
    colorScheme: "dark",
    async act(page) {
      await page.locator(byTestId("events-item")).first().click();
      await page.waitForSelector(byTestId("events-filter-item"));
      await page.click(byTestId("events-clear"));
      await page.click(byTestId("events-next"));
      await page.waitForSelector(`${byTestId("events-next")}:disabled`);
    },
  },
  {
    name: "admin events, a gap in the log, exported",
    path: "/admin/events?org=org-5",
    wait: "events-gaps",
    act: clickThenWait("events-export", "events-export-done"),
  },
  { name: "admin events, nothing logged (dark)", path: "/admin/events?org=org-2", wait: "events-empty", colorScheme: "dark" },
  { name: "provider event logs", path: "/provider/events", wait: "provider-events-table" },
  {
    name: "provider event logs (dark, Spanish)",
    path: "/provider/events",
    wait: "provider-events-table",
    colorScheme: "dark",
    locale: "es-ES",
    act: clickThenWait("provider-events-export", "provider-events-export-done"),
  },
  {
    name: "provider event logs, filtered by a row's user, last page",
    path: "/provider/events",
    wait: "provider-events-table",
    async act(page) {
      await page.locator(byTestId("events-actor-filter")).first().click();
      await page.waitForFunction(() => document.querySelector('[data-testid="provider-events-user"]')?.value === "pu-1");
      await page.click(byTestId("provider-events-clear"));
      await page.click(byTestId("provider-events-next"));
      await page.waitForSelector(`${byTestId("provider-events-next")}:disabled`);
    },
  },
  {
    name: "provider event logs, filtered to nothing (dark)",
    path: "/provider/events",
    wait: "provider-events-table",
    colorScheme: "dark",
    async act(page) {
      await page.fill(byTestId("provider-events-from"), "2030-01-01");
      await page.waitForSelector(`${byTestId("provider-events-empty")}[data-kind="no_match"]`);
    },
  },
  { name: "provider event logs, forbidden (service user)", path: "/provider/events?fake=service_user", wait: "provider-events-forbidden" },
  {
    name: "provider event logs, forbidden (service user, dark, Spanish)",
    path: "/provider/events?fake=service_user",
    wait: "provider-events-forbidden",
    colorScheme: "dark",
    locale: "es-ES",
  },
  { name: "hostile names: provider event logs", path: "/provider/events?fake=hostile", wait: "provider-events-table", hostile: true },
  { name: "hostile names: admin events", path: "/admin/events?org=org-900&fake=hostile", wait: "events-table", hostile: true },
  { name: "hostile names: admin events, 10,000 characters", path: "/admin/events?org=org-903&fake=hostile", wait: "events-table", hostile: true },
  { name: "admin events", path: "/admin/events?org=org-1", wait: "admin-page-events" },
  // Billing: every screen's name has "billing" (A11Y_ONLY=billing checks them alone).
  { name: "billing: provider billing", path: "/provider/billing", wait: "billing-plans" },
  {
    name: "billing: provider billing, suspended and no tax id (dark, Spanish)",
    path: "/provider/billing?fake=suspended,tax_id_missing",
    wait: "billing-warnings",
    colorScheme: "dark",
    locale: "es-ES",
  },
  { name: "billing: provider billing, service user's notes", path: "/provider/billing?fake=service_user", wait: "billing-invoices-note" },
  { name: "billing: provider billing, self-hosted (dark)", path: "/provider/billing?fake=self_hosted", wait: "billing-subscription-note", colorScheme: "dark" },
  { name: "billing: provider billing, never read", path: "/provider/billing?fake=billing_unread", wait: "billing-subscription-note" },
  {
    name: "billing: save an invoice's CSV, the name taken",
    path: "/provider/billing",
    wait: "billing-plans",
    async act(page) {
      await page.locator(`[data-testid="billing-invoice"][data-invoice-id="in_1Q3"] ${byTestId("billing-invoice-save")}`).click();
      await page.waitForSelector(byTestId("invoice-csv-dialog"));
      await page.waitForFunction(() => document.querySelector('[data-testid="invoice-csv-path"]')?.value?.endsWith(".csv"));
      await page.fill(byTestId("invoice-csv-path"), "/home/demo/Downloads/Demo-MSP-invoice-DEMO-MSP-0002.csv");
      await page.click(byTestId("invoice-csv-submit"));
      await page.waitForSelector(byTestId("dialog-error"));
    },
  },
  {
    name: "billing: invoice CSV saved (dark)",
    path: "/provider/billing",
    wait: "billing-plans",
    colorScheme: "dark",
    async act(page) {
      await page.locator(byTestId("billing-invoice-save")).first().click();
      await page.waitForFunction(() => document.querySelector('[data-testid="invoice-csv-path"]')?.value?.endsWith(".csv"));
      await page.click(byTestId("invoice-csv-submit"));
      await page.waitForSelector(byTestId("invoice-csv-saved"));
    },
  },
  {
    name: "billing: billing address dialog with an error (Spanish)",
    path: "/provider/billing",
    wait: "billing-plans",
    locale: "es-ES",
    act: submitDialog({
      open: "billing-address-edit",
      dialog: "billing-address-dialog",
      fill: [["billing-address-country", "N"]],
      submit: "billing-address-submit",
      until: "dialog-error",
    }),
  },
  {
    name: "billing: billing address queued offline",
    path: "/provider/billing?fake=offline",
    wait: "billing-plans",
    act: submitDialog({
      open: "billing-address-edit",
      fill: [["billing-address-city", "Utrecht"]],
      submit: "billing-address-submit",
      until: "billing-results",
    }),
  },
  { name: "billing: provider settings", path: "/provider/provider-settings", wait: "provider-details-name-value" },
  {
    name: "billing: provider settings, service user (dark, Spanish)",
    path: "/provider/provider-settings?fake=service_user",
    wait: "provider-details-admins",
    colorScheme: "dark",
    locale: "es-ES",
  },
  {
    name: "billing: provider settings, edit dialog with an error",
    path: "/provider/provider-settings",
    wait: "provider-details-edit",
    act: submitDialog({
      open: "provider-details-edit",
      dialog: "provider-details-dialog",
      fill: [["provider-details-email", "not an address"]],
      submit: "provider-details-submit",
      until: "dialog-error",
    }),
  },
  {
    name: "billing: provider settings, details changed",
    path: "/provider/provider-settings",
    wait: "provider-details-edit",
    act: submitDialog({
      open: "provider-details-edit",
      fill: [["provider-details-name", "Demo MSP Europe"]],
      submit: "provider-details-submit",
      until: "provider-details-results",
    }),
  },
  { name: "billing: admin billing, consolidated billing", path: "/admin/billing?org=org-1", wait: "client-billing-note" },
  {
    name: "billing: admin billing, own subscription (dark, Spanish)",
    path: "/admin/billing?org=org-6",
    wait: "client-billing-items",
    colorScheme: "dark",
    locale: "es-ES",
  },
  { name: "billing: admin billing, service user", path: "/admin/billing?org=org-2&fake=service_user", wait: "client-billing-edit-note" },
  { name: "billing: admin billing, self-hosted licence", path: "/admin/billing?org=org-6&fake=self_hosted", wait: "client-billing-licence" },
  {
    name: "billing: admin billing, edit dialog",
    path: "/admin/billing?org=org-6",
    wait: "client-billing-edit",
    act: clickThenWait("client-billing-edit", "client-billing-dialog"),
  },
  {
    name: "billing: admin billing, details changed",
    path: "/admin/billing?org=org-1",
    wait: "client-billing-edit",
    act: submitDialog({
      open: "client-billing-edit",
      fill: [["client-billing-email-input", "accounts@myclient.example"]],
      submit: "client-billing-submit",
      until: "client-billing-results",
    }),
  },
  { name: "hostile names: admin billing", path: "/admin/billing?org=org-900&fake=hostile", wait: "client-billing-details", hostile: true },
  { name: "resources", path: "/provider/resources", wait: "resources-page" },
  { name: "resources (dark, Spanish)", path: "/provider/resources", wait: "resources-page", colorScheme: "dark", locale: "es-ES" },
  { name: "settings", path: "/provider/settings", wait: "settings-page" },
  {
    name: "vault item detail",
    path: "/admin/items?org=org-2",
    wait: "items-table",
    act: clickThenWait("item-open", "item-detail"),
  },
  {
    name: "vault item form (dark, Spanish)",
    path: "/admin/items?org=org-2",
    wait: "items-table",
    colorScheme: "dark",
    locale: "es-ES",
    act: clickThenWait("item-new", "item-form"),
  },
  {
    name: "vault collections",
    path: "/admin/items?org=org-2",
    wait: "items-table",
    act: clickThenWait("vault-tab-collections", "collections-table"),
  },
  { name: "sends", path: "/provider/sends", wait: "sends-page" },
  {
    name: "sends, new Send dialog (dark)",
    path: "/provider/sends",
    wait: "sends-page",
    colorScheme: "dark",
    act: clickThenWait("send-create", "send-dialog"),
  },
  { name: "people", path: "/provider/people", wait: "people-page" },
  {
    name: "people, invite dialog (Spanish)",
    path: "/provider/people",
    wait: "people-page",
    locale: "es-ES",
    act: clickThenWait("people-invite", "people-invite-dialog"),
  },
  {
    name: "clients, add an existing organization",
    path: "/provider/clients",
    wait: "clients-table",
    act: clickThenWait("client-add-existing", "client-add-existing-dialog"),
  },
  { name: "10,000 clients", path: "/provider/clients?fake=scale10000", wait: "clients-table" },
  { name: "hostile names: clients", path: "/provider/clients?fake=hostile", wait: "clients-table", hostile: true },
  {
    name: "hostile names: palette and Admin Console",
    path: "/provider/clients?fake=hostile",
    wait: "clients-table",
    hostile: true,
    async act(page) {
      await page.keyboard.press("Control+k");
      await page.keyboard.type("onerror");
      await page.keyboard.press("Enter");
      await page.waitForSelector(byTestId("admin-client-name"));
    },
  },
  { name: "hostile names: dashboard", path: "/provider/dashboard?fake=hostile", wait: "seat-chart", hostile: true },
  { name: "hostile names: changes", path: "/provider/changes?fake=hostile", wait: "changes-table", hostile: true },
];

function summarize(violations) {
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`),
  }));
}

async function main() {
  buildFake();
  const server = await serve();
  const browser = await launch();
  const announcer = onlyAnnouncerStyles();
  if (announcer) console.log("note: SvelteKit's route announcer has an inline style attribute; its CSP report is not counted\n");
  let failed = 0;
  try {
    // A11Y_ONLY=text checks only the screens whose name contains it.
    const only = process.env.A11Y_ONLY;
    for (const screen of only ? SCREENS.filter((s) => s.name.includes(only)) : SCREENS) {
      const { context, page: target, problems } = await openPage(browser, screen);
      await target.goto(server.url + screen.path);
      await target.waitForSelector(byTestId(screen.wait), { timeout: 15_000 });
      if (screen.act) await screen.act(target);
      // Let transitions and the last async loads settle.
      await target.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await target.waitForTimeout(150);

      await target.evaluate(AXE);
      const result = await target.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        TAGS,
      );
      const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const minor = result.violations.filter((v) => !serious.includes(v));
      const csp = (await target.evaluate(() => window.__csp ?? [])).filter(
        (v) => !(announcer && v.directive === "style-src-attr" && v.where === ""),
      );
      const messages = [];
      if (serious.length) messages.push(`axe: ${JSON.stringify(summarize(serious), null, 2)}`);
      if (csp.length) messages.push(`CSP violations: ${JSON.stringify(csp)}`);
      const errors = problems.console.filter((m) => !(announcer && m.includes("Applying inline style violates")));
      if (errors.length) messages.push(`page errors: ${errors.join(" | ")}`);
      if (screen.hostile) {
        const pwned = await target.evaluate(() => window.__pwned);
        const images = await target.evaluate(() => document.querySelectorAll("img").length);
        if (pwned !== undefined) messages.push(`window.__pwned = ${pwned}`);
        if (images) messages.push(`${images} <img> element(s) created from data`);
        if (problems.dialogs.length) messages.push(`dialogs fired: ${problems.dialogs.join(" | ")}`);
      }
      const lang = await target.evaluate(() => document.documentElement.lang);
      if (messages.length) {
        failed += 1;
        console.log(`✗ ${screen.name} (${screen.path})\n  ${messages.join("\n  ")}`);
      } else {
        const note = minor.length ? ` (${minor.length} moderate/minor: ${minor.map((v) => v.id).join(", ")})` : "";
        console.log(`✓ ${screen.name} [lang=${lang}]${note}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(failed ? `\n${failed} of ${SCREENS.length} screens failed` : `\nAll ${SCREENS.length} screens passed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
