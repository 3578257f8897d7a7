// The Onboarding page's rules over the core's answer: the filters, each
// member's steps (invited → accepted → confirmed → two-step login →
// account recovery) and the counts summary, worded through the catalogs.
import type { MemberProgress, OnboardingPage, OnboardingStep } from "$lib/backend";
import { t, type MessageKey } from "$lib/i18n";

export type OnboardingFilter = "all" | "needs_action" | "stale";
export const FILTERS: readonly OnboardingFilter[] = ["all", "needs_action", "stale"];

export const FILTER_KEYS: Record<OnboardingFilter, MessageKey> = {
  all: "onboarding.filter.all",
  needs_action: "onboarding.filter.needs_action",
  stale: "onboarding.filter.stale",
};

/** Whether a member belongs under a filter: "needs action" is any member with a next step. */
export function matches(member: MemberProgress, filter: OnboardingFilter): boolean {
  if (filter === "needs_action") return member.next !== null;
  if (filter === "stale") return member.staleInvite;
  return true;
}

export function filterCounts(members: readonly MemberProgress[]): Record<OnboardingFilter, number> {
  const counts: Record<OnboardingFilter, number> = { all: 0, needs_action: 0, stale: 0 };
  for (const m of members) for (const f of FILTERS) if (matches(m, f)) counts[f] += 1;
  return counts;
}

export type StepId = "invited" | "accepted" | "confirmed" | "two_step" | "recovery";
export type Step = { id: StepId; done: boolean };

export const STEP_KEYS: Record<StepId, MessageKey> = {
  invited: "onboarding.step.invited",
  accepted: "onboarding.step.accepted",
  confirmed: "onboarding.step.confirmed",
  two_step: "onboarding.step.two_step",
  recovery: "onboarding.step.recovery",
};

/** A member's steps in order; account recovery only where its policy is on. */
export function steps(member: MemberProgress, recoveryPolicy: boolean): Step[] {
  const list: Step[] = [
    // "staged" members have not been sent an invitation yet.
    { id: "invited", done: member.status !== "staged" },
    { id: "accepted", done: member.accepted },
    { id: "confirmed", done: member.confirmed },
    { id: "two_step", done: member.twoStep },
  ];
  if (recoveryPolicy && member.recoveryEnrolled !== null) list.push({ id: "recovery", done: member.recoveryEnrolled });
  return list;
}

export const NEXT_KEYS: Record<OnboardingStep, MessageKey> = {
  accept_invite: "onboarding.next.accept_invite",
  await_confirmation: "onboarding.next.await_confirmation",
  turn_on_two_step: "onboarding.next.turn_on_two_step",
  enroll_recovery: "onboarding.next.enroll_recovery",
};

/** The next step in words: the core's step, or done / nothing yet. */
export function nextStep(member: MemberProgress): string {
  if (member.next) return t(NEXT_KEYS[member.next]);
  return t(member.confirmed ? "onboarding.next.done" : "onboarding.next.none");
}

function plural(count: number, one: MessageKey, other: MessageKey): string {
  return t(count === 1 ? one : other, { count });
}

/** "12 members: 10 accepted, 9 confirmed, …; 4 done; 1 invitation older than 5 days". */
export function countsSummary(page: Pick<OnboardingPage, "counts" | "recoveryPolicy">): string {
  const c = page.counts;
  const params = {
    members: plural(c.members, "onboarding.counts.members.one", "onboarding.counts.members.other"),
    accepted: plural(c.accepted, "onboarding.counts.accepted.one", "onboarding.counts.accepted.other"),
    confirmed: plural(c.confirmed, "onboarding.counts.confirmed.one", "onboarding.counts.confirmed.other"),
    twoStep: plural(c.twoStep, "onboarding.counts.twoStep.one", "onboarding.counts.twoStep.other"),
    complete: plural(c.complete, "onboarding.counts.complete.one", "onboarding.counts.complete.other"),
    stale:
      c.staleInvites === 0
        ? t("onboarding.counts.stale.none")
        : plural(c.staleInvites, "onboarding.counts.stale.one", "onboarding.counts.stale.other"),
  };
  if (!page.recoveryPolicy) return t("onboarding.counts.summaryNoRecovery", params);
  return t("onboarding.counts.summary", {
    ...params,
    recovery: plural(c.recoveryEnrolled, "onboarding.counts.recovery.one", "onboarding.counts.recovery.other"),
  });
}
