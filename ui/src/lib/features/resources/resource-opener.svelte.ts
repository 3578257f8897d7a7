// Opening a resource's page (the Resources page, and the Onboarding page's
// next steps): the core opens it in the user's browser, after its own
// allow-list; the webview never navigates to it.
import { getBackend, toBackendError, type Resource } from "$lib/backend";

/** Construct while a component initialises (it reads the backend's context). */
export class ResourceOpener {
  /** Why the last page did not open: the core's message, as it came. */
  error = $state<string | null>(null);
  readonly #backend = getBackend();

  async open(resource: Resource): Promise<void> {
    this.error = null;
    try {
      await this.#backend.openResource(resource);
    } catch (failure) {
      this.error = toBackendError(failure).message;
    }
  }
}
