// Shared set-up for the portal tests: the harness at a route (or a page it
// does not route, in the app's frame), ages pinned to the fake's clock.
import { render, screen, within } from "@testing-library/svelte";
import type { Component } from "svelte";
import { FakeBackend } from "$lib/backend";
import { adminPath, type AdminPage, type RoutePath } from "$lib/navigation";
import Harness from "./Harness.svelte";
import PageHost from "./PageHost.svelte";
import { rowWhere } from "./queries";

export function renderPortal(backend = new FakeBackend(), start: RoutePath = "/provider/clients") {
  const visited: string[] = [];
  const result = render(Harness, { backend, start, onnavigate: (path: string) => visited.push(path) });
  return { backend, visited, ...result };
}

export const byTestId = (id: string) => screen.findByTestId(id);

/** The rendered row of one client, by organization id. */
export const row = (orgId: string) => rowWhere("client-row", "org-id", orgId);

export function cell(orgId: string, testid: string): string {
  return within(row(orgId)).getByTestId(testid).textContent?.trim() ?? "";
}

export function rowIds(container: HTMLElement): string[] {
  return [...container.querySelectorAll<HTMLElement>('[data-testid="client-row"]')].map((r) => r.dataset.orgId ?? "");
}

/** An Admin Console page of one client, without waiting for anything; the fake, for its calls. */
export function renderAdmin<B extends FakeBackend>(backend: B, page: AdminPage, org: string): B {
  renderPortal(backend, adminPath(org, page));
  return backend;
}

/** The harness at `start`, once the element with test id `ready` shows; the fake, for its calls. */
export async function openAt<B extends FakeBackend>(backend: B, start: RoutePath, ready: string): Promise<B> {
  renderPortal(backend, start);
  await byTestId(ready);
  return backend;
}

/** A page the harness does not route (People, Sends), inside the app's frame at its route. */
export function renderPage(page: Component, route: RoutePath, backend = new FakeBackend()) {
  return render(PageHost, { backend, route, page });
}
