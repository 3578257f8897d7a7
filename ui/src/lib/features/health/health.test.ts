// Admin Console → Reports against the fake backend: the exposed, reused, weak
// and unsecured password reports, inactive two-step login and the member
// health of a client, how the breach check and the TOTP site list were
// made, their empty states, failures, and Spanish.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, HOSTILE_NAMES, type HealthReport, type ItemFinding } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { byTestId, renderAdmin, renderPortal } from "$lib/testing/portal";
import { textOf as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { SHOWN, reportSections, timesSeen, uses } from "./health";

beforeEach(() => setClock(() => FAKE_NOW));

/** Each row of a report as "name — detail". */
function rows(section: string): string[] {
  return screen.queryAllByTestId(`health-${section}-row`).map((row) => {
    const name = within(row).getByTestId("health-item-name").textContent?.trim();
    const detail = within(row).getByTestId("health-item-detail").textContent?.replace(/\s+/g, " ").trim();
    return `${name} — ${detail}`;
  });
}

/** The e-mails a member check lists. */
const listed = (check: string) => screen.queryAllByTestId(`health-${check}-member`).map((li) => li.textContent?.trim());

const open = (org: string, backend = new FakeBackend()) => renderAdmin(backend, "reports", org);

describe("the reports of a client", () => {
  it("shows weak, reused and unsecured passwords by item, with counts and the data's age", async () => {
    const backend = open("org-6");
    await byTestId("health-weak");
    expect(calls(backend, "healthReport")[0].args).toEqual(["org-6"]);
    expect(text("health-asof")).toContain("(2 hours ago). Logins checked: 14.");

    expect(text("health-weak-title")).toBe("Weak passwords (5)");
    expect(rows("weak")).toEqual([
      "Firewall — Very weak",
      "Payroll — Very weak",
      "Web CMS — Very weak",
      "Guest Wi-Fi — Weak",
      "Office Wi-Fi — Weak",
    ]);

    expect(text("health-reused-title")).toBe("Reused passwords (2)");
    expect(rows("reused")).toEqual(["Guest Wi-Fi — Used 2 times", "Office Wi-Fi — Used 2 times"]);

    expect(text("health-unsecured-title")).toBe("Unsecured websites (4)");
    expect(rows("unsecured")).toEqual([
      "Firewall — http://192.168.10.1",
      "Guest Wi-Fi — http://192.168.10.3",
      "Office Wi-Fi — http://192.168.10.2",
      "Web CMS — http://cms.northwind.example/wp-admin",
    ]);
    for (const id of ["weak", "reused", "unsecured"]) expect(screen.queryByTestId(`health-${id}-empty`)).toBeNull();
  });

  it("shows the members' health as the members page has it", async () => {
    open("org-6");
    await byTestId("health-members");
    expect(text("health-owners")).toBe("Confirmed owners: 1");
    expect(text("health-no2fa-title")).toBe("Without two-step login (3)");
    expect(listed("no2fa")).toEqual(["tomas@northwind.example", "priya@northwind.example", "grace@northwind.example"]);
    // The policy is on and every confirmed member is enrolled.
    expect(text("health-notenrolled-title")).toBe("Not enrolled in account recovery (0)");
    expect(text("health-notenrolled-empty")).toBe("Every confirmed member is enrolled");
    expect(text("health-stale-title")).toBe("Invitations older than 5 days (1)");
    expect(listed("stale")).toEqual(["new.hire@northwind.example"]);
    expect(text("health-awaiting-title")).toBe("Awaiting confirmation (2)");
    expect(listed("awaiting")).toEqual(["priya@northwind.example", "grace@northwind.example"]);
  });

  it("says where the reports come from and what leaves this computer, and no longer promises later reports", async () => {
    open("org-6");
    const note = (await byTestId("health-note")).textContent ?? "";
    expect(note).toContain("computed on this computer from the last sync");
    expect(note).toContain("never passwords");
    expect(note).toContain("only the first five characters of each password's SHA-1 hash are sent to Have I Been Pwned");
    expect(note).not.toMatch(/later version/);
  });

  it("shows exposed passwords, the most seen first, and inactive two-step login by item", async () => {
    open("org-6");
    await byTestId("health-exposed");
    expect(text("health-exposed-title")).toBe("Exposed passwords (5)");
    expect(rows("exposed")).toEqual([
      "Payroll — Seen 10,556,095 times",
      "Firewall — Seen 2,254,650 times",
      "Web CMS — Seen 539,851 times",
      "Guest Wi-Fi — Seen 1,234 times",
      "Office Wi-Fi — Seen 1,234 times",
    ]);
    expect(text("health-inactive-title")).toBe("Inactive two-step login (2)");
    expect(rows("inactive")).toEqual(["Bank portal — bank.example.com", "Social media — social.example.com"]);
    for (const id of ["exposed", "inactive"]) expect(screen.queryByTestId(`health-${id}-empty`)).toBeNull();
  });

  it("orders the reports: exposed, reused, weak, unsecured, inactive two-step login, then members", async () => {
    open("org-6");
    await byTestId("health-members");
    const order = [...document.querySelectorAll<HTMLElement>('[data-testid^="health-"][aria-labelledby]')]
      .map((el) => el.dataset.testid)
      .filter((id) => id && !/^health-(no2fa|notenrolled|stale|awaiting)$/.test(id));
    expect(order).toEqual(["health-exposed", "health-reused", "health-weak", "health-unsecured", "health-inactive", "health-members"]);
  });

  it("says how many passwords were checked and how old the breach data is", async () => {
    open("org-6");
    await byTestId("health-exposed");
    expect(text("health-breaches-checked")).toMatch(/^Checked 14 of 14 passwords; breach data as of .+ \(this minute\)\.$/);
    expect(screen.queryByTestId("health-breaches-error")).toBeNull();
    expect(screen.queryByTestId("health-breaches-off")).toBeNull();
    expect(text("health-totp-source")).toMatch(
      /^Sites that offer two-step login: the 2fa\.directory list as of .+ \(27 hours ago\), 2,184 sites\.$/,
    );
    expect(screen.getByTestId("health-totp-source").dataset.source).toBe("directory");
  });

  it("offline, uses the kept breach answers and says why it could not ask", async () => {
    open("org-6", new FakeBackend({ online: false }));
    await byTestId("health-exposed");
    expect(text("health-exposed-title")).toBe("Exposed passwords (5)");
    expect(text("health-breaches-checked")).toMatch(/^Checked 14 of 14 passwords; breach data as of .+ \(24 hours ago\)\.$/);
    const error = screen.getByTestId("health-breaches-error");
    expect(error.textContent?.trim()).toBe(
      "The breach check reported a problem: Cannot reach api.pwnedpasswords.com: the answers kept in the snapshot were used.",
    );
  });

  it("says when the check was made from kept answers only, without a date when there is none", async () => {
    const backend = new FakeBackend();
    const report = backend.healthReport.bind(backend);
    backend.healthReport = async (id) => {
      const base = await report(id);
      return {
        ...base,
        breaches: { ...base.breaches, check: "cached", checked: 9, requests: 0, oldestAnswer: null },
        totpSites: { source: "shipped", sites: 1500, asOf: null },
      };
    };
    open("org-6", backend);
    await byTestId("health-exposed");
    expect(text("health-breaches-checked")).toBe(
      "Checked 9 of 14 passwords. No new requests were made: the answers kept from earlier checks were used.",
    );
    expect(text("health-totp-source")).toBe("Sites that offer two-step login: the list shipped with Provider Desk, 1,500 sites.");
    expect(screen.getByTestId("health-totp-source").dataset.source).toBe("shipped");
  });

  it("says the breach check is off, with the way to Settings, and lists no exposed passwords", async () => {
    const backend = new FakeBackend({ preferences: { checkExposedPasswords: false } });
    const { visited } = renderPortal(backend, "/admin/reports?org=org-6");
    await byTestId("health-exposed");
    expect(text("health-exposed-title")).toBe("Exposed passwords");
    expect(screen.queryAllByTestId("health-exposed-row")).toHaveLength(0);
    expect(screen.queryByTestId("health-exposed-empty")).toBeNull();
    expect(screen.queryByTestId("health-breaches-checked")).toBeNull();
    expect(text("health-breaches-off")).toBe(
      "Not checked: the setting “Check passwords against Have I Been Pwned” is off. Change it in Settings",
    );
    // The other reports are made as usual.
    expect(rows("inactive")).toHaveLength(2);
    expect(text("health-weak-title")).toBe("Weak passwords (5)");

    const link = screen.getByTestId("health-breaches-settings");
    expect(link.getAttribute("href")).toBe("/provider/settings");
    await fireEvent.click(link);
    expect(visited).toContain("/provider/settings");
    const box = (await byTestId("settings-check-exposed")) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it("says there are no exposed passwords and no inactive two-step login", async () => {
    open("org-1");
    await byTestId("health-exposed");
    expect(text("health-exposed-title")).toBe("Exposed passwords (0)");
    expect(text("health-exposed-empty")).toBe("No exposed passwords");
    expect(text("health-inactive-title")).toBe("Inactive two-step login (0)");
    expect(text("health-inactive-empty")).toBe("No login is missing two-step login");
    expect(text("health-breaches-checked")).toMatch(/^Checked 1 of 1 passwords;/);
  });

  it("says each report found nothing, and that account recovery is off", async () => {
    open("org-1");
    await byTestId("health-weak");
    expect(text("health-weak-title")).toBe("Weak passwords (0)");
    expect(text("health-weak-empty")).toBe("No weak passwords");
    expect(text("health-reused-title")).toBe("Reused passwords (0)");
    expect(text("health-reused-empty")).toBe("No reused passwords");
    expect(text("health-unsecured-title")).toBe("Unsecured websites (0)");
    expect(text("health-unsecured-empty")).toBe("No unsecured websites");
    expect(screen.queryAllByTestId(/^health-(weak|reused|unsecured)-row$/)).toHaveLength(0);
    expect(text("health-asof")).toContain("Logins checked: 1.");

    expect(text("health-owners")).toBe("Confirmed owners: 1");
    expect(text("health-no2fa-empty")).toBe("Every member uses two-step login");
    expect(text("health-notenrolled-title")).toBe("Not enrolled in account recovery");
    expect(text("health-notenrolled-off")).toBe("The account recovery policy is off for this client.");
    expect(text("health-stale-empty")).toBe("No invitation older than 5 days");
    expect(text("health-awaiting-empty")).toBe("No member awaiting confirmation");
  });

  it("works offline, from the snapshot", async () => {
    open("org-6", new FakeBackend({ online: false }));
    await byTestId("health-weak");
    expect(text("health-weak-title")).toBe("Weak passwords (5)");
  });

  it("says the client was never synced in full", async () => {
    const backend = new FakeBackend();
    const report = backend.healthReport.bind(backend);
    backend.healthReport = async (id) => ({ ...(await report(id)), asOf: null });
    open("org-6", backend);
    expect((await byTestId("health-asof")).textContent).toContain("has not been synced in full yet");
  });

  it("shows the first rows of a long report and the rest on request", async () => {
    const backend = new FakeBackend();
    const report = backend.healthReport.bind(backend);
    const many: ItemFinding[] = Array.from({ length: SHOWN + 20 }, (_, i) => ({
      itemId: `w-${i}`,
      name: `Login ${i}`,
      finding: "weak",
      detail: null,
    }));
    backend.healthReport = async (id) => ({ ...(await report(id)), findings: many });
    open("org-6", backend);
    await byTestId("health-weak-more");
    expect(text("health-weak-title")).toBe(`Weak passwords (${SHOWN + 20})`);
    expect(screen.getAllByTestId("health-weak-row")).toHaveLength(SHOWN);
    await fireEvent.click(screen.getByTestId("health-weak-more"));
    expect(screen.getAllByTestId("health-weak-row")).toHaveLength(SHOWN + 20);
    expect(screen.queryByTestId("health-weak-more")).toBeNull();
  });

  it("shows item names, URIs and e-mails from a hostile vault as text", async () => {
    const backend = new FakeBackend();
    const report = backend.healthReport.bind(backend);
    backend.healthReport = async (id): Promise<HealthReport> => {
      const base = await report(id);
      return {
        ...base,
        findings: [
          ...HOSTILE_NAMES.map((name, i): ItemFinding => ({ itemId: `h-${i}`, name, finding: "unsecured", detail: `http://x.example/${name}` })),
          { itemId: "h-x", name: HOSTILE_NAMES[0], finding: "inactive_two_step", detail: HOSTILE_NAMES[0] },
        ],
        breaches: { ...base.breaches, error: HOSTILE_NAMES[0] },
        members: { ...base.members, withoutTwoStep: [HOSTILE_NAMES[0]] },
      };
    };
    open("org-6", backend);
    await byTestId("health-unsecured");
    const names = screen.getAllByTestId("health-item-name").map((n) => n.textContent);
    expect(names).toContain(HOSTILE_NAMES[0]);
    expect(names).toContain(HOSTILE_NAMES[1]);
    expect(listed("no2fa")).toEqual([HOSTILE_NAMES[0]]);
    expect(rows("inactive")).toEqual([`${HOSTILE_NAMES[0]} — ${HOSTILE_NAMES[0]}`]);
    expect(text("health-breaches-error")).toContain(HOSTILE_NAMES[0]);
    expect(screen.getByTestId("admin-console").querySelectorAll("img")).toHaveLength(0);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("speaks Spanish", async () => {
    open("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await byTestId("health-weak");
    await waitFor(() => expect(text("health-weak-title")).toBe("Contraseñas débiles (5)"));
    expect(rows("weak")[0]).toBe("Firewall — Muy débil");
    expect(rows("weak")[3]).toBe("Guest Wi-Fi — Débil");
    expect(text("health-reused-title")).toBe("Contraseñas reutilizadas (2)");
    expect(rows("reused")[0]).toBe("Guest Wi-Fi — Usada 2 veces");
    expect(text("health-unsecured-title")).toBe("Sitios web no seguros (4)");
    expect(text("health-no2fa-title")).toBe("Sin inicio de sesión en dos pasos (3)");
    expect(text("health-stale-title")).toBe("Invitaciones de hace más de 5 días (1)");
    expect(text("health-awaiting-title")).toBe("Pendientes de confirmación (2)");
    expect(text("health-notenrolled-empty")).toBe("Todos los miembros confirmados están inscritos");
    expect(text("health-asof")).toContain("hace 2 horas");
    expect(text("health-note")).toContain("Have I Been Pwned");
    expect(text("health-exposed-title")).toBe("Contraseñas expuestas (5)");
    expect(rows("exposed")[0]).toBe("Payroll — Vista 10.556.095 veces");
    expect(text("health-inactive-title")).toBe("Inicio de sesión en dos pasos inactivo (2)");
    expect(text("health-breaches-checked")).toMatch(/^Se revisaron 14 de 14 contraseñas; datos de filtraciones a fecha de/);
    expect(text("health-totp-source")).toContain("la lista de 2fa.directory");
  });

  it("says the empty reports in Spanish", async () => {
    open("org-1", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(text("health-weak-empty")).toBe("No hay contraseñas débiles"));
    expect(text("health-reused-empty")).toBe("No hay contraseñas reutilizadas");
    expect(text("health-unsecured-empty")).toBe("No hay sitios web no seguros");
    expect(text("health-notenrolled-off")).toBe("La política de recuperación de cuenta está desactivada para este cliente.");
  });
});

describe("when the reports cannot be computed", () => {
  it("shows a locked session's error as text, and tries again", async () => {
    const message = "Unlock Provider Desk to see your clients.";
    const backend = open("org-6", new FakeBackend({ fail: { healthReport: { code: "locked", message } } }));
    const error = await byTestId("health-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain(`Could not compute the reports: ${message}`);
    expect(screen.queryByTestId("health-weak")).toBeNull();

    delete backend.fail.healthReport;
    await fireEvent.click(within(error).getByRole("button", { name: "Try again" }));
    expect(await byTestId("health-weak")).toBeTruthy();
    expect(calls(backend, "healthReport").length).toBeGreaterThanOrEqual(2);
  });

  it("explains a refusal", async () => {
    const message = "You do not have permission to view this organization's items.";
    open("org-2", new FakeBackend({ fail: { healthReport: { code: "forbidden", message } } }));
    const error = await byTestId("health-error");
    expect(error.textContent).toContain(message);
    expect(error.textContent).toContain("2024.7");
  });

  it("explains a refusal in Spanish", async () => {
    const message = "No access.";
    open("org-2", new FakeBackend({ preferences: { language: "es" }, fail: { healthReport: { code: "forbidden", message } } }));
    await waitFor(() => expect(text("health-error")).toContain("No se pudieron calcular los informes"));
    expect(text("health-error")).toContain("2024.7");
  });

  it("is refused by the fake while locked, and for a client not in the snapshot", async () => {
    await expect(new FakeBackend({ session: "locked" }).healthReport("org-6")).rejects.toMatchObject({ code: "locked" });
    await expect(new FakeBackend().healthReport("org-404")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the fake's member health", () => {
  it("follows the members as they change", async () => {
    const backend = new FakeBackend();
    await backend.changeMemberStatus("revoke", { organizationId: "org-6", memberIds: ["m-6-4"] });
    const { members } = await backend.healthReport("org-6");
    expect(members.awaitingConfirmation).toEqual(["grace@northwind.example"]);
    expect(members.withoutTwoStep).toEqual(["tomas@northwind.example", "grace@northwind.example"]);
  });
});

describe("the report sections", () => {
  const finding = (itemId: string, name: string, kind: ItemFinding["finding"], detail: string | null = null): ItemFinding => ({
    itemId,
    name,
    finding: kind,
    detail,
  });
  const compare = new Intl.Collator("en", { sensitivity: "base", numeric: true }).compare;

  it("puts very weak before weak, the most shared first, and names in order", () => {
    const sections = reportSections(
      [
        finding("1", "b", "weak"),
        finding("2", "a", "very_weak"),
        finding("3", "A2", "weak"),
        finding("4", "A10", "weak"),
        finding("1", "b", "reused", "2"),
        finding("5", "c", "reused", "3"),
        finding("6", "z", "unsecured", "http://z"),
        finding("7", "y", "unsecured", "http://y"),
        finding("2", "a", "exposed", "12"),
        finding("6", "z", "exposed", "3000"),
        finding("1", "b", "exposed", "12"),
        finding("8", "d", "inactive_two_step", "d.example"),
        finding("9", "c", "inactive_two_step", "c.example"),
      ],
      compare,
    );
    expect(sections.exposed.map((f) => f.itemId)).toEqual(["6", "2", "1"]);
    expect(sections.inactiveTwoStep.map((f) => f.itemId)).toEqual(["9", "8"]);
    expect(sections.weak.map((f) => f.itemId)).toEqual(["2", "3", "4", "1"]);
    expect(sections.reused.map((f) => f.itemId)).toEqual(["5", "1"]);
    expect(sections.unsecured.map((f) => f.itemId)).toEqual(["7", "6"]);
  });

  it("reads how many times a password was seen, 0 when the core did not give it", () => {
    expect(timesSeen(finding("1", "a", "exposed", "10556095"))).toBe(10_556_095);
    expect(timesSeen(finding("1", "a", "exposed", null))).toBe(0);
    expect(timesSeen(finding("1", "a", "exposed", "lots"))).toBe(0);
  });

  it("reads the reuse count, 0 when the core did not give one", () => {
    expect(uses(finding("1", "a", "reused", "3"))).toBe(3);
    expect(uses(finding("1", "a", "reused", null))).toBe(0);
    expect(uses(finding("1", "a", "reused", "many"))).toBe(0);
  });
});
