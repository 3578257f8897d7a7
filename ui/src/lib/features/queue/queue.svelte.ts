// The queue of changes as the whole UI sees it: one instance in context
// (AppRoot sets it), read by the Changes page and the status bar's badge.
// Every change to the server is a job in the core's queue; this only lists
// them and passes the user's retry, discard and "apply now" on.
import { getContext, setContext } from "svelte";
import { toBackendError, type Backend, type BackendError, type JobStatus, type JobView } from "$lib/backend";

const QUEUE = Symbol("queue");

/** Waiting to be sent, or stopped: the jobs the user should look at. */
export const ATTENTION: readonly JobStatus[] = ["pending", "failed", "conflict"];

export type Filter = "all" | "attention" | "done";

export function matches(filter: Filter, job: JobView): boolean {
  switch (filter) {
    case "attention":
      return ATTENTION.includes(job.status);
    case "done":
      return job.status === "done";
    default:
      return true;
  }
}

/** Newest first: by when the change was planned, then by id (the order it was queued). */
export function newestFirst(jobs: readonly JobView[]): JobView[] {
  return [...jobs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

export class JobQueue {
  jobs = $state.raw<JobView[] | null>(null);
  error = $state.raw<BackendError | null>(null);
  // A load started later wins over one that answers later.
  private latest = 0;

  constructor(readonly backend: Backend) {}

  /** How many jobs need attention (pending, failed or in conflict). */
  get attention(): number {
    return this.jobs?.filter((job) => ATTENTION.includes(job.status)).length ?? 0;
  }

  async load(): Promise<void> {
    const mine = ++this.latest;
    try {
      const jobs = await this.backend.queue();
      if (mine !== this.latest) return;
      this.jobs = jobs;
      this.error = null;
    } catch (error) {
      if (mine === this.latest) this.error = toBackendError(error);
    }
  }
}

export function setQueue(queue: JobQueue): JobQueue {
  return setContext(QUEUE, queue);
}

export function getQueue(): JobQueue {
  const queue = getContext<JobQueue | undefined>(QUEUE);
  if (!queue) throw new Error("No queue in context: AppRoot sets it");
  return queue;
}
