// Provider Portal → Resources: the address table shown as text, each
// resource opened by name through the core (never by URL from the webview),
// the sidebar and palette entry, failures and Spanish.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend, RESOURCE_URLS, type Resource } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { byTestId, renderPortal } from "$lib/testing/portal";
import { RESOURCE_TEXT, RESOURCES } from "./resources";

// Every Resource value, checked by svelte-check: a value added in Rust must be added here.
const EVERY_RESOURCE: Record<Resource, true> = {
  register: true,
  training_videos: true,
  import_data: true,
  two_step_login: true,
  apps: true,
  weekly_demos: true,
  account_recovery: true,
};

describe("the resource table", () => {
  it("has exactly the Resource values as keys", () => {
    const all = Object.keys(EVERY_RESOURCE).sort();
    expect(Object.keys(RESOURCE_URLS).sort()).toEqual(all);
    expect(Object.keys(RESOURCE_TEXT).sort()).toEqual(all);
    expect([...RESOURCES].sort()).toEqual(all);
  });

  it("lists only https:// pages on bitwarden.com", () => {
    for (const [resource, address] of Object.entries(RESOURCE_URLS)) {
      const url = new URL(address);
      expect(url.protocol, resource).toBe("https:");
      expect(url.hostname, resource).toBe("bitwarden.com");
      expect(url.username + url.password + url.port, resource).toBe("");
    }
  });
});

describe("the Resources page", () => {
  it("lists the help page's six tasks and account recovery, each with its address", async () => {
    renderPortal(new FakeBackend(), "/provider/resources");
    const page = await byTestId("resources-page");
    expect(within(page).getByRole("heading", { level: 1 }).textContent).toBe("Resources");
    const rows = screen.getAllByTestId("resource-row");
    expect(rows.map((r) => r.dataset.resource)).toEqual([
      "register",
      "training_videos",
      "import_data",
      "two_step_login",
      "apps",
      "weekly_demos",
      "account_recovery",
    ]);
    expect(rows[0].textContent).toContain("Register an account");
    expect(within(rows[3]).getByTestId("resource-url").textContent).toBe("https://bitwarden.com/help/setup-two-step-login/");
    // No link to follow in the webview: the pages open through the core.
    expect(page.querySelectorAll("a").length).toBe(0);
    const button = within(rows[4]).getByTestId("resource-open");
    expect(button.tagName).toBe("BUTTON");
    expect(button.textContent?.trim()).toBe("Open on bitwarden.com");
    expect(button.getAttribute("aria-describedby")).toBe("resource-apps-title");
  });

  it("opens each resource by name through the backend", async () => {
    const backend = new FakeBackend();
    renderPortal(backend, "/provider/resources");
    await byTestId("resources-page");
    for (const button of screen.getAllByTestId("resource-open")) await fireEvent.click(button);
    expect(calls(backend, "openResource").map((c) => c.args)).toEqual(RESOURCES.map((r) => [r]));
    expect(screen.queryByTestId("resources-error")).toBeNull();
  });

  it("says so when the page cannot be opened", async () => {
    const backend = new FakeBackend({ fail: { openResource: { code: "internal", message: "No browser is available." } } });
    renderPortal(backend, "/provider/resources");
    await byTestId("resources-page");
    await fireEvent.click(screen.getAllByTestId("resource-open")[0]);
    expect((await byTestId("resources-error")).textContent).toContain("Could not open the page: No browser is available.");
  });

  it("is in the sidebar after Event logs and in the command palette", async () => {
    const { visited } = renderPortal(new FakeBackend(), "/provider/clients");
    await byTestId("clients-page");
    await fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    await fireEvent.input(await byTestId("palette-input"), { target: { value: "resour" } });
    expect(screen.getAllByTestId("palette-option").map((o) => o.querySelector(".label")?.textContent)).toEqual(["Resources"]);
    await fireEvent.keyDown(screen.getByTestId("palette-input"), { key: "Enter" });
    expect(visited.at(-1)).toBe("/provider/resources");
    expect(await byTestId("resources-page")).toBeTruthy();

    const link = screen.getByTestId("nav-resources");
    expect(link.getAttribute("href")).toBe("/provider/resources");
    expect(link.getAttribute("aria-current")).toBe("page");
    await fireEvent.click(screen.getByTestId("nav-clients"));
    await byTestId("clients-page");
    await fireEvent.click(screen.getByTestId("nav-resources"));
    expect(await byTestId("resources-page")).toBeTruthy();
  });

  it("speaks Spanish", async () => {
    renderPortal(new FakeBackend({ preferences: { language: "es" } }), "/provider/resources");
    await byTestId("resources-page");
    await waitFor(() => expect(screen.getByTestId("nav-resources").textContent?.trim()).toBe("Recursos"));
    expect(screen.getAllByTestId("resource-open")[0].textContent?.trim()).toBe("Abrir en bitwarden.com");
    expect(screen.getAllByTestId("resource-row")[0].textContent).toContain("Registrar una cuenta");
  });
});
