// A virtualized list's scrolling and keyboard: which rows are drawn (those in
// view plus a few either side) and which row has focus, moved by the arrow
// keys, Page Up/Down and Ctrl+Home/End. Shared by the tables that hold
// thousands of rows (clients, vault items); each draws its own rows, with
// `data-index` on each, and binds `scroller` to the element that scrolls.
// Must be created while a component initialises (it measures on mount).

import { onMount, tick } from "svelte";

/** jsdom and a not-yet-laid-out page report 0; assume a typical window. */
const FALLBACK_VIEWPORT = 640;

interface Options {
  /** How many rows the list has now. */
  count: () => number;
  /** Every row's height in pixels: must match the table's CSS. */
  rowHeight: number;
  /** Rows drawn beyond each edge of the view. */
  overscan: number;
  /** How many rows short of a screenful a Page Up/Down moves. */
  pageShort: number;
  /** What in the row gets focus (a selector within the row). */
  focus: string;
}

export class VirtualRows {
  scroller = $state<HTMLElement | undefined>();
  scrollTop = $state(0);
  viewport = $state(FALLBACK_VIEWPORT);
  /** The focus row: its controls are the ones in the tab order. */
  active = $state(0);

  /** The first row drawn, and one past the last. */
  readonly first: number;
  readonly last: number;

  constructor(private readonly options: Options) {
    const { count, rowHeight, overscan } = options;
    this.first = $derived(Math.max(0, Math.floor(this.scrollTop / rowHeight) - overscan));
    this.last = $derived(Math.min(count(), Math.ceil((this.scrollTop + this.viewport) / rowHeight) + overscan));

    onMount(() => {
      this.measure();
      window.addEventListener("resize", this.measure);
      return () => window.removeEventListener("resize", this.measure);
    });

    // A narrower list (a search, a filter) must not leave the scroll position or the focus row past its end.
    $effect(() => {
      const count = this.options.count();
      if (this.active >= count) this.active = Math.max(0, count - 1);
      if (this.scroller && this.scrollTop > count * this.options.rowHeight) this.toTop();
    });
  }

  measure = (): void => {
    this.viewport = this.scroller?.clientHeight || FALLBACK_VIEWPORT;
  };

  /** Back to the list's start (the scroll position; the focus row is the caller's). */
  toTop(): void {
    if (this.scroller) this.scroller.scrollTop = 0;
    this.scrollTop = 0;
  }

  onscroll = (): void => {
    if (this.scroller) this.scrollTop = this.scroller.scrollTop;
  };

  async focusRow(target: number): Promise<void> {
    const { rowHeight } = this.options;
    this.active = Math.max(0, Math.min(this.options.count() - 1, target));
    const scroller = this.scroller;
    if (scroller) {
      // A header that stays on top (sticky, inside the scroller): a row is in view below it.
      const header = scroller.querySelector("thead")?.offsetHeight ?? 0;
      const top = header + this.active * rowHeight;
      const height = scroller.clientHeight || this.viewport;
      if (top - header < scroller.scrollTop) scroller.scrollTop = top - header;
      else if (top + rowHeight > scroller.scrollTop + height) scroller.scrollTop = top + rowHeight - height;
      this.scrollTop = scroller.scrollTop;
    }
    await tick();
    this.scroller?.querySelector<HTMLElement>(`[data-index="${this.active}"] ${this.options.focus}`)?.focus();
  }

  onkeydown = (event: KeyboardEvent): void => {
    const count = this.options.count();
    const page = Math.max(1, Math.floor(this.viewport / this.options.rowHeight) - this.options.pageShort);
    const moves: Record<string, number | undefined> = {
      ArrowDown: this.active + 1,
      ArrowUp: this.active - 1,
      PageDown: this.active + page,
      PageUp: this.active - page,
      Home: event.ctrlKey ? 0 : undefined,
      End: event.ctrlKey ? count - 1 : undefined,
    };
    const target = moves[event.key];
    if (target === undefined || count === 0) return;
    event.preventDefault();
    void this.focusRow(target);
  };

  onfocusin = (event: FocusEvent): void => {
    const row = (event.target as Element | null)?.closest<HTMLElement>("[data-index]");
    if (row) this.active = Number(row.dataset.index);
  };
}
