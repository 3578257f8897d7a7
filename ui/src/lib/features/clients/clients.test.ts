// Provider Portal → Clients against the fake backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, HOSTILE_NAMES, demoClients, fakeClient, scaleClients } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, cell, renderPortal, row, rowIds } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

async function table(): Promise<HTMLElement> {
  return byTestId("clients-table");
}

describe("clients table", () => {
  it("shows the three clients of Bitwarden's help page with their exact seats and plan", async () => {
    renderPortal();
    await table();
    const expected: [string, string, string, string, string, string][] = [
      ["org-1", "My Client's Organization", "15", "1", "14", "Enterprise"],
      ["org-2", "Second Client's Organization", "20", "1", "19", "Teams"],
      ["org-3", "Third Client's Organization", "10", "1", "9", "Enterprise"],
    ];
    for (const [id, name, assigned, used, remaining, plan] of expected) {
      expect(cell(id, "client-name")).toBe(name);
      expect(cell(id, "seats-assigned")).toBe(assigned);
      expect(cell(id, "seats-used")).toBe(used);
      expect(cell(id, "seats-remaining")).toBe(remaining);
      expect(cell(id, "client-plan")).toContain(plan);
    }
    expect(within(row("org-1")).getByTestId("seat-bar").getAttribute("aria-label")).toBe("1 of 15 seats used");
    expect(within(row("org-4")).getByTestId("seat-bar").getAttribute("aria-label")).toBe("8 of 8 seats used");
    expect(within(row("org-2")).getByTestId("seat-bar").getAttribute("aria-label")).toBe("1 of 20 seats used");
    expect(screen.getByTestId("clients-table").getAttribute("role")).toBe("table");
    expect(screen.getByTestId("clients-table").getAttribute("aria-rowcount")).toBe("6");
  });

  it("has the columns of the portal, with localized ages and stale and failed clients marked", async () => {
    renderPortal();
    const grid = await table();
    const headers = within(grid).getAllByRole("columnheader").map((h) => h.textContent?.trim());
    expect(headers.slice(0, 6).map((h) => h?.replace(/[▲▼↕]/g, "").trim())).toEqual([
      "Client",
      "Assigned",
      "Used",
      "Remaining",
      "Billing plan",
      "As of",
    ]);
    expect(cell("org-1", "client-asof")).toContain("2 hours ago");
    expect(within(row("org-1")).getByTestId("client-asof").dataset.stale).toBe("false");
    // Fabrikam: last synced 9 days ago and its last sync failed.
    const asof = within(row("org-5")).getByTestId("client-asof");
    expect(asof.dataset.stale).toBe("true");
    expect(asof.textContent).toContain("Out of date");
    expect(within(row("org-5")).getByTestId("client-error").textContent).toContain("The server failed (500). Try again later.");
  });

  it("sorts by every column, both ways, and says so with aria-sort", async () => {
    renderPortal();
    const grid = await table();
    const header = (key: string) => screen.getByTestId(`sort-${key}`).closest("[role=columnheader]")!;
    expect(header("name").getAttribute("aria-sort")).toBe("ascending");
    expect(rowIds(grid)).toEqual(["org-4", "org-5", "org-1", "org-2", "org-3"]);

    await fireEvent.click(screen.getByTestId("sort-name"));
    expect(header("name").getAttribute("aria-sort")).toBe("descending");
    expect(rowIds(grid)).toEqual(["org-3", "org-2", "org-1", "org-5", "org-4"]);

    await fireEvent.click(screen.getByTestId("sort-assigned"));
    expect(header("assigned").getAttribute("aria-sort")).toBe("ascending");
    expect(header("name").getAttribute("aria-sort")).toBe("none");
    expect(rowIds(grid)).toEqual(["org-4", "org-3", "org-5", "org-1", "org-2"]);

    await fireEvent.click(screen.getByTestId("sort-used"));
    await fireEvent.click(screen.getByTestId("sort-used"));
    expect(header("used").getAttribute("aria-sort")).toBe("descending");
    expect(rowIds(grid).slice(0, 2)).toEqual(["org-5", "org-4"]);

    await fireEvent.click(screen.getByTestId("sort-remaining"));
    expect(rowIds(grid)[0]).toBe("org-4");

    await fireEvent.click(screen.getByTestId("sort-plan"));
    expect(rowIds(grid).map((id) => cell(id, "client-plan"))).toEqual([
      "Enterprise (Annually)",
      "Enterprise (Annually)",
      "Enterprise (Monthly)",
      "Teams (Monthly)",
      "Teams (Monthly)",
    ]);

    // Oldest data first is what one sorts "as of" for.
    await fireEvent.click(screen.getByTestId("sort-asof"));
    expect(header("asof").getAttribute("aria-sort")).toBe("descending");
    await fireEvent.click(screen.getByTestId("sort-asof"));
    expect(rowIds(grid)[0]).toBe("org-5");
  });

  it("searches as you type over name and plan, ignoring case and accents", async () => {
    const clients = [...demoClients(), fakeClient(7, "Café Ñandú Logística", "Teams (Monthly)", 3, 2)];
    renderPortal(new FakeBackend({ clients }));
    const grid = await table();
    const search = screen.getByTestId("clients-search") as HTMLInputElement;
    expect(search.getAttribute("aria-label")).toBeTruthy();

    await fireEvent.input(search, { target: { value: "SECOND" } });
    expect(rowIds(grid)).toEqual(["org-2"]);
    expect(screen.getByTestId("clients-count").textContent).toContain("1 of 7 clients");

    await fireEvent.input(search, { target: { value: "cafe nandu" } });
    expect(rowIds(grid)).toEqual(["org-7"]);
    await fireEvent.input(search, { target: { value: "LOGISTICA" } });
    expect(rowIds(grid)).toEqual(["org-7"]);

    // The plan is searched too; the directly administered org is filtered with the rest.
    await fireEvent.input(search, { target: { value: "enterprise (annually)" } });
    expect(rowIds(screen.getByTestId("clients-table"))).toEqual(["org-1", "org-3"]);
    expect(rowIds(screen.getByTestId("direct-orgs"))).toEqual(["org-6"]);
  });

  it("shows empty states: no client matches, and no clients at all", async () => {
    renderPortal();
    await table();
    await fireEvent.input(screen.getByTestId("clients-search"), { target: { value: "zzz-no-such" } });
    const none = await byTestId("clients-no-match");
    expect(none.textContent).toContain("zzz-no-such");
    expect(screen.queryByTestId("clients-table")).toBeNull();
  });

  it("says so when the snapshot has no clients", async () => {
    renderPortal(new FakeBackend({ clients: [] }));
    expect((await byTestId("clients-empty")).textContent).toContain("No clients yet");
    expect(screen.queryByTestId("clients-table")).toBeNull();
  });

  it("lists organizations administered directly in their own section", async () => {
    renderPortal();
    const grid = await table();
    const direct = screen.getByTestId("direct-orgs");
    expect(rowIds(direct)).toEqual(["org-6"]);
    expect(rowIds(grid)).not.toContain("org-6");
    expect(within(direct).getByRole("heading").textContent).toContain("directly");
    expect(cell("org-6", "seats-assigned")).toBe("25");
  });

  it("links each client name to its Admin Console and records it in recent clients", async () => {
    const { backend } = renderPortal(new FakeBackend({ preferences: { language: null, autoLockMinutes: 7 } }));
    await table();
    const link = within(row("org-2")).getByTestId("client-name");
    expect(link.tagName).toBe("A");
    expect(link.getAttribute("href")).toBe("/admin/members?org=org-2");

    await fireEvent.click(link);
    expect((await byTestId("admin-client-name")).textContent).toBe("Second Client's Organization");
    await waitFor(() => expect(backend.preferences.recentClients).toEqual(["org-2"]));
    // Read-modify-write: the other preferences stay as they were.
    expect(backend.preferences.autoLockMinutes).toBe(7);
    const written = backend.calls.filter((c) => c.method === "setPreferences").at(-1)!.args[0] as Record<string, unknown>;
    expect(Object.keys(written).sort()).toEqual(
      ["autoLockMinutes", "checkExposedPasswords", "language", "lastEmail", "lastServer", "recentClients", "syncIntervalMinutes"].sort(),
    );
    expect(within(screen.getByTestId("recent-clients")).getAllByTestId("recent-client").map((a) => a.textContent?.trim())).toEqual([
      "Second Client's Organization",
    ]);
  });
});

