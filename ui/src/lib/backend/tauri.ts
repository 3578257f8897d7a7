// The real backend: the generated tauri-specta commands over Tauri IPC.
import { commands } from "./bindings";
import {
  toBackendError,
  type AccountSummary,
  type AppInfo,
  type Backend,
  type ClientOverview,
  type ClientView,
  type Dashboard,
  type DemoCredentials,
  type ItemView,
  type LoginOutcome,
  type MemberView,
  type NewClientInput,
  type SessionState,
  type SignInInput,
  type SyncEvent,
  type SyncSummary,
  type Unsubscribe,
  type UpdateClientInput,
  type Preferences,
  type PreferencesInput,
} from "./types";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

/**
 * Unwraps a generated command's result. The generated wrapper turns any
 * rejection that is not an Error into `{status: "error"}` — including the
 * ACL's bare-string refusal — so the error's shape is checked, not trusted.
 */
async function call<T>(run: () => Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await run();
  } catch (error) {
    // The wrapper rethrows real Errors (e.g. no IPC bridge at all).
    throw toBackendError(error);
  }
  if (outcome.status === "error") throw toBackendError(outcome.error);
  return outcome.data;
}

export class TauriBackend implements Backend {
  appInfo(): Promise<AppInfo> {
    return call(() => commands.appInfo());
  }

  getPreferences(): Promise<Preferences> {
    return call(() => commands.getPreferences());
  }

  async setPreferences(prefs: PreferencesInput): Promise<void> {
    await call(() => commands.setPreferences(prefs));
  }

  // TEMPORARY until the Rust commands land in this change: every portal call
  // answers `internal`, so nothing pretends to work.
  private pending = <T>(): Promise<T> => Promise.reject(toBackendError(new Error("not wired to the core yet")));
  sessionState = () => this.pending<SessionState>();
  demoCredentials = () => this.pending<DemoCredentials>();
  signIn = (_: SignInInput) => this.pending<LoginOutcome>();
  sendLoginEmail = (_: SignInInput) => this.pending<void>();
  resendDeviceCode = (_: SignInInput) => this.pending<void>();
  unlock = (_a: string, _p: string) => this.pending<AccountSummary>();
  lock = () => this.pending<void>();
  logout = (_: boolean) => this.pending<void>();
  touch = () => this.pending<void>();
  clients = () => this.pending<ClientView[]>();
  dashboard = () => this.pending<Dashboard>();
  clientOverview = (_: string) => this.pending<ClientOverview>();
  members = (_: string) => this.pending<MemberView[]>();
  items = (_: string) => this.pending<ItemView[]>();
  createClient = (_: NewClientInput) => this.pending<ClientView[]>();
  updateClient = (_: UpdateClientInput) => this.pending<ClientView[]>();
  startSync = (_: string[] | null) => this.pending<SyncSummary>();
  cancelSync = () => this.pending<void>();
  onSyncEvent = async (_: (e: SyncEvent) => void): Promise<Unsubscribe> => () => undefined;
  onSessionChanged = async (_: (s: SessionState) => void): Promise<Unsubscribe> => () => undefined;
}
