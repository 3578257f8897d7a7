// The dashboard's vault health heatmap against the fake backend, and its
// pure helpers: figures with their change, shades, sorting, links into the
// Reports page, rows without figures, "does not apply", and its states.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, HOSTILE_NAMES, demoClients, fakeClient, scaleClients, type HeatmapRow } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { byTestId, openAt, renderPortal } from "$lib/testing/portal";
import { setClock } from "$lib/ui/format";
import { MAX_LEVEL, SHOWN_ROWS, changeText, columnMax, heatLevel, nextSort, sortRows } from "./heatmap";

beforeEach(() => setClock(() => FAKE_NOW));

const heatRows = () => screen.getAllByTestId("heatmap-row");
const order = () => heatRows().map((r) => r.dataset.org);
const rowOf = (org: string) => {
  const found = heatRows().find((r) => r.dataset.org === org);
  if (!found) throw new Error(`no heatmap row for ${org}`);
  return found;
};
const cellOf = (org: string, kind: string) => {
  const found = within(rowOf(org))
    .getAllByTestId("heatmap-cell")
    .find((c) => c.dataset.kind === kind);
  if (!found) throw new Error(`no ${kind} cell for ${org}`);
  return found;
};
/** What a cell shows: the figure and the change as drawn (the spoken label is checked apart). */
const shown = (cell: HTMLElement) =>
  [...cell.querySelectorAll('[aria-hidden="true"], [data-testid="heatmap-count"]')].map((n) => n.textContent?.trim()).join(" ");

const open = (backend = new FakeBackend()) => openAt(backend, "/provider/dashboard", "health-heatmap");

