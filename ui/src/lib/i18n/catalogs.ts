// The message catalogs: each area of the UI keeps its own beside its
// components (`i18n.en.json`, `i18n.es.json`), merged here. Imported one by
// one rather than globbed so that `MessageKey` stays the exact set of keys
// and svelte-check catches a misspelt or missing one. A new area adds its
// two lines to each list; until it does, the catalog test fails (it globs
// every `i18n.*.json` under src/lib and checks they are all merged).
import appEn from "$lib/app/i18n.en.json";
import appEs from "$lib/app/i18n.es.json";
import adminEn from "$lib/features/admin/i18n.en.json";
import adminEs from "$lib/features/admin/i18n.es.json";
import billingEn from "$lib/features/billing/i18n.en.json";
import billingEs from "$lib/features/billing/i18n.es.json";
import clientsEn from "$lib/features/clients/i18n.en.json";
import clientsEs from "$lib/features/clients/i18n.es.json";
import dashboardEn from "$lib/features/dashboard/i18n.en.json";
import dashboardEs from "$lib/features/dashboard/i18n.es.json";
import eventsEn from "$lib/features/events/i18n.en.json";
import eventsEs from "$lib/features/events/i18n.es.json";
import groupsEn from "$lib/features/groups/i18n.en.json";
import groupsEs from "$lib/features/groups/i18n.es.json";
import healthEn from "$lib/features/health/i18n.en.json";
import healthEs from "$lib/features/health/i18n.es.json";
import membersEn from "$lib/features/members/i18n.en.json";
import membersEs from "$lib/features/members/i18n.es.json";
import onboardingEn from "$lib/features/onboarding/i18n.en.json";
import onboardingEs from "$lib/features/onboarding/i18n.es.json";
import providerEventsEn from "$lib/features/provider-events/i18n.en.json";
import providerEventsEs from "$lib/features/provider-events/i18n.es.json";
import peopleEn from "$lib/features/people/i18n.en.json";
import peopleEs from "$lib/features/people/i18n.es.json";
import queueEn from "$lib/features/queue/i18n.en.json";
import queueEs from "$lib/features/queue/i18n.es.json";
import resourcesEn from "$lib/features/resources/i18n.en.json";
import resourcesEs from "$lib/features/resources/i18n.es.json";
import sendsEn from "$lib/features/sends/i18n.en.json";
import sendsEs from "$lib/features/sends/i18n.es.json";
import settingsEn from "$lib/features/settings/i18n.en.json";
import settingsEs from "$lib/features/settings/i18n.es.json";
import vaultEn from "$lib/features/vault/i18n.en.json";
import vaultEs from "$lib/features/vault/i18n.es.json";
import sessionEn from "$lib/session/i18n.en.json";
import sessionEs from "$lib/session/i18n.es.json";
import uiEn from "$lib/ui/i18n.en.json";
import uiEs from "$lib/ui/i18n.es.json";

export const en = {
  ...uiEn,
  ...appEn,
  ...sessionEn,
  ...clientsEn,
  ...queueEn,
  ...dashboardEn,
  ...adminEn,
  ...membersEn,
  ...groupsEn,
  ...vaultEn,
  ...healthEn,
  ...eventsEn,
  ...providerEventsEn,
  ...peopleEn,
  ...billingEn,
  ...resourcesEn,
  ...sendsEn,
  ...onboardingEn,
  ...settingsEn,
};

export const es = {
  ...uiEs,
  ...appEs,
  ...sessionEs,
  ...clientsEs,
  ...queueEs,
  ...dashboardEs,
  ...adminEs,
  ...membersEs,
  ...groupsEs,
  ...vaultEs,
  ...healthEs,
  ...eventsEs,
  ...providerEventsEs,
  ...peopleEs,
  ...billingEs,
  ...resourcesEs,
  ...sendsEs,
  ...onboardingEs,
  ...settingsEs,
};
