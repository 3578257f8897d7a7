// Admin Console → Vault items against the fake backend: an item's detail
// (secrets hidden until Show), the item form (untouched secrets sent as null,
// a collection required), the row actions, the collections tree, search.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_DEMO, FAKE_NOW, FakeBackend, type ItemInput } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { byTestId, renderPortal } from "$lib/testing/portal";
import { rowWhere, squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";

beforeEach(() => setClock(() => FAKE_NOW));

async function openItems(backend = new FakeBackend(), org = "org-2"): Promise<FakeBackend> {
  renderPortal(backend, `/admin/items?org=${org}`);
  await screen.findAllByTestId("item-row");
  return backend;
}

const itemRow = (id: string) => rowWhere("item-row", "item-id", id);

async function rowAction(id: string, action: string): Promise<void> {
  await fireEvent.click(within(itemRow(id)).getByTestId("item-actions"));
  await fireEvent.click(await byTestId(`item-action-${action}`));
}

describe("an item's detail", () => {
  it("shows every field of a login and hides its secrets until Show, asking for them once", async () => {
    const backend = await openItems();
    await fireEvent.click(within(itemRow("i1")).getByTestId("item-open"));
    const detail = await byTestId("item-detail");
    await within(detail).findByTestId("item-detail-username");
    expect(text(within(detail).getByTestId("item-detail-username"))).toBe("it@myclient.example");
    const uris = within(detail).getAllByTestId("item-detail-uri").map(text);
    expect(uris).toEqual(["https://admin.microsoft.com (Default match)", "login.microsoftonline.com (Host)"]);
    expect(text(within(detail).getByTestId("item-detail-field-0"))).toBe("myclient.onmicrosoft.com");
    expect(text(within(detail).getByTestId("item-detail-notes"))).toBe("Global admin of the tenant.");
    expect(text(within(detail).getByTestId("item-detail-collections"))).toBe("Default collection");
    expect(text(within(detail).getByTestId("item-detail-history"))).toBe("Earlier passwords: 1");
    expect(detail.textContent).not.toContain("Adm1n-Secret!");
    expect(detail.textContent).not.toContain("RC-7781-2290");
    expect(text(within(detail).getByTestId("item-secret-password"))).toContain("••••");
    expect(calls(backend, "item").map((c) => c.args[2])).toEqual([false]);

    await fireEvent.click(within(detail).getByTestId("item-show-password"));
    await waitFor(() => expect(text(within(detail).getByTestId("item-secret-password"))).toBe("Adm1n-Secret!"));
    // The hidden field stays hidden until its own Show, which asks no more.
    expect(detail.textContent).not.toContain("RC-7781-2290");
    await fireEvent.click(within(detail).getByTestId("item-show-field-1"));
    await waitFor(() => expect(text(within(detail).getByTestId("item-secret-field-1"))).toBe("RC-7781-2290"));
    expect(calls(backend, "item").map((c) => c.args[2])).toEqual([false, true]);

    await fireEvent.click(within(detail).getByTestId("item-show-password"));
    expect(text(within(detail).getByTestId("item-secret-password"))).toContain("••••");
    // The live code.
    await waitFor(() => expect(text(within(detail).getByTestId("item-totp-code"))).toMatch(/^\d{3} \d{3}$/));
    expect(calls(backend, "itemTotp")).toHaveLength(1);
  });

  it("says when an item asks for the master password", async () => {
    await openItems();
    await fireEvent.click(within(itemRow("i2")).getByTestId("item-open"));
    expect(text(await byTestId("item-reprompt"))).toContain("asks for the master password");
  });

  it("asks for the master password before a re-prompt item shows a secret", async () => {
    const backend = await openItems();
    await fireEvent.click(within(itemRow("i2")).getByTestId("item-open"));
    const detail = await byTestId("item-detail");
    await fireEvent.click(await within(detail).findByTestId("item-show-field-0"));
    const form = await within(detail).findByTestId("item-reprompt-form");
    expect(calls(backend, "item").map((c) => c.args[2])).toEqual([false]);
    await fireEvent.input(within(form).getByTestId("item-reprompt-password"), { target: { value: "wrong" } });
    await fireEvent.click(within(form).getByTestId("item-reprompt-submit"));
    expect(text(await within(detail).findByTestId("item-reprompt-error"))).toBe("Invalid master password.");
    expect(detail.textContent).not.toContain("Office-5G-passphrase");
    await fireEvent.input(within(form).getByTestId("item-reprompt-password"), { target: { value: FAKE_DEMO.password } });
    await fireEvent.click(within(form).getByTestId("item-reprompt-submit"));
    await waitFor(() => expect(text(within(detail).getByTestId("item-secret-field-0"))).toBe("Office-5G-passphrase"));
    expect(calls(backend, "item").map((c) => c.args[2])).toEqual([false, true]);
    expect(calls(backend, "verifyMasterPassword")).toHaveLength(2);
    // The password is not sent to the log of calls.
    expect(JSON.stringify(calls(backend, "verifyMasterPassword"))).not.toContain(FAKE_DEMO.password);
  });
});

describe("the item form", () => {
  it("edits an item loaded without secrets and sends null for the secrets left alone", async () => {
    const backend = await openItems();
    await rowAction("i1", "edit");
    const form = await byTestId("item-form");
    expect((within(form).getByTestId("item-name") as HTMLInputElement).value).toBe("Microsoft 365 admin");
    expect((within(form).getByTestId("item-password") as HTMLInputElement).value).toBe("");
    await fireEvent.input(within(form).getByTestId("item-name"), { target: { value: "M365 admin" } });
    await fireEvent.click(within(form).getByTestId("item-save"));
    await waitFor(() => expect(calls(backend, "saveItem")).toHaveLength(1));
    const input = calls(backend, "saveItem")[0].args[0] as ItemInput;
    expect(input.itemId).toBe("i1");
    expect(input.item.name).toBe("M365 admin");
    expect(input.item.login?.password).toBeNull();
    expect(input.item.login?.totp).toBeNull();
    expect(input.item.login?.username).toBe("it@myclient.example");
    expect(input.item.fields?.[1]).toMatchObject({ name: "Recovery code", type: 1, value: null });
    expect(input.item.collectionIds).toEqual(["col-default"]);
    // Never revealed to fill the form.
    expect(calls(backend, "item").map((c) => c.args[2])).toEqual([false]);
    expect(await byTestId("vault-results")).toBeTruthy();
    // The core kept the stored password.
    expect((await backend.item("org-2", "i1", true)).login?.password).toBe("Adm1n-Secret!");
  });

  it("sends a changed secret and an emptied one as typed", async () => {
    const backend = await openItems();
    await rowAction("i1", "edit");
    const form = await byTestId("item-form");
    await fireEvent.input(within(form).getByTestId("item-password"), { target: { value: "N3w-Secret!" } });
    await fireEvent.click(within(form).getByTestId("item-totp-key-clear"));
    await fireEvent.click(within(form).getByTestId("item-save"));
    await waitFor(() => expect(calls(backend, "saveItem")).toHaveLength(1));
    const input = calls(backend, "saveItem")[0].args[0] as ItemInput;
    expect(input.item.login?.password).toBe("N3w-Secret!");
    expect(input.item.login?.totp).toBe("");
  });

  it("creates an item only in at least one collection, with a generated password", async () => {
    const backend = await openItems();
    await fireEvent.click(screen.getByTestId("item-new"));
    const form = await byTestId("item-form");
    await fireEvent.input(within(form).getByTestId("item-name"), { target: { value: "Router <b>admin</b>" } });
    await fireEvent.click(within(form).getByTestId("item-generate"));
    await waitFor(() => expect((within(form).getByTestId("item-password") as HTMLInputElement).value).toHaveLength(14));
    await fireEvent.click(within(form).getByTestId("item-uri-add"));
    await fireEvent.input(within(form).getByTestId("item-uri-0"), { target: { value: "https://192.168.1.1" } });
    await fireEvent.change(within(form).getByTestId("item-uri-match-0"), { target: { value: "3" } });
    await fireEvent.click(within(form).getByTestId("item-save"));
    expect(text(await within(form).findByTestId("dialog-error"))).toBe("Choose at least one collection.");
    expect(calls(backend, "saveItem")).toHaveLength(0);

    await fireEvent.click(within(form).getByTestId("item-collection-col-default"));
    await fireEvent.click(within(form).getByTestId("item-save"));
    await waitFor(() => expect(calls(backend, "saveItem")).toHaveLength(1));
    const input = calls(backend, "saveItem")[0].args[0] as ItemInput;
    expect(input.itemId).toBeNull();
    expect(input.item).toMatchObject({ type: 1, name: "Router <b>admin</b>", collectionIds: ["col-default"] });
    expect(input.item.login?.password).toHaveLength(14);
    expect(input.item.login?.uris).toEqual([{ uri: "https://192.168.1.1", match: 3 }]);
    expect(calls(backend, "generatePassword")[0].args[0]).toMatchObject({ kind: "password", length: 14, minNumbers: 1, minSpecial: 1 });
  });

  it("creates a card with its own fields", async () => {
    const backend = await openItems();
    await fireEvent.click(screen.getByTestId("item-new"));
    const form = await byTestId("item-form");
    await fireEvent.change(within(form).getByTestId("item-type"), { target: { value: "3" } });
    await fireEvent.input(within(form).getByTestId("item-name"), { target: { value: "Company Visa" } });
    await fireEvent.input(within(form).getByTestId("item-card-number"), { target: { value: "4111111111111111" } });
    await fireEvent.click(within(form).getByTestId("item-collection-col-default"));
    await fireEvent.click(within(form).getByTestId("item-save"));
    await waitFor(() => expect(calls(backend, "saveItem")).toHaveLength(1));
    const input = calls(backend, "saveItem")[0].args[0] as ItemInput;
    expect(input.item.type).toBe(3);
    expect(input.item.login).toBeNull();
    expect(input.item.card?.number).toBe("4111111111111111");
  });
});

describe("row actions", () => {
  it("moves a live item to the trash and restores a trashed one", async () => {
    const backend = await openItems();
    await rowAction("i1", "trash");
    await waitFor(() => expect(calls(backend, "itemAction")).toHaveLength(1));
    expect(calls(backend, "itemAction")[0].args).toEqual(["org-2", ["i1"], "trash"]);
    expect(await byTestId("vault-results")).toBeTruthy();
    await rowAction("i3", "restore");
    await waitFor(() => expect(calls(backend, "itemAction")).toHaveLength(2));
    expect(calls(backend, "itemAction")[1].args).toEqual(["org-2", ["i3"], "restore"]);
  });

  it("deletes for good only a trashed item, and only after confirming", async () => {
    const backend = await openItems();
    await fireEvent.click(within(itemRow("i1")).getByTestId("item-actions"));
    expect(screen.queryByTestId("item-action-delete")).toBeNull();
    await fireEvent.keyDown(await byTestId("item-actions-menu"), { key: "Escape" });
    await rowAction("i3", "delete");
    const dialog = await byTestId("item-delete-dialog");
    expect(calls(backend, "itemAction")).toHaveLength(0);
    await fireEvent.click(within(dialog).getByTestId("item-delete-dialog-confirm"));
    await waitFor(() => expect(calls(backend, "itemAction")).toHaveLength(1));
    expect(calls(backend, "itemAction")[0].args).toEqual(["org-2", ["i3"], "delete"]);
  });
});

describe("search and type filter", () => {
  it("filters by name, username or URI, and by type", async () => {
    await openItems();
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "MICROSOFT.com" } });
    expect(screen.getAllByTestId("item-row").map((r) => r.dataset.itemId)).toEqual(["i1"]);
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "vpn-admin" } });
    expect(screen.getAllByTestId("item-row").map((r) => r.dataset.itemId)).toEqual(["i3"]);
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("item-type-filter"), { target: { value: "secure_note" } });
    expect(screen.getAllByTestId("item-row").map((r) => r.dataset.itemId)).toEqual(["i2"]);
    await fireEvent.change(screen.getByTestId("item-type-filter"), { target: { value: "trash" } });
    expect(screen.getAllByTestId("item-row").map((r) => r.dataset.itemId)).toEqual(["i3"]);
  });
});

