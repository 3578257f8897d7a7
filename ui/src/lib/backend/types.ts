// The UI's view of the backend: an interface the components talk to, with the
// Tauri implementation (tauri.ts) and an in-memory fake (fake.ts) behind it.
// Types come from the generated bindings so Rust stays the single source.
import type { AppError, AppInfo, ErrorCode, commands } from "./bindings";

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

// ---------------------------------------------------------------------------
// The portal's data. These mirror the Rust types in desk-core / src-tauri and
// will be re-exported from the generated bindings once the commands exist; a
// test then keeps them identical. Components import them from "$lib/backend".

/** Where the account lives. `demo` is the sandbox built into the app. */
export type { ServerChoice } from "./bindings";
import type { ServerChoice } from "./bindings";

export type TwoFactorMethod = "authenticator" | "email";

export type SignInInput = {
  server: ServerChoice;
  email: string;
  /** Crosses IPC to the Rust core only; never stored or logged. */
  password: string;
  twoFactor: { method: TwoFactorMethod; code: string; remember: boolean } | null;
  newDeviceCode: string | null;
  apiKey: { clientId: string; clientSecret: string } | null;
};

/** `server` is "demo", "https://vault.bitwarden.com", "https://vault.bitwarden.eu" or a self-hosted URL. */
export type AccountSummary = { id: string; server: string; email: string };

export type LoginOutcome =
  | { kind: "signed_in"; account: AccountSummary }
  | { kind: "two_factor_required"; methods: string[]; emailHint: string | null }
  | { kind: "new_device_otp_required" };

export type SessionStatus = "signed_out" | "locked" | "unlocked";

export type LastSync = {
  /** ISO 8601. */
  finishedAt: string;
  /** "success", "partial", "failed" or "cancelled". */
  outcome: string;
  errors: number;
};

export type SyncProgress = { done: number; total: number; current: string | null; errors: number };

export type SessionState = {
  status: SessionStatus;
  /** The signed-in (locked or unlocked) account. */
  account: AccountSummary | null;
  /** Every account with a snapshot on this machine. */
  accounts: AccountSummary[];
  /** Whether the server answered the last request; null before any request. */
  online: boolean | null;
  lastSync: LastSync | null;
  /** Set while a sync runs. */
  sync: SyncProgress | null;
};

export type DemoCredentials = { email: string; serviceUserEmail: string; password: string };

export type Seats = { assigned: number | null; used: number | null; remaining: number | null };

export type ClientView = {
  /** Provider-organization id (organization id for direct orgs). */
  id: string;
  /** The key every command takes. */
  organizationId: string;
  /** As the server sent it: untrusted text. */
  name: string;
  plan: string | null;
  seats: Seats;
  /** "provider" or "direct". */
  source: string;
  /** "synced", "error" (older data kept) or "never_synced". */
  status: string;
  /** ISO 8601; when the details were last synced. */
  syncedAt: string | null;
  /** ISO 8601; when the client list last contained it (seats are as of this). */
  listedAt: string;
  lastError: string | null;
};

export type SeatUse = {
  organizationId: string;
  name: string;
  assigned: number;
  used: number;
  /** used / assigned × 100, rounded to one decimal. */
  percent: number;
};

export type StaleClient = { organizationId: string; name: string; syncedAt: string | null };

export type Dashboard = {
  totals: { clients: number; assigned: number; used: number; remaining: number };
  /** Top 20 provider clients by seat use %, highest first. */
  seatUse: SeatUse[];
  /** Clients at ≥ 90 % of their assigned seats. */
  nearlyFull: SeatUse[];
  /** Clients not synced for more than 7 days (or never). */
  stale: StaleClient[];
  /** ISO 8601: the oldest client-list time, i.e. what the totals are "as of". */
  asOf: string | null;
};

export type MemberCounts = {
  total: number;
  invited: number;
  accepted: number;
  confirmed: number;
  revoked: number;
};

export type ClientOverview = {
  client: ClientView;
  members: MemberCounts;
  items: number;
  collections: number;
  groups: number;
  policies: number;
  events: number;
};

export type MemberView = {
  id: string;
  userId: string | null;
  email: string | null;
  name: string | null;
  role: string;
  status: string;
  twoFactorEnabled: boolean;
  recoveryEnrolled: boolean;
};

export type ItemView = {
  id: string;
  type: string;
  name: string | null;
  username: string | null;
  uris: string[];
  password: string | null;
  error: string | null;
};

export type ClientPlan = "teams" | "enterprise";
export type NewClientInput = { name: string; ownerEmail: string; seats: number; plan: ClientPlan };
export type UpdateClientInput = { organizationId: string; name: string; assignedSeats: number };

export type ClientSyncError = { organizationId: string; name: string; code: string; message: string };

export type SyncSummary = {
  outcome: string;
  clients: number;
  members: number;
  items: number;
  events: number;
  requests: number;
  throttled: number;
  durationMs: number;
  errors: ClientSyncError[];
};

export type SyncEvent =
  | { kind: "started"; total: number }
  | { kind: "progress"; progress: SyncProgress }
  | { kind: "finished"; summary: SyncSummary }
  | { kind: "failed"; error: AppError };

export type Unsubscribe = () => void;

export interface Backend {
  /** Version, data and log directories, build kind. Fails when the core could not start. */
  appInfo(): Promise<AppInfo>;
  getPreferences(): Promise<Preferences>;
  setPreferences(prefs: PreferencesInput): Promise<void>;

  /** Signed out / locked / unlocked, connectivity, last sync. */
  sessionState(): Promise<SessionState>;
  /** The built-in demo sandbox's public credentials (shown on the sign-in screen). */
  demoCredentials(): Promise<DemoCredentials>;
  /** One sign-in step; call again with the code for two-step or new-device steps. */
  signIn(input: SignInInput): Promise<LoginOutcome>;
  /** Asks the server to email a two-step code (uses server, email and password). */
  sendLoginEmail(input: SignInInput): Promise<void>;
  /** Asks the server to email a new new-device code. */
  resendDeviceCode(input: SignInInput): Promise<void>;
  /** Unlocks with the master password; works offline. */
  unlock(accountId: string, password: string): Promise<AccountSummary>;
  lock(): Promise<void>;
  /** Forgets the tokens; with deleteSnapshot also the offline data. */
  logout(deleteSnapshot: boolean): Promise<void>;
  /** User activity (restarts the auto-lock timer). */
  touch(): Promise<void>;

  /** Every client and directly administered org in the snapshot (offline too). */
  clients(): Promise<ClientView[]>;
  dashboard(): Promise<Dashboard>;
  clientOverview(organizationId: string): Promise<ClientOverview>;
  members(organizationId: string): Promise<MemberView[]>;
  items(organizationId: string): Promise<ItemView[]>;
  /** Creates a client (key material made in Rust) and returns the refreshed list. */
  createClient(input: NewClientInput): Promise<ClientView[]>;
  /** Changes a client's name and assigned seats; returns the refreshed list. */
  updateClient(input: UpdateClientInput): Promise<ClientView[]>;

  /** Syncs everything (or only these organizations); progress arrives as SyncEvents. */
  startSync(only: string[] | null): Promise<SyncSummary>;
  cancelSync(): Promise<void>;
  /** Sync progress from any sync (on demand, on sign-in, on the timer). */
  onSyncEvent(handler: (event: SyncEvent) => void): Promise<Unsubscribe>;
  /** The session changed without the UI asking (auto-lock, background sync, connectivity). */
  onSessionChanged(handler: (state: SessionState) => void): Promise<Unsubscribe>;
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
