// Small queries the page tests share: text as it reads (runs of white space
// as one space), a form control by test id, the arguments of a fake's last
// call, and a table's row by what one cell reads or by a data attribute.
import { screen, within } from "@testing-library/svelte";
import type { FakeBackend } from "$lib/backend";
import { calls } from "./app";

/** An element's text with its white space squashed; "" for no element. */
export const squashed = (el: Element | null | undefined): string => el?.textContent?.replace(/\s+/g, " ").trim() ?? "";

/** The squashed text of the element with this test id (it must be there). */
export const textOf = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, " ").trim();

/** A form control by test id (a select unless told). */
export const control = <T extends HTMLElement = HTMLSelectElement>(id: string) => screen.getByTestId(id) as unknown as T;

/** The arguments of the fake's last call of `method`. */
export function lastCall(backend: FakeBackend, method: string): unknown[] {
  const made = calls(backend, method);
  return made[made.length - 1]?.args ?? [];
}

/** The row (test id `row`) whose cell (test id `cell`) reads `text`. */
export function rowReading(row: string, cell: string, text: string): HTMLElement {
  const found = screen.queryAllByTestId(row).find((r) => squashed(within(r).getByTestId(cell)) === text);
  if (!found) throw new Error(`no ${row} reading ${text}`);
  return found;
}

/** The row (test id `row`) whose `data-<attr>` is `value`. */
export function rowWhere(row: string, attr: string, value: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="${row}"][data-${attr}="${value}"]`);
  if (!found) throw new Error(`no ${row} with ${attr} ${value}`);
  return found;
}
