// The Reports page's logic: the core's findings split into the page's
// sections and ordered for reading. Pure, so it is tested without a page.
import type { Finding, ItemFinding } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";

/** Rows each list draws at first and adds with "Show all" (a large vault stays quick). */
export const SHOWN = 100;

/** The weak-password labels, as Bitwarden's Weak passwords report words them. */
export const STRENGTH_KEYS: Record<Extract<Finding, "very_weak" | "weak">, MessageKey> = {
  very_weak: "health.strength.very_weak",
  weak: "health.strength.weak",
};

export interface ReportSections {
  /** The most seen in breaches first, then by name. */
  exposed: ItemFinding[];
  /** Very weak first, then weak; by name within each. */
  weak: ItemFinding[];
  /** The most shared passwords first, then by name. */
  reused: ItemFinding[];
  /** By name. */
  unsecured: ItemFinding[];
  /** By name. */
  inactiveTwoStep: ItemFinding[];
}

/** How many items share a reused password (the core sends it as text); 0 if it did not say. */
export function uses(finding: ItemFinding): number {
  const count = Number(finding.detail);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** How many times an exposed password was seen in breaches (the core sends it as text); 0 if it did not say. */
export function timesSeen(finding: ItemFinding): number {
  const count = Number(finding.detail);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/** The findings by section; `compare` orders names (a locale's collator). */
export function reportSections(findings: readonly ItemFinding[], compare: (a: string, b: string) => number): ReportSections {
  const byName = (a: ItemFinding, b: ItemFinding) => compare(a.name, b.name) || compare(a.itemId, b.itemId);
  const rank = (f: ItemFinding) => (f.finding === "very_weak" ? 0 : 1);
  const of = (...kinds: Finding[]) => findings.filter((f) => kinds.includes(f.finding));
  return {
    exposed: of("exposed").sort((a, b) => timesSeen(b) - timesSeen(a) || byName(a, b)),
    weak: of("very_weak", "weak").sort((a, b) => rank(a) - rank(b) || byName(a, b)),
    reused: of("reused").sort((a, b) => uses(b) - uses(a) || byName(a, b)),
    unsecured: of("unsecured").sort(byName),
    inactiveTwoStep: of("inactive_two_step").sort(byName),
  };
}