describe("virtualization", () => {
  it("keeps only the visible rows of 10,000 clients in the DOM and still moves by keyboard", async () => {
    renderPortal(new FakeBackend({ clients: scaleClients(10_000) }));
    const grid = await table();
    expect(grid.getAttribute("aria-rowcount")).toBe("10001");
    const rendered = grid.querySelectorAll('[data-testid="client-row"]').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);

    const first = grid.querySelector<HTMLElement>('[data-index="0"] [data-testid="client-name"]')!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect((document.activeElement as HTMLElement).closest("[data-index]")?.getAttribute("data-index")).toBe("1"));

    await fireEvent.keyDown(document.activeElement!, { key: "End", ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.closest("[data-index]")?.getAttribute("data-index")).toBe("9999"));
    const focusedRow = document.activeElement!.closest<HTMLElement>("[role=row]")!;
    expect(focusedRow.getAttribute("aria-rowindex")).toBe("10001");
    expect(grid.querySelectorAll('[data-testid="client-row"]').length).toBeLessThan(60);

    // Filtering narrows the rows without rendering more of them.
    await fireEvent.input(screen.getByTestId("clients-search"), { target: { value: "dental" } });
    expect(grid.getAttribute("aria-rowcount")).toBe("2001");
    expect(grid.querySelectorAll('[data-testid="client-row"]').length).toBeLessThan(60);
  });
});

