// Sign-in against the fake backend: the demo path a newcomer takes, the
// two-step and new-device steps, the API key option and every error's message.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, FAKE_CODE, FAKE_DEMO, FakeBackend, type SignInInput } from "$lib/backend";
import { en, es } from "$lib/i18n/catalogs";
import { i18n } from "$lib/i18n";
import { ROUTES } from "$lib/navigation";
import Harness from "$lib/testing/Harness.svelte";

// Settings is the page behind the gate: it is ours, so these tests do not
// depend on the portal pages being built next door.
function renderSignIn(options: ConstructorParameters<typeof FakeBackend>[0] = {}) {
  const backend = new FakeBackend({ session: "signed_out", ...options });
  render(Harness, { backend, start: ROUTES.settings });
  return backend;
}

const byTestId = (id: string) => screen.findByTestId(id);
const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.input(screen.getByTestId(id), { target: { value } });
const signInCalls = (backend: FakeBackend) =>
  backend.calls.filter((c) => c.method === "signIn").map((c) => c.args[0] as SignInInput);

async function fillDemoAndSubmit(): Promise<void> {
  await fireEvent.click(await byTestId("demo-fill"));
  await fireEvent.click(screen.getByTestId("signin-submit"));
}

describe("sign-in screen", () => {
  it("preselects the demo, shows its credentials, fills them and lands in the portal with a sync", async () => {
    const backend = renderSignIn();
    await byTestId("signin-page");
    expect(screen.queryByTestId("portal-frame")).toBeNull();

    const server = (await byTestId("signin-server")) as HTMLSelectElement;
    expect(server.value).toBe("demo");
    expect([...server.options].map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ["demo", "Demo sandbox (built in)"],
      ["us", "bitwarden.com"],
      ["eu", "bitwarden.eu"],
      ["self_hosted", "Self-hosted"],
    ]);
    const demo = await byTestId("demo-credentials");
    expect(demo.textContent).toContain(FAKE_DEMO.email);
    expect(demo.textContent).toContain(FAKE_DEMO.serviceUserEmail);
    expect(demo.textContent).toContain(FAKE_DEMO.password);
    // The first field to type into has focus.
    await waitFor(() => expect(document.activeElement).toBe(input("signin-email")));
    expect(input("signin-password").type).toBe("password");
    expect(screen.getByLabelText("Master password")).toBe(input("signin-password"));
    expect(screen.getByLabelText("Email address")).toBe(input("signin-email"));

    await fireEvent.click(screen.getByTestId("demo-fill"));
    expect(input("signin-email").value).toBe(FAKE_DEMO.email);
    expect(input("signin-password").value).toBe(FAKE_DEMO.password);
    await fireEvent.click(screen.getByTestId("signin-submit"));

    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(await byTestId("status-bar")).toBeTruthy();
    expect(screen.queryByTestId("signin-page")).toBeNull();
    expect(signInCalls(backend)[0]).toMatchObject({
      server: { kind: "demo" },
      email: FAKE_DEMO.email,
      twoFactor: null,
      newDeviceCode: null,
      apiKey: null,
      allowHttp: false,
    });
    // Sync on sign-in, of everything.
    await waitFor(() => expect(backend.calls.some((c) => c.method === "startSync" && c.args[0] === null)).toBe(true));
    await waitFor(() => expect(backend.lastSummary?.outcome).toBe("success"));

    // Server and email are remembered, the other preferences kept, the password never stored.
    await waitFor(() => expect(backend.preferences.lastEmail).toBe(FAKE_DEMO.email));
    expect(backend.preferences).toMatchObject({ lastServer: { kind: "demo" }, autoLockMinutes: 15, syncIntervalMinutes: 30 });
    const stored = JSON.stringify(backend.calls.filter((c) => c.method === "setPreferences"));
    expect(stored).not.toContain(FAKE_DEMO.password);
    expect(stored).not.toContain("password");
  });

  it("starts on the last server and email, with focus on the password", async () => {
    renderSignIn({ preferences: { lastServer: { kind: "eu" }, lastEmail: "tech@msp.example" } });
    const server = (await byTestId("signin-server")) as HTMLSelectElement;
    await waitFor(() => expect(server.value).toBe("eu"));
    expect(input("signin-email").value).toBe("tech@msp.example");
    expect(screen.queryByTestId("demo-credentials")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(input("signin-password")));
  });

  it("shows the invalid_input message and the server's words for a wrong password, and stays", async () => {
    const backend = renderSignIn();
    await byTestId("demo-fill");
    await type("signin-email", FAKE_DEMO.email);
    await type("signin-password", "wrong password");
    await fireEvent.click(screen.getByTestId("signin-submit"));

    const error = await byTestId("signin-error");
    expect(error.getAttribute("data-code")).toBe("invalid_input");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain(en["errors.invalid_input"]);
    expect(error.textContent).toContain("Username or password is incorrect. Try again.");
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(backend.status).toBe("signed_out");
    expect((screen.getByTestId("signin-submit") as HTMLButtonElement).disabled).toBe(false);
    expect(backend.calls.some((c) => c.method === "startSync")).toBe(false);
  });

  it("disables submit and says it is working while the core answers", async () => {
    renderSignIn({ delayMs: 40 });
    await fillDemoAndSubmit();
    const submit = screen.getByTestId("signin-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(submit.textContent).toContain("Logging in…");
    expect(screen.getByTestId("signin-page").querySelector("form")?.getAttribute("aria-busy")).toBe("true");
    expect(await byTestId("portal-frame")).toBeTruthy();
  });

  it("submits with Enter (the form's submit) too", async () => {
    renderSignIn();
    await fireEvent.click(await byTestId("demo-fill"));
    await fireEvent.submit(input("signin-password").form!);
    expect(await byTestId("portal-frame")).toBeTruthy();
  });

  it("requires a URL for a self-hosted server before calling the core", async () => {
    const backend = renderSignIn();
    await fireEvent.change(await byTestId("signin-server"), { target: { value: "self_hosted" } });
    const url = await byTestId("signin-server-url");
    expect(screen.getByLabelText("Server URL")).toBe(url);
    expect(screen.queryByTestId("demo-credentials")).toBeNull();
    await type("signin-email", "it@msp.example");
    await type("signin-password", FAKE_DEMO.password);
    await fireEvent.click(screen.getByTestId("signin-submit"));

    const error = await byTestId("signin-error");
    expect(error.getAttribute("data-code")).toBe("invalid_input");
    expect(error.textContent).toContain(en["signin.serverUrl.required"]);
    expect(url.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(url);
    expect(signInCalls(backend)).toEqual([]);

    await type("signin-server-url", "not a url");
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect(signInCalls(backend)).toEqual([]);

    await type("signin-server-url", " https://vault.msp.example ");
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend)[0].server).toEqual({ kind: "self_hosted", url: "https://vault.msp.example" });
    await waitFor(() => expect(backend.preferences.lastServer).toEqual({ kind: "self_hosted", url: "https://vault.msp.example" }));
  });

  it("says which field is missing", async () => {
    renderSignIn();
    await byTestId("demo-fill");
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect((await byTestId("signin-error")).textContent).toContain(en["signin.email.required"]);
    await type("signin-email", "a@b.example");
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect(screen.getByTestId("signin-error").textContent).toContain(en["signin.password.required"]);
    expect(document.activeElement).toBe(input("signin-password"));
  });

  it("shows and hides the master password by keyboard-reachable button", async () => {
    renderSignIn();
    const toggle = await byTestId("signin-password-toggle");
    expect(toggle.tagName).toBe("BUTTON");
    expect(toggle.getAttribute("aria-label")).toBe("Show master password");
    await fireEvent.click(toggle);
    expect(input("signin-password").type).toBe("text");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(toggle.getAttribute("aria-label")).toBe("Hide master password");
    await fireEvent.click(toggle);
    expect(input("signin-password").type).toBe("password");
  });

  it("signs in with a personal API key, still asking for the master password", async () => {
    const backend = renderSignIn();
    await byTestId("demo-fill");
    expect(screen.queryByTestId("signin-client-id")).toBeNull();
    await fireEvent.click(screen.getByTestId("signin-use-apikey"));
    await byTestId("signin-client-id");
    await fireEvent.click(screen.getByTestId("demo-fill"));
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect((await byTestId("signin-error")).textContent).toContain(en["signin.apiKey.required"]);
    expect(signInCalls(backend)).toEqual([]);

    await type("signin-client-id", "user.1234");
    await type("signin-client-secret", "s3cret");
    await fireEvent.click(screen.getByTestId("signin-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend)[0].apiKey).toEqual({ clientId: "user.1234", clientSecret: "s3cret" });
    const stored = JSON.stringify(backend.calls.filter((c) => c.method === "setPreferences"));
    expect(stored).not.toContain("s3cret");
  });

  it("reports an unreachable server with the offline message", async () => {
    renderSignIn({ online: false });
    await fireEvent.change(await byTestId("signin-server"), { target: { value: "us" } });
    await type("signin-email", "it@msp.example");
    await type("signin-password", FAKE_DEMO.password);
    await fireEvent.click(screen.getByTestId("signin-submit"));
    const error = await byTestId("signin-error");
    expect(error.getAttribute("data-code")).toBe("offline");
    expect(error.textContent).toContain(en["errors.offline"]);
  });

  it("is in Spanish with Bitwarden's terms", async () => {
    renderSignIn({ preferences: { language: "es" } });
    await byTestId("demo-credentials");
    expect(screen.getByLabelText("Contraseña maestra")).toBe(input("signin-password"));
    expect(screen.getByLabelText("Correo electrónico")).toBe(input("signin-email"));
    expect(screen.getByTestId("signin-submit").textContent).toContain("Iniciar sesión");
    const server = screen.getByTestId("signin-server") as HTMLSelectElement;
    expect([...server.options].map((o) => o.textContent?.trim())).toContain("Autoalojado");
  });
});

describe("plain http:// to a self-hosted server", () => {
  const PLAIN = "http://vault.example.com";
  const submit = () => screen.getByTestId("signin-submit") as HTMLButtonElement;

  async function selfHosted(url: string, options: ConstructorParameters<typeof FakeBackend>[0] = {}) {
    const backend = renderSignIn(options);
    await fireEvent.change(await byTestId("signin-server"), { target: { value: "self_hosted" } });
    await byTestId("signin-server-url");
    await type("signin-server-url", url);
    await type("signin-email", "it@msp.example");
    await type("signin-password", FAKE_DEMO.password);
    return backend;
  }

  it("warns and asks for a confirmation only for http:// to another machine", async () => {
    await selfHosted(PLAIN);
    const warning = await byTestId("signin-plain-http-warning");
    expect(warning.textContent).toContain("vault.example.com uses plain http://");
    const box = screen.getByLabelText(en["signin.serverUrl.plainHttpConfirm"]) as HTMLInputElement;
    expect(box).toBe(input("signin-allow-http"));
    expect(box.type).toBe("checkbox");
    expect(box.checked).toBe(false);
    expect(box.required).toBe(true);
    expect(box.getAttribute("aria-describedby")).toBe(warning.id);
    // The URL field is described by its help and the warning.
    expect(input("signin-server-url").getAttribute("aria-describedby")?.split(" ")).toEqual(["signin-server-url-help", warning.id]);
    expect(warning.getAttribute("role")).toBeNull();

    for (const url of ["https://vault.example.com", "http://127.0.0.1:8080", "http://localhost", "http://[::1]:8080"]) {
      await type("signin-server-url", url);
      expect(screen.queryByTestId("signin-plain-http"), url).toBeNull();
      expect(screen.queryByTestId("signin-submit-reason"), url).toBeNull();
      expect(submit().disabled, url).toBe(false);
      expect(input("signin-server-url").getAttribute("aria-describedby"), url).toBe("signin-server-url-help");
    }
    await type("signin-server-url", "HTTP://Vault.Example.com:8080");
    expect((await byTestId("signin-plain-http-warning")).textContent).toContain("vault.example.com:8080");
    // Not shown for the other servers.
    await fireEvent.change(screen.getByTestId("signin-server"), { target: { value: "us" } });
    expect(screen.queryByTestId("signin-plain-http")).toBeNull();
    expect(submit().disabled).toBe(false);
  });

  it("keeps Log in disabled, saying why, until the box is ticked, and signs in with allowHttp", async () => {
    const backend = await selfHosted(PLAIN);
    expect(submit().disabled).toBe(true);
    const reason = await byTestId("signin-submit-reason");
    expect(reason.textContent).toContain(en["signin.serverUrl.plainHttpRequired"]);
    expect(submit().getAttribute("aria-describedby")).toBe(reason.id);
    // Enter (the form's submit) does not get past it either.
    await fireEvent.submit(input("signin-password").form!);
    expect((await byTestId("signin-error")).textContent).toContain(en["signin.serverUrl.plainHttpRequired"]);
    expect(document.activeElement).toBe(input("signin-allow-http"));
    expect(signInCalls(backend)).toEqual([]);

    await fireEvent.click(input("signin-allow-http"));
    expect(input("signin-allow-http").checked).toBe(true);
    expect(submit().disabled).toBe(false);
    expect(submit().getAttribute("aria-describedby")).toBeNull();
    expect(screen.queryByTestId("signin-submit-reason")).toBeNull();
    await fireEvent.click(submit());

    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend)).toHaveLength(1);
    expect(signInCalls(backend)[0]).toMatchObject({ server: { kind: "self_hosted", url: PLAIN }, allowHttp: true });
  });

  it("unticks the box when the URL moves to https or this machine, or to another host", async () => {
    const backend = await selfHosted(PLAIN);
    await fireEvent.click(await byTestId("signin-allow-http"));
    // The path is the same server: the confirmation stays.
    await type("signin-server-url", `${PLAIN}/vault`);
    expect(input("signin-allow-http").checked).toBe(true);

    await type("signin-server-url", "https://vault.example.com");
    expect(screen.queryByTestId("signin-allow-http")).toBeNull();
    await type("signin-server-url", PLAIN);
    expect(input("signin-allow-http").checked).toBe(false);
    expect(submit().disabled).toBe(true);

    await fireEvent.click(input("signin-allow-http"));
    await type("signin-server-url", "http://localhost:8080");
    expect(screen.queryByTestId("signin-allow-http")).toBeNull();
    await type("signin-server-url", PLAIN);
    expect(input("signin-allow-http").checked).toBe(false);

    await fireEvent.click(input("signin-allow-http"));
    await type("signin-server-url", "http://other.example.com");
    expect(input("signin-allow-http").checked).toBe(false);

    await fireEvent.click(input("signin-allow-http"));
    await fireEvent.change(screen.getByTestId("signin-server"), { target: { value: "eu" } });
    await fireEvent.change(screen.getByTestId("signin-server"), { target: { value: "self_hosted" } });
    expect(input("signin-allow-http").checked).toBe(false);

    // https sends no confirmation.
    await type("signin-server-url", "https://vault.example.com");
    await fireEvent.click(submit());
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend)[0]).toMatchObject({ server: { kind: "self_hosted", url: "https://vault.example.com" }, allowHttp: false });
  });

  it("sends the confirmation with the two-step steps and the emailed code", async () => {
    const backend = await selfHosted(PLAIN, { signInStep: "two_factor" });
    await fireEvent.click(await byTestId("signin-allow-http"));
    await fireEvent.click(submit());
    await byTestId("twofactor-step");
    await fireEvent.change(screen.getByTestId("twofactor-method"), { target: { value: "email" } });
    await fireEvent.click(await byTestId("twofactor-send-email"));
    await waitFor(() => expect(screen.getByTestId("signin-notice").textContent).toContain("a***@demo-msp.example"));
    expect(screen.queryByTestId("signin-error")).toBeNull();
    const sent = backend.calls.find((c) => c.method === "sendLoginEmail")!.args[0] as SignInInput;
    expect(sent).toMatchObject({ server: { kind: "self_hosted", url: PLAIN }, allowHttp: true });

    await type("twofactor-code", FAKE_CODE);
    await fireEvent.click(screen.getByTestId("twofactor-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend).map((c) => c.allowHttp)).toEqual([true, true]);
  });

  it("is in Spanish", async () => {
    await selfHosted(PLAIN, { preferences: { language: "es" } });
    await byTestId("signin-plain-http");
    expect(screen.getByLabelText(es["signin.serverUrl.plainHttpConfirm"])).toBe(input("signin-allow-http"));
    expect(es["signin.serverUrl.plainHttpConfirm"]).toContain("contraseña maestra");
    expect(screen.getByTestId("signin-plain-http-warning").textContent).toContain("vault.example.com usa http://");
    expect(screen.getByTestId("signin-submit-reason").textContent).toContain(es["signin.serverUrl.plainHttpRequired"]);
  });
});

