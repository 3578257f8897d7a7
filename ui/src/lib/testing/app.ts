// Shared set-up for the tests that drive the whole app (session, status bar,
// settings): the harness at a route, a fake whose syncs the test drives, and
// small queries.
import { render, screen } from "@testing-library/svelte";
import { FakeBackend, type FakeBackendOptions, type SyncEvent, type SyncOutcome, type SyncSummary, type Unsubscribe } from "$lib/backend";
import { ROUTES } from "$lib/navigation";
import Harness from "./Harness.svelte";

/**
 * The fake with syncs the test drives: startSync waits until the test pushes
 * "finished" or "failed", so progress, cancel and per-client errors can be seen.
 */
export class ScriptedBackend extends FakeBackend {
  private handlers = new Set<(event: SyncEvent) => void>();
  private finishRun: (() => void) | null = null;

  override async onSyncEvent(handler: (event: SyncEvent) => void): Promise<Unsubscribe> {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  override startSync(only: string[] | null): Promise<SyncSummary> {
    this.calls.push({ method: "startSync", args: [only] });
    return new Promise((resolve) => {
      this.finishRun = () => resolve(summary("success", []));
    });
  }

  push(event: SyncEvent): void {
    for (const handler of this.handlers) handler(event);
    if (event.kind === "finished" || event.kind === "failed") this.finishRun?.();
  }
}

export function summary(outcome: SyncOutcome, errors: SyncSummary["errors"]): SyncSummary {
  return { outcome, clients: 6, members: 18, items: 24, events: 60, requests: 45, throttled: 0, durationMs: 900, errors };
}

export function renderApp<B extends FakeBackend>(backend: B, start: (typeof ROUTES)[keyof typeof ROUTES] = ROUTES.settings) {
  render(Harness, { backend, start });
  return backend;
}

export const fake = (options: FakeBackendOptions = {}) => new FakeBackend(options);
export const byTestId = (id: string) => screen.findByTestId(id);
export const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
export const calls = (backend: FakeBackend, method: string) => backend.calls.filter((c) => c.method === method);
