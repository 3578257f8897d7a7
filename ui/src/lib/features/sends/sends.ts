// The Send page's logic, kept pure so it is tested without rendering: the
// dialog's draft and the input it sends, the date fields (local
// `datetime-local` values ↔ the core's ISO 8601 UTC), and what the list
// shows for a Send's type, status and accesses.
import type { SendInput, SendKind, SendStatus, SendView } from "$lib/backend";
import type { MessageKey } from "$lib/i18n";
import { DAY_MS } from "$lib/ui/format";

/** Bitwarden deletes a Send at most 31 days after it is made; 7 by default. */
export const SEND_MAX_DAYS = 31;
export const SEND_DEFAULT_DAYS = 7;
/** The core refuses larger files. */
export const SEND_MAX_FILE_BYTES = 100 * 1024 * 1024;

export const STATUS_KEYS: Readonly<Record<SendStatus, MessageKey>> = {
  active: "sends.status.active",
  disabled: "sends.status.disabled",
  expired: "sends.status.expired",
  max_accessed: "sends.status.max_accessed",
  pending_deletion: "sends.status.pending_deletion",
};

/** The type's message, and the number a newer server sent for one we do not know. */
export function kindText(kind: SendKind): { key: MessageKey; value?: number } {
  if (kind === "text") return { key: "sends.type.text" };
  if (kind === "file") return { key: "sends.type.file" };
  return { key: "sends.type.unknown", value: kind.unknown };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A time as a `datetime-local` value in this computer's time zone, to the minute. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as the core's ISO 8601 UTC, or null when empty or not a date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** What the Send dialog edits. */
export interface SendDraft {
  kind: "text" | "file";
  name: string;
  text: string;
  hidden: boolean;
  notes: string;
  /** 1 (one-time) by default; null or undefined (a cleared field): no limit. */
  maxAccessCount: number | null | undefined;
  /** `datetime-local` values. */
  deletion: string;
  expiration: string;
  password: string;
  hideEmail: boolean;
  disabled: boolean;
}

/** A new Send: one-time text, deleted in 7 days; or a copy of the Send being edited. */
export function draftOf(send: SendView | null, now: number): SendDraft {
  if (!send) {
    return {
      kind: "text",
      name: "",
      text: "",
      hidden: false,
      notes: "",
      maxAccessCount: 1,
      deletion: toLocalInput(now + SEND_DEFAULT_DAYS * DAY_MS),
      expiration: "",
      password: "",
      hideEmail: false,
      disabled: false,
    };
  }
  return {
    kind: send.type === "file" ? "file" : "text",
    name: send.name ?? "",
    text: send.text ?? "",
    hidden: send.hidden,
    notes: send.notes ?? "",
    maxAccessCount: send.maxAccessCount,
    deletion: toLocalInput(Date.parse(send.deletionDate)),
    expiration: send.expirationDate ? toLocalInput(Date.parse(send.expirationDate)) : "",
    password: "",
    hideEmail: send.hideEmail,
    disabled: send.disabled,
  };
}

/** Why the draft cannot be sent yet (our own check; the core checks the dates), or null. */
export function draftProblem(draft: SendDraft, creating: boolean, hasFile: boolean): MessageKey | null {
  if (draft.name.trim() === "") return "sends.dialog.nameRequired";
  if (creating && draft.kind === "text" && draft.text === "") return "sends.dialog.textRequired";
  if (creating && draft.kind === "file" && !hasFile) return "sends.dialog.fileRequired";
  const max = draft.maxAccessCount;
  if (max !== null && max !== undefined && (!Number.isInteger(max) || max < 1)) return "sends.dialog.badAccess";
  if (fromLocalInput(draft.deletion) === null) return "sends.dialog.deletionRequired";
  return null;
}

/**
 * The input the core takes. Editing sends the text only when it changed (none
 * keeps it) and a password only when one is typed (none keeps it).
 */
export function inputOf(
  draft: SendDraft,
  send: SendView | null,
  file: { fileName: string; data: string } | null,
): SendInput {
  const textSend = draft.kind === "text";
  const text = textSend && (!send || draft.text !== (send.text ?? "")) ? draft.text : null;
  return {
    sendId: send?.id ?? null,
    name: draft.name.trim(),
    notes: draft.notes.trim() === "" ? null : draft.notes,
    text,
    hidden: textSend && draft.hidden,
    file: send || textSend ? null : file,
    maxAccessCount: draft.maxAccessCount ?? null,
    expirationDate: fromLocalInput(draft.expiration),
    deletionDate: fromLocalInput(draft.deletion),
    password: draft.password === "" ? null : draft.password,
    hideEmail: draft.hideEmail,
    disabled: draft.disabled,
  };
}

/** A file's content as base64 (what the core takes), read in the webview. */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error("unreadable"));
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      const comma = url.indexOf(",");
      resolve(comma < 0 ? "" : url.slice(comma + 1));
    };
    reader.readAsDataURL(file);
  });
}
