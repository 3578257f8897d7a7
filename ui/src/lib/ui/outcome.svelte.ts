// What a page's last change did (its jobs, or a line of text), shown above
// the page's content, and the element that shows it. A write closes the
// dialog or changes the row whose button was pressed, so keyboard focus
// moves to the outcome once it is drawn instead of falling back to the start
// of the page. Shared by the pages that write through the queue; most draw
// the outcome in an OutcomeBlock, which binds `element`.
//
// Dismissing the outcome removes the button that has focus along with the
// block, so `dismiss` first moves focus to the heading the block sits under
// (see `landing`): the title of the page, just above where the block was,
// from where Tab goes on into the page. `clear` is for a page starting
// afresh (another client opened), where focus is elsewhere and stays there.

import { tick } from "svelte";

const HEADING = /^H[1-6]$/;

/**
 * Where focus goes when the block `element` is dismissed: the heading of the
 * nearest section around it that a heading names (an Admin Console page's
 * title), else the page's h1 (in its main region, or in the document).
 */
export function landing(element: HTMLElement): HTMLElement | null {
  const section = element.parentElement?.closest("section[aria-labelledby]");
  const named = section ? element.ownerDocument.getElementById(section.getAttribute("aria-labelledby")!.split(/\s+/)[0]) : null;
  if (named && HEADING.test(named.tagName)) return named;
  return (element.closest("main") ?? element.ownerDocument).querySelector<HTMLElement>("h1");
}

/** Focuses a heading from script: focusable (tabindex="-1", no ring: see app.css) until focus leaves it again. */
function focusHeading(heading: HTMLElement): void {
  if (!heading.hasAttribute("tabindex")) {
    heading.setAttribute("tabindex", "-1");
    heading.addEventListener("blur", () => heading.removeAttribute("tabindex"), { once: true });
  }
  heading.focus();
}

export class Outcome<T> {
  /** The outcome shown, or null: none yet, dismissed, or cleared by the page. */
  current = $state.raw<T | null>(null);
  /** What receives focus: focusable from script only (tabindex="-1"). */
  element: HTMLElement | null = null;

  /** Shows an outcome and moves focus to it once it is drawn. */
  async show(value: T): Promise<void> {
    this.current = value;
    await this.focus();
  }

  /** Moves focus to the outcome after the pending update (it may appear only then, e.g. once a dialog closes). */
  focus = async (): Promise<void> => {
    await tick();
    this.element?.focus();
  };

  /**
   * The user dismissed the outcome (its dismiss button): hides it and, if
   * focus was in it (or already lost), moves focus to the heading the block
   * is under, so it does not fall to the start of the document with it.
   */
  dismiss = (): void => {
    const block = this.element;
    const active = block?.ownerDocument.activeElement;
    if (block?.isConnected && (!active || active === block.ownerDocument.body || block.contains(active))) {
      const heading = landing(block);
      if (heading) focusHeading(heading);
    }
    this.current = null;
  };

  /** Hides the outcome without moving focus (a page starting afresh, e.g. when another client is opened). */
  clear = (): void => {
    this.current = null;
  };
}
