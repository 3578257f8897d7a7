// A table's row selection (a client's members, the provider's people): the
// selected ids as a set that is replaced, never changed in place, so a page
// holding it in $state.raw sees every change.

/** Whether every, some or none of the rows are selected (the header checkbox). */
export type Selection = "all" | "some" | "none";

/** The selection with these ids added (on) or taken out. */
export function toggled(selected: ReadonlySet<string>, ids: Iterable<string>, on: boolean): ReadonlySet<string> {
  const next = new Set(selected);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** Whether every, some or none of these ids are selected. */
export function selectionOf(selected: ReadonlySet<string>, ids: Iterable<string>): Selection {
  if (selected.size === 0) return "none";
  let count = 0;
  let total = 0;
  for (const id of ids) {
    total += 1;
    if (selected.has(id)) count += 1;
  }
  return count === 0 ? "none" : count === total ? "all" : "some";
}

/** For a header checkbox's `{@attach}`: the dash of a partial selection, which only script can set. */
export function partial(selection: Selection): (node: HTMLInputElement) => void {
  return (node) => {
    node.indeterminate = selection === "some";
  };
}
