// The Members page's pure logic: filters, the search index, sorting, the
// invite dialog's e-mail list and which member an action applies to.
import { describe, expect, it } from "vitest";
import { fakeMember, scaleMembers, type MemberView } from "$lib/backend";
import {
  accessOf,
  cleanAccess,
  eligible,
  indexMembers,
  isEmail,
  matchesFilter,
  parseEmails,
  recoverBlock,
  searchMembers,
  seatUse,
  sortMembers,
  type Sort,
} from "./members";

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

const MEMBERS: MemberView[] = [
  fakeMember("a", "dana@northwind.example", "Dana Whitfield", { role: "owner", twoFactorEnabled: true, groups: ["g1", "g2"] }),
  fakeMember("b", "tomas@northwind.example", "Tomás Núñez", { recoveryEnrolled: true, collections: [{ collectionId: "c1", level: "view" }] }),
  fakeMember("c", "new.hire@northwind.example", null, { status: "invited" }),
  fakeMember("d", "grace@northwind.example", "Grace Kim", { status: "accepted", role: "custom", permissions: ["manage_groups"] }),
  fakeMember("e", "omar@northwind.example", "Omar Haddad", { status: "revoked", role: "admin" }),
  fakeMember("f", "x@northwind.example", "Zed Future", { status: { unknown: 9 }, role: { unknown: 7 } }),
];
const GROUPS = [
  { id: "g1", name: "Sales" },
  { id: "g2", name: "IT" },
];
const COLLECTIONS = [{ id: "c1", name: "Shipping" }];

const index = () => indexMembers(MEMBERS, GROUPS, COLLECTIONS);
const ids = (list: { member: MemberView }[]) => list.map((x) => x.member.id);
const sortBy = (sort: Sort) => ids(sortMembers(index(), sort, collator));

describe("filters", () => {
  it("match Bitwarden's: invited, needs confirmation (accepted), revoked, all", () => {
    expect(matchesFilter("all", "staged")).toBe(true);
    expect(matchesFilter("invited", "invited")).toBe(true);
    expect(matchesFilter("invited", "accepted")).toBe(false);
    expect(matchesFilter("needs_confirmation", "accepted")).toBe(true);
    expect(matchesFilter("needs_confirmation", "confirmed")).toBe(false);
    expect(matchesFilter("revoked", "revoked")).toBe(true);
    expect(matchesFilter("revoked", { unknown: -2 })).toBe(false);
  });
});

describe("the index", () => {
  it("names rows by name, else e-mail, and resolves group and collection names", () => {
    const [dana, tomas, invited] = index();
    expect(dana.display).toBe("Dana Whitfield");
    expect(dana.groupNames).toEqual(["Sales", "IT"]);
    expect(tomas.collectionNames).toEqual(["Shipping"]);
    expect(invited.display).toBe("new.hire@northwind.example");
    expect(tomas.search).toBe("tomas nunez\ntomas@northwind.example");
  });

  it("keeps an id when the group or collection is not in the snapshot", () => {
    const [x] = indexMembers([fakeMember("z", "z@x.example", "Z", { groups: ["gone"] })], [], []);
    expect(x.groupNames).toEqual(["gone"]);
  });
});

