// The UI's view of the backend: an interface the components talk to, with the
// Tauri implementation (tauri.ts) and an in-memory fake (fake.ts) behind it.
// Types come from the generated bindings so Rust stays the single source.
import type {
  AccountSummary,
  AppInfo,
  ClientOverview_Serialize,
  ClientView_Serialize,
  Dashboard_Serialize,
  DemoCredentials,
  ErrorCode,
  ItemView_Serialize,
  LoginOutcome_Serialize,
  MemberCountsView,
  MemberView_Serialize,
  NewClientInput,
  Seats_Serialize,
  ServerChoice,
  SessionState_Serialize,
  SignInInput_Deserialize,
  StaleClient_Serialize,
  SyncEvent_Serialize,
  SyncProgress_Serialize,
  SyncSummary,
  TwoFactorChoice,
  UpdateClientInput_Deserialize,
  commands,
} from "./bindings";

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

// A compile-time check that our stricter SignInInput is what the command takes.
type Assignable<T, U extends T> = U;
export type _SignInInputFits = Assignable<SignInInput_Deserialize, SignInInput>;

// ---------------------------------------------------------------------------
// The portal's data, as the Rust core sends it (the `_Serialize` shapes) or
// accepts it. Components import these names from "$lib/backend".
export type {
  AccountSummary,
  ClientPlan,
  ClientSyncError,
  DemoCredentials,
  LastSync,
  NewClientInput,
  SeatLevel,
  SeatTotals,
  SeatUse,
  ServerChoice,
  SessionStatus,
  SyncSummary,
} from "./bindings";
/** A rename sends `assignedSeats: null` and the core keeps the seats it knows. */
export type UpdateClientInput = UpdateClientInput_Deserialize;
export type TwoFactorMethod = TwoFactorChoice;
export type MemberCounts = MemberCountsView;
export type ClientView = ClientView_Serialize;
export type ClientOverview = ClientOverview_Serialize;
export type Dashboard = Dashboard_Serialize;
export type ItemView = ItemView_Serialize;
export type MemberView = MemberView_Serialize;
export type Seats = Seats_Serialize;
export type SessionState = SessionState_Serialize;
export type StaleClient = StaleClient_Serialize;
export type SyncEvent = SyncEvent_Serialize;
export type SyncProgress = SyncProgress_Serialize;
export type LoginOutcome = LoginOutcome_Serialize;

/** One sign-in step's input; the password crosses IPC to the Rust core only. */
export type SignInInput = {
  server: ServerChoice;
  email: string;
  password: string;
  twoFactor: { method: TwoFactorMethod; code: string; remember: boolean } | null;
  newDeviceCode: string | null;
  apiKey: { clientId: string; clientSecret: string } | null;
};

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
