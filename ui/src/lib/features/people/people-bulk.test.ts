// Provider Portal → People, the bulk bar against the fake backend: selecting
// people (one by one, all), reinviting, confirming and removing several in
// one change, the actions a mixed selection does not allow, each person's
// outcome where some did not go through, and the selection cleared after a
// change and when the list is read again.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, type JobView, type PersonView, type Submitted } from "$lib/backend";
import { fakePersonFingerprint, fakePersonKeyHash } from "$lib/backend/fake-people";
import { calls } from "$lib/testing/app";
import { openPeople, personRow as row } from "$lib/testing/people";
import { byTestId } from "$lib/testing/portal";
import { squashed as text } from "$lib/testing/queries";
import { setClock } from "$lib/ui/format";
import { bulkAllowed, mentions, personOutcomes } from "./people";

beforeEach(() => setClock(() => FAKE_NOW));

/** Beside the demo's four: a second invited person and a second one who accepted. */
const MORE: PersonView[] = [
  { id: "pu-5", userId: null, email: "second@demo-msp.example", name: null, role: "service_user", status: "invited" },
  { id: "pu-6", userId: "u-bob", email: "bob@northwind.example", name: "Bob Northwind", role: "provider_admin", status: "accepted" },
];

async function open(): Promise<FakeBackend> {
  const backend = new FakeBackend();
  backend.peopleStore.people.push(...MORE.map((p) => ({ ...p })));
  await openPeople(backend);
  await waitFor(() => expect(screen.queryAllByTestId("person-row")).toHaveLength(6));
  return backend;
}

const box = (email: string) => within(row(email)).getByTestId("person-select") as HTMLInputElement;
const bulkButton = (action: string) => screen.getByTestId(`people-bulk-${action}`) as HTMLButtonElement;

async function select(...emails: string[]): Promise<void> {
  for (const email of emails) await fireEvent.click(box(email));
}

function job(id: number, description: string, status: JobView["status"], error: string | null = null): JobView {
  const at = new Date(FAKE_NOW).toISOString();
  return {
    id,
    batch: "b-1",
    kind: "reinvite_people",
    organizationId: null,
    description,
    status,
    attempts: 1,
    createdAt: at,
    updatedAt: at,
    notBefore: null,
    error: error === null ? null : { code: "server_error", message: error },
  };
}

