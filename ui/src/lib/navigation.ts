// Where things live. Routes are plain paths (svelte.config.js explains why not
// the hash router); `resolve` adds the base path. The Admin Console takes its
// client as `?org=<organizationId>` so the static build needs no page per id.
import { getContext, setContext } from "svelte";
import { resolve } from "$app/paths";

export type Product = "provider" | "admin";
export type AdminPage = "members" | "items" | "reports" | "onboarding" | "events" | "billing";
/**
 * The Provider Portal's sections ("providerEvents": its own Event logs;
 * "providerBilling", "providerSettings": the provider's Billing and Settings,
 * apart from the app's own "settings") and the Admin Console's pages.
 */
export type Section =
  | "dashboard"
  | "clients"
  | "changes"
  | "providerEvents"
  | "people"
  | "providerBilling"
  | "providerSettings"
  | "resources"
  | "sends"
  | "settings"
  | AdminPage;

export const ADMIN_PAGES: readonly AdminPage[] = ["members", "items", "reports", "onboarding", "events", "billing"];

export const ROUTES = {
  dashboard: "/provider/dashboard",
  clients: "/provider/clients",
  changes: "/provider/changes",
  providerEvents: "/provider/events",
  people: "/provider/people",
  providerBilling: "/provider/billing",
  // The app's own settings have /provider/settings.
  providerSettings: "/provider/provider-settings",
  resources: "/provider/resources",
  sends: "/provider/sends",
  settings: "/provider/settings",
  admin: "/admin",
  adminMembers: "/admin/members",
  adminItems: "/admin/items",
  adminReports: "/admin/reports",
  adminOnboarding: "/admin/onboarding",
  adminEvents: "/admin/events",
  adminBilling: "/admin/billing",
} as const;

export type StaticPath = (typeof ROUTES)[keyof typeof ROUTES];
export type AdminPath = `/admin/${AdminPage}`;
/** An app route, optionally with the Admin Console's client. */
export type RoutePath = StaticPath | `${AdminPath}?org=${string}`;

/** Where the Provider Portal starts. */
export const HOME: StaticPath = ROUTES.dashboard;

/** An href for an app route. */
export function href(path: RoutePath): string {
  const q = path.indexOf("?");
  if (q < 0) return resolve(path as StaticPath);
  return resolve(path.slice(0, q) as StaticPath) + path.slice(q);
}

/** The route of one Admin Console page for one client. */
export function adminPath(organizationId: string, page: AdminPage = "members"): RoutePath {
  return `/admin/${page}?org=${encodeURIComponent(organizationId)}`;
}

/** Which product and section a route belongs to (null route: the not-found page). */
export function locate(routeId: string | null): { product: Product; section: Section | null } {
  const id = routeId?.split("?")[0] ?? null;
  if (id?.startsWith("/admin")) {
    const page = id.slice("/admin/".length) as AdminPage;
    return { product: "admin", section: ADMIN_PAGES.includes(page) ? page : null };
  }
  if (id === ROUTES.settings) return { product: "provider", section: "settings" };
  if (id === ROUTES.clients) return { product: "provider", section: "clients" };
  if (id === ROUTES.changes) return { product: "provider", section: "changes" };
  if (id === ROUTES.providerEvents) return { product: "provider", section: "providerEvents" };
  if (id === ROUTES.people) return { product: "provider", section: "people" };
  if (id === ROUTES.providerBilling) return { product: "provider", section: "providerBilling" };
  if (id === ROUTES.providerSettings) return { product: "provider", section: "providerSettings" };
  if (id === ROUTES.resources) return { product: "provider", section: "resources" };
  if (id === ROUTES.sends) return { product: "provider", section: "sends" };
  if (id === ROUTES.dashboard) return { product: "provider", section: "dashboard" };
  return { product: "provider", section: null };
}

// The query string is not part of a SvelteKit route id, and the portal frame
// is rendered by AppRoot with only product and section; so the current URL
// reaches the frame and the pages through context: SvelteKit's `page.url` in
// the app, the test harness's stand-in in tests.
const CURRENT_URL = Symbol("current-url");

export function setCurrentUrl(get: () => URL): void {
  setContext(CURRENT_URL, get);
}

/** A reactive getter for the current URL (window.location when nobody set one). */
export function getCurrentUrl(): () => URL {
  return getContext<(() => URL) | undefined>(CURRENT_URL) ?? (() => new URL(window.location.href));
}

/** The Admin Console's client from a URL, or null. */
export function orgFromUrl(url: URL): string | null {
  const org = url.searchParams.get("org");
  return org ? org : null;
}
