// A page's last outcome: drawn in its block while there is one, with focus
// moved to the block once it appears (or, where a dialog stays open over the
// page, only when the page asks), and gone again when dismissed or cleared;
// dismissed by the user, it hands focus to the page's heading on its way out.
import { render, screen } from "@testing-library/svelte";
import { createRawSnippet, tick } from "svelte";
import { describe, expect, it, onTestFinished } from "vitest";
import { landing, Outcome } from "./outcome.svelte";
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

  it("clears without moving focus, for a page starting afresh", async () => {
    const { outcome, before } = page();
    await outcome.show("Invite members");
    before.focus();
    outcome.clear();
    await tick();
    expect(document.activeElement).toBe(before);
  });
});

/** A page around a block with a dismiss button: its title, and the block under it, inside `around` if given. */
function dismissable(around?: (heading: HTMLElement, target: HTMLElement) => void) {
  const outcome = new Outcome<string>();
  const root = document.createElement("main");
  const heading = document.createElement("h1");
  heading.textContent = "Clients";
  const target = document.createElement("div");
  root.append(heading, target);
  around?.(heading, target);
  document.body.append(root);
  onTestFinished(() => root.remove());
  const body = createRawSnippet((text: () => string) => ({
    render: () => `<p data-testid="outcome-body">${text()} <button type="button" data-testid="outcome-dismiss">Dismiss</button></p>`,
    setup: (node: Element) => node.querySelector("button")?.addEventListener("click", outcome.dismiss),
  }));
  render(OutcomeBlock<string>, { target, props: { outcome, children: body } });
  const dismiss = () => screen.getByTestId("outcome-dismiss");
  return { outcome, heading, dismiss, block: () => screen.queryByTestId("outcome-body")?.parentElement ?? null };
}

describe("Outcome, dismissed", () => {
  it("moves focus from its dismiss button to the page's heading, not to the body", async () => {
    const { outcome, heading, dismiss, block } = dismissable();
    await outcome.show("Unlink client");
    dismiss().focus();
    dismiss().click();
    await tick();
    expect(outcome.current).toBeNull();
    expect(block()).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(heading);
    // Focusable from script only, and only while focus is there.
    expect(heading.getAttribute("tabindex")).toBe("-1");
    heading.blur();
    expect(heading.hasAttribute("tabindex")).toBe(false);
  });

  it("moves focus the same way when the block itself had it (a click that does not focus the button)", async () => {
    const { outcome, heading, dismiss } = dismissable();
    await outcome.show("Unlink client");
    dismiss().click();
    await tick();
    expect(document.activeElement).toBe(heading);
  });

  it("lands on the heading that names the section it is in: an Admin Console page's title, not the client's name", async () => {
    let title: HTMLElement | null = null;
    const { outcome, heading, dismiss } = dismissable((_, target) => {
      const section = document.createElement("section");
      section.setAttribute("aria-labelledby", "page-title");
      title = document.createElement("h2");
      title.id = "page-title";
      title.textContent = "Members";
      target.replaceWith(section);
      section.append(title, target);
    });
    await outcome.show("Invite members");
    expect(landing(outcome.element!)).toBe(title);
    dismiss().focus();
    dismiss().click();
    await tick();
    expect(document.activeElement).toBe(title);
    expect(document.activeElement).not.toBe(heading);
  });

  it("keeps a tabindex the heading already has", async () => {
    const { outcome, heading, dismiss } = dismissable();
    heading.setAttribute("tabindex", "0");
    await outcome.show("Delete group");
    dismiss().focus();
    dismiss().click();
    await tick();
    expect(document.activeElement).toBe(heading);
    heading.blur();
    expect(heading.getAttribute("tabindex")).toBe("0");
  });

  it("leaves focus alone when it is somewhere else on the page", async () => {
    const { outcome, heading } = dismissable();
    await outcome.show("Delete group");
    const other = document.createElement("button");
    heading.after(other);
    other.focus();
    outcome.dismiss();
    await tick();
    expect(outcome.current).toBeNull();
    expect(document.activeElement).toBe(other);
    expect(heading.hasAttribute("tabindex")).toBe(false);
  });
});
