// Provider Portal → Settings against the fake backend: the display language,
// the session settings, the breach check and what the core reports about
// this installation.
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "$lib/backend";
import { ROUTES } from "$lib/navigation";
import { byTestId, calls, fake, renderApp } from "$lib/testing/app";

describe("language", () => {
  it("switches the visible labels and the lang attribute to Spanish and stores the choice", async () => {
    const backend = renderApp(new FakeBackend());
    const select = (await byTestId("language-select")) as HTMLSelectElement;
    expect(document.documentElement.lang).toBe("en");
    expect(screen.getByLabelText("Display language")).toBe(select);
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual(["System", "English", "Español"]);

    await fireEvent.change(select, { target: { value: "es" } });

    await waitFor(() => expect(screen.getByTestId("nav-clients").textContent).toContain("Clientes"));
    expect(screen.getByTestId("product-provider").textContent).toContain("Portal del Proveedor");
    expect(screen.getByTestId("product-admin").textContent).toContain("Consola de administrador");
    expect(screen.getByTestId("nav-settings").textContent).toContain("Configuración");
    expect(screen.getByTestId("product-switcher").getAttribute("aria-label")).toBe("Conmutador de producto");
    expect(document.documentElement.lang).toBe("es");
    await waitFor(() => expect(screen.getByTestId("settings-status").textContent).toContain("Guardado"));
    expect(backend.preferences).toMatchObject({ language: "es" });

    await fireEvent.change(select, { target: { value: "system" } });
    await waitFor(() => expect(screen.getByTestId("nav-clients").textContent).toContain("Clients"));
    expect(backend.preferences).toMatchObject({ language: null });
    expect(document.documentElement.lang).toBe("en");
  });

  it("starts in the saved language", async () => {
    renderApp(new FakeBackend({ preferences: { language: "es" } }), ROUTES.clients);
    expect((await byTestId("clients-page")).textContent).toContain("Clientes");
    expect((await byTestId("sort-assigned")).textContent).toContain("Asignados");
    expect(document.documentElement.lang).toBe("es");
  });

  it("rolls back and says so when the preference cannot be stored", async () => {
    const backend = new FakeBackend({ fail: { setPreferences: { code: "internal", message: "disk full" } } });
    renderApp(backend);
    const select = (await byTestId("language-select")) as HTMLSelectElement;

    await fireEvent.change(select, { target: { value: "es" } });

    const error = await byTestId("settings-error");
    expect(error.textContent).toContain("internal");
    expect(error.textContent).toContain("disk full");
    expect(select.value).toBe("system");
    expect(screen.getByTestId("nav-clients").textContent).toContain("Clients");
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
      checkExposedPasswords: true,
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

describe("the breach check", () => {
  it("is on by default and turns off, keeping every other preference", async () => {
    const backend = renderApp(
      fake({ preferences: { autoLockMinutes: 5, lastEmail: "tech@msp.example", recentClients: ["org-6"], language: "en" } }),
    );
    const box = (await byTestId("settings-check-exposed")) as HTMLInputElement;
    expect(screen.getByLabelText("Check passwords against Have I Been Pwned")).toBe(box);
    expect(box.getAttribute("aria-describedby")).toBe("check-exposed-help");
    expect(document.getElementById("check-exposed-help")?.textContent).toBe(
      "Only the first five characters of each password's SHA-1 hash leave this computer.",
    );
    await waitFor(() => expect(calls(backend, "getPreferences").length).toBeGreaterThan(0));
    expect(box.checked).toBe(true);

    await fireEvent.click(box);
    await waitFor(() => expect(backend.preferences.checkExposedPasswords).toBe(false));
    await waitFor(() => expect(screen.getByTestId("settings-status").textContent).toContain("Saved"));
    expect(backend.preferences).toEqual({
      language: "en",
      autoLockMinutes: 5,
      syncIntervalMinutes: 30,
      lastServer: null,
      lastEmail: "tech@msp.example",
      recentClients: ["org-6"],
      checkExposedPasswords: false,
    });
    const writes = calls(backend, "setPreferences");
    expect(writes.at(-1)?.args[0]).toEqual(backend.preferences);

    // The reports follow the setting.
    expect((await backend.healthReport("org-6")).breaches.check).toBe("off");

    await fireEvent.click(box);
    await waitFor(() => expect(backend.preferences.checkExposedPasswords).toBe(true));
  });

  it("starts from the saved value", async () => {
    renderApp(fake({ preferences: { checkExposedPasswords: false } }));
    const box = (await byTestId("settings-check-exposed")) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it("shows the stored value again when saving fails", async () => {
    const backend = renderApp(fake({ fail: { setPreferences: { code: "internal", message: "disk full" } } }));
    const box = (await byTestId("settings-check-exposed")) as HTMLInputElement;
    await waitFor(() => expect(calls(backend, "getPreferences").length).toBeGreaterThan(0));
    await fireEvent.click(box);
    expect((await byTestId("settings-error")).textContent).toContain("disk full");
    await waitFor(() => expect(box.checked).toBe(true));
    expect(backend.preferences.checkExposedPasswords).toBe(true);
  });

  it("is in Spanish", async () => {
    renderApp(fake({ preferences: { language: "es" } }));
    const box = await byTestId("settings-check-exposed");
    await waitFor(() => expect(screen.getByLabelText("Comprobar las contraseñas en Have I Been Pwned")).toBe(box));
    expect(document.getElementById("check-exposed-help")?.textContent).toContain("hash SHA-1");
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
