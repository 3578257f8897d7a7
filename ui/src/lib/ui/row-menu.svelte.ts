// Which row's actions menu is open, and the button it opened from: shared by
// the tables that have a RowMenu (clients, members, groups). The button gets
// focus back when a choice closes the menu (a dialog then takes focus and
// returns it there).

export class RowMenuState<T> {
  /** The open menu's row and the button it belongs to. */
  open = $state.raw<{ row: T; anchor: HTMLElement } | null>(null);

  /** `key` tells rows apart: the same row's button toggles its menu. */
  constructor(private readonly key: (row: T) => string) {}

  isOpenFor(row: T): boolean {
    return this.open !== null && this.key(this.open.row) === this.key(row);
  }

  toggle = (row: T, anchor: HTMLElement): void => {
    if (this.isOpenFor(row)) return this.close(true);
    this.open = { row, anchor };
  };

  close = (restoreFocus: boolean): void => {
    const anchor = this.open?.anchor;
    this.open = null;
    if (restoreFocus && anchor?.isConnected) anchor.focus();
  };

  /** Closes the menu for a choice made in it: the row chosen for, or null if none was open. */
  take(): T | null {
    const row = this.open?.row ?? null;
    this.close(true);
    return row;
  }
}
