// The fake backend's members: each demo client's people, groups and
// collections, and the core's member rules the fake plays (e-mail check,
// seat math, fingerprint phrases, password strength). For the fake only.
import {
  BackendError,
  type ClientView,
  type CollectionGrant,
  type MemberAccess,
  type MemberView,
  type NamedRef,
  type PasswordStrength,
  type SeatSummary,
} from "./types";

/** A group as the fake keeps it: its members are the members whose `groups` name it. */
export interface FakeGroup extends NamedRef {
  collections: CollectionGrant[];
}

/** What the fake keeps per client for its Members page. */
export interface FakeOrgMembers {
  members: MemberView[];
  groups: FakeGroup[];
  collections: NamedRef[];
  recovery: { enabled: boolean; singleOrg: boolean; autoEnroll: boolean };
}

/** Bitwarden limits group names to 100 characters. */
export const FAKE_GROUP_NAME_MAX = 100;

/** Bitwarden's limit of e-mails per invite call; the core splits bigger invites. */
export const FAKE_INVITE_CHUNK = 20;

/** The provider's purchased, unassigned seats a service user may hand out (the fake's figure). */
export const FAKE_UNASSIGNED_SEATS = 10;

export function fakeMember(id: string, email: string | null, name: string | null, options: Partial<MemberView> = {}): MemberView {
  const status = options.status ?? "confirmed";
  return {
    id,
    userId: status === "invited" ? null : `u-${id}`,
    email,
    name,
    role: "user",
    status,
    twoFactorEnabled: false,
    recoveryEnrolled: false,
    permissions: [],
    collections: [],
    groups: [],
    usesKeyConnector: false,
    hasMasterPassword: true,
    ...options,
  };
}

export function cloneMember(m: MemberView): MemberView {
  return { ...m, permissions: [...m.permissions], collections: m.collections.map((c) => ({ ...c })), groups: [...m.groups] };
}

const DEFAULT_COLLECTION: NamedRef = { id: "col-default", name: "Default collection" };

/** A client not in the curated demo: an owner and confirmed users filling its used seats. */
function generated(client: ClientView): FakeOrgMembers {
  const n = client.organizationId;
  const used = Math.max(1, Math.min(200, client.seats.used ?? 1));
  const domain = "client.example";
  const members = [
    fakeMember(`m-${n}-1`, `owner@${domain}`, client.name, { role: "owner", twoFactorEnabled: true, collections: [{ collectionId: DEFAULT_COLLECTION.id, level: "manage" }] }),
    ...Array.from({ length: used - 1 }, (_, i) =>
      fakeMember(`m-${n}-${i + 2}`, `user${i + 2}@${domain}`, `User ${i + 2}`, {
        twoFactorEnabled: i % 3 === 0,
        collections: [{ collectionId: DEFAULT_COLLECTION.id, level: "view" }],
      }),
    ),
  ];
  return { members, groups: [], collections: [DEFAULT_COLLECTION], recovery: { enabled: false, singleOrg: false, autoEnroll: false } };
}

/**
 * The demo clients' members. Seat-taking members (invited, accepted,
 * confirmed) match each client's used seats in demoClients(): Contoso
 * Dental is full (8 of 8), so inviting there is refused.
 */
