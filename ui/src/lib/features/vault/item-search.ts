// The items list's search, filters and sort, for long lists: each item's
// name, username and URIs are folded once per list (not on every keystroke),
// so a search of 10,000 items is one substring test each. Sorting uses keys
// folded the same way, also once per list, and is redone only when the list
// or the order changes; a keystroke then filters the sorted list. Same rows
// as filterItems.
import type { CipherType, ItemView } from "$lib/backend";
import { fold } from "$lib/ui/format";
import type { TypeFilter } from "./vault";

export interface IndexedItem {
  item: ItemView;
  /** Name, username and URIs, folded, one a line (a search box cannot type a line break). */
  key: string;
  /** The name folded (case and accents ignored); null when it did not decrypt. */
  name: string | null;
  /** The username folded; "" when there is none. */
  username: string;
  /** The type's place in TYPE_ORDER (unknown types after the known ones). */
  typeRank: number;
  /** The list's own order: the last tie-break, so every sort is stable. */
  position: number;
}

export type ItemSortKey = "name" | "type" | "username";
export type ItemSort = { key: ItemSortKey; descending: boolean };
/**
 * The order the list opens in: null keeps the server's (by id), which the
 * existing vault tests rely on; `{ key: "name", descending: false }` would
 * open it by name.
 */
export const DEFAULT_ITEM_SORT: ItemSort | null = null;

/** Every item, items in no collection, or the items of one collection (by id). */
export type CollectionFilter = "all" | "none" | { id: string };

/** Types sort in the type filter's order. */
const TYPE_ORDER: readonly string[] = ["login", "secure_note", "card", "identity", "ssh_key", "bank_account", "drivers_license", "passport"];

function typeRank(type: CipherType): number {
  if (typeof type !== "string") return TYPE_ORDER.length + type.unknown;
  const at = TYPE_ORDER.indexOf(type);
  return at < 0 ? TYPE_ORDER.length : at;
}

export function indexItems(items: readonly ItemView[]): IndexedItem[] {
  return items.map((item, position) => ({
    item,
    key: fold([item.name ?? "", item.username ?? "", ...item.uris].join("\n")),
    name: item.name == null ? null : fold(item.name),
    username: fold(item.username ?? ""),
    typeRank: typeRank(item.type),
    position,
  }));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By name, items whose name did not decrypt last. */
function byName(a: IndexedItem, b: IndexedItem): number {
  if (a.name === null || b.name === null) return a.name === b.name ? 0 : a.name === null ? 1 : -1;
  return compareText(a.name, b.name);
}

/**
 * A new array in the given order (the index is kept; no sort, the index
 * itself). Whatever the direction,
 * items that did not decrypt and (sorting by username) items without one
 * come last; ties go by name, then the list's order, so the sort is stable.
 */
export function sortItems(index: readonly IndexedItem[], sort: ItemSort | null): readonly IndexedItem[] {
  if (!sort) return index;
  const sign = sort.descending ? -1 : 1;
  const primary: (a: IndexedItem, b: IndexedItem) => number =
    sort.key === "name"
      ? (a, b) => (a.name === null || b.name === null ? byName(a, b) : sign * byName(a, b))
      : sort.key === "type"
        ? (a, b) => sign * (a.typeRank - b.typeRank)
        : (a, b) => (a.username === "" || b.username === "" ? Number(a.username === "") - Number(b.username === "") : sign * compareText(a.username, b.username));
  return [...index].sort((a, b) => primary(a, b) || byName(a, b) || a.position - b.position);
}

/** The rows a search (folded), type filter and collection filter leave, in the given (sorted) order. */
export function searchItems(index: readonly IndexedItem[], query: string, type: TypeFilter, collection: CollectionFilter = "all"): ItemView[] {
  const q = fold(query.trim());
  const shown: ItemView[] = [];
  for (const { item, key } of index) {
    if (type === "trash" ? !item.trashedAt : type !== "all" && item.type !== type) continue;
    if (collection === "none" ? item.collectionIds.length > 0 : collection !== "all" && !item.collectionIds.includes(collection.id)) continue;
    if (q && !key.includes(q)) continue;
    shown.push(item);
  }
  return shown;
}
