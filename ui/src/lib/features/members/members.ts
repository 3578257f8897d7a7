// The Members page's logic, kept pure so it is tested without rendering:
// the status filters, a search index built once per load (search then only
// scans precomputed lowercase strings), sorting, the e-mail list of the
// invite dialog, and which member an action applies to.
import type {
  CollectionLevel,
  MemberAccess,
  MemberRole,
  MemberStatus,
  MemberView,
  MembersPage,
  NamedRef,
  Permission,
  RecoveryPolicy,
  Role,
  SeatLevel,
  Submitted,
} from "$lib/backend";
import { fold } from "$lib/ui/format";

/** What the page gives a dialog that changes the client: the page, and where the outcome goes. */
export interface PageDialogProps {
  page: MembersPage;
  onclose: () => void;
  /** The change was submitted: its jobs (the page closes the dialog). */
  ondone: (submitted: Submitted) => void;
}

/** The page's filters, as Bitwarden's Members page has them. */
export type MemberFilter = "all" | "invited" | "needs_confirmation" | "revoked";
export const FILTERS: readonly MemberFilter[] = ["all", "invited", "needs_confirmation", "revoked"];

export function matchesFilter(filter: MemberFilter, status: MemberStatus): boolean {
  switch (filter) {
    case "invited":
      return status === "invited";
    case "needs_confirmation":
      return status === "accepted";
    case "revoked":
      return status === "revoked";
    default:
      return true;
  }
}

export type SortKey = "name" | "role" | "groups" | "collections" | "twoFactor" | "recovery" | "status";
export type Sort = { key: SortKey; descending: boolean };

/** A member with what search and sorting need, computed once per load. */
export interface IndexedMember {
  member: MemberView;
  /** Name and e-mail folded (lower case, no accents): what search looks in. */
  search: string;
  /** The Name column: the name, else the e-mail, else the id. */
  display: string;
  groupNames: string[];
  collectionNames: string[];
}

/** Builds the index: one pass over the members, names looked up through maps. */
export function indexMembers(members: readonly MemberView[], groups: readonly NamedRef[], collections: readonly NamedRef[]): IndexedMember[] {
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const collectionName = new Map(collections.map((c) => [c.id, c.name]));
  return members.map((member) => ({
    member,
    search: fold(`${member.name ?? ""}\n${member.email ?? ""}`),
    display: member.name?.trim() || member.email || member.id,
    groupNames: member.groups.map((id) => groupName.get(id) ?? id),
    collectionNames: member.collections.map((c) => collectionName.get(c.collectionId) ?? c.collectionId),
  }));
}

const ROLE_RANK: Record<string, number> = { owner: 0, admin: 1, custom: 2, manager: 3, user: 4 };
const STATUS_RANK: Record<string, number> = { invited: 0, accepted: 1, confirmed: 2, staged: 3, revoked: 4 };

function rank(table: Record<string, number>, value: MemberRole | MemberStatus): number {
  return typeof value === "string" ? (table[value] ?? 99) : 100 + value.unknown;
}

/** A new sorted array (the index is kept); ties by name, then id, so the order is stable. */
export function sortMembers(list: readonly IndexedMember[], sort: Sort, collator: Intl.Collator): IndexedMember[] {
  const byName = (a: IndexedMember, b: IndexedMember) => collator.compare(a.display, b.display) || (a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0);
  const figure: Record<SortKey, ((x: IndexedMember) => number) | null> = {
    name: null,
    role: (x) => rank(ROLE_RANK, x.member.role),
    groups: (x) => x.member.groups.length,
    collections: (x) => x.member.collections.length,
    twoFactor: (x) => Number(x.member.twoFactorEnabled),
    recovery: (x) => Number(x.member.recoveryEnrolled),
    status: (x) => rank(STATUS_RANK, x.member.status),
  };
  const by = figure[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...list].sort((a, b) => {
    if (!by) return byName(a, b) * sign;
    return (by(a) - by(b)) * sign || byName(a, b);
  });
}

