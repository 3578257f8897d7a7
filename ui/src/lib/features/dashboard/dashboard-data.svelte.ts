// What the dashboard's two parts share (the seat figures and the health
// heatmap, each loaded on its own so either can fail alone): a load of the
// snapshot, again after every sync or change, and the time its ages are
// measured against.
import { getPortal } from "$lib/app/portal.svelte";
import { getBackend, type Backend } from "$lib/backend";
import { into, type Load } from "$lib/features/admin/client.svelte";
import { now } from "$lib/ui/format";

export interface DashboardData<T> {
  readonly current: Load<T>;
  /** When the last answer came. */
  readonly at: number;
  /** Asks again ("Try again"). */
  reload(): Promise<void>;
}

/** Call while a component initialises (it sets up an effect). */
export function dashboardData<T>(fetch: (backend: Backend) => Promise<T>): DashboardData<T> {
  const backend = getBackend();
  const session = getPortal().session;
  let load = $state<Load<T>>({ state: "loading" });
  let at = $state(now());

  function reload(): Promise<void> {
    return into(fetch(backend), (value) => {
      if (value.state === "ok") at = now();
      load = value;
    });
  }

  $effect(() => {
    void session.dataVersion;
    void reload();
  });

  return {
    get current() {
      return load;
    },
    get at() {
      return at;
    },
    reload,
  };
}
