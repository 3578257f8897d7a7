// The status bar and the offline banner against the fake backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAKE_ACCOUNT, FAKE_NOW, HOSTILE_NAMES } from "$lib/backend";
import { en } from "$lib/i18n/catalogs";
import { i18n } from "$lib/i18n";
import { byTestId, calls, fake, renderApp, ScriptedBackend, summary } from "$lib/testing/app";

afterEach(() => {
  vi.useRealTimers();
});

describe("status bar", () => {
  it("shows connectivity and the last sync, localized and relative", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(FAKE_NOW);
    renderApp(fake());
    const online = await byTestId("status-online");
    expect(online.getAttribute("data-online")).toBe("true");
    expect(online.textContent).toContain("Online");
    const last = screen.getByTestId("status-last-sync");
    expect(last.textContent).toContain("Last sync 2 hours ago");
    expect(last.querySelector("time")?.getAttribute("datetime")).toBe(new Date(FAKE_NOW - 2 * 3_600_000).toISOString());
    expect(screen.getByTestId("status-account").textContent).toContain(FAKE_ACCOUNT.email);

    i18n.setPreference("es");
    await waitFor(() => expect(screen.getByTestId("status-last-sync").textContent).toContain("hace 2 horas"));
    expect(screen.getByTestId("status-online").textContent).toContain("En línea");
  });

  it("says a sync that just finished finished just now", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(FAKE_NOW + 5_000);
    const backend = renderApp(fake());
    await fireEvent.click(await byTestId("sync-now"));
    await waitFor(() => expect(backend.lastSummary).not.toBeNull());
    await waitFor(() => expect(screen.getByTestId("status-last-sync").textContent).toContain("Last sync just now"));
  });

  it("says when connectivity is not known yet", async () => {
    renderApp(fake({ online: null }));
    expect((await byTestId("status-online")).getAttribute("data-online")).toBe("unknown");
    expect(screen.queryByTestId("offline-banner")).toBeNull();
  });

  it("syncs on demand and shows the result", async () => {
    const backend = renderApp(fake());
    await fireEvent.click(await byTestId("sync-now"));
    await waitFor(() => expect(backend.lastSummary?.outcome).toBe("success"));
    expect(calls(backend, "startSync").map((c) => c.args)).toEqual([[null]]);
    await waitFor(() => expect(screen.queryByTestId("sync-progress")).toBeNull());
    expect(screen.queryByTestId("sync-errors")).toBeNull();
  });

  it("shows progress with done/total and the current client, and cancels", async () => {
    const backend = renderApp(new ScriptedBackend());
    await fireEvent.click(await byTestId("sync-now"));
    backend.push({ kind: "started" });
    const bar = await byTestId("sync-progress");
    expect(bar.getAttribute("role")).toBe("progressbar");
    // Indeterminate until the client list gives the total.
    expect(bar.getAttribute("aria-valuenow")).toBeNull();
    expect(bar.getAttribute("aria-valuetext")).toBe("Starting sync…");
    backend.push({ kind: "progress", progress: { done: 0, total: 6, current: null, errors: 0 } });
    await waitFor(() => expect(screen.getByTestId("sync-progress").getAttribute("aria-valuemax")).toBe("6"));
    expect(screen.getByTestId("sync-progress").getAttribute("aria-valuenow")).toBe("0");
    expect((screen.getByTestId("sync-now") as HTMLButtonElement).disabled).toBe(true);

    backend.push({ kind: "progress", progress: { done: 2, total: 6, current: HOSTILE_NAMES[0], errors: 0 } });
    await waitFor(() => expect(screen.getByTestId("sync-progress").getAttribute("aria-valuenow")).toBe("2"));
    expect(screen.getByTestId("sync-progress").getAttribute("aria-valuetext")).toBe("Syncing 2 of 6");
    const current = screen.getByTestId("sync-current");
    expect(current.textContent).toContain(HOSTILE_NAMES[0]);
    expect(current.querySelector("img")).toBeNull();

    await fireEvent.click(screen.getByTestId("sync-cancel"));
    expect(calls(backend, "cancelSync")).toHaveLength(1);
    expect((screen.getByTestId("sync-cancel") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("sync-cancel").textContent).toContain("Cancelling");

    backend.lastSummary = summary("cancelled", []);
    backend.push({ kind: "finished", summary: summary("cancelled", []) });
    await waitFor(() => expect(screen.queryByTestId("sync-progress")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("status-last-sync").textContent).toContain("Cancelled"));
    expect((screen.getByTestId("sync-now") as HTMLButtonElement).disabled).toBe(false);
  });

  it("cancels a real fake sync part way", async () => {
    const backend = renderApp(fake({ delayMs: 25 }));
    await fireEvent.click(await byTestId("sync-now"));
    await byTestId("sync-current");
    await fireEvent.click(screen.getByTestId("sync-cancel"));
    await waitFor(() => expect(backend.lastSummary?.outcome).toBe("cancelled"));
    expect(backend.lastSummary!.clients).toBeLessThan(backend.clientList.length);
    await waitFor(() => expect(screen.queryByTestId("sync-progress")).toBeNull());
  });

  it("lists per-client errors as text and retries one client, keeping the others' errors", async () => {
    const backend = renderApp(new ScriptedBackend());
    await fireEvent.click(await byTestId("sync-now"));
    backend.push({ kind: "started" });
    backend.push({
      kind: "finished",
      summary: summary("partial", [
        { organizationId: "org-5", name: "Fabrikam Legal", code: "server_error", message: "The server failed (500)." },
        { organizationId: "org-900", name: HOSTILE_NAMES[0], code: "forbidden", message: "No access." },
      ]),
    });

    const open = await byTestId("sync-errors");
    expect(open.textContent).toContain("Clients not synced: 2");
    await fireEvent.click(open);
    const dialog = await byTestId("sync-errors-dialog");
    const rows = within(dialog).getAllByTestId("sync-error-row");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Fabrikam Legal"),
      expect.stringContaining(HOSTILE_NAMES[0]),
    ]);
    expect(rows[0].textContent).toContain("server_error");
    expect(rows[0].textContent).toContain("The server failed (500).");
    expect(dialog.querySelector("img")).toBeNull();

    await fireEvent.click(within(rows[0]).getByTestId("sync-retry"));
    expect(screen.queryByTestId("sync-errors-dialog")).toBeNull();
    expect(calls(backend, "startSync").map((c) => c.args)).toEqual([[null], [["org-5"]]]);

    backend.push({ kind: "started" });
    backend.push({ kind: "finished", summary: summary("success", []) });
    await waitFor(() => expect(screen.getByTestId("sync-errors").textContent).toContain("Clients not synced: 1"));
    await fireEvent.click(screen.getByTestId("sync-errors"));
    const left = within(await byTestId("sync-errors-dialog")).getAllByTestId("sync-error-row");
    expect(left.map((r) => r.getAttribute("data-organization-id"))).toEqual(["org-900"]);

    // A full sync without errors clears the list.
    await fireEvent.keyDown(screen.getByTestId("sync-errors-dialog"), { key: "Escape" });
    await fireEvent.click(screen.getByTestId("sync-now"));
    backend.push({ kind: "started" });
    backend.push({ kind: "finished", summary: summary("success", []) });
    await waitFor(() => expect(screen.queryByTestId("sync-errors")).toBeNull());
  });

  it("says why a sync could not run", async () => {
    const backend = renderApp(fake({ online: false }));
    await fireEvent.click(await byTestId("sync-now"));
    const failed = await byTestId("sync-failed");
    expect(failed.getAttribute("data-code")).toBe("offline");
    expect(failed.textContent).toContain(en["errors.offline"]);
    expect(calls(backend, "startSync")).toHaveLength(1);
    expect(screen.queryByTestId("sync-progress")).toBeNull();
  });

  it("shows a sync the core's timer started", async () => {
    const backend = renderApp(new ScriptedBackend());
    await byTestId("status-bar");
    backend.push({ kind: "started" });
    backend.push({ kind: "progress", progress: { done: 1, total: 3, current: "Contoso Dental", errors: 0 } });
    expect((await byTestId("sync-current")).textContent).toContain("Contoso Dental");
    expect(calls(backend, "startSync")).toHaveLength(0);
  });
});

describe("offline", () => {
  it("shows the banner with the snapshot's date and follows connectivity pushes", async () => {
    const backend = renderApp(fake({ online: false }));
    const banner = await byTestId("offline-banner");
    const asOf = i18n.formatDate(FAKE_NOW - 2 * 3_600_000);
    expect(banner.textContent).toContain(`Offline — data as of ${asOf}`);
    expect(screen.getByTestId("status-online").getAttribute("data-online")).toBe("false");
    expect(screen.getByTestId("status-online").textContent).toContain("Offline");

    backend.emitSession({ online: true });
    await waitFor(() => expect(screen.queryByTestId("offline-banner")).toBeNull());
    expect(screen.getByTestId("status-online").getAttribute("data-online")).toBe("true");

    backend.emitSession({ online: false });
    expect(await byTestId("offline-banner")).toBeTruthy();
  });
});
