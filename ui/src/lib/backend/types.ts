// The UI's view of the backend: an interface the components talk to, with the
// Tauri implementation (tauri.ts) and an in-memory fake (fake.ts) behind it.
// Types come from the generated bindings so Rust stays the single source.
import type { AppInfo, ErrorCode, commands } from "./bindings";

export type { AppError, AppInfo, BuildKind, ErrorCode, Language } from "./bindings";

/** The `data` of a generated command's successful result. */
type OkOf<F> = F extends (...args: never[]) => Promise<infer R>
  ? R extends { status: "ok"; data: infer T }
    ? T
    : never
  : never;

// Serde may give a type two TypeScript shapes (what Rust sends vs. what it
// accepts); take each from the command that uses it instead of a generated name.
/** The preferences as the core reports them (`language: null` = follow the OS). */
export type Preferences = OkOf<typeof commands.getPreferences>;
/** The preferences as the core accepts them. */
export type PreferencesInput = Parameters<typeof commands.setPreferences>[0];

export interface Backend {
  /** Version, data and log directories, build kind. Fails when the core could not start. */
  appInfo(): Promise<AppInfo>;
  getPreferences(): Promise<Preferences>;
  setPreferences(prefs: PreferencesInput): Promise<void>;
}

/**
 * Every backend failure, with the closed `code` the UI branches on and the
 * backend's message (shown as text, never as HTML).
 */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

/** The closed list from ARCHITECTURE.md "Errors"; kept as a value for runtime checks. */
export const ERROR_CODES: readonly ErrorCode[] = [
  "offline",
  "locked",
  "auth_expired",
  "two_factor_required",
  "new_device_otp_required",
  "rate_limited",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_input",
  "server_error",
  "cache_incompatible",
  "internal",
];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns whatever a failed call produced into a BackendError. A well-formed
 * `{code, message}` keeps its code; anything else (the ACL refusing a command
 * rejects with a bare string, a broken IPC bridge throws an Error) is `internal`.
 */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code)) {
      return new BackendError(code, typeof message === "string" ? message : String(message ?? ""));
    }
    if (error instanceof Error) return new BackendError("internal", error.message);
    try {
      return new BackendError("internal", JSON.stringify(error));
    } catch {
      return new BackendError("internal", String(error));
    }
  }
  return new BackendError("internal", String(error));
}
