// The session as the whole UI sees it: signed out / locked / unlocked, online
// or not, the running sync's progress and the last sync. One instance lives in
// context (AppRoot sets it); pages read it to disable server actions offline
// and reload their data when `dataVersion` changes after a sync or a write.
import { getContext, setContext } from "svelte";
import {
  toBackendError,
  type AccountSummary,
  type Backend,
  type BackendError,
  type ClientSyncError,
  type SessionState,
  type SessionStatus,
  type SyncEvent,
  type SyncProgress,
  type SyncSummary,
  type Unsubscribe,
} from "$lib/backend";

const SESSION = Symbol("session");

/** Activity is reported at most this often: the core's auto-lock counts minutes. */
export const TOUCH_INTERVAL_MS = 30_000;

export class Session {
  state = $state<SessionState | null>(null);
  /** Progress of the running sync, null when none runs. */
  syncing = $state<SyncProgress | null>(null);
  /** The last finished sync's summary in this run of the app. */
  lastSummary = $state<SyncSummary | null>(null);
  /** Bumped whenever snapshot data may have changed (sync finished, client created…). */
  dataVersion = $state(0);
  /**
   * Clients whose last sync failed. A sync of a few clients (a retry) replaces
   * only their entries, so one retry does not hide the other failures.
   */
  syncErrors = $state<ClientSyncError[]>([]);
  /** Why the last sync could not run or stopped as a whole; null after a sync that finished. */
  syncFailure = $state<BackendError | null>(null);
  /** Set between asking for a cancel and the sync's end. */
  cancelling = $state(false);

  /** The clock for the touch throttle; tests replace it. */
  now: () => number = () => Date.now();
  private lastTouch = Number.NEGATIVE_INFINITY;
  // The scope asked for by sync(), taken over by the next "started" event so
  // that its "finished" event knows which clients' errors it replaces.
  private requestedScope: string[] | null = null;
  private runScope: string[] | null = null;

  constructor(readonly backend: Backend) {}

  get status(): SessionStatus | null {
    return this.state?.status ?? null;
  }

  get account(): AccountSummary | null {
    return this.state?.account ?? null;
  }

  /** The account the lock screen unlocks: the session's, else the first one on this computer. */
  get unlockAccount(): AccountSummary | null {
    return this.state?.account ?? this.state?.accounts[0] ?? null;
  }

  get online(): boolean | null {
    return this.state?.online ?? null;
  }

  /** True when actions that need the server should be disabled. */
  get offline(): boolean {
    return this.state?.online === false;
  }

  async refresh(): Promise<void> {
    this.apply(await this.backend.sessionState());
  }

  /** Data changed outside a sync (e.g. after logging out): pages reload. */
  changed(): void {
    this.dataVersion += 1;
  }

  /**
   * Listens to the core's pushes (auto-lock, connectivity, every sync's
   * progress). Call before the first refresh so nothing is missed.
   */
  async listen(): Promise<Unsubscribe> {
    const [offSession, offSync] = await Promise.all([
      this.backend.onSessionChanged((state) => this.apply(state)),
      this.backend.onSyncEvent((event) => this.onSyncEvent(event)),
    ]);
    return () => {
      offSession();
      offSync();
    };
  }

  private apply(state: SessionState): void {
    this.state = state;
    if (state.status !== "unlocked") {
      // Locking or signing out ends any sync on the core's side.
      this.syncing = null;
      this.cancelling = false;
    } else if (state.sync && !this.syncing) {
      // A timer sync was already running when this window learned the state.
      this.syncing = state.sync;
    }
  }

  private onSyncEvent(event: SyncEvent): void {
    switch (event.kind) {
      case "started":
        this.runScope = this.requestedScope;
        this.requestedScope = null;
        this.syncFailure = null;
        // The total arrives with the first progress, once the client list is in.
        this.syncing = { done: 0, total: 0, current: null, errors: 0 };
        break;
      case "progress":
        this.syncing = event.progress;
        break;
      case "finished": {
        const scope = this.runScope;
        this.syncErrors = scope
          ? [...this.syncErrors.filter((e) => !scope.includes(e.organizationId)), ...event.summary.errors]
          : event.summary.errors;
        this.lastSummary = event.summary;
        this.endSync();
        this.changed();
        break;
      }
      case "failed":
        this.syncFailure = toBackendError(event.error);
        this.endSync();
        break;
    }
  }

  private endSync(): void {
    this.syncing = null;
    this.cancelling = false;
    this.runScope = null;
    // The last sync time and connectivity live in the state.
    void this.refresh().catch(() => undefined);
  }

  /**
   * Syncs everything, or only these organizations. Progress and the result
   * arrive as events; this only records why a sync could not run.
   */
  async sync(only: string[] | null = null): Promise<void> {
    this.requestedScope = only;
    this.syncFailure = null;
    try {
      await this.backend.startSync(only);
    } catch (error) {
      const failure = toBackendError(error);
      this.requestedScope = null;
      // A sync already runs (e.g. the timer's): its progress is on screen.
      if (failure.code === "conflict") return;
      this.syncFailure = failure;
      this.syncing = null;
      await this.refresh().catch(() => undefined);
    }
  }

  async cancelSync(): Promise<void> {
    if (!this.syncing) return;
    this.cancelling = true;
    try {
      await this.backend.cancelSync();
    } catch (error) {
      this.cancelling = false;
      throw toBackendError(error);
    }
  }

  /** After a successful sign-in: learn the new state, then sync on sign-in. */
  async signedIn(): Promise<void> {
    this.lastSummary = null;
    this.syncErrors = [];
    this.syncFailure = null;
    await this.refresh();
    void this.sync(null);
  }

  async lock(): Promise<void> {
    await this.backend.lock();
    await this.refresh();
  }

  async unlock(password: string): Promise<void> {
    const account = this.unlockAccount;
    if (!account) throw toBackendError({ code: "not_found", message: "No signed-in account on this computer." });
    await this.backend.unlock(account.id, password);
    await this.refresh();
  }

  async logout(deleteSnapshot: boolean): Promise<void> {
    await this.backend.logout(deleteSnapshot);
    this.lastSummary = null;
    this.syncErrors = [];
    this.syncFailure = null;
    await this.refresh();
    this.changed();
  }

  /** User activity: restarts the core's auto-lock timer, at most once per TOUCH_INTERVAL_MS. */
  touch(): void {
    if (this.status !== "unlocked") return;
    const now = this.now();
    if (now - this.lastTouch < TOUCH_INTERVAL_MS) return;
    this.lastTouch = now;
    // Losing one activity report only makes auto-lock come a little early.
    this.backend.touch().catch(() => undefined);
  }
}

export function setSession(session: Session): Session {
  return setContext(SESSION, session);
}

export function getSession(): Session {
  const session = getContext<Session | undefined>(SESSION);
  if (!session) throw new Error("No session in context: AppRoot sets it");
  return session;
}
