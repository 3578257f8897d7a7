// The fake backend's Bitwarden Sends: the user's own list, kept in memory,
// with desk-core's rules (sends/mod.rs) and messages — a name, text or a
// file, a deletion date at most 31 days ahead (7 by default), an expiration
// before it, an access limit of at least 1 — and links in the core's format
// for a self-hosted server (`https://vault.example/#/send/<accessId>/<key>`).
// Opening a link counts one access, as the server does. FakeBackend (fake.ts)
// calls this from its `// --- sends ---` block and makes the jobs.
import { BackendError, type JobView, type ReceivedSend, type SavedFile, type SendInput, type SendStatus, type SendView } from "./types";

const DAY_MS = 86_400_000;
export const FAKE_SEND_MAX_DAYS = 31;
export const FAKE_SEND_VAULT = "https://vault.example";

const MESSAGES = {
  noName: "A Send needs a name.",
  noContent: "A text Send needs its text, a file Send its file.",
  tooLate: "A Send is deleted at most 31 days after it is made: choose an earlier deletion date.",
  expiresAfter: "The expiration date comes after the deletion date.",
  accessCount: "The maximum access count is at least 1 (or none for no limit).",
  badFile: "The file is not valid base64.",
  typeChange: "A Send's type cannot change; create a new one.",
  badLink: "This is not a Send link: it looks like https://send.bitwarden.com/#<id>/<key> or https://<server>/#/send/<id>/<key>.",
  passwordRequired: "This Send is protected by a password: give it to open the Send.",
  gone: "This Send does not exist any more: it was deleted, it expired, it was disabled or it was opened as many times as allowed.",
  undecryptable: "The Send's content does not decrypt with the key in the link (is the link complete?).",
} as const;

/** A Send as the fake's server holds it: the view's fields, the text and the password. */
interface StoredSend {
  id: string;
  accessId: string;
  key: string;
  type: "text" | "file";
  name: string;
  notes: string | null;
  text: string | null;
  hidden: boolean;
  fileName: string | null;
  fileSize: string | null;
  maxAccessCount: number | null;
  accessCount: number;
  password: string | null;
  disabled: boolean;
  hideEmail: boolean;
  expirationDate: string | null;
  deletionDate: string;
  revisionDate: string;
}

/** What a write will do, checked already: the job's kind and descriptions, and the change itself. */
export interface SendPlan<T> {
  kind: NonNullable<JobView["kind"]>;
  descriptions: string[];
  apply: () => T;
}

const quote = (s: string) => `“${s}”`;

/** A date of the input, as the core's `date`: a valid instant, after now. */
function futureDate(text: string, what: "deletion" | "expiration", now: number): number {
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    throw new BackendError("invalid_input", `The ${what} date is not a date (use 2026-12-31T18:00:00Z).`);
  }
  if (time <= now) throw new BackendError("invalid_input", `The ${what} date has already passed.`);
  return time;
}

