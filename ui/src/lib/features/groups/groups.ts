// The Groups view's logic, kept pure so it is tested without rendering: what
// the group dialog starts from, the core's name rule, and the member picker's
// list (built once per dialog, then filtered per keystroke).
import type { CollectionGrant, GroupView, MemberView, NamedRef } from "$lib/backend";
import { fold, shortName } from "$lib/ui/format";

/** Bitwarden limits group names to 100 characters (the core counts Unicode characters). */
export const GROUP_NAME_MAX = 100;

/** What the group dialog edits. */
export interface GroupDraft {
  name: string;
  collections: CollectionGrant[];
  memberIds: string[];
}

/** A copy of the group's settings, or an empty new group. */
export function draftOf(group: GroupView | null): GroupDraft {
  return {
    name: group?.name ?? "",
    collections: (group?.collections ?? []).map((c) => ({ ...c })),
    memberIds: [...(group?.memberIds ?? [])],
  };
}

/** Characters of the name as it is sent (trimmed), counted as the core counts them. */
export function nameLength(name: string): number {
  return [...name.trim()].length;
}

/** Why the core would refuse this name, or null. */
export function nameProblem(name: string): "required" | "too_long" | null {
  const length = nameLength(name);
  if (length === 0) return "required";
  return length > GROUP_NAME_MAX ? "too_long" : null;
}

/** A member as the picker lists and searches them. */
export interface Pickable {
  id: string;
  /** The name, else the e-mail, else the id. */
  display: string;
  /** Shown under the name when there is one. */
  email: string | null;
  /** Name and e-mail folded: what search looks in. */
  search: string;
}

/** The client's members for the picker, sorted by what is shown. */
export function pickable(members: readonly MemberView[], collator: Intl.Collator): Pickable[] {
  return members
    .map((m) => ({
      id: m.id,
      display: m.name?.trim() || m.email || m.id,
      email: m.name?.trim() ? m.email : null,
      search: fold(`${m.name ?? ""}\n${m.email ?? ""}`),
    }))
    .sort((a, b) => collator.compare(a.display, b.display) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The members a search (and "only selected") shows, in order. */
export function pick(list: readonly Pickable[], query: string, selected: ReadonlySet<string> | null): Pickable[] {
  const q = fold(query.trim());
  if (!q && !selected) return list as Pickable[];
  return list.filter((x) => (!selected || selected.has(x.id)) && (!q || x.search.includes(q)));
}

/** Up to `shown` names of a list, for a row's summary; the count says the rest. */
export function preview(names: readonly string[], shown = 3): { list: string; more: number } {
  return { list: names.slice(0, shown).map(shortName).join(", "), more: Math.max(0, names.length - shown) };
}

/** The names of a group's members and collections (an id when the snapshot lacks it). */
export function namesOf(group: GroupView, members: ReadonlyMap<string, MemberView>, collections: ReadonlyMap<string, NamedRef>) {
  return {
    members: group.memberIds.map((id) => {
      const m = members.get(id);
      return m ? m.name?.trim() || m.email || m.id : id;
    }),
    collections: group.collections.map((c) => collections.get(c.collectionId)?.name ?? c.collectionId),
  };
}
