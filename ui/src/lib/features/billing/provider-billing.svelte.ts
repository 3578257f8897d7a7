// The provider's billing as the Billing and Settings pages read it: loaded
// from the snapshot, and again after a sync or a change (the session's data
// version) or "Try again"; until a new answer arrives the last one stays, and
// an answer to an older request is dropped.
import { getBackend, toBackendError, type BackendError, type ProviderBillingPage } from "$lib/backend";
import { getSession } from "$lib/session/session.svelte";

export interface ProviderBillingData {
  /** The last answer (kept while a new one loads). */
  readonly page: ProviderBillingPage | null;
  /** The last failure, cleared by the next answer. */
  readonly error: BackendError | null;
  retry(): void;
}

/** Call while a component initialises (it sets up an effect). */
export function providerBillingData(): ProviderBillingData {
  const backend = getBackend();
  const session = getSession();
  let page = $state.raw<ProviderBillingPage | null>(null);
  let error = $state.raw<BackendError | null>(null);
  let attempt = $state(0);
  let latest = 0;

  $effect(() => {
    void session.dataVersion;
    void attempt;
    const ticket = ++latest;
    backend.providerBilling().then(
      (answer) => {
        if (ticket !== latest) return;
        page = answer;
        error = null;
      },
      (failure: unknown) => {
        if (ticket !== latest) return;
        error = toBackendError(failure);
      },
    );
  });

  return {
    get page() {
      return page;
    },
    get error() {
      return error;
    },
    retry() {
      attempt += 1;
    },
  };
}
