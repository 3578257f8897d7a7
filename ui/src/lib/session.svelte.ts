// The session as the whole UI sees it: signed out / locked / unlocked, online
// or not, the running sync's progress and the last sync. One instance lives in
// context (AppRoot sets it); pages read it to disable server actions offline
// and reload their data when `dataVersion` changes after a sync or a write.
import { getContext, setContext } from "svelte";
import type { Backend, SessionState, SyncProgress, SyncSummary } from "$lib/backend";

const SESSION = Symbol("session");

export class Session {
  state = $state<SessionState | null>(null);
  /** Progress of the running sync, null when none runs. */
  syncing = $state<SyncProgress | null>(null);
  /** The last finished sync's summary in this run of the app. */
  lastSummary = $state<SyncSummary | null>(null);
  /** Bumped whenever snapshot data may have changed (sync finished, client created…). */
  dataVersion = $state(0);

  constructor(readonly backend: Backend) {}

  get online(): boolean | null {
    return this.state?.online ?? null;
  }

  /** True when actions that need the server should be disabled. */
  get offline(): boolean {
    return this.state?.online === false;
  }

  async refresh(): Promise<void> {
    this.state = await this.backend.sessionState();
  }

  /** Data changed outside a sync (e.g. a client was created): pages reload. */
  changed(): void {
    this.dataVersion += 1;
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
