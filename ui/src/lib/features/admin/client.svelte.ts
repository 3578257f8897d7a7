// What the Admin Console's pages share: a load's state, loading data of the
// chosen client (`?org=` in the URL) again whenever the snapshot changes, and
// the labels the pages show for server values.
import { getBackend, toBackendError, type Backend, type BackendError, type ClientOverview, type UnknownValue } from "$lib/backend";
import { i18n, t, type MessageKey } from "$lib/i18n";
import { getCurrentUrl, orgFromUrl } from "$lib/navigation";
import { getSession } from "$lib/session/session.svelte";

export type Load<T> = { state: "loading" } | { state: "ok"; data: T } | { state: "failed"; error: BackendError };

/** What the Admin Console gives the page it shows. */
export interface AdminView {
  overview: ClientOverview;
  /** The time the data's ages are measured against (taken at each load). */
  at: number;
}

/**
 * Loads `fetch` for the Admin Console's client, and again when the client or
 * the snapshot changes; until the new answer arrives the last one stays.
 * Call it while a component initialises (it sets up an effect).
 */
export function clientData<T>(fetch: (backend: Backend, organizationId: string) => Promise<T>): { readonly current: Load<T> } {
  const backend = getBackend();
  const session = getSession();
  const currentUrl = getCurrentUrl();
  let load = $state<Load<T>>({ state: "loading" });

  $effect(() => {
    const id = orgFromUrl(currentUrl());
    void session.dataVersion;
    if (!id) return;
    void into(fetch(backend, id), (value) => (load = value));
  });

  return {
    get current() {
      return load;
    },
  };
}

/** Hands `set` the outcome of `call` as a Load: its answer, or its failure as a BackendError. */
export async function into<T>(call: Promise<T>, set: (value: Load<T>) => void): Promise<void> {
  try {
    set({ state: "ok", data: await call });
  } catch (error) {
    set({ state: "failed", error: toBackendError(error) });
  }
}

/**
 * A server enum value's label: a known value's translation (`keys` must name
 * every one, so a value added in Rust fails svelte-check until it has a
 * label), a value from a newer server as "Unknown (7)".
 */
export function label<T extends string>(keys: Record<T, MessageKey>, value: T | UnknownValue): string {
  if (typeof value === "string") return Object.hasOwn(keys, value) ? t(keys[value]) : value;
  // The number as text: a wire number, not a quantity to group ("2600", not "2,600").
  return t("admin.unknownValue", { number: String(value.unknown) });
}

/** A seat count for the locale, or "Unknown" when the server did not say. */
export function seat(value: number | null): string {
  return value === null ? t("common.unknown") : i18n.formatNumber(value);
}
