// What a page's last change did (its jobs, or a line of text), shown above
// the page's content, and the element that shows it. A write closes the
// dialog or changes the row whose button was pressed, so keyboard focus
// moves to the outcome once it is drawn instead of falling back to the start
// of the page. Shared by the pages that write through the queue; most draw
// the outcome in an OutcomeBlock, which binds `element`.

import { tick } from "svelte";

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

  /** Hides the outcome (its dismiss button, or a page starting afresh). */
  clear = (): void => {
    this.current = null;
  };
}
