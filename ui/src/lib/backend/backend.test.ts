// The backend layer: results and failures of the generated commands become
// values or BackendErrors with the closed code, whatever the IPC layer does.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { commands, events } from "./bindings";
import { BackendError, defaultBackend, FAKE_DEMO, FakeBackend, remotePlainHttp, toBackendError, type SignInInput } from "./index";
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

  it("sends the plain-http confirmation as `allowHttp` in the sign-in input", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return { kind: "new_device_otp_required" };
    });
    const input = signInInput("http://vault.example.com", true);
    await new TauriBackend().signIn(input);
    expect(seen).toEqual([["sign_in", { input }]]);
    expect((seen[0] as [string, { input: Record<string, unknown> }])[1].input.allowHttp).toBe(true);
  });

  it("maps a thrown Error (no IPC bridge) to `internal`", async () => {
    mockIPC(() => {
      throw new TypeError("ipc unavailable");
    });
    const error = await new TauriBackend().getPreferences().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "internal", message: "ipc unavailable" });
  });
});

describe("TauriBackend, generically", () => {
  it("has a method for every generated command and an on<Event> for every event", () => {
    const backend = new TauriBackend() as unknown as Record<string, unknown>;
    for (const name of Object.keys(commands)) expect(typeof backend[name], name).toBe("function");
    for (const name of Object.keys(events)) {
      expect(typeof backend[`on${name[0].toUpperCase()}${name.slice(1)}`], name).toBe("function");
    }
  });

  it("returns an infallible command's value as is and maps its failure", async () => {
    const credentials = { email: "a@b.example", serviceUserEmail: "s@b.example", password: "pw" };
    mockIPC((cmd) => (cmd === "demo_credentials" ? credentials : null));
    await expect(new TauriBackend().demoCredentials()).resolves.toEqual(credentials);
    mockIPC(() => {
      throw "Command demo_credentials not allowed by ACL";
    });
    await expect(new TauriBackend().demoCredentials()).rejects.toMatchObject({
      code: "internal",
      message: "Command demo_credentials not allowed by ACL",
    });
  });

  it("hands an event's payload to the handler until unsubscribed", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const off = await new TauriBackend().onSyncEvent((event) => seen.push(event));
    await emit("sync-event", { kind: "started" });
    off();
    await emit("sync-event", { kind: "started" });
    expect(seen).toEqual([{ kind: "started" }]);
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

function signInInput(url: string, allowHttp: boolean): SignInInput {
  return {
    server: { kind: "self_hosted", url },
    email: "it@msp.example",
    password: FAKE_DEMO.password,
    twoFactor: null,
    newDeviceCode: null,
    apiKey: null,
    allowHttp,
  };
}

describe("remotePlainHttp (the core's check_transport)", () => {
  it("is the URL for plain http:// to another machine", () => {
    for (const url of [
      "http://vault.example.com",
      " HTTP://Vault.Example.com:8080/path ",
      "http://192.168.1.20",
      "http://10.0.0.1:8080",
      "http://[fe80::1]",
      "http://[::ffff:127.0.0.1]",
      "http://127.0.0.1.nip.io",
      "http://localhost.example.com",
    ]) {
      expect(remotePlainHttp(url), url).toBeInstanceOf(URL);
    }
    expect(remotePlainHttp("http://Vault.Example.com:8080/x")?.host).toBe("vault.example.com:8080");
  });

  it("is null for https, this machine, and what is not an http:// URL", () => {
    for (const url of [
      "https://vault.example.com",
      "HTTPS://vault.example.com",
      "http://127.0.0.1:8080",
      "http://127.8.9.10",
      "http://localhost",
      "http://LOCALHOST:8000/",
      "http://[::1]:8080",
      "http://[0:0:0:0:0:0:0:1]",
      "http://[bad",
      "vault.example.com",
      "ftp://vault.example.com",
      "",
    ]) {
      expect(remotePlainHttp(url), url).toBeNull();
    }
  });
});

describe("FakeBackend", () => {
  it("refuses plain http:// to another machine unless confirmed, like the core", async () => {
    const fake = new FakeBackend({ session: "signed_out", signInStep: "new_device" });
    const refused = await fake.signIn(signInInput("http://vault.example.com", false)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackendError);
    expect(refused).toMatchObject({ code: "invalid_input" });
    expect((refused as BackendError).message).toContain("vault.example.com uses plain http://");
    await expect(fake.sendLoginEmail(signInInput("http://vault.example.com", false))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(fake.resendDeviceCode(signInInput("http://vault.example.com", false))).rejects.toMatchObject({ code: "invalid_input" });

    await expect(fake.signIn(signInInput("http://vault.example.com", true))).resolves.toEqual({ kind: "new_device_otp_required" });
    await expect(fake.resendDeviceCode(signInInput("http://vault.example.com", true))).resolves.toBeUndefined();
    for (const url of ["https://vault.example.com", "http://127.0.0.1:8080", "http://localhost", "http://[::1]"]) {
      await expect(fake.signIn(signInInput(url, false)), url).resolves.toEqual({ kind: "new_device_otp_required" });
    }
  });

  it("turns the recovery policy on only with Single organization, like the core", async () => {
    const fake = new FakeBackend();
    await expect(fake.setRecoveryPolicy({ organizationId: "org-1", enabled: true, autoEnroll: true })).rejects.toMatchObject({ code: "forbidden" });
    await fake.setRecoveryPolicy({ organizationId: "org-4", enabled: true, autoEnroll: false });
    expect((await fake.membersPage("org-4")).recovery.enabled).toBe(true);
  });

  it("offline, shows confirm phrases of the keys seen at the last sync", async () => {
    const fake = new FakeBackend();
    expect((await fake.confirmPreview("org-6", ["m-6-6"]))[0].fromSnapshot).toBe(false);
    fake.online = false;
    expect((await fake.confirmPreview("org-6", ["m-6-6"]))[0].fromSnapshot).toBe(true);
  });

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
