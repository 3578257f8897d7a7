// Provider Portal → Clients: adding an organization the user owns, and
// unlinking a client, against the fake backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, demoClients, fakeClient, fakeMember, type Backend } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { expectFocusOnOutcome } from "$lib/testing/outcome";
import { byTestId, renderPortal, row, rowIds } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

function calls(backend: FakeBackend, method: keyof Backend): unknown[][] {
  return backend.calls.filter((c) => c.method === method).map((c) => c.args);
}

async function openAddExisting(): Promise<HTMLElement> {
  await byTestId("clients-table");
  await fireEvent.click(screen.getByTestId("client-add-existing"));
  return byTestId("client-add-existing-dialog");
}

async function openUnlink(orgId: string): Promise<HTMLElement> {
  await fireEvent.click(within(row(orgId)).getByTestId("client-actions"));
  await byTestId("client-actions-menu");
  await fireEvent.click(screen.getByTestId("client-unlink"));
  return byTestId("client-unlink-dialog");
}

describe("add existing organization", () => {
  it("lists the organizations the user owns, disabled ones not selectable, and adds the chosen one", async () => {
    const { backend } = renderPortal();
    const dialog = await openAddExisting();
    expect(dialog.getAttribute("role")).toBe("dialog");
    const options = await within(dialog).findAllByTestId("client-add-existing-option");
    expect(options.map((o) => o.dataset.orgId)).toEqual(["org-own-1", "org-own-2"]);
    expect(options[0].textContent).toContain("Fabrikam (own)");
    expect(options[0].textContent).toContain("Teams (Monthly)");
    expect(options[0].textContent).toContain("10 seats");
    const [own, family] = within(dialog).getAllByTestId("client-add-existing-radio") as HTMLInputElement[];
    expect(family.disabled).toBe(true);
    expect(options[1].textContent).toContain("Family vault (own)");
    // Each radio is named by its label.
    expect(screen.getByLabelText(/Fabrikam \(own\)/)).toBe(own);

    await fireEvent.click(own);
    await fireEvent.click(screen.getByTestId("client-add-existing-submit"));
    await waitFor(() => expect(screen.queryByTestId("client-add-existing-dialog")).toBeNull());
    expect(calls(backend, "addExistingClient")).toEqual([["org-own-1"]]);

    const results = await byTestId("client-results");
    expect(results.dataset.outcome).toBe("done");
    expect(results.textContent).toContain("Add “Fabrikam (own)” to the provider as a client");
    // The list is reloaded and now has the organization as a provider client.
    await waitFor(() => expect(rowIds(screen.getByTestId("clients-table"))).toContain("org-own-1"));
    expect(within(row("org-own-1")).getByTestId("client-name").textContent).toBe("Fabrikam (own)");
    // Focus is on the jobs, what the user waits on, not back on the page's button.
    await expectFocusOnOutcome("client-results");
  });

  it("says so when no organization the user owns can join", async () => {
    const backend = new FakeBackend();
    backend.addableList = [];
    renderPortal(backend);
    const dialog = await openAddExisting();
    expect((await within(dialog).findByTestId("client-add-existing-empty")).textContent).toBe(
      "No organization you own can join the provider.",
    );
    await fireEvent.click(screen.getByTestId("client-add-existing-submit"));
    expect((await byTestId("dialog-error")).textContent).toContain("Choose an organization");
    expect(calls(backend, "addExistingClient")).toEqual([]);
  });

  it("shows the core's refusal as text, and a refused list too", async () => {
    const message = `"Fabrikam (own)" is not an organization you own that can join the provider (Bitwarden lists those: an owner's Teams or Enterprise organization without a provider).`;
    renderPortal(new FakeBackend({ fail: { addExistingClient: { code: "not_found", message } } }));
    await openAddExisting();
    await fireEvent.click((await screen.findAllByTestId("client-add-existing-radio"))[0]);
    await fireEvent.click(screen.getByTestId("client-add-existing-submit"));
    await waitFor(() => expect(screen.getByTestId("dialog-error").textContent).toContain(message));
    expect(screen.getByTestId("client-add-existing-dialog")).toBeTruthy();
  });

  it("shows why a user who is not a provider admin cannot", async () => {
    const backend = new FakeBackend();
    backend.account = { ...backend.account!, email: "tech@demo-msp.example" };
    renderPortal(backend);
    const dialog = await openAddExisting();
    expect((await within(dialog).findByTestId("client-add-existing-load-error")).textContent).toContain(
      "Only provider admins can create clients; this account is not one (sync if that just changed).",
    );
  });

  it("renders hostile organization names as text", async () => {
    const backend = new FakeBackend();
    const name = `<img src=x onerror="window.__pwned=1">`;
    backend.addableList = [{ organizationId: "org-evil", name, plan: "Teams (Monthly)", seats: 3, disabled: false }];
    renderPortal(backend);
    const dialog = await openAddExisting();
    const option = await within(dialog).findByTestId("client-add-existing-option");
    expect(option.textContent).toContain(name);
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("unlink a client", () => {
  it("is offered for provider clients only", async () => {
    renderPortal();
    await byTestId("clients-table");
    await fireEvent.click(within(row("org-6")).getByTestId("client-actions"));
    await byTestId("client-actions-menu");
    expect(screen.queryByTestId("client-unlink")).toBeNull();
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    await fireEvent.click(within(row("org-2")).getByTestId("client-actions"));
    expect((await byTestId("client-unlink")).textContent).toContain("Unlink…");
  });

  it("stays disabled until the exact name is typed, then unlinks and reloads the list", async () => {
    const { backend } = renderPortal();
    await byTestId("clients-table");
    const dialog = await openUnlink("org-2");
    expect(within(dialog).getByTestId("client-unlink-warning").textContent).toContain("own subscription");
    const input = screen.getByLabelText("Type the client's name to confirm");
    expect(input).toBe(screen.getByTestId("client-unlink-confirm"));
    const submit = screen.getByTestId("client-unlink-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);

    await fireEvent.input(input, { target: { value: "second client's organization" } });
    expect(submit.disabled).toBe(true);
    await fireEvent.input(input, { target: { value: "Second Client's Organizatio" } });
    expect(submit.disabled).toBe(true);
    await fireEvent.input(input, { target: { value: "Second Client's Organization" } });
    expect(submit.disabled).toBe(false);

    await fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByTestId("client-unlink-dialog")).toBeNull());
    expect(calls(backend, "unlinkClient")).toEqual([[{ organizationId: "org-2", confirmName: "Second Client's Organization" }]]);
    expect((await byTestId("client-results")).textContent).toContain("Unlink “Second Client's Organization” from the provider");
    await waitFor(() => expect(rowIds(screen.getByTestId("clients-table"))).not.toContain("org-2"));
  });

  it("moves focus to the submitted jobs, since the unlinked client's row and its menu button are gone", async () => {
    renderPortal();
    await byTestId("clients-table");
    const button = within(row("org-2")).getByTestId("client-actions");
    button.focus();
    await openUnlink("org-2");
    await fireEvent.input(screen.getByTestId("client-unlink-confirm"), { target: { value: "Second Client's Organization" } });
    await fireEvent.click(screen.getByTestId("client-unlink-submit"));
    await waitFor(() => expect(rowIds(screen.getByTestId("clients-table"))).not.toContain("org-2"));
    expect(button.isConnected).toBe(false);
    await expectFocusOnOutcome("client-results");
  });

  it("shows the refusal for a client with no confirmed owner", async () => {
    const backend = new FakeBackend({
      members: { "org-2": [fakeMember("m-2-1", "owner@second.example", null, { role: "owner", status: "invited" })] },
    });
    renderPortal(backend);
    await byTestId("clients-table");
    await openUnlink("org-2");
    await fireEvent.input(screen.getByTestId("client-unlink-confirm"), { target: { value: "Second Client's Organization" } });
    await fireEvent.click(screen.getByTestId("client-unlink-submit"));
    await waitFor(() =>
      expect(screen.getByTestId("dialog-error").textContent).toContain(
        "Bitwarden unlinks a client only when it has a confirmed owner, and this one has none: confirm an owner first.",
      ),
    );
    expect(rowIds(screen.getByTestId("clients-table"))).toContain("org-2");
  });

  it("keeps a hostile name inert and compares it exactly", async () => {
    const name = `<img src=x onerror="window.__pwned=1">`;
    const { backend } = renderPortal(new FakeBackend({ clients: [...demoClients(), fakeClient(901, name, "Teams (Monthly)", 5, 1)] }));
    await byTestId("clients-table");
    const dialog = await openUnlink("org-901");
    expect(within(dialog).getByTestId("client-unlink-dialog-subject").textContent).toBe(name);
    expect(document.querySelector("img")).toBeNull();
    await fireEvent.input(screen.getByTestId("client-unlink-confirm"), { target: { value: name } });
    await fireEvent.click(screen.getByTestId("client-unlink-submit"));
    await waitFor(() => expect(calls(backend, "unlinkClient")).toEqual([[{ organizationId: "org-901", confirmName: name }]]));
  });
});

describe("the fake's rules", () => {
  it("refuses a wrong name, an organization not addable, and a non-admin", async () => {
    const backend = new FakeBackend();
    await expect(backend.unlinkClient({ organizationId: "org-1", confirmName: "My Client" })).rejects.toThrow(
      `Type the client's name exactly ("My Client's Organization") to confirm: it leaves the provider and, under consolidated billing, gets its own subscription.`,
    );
    await expect(backend.unlinkClient({ organizationId: "org-6", confirmName: "Northwind Traders" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(backend.addExistingClient("org-own-2")).rejects.toThrow(
      `"Family vault (own)" is not an organization you own that can join the provider`,
    );
    await expect(backend.addExistingClient("org-nope")).rejects.toMatchObject({ code: "not_found" });
    backend.account = { ...backend.account!, email: "tech@demo-msp.example" };
    await expect(backend.unlinkClient({ organizationId: "org-1", confirmName: "My Client's Organization" })).rejects.toMatchObject({
      code: "forbidden",
      message: "Only provider admins can create clients; this account is not one (sync if that just changed).",
    });
  });
});
