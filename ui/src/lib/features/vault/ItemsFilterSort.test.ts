// Admin Console → Vault items against the fake backend: the collection
// filter (one collection, nested ones indented, or items in none), the
// sortable Name, Type and Username headers (undecryptable items last), and
// both combined with the search and the type filter.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, type ItemView } from "$lib/backend";
import { renderPortal } from "$lib/testing/portal";
import { squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";

beforeEach(() => setClock(() => FAKE_NOW));

const rowIds = () => screen.getAllByTestId("item-row").map((r) => r.dataset.itemId);

/** An item the core could not decrypt: no name, listed first by the server. */
const BROKEN: ItemView = {
  id: "x-broken",
  type: "login",
  name: null,
  username: null,
  uris: [],
  password: null,
  hasTotp: false,
  trashedAt: null,
  collectionIds: ["c-1-1"],
  error: "bad MAC",
};

class BackendWithBroken extends FakeBackend {
  override async items(organizationId: string): Promise<ItemView[]> {
    const list = await super.items(organizationId);
    return organizationId === "org-1" ? [BROKEN, ...list] : list;
  }
}

async function collectionId(backend: FakeBackend, org: string, name: string): Promise<string> {
  const found = (await backend.collections(org)).find((c) => c.name === name);
  if (!found) throw new Error(`no collection ${name}`);
  return found.id;
}

/**
 * org-1 with: i1 "Microsoft 365 admin" (login, it@…) in Default collection;
 * i2 "Wi-Fi" (note) in Finance; i3 "Old VPN" (login, vpn-admin, in the
 * trash) in no collection; i-new-1 "Ábaco payroll" (login, zed@…) in
 * Finance/Payroll; x-broken (undecryptable) in Default collection.
 */
async function openItems(): Promise<{ backend: FakeBackend; payroll: string }> {
  const backend = new BackendWithBroken();
  const access = { groups: [], members: [] };
  await backend.saveCollection({ organizationId: "org-1", collectionId: null, name: "Finance/Payroll", access });
  await backend.saveCollection({ organizationId: "org-1", collectionId: null, name: "Temp", access });
  const payroll = await collectionId(backend, "org-1", "Finance/Payroll");
  const temp = await collectionId(backend, "org-1", "Temp");
  await backend.setItemCollections("org-1", "i2", ["c-1-2"]);
  await backend.setItemCollections("org-1", "i3", [temp]);
  // Deleting its only collection leaves the item in none.
  await backend.deleteCollections("org-1", [temp]);
  const base = await backend.item("org-1", "i1", true);
  await backend.saveItem({
    organizationId: "org-1",
    itemId: null,
    item: { ...base, id: null, name: "Ábaco payroll", fields: [], login: base.login && { ...base.login, uris: [{ uri: "https://payroll.example", match: null }], username: "zed@myclient.example", totp: null }, collectionIds: [payroll] },
  });
  renderPortal(backend, "/admin/items?org=org-1");
  await screen.findAllByTestId("item-row");
  return { backend, payroll };
}

const choose = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

describe("the collection filter", () => {
  it("lists every collection, nested ones indented with their whole name, and No collection", async () => {
    await openItems();
    const filter = screen.getByTestId("item-collection-filter");
    await waitFor(() => expect(within(filter).getAllByRole("option")).toHaveLength(5));
    const options = within(filter).getAllByRole<HTMLOptionElement>("option");
    expect(options.map(text)).toEqual(["All collections", "Default collection", "Finance", "— Payroll", "No collection"]);
    expect(options[3].title).toBe("Finance/Payroll");
    expect(options[3].getAttribute("aria-label")).toBe("Finance/Payroll");
    expect((filter as HTMLSelectElement).value).toBe("all");
    expect(screen.getByLabelText("Show items of collection")).toBe(filter);
  });

  it("shows only the chosen collection's items (not its children's), and items in none", async () => {
    const { payroll } = await openItems();
    expect(rowIds()).toHaveLength(5);
    await choose("item-collection-filter", "c-1-2");
    expect(rowIds()).toEqual(["i2"]);
    expect(text(screen.getByTestId("items-count"))).toBe("1 of 5 items shown");
    await choose("item-collection-filter", payroll);
    expect(rowIds()).toEqual(["i-new-1"]);
    await choose("item-collection-filter", "c-1-1");
    expect(rowIds()).toEqual(["x-broken", "i1"]);
    await choose("item-collection-filter", "none");
    expect(rowIds()).toEqual(["i3"]);
    await choose("item-collection-filter", "all");
    expect(rowIds()).toHaveLength(5);
  });

  it("combines with the type filter and the search", async () => {
    await openItems();
    await choose("item-collection-filter", "none");
    await choose("item-type-filter", "secure_note");
    expect(screen.getByTestId("items-none-match")).toBeTruthy();
    await choose("item-type-filter", "trash");
    expect(rowIds()).toEqual(["i3"]);
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "microsoft" } });
    expect(screen.getByTestId("items-none-match")).toBeTruthy();
    await choose("item-collection-filter", "all");
    await choose("item-type-filter", "all");
    expect(rowIds()).toEqual(["i1"]);
  });
});

