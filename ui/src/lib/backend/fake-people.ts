// The fake's Provider Portal → People: the provider's own users (admins and
// service users), with the core's rules and refusals. FakeBackend (fake.ts)
// turns each plan into jobs like the Sends' (no client).
import type { SendPlan } from "./fake-sends";
import { BackendError, type ConfirmPreview, type PeopleAction, type PeopleInvite, type PersonRole, type PersonStatus, type PersonView } from "./types";

export const FAKE_PROVIDER_ID = "p-1";
export const FAKE_PROVIDER_NAME = "Demo MSP";
/** The core's refusal for a provider user who is not a provider admin. */
export const PEOPLE_FORBIDDEN = "Bitwarden lets only the provider's admins see and manage its people.";

/** The demo provider's users: the admin, a service user, one invited, one accepted. */
export function demoPeople(): PersonView[] {
  return [
    { id: "pu-1", userId: "u-admin", email: "admin@demo-msp.example", name: "Dana Admin", role: "provider_admin", status: "confirmed" },
    { id: "pu-2", userId: "u-tech", email: "tech@demo-msp.example", name: "Toni Tech", role: "service_user", status: "confirmed" },
    { id: "pu-3", userId: null, email: "newtech@demo-msp.example", name: null, role: "service_user", status: "invited" },
    { id: "pu-4", userId: "u-alice", email: "alice@northwind.example", name: "Alice Northwind", role: "service_user", status: "accepted" },
  ];
}

/** Fixed phrases per person, so tests can read them. */
const FINGERPRINTS: Record<string, string> = { "pu-4": "alpha-bravo-charlie-delta-echo" };
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

export function fakePersonFingerprint(id: string): string {
  const known = FINGERPRINTS[id];
  if (known) return known;
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return Array.from({ length: 5 }, (_, i) => WORDS[(hash >>> (i * 3)) % WORDS.length]).join("-");
}

export function fakePersonKeyHash(id: string): string {
  return `sha256-${id}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const same = (a: string | null, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();
const statusWord = (status: PersonStatus) => (typeof status === "string" ? status : `unknown (${status.unknown})`);
const roleWord = (role: PersonRole) => (role === "provider_admin" ? "provider admin" : "service user");
const who = (p: PersonView) => p.email ?? p.id;

type Plan = SendPlan<void>;

export class FakePeople {
  people: PersonView[] = demoPeople();
  private next = 100;

  list(): PersonView[] {
    return this.people.map((p) => ({ ...p, role: typeof p.role === "string" ? p.role : { ...p.role }, status: typeof p.status === "string" ? p.status : { ...p.status } }));
  }

  private find(ids: string[]): PersonView[] {
    if (ids.length === 0) throw new BackendError("invalid_input", "Choose at least one person.");
    return ids.map((id) => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw new BackendError("not_found", "No provider user with that id is in the snapshot.");
      return person;
    });
  }

  planInvite(input: PeopleInvite): Plan {
    const emails: string[] = [];
    for (const raw of input.emails) {
      const email = raw.trim();
      if (!EMAIL.test(email)) throw new BackendError("invalid_input", `${email} is not an email address.`);
      if (!emails.some((e) => same(e, email))) emails.push(email);
    }
    if (emails.length === 0) throw new BackendError("invalid_input", "Enter at least one email address.");
    for (const email of emails) {
      if (this.people.some((p) => same(p.email, email))) throw new BackendError("conflict", `${email} is already a member of this client.`);
    }
    return {
      kind: "invite_people",
      descriptions: [`Invite ${emails.join(", ")} to the provider as ${roleWord(input.role)}`],
      apply: () => {
        for (const email of emails) {
          this.next += 1;
          this.people.push({ id: `pu-${this.next}`, userId: null, email, name: null, role: input.role, status: "invited" });
        }
      },
    };
  }

  planAction(ids: string[], action: PeopleAction): Plan {
    const people = this.find(ids);
    const names = people.map(who).join(", ");
    if (action === "reinvite") {
      for (const p of people) {
        if (p.status !== "invited") throw new BackendError("conflict", `${who(p)} is ${statusWord(p.status)}; only invited people can be invited again.`);
      }
      return { kind: "reinvite_people", descriptions: [`Send the provider invitation to ${names} again`], apply: () => undefined };
    }
    return {
      kind: "remove_people",
      descriptions: [`Remove ${names} from the provider`],
      apply: () => {
        this.people = this.people.filter((p) => !ids.includes(p.id));
      },
    };
  }

  planRole(id: string, role: PersonRole): Plan {
    const [person] = this.find([id]);
    return {
      kind: "set_person_role",
      descriptions: [`Make ${who(person)} a ${roleWord(role)}`],
      apply: () => {
        person.role = role;
      },
    };
  }

  preview(ids: string[], fromSnapshot: boolean): ConfirmPreview[] {
    const people = this.find(ids);
    for (const p of people) this.requireAccepted(p);
    return people.map((p) => ({
      memberId: p.id,
      email: who(p),
      name: p.name,
      fingerprint: fakePersonFingerprint(p.id),
      publicKeySha256: fakePersonKeyHash(p.id),
      fromSnapshot,
    }));
  }

  planConfirm(choices: { memberId: string; publicKeySha256: string }[], compared: boolean): Plan {
    const people = this.find(choices.map((c) => c.memberId));
    for (const p of people) {
      if (!compared) {
        throw new BackendError("invalid_input", `The fingerprint of ${who(p)} was not confirmed as compared; compare it with the member out of band first.`);
      }
      this.requireAccepted(p);
      if (choices.find((c) => c.memberId === p.id)?.publicKeySha256 !== fakePersonKeyHash(p.id)) {
        throw new BackendError("conflict", `The key of ${who(p)} is not the one whose fingerprint was shown; look at the new fingerprint before confirming.`);
      }
    }
    return {
      kind: "confirm_people",
      descriptions: [`Confirm ${people.map(who).join(", ")} in the provider`],
      apply: () => {
        for (const p of people) p.status = "confirmed";
      },
    };
  }

  private requireAccepted(p: PersonView): void {
    if (p.status !== "accepted") {
      throw new BackendError("conflict", `${who(p)} is ${statusWord(p.status)}; only members who accepted their invitation can be confirmed.`);
    }
  }
}
