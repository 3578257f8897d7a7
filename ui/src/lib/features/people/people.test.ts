// Provider Portal → People against the fake backend: the list with roles and
// statuses, inviting, confirming after comparing the phrase, changing a role,
// removing, refusals as the core words them, and the page's helpers.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend } from "$lib/backend";
import { calls } from "$lib/testing/app";
import { openPeople as open, personRow as row, renderPeople } from "$lib/testing/people";
import { byTestId } from "$lib/testing/portal";
import { squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { roleLabel, statusLabel } from "./people";

beforeEach(() => setClock(() => FAKE_NOW));

describe("the People page", () => {
  it("lists the provider's people with their role and status", async () => {
    await open();
    const rows = screen.getAllByTestId("person-row");
    expect(rows).toHaveLength(4);
    expect(text(within(row("admin@demo-msp.example")).getByTestId("person-role-label"))).toBe("Provider admin");
    expect(text(within(row("admin@demo-msp.example")).getByTestId("person-status"))).toBe("Confirmed");
    expect(text(within(row("tech@demo-msp.example")).getByTestId("person-role-label"))).toBe("Service user");
    expect(text(within(row("newtech@demo-msp.example")).getByTestId("person-status"))).toBe("Invited");
    expect(text(within(row("alice@northwind.example")).getByTestId("person-status"))).toBe("Accepted");
    expect(text(screen.getByTestId("people-asof"))).toContain("People as of");
    // Actions by status: reinvite the invited, confirm the accepted.
    expect(within(row("newtech@demo-msp.example")).getByTestId("person-reinvite")).toBeTruthy();
    expect(within(row("newtech@demo-msp.example")).queryByTestId("person-confirm")).toBeNull();
    expect(within(row("alice@northwind.example")).getByTestId("person-confirm")).toBeTruthy();
    expect(screen.getByTestId("nav-people").getAttribute("aria-current")).toBe("page");
  });

  it("invites the parsed e-mails with the chosen role, and shows the jobs", async () => {
    const backend = await open();
    await fireEvent.click(screen.getByTestId("people-invite"));
    const dialog = await byTestId("people-invite-dialog");
    await fireEvent.input(within(dialog).getByTestId("people-invite-emails"), { target: { value: "one@demo-msp.example,\ntwo@demo-msp.example" } });
    const select = within(dialog).getByLabelText("Role") as HTMLSelectElement;
    select.value = "provider_admin";
    await fireEvent.change(select);
    await fireEvent.click(within(dialog).getByTestId("people-invite-submit"));
    await waitFor(() => expect(screen.queryByTestId("people-invite-dialog")).toBeNull());
    expect(calls(backend, "invitePeople").map((c) => c.args)).toEqual([[{ emails: ["one@demo-msp.example", "two@demo-msp.example"], role: "provider_admin" }]]);
    await byTestId("people-results");
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(6));
    expect(text(within(row("two@demo-msp.example")).getByTestId("person-role-label"))).toBe("Provider admin");
  });

  it("shows the core's refusal of someone already in the provider", async () => {
    await open();
    await fireEvent.click(screen.getByTestId("people-invite"));
    const dialog = await byTestId("people-invite-dialog");
    await fireEvent.input(within(dialog).getByTestId("people-invite-emails"), { target: { value: "newtech@demo-msp.example" } });
    await fireEvent.click(within(dialog).getByTestId("people-invite-submit"));
    await waitFor(() => expect(text(dialog)).toContain("newtech@demo-msp.example is already a member of this client."));
  });

  it("confirms only after the phrase was compared, with the preview's key hash", async () => {
    const backend = await open();
    await fireEvent.click(within(row("alice@northwind.example")).getByTestId("person-confirm"));
    const dialog = await byTestId("person-confirm-dialog");
    expect(text(await within(dialog).findByTestId("person-confirm-phrase"))).toBe("alpha-bravo-charlie-delta-echo");
    const submit = within(dialog).getByTestId("person-confirm-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.click(submit);
    expect(calls(backend, "confirmPeople")).toHaveLength(0);
    await fireEvent.click(within(dialog).getByTestId("person-confirm-compared"));
    expect(submit.disabled).toBe(false);
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByTestId("person-confirm-dialog")).toBeNull());
    // The key hash the dialog was shown (a fresh fake answers the same preview).
    const [preview] = await new FakeBackend().peopleConfirmPreview(["pu-4"]);
    expect(calls(backend, "confirmPeople").map((c) => c.args)).toEqual([[{ people: [{ memberId: "pu-4", publicKeySha256: preview.publicKeySha256 }], compared: true }]]);
    await waitFor(() => expect(text(within(row("alice@northwind.example")).getByTestId("person-status"))).toBe("Confirmed"));
  });

  it("changes a role", async () => {
    const backend = await open();
    const button = within(row("tech@demo-msp.example")).getByTestId("person-role");
    expect(text(button)).toBe("Make admin");
    await fireEvent.click(button);
    await waitFor(() => expect(calls(backend, "setPersonRole").map((c) => c.args)).toEqual([["pu-2", "provider_admin"]]));
    await waitFor(() => expect(text(within(row("tech@demo-msp.example")).getByTestId("person-role-label"))).toBe("Provider admin"));
  });

  it("removes someone after asking first", async () => {
    const backend = await open();
    await fireEvent.click(within(row("newtech@demo-msp.example")).getByTestId("person-remove"));
    const dialog = await byTestId("person-remove-dialog");
    expect(calls(backend, "peopleAction")).toHaveLength(0);
    await fireEvent.click(within(dialog).getByTestId("person-remove-submit"));
    await waitFor(() => expect(calls(backend, "peopleAction").map((c) => c.args)).toEqual([[["pu-3"], "remove"]]));
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(3));
    expect(screen.getByTestId("people-results")).toBeTruthy();
  });

  it("shows a service user the core's refusal", async () => {
    const backend = new FakeBackend({ fail: { people: { code: "forbidden", message: "Bitwarden lets only the provider's admins see and manage its people." } } });
    renderPeople(backend);
    const refused = await byTestId("people-forbidden");
    expect(text(refused)).toContain("Bitwarden lets only the provider's admins see and manage its people.");
    expect(screen.queryByTestId("people-invite")).toBeNull();
  });
});

describe("the fake's rules", () => {
  it("refuses to confirm without comparing, or someone who has not accepted", async () => {
    const backend = new FakeBackend();
    await expect(backend.confirmPeople({ people: [{ memberId: "pu-4", publicKeySha256: "sha256-pu-4" }], compared: false })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(backend.peopleConfirmPreview(["pu-3"])).rejects.toMatchObject({
      message: "newtech@demo-msp.example is invited; only members who accepted their invitation can be confirmed.",
    });
  });

  it("labels unknown roles and statuses by number", () => {
    expect(roleLabel({ unknown: 7 })).toBe("Unknown role (7)");
    expect(statusLabel({ unknown: 9 })).toBe("Unknown status (9)");
  });
});
