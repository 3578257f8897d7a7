// Admin Console → Members against the fake backend: the list, filters and
// search, and the help page's member tasks (invite, confirm, revoke,
// remove, edit, recover, seats), online and offline.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_DEMO, FAKE_NOW, FakeBackend, HOSTILE_NAMES, fakeClient, scaleMembers, type Backend } from "$lib/backend";
import { adminPath } from "$lib/navigation";
import { calls } from "$lib/testing/app";
import { byTestId, openAt, renderAdmin } from "$lib/testing/portal";
import { rowWhere, textOf as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";

beforeEach(() => setClock(() => FAKE_NOW));
afterEach(() => vi.useRealTimers());

const open = (org = "org-6", backend = new FakeBackend()) => renderAdmin(backend, "members", org);
/** The page once its table shows. */
const openTable = (org = "org-6", backend = new FakeBackend()) => openAt(backend, adminPath(org, "members"), "members-table");

const row = (memberId: string) => rowWhere("member-row", "member-id", memberId);

const rowIds = () => screen.queryAllByTestId("member-row").map((r) => r.dataset.memberId);
const cell = (memberId: string, id: string) => within(row(memberId)).getByTestId(id).textContent?.trim();

async function rowAction(memberId: string, action: string): Promise<void> {
  await fireEvent.click(within(row(memberId)).getByTestId("member-actions"));
  await fireEvent.click(await byTestId(`member-action-${action}`));
}

async function select(memberId: string): Promise<void> {
  await fireEvent.click(within(row(memberId)).getByTestId("member-select"));
}

/** Lets promise chains started by an event finish (no timers: they may be fake). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await tick();
}

async function results(): Promise<HTMLElement> {
  return byTestId("member-results");
}

describe("the members list", () => {
  it("shows the members with their role, groups, collections, two-step login, recovery and status", async () => {
    await openTable();
    expect(rowIds()).toEqual(["m-6-1", "m-6-6", "m-6-2", "m-6-5", "m-6-7", "m-6-4", "m-6-8", "m-6-3"]);
    expect(cell("m-6-1", "member-name")).toBe("Dana Whitfield");
    expect(cell("m-6-1", "member-email")).toBe("dana@northwind.example");
    expect(cell("m-6-1", "member-role")).toBe("Owner");
    expect(cell("m-6-1", "member-groups")).toBe("IT");
    expect(cell("m-6-1", "member-collections")).toBe("Default collection, Domain admin");
    expect(cell("m-6-1", "member-2fa")).toBe("On");
    expect(cell("m-6-1", "member-recovery")).toBe("Enrolled");
    expect(cell("m-6-1", "member-status")).toBe("Confirmed");
    expect(cell("m-6-5", "member-name")).toBe("new.hire@northwind.example");
    expect(cell("m-6-4", "member-role")).toBe("Custom");
    expect(cell("m-6-4", "member-status")).toBe("Needs confirmation");
    expect(cell("m-6-8", "member-status")).toBe("Staged (not invited yet)");
    expect(text("members-asof")).toContain("2 hours ago");
    expect(text("recovery-on")).toContain("4 enrolled");
  });

  it("filters with counts, searches by name or e-mail, and sorts by a column", async () => {
    await openTable();
    expect(text("members-filter-all")).toBe("All (8)");
    expect(text("members-filter-invited")).toBe("Invited (1)");
    expect(text("members-filter-needs_confirmation")).toBe("Needs confirmation (2)");
    expect(text("members-filter-revoked")).toBe("Revoked (1)");

    await fireEvent.click(screen.getByTestId("members-filter-needs_confirmation"));
    expect(rowIds()).toEqual(["m-6-6", "m-6-4"]);
    expect(screen.getByTestId("members-filter-needs_confirmation").getAttribute("aria-pressed")).toBe("true");
    expect(text("members-count")).toBe("2 of 8 members");

    await fireEvent.click(screen.getByTestId("members-filter-all"));
    await fireEvent.input(screen.getByTestId("members-search"), { target: { value: "NUNEZ" } });
    expect(rowIds()).toEqual(["m-6-3"]);
    await fireEvent.input(screen.getByTestId("members-search"), { target: { value: "new.hire@" } });
    expect(rowIds()).toEqual(["m-6-5"]);
    await fireEvent.input(screen.getByTestId("members-search"), { target: { value: "nobody" } });
    expect(await byTestId("members-no-match")).toBeTruthy();

    await fireEvent.input(screen.getByTestId("members-search"), { target: { value: "" } });
    await fireEvent.click(screen.getByTestId("members-sort-status"));
    expect(rowIds().slice(0, 3)).toEqual(["m-6-5", "m-6-6", "m-6-4"]);
    expect(screen.getByTestId("members-sort-status").closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    await fireEvent.click(screen.getByTestId("members-sort-status"));
    expect(rowIds()[0]).toBe("m-6-7");
  });

  it("shows the seats: assigned, in use, free and pending invitations", async () => {
    open();
    const panel = await byTestId("seats-panel");
    expect(within(panel).getByTestId("seats-assigned").textContent).toBe("25");
    expect(within(panel).getByTestId("seats-used").textContent).toBe("6");
    expect(within(panel).getByTestId("seats-free").textContent).toBe("19");
    expect(within(panel).getByTestId("seats-pending").textContent).toBe("1");
    expect(text("seats-billing")).toContain("organization's own subscription");
    expect(screen.queryByTestId("seats-service-user")).toBeNull();
  });

  it("tells a service user they can only use the provider's unassigned seats", async () => {
    const backend = new FakeBackend();
    backend.account = { ...backend.account!, email: FAKE_DEMO.serviceUserEmail };
    open("org-1", backend);
    expect((await byTestId("seats-service-user")).textContent).toContain("provider's unassigned seats");
  });

  it("says when account recovery is off, and that it needs the Single organization policy", async () => {
    open("org-1");
    expect((await byTestId("recovery-off")).textContent).toContain("Single organization policy");
    await fireEvent.click(within(row("m-1-1")).getByTestId("member-actions"));
    expect(screen.getByTestId("member-action-edit")).toBeTruthy();
    expect(screen.queryByTestId("member-action-recover")).toBeNull();
  });

  it("draws thousands of members a page at a time", async () => {
    await openTable("org-1", new FakeBackend({ members: { "org-1": scaleMembers(5000) } }));
    expect(rowIds()).toHaveLength(100);
    expect(text("members-count")).toBe("5,000 members");
    await fireEvent.click(screen.getByTestId("members-show-more"));
    expect(rowIds()).toHaveLength(200);
    await fireEvent.input(screen.getByTestId("members-search"), { target: { value: "person04999" } });
    expect(rowIds()).toEqual(["m-scale-4999"]);
    expect(screen.queryByTestId("members-show-more")).toBeNull();
  });

  it("shows names from a hostile server as text", async () => {
    const hostile = fakeClient(900, HOSTILE_NAMES[0], "Teams (Monthly)", 5, 1);
    await openTable("org-900", new FakeBackend({ clients: [hostile] }));
    expect(cell("m-org-900-1", "member-name")).toBe(HOSTILE_NAMES[0]);
    expect(document.querySelectorAll("main img, [data-testid='members-table'] img").length).toBe(0);
  });

  it("speaks Spanish", async () => {
    await openTable("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(text("members-filter-needs_confirmation")).toBe("Necesitan confirmación (2)"));
    expect(cell("m-6-1", "member-role")).toBe("Propietario");
  });
});

describe("inviting", () => {
  it("shows the seat math, sends role, permissions, collections and groups, and lists the new members", async () => {
    const backend = open();
    await fireEvent.click(await byTestId("members-invite"));
    const dialog = await byTestId("invite-dialog");
    await fireEvent.input(within(dialog).getByTestId("invite-emails"), { target: { value: "a@new.example, b@new.example\nc@new.example\nA@new.example" } });
    expect(text("invite-seat-math")).toBe("3 to invite · 19 free seats · 16 free after sending");
    expect(screen.queryByTestId("invite-seat-warning")).toBeNull();

    await fireEvent.change(within(dialog).getByTestId("invite-role"), { target: { value: "custom" } });
    await fireEvent.click(within(dialog).getByTestId("invite-permission-access_reports"));
    await fireEvent.click(within(dialog).getByTestId("invite-collection-c-6-3"));
    await fireEvent.change(within(dialog).getByTestId("invite-level-c-6-3"), { target: { value: "edit_except_passwords" } });
    await fireEvent.click(within(dialog).getByTestId("invite-group-g-6-2"));
    await fireEvent.click(screen.getByTestId("invite-submit"));

    await waitFor(() => expect(screen.queryByTestId("invite-dialog")).toBeNull());
    expect(calls(backend, "inviteMembers")[0].args[0]).toEqual({
      organizationId: "org-6",
      emails: ["a@new.example", "b@new.example", "c@new.example"],
      access: {
        role: "custom",
        permissions: ["access_reports"],
        collections: [{ collectionId: "c-6-3", level: "edit_except_passwords" }],
        groups: ["g-6-2"],
      },
    });
    const outcome = await results();
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Done");
    expect(outcome.textContent).toContain("Invite a@new.example, b@new.example, c@new.example to “Northwind Traders” as Custom");
    await waitFor(() => expect(text("members-filter-invited")).toBe("Invited (4)"));
    expect(within(screen.getByTestId("seats-panel")).getByTestId("seats-free").textContent).toBe("16");
  });

  it("warns beyond the free seats and shows the core's refusal", async () => {
    const backend = open("org-4");
    await fireEvent.click(await byTestId("members-invite"));
    await fireEvent.input(screen.getByTestId("invite-emails"), { target: { value: "new@contoso.example" } });
    expect(text("invite-seat-math")).toBe("1 to invite · 0 free seats · 0 free after sending");
    expect(text("invite-seat-warning")).toContain("1 more than the free seats");
    await fireEvent.click(screen.getByTestId("invite-submit"));
    const error = await byTestId("dialog-error");
    expect(error.textContent).toContain("This invites 1 people but the client has 0 free seats. Add at least 1 seats to the client first");
    expect(screen.getByTestId("invite-dialog")).toBeTruthy();
    expect(backend.jobList.some((j) => j.kind === "invite_members")).toBe(false);
  });

  it("refuses what is not an e-mail address before sending", async () => {
    const backend = open();
    await fireEvent.click(await byTestId("members-invite"));
    await fireEvent.input(screen.getByTestId("invite-emails"), { target: { value: "ok@x.example, bob" } });
    await fireEvent.click(screen.getByTestId("invite-submit"));
    expect((await byTestId("dialog-error")).textContent?.trim()).toBe("These are not email addresses: bob");
    expect(calls(backend, "inviteMembers")).toHaveLength(0);
  });

  it("offline, queues the invitation and says it is applied when online", async () => {
    open("org-6", new FakeBackend({ online: false }));
    expect((await byTestId("members-offline")).textContent).toContain("queued");
    await fireEvent.click(screen.getByTestId("members-invite"));
    await fireEvent.input(screen.getByTestId("invite-emails"), { target: { value: "later@x.example" } });
    await fireEvent.click(screen.getByTestId("invite-submit"));
    const outcome = await results();
    expect(outcome.dataset.outcome).toBe("pending");
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Pending");
    expect(within(outcome).getByTestId("member-job-error").textContent).toContain("applied once Provider Desk can reach the server. Reason: The server cannot be reached");
    expect(within(outcome).getByTestId("member-results-pending").textContent).toContain("Changes waiting to be sent: 1");
    expect(text("members-filter-invited")).toBe("Invited (1)");
  });
});

describe("confirming", () => {
  it("shows the fingerprint phrase and needs the compared checkbox before confirming", async () => {
    const backend = await openTable();
    await rowAction("m-6-6", "confirm");
    const dialog = await byTestId("confirm-dialog");
    const phrase = (await within(dialog).findByTestId("confirm-phrase")).textContent ?? "";
    expect(phrase).toMatch(/^[a-z]+(-[a-z]+){4}$/);
    expect(dialog.textContent).toContain("Settings → Account security → Fingerprint phrase");
    const submit = within(dialog).getByTestId("confirm-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.click(within(dialog).getByTestId("confirm-compared"));
    expect(submit.disabled).toBe(false);
    await fireEvent.click(submit);

    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
    const [input] = calls(backend, "confirmMembers")[0].args as [Parameters<Backend["confirmMembers"]>[0]];
    expect(input).toEqual({ organizationId: "org-6", members: [{ memberId: "m-6-6", publicKeySha256: expect.any(String) }], compared: true });
    expect(within(await results()).getByTestId("member-job-status").textContent).toBe("Done");
    await waitFor(() => expect(cell("m-6-6", "member-status")).toBe("Confirmed"));
  });

  it("shows every phrase when confirming several members at once", async () => {
    const backend = open();
    await fireEvent.click(await byTestId("members-filter-needs_confirmation"));
    await fireEvent.click(screen.getByTestId("members-select-all"));
    expect(text("members-selected")).toBe("2 selected");
    await fireEvent.click(screen.getByTestId("bulk-confirm"));
    const dialog = await byTestId("confirm-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("confirm-phrase")).toHaveLength(2));
    const phrases = within(dialog).getAllByTestId("confirm-phrase").map((p) => p.textContent);
    expect(new Set(phrases).size).toBe(2);
    await fireEvent.click(within(dialog).getByTestId("confirm-compared"));
    await fireEvent.click(within(dialog).getByTestId("confirm-submit"));
    await waitFor(() => expect(text("members-filter-needs_confirmation")).toBe("Needs confirmation (0)"));
    expect((calls(backend, "confirmMembers")[0].args[0] as { members: unknown[] }).members).toHaveLength(2);
  });

  it("offline, shows the phrase of the key seen at the last sync and queues the confirm", async () => {
    const backend = await openTable("org-6", new FakeBackend({ online: false }));
    await rowAction("m-6-6", "confirm");
    const dialog = await byTestId("confirm-dialog");
    const note = await within(dialog).findByTestId("confirm-from-snapshot");
    expect(note.textContent).toContain("as Provider Desk saw it at the last sync");
    expect(note.textContent).toContain("checked against the server");
    expect(note.textContent).toContain("waits in the queue");
    expect(within(dialog).getByTestId("confirm-member").textContent).toContain("of the key seen at the last sync");
    await fireEvent.click(within(dialog).getByTestId("confirm-compared"));
    await fireEvent.click(within(dialog).getByTestId("confirm-submit"));
    const outcome = await results();
    expect(outcome.dataset.outcome).toBe("pending");
    expect(calls(backend, "confirmMembers")).toHaveLength(1);
    expect(cell("m-6-6", "member-status")).toBe("Needs confirmation");
  });

  it("online, says nothing about the last sync", async () => {
    await openTable();
    await rowAction("m-6-6", "confirm");
    await within(await byTestId("confirm-dialog")).findByTestId("confirm-phrase");
    expect(screen.queryByTestId("confirm-from-snapshot")).toBeNull();
  });

  it("shows the core's refusal when no key is known", async () => {
    const message = "This needs the server: the members' keys were not seen at the last sync (The server cannot be reached.)";
    await openTable("org-6", new FakeBackend({ fail: { confirmPreview: { code: "offline", message } } }));
    await rowAction("m-6-6", "confirm");
    expect((await byTestId("confirm-error")).textContent).toContain("keys were not seen at the last sync");
  });
});

describe("revoking, restoring and removing", () => {
  it("revokes the selected members it applies to, after a confirmation", async () => {
    const backend = await openTable();
    await select("m-6-3");
    await select("m-6-7");
    expect(text("bulk-revoke")).toBe("Revoke access (1)");
    expect(text("bulk-restore")).toBe("Restore access (1)");
    await fireEvent.click(screen.getByTestId("bulk-revoke"));
    const dialog = await byTestId("status-dialog");
    expect(within(dialog).getByTestId("status-members").textContent).toContain("Tomás Núñez");
    expect(within(dialog).getByTestId("status-skipped").textContent).toContain("1");
    await fireEvent.click(within(dialog).getByTestId("status-confirm"));
    await waitFor(() => expect(screen.queryByTestId("status-dialog")).toBeNull());
    expect(calls(backend, "changeMemberStatus")[0].args).toEqual(["revoke", { organizationId: "org-6", memberIds: ["m-6-3"] }]);
    expect((await results()).textContent).toContain("Revoke tomas@northwind.example in “Northwind Traders”");
    await waitFor(() => expect(cell("m-6-3", "member-status")).toBe("Revoked"));
    expect(text("members-filter-revoked")).toBe("Revoked (2)");
    expect(screen.queryByTestId("members-bulk")).toBeNull();
  });

  it("says removing is permanent", async () => {
    const backend = await openTable();
    await rowAction("m-6-7", "remove");
    const dialog = await byTestId("status-dialog");
    expect(within(dialog).getByTestId("status-body").textContent).toContain("permanent");
    expect(within(dialog).getByTestId("status-confirm").textContent?.trim()).toBe("Remove permanently");
    await fireEvent.click(within(dialog).getByTestId("status-confirm"));
    await waitFor(() => expect(rowIds()).not.toContain("m-6-7"));
    expect(calls(backend, "changeMemberStatus")[0].args[0]).toBe("remove");
  });

  it("shows a job the server refused with its message", async () => {
    const backend = await openTable();
    backend.nextJobFailure = { code: "forbidden", message: "Only an owner can revoke an owner." };
    await rowAction("m-6-1", "revoke");
    await fireEvent.click(within(await byTestId("status-dialog")).getByTestId("status-confirm"));
    const outcome = await results();
    expect(outcome.dataset.outcome).toBe("stopped");
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Failed");
    expect(within(outcome).getByTestId("member-job-error").textContent).toBe("Only an owner can revoke an owner.");
    expect(cell("m-6-1", "member-status")).toBe("Confirmed");
  });

  it("shows a Bitwarden server message it knows in Spanish, and the rest as it came", async () => {
    const backend = await openTable("org-6", new FakeBackend({ preferences: { language: "es" } }));
    await waitFor(() => expect(cell("m-6-1", "member-role")).toBe("Propietario"));
    backend.nextJobFailure = { code: "forbidden", message: "The server refused 1 of 1: dana@northwind.example: You cannot revoke yourself." };
    await rowAction("m-6-1", "revoke");
    await fireEvent.click(within(await byTestId("status-dialog")).getByTestId("status-confirm"));
    const outcome = await results();
    expect(within(outcome).getByTestId("member-job-status").textContent).toBe("Fallido");
    expect(within(outcome).getByTestId("member-job-error").textContent).toBe(
      "The server refused 1 of 1: dana@northwind.example: No puedes revocar tu propio acceso.",
    );
  });

  it("reinvites an invited member at once", async () => {
    const backend = await openTable();
    await rowAction("m-6-5", "reinvite");
    expect((await results()).textContent).toContain("Send the invitation to new.hire@northwind.example again");
    expect(calls(backend, "reinviteMembers")[0].args[0]).toEqual({ organizationId: "org-6", memberIds: ["m-6-5"] });
  });
});

describe("editing", () => {
  it("starts from the member's access and sends the change", async () => {
    const backend = await openTable();
    await rowAction("m-6-4", "edit");
    const dialog = await byTestId("edit-member-dialog");
    expect((within(dialog).getByTestId("edit-role") as HTMLSelectElement).value).toBe("custom");
    expect((within(dialog).getByTestId("edit-permission-access_reports") as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByTestId("edit-permission-manage_groups") as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByTestId("edit-permission-manage_sso") as HTMLInputElement).checked).toBe(false);
    expect((within(dialog).getByTestId("edit-group-g-6-1") as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByTestId("edit-level-c-6-1") as HTMLSelectElement).disabled).toBe(true);

    await fireEvent.change(within(dialog).getByTestId("edit-role"), { target: { value: "admin" } });
    expect(within(dialog).queryByTestId("edit-permissions")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("edit-collection-c-6-1"));
    await fireEvent.change(within(dialog).getByTestId("edit-level-c-6-1"), { target: { value: "manage" } });
    await fireEvent.click(screen.getByTestId("edit-member-submit"));
    await waitFor(() => expect(screen.queryByTestId("edit-member-dialog")).toBeNull());
    expect(calls(backend, "editMember")[0].args[0]).toEqual({
      organizationId: "org-6",
      memberId: "m-6-4",
      access: { role: "admin", permissions: [], collections: [{ collectionId: "c-6-1", level: "manage" }], groups: ["g-6-1"] },
    });
    await waitFor(() => expect(cell("m-6-4", "member-role")).toBe("Admin"));
  });
});

describe("account recovery", () => {
  function stubClipboard() {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    return writeText;
  }

  it("is offered only for enrolled, confirmed members", async () => {
    await openTable();
    await fireEvent.click(within(row("m-6-6")).getByTestId("member-actions"));
    expect(screen.queryByTestId("member-action-recover")).toBeNull();
    await fireEvent.click(within(row("m-6-3")).getByTestId("member-actions"));
    expect(screen.getByTestId("member-action-recover")).toBeTruthy();
  });

  it("shows a generated password once, copies it and clears the clipboard after 30 seconds", async () => {
    const writeText = stubClipboard();
    const backend = await openTable();
    await rowAction("m-6-3", "recover");
    const dialog = await byTestId("recover-dialog");
    expect(text("recover-member")).toBe("Tomás Núñez tomas@northwind.example");
    expect(dialog.textContent).toContain("change it at their next login");
    await fireEvent.click(within(dialog).getByTestId("recover-submit"));

    const shown = await within(dialog).findByTestId("recover-generated");
    const password = shown.textContent ?? "";
    expect(password).toMatch(/^\S{20}$/);
    expect(within(dialog).getByTestId("recover-next").textContent).toContain("Tomás Núñez's sessions have ended");
    expect(calls(backend, "recoverAccount")[0].args[0]).toEqual({
      organizationId: "org-6",
      memberId: "m-6-3",
      newPassword: { kind: "generate" },
      resetTwoFactor: false,
    });
    // The page lists the job, never the password.
    expect((await results()).textContent).toContain("Reset the master password of tomas@northwind.example");
    expect(screen.getByTestId("member-results").textContent).not.toContain(password);

    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    await fireEvent.click(within(dialog).getByTestId("recover-copy"));
    await settle();
    expect(writeText).toHaveBeenCalledWith(password);
    expect(text("recover-countdown")).toBe("Copied. The clipboard is cleared in 30 s.");
    vi.advanceTimersByTime(1000);
    await settle();
    expect(text("recover-countdown")).toBe("Copied. The clipboard is cleared in 29 s.");
    vi.advanceTimersByTime(29_000);
    await settle();
    expect(writeText).toHaveBeenLastCalledWith("");
    expect(text("recover-copy-state")).toBe("The clipboard was cleared.");
    vi.useRealTimers();

    await fireEvent.click(within(dialog).getByTestId("recover-close"));
    await waitFor(() => expect(screen.queryByTestId("recover-dialog")).toBeNull());
    expect(document.body.textContent).not.toContain(password);
  });

  it("measures a typed password and can turn off two-step login", async () => {
    const backend = await openTable();
    await rowAction("m-6-2", "recover");
    const dialog = await byTestId("recover-dialog");
    await fireEvent.click(within(dialog).getByTestId("recover-typed"));
    await fireEvent.input(within(dialog).getByTestId("recover-password"), { target: { value: "password1234" } });
    await waitFor(() => expect(within(dialog).getByTestId("recover-strength").dataset.score).toBe("1"));
    expect(within(dialog).getByTestId("recover-strength").textContent).toContain("Very weak");
    await fireEvent.click(within(dialog).getByTestId("recover-submit"));
    expect((await within(dialog).findByTestId("dialog-error")).textContent).toContain("The new password is too weak");

    await fireEvent.input(within(dialog).getByTestId("recover-password"), { target: { value: "Correct-Horse-Battery-9" } });
    await waitFor(() => expect(within(dialog).getByTestId("recover-strength").dataset.score).toBe("4"));
    await fireEvent.click(within(dialog).getByTestId("recover-reset-2fa"));
    await fireEvent.click(within(dialog).getByTestId("recover-submit"));
    expect((await within(dialog).findByTestId("recover-done")).textContent).toContain("reset to the one you typed");
    expect(within(dialog).queryByTestId("recover-generated")).toBeNull();
    expect(calls(backend, "recoverAccount").at(-1)?.args[0]).toEqual({
      organizationId: "org-6",
      memberId: "m-6-2",
      newPassword: { kind: "typed", password: "***" },
      resetTwoFactor: true,
    });
    // Only ever measured through the core; the fake records no password.
    expect(calls(backend, "passwordStrength").every((c) => c.args[0] === "***")).toBe(true);
  });
});

describe("the account recovery policy", () => {
  it("offers to turn it on when Single organization is on, with automatic enrolment", async () => {
    const backend = open("org-4");
    const off = await byTestId("recovery-off");
    expect(off.textContent).toContain("The Single organization policy it needs is already on");
    await fireEvent.click(within(off).getByTestId("recovery-turn-on"));
    const dialog = await byTestId("recovery-policy-dialog");
    expect(dialog.textContent).toContain("Contoso Dental");
    await fireEvent.click(within(dialog).getByTestId("recovery-policy-auto-enroll"));
    await fireEvent.click(within(dialog).getByTestId("recovery-policy-submit"));
    await waitFor(() => expect(screen.queryByTestId("recovery-policy-dialog")).toBeNull());
    expect(calls(backend, "setRecoveryPolicy")[0].args[0]).toEqual({ organizationId: "org-4", enabled: true, autoEnroll: true });
    expect((await results()).textContent).toContain("Turn on the reset_password policy of “Contoso Dental”");
    expect(await byTestId("recovery-on")).toBeTruthy();
  });

  it("explains that Single organization must be turned on first, and offers no button", async () => {
    const backend = open("org-1");
    const off = await byTestId("recovery-off");
    expect(off.textContent).toContain("Single organization policy turned on first");
    expect(off.textContent).toContain("removes members who also belong to other organizations");
    expect(within(off).queryByTestId("recovery-turn-on")).toBeNull();
    // The core refuses it all the same.
    await expect(backend.setRecoveryPolicy({ organizationId: "org-1", enabled: true, autoEnroll: false })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("Account recovery needs the Single organization policy"),
    });
  });

  it("turns it off after a confirmation, and recovering is no longer offered", async () => {
    const backend = open();
    await fireEvent.click(within(await byTestId("recovery-on")).getByTestId("recovery-turn-off"));
    const dialog = await byTestId("recovery-policy-dialog");
    expect(within(dialog).getByTestId("recovery-policy-off-body").textContent).toContain("the 4 members enrolled now");
    expect(within(dialog).queryByTestId("recovery-policy-auto-enroll")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("recovery-policy-submit"));
    await waitFor(() => expect(screen.queryByTestId("recovery-policy-dialog")).toBeNull());
    expect(calls(backend, "setRecoveryPolicy")[0].args[0]).toEqual({ organizationId: "org-6", enabled: false, autoEnroll: false });
    expect((await results()).textContent).toContain("Turn off the reset_password policy of “Northwind Traders”");
    expect(await byTestId("recovery-turn-on")).toBeTruthy();
    await fireEvent.click(within(row("m-6-3")).getByTestId("member-actions"));
    expect(screen.queryByTestId("member-action-recover")).toBeNull();
  });

  it("offline, queues the change and leaves the policy as it is", async () => {
    open("org-4", new FakeBackend({ online: false }));
    await fireEvent.click(await byTestId("recovery-turn-on"));
    await fireEvent.click(within(await byTestId("recovery-policy-dialog")).getByTestId("recovery-policy-submit"));
    expect((await results()).dataset.outcome).toBe("pending");
    expect(screen.getByTestId("recovery-off")).toBeTruthy();
  });
});

describe("seats", () => {
  it("changes the client's seats and shows the job", async () => {
    const backend = open();
    await fireEvent.click(await byTestId("seats-change"));
    await fireEvent.input(screen.getByTestId("seats-input"), { target: { value: "30" } });
    await fireEvent.click(screen.getByTestId("seats-submit"));
    expect((await results()).textContent).toContain("Change “Northwind Traders”'s seats 25 → 30");
    expect(calls(backend, "setSeats")[0].args[0]).toEqual({ organizationId: "org-6", seats: 30 });
    await waitFor(() => expect(within(screen.getByTestId("seats-panel")).getByTestId("seats-assigned").textContent).toBe("30"));
  });

  it("shows the core's refusal below the seats in use", async () => {
    open();
    await fireEvent.click(await byTestId("seats-change"));
    await fireEvent.input(screen.getByTestId("seats-input"), { target: { value: "2" } });
    await fireEvent.click(screen.getByTestId("seats-submit"));
    expect((await byTestId("dialog-error")).textContent).toContain("You cannot assign fewer seats than the 6 in use.");
  });
});