describe("hostile names", () => {
  it("render as inert text: no element is created and nothing runs", async () => {
    const clients = [...demoClients(), ...HOSTILE_NAMES.map((name, i) => fakeClient(900 + i, name, "Teams (Monthly)", 5, 1))];
    renderPortal(new FakeBackend({ clients }));
    await table();
    HOSTILE_NAMES.forEach((name, i) => expect(cell(`org-${900 + i}`, "client-name")).toBe(name));
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect((window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();

    // The palette, the Admin Console and the recent list show them as text too.
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "onerror" } });
    const option = screen.getAllByTestId("palette-option")[0];
    expect(option.textContent).toContain(HOSTILE_NAMES[0]);
    await fireEvent.click(option);
    expect((await byTestId("admin-client-name")).textContent).toBe(HOSTILE_NAMES[0]);
    await byTestId("recent-client");
    expect(document.querySelector("img")).toBeNull();
    expect((window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
  });
});

describe("client actions", () => {
  it("adds a client through the New client dialog and shows the refreshed list", async () => {
    const { backend } = renderPortal();
    await table();
    const add = screen.getByTestId("add-client");
    add.focus();
    await fireEvent.click(add);
    const dialog = await byTestId("new-client-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("new-client-name")));
    expect(screen.getByLabelText("Owner email")).toBe(screen.getByTestId("new-client-email"));

    await fireEvent.input(screen.getByTestId("new-client-name"), { target: { value: "Wide World Importers" } });
    await fireEvent.input(screen.getByTestId("new-client-email"), { target: { value: "owner@wideworld.example" } });
    await fireEvent.input(screen.getByTestId("new-client-seats"), { target: { value: "12" } });
    await fireEvent.change(screen.getByTestId("new-client-plan"), { target: { value: "enterprise" } });
    await fireEvent.click(screen.getByTestId("new-client-submit"));

    await waitFor(() => expect(screen.queryByTestId("new-client-dialog")).toBeNull());
    expect(backend.calls.find((c) => c.method === "createClient")?.args[0]).toEqual({
      name: "Wide World Importers",
      ownerEmail: "owner@wideworld.example",
      seats: 12,
      plan: "enterprise",
    });
    const created = [...document.querySelectorAll('[data-testid="client-row"]')].find((r) =>
      r.textContent?.includes("Wide World Importers"),
    )!;
    expect(within(created as HTMLElement).getByTestId("seats-assigned").textContent).toBe("12");
    expect(screen.getByTestId("clients-status").textContent).toContain("Wide World Importers");
    expect(document.activeElement).toBe(add);
  });

  it("checks the form and shows the server's message as text", async () => {
    const message = "The field <b>Owner</b> is invalid.";
    renderPortal(new FakeBackend({ fail: { createClient: { code: "invalid_input", message } } }));
    await table();
    await fireEvent.click(screen.getByTestId("add-client"));
    await byTestId("new-client-dialog");
    await fireEvent.click(screen.getByTestId("new-client-submit"));
    expect((await byTestId("dialog-error")).textContent).toContain("Enter a name.");

    await fireEvent.input(screen.getByTestId("new-client-name"), { target: { value: "X" } });
    await fireEvent.input(screen.getByTestId("new-client-email"), { target: { value: "x@example.com" } });
    await fireEvent.input(screen.getByTestId("new-client-seats"), { target: { value: "0" } });
    await fireEvent.click(screen.getByTestId("new-client-submit"));
    expect(screen.getByTestId("dialog-error").textContent).toContain("at least 1");

    await fireEvent.input(screen.getByTestId("new-client-seats"), { target: { value: "3" } });
    await fireEvent.click(screen.getByTestId("new-client-submit"));
    await waitFor(() => expect(screen.getByTestId("dialog-error").textContent).toContain(message));
    expect(screen.getByTestId("dialog-error").querySelector("b")).toBeNull();

    // Escape closes the dialog.
    await fireEvent.keyDown(screen.getByTestId("new-client-name"), { key: "Escape" });
    expect(screen.queryByTestId("new-client-dialog")).toBeNull();
  });

  async function openAction(orgId: string, action: "manage" | "rename"): Promise<void> {
    await fireEvent.click(within(row(orgId)).getByTestId("client-actions"));
    const menu = await byTestId("client-actions-menu");
    expect(menu.getAttribute("role")).toBe("menu");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("client-action-manage")));
    await fireEvent.click(screen.getByTestId(`client-action-${action}`));
  }

  it("manages a subscription; below the seats in use the server's message is shown", async () => {
    const { backend } = renderPortal();
    await table();
    await openAction("org-4", "manage");
    const seats = (await byTestId("manage-seats")) as HTMLInputElement;
    expect(seats.value).toBe("8");
    expect(seats.min).toBe("8");

    await fireEvent.input(seats, { target: { value: "5" } });
    await fireEvent.click(screen.getByTestId("manage-submit"));
    expect((await byTestId("dialog-error")).textContent).toContain(
      "You cannot reduce the number of seats below the 8 seats in use by this client.",
    );

    await fireEvent.input(seats, { target: { value: "30" } });
    await fireEvent.click(screen.getByTestId("manage-submit"));
    await waitFor(() => expect(screen.queryByTestId("manage-dialog")).toBeNull());
    expect(cell("org-4", "seats-assigned")).toBe("30");
    expect(cell("org-4", "seats-remaining")).toBe("22");
    expect(backend.calls.filter((c) => c.method === "updateClient").at(-1)?.args[0]).toEqual({
      organizationId: "org-4",
      name: "Contoso Dental",
      assignedSeats: 30,
    });
  });

  it("shows verbatim why a service user cannot go past the provider's unassigned seats", async () => {
    const message = "Service users cannot purchase additional seats. Ask a provider admin.";
    renderPortal(new FakeBackend({ fail: { updateClient: { code: "forbidden", message } } }));
    await table();
    await openAction("org-1", "manage");
    await fireEvent.input(await byTestId("manage-seats"), { target: { value: "5000" } });
    await fireEvent.click(screen.getByTestId("manage-submit"));
    await waitFor(() => expect(screen.getByTestId("dialog-error").textContent?.trim()).toBe(message));
  });

  it("updates a client's name and keeps its seats", async () => {
    const { backend } = renderPortal();
    await table();
    await openAction("org-3", "rename");
    const input = (await byTestId("rename-input")) as HTMLInputElement;
    expect(input.value).toBe("Third Client's Organization");
    await fireEvent.input(input, { target: { value: "Third Client (renamed)" } });
    await fireEvent.click(screen.getByTestId("rename-submit"));
    await waitFor(() => expect(cell("org-3", "client-name")).toBe("Third Client (renamed)"));
    expect(backend.calls.find((c) => c.method === "updateClient")?.args[0]).toEqual({
      organizationId: "org-3",
      name: "Third Client (renamed)",
      // The core keeps the seats it knows; the UI does not guess them.
      assignedSeats: null,
    });
    expect(cell("org-3", "seats-assigned")).toBe("10");
    // The row is still there: focus is back on its actions button.
    expect(document.activeElement).toBe(within(row("org-3")).getByTestId("client-actions"));
  });

  it("closes the actions menu with Escape and gives focus back", async () => {
    renderPortal();
    await table();
    const button = within(row("org-1")).getByTestId("client-actions");
    button.focus();
    await fireEvent.click(button);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("client-action-manage")));
    expect(button.getAttribute("aria-expanded")).toBe("true");
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByTestId("client-action-rename"));
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByTestId("client-actions-menu")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("disables the actions offline and says why", async () => {
    renderPortal(new FakeBackend({ online: false }));
    await table();
    const add = screen.getByTestId("add-client") as HTMLButtonElement;
    await waitFor(() => expect(add.disabled).toBe(true));
    const reason = screen.getByTestId("clients-offline-reason").textContent ?? "";
    expect(reason).toContain("Offline");
    expect(add.title).toContain("needs the server");
    expect(add.getAttribute("aria-describedby")).toBe("clients-offline-reason");
    for (const button of screen.getAllByTestId("client-actions")) {
      expect((button as HTMLButtonElement).disabled).toBe(true);
    }
    // The list itself still shows, from the snapshot.
    expect(cell("org-1", "seats-assigned")).toBe("15");
  });
});
