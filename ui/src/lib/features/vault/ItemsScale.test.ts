// Admin Console → Vault items with 10,000 items (the fake's `items` option,
// `?fake=items10000` in a browser): only the rows in view are in the DOM,
// search still finds any item, and the keyboard reaches the last one.
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend } from "$lib/backend";
import { renderPortal } from "$lib/testing/portal";
import { setClock } from "$lib/ui/format";

beforeEach(() => setClock(() => FAKE_NOW));

const rowIds = () => screen.getAllByTestId("item-row").map((r) => r.dataset.itemId);

describe("10,000 vault items", () => {
  it("keeps only the visible rows in the DOM, and search finds one item", async () => {
    renderPortal(new FakeBackend({ items: { "org-2": 10_000 } }), "/admin/items?org=org-2");
    await screen.findAllByTestId("item-row");
    const table = screen.getByTestId("items-table");
    expect(table.getAttribute("aria-rowcount")).toBe("10001");
    expect(screen.getByTestId("items-count").textContent).toContain("10,000");
    const rendered = screen.getAllByTestId("item-row").length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);

    // Folded: case and accents do not matter.
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "vpn 4242" } });
    expect(rowIds()).toEqual(["s4242"]);
    expect(screen.getByTestId("item-row").textContent).toContain("VPN 4242 service");
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "ELAN ERP 0012" } });
    expect(rowIds()).toEqual(["s0012"]);
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "no such item" } });
    expect(screen.getByTestId("items-none-match")).toBeTruthy();

    // Widened again: still a window of rows, and Ctrl+End brings the last one into the DOM with focus.
    await fireEvent.input(screen.getByTestId("item-search"), { target: { value: "" } });
    expect(screen.getAllByTestId("item-row").length).toBeLessThan(60);
    const open = screen.getAllByTestId("item-open")[0];
    expect(open.tabIndex).toBe(0);
    open.focus();
    await fireEvent.keyDown(open, { key: "End", ctrlKey: true });
    await waitFor(() => expect(document.activeElement?.closest<HTMLElement>("[data-testid=item-row]")?.dataset.itemId).toBe("s9999"));
    expect(screen.getAllByTestId("item-row").length).toBeLessThan(60);
  });
});
