// Provider Portal → Changes (the queue of changes) and the status bar's
// badge, against the fake backend.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_NOW, FakeBackend, demoJobs, fakeJob, type JobView } from "$lib/backend";
import { i18n } from "$lib/i18n";
import { ROUTES } from "$lib/navigation";
import { setClock } from "$lib/ui/format";
import { ScriptedBackend, summary } from "$lib/testing/app";
import { byTestId, renderPortal } from "$lib/testing/portal";

beforeEach(() => setClock(() => FAKE_NOW));

const HOSTILE = "<img src=x onerror=alert(1)>";

function rows(): HTMLElement[] {
  return screen.queryAllByTestId("job-row");
}

function ids(): number[] {
  return rows().map((r) => Number(r.dataset.jobId));
}

function jobRow(id: number): HTMLElement {
  const found = rows().find((r) => r.dataset.jobId === String(id));
  if (!found) throw new Error(`no row for job ${id}`);
  return found;
}

const text = (row: HTMLElement, testid: string) => within(row).getByTestId(testid).textContent?.trim() ?? "";
const calls = (backend: FakeBackend, method: string) => backend.calls.filter((c) => c.method === method);

async function openChanges(backend = new FakeBackend()) {
  const rendered = renderPortal(backend, ROUTES.changes);
  await byTestId("changes-table");
  return rendered;
}

