// Provider Portal → Event logs against the fake backend: the rows, each
// filter as the core is asked it, the actor link, paging, the CSV export, the
// empty states, the refusal a service user gets, gaps, failures, stale
// answers, hostile text and Spanish; and the page's helpers.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import {
  FAKE_NOW,
  FakeBackend,
  HOSTILE_NAMES,
  fakeOptionsFromQuery,
  type Lang,
  type ProviderEventFilter,
  type ProviderEventsPage,
} from "$lib/backend";
import { i18n } from "$lib/i18n";
import { calls } from "$lib/testing/app";
import { setClock } from "$lib/ui/format";
import { NO_PROVIDER_FILTERS, isProviderFiltered, toProviderEventFilter } from "./provider-events";
import { ROUTES } from "$lib/navigation";
import { eventMessages as messages, eventRows as rows } from "$lib/testing/events";
import { byTestId, openAt, renderPortal } from "$lib/testing/portal";
import { control, lastCall as lastCallOf, textOf as text } from "$lib/testing/queries";

beforeEach(() => setClock(() => FAKE_NOW));

/** The arguments of the last providerEventsPage call. */
const lastCall = (backend: FakeBackend) => lastCallOf(backend, "providerEventsPage");

function show(backend = new FakeBackend()): FakeBackend {
  renderPortal(backend, ROUTES.providerEvents);
  return backend;
}

const open = (backend = new FakeBackend()) => openAt(backend, ROUTES.providerEvents, "provider-events-table");

/** Waits until the core was last asked `filter` and the answer shows. */
async function asked(backend: FakeBackend, filter: ProviderEventFilter, total: string, lang: Lang = "en"): Promise<void> {
  await waitFor(() => expect(lastCall(backend)).toEqual([filter, lang]));
  await waitFor(() => expect(text("provider-events-total")).toBe(total));
  expect(screen.queryByTestId("provider-events-loading")).toBeNull();
}

/** A backend whose providerEventsPage answers are rewritten by `change`. */
function rewriting(change: (page: ProviderEventsPage, filter: ProviderEventFilter) => ProviderEventsPage | Promise<ProviderEventsPage>): FakeBackend {
  const backend = new FakeBackend();
  const original = backend.providerEventsPage.bind(backend);
  backend.providerEventsPage = async (filter, lang) => change(await original(filter, lang), filter);
  return backend;
}