export function demoOrgMembers(client: ClientView): FakeOrgMembers {
  switch (client.organizationId) {
    case "org-1":
      return {
        members: [
          fakeMember("m-1-1", "it@myclient.example", "Client Owner", {
            role: "owner",
            twoFactorEnabled: true,
            recoveryEnrolled: true,
            collections: [
              { collectionId: "c-1-1", level: "manage" },
              { collectionId: "c-1-2", level: "manage" },
            ],
            groups: ["g-1-1"],
          }),
          fakeMember("m-1-2", "former@myclient.example", null, { status: "revoked", collections: [{ collectionId: "c-1-1", level: "view" }] }),
        ],
        groups: [{ id: "g-1-1", name: "IT", collections: [{ collectionId: "c-1-1", level: "manage" }] }],
        collections: [
          { id: "c-1-1", name: "Default collection" },
          { id: "c-1-2", name: "Finance" },
        ],
        recovery: { enabled: false, singleOrg: false, autoEnroll: false },
      };
    case "org-4":
      return {
        members: [
          fakeMember("m-4-1", "alice@contoso.example", "Dr. Alice Moreau", { role: "owner", twoFactorEnabled: true, groups: ["g-4-2"] }),
          fakeMember("m-4-2", "it@contoso.example", "Contoso IT", {
            role: "admin",
            twoFactorEnabled: true,
            collections: [
              { collectionId: "c-4-1", level: "manage" },
              { collectionId: "c-4-2", level: "manage" },
            ],
          }),
          fakeMember("m-4-3", "reception@contoso.example", "Front Desk", { groups: ["g-4-1"], collections: [{ collectionId: "c-4-1", level: "view_except_passwords" }] }),
          fakeMember("m-4-4", "ben@contoso.example", "Ben Carter", { groups: ["g-4-2"], collections: [{ collectionId: "c-4-2", level: "edit" }] }),
          fakeMember("m-4-5", "chloe@contoso.example", "Chloé Dubois", { groups: ["g-4-2"], twoFactorEnabled: true }),
          fakeMember("m-4-6", "dev@contoso.example", "Dev Patel", { groups: ["g-4-2"] }),
          fakeMember("m-4-7", "temp@contoso.example", null, { status: "invited" }),
          fakeMember("m-4-8", "eva@contoso.example", "Eva Lindqvist", { status: "accepted" }),
          fakeMember("m-4-9", "old.reception@contoso.example", "Former Reception", { status: "revoked" }),
        ],
        groups: [
          { id: "g-4-1", name: "Front desk", collections: [{ collectionId: "c-4-1", level: "view_except_passwords" }] },
          { id: "g-4-2", name: "Clinicians", collections: [{ collectionId: "c-4-2", level: "edit" }] },
        ],
        collections: [
          { id: "c-4-1", name: "Shared logins" },
          { id: "c-4-2", name: "Patient systems" },
        ],
        recovery: { enabled: false, singleOrg: true, autoEnroll: false },
      };
    case "org-6":
      return {
        members: [
          fakeMember("m-6-1", "dana@northwind.example", "Dana Whitfield", {
            role: "owner",
            twoFactorEnabled: true,
            recoveryEnrolled: true,
            collections: [
              { collectionId: "c-6-1", level: "manage" },
              { collectionId: "c-6-2", level: "manage" },
            ],
            groups: ["g-6-3"],
          }),
          fakeMember("m-6-2", "luis@northwind.example", "Luis Ortega", {
            role: "admin",
            twoFactorEnabled: true,
            recoveryEnrolled: true,
            groups: ["g-6-3"],
            collections: [{ collectionId: "c-6-2", level: "manage" }],
          }),
          fakeMember("m-6-3", "tomas@northwind.example", "Tomás Núñez", {
            recoveryEnrolled: true,
            groups: ["g-6-2"],
            collections: [
              { collectionId: "c-6-1", level: "view" },
              { collectionId: "c-6-3", level: "edit" },
            ],
          }),
          fakeMember("m-6-4", "priya@northwind.example", "Priya Raman", {
            role: "custom",
            status: "accepted",
            permissions: ["access_reports", "manage_groups"],
            groups: ["g-6-1"],
          }),
          fakeMember("m-6-5", "new.hire@northwind.example", null, { status: "invited", groups: ["g-6-1"] }),
          fakeMember("m-6-6", "grace@northwind.example", "Grace Kim", { status: "accepted", collections: [{ collectionId: "c-6-1", level: "view" }] }),
          fakeMember("m-6-7", "omar@northwind.example", "Omar Haddad", { status: "revoked", recoveryEnrolled: true }),
          fakeMember("m-6-8", "sam@northwind.example", "Sam Lee", { status: "staged", userId: null }),
        ],
        groups: [
          { id: "g-6-1", name: "Sales", collections: [{ collectionId: "c-6-1", level: "view" }] },
          {
            id: "g-6-2",
            name: "Warehouse",
            collections: [
              { collectionId: "c-6-1", level: "view" },
              { collectionId: "c-6-3", level: "edit" },
            ],
          },
          { id: "g-6-3", name: "IT", collections: [{ collectionId: "c-6-2", level: "manage" }] },
        ],
        collections: [
          { id: "c-6-1", name: "Default collection" },
          { id: "c-6-2", name: "Domain admin" },
          { id: "c-6-3", name: "Shipping" },
        ],
        recovery: { enabled: true, singleOrg: true, autoEnroll: true },
      };
    default:
      return generated(client);
  }
}

/** `count` synthetic members (every status) for the 5,000-member page. */
export function scaleMembers(count: number): MemberView[] {
  const statuses = ["confirmed", "confirmed", "confirmed", "invited", "accepted", "revoked"] as const;
  const roles = ["user", "user", "user", "admin", "custom"] as const;
  return Array.from({ length: count }, (_, i) => {
    const status = statuses[i % statuses.length];
    return fakeMember(`m-scale-${i + 1}`, `person${String(i + 1).padStart(5, "0")}@scale.example`, status === "invited" ? null : `Person ${String(i + 1).padStart(5, "0")}`, {
      status,
      role: i === 0 ? "owner" : roles[i % roles.length],
      twoFactorEnabled: i % 2 === 0,
      recoveryEnrolled: i % 4 === 0,
      groups: i % 3 === 0 ? ["g-1-1"] : [],
      collections: [{ collectionId: "c-1-1", level: "view" }],
    });
  });
}

/** Invited, accepted and confirmed members take a seat; revoked and staged ones do not. */
export function takesSeat(m: MemberView): boolean {
  return m.status === "invited" || m.status === "accepted" || m.status === "confirmed";
}