describe("the vault health heatmap", () => {
  it("has a column per kind and a row per client, each cell a figure with its change since the previous sync", async () => {
    const backend = await open();
    expect(calls(backend, "healthHeatmap")).toHaveLength(1);
    const headers = within(screen.getByTestId("health-heatmap"))
      .getAllByRole("columnheader")
      .map((h) => h.textContent?.replace(/[▲▼↕]/g, "").trim());
    expect(headers).toEqual([
      "Client",
      "Exposed passwords",
      "Reused passwords",
      "Weak passwords",
      "Unsecured websites",
      "Inactive two-step login",
      "Members without two-step login",
      "Not enrolled in account recovery",
      "Pending members",
    ]);
    // By name at first.
    expect(order()).toEqual(["org-4", "org-5", "org-1", "org-6", "org-2", "org-3"]);

    const exposed = cellOf("org-6", "exposed");
    expect(shown(exposed)).toBe("5 +2");
    expect(within(exposed).getByTestId("heatmap-change").textContent).toContain("2 more since the previous sync");
    expect(within(exposed).getByRole("link").textContent).toContain("2 more since the previous sync");
    expect(exposed.dataset.level).toBe(String(MAX_LEVEL));

    const weak = cellOf("org-4", "weak");
    expect(shown(weak)).toBe("2 \u22121");
    expect(within(weak).getByTestId("heatmap-change").textContent).toContain("1 fewer since the previous sync");
    expect(Number(weak.dataset.level)).toBeGreaterThan(0);
    expect(Number(weak.dataset.level)).toBeLessThan(MAX_LEVEL);

    // No change, or no earlier figure: just the figure.
    expect(shown(cellOf("org-6", "weak"))).toBe("5");
    expect(shown(cellOf("org-6", "members_without_two_step"))).toBe("3");
    expect(within(cellOf("org-6", "weak")).queryByTestId("heatmap-change")).toBeNull();

    // Nothing found: the figure 0, unshaded.
    const none = cellOf("org-1", "weak");
    expect(shown(none)).toBe("0");
    expect(none.dataset.level).toBe("0");

    expect(within(rowOf("org-5")).getByTestId("heatmap-client").closest("th")?.textContent).toContain("Synced 9 days ago");
  });

  it("shows “—” with the reason where a figure does not apply", async () => {
    await open();
    const cell = cellOf("org-1", "not_enrolled");
    expect(shown(cell)).toBe("—");
    expect(cell.getAttribute("title")).toBe("Does not apply: the account recovery policy is off for this client");
    expect(within(cell).getByRole("link").textContent).toContain("Does not apply");
    expect(cell.dataset.level).toBe("0");
    expect(shown(cellOf("org-6", "not_enrolled"))).toBe("0");
  });

  it("sorts by any kind (most first, then fewest first) and by name", async () => {
    await open();
    await fireEvent.click(screen.getByTestId("heatmap-sort-exposed"));
    expect(order()[0]).toBe("org-6");
    expect(screen.getByTestId("heatmap-sort-exposed").closest("th")?.getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByTestId("heatmap-sort-name").closest("th")?.getAttribute("aria-sort")).toBe("none");

    await fireEvent.click(screen.getByTestId("heatmap-sort-exposed"));
    expect(order()).toEqual(["org-4", "org-5", "org-1", "org-2", "org-3", "org-6"]);
    expect(screen.getByTestId("heatmap-sort-exposed").closest("th")?.getAttribute("aria-sort")).toBe("ascending");

    await fireEvent.click(screen.getByTestId("heatmap-sort-members_without_two_step"));
    expect(order().slice(0, 3)).toEqual(["org-5", "org-4", "org-6"]);

    // "Does not apply" stays last whichever way.
    await fireEvent.click(screen.getByTestId("heatmap-sort-not_enrolled"));
    expect(order()[0]).toBe("org-6");
    await fireEvent.click(screen.getByTestId("heatmap-sort-not_enrolled"));
    expect(order()[0]).toBe("org-6");

    await fireEvent.click(screen.getByTestId("heatmap-sort-name"));
    expect(order()).toEqual(["org-4", "org-5", "org-1", "org-6", "org-2", "org-3"]);
    await fireEvent.click(screen.getByTestId("heatmap-sort-name"));
    expect(order()).toEqual(["org-3", "org-2", "org-6", "org-1", "org-5", "org-4"]);
    expect(screen.getByTestId("heatmap-sort-name").closest("th")?.getAttribute("aria-sort")).toBe("descending");
  });

  it("links each client and each figure to the client's Reports page", async () => {
    const { visited } = renderPortal(new FakeBackend(), "/provider/dashboard");
    await byTestId("health-heatmap");
    const name = within(rowOf("org-6")).getByTestId("heatmap-client");
    expect(name.getAttribute("href")).toBe("/admin/reports?org=org-6");
    expect(name.textContent).toBe("Northwind Traders");
    for (const cell of within(rowOf("org-6")).getAllByTestId("heatmap-cell")) {
      expect(within(cell).getByRole("link").getAttribute("href")).toBe("/admin/reports?org=org-6");
    }
    await fireEvent.click(within(cellOf("org-6", "exposed")).getByRole("link"));
    expect(visited).toContain("/admin/reports?org=org-6");
    expect(await byTestId("health-weak")).toBeTruthy();
    expect((await byTestId("admin-client-name")).textContent).toBe("Northwind Traders");
  });

  it("says across the row why a client has no figures, and shows names as text", async () => {
    const clients = [
      ...demoClients(),
      fakeClient(7, HOSTILE_NAMES[0], "Teams (Monthly)", 5, 0, { syncedAt: null, status: "never_synced" }),
    ];
    await open(new FakeBackend({ clients }));
    const row = rowOf("org-7");
    expect(within(row).queryAllByTestId("heatmap-cell")).toHaveLength(0);
    const problem = within(row).getByTestId("heatmap-problem");
    expect(problem.textContent?.trim()).toBe("No figures: not synced yet: its members and items are not in the snapshot");
    expect(problem.getAttribute("colspan")).toBe("8");
    expect(row.textContent).not.toMatch(/\b0\b/);
    expect(row.textContent).toContain("Never synced");
    expect(within(row).getByTestId("heatmap-client").textContent).toBe(HOSTILE_NAMES[0]);
    expect(screen.getByTestId("health-heatmap").querySelectorAll("img")).toHaveLength(0);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();

    // Without figures it sorts last, whichever way.
    await fireEvent.click(screen.getByTestId("heatmap-sort-weak"));
    expect(order().at(-1)).toBe("org-7");
    await fireEvent.click(screen.getByTestId("heatmap-sort-weak"));
    expect(order().at(-1)).toBe("org-7");
  });

  it("reports a failure as text beside the rest of the dashboard, and tries again", async () => {
    const backend = new FakeBackend({ fail: { healthHeatmap: { code: "locked", message: "snapshot <i>locked</i>" } } });
    renderPortal(backend, "/provider/dashboard");
    const error = await byTestId("heatmap-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("Could not compute vault health: snapshot <i>locked</i>");
    expect(error.querySelector("i")).toBeNull();
    expect(await byTestId("seat-chart")).toBeTruthy();

    delete backend.fail.healthHeatmap;
    await fireEvent.click(within(error).getByRole("button", { name: "Try again" }));
    expect(await byTestId("health-heatmap")).toBeTruthy();
    expect(screen.queryByTestId("heatmap-error")).toBeNull();
  });

  it("says so while loading, and when there is no client", async () => {
    renderPortal(new FakeBackend({ clients: [], delayMs: 20 }), "/provider/dashboard");
    expect((await byTestId("heatmap-loading")).getAttribute("role")).toBe("status");
    expect((await byTestId("heatmap-empty")).textContent).toBe("No client to report on yet.");
    expect(screen.queryByTestId("health-heatmap")).toBeNull();
  });

  it("draws the first rows of many clients in the order asked for, and the rest on request", async () => {
    await open(new FakeBackend({ clients: scaleClients(SHOWN_ROWS + 30) }));
    expect(heatRows()).toHaveLength(SHOWN_ROWS);
    expect(screen.getByTestId("heatmap-section").textContent).toContain(`${SHOWN_ROWS} of ${SHOWN_ROWS + 30} clients shown`);
    await fireEvent.click(screen.getByTestId("heatmap-sort-name"));
    expect(order()[0]).toBe(`org-${1000 + SHOWN_ROWS + 29}`);
    await fireEvent.click(screen.getByTestId("heatmap-more"));
    expect(heatRows()).toHaveLength(SHOWN_ROWS + 30);
    expect(screen.queryByTestId("heatmap-more")).toBeNull();
  });

  it("speaks Spanish", async () => {
    await open(new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(screen.getByTestId("heatmap-sort-exposed").textContent).toContain("Contraseñas expuestas"));
    expect(screen.getByTestId("heatmap-sort-name").textContent).toContain("Cliente");
    expect(within(cellOf("org-6", "exposed")).getByTestId("heatmap-change").textContent).toContain(
      "2 más desde la sincronización anterior",
    );
    expect(cellOf("org-1", "not_enrolled").getAttribute("title")).toContain("No se aplica");
  });
});

describe("the heatmap's helpers", () => {
  const row = (organizationId: string, clientName: string, weak: number | null, problem: string | null = null): HeatmapRow => ({
    organizationId,
    clientName,
    asOf: null,
    cells: problem ? [] : [{ kind: "weak", count: weak, change: null }],
    problem,
  });
  const compare = new Intl.Collator("en", { sensitivity: "base", numeric: true }).compare;

  it("shades relative to the column's largest figure, never for nothing found", () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(null, 10)).toBe(0);
    expect(heatLevel(3, 0)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(50, 100)).toBe(2);
    expect(heatLevel(100, 100)).toBe(MAX_LEVEL);
    expect(columnMax([row("a", "A", 3), row("b", "B", 7), row("c", "C", null)], ["weak", "exposed"])).toEqual({ weak: 7, exposed: 0 });
  });

  it("writes a change with its sign, and nothing for none", () => {
    const format = (n: number) => new Intl.NumberFormat("en").format(n);
    expect(changeText(2, format)).toBe("+2");
    expect(changeText(-1234, format)).toBe("\u22121,234");
    expect(changeText(0, format)).toBe("");
    expect(changeText(null, format)).toBe("");
  });

  it("sorts rows without a figure last, ties by name", () => {
    const rows = [row("1", "b", 2), row("2", "a", null), row("3", "c", 2), row("4", "A10", 5), row("5", "z", 0, "no key")];
    expect(sortRows(rows, { key: "weak", descending: true }, compare).map((r) => r.organizationId)).toEqual(["4", "1", "3", "2", "5"]);
    expect(sortRows(rows, { key: "weak", descending: false }, compare).map((r) => r.organizationId)).toEqual(["1", "3", "4", "2", "5"]);
    expect(sortRows(rows, { key: "name", descending: false }, compare).map((r) => r.clientName)).toEqual(["a", "A10", "b", "c", "z"]);
    expect(nextSort({ key: "name", descending: false }, "weak")).toEqual({ key: "weak", descending: true });
    expect(nextSort({ key: "weak", descending: true }, "weak")).toEqual({ key: "weak", descending: false });
    expect(nextSort({ key: "weak", descending: true }, "name")).toEqual({ key: "name", descending: false });
  });
});