describe("the provider's event log", () => {
  it("shows the first 100 events, newest first, with who, what, app and IP", async () => {
    const backend = await open();
    expect(calls(backend, "providerEventsPage")[0].args).toEqual([{ page: 0 }, "en"]);
    expect(rows()).toHaveLength(100);
    expect(text("provider-events-total")).toBe("Events 1–100 of 139");
    expect(screen.getByTestId("provider-events-total").getAttribute("role")).toBe("status");
    expect(text("provider-events-title")).toBe("Event logs · Demo MSP");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("Demo MSP");
    // No "as of" for the provider's log.
    expect(screen.queryByTestId("events-asof")).toBeNull();

    const first = rows()[0];
    expect(first.dataset.actor).toBe("provider_user");
    expect(first.dataset.category).toBe("provider");
    expect(within(first).getByTestId("events-message").textContent).toBe("Opened the vault of client My Client's Organization.");
    expect(within(first).getByTestId("events-actor").textContent?.trim()).toBe("Alex Admin");
    expect(within(first).getByTestId("events-actor-email").textContent).toBe("admin@demo-msp.example");
    // The provider's own people need no "Provider user" beside their names.
    expect(within(first).queryByTestId("events-actor-kind")).toBeNull();
    expect(within(first).getByTestId("events-app").textContent).toBe("Web vault - Chrome");
    expect(within(first).getByTestId("events-ip").textContent).toMatch(/^198\.51\.100\.\d+$/);
    expect(within(first).getByTestId("events-time").getAttribute("datetime")).toBe("2026-11-26T11:30:00.000Z");
    expect(screen.getByTestId("provider-events-table").querySelector("caption")?.textContent).toBe("Events of Demo MSP");
    expect(screen.getByTestId("provider-events").querySelectorAll("[data-testid=events-item], [data-testid=events-target]")).toHaveLength(0);
  });

  it("names a provider user removed since as an unknown user, without a link", async () => {
    const backend = await open();
    await fireEvent.click(screen.getByTestId("provider-events-next"));
    await asked(backend, { page: 1 }, "Events 101–139 of 139");
    const unknown = rows().filter((r) => r.dataset.actor === "unknown");
    expect(unknown).toHaveLength(3);
    expect(within(unknown[0]).getByTestId("events-actor").textContent?.trim()).toBe("5eed0000");
    expect(within(unknown[0]).getByTestId("events-actor-kind").textContent).toBe("Unknown user");
    expect(within(unknown[0]).queryByTestId("events-actor-filter")).toBeNull();
    expect(messages()).toContain("Invited provider user 5eed0000.");
    expect(messages()).toContain("Edited provider user Sam Service <tech@demo-msp.example>.");
    expect(messages()).toContain("Added client Third Client's Organization.");
  });

  it("is in the Provider Portal's navigation, after Changes", async () => {
    show();
    await byTestId("provider-events-table");
    const nav = screen.getByRole("navigation", { name: "Provider Portal" });
    const links = within(nav).getAllByRole("link").map((a) => a.textContent?.trim());
    expect(links).toEqual(["Dashboard", "Clients", "Changes", "Event logs", "People", "Billing", "Provider settings", "Resources", "Send", "Settings"]);
    const link = screen.getByTestId("nav-provider-events");
    expect(link.getAttribute("href")).toBe("/provider/events");
    expect(link.getAttribute("aria-current")).toBe("page");
  });
});