/** The members a filter and a search show, in the given (sorted) order. */
export function searchMembers(sorted: readonly IndexedMember[], filter: MemberFilter, query: string): IndexedMember[] {
  const q = fold(query.trim());
  if (!q && filter === "all") return sorted as IndexedMember[];
  return sorted.filter((x) => matchesFilter(filter, x.member.status) && (!q || x.search.includes(q)));
}

/** The core's e-mail rule: something before "@", a dotted domain, no spaces or commas. */
export function isEmail(text: string): boolean {
  const at = text.indexOf("@");
  if (at <= 0 || text.length > 256) return false;
  const host = text.slice(at + 1);
  return host.includes(".") && !host.startsWith(".") && !/[\s,\p{Cc}]/u.test(text);
}

/** The invite dialog's list: split on commas, semicolons and white space, deduplicated ignoring case. */
export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const key = part.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    (isEmail(part) ? emails : invalid).push(part);
  }
  return { emails, invalid };
}

/** The actions that work on several members at once. */
export type BulkAction = "reinvite" | "confirm" | "revoke" | "restore" | "remove";
export const BULK_ACTIONS: readonly BulkAction[] = ["reinvite", "confirm", "revoke", "restore", "remove"];

/** Whether `action` applies to this member (the core refuses the others). */
export function eligible(action: BulkAction, member: MemberView): boolean {
  switch (action) {
    case "reinvite":
      return member.status === "invited";
    case "confirm":
      return member.status === "accepted";
    case "revoke":
      return member.status !== "revoked";
    case "restore":
      return member.status === "revoked";
    default:
      return true;
  }
}

/** Why a member's master password cannot be reset here, or null when it can. */
export type RecoverBlock = "policy_off" | "not_confirmed" | "not_enrolled" | "key_connector" | "no_password";

export function recoverBlock(member: MemberView, recovery: RecoveryPolicy): RecoverBlock | null {
  if (!recovery.enabled) return "policy_off";
  if (member.status !== "confirmed") return "not_confirmed";
  if (member.usesKeyConnector) return "key_connector";
  if (!member.hasMasterPassword) return "no_password";
  if (!member.recoveryEnrolled) return "not_enrolled";
  return null;
}

export const ROLES: readonly Role[] = ["owner", "admin", "user", "custom"];

export const PERMISSIONS: readonly Permission[] = [
  "access_event_logs",
  "access_import_export",
  "access_reports",
  "create_new_collections",
  "edit_any_collection",
  "delete_any_collection",
  "manage_groups",
  "manage_policies",
  "manage_sso",
  "manage_users",
  "manage_reset_password",
  "manage_scim",
];

export const LEVELS: readonly CollectionLevel[] = ["view", "view_except_passwords", "edit", "edit_except_passwords", "manage"];

/** What the edit dialog starts from: the member's access (a role no longer offered starts as User). */
export function accessOf(member: MemberView): MemberAccess {
  const role = typeof member.role === "string" && (ROLES as readonly string[]).includes(member.role) ? (member.role as Role) : "user";
  return {
    role,
    permissions: role === "custom" ? [...member.permissions] : [],
    collections: member.collections.map((c) => ({ ...c })),
    groups: [...member.groups],
  };
}

/** What is sent: a Custom role's permissions only (the core ignores them for other roles). */
export function cleanAccess(access: MemberAccess): MemberAccess {
  return {
    role: access.role,
    permissions: access.role === "custom" ? [...access.permissions] : [],
    collections: access.collections.map((c) => ({ ...c })),
    groups: [...access.groups],
  };
}

/** A new access with empty choices: what the invite dialog starts from. */
export function emptyAccess(): MemberAccess {
  return { role: "user", permissions: [], collections: [], groups: [] };
}

/** Seats used of assigned as the seat bar shows it (desk-core's nearly-full rule: 90 %). */
export function seatUse(assigned: number | null, used: number): { percent: number | null; level: SeatLevel } {
  if (assigned === null || assigned <= 0) return { percent: null, level: "unknown" };
  const percent = Math.round((Math.max(0, used) * 100) / assigned);
  return { percent, level: used >= assigned ? "full" : percent >= 90 ? "high" : "ok" };
}
