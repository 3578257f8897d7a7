// Shared set-up for the People page tests: the page in the app's frame, its
// first rows shown, and a person's row by e-mail.
import { screen, waitFor } from "@testing-library/svelte";
import { expect } from "vitest";
import { FakeBackend } from "$lib/backend";
import PeoplePage from "$lib/features/people/PeoplePage.svelte";
import { ROUTES } from "$lib/navigation";
import { byTestId, renderPage } from "./portal";
import { squashed } from "./queries";

/** The People page, without waiting for anything. */
export const renderPeople = (backend = new FakeBackend()) => renderPage(PeoplePage, ROUTES.people, backend);

/** The People page once its rows show. */
export async function openPeople(backend = new FakeBackend()): Promise<FakeBackend> {
  renderPeople(backend);
  await byTestId("people-page");
  await waitFor(() => expect(screen.queryAllByTestId("person-row").length).toBeGreaterThan(0));
  return backend;
}

export function personRow(email: string): HTMLElement {
  const found = screen.queryAllByTestId("person-row").find((r) => squashed(r.querySelector("[data-testid=person-email]")) === email);
  if (!found) throw new Error(`no row for ${email}`);
  return found;
}
