// Shared set-up for the portal tests: the harness at a route, ages pinned to
// the fake's clock.
import { render, screen, within } from "@testing-library/svelte";
import { FakeBackend } from "$lib/backend";
import type { RoutePath } from "$lib/navigation";
import Harness from "./Harness.svelte";

export function renderPortal(backend = new FakeBackend(), start: RoutePath = "/provider/clients") {
  const visited: string[] = [];
  const result = render(Harness, { backend, start, onnavigate: (path: string) => visited.push(path) });
  return { backend, visited, ...result };
}

export const byTestId = (id: string) => screen.findByTestId(id);

/** The rendered row of one client, by organization id. */
export function row(orgId: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="client-row"][data-org-id="${orgId}"]`);
  if (!found) throw new Error(`no row for ${orgId}`);
  return found;
}

export function cell(orgId: string, testid: string): string {
  return within(row(orgId)).getByTestId(testid).textContent?.trim() ?? "";
}

export function rowIds(container: HTMLElement): string[] {
  return [...container.querySelectorAll<HTMLElement>('[data-testid="client-row"]')].map((r) => r.dataset.orgId ?? "");
}
