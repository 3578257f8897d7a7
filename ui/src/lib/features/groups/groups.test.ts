// The Groups view's pure logic, and the fake backend's group commands (the
// core's rules the fake plays: names, members kept in the members' own lists).
import { describe, expect, it } from "vitest";
import { FakeBackend, fakeMember } from "$lib/backend";
import { GROUP_NAME_MAX, draftOf, nameLength, nameProblem, pick, pickable, preview } from "./groups";

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

describe("the group name", () => {
  it("is needed, and at most 100 characters as the core counts them", () => {
    expect(nameProblem("   ")).toBe("required");
    expect(nameProblem(" IT ")).toBeNull();
    expect(nameProblem("x".repeat(GROUP_NAME_MAX))).toBeNull();
    expect(nameProblem("x".repeat(GROUP_NAME_MAX + 1))).toBe("too_long");
    // An emoji is one character to the core, two UTF-16 units to JavaScript.
    expect(nameLength("😀".repeat(GROUP_NAME_MAX))).toBe(GROUP_NAME_MAX);
    expect(nameProblem("😀".repeat(GROUP_NAME_MAX))).toBeNull();
  });
});

describe("the member picker", () => {
  const members = [
    fakeMember("m1", "zoe@x.example", "Zoë Núñez"),
    fakeMember("m2", "adam@x.example", null),
    fakeMember("m3", "bob@x.example", "Bob"),
  ];

  it("lists members by what is shown and searches names and e-mails, ignoring accents and case", () => {
    const list = pickable(members, collator);
    expect(list.map((m) => m.display)).toEqual(["adam@x.example", "Bob", "Zoë Núñez"]);
    expect(list.find((m) => m.id === "m2")?.email).toBeNull();
    expect(pick(list, "NUNEZ", null).map((m) => m.id)).toEqual(["m1"]);
    expect(pick(list, "bob@", null).map((m) => m.id)).toEqual(["m3"]);
    expect(pick(list, "", new Set(["m1", "m3"])).map((m) => m.id)).toEqual(["m3", "m1"]);
    expect(pick(list, "", null)).toBe(list);
  });

  it("summarises a list with a count for the rest", () => {
    expect(preview(["a", "b"])).toEqual({ list: "a, b", more: 0 });
    expect(preview(["a", "b", "c", "d", "e"])).toEqual({ list: "a, b, c", more: 2 });
  });

  it("starts a new group empty and an edit from a copy of the group", () => {
    expect(draftOf(null)).toEqual({ name: "", collections: [], memberIds: [] });
    const group = { id: "g", name: "IT", memberIds: ["m1"], collections: [{ collectionId: "c", level: "view" as const }] };
    const draft = draftOf(group);
    draft.memberIds.push("m2");
    draft.collections[0].level = "manage";
    expect(group.memberIds).toEqual(["m1"]);
    expect(group.collections[0].level).toBe("view");
  });
});

describe("the fake's groups", () => {
  it("lists groups by name with members from the members' own lists", async () => {
    const fake = new FakeBackend();
    const groups = await fake.groups("org-6");
    expect(groups.map((g) => [g.name, g.memberIds, g.collections.length])).toEqual([
      ["IT", ["m-6-1", "m-6-2"], 1],
      ["Sales", ["m-6-4", "m-6-5"], 1],
      ["Warehouse", ["m-6-3"], 2],
    ]);
  });

  it("keeps the members' group lists consistent when a group is created, changed and deleted", async () => {
    const fake = new FakeBackend();
    const created = await fake.saveGroup({
      organizationId: "org-6",
      groupId: null,
      settings: { name: " Drivers ", collections: [{ collectionId: "c-6-3", level: "edit" }], memberIds: ["m-6-3", "m-6-6", "m-6-3"] },
    });
    expect(created.jobs.map((j) => [j.kind, j.status, j.description])).toEqual([
      ["create_group", "done", "Create the group “Drivers” in “Northwind Traders” (2 members, 1 collections)"],
    ]);
    const drivers = (await fake.groups("org-6")).find((g) => g.name === "Drivers")!;
    expect(drivers.memberIds).toEqual(["m-6-3", "m-6-6"]);
    const page = await fake.membersPage("org-6");
    expect(page.groups.map((g) => g.name)).toContain("Drivers");
    expect(page.members.find((m) => m.id === "m-6-6")?.groups).toEqual([drivers.id]);

    await fake.saveGroup({ organizationId: "org-6", groupId: drivers.id, settings: { name: "Drivers", collections: [], memberIds: ["m-6-6"] } });
    const members = await fake.members("org-6");
    expect(members.find((m) => m.id === "m-6-3")?.groups).toEqual(["g-6-2"]);
    expect(members.find((m) => m.id === "m-6-6")?.groups).toEqual([drivers.id]);

    const deleted = await fake.deleteGroups("org-6", [drivers.id, "Sales"]);
    expect(deleted.jobs.map((j) => j.description)).toEqual([
      "Delete the group “Drivers” from “Northwind Traders”",
      "Delete the group “Sales” from “Northwind Traders”",
    ]);
    expect((await fake.groups("org-6")).map((g) => g.name)).toEqual(["IT", "Warehouse"]);
    expect((await fake.members("org-6")).some((m) => m.groups.includes(drivers.id) || m.groups.includes("g-6-1"))).toBe(false);
  });

  it("refuses what the core refuses", async () => {
    const fake = new FakeBackend();
    const save = (name: string, memberIds: string[] = [], groupId: string | null = null) =>
      fake.saveGroup({ organizationId: "org-6", groupId, settings: { name, collections: [], memberIds } });
    await expect(save("  ")).rejects.toMatchObject({ code: "invalid_input", message: "A group needs a name of 1 to 100 characters." });
    await expect(save("x".repeat(101))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(save("Ok", ["nobody"])).rejects.toMatchObject({ code: "not_found" });
    await expect(save("Ok", [], "g-nope")).rejects.toMatchObject({ code: "not_found", message: 'No group of this client is named "g-nope".' });
    await expect(fake.deleteGroups("org-6", ["g-nope"])).rejects.toMatchObject({ code: "not_found" });
  });

  it("offline, queues the change and changes nothing yet", async () => {
    const fake = new FakeBackend({ online: false });
    const submitted = await fake.deleteGroups("org-6", ["g-6-1"]);
    expect(submitted.jobs[0].status).toBe("pending");
    expect((await fake.groups("org-6")).map((g) => g.id)).toContain("g-6-1");
  });
});
