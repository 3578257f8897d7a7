// Admin Console → Events against the fake backend: the rows, each filter as
// the core is asked it, paging, the CSV export, the empty states, gaps,
// failures, stale answers, hostile text and Spanish; and the page's helpers.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, HOSTILE_NAMES, demoClients, fakeClient, type EventFilter, type EventsPage, type Lang } from "$lib/backend";
import { i18n } from "$lib/i18n";
import { calls } from "$lib/testing/app";
import { eventMessages as messages, eventRows as rows } from "$lib/testing/events";
import { byTestId, openAt, renderPortal } from "$lib/testing/portal";
import { control, lastCall as lastCallOf, textOf as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { NO_FILTERS, isFiltered, isoTime, orderedCategories, pageCount, pageRange, toEventFilter } from "./events";

beforeEach(() => setClock(() => FAKE_NOW));

/** The arguments of the last eventsPage call. */
const lastCall = (backend: FakeBackend) => lastCallOf(backend, "eventsPage");

const open = (org = "org-6", backend = new FakeBackend()) => openAt(backend, `/admin/events?org=${org}`, "events-table");

/** Waits until the core was last asked `filter` and the answer shows. */
async function asked(backend: FakeBackend, filter: EventFilter, total: string, org = "org-6", lang: Lang = "en"): Promise<void> {
  await waitFor(() => expect(lastCall(backend)).toEqual([org, filter, lang]));
  await waitFor(() => expect(text("events-total")).toBe(total));
  expect(screen.queryByTestId("events-loading")).toBeNull();
}

/** A backend whose eventsPage answers are rewritten by `change`. */
function rewriting(change: (page: EventsPage, filter: EventFilter) => EventsPage | Promise<EventsPage>): FakeBackend {
  const backend = new FakeBackend();
  const original = backend.eventsPage.bind(backend);
  backend.eventsPage = async (id, filter, lang) => change(await original(id, filter, lang), filter);
  return backend;
}

describe("the event log of a client", () => {
  it("shows the first 100 events, newest first, with who, what, app and IP", async () => {
    const backend = await open();
    expect(calls(backend, "eventsPage")[0].args).toEqual(["org-6", { page: 0 }, "en"]);
    expect(rows()).toHaveLength(100);
    expect(text("events-total")).toBe("Events 1–100 of 180");
    expect(screen.getByTestId("events-total").getAttribute("role")).toBe("status");
    expect(text("events-asof")).toContain("(2 hours ago)");
    expect(text("events-asof")).toContain("work offline");

    const first = rows()[0];
    expect(within(first).getByTestId("events-message").textContent).toBe("Edited policy two_factor_authentication.");
    expect(within(first).getByTestId("events-actor").textContent?.trim()).toBe("Luis Ortega");
    expect(within(first).getByTestId("events-actor-email").textContent).toBe("luis@northwind.example");
    expect(within(first).getByTestId("events-app").textContent).toBe("CLI - Linux");
    expect(within(first).getByTestId("events-ip").textContent).toMatch(/^203\.0\.113\.\d+$/);
    const time = within(first).getByTestId("events-time");
    expect(time.tagName).toBe("TIME");
    expect(time.getAttribute("datetime")).toBe("2026-11-26T12:00:00.000Z");
    expect(time.getAttribute("title")).toBe("2026-11-26T12:00:00.000Z");
    const at = Date.parse("2026-11-26T12:00:00.000Z");
    expect(time.textContent?.replace(/\s+/g, " ").trim()).toBe(
      `${i18n.formatDate(at, { dateStyle: "medium" })} ${i18n.formatDate(at, { timeStyle: "medium" })}`,
    );

    // The item an event names, by its name.
    expect(within(rows()[4]).getByTestId("events-message").textContent).toBe("Edited item b2c3d4e5.");
    expect(within(rows()[4]).getByTestId("events-item").textContent).toBe("Item: Payroll");
    expect(screen.getByTestId("events-table").querySelector("caption")?.textContent).toBe("Events of Northwind Traders");
  });

  it("says in words who is a provider user, the system or an unknown user", async () => {
    await open();
    const provider = rows().find((r) => r.dataset.actor === "provider_user");
    const system = rows().find((r) => r.dataset.actor === "system");
    const unknown = rows().find((r) => r.dataset.actor === "unknown");
    expect(within(provider as HTMLElement).getByTestId("events-actor").textContent?.trim()).toBe("Provider user");
    expect(within(provider as HTMLElement).queryByTestId("events-actor-filter")).toBeNull();
    expect(within(system as HTMLElement).getByTestId("events-actor").textContent?.trim()).toBe("System (SCIM)");
    expect(within(system as HTMLElement).queryByTestId("events-actor-kind")).toBeNull();
    expect(within(unknown as HTMLElement).getByTestId("events-actor-kind").textContent).toBe("Unknown user");
  });

  it("works offline, from the snapshot", async () => {
    await open("org-6", new FakeBackend({ online: false }));
    expect(rows()).toHaveLength(100);
  });
});

describe("filters", () => {
  it("asks the core for each filter, from the first page", async () => {
    const backend = await open();

    await fireEvent.change(control<HTMLInputElement>("events-filter-from"), { target: { value: "2026-11-20" } });
    await asked(backend, { since: "2026-11-20", page: 0 }, "Events 1–20 of 20");

    await fireEvent.change(control<HTMLInputElement>("events-filter-to"), { target: { value: "2026-11-24" } });
    await waitFor(() => expect(lastCall(backend)).toEqual(["org-6", { since: "2026-11-20", until: "2026-11-24", page: 0 }, "en"]));
    await fireEvent.click(screen.getByTestId("events-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");

    await fireEvent.change(control("events-filter-member"), { target: { value: "m-6-1" } });
    await asked(backend, { memberId: "m-6-1", page: 0 }, "Events 1–31 of 31");
    await fireEvent.change(control("events-filter-member"), { target: { value: "" } });
    await asked(backend, { page: 0 }, "Events 1–100 of 180");

    await fireEvent.change(control("events-filter-category"), { target: { value: "item" } });
    await asked(backend, { categories: ["item"], page: 0 }, "Events 1–45 of 45");
    expect(new Set(rows().map((r) => r.dataset.category))).toEqual(new Set(["item"]));

    await fireEvent.change(control("events-filter-device"), { target: { value: "9" } });
    await waitFor(() => expect(lastCall(backend)).toEqual(["org-6", { categories: ["item"], device: 9, page: 0 }, "en"]));
    await waitFor(() => expect(rows().every((r) => within(r).getByTestId("events-app").textContent === "Web vault - Chrome")).toBe(true));

    await fireEvent.click(screen.getByTestId("events-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");
    expect(document.activeElement).toBe(screen.getByTestId("events-filter-from"));
    expect(control("events-filter-category").value).toBe("");
    expect(control("events-filter-device").value).toBe("");

    await fireEvent.change(control("events-filter-collection"), { target: { value: "c-6-2" } });
    await asked(backend, { collectionId: "c-6-2", page: 0 }, "Events 1–6 of 6");
    await fireEvent.change(control("events-filter-collection"), { target: { value: "" } });
    await fireEvent.change(control("events-filter-group"), { target: { value: "g-6-3" } });
    await asked(backend, { groupId: "g-6-3", page: 0 }, "Events 1–4 of 4");
  });

  it("lists the choices the core gives, the families in words", async () => {
    await open();
    const options = (id: string) => [...control(id).options].map((o) => o.textContent);
    expect(options("events-filter-category")).toEqual([
      "All types",
      "Account",
      "Vault items",
      "Collections",
      "Groups",
      "Members",
      "Organization",
      "Policies",
    ]);
    expect(options("events-filter-device")).toEqual(["All apps", "Desktop - Windows", "Desktop - Linux", "Web vault - Chrome", "CLI - Linux"]);
    expect(options("events-filter-member")[1]).toBe("Dana Whitfield <dana@northwind.example>");
    expect(options("events-filter-group")).toEqual(["All groups", "Sales", "Warehouse", "IT"]);
    expect((screen.getByTestId("events-clear") as HTMLButtonElement).disabled).toBe(true);
  });

  it("has no collection or group filter when the client has none", async () => {
    await open("org-5");
    expect(screen.queryByTestId("events-filter-group")).toBeNull();
    expect(screen.getByTestId("events-filter-collection")).toBeTruthy();
  });

  it("filters by the item a row names, and shows the filter to remove", async () => {
    const backend = await open();
    const item = within(rows()[4]).getByTestId("events-item");
    const itemId = item.dataset.itemId as string;
    await fireEvent.click(item);
    await waitFor(() => expect(lastCall(backend)).toEqual(["org-6", { itemId, page: 0 }, "en"]));
    const chip = await byTestId("events-filter-item");
    expect(chip.textContent?.trim()).toBe("Item: Payroll");
    expect(chip.getAttribute("aria-label")).toBe("Remove the filter Item: Payroll");
    await waitFor(() => expect(document.activeElement).toBe(chip));
    await waitFor(() => expect(rows().every((r) => within(r).getByTestId("events-item").dataset.itemId === itemId)).toBe(true));

    await fireEvent.click(chip);
    await asked(backend, { page: 0 }, "Events 1–100 of 180");
    expect(screen.queryByTestId("events-filter-item")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("events-filter-from"));
  });

  it("filters by the member who acted, or the member acted on", async () => {
    const backend = await open();
    await fireEvent.click(within(rows()[0]).getByTestId("events-actor-filter"));
    await waitFor(() => expect(lastCall(backend)).toEqual(["org-6", { memberId: "m-6-2", page: 0 }, "en"]));
    expect(control("events-filter-member").value).toBe("m-6-2");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("events-filter-member")));

    await fireEvent.click(screen.getByTestId("events-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");
    const target = rows().find((r) => within(r).queryByTestId("events-target")) as HTMLElement;
    expect(within(target).getByTestId("events-target").textContent).toMatch(/^Member: /);
    await fireEvent.click(within(target).getByTestId("events-target"));
    await waitFor(() => expect((lastCall(backend)[1] as EventFilter).memberId).toMatch(/^m-6-/));
  });

  it("keeps the rows shown while the next answer loads", async () => {
    const backend = new FakeBackend();
    await open("org-6", backend);
    backend.delayMs = 30;
    await fireEvent.change(control("events-filter-category"), { target: { value: "account" } });
    expect(await byTestId("events-loading")).toBeTruthy();
    expect(rows()).toHaveLength(100);
    expect(screen.getByTestId("events-table").getAttribute("aria-busy")).toBe("true");
    await waitFor(() => expect(text("events-total")).toBe("Events 1–16 of 16"));
    expect(screen.getByTestId("events-table").getAttribute("aria-busy")).toBe("false");
  });

  it("drops a slower answer to an older question", async () => {
    const held: (() => void)[] = [];
    const backend = rewriting(async (page, filter) => {
      if (filter.categories?.[0] === "item") await new Promise<void>((resolve) => held.push(resolve));
      return page;
    });
    await open("org-6", backend);
    await fireEvent.change(control("events-filter-category"), { target: { value: "item" } });
    await waitFor(() => expect(held).toHaveLength(1));
    await fireEvent.change(control("events-filter-category"), { target: { value: "account" } });
    await asked(backend, { categories: ["account"], page: 0 }, "Events 1–16 of 16");

    held[0]();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await tick();
    expect(text("events-total")).toBe("Events 1–16 of 16");
    expect(new Set(rows().map((r) => r.dataset.category))).toEqual(new Set(["account"]));
  });
});

describe("paging", () => {
  it("goes to the next and previous pages, and a filter goes back to the first", async () => {
    const backend = await open();
    const prev = control<HTMLButtonElement>("events-prev");
    expect(prev.disabled).toBe(true);
    expect(text("events-page")).toBe("Page 1 of 2");

    const next = control<HTMLButtonElement>("events-next");
    next.focus();
    await fireEvent.click(next);
    await asked(backend, { page: 1 }, "Events 101–180 of 180");
    expect(rows()).toHaveLength(80);
    expect(text("events-page")).toBe("Page 2 of 2");
    expect(control<HTMLButtonElement>("events-next").disabled).toBe(true);
    // The button pressed turned off: focus stays on the pager.
    expect(document.activeElement).toBe(screen.getByTestId("events-prev"));

    await fireEvent.click(screen.getByTestId("events-prev"));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");

    await fireEvent.click(screen.getByTestId("events-next"));
    await asked(backend, { page: 1 }, "Events 101–180 of 180");
    await fireEvent.change(control("events-filter-category"), { target: { value: "item" } });
    await asked(backend, { categories: ["item"], page: 0 }, "Events 1–45 of 45");
    expect(control<HTMLButtonElement>("events-next").disabled).toBe(true);
  });

  it("goes to the last page left when a sync shortened the log", async () => {
    let total = 180;
    const backend = rewriting((page) => {
      const first = page.page * page.pageSize;
      return { ...page, total, events: page.events.slice(0, Math.max(0, Math.min(page.pageSize, total - first))) };
    });
    await open("org-6", backend);
    await fireEvent.click(screen.getByTestId("events-next"));
    await asked(backend, { page: 1 }, "Events 101–180 of 180");
    total = 90;
    await fireEvent.click(screen.getByTestId("admin-sync"));
    await asked(backend, { page: 0 }, "Events 1–90 of 90");
    expect(rows()).toHaveLength(90);
  });
});

describe("export", () => {
  it("exports the filtered events and says where, with the count", async () => {
    const backend = await open();
    await fireEvent.change(control("events-filter-category"), { target: { value: "item" } });
    await asked(backend, { categories: ["item"], page: 0 }, "Events 1–45 of 45");
    await fireEvent.click(screen.getByTestId("events-export"));
    const done = await byTestId("events-export-done");
    expect(calls(backend, "exportEvents").map((c) => c.args)).toEqual([["org-6", { categories: ["item"] }, "en"]]);
    expect(done.textContent?.trim()).toBe("Exported 45 events to /home/demo/Downloads/Northwind-Traders-events-2026-11-26.csv");
    expect(done.closest('[role="status"]')).not.toBeNull();
  });

  it("says why an export failed, as the server said it", async () => {
    const message = "cannot write /home/demo/Downloads/x.csv: permission denied";
    await open("org-6", new FakeBackend({ fail: { exportEvents: { code: "internal", message } } }));
    await fireEvent.click(screen.getByTestId("events-export"));
    const error = await byTestId("events-export-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent?.trim()).toBe(`Could not export the events: ${message}`);
    expect(screen.queryByTestId("events-export-done")).toBeNull();
  });
});

describe("empty states", () => {
  it("says when nothing was logged", async () => {
    renderPortal(new FakeBackend(), "/admin/events?org=org-2");
    const empty = await byTestId("events-empty");
    expect(empty.dataset.kind).toBe("nothing_logged");
    expect(empty.textContent).toContain("No events logged");
    expect(screen.queryByTestId("events-table")).toBeNull();
    expect((screen.getByTestId("events-export") as HTMLButtonElement).disabled).toBe(true);
  });

  it("says when the client was never synced", async () => {
    const clients = [...demoClients(), fakeClient(7, "Brand New Ltd", "Teams (Monthly)", 5, 1, { status: "never_synced", syncedAt: null })];
    renderPortal(new FakeBackend({ clients }), "/admin/events?org=org-7");
    const empty = await byTestId("events-empty");
    expect(empty.dataset.kind).toBe("never_synced");
    expect(empty.textContent).toContain("has not been synced yet");
    expect(text("events-asof")).toContain("has not been synced yet");
  });

  it("says when no event matches, and clears the filters", async () => {
    const backend = await open();
    await fireEvent.change(control<HTMLInputElement>("events-filter-from"), { target: { value: "2030-01-01" } });
    const empty = await byTestId("events-empty");
    expect(empty.dataset.kind).toBe("no_match");
    expect(empty.textContent).toContain("No event matches the filters");
    expect(text("events-total")).toBe("No events");
    await fireEvent.click(within(empty).getByTestId("events-empty-clear"));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");
    expect(control<HTMLInputElement>("events-filter-from").value).toBe("");
  });
});

describe("warnings and failures", () => {
  it("names the periods a sync could not read", async () => {
    await open("org-5");
    const gaps = await byTestId("events-gaps");
    const format = (iso: string) => i18n.formatDate(Date.parse(iso));
    expect(gaps.textContent).toContain("Some events may be missing.");
    expect(gaps.textContent).toContain(`${format("2026-11-14T12:00:00.000Z")} to ${format("2026-11-16T12:00:00.000Z")}`);
  });

  it("has no warning when the log was read whole", async () => {
    await open("org-6");
    expect(screen.queryByTestId("events-gaps")).toBeNull();
  });

  it("shows the core's refusal of a filter, and recovers when cleared", async () => {
    const message = '"2026-13-45" is not a date: write 2026-12-01 or 2026-12-01T08:30:00Z';
    const backend = await open();
    backend.fail.eventsPage = { code: "invalid_input", message };
    await fireEvent.change(control<HTMLInputElement>("events-filter-from"), { target: { value: "2026-11-01" } });
    const error = await byTestId("events-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain(`Could not load the events: ${message}`);
    expect(screen.queryByTestId("events-table")).toBeNull();
    expect(screen.getByTestId("events-filters")).toBeTruthy();

    delete backend.fail.eventsPage;
    await fireEvent.click(within(error).getByRole("button", { name: "Clear filters" }));
    await asked(backend, { page: 0 }, "Events 1–100 of 180");
    expect(screen.queryByTestId("events-error")).toBeNull();
  });

  it("translates a known server sentence in the refusal", async () => {
    const backend = new FakeBackend({ preferences: { language: "es" }, fail: { eventsPage: { code: "forbidden", message: "User not valid." } } });
    renderPortal(backend, "/admin/events?org=org-6");
    const error = await byTestId("events-error");
    expect(error.textContent).toContain("No se pudieron cargar los eventos: Usuario no válido.");
    delete backend.fail.eventsPage;
    await fireEvent.click(within(error).getByRole("button", { name: "Volver a intentarlo" }));
    expect(await byTestId("events-table")).toBeTruthy();
  });

  it("is refused by the fake for a bad date and a member not in the snapshot", async () => {
    const backend = new FakeBackend();
    await expect(backend.eventsPage("org-6", { since: "yesterday" }, "en")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(backend.eventsPage("org-6", { memberId: "m-404" }, "en")).rejects.toMatchObject({ code: "not_found" });
    await expect(new FakeBackend({ session: "locked" }).eventsPage("org-6", {}, "en")).rejects.toMatchObject({ code: "locked" });
    expect((await backend.eventsPage("org-6", { categories: ["other"] }, "en")).total).toBe(180);
  });
});

describe("hostile text", () => {
  it("shows names, messages and addresses from the server as text", async () => {
    const backend = rewriting((page) => ({
      ...page,
      clientName: HOSTILE_NAMES[0],
      total: 4,
      members: [{ id: "m-6-1", label: HOSTILE_NAMES[0] }, ...page.members.slice(1)],
      events: page.events.slice(0, 4).map((e, i) => ({
        ...e,
        actor: "member",
        actorName: HOSTILE_NAMES[i],
        actorEmail: HOSTILE_NAMES[0],
        actorMemberId: "m-6-1",
        message: HOSTILE_NAMES[i],
        itemId: `item-${i}`,
        itemName: HOSTILE_NAMES[i],
        memberId: "m-6-1",
        appName: HOSTILE_NAMES[i],
        ip: HOSTILE_NAMES[0],
      })),
      gaps: [{ start: HOSTILE_NAMES[0], end: HOSTILE_NAMES[1] }],
    }));
    await open("org-6", backend);
    expect(messages()).toEqual(HOSTILE_NAMES);
    expect(within(rows()[0]).getByTestId("events-actor").textContent?.trim()).toBe(HOSTILE_NAMES[0]);
    expect(within(rows()[0]).getByTestId("events-item").textContent).toBe(`Item: ${HOSTILE_NAMES[0]}`);
    expect(text("events-gaps")).toContain(`${HOSTILE_NAMES[0]} to ${HOSTILE_NAMES[1]}`);
    await fireEvent.click(within(rows()[0]).getByTestId("events-item"));
    expect((await byTestId("events-filter-item")).textContent?.trim()).toBe(`Item: ${HOSTILE_NAMES[0]}`);
    expect(screen.getByTestId("admin-console").querySelectorAll("img")).toHaveLength(0);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });
});

describe("in Spanish", () => {
  it("asks the core for Spanish sentences and speaks Spanish", async () => {
    const backend = await open("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(text("events-total")).toBe("Eventos 1–100 de 180"));
    expect(calls(backend, "eventsPage").every((c) => c.args[2] === "es")).toBe(true);
    expect(messages()[0]).toBe("Editó la directiva two_factor_authentication.");
    expect(within(rows()[5]).getByTestId("events-actor").textContent?.trim()).toBe("Usuario del proveedor");
    expect([...control("events-filter-category").options].map((o) => o.textContent)).toContain("Elementos de la caja fuerte");
    expect(text("events-asof")).toContain("hace 2 horas");

    await fireEvent.change(control("events-filter-category"), { target: { value: "item" } });
    await asked(backend, { categories: ["item"], page: 0 }, "Eventos 1–45 de 45", "org-6", "es");
    await fireEvent.click(screen.getByTestId("events-export"));
    expect((await byTestId("events-export-done")).textContent?.trim()).toBe(
      "Se exportaron 45 eventos a /home/demo/Downloads/Northwind-Traders-events-2026-11-26.csv",
    );
    expect(calls(backend, "exportEvents")[0].args).toEqual(["org-6", { categories: ["item"] }, "es"]);
  });

  it("reloads in the new language when it changes", async () => {
    const backend = await open();
    expect(messages()[0]).toBe("Edited policy two_factor_authentication.");
    i18n.setPreference("es");
    await waitFor(() => expect(lastCall(backend)).toEqual(["org-6", { page: 0 }, "es"]));
    await waitFor(() => expect(messages()[0]).toBe("Editó la directiva two_factor_authentication."));
  });
});

describe("the page's helpers", () => {
  it("send only the conditions set, and the page when given", () => {
    expect(toEventFilter(NO_FILTERS)).toEqual({});
    expect(toEventFilter(NO_FILTERS, 0)).toEqual({ page: 0 });
    expect(
      toEventFilter(
        { since: " 2026-11-01 ", until: "2026-11-30", category: "member", memberId: "m", itemId: "i", collectionId: "c", groupId: "g", device: 0 },
        3,
      ),
    ).toEqual({ since: "2026-11-01", until: "2026-11-30", categories: ["member"], memberId: "m", itemId: "i", collectionId: "c", groupId: "g", device: 0, page: 3 });
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, device: 0 })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, since: "  " })).toBe(false);
  });

  it("count pages and the range shown", () => {
    expect(pageRange(0, 100, 100)).toEqual({ from: 1, to: 100 });
    expect(pageRange(1, 100, 80)).toEqual({ from: 101, to: 180 });
    expect(pageRange(0, 100, 0)).toEqual({ from: 0, to: 0 });
    expect(pageCount(0, 100)).toBe(1);
    expect(pageCount(100, 100)).toBe(1);
    expect(pageCount(101, 100)).toBe(2);
  });

  it("read only ISO dates as dates", () => {
    expect(isoTime("2026-11-26T12:00:00.000Z")).toBe(Date.UTC(2026, 10, 26, 12));
    expect(isoTime("2026-11-26")).toBe(Date.UTC(2026, 10, 26));
    expect(isoTime(HOSTILE_NAMES[0])).toBeNull();
    expect(isoTime("2026-99-99")).toBeNull();
  });

  it("order the families as the core does", () => {
    expect(orderedCategories(["policy", "account", "other", "item", "account"])).toEqual(["account", "item", "policy", "other"]);
  });
});
