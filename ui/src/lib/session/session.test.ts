// The session gate and lock screen against the fake backend, plus the Session
// class on its own.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAKE_ACCOUNT, FAKE_DEMO } from "$lib/backend";
import { byTestId, calls, fake, input, renderApp, ScriptedBackend, summary } from "$lib/testing/app";
import { Session, TOUCH_INTERVAL_MS } from "./session.svelte";

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
