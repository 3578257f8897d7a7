// The portal frame and the startup error screen against the fake backend, in jsdom.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "$lib/backend";
import { ROUTES, locate } from "$lib/navigation";
import Harness from "$lib/testing/Harness.svelte";

function renderApp(backend = new FakeBackend(), start?: (typeof ROUTES)[keyof typeof ROUTES]) {
  const result = render(Harness, { backend, start });
  return { backend, ...result };
}

const byTestId = (id: string) => screen.findByTestId(id);

describe("portal frame", () => {
  it("renders the frame with landmarks, the product switcher and the Provider Portal navigation", async () => {
    renderApp();
    const frame = await byTestId("portal-frame");

    expect(within(frame).getByRole("main")).toBeTruthy();
    const switcher = screen.getByTestId("product-switcher");
    expect(switcher.tagName).toBe("NAV");
    expect(switcher.getAttribute("aria-label")).toBe("Product switcher");
    expect(screen.getByRole("navigation", { name: "Provider Portal" })).toBeTruthy();

    const provider = screen.getByTestId("product-provider");
    expect(provider.textContent).toContain("Provider Portal");
    expect(provider.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("product-admin").getAttribute("aria-pressed")).toBe("false");

    const clientsLink = screen.getByTestId("nav-clients");
    expect(clientsLink.textContent).toContain("Clients");
    expect(clientsLink.getAttribute("aria-current")).toBe("page");
    expect(clientsLink.getAttribute("href")).toBe("/provider/clients");
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBeNull();
    expect(await byTestId("clients-page")).toBeTruthy();
  });

  it("shows a loading state until app_info answers", async () => {
    renderApp(new FakeBackend({ delayMs: 30 }));
    expect(screen.getByRole("status").textContent).toContain("Starting Provider Desk");
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(await byTestId("portal-frame")).toBeTruthy();
  });

  it("toggles between Provider Portal and Admin Console with the product switcher", async () => {
    renderApp();
    await byTestId("clients-page");

    await fireEvent.click(screen.getByTestId("product-admin"));
    const admin = await byTestId("admin-console");
    expect(admin.textContent).toContain("No client selected");
    expect(admin.textContent).toContain("select the client");
    expect(screen.queryByTestId("clients-page")).toBeNull();
    expect(screen.getByTestId("product-admin").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("product-provider").getAttribute("aria-pressed")).toBe("false");
    // The Admin Console has no Provider Portal navigation.
    expect(screen.queryByTestId("nav-clients")).toBeNull();

    // The Provider Portal opens on its home, the dashboard.
    await fireEvent.click(screen.getByTestId("product-provider"));
    expect(await byTestId("dashboard-page")).toBeTruthy();
    expect(screen.queryByTestId("admin-console")).toBeNull();
    expect(screen.getByTestId("product-provider").getAttribute("aria-pressed")).toBe("true");
  });

  it("product switcher items are keyboard-reachable buttons", async () => {
    renderApp();
    await byTestId("portal-frame");
    for (const id of ["product-provider", "product-admin"]) {
      const item = screen.getByTestId(id);
      expect(item.tagName).toBe("BUTTON");
      expect(item.getAttribute("type")).toBe("button");
      item.focus();
      expect(document.activeElement).toBe(item);
    }
  });

  it("follows the left navigation links to Settings and back", async () => {
    renderApp();
    await byTestId("clients-page");

    await fireEvent.click(screen.getByTestId("nav-settings"));
    expect(await byTestId("settings-page")).toBeTruthy();
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("nav-clients").getAttribute("aria-current")).toBeNull();

    await fireEvent.click(screen.getByTestId("nav-clients"));
    expect(await byTestId("clients-page")).toBeTruthy();
  });

  it("lists the Provider Portal's sections in order, Event logs after Changes, the provider's Billing and settings after People, Resources and Send before Settings", async () => {
    renderApp();
    await byTestId("clients-page");
    const nav = screen.getByRole("navigation", { name: "Provider Portal" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent?.trim())).toEqual([
      "Dashboard",
      "Clients",
      "Changes",
      "Event logs",
      "People",
      "Billing",
      "Provider settings",
      "Resources",
      "Send",
      "Settings",
    ]);

    const events = screen.getByTestId("nav-provider-events");
    expect(events.getAttribute("href")).toBe("/provider/events");
    await fireEvent.click(events);
    expect(screen.getByTestId("nav-provider-events").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("nav-changes").getAttribute("aria-current")).toBeNull();
  });

  it("names the section of every Provider Portal route", () => {
    expect(locate(ROUTES.providerEvents)).toEqual({ product: "provider", section: "providerEvents" });
    expect(locate(ROUTES.changes)).toEqual({ product: "provider", section: "changes" });
    expect(locate(ROUTES.resources)).toEqual({ product: "provider", section: "resources" });
    expect(locate(ROUTES.providerBilling)).toEqual({ product: "provider", section: "providerBilling" });
    expect(locate(ROUTES.providerSettings)).toEqual({ product: "provider", section: "providerSettings" });
    expect(locate("/admin/onboarding?org=org-6")).toEqual({ product: "admin", section: "onboarding" });
    expect(locate("/admin/events?org=org-1")).toEqual({ product: "admin", section: "events" });
    expect(locate("/provider/nowhere")).toEqual({ product: "provider", section: null });
  });
});

describe("startup error screen", () => {
  const failure = {
    code: "internal" as const,
    message: "could not create the data directory /nope/<script>alert(1)</script>/data: Not a directory",
  };

  it("replaces the portal with the error code and message, as text", async () => {
    renderApp(new FakeBackend({ fail: { appInfo: failure } }));

    const screenEl = await byTestId("startup-error");
    expect(screen.queryByTestId("portal-frame")).toBeNull();
    expect(screen.getByTestId("startup-error-code").textContent).toBe("internal");
    expect(screen.getByTestId("startup-error-message").textContent).toBe(failure.message);
    expect(screenEl.querySelector("script")).toBeNull();
    expect(within(screenEl).getByRole("alert")).toBeTruthy();
    expect(within(screenEl).getByRole("heading", { level: 1 }).textContent).toBe("Provider Desk could not start");
  });

  it("retries and opens the portal once the core answers", async () => {
    const backend = new FakeBackend({ fail: { appInfo: failure } });
    renderApp(backend);
    await byTestId("startup-error");

    backend.fail = {};
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(screen.queryByTestId("startup-error")).toBeNull();
  });

  it("is not caused by unreadable preferences (the OS language applies)", async () => {
    renderApp(new FakeBackend({ fail: { getPreferences: { code: "internal", message: "store broken" } } }));
    expect(await byTestId("portal-frame")).toBeTruthy();
    expect(document.documentElement.lang).toBe("en");
  });
});