describe("sorting", () => {
  it("sorts by name from its header, ignoring case and accents, undecryptable items last", async () => {
    await openItems();
    // The server's order until a column is chosen.
    expect(rowIds()).toEqual(["x-broken", "i1", "i2", "i3", "i-new-1"]);
    const header = screen.getByTestId("item-sort-name").closest("th");
    expect(header?.getAttribute("aria-sort")).toBe("none");
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    expect(rowIds()).toEqual(["i-new-1", "i1", "i3", "i2", "x-broken"]);
    expect(header?.getAttribute("aria-sort")).toBe("ascending");
    expect(screen.getByTestId("item-sort-type").closest("th")?.getAttribute("aria-sort")).toBe("none");

    // Again: descending, still with the undecryptable item last.
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    expect(rowIds()).toEqual(["i2", "i3", "i1", "i-new-1", "x-broken"]);
    expect(header?.getAttribute("aria-sort")).toBe("descending");
  });

  it("sorts by type and by username, ties by name", async () => {
    await openItems();
    await fireEvent.click(screen.getByTestId("item-sort-type"));
    expect(rowIds()).toEqual(["i-new-1", "i1", "i3", "x-broken", "i2"]);
    expect(screen.getByTestId("item-sort-name").closest("th")?.getAttribute("aria-sort")).toBe("none");
    await fireEvent.click(screen.getByTestId("item-sort-username"));
    // Items without a username last.
    expect(rowIds()).toEqual(["i1", "i3", "i-new-1", "i2", "x-broken"]);
    await fireEvent.click(screen.getByTestId("item-sort-username"));
    expect(rowIds()).toEqual(["i-new-1", "i3", "i1", "i2", "x-broken"]);
  });

  it("keeps the order through a search and a collection filter", async () => {
    await openItems();
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "ADMIN" } });
    // "Microsoft 365 admin" by name, "Old VPN" by its username vpn-admin.
    expect(rowIds()).toEqual(["i1", "i3"]);
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    expect(rowIds()).toEqual(["i3", "i1"]);
    await choose("item-collection-filter", "c-1-1");
    expect(rowIds()).toEqual(["i1"]);
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "" } });
    expect(rowIds()).toEqual(["i1", "x-broken"]);
  });
});

describe("10,000 items", () => {
  it("sorts them, and a collection filter or a new order brings a scrolled list back to its top", async () => {
    const backend = new FakeBackend({ items: { "org-2": 10_000 } });
    await backend.saveCollection({ organizationId: "org-2", collectionId: null, name: "Special", access: { groups: [], members: [] } });
    const special = await collectionId(backend, "org-2", "Special");
    await backend.setItemCollections("org-2", "s0005", [special]);
    await backend.setItemCollections("org-2", "s7777", [special]);
    renderPortal(backend, "/admin/items?org=org-2");
    await screen.findAllByTestId("item-row");
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    // Names like "App 0000 admin" and "Élan ERP 0012 admin": "App" first, the accent ignored.
    expect(rowIds()[0]).toBe("s0000");
    expect(screen.getAllByTestId("item-row").length).toBeLessThan(60);

    const open = screen.getAllByTestId("item-open")[0];
    open.focus();
    await fireEvent.keyDown(open, { key: "End", ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.closest<HTMLElement>("[data-testid=item-row]")).toBeTruthy());
    expect(rowIds()).not.toContain("s0000");

    // "Wiki 0005 admin" and "CRM 7777 …": by name.
    await choose("item-collection-filter", special);
    expect(rowIds()).toEqual(["s7777", "s0005"]);
    await fireEvent.click(screen.getByTestId("item-sort-name"));
    expect(rowIds()).toEqual(["s0005", "s7777"]);

    // Scrolled to the end of all of them, then another order: its first rows.
    await choose("item-collection-filter", "all");
    const first = screen.getAllByTestId("item-open")[0];
    first.focus();
    await fireEvent.keyDown(first, { key: "End", ctrlKey: true });
    const firstDrawn = () => Number(screen.getAllByTestId("item-row")[0].dataset.index);
    await waitFor(() => expect(firstDrawn()).toBeGreaterThan(9000));
    await fireEvent.click(screen.getByTestId("item-sort-type"));
    expect(firstDrawn()).toBe(0);
    expect(rowIds()[0]).toBe("s0000");
  });
});