describe("search", () => {
  it("finds by name or e-mail, ignoring case and accents", () => {
    const all = index();
    expect(ids(searchMembers(all, "all", "TOMÁS"))).toEqual(["b"]);
    expect(ids(searchMembers(all, "all", "nunez"))).toEqual(["b"]);
    expect(ids(searchMembers(all, "all", "new.hire@"))).toEqual(["c"]);
    expect(ids(searchMembers(all, "all", "  grace "))).toEqual(["d"]);
    expect(ids(searchMembers(all, "all", "northwind"))).toHaveLength(6);
    expect(searchMembers(all, "all", "nobody")).toEqual([]);
  });

  it("combines with the filter and returns the list itself when nothing narrows it", () => {
    const all = index();
    expect(ids(searchMembers(all, "revoked", ""))).toEqual(["e"]);
    expect(ids(searchMembers(all, "needs_confirmation", "grace"))).toEqual(["d"]);
    expect(ids(searchMembers(all, "invited", "grace"))).toEqual([]);
    expect(searchMembers(all, "all", " ")).toBe(all);
  });

  it("stays quick over 5,000 members", () => {
    const big = indexMembers(scaleMembers(5000), GROUPS, COLLECTIONS);
    const sorted = sortMembers(big, { key: "name", descending: false }, collator);
    const started = performance.now();
    for (const q of ["p", "pe", "per", "pers", "perso", "person", "person0", "person04", "person049", "person0499"]) {
      searchMembers(sorted, "all", q);
      searchMembers(sorted, "needs_confirmation", q);
    }
    expect(ids(searchMembers(sorted, "all", "person04999"))).toEqual(["m-scale-4999"]);
    // Generous for a loaded CI machine; typically a few milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("sorting", () => {
  it("by name, both ways (an e-mail stands in for a missing name)", () => {
    expect(sortBy({ key: "name", descending: false })).toEqual(["a", "d", "c", "e", "b", "f"]);
    expect(sortBy({ key: "name", descending: true })).toEqual(["f", "b", "e", "c", "d", "a"]);
  });

  it("by role and status in Bitwarden's order, unknown values last, ties by name", () => {
    expect(sortBy({ key: "role", descending: false })).toEqual(["a", "e", "d", "c", "b", "f"]);
    expect(sortBy({ key: "status", descending: false })).toEqual(["c", "d", "a", "b", "e", "f"]);
  });

  it("by counts and yes/no columns, ties by name either way", () => {
    expect(sortBy({ key: "groups", descending: true })[0]).toBe("a");
    expect(sortBy({ key: "collections", descending: true })[0]).toBe("b");
    expect(sortBy({ key: "twoFactor", descending: true })).toEqual(["a", "d", "c", "e", "b", "f"]);
    expect(sortBy({ key: "recovery", descending: false }).at(-1)).toBe("b");
  });

  it("does not change the index", () => {
    const all = index();
    sortMembers(all, { key: "name", descending: true }, collator);
    expect(ids(all)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

describe("the invite list", () => {
  it("splits on commas, semicolons and new lines, and drops repeats ignoring case", () => {
    expect(parseEmails(" a@x.example, b@x.example\nc@x.example;\n\nA@X.example ")).toEqual({
      emails: ["a@x.example", "b@x.example", "c@x.example"],
      invalid: [],
    });
  });

  it("lists what is not an e-mail address, by the core's rule", () => {
    expect(parseEmails("bob, @x.example, a@b, ok@x.example")).toEqual({ emails: ["ok@x.example"], invalid: ["bob", "@x.example", "a@b"] });
    expect(isEmail("a@.example")).toBe(false);
    expect(isEmail("a@b.example")).toBe(true);
    expect(parseEmails("")).toEqual({ emails: [], invalid: [] });
  });

  it("takes any number of addresses", () => {
    const text = Array.from({ length: 45 }, (_, i) => `p${i}@x.example`).join("\n");
    expect(parseEmails(text).emails).toHaveLength(45);
  });
});

describe("actions", () => {
  const [dana, , invited, accepted, revoked, future] = MEMBERS;

  it("apply only to the members the core accepts them for", () => {
    expect(eligible("reinvite", invited)).toBe(true);
    expect(eligible("reinvite", dana)).toBe(false);
    expect(eligible("confirm", accepted)).toBe(true);
    expect(eligible("confirm", invited)).toBe(false);
    expect(eligible("revoke", dana)).toBe(true);
    expect(eligible("revoke", revoked)).toBe(false);
    expect(eligible("restore", revoked)).toBe(true);
    expect(eligible("restore", future)).toBe(false);
    expect(eligible("remove", revoked)).toBe(true);
  });

  it("recover only enrolled, confirmed members with a master password, when the policy is on", () => {
    const on = { enabled: true, singleOrg: true, enrolled: 1 };
    const enrolled = fakeMember("r", "r@x.example", "R", { recoveryEnrolled: true });
    expect(recoverBlock(enrolled, on)).toBeNull();
    expect(recoverBlock(enrolled, { ...on, enabled: false })).toBe("policy_off");
    expect(recoverBlock({ ...enrolled, status: "accepted" }, on)).toBe("not_confirmed");
    expect(recoverBlock({ ...enrolled, recoveryEnrolled: false }, on)).toBe("not_enrolled");
    expect(recoverBlock({ ...enrolled, usesKeyConnector: true }, on)).toBe("key_connector");
    expect(recoverBlock({ ...enrolled, hasMasterPassword: false }, on)).toBe("no_password");
  });
});

describe("access", () => {
  it("starts the edit dialog from the member, a role no longer offered as User", () => {
    expect(accessOf(MEMBERS[3])).toEqual({ role: "custom", permissions: ["manage_groups"], collections: [], groups: [] });
    expect(accessOf({ ...MEMBERS[0], role: "manager" }).role).toBe("user");
    expect(accessOf(MEMBERS[5]).role).toBe("user");
  });

  it("sends permissions only for a Custom role", () => {
    const access = { role: "admin" as const, permissions: ["manage_sso" as const], collections: [], groups: ["g1"] };
    expect(cleanAccess(access)).toEqual({ role: "admin", permissions: [], collections: [], groups: ["g1"] });
    expect(cleanAccess({ ...access, role: "custom" }).permissions).toEqual(["manage_sso"]);
  });
});

describe("seat use", () => {
  it("follows the core's nearly-full rule", () => {
    expect(seatUse(25, 6)).toEqual({ percent: 24, level: "ok" });
    expect(seatUse(10, 9)).toEqual({ percent: 90, level: "high" });
    expect(seatUse(8, 8)).toEqual({ percent: 100, level: "full" });
    expect(seatUse(null, 3)).toEqual({ percent: null, level: "unknown" });
  });
});