describe("two-step login", () => {
  it("asks for a code, sends it by email, refuses a wrong one and signs in with the right one", async () => {
    const backend = renderSignIn({ signInStep: "two_factor" });
    await fillDemoAndSubmit();

    const step = await byTestId("twofactor-step");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("Two-step login");
    const method = screen.getByTestId("twofactor-method") as HTMLSelectElement;
    expect([...method.options].map((o) => o.value)).toEqual(["authenticator", "email"]);
    expect(method.value).toBe("authenticator");
    expect(screen.queryByTestId("twofactor-send-email")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(input("twofactor-code")));
    expect(step.textContent).toContain("Remember me");

    await fireEvent.change(method, { target: { value: "email" } });
    await fireEvent.click(await byTestId("twofactor-send-email"));
    await waitFor(() => expect(backend.calls.some((c) => c.method === "sendLoginEmail")).toBe(true));
    const sent = backend.calls.find((c) => c.method === "sendLoginEmail")!.args[0] as SignInInput;
    expect(sent).toMatchObject({ email: FAKE_DEMO.email, password: "***", twoFactor: null });
    await waitFor(() => expect(screen.getByTestId("signin-notice").textContent).toContain("a***@demo-msp.example"));

    await type("twofactor-code", "000000");
    await fireEvent.click(screen.getByTestId("twofactor-submit"));
    const error = await byTestId("signin-error");
    expect(error.getAttribute("data-code")).toBe("invalid_input");
    expect(error.textContent).toContain("Two-step token is invalid");
    expect(input("twofactor-code").value).toBe("");
    expect(screen.queryByTestId("portal-frame")).toBeNull();

    await type("twofactor-code", FAKE_CODE);
    await fireEvent.click(screen.getByTestId("twofactor-remember"));
    await fireEvent.click(screen.getByTestId("twofactor-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend).at(-1)!.twoFactor).toEqual({ method: "email", code: FAKE_CODE, remember: true });
  });

  it("goes back to the credentials", async () => {
    renderSignIn({ signInStep: "two_factor" });
    await fillDemoAndSubmit();
    await byTestId("twofactor-step");
    await fireEvent.click(screen.getByTestId("signin-back"));
    expect(await byTestId("signin-password")).toBeTruthy();
    expect(screen.queryByTestId("twofactor-step")).toBeNull();
    expect(input("signin-email").value).toBe(FAKE_DEMO.email);
  });
});

describe("new-device verification", () => {
  it("asks for the emailed code, resends it and signs in", async () => {
    const backend = renderSignIn({ signInStep: "new_device" });
    await fillDemoAndSubmit();
    await byTestId("newdevice-step");
    await waitFor(() => expect(document.activeElement).toBe(input("newdevice-code")));

    await fireEvent.click(screen.getByTestId("newdevice-resend"));
    await waitFor(() => expect(screen.getByTestId("signin-notice").textContent).toContain(en["signin.newdevice.resent"]));
    expect(backend.calls.filter((c) => c.method === "resendDeviceCode")).toHaveLength(1);

    await type("newdevice-code", "999999");
    await fireEvent.click(screen.getByTestId("newdevice-submit"));
    expect((await byTestId("signin-error")).textContent).toContain("Invalid new device OTP.");

    await type("newdevice-code", FAKE_CODE);
    await fireEvent.click(screen.getByTestId("newdevice-submit"));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(signInCalls(backend).at(-1)).toMatchObject({ newDeviceCode: FAKE_CODE, twoFactor: null });
  });

  it("shows the resend failure", async () => {
    renderSignIn({ signInStep: "new_device", fail: { resendDeviceCode: { code: "rate_limited", message: "Slow down." } } });
    await fillDemoAndSubmit();
    await fireEvent.click(await byTestId("newdevice-resend"));
    const error = await byTestId("signin-error");
    expect(error.getAttribute("data-code")).toBe("rate_limited");
    expect(error.textContent).toContain(en["errors.rate_limited"]);
    expect(error.textContent).toContain("Slow down.");
  });
});

describe("error messages", () => {
  it("has a distinct human message for every error code, in English and Spanish", () => {
    const catalogs: Record<string, Record<string, string>> = { en, es };
    for (const catalog of Object.values(catalogs)) {
      const messages = ERROR_CODES.map((code) => catalog[`errors.${code}`]);
      expect(messages.every((m) => typeof m === "string" && m.length > 20)).toBe(true);
      expect(new Set(messages).size).toBe(ERROR_CODES.length);
    }
  });

  it("renders the backend's message as text", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1">`;
    renderSignIn({ fail: { signIn: { code: "server_error", message: hostile } } });
    await fillDemoAndSubmit();
    const error = await byTestId("signin-error");
    expect(error.textContent).toContain(hostile);
    expect(error.querySelector("img")).toBeNull();
    expect(error.textContent).toContain(en["errors.server_error"]);
    i18n.setPreference("es");
    await waitFor(() => expect(screen.getByTestId("signin-error").textContent).toContain(es["errors.server_error"]));
  });
});
