// The items list's search, for long lists: each item's name, username and
// URIs are folded once per list (not on every keystroke), so a search of
// 10,000 items is one substring test each. Same rows as filterItems.
import type { ItemView } from "$lib/backend";
import { fold } from "$lib/ui/format";
import type { TypeFilter } from "./vault";

export interface IndexedItem {
  item: ItemView;
  /** Name, username and URIs, folded, one a line (a search box cannot type a line break). */
  key: string;
}

export function indexItems(items: readonly ItemView[]): IndexedItem[] {
  return items.map((item) => ({ item, key: fold([item.name ?? "", item.username ?? "", ...item.uris].join("\n")) }));
}

/** The rows a search (folded) and type filter leave, in the list's order. */
export function searchItems(index: readonly IndexedItem[], query: string, type: TypeFilter): ItemView[] {
  const q = fold(query.trim());
  const shown: ItemView[] = [];
  for (const { item, key } of index) {
    if (type === "trash" ? !item.trashedAt : type !== "all" && item.type !== type) continue;
    if (q && !key.includes(q)) continue;
    shown.push(item);
  }
  return shown;
}
