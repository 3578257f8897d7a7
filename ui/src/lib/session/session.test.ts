// The session gate, lock screen, status bar, offline banner and session
// settings against the fake backend, plus the Session class on its own.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  FAKE_ACCOUNT,
  FAKE_DEMO,
  FAKE_NOW,
  FakeBackend,
  HOSTILE_NAMES,
  type FakeBackendOptions,
  type SyncEvent,
  type SyncSummary,
  type Unsubscribe,
} from "$lib/backend";
import { en } from "$lib/i18n/catalogs";
import { i18n } from "$lib/i18n";
import { ROUTES } from "$lib/navigation";
import { Session, TOUCH_INTERVAL_MS } from "$lib/session.svelte";
import Harness from "./Harness.svelte";

/**
 * The fake with syncs the test drives: startSync waits until the test pushes
 * "finished" or "failed", so progress, cancel and per-client errors can be seen.
 */
class ScriptedBackend extends FakeBackend {
  private handlers = new Set<(event: SyncEvent) => void>();
  private finishRun: (() => void) | null = null;

  override async onSyncEvent(handler: (event: SyncEvent) => void): Promise<Unsubscribe> {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  override startSync(only: string[] | null): Promise<SyncSummary> {
    this.calls.push({ method: "startSync", args: [only] });
    return new Promise((resolve) => {
      this.finishRun = () => resolve(summary("success", []));
    });
  }

  push(event: SyncEvent): void {
    for (const handler of this.handlers) handler(event);
    if (event.kind === "finished" || event.kind === "failed") this.finishRun?.();
  }
}

function summary(outcome: string, errors: SyncSummary["errors"]): SyncSummary {
  return { outcome, clients: 6, members: 18, items: 24, events: 60, requests: 45, throttled: 0, durationMs: 900, errors };
}

function renderApp<B extends FakeBackend>(backend: B, start: (typeof ROUTES)[keyof typeof ROUTES] = ROUTES.settings) {
  render(Harness, { backend, start });
  return backend;
}

const fake = (options: FakeBackendOptions = {}) => new FakeBackend(options);
const byTestId = (id: string) => screen.findByTestId(id);
const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const calls = (backend: FakeBackend, method: string) => backend.calls.filter((c) => c.method === method);

afterEach(() => {
  vi.useRealTimers();
});

describe("session gate", () => {
  it("opens the lock screen for a locked session, refuses a wrong password and unlocks with the right one", async () => {
    const backend = renderApp(fake({ session: "locked" }));
    const lock = await byTestId("lock-screen");
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(screen.getByTestId("lock-email").textContent).toBe(FAKE_ACCOUNT.email);
    expect(screen.getByTestId("lock-server").textContent).toBe("Demo sandbox (built in)");
    expect(document.activeElement).toBe(input("unlock-password"));
    expect(within(lock).getByLabelText("Master password")).toBe(input("unlock-password"));

    await fireEvent.input(input("unlock-password"), { target: { value: "nope" } });
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    const error = await byTestId("unlock-error");
    expect(error.getAttribute("data-code")).toBe("invalid_input");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("Invalid master password.");
    expect(input("unlock-password").value).toBe("");
    expect(backend.status).toBe("locked");

    await fireEvent.input(input("unlock-password"), { target: { value: FAKE_DEMO.password } });
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    expect(calls(backend, "unlock").map((c) => c.args)).toEqual([
      [FAKE_ACCOUNT.id, "***"],
      [FAKE_ACCOUNT.id, "***"],
    ]);
  });

  it("unlocks offline, saying it works from this computer's data", async () => {
    renderApp(fake({ session: "locked", online: false }));
    expect(await byTestId("lock-offline-note")).toBeTruthy();
    await fireEvent.input(input("unlock-password"), { target: { value: FAKE_DEMO.password } });
    await fireEvent.click(screen.getByTestId("unlock-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(screen.getByTestId("offline-banner")).toBeTruthy();
  });

  it("locks from the status bar", async () => {
    const backend = renderApp(fake());
    await fireEvent.click(await byTestId("lock-button"));
    expect(await byTestId("lock-screen")).toBeTruthy();
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(calls(backend, "lock")).toHaveLength(1);
    expect(backend.status).toBe("locked");
  });

  it("shows the lock screen as soon as the core auto-locks", async () => {
    const backend = renderApp(fake());
    await byTestId("portal-frame");
    backend.emitSession({ status: "locked" });
    expect(await byTestId("lock-screen")).toBeTruthy();
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(screen.queryByTestId("status-bar")).toBeNull();
  });

  it("logs out from the lock screen through a dialog, deleting the offline data when asked", async () => {
    const backend = renderApp(fake({ session: "locked" }));
    // jsdom does not move focus on click; a keyboard user's focus is on the button.
    (await byTestId("logout-button")).focus();
    await fireEvent.click(screen.getByTestId("logout-button"));
    let dialog = await byTestId("logout-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("logout-cancel")));

    // Escape closes without logging out, and focus goes back to the button.
    await fireEvent.keyDown(dialog, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("logout-dialog")).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId("logout-button"));
    expect(calls(backend, "logout")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("logout-button"));
    dialog = await byTestId("logout-dialog");
    expect(within(dialog).getByLabelText("Also delete the offline data on this computer")).toBe(
      screen.getByTestId("logout-delete-data"),
    );
    // Tab from the last control wraps to the first: focus stays in the dialog.
    screen.getByTestId("logout-confirm").focus();
    await fireEvent.keyDown(dialog, { key: "Tab" });
    expect(dialog.contains(document.activeElement)).toBe(true);

    await fireEvent.click(screen.getByTestId("logout-delete-data"));
    await fireEvent.click(screen.getByTestId("logout-confirm"));
    expect(await byTestId("signin-page")).toBeTruthy();
    expect(calls(backend, "logout").map((c) => c.args)).toEqual([[true]]);
    expect(backend.clientList).toEqual([]);
  });

  it("logs out keeping the offline data by default", async () => {
    const backend = renderApp(fake({ session: "locked" }));
    await fireEvent.click(await byTestId("logout-button"));
    await fireEvent.click(await byTestId("logout-confirm"));
    expect(await byTestId("signin-page")).toBeTruthy();
    expect(calls(backend, "logout").map((c) => c.args)).toEqual([[false]]);
    expect(backend.clientList.length).toBeGreaterThan(0);
  });

  it("fails to start, with the code, when the session cannot be read", async () => {
    renderApp(fake({ fail: { sessionState: { code: "cache_incompatible", message: "snapshot v9" } } }));
    expect((await byTestId("startup-error-code")).textContent).toBe("cache_incompatible");
  });

  it("reports activity at most once per 30 seconds, and only while unlocked", async () => {
    let now = 1_000_000;
    const backend = renderApp(fake());
    await byTestId("portal-frame");
    vi.spyOn(Date, "now").mockImplementation(() => now);

    await fireEvent.keyDown(window, { key: "a" });
    await fireEvent.pointerDown(document.body);
    expect(calls(backend, "touch")).toHaveLength(1);
    now += TOUCH_INTERVAL_MS - 1;
    await fireEvent.keyDown(window, { key: "b" });
    expect(calls(backend, "touch")).toHaveLength(1);
    now += 2;
    await fireEvent.pointerDown(document.body);
    expect(calls(backend, "touch")).toHaveLength(2);

    backend.emitSession({ status: "locked" });
    await byTestId("lock-screen");
    now += TOUCH_INTERVAL_MS * 2;
    await fireEvent.keyDown(window, { key: "c" });
    expect(calls(backend, "touch")).toHaveLength(2);
  });
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

describe("session settings", () => {
  it("saves auto-lock and the sync interval, keeping every other preference", async () => {
    const backend = renderApp(
      fake({ preferences: { lastServer: { kind: "eu" }, lastEmail: "tech@msp.example", recentClients: ["org-1"] } }),
    );
    const autoLock = (await byTestId("settings-autolock")) as HTMLSelectElement;
    await waitFor(() => expect(autoLock.value).toBe("15"));
    expect([...autoLock.options].map((o) => o.textContent?.trim())).toEqual([
      "1 minute",
      "5 minutes",
      "15 minutes",
      "30 minutes",
      "1 hour",
      "Never",
    ]);
    expect(screen.getByLabelText("Lock after inactivity")).toBe(autoLock);

    await fireEvent.change(autoLock, { target: { value: "5" } });
    await waitFor(() => expect(backend.preferences.autoLockMinutes).toBe(5));
    await waitFor(() => expect(screen.getByTestId("settings-status").textContent).toContain("Saved"));

    const interval = screen.getByTestId("settings-sync-interval") as HTMLSelectElement;
    expect(interval.value).toBe("30");
    expect([...interval.options].map((o) => o.value)).toEqual(["0", "15", "30", "60", "240"]);
    expect([...interval.options].map((o) => o.textContent?.trim())).toContain("Only on demand");
    await fireEvent.change(interval, { target: { value: "0" } });
    await waitFor(() => expect(backend.preferences.syncIntervalMinutes).toBe(0));

    expect(backend.preferences).toEqual({
      language: null,
      autoLockMinutes: 5,
      syncIntervalMinutes: 0,
      lastServer: { kind: "eu" },
      lastEmail: "tech@msp.example",
      recentClients: ["org-1"],
    });
    // Every write sends the whole object (read-modify-write), not a partial one.
    for (const call of calls(backend, "setPreferences")) {
      expect(Object.keys(call.args[0] as object).sort()).toEqual(Object.keys(backend.preferences).sort());
    }
  });

  it("shows the stored value again when saving fails", async () => {
    const backend = renderApp(fake({ fail: { setPreferences: { code: "internal", message: "disk full" } } }));
    const autoLock = (await byTestId("settings-autolock")) as HTMLSelectElement;
    await fireEvent.change(autoLock, { target: { value: "60" } });
    expect((await byTestId("settings-error")).textContent).toContain("disk full");
    await waitFor(() => expect(autoLock.value).toBe("15"));
    expect(backend.preferences.autoLockMinutes).toBe(15);
  });

  it("is in Spanish", async () => {
    renderApp(fake({ preferences: { language: "es" } }));
    const interval = (await byTestId("settings-sync-interval")) as HTMLSelectElement;
    expect([...interval.options].map((o) => o.textContent?.trim())).toEqual([
      "Solo a petición",
      "Cada 15 minutos",
      "Cada 30 minutos",
      "Cada hora",
      "Cada 4 horas",
    ]);
    expect(screen.getByTestId("lock-button").textContent).toContain("Bloquear");
    expect(screen.getByTestId("sync-now").textContent).toContain("Sincronizar");
  });
});

describe("Session", () => {
  it("follows sync events: progress, then the summary, a data version bump and a fresh state", async () => {
    const backend = new ScriptedBackend();
    const session = new Session(backend);
    await session.listen();
    await session.refresh();
    const version = session.dataVersion;

    const running = session.sync(["org-1"]);
    backend.push({ kind: "started" });
    expect(session.syncing).toEqual({ done: 0, total: 0, current: null, errors: 0 });
    backend.push({ kind: "progress", progress: { done: 0, total: 1, current: "My Client's Organization", errors: 0 } });
    expect(session.syncing?.current).toBe("My Client's Organization");
    const done = summary("success", []);
    backend.push({ kind: "finished", summary: done });
    await running;
    expect(session.syncing).toBeNull();
    expect(session.lastSummary).toEqual(done);
    expect(session.dataVersion).toBe(version + 1);
    expect(calls(backend, "startSync").map((c) => c.args)).toEqual([[["org-1"]]]);
    await waitFor(() => expect(calls(backend, "sessionState").length).toBeGreaterThanOrEqual(2));
  });

  it("ignores a conflict (a sync already runs) but records other failures", async () => {
    const conflict = new Session(fake({ fail: { startSync: { code: "conflict", message: "A sync is already running." } } }));
    await conflict.sync();
    expect(conflict.syncFailure).toBeNull();

    const locked = new Session(fake({ fail: { startSync: { code: "locked", message: "Unlock first." } } }));
    await locked.sync();
    expect(locked.syncFailure?.code).toBe("locked");
  });

  it("drops the progress when the session locks", async () => {
    const backend = new ScriptedBackend();
    const session = new Session(backend);
    await session.listen();
    await session.refresh();
    backend.push({ kind: "started" });
    expect(session.syncing).not.toBeNull();
    backend.emitSession({ status: "locked" });
    expect(session.status).toBe("locked");
    expect(session.syncing).toBeNull();
  });
});

describe("settings: about this installation", () => {
  it("shows what app_info reports, as text", async () => {
    renderApp(
      fake({ appInfo: { version: "9.8.7", dataDir: "/data/pd <b>x</b>", logDir: "/data/pd/logs", buildKind: "release" } }),
    );
    expect((await byTestId("app-version")).textContent).toBe("9.8.7");
    const dataDir = screen.getByTestId("app-data-dir");
    expect(dataDir.textContent).toBe("/data/pd <b>x</b>");
    expect(dataDir.querySelector("b")).toBeNull();
    const buildKind = screen.getByTestId("app-build-kind");
    expect(buildKind.textContent?.trim()).toBe("Release build");
    expect(buildKind.getAttribute("data-value")).toBe("release");
    expect(screen.getByTestId("app-log-dir").textContent).toBe("/data/pd/logs");
  });
});
