// Admin Console → Onboarding against the fake backend: each member's steps
// and next step for Northwind (org-6), the counts, the filters, opening a
// resource by name, copying the member's message (and the by-hand fallback),
// sending a stale invitation again through the reinvite flow, states,
// Spanish and hostile names.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_NOW, FakeBackend, HOSTILE_NAMES, fakeClient, type MemberProgress } from "$lib/backend";
import { i18n } from "$lib/i18n";
import { adminPath } from "$lib/navigation";
import { calls } from "$lib/testing/app";
import { byTestId, openAt, renderAdmin } from "$lib/testing/portal";
import { rowWhere, textOf as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { countsSummary, filterCounts, matches, steps } from "./onboarding";

beforeEach(() => setClock(() => FAKE_NOW));
afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
});

const open = (org = "org-6", backend = new FakeBackend()) => renderAdmin(backend, "onboarding", org);
/** The page once its table shows. */
const openTable = (org = "org-6", backend = new FakeBackend()) => openAt(backend, adminPath(org, "onboarding"), "onboarding-table");

const row = (memberId: string) => rowWhere("onboarding-row", "member-id", memberId);

const rowIds = () => screen.queryAllByTestId("onboarding-row").map((r) => r.dataset.memberId);
const next = (memberId: string) => within(row(memberId)).getByTestId("onboarding-next").textContent?.trim();
/** A row's steps as "✓ Invited" / "· Two-step login", in order, read from the hidden words too. */
const stepsOf = (memberId: string) =>
  within(row(memberId))
    .getAllByTestId("onboarding-step")
    .map((li) => li.textContent?.replace(/\s+/g, " ").replace("→", "").trim());

function member(overrides: Partial<MemberProgress>): MemberProgress {
  return {
    memberId: "m",
    email: "a@example.com",
    name: "A",
    status: "confirmed",
    accepted: true,
    confirmed: true,
    twoStep: true,
    recoveryEnrolled: null,
    invitedDays: null,
    staleInvite: false,
    next: null,
    resource: null,
    message: null,
    ...overrides,
  };
}

describe("the onboarding rules", () => {
  it("lists the steps in order, account recovery only with its policy", () => {
    const m = member({ status: "accepted", confirmed: false, twoStep: false, recoveryEnrolled: false });
    expect(steps(m, true)).toEqual([
      { id: "invited", done: true },
      { id: "accepted", done: true },
      { id: "confirmed", done: false },
      { id: "two_step", done: false },
      { id: "recovery", done: false },
    ]);
    expect(steps(m, false).map((s) => s.id)).toEqual(["invited", "accepted", "confirmed", "two_step"]);
    expect(steps(member({ status: "staged", accepted: false, confirmed: false }), false)[0]).toEqual({ id: "invited", done: false });
  });

  it("filters by next step and stale invitation", () => {
    const list = [member({}), member({ next: "turn_on_two_step" }), member({ next: "accept_invite", staleInvite: true })];
    expect(filterCounts(list)).toEqual({ all: 3, needs_action: 2, stale: 1 });
    expect(matches(list[0], "needs_action")).toBe(false);
  });

  it("words the counts in the singular and without account recovery", () => {
    const counts = { members: 1, accepted: 1, confirmed: 1, twoStep: 1, recoveryEnrolled: 1, complete: 1, staleInvites: 0 };
    expect(countsSummary({ counts, recoveryPolicy: false })).toBe(
      "1 member: 1 accepted, 1 confirmed, 1 with two-step login; 1 done; no invitation older than 5 days",
    );
    expect(countsSummary({ counts: { ...counts, members: 12, staleInvites: 2 }, recoveryPolicy: true })).toBe(
      "12 members: 1 accepted, 1 confirmed, 1 with two-step login, 1 enrolled in account recovery; 1 done; 2 invitations older than 5 days",
    );
  });
});

