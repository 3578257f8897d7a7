// An in-memory backend for component tests and browser runs without Rust
// (VITE_BACKEND=fake). Each method can be made to fail with a given error.
import {
  BackendError,
  type AppError,
  type AppInfo,
  type Backend,
  type Preferences,
  type PreferencesInput,
} from "./types";

export const FAKE_APP_INFO: AppInfo = {
  version: "0.1.0",
  dataDir: "/home/tech/.local/share/provider-desk-dev",
  logDir: "/home/tech/.local/share/provider-desk-dev/logs",
  buildKind: "debug",
};

export interface FakeBackendOptions {
  appInfo?: AppInfo;
  preferences?: Preferences;
  /** Makes the named method fail with this error. */
  fail?: Partial<Record<keyof Backend, AppError>>;
  /** Milliseconds each call waits before answering (to see loading states). */
  delayMs?: number;
}

export class FakeBackend implements Backend {
  appInfoValue: AppInfo;
  preferences: Preferences;
  fail: Partial<Record<keyof Backend, AppError>>;
  delayMs: number;
  /** Every call made, in order, for assertions. */
  readonly calls: { method: keyof Backend; args: unknown[] }[] = [];

  constructor(options: FakeBackendOptions = {}) {
    this.appInfoValue = options.appInfo ?? { ...FAKE_APP_INFO };
    this.preferences = options.preferences ?? { language: null };
    this.fail = options.fail ?? {};
    this.delayMs = options.delayMs ?? 0;
  }

  private async answer<T>(method: keyof Backend, args: unknown[], value: () => T): Promise<T> {
    this.calls.push({ method, args });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.fail[method];
    if (failure) throw new BackendError(failure.code, failure.message);
    return value();
  }

  appInfo(): Promise<AppInfo> {
    return this.answer("appInfo", [], () => ({ ...this.appInfoValue }));
  }

  getPreferences(): Promise<Preferences> {
    return this.answer("getPreferences", [], () => ({ ...this.preferences }));
  }

  setPreferences(prefs: PreferencesInput): Promise<void> {
    return this.answer("setPreferences", [prefs], () => {
      this.preferences = { language: prefs.language ?? null };
    });
  }
}