describe("the People page's selection", () => {
  it("labels each checkbox with its person, and selects all or none from the header", async () => {
    await open();
    expect(screen.queryByTestId("people-bulk")).toBeNull();
    expect(screen.getByLabelText("Select Alice Northwind")).toBe(box("alice@northwind.example"));
    // Someone without a name is called by their e-mail.
    expect(screen.getByLabelText("Select newtech@demo-msp.example")).toBe(box("newtech@demo-msp.example"));

    const all = screen.getByLabelText("Select all 6 people") as HTMLInputElement;
    await select("alice@northwind.example");
    expect(text(screen.getByTestId("people-selected"))).toBe("1 selected");
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);
    expect(screen.getByRole("group", { name: "Selected people" })).toBe(screen.getByTestId("people-bulk"));

    await fireEvent.click(all);
    expect(text(screen.getByTestId("people-selected"))).toBe("6 selected");
    expect(screen.getAllByTestId("person-select").every((b) => (b as HTMLInputElement).checked)).toBe(true);
    expect(all.indeterminate).toBe(false);

    await fireEvent.click(all);
    expect(screen.queryByTestId("people-bulk")).toBeNull();
    expect(screen.getAllByTestId("person-select").some((b) => (b as HTMLInputElement).checked)).toBe(false);
  });

  it("allows Reinvite and Confirm only when every selected person can take them", async () => {
    await open();
    // Invited and accepted together: neither, but Remove, and the bar says why.
    await select("newtech@demo-msp.example", "alice@northwind.example");
    expect(bulkButton("reinvite").disabled).toBe(true);
    expect(bulkButton("confirm").disabled).toBe(true);
    expect(bulkButton("remove").disabled).toBe(false);
    expect(text(screen.getByTestId("people-bulk-hint"))).toContain("Reinvite is only for invited people");
    expect(bulkButton("reinvite").getAttribute("aria-describedby")).toBe("people-bulk-hint");

    // A confirmed person with an invited one: still no Reinvite.
    await fireEvent.click(box("alice@northwind.example"));
    await select("admin@demo-msp.example");
    expect(bulkButton("reinvite").disabled).toBe(true);
    expect(bulkButton("confirm").disabled).toBe(true);

    // Only invited people: Reinvite, not Confirm.
    await fireEvent.click(box("admin@demo-msp.example"));
    await select("second@demo-msp.example");
    expect(bulkButton("reinvite").disabled).toBe(false);
    expect(bulkButton("confirm").disabled).toBe(true);

    // The clear button empties the selection.
    await fireEvent.click(screen.getByTestId("people-clear-selection"));
    expect(screen.queryByTestId("people-bulk")).toBeNull();
  });

  it("reinvites two invited people in one call, then clears the selection", async () => {
    const backend = await open();
    await select("newtech@demo-msp.example", "second@demo-msp.example");
    expect(text(screen.getByTestId("people-selected"))).toBe("2 selected");
    await fireEvent.click(bulkButton("reinvite"));
    await waitFor(() => expect(calls(backend, "peopleAction").map((c) => c.args)).toEqual([[["pu-3", "pu-5"], "reinvite"]]));
    const results = await byTestId("people-results");
    expect(text(results)).toContain("Reinvite");
    expect(text(results)).toContain("newtech@demo-msp.example, second@demo-msp.example");
    await waitFor(() => expect(screen.queryByTestId("people-bulk")).toBeNull());
    expect(screen.getAllByTestId("person-select").some((b) => (b as HTMLInputElement).checked)).toBe(false);
    // All went through: no person-by-person list.
    expect(screen.queryByTestId("people-outcomes")).toBeNull();
  });

  it("confirms two accepted people with both phrases and one compared box, in one call", async () => {
    const backend = await open();
    await select("alice@northwind.example", "bob@northwind.example");
    expect(bulkButton("reinvite").disabled).toBe(true);
    await fireEvent.click(bulkButton("confirm"));
    const dialog = await byTestId("person-confirm-dialog");
    expect(text(within(dialog).getByRole("heading"))).toBe("Confirm 2 people");
    await waitFor(() => expect(within(dialog).getAllByTestId("person-confirm-phrase")).toHaveLength(2));
    expect(calls(backend, "peopleConfirmPreview").map((c) => c.args)).toEqual([[["pu-4", "pu-6"]]]);
    const shown = within(dialog).getAllByTestId("person-confirm-person");
    expect(shown.map((li) => li.getAttribute("data-person-id"))).toEqual(["pu-4", "pu-6"]);
    expect(text(within(shown[0]).getByTestId("person-confirm-phrase"))).toBe("alpha-bravo-charlie-delta-echo");
    expect(text(within(shown[1]).getByTestId("person-confirm-phrase"))).toBe(fakePersonFingerprint("pu-6"));
    expect(text(shown[1])).toContain("Bob Northwind");

    const compared = within(dialog).getAllByTestId("person-confirm-compared");
    expect(compared).toHaveLength(1);
    expect(within(dialog).getByLabelText("I compared each phrase with its person")).toBe(compared[0]);
    const submit = within(dialog).getByTestId("person-confirm-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.click(compared[0]);
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByTestId("person-confirm-dialog")).toBeNull());
    expect(calls(backend, "confirmPeople").map((c) => c.args)).toEqual([
      [
        {
          people: [
            { memberId: "pu-4", publicKeySha256: fakePersonKeyHash("pu-4") },
            { memberId: "pu-6", publicKeySha256: fakePersonKeyHash("pu-6") },
          ],
          compared: true,
        },
      ],
    ]);
    await waitFor(() => expect(text(within(row("bob@northwind.example")).getByTestId("person-status"))).toBe("Confirmed"));
    expect(text(within(row("alice@northwind.example")).getByTestId("person-status"))).toBe("Confirmed");
    expect(screen.queryByTestId("people-bulk")).toBeNull();
  });

  it("removes several people only after a confirmation naming how many and who", async () => {
    const backend = await open();
    await select("newtech@demo-msp.example", "bob@northwind.example");

    // Cancelled: nothing is sent and the selection stays.
    await fireEvent.click(bulkButton("remove"));
    let dialog = await byTestId("person-remove-dialog");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("person-remove-dialog")).toBeNull());
    expect(calls(backend, "peopleAction")).toHaveLength(0);
    expect(text(screen.getByTestId("people-selected"))).toBe("2 selected");

    await fireEvent.click(bulkButton("remove"));
    dialog = await byTestId("person-remove-dialog");
    expect(text(within(dialog).getByRole("heading"))).toBe("Remove 2 people from the provider");
    const named = within(dialog).getAllByRole("listitem").map(text);
    expect(named).toEqual(["newtech@demo-msp.example", "Bob Northwind bob@northwind.example"]);
    expect(text(dialog)).toContain("These 2 people lose access to the provider and its clients.");
    const submit = within(dialog).getByTestId("person-remove-submit");
    expect(text(submit)).toBe("Remove 2 people");
    expect(calls(backend, "peopleAction")).toHaveLength(0);

    await fireEvent.click(submit);
    await waitFor(() => expect(calls(backend, "peopleAction").map((c) => c.args)).toEqual([[["pu-3", "pu-6"], "remove"]]));
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(4));
    expect(screen.getByTestId("people-results")).toBeTruthy();
    expect(screen.queryByTestId("people-bulk")).toBeNull();
  });

  it("shows each person's outcome when a change to several did not go through for some", async () => {
    const backend = await open();
    let sent: [string[], string] | null = null;
    backend.peopleAction = async (ids, action): Promise<Submitted> => {
      sent = [ids, action];
      return {
        batch: "b-1",
        jobs: [
          job(1, "Send the provider invitation to newtech@demo-msp.example again", "done"),
          job(2, "Send the provider invitation to second@demo-msp.example again", "failed", "The invitation could not be sent."),
        ],
      };
    };
    await select("newtech@demo-msp.example", "second@demo-msp.example");
    await fireEvent.click(bulkButton("reinvite"));
    const outcomes = await byTestId("people-outcomes");
    expect(sent).toEqual([["pu-3", "pu-5"], "reinvite"]);
    expect(text(within(outcomes).getByTestId("people-outcomes-summary"))).toBe("Not changed: 1 of 2 people.");
    const [first, second] = within(outcomes).getAllByTestId("person-outcome");
    expect(text(within(first).getByTestId("person-outcome-name"))).toBe("newtech@demo-msp.example");
    expect(text(within(first).getByTestId("person-outcome-status"))).toBe("Done");
    expect(within(first).queryByTestId("person-outcome-reason")).toBeNull();
    expect(text(within(second).getByTestId("person-outcome-name"))).toBe("second@demo-msp.example");
    expect(text(within(second).getByTestId("person-outcome-status"))).toBe("Failed");
    expect(text(within(second).getByTestId("person-outcome-reason"))).toBe("The invitation could not be sent.");
    // Dismissing the change's results dismisses the list too.
    await fireEvent.click(within(screen.getByTestId("people-results")).getByTestId("member-results-dismiss"));
    expect(screen.queryByTestId("people-outcomes")).toBeNull();
  });

  it("shows every person of a one-job change that failed as failed, with the reason", async () => {
    const backend = await open();
    backend.nextJobFailure = { code: "server_error", message: "The server refused the change." };
    await select("newtech@demo-msp.example", "bob@northwind.example");
    await fireEvent.click(bulkButton("remove"));
    await fireEvent.click(within(await byTestId("person-remove-dialog")).getByTestId("person-remove-submit"));
    const outcomes = await byTestId("people-outcomes");
    const each = within(outcomes).getAllByTestId("person-outcome");
    expect(each.map((li) => li.getAttribute("data-status"))).toEqual(["failed", "failed"]);
    expect(each.map((li) => text(within(li).getByTestId("person-outcome-reason")))).toEqual([
      "The server refused the change.",
      "The server refused the change.",
    ]);
    // Nothing was removed.
    await waitFor(() => expect(screen.getAllByTestId("person-row")).toHaveLength(6));
  });

  it("keeps the selection when a change is refused, and clears it when the list is read again", async () => {
    const backend = await open();
    backend.fail.peopleAction = { code: "conflict", message: "newtech@demo-msp.example is confirmed; only invited people can be invited again." };
    await select("newtech@demo-msp.example", "second@demo-msp.example");
    await fireEvent.click(bulkButton("reinvite"));
    expect(text(await byTestId("people-action-error"))).toContain("only invited people can be invited again");
    expect(text(screen.getByTestId("people-selected"))).toBe("2 selected");

    // A sync (or any other reload) reads the list again: the selection goes.
    const reads = calls(backend, "people").length;
    await fireEvent.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(calls(backend, "people").length).toBeGreaterThan(reads));
    await waitFor(() => expect(screen.queryByTestId("people-bulk")).toBeNull());
    expect(box("newtech@demo-msp.example").checked).toBe(false);
  });

  it("still confirms one person from their row, with the single-person wording", async () => {
    await open();
    await fireEvent.click(within(row("bob@northwind.example")).getByTestId("person-confirm"));
    const dialog = await byTestId("person-confirm-dialog");
    expect(text(within(dialog).getByRole("heading"))).toBe("Confirm a person");
    await waitFor(() => expect(within(dialog).getAllByTestId("person-confirm-phrase")).toHaveLength(1));
    expect(within(dialog).getByLabelText("I compared the phrase with this person")).toBeTruthy();
  });
});

