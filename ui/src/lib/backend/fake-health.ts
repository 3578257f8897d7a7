// The fake backend's vault health: each demo client's findings as the core
// would compute them from its snapshot, and the core's member health rules
// (desk-core health/mod.rs) over the fake's members. For the fake only.
import type { ClientView, ItemFinding, MemberHealth, MemberView } from "./types";

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
      { id: "i-6-1", name: "Firewall", strength: "very_weak", http: "http://192.168.10.1" },
      { id: "i-6-2", name: "Office Wi-Fi", strength: "weak", sharedBy: 2, http: "http://192.168.10.2" },
      { id: "i-6-3", name: "Guest Wi-Fi", strength: "weak", sharedBy: 2, http: "http://192.168.10.3" },
      { id: "i-6-4", name: "Payroll", strength: "very_weak" },
      { id: "i-6-5", name: "Web CMS", strength: "very_weak", http: "http://cms.northwind.example/wp-admin" },
    ],
  },
};

/**
 * A client's item findings in the core's order (item by item: weak, reused,
 * unsecured). A client without curated data has the one live login the
 * fake's items() lists, with nothing to report.
 */
export function fakeItemFindings(client: ClientView): { itemsChecked: number; findings: ItemFinding[] } {
  const vault = VAULTS[client.organizationId];
  if (!vault) return { itemsChecked: 1, findings: [] };
  const findings: ItemFinding[] = [];
  for (const login of vault.logins) {
    const item = { itemId: login.id, name: login.name };
    if (login.strength) findings.push({ ...item, finding: login.strength, detail: null });
    if (login.sharedBy) findings.push({ ...item, finding: "reused", detail: String(login.sharedBy) });
    if (login.http) findings.push({ ...item, finding: "unsecured", detail: login.http });
  }
  return { itemsChecked: vault.checked, findings };
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