describe("filters", () => {
  it("asks the core for each filter, from the first page", async () => {
    const backend = await open();

    await fireEvent.change(control<HTMLInputElement>("provider-events-from"), { target: { value: "2026-11-20" } });
    await asked(backend, { since: "2026-11-20", page: 0 }, "Events 1–30 of 30");
    await fireEvent.change(control<HTMLInputElement>("provider-events-to"), { target: { value: "2026-11-24" } });
    await asked(backend, { since: "2026-11-20", until: "2026-11-24", page: 0 }, "Events 1–20 of 20");
    expect(control<HTMLInputElement>("provider-events-to").min).toBe("2026-11-20");
    await fireEvent.click(screen.getByTestId("provider-events-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 139");
    expect(document.activeElement).toBe(screen.getByTestId("provider-events-from"));

    await fireEvent.change(control("provider-events-user"), { target: { value: "pu-2" } });
    await asked(backend, { providerUserId: "pu-2", page: 0 }, "Events 1–43 of 43");
    await fireEvent.change(control("provider-events-user"), { target: { value: "" } });
    await asked(backend, { page: 0 }, "Events 1–100 of 139");

    await fireEvent.change(control("provider-events-client"), { target: { value: "po-1" } });
    await asked(backend, { clientId: "po-1", page: 0 }, "Events 1–26 of 26");
    expect(messages().every((m) => m?.includes("My Client's Organization"))).toBe(true);

    await fireEvent.change(control("provider-events-device"), { target: { value: "25" } });
    await waitFor(() => expect(lastCall(backend)).toEqual([{ clientId: "po-1", device: 25, page: 0 }, "en"]));
    await waitFor(() => expect(rows().every((r) => within(r).getByTestId("events-app").textContent === "CLI - Linux")).toBe(true));
    // The other apps stay choosable though this page has only one.
    expect([...control("provider-events-device").options].map((o) => o.textContent)).toEqual([
      "All apps",
      "Web vault - Chrome",
      "Desktop - Linux",
      "CLI - Linux",
    ]);

    await fireEvent.click(screen.getByTestId("provider-events-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 139");
    expect(control("provider-events-client").value).toBe("");
    expect(control("provider-events-device").value).toBe("");
    expect((screen.getByTestId("provider-events-clear") as HTMLButtonElement).disabled).toBe(true);
  });

  it("lists the provider's users and clients the core gives", async () => {
    await open();
    const options = (id: string) => [...control(id).options].map((o) => o.textContent);
    expect(options("provider-events-user")).toEqual([
      "All provider users",
      "Alex Admin <admin@demo-msp.example>",
      "Sam Service <tech@demo-msp.example>",
      "Taylor Twofactor <secure@demo-msp.example>",
    ]);
    expect(options("provider-events-client")).toEqual([
      "All clients",
      "My Client's Organization",
      "Second Client's Organization",
      "Third Client's Organization",
      "Contoso Dental",
      "Fabrikam Legal",
    ]);
    const user = screen.getByTestId("provider-events-user");
    expect(screen.getByLabelText("Provider user")).toBe(user);
    expect(screen.getByTestId("provider-events-filters").getAttribute("role")).toBe("group");
  });

  it("filters by the provider user who acted, from a row", async () => {
    const backend = await open();
    const row = rows().find((r) => within(r).getByTestId("events-actor").textContent?.trim() === "Sam Service") as HTMLElement;
    const link = within(row).getByTestId("events-actor-filter");
    expect(link.tagName).toBe("BUTTON");
    expect(link.getAttribute("title")).toBe("Show only the events of Sam Service");
    await fireEvent.click(link);
    await asked(backend, { providerUserId: "pu-2", page: 0 }, "Events 1–43 of 43");
    expect(control("provider-events-user").value).toBe("pu-2");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("provider-events-user")));
  });

  it("keeps the rows shown while the next answer loads", async () => {
    const backend = await open();
    backend.delayMs = 30;
    await fireEvent.change(control("provider-events-client"), { target: { value: "po-2" } });
    expect(await byTestId("provider-events-loading")).toBeTruthy();
    expect(rows()).toHaveLength(100);
    expect(screen.getByTestId("provider-events-table").getAttribute("aria-busy")).toBe("true");
    await waitFor(() => expect(text("provider-events-total")).toBe("Events 1–26 of 26"));
    expect(screen.getByTestId("provider-events-table").getAttribute("aria-busy")).toBe("false");
  });

  it("drops a slower answer to an older question", async () => {
    const held: (() => void)[] = [];
    const backend = rewriting(async (page, filter) => {
      if (filter.clientId === "po-1") await new Promise<void>((resolve) => held.push(resolve));
      return page;
    });
    await open(backend);
    await fireEvent.change(control("provider-events-client"), { target: { value: "po-1" } });
    await waitFor(() => expect(held).toHaveLength(1));
    await fireEvent.change(control("provider-events-client"), { target: { value: "po-5" } });
    await asked(backend, { clientId: "po-5", page: 0 }, "Events 1–25 of 25");

    held[0]();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await tick();
    expect(text("provider-events-total")).toBe("Events 1–25 of 25");
    expect(messages().every((m) => m?.includes("Fabrikam Legal"))).toBe(true);
  });
});

describe("paging", () => {
  it("goes to the next and previous pages, and a filter goes back to the first", async () => {
    const backend = await open();
    expect(control<HTMLButtonElement>("provider-events-prev").disabled).toBe(true);
    expect(text("provider-events-page")).toBe("Page 1 of 2");

    const next = control<HTMLButtonElement>("provider-events-next");
    next.focus();
    await fireEvent.click(next);
    await asked(backend, { page: 1 }, "Events 101–139 of 139");
    expect(rows()).toHaveLength(39);
    expect(text("provider-events-page")).toBe("Page 2 of 2");
    expect(control<HTMLButtonElement>("provider-events-next").disabled).toBe(true);
    // The button pressed turned off: focus stays on the pager.
    expect(document.activeElement).toBe(screen.getByTestId("provider-events-prev"));

    await fireEvent.click(screen.getByTestId("provider-events-prev"));
    await asked(backend, { page: 0 }, "Events 1–100 of 139");
    await fireEvent.click(screen.getByTestId("provider-events-next"));
    await asked(backend, { page: 1 }, "Events 101–139 of 139");
    await fireEvent.change(control("provider-events-user"), { target: { value: "pu-3" } });
    await waitFor(() => expect((lastCall(backend)[0] as ProviderEventFilter).page).toBe(0));
  });
});

