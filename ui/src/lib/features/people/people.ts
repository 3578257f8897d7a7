// Provider Portal → People: the labels of roles and statuses (a value this
// build does not know shows its number), the invite dialog's parsing, and
// the bulk bar's rules: which actions a selection allows, and what became of
// each person of a change.
import type { JobStatus, JobView, PersonStatus, PersonView, ProviderUserType, Submitted } from "$lib/backend";
import { parseEmails } from "$lib/features/members/members";
import { t } from "$lib/i18n";

export { parseEmails };

export function roleLabel(role: ProviderUserType): string {
  if (role === "provider_admin") return t("people.role.provider_admin");
  if (role === "service_user") return t("people.role.service_user");
  return t("people.role.unknown", { value: role.unknown });
}

export function statusLabel(status: PersonStatus): string {
  if (status === "invited") return t("people.status.invited");
  if (status === "accepted") return t("people.status.accepted");
  if (status === "confirmed") return t("people.status.confirmed");
  return t("people.status.unknown", { value: status.unknown });
}

/** What a row is called: its name, else its e-mail, else its id. */
export function personName(person: PersonView): string {
  return person.name || person.email || person.id;
}

/** What the bulk bar does to the selected people. */
export type BulkAction = "reinvite" | "confirm" | "remove";
export const BULK_ACTIONS: readonly BulkAction[] = ["reinvite", "confirm", "remove"];

/**
 * Whether an action applies to the whole selection, as the core checks it:
 * only invited people are invited again, only people who accepted are
 * confirmed (a mixed selection is refused, not split); anyone can be removed.
 */
export function bulkAllowed(action: BulkAction, people: readonly PersonView[]): boolean {
  if (people.length === 0) return false;
  if (action === "reinvite") return people.every((p) => p.status === "invited");
  if (action === "confirm") return people.every((p) => p.status === "accepted");
  return true;
}

/** What one person of a change came to: the status of the job that carried them, and why it stopped. */
export interface PersonOutcome {
  person: PersonView;
  status: JobStatus;
  reason: string | null;
}

/** Worse outcomes rank higher: a person carried by several jobs shows the worst. */
const RANK: Record<JobStatus, number> = { done: 0, discarded: 1, applying: 2, pending: 3, conflict: 4, failed: 5 };

/** Whether a job's text names this e-mail (or id) as a whole word, not inside a longer address. */
export function mentions(text: string, label: string): boolean {
  const haystack = text.toLowerCase();
  const needle = label.toLowerCase();
  if (needle === "") return false;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? " ";
    const after = haystack[at + needle.length] ?? " ";
    const next = haystack[at + needle.length + 1] ?? " ";
    // A "." after it may end the sentence; a "." that goes on is part of a longer address.
    const endsHere = !/[\w@+-]/.test(after) && !(after === "." && /\w/.test(next));
    if (!/[\w.@+-]/.test(before) && endsHere) return true;
  }
  return false;
}

/**
 * Each person of a change with what became of them. The core names the
 * people a job carries in its description (by e-mail, else id): a person
 * takes the outcome of the jobs that name them, else of the whole batch
 * (one job for everyone), with its reason as the core or server gave it.
 */
export function personOutcomes(people: readonly PersonView[], submitted: Submitted): PersonOutcome[] {
  return people.map((person) => {
    const label = person.email ?? person.id;
    const named = submitted.jobs.filter((job) => mentions(job.description, label));
    let worst: JobView | null = null;
    for (const job of named.length > 0 ? named : submitted.jobs) {
      if (!worst || RANK[job.status] > RANK[worst.status]) worst = job;
    }
    return { person, status: worst?.status ?? "done", reason: worst?.error?.message ?? null };
  });
}

/** Whether a job did not go through (and waits to be retried or discarded under Changes). */
export const stopped = (status: JobStatus): boolean => status === "failed" || status === "conflict";
