// Admin Console → Members → Groups against the fake backend: the list with
// its counts, creating, editing and deleting a group, and what each change
// did, online and offline.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, scaleMembers } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { dismissOutcome, expectFocusOnOutcome } from "$lib/testing/outcome";
import { byTestId, renderPortal } from "$lib/testing/portal";
import { rowReading, squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";

beforeEach(() => setClock(() => FAKE_NOW));

async function openGroups(org = "org-6", backend = new FakeBackend()): Promise<FakeBackend> {
  renderPortal(backend, `/admin/members?org=${org}`);
  await fireEvent.click(await byTestId("members-tab-groups"));
  await byTestId("groups-view");
  return backend;
}

const groupRow = (name: string) => rowReading("group-row", "group-name", name);

const groupNames = () => screen.queryAllByTestId("group-row").map((r) => text(within(r).getByTestId("group-name")));

async function groupAction(name: string, action: "edit" | "delete"): Promise<void> {
  await fireEvent.click(within(groupRow(name)).getByTestId("group-actions"));
  await fireEvent.click(await byTestId(`group-action-${action}`));
}

describe("the groups tab", () => {
  it("is a tab of the Members page, reached by click or arrow key", async () => {
    renderPortal(new FakeBackend(), "/admin/members?org=org-6");
    const members = await byTestId("members-tab-members");
    expect(members.getAttribute("aria-selected")).toBe("true");
    expect(text(screen.getByTestId("members-tab-groups"))).toBe("Groups (3)");
    await fireEvent.keyDown(members, { key: "ArrowRight" });
    expect(screen.getByTestId("members-tab-groups").getAttribute("aria-selected")).toBe("true");
    expect(await byTestId("groups-table")).toBeTruthy();
    expect(screen.queryByTestId("members-table")).toBeNull();
    await fireEvent.keyDown(screen.getByTestId("members-tab-groups"), { key: "Home" });
    expect(await byTestId("members-table")).toBeTruthy();
  });

  it("lists each group with its members and collections, counted and named", async () => {
    await openGroups();
    await byTestId("groups-table");
    expect(groupNames()).toEqual(["IT", "Sales", "Warehouse"]);
    expect(text(within(groupRow("IT")).getByTestId("group-member-count"))).toBe("2");
    expect(text(within(groupRow("IT")).getByTestId("group-member-names"))).toBe("Dana Whitfield, Luis Ortega");
    expect(text(within(groupRow("Warehouse")).getByTestId("group-collection-count"))).toBe("2");
    expect(text(within(groupRow("Warehouse")).getByTestId("group-collection-names"))).toBe("Default collection, Shipping");
    expect(text(screen.getByTestId("groups-count"))).toBe("3 groups");
  });

  it("says when the client has no groups", async () => {
    await openGroups("org-2");
    expect(await byTestId("groups-empty")).toBeTruthy();
  });
});

describe("creating a group", () => {
  it("sends the name, collection access and the members picked with the search", async () => {
    const backend = await openGroups();
    await fireEvent.click(await byTestId("groups-new"));
    const dialog = await byTestId("group-dialog");
    await fireEvent.input(within(dialog).getByTestId("group-name-input"), { target: { value: "  Drivers " } });
    expect(text(within(dialog).getByTestId("group-name-input-help"))).toBe("7 of 100 characters");
    await fireEvent.click(within(dialog).getByTestId("group-collection-c-6-3"));
    await fireEvent.change(within(dialog).getByTestId("group-level-c-6-3"), { target: { value: "edit_except_passwords" } });
    await fireEvent.input(within(dialog).getByTestId("group-member-search"), { target: { value: "nunez" } });
    expect(within(dialog).getAllByRole("checkbox").filter((c) => c.dataset.testid?.startsWith("group-member-m-"))).toHaveLength(1);
    await fireEvent.click(within(dialog).getByTestId("group-member-m-6-3"));
    await fireEvent.input(within(dialog).getByTestId("group-member-search"), { target: { value: "grace@" } });
    await fireEvent.click(within(dialog).getByTestId("group-member-m-6-6"));
    expect(text(within(dialog).getByTestId("group-members-count"))).toBe("2 selected");
    await fireEvent.input(within(dialog).getByTestId("group-member-search"), { target: { value: "" } });
    await fireEvent.click(within(dialog).getByTestId("group-members-only-selected"));
    expect(within(dialog).getByTestId("group-member-list").querySelectorAll("li")).toHaveLength(2);
    await fireEvent.click(within(dialog).getByTestId("group-submit"));

    await waitFor(() => expect(screen.queryByTestId("group-dialog")).toBeNull());
    expect(calls(backend, "saveGroup")[0].args[0]).toEqual({
      organizationId: "org-6",
      groupId: null,
      settings: { name: "Drivers", collections: [{ collectionId: "c-6-3", level: "edit_except_passwords" }], memberIds: ["m-6-3", "m-6-6"] },
    });
    const outcome = await byTestId("group-results");
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Done");
    expect(outcome.textContent).toContain("Create the group “Drivers” in “Northwind Traders” (2 members, 1 collections)");
    await waitFor(() => expect(groupNames()).toEqual(["Drivers", "IT", "Sales", "Warehouse"]));
    expect(text(screen.getByTestId("members-tab-groups"))).toBe("Groups (4)");
  });

  it("needs a name, and shows the core's refusal as text", async () => {
    const backend = await openGroups();
    await fireEvent.click(await byTestId("groups-new"));
    await fireEvent.click(await byTestId("group-submit"));
    expect(text(await byTestId("dialog-error"))).toBe("Enter a name for the group.");
    expect(calls(backend, "saveGroup")).toHaveLength(0);

    backend.fail.saveGroup = { code: "forbidden", message: "You do not have permission to manage groups." };
    await fireEvent.input(screen.getByTestId("group-name-input"), { target: { value: "Ops" } });
    await fireEvent.click(screen.getByTestId("group-submit"));
    await waitFor(() => expect(text(screen.getByTestId("dialog-error"))).toBe("You do not have permission to manage groups."));
    expect(screen.getByTestId("group-dialog")).toBeTruthy();
  });

  it("draws only the first members of a large client and finds the rest by search", async () => {
    await openGroups("org-1", new FakeBackend({ members: { "org-1": scaleMembers(5000) } }));
    await fireEvent.click(await byTestId("groups-new"));
    const dialog = await byTestId("group-dialog");
    expect(within(dialog).getByTestId("group-member-list").querySelectorAll("li")).toHaveLength(50);
    expect(text(within(dialog).getByTestId("group-members-more"))).toContain("Showing 50 of 5,000");
    await fireEvent.input(within(dialog).getByTestId("group-member-search"), { target: { value: "person04999" } });
    expect(within(dialog).getByTestId("group-member-m-scale-4999")).toBeTruthy();
    expect(within(dialog).queryByTestId("group-members-more")).toBeNull();
  });
});

describe("editing and deleting a group", () => {
  it("starts from the group's settings and updates the members' groups", async () => {
    const backend = await openGroups();
    await byTestId("groups-table");
    await groupAction("Warehouse", "edit");
    const dialog = await byTestId("group-dialog");
    expect((within(dialog).getByTestId("group-name-input") as HTMLInputElement).value).toBe("Warehouse");
    expect((within(dialog).getByTestId("group-collection-c-6-3") as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByTestId("group-level-c-6-3") as HTMLSelectElement).value).toBe("edit");
    expect((within(dialog).getByTestId("group-member-m-6-3") as HTMLInputElement).checked).toBe(true);
    await fireEvent.input(within(dialog).getByTestId("group-name-input"), { target: { value: "Warehouse & shipping" } });
    await fireEvent.click(within(dialog).getByTestId("group-collection-c-6-1"));
    await fireEvent.click(within(dialog).getByTestId("group-member-m-6-6"));
    await fireEvent.click(within(dialog).getByTestId("group-submit"));

    await waitFor(() => expect(screen.queryByTestId("group-dialog")).toBeNull());
    expect(calls(backend, "saveGroup")[0].args[0]).toEqual({
      organizationId: "org-6",
      groupId: "g-6-2",
      settings: { name: "Warehouse & shipping", collections: [{ collectionId: "c-6-3", level: "edit" }], memberIds: ["m-6-3", "m-6-6"] },
    });
    expect((await byTestId("group-results")).textContent).toContain("Change the group “Warehouse” in “Northwind Traders”: name “Warehouse & shipping”, 2 members, 1 collections");
    await waitFor(() => expect(groupNames()).toContain("Warehouse & shipping"));
    await fireEvent.click(screen.getByTestId("members-tab-members"));
    const grace = document.querySelector<HTMLElement>('[data-testid="member-row"][data-member-id="m-6-6"]')!;
    expect(text(within(grace).getByTestId("member-groups"))).toBe("Warehouse & shipping");
  });

  it("deletes a group after a confirmation; its members stay", async () => {
    const backend = await openGroups();
    await byTestId("groups-table");
    await groupAction("Sales", "delete");
    const dialog = await byTestId("delete-group-dialog");
    expect(dialog.textContent).toContain("Sales");
    expect(text(within(dialog).getByTestId("delete-group-body"))).toContain("Its 2 members stay members of the organization");
    await fireEvent.click(within(dialog).getByTestId("delete-group-submit"));
    await waitFor(() => expect(groupNames()).toEqual(["IT", "Warehouse"]));
    expect(calls(backend, "deleteGroups")[0].args).toEqual(["org-6", ["g-6-1"]]);
    expect((await byTestId("group-results")).textContent).toContain("Delete the group “Sales” from “Northwind Traders”");
    expect((await backend.members("org-6")).map((m) => m.id)).toContain("m-6-4");
  });

  it("offline, queues the deletion and says it is applied once online", async () => {
    await openGroups("org-6", new FakeBackend({ online: false }));
    await byTestId("groups-table");
    await groupAction("Sales", "delete");
    await fireEvent.click(within(await byTestId("delete-group-dialog")).getByTestId("delete-group-submit"));
    const outcome = await byTestId("group-results");
    expect(outcome.dataset.outcome).toBe("pending");
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Pending");
    expect(groupNames()).toEqual(["IT", "Sales", "Warehouse"]);
  });

  it("dismissed, hands focus to the page's title instead of dropping it on the body", async () => {
    await openGroups("org-6", new FakeBackend({ online: false }));
    await byTestId("groups-table");
    await groupAction("Sales", "delete");
    await fireEvent.click(within(await byTestId("delete-group-dialog")).getByTestId("delete-group-submit"));
    await expectFocusOnOutcome("group-results");
    const title = screen.getByRole("heading", { level: 2, name: "Members" });
    expect(title.id).toBe("admin-page-title");
    await dismissOutcome("group-results", title);
  });

  it("speaks Spanish", async () => {
    await openGroups("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(text(screen.getByTestId("members-tab-groups"))).toBe("Grupos (3)"));
    expect(text(await byTestId("groups-new"))).toBe("Nuevo grupo");
  });
});
