// The real backend: the generated tauri-specta commands and events over Tauri IPC.
import { commands, events } from "./bindings";
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
  type Preferences,
  type PreferencesInput,
  type SessionState,
  type SignInInput,
  type SyncEvent,
  type SyncSummary,
  type Unsubscribe,
  type UpdateClientInput,
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

/** Commands that cannot fail return their value directly; failures are still mapped. */
async function plain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toBackendError(error);
  }
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

  sessionState(): Promise<SessionState> {
    return call(() => commands.sessionState());
  }

  demoCredentials(): Promise<DemoCredentials> {
    return plain(() => commands.demoCredentials());
  }

  signIn(input: SignInInput): Promise<LoginOutcome> {
    return call(() => commands.signIn(input));
  }

  async sendLoginEmail(input: SignInInput): Promise<void> {
    await call(() => commands.sendLoginEmail(input));
  }

  async resendDeviceCode(input: SignInInput): Promise<void> {
    await call(() => commands.resendDeviceCode(input));
  }

  unlock(accountId: string, password: string): Promise<AccountSummary> {
    return call(() => commands.unlock(accountId, password));
  }

  async lock(): Promise<void> {
    await call(() => commands.lock());
  }

  async logout(deleteSnapshot: boolean): Promise<void> {
    await call(() => commands.logout(deleteSnapshot));
  }

  async touch(): Promise<void> {
    await call(() => commands.touch());
  }

  clients(): Promise<ClientView[]> {
    return call(() => commands.clients());
  }

  dashboard(): Promise<Dashboard> {
    return call(() => commands.dashboard());
  }

  clientOverview(organizationId: string): Promise<ClientOverview> {
    return call(() => commands.clientOverview(organizationId));
  }

  members(organizationId: string): Promise<MemberView[]> {
    return call(() => commands.members(organizationId));
  }

  items(organizationId: string): Promise<ItemView[]> {
    return call(() => commands.items(organizationId));
  }

  createClient(input: NewClientInput): Promise<ClientView[]> {
    return call(() => commands.createClient(input));
  }

  updateClient(input: UpdateClientInput): Promise<ClientView[]> {
    return call(() => commands.updateClient(input));
  }

  startSync(only: string[] | null): Promise<SyncSummary> {
    return call(() => commands.startSync(only));
  }

  cancelSync(): Promise<void> {
    return plain(() => commands.cancelSync());
  }

  onSyncEvent(handler: (event: SyncEvent) => void): Promise<Unsubscribe> {
    return plain(() => events.syncEvent.listen((event) => handler(event.payload)));
  }

  onSessionChanged(handler: (state: SessionState) => void): Promise<Unsubscribe> {
    return plain(() => events.sessionChanged.listen((event) => handler(event.payload)));
  }
}
