// The Provider Portal's dashboard against the fake backend.
import { fireEvent, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, scaleClients } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

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