describe("export", () => {
  it("exports the filtered events and says where, with the count", async () => {
    const backend = await open();
    await fireEvent.change(control("provider-events-user"), { target: { value: "pu-2" } });
    await asked(backend, { providerUserId: "pu-2", page: 0 }, "Events 1–43 of 43");
    await fireEvent.click(screen.getByTestId("provider-events-export"));
    const done = await byTestId("provider-events-export-done");
    expect(calls(backend, "exportProviderEvents").map((c) => c.args)).toEqual([[{ providerUserId: "pu-2" }, "en"]]);
    expect(done.textContent?.trim()).toBe("Exported 43 events to /home/demo/Downloads/Demo-MSP-events-2026-11-26.csv");
    expect(done.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByTestId("provider-events-export").getAttribute("aria-describedby")).toBe("provider-events-export-help");
  });

  it("says why an export failed, as the core said it", async () => {
    const message = "cannot write /home/demo/Downloads/x.csv: permission denied";
    await open(new FakeBackend({ fail: { exportProviderEvents: { code: "internal", message } } }));
    await fireEvent.click(screen.getByTestId("provider-events-export"));
    const error = await byTestId("provider-events-export-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent?.trim()).toBe(`Could not export the events: ${message}`);
    expect(screen.queryByTestId("provider-events-export-done")).toBeNull();
  });
});

describe("empty states and refusals", () => {
  it("explains that a service user cannot see the provider's log, in the core's words", async () => {
    const backend = show(new FakeBackend(fakeOptionsFromQuery("?fake=service_user")));
    const forbidden = await byTestId("provider-events-forbidden");
    expect(forbidden.textContent).toContain("Only provider admins can see the event logs");
    expect(forbidden.textContent).toContain("Bitwarden shows a provider's event log to its provider admins only.");
    expect(forbidden.textContent).toContain("Ask a provider admin");
    expect(forbidden.getAttribute("role")).toBeNull();
    expect(screen.queryByTestId("provider-events-table")).toBeNull();
    expect(screen.queryByTestId("provider-events-export")).toBeNull();
    expect(screen.queryByTestId("provider-events-filters")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(text("provider-events-title")).toBe("Event logs");
    expect(calls(backend, "providerEventsPage")).toHaveLength(1);
    await expect(backend.exportProviderEvents({}, "en")).rejects.toMatchObject({ code: "forbidden" });
  });

  it("says when nothing was logged", async () => {
    show(rewriting((page) => ({ ...page, events: [], total: 0, devices: [] })));
    const empty = await byTestId("provider-events-empty");
    expect(empty.dataset.kind).toBe("nothing_logged");
    expect(empty.textContent).toContain("No events logged");
    expect(empty.textContent).toContain("for this provider");
    expect(screen.queryByTestId("provider-events-table")).toBeNull();
    expect((screen.getByTestId("provider-events-export") as HTMLButtonElement).disabled).toBe(true);
    expect(text("provider-events-total")).toBe("No events");
  });

  it("says when no event matches, and clears the filters", async () => {
    const backend = await open();
    await fireEvent.change(control<HTMLInputElement>("provider-events-from"), { target: { value: "2030-01-01" } });
    const empty = await byTestId("provider-events-empty");
    expect(empty.dataset.kind).toBe("no_match");
    expect(empty.textContent).toContain("No event matches the filters");
    await fireEvent.click(within(empty).getByTestId("provider-events-empty-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 139");
    expect(control<HTMLInputElement>("provider-events-from").value).toBe("");
  });

  it("names the periods a sync could not read", async () => {
    show(rewriting((page) => ({ ...page, gaps: [{ start: "2026-11-14T12:00:00.000Z", end: "2026-11-16T12:00:00.000Z" }] })));
    const gaps = await byTestId("provider-events-gaps");
    const format = (iso: string) => i18n.formatDate(Date.parse(iso));
    expect(gaps.textContent).toContain("Some events may be missing.");
    expect(gaps.textContent).toContain("sync again");
    expect(gaps.textContent).toContain(`${format("2026-11-14T12:00:00.000Z")} to ${format("2026-11-16T12:00:00.000Z")}`);
  });

  it("shows the core's refusal of a filter, and recovers when cleared", async () => {
    const backend = await open();
    await fireEvent.change(control("provider-events-user"), { target: { value: "pu-3" } });
    await waitFor(() => expect(lastCall(backend)[0]).toEqual({ providerUserId: "pu-3", page: 0 }));
    backend.fail.providerEventsPage = { code: "not_found", message: "that provider user is not in the snapshot" };
    await fireEvent.change(control("provider-events-client"), { target: { value: "po-2" } });
    const error = await byTestId("provider-events-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("Could not load the events: that provider user is not in the snapshot");
    expect(screen.queryByTestId("provider-events-table")).toBeNull();
    expect(screen.getByTestId("provider-events-filters")).toBeTruthy();
    expect((screen.getByTestId("provider-events-export") as HTMLButtonElement).disabled).toBe(true);

    delete backend.fail.providerEventsPage;
    await fireEvent.click(within(error).getByRole("button", { name: "Clear filters" }));
    await asked(backend, { page: 0 }, "Events 1–100 of 139");
    expect(screen.queryByTestId("provider-events-error")).toBeNull();
  });

  it("is refused by the fake like the core: a bad date, a user or client not in the snapshot", async () => {
    const backend = new FakeBackend();
    await expect(backend.providerEventsPage({ since: "yesterday" }, "en")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(backend.providerEventsPage({ providerUserId: "pu-404" }, "en")).rejects.toMatchObject({ code: "not_found" });
    await expect(backend.providerEventsPage({ clientId: "po-404" }, "en")).rejects.toMatchObject({ code: "not_found" });
    await expect(new FakeBackend({ session: "locked" }).providerEventsPage({}, "en")).rejects.toMatchObject({ code: "locked" });
    expect((await backend.providerEventsPage({ categories: ["provider"] }, "en")).total).toBe(139);
    expect((await backend.providerEventsPage({ categories: ["member"] }, "en")).total).toBe(0);
    expect((await backend.providerEventsPage({ types: [1803] }, "en")).total).toBe(1);
  });
});

describe("hostile text", () => {
  it("shows names, messages and addresses from the server as text", async () => {
    const backend = rewriting((page) => ({
      ...page,
      providerName: HOSTILE_NAMES[0],
      total: 4,
      users: [{ id: "pu-1", label: HOSTILE_NAMES[1] }, ...page.users.slice(1)],
      clients: [{ id: "po-1", label: HOSTILE_NAMES[2] }, ...page.clients.slice(1)],
      devices: [{ number: 9, device: "chrome_browser", appName: HOSTILE_NAMES[3] }],
      events: page.events.slice(0, 4).map((e, i) => ({
        ...e,
        actorName: HOSTILE_NAMES[i],
        actorEmail: HOSTILE_NAMES[0],
        actorMemberId: "pu-1",
        message: HOSTILE_NAMES[i],
        appName: HOSTILE_NAMES[i],
        ip: HOSTILE_NAMES[0],
      })),
      gaps: [{ start: HOSTILE_NAMES[0], end: HOSTILE_NAMES[1] }],
    }));
    await open(backend);
    expect(messages()).toEqual(HOSTILE_NAMES.slice(0, 4));
    expect(screen.getByTestId("provider-events-provider").textContent).toBe(HOSTILE_NAMES[0]);
    expect(within(rows()[0]).getByTestId("events-actor").textContent?.trim()).toBe(HOSTILE_NAMES[0]);
    expect(text("provider-events-gaps")).toContain(`${HOSTILE_NAMES[0]} to ${HOSTILE_NAMES[1]}`);
    expect([...control("provider-events-user").options][1].textContent).toBe(HOSTILE_NAMES[1]);
    expect([...control("provider-events-client").options][1].textContent).toBe(HOSTILE_NAMES[2]);
    expect([...control("provider-events-device").options][1].textContent).toBe(HOSTILE_NAMES[3]);
    await fireEvent.click(within(rows()[1]).getByTestId("events-actor-filter"));
    await waitFor(() => expect(lastCall(backend)[0]).toEqual({ providerUserId: "pu-1", page: 0 }));
    expect(screen.getByTestId("provider-events").querySelectorAll("img")).toHaveLength(0);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("shows the refusal's text as text", async () => {
    show(new FakeBackend({ fail: { providerEventsPage: { code: "forbidden", message: HOSTILE_NAMES[0] } } }));
    const forbidden = await byTestId("provider-events-forbidden");
    expect(forbidden.textContent).toContain(HOSTILE_NAMES[0]);
    expect(forbidden.querySelectorAll("img")).toHaveLength(0);
  });
});

describe("in Spanish", () => {
  it("asks the core for Spanish sentences and speaks Spanish", async () => {
    const backend = await open(new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(text("provider-events-total")).toBe("Eventos 1–100 de 139"));
    expect(calls(backend, "providerEventsPage").every((c) => c.args[1] === "es")).toBe(true);
    expect(messages()[0]).toBe("Accedió a la caja fuerte del cliente My Client's Organization.");
    expect(text("provider-events-title")).toBe("Registros de eventos · Demo MSP");
    expect(screen.getByTestId("nav-provider-events").textContent?.trim()).toBe("Registros de eventos");
    expect([...control("provider-events-user").options][0].textContent).toBe("Todos los usuarios del proveedor");

    await fireEvent.change(control("provider-events-client"), { target: { value: "po-1" } });
    await asked(backend, { clientId: "po-1", page: 0 }, "Eventos 1–26 de 26", "es");
    await fireEvent.click(screen.getByTestId("provider-events-export"));
    expect((await byTestId("provider-events-export-done")).textContent?.trim()).toBe(
      "Se exportaron 26 eventos a /home/demo/Downloads/Demo-MSP-events-2026-11-26.csv",
    );
    expect(calls(backend, "exportProviderEvents")[0].args).toEqual([{ clientId: "po-1" }, "es"]);
  });

  it("explains the refusal in Spanish", async () => {
    const backend = show(new FakeBackend({ ...fakeOptionsFromQuery("?fake=service_user"), preferences: { language: "es" } }));
    const forbidden = await byTestId("provider-events-forbidden");
    expect(forbidden.textContent).toContain("Solo los administradores del proveedor pueden ver los registros de eventos");
    expect(calls(backend, "providerEventsPage").at(-1)?.args[1]).toBe("es");
  });

  it("reloads in the new language when it changes", async () => {
    const backend = await open();
    expect(messages()[0]).toBe("Opened the vault of client My Client's Organization.");
    i18n.setPreference("es");
    await waitFor(() => expect(lastCall(backend)).toEqual([{ page: 0 }, "es"]));
    await waitFor(() => expect(messages()[0]).toBe("Accedió a la caja fuerte del cliente My Client's Organization."));
  });
});

describe("the page's helpers", () => {
  it("send only the conditions set, and the page when given", () => {
    expect(toProviderEventFilter(NO_PROVIDER_FILTERS)).toEqual({});
    expect(toProviderEventFilter(NO_PROVIDER_FILTERS, 0)).toEqual({ page: 0 });
    expect(
      toProviderEventFilter({ since: " 2026-11-01 ", until: "2026-11-30", providerUserId: "pu-1", clientId: "po-1", device: 0 }, 2),
    ).toEqual({ since: "2026-11-01", until: "2026-11-30", providerUserId: "pu-1", clientId: "po-1", device: 0, page: 2 });
    expect(isProviderFiltered(NO_PROVIDER_FILTERS)).toBe(false);
    expect(isProviderFiltered({ ...NO_PROVIDER_FILTERS, device: 0 })).toBe(true);
    expect(isProviderFiltered({ ...NO_PROVIDER_FILTERS, until: " " })).toBe(false);
  });
});
