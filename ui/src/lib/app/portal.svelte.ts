// What the portal's screens share while the frame is open: the client list
// (one load serves the clients page, the palette and the recent list), the
// recent clients, and the session. The frame creates it; pages read it.
import { getContext, setContext } from "svelte";
import { toBackendError, type Backend, type BackendError, type ClientView } from "$lib/backend";
import type { Session } from "$lib/session/session.svelte";

const PORTAL = Symbol("portal");
const RECENT_LIMIT = 5;

export class Portal {
  clients = $state.raw<ClientView[] | null>(null);
  error = $state.raw<BackendError | null>(null);
  /** Organization ids, newest first. */
  recent = $state.raw<string[]>([]);
  private loading: Promise<void> | null = null;

  constructor(
    readonly backend: Backend,
    readonly session: Session,
  ) {}

  /** The client with this organization id, if the list has it. */
  client(organizationId: string): ClientView | undefined {
    return this.clients?.find((c) => c.organizationId === organizationId);
  }

  load(): Promise<void> {
    // Calls made while one is in flight share it.
    this.loading ??= this.backend
      .clients()
      .then(
        (list) => {
          this.clients = list;
          this.error = null;
        },
        (error) => {
          this.error = toBackendError(error);
        },
      )
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /**
   * A write returned the refreshed list: show it. No data-version bump: the
   * frame would only fetch the same list again, and the pages that reload on
   * it (dashboard, Admin Console) load afresh when opened.
   */
  replace(list: ClientView[]): void {
    this.clients = list;
    this.error = null;
  }

  async loadRecent(): Promise<void> {
    try {
      this.recent = (await this.backend.getPreferences()).recentClients.slice(0, RECENT_LIMIT);
    } catch {
      // Without the preferences the list simply starts empty.
    }
  }

  /** Puts a client first in the recent list and stores it (the whole preferences object, re-read first). */
  async recordRecent(organizationId: string): Promise<void> {
    const next = (ids: string[]) => [organizationId, ...ids.filter((id) => id !== organizationId)].slice(0, RECENT_LIMIT);
    this.recent = next(this.recent);
    try {
      const prefs = await this.backend.getPreferences();
      await this.backend.setPreferences({ ...prefs, recentClients: next(prefs.recentClients) });
    } catch {
      // Remembering recent clients is a convenience; the visit itself went fine.
    }
  }
}

export function setPortal(portal: Portal): Portal {
  return setContext(PORTAL, portal);
}

export function getPortal(): Portal {
  const portal = getContext<Portal | undefined>(PORTAL);
  if (!portal) throw new Error("No portal in context: PortalFrame sets it");
  return portal;
}
