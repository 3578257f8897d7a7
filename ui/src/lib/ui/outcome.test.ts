// A page's last outcome: drawn in its block while there is one, with focus
// moved to the block once it appears (or, where a dialog stays open over the
// page, only when the page asks), and gone again when dismissed or cleared.
import { render, screen } from "@testing-library/svelte";
import { createRawSnippet, tick } from "svelte";
import { describe, expect, it, onTestFinished } from "vitest";
import { Outcome } from "./outcome.svelte";
import OutcomeBlock from "./OutcomeBlock.svelte";

const body = createRawSnippet((text: () => string) => ({ render: () => `<p data-testid="outcome-body">${text()}</p>` }));

function page(space?: "above" | "below") {
  const outcome = new Outcome<string>();
  const before = document.createElement("button");
  document.body.append(before);
  before.focus();
  onTestFinished(() => before.remove());
  render(OutcomeBlock<string>, { props: { outcome, space, children: body } });
  const block = () => screen.queryByTestId("outcome-body")?.parentElement ?? null;
  return { outcome, before, block };
}

describe("Outcome", () => {
  it("draws nothing until there is an outcome", () => {
    const { outcome, block } = page();
    expect(outcome.current).toBeNull();
    expect(block()).toBeNull();
  });

  it("shows an outcome and moves focus to its block once it appears", async () => {
    const { outcome, block } = page();
    await outcome.show("Invite members");
    const shown = block();
    expect(shown).not.toBeNull();
    expect(screen.getByTestId("outcome-body").textContent).toBe("Invite members");
    expect(shown?.getAttribute("tabindex")).toBe("-1");
    expect(outcome.element).toBe(shown);
    expect(document.activeElement).toBe(shown);
  });

  it("moves focus again when a new outcome replaces the one shown", async () => {
    const { outcome, before, block } = page();
    await outcome.show("Edit member");
    before.focus();
    await outcome.show("Remove member");
    expect(outcome.current).toBe("Remove member");
    expect(document.activeElement).toBe(block());
  });

  it("leaves focus where it is until asked, for an outcome shown under an open dialog", async () => {
    const { outcome, before, block } = page();
    outcome.current = "Recover account";
    await tick();
    expect(block()).not.toBeNull();
    expect(document.activeElement).toBe(before);
    // The dialog closes: the page moves focus to what it left shown.
    const { focus } = outcome;
    await focus();
    expect(document.activeElement).toBe(block());
  });

  it("clears: the block goes, and a later focus() goes nowhere", async () => {
    const { outcome, before, block } = page();
    await outcome.show("Delete group");
    const clear = outcome.clear;
    clear();
    expect(outcome.current).toBeNull();
    before.focus();
    await outcome.focus();
    expect(block()).toBeNull();
    expect(document.activeElement).toBe(before);
  });

  it("puts room above or below the block as the page asks", async () => {
    const { outcome, block } = page("below");
    await outcome.show("Create item");
    expect(block()?.classList.contains("below")).toBe(true);
    expect(block()?.classList.contains("above")).toBe(false);
  });
});
