// The fake backend's vault health: each demo client's findings as the core
// would compute them from its snapshot, and the core's member health rules
// (desk-core health/mod.rs) over the fake's members. For the fake only.
import type { BreachStatus, ClientView, HealthHeatmap, HealthKind, HealthReport, HeatCell, ItemFinding, MemberHealth, MemberView, TotpSitesStatus } from "./types";

/** How long an invitation may wait before it counts as stale (the core's STALE_INVITE_DAYS). */
export const FAKE_STALE_INVITE_DAYS = 5;

const DAY_MS = 24 * 3_600_000;

/**
 * When the demo's invited members were invited, in days before FAKE_NOW.
 * A member not named here (one the fake invited) was invited just now.
 */
export const FAKE_INVITED_DAYS_AGO: Readonly<Record<string, number>> = {
  "m-6-5": 8,
  "m-4-7": 3,
};

/** One live login with what the core would find in it. */
interface FakeLogin {
  id: string;
  name: string;
  strength?: "very_weak" | "weak";
  /** How many live logins of the client share its password. */
  sharedBy?: number;
  /** Its first http:// URI. */
  http?: string;
  /** Times its password was seen in breaches (Have I Been Pwned). */
  exposed?: number;
  /** A site that offers TOTP while the item has none. */
  noTotp?: string;
}

/** The demo clients' live logins: the ones with findings, and how many were checked. */
const VAULTS: Record<string, { checked: number; logins: FakeLogin[] }> = {
  "org-4": {
    checked: 12,
    logins: [
      { id: "i-4-1", name: "Practice management", strength: "weak" },
      { id: "i-4-2", name: "Front desk PC", strength: "very_weak", sharedBy: 2 },
      { id: "i-4-3", name: "X-ray workstation", sharedBy: 2 },
      { id: "i-4-4", name: "Dental imaging", http: "http://imaging.contoso.local" },
    ],
  },
  "org-5": {
    checked: 20,
    logins: [
      { id: "i-5-1", name: "Document portal", strength: "very_weak" },
      { id: "i-5-2", name: "Court e-filing", http: "http://efile.courts.example/login" },
    ],
  },
  "org-6": {
    checked: 14,
    logins: [
      { id: "i-6-1", name: "Firewall", strength: "very_weak", http: "http://192.168.10.1", exposed: 2254650 },
      { id: "i-6-2", name: "Office Wi-Fi", strength: "weak", sharedBy: 2, http: "http://192.168.10.2", exposed: 1234 },
      { id: "i-6-3", name: "Guest Wi-Fi", strength: "weak", sharedBy: 2, http: "http://192.168.10.3", exposed: 1234 },
      { id: "i-6-4", name: "Payroll", strength: "very_weak", exposed: 10556095 },
      { id: "i-6-5", name: "Web CMS", strength: "very_weak", http: "http://cms.northwind.example/wp-admin", exposed: 539851 },
      { id: "i-6-6", name: "Bank portal", noTotp: "bank.example.com" },
      { id: "i-6-7", name: "Social media", noTotp: "social.example.com" },
    ],
  },
};

/**
 * A client's item findings in the core's order (item by item: weak, reused,
 * exposed, inactive two-step login, unsecured). A client without curated
 * data has the one live login the fake's items() lists, with nothing to
 * report. `breaches`: the exposed-password check is on.
 */
export function fakeItemFindings(client: ClientView, breaches = true): { itemsChecked: number; findings: ItemFinding[] } {
  const vault = VAULTS[client.organizationId];
  if (!vault) return { itemsChecked: 1, findings: [] };
  const findings: ItemFinding[] = [];
  for (const login of vault.logins) {
    const item = { itemId: login.id, name: login.name };
    if (login.strength) findings.push({ ...item, finding: login.strength, detail: null });
    if (login.sharedBy) findings.push({ ...item, finding: "reused", detail: String(login.sharedBy) });
    if (breaches && login.exposed) findings.push({ ...item, finding: "exposed", detail: String(login.exposed) });
    if (login.noTotp) findings.push({ ...item, finding: "inactive_two_step", detail: login.noTotp });
    if (login.http) findings.push({ ...item, finding: "unsecured", detail: login.http });
  }
  return { itemsChecked: vault.checked, findings };
}

