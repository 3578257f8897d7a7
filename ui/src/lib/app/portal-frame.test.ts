// The portal frame's navigation: palette, recent clients, back/forward, Admin Console nav.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_NOW, FakeBackend, demoClients, fakeClient } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));
afterEach(() => vi.restoreAllMocks());

const options = () => screen.getAllByTestId("palette-option");
const labels = () => options().map((o) => o.querySelector("bdi")?.textContent);

describe("command palette", () => {
  it("opens with Ctrl+K, filters by any part of the name without regard to accents, and opens the client", async () => {
    const clients = [...demoClients(), fakeClient(8, "Óptica Señorial", "Teams (Monthly)", 4, 1)];
    const { visited } = renderPortal(new FakeBackend({ clients }));
    const search = await byTestId("clients-search");
    search.focus();

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    const palette = await byTestId("command-palette");
    expect(palette.getAttribute("role")).toBe("dialog");
    const input = screen.getByTestId("palette-input");
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getByRole("listbox")).toBeTruthy();
    expect(options().every((o) => o.getAttribute("role") === "option")).toBe(true);
    // With no query: every client, then the pages.
    expect(labels()).toEqual(expect.arrayContaining(["Dashboard", "Clients", "Changes", "Event logs", "Resources", "Settings"]));

    await fireEvent.input(input, { target: { value: "client's org" } });
    expect(labels()).toEqual(["My Client's Organization", "Second Client's Organization", "Third Client's Organization"]);
    expect(options()[0].getAttribute("aria-selected")).toBe("true");
    expect(input.getAttribute("aria-activedescendant")).toBe(options()[0].id);

    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(options()[2].getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(input, { key: "Enter" });

    expect(screen.queryByTestId("command-palette")).toBeNull();
    expect(visited.at(-1)).toBe("/admin/members?org=org-3");
    expect((await byTestId("admin-client-name")).textContent).toBe("Third Client's Organization");

    // Accents and case do not matter.
    await fireEvent.keyDown(window, { key: "K", metaKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "OPTICA SENOR" } });
    expect(labels()).toEqual(["Óptica Señorial"]);
  });

  it("closes with Escape and gives focus back", async () => {
    renderPortal();
    const search = await byTestId("clients-search");
    search.focus();
    await fireEvent.keyDown(search, { key: "k", ctrlKey: true });
    const input = await byTestId("palette-input");
    await waitFor(() => expect(document.activeElement).toBe(input));
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("command-palette")).toBeNull();
    expect(document.activeElement).toBe(search);
  });

  it("jumps to the Provider Portal's pages and says when nothing matches", async () => {
    const { visited } = renderPortal();
    await byTestId("clients-page");
    await fireEvent.click(screen.getByTestId("palette-open"));
    const input = await byTestId("palette-input");
    await fireEvent.input(input, { target: { value: "dashb" } });
    expect(labels()).toEqual(["Dashboard"]);
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(visited.at(-1)).toBe("/provider/dashboard");
    expect(await byTestId("dashboard-page")).toBeTruthy();

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "event log" } });
    expect(labels()).toEqual(["Event logs"]);
    await fireEvent.keyDown(screen.getByTestId("palette-input"), { key: "Enter" });
    expect(visited.at(-1)).toBe("/provider/events");

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "qqqq" } });
    expect(screen.queryAllByTestId("palette-option")).toEqual([]);
    expect(screen.getByTestId("palette-empty")).toBeTruthy();
  });
});