/** Bytes of a base64 text, or null when it is not base64. */
function base64Size(data: string): number | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) return null;
  return (data.length / 4) * 3 - (data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0);
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export class FakeSends {
  private store: StoredSend[] = [];
  private made = 0;

  constructor(
    private readonly now: () => number,
    demo = true,
  ) {
    if (demo) this.seed();
  }

  /** Two Sends already made: an active one-time text, and a file Send with a password that was opened. */
  private seed(): void {
    const at = this.now();
    this.store.push(
      this.stored({
        type: "text",
        name: "Wi-Fi password for the front desk",
        text: "Guest-Network-2026",
        hidden: true,
        deletionDate: new Date(at + 5 * DAY_MS).toISOString(),
        revisionDate: new Date(at - 2 * DAY_MS).toISOString(),
      }),
      this.stored({
        type: "file",
        name: "Onboarding checklist",
        fileName: "checklist.pdf",
        fileSize: "48.20 KB",
        maxAccessCount: 3,
        accessCount: 1,
        password: "open-sesame",
        deletionDate: new Date(at + 20 * DAY_MS).toISOString(),
        expirationDate: new Date(at + 10 * DAY_MS).toISOString(),
        revisionDate: new Date(at - 5 * DAY_MS).toISOString(),
      }),
    );
  }

  private stored(fields: Partial<StoredSend> & Pick<StoredSend, "type" | "name" | "deletionDate">): StoredSend {
    this.made += 1;
    const n = this.made;
    return {
      id: `send-${n}`,
      accessId: `acc${n}Xy${(n * 7919).toString(36)}`,
      key: `k${n}Ey${(n * 104729).toString(36)}Q`,
      notes: null,
      text: null,
      hidden: false,
      fileName: null,
      fileSize: null,
      maxAccessCount: 1,
      accessCount: 0,
      password: null,
      disabled: false,
      hideEmail: false,
      expirationDate: null,
      revisionDate: new Date(this.now()).toISOString(),
      ...fields,
    };
  }

  private status(s: StoredSend): SendStatus {
    const now = this.now();
    const past = (d: string | null) => d !== null && Date.parse(d) <= now;
    if (past(s.deletionDate)) return "pending_deletion";
    if (past(s.expirationDate)) return "expired";
    if (s.maxAccessCount !== null && s.accessCount >= s.maxAccessCount) return "max_accessed";
    return s.disabled ? "disabled" : "active";
  }

  private view(s: StoredSend): SendView {
    return {
      id: s.id,
      accessId: s.accessId,
      type: s.type,
      name: s.name,
      notes: s.notes,
      text: s.text,
      hidden: s.hidden,
      fileName: s.fileName,
      fileSize: s.fileSize,
      maxAccessCount: s.maxAccessCount,
      accessCount: s.accessCount,
      hasPassword: s.password !== null,
      disabled: s.disabled,
      hideEmail: s.hideEmail,
      expirationDate: s.expirationDate,
      deletionDate: s.deletionDate,
      revisionDate: s.revisionDate,
      status: this.status(s),
      link: `${FAKE_SEND_VAULT}/#/send/${s.accessId}/${s.key}`,
      error: null,
    };
  }

  private find(id: string): StoredSend {
    const found = this.store.find((s) => s.id === id);
    if (!found) throw new BackendError("not_found", `You have no Send with the id ${JSON.stringify(id)}.`);
    return found;
  }

  /** The user's Sends, the last changed first (as the core sorts them). */
  list(): SendView[] {
    return this.store
      .map((s) => this.view(s))
      .sort((a, b) => (a.revisionDate < b.revisionDate ? 1 : a.revisionDate > b.revisionDate ? -1 : 0));
  }

  /** Checks a create or change like the core's `send_operations`; applying it gives the saved Send. */
  planSave(input: SendInput): SendPlan<SendView> {
    const now = this.now();
    const name = input.name.trim();
    if (name === "") throw new BackendError("invalid_input", MESSAGES.noName);
    const deletion = input.deletionDate ? futureDate(input.deletionDate, "deletion", now) : now + 7 * DAY_MS;
    if (deletion > now + FAKE_SEND_MAX_DAYS * DAY_MS) throw new BackendError("invalid_input", MESSAGES.tooLate);
    const expiration = input.expirationDate ? futureDate(input.expirationDate, "expiration", now) : null;
    if (expiration !== null && expiration > deletion) throw new BackendError("invalid_input", MESSAGES.expiresAfter);
    const max = input.maxAccessCount ?? null;
    if (max !== null && max < 1) throw new BackendError("invalid_input", MESSAGES.accessCount);

    const fields = {
      name,
      notes: input.notes?.trim() ? input.notes : null,
      hidden: input.hidden ?? false,
      maxAccessCount: max,
      hideEmail: input.hideEmail ?? false,
      disabled: input.disabled ?? false,
      expirationDate: expiration === null ? null : new Date(expiration).toISOString(),
      deletionDate: new Date(deletion).toISOString(),
      revisionDate: new Date(now).toISOString(),
    };
    const password = input.password ? input.password : null;

    if (input.sendId) {
      const existing = this.find(input.sendId);
      if (input.file || (existing.type === "file" && input.text)) throw new BackendError("conflict", MESSAGES.typeChange);
      return {
        kind: "update_send",
        descriptions: [`Change the Send ${quote(existing.name)}`],
        apply: () => {
          // No text given keeps the Send's text, as the core does.
          Object.assign(existing, fields, existing.type === "text" && input.text ? { text: input.text } : {});
          if (password !== null) existing.password = password;
          return this.view(existing);
        },
      };
    }

    let content: Partial<StoredSend>;
    if (input.file) {
      const bytes = base64Size(input.file.data);
      if (bytes === null) throw new BackendError("invalid_input", MESSAGES.badFile);
      content = { type: "file", fileName: input.file.fileName, fileSize: sizeText(bytes) };
    } else if (input.text) {
      content = { type: "text", text: input.text };
    } else {
      throw new BackendError("invalid_input", MESSAGES.noContent);
    }
    const times = max === 1 ? "one-time" : max === null ? "no access limit" : `up to ${max} accesses`;
    const kindWord = content.type === "file" ? "file" : "text";
    return {
      kind: "create_send",
      descriptions: [
        `Create the ${kindWord} Send ${quote(name)} (${times}, deleted ${fields.deletionDate}${password ? ", with a password" : ""})`,
      ],
      apply: () => {
        const send = this.stored({ type: kindWord, ...fields, ...content, password });
        this.store.push(send);
        return this.view(send);
      },
    };
  }

  planDelete(sendIds: string[]): SendPlan<void> {
    const sends = [...new Set(sendIds.map((id) => this.find(id)))];
    if (sends.length === 0) throw new BackendError("invalid_input", "Choose at least one Send to delete.");
    return {
      kind: "delete_send",
      descriptions: sends.map((s) => `Delete the Send ${quote(s.name)}`),
      apply: () => {
        const gone = new Set(sends.map((s) => s.id));
        this.store = this.store.filter((s) => !gone.has(s.id));
      },
    };
  }

  planRemovePassword(sendId: string): SendPlan<void> {
    const send = this.find(sendId);
    return {
      kind: "remove_send_password",
      descriptions: [`Remove the password of the Send ${quote(send.name)}`],
      apply: () => {
        send.password = null;
        send.revisionDate = new Date(this.now()).toISOString();
      },
    };
  }

  /** Saves a file Send's file as the core does (into Downloads, under its name); this counts the access. */
  receiveFile(link: string, password: string | null): SavedFile {
    const opened = this.receive(link, password, "");
    if (opened.type !== "file") throw new BackendError("invalid_input", "This Send is a text, not a file.");
    const send = this.store.find((s) => link.includes(`/${s.accessId}/`));
    if (!send) throw new BackendError("not_found", MESSAGES.gone);
    send.accessCount += 1;
    return { path: `/home/demo/Downloads/${opened.fileName ?? "send-file.bin"}`, bytes: 49_357 };
  }

  /** Opens a link as a recipient would: counts one access; refuses a gone Send or a missing password. */
  receive(link: string, password: string | null, creator: string): ReceivedSend {
    const match = /^https:\/\/[^/#?\s]+\/?#\/send\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(link.trim());
    if (!match) throw new BackendError("invalid_input", MESSAGES.badLink);
    const [, accessId, key] = match;
    const send = this.store.find((s) => s.accessId === accessId);
    if (!send || this.status(send) !== "active") throw new BackendError("not_found", MESSAGES.gone);
    if (send.password !== null && password !== send.password) throw new BackendError("forbidden", MESSAGES.passwordRequired);
    if (send.key !== key) throw new BackendError("server_error", MESSAGES.undecryptable);
    // Like Bitwarden: reading a file Send is free; fetching its file counts.
    if (send.type === "text") send.accessCount += 1;
    return {
      type: send.type,
      name: send.name,
      text: send.text,
      hidden: send.hidden,
      fileName: send.fileName,
      expirationDate: send.expirationDate,
      creator: send.hideEmail ? null : creator,
    };
  }
}