describe("a client's onboarding", () => {
  it("shows each member's steps and next step, the counts and the data's age", async () => {
    const backend = await openTable();
    expect(calls(backend, "onboarding")[0].args).toEqual(["org-6", "en"]);
    expect(text("admin-page-onboarding")).toContain("Onboarding");
    expect(text("onboarding-asof")).toContain("(2 hours ago)");
    expect(text("onboarding-counts")).toBe(
      "7 members: 5 accepted, 3 confirmed, 2 with two-step login, 3 enrolled in account recovery; 2 done; 1 invitation older than 5 days",
    );
    // The revoked member is not onboarding.
    expect(rowIds()).toEqual(["m-6-1", "m-6-2", "m-6-3", "m-6-4", "m-6-5", "m-6-6", "m-6-8"]);
    expect(next("m-6-1")).toBe("Every step done");
    expect(next("m-6-3")).toBe("Turn on two-step login");
    expect(next("m-6-4")).toBe("Waiting for you to confirm them");
    expect(next("m-6-5")).toBe("Accept the invitation");
    expect(next("m-6-8")).toBe("Nothing to do yet");

    // Steps in words (done / not yet), not colour alone.
    expect(stepsOf("m-6-3")).toEqual(["Done: Invited", "Done: Accepted", "Done: Confirmed", "Not yet: Two-step login", "Done: Account recovery"]);
    expect(stepsOf("m-6-5")).toEqual(["Done: Invited", "Not yet: Accepted", "Not yet: Confirmed", "Not yet: Two-step login", "Not yet: Account recovery"]);

    // The stale invitation says so, with its age.
    expect(within(row("m-6-5")).getByTestId("onboarding-invited").textContent?.trim()).toBe("Invited 8 days ago");
    expect(within(row("m-6-5")).getByTestId("onboarding-stale").textContent?.trim()).toBe("Invitation older than 5 days");
    expect(within(row("m-6-5")).queryByTestId("onboarding-reinvite")).toBeTruthy();
    expect(screen.getAllByTestId("onboarding-reinvite")).toHaveLength(1);

    // Confirming is the technician's step: a link to the Members page, no message.
    expect(within(row("m-6-4")).getByTestId("onboarding-confirm-link").getAttribute("href")).toBe("/admin/members?org=org-6");
    expect(within(row("m-6-4")).queryByTestId("onboarding-copy")).toBeNull();
    expect(within(row("m-6-4")).queryByTestId("onboarding-open-resource")).toBeNull();
    // A member with every step done has nothing to send.
    expect(within(row("m-6-1")).queryByRole("button")).toBeNull();
  });

  it("filters: all, needs action, stale invites", async () => {
    await openTable();
    expect(text("onboarding-filter-all")).toBe("All (7)");
    expect(text("onboarding-filter-needs_action")).toBe("Needs action (4)");
    expect(text("onboarding-filter-stale")).toBe("Stale invites (1)");
    await fireEvent.click(screen.getByTestId("onboarding-filter-needs_action"));
    expect(screen.getByTestId("onboarding-filter-needs_action").getAttribute("aria-pressed")).toBe("true");
    expect(rowIds()).toEqual(["m-6-3", "m-6-4", "m-6-5", "m-6-6"]);
    await fireEvent.click(screen.getByTestId("onboarding-filter-stale"));
    expect(rowIds()).toEqual(["m-6-5"]);
    await fireEvent.click(screen.getByTestId("onboarding-filter-all"));
    expect(rowIds()).toHaveLength(7);
  });

  it("opens the resource for the next step by name", async () => {
    const backend = await openTable();
    const button = within(row("m-6-3")).getByTestId("onboarding-open-resource");
    expect(button.textContent?.trim()).toBe("Open “Set up two-step login”");
    await fireEvent.click(button);
    await fireEvent.click(within(row("m-6-5")).getByTestId("onboarding-open-resource"));
    expect(calls(backend, "openResource").map((c) => c.args)).toEqual([["two_step_login"], ["register"]]);
  });

  it("copies the member's message and announces it", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await openTable();
    const status = screen.getByTestId("onboarding-copied");
    expect(status.getAttribute("role")).toBe("status");
    await fireEvent.click(within(row("m-6-3")).getByTestId("onboarding-copy"));
    await waitFor(() => expect(text("onboarding-copied")).toBe("Message for Tomás Núñez copied."));
    expect(writeText).toHaveBeenCalledOnce();
    const message = String(writeText.mock.calls[0][0]);
    expect(message).toContain("Hello Tomás Núñez,");
    expect(message).toContain("two-step login");
    expect(message).toContain("https://bitwarden.com/help/setup-two-step-login/");
    // The same words can be viewed in the row.
    expect(within(row("m-6-3")).getByTestId("onboarding-message").textContent).toBe(message);
    expect(screen.queryByTestId("onboarding-manual")).toBeNull();
  });

  it("shows the message to copy by hand when the clipboard refuses", async () => {
    const writeText = vi.fn().mockRejectedValue(new Error("denied"));
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await openTable();
    await fireEvent.click(within(row("m-6-5")).getByTestId("onboarding-copy"));
    const area = (await byTestId("onboarding-manual")) as HTMLTextAreaElement;
    expect(area.readOnly).toBe(true);
    expect(area.value).toContain("Hello,");
    expect(area.value).toContain("https://bitwarden.com/help/create-bitwarden-account/");
    expect(screen.getByLabelText("Message for new.hire@northwind.example: select it and copy it")).toBe(area);
    await waitFor(() => expect(text("onboarding-copied")).toContain("Could not copy the message for new.hire@northwind.example"));
    await waitFor(() => expect(document.activeElement).toBe(area));
    await fireEvent.click(screen.getByTestId("onboarding-manual-close"));
    expect(screen.queryByTestId("onboarding-manual")).toBeNull();
  });

  it("sends a stale invitation again through the reinvite flow and shows its jobs", async () => {
    const backend = await openTable();
    await fireEvent.click(within(row("m-6-5")).getByTestId("onboarding-reinvite"));
    const results = await byTestId("onboarding-results");
    expect(calls(backend, "reinviteMembers").map((c) => c.args)).toEqual([[{ organizationId: "org-6", memberIds: ["m-6-5"] }]]);
    expect(within(results).getByRole("heading").textContent).toBe("Send the invitation again");
    expect(within(results).getAllByTestId("member-job")).toHaveLength(1);
    // The page loads again from the snapshot.
    await waitFor(() => expect(calls(backend, "onboarding").length).toBeGreaterThan(1));
  });

  it("shows why sending again failed", async () => {
    const backend = new FakeBackend({ fail: { reinviteMembers: { code: "conflict", message: "Already accepted." } } });
    await openTable("org-6", backend);
    await fireEvent.click(within(row("m-6-5")).getByTestId("onboarding-reinvite"));
    expect((await byTestId("onboarding-action-error")).textContent).toContain("Could not send the invitation again: Already accepted.");
  });

  it("shows a load failure with a retry, and the empty state", async () => {
    open("org-6", new FakeBackend({ fail: { onboarding: { code: "internal", message: "The snapshot is damaged." } } }));
    expect((await byTestId("onboarding-error")).textContent).toContain("Could not load the onboarding progress: The snapshot is damaged.");
  });

  it("says when the client has no members", async () => {
    open("org-6", new FakeBackend({ members: { "org-6": [] } }));
    expect(await byTestId("onboarding-empty")).toBeTruthy();
    expect(screen.queryByTestId("onboarding-table")).toBeNull();
  });

  it("asks the core in Spanish, and again when the language changes", async () => {
    const backend = await openTable("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(calls(backend, "onboarding").at(-1)?.args).toEqual(["org-6", "es"]));
    await waitFor(() => expect(next("m-6-3")).toBe("Activar el inicio de sesión en dos pasos"));
    expect(text("onboarding-counts")).toBe(
      "7 miembros: 5 han aceptado, 3 confirmados, 2 con inicio de sesión en dos pasos, 3 inscritos en la recuperación de cuenta; 2 han completado todos los pasos; 1 invitación de hace más de 5 días",
    );
    await waitFor(() => expect(within(row("m-6-3")).getByTestId("onboarding-message").textContent).toContain("Hola, Tomás Núñez:"));

    i18n.setPreference("en");
    await waitFor(() => expect(calls(backend, "onboarding").at(-1)?.args).toEqual(["org-6", "en"]));
    await waitFor(() => expect(within(row("m-6-3")).getByTestId("onboarding-message").textContent).toContain("Hello Tomás Núñez,"));
  });

  it("shows names from a hostile server as text", async () => {
    const hostile = fakeClient(900, HOSTILE_NAMES[0], "Teams (Monthly)", 5, 1);
    await openTable("org-900", new FakeBackend({ clients: [hostile] }));
    expect(within(row("m-org-900-1")).getByTestId("onboarding-name").textContent).toBe(HOSTILE_NAMES[0]);
    expect(document.querySelectorAll("main img").length).toBe(0);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("is a tab of the Admin Console, after Reports", async () => {
    await openTable();
    const nav = screen.getByTestId("admin-nav");
    const links = within(nav).getAllByRole("link").map((a) => a.dataset.testid);
    expect(links.slice(0, 6)).toEqual([
      "admin-nav-members",
      "admin-nav-items",
      "admin-nav-reports",
      "admin-nav-onboarding",
      "admin-nav-events",
      "admin-nav-billing",
    ]);
    expect(screen.getByTestId("admin-nav-onboarding").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("admin-nav-onboarding").getAttribute("href")).toBe("/admin/onboarding?org=org-6");
  });
});
