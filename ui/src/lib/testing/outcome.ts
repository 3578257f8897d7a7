// Where keyboard focus is around a change's outcome (the shared Outcome and
// OutcomeBlock): on the block once the change is sent, on the page's heading
// once the block is dismissed — never left on the body.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { expect } from "vitest";
import { byTestId } from "./portal";

/** Once a change is sent, focus is on the block around its jobs `testid` (focusable from script only), not back on the page. */
export async function expectFocusOnOutcome(testid: string): Promise<HTMLElement> {
  const results = await byTestId(testid);
  await waitFor(() => expect(document.activeElement).toBe(results.parentElement));
  expect(results.parentElement?.getAttribute("tabindex")).toBe("-1");
  return results;
}

/** Dismissing the jobs `testid` from their focused button hands focus to the page's `heading`, not to the body. */
export async function dismissOutcome(testid: string, heading: HTMLElement): Promise<void> {
  const dismiss = within(screen.getByTestId(testid)).getByTestId("member-results-dismiss");
  dismiss.focus();
  await fireEvent.click(dismiss);
  await waitFor(() => expect(screen.queryByTestId(testid)).toBeNull());
  expect(document.activeElement).not.toBe(document.body);
  expect(document.activeElement).toBe(heading);
  expect(heading.getAttribute("tabindex")).toBe("-1");
}
