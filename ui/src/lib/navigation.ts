// Where things live. Routes are plain paths (svelte.config.js explains why not
// the hash router); `resolve` adds the base path.
import { resolve } from "$app/paths";

export type Product = "provider" | "admin";
export type Section = "clients" | "settings";

export const ROUTES = {
  clients: "/provider/clients",
  settings: "/provider/settings",
  admin: "/admin",
} as const;

export type RoutePath = (typeof ROUTES)[keyof typeof ROUTES];

/** An href for an app route. */
export function href(path: RoutePath): string {
  return resolve(path);
}

/** Which product and section a route belongs to (null route: the not-found page). */
export function locate(routeId: string | null): { product: Product; section: Section | null } {
  if (routeId?.startsWith("/admin")) return { product: "admin", section: null };
  if (routeId === ROUTES.settings) return { product: "provider", section: "settings" };
  if (routeId === ROUTES.clients) return { product: "provider", section: "clients" };
  return { product: "provider", section: null };
}