describe("the collections tab", () => {
  async function openCollections(backend: FakeBackend): Promise<HTMLElement> {
    renderPortal(backend, "/admin/items?org=org-1");
    await fireEvent.click(await byTestId("vault-tab-collections"));
    return byTestId("collections-table");
  }

  it("shows the tree with children indented, counts and access", async () => {
    const backend = new FakeBackend();
    await backend.saveCollection({ organizationId: "org-1", collectionId: null, name: "Finance/Payroll", access: { groups: [], members: [] } });
    await openCollections(backend);
    const rows = screen.getAllByTestId("collection-row");
    expect(rows.map((r) => text(within(r).getByTestId("collection-label")))).toEqual(["Default collection", "Finance", "└ Payroll"]);
    expect(rows.map((r) => r.dataset.depth)).toEqual(["0", "0", "1"]);
    expect(within(rows[2]).getByTestId("collection-label").style.paddingInlineStart).toBe("1.5rem");
    expect(within(rows[0]).getByTestId("collection-label").style.paddingInlineStart).toBe("0rem");
    expect(text(within(rows[0]).getByTestId("collection-groups"))).toContain("IT");
    expect(text(within(rows[1]).getByTestId("collection-members"))).toContain("Client Owner");
  });

  it("renames a collection keeping its groups and members at their levels", async () => {
    const backend = new FakeBackend();
    await openCollections(backend);
    const finance = screen.getAllByTestId("collection-row").find((r) => r.dataset.collectionId === "c-1-2");
    if (!finance) throw new Error("no Finance row");
    await fireEvent.click(within(finance).getByTestId("collection-rename"));
    const dialog = await byTestId("collection-dialog");
    await fireEvent.input(within(dialog).getByTestId("collection-name"), { target: { value: "Accounting" } });
    await fireEvent.click(within(dialog).getByTestId("collection-save"));
    await waitFor(() => expect(calls(backend, "saveCollection")).toHaveLength(1));
    expect(calls(backend, "saveCollection")[0].args[0]).toEqual({
      organizationId: "org-1",
      collectionId: "c-1-2",
      name: "Accounting",
      access: { groups: [], members: [{ collectionId: "m-1-1", level: "manage" }] },
    });
  });

  it("deletes a collection after confirming", async () => {
    const backend = new FakeBackend();
    await openCollections(backend);
    const finance = screen.getAllByTestId("collection-row").find((r) => r.dataset.collectionId === "c-1-2");
    if (!finance) throw new Error("no Finance row");
    await fireEvent.click(within(finance).getByTestId("collection-delete"));
    await fireEvent.click(within(await byTestId("collection-delete-dialog")).getByTestId("collection-delete-dialog-confirm"));
    await waitFor(() => expect(calls(backend, "deleteCollections")).toHaveLength(1));
    expect(calls(backend, "deleteCollections")[0].args).toEqual(["org-1", ["c-1-2"]]);
    await waitFor(() => expect(screen.getAllByTestId("collection-row").map((r) => r.dataset.collectionId)).toEqual(["c-1-1"]));
  });
});
