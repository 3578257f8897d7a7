// The Admin Console's frame (no client, an unknown one, syncing one) against
// the fake backend; each page's own tests are beside it.
import { fireEvent, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend } from "$lib/backend";
import { setClock } from "$lib/ui/format";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

describe("admin console", () => {
  it("with no client chosen explains where to pick one", async () => {
    renderPortal(undefined, "/admin");
    const empty = await byTestId("admin-empty");
    expect(empty.textContent).toContain("No client selected");
    expect(within(empty).getByRole("link").getAttribute("href")).toBe("/provider/clients");
  });

  it("says so when the client is not in the snapshot", async () => {
    renderPortal(undefined, "/admin/members?org=org-nope");
    expect((await byTestId("admin-error")).textContent).toContain("not in the offline snapshot");
  });

  it("syncs one client on request, and not offline", async () => {
    const backend = new FakeBackend();
    renderPortal(backend, "/admin/members?org=org-1");
    await fireEvent.click(await byTestId("admin-sync"));
    await waitFor(() => expect(backend.calls.some((c) => c.method === "startSync" && JSON.stringify(c.args) === '[["org-1"]]')).toBe(true));
  });

  it("cannot sync offline", async () => {
    renderPortal(new FakeBackend({ online: false }), "/admin/members?org=org-1");
    const button = (await byTestId("admin-sync")) as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
  });
});
