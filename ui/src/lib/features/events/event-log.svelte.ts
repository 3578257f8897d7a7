// What an event log page holds (the client's Events page and the provider's
// Event logs): the last page the core sent, kept on screen while the next one
// loads, with an answer to an older question dropped; and its CSV export.
import { toBackendError, type BackendError, type ExportedFile } from "$lib/backend";
import { pageCount } from "./events";

interface LogPage {
  events: readonly unknown[];
  total: number;
  page: number;
  pageSize: number;
}

export class EventLog<P extends LogPage> {
  /** The last page the core sent. */
  data = $state.raw<P | null>(null);
  error = $state.raw<BackendError | null>(null);
  loading = $state(false);

  exporting = $state(false);
  exported = $state.raw<ExportedFile | null>(null);
  exportError = $state<string | null>(null);

  /** The newest request: an answer to any other is stale and dropped. */
  #latest = 0;

  /**
   * Asks the core for a page with `ask`. Where the log shrank under the page
   * asked (a sync), `ongo` is handed its last page instead of an empty one.
   * `onanswer` sees every answer that is not stale.
   */
  load(ask: () => Promise<P>, ongo: (page: number) => void, onanswer?: (answer: P) => void): void {
    const ticket = ++this.#latest;
    this.loading = true;
    ask().then(
      (answer) => {
        if (ticket !== this.#latest) return;
        this.loading = false;
        this.error = null;
        onanswer?.(answer);
        if (answer.events.length === 0 && answer.total > 0 && answer.page > 0) {
          ongo(pageCount(answer.total, answer.pageSize) - 1);
          return;
        }
        this.data = answer;
      },
      (failure: unknown) => {
        if (ticket !== this.#latest) return;
        this.loading = false;
        this.error = toBackendError(failure);
      },
    );
  }

  /** Another log (another client): nothing of the last one stays. */
  clear(): void {
    this.data = null;
    this.error = null;
    this.exported = null;
    this.exportError = null;
  }

  /** Writes the matching events' CSV with `write`, one export at a time. */
  async export(write: () => Promise<ExportedFile>): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    this.exported = null;
    this.exportError = null;
    try {
      this.exported = await write();
    } catch (failure) {
      this.exportError = toBackendError(failure).message;
    } finally {
      this.exporting = false;
    }
  }
}