describe("changes view", () => {
  it("lists every job newest first with its status as text and icon, client, age and attempts", async () => {
    await openChanges();
    // The demo queue, ids 1–7 planned oldest to newest.
    expect(ids()).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const status = (id: number) => within(jobRow(id)).getByTestId("job-status");
    expect(status(1).textContent?.trim()).toBe("Done");
    expect(status(3).textContent?.trim()).toBe("Failed");
    expect(status(4).textContent?.trim()).toBe("Conflict");
    expect(status(5).textContent?.trim()).toBe("Discarded");
    expect(status(6).textContent?.trim()).toBe("Pending");
    // Never colour alone: every status has its icon beside the word.
    for (const id of ids()) expect(status(id).querySelector("svg")).not.toBeNull();

    expect(text(jobRow(2), "job-description")).toBe("Change “My Client's Organization”: assigned seats 10 → 15");
    expect(text(jobRow(2), "job-client")).toBe("My Client's Organization");
    expect(within(jobRow(2)).getByTestId("job-client").querySelector("a")?.getAttribute("href")).toContain("org=org-1");
    // A new client has no organization yet.
    expect(text(jobRow(1), "job-client")).toBe("New client");
    expect(jobRow(2).querySelector("time")?.textContent?.trim()).toBe("26 hours ago");
    expect(jobRow(7).querySelector("time")?.textContent?.trim()).toBe("1 hour ago");
    expect(text(jobRow(7), "job-attempts")).toBe("1");
    expect(text(jobRow(6), "job-attempts")).toBe("0");
  });

  it("says why a job stopped, and until when a rate-limited one waits", async () => {
    await openChanges();
    expect(text(jobRow(3), "job-error")).toBe("You cannot reduce the number of seats below the 11 seats in use by this client.");
    expect(text(jobRow(4), "job-error")).toContain("The server changed since this was planned; nothing was overwritten.");
    const until = i18n.formatDate(FAKE_NOW + 5 * 60_000);
    expect(text(jobRow(7), "job-waiting")).toBe(`Waiting until ${until}: the server asked Provider Desk to slow down.`);
    expect(text(jobRow(6), "job-waiting")).toBe("Waiting to be sent.");
    expect(text(jobRow(6), "job-last-try")).toContain("The server cannot be reached.");
    // A done job shows no error, and has nothing to retry or discard.
    expect(within(jobRow(2)).queryByTestId("job-error")).toBeNull();
    expect(within(jobRow(2)).queryByRole("button")).toBeNull();
    expect(within(jobRow(5)).queryByRole("button")).toBeNull();
    // Retry for failed and conflicting jobs; discard also for pending ones.
    expect(within(jobRow(3)).getByTestId("job-retry")).toBeTruthy();
    expect(within(jobRow(4)).getByTestId("job-retry")).toBeTruthy();
    expect(within(jobRow(6)).queryByTestId("job-retry")).toBeNull();
    expect(within(jobRow(6)).getByTestId("job-discard")).toBeTruthy();
  });

  it("shows hostile descriptions and errors as text", async () => {
    const jobs: JobView[] = [
      fakeJob(1, {
        organizationId: "org-1",
        description: `Change “${HOSTILE}”: name “a” → “${HOSTILE}”`,
        status: "failed",
        error: { code: "server_error", message: HOSTILE },
      }),
      fakeJob(2, { organizationId: "org-unknown", description: "{{constructor.constructor('alert(1)')()}}", status: "pending" }),
    ];
    await openChanges(new FakeBackend({ jobs }));
    expect(text(jobRow(1), "job-description")).toBe(`Change “${HOSTILE}”: name “a” → “${HOSTILE}”`);
    expect(text(jobRow(1), "job-error")).toBe(HOSTILE);
    expect(text(jobRow(2), "job-description")).toBe("{{constructor.constructor('alert(1)')()}}");
    // An organization the list does not know is named by its id, not linked.
    expect(text(jobRow(2), "job-client")).toBe("org-unknown");
    expect(within(jobRow(2)).getByTestId("job-client").querySelector("a")).toBeNull();
    expect(screen.getByTestId("changes-page").querySelector("img")).toBeNull();
  });

  it("filters: all, needs attention (pending, failed, conflict), done", async () => {
    await openChanges();
    const filter = (id: string) => screen.getByTestId(id);
    expect(filter("queue-filter-all").getAttribute("aria-pressed")).toBe("true");
    expect(filter("queue-filter-all").textContent?.trim()).toBe("All (7)");
    expect(filter("queue-filter-attention").textContent?.trim()).toBe("Needs attention (4)");
    expect(filter("queue-filter-done").textContent?.trim()).toBe("Done (2)");

    await fireEvent.click(filter("queue-filter-attention"));
    expect(ids()).toEqual([7, 6, 4, 3]);
    expect(filter("queue-filter-attention").getAttribute("aria-pressed")).toBe("true");
    expect(filter("queue-filter-all").getAttribute("aria-pressed")).toBe("false");

    await fireEvent.click(filter("queue-filter-done"));
    expect(ids()).toEqual([2, 1]);

    await fireEvent.click(filter("queue-filter-all"));
    expect(ids()).toHaveLength(7);
  });

  it("says when there is nothing, or nothing in a filter", async () => {
    renderPortal(new FakeBackend({ jobs: [] }), ROUTES.changes);
    expect((await byTestId("changes-empty")).textContent).toContain("No changes yet");
    screen.getByTestId("changes-page");
    await fireEvent.click(screen.getByTestId("queue-filter-done"));
    // Still the empty queue's message: there is nothing at all.
    expect(screen.getByTestId("changes-empty")).toBeTruthy();
  });

  it("says when no job needs attention", async () => {
    await openChanges(new FakeBackend({ jobs: demoJobs().filter((j) => j.status === "done") }));
    await fireEvent.click(screen.getByTestId("queue-filter-attention"));
    expect((await byTestId("changes-filter-empty")).textContent).toContain("No change needs attention");
  });

  it("retries a failed job: asks the core, then shows the list as it is now", async () => {
    const { backend } = await openChanges();
    const before = calls(backend, "queue").length;
    await fireEvent.click(within(jobRow(3)).getByTestId("job-retry"));
    await waitFor(() => expect(within(jobRow(3)).getByTestId("job-status").textContent?.trim()).toBe("Pending"));
    expect(calls(backend, "retryJob").map((c) => c.args)).toEqual([[3]]);
    expect(calls(backend, "queue").length).toBeGreaterThan(before);
    expect(within(jobRow(3)).queryByTestId("job-retry")).toBeNull();
    const notice = screen.getByTestId("changes-notice");
    expect(notice.textContent).toContain("The change is back in the queue.");
    await waitFor(() => expect(document.activeElement).toBe(notice));
  });

  it("shows the core's refusal of a retry as text and still refreshes", async () => {
    const backend = new FakeBackend({ fail: { retryJob: { code: "conflict", message: HOSTILE } } });
    await openChanges(backend);
    const before = calls(backend, "queue").length;
    await fireEvent.click(within(jobRow(4)).getByTestId("job-retry"));
    await waitFor(() => expect(screen.getByTestId("changes-notice").dataset.kind).toBe("error"));
    expect(screen.getByTestId("changes-notice").textContent).toContain(`Could not retry the change: ${HOSTILE}`);
    expect(screen.getByTestId("changes-notice").querySelector("img")).toBeNull();
    await waitFor(() => expect(calls(backend, "queue").length).toBeGreaterThan(before));
  });

  it("discards only after confirming, then refreshes", async () => {
    const { backend } = await openChanges();
    await fireEvent.click(within(jobRow(6)).getByTestId("job-discard"));
    const dialog = await byTestId("discard-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.textContent).toContain("Change “Contoso Dental”: assigned seats 8 → 12");
    // Cancel, the safe choice, has focus; cancelling sends nothing.
    expect(document.activeElement?.textContent?.trim()).toBe("Cancel");
    await fireEvent.click(within(dialog).getByText("Cancel"));
    expect(screen.queryByTestId("discard-dialog")).toBeNull();
    expect(calls(backend, "discardJob")).toHaveLength(0);

    const before = calls(backend, "queue").length;
    await fireEvent.click(within(jobRow(6)).getByTestId("job-discard"));
    await fireEvent.click(await byTestId("discard-confirm"));
    await waitFor(() => expect(within(jobRow(6)).getByTestId("job-status").textContent?.trim()).toBe("Discarded"));
    expect(calls(backend, "discardJob").map((c) => c.args)).toEqual([[6]]);
    expect(calls(backend, "queue").length).toBeGreaterThan(before);
    expect(screen.getByTestId("changes-notice").textContent).toContain("The change was discarded");
    expect(screen.getByTestId("queue-filter-attention").textContent?.trim()).toBe("Needs attention (3)");
  });

  it("applies what waits, reports the result and refreshes", async () => {
    const { backend } = await openChanges();
    const before = calls(backend, "queue").length;
    await fireEvent.click(screen.getByTestId("apply-queue"));
    await waitFor(() => expect(calls(backend, "applyQueue")).toHaveLength(1));
    // Job 6 is sent; job 7 waits for the rate limit.
    await waitFor(() => expect(within(jobRow(6)).getByTestId("job-status").textContent?.trim()).toBe("Done"));
    expect(within(jobRow(7)).getByTestId("job-status").textContent?.trim()).toBe("Pending");
    expect(screen.getByTestId("changes-notice").textContent).toContain("Applied: 1. Failed: 0. Conflicts: 0. Still waiting: 1.");
    expect(calls(backend, "queue").length).toBeGreaterThan(before);
  });

  it("disables Apply now offline and says why", async () => {
    const { backend } = await openChanges(new FakeBackend({ online: false }));
    const apply = screen.getByTestId("apply-queue") as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    expect(apply.getAttribute("aria-describedby")).toBe("changes-offline-reason");
    expect(screen.getByTestId("changes-offline-reason").textContent).toContain("Offline: applying changes needs the server.");
    // Retrying and discarding only change the local queue: still possible.
    expect((within(jobRow(3)).getByTestId("job-retry") as HTMLButtonElement).disabled).toBe(false);

    backend.emitSession({ online: true });
    await waitFor(() => expect((screen.getByTestId("apply-queue") as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId("changes-offline-reason")).toBeNull();
  });

  it("reloads when a sync finishes", async () => {
    const backend = new ScriptedBackend();
    await openChanges(backend);
    backend.jobList = [...backend.jobList, fakeJob(8, { description: "Made elsewhere", status: "failed", createdAt: new Date(FAKE_NOW).toISOString() })];
    await fireEvent.click(screen.getByTestId("sync-now"));
    backend.push({ kind: "started" });
    backend.push({ kind: "finished", summary: summary("success", []) });
    await waitFor(() => expect(ids()[0]).toBe(8));
  });

  it("is in the Provider Portal's navigation and in Spanish", async () => {
    await openChanges(new FakeBackend({ preferences: { language: "es" } }));
    const link = screen.getByTestId("nav-changes");
    expect(link.getAttribute("aria-current")).toBe("page");
    expect(link.textContent?.trim()).toBe("Cambios");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Cambios");
    expect(screen.getByTestId("apply-queue").textContent?.trim()).toBe("Aplicar ahora");
    expect(within(jobRow(4)).getByTestId("job-status").textContent?.trim()).toBe("Conflicto");
    expect(screen.getByTestId("queue-filter-attention").textContent?.trim()).toBe("Requieren atención (4)");
  });

  it("shows a Bitwarden server message it knows in Spanish, and the rest as it came", async () => {
    const jobs: JobView[] = [
      fakeJob(1, { organizationId: "org-1", description: "Invite a@x.example", status: "failed", error: { code: "forbidden", message: "Seat limit has been reached." } }),
      fakeJob(2, { organizationId: "org-1", description: "Invite b@x.example", status: "failed", error: { code: "server_error", message: `${HOSTILE} Not a sentence we know.` } }),
    ];
    await openChanges(new FakeBackend({ jobs, preferences: { language: "es" } }));
    await waitFor(() => expect(text(jobRow(1), "job-error")).toBe("Se ha alcanzado el límite de puestos."));
    expect(text(jobRow(2), "job-error")).toBe(`${HOSTILE} Not a sentence we know.`);
  });
});

describe("status bar badge", () => {
  it("counts the jobs that need attention and opens the Changes view", async () => {
    const { visited } = renderPortal(new FakeBackend(), ROUTES.clients);
    const badge = await byTestId("queue-badge");
    // Pending 2, failed 1, conflict 1.
    expect(badge.textContent?.trim()).toBe("Changes needing attention: 4");
    expect(screen.getByTestId("status-bar").contains(badge)).toBe(true);
    await fireEvent.click(badge);
    expect(visited.at(-1)).toBe(ROUTES.changes);
    await byTestId("changes-table");
  });

  it("follows the queue's changes and hides at zero", async () => {
    const backend = new FakeBackend({ jobs: [fakeJob(1, { description: "Change “A”: name “A” → “B”", status: "failed" })] });
    renderPortal(backend, ROUTES.changes);
    expect((await byTestId("queue-badge")).textContent?.trim()).toBe("Changes needing attention: 1");
    await fireEvent.click(await byTestId("job-retry"));
    await waitFor(() => expect(within(jobRow(1)).getByTestId("job-status").textContent?.trim()).toBe("Pending"));
    expect(screen.getByTestId("queue-badge").textContent?.trim()).toBe("Changes needing attention: 1");
    await fireEvent.click(screen.getByTestId("job-discard"));
    await fireEvent.click(await byTestId("discard-confirm"));
    await waitFor(() => expect(screen.queryByTestId("queue-badge")).toBeNull());
  });

  it("is not shown when nothing needs attention", async () => {
    renderPortal(new FakeBackend({ jobs: demoJobs().filter((j) => j.status === "done") }), ROUTES.clients);
    await byTestId("clients-table");
    await waitFor(() => expect(screen.getByTestId("status-bar")).toBeTruthy());
    expect(screen.queryByTestId("queue-badge")).toBeNull();
  });
});

describe("fake backend queue", () => {
  it("records the changes it makes as done jobs", async () => {
    const backend = new FakeBackend({ jobs: [] });
    await backend.createClient({ name: "Acme", ownerEmail: "it@acme.example", seats: 5, plan: "teams" });
    await backend.updateClient({ organizationId: "org-1", name: "Renamed", assignedSeats: 20 });
    const jobs = await backend.queue();
    expect(jobs.map((j) => [j.kind, j.status, j.description])).toEqual([
      ["create_client", "done", "Create the client “Acme” on Teams with 5 seats, owned by it@acme.example"],
      ["update_client", "done", "Change “My Client's Organization”: assigned seats 15 → 20, name “My Client's Organization” → “Renamed”"],
    ]);
    await expect(backend.retryJob(jobs[0].id)).rejects.toMatchObject({ code: "conflict" });
    await expect(backend.discardJob(jobs[0].id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("keeps pending jobs pending offline", async () => {
    const backend = new FakeBackend({ online: false });
    await expect(backend.applyQueue()).resolves.toEqual({ done: 0, failed: 0, conflicts: 0, pending: 2 });
    expect((await backend.queue()).filter((j) => j.status === "pending")).toHaveLength(2);
  });
});
