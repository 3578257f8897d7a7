// The dashboard and the Admin Console pages against the fake backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, scaleClients } from "$lib/backend";
import { setClock } from "$lib/portal/format";
import { byTestId, renderPortal } from "./portal-helpers";

beforeEach(() => setClock(() => FAKE_NOW));

const text = (id: string) => screen.getByTestId(id).textContent?.trim();

describe("dashboard", () => {
  it("totals the provider's clients (not the orgs administered directly)", async () => {
    renderPortal(undefined, "/provider/dashboard");
    await byTestId("total-clients");
    expect(text("total-clients")).toBe("5");
    expect(text("total-assigned")).toBe("65");
    expect(text("total-used")).toBe("22");
    expect(text("total-remaining")).toBe("43");
    expect(text("dashboard-asof")).toContain("2 hours ago");
  });

  it("charts seat use by client with a text alternative, and lists nearly full and stale clients as links", async () => {
    renderPortal(undefined, "/provider/dashboard");
    const chart = await byTestId("seat-chart");
    const items = within(chart).getAllByTestId("seat-chart-item");
    expect(items.map((i) => i.dataset.orgId)).toEqual(["org-4", "org-5", "org-3", "org-1", "org-2"]);
    const bar = within(items[0]).getByRole("img");
    expect(bar.getAttribute("aria-label")).toBe("8 of 8 seats used (100%)");
    expect(items[1].textContent).toMatch(/9[12](\.7)?%/);

    const full = screen.getByTestId("nearly-full");
    expect(within(full).getAllByTestId("nearly-full-item").map((i) => i.dataset.orgId)).toEqual(["org-4", "org-5"]);
    const stale = screen.getByTestId("stale");
    const staleItems = within(stale).getAllByTestId("stale-item");
    expect(staleItems.map((i) => i.dataset.orgId)).toEqual(["org-5"]);
    expect(staleItems[0].textContent).toContain("9 days ago");

    const link = within(full).getAllByRole("link")[0];
    expect(link.getAttribute("href")).toBe("/admin/members?org=org-4");
    await fireEvent.click(link);
    expect((await byTestId("admin-client-name")).textContent).toBe("Contoso Dental");
  });

  it("shows at most 20 clients in the chart and formats numbers for the language", async () => {
    renderPortal(new FakeBackend({ clients: scaleClients(2_000), preferences: { language: "es" } }), "/provider/dashboard");
    const chart = await byTestId("seat-chart");
    expect(within(chart).getAllByTestId("seat-chart-item").length).toBe(20);
    expect(text("total-clients")).toBe("2000");
    expect(screen.getByTestId("dashboard-page").textContent).toContain("Uso de asientos por cliente");
    const assigned = Number(text("total-assigned")?.replace(/\D/g, ""));
    expect(assigned).toBeGreaterThan(10_000);
    expect(text("total-assigned")).toMatch(/^\d{1,3}(\.\d{3})+$/);
  });

  it("reports a failure as text", async () => {
    renderPortal(new FakeBackend({ fail: { dashboard: { code: "cache_incompatible", message: "snapshot <i>v9</i>" } } }), "/provider/dashboard");
    const error = await byTestId("dashboard-error");
    expect(error.textContent).toContain("snapshot <i>v9</i>");
    expect(error.querySelector("i")).toBeNull();
  });
});

describe("admin console", () => {
  it("with no client chosen explains where to pick one", async () => {
    renderPortal(undefined, "/admin");
    const empty = await byTestId("admin-empty");
    expect(empty.textContent).toContain("No client selected");
    expect(within(empty).getByRole("link").getAttribute("href")).toBe("/provider/clients");
  });

  it("shows the client's header and member counts by status, and the member list", async () => {
    renderPortal(undefined, "/admin/members?org=org-1");
    expect((await byTestId("admin-client-name")).textContent).toBe("My Client's Organization");
    expect(text("admin-plan")).toBe("Enterprise (Annually)");
    expect(text("admin-seats")).toBe("15 assigned · 1 used · 14 remaining");
    expect(text("admin-asof")).toContain("2 hours ago");
    expect(text("member-count-total")).toBe("2");
    expect(text("member-count-invited")).toBe("1");
    expect(text("member-count-accepted")).toBe("0");
    expect(text("member-count-confirmed")).toBe("1");
    expect(text("member-count-revoked")).toBe("0");
    const rows = await screen.findAllByTestId("member-row");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain("it@myclient.example");
    expect(rows[0].textContent).toContain("Owner");
    expect(rows[1].textContent).toContain("Invited");
  });

  it("lists vault items without passwords", async () => {
    const backend = new FakeBackend();
    const items = backend.items.bind(backend);
    backend.items = async (org) => (await items(org)).map((i) => ({ ...i, password: i.password ?? "hunter2-secret" }));
    renderPortal(backend, "/admin/items?org=org-2");
    const rows = await screen.findAllByTestId("item-row");
    expect(rows[0].textContent).toContain("Microsoft 365 admin");
    expect(rows[0].textContent).toContain("Login");
    expect(rows[0].textContent).toContain("https://admin.microsoft.com");
    expect(rows[1].textContent).toContain("Secure note");
    expect(screen.getByTestId("admin-console").textContent).not.toContain("hunter2-secret");
  });

  it("explains when the server refuses a provider user the client's items", async () => {
    const message = "You do not have permission to view this organization's items.";
    renderPortal(new FakeBackend({ fail: { items: { code: "forbidden", message } } }), "/admin/items?org=org-2");
    const error = await byTestId("items-error");
    expect(error.textContent).toContain(message);
    expect(error.textContent).toContain("2024.7");
  });

  it.each([
    ["reports", "vault health reports"],
    ["events", "event log"],
    ["billing", "invoices"],
  ])("the %s page shows what the snapshot holds and says the full view comes later", async (page, later) => {
    renderPortal(undefined, `/admin/${page}?org=org-5` as "/admin/members?org=org-5");
    await byTestId(`admin-page-${page}`);
    expect(text("admin-later")).toContain(later);
    expect(screen.getByTestId("admin-facts").textContent).toContain("9 days ago");
    expect(text("admin-client-error")).toBe("The server failed (500). Try again later.");
  });

  it("says so when the client is not in the snapshot", async () => {
    renderPortal(undefined, "/admin/members?org=org-nope");
    expect((await byTestId("admin-error")).textContent).toContain("not in the offline snapshot");
  });

  it("syncs one client on request, and not offline", async () => {
    const backend = new FakeBackend();
    renderPortal(backend, "/admin/members?org=org-1");
    await fireEvent.click(await byTestId("admin-sync"));
    await waitFor(() => expect(backend.calls.some((c) => c.method === "startSync" && JSON.stringify(c.args) === '[["org-1"]]')).toBe(true));
  });

  it("cannot sync offline", async () => {
    renderPortal(new FakeBackend({ online: false }), "/admin/members?org=org-1");
    const button = (await byTestId("admin-sync")) as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
  });
});
