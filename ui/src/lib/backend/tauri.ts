// The real backend: the generated tauri-specta commands over Tauri IPC.
import { commands } from "./bindings";
import {
  toBackendError,
  type AppInfo,
  type Backend,
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
}