/** How the fake's exposed-password check went: each distinct password asked once, answers a day old offline. */
export function fakeBreaches(client: ClientView, check: boolean, online: boolean): BreachStatus {
  const vault = VAULTS[client.organizationId];
  const passwords = vault ? vault.checked : 1;
  if (!check) return { check: "off", passwords, checked: 0, requests: 0, oldestAnswer: null, error: null };
  return {
    check: "online",
    passwords,
    checked: passwords,
    requests: online ? passwords : 0,
    oldestAnswer: online ? "2026-11-26T12:00:00.000Z" : "2026-11-25T12:00:00.000Z",
    error: online ? null : "Cannot reach api.pwnedpasswords.com: the answers kept in the snapshot were used.",
  };
}

/** The fake's TOTP site list: 2fa.directory's, fetched the day before. */
export function fakeTotpSites(): TotpSitesStatus {
  return { source: "directory", sites: 2184, asOf: "2026-11-25T09:00:00.000Z" };
}

const KINDS: HealthKind[] = [
  "exposed",
  "reused",
  "weak",
  "unsecured",
  "inactive_two_step",
  "members_without_two_step",
  "not_enrolled",
  "pending_members",
];

/** What each demo client's counts were at its previous sync (absent: no earlier count). */
const PREVIOUS: Record<string, Partial<Record<HealthKind, number>>> = {
  "org-6": { exposed: 3, weak: 5, unsecured: 4, reused: 2, inactive_two_step: 2 },
  "org-4": { weak: 3, reused: 2 },
};

/** The heatmap as the core would build it from each client's report; a client never synced says so. */
export function fakeHeatmap(clients: readonly ClientView[], report: (organizationId: string) => HealthReport): HealthHeatmap {
  return {
    kinds: KINDS,
    rows: clients.map((client) => {
      if (!client.syncedAt) {
        return {
          organizationId: client.organizationId,
          clientName: client.name,
          asOf: null,
          cells: [],
          problem: "not synced yet: its members and items are not in the snapshot",
        };
      }
      const r = report(client.organizationId);
      const count = (f: ItemFinding["finding"]) => r.findings.filter((x) => x.finding === f).length;
      const counts: Record<HealthKind, number | null> = {
        exposed: count("exposed"),
        reused: count("reused"),
        weak: count("weak") + count("very_weak"),
        unsecured: count("unsecured"),
        inactive_two_step: count("inactive_two_step"),
        members_without_two_step: r.members.withoutTwoStep.length,
        not_enrolled: r.members.notEnrolled ? r.members.notEnrolled.length : null,
        pending_members: r.members.staleInvites.length + r.members.awaitingConfirmation.length,
      };
      const before = PREVIOUS[client.organizationId] ?? {};
      const cells: HeatCell[] = KINDS.map((kind) => {
        const n = counts[kind];
        const p = before[kind];
        return { kind, count: n, change: n !== null && p !== undefined ? n - p : null };
      });
      return { organizationId: client.organizationId, clientName: client.name, asOf: client.syncedAt, cells, problem: null };
    }),
  };
}

const who = (m: MemberView) => m.email ?? m.id;

/** The core's member_health: `invitedAt` gives an invitation's time in ms, where known. */
export function fakeMemberHealth(
  members: readonly MemberView[],
  recoveryOn: boolean,
  now: number,
  invitedAt: (m: MemberView) => number | null,
): MemberHealth {
  const active = (m: MemberView) => m.status === "confirmed" || m.status === "accepted";
  const staleBefore = now - FAKE_STALE_INVITE_DAYS * DAY_MS;
  return {
    withoutTwoStep: members.filter((m) => active(m) && !m.twoFactorEnabled).map(who),
    notEnrolled: recoveryOn ? members.filter((m) => m.status === "confirmed" && !m.recoveryEnrolled).map(who) : null,
    owners: members.filter((m) => m.role === "owner" && m.status === "confirmed").length,
    staleInvites: members
      .filter((m) => m.status === "invited")
      .filter((m) => {
        const at = invitedAt(m);
        return at !== null && at < staleBefore;
      })
      .map(who),
    awaitingConfirmation: members.filter((m) => m.status === "accepted").map(who),
  };
}

/** The demo's invitation times, measured back from `now`. */
export function fakeInvitedAt(now: number): (m: MemberView) => number | null {
  return (m) => {
    const days = FAKE_INVITED_DAYS_AGO[m.id];
    return days === undefined ? now : now - days * DAY_MS;
  };
}