describe("the bulk rules", () => {
  const invited = MORE[0];
  const accepted = MORE[1];

  it("allows an action only for a selection it fits as a whole", () => {
    expect(bulkAllowed("reinvite", [invited])).toBe(true);
    expect(bulkAllowed("reinvite", [invited, accepted])).toBe(false);
    expect(bulkAllowed("confirm", [accepted])).toBe(true);
    expect(bulkAllowed("confirm", [accepted, { ...accepted, id: "x", status: { unknown: 9 } }])).toBe(false);
    expect(bulkAllowed("remove", [invited, accepted])).toBe(true);
    expect(bulkAllowed("remove", [])).toBe(false);
  });

  it("finds a person's e-mail in a job's text only as a whole address", () => {
    expect(mentions("Remove a@x.example, b@x.example from the provider", "b@x.example")).toBe(true);
    expect(mentions("Remove ba@x.example from the provider", "a@x.example")).toBe(false);
    expect(mentions("Remove a@x.example.org from the provider", "a@x.example")).toBe(false);
    expect(mentions("Removed A@X.example.", "a@x.example")).toBe(true);
  });

  it("gives each person the outcome of the job naming them, else of the whole batch", () => {
    const submitted: Submitted = { batch: "b", jobs: [job(1, "Remove second@demo-msp.example, bob@northwind.example from the provider", "pending", "offline")] };
    expect(personOutcomes(MORE, submitted).map((o) => [o.person.id, o.status, o.reason])).toEqual([
      ["pu-5", "pending", "offline"],
      ["pu-6", "pending", "offline"],
    ]);
    const unnamed: Submitted = { batch: "b", jobs: [job(1, "Something", "done"), job(2, "Other", "conflict", "changed")] };
    expect(personOutcomes([invited], unnamed).map((o) => o.status)).toEqual(["conflict"]);
  });
});