describe("recent clients", () => {
  it("lists the stored recent clients, newest first, and moves an opened one to the top (five at most)", async () => {
    const backend = new FakeBackend({ preferences: { recentClients: ["org-2", "org-1", "org-4", "org-5", "org-6"] } });
    renderPortal(backend, "/provider/dashboard");
    const list = await byTestId("recent-clients");
    const names = () => within(screen.getByTestId("recent-clients")).getAllByTestId("recent-client").map((a) => a.dataset.orgId);
    await waitFor(() => expect(names()).toEqual(["org-2", "org-1", "org-4", "org-5", "org-6"]));
    expect(within(list).getAllByTestId("recent-client")[0].textContent?.trim()).toBe("Second Client's Organization");

    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "third" } });
    await fireEvent.keyDown(screen.getByTestId("palette-input"), { key: "Enter" });
    await byTestId("admin-client-name");
    await waitFor(() => expect(names()).toEqual(["org-3", "org-2", "org-1", "org-4", "org-5"]));
    await waitFor(() => expect(backend.preferences.recentClients).toEqual(["org-3", "org-2", "org-1", "org-4", "org-5"]));
    expect(screen.getAllByTestId("recent-client")[0].getAttribute("aria-current")).toBe("true");

    // A recent client opens its Admin Console.
    await fireEvent.click(screen.getAllByTestId("recent-client")[1]);
    await waitFor(() => expect(screen.getByTestId("admin-client-name").textContent).toBe("Second Client's Organization"));
  });

  it("takes the product switcher's Admin Console to the last client opened", async () => {
    const { visited } = renderPortal(new FakeBackend({ preferences: { recentClients: ["org-5"] } }));
    await byTestId("recent-client");
    await fireEvent.click(screen.getByTestId("product-admin"));
    expect(visited.at(-1)).toBe("/admin/members?org=org-5");
    expect((await byTestId("admin-client-name")).textContent).toBe("Fabrikam Legal");
  });
});

describe("frame navigation", () => {
  it("has back and forward buttons that walk the history", async () => {
    const back = vi.spyOn(history, "back").mockImplementation(() => undefined);
    const forward = vi.spyOn(history, "forward").mockImplementation(() => undefined);
    renderPortal();
    await fireEvent.click(await byTestId("nav-back"));
    await fireEvent.click(screen.getByTestId("nav-forward"));
    expect(back).toHaveBeenCalledOnce();
    expect(forward).toHaveBeenCalledOnce();
    expect(screen.getByTestId("nav-back").getAttribute("aria-label")).toBe("Back");
  });

  it("shows the Provider Portal's pages, with the dashboard as home", async () => {
    renderPortal(undefined, "/provider/dashboard");
    await byTestId("dashboard-page");
    expect(screen.getByTestId("nav-dashboard").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("nav-dashboard").getAttribute("href")).toBe("/provider/dashboard");
    await fireEvent.click(screen.getByTestId("nav-clients"));
    expect(await byTestId("clients-page")).toBeTruthy();
    expect(screen.getByTestId("nav-clients").getAttribute("aria-current")).toBe("page");
  });

  it("shows the Admin Console's navigation with the client's name, in Spanish too", async () => {
    renderPortal(new FakeBackend({ preferences: { language: "es" } }), "/admin/items?org=org-1");
    const nav = await byTestId("admin-nav");
    await waitFor(() => expect(screen.getByTestId("admin-nav-client").textContent?.trim()).toBe("My Client's Organization"));
    expect(nav.getAttribute("aria-label")).toBe("Consola de administrador");
    const expected: [string, string][] = [
      ["members", "Miembros"],
      ["items", "Elementos de la caja fuerte"],
      ["reports", "Informes"],
      ["onboarding", "Incorporación"],
      ["events", "Eventos"],
      ["billing", "Facturación"],
    ];
    for (const [page, label] of expected) {
      const link = screen.getByTestId(`admin-nav-${page}`);
      expect(link.textContent?.trim()).toBe(label);
      expect(link.getAttribute("href")).toBe(`/admin/${page}?org=org-1`);
    }
    expect(screen.getByTestId("admin-nav-items").getAttribute("aria-current")).toBe("page");
    expect(screen.queryByTestId("nav-clients")).toBeNull();

    await fireEvent.click(screen.getByTestId("admin-nav-billing"));
    expect(await byTestId("admin-page-billing")).toBeTruthy();
    expect(screen.getByTestId("admin-nav-billing").getAttribute("aria-current")).toBe("page");
  });
});
