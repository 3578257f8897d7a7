// The backend layer: results and failures of the generated commands become
// values or BackendErrors with the closed code, whatever the IPC layer does.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { BackendError, defaultBackend, FakeBackend, toBackendError } from "./index";
import { TauriBackend } from "./tauri";

afterEach(() => clearMocks());

describe("TauriBackend", () => {
  it("returns the data of a successful command", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") {
        return { version: "0.1.0", dataDir: "/d", logDir: "/d/logs", buildKind: "debug" };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    await expect(new TauriBackend().appInfo()).resolves.toEqual({
      version: "0.1.0",
      dataDir: "/d",
      logDir: "/d/logs",
      buildKind: "debug",
    });
  });

  it("sends preferences under the `prefs` argument", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === "get_preferences" ? { language: "es" } : null;
    });
    const backend = new TauriBackend();
    await backend.setPreferences({ language: null });
    await expect(backend.getPreferences()).resolves.toMatchObject({ language: "es" });
    expect(seen).toEqual([
      ["set_preferences", { prefs: { language: null } }],
      ["get_preferences", {}],
    ]);
  });

  it("throws a BackendError with the command's code and message", async () => {
    mockIPC(() => {
      throw { code: "internal", message: "could not create /x/data: Not a directory" };
    });
    const error = await new TauriBackend().appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: "internal", message: "could not create /x/data: Not a directory" });
  });

  it("maps the ACL refusing a command (a bare string) to `internal`", async () => {
    mockIPC(() => {
      throw "Command app_info not allowed by ACL";
    });
    const error = await new TauriBackend().appInfo().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "internal", message: "Command app_info not allowed by ACL" });
  });

  it("maps a thrown Error (no IPC bridge) to `internal`", async () => {
    mockIPC(() => {
      throw new TypeError("ipc unavailable");
    });
    const error = await new TauriBackend().getPreferences().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "internal", message: "ipc unavailable" });
  });
});

describe("toBackendError", () => {
  it("keeps known codes and refuses unknown ones", () => {
    expect(toBackendError({ code: "rate_limited", message: "wait" })).toMatchObject({
      code: "rate_limited",
      message: "wait",
    });
    expect(toBackendError({ code: "teapot", message: "?" })).toMatchObject({ code: "internal" });
    expect(toBackendError(undefined)).toMatchObject({ code: "internal", message: "undefined" });
  });
});

describe("FakeBackend", () => {
  it("stores preferences and fails on demand", async () => {
    const fake = new FakeBackend({ fail: { appInfo: { code: "offline", message: "no network" } } });
    await fake.setPreferences({ language: "es" });
    await expect(fake.getPreferences()).resolves.toMatchObject({ language: "es" });
    await expect(fake.appInfo()).rejects.toMatchObject({ code: "offline", message: "no network" });
    expect(fake.calls.map((c) => c.method)).toEqual(["setPreferences", "getPreferences", "appInfo"]);
  });
});

describe("defaultBackend", () => {
  it("is the Tauri backend unless VITE_BACKEND=fake", () => {
    expect(defaultBackend(undefined)).toBeInstanceOf(TauriBackend);
    expect(defaultBackend("tauri")).toBeInstanceOf(TauriBackend);
    expect(defaultBackend("fake")).toBeInstanceOf(FakeBackend);
  });
});
