// The dashboard's vault health heatmap, its pure part: the order of the rows,
// how dark each cell is, and how a change since the previous sync is written.
// Pure, so it is tested without a page.
import type { HealthKind, HeatCell, HeatmapRow } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";

/** What the heatmap sorts by: the client's name or one kind's count. */
export type HeatSortKey = "name" | HealthKind;
export type HeatSort = { key: HeatSortKey; descending: boolean };

/** Rows drawn at first; "Show all" draws the rest. */
export const SHOWN_ROWS = 50;

/** How dark a cell can be: 0 (nothing found) to this. */
export const MAX_LEVEL = 4;

/** Each column's header. */
export const KIND_KEYS: Record<HealthKind, MessageKey> = {
  exposed: "dashboard.heatmap.kind.exposed",
  reused: "dashboard.heatmap.kind.reused",
  weak: "dashboard.heatmap.kind.weak",
  unsecured: "dashboard.heatmap.kind.unsecured",
  inactive_two_step: "dashboard.heatmap.kind.inactive_two_step",
  members_without_two_step: "dashboard.heatmap.kind.members_without_two_step",
  not_enrolled: "dashboard.heatmap.kind.not_enrolled",
  pending_members: "dashboard.heatmap.kind.pending_members",
};

/** Why a cell has no count (`count: null`), by kind. */
export const NOT_APPLICABLE_KEYS: Partial<Record<HealthKind, MessageKey>> = {
  not_enrolled: "dashboard.heatmap.na.not_enrolled",
  exposed: "dashboard.heatmap.na.exposed",
};

/** A row's cell of one kind; null when the row has none (a problem row, or a kind the core did not send). */
export function cellOf(row: HeatmapRow, kind: HealthKind): HeatCell | null {
  return row.cells.find((cell) => cell.kind === kind) ?? null;
}

/** The largest count of each kind over the rows (0 when none has one). */
export function columnMax(rows: readonly HeatmapRow[], kinds: readonly HealthKind[]): Record<string, number> {
  const max: Record<string, number> = {};
  for (const kind of kinds) max[kind] = 0;
  for (const row of rows) {
    for (const cell of row.cells) {
      if (cell.count !== null && cell.count > (max[cell.kind] ?? 0)) max[cell.kind] = cell.count;
    }
  }
  return max;
}

/**
 * How dark a cell is, relative to the column's largest count: 0 for nothing
 * found (or no count), then 1 to MAX_LEVEL. The count is always shown too.
 */
export function heatLevel(count: number | null, max: number): number {
  if (count === null || count <= 0 || max <= 0) return 0;
  return Math.min(MAX_LEVEL, Math.max(1, Math.ceil((MAX_LEVEL * count) / max)));
}

/** "+2" / "−1" (a real minus sign) for a change; "" when there is none to show (null or 0). */
export function changeText(change: number | null, format: (n: number) => string): string {
  if (change === null || change === 0) return "";
  return `${change > 0 ? "+" : "\u2212"}${format(Math.abs(change))}`;
}

/**
 * The rows in the order asked for. By a kind: rows without a count of that
 * kind (problem rows, "does not apply") always come last; ties by name.
 * `compare` orders names (a locale's collator).
 */
export function sortRows(
  rows: readonly HeatmapRow[],
  sort: HeatSort,
  compare: (a: string, b: string) => number,
): HeatmapRow[] {
  const byName = (a: HeatmapRow, b: HeatmapRow) => compare(a.clientName, b.clientName) || compare(a.organizationId, b.organizationId);
  const direction = sort.descending ? -1 : 1;
  if (sort.key === "name") return [...rows].sort((a, b) => direction * byName(a, b));
  const kind = sort.key;
  const count = (row: HeatmapRow) => (row.problem ? null : (cellOf(row, kind)?.count ?? null));
  return [...rows].sort((a, b) => {
    const x = count(a);
    const y = count(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return direction * (x - y) || byName(a, b);
  });
}

/** The order after clicking a column: the same column flips; a new kind starts with the most found. */
export function nextSort(current: HeatSort, key: HeatSortKey): HeatSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== "name" };
}