/** The core's check_free: refuses an invite (or restore) of `count` people beyond the free seats. */
export function checkFree(seats: SeatSummary, count: number): void {
  if (seats.free === null || count <= seats.free) return;
  const need = count - seats.free;
  const who =
    seats.billing === "organization"
      ? `Add at least ${need} seats in the organization's subscription first (an owner of the organization can).`
      : seats.serviceUser
        ? `Add at least ${need} seats first: a service user can assign only the provider's unassigned seats; beyond them a provider admin must add seats.`
        : `Add at least ${need} seats to the client first (Seats, or \`pdesk seats --set ${(seats.assigned ?? 0) + need}\`).`;
  throw new BackendError("forbidden", `This invites ${count} people but the client has ${seats.free} free seats. ${who}`);
}

/** The core's e-mail check: one address, no spaces or commas, a dotted domain. */
export function checkedEmail(text: string): string {
  const email = text.trim();
  const at = email.indexOf("@");
  const user = at < 0 ? "" : email.slice(0, at);
  const host = at < 0 ? "" : email.slice(at + 1);
  const ok = email.length <= 256 && user !== "" && host.includes(".") && !host.startsWith(".") && !/[\s,\p{Cc}]/u.test(email);
  if (!ok) throw new BackendError("invalid_input", `${JSON.stringify(email)} is not an email address.`);
  return email;
}

export function sameEmail(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Every field given; permissions only for Custom (as the core normalises). */
export function normalizedAccess(access: Partial<MemberAccess> & Pick<MemberAccess, "role">): MemberAccess {
  return {
    role: access.role,
    permissions: access.role === "custom" ? [...(access.permissions ?? [])] : [],
    collections: (access.collections ?? []).map((c) => ({ ...c })),
    groups: [...(access.groups ?? [])],
  };
}

/** The role as the core's descriptions print it (Rust's Debug of the enum). */
export function roleWord(role: MemberAccess["role"]): string {
  return role[0].toUpperCase() + role.slice(1);
}

/** The core's list of members in a job description: three e-mails, then "…". */
export function names(members: MemberView[]): string {
  const list = members.slice(0, 3).map((m) => m.email ?? m.id);
  if (members.length > 3) list.push("…");
  return list.join(", ");
}

function hash(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// A slice of the EFF long word list Bitwarden draws fingerprint phrases from.
const WORDS = [
  "alarm", "anchor", "bakery", "banjo", "basket", "beacon", "blanket", "bonfire", "canyon", "captain", "cargo", "cello",
  "chimney", "clover", "cobalt", "comet", "copper", "crater", "dolphin", "dragon", "ember", "falcon", "fiddle", "glacier",
  "granite", "harbor", "harvest", "helmet", "island", "jasmine", "juggle", "kettle", "lagoon", "lantern", "lobster", "magnet",
  "maple", "meadow", "mosaic", "nectar", "oasis", "orchard", "paddle", "pepper", "pillow", "quartz", "quiver", "rocket",
  "saddle", "salmon", "spiral", "sunset", "thimble", "tundra", "umbrella", "velvet", "walnut", "willow", "yodel", "zephyr",
];

/** The member's fingerprint phrase as the fake makes it: five words, stable per member (and key). */
export function fakeFingerprint(memberId: string, keyVersion = 0): string {
  return Array.from({ length: 5 }, (_, i) => WORDS[hash(`${memberId}#${keyVersion}`, i + 1) % WORDS.length]).join("-");
}

/** Names the member's public key (hex of a SHA-256 in the core; a stable stand-in here). */
export function fakeKeyHash(memberId: string, keyVersion = 0): string {
  return Array.from({ length: 8 }, (_, i) => hash(`${memberId}#${keyVersion}`, 100 + i).toString(16).padStart(8, "0")).join("");
}

/** A rough stand-in for zxcvbn with Bitwarden's labels, as the core reports them. */
export function fakeStrength(password: string, email: string): PasswordStrength {
  const label = (score: number) => (score <= 1 ? "Very weak" : score === 2 ? "Weak" : score === 3 ? "Good" : "Strong");
  if (!password) return { score: 0, label: label(0), warning: null };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  let score = Math.min(4, Math.floor(password.length / 5) + (classes >= 3 ? 1 : 0) - 1);
  let warning: string | null = null;
  const lower = password.toLowerCase();
  const parts = email
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p.length >= 3);
  if (/password|qwerty|123456|letmein|bitwarden/.test(lower)) {
    score = Math.min(score, 1);
    warning = "This is similar to a commonly used password.";
  } else if (parts.some((p) => lower.includes(p))) {
    score = Math.min(score, 2);
    warning = "Avoid words from the member's e-mail address.";
  } else if (/^(.)\1+$/.test(password)) {
    score = 0;
    warning = 'Repeats like "aaa" are easy to guess.';
  }
  score = Math.max(0, score);
  return { score, label: label(score), warning };
}

/** 20 characters from letters, digits and symbols, at least one of each, no look-alikes (like the core's). */
export function fakeGeneratePassword(): string {
  const sets = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!@#$%^&*"];
  const all = sets.join("");
  const random = (n: number) => {
    const buffer = new Uint32Array(1);
    globalThis.crypto.getRandomValues(buffer);
    return buffer[0] % n;
  };
  const chars = sets.map((set) => set[random(set.length)]);
  while (chars.length < 20) chars.push(all[random(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}
