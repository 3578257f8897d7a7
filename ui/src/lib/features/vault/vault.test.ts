// Admin Console → Vault items against the fake backend.
import { screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

describe("vault items", () => {
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

  it("marks an item in the trash as such, in both languages", async () => {
    renderPortal(new FakeBackend(), "/admin/items?org=org-2");
    const rows = await screen.findAllByTestId("item-row");
    const trashed = rows.filter((r) => r.dataset.trashed === "true");
    expect(trashed).toHaveLength(1);
    expect(trashed[0].textContent).toContain("Old VPN");
    expect(trashed[0].querySelector('[data-testid="item-trashed"]')?.textContent).toBe("In trash");
    expect(rows.filter((r) => r.querySelector('[data-testid="item-trashed"]'))).toHaveLength(1);
  });

  it("names the newer item types, and one this build does not know by its number", async () => {
    const backend = new FakeBackend();
    const items = backend.items.bind(backend);
    backend.items = async (org) => {
      const [login, note] = await items(org);
      return [
        { ...login, type: "passport" },
        { ...note, type: { unknown: 2600 } },
      ];
    };
    renderPortal(backend, "/admin/items?org=org-2");
    const rows = await screen.findAllByTestId("item-row");
    expect(rows[0].textContent).toContain("Passport");
    // A wire number, so no thousands separator.
    expect(rows[1].textContent).toContain("Unknown (2600)");
  });

  it("explains when the server refuses a provider user the client's items", async () => {
    const message = "You do not have permission to view this organization's items.";
    renderPortal(new FakeBackend({ fail: { items: { code: "forbidden", message } } }), "/admin/items?org=org-2");
    const error = await byTestId("items-error");
    expect(error.textContent).toContain(message);
    expect(error.textContent).toContain("2024.7");
  });

});
